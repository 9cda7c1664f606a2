package hardening

import (
	"path"
	"slices"
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/syntax"
)

// Workspace packages. A monorepo's modules import one another's packages
// by name (mcp-chrome's native server imports TOOL_SCHEMAS from
// "chrome-mcp-shared", the package in packages/shared): such an import
// is an edge to the package's entry module, as a relative import is to
// its file, so a server reaches the tools another package of the
// repository defines.

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

// jsPackageImports lists the package names a file imports by a bare
// specifier ("chrome-mcp-shared", "@scope/pkg/sub" is @scope/pkg).
func jsPackageImports(f *syntax.File) []string {
	var out []string
	for i := range f.Tokens {
		if !f.Is(i, syntax.String, "") || !f.Is(i-1, syntax.Name, "from") &&
			!(f.Is(i-1, syntax.Punct, "(") && (f.Is(i-2, syntax.Name, "require") || f.Is(i-2, syntax.Name, "import"))) {
			continue
		}
		spec := f.Tokens[i].Text
		if spec == "" || strings.HasPrefix(spec, ".") || strings.HasPrefix(spec, "/") || strings.Contains(spec, ":") {
			continue
		}
		parts := strings.SplitN(spec, "/", 3)
		name := parts[0]
		if strings.HasPrefix(spec, "@") && len(parts) > 1 {
			name += "/" + parts[1]
		}
		if !slices.Contains(out, name) {
			out = append(out, strings.Clone(name))
		}
	}
	return out
}
