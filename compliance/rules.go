package compliance

import (
	"bytes"
	"cmp"
	_ "embed"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"go.yaml.in/yaml/v3"
)

// The rule table (rules.yaml) is the judgement as data: every rule
// declared once with its checklist item, its severity by default, per
// market and per variant, the templates its findings are written from,
// and the help readers follow. The judge functions turn facts into
// observations (a rule, a variant, a subject, named values, evidence);
// observe applies the table.

//go:embed rules.yaml
var rulesYAML []byte

// RuleInfo describes a rule for readers of its findings: the SARIF rule,
// the PDF's checklist, a pull-request comment's links.
type RuleInfo struct {
	ID   string `json:"id"`
	Area Area   `json:"area"`
	// Item is the checklist item of a hardening rule.
	Item  string `json:"item,omitempty"`
	Title string `json:"title"`
	// Help says what the rule looks for and why it matters; HelpURI is
	// the source a reader follows (a specification, a law, a guide).
	Help    string   `json:"help"`
	HelpURI string   `json:"helpUri,omitempty"`
	Level   Severity `json:"defaultSeverity"`
}

// rule is a row of the table as written.
type rule struct {
	ID          string              `yaml:"id"`
	Area        Area                `yaml:"area"`
	Item        string              `yaml:"item"`
	Title       string              `yaml:"title"`
	Severity    Severity            `yaml:"severity"`
	Markets     map[Market]Severity `yaml:"markets"`
	Variants    map[string]Severity `yaml:"variants"`
	Finding     text                `yaml:"finding"`
	Detail      text                `yaml:"detail"`
	Remediation text                `yaml:"remediation"`
	Help        string              `yaml:"help"`
	HelpURI     string              `yaml:"helpUri"`
}

// text is a template, or one template per variant ("default" for the rest).
type text map[string]string

func (t *text) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*t = text{"default": n.Value}
		return nil
	}
	var m map[string]string
	if err := n.Decode(&m); err != nil {
		return err
	}
	*t = m
	return nil
}

// For picks the template of a variant.
func (t text) For(variant string) string {
	if s, ok := t[variant]; ok && variant != "" {
		return s
	}
	return t["default"]
}

// none marks a market or variant where a rule reports nothing.
const none = SeverityNone

// table is the loaded rules.yaml.
type table struct {
	Checklist []struct {
		ID    string `yaml:"id"`
		Title string `yaml:"title"`
	} `yaml:"checklist"`
	Rules    []rule   `yaml:"rules"`
	Settings []rule   `yaml:"settings"`
	Samples  samples  `yaml:"samples"`
	Reviewed reviewed `yaml:"reviewed"`
	byID     map[string]*rule
}

// reviewed is how a setting on a line a security linter skips is judged.
type reviewed struct {
	AtMost Severity `yaml:"at-most"`
	Note   string   `yaml:"note"`
}

// cap lowers sev for a line marked with marker; the note says so, or is
// empty where nothing changed.
func (r reviewed) cap(marker string, sev Severity) (Severity, string) {
	if marker == "" || sev.Rank() <= r.AtMost.Rank() {
		return sev, ""
	}
	return r.AtMost, strings.NewReplacer("{marker}", marker, "{severity}", string(r.AtMost), "{default}", string(sev)).Replace(r.Note)
}

// samples is how findings seen only in tests, fixtures and examples are
// kept apart: no worse than AtMost in the areas listed, with the note. In
// CIAreas a CI pipeline's files count with them, with CINote.
type samples struct {
	AtMost  Severity `yaml:"at-most"`
	Areas   []Area   `yaml:"areas"`
	Note    string   `yaml:"note"`
	CIAreas []Area   `yaml:"ci-areas"`
	CINote  string   `yaml:"ci-note"`
}

// apart caps a rule's severity for evidence that lies wholly in tests,
// fixtures or examples (or, in CIAreas, CI pipelines too); the note says
// so, or is empty where nothing changed.
func (s samples) apart(area Area, sev Severity, evidence []Evidence) (Severity, string) {
	if sev.Rank() <= s.AtMost.Rank() || !slices.Contains(s.Areas, area) {
		return sev, ""
	}
	note := s.Note
	switch {
	case onlySamples(evidence):
	case slices.Contains(s.CIAreas, area) && allIn(evidence, testOrCI):
		note = s.CINote
	default:
		return sev, ""
	}
	return s.AtMost, strings.NewReplacer("{severity}", string(s.AtMost), "{default}", string(sev)).Replace(note)
}

// onlySamples reports evidence that names files, all of them tests,
// fixtures or examples.
func onlySamples(evidence []Evidence) bool { return allIn(evidence, project.IsSample) }

// allIn reports evidence that names files, every one of them a kind of file.
func allIn(evidence []Evidence, kind func(file string) bool) bool {
	for _, e := range evidence {
		if e.File == "" || !kind(e.File) {
			return false
		}
	}
	return len(evidence) > 0
}

// deployedFirst orders evidence so that the places a deployment runs come
// before tests, fixtures, examples and CI pipelines, each group in its own
// order: the first place is what SARIF and a pull request's annotation
// point at, and a production line is the one to fix.
func deployedFirst(evidence []Evidence) []Evidence {
	var deployed, apart []Evidence
	for _, e := range evidence {
		if e.File != "" && testOrCI(e.File) {
			apart = append(apart, e)
		} else {
			deployed = append(deployed, e)
		}
	}
	if len(apart) == 0 || len(deployed) == 0 {
		return evidence
	}
	return append(deployed, apart...)
}

// rules loads the table once.
var rules = embedded("rules.yaml", rulesYAML, loadRules)

// embedded loads an embedded table (file, as load reads it) once, on first
// use. The tests load every embedded file, so a broken one is a build
// error, never a user's: here it panics.
func embedded[T any](file string, data []byte, load func([]byte) (T, error)) func() T {
	return sync.OnceValue(func() T {
		t, err := load(data)
		if err != nil {
			panic("compliance: " + file + ": " + err.Error())
		}
		return t
	})
}

// decodeStrict decodes an embedded YAML table into v; a key v does not
// have is an error.
func decodeStrict(data []byte, v any) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	return dec.Decode(v)
}

func loadRules(data []byte) (*table, error) {
	var t table
	if err := decodeStrict(data, &t); err != nil {
		return nil, err
	}
	// Settings are encryption rules written compactly.
	for _, s := range t.Settings {
		s.ID = "encryption/" + s.ID
		s.Area = AreaResidency
		s.Finding = text{"default": "{title} ({key})"}
		if s.HelpURI == "" {
			s.HelpURI = "https://eur-lex.europa.eu/eli/reg/2016/679/oj"
		}
		t.Rules = append(t.Rules, s)
	}
	t.byID = map[string]*rule{}
	for i := range t.Rules {
		r := &t.Rules[i]
		if _, dup := t.byID[r.ID]; dup {
			return nil, fmt.Errorf("rule %s is declared twice", r.ID)
		}
		if r.Help == "" { // the title and what to do say it all
			r.Help = r.Title + ". " + r.Remediation.For("")
		}
		if r.Finding == nil {
			r.Finding = text{"default": r.Title}
		}
		t.byID[r.ID] = r
	}
	return &t, nil
}

// severity is how serious a finding of the rule is for a market and a
// variant of its fact; none means it is not reported.
func (r *rule) severity(m Market, variant string) Severity {
	s := r.Severity
	if ms, ok := r.Markets[m]; ok {
		s = ms
	}
	if s == none {
		return none
	}
	if vs, ok := r.Variants[variant]; ok {
		return vs
	}
	return s
}

// info is the rule as readers of the report see it.
func (r *rule) info() RuleInfo {
	level := r.Severity
	if level == none { // reported only in some markets: the worst of them
		for _, s := range r.Markets {
			if s != none && s.Rank() >= level.Rank() {
				level = s
			}
		}
	}
	return RuleInfo{ID: r.ID, Area: r.Area, Item: r.Item, Title: r.Title, Help: r.Help, HelpURI: r.HelpURI, Level: level}
}

var placeholder = regexp.MustCompile(`\{([a-z][a-z-]*)\}`)

// fill writes a template with the observation's values; {title} is the
// rule's title. A value the template names but the observation lacks is
// left empty.
func (r *rule) fill(tmpl string, values map[string]string) string {
	return placeholder.ReplaceAllStringFunc(tmpl, func(m string) string {
		name := m[1 : len(m)-1]
		if name == "title" {
			return r.Title
		}
		return values[name]
	})
}

// observation is a fact as the table judges it.
type observation struct {
	rule    string
	variant string
	// form picks the templates where the wording depends on more than the
	// variant (how a transport fact was seen); the variant otherwise.
	form string
	// subject identifies what the finding is about; with the rule (and
	// any further parts) it makes the fingerprint, so it never holds
	// wording or positions.
	subject string
	// key replaces the subject in the fingerprint where more identifies
	// the finding (a setting's value); fingerprint adds further parts.
	key         string
	fingerprint []string
	// reviewed is the security linter's skip marker on the line of a
	// setting in code.
	reviewed string
	values   map[string]string
	evidence []Evidence
	uses     []Use
}

// The finding and rule description of a fact no rule of the table judges.
const (
	noRuleTitle = "No rule judges "
	noRuleHelp  = "mcp-comply found a fact its rule table does not judge; report this."
)

// observe judges an observation under the market: a finding, or false
// when the rule reports nothing there. An observation naming no rule of
// the table is a programming error that a test catches; at run time it
// still becomes a high finding, never silence.
func observe(o observation, m Market) (Finding, bool) {
	r, ok := rules().byID[o.rule]
	if !ok {
		f := Finding{Rule: o.rule, Area: Area(strings.Split(o.rule, "/")[0]), Severity: High, Subject: o.subject,
			Title: noRuleTitle + o.rule, Detail: noRuleHelp,
			Evidence: o.evidence, Uses: o.uses}
		f.Fingerprint = fingerprint(o.rule, cmp.Or(o.key, o.subject), o.fingerprint...)
		return f, true
	}
	sev := r.severity(m, o.variant)
	if sev == none {
		return Finding{}, false
	}
	sev, apart := rules().Samples.apart(r.Area, sev, o.evidence)
	sev, seen := rules().Reviewed.cap(o.reviewed, sev)
	form := cmp.Or(o.form, o.variant)
	f := Finding{
		Rule: r.ID, Area: r.Area, Severity: sev, Subject: o.subject, Uses: o.uses,
		Title:       r.fill(r.Finding.For(form), o.values),
		Detail:      strings.TrimSpace(r.fill(r.Detail.For(form), o.values)),
		Remediation: r.fill(r.Remediation.For(form), o.values),
		Evidence:    deployedFirst(o.evidence),
	}
	for _, note := range []string{apart, seen} {
		if note == "" {
			continue
		}
		if f.Detail != "" && !strings.HasSuffix(f.Detail, ".") {
			f.Detail += "."
		}
		f.Detail = strings.TrimSpace(f.Detail + " " + note)
	}
	if f.Evidence == nil {
		f.Evidence = []Evidence{}
	}
	f.Fingerprint = fingerprint(r.ID, cmp.Or(o.key, o.subject), o.fingerprint...)
	return f, true
}

// item is the checklist item a rule's findings count against.
func item(ruleID string) string {
	if r, ok := rules().byID[ruleID]; ok {
		return r.Item
	}
	return ""
}

// RuleIDs lists the ids of every rule of the table, sorted: what a
// policy's waiver may name.
func RuleIDs() []string {
	ids := make([]string, 0, len(rules().byID))
	for id := range rules().byID {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// Rule returns the description of a rule; ok is false for an unknown id.
func Rule(id string) (RuleInfo, bool) {
	r, ok := rules().byID[id]
	if !ok {
		return RuleInfo{}, false
	}
	return r.info(), true
}
