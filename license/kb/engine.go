package kb

import (
	"fmt"
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
	found := e.LicensesAt(version)
	if len(found) != 1 {
		return VersionedLicense{}, false
	}
	return found[0], true
}

// LicensesAt returns every entry that covers a version: none when the
// version does not parse or no entry covers it, several where the sources
// cannot tell which licence a release carried.
func (e *Engine) LicensesAt(version string) []VersionedLicense {
	return e.licensesIn(canonical(version), "")
}

// LicensesInSeries returns the entries that overlap the release series a
// floating version names: "7" covers 7.x.y, "7.4" covers 7.4.y. An image
// tag "redis:7" follows the newest release of its series.
func (e *Engine) LicensesInSeries(version string) []VersionedLicense {
	v := canonical(version)
	if v == "" {
		return nil
	}
	var end string
	switch parts := strings.Split(strings.TrimPrefix(v, "v"), "."); len(parts) {
	case 1:
		end = fmt.Sprintf("v%d.0.0", atoi(parts[0])+1)
	case 2:
		end = fmt.Sprintf("v%s.%d.0", parts[0], atoi(parts[1])+1)
	default:
		return e.LicensesAt(version)
	}
	return e.licensesIn(v, end)
}

// licensesIn returns the entries whose range [From, Before) meets the
// versions [from, end), or contains from when end is empty.
func (e *Engine) licensesIn(from, end string) []VersionedLicense {
	if from == "" {
		return nil
	}
	var found []VersionedLicense
	for _, l := range e.Licenses {
		if l.Before != "" && semver.Compare(from, canonical(l.Before)) >= 0 {
			continue // the entry ends before these versions start
		}
		if l.From != "" {
			start := canonical(l.From)
			if end == "" && semver.Compare(from, start) < 0 || end != "" && semver.Compare(start, end) >= 0 {
				continue // the entry starts after these versions
			}
		}
		found = append(found, l)
	}
	return found
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
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
