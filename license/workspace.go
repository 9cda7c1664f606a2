package license

import (
	"cmp"
	"path"
	"slices"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/tree"
	"github.com/mcp-comply/mcp-comply/internal/vocab"
)

// ownPackage is one of the project's own packages: a package.json or a
// pyproject.toml of the project's tree (not of a vendored one) that names
// a package, such as an npm, Yarn or pnpm workspace package or a member of
// a uv workspace or a Python monorepo.
type ownPackage struct {
	manifest     string
	version      string
	declared     []Declaration
	licenseFiles []string
}

// ownPackages are the project's own packages by Key-like "ecosystem:name"
// (Python names normalised).
func ownPackages(idx *project.Index) map[string]ownPackage {
	out := map[string]ownPackage{}
	licenceFiles := map[string][]string{}
	for _, f := range idx.Files(project.LicenseText) {
		licenceFiles[path.Dir(f.Path)] = append(licenceFiles[path.Dir(f.Path)], f.Path)
	}
	add := func(eco vocab.Ecosystem, name string, p ownPackage) {
		k := string(eco) + ":" + name
		if _, ok := out[k]; ok || name == "" {
			return // two manifests of one name: the first in path order
		}
		p.licenseFiles = licenceFiles[path.Dir(p.manifest)]
		out[k] = p
	}
	for _, f := range idx.Files(project.NpmManifest) {
		d := idx.Doc(f.Path)
		root := d.Root()
		if root == nil || root.Kind != tree.Object {
			continue
		}
		var c Component
		declareNpm(&c, d, root, "package.json")
		add(vocab.NPM, root.Str("name"), ownPackage{manifest: f.Path, version: root.Str("version"), declared: c.Declared})
	}
	for _, f := range idx.Files(project.PyProject) {
		d := idx.Doc(f.Path)
		root := d.Root()
		if root == nil || root.Kind != tree.Object {
			continue
		}
		name, version := root.Lookup("project", "name"), root.Lookup("project", "version")
		if !name.Scalar() || name.Text == "" {
			name, version = root.Lookup("tool", "poetry", "name"), root.Lookup("tool", "poetry", "version")
		}
		if !name.Scalar() || name.Text == "" {
			continue
		}
		p := ownPackage{manifest: f.Path}
		if version.Scalar() {
			p.version = version.Text
		}
		p.declared = pyprojectLicense(d, root)
		add(vocab.PyPI, pypiName(name.Text), p)
	}
	return out
}

// pyprojectLicense is what a pyproject.toml declares of its package's
// licence: project.license (PEP 639's SPDX string, or the older table's
// text), tool.poetry.license, and the licence classifiers.
func pyprojectLicense(d *project.Doc, root *tree.Node) []Declaration {
	var out []Declaration
	at := func(n *tree.Node) project.Position { return d.Pos(n) }
	for _, p := range [][]string{{"project", "license"}, {"project", "license", "text"}, {"tool", "poetry", "license"}} {
		if n := root.Lookup(p...); n.Scalar() && n.Kind == tree.String && n.Text != "" {
			out = append(out, Declaration{Value: n.Text, Field: "pyproject.toml " + joinKeys(p), Position: at(n)})
		}
	}
	if cl := root.Lookup("project", "classifiers"); cl != nil && cl.Kind == tree.Array {
		for _, it := range cl.Items {
			if it.Kind == tree.String && len(it.Text) > len("License ::") && it.Text[:len("License ::")] == "License ::" {
				out = append(out, Declaration{Value: it.Text, Field: "classifier", Position: at(it)})
			}
		}
	}
	return out
}

func joinKeys(p []string) string {
	s := p[0]
	for _, k := range p[1:] {
		s += "." + k
	}
	return s
}

// markOwn finds, among the components, the project's own packages (a
// workspace package that another of the project's manifests depends on by
// a range, as npm workspaces and uv workspace members do) and resolves
// each from its local manifest: its version, licence declarations and
// licence files, with Workspace naming the manifest.
func markOwn(idx *project.Index, cs []Component) {
	own := ownPackages(idx)
	if len(own) == 0 {
		return
	}
	for i := range cs {
		c := &cs[i]
		p, ok := own[string(c.Ecosystem)+":"+c.Name]
		if !ok || c.Version != "" && p.version != "" && c.Version != p.version || c.Role != vocab.RoleLibrary {
			continue
		}
		c.Workspace = p.manifest
		if c.Version == "" {
			c.Version = p.version
		}
		c.Dir = path.Dir(p.manifest)
		c.Declared = append(slices.Clone(p.declared), c.Declared...)
		c.LicenseFiles = p.licenseFiles
		c.Locations = append(c.Locations, project.Position{File: p.manifest})
		slices.SortFunc(c.Locations, func(a, b project.Position) int {
			return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line))
		})
		c.License = Resolution{} // what the local manifest says wins over a catalogue's guess
	}
}
