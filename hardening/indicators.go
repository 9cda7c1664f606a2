package hardening

import (
	_ "embed"
	"encoding/base64"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"unicode"

	"go.yaml.in/yaml/v3"
)

//go:embed indicators.yaml
var indicatorsYAML []byte

// Indicator is a poisoning indicator found in text a model reads: a
// phrase, a hidden character, an encoded blob, or a parameter name made to
// carry data out. Whether it matters is the judgement's call: a word-list
// hit alone is weak, several categories together are not.
type Indicator struct {
	ID string `json:"id"`
	// Rule and Category come from the catalogue (indicators.yaml).
	Rule     string `json:"rule"`
	Category string `json:"category"`
	// Class is "pattern" or "word-list".
	Class  string `json:"class"`
	Server string `json:"server"`
	// Subject is what holds the text: tool, param, prompt, resource or
	// instructions.
	Subject string `json:"subject"`
	// Tool is the tool a tool or param subject belongs to; Name is the
	// param, prompt or resource.
	Tool string `json:"tool,omitempty"`
	Name string `json:"name,omitempty"`
	// Match is the matched text, hidden characters written as \u escapes.
	Match string `json:"match"`
	// Decoded is what a Unicode-tag run or a base64 blob says.
	Decoded string `json:"decoded,omitempty"`
	Evidence
}

type indicatorRule struct {
	ID       string   `yaml:"id"`
	Category string   `yaml:"category"`
	Class    string   `yaml:"class"`
	Target   string   `yaml:"target"`
	Pattern  string   `yaml:"pattern"`
	Verify   string   `yaml:"verify"`
	Source   string   `yaml:"source"`
	Checked  string   `yaml:"checked"`
	Positive []string `yaml:"positive"`
	Negative []string `yaml:"negative"`
	re       *regexp.Regexp
}

type catalogue struct {
	Version int              `yaml:"version"`
	Rules   []*indicatorRule `yaml:"rules"`
	// text is every text rule in one alternation; group[i] is the
	// submatch index of rule i's group, or -1 for a param-name rule.
	text  *regexp.Regexp
	group []int
}

// indicatorCatalogue parses the embedded catalogue once.
var indicatorCatalogue = sync.OnceValues(func() (*catalogue, error) { return parseCatalogue(indicatorsYAML) })

func parseCatalogue(data []byte) (*catalogue, error) {
	var c catalogue
	if err := yaml.Unmarshal(data, &c); err != nil {
		return nil, fmt.Errorf("indicators.yaml: %w", err)
	}
	var alts []string
	c.group = make([]int, len(c.Rules))
	for i, r := range c.Rules {
		re, err := regexp.Compile(r.Pattern)
		if err != nil {
			return nil, fmt.Errorf("indicators.yaml: rule %s: %w", r.ID, err)
		}
		r.re = re
		c.group[i] = -1
		if r.Target == "" {
			alts = append(alts, fmt.Sprintf("(?P<r%d>%s)", i, r.Pattern))
		}
	}
	text, err := regexp.Compile(strings.Join(alts, "|"))
	if err != nil {
		return nil, fmt.Errorf("indicators.yaml: %w", err)
	}
	c.text = text
	for i := range c.Rules {
		if c.Rules[i].Target == "" {
			c.group[i] = text.SubexpIndex(fmt.Sprintf("r%d", i))
		}
	}
	return &c, nil
}

// textHit is one rule matched in a text.
type textHit struct {
	rule       *indicatorRule
	start, end int
	decoded    string
}

// matchText runs the catalogue over a text in one pass.
func (c *catalogue) matchText(s string) []textHit {
	if s == "" {
		return nil
	}
	var out []textHit
	for _, m := range c.text.FindAllStringSubmatchIndex(s, -1) {
		for i, g := range c.group {
			if g < 0 || m[2*g] < 0 {
				continue
			}
			r := c.Rules[i]
			h := textHit{rule: r, start: m[2*g], end: m[2*g+1]}
			if ok, dec := verify(r.Verify, s[h.start:h.end]); ok {
				h.decoded = dec
				out = append(out, h)
			}
			break
		}
	}
	return out
}

// matchParam runs the param-name rules over a parameter name.
func (c *catalogue) matchParam(name string) []*indicatorRule {
	norm := strings.ToLower(strings.NewReplacer("_", "", "-", "").Replace(name))
	var out []*indicatorRule
	for _, r := range c.Rules {
		if r.Target == "param-name" && r.re.MatchString(norm) {
			out = append(out, r)
		}
	}
	return out
}

// verify applies a rule's extra check to its match.
func verify(kind, m string) (bool, string) {
	switch kind {
	case "base64":
		return base64Blob(m)
	case "tags":
		var b strings.Builder
		for _, r := range m {
			if r >= 0xE0020 && r <= 0xE007E {
				b.WriteRune(r - 0xE0000)
			}
		}
		return true, b.String()
	}
	return true, ""
}

// base64Blob accepts a run that decodes as base64 and mixes upper case,
// lower case and digits, as encoded data does and paths and words do not.
func base64Blob(s string) (bool, string) {
	var up, low, dig bool
	for _, r := range s {
		up = up || unicode.IsUpper(r)
		low = low || unicode.IsLower(r)
		dig = dig || unicode.IsDigit(r)
	}
	if !up || !low || !dig {
		return false, ""
	}
	raw := strings.TrimRight(s, "=")
	dec, err := base64.RawStdEncoding.DecodeString(raw[:len(raw)/4*4])
	if err != nil {
		return false, ""
	}
	printable := 0
	for _, b := range dec {
		if b >= 0x20 && b < 0x7f || b == '\n' {
			printable++
		}
	}
	if printable*10 >= len(dec)*9 {
		return true, excerpt(string(dec))
	}
	return true, ""
}

// around shows a match with a little of the text around it.
func around(s string, start, end int) string {
	from, to := max(0, start-40), min(len(s), end+40)
	for from > 0 && !utf8Start(s[from]) {
		from--
	}
	for to < len(s) && !utf8Start(s[to]) {
		to++
	}
	out := excerpt(s[from:to])
	if from > 0 {
		out = "…" + out
	}
	if to < len(s) {
		out += "…"
	}
	return out
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

// indicators runs the catalogue over every text of a source server: tool,
// parameter, prompt and resource descriptions and titles, the
// instructions, and parameter names.
func indicators(c *catalogue, s *SourceServer) []Indicator {
	var out []Indicator
	add := func(subject, tool, name, text string, ev Evidence) {
		text = spaces.ReplaceAllString(text, " ")
		for _, h := range c.matchText(text) {
			in := Indicator{Rule: h.rule.ID, Category: h.rule.Category, Class: h.rule.Class, Server: s.Name,
				Subject: subject, Tool: tool, Name: name, Match: excerpt(text[h.start:h.end]), Decoded: h.decoded}
			in.Evidence = Evidence{Position: ev.Position, Excerpt: around(text, h.start, h.end)}
			in.ID = factID("indicator", s.File, s.Name, subject, tool, name, h.rule.ID, in.Match)
			out = append(out, in)
		}
	}
	if s.Instructions != nil {
		add("instructions", "", "", s.Instructions.Text, s.Instructions.Evidence)
	}
	for _, t := range s.Tools {
		for _, text := range []string{t.Title, t.Annotations.Title, t.Description} {
			add("tool", t.Name, "", text, t.Evidence)
		}
		for _, p := range t.Params {
			add("param", t.Name, p.Name, p.Description, Evidence{Position: p.Position})
			for _, r := range c.matchParam(p.Name) {
				in := Indicator{Rule: r.ID, Category: r.Category, Class: r.Class, Server: s.Name, Subject: "param",
					Tool: t.Name, Name: p.Name, Match: p.Name, Evidence: Evidence{Position: p.Position, Excerpt: excerpt(p.Name)}}
				in.ID = factID("indicator", s.File, s.Name, "param", t.Name, p.Name, r.ID, p.Name)
				out = append(out, in)
			}
		}
	}
	for _, p := range s.Prompts {
		add("prompt", "", p.Name, p.Description, p.Evidence)
	}
	for _, r := range s.Resources {
		add("resource", "", r.Name, r.Description, r.Evidence)
	}
	return out
}

// spaces are runs of ASCII white space, which a description wraps at
// will: matching reads them as one space, so a phrase may span lines.
var spaces = regexp.MustCompile(`[ \t\r\n]+`)
