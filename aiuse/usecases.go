package aiuse

import (
	"bytes"
	_ "embed"
	"fmt"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/mcp-comply/mcp-comply/internal/secrets"
)

//go:embed usecases.yaml
var useCasesYAML []byte

// category is a row of usecases.yaml, compiled.
type category struct {
	ID      string   `yaml:"id"`
	Phrases []string `yaml:"phrases"`
	Weak    []string `yaml:"weak"`
	Context []string `yaml:"context"`
	Unless  []string `yaml:"unless"`
	Samples struct {
		Match []string `yaml:"match"`
		No    []string `yaml:"no"`
	} `yaml:"samples"`

	phrases, weak, context, unless []*pattern
}

// pattern is a compiled pattern with the literals one of which any text it
// matches holds, lower-cased (nil when it has none to require): Go's
// matcher is slow on a pattern that starts with \b or a group, and most
// texts hold none of the literals, so strings.Contains rules them out.
type pattern struct {
	re   *regexp.Regexp
	cues []string
}

// find is the first match of the pattern in text, whose lower-cased form
// is lower; nil when none.
func (p *pattern) find(text, lower string) []int {
	if p.cues != nil && !slices.ContainsFunc(p.cues, func(c string) bool { return strings.Contains(lower, c) }) {
		return nil
	}
	return p.re.FindStringIndex(text)
}

// cues are the literals one of which every match of re holds, the longest
// the pattern offers: an alternation's literals each, or the strings a run
// of a concatenation's exact parts spells (Parse factors "resume|résumé"
// into r(?:esume|ésumé): the run gives both words back, not "r"); nil
// when re requires none.
func cues(re *syntax.Regexp) []string {
	switch re.Op {
	case syntax.OpLiteral:
		return []string{strings.ToLower(string(re.Rune))}
	case syntax.OpCapture, syntax.OpPlus:
		return cues(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min > 0 {
			return cues(re.Sub[0])
		}
	case syntax.OpConcat:
		var best, run []string
		pick := func(c []string) {
			if c != nil && (best == nil || shortest(c) > shortest(best)) {
				best = c
			}
		}
		for _, sub := range re.Sub {
			if set, ok := exact(sub); ok {
				if run == nil {
					run = []string{""}
				}
				if run = product(run, set); len(run) <= 64 {
					continue
				}
			}
			pick(run)
			run = nil
			pick(cues(sub))
		}
		pick(run)
		if best != nil && shortest(best) == 0 {
			return nil
		}
		return best
	case syntax.OpAlternate:
		var out []string
		for _, sub := range re.Sub {
			c := cues(sub)
			if c == nil {
				return nil
			}
			out = append(out, c...)
		}
		return out
	}
	return nil
}

// exact is the set of strings re matches when it is a finite set of
// literals (empty-width assertions match ""), lower-cased.
func exact(re *syntax.Regexp) ([]string, bool) {
	switch re.Op {
	case syntax.OpLiteral:
		return []string{strings.ToLower(string(re.Rune))}, true
	case syntax.OpEmptyMatch, syntax.OpWordBoundary, syntax.OpNoWordBoundary, syntax.OpBeginLine, syntax.OpEndLine,
		syntax.OpBeginText, syntax.OpEndText:
		return []string{""}, true
	case syntax.OpCapture:
		return exact(re.Sub[0])
	case syntax.OpAlternate, syntax.OpConcat:
		out := []string{""}
		if re.Op == syntax.OpAlternate {
			out = nil
		}
		for _, sub := range re.Sub {
			set, ok := exact(sub)
			if !ok {
				return nil, false
			}
			if re.Op == syntax.OpAlternate {
				out = append(out, set...)
			} else if out = product(out, set); len(out) > 64 {
				return nil, false
			}
		}
		return out, true
	}
	return nil, false
}

func product(a, b []string) []string {
	out := make([]string, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			out = append(out, x+y)
		}
	}
	return out
}

func shortest(ss []string) int {
	n := -1
	for _, s := range ss {
		if n < 0 || len(s) < n {
			n = len(s)
		}
	}
	return n
}

// categories loads the table once; the tests check it, so a broken one is
// a build error, never a user's.
var categories = sync.OnceValue(func() []*category {
	cs, err := loadCategories(useCasesYAML)
	if err != nil {
		panic("aiuse: usecases.yaml: " + err.Error())
	}
	return cs
})

func loadCategories(data []byte) ([]*category, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var t struct {
		Categories []*category `yaml:"categories"`
	}
	if err := dec.Decode(&t); err != nil {
		return nil, err
	}
	compile := func(id string, pats []string) ([]*pattern, error) {
		var out []*pattern
		for _, p := range pats {
			re, err := regexp.Compile("(?i)" + p)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", id, err)
			}
			parsed, err := syntax.Parse("(?i)"+p, syntax.Perl)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", id, err)
			}
			out = append(out, &pattern{re: re, cues: cues(parsed.Simplify())})
		}
		return out, nil
	}
	for _, c := range t.Categories {
		var err error
		for _, f := range []struct {
			dst *[]*pattern
			src []string
		}{{&c.phrases, c.Phrases}, {&c.weak, c.Weak}, {&c.context, c.Context}, {&c.unless, c.Unless}} {
			if *f.dst, err = compile(c.ID, f.src); err != nil {
				return nil, err
			}
		}
		if len(c.weak) > 0 && len(c.context) == 0 {
			return nil, fmt.Errorf("%s: weak words need context words", c.ID)
		}
	}
	return t.Categories, nil
}

// hit is a use-case phrase found in a text: its category, the phrase and
// the byte range it stands at.
type hit struct {
	category   string
	phrase     string
	start, end int
}

// useCases finds the use cases a text names, at most one per category
// (the first phrase), in table order.
func useCases(text string) []hit {
	var out []hit
	lower := strings.ToLower(text)
	for _, c := range categories() {
		if h, ok := c.match(text, lower); ok {
			out = append(out, h)
		}
	}
	return out
}

func (c *category) match(text, lower string) (hit, bool) {
	if firstMatch(c.unless, text, lower) != nil {
		return hit{}, false
	}
	loc := firstMatch(c.phrases, text, lower)
	if loc == nil && firstMatch(c.context, text, lower) != nil {
		loc = firstMatch(c.weak, text, lower)
	}
	if loc == nil {
		return hit{}, false
	}
	return hit{category: c.ID, phrase: text[loc[0]:loc[1]], start: loc[0], end: loc[1]}, true
}

// firstMatch is the earliest match of any of the patterns.
func firstMatch(ps []*pattern, text, lower string) []int {
	var best []int
	for _, p := range ps {
		if loc := p.find(text, lower); loc != nil && (best == nil || loc[0] < best[0]) {
			best = loc
		}
	}
	return best
}

// window is the excerpt of a hit: the phrase with some words either side,
// so a reader sees the context that made it match.
func window(text string, h hit) string {
	const around = 60
	start, end := max(0, h.start-around), min(len(text), h.end+around)
	for start > 0 && !utf8.RuneStart(text[start]) {
		start--
	}
	for end < len(text) && !utf8.RuneStart(text[end]) {
		end++
	}
	s := text[start:end]
	if start > 0 {
		s = "…" + s
	}
	if end < len(text) {
		s += "…"
	}
	return secrets.Excerpt(s)
}

// Categories lists the ids of the use-case categories, in table order:
// what a judge of UseCase.Category must know.
func Categories() []string {
	var out []string
	for _, c := range categories() {
		out = append(out, c.ID)
	}
	return out
}
