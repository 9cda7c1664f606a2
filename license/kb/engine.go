package kb

import (
	"path"
	"strings"

	"golang.org/x/mod/semver"
)

// LicenseAt returns the engine's licence for a version ("1.2.3", "v1.2.3",
// "3.0.1-rc.1"). It reports false when the version does not parse as
// semver, when no entry covers it, and when several do: the catalogue
// records overlapping entries only where the sources cannot tell which
// licence a release carried, and guessing one would hide that.
func (e *Engine) LicenseAt(version string) (VersionedLicense, bool) {
	v := canonical(version)
	if v == "" {
		return VersionedLicense{}, false
	}
	var found []VersionedLicense
	for _, l := range e.Licenses {
		if l.From != "" && semver.Compare(v, canonical(l.From)) < 0 {
			continue
		}
		if l.Before != "" && semver.Compare(v, canonical(l.Before)) >= 0 {
			continue
		}
		found = append(found, l)
	}
	if len(found) != 1 {
		return VersionedLicense{}, false
	}
	return found[0], true
}

// Current returns the entry that covers the newest releases: the one with
// no upper bound.
func (e *Engine) Current() (VersionedLicense, bool) {
	for _, l := range e.Licenses {
		if l.Before == "" {
			return l, true
		}
	}
	return VersionedLicense{}, false
}

// canonical turns a version into semver's "v"-prefixed form, or "" when it
// is not a semantic version (an image tag such as "latest", a PEP 440
// version such as "0.4.0.dev2").
func canonical(version string) string {
	v := strings.TrimSpace(version)
	if !strings.HasPrefix(v, "v") {
		v = "v" + v
	}
	if !semver.IsValid(v) {
		return ""
	}
	return v
}

// Covers reports whether a slash-separated path falls under the scope. A
// pattern without "/" is matched, with path.Match globbing, against each
// file or directory name in the path ("*.ee.*", "*.ee"). A pattern with a
// "/" names a run of directories that may start anywhere in the path
// ("packages/server/src/enterprise/").
func (s PathScope) Covers(p string) bool {
	if strings.Contains(s.Match, "/") {
		dir := strings.TrimSuffix(s.Match, "/") + "/"
		return strings.HasPrefix(p, dir) || strings.Contains(p, "/"+dir)
	}
	for _, name := range strings.Split(p, "/") {
		if ok, _ := path.Match(s.Match, name); ok {
			return true
		}
	}
	return false
}
