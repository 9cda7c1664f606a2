package license

import (
	"bufio"
	"bytes"
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/tree"
)

// readPnpmLock reads pnpm-lock.yaml, lockfile versions 5, 6 and 9. pnpm
// records no licences; they come from the installed packages under
// node_modules/.pnpm. Version 9 has no dev flags, so dev-only packages are
// those not reachable from any importer's dependencies.
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
	for _, m := range packages.Members {
		name, ver := splitPnpmKey(m.Key, v5)
		if name == "" || ver == "" {
			continue
		}
		entry := m.Value
		c := Component{Ecosystem: NPM, Name: name, Version: ver, Role: Library,
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
		out = append(out, c)
	}
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
				deps[base] = append(deps[base], pnpmDepKey(m.Key, scalarText(m.Value)))
			}
		}
	}
	reached := map[string]bool{}
	var visit func(key string)
	visit = func(key string) {
		if reached[key] {
			return
		}
		reached[key] = true
		for _, d := range deps[key] {
			visit(d)
		}
	}
	for _, imp := range importers.Members {
		for _, field := range [...]string{"dependencies", "optionalDependencies"} {
			for _, m := range membersOf(imp.Value.Get(field)) {
				ver := m.Value.Str("version") // v9: {specifier, version}
				if ver == "" {
					ver = scalarText(m.Value) // v6: the version itself
				}
				visit(pnpmDepKey(m.Key, ver))
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

// pnpmDepKey builds name@version from a dependency entry, dropping the peer
// suffix; an aliased dependency ("npm:real@1.0.0" or "real@1.0.0") names the
// real package in its version.
func pnpmDepKey(name, version string) string {
	if i := strings.IndexByte(version, '('); i > 0 {
		version = version[:i]
	}
	version = strings.TrimPrefix(version, "npm:")
	if i := strings.LastIndexByte(version, '@'); i > 0 {
		return version
	}
	return name + "@" + version
}

// readYarnLock reads yarn.lock in the classic v1 format or the Berry (v2+)
// YAML format. Neither records licences.
func readYarnLock(idx *project.Index, file project.File) ([]Component, []project.Warning) {
	data := idx.Read(file.Path)
	if bytes.Contains(data, []byte("\n__metadata:")) || bytes.HasPrefix(data, []byte("__metadata:")) {
		return readYarnBerry(file.Path, data)
	}
	return readYarnV1(file.Path, data), nil
}

// readYarnV1 parses the classic format: an unindented line of comma-separated
// descriptors ending in ":", then indented fields, among them `version "x"`.
func readYarnV1(file string, data []byte) []Component {
	var out []Component
	var cur *Component
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		switch {
		case text == "" || strings.HasPrefix(text, "#"):
		case text[0] != ' ' && strings.HasSuffix(text, ":"):
			first := strings.TrimSpace(strings.SplitN(strings.TrimSuffix(text, ":"), ",", 2)[0])
			name := yarnDescriptorName(strings.Trim(first, `"`))
			out = append(out, Component{Ecosystem: NPM, Name: name, Role: Library,
				Locations: []project.Position{{File: file, Line: line}}})
			cur = &out[len(out)-1]
		case cur != nil && strings.HasPrefix(text, "  version "):
			cur.Version = strings.Trim(strings.TrimSpace(text[len("  version "):]), `"`)
		}
	}
	kept := out[:0]
	for _, c := range out {
		if c.Name != "" && c.Version != "" {
			kept = append(kept, c)
		}
	}
	return kept
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
func readYarnBerry(file string, data []byte) ([]Component, []project.Warning) {
	roots, errs := tree.YAML(data, tree.Limits{})
	var ws []project.Warning
	for _, e := range errs {
		ws = append(ws, project.Warnf(project.Position{File: file, Line: e.Line, Col: e.Col}, "%s", e.Msg))
	}
	if len(roots) == 0 || roots[0].Kind != tree.Object {
		return nil, ws
	}
	var out []Component
	for _, m := range roots[0].Members {
		if m.Key == "__metadata" {
			continue
		}
		entry := m.Value
		resolution := entry.Str("resolution")
		if entry.Str("linkType") == "soft" || strings.Contains(resolution, "@workspace:") {
			continue
		}
		name := berryResolutionName(resolution)
		version := entry.Str("version")
		if name == "" || version == "" {
			continue
		}
		out = append(out, Component{Ecosystem: NPM, Name: name, Version: version, Role: Library,
			Locations: []project.Position{{File: file, Line: m.Line}}})
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
