package license

import (
	"path"
	"slices"
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/tree"
	"github.com/mcp-comply/mcp-comply/internal/vocab"
)

// npmLicenses appends the statements of a "license" or "licenses" value of
// a package.json or lockfile entry, in any of the shapes npm has accepted
// over the years: a string, an object {type, url}, or an array of either.
// Anything else is no licence, not a broken manifest. A null reads as an
// empty statement, as a string does.
func npmLicenses(n *tree.Node, out []string) []string {
	switch n.Kind {
	case tree.String, tree.Null:
		return append(out, n.Text)
	case tree.Object:
		if t := npmLicenseType(n); t != "" {
			return append(out, t)
		}
	case tree.Array:
		for _, it := range n.Items {
			out = npmLicenses(it, out)
		}
	}
	return out
}

// npmLicenseType is the type of a licence object. Its key is matched
// without regard to case, the last one winning, as npm's JSON decoding
// in Go always read it; a type that is neither a string nor null makes the
// object no licence.
func npmLicenseType(obj *tree.Node) string {
	t := ""
	for _, m := range obj.Members {
		if !strings.EqualFold(m.Key, "type") {
			continue
		}
		switch m.Value.Kind {
		case tree.String:
			t = m.Value.Text
		case tree.Null:
		default:
			return ""
		}
	}
	return t
}

// declareNpm adds the statements of the "license" and "licenses" members of
// obj to c, at the position of their key.
func declareNpm(c *Component, d *project.Doc, obj *tree.Node, field string) {
	for _, key := range [...]string{"license", "licenses"} {
		m := obj.Member(key)
		if m == nil {
			continue
		}
		pos := d.KeyPos(m)
		var buf [2]string
		for _, v := range npmLicenses(m.Value, buf[:0]) {
			c.Declared = append(c.Declared, Declaration{Value: v, Field: field + " " + key, Position: pos})
		}
	}
}

// installedNpmKeys are the members of an installed package.json that
// readInstalledNpm reads: the first four always, the dependency lists
// (npmDependencyLists) with requires.
var installedNpmKeys = [...]string{"name", "version", "license", "licenses", "dependencies", "optionalDependencies", "peerDependencies"}

// readInstalledNpm reads the package.json of a package installed under
// node_modules. It is not a project file: the index parses it without
// keeping it. With requires set it keeps the names the package depends on
// (not its devDependencies, which are not installed) for resolveInstalled.
//
// The tree's strings are slices of one copy of the file, so each string
// the component keeps is cloned: an npm tree's ~2,000 manifests are then
// garbage once read, instead of living as long as their components.
func readInstalledNpm(idx *project.Index, pkg project.Package, requires bool) (Component, []project.Warning) {
	keys := installedNpmKeys[:4]
	if requires {
		keys = installedNpmKeys[:]
	}
	d := idx.DocKeys(pkg.Manifest, keys...)
	f := &fields{doc: d}
	root := d.Root()
	if root == nil || !f.is(root, tree.Object, "package.json") {
		return Component{}, f.ws
	}
	name := strings.Clone(f.str(root, "name", "name"))
	if name == "" {
		name = npmNameFromDir(pkg.Dir)
	}
	c := Component{
		Ecosystem:    vocab.NPM,
		Name:         name,
		Version:      strings.Clone(f.str(root, "version", "version")),
		Role:         vocab.RoleLibrary,
		Locations:    []project.Position{{File: pkg.Manifest}},
		Dir:          pkg.Dir,
		LicenseFiles: pkg.LicenseFiles,
	}
	declareNpm(&c, f.doc, root, "package.json")
	for i := range c.Declared {
		c.Declared[i].Value = strings.Clone(c.Declared[i].Value)
	}
	if requires {
		for _, s := range npmSpecs(root, false) {
			c.requires = append(c.requires, strings.Clone(s.name))
		}
	}
	return c, f.ws
}

// jsonObject is the top-level object of a JSON file, read through the
// index; nil when the file cannot be read or parsed (the index says why)
// or holds another kind of value (a warning).
func jsonObject(idx *project.Index, p, what string) (*fields, *tree.Node) {
	d := idx.Doc(p)
	f := &fields{doc: d}
	if root := d.Root(); root != nil && f.is(root, tree.Object, what) {
		return f, root
	}
	return f, nil
}

// npmNameFromDir recovers a package name from its install path
// (node_modules/@scope/name → @scope/name).
func npmNameFromDir(dir string) string {
	i := strings.LastIndex(dir, "node_modules/")
	if i < 0 {
		return path.Base(dir)
	}
	return dir[i+len("node_modules/"):]
}

// readNpmLock reads a package-lock.json (or npm-shrinkwrap.json) of any
// version: "packages" in lockfile v2 and v3, "dependencies" in v1 (v2
// carries both). Entries outside node_modules are the project's own
// workspace packages and links, not dependencies, and are skipped.
//
// Edges: each entry's dependencies are found the way Node's require finds
// them, from the entry's own folder upwards (nodeLookup), so a nested copy
// wins over the hoisted one; a link is followed to its target. A name that
// no folder holds (an optional dependency not installed on this platform,
// a peer nobody installed) is no edge. What the project's own entries (the
// root "", workspace packages, linked folders) depend on is Direct; a v1
// lockfile records no root entry, so the package.json beside it says.
func readNpmLock(idx *project.Index, file project.File) ([]Component, []project.Warning) {
	f, root := jsonObject(idx, file.Path, "lockfile")
	if root == nil {
		return nil, f.ws
	}
	dir := path.Dir(file.Path)
	if packages := f.get(root, "packages", tree.Object, "packages"); packages != nil {
		return readNpmPackages(f, dir, packages), f.ws
	}
	// v1: the nesting of "dependencies" is the folder tree.
	var out []Component
	folders := map[string]int{} // lockfile folder → index in out, -1 for the project's own
	specs := map[string][]npmSpec{}
	var walk func(prefix string, deps *tree.Node)
	walk = func(prefix string, deps *tree.Node) {
		for _, m := range deps.Members {
			name, dep := m.Key, m.Value
			if !f.is(dep, tree.Object, name) {
				continue
			}
			key := prefix + "node_modules/" + name
			v := f.str(dep, "version", name+" version")
			switch {
			case strings.HasPrefix(v, "file:") || strings.HasPrefix(v, "link:"):
				folders[key] = -1 // a local folder: the project's own code
			case v != "":
				real, version := name, v
				if at := strings.LastIndex(version, "@"); strings.HasPrefix(version, "npm:") && at > 4 {
					real, version = version[4:at], version[at+1:] // an aliased install
				}
				folders[key] = len(out)
				out = append(out, Component{Ecosystem: vocab.NPM, Name: real, Version: version, Role: vocab.RoleLibrary, Dev: f.flag(dep, "dev", name+" dev"),
					Locations: []project.Position{f.line(m)}, Dir: joinPath(dir, key)})
			}
			if _, ok := folders[key]; ok {
				for _, r := range membersOf(f.get(dep, "requires", tree.Object, name+" requires")) {
					specs[key] = append(specs[key], npmSpec{r.Key, scalarText(r.Value)})
				}
			}
			if nested := f.get(dep, "dependencies", tree.Object, name+" dependencies"); nested != nil {
				walk(key+"/", nested)
			}
		}
	}
	if deps := f.get(root, "dependencies", tree.Object, "dependencies"); deps != nil {
		walk("", deps)
	}
	folders[""] = -1
	specs[""] = siblingSpecs(idx, file.Path)
	for from, list := range specs {
		for _, s := range list {
			i, ok := nodeLookup(folders, from, s.name)
			if !ok || i < 0 {
				continue
			}
			to := &out[i]
			if i := folders[from]; i >= 0 {
				out[i].Dependencies = append(out[i].Dependencies, to.Key())
			} else {
				to.Direct = true
			}
		}
	}
	sortEdges(out)
	SortComponents(out)
	return out, f.ws
}

// siblingSpecs lists the dependencies (devDependencies too) of the
// package.json beside a lockfile that records no entry for the project
// (npm's v1, Yarn's v1); none without one.
func siblingSpecs(idx *project.Index, lockfile string) []npmSpec {
	manifest := joinPath(path.Dir(lockfile), "package.json")
	if !idx.Has(manifest) {
		return nil
	}
	if obj := idx.Doc(manifest).Root(); obj != nil && obj.Kind == tree.Object {
		return npmSpecs(obj, true)
	}
	return nil
}

// npmEntry is an entry of a v2/v3 lockfile's "packages": its component
// (an index in the reader's output, -1 for the project's own packages),
// or the folder a link points to.
type npmEntry struct {
	comp int
	link string
	node *tree.Node
}

// readNpmPackages reads the "packages" of a v2 or v3 lockfile found in dir.
func readNpmPackages(f *fields, dir string, packages *tree.Node) []Component {
	out := make([]Component, 0, len(packages.Members))
	entries := make(map[string]npmEntry, len(packages.Members))
	for _, m := range packages.Members {
		key, e := m.Key, m.Value
		i := strings.LastIndex(key, "node_modules/")
		if i < 0 {
			if e.Kind == tree.Object {
				entries[key] = npmEntry{comp: -1, node: e} // the project or one of its workspace packages
			}
			continue
		}
		if !f.is(e, tree.Object, key) {
			continue
		}
		if f.flag(e, "link", key+" link") {
			entries[key] = npmEntry{comp: -1, link: f.str(e, "resolved", key+" resolved")}
			continue
		}
		name := key[i+len("node_modules/"):]
		if n := f.str(e, "name", key+" name"); n != "" {
			name = n // an aliased install (npm:real-name@version)
		}
		version := f.str(e, "version", key+" version")
		if version == "" {
			continue
		}
		entries[key] = npmEntry{comp: len(out), node: e}
		c := Component{Ecosystem: vocab.NPM, Name: name, Version: version, Role: vocab.RoleLibrary, Dev: f.flag(e, "dev", key+" dev"),
			Locations: []project.Position{f.line(m)}, Dir: joinPath(dir, key)}
		declareNpm(&c, f.doc, e, "package-lock.json")
		out = append(out, c)
	}
	for from, e := range entries {
		if e.node == nil {
			continue
		}
		own := e.comp < 0
		for _, s := range npmSpecs(e.node, own) {
			to, ok := nodeLookup(entries, from, s.name)
			if !ok {
				continue
			}
			if to.link != "" {
				to = entries[to.link] // a workspace package or a linked folder: the project's own
			}
			switch {
			case to.comp < 0 || to.node == nil:
			case own:
				out[to.comp].Direct = true
			default:
				out[e.comp].Dependencies = append(out[e.comp].Dependencies, out[to.comp].Key())
			}
		}
	}
	sortEdges(out)
	SortComponents(out)
	return out
}

func joinPath(dir, p string) string {
	if dir == "." {
		return p
	}
	return dir + "/" + p
}

// readNpmManifest reads the project's own package.json (or a workspace's):
// its dependencies are components whose exact version a lockfile or
// node_modules may later supply, all Direct. The package itself is the
// project, not a dependency.
func readNpmManifest(idx *project.Index, file project.File) ([]Component, []project.Warning) {
	f, root := jsonObject(idx, file.Path, "package.json")
	if root == nil {
		return nil, f.ws
	}
	var out []Component
	add := func(list string, dev bool) {
		deps := f.get(root, list, tree.Object, list)
		if deps == nil {
			return
		}
		members := slices.Clone(deps.Members)
		slices.SortFunc(members, func(a, b *tree.Member) int { return strings.Compare(a.Key, b.Key) })
		for _, m := range members {
			spec := ""
			switch m.Value.Kind {
			case tree.String:
				spec = m.Value.Text
			case tree.Null: // no range: any version
			default:
				f.wrong(m.Value, list+" "+m.Key, tree.String)
				continue
			}
			if strings.HasPrefix(spec, "workspace:") || strings.HasPrefix(spec, "file:") || strings.HasPrefix(spec, "link:") {
				continue
			}
			version := ""
			if isExactSemver(spec) {
				version = spec
			}
			out = append(out, Component{Ecosystem: vocab.NPM, Name: m.Key, Version: version, Role: vocab.RoleLibrary, Dev: dev, Direct: true,
				Locations: []project.Position{f.line(m)}})
		}
	}
	add("dependencies", false)
	add("optionalDependencies", false)
	add("devDependencies", true)
	return out, f.ws
}

// isExactSemver reports whether an npm version spec pins one version:
// MAJOR.MINOR.PATCH with an optional prerelease and build. "2" and "1.2"
// are ranges (any 2.x.x, any 1.2.x), as are "^1.2.3", "1.x" and "*".
func isExactSemver(spec string) bool {
	spec = strings.TrimPrefix(spec, "=")
	core, _, _ := strings.Cut(spec, "+")
	core, _, _ = strings.Cut(core, "-")
	parts := strings.Split(core, ".")
	if len(parts) != 3 || strings.ContainsAny(spec, " ^~<>=*|") {
		return false
	}
	for _, p := range parts {
		if p == "" || strings.Trim(p, "0123456789") != "" {
			return false
		}
	}
	return true
}
