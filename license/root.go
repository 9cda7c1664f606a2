package license

import (
	"path"

	"golang.org/x/mod/modfile"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/tree"
	"github.com/mcp-comply/mcp-comply/internal/vocab"
)

// projectRoot is the project itself as a component, the root of the
// inventory: named by its root manifest (package.json, then
// pyproject.toml, then go.mod's module), its licence read like any
// package's, from that manifest's declaration and the licence files at
// the project's root (a notice that reserves all rights is Proprietary,
// never unknown). nil when the project has neither a root manifest nor a
// root licence file.
func projectRoot(idx *project.Index) *Component {
	c := &Component{Role: vocab.RoleLibrary, Dir: "."}
	switch {
	case idx.Has("package.json"):
		d := idx.Doc("package.json")
		if root := d.Root(); root != nil && root.Kind == tree.Object {
			c.Ecosystem, c.Name, c.Version = vocab.NPM, root.Str("name"), root.Str("version")
			declareNpm(c, d, root, "package.json")
		}
		c.Locations = []project.Position{{File: "package.json"}}
	case idx.Has("pyproject.toml"):
		d := idx.Doc("pyproject.toml")
		if root := d.Root(); root != nil && root.Kind == tree.Object {
			for _, at := range [][]string{{"project"}, {"tool", "poetry"}} {
				if n := root.Lookup(append(at, "name")...); n.Scalar() && n.Text != "" {
					c.Ecosystem, c.Name = vocab.PyPI, pypiName(n.Text)
					if v := root.Lookup(append(at, "version")...); v.Scalar() {
						c.Version = v.Text
					}
					break
				}
			}
			c.Declared = pyprojectLicense(d, root)
		}
		c.Locations = []project.Position{{File: "pyproject.toml"}}
	case idx.Has("go.mod"):
		if mod := modfile.ModulePath(idx.Read("go.mod")); mod != "" {
			c.Ecosystem, c.Name = vocab.Golang, mod
		}
		c.Locations = []project.Position{{File: "go.mod"}}
	}
	for _, f := range idx.Files(project.LicenseText) {
		if path.Dir(f.Path) == "." {
			c.LicenseFiles = append(c.LicenseFiles, f.Path)
			if len(c.Locations) == 0 {
				c.Locations = []project.Position{{File: f.Path}}
			}
		}
	}
	if len(c.Locations) == 0 {
		return nil
	}
	return c
}
