package compliance

import (
	"path"
	"path/filepath"
	"strings"

	"golang.org/x/mod/modfile"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/license"
	"github.com/mcp-comply/mcp-comply/license/kb"
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

// owner is where the project's own packages live besides its tree: its
// npm scope (the root package.json's "@scope/"), its Go organisation (the
// module path's "host/org/", which also names the organisation's images
// on that host's registry, such as ghcr.io/org/ for github.com/org/).
type owner struct {
	npmScope string // "@scope/"
	goOrg    string // "github.com/org/"
	image    string // "ghcr.io/org/"
}

// projectOwner reads the owner from the project's root component.
func projectOwner(root *license.Component) owner {
	var o owner
	if root == nil {
		return o
	}
	switch root.Ecosystem {
	case NPM:
		if scope, _, ok := strings.Cut(root.Name, "/"); ok && strings.HasPrefix(scope, "@") && len(scope) > 1 {
			o.npmScope = scope + "/"
		}
	case Golang:
		if parts := strings.Split(root.Name, "/"); len(parts) >= 3 && strings.Contains(parts[0], ".") {
			o.goOrg = parts[0] + "/" + parts[1] + "/"
			if parts[0] == "github.com" {
				o.image = "ghcr.io/" + strings.ToLower(parts[1]) + "/"
			}
		}
	}
	return o
}

// owns reports whether c is published under the project's own scope or
// organisation.
func (o owner) owns(c *Component) bool { return o.why(c) != "" }

// why says how c is the project's own, "" when it is not.
func (o owner) why(c *Component) string {
	switch {
	case o.npmScope != "" && c.Ecosystem == NPM && strings.HasPrefix(c.Name, o.npmScope):
		return "published under the project's own npm scope " + strings.TrimSuffix(o.npmScope, "/")
	case o.goOrg != "" && c.Ecosystem == Golang && strings.HasPrefix(c.Name, o.goOrg):
		return "a module of the project's own organisation " + strings.TrimSuffix(o.goOrg, "/")
	case o.image != "" && c.Ecosystem == Container && strings.HasPrefix(c.Name, o.image):
		return "an image of the project's own organisation " + strings.TrimSuffix(o.image, "/")
	}
	return ""
}

// projectComponent is the project itself in the report: its licence and
// category, allowed for every use (its owner's own code).
func projectComponent(base *kb.Base, root *license.Component, uses []Use, name string) *Component {
	if root == nil {
		return nil
	}
	c := component(*root)
	c.Role, c.FirstParty = RoleProject, true
	if c.Name == "" { // no manifest names it: its licence files alone
		c.Name, c.ID, c.Purl = name, "project", ""
	}
	expr, err := license.ParseExpression(c.License.Expression)
	if !c.License.Known() || err != nil {
		expr = nil
	}
	c.Category = category(base, expr)
	c.Uses = map[Use]Assessment{}
	for _, u := range uses {
		c.Uses[u] = Assessment{Verdict: Allowed, License: c.License.Expression, Reason: "the project itself"}
	}
	return &c
}
