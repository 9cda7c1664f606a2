package license

// Go modules: the requirements of a go.mod, with their licence files from
// the Go module cache.
//
// Contract with the resolver: licence files found in the module cache are
// not in the project's FS. Such a component has
//
//	Dir          = "gomodcache:<escaped path>@<escaped version>"
//	LicenseFiles = ["gomodcache:<escaped path>@<escaped version>/LICENSE", …]
//
// and the resolver opens the part after the prefix in the module-cache FS
// (Options.GoModCache), the layout GOMODCACHE uses on disk
// (module.EscapePath / module.EscapeVersion: upper-case letters become "!"
// and the lower-case letter). Vendored modules come from the index as
// project.Package entries with paths in the project FS; they carry no
// version, so the inventory merges them into the go.mod component of the
// same name.

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/vocab"
)

// readGoMod reads the modules a go.mod requires, direct and indirect. A
// replacement gives the version (and the cache folder) of the code that is
// built: the component keeps the required path, which is what vendor/ and
// the imports use, and lists the replace line among its locations. A
// replacement by a local directory is the project's own code and is
// skipped, as is the main module. Go has no dev dependencies: test-only
// requirements are indistinguishable in go.mod, so none is marked Dev.
//
// A require without "// indirect" is Direct. The edges come from each
// module's own go.mod in the module cache (moduleRequires), when there is
// one: an edge goes to the version of that module the main go.mod
// selects, since minimal version selection builds that one whatever
// version the dependency asks for. Without the cache, or for a module
// missing from it, there are no edges: only the direct ones are known.
func readGoMod(idx *project.Index, gomod project.File, modCache fs.FS) ([]Component, []project.Warning) {
	file := gomod.Path
	data := idx.Read(file)
	if data == nil {
		return nil, nil // the index says why
	}
	f, ws := parseGoMod(file, data)
	if f == nil {
		return nil, ws
	}
	mainPath := ""
	if f.Module != nil {
		mainPath = f.Module.Mod.Path
	}
	var out []Component
	var requires [][]string // what each component's own go.mod requires
	var missing []string
	for _, r := range f.Require {
		if r.Mod.Path == mainPath {
			continue
		}
		locs := []project.Position{{File: file, Line: r.Syntax.Start.Line}}
		mod := r.Mod
		if rep := replacement(f.Replace, r.Mod); rep != nil {
			if modfile.IsDirectoryPath(rep.New.Path) {
				continue
			}
			mod = rep.New
			locs = append(locs, project.Position{File: file, Line: rep.Syntax.Start.Line})
		}
		c := Component{Ecosystem: vocab.Golang, Name: r.Mod.Path, Version: mod.Version, Role: vocab.RoleLibrary, Locations: locs, Direct: !r.Indirect}
		if modCache != nil {
			dir, files, ok := moduleLicenseFiles(modCache, mod)
			if ok {
				c.Dir, c.LicenseFiles = dir, files
			} else {
				missing = append(missing, mod.String())
				c.uncached = cacheMiss{file: file, mod: mod.String()}
			}
		}
		out = append(out, c)
		if modCache != nil {
			requires = append(requires, moduleRequires(modCache, mod))
		}
	}
	selected := make(map[string]string, len(out)) // module path → its component's key
	for i := range out {
		selected[out[i].Name] = out[i].Key()
	}
	for i, paths := range requires {
		for _, p := range paths {
			if k, ok := selected[p]; ok {
				out[i].Dependencies = append(out[i].Dependencies, k)
			}
		}
	}
	sortEdges(out)
	if len(missing) > 0 {
		ws = append(ws, uncachedWarning(file, missing))
	}
	SortComponents(out)
	project.SortWarnings(ws)
	return out, ws
}

// replacement returns the replace directive that applies to m: one for its
// exact version wins over one for all versions.
func replacement(reps []*modfile.Replace, m module.Version) *modfile.Replace {
	var all *modfile.Replace
	for _, r := range reps {
		switch {
		case r.Old.Path != m.Path:
		case r.Old.Version == m.Version:
			return r
		case r.Old.Version == "":
			all = r
		}
	}
	return all
}

// moduleLicenseFiles lists the licence files at the root of a module's
// folder in the module cache, as GoModCachePrefix paths. ok is false when
// the module is not in the cache.
func moduleLicenseFiles(modCache fs.FS, m module.Version) (dir string, files []string, ok bool) {
	p, err := module.EscapePath(m.Path)
	if err != nil {
		return "", nil, false
	}
	v, err := module.EscapeVersion(m.Version)
	if err != nil {
		return "", nil, false
	}
	folder := p + "@" + v
	entries, err := fs.ReadDir(modCache, folder)
	if err != nil {
		return "", nil, false
	}
	for _, e := range entries {
		if e.Type().IsRegular() && project.IsLicenseFile(e.Name()) {
			files = append(files, GoModCachePrefix+folder+"/"+e.Name())
		}
	}
	slices.Sort(files)
	return GoModCachePrefix + folder, files, true
}

// moduleRequires lists the module paths a module's own go.mod requires,
// read from the module cache: the .mod file the go command downloads for
// every module of the build graph (cache/download/<path>/@v/<version>.mod),
// else the go.mod of the extracted module. None when the cache has
// neither or it does not parse.
func moduleRequires(modCache fs.FS, m module.Version) []string {
	p, err := module.EscapePath(m.Path)
	if err != nil {
		return nil
	}
	v, err := module.EscapeVersion(m.Version)
	if err != nil {
		return nil
	}
	data, err := fs.ReadFile(modCache, "cache/download/"+p+"/@v/"+v+".mod")
	if err != nil {
		if data, err = fs.ReadFile(modCache, p+"@"+v+"/go.mod"); err != nil {
			return nil
		}
	}
	f, err := modfile.ParseLax(m.String()+"/go.mod", data, nil)
	if err != nil {
		return nil
	}
	out := make([]string, 0, len(f.Require))
	for _, r := range f.Require {
		out = append(out, r.Mod.Path)
	}
	return out
}

// maxGoModRepairs bounds how many times parseGoMod drops bad lines and
// parses again.
const maxGoModRepairs = 20

// parseGoMod parses a go.mod with x/mod. modfile rejects a whole file for
// one bad line, so each error becomes a warning, the lines at fault are
// blanked and the file is parsed again, keeping what can be read.
func parseGoMod(file string, data []byte) (*modfile.File, []project.Warning) {
	var ws []project.Warning
	seen := map[string]bool{}
	data = slices.Clone(data)
	for range maxGoModRepairs {
		f, err := modfile.Parse(file, data, nil)
		if err == nil {
			return f, ws
		}
		var list modfile.ErrorList
		if !errors.As(err, &list) {
			return nil, append(ws, project.Warnf(project.Position{File: file}, "invalid go.mod: %v", err))
		}
		repaired := false
		for _, e := range list {
			pos := project.Position{File: file, Line: e.Pos.Line}
			if e.Pos.LineRune > 1 {
				pos.Col = e.Pos.LineRune
			}
			msg := e.Err.Error()
			switch {
			case e.ModPath != "":
				msg = fmt.Sprintf("%s %s: %s", e.Verb, e.ModPath, msg)
			case e.Verb != "":
				msg = e.Verb + ": " + msg
			}
			if key := pos.String() + msg; !seen[key] {
				seen[key] = true
				ws = append(ws, project.Warnf(pos, "invalid go.mod: %s", msg))
			}
			if blankLine(data, e.Pos.Line) {
				repaired = true
			}
		}
		if !repaired {
			return nil, ws
		}
	}
	return nil, ws
}

// blankLine overwrites line n (1-based) of data with spaces, keeping every
// offset and line number. It reports whether there was anything to blank.
func blankLine(data []byte, n int) bool {
	if n < 1 {
		return false
	}
	start := 0
	for i := 1; i < n; i++ {
		j := bytes.IndexByte(data[start:], '\n')
		if j < 0 {
			return false
		}
		start += j + 1
	}
	changed := false
	for i := start; i < len(data) && data[i] != '\n'; i++ {
		if data[i] != ' ' && data[i] != '\r' {
			data[i] = ' '
			changed = true
		}
	}
	return changed
}

func firstN(s []string, n int) []string {
	if len(s) <= n {
		return s
	}
	return append(slices.Clone(s[:n]), fmt.Sprintf("and %d more", len(s)-n))
}

// cacheMiss names, for a Go module missing from the module cache, the
// go.mod that requires it and the module as path@version.
type cacheMiss struct{ file, mod string }

// uncachedWarning says which required modules the module cache lacks.
func uncachedWarning(file string, missing []string) project.Warning {
	missing = slices.Clone(missing)
	slices.Sort(missing)
	noun := "modules are"
	if len(missing) == 1 {
		noun = "module is"
	}
	return project.Warnf(project.Position{File: file},
		"%d required %s not in the module cache, so their licence texts cannot be read (run go mod download): %s",
		len(missing), noun, strings.Join(firstN(missing, 5), ", "))
}

// uncachedAfterLookup rewrites the module-cache warnings once the
// registries have answered (--online): a module whose licence the Go proxy
// gave is no longer missing, and a go.mod whose every missing module was
// answered has no warning. The warnings of other kinds stay as they are.
func uncachedAfterLookup(ws []project.Warning, cs []Component) []project.Warning {
	still := map[string][]string{} // go.mod → modules still without a licence
	had := map[string]bool{}
	for _, c := range cs {
		if m := c.uncached; m.file != "" {
			had[m.file] = true
			if !c.License.Known() {
				still[m.file] = append(still[m.file], m.mod)
			}
		}
	}
	var out []project.Warning
	for _, w := range ws {
		if had[w.File] && w.Line == 0 && strings.Contains(w.Message, " not in the module cache, so their licence texts cannot be read") {
			if len(still[w.File]) > 0 {
				out = append(out, uncachedWarning(w.File, still[w.File]))
			}
			continue
		}
		out = append(out, w)
	}
	return out
}
