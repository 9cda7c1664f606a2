package compliance

import (
	"path"
	"path/filepath"
	"strings"

	"golang.org/x/mod/modfile"

	"github.com/mcp-comply/mcp-comply/internal/project"
)

// projectName names the project for people: its own package's name (the
// root package.json, pyproject.toml or go.mod), else the name the caller
// found (its git repository's or its directory's), else the base of the
// path it was scanned at; never "." or "".
func projectName(idx *project.Index, src SourceInfo) string {
	if d := idx.Has("package.json"); d {
		d := idx.Doc("package.json")
		if n := d.Root().Str("name"); n != "" {
			return n
		}
	}
	if idx.Has("pyproject.toml") {
		root := idx.Doc("pyproject.toml").Root()
		for _, at := range [][]string{{"project", "name"}, {"tool", "poetry", "name"}} {
			if n := root.Lookup(at...); n.Scalar() && n.Text != "" {
				return n.Text
			}
		}
	}
	if idx.Has("go.mod") {
		if mod := modfile.ModulePath(idx.Read("go.mod")); mod != "" {
			return path.Base(mod)
		}
	}
	if src.Name != "" && src.Name != "." {
		return src.Name
	}
	if abs, err := filepath.Abs(src.Path); err == nil && src.Path != "" {
		return filepath.Base(abs)
	}
	return strings.TrimSpace(src.Path)
}

// projectLicense is the licence the project's root manifest declares for
// the project, as written: package.json's license, pyproject.toml's
// project.license (or its text) or tool.poetry.license; "" when none does.
func projectLicense(idx *project.Index) string {
	if idx.Has("package.json") {
		if l := idx.Doc("package.json").Root().Str("license"); l != "" {
			return l
		}
	}
	if idx.Has("pyproject.toml") {
		root := idx.Doc("pyproject.toml").Root()
		for _, at := range [][]string{{"project", "license"}, {"project", "license", "text"}, {"tool", "poetry", "license"}} {
			if n := root.Lookup(at...); n.Scalar() && n.Text != "" {
				return n.Text
			}
		}
	}
	return ""
}

// projectFile is the file a finding about the whole project points at
// when it has no evidence of its own: the root manifest (package.json,
// pyproject.toml, go.mod, requirements.txt), else the first manifest or
// MCP client config anywhere, else the project's first file; "" for a
// project without files.
func projectFile(idx *project.Index) string {
	for _, p := range []string{"package.json", "pyproject.toml", "go.mod", "requirements.txt"} {
		if idx.Has(p) {
			return p
		}
	}
	if fs := idx.Files(project.NpmManifest, project.PyProject, project.GoMod, project.PythonRequirements, project.MCPConfig); len(fs) > 0 {
		return fs[0].Path
	}
	if fs := idx.Files(); len(fs) > 0 {
		return fs[0].Path
	}
	return ""
}
