package license

import (
	"bufio"
	"bytes"
	"io/fs"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/yamlnode"
)

// readPnpmLock reads pnpm-lock.yaml, lockfile versions 5, 6 and 9. pnpm
// records no licences; they come from the installed packages under
// node_modules/.pnpm. Version 9 has no dev flags, so dev-only packages are
// those not reachable from any importer's dependencies.
func readPnpmLock(fsys fs.FS, file string) ([]Component, []project.Warning) {
	roots, warn := readYAMLDocs(fsys, file, "lockfile")
	if len(roots) == 0 {
		return nil, warn
	}
	doc := roots[0]
	packages := yamlnode.Field(doc, "packages")
	if packages == nil {
		return nil, nil
	}
	version := yamlnode.Scalar(doc, "lockfileVersion")
	prodKeys := pnpmProdReachable(doc)
	var out []Component
	for i := 0; i+1 < len(packages.Content); i += 2 {
		key, entry := packages.Content[i], packages.Content[i+1]
		name, ver := splitPnpmKey(key.Value, strings.HasPrefix(version, "5"))
		if name == "" || ver == "" {
			continue
		}
		c := Component{Ecosystem: NPM, Name: name, Version: ver, Role: Library,
			Locations: []project.Position{{File: file, Line: key.Line}}}
		if dev := yamlnode.Scalar(entry, "dev"); dev != "" {
			c.Dev = dev == "true"
		} else if prodKeys != nil {
			c.Dev = !prodKeys[name+"@"+ver]
		}
		if lic := yamlnode.Scalar(entry, "license"); lic != "" {
			c.Declared = append(c.Declared, Declaration{Value: lic, Field: "pnpm-lock.yaml license",
				Position: project.Position{File: file, Line: key.Line}})
		}
		out = append(out, c)
	}
	return out, warn
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
func pnpmProdReachable(doc *yaml.Node) map[string]bool {
	snapshots := yamlnode.Field(doc, "snapshots")
	importers := yamlnode.Field(doc, "importers")
	if snapshots == nil || importers == nil {
		return nil
	}
	deps := map[string][]string{} // snapshot key without peers → dependency keys
	for i := 0; i+1 < len(snapshots.Content); i += 2 {
		name, ver := splitPnpmKey(snapshots.Content[i].Value, false)
		base := name + "@" + ver
		for _, field := range []string{"dependencies", "optionalDependencies"} {
			m := yamlnode.Field(snapshots.Content[i+1], field)
			if m == nil {
				continue
			}
			for j := 0; j+1 < len(m.Content); j += 2 {
				deps[base] = append(deps[base], pnpmDepKey(m.Content[j].Value, m.Content[j+1].Value))
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
	for i := 0; i+1 < len(importers.Content); i += 2 {
		for _, field := range []string{"dependencies", "optionalDependencies"} {
			m := yamlnode.Field(importers.Content[i+1], field)
			if m == nil {
				continue
			}
			for j := 0; j+1 < len(m.Content); j += 2 {
				ver := yamlnode.Scalar(m.Content[j+1], "version")
				if ver == "" {
					ver = m.Content[j+1].Value
				}
				visit(pnpmDepKey(m.Content[j].Value, ver))
			}
		}
	}
	return reached
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
func readYarnLock(fsys fs.FS, file string) ([]Component, []project.Warning) {
	data, unread := project.ReadInput(fsys, file, "lockfile")
	if unread != nil {
		return nil, unread
	}
	if bytes.Contains(data, []byte("\n__metadata:")) || bytes.HasPrefix(data, []byte("__metadata:")) {
		return readYarnBerry(file, data)
	}
	return readYarnV1(file, data), nil
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
// (linkType soft, @workspace: resolutions) are the project itself.
func readYarnBerry(file string, data []byte) ([]Component, []project.Warning) {
	root, w := yamlnode.Parse(file, yamlnode.Document{Text: string(data), Line: 1}, "YAML")
	if w != nil {
		return nil, []project.Warning{*w}
	}
	if root == nil || root.Kind != yaml.MappingNode {
		return nil, nil
	}
	var out []Component
	for i := 0; i+1 < len(root.Content); i += 2 {
		key, entry := root.Content[i], root.Content[i+1]
		if key.Value == "__metadata" {
			continue
		}
		resolution := yamlnode.Scalar(entry, "resolution")
		if yamlnode.Scalar(entry, "linkType") == "soft" || strings.Contains(resolution, "@workspace:") {
			continue
		}
		name := berryResolutionName(resolution)
		version := yamlnode.Scalar(entry, "version")
		if name == "" || version == "" {
			continue
		}
		out = append(out, Component{Ecosystem: NPM, Name: name, Version: version, Role: Library,
			Locations: []project.Position{{File: file, Line: key.Line}}})
	}
	return out, nil
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
