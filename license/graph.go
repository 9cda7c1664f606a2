package license

// The dependency graph: each reader records the edges its file states,
// resolved to the exact version installed for each (Component.Dependencies,
// as Keys), and marks the components the project depends on directly
// (Component.Direct). Collect then resolves the installed npm trees that no
// lockfile governs (resolveInstalled) and, once the components are merged,
// keeps only the edges between components of the inventory (finishGraph).

import (
	"path"
	"slices"
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/tree"
)

// npmSpec is one entry of a package.json or lockfile dependency map: the
// name it is installed under and the range (or alias, URL …) as written.
type npmSpec struct{ name, spec string }

// npmDependencyLists are the maps whose packages Node loads at run time:
// peers are installed by npm 7 and later, an optional dependency that
// could not be installed is simply not found.
var npmDependencyLists = [...]string{"dependencies", "optionalDependencies", "peerDependencies"}

// npmSpecs lists the dependencies of a package.json or lockfile entry:
// its run-time maps, and devDependencies when dev is set (only the
// project's own packages have theirs installed). Values that are not
// strings count as any version; the manifest reader warns about them.
func npmSpecs(obj *tree.Node, dev bool) []npmSpec {
	var out []npmSpec
	add := func(list string) {
		for _, m := range membersOf(obj.Get(list)) {
			out = append(out, npmSpec{m.Key, scalarText(m.Value)})
		}
	}
	for _, list := range npmDependencyLists {
		add(list)
	}
	if dev {
		add("devDependencies")
	}
	return out
}

// nodeLookup finds the package Node's require loads for name from the
// folder from: from/node_modules/name, then the same in each parent folder
// that is not itself a node_modules folder, up to the root (""). folders
// holds the packages by folder. A nested copy is found before the hoisted
// one. The candidate paths are built in one buffer: looking them up
// allocates nothing, which counts on a tree of thousands of packages.
func nodeLookup[V any](folders map[string]V, from, name string) (V, bool) {
	dir := strings.TrimSuffix(from, "/")
	if dir == "." {
		dir = ""
	}
	var buf [256]byte
	for {
		if dir != "node_modules" && !strings.HasSuffix(dir, "/node_modules") {
			p := buf[:0]
			if dir != "" {
				p = append(append(p, dir...), '/')
			}
			p = append(append(p, "node_modules/"...), name...)
			if v, ok := folders[string(p)]; ok {
				return v, true
			}
		}
		if dir == "" {
			var none V
			return none, false
		}
		if i := strings.LastIndexByte(dir, '/'); i >= 0 {
			dir = dir[:i]
		} else {
			dir = ""
		}
	}
}

// lockGoverned reports whether an npm lockfile (package-lock.json, pnpm or
// Yarn) governs the folder dir, a package.json's or an installed
// package's: one lies in the folder its node_modules tree hangs from, or
// in a parent folder (a workspace's own node_modules belongs to the root
// lockfile). lockDirs holds the folders of the lockfiles.
func lockGoverned(dir string, lockDirs map[string]bool) bool {
	root := dir
	if i := strings.Index("/"+dir+"/", "/node_modules/"); i == 0 {
		root = "."
	} else if i > 0 {
		root = dir[:i-1]
	}
	for {
		if lockDirs[root] {
			return true
		}
		if root == "." || root == "/" || root == "" {
			return false
		}
		root = path.Dir(root)
	}
}

// resolveInstalled gives the installed npm packages that no lockfile
// governs their edges, the way Node resolves each require from the
// package's folder, and marks Direct the packages the project's own
// package.json files name, resolved from each manifest's folder.
// installed maps each installed package's folder to its component;
// manifests maps the folder of each such package.json to the names it
// declares.
func resolveInstalled(installed map[string]*Component, manifests map[string][]string) {
	for dir, c := range installed {
		for _, name := range c.requires {
			if to, ok := nodeLookup(installed, dir, name); ok && to != c {
				c.Dependencies = append(c.Dependencies, to.Key())
			}
		}
		c.requires = nil
	}
	for dir, names := range manifests {
		for _, name := range names {
			if to, ok := nodeLookup(installed, dir, name); ok {
				to.Direct = true
			}
		}
	}
}

// finishGraph keeps, of each component's edges, those to another component
// of the inventory, sorted and once each. An edge whose end is not in the
// inventory is dropped: a package a reader skips (the project's own
// workspace packages and local directories, an entry without a version) or
// one the lockfile does not hold, so an SBOM never names a component it
// does not describe.
func finishGraph(cs []Component) {
	keys := make(map[string]bool, len(cs))
	for i := range cs {
		keys[cs[i].Key()] = true
	}
	for i := range cs {
		if c := &cs[i]; len(c.Dependencies) > 0 {
			self := c.Key()
			c.Dependencies = slices.DeleteFunc(c.Dependencies, func(k string) bool { return k == self || !keys[k] })
		}
	}
	sortEdges(cs)
}

// sortEdges sorts each component's edges and keeps each once. A reader's
// edges all end at components it returns; Collect drops the others
// (finishGraph) once the readers' components are merged.
func sortEdges(cs []Component) {
	for i := range cs {
		c := &cs[i]
		if len(c.Dependencies) == 0 {
			c.Dependencies = nil
			continue
		}
		slices.Sort(c.Dependencies)
		c.Dependencies = slices.Clip(slices.Compact(c.Dependencies))
	}
}
