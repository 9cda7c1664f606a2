package license

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/project"
)

// npmLicenseField is the "license" or "licenses" value of a package.json or
// lockfile entry in any of the shapes npm has accepted over the years: a
// string, an object {type, url}, or an array of either.
type npmLicenseField []string

func (f *npmLicenseField) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		*f = append(*f, s)
		return nil
	}
	var obj struct {
		Type string `json:"type"`
	}
	if json.Unmarshal(b, &obj) == nil && obj.Type != "" {
		*f = append(*f, obj.Type)
		return nil
	}
	var list []json.RawMessage
	if json.Unmarshal(b, &list) == nil {
		for _, item := range list {
			var one npmLicenseField
			if one.UnmarshalJSON(item) == nil {
				*f = append(*f, one...)
			}
		}
	}
	return nil // an unreadable licence field is no licence, not a broken manifest
}

// packageJSON is the part of a package.json the inventory reads.
type packageJSON struct {
	Name                 string            `json:"name"`
	Version              string            `json:"version"`
	Private              bool              `json:"private"`
	License              npmLicenseField   `json:"license"`
	Licenses             npmLicenseField   `json:"licenses"`
	Dependencies         map[string]string `json:"dependencies"`
	DevDependencies      map[string]string `json:"devDependencies"`
	OptionalDependencies map[string]string `json:"optionalDependencies"`
	PeerDependencies     map[string]string `json:"peerDependencies"`
}

// readInstalledNpm reads the package.json of a package installed under
// node_modules.
func readInstalledNpm(fsys fs.FS, pkg project.Package) (Component, []project.Warning) {
	data, unread := project.ReadInput(fsys, pkg.Manifest, "package.json")
	if unread != nil {
		return Component{}, unread
	}
	var pj packageJSON
	if err := json.Unmarshal(data, &pj); err != nil {
		return Component{}, []project.Warning{jsonWarning(pkg.Manifest, data, err)}
	}
	name := pj.Name
	if name == "" {
		name = npmNameFromDir(pkg.Dir)
	}
	c := Component{
		Ecosystem:    NPM,
		Name:         name,
		Version:      pj.Version,
		Role:         Library,
		Locations:    []project.Position{{File: pkg.Manifest}},
		Dir:          pkg.Dir,
		LicenseFiles: pkg.LicenseFiles,
	}
	line := 0
	for _, field := range []struct {
		key    string
		values npmLicenseField
	}{{"license", pj.License}, {"licenses", pj.Licenses}} {
		if len(field.values) > 0 {
			line = keyLine(data, field.key)
		}
		for _, v := range field.values {
			c.Declared = append(c.Declared, Declaration{Value: v, Field: "package.json " + field.key,
				Position: project.Position{File: pkg.Manifest, Line: line}})
		}
	}
	return c, nil
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

// keyLine finds the line of the first `"key":` in a JSON document. It is a
// byte search, good enough to point a reader at a top-level field of a
// package.json, where the key first appears at the top level in practice.
func keyLine(data []byte, key string) int {
	i := bytes.Index(data, []byte(`"`+key+`"`))
	if i < 0 {
		return 0
	}
	return project.LineOf(data, i)
}

// jsonWarning turns a decoding error into a warning at its line and column.
func jsonWarning(file string, data []byte, err error) project.Warning {
	pos := project.Position{File: file}
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case asError(err, &se):
		pos.Line, pos.Col = project.NewLines(data).At(int(se.Offset) - 1)
	case asError(err, &te):
		pos.Line, pos.Col = project.NewLines(data).At(int(te.Offset) - 1)
	}
	return project.Warnf(pos, "invalid JSON: %v", err)
}

// npmLock is package-lock.json / npm-shrinkwrap.json: "packages" in
// lockfile v2 and v3, "dependencies" in v1 (v2 carries both).
type npmLock struct {
	LockfileVersion int                     `json:"lockfileVersion"`
	Packages        map[string]npmLockEntry `json:"packages"`
	Dependencies    map[string]npmLockV1    `json:"dependencies"`
}

type npmLockEntry struct {
	Name     string          `json:"name"`
	Version  string          `json:"version"`
	License  npmLicenseField `json:"license"`
	Dev      bool            `json:"dev"`
	Link     bool            `json:"link"`
	Resolved string          `json:"resolved"`
}

type npmLockV1 struct {
	Version      string               `json:"version"`
	Dev          bool                 `json:"dev"`
	Bundled      bool                 `json:"bundled"`
	Dependencies map[string]npmLockV1 `json:"dependencies"`
}

// readNpmLock reads a package-lock.json of any version. Entries outside
// node_modules are the project's own workspace packages and links, not
// dependencies, and are skipped.
func readNpmLock(fsys fs.FS, file string) ([]Component, []project.Warning) {
	data, unread := project.ReadInput(fsys, file, "lockfile")
	if unread != nil {
		return nil, unread
	}
	var lock npmLock
	if err := json.Unmarshal(data, &lock); err != nil {
		return nil, []project.Warning{jsonWarning(file, data, err)}
	}
	lines := objectKeyLines(data)
	dir := path.Dir(file)
	var out []Component
	if lock.Packages != nil {
		for key, e := range lock.Packages {
			i := strings.LastIndex(key, "node_modules/")
			if i < 0 || e.Link {
				continue
			}
			name := key[i+len("node_modules/"):]
			if e.Name != "" {
				name = e.Name // an aliased install (npm:real-name@version)
			}
			if e.Version == "" {
				continue
			}
			pos := project.Position{File: file, Line: lines[key]}
			c := Component{Ecosystem: NPM, Name: name, Version: e.Version, Role: Library, Dev: e.Dev,
				Locations: []project.Position{pos}, Dir: joinPath(dir, key)}
			for _, v := range e.License {
				c.Declared = append(c.Declared, Declaration{Value: v, Field: "package-lock.json license", Position: pos})
			}
			out = append(out, c)
		}
		SortComponents(out) // map order is random; the output is not
		return out, nil
	}
	var walk func(prefix string, deps map[string]npmLockV1)
	walk = func(prefix string, deps map[string]npmLockV1) {
		for name, d := range deps {
			key := prefix + "node_modules/" + name
			if d.Version != "" && !strings.HasPrefix(d.Version, "file:") && !strings.HasPrefix(d.Version, "link:") {
				real, version := name, d.Version
				if at := strings.LastIndex(version, "@"); strings.HasPrefix(version, "npm:") && at > 4 {
					real, version = version[4:at], version[at+1:] // an aliased install
				}
				out = append(out, Component{Ecosystem: NPM, Name: real, Version: version, Role: Library, Dev: d.Dev,
					Locations: []project.Position{{File: file, Line: lines[name]}}, Dir: joinPath(dir, key)})
			}
			walk(key+"/", d.Dependencies)
		}
	}
	walk("", lock.Dependencies)
	SortComponents(out)
	return out, nil
}

// objectKeyLines maps each key that opens a JSON object (`"key": {`) to the
// line of its first occurrence. Lockfiles put one such key per line, so one
// pass over the bytes locates every entry without a position-aware decoder.
func objectKeyLines(data []byte) map[string]int {
	lines := make(map[string]int, bytes.Count(data, []byte(": {")))
	line := 0
	for len(data) > 0 {
		line++
		var l []byte
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			l, data = data[:i], data[i+1:]
		} else {
			l, data = data, nil
		}
		l = bytes.TrimSpace(l)
		if len(l) < 5 || l[0] != '"' || !bytes.HasSuffix(l, []byte(": {")) {
			continue
		}
		end := bytes.IndexByte(l[1:], '"')
		if end < 0 {
			continue
		}
		key := string(l[1 : 1+end])
		if _, seen := lines[key]; !seen {
			lines[key] = line
		}
	}
	return lines
}

func joinPath(dir, p string) string {
	if dir == "." {
		return p
	}
	return dir + "/" + p
}

// readNpmManifest reads the project's own package.json (or a workspace's):
// its dependencies are components whose exact version a lockfile or
// node_modules may later supply. The package itself is the project, not a
// dependency.
func readNpmManifest(fsys fs.FS, file string) ([]Component, []project.Warning) {
	data, unread := project.ReadInput(fsys, file, "package.json")
	if unread != nil {
		return nil, unread
	}
	var pj packageJSON
	if err := json.Unmarshal(data, &pj); err != nil {
		return nil, []project.Warning{jsonWarning(file, data, err)}
	}
	var out []Component
	add := func(deps map[string]string, dev bool) {
		names := make([]string, 0, len(deps))
		for n := range deps {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			spec := deps[n]
			if strings.HasPrefix(spec, "workspace:") || strings.HasPrefix(spec, "file:") || strings.HasPrefix(spec, "link:") {
				continue
			}
			version := ""
			if isExactSemver(spec) {
				version = spec
			}
			out = append(out, Component{Ecosystem: NPM, Name: n, Version: version, Role: Library, Dev: dev,
				Locations: []project.Position{{File: file, Line: keyLine(data, n)}}})
		}
	}
	add(pj.Dependencies, false)
	add(pj.OptionalDependencies, false)
	add(pj.DevDependencies, true)
	return out, nil
}

// isExactSemver reports whether an npm version spec pins one version.
func isExactSemver(spec string) bool {
	spec = strings.TrimPrefix(spec, "=")
	if spec == "" || !(spec[0] >= '0' && spec[0] <= '9') {
		return false
	}
	return !strings.ContainsAny(spec, " ^~<>=*|xX")
}

func asError[T error](err error, target *T) bool { return errors.As(err, target) }
