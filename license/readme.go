package license

import (
	"io/fs"
	"path"
	"regexp"
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/lines"
	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/vocab"
)

// A package with no licence metadata and no licence file often states its
// licence in its README's "License" section ("licensed under the MIT
// license"). The statement is the author's own, so it counts as evidence,
// recorded as such; it is the last resort before unknown.

var (
	readmeHeading = regexp.MustCompile(`(?im)^(?:#{1,6}[ \t]*licen[cs]e[ \t]*:?[ \t]*#*[ \t]*$|licen[cs]e[ \t]*:?[ \t]*\n[-=]{3,}[ \t]*$)`)
	nextHeading   = regexp.MustCompile(`(?m)^(?:#{1,6}[ \t]|\S[^\n]*\n[-=]{3,}[ \t]*$)`)
	// licensedUnder captures the licence name in the usual phrasings.
	licensedUnder = regexp.MustCompile(`(?i)(?:licen[cs]ed|released|distributed|available)\s+under\s+(?:the\s+)?(?:terms\s+of\s+the\s+)?\[?([A-Za-z0-9.+\- ]{2,40}?)\]?\s*(?:\([^)]*\)\s*)?licen[cs]e`)
)

// maxReadme is the largest README read for a licence section.
const maxReadme = 256 << 10

// readmeLicense looks for a licence statement in the README of dir.
func (r *resolver) readmeLicense(dir string) (*Expr, Evidence, bool) {
	if dir == "" {
		return nil, Evidence{}, false
	}
	entries, err := fs.ReadDir(r.idx.FS(), dir)
	if err != nil {
		return nil, Evidence{}, false
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasPrefix(strings.ToLower(e.Name()), "readme") {
			continue
		}
		file := path.Join(dir, e.Name())
		data := r.idx.Read(file)
		if data == nil || len(data) > maxReadme {
			continue
		}
		loc := readmeHeading.FindIndex(data)
		if loc == nil {
			continue
		}
		section := data[loc[1]:]
		if next := nextHeading.FindIndex(section); next != nil {
			section = section[:next[0]]
		}
		if len(section) > 4000 {
			section = section[:4000]
		}
		ev := Evidence{Method: vocab.MethodText, Position: project.Position{File: file, Line: lines.Of(data, loc[0])}}
		if m := licensedUnder.FindSubmatch(section); m != nil {
			name := strings.TrimSpace(string(m[1]))
			for _, candidate := range []string{name, name + " License", name + " Licence"} {
				if n, ok := normalize(r.base, candidate); ok {
					ev.Value = n.Expr.String()
					ev.Note = "stated in the README's License section: \"" + project.ValidUTF8(strings.Join(strings.Fields(string(m[0])), " ")) + "\""
					return n.Expr, ev, true
				}
			}
		}
		if tm := matchText(section); tm.expr != nil {
			ev.Value = tm.expr.String()
			ev.Coverage = round1(tm.coverage)
			ev.Note = "licence text in the README's License section"
			return tm.expr, ev, true
		}
	}
	return nil, Evidence{}, false
}
