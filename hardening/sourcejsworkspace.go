package hardening

import (
	"path"
	"slices"
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/tree"
)

// Bare imports of the project's own modules. A monorepo's modules import
// one another's packages by name (mcp-chrome's native server imports
// TOOL_SCHEMAS from "chrome-mcp-shared", the package in packages/shared),
// and a TypeScript project may name its own files through a tsconfig path
// alias ("@/…" for src/…): such an import is an edge to the module it
// names, as a relative import is to its file, so a server reaches the
// tools defined there.

// jsWorkspaces maps the names of the project's own npm packages (each
// package.json's name) to the files their entry module may be: the
// source beside the manifest's main, module or types (dist/index.js is
// src/index.ts), src/index and index.
func jsWorkspaces(idx *project.Index) map[string][]string {
	out := map[string][]string{}
	for _, f := range idx.Files(project.NpmManifest) {
		doc := idx.Doc(f.Path)
		if doc == nil || doc.Root() == nil {
			continue
		}
		root := doc.Root()
		name := root.Str("name")
		if name == "" {
			continue
		}
		specs := []string{"./src/index", "./index"}
		for _, k := range []string{"main", "module", "types", "source"} {
			if v := root.Str(k); v != "" && !strings.HasPrefix(v, "/") {
				v = strings.TrimSuffix(strings.TrimSuffix(v, ".d.ts"), path.Ext(v))
				specs = append(specs, "./"+path.Clean(v), "./"+path.Join("src", strings.TrimPrefix(path.Clean(v), "dist/")))
			}
		}
		var files []string
		for _, s := range specs {
			files = append(files, jsSpecFiles(s, path.Join(path.Dir(f.Path), "package.json"))...)
		}
		slices.Sort(files)
		out[name] = slices.Compact(files)
	}
	return out
}

// jsAlias is a tsconfig.json path mapping ("@/*": ["src/*"]): a
// specifier starting with prefix (all of it when not wild) names the file
// the target names, relative to dir (the tsconfig's directory and its
// baseUrl).
type jsAlias struct {
	dir, prefix, target string
	wild                bool
}

// jsAliases reads the compilerOptions.paths of the project's tsconfig.json
// and jsconfig.json files (cyanheads' git-mcp-server imports
// "@/mcp-server/tools/definitions/index.js" for src/…).
func jsAliases(idx *project.Index) []jsAlias {
	var out []jsAlias
	for _, f := range idx.Files(project.JSON) {
		if b := path.Base(f.Path); b != "tsconfig.json" && b != "jsconfig.json" {
			continue
		}
		doc := idx.Doc(f.Path)
		if doc == nil || doc.Root() == nil {
			continue
		}
		opts := doc.Root().Get("compilerOptions")
		paths := opts.Get("paths")
		if paths == nil {
			continue
		}
		dir := path.Join(path.Dir(f.Path), opts.Str("baseUrl"))
		for _, m := range paths.Members {
			if m.Value == nil || len(m.Value.Items) == 0 || m.Value.Items[0].Kind != tree.String {
				continue
			}
			prefix, wild := strings.CutSuffix(m.Key, "*")
			target, _ := strings.CutSuffix(m.Value.Items[0].Text, "*")
			out = append(out, jsAlias{dir: dir, prefix: prefix, target: target, wild: wild})
		}
	}
	return out
}

// resolve lists the files spec, imported in file, may name through the
// alias; nil when the alias does not apply.
func (a jsAlias) resolve(spec, file string) []string {
	if a.dir != "." && !strings.HasPrefix(file, a.dir+"/") {
		return nil
	}
	rest, ok := strings.CutPrefix(spec, a.prefix)
	if !ok || !a.wild && rest != "" {
		return nil
	}
	return jsSpecFiles("./"+path.Join(a.target, rest), path.Join(a.dir, "x"))
}

// packageName is the package a bare specifier names: its first part, or
// its first two for a scope ("@scope/pkg/sub" is @scope/pkg).
func packageName(spec string) string {
	parts := strings.SplitN(spec, "/", 3)
	if strings.HasPrefix(spec, "@") && len(parts) > 1 {
		return parts[0] + "/" + parts[1]
	}
	return parts[0]
}

// bareFiles lists the project files a bare specifier in file may name: by
// a path alias of a tsconfig above it, else as a package of the
// repository.
func (jp *jsProject) bareFiles(spec, file string) []string {
	for _, a := range jp.aliases {
		if fs := a.resolve(spec, file); fs != nil {
			return fs
		}
	}
	return jp.workspaces[packageName(spec)]
}
