package license

import (
	"bufio"
	"bytes"
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/graph"
	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/tree"
	"github.com/mcp-comply/mcp-comply/internal/vocab"
)

// readPnpmLock reads pnpm-lock.yaml, lockfile versions 5, 6 and 9. pnpm
// records no licences; they come from the installed packages under
// node_modules/.pnpm. Version 9 has no dev flags, so dev-only packages are
// those not reachable from any importer's dependencies.
//
// Edges: each package's dependencies and optionalDependencies (in
// "snapshots" for v9, in "packages" before) name the exact version they
// resolved to, so an edge is the package of that name and version; a
// workspace link or a version the lockfile does not hold is no edge. What
// the importers (the project and its workspace packages; the top-level
// maps of a v5 or v6 lockfile without importers) depend on is Direct.
func readPnpmLock(idx *project.Index, file project.File) ([]Component, []project.Warning) {
	d := idx.Doc(file.Path)
	doc := d.Root()
	packages := doc.Get("packages")
	if packages == nil || packages.Kind != tree.Object {
		return nil, nil
	}
	v5 := strings.HasPrefix(doc.Str("lockfileVersion"), "5")
	prodKeys := pnpmProdReachable(doc)
	out := make([]Component, 0, len(packages.Members))
	byKey := make(map[string]int, len(packages.Members)) // name@version → a component of that key
	for _, m := range packages.Members {
		name, ver := splitPnpmKey(m.Key, v5)
		if name == "" || ver == "" {
			continue
		}
		entry := m.Value
		c := Component{Ecosystem: vocab.NPM, Name: name, Version: ver, Role: vocab.RoleLibrary,
			Locations: []project.Position{{File: file.Path, Line: m.Line}}}
		if dev := entry.Str("dev"); dev != "" {
			c.Dev = dev == "true"
		} else if prodKeys != nil {
			c.Dev = !prodKeys[name+"@"+ver]
		}
		if lic := entry.Member("license"); lic != nil && lic.Value.Scalar() && lic.Value.Text != "" {
			c.Declared = append(c.Declared, Declaration{Value: lic.Value.Text, Field: "pnpm-lock.yaml license",
				Position: d.KeyPos(lic)})
		}
		byKey[name+"@"+ver] = len(out)
		out = append(out, c)
	}
	resolve := func(m *tree.Member) (int, bool) {
		v := m.Value.Str("version") // an importer's {specifier, version}
		if v == "" {
			v = scalarText(m.Value)
		}
		i, ok := byKey[pnpmRef(m.Key, v, v5)]
		return i, ok
	}
	graph := doc.Get("snapshots")
	if graph == nil {
		graph = packages
	}
	for _, s := range membersOf(graph) {
		name, ver := splitPnpmKey(s.Key, v5)
		from, ok := byKey[name+"@"+ver]
		if !ok {
			continue
		}
		for _, field := range [...]string{"dependencies", "optionalDependencies"} {
			for _, m := range membersOf(s.Value.Get(field)) {
				if to, ok := resolve(m); ok {
					out[from].Dependencies = append(out[from].Dependencies, out[to].Key())
				}
			}
		}
	}
	importers := []*tree.Node{doc}
	if imps := doc.Get("importers"); imps != nil {
		importers = importers[:0]
		for _, imp := range membersOf(imps) {
			importers = append(importers, imp.Value)
		}
	}
	for _, imp := range importers {
		for _, field := range [...]string{"dependencies", "devDependencies", "optionalDependencies"} {
			for _, m := range membersOf(imp.Get(field)) {
				if to, ok := resolve(m); ok {
					out[to].Direct = true
				}
			}
		}
	}
	sortEdges(out)
	return out, nil
}

// splitPnpmKey splits a packages key into name and version:
// "/@scope/name/1.2.3_peer@1" (v5), "/name@1.2.3(peer@1)" (v6), "name@1.2.3" (v9).
func splitPnpmKey(key string, v5 bool) (name, version string) {
	key = strings.TrimPrefix(key, "/")
	if i := strings.IndexByte(key, '('); i > 0 {
		key = key[:i]
	}
	if v5 {
		i := strings.LastIndexByte(key, '/')
		if i <= 0 {
			return "", ""
		}
		name, version = key[:i], key[i+1:]
		if j := strings.IndexByte(version, '_'); j > 0 {
			version = version[:j]
		}
		return name, version
	}
	i := strings.LastIndexByte(key, '@')
	if i <= 0 {
		return "", ""
	}
	return key[:i], key[i+1:]
}

// pnpmProdReachable returns the name@version of every package reachable from
// the importers' dependencies and optionalDependencies through the v9
// snapshots, or nil when the lockfile has no snapshots section.
func pnpmProdReachable(doc *tree.Node) map[string]bool {
	snapshots, importers := doc.Get("snapshots"), doc.Get("importers")
	if snapshots == nil || importers == nil {
		return nil
	}
	deps := map[string][]string{} // snapshot key without peers → dependency keys
	for _, s := range snapshots.Members {
		name, ver := splitPnpmKey(s.Key, false)
		base := name + "@" + ver
		for _, field := range [...]string{"dependencies", "optionalDependencies"} {
			for _, m := range membersOf(s.Value.Get(field)) {
				deps[base] = append(deps[base], pnpmRef(m.Key, scalarText(m.Value), false))
			}
		}
	}
	reached := map[string]bool{}
	for _, imp := range importers.Members {
		for _, field := range [...]string{"dependencies", "optionalDependencies"} {
			for _, m := range membersOf(imp.Value.Get(field)) {
				ver := m.Value.Str("version") // v9: {specifier, version}
				if ver == "" {
					ver = scalarText(m.Value) // v6: the version itself
				}
				graph.Mark(deps, reached, pnpmRef(m.Key, ver, false))
			}
		}
	}
	return reached
}

// scalarText is the text of a scalar node, "" for a mapping, a sequence or
// nil.
func scalarText(n *tree.Node) string {
	if n.Scalar() {
		return n.Text
	}
	return ""
}

// pnpmRef is the name@version a dependency entry (name: version) resolves
// to, without the peer suffix ("1.2.3(react@18.2.0)", v5's
// "1.2.3_react@18.2.0"). An aliased dependency names the real package in
// its version ("/real@1.0.0" in v6, "real@1.0.0" in v9, "/real/1.0.0" in
// v5, "npm:real@1.0.0"); a workspace link or a local folder ("link:…",
// "file:…") is the project's own code and gives "".
func pnpmRef(name, version string, v5 bool) string {
	if strings.HasPrefix(version, "link:") || strings.HasPrefix(version, "file:") || version == "" {
		return ""
	}
	version = strings.TrimPrefix(version, "npm:")
	if v5 && strings.Contains(version, "/") {
		real, v := splitPnpmKey(version, true)
		return real + "@" + v
	}
	if v5 {
		if i := strings.IndexByte(version, '_'); i > 0 {
			version = version[:i]
		}
		return name + "@" + version
	}
	version = strings.TrimPrefix(version, "/")
	if i := strings.IndexByte(version, '('); i > 0 {
		version = version[:i]
	}
	if i := strings.LastIndexByte(version, '@'); i > 0 {
		return version
	}
	return name + "@" + version
}

// readYarnLock reads yarn.lock in the classic v1 format or the Berry (v2+)
// YAML format. Neither records licences.
//
// Edges: each entry's dependencies are descriptors (name@range) and an
// entry is headed by the descriptors it resolves, so an edge is the entry
// that lists the descriptor; a descriptor no entry lists is no edge. A v1
// lockfile records nothing of the project: the dependencies of the
// package.json beside it are Direct. Berry records the project's
// workspaces as entries, whose dependencies are Direct.
func readYarnLock(idx *project.Index, file project.File) ([]Component, []project.Warning) {
	data := idx.Read(file.Path)
	var out []yarnEntry
	var ws []project.Warning
	if bytes.Contains(data, []byte("\n__metadata:")) || bytes.HasPrefix(data, []byte("__metadata:")) {
		out, ws = readYarnBerry(file.Path, data)
	} else {
		out = readYarnV1(file.Path, data)
		own := yarnEntry{own: true}
		for _, s := range siblingSpecs(idx, file.Path) {
			own.deps = append(own.deps, npmSpec{s.name, s.spec})
		}
		out = append(out, own)
	}
	return yarnGraph(out), ws
}

// yarnEntry is an entry of a yarn.lock: its component (none for the
// project's own workspaces and links), the descriptors that head it and
// the dependencies it lists.
type yarnEntry struct {
	c           Component
	own         bool
	descriptors []string
	deps        []npmSpec
}

// yarnGraph resolves the entries' dependencies through their descriptors
// and returns the components, with their edges, that have a name and a
// version.
func yarnGraph(entries []yarnEntry) []Component {
	byDescriptor := map[string]int{}
	for i, e := range entries {
		for _, d := range e.descriptors {
			byDescriptor[d] = i
		}
	}
	for i := range entries {
		e := &entries[i]
		for _, d := range e.deps {
			j, ok := byDescriptor[d.name+"@"+d.spec]
			if !ok && !strings.Contains(d.spec, ":") {
				j, ok = byDescriptor[d.name+"@npm:"+d.spec] // Berry before 4 leaves out the default protocol
			}
			if !ok || entries[j].own || entries[j].c.Name == "" || entries[j].c.Version == "" {
				continue
			}
			if to := &entries[j].c; e.own {
				to.Direct = true
			} else {
				e.c.Dependencies = append(e.c.Dependencies, to.Key())
			}
		}
	}
	var out []Component
	for _, e := range entries {
		if !e.own && e.c.Name != "" && e.c.Version != "" {
			out = append(out, e.c)
		}
	}
	sortEdges(out)
	return out
}

// readYarnV1 parses the classic format: an unindented line of comma-separated
// descriptors ending in ":", then indented fields, among them `version "x"`
// and the `dependencies:` and `optionalDependencies:` blocks, one
// `name "range"` a line.
func readYarnV1(file string, data []byte) []yarnEntry {
	var out []yarnEntry
	var cur *yarnEntry
	inDeps := false
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		switch {
		case text == "" || strings.HasPrefix(text, "#"):
		case text[0] != ' ' && strings.HasSuffix(text, ":"):
			ds := yarnDescriptors(strings.TrimSuffix(text, ":"))
			name := ""
			if len(ds) > 0 {
				name = yarnDescriptorName(ds[0])
			}
			out = append(out, yarnEntry{descriptors: ds, c: Component{Ecosystem: vocab.NPM, Name: name, Role: vocab.RoleLibrary,
				Locations: []project.Position{{File: file, Line: line}}}})
			cur = &out[len(out)-1]
			inDeps = false
		case cur == nil:
		case strings.HasPrefix(text, "    "):
			if inDeps {
				name, spec := yarnField(strings.TrimSpace(text))
				cur.deps = append(cur.deps, npmSpec{name, spec})
			}
		case strings.HasPrefix(text, "  "):
			field := strings.TrimSpace(text)
			inDeps = field == "dependencies:" || field == "optionalDependencies:"
			if strings.HasPrefix(field, "version ") {
				cur.c.Version = strings.Trim(strings.TrimSpace(field[len("version "):]), `"`)
			}
		}
	}
	return out
}

// yarnDescriptors splits a v1 entry's heading into its descriptors:
// comma-separated, each quoted or not, a comma inside quotes kept.
func yarnDescriptors(s string) []string {
	var out []string
	quoted := false
	start := 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] == '"' {
			quoted = !quoted
		}
		if i == len(s) || s[i] == ',' && !quoted {
			if d := strings.Trim(strings.TrimSpace(s[start:i]), `"`); d != "" {
				out = append(out, d)
			}
			start = i + 1
		}
	}
	return out
}

// yarnField splits a v1 field line, `"@scope/name" "^1.0.0"` or
// `name ^1.0.0`, into its key and value, unquoted.
func yarnField(s string) (key, value string) {
	if strings.HasPrefix(s, `"`) {
		if end := strings.IndexByte(s[1:], '"'); end >= 0 {
			return s[1 : end+1], strings.Trim(strings.TrimSpace(s[end+2:]), `"`)
		}
	}
	key, value, _ = strings.Cut(s, " ")
	return key, strings.Trim(strings.TrimSpace(value), `"`)
}

// yarnDescriptorName takes "name@range", "@scope/name@range" or
// "alias@npm:real@range" and returns the installed package's name.
func yarnDescriptorName(d string) string {
	i := strings.LastIndexByte(d, '@')
	if i <= 0 {
		return ""
	}
	name, rng := d[:i], d[i+1:]
	if j := strings.Index(name, "@npm:"); j > 0 {
		return name[j+len("@npm:"):] // "alias@npm:real" before the last @
	}
	_ = rng
	return name
}

// readYarnBerry reads the YAML lockfile of Yarn 2+. Workspace entries
// (linkType soft, @workspace: resolutions) are the project itself. The
// index does not parse yarn.lock, whose classic format is not YAML, so its
// syntax errors are this reader's warnings, worded as the index words them.
func readYarnBerry(file string, data []byte) ([]yarnEntry, []project.Warning) {
	roots, errs := tree.YAML(data, tree.Limits{})
	var ws []project.Warning
	for _, e := range errs {
		ws = append(ws, project.Warnf(project.Position{File: file, Line: e.Line, Col: e.Col}, "%s", e.Msg))
	}
	if len(roots) == 0 || roots[0].Kind != tree.Object {
		return nil, ws
	}
	var out []yarnEntry
	for _, m := range roots[0].Members {
		if m.Key == "__metadata" {
			continue
		}
		entry := m.Value
		e := yarnEntry{descriptors: yarnDescriptors(m.Key)}
		for _, d := range membersOf(entry.Get("dependencies")) {
			e.deps = append(e.deps, npmSpec{d.Key, scalarText(d.Value)})
		}
		resolution := entry.Str("resolution")
		if entry.Str("linkType") == "soft" || strings.Contains(resolution, "@workspace:") {
			e.own = true
		} else {
			e.c = Component{Ecosystem: vocab.NPM, Name: berryResolutionName(resolution), Version: entry.Str("version"), Role: vocab.RoleLibrary,
				Locations: []project.Position{{File: file, Line: m.Line}}}
		}
		out = append(out, e)
	}
	return out, ws
}

// berryResolutionName takes "name@npm:1.2.3" or "@scope/name@patch:…" and
// returns the name.
func berryResolutionName(r string) string {
	i := strings.IndexByte(r[min(1, len(r)):], '@')
	if i < 0 {
		return ""
	}
	return r[:i+1]
}
