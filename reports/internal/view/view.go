// Package view holds what the formats share when they lay a report out:
// plain-word labels, the order rows are shown in, look-ups between
// sections, and the one-line forms the SBOMs write. It orders and names;
// it never judges.
package view

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/mcp-comply/mcp-comply/compliance"
)

// Lookup is m's entry for k, or def where m has none. Each set of labels,
// tones or colours is declared once, as a table of the values it names;
// what an unlisted value falls back to is said where it is looked up.
func Lookup[K comparable, V any](m map[K]V, k K, def V) V {
	if v, ok := m[k]; ok {
		return v
	}
	return def
}

var useLabels = map[compliance.Use]string{
	compliance.Internal:   "Internal use",
	compliance.SaaS:       "Hosting as a SaaS",
	compliance.WhiteLabel: "White-label / resale",
	compliance.Distribute: "Distribution / embedding",
	compliance.Modify:     "Modification",
}

// UseLabel names an intended use in plain words.
func UseLabel(u compliance.Use) string { return Lookup(useLabels, u, string(u)) }

// guaranteeWords are each residency guarantee's words and colour, side by
// side; the tone follows where compliance ranks the guarantee, and an
// unknown one is neither good nor bad.
var guaranteeWords = map[compliance.Guarantee]labelTone{
	compliance.SelfHosted:        {"self-hosted", Good},
	compliance.EUProcessing:      {"EU processing", Good},
	compliance.EUStorageOnly:     {"EU storage only", Caution},
	compliance.AdequateCountry:   {"adequate country", Caution},
	compliance.PartialAdequacy:   {"partial adequacy", Caution},
	compliance.USDataPrivacy:     {"US (DPF or SCCs)", Caution},
	compliance.GlobalUnspecified: {"global, unspecified", Bad},
	compliance.NoAdequacy:        {"no adequacy", Bad},
	compliance.UnknownGuarantee:  {"unknown", Neutral},
	"":                           {"unknown", Neutral},
	compliance.NoEndpoints:       {"no endpoints", Neutral},
}

// GuaranteeLabel names a residency guarantee in plain words.
func GuaranteeLabel(g compliance.Guarantee) string {
	return Lookup(guaranteeWords, g, labelTone{label: string(g)}).label
}

// labelTone is a value's words and colour, for the sets that have both.
type labelTone struct {
	label string
	tone  Tone
}

// Tone is how a format colours a status: good, caution, bad or neutral.
// Neutral is the zero Tone, so a tone table's missing entry is neutral.
type Tone int

const (
	Neutral Tone = iota
	Good
	Caution
	Bad
)

var verdictTones = map[compliance.Verdict]Tone{
	compliance.Allowed:     Good,
	compliance.Conditional: Caution,
	compliance.Prohibited:  Bad,
}

// VerdictTone colours a licence verdict.
func VerdictTone(v compliance.Verdict) Tone { return verdictTones[v] }

// GuaranteeTone colours a residency guarantee by where compliance ranks it.
func GuaranteeTone(g compliance.Guarantee) Tone { return guaranteeWords[g].tone }

var statusTones = map[string]Tone{"pass": Good, "fail": Bad}

// StatusTone colours a checklist or encryption status.
func StatusTone(status string) Tone { return statusTones[status] }

// Checklist is the hardening checklist's counts, with the words and the
// colour the formats show them in.
type Checklist compliance.StatusCounts

func (c Checklist) total() int { return c.Pass + c.Fail + c.NotApplicable }

// String says the checklist's state in a few words: "all 8 checks pass"
// only when every check passed, "6 pass, 2 not applicable" when some had
// nothing to check, "3 of 8 checks fail".
func (c Checklist) String() string {
	switch {
	case c.total() == 0:
		return "no checks"
	case c.Fail > 0:
		return fmt.Sprintf("%d of %d checks fail", c.Fail, c.total())
	case c.NotApplicable == 0:
		return fmt.Sprintf("all %d checks pass", c.Pass)
	case c.Pass == 0:
		return fmt.Sprintf("%d not applicable: nothing to check", c.NotApplicable)
	}
	return fmt.Sprintf("%d pass, %d not applicable", c.Pass, c.NotApplicable)
}

// Tone colours the checklist as a whole: bad when a check fails, good
// when one passes and none fails, neutral when nothing was checked.
func (c Checklist) Tone() Tone {
	switch {
	case c.Fail > 0:
		return Bad
	case c.Pass > 0:
		return Good
	}
	return Neutral
}

// FindingsByFingerprint indexes the report's findings.
func FindingsByFingerprint(r *compliance.Report) map[string]*compliance.Finding {
	m := make(map[string]*compliance.Finding, len(r.Findings))
	for i := range r.Findings {
		m[r.Findings[i].Fingerprint] = &r.Findings[i]
	}
	return m
}

// SeverityCounts says "1 critical, 3 high" in severity order, or "none".
func SeverityCounts(r *compliance.Report) string { return Counts(r.Summary.Findings) }

// Counts is "1 critical, 3 high": counts by severity, worst first, or
// "none".
func Counts(counts map[compliance.Severity]int) string {
	var parts []string
	for _, s := range compliance.Severities {
		if n := counts[s]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, s))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// Key findings are the ones an executive summary shows: every critical
// and high finding, at most max of them; when there are none, the worst
// few. Findings are already sorted worst first. rest counts the others.
func KeyFindings(r *compliance.Report, max int) (key []compliance.Finding, rest int) {
	n := 0
	for _, f := range r.Findings {
		if f.Severity.Rank() >= compliance.High.Rank() {
			n++
		}
	}
	if n == 0 {
		n = min(3, len(r.Findings))
	}
	n = min(n, max)
	return r.Findings[:n], len(r.Findings) - n
}

// MatrixRows orders the components for a components × uses matrix: the
// components that decide a verdict first, then the others that are not
// allowed for every use, each group worst verdict first; the components
// allowed for every use are counted in rest, not listed. AI models have
// their own table (Models) and are in neither.
func MatrixRows(r *compliance.Report) (rows []*compliance.Component, rest int) {
	worst := func(c *compliance.Component) int {
		w := 0
		for _, u := range r.Inputs.Uses {
			w = max(w, c.Uses[u].Verdict.Rank())
		}
		return w
	}
	for i := range r.Inventory.Components {
		c := &r.Inventory.Components[i]
		if IsModel(c) {
			continue
		}
		if c.Decides() || worst(c) > 0 {
			rows = append(rows, c)
		} else {
			rest++
		}
	}
	slices.SortStableFunc(rows, func(a, b *compliance.Component) int {
		if a.Decides() != b.Decides() {
			if a.Decides() {
				return -1
			}
			return 1
		}
		return cmp.Compare(worst(b), worst(a))
	})
	return rows, rest
}

// ComponentName is "name@version".
func ComponentName(c *compliance.Component) string {
	if c.Version == "" {
		return c.Name
	}
	return c.Name + "@" + c.Version
}

// ComponentTags says what kind of component it is: "npm · library · dev ·
// engine n8n".
func ComponentTags(c *compliance.Component) string {
	return Kind(c) + engineTag(c, " · ")
}

// Kind is the ecosystem and role: "npm library", "container image, dev".
func Kind(c *compliance.Component) string {
	s := string(c.Ecosystem) + " " + string(c.Role)
	if c.Dev {
		s += ", dev"
	}
	return s
}

func engineTag(c *compliance.Component, sep string) string {
	if c.Engine == "" {
		return ""
	}
	return sep + "engine " + c.Engine
}

// EngineTag is "engine n8n" for a component that is part of an engine.
func EngineTag(c *compliance.Component) string { return engineTag(c, "") }

// LicenseEvidence sums up how a component's licence was established, from
// its first piece of evidence: "declared · package.json:5 (+1)", "text
// 98.8% · LICENSE", "alias Apache 2.0 · package.json:7", "none found". The
// value read is shown when it differs from the licence it resolved to.
// Files are named by their base name: the component's row already says
// which package it is.
func LicenseEvidence(res compliance.LicenseResolution) string {
	if len(res.Evidence) == 0 {
		if res.Method == compliance.MethodNone || res.Method == "" {
			return "none found"
		}
		return string(res.Method)
	}
	e := res.Evidence[0]
	s := string(e.Method)
	if e.Value != "" && e.Value != res.Expression {
		s += " " + e.Value
	}
	if e.Coverage > 0 {
		s += " " + strconv.FormatFloat(e.Coverage, 'f', 1, 64) + "%"
	}
	if e.File != "" {
		p := e.Position
		p.File = path.Base(p.File)
		s += " · " + p.String()
	}
	if more := len(res.Evidence) - 1; more > 0 {
		s += fmt.Sprintf(" (+%d)", more)
	}
	return s
}

// Where is a finding's first place, "file:line", and how many more.
func Where(f *compliance.Finding) (string, int) {
	if len(f.Evidence) == 0 {
		return "", 0
	}
	return f.Evidence[0].Position.String(), len(f.Evidence) - 1
}

// SourceLine says what was scanned: "testdata/n8n-agent" or ". at v1.4.0
// (3f9a1c2e7b4d)".
func SourceLine(s compliance.SourceInfo) string {
	out := s.Path
	if s.Kind == "git" {
		rev := s.Revision
		if rev == "" {
			rev = "HEAD"
		}
		out += " at " + rev
		if s.Commit != "" {
			out += " (" + s.Commit[:min(12, len(s.Commit))] + ")"
		}
	}
	return out
}

// EndpointName is "OpenAI (api.openai.com)": the provider and the host,
// and SampleMark where only tests or examples name it.
func EndpointName(e *compliance.Endpoint) string {
	name := cmp.Or(e.ProviderName, e.Provider)
	if e.Host != "" {
		name += " (" + e.Host + ")"
	}
	return name + SampleMark(e)
}

// Deployed is the residency section without the endpoints only tests or
// examples name: the data flows the diagram draws.
func Deployed(res *compliance.Residency) *compliance.Residency {
	out := *res
	out.Endpoints = nil
	for _, e := range res.Endpoints {
		if !e.Sample {
			out.Endpoints = append(out.Endpoints, e)
		}
	}
	return &out
}

// SampleMark is what follows the name of an endpoint that only tests,
// fixtures, examples or CI pipelines name: it decides no verdict.
func SampleMark(e *compliance.Endpoint) string {
	if e.Sample {
		return " — only in tests, examples or CI"
	}
	return ""
}

// ProjectName names the scanned project: its name in the report, else the
// base of the path it was scanned at (a report saved before it named
// projects); never "." or "".
func ProjectName(s compliance.SourceInfo) string {
	if s.Name != "" {
		return s.Name
	}
	if base := path.Base(strings.ReplaceAll(s.Path, "\\", "/")); base != "." && base != "/" && base != "" {
		return base
	}
	return "project"
}

// EvidenceLine is one piece of licence evidence in one line, with its full
// position: "text MIT 98.8% node_modules/x/LICENSE", "declared MIT
// package.json:5".
func EvidenceLine(e compliance.LicenseEvidence) string {
	parts := []string{string(e.Method), e.Value}
	if e.Coverage > 0 {
		parts = append(parts, strconv.FormatFloat(e.Coverage, 'f', 1, 64)+"%")
	}
	if e.File != "" {
		parts = append(parts, e.Position.String())
	}
	return strings.Join(parts, " ")
}

// proprietary is the id the report model gives the project's own code when
// it reserves every right and grants none (npm's UNLICENSED, an "All rights
// reserved" notice): not an unknown licence.
const proprietary = "LicenseRef-UNLICENSED"

// Project is the project itself as the human formats show it: what it is,
// what it is under, and what says so.
type Project struct {
	Name string // "agent-console@2.1.0"
	// License is its licence expression, "proprietary (all rights
	// reserved)", or "licence unknown" when none was established.
	License string
	// Evidence is each piece of evidence in one line, its note after a
	// dash: "alias UNLICENSED package.json:5:3 — …".
	Evidence []string
}

// ProjectOf is the report's project itself; ok is false when the report
// names none (no root manifest, or a report saved before it did).
func ProjectOf(r *compliance.Report) (p Project, ok bool) {
	c := r.Inventory.Project
	if c == nil {
		return Project{}, false
	}
	p.Name = ComponentName(c)
	switch lic := c.License.Expression; lic {
	case proprietary:
		p.License = "proprietary (all rights reserved)"
	case "":
		p.License = "licence unknown"
	default:
		p.License = lic
	}
	for _, e := range c.License.Evidence {
		line := EvidenceLine(e)
		if e.Note != "" {
			line += " — " + e.Note
		}
		p.Evidence = append(p.Evidence, line)
	}
	return p, true
}

// Line is the project in one line: "agent-console@2.1.0, proprietary
// (all rights reserved)"; "…, licence unknown: none declared or found"
// when there is no evidence either.
func (p Project) Line() string {
	s := p.Name + ", " + p.License
	if len(p.Evidence) == 0 && p.License == "licence unknown" {
		s += ": none declared or found"
	}
	return s
}
