package hardening

import (
	_ "embed"
	"encoding/base64"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/mcp-comply/mcp-comply/internal/secrets"
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
	// Class is "structural" (markup, tokens, characters or parameter names
	// that have no place in documentation), "pattern" (a phrase rarely
	// innocent) or "word-list" (words common in benign text).
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
	Raw      bool     `yaml:"raw"`
	Pattern  string   `yaml:"pattern"`
	Verify   string   `yaml:"verify"`
	Keywords []string `yaml:"keywords"`
	Trigger  string   `yaml:"trigger"`
	// Languages are the rule's phrases in other languages, each with its
	// own keywords: a text runs only the languages whose keywords it holds,
	// so English text pays for none of them.
	Languages []ruleLanguage `yaml:"languages"`
	Source    string         `yaml:"source"`
	Checked   string         `yaml:"checked"`
	Positive  []string       `yaml:"positive"`
	Negative  []string       `yaml:"negative"`
	re        *regexp.Regexp // the whole rule: its pattern or any language's
}

// ruleLanguage is a rule's phrase in one language.
type ruleLanguage struct {
	Lang     string   `yaml:"lang"`
	Pattern  string   `yaml:"pattern"`
	Keywords []string `yaml:"keywords"`
	// nonASCII: every keyword has a character past ASCII (Chinese,
	// Japanese, Russian), so no ASCII text can hold one.
	nonASCII bool
}

// part is the pattern of part k of a rule: 0 is its own, k > 0 its
// (k-1)th language.
func (r *indicatorRule) part(k int) (pattern string, keywords []string) {
	if k == 0 {
		return r.Pattern, r.Keywords
	}
	l := r.Languages[k-1]
	return l.Pattern, l.Keywords
}

type catalogue struct {
	Version int              `yaml:"version"`
	Rules   []*indicatorRule `yaml:"rules"`
	// sets caches one alternation per set of rules whose keywords occur in
	// a description (key: the rule indexes).
	sets sync.Map
}

// ruleSet is the alternation of some text rules (some parts of each);
// group[i] is the submatch index of rule i's group, or -1 when rule i is
// not in the set.
type ruleSet struct {
	re    *regexp.Regexp
	group []int
}

// indicatorCatalogue parses the embedded catalogue once.
var indicatorCatalogue = sync.OnceValues(func() (*catalogue, error) { return parseCatalogue(indicatorsYAML) })

func parseCatalogue(data []byte) (*catalogue, error) {
	var c catalogue
	if err := yaml.Unmarshal(data, &c); err != nil {
		return nil, fmt.Errorf("indicators.yaml: %w", err)
	}
	for _, r := range c.Rules {
		if len(r.Languages) > 63 {
			return nil, fmt.Errorf("indicators.yaml: rule %s: more than 63 languages", r.ID)
		}
		for k := range r.Languages {
			l := &r.Languages[k]
			l.nonASCII = !slices.ContainsFunc(l.Keywords, isASCII)
		}
		re, err := regexp.Compile(r.alternation(1<<(len(r.Languages)+1) - 1))
		if err != nil {
			return nil, fmt.Errorf("indicators.yaml: rule %s: %w", r.ID, err)
		}
		r.re = re
	}
	return &c, nil
}

// alternation is the pattern of the parts of r in the mask (bit k: part
// k), each in its own group so that its flags stay its own.
func (r *indicatorRule) alternation(mask uint64) string {
	if mask == 1 {
		return r.Pattern
	}
	var alts []string
	for k := 0; k <= len(r.Languages); k++ {
		if mask&(1<<k) != 0 {
			p, _ := r.part(k)
			alts = append(alts, "(?:"+p+")")
		}
	}
	return strings.Join(alts, "|")
}

// textHit is one rule matched in a text.
type textHit struct {
	rule       *indicatorRule
	start, end int
	decoded    string
}

// activeRule is a text rule that can match a text, and which of its
// parts can (bit k: part k).
type activeRule struct {
	rule  int
	parts uint64
}

// active lists the text rules that can match s and their parts that can:
// those with a keyword in it or whose trigger fires.
func (c *catalogue) active(s string) []activeRule {
	lower := strings.ToLower(s)
	ascii := isASCII(s)
	var out []activeRule
	for i, r := range c.Rules {
		if r.Target != "" || r.Raw {
			continue
		}
		var parts uint64
		switch r.Trigger {
		case "hidden-runes":
			if strings.IndexFunc(s, secrets.Hidden) >= 0 {
				parts = 1
			}
		case "base64-run":
			if base64Run(s, 40) {
				parts = 1
			}
		default:
			for k := 0; k <= len(r.Languages); k++ {
				if k > 0 && ascii && r.Languages[k-1].nonASCII {
					continue
				}
				_, keywords := r.part(k)
				if slices.ContainsFunc(keywords, func(w string) bool { return strings.Contains(lower, w) }) {
					parts |= 1 << k
				}
			}
		}
		if parts != 0 {
			out = append(out, activeRule{i, parts})
		}
	}
	return out
}

// matchRaw runs the rules that read a text as written (raw: true) over
// it, before its white space is folded.
func (c *catalogue) matchRaw(s string) []textHit {
	var out []textHit
	for _, r := range c.Rules {
		if !r.Raw || r.Trigger == "blank-run" && !blankRun(s, 50) {
			continue
		}
		for _, m := range r.re.FindAllStringIndex(s, -1) {
			h := textHit{rule: r, start: m[0], end: m[1]}
			if ok, dec := verify(r.Verify, s, h.start, h.end); ok {
				h.decoded = dec
				out = append(out, h)
			}
		}
	}
	return out
}

// isASCII reports that s is all ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// blankRun reports a run of n blanks in s: spaces, tabs, no-break,
// typographic and ideographic spaces (whitespace-padding's class).
func blankRun(s string, n int) bool {
	run := 0
	for _, r := range s {
		if r == ' ' || r == '\t' || r == 0xA0 || r >= 0x2000 && r <= 0x200A || r == 0x3000 {
			if run++; run >= n {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

func base64Run(s string, n int) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '/' {
			if run++; run >= n {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// set returns the alternation of the given rules, compiled once.
func (c *catalogue) set(rules []activeRule) *ruleSet {
	var key strings.Builder
	for _, a := range rules {
		fmt.Fprintf(&key, "%d:%x,", a.rule, a.parts)
	}
	if v, ok := c.sets.Load(key.String()); ok {
		return v.(*ruleSet)
	}
	alts := make([]string, len(rules))
	for k, a := range rules {
		alts[k] = fmt.Sprintf("(?P<r%d>%s)", a.rule, c.Rules[a.rule].alternation(a.parts))
	}
	rs := &ruleSet{re: regexp.MustCompile(strings.Join(alts, "|")), group: make([]int, len(c.Rules))}
	for i := range rs.group {
		rs.group[i] = rs.re.SubexpIndex(fmt.Sprintf("r%d", i))
	}
	v, _ := c.sets.LoadOrStore(key.String(), rs)
	return v.(*ruleSet)
}

// matchText runs the catalogue over a text in one pass of the
// alternation of the rules that can match it.
func (c *catalogue) matchText(s string) []textHit {
	rules := c.active(s)
	if len(rules) == 0 {
		return nil
	}
	rs := c.set(rules)
	var out []textHit
	for _, m := range rs.re.FindAllStringSubmatchIndex(s, -1) {
		for _, a := range rules {
			i := a.rule
			g := rs.group[i]
			if g < 0 || m[2*g] < 0 {
				continue
			}
			r := c.Rules[i]
			h := textHit{rule: r, start: m[2*g], end: m[2*g+1]}
			if ok, dec := verify(r.Verify, s, h.start, h.end); ok {
				h.decoded = dec
				out = append(out, h)
			}
			break
		}
	}
	return out
}

var dropSeparators = strings.NewReplacer("_", "", "-", "")

// matchParam runs the param-name rules over a parameter name.
func (c *catalogue) matchParam(name string) []*indicatorRule {
	norm := strings.ToLower(dropSeparators.Replace(name))
	var out []*indicatorRule
	for _, r := range c.Rules {
		if r.Target == "param-name" && r.re.MatchString(norm) {
			out = append(out, r)
		}
	}
	return out
}

// verify applies a rule's extra check to its match, s[start:end].
func verify(kind, s string, start, end int) (bool, string) {
	m := s[start:end]
	switch kind {
	case "not-advice":
		// A security note is no demand: ../../etc/passwd names what a
		// traversal check refuses, and "Do NOT read, open, or echo any
		// .env file" forbids what it names (auth0-mcp-server).
		return !strings.Contains(m, "..") && !negatedBefore(s[:start]), ""
	case "base64":
		return base64Blob(m)
	case "not-traversal":
		// ../../etc/passwd names what a traversal check refuses.
		return !strings.Contains(m, ".."), ""
	case "not-negated":
		// "never include credentials" is advice, not a demand, in any of
		// the languages whose negations the pattern takes in.
		l := strings.ToLower(m)
		for _, n := range negations {
			if strings.HasPrefix(l, n) {
				return false, ""
			}
		}
		return true, ""
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

// negatedBefore reports a clause that ends in a negation just before a
// match: "do not ", "never ", "Don't ", in the languages of negations.
func negatedBefore(before string) bool {
	if i := strings.LastIndexAny(before, ".;:!?\n"); i >= 0 {
		before = before[i+1:]
	}
	l := strings.ToLower(strings.TrimRight(before, " ,"))
	for _, n := range negations {
		n = strings.TrimSpace(n)
		if !strings.HasSuffix(l, n) {
			continue
		}
		rest := l[:len(l)-len(n)]
		if r, _ := utf8.DecodeLastRuneInString(rest); rest == "" || !unicode.IsLetter(r) || !unicode.IsLetter(rune(n[0])) {
			return true
		}
	}
	return false
}

// negations open a not-negated rule's match when it is advice: the
// pattern's optional negation group, in the same languages.
var negations = []string{"never", "neither", "nor ", "not", "n't", "no ", "nunca", "jamais", "nie", "nicht", "kein", "ne ", "n'", "никогда", "не ", "不要", "切勿", "请勿", "禁止", "不得"}

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
	if len(dec) == 0 || printable*10 < len(dec)*9 {
		return false, "" // binary: a key, a hash, or letters that only look like base64
	}
	return true, secrets.Excerpt(string(dec))
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
	out := secrets.Excerpt(s[from:to])
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
		emit := func(text string, h textHit) {
			in := Indicator{Rule: h.rule.ID, Category: h.rule.Category, Class: h.rule.Class, Server: s.Name,
				Subject: subject, Tool: tool, Name: name, Match: secrets.Excerpt(text[h.start:h.end]), Decoded: h.decoded}
			if h.rule.Trigger == "blank-run" {
				// The blanks themselves say nothing: name how many, and show
				// what they push out of view.
				in.Match = fmt.Sprintf("%d blanks", utf8.RuneCountInString(text[h.start:h.end])-2)
				in.Evidence = Evidence{Position: ev.Position, Excerpt: around(text, h.end-1, h.end-1)}
			} else {
				in.Evidence = Evidence{Position: ev.Position, Excerpt: around(text, h.start, h.end)}
			}
			in.ID = factID("indicator", s.File, s.Name, subject, tool, name, h.rule.ID, in.Match)
			out = append(out, in)
		}
		for _, h := range c.matchRaw(text) {
			emit(text, h)
		}
		text = spaces.ReplaceAllString(text, " ")
		for _, h := range c.matchText(text) {
			emit(text, h)
		}
	}
	if s.Instructions != nil {
		add("instructions", "", "", s.Instructions.Text, s.Instructions.Evidence)
	}
	for _, t := range s.Tools {
		for _, text := range []string{t.Title, t.Annotations.Title, t.Description} {
			add("tool", t.Name, "", text, t.Evidence)
		}
		for _, d := range t.DocSwaps { // the descriptions the code swaps in later are read like the one it registers
			add("tool", t.Name, "", d.Text, d.Evidence)
		}
		for _, p := range t.Params {
			add("param", t.Name, p.Name, p.Description, Evidence{Position: p.Position})
			for _, r := range c.matchParam(p.Name) {
				in := Indicator{Rule: r.ID, Category: r.Category, Class: r.Class, Server: s.Name, Subject: "param",
					Tool: t.Name, Name: p.Name, Match: p.Name, Evidence: Evidence{Position: p.Position, Excerpt: secrets.Excerpt(p.Name)}}
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

// TextFacts states what the texts of the given source servers say: their
// poisoning indicators and the shadowing among them, as Finish states them
// for the servers it reads. It is for servers read another way (a
// development harness over descriptions extracted from source, a listing).
func TextFacts(sources []SourceServer) ([]Indicator, []Shadowing, error) {
	cat, err := indicatorCatalogue()
	if err != nil {
		return nil, nil, err
	}
	var ins []Indicator
	for i := range sources {
		ins = append(ins, indicators(cat, &sources[i])...)
	}
	return ins, shadowing(nil, sources, ins), nil
}
