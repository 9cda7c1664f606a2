package aiuse

import (
	"bytes"
	_ "embed"
	"fmt"
	"regexp"
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

	phrases, weak, context, unless []*regexp.Regexp
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
	compile := func(id string, pats []string) ([]*regexp.Regexp, error) {
		var out []*regexp.Regexp
		for _, p := range pats {
			re, err := regexp.Compile("(?i)" + p)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", id, err)
			}
			out = append(out, re)
		}
		return out, nil
	}
	for _, c := range t.Categories {
		var err error
		for _, f := range []struct {
			dst *[]*regexp.Regexp
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
	for _, c := range categories() {
		if h, ok := c.match(text); ok {
			out = append(out, h)
		}
	}
	return out
}

func (c *category) match(text string) (hit, bool) {
	for _, re := range c.unless {
		if re.MatchString(text) {
			return hit{}, false
		}
	}
	loc := firstMatch(c.phrases, text)
	if loc == nil && firstMatch(c.context, text) != nil {
		loc = firstMatch(c.weak, text)
	}
	if loc == nil {
		return hit{}, false
	}
	return hit{category: c.ID, phrase: text[loc[0]:loc[1]], start: loc[0], end: loc[1]}, true
}

// firstMatch is the earliest match of any of the patterns.
func firstMatch(res []*regexp.Regexp, text string) []int {
	var best []int
	for _, re := range res {
		if loc := re.FindStringIndex(text); loc != nil && (best == nil || loc[0] < best[0]) {
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
