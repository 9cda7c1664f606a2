package compliance

import (
	"errors"
	"fmt"
	"path"
	"regexp"
	"strings"
)

// The patterns of a policy: path globs (Config's Exclude, a waiver's
// path) and name patterns (FirstParty, a waiver's component).

// MatchPath reports whether a slash-separated path relative to the
// project's root matches a path glob:
//
//   - `**` is a whole segment and matches any number of segments, none
//     included;
//   - `*`, `?` and `[…]` match within a segment, as path.Match does;
//   - a pattern without a slash matches a name at any depth (`fixtures`
//     is `**/fixtures`), and a leading slash anchors a pattern at the root;
//   - a pattern that matches a directory matches everything under it
//     (`test` and `test/**` both keep out all of test/).
//
// An invalid pattern (ValidPath) matches nothing.
func MatchPath(pattern, p string) bool {
	pat := globSegments(pattern)
	segs := strings.Split(strings.Trim(p, "/"), "/")
	for i := 1; i <= len(segs); i++ {
		if matchSegments(pat, segs[:i]) {
			return true
		}
	}
	return false
}

// ValidPath reports what is wrong with a path glob, or nil.
func ValidPath(pattern string) error {
	p := strings.TrimSuffix(strings.TrimPrefix(pattern, "/"), "/")
	switch {
	case strings.TrimSpace(p) == "":
		return errors.New("an empty pattern matches nothing")
	case strings.Contains(p, "\\"):
		return errors.New(`paths are written with "/", not "\"`)
	}
	for _, s := range strings.Split(p, "/") {
		switch s {
		case "", ".", "..":
			return fmt.Errorf("%q is not a path inside the project (write it relative to the project's root, without . or .. segments)", pattern)
		}
		if _, err := path.Match(s, ""); err != nil {
			return fmt.Errorf("%q is not a valid pattern: %v", pattern, err)
		}
	}
	return nil
}

func globSegments(pattern string) []string {
	p := strings.TrimSuffix(pattern, "/")
	if anchored := strings.HasPrefix(p, "/"); anchored {
		return strings.Split(p[1:], "/")
	}
	if !strings.Contains(p, "/") {
		return []string{"**", p}
	}
	return strings.Split(p, "/")
}

func matchSegments(pat, segs []string) bool {
	if len(pat) == 0 {
		return len(segs) == 0
	}
	if pat[0] == "**" {
		for i := 0; i <= len(segs); i++ {
			if matchSegments(pat[1:], segs[i:]) {
				return true
			}
		}
		return false
	}
	if len(segs) == 0 {
		return false
	}
	ok, err := path.Match(pat[0], segs[0])
	return ok && err == nil && matchSegments(pat[1:], segs[1:])
}

// MatchName reports whether a name, purl or image reference matches a
// name pattern: `*` matches any run of characters, `/` included, and `?`
// one character; everything else stands for itself, case-sensitively.
func MatchName(pattern, name string) bool {
	if !strings.ContainsAny(pattern, "*?") {
		return pattern == name
	}
	var b strings.Builder
	b.WriteString("^")
	for _, r := range pattern {
		switch r {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String()).MatchString(name)
}

// matchComponent reports whether a component matches a name pattern: by
// its name, its id, its purl, or its purl without the version (so
// "pkg:npm/n8n" names every version of n8n).
func matchComponent(pattern string, c *Component) bool {
	purl, _, _ := strings.Cut(c.Purl, "@") // a purl's namespace writes @ as %40
	for _, s := range []string{c.Name, c.ID, c.Purl, purl} {
		if s != "" && MatchName(pattern, s) {
			return true
		}
	}
	return false
}
