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
		d := idx.Doc("pyproject.toml")
		if n := d.Root().Lookup("project", "name").Text; n != "" {
			return n
		}
		if n := d.Root().Lookup("tool", "poetry", "name").Text; n != "" {
			return n
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
