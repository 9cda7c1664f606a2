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

// UseLabel names an intended use in plain words.
func UseLabel(u compliance.Use) string {
	switch u {
	case compliance.Internal:
		return "Internal use"
	case compliance.SaaS:
		return "Hosting as a SaaS"
	case compliance.WhiteLabel:
		return "White-label / resale"
	case compliance.Distribute:
		return "Distribution / embedding"
	case compliance.Modify:
		return "Modification"
	}
	return string(u)
}

// GuaranteeLabel names a residency guarantee in plain words.
func GuaranteeLabel(g compliance.Guarantee) string {
	switch g {
	case compliance.SelfHosted:
		return "self-hosted"
	case compliance.EUProcessing:
		return "EU processing"
	case compliance.EUStorageOnly:
		return "EU storage only"
	case compliance.AdequateCountry:
		return "adequate country"
	case compliance.PartialAdequacy:
		return "partial adequacy"
	case compliance.USDataPrivacy:
		return "US (DPF or SCCs)"
	case compliance.GlobalUnspecified:
		return "global, unspecified"
	case compliance.NoAdequacy:
		return "no adequacy"
	case compliance.UnknownGuarantee, "":
		return "unknown"
	case compliance.NoEndpoints:
		return "no endpoints"
	}
	return string(g)
}

// Tone is how a format colours a status: good, caution, bad or neutral.
type Tone int

const (
	Neutral Tone = iota
	Good
	Caution
	Bad
)

// VerdictTone colours a licence verdict.
func VerdictTone(v compliance.Verdict) Tone {
	switch v {
	case compliance.Allowed:
		return Good
	case compliance.Conditional:
		return Caution
	case compliance.Prohibited:
		return Bad
	}
	return Neutral
}

// GuaranteeTone colours a residency guarantee by where compliance ranks it.
func GuaranteeTone(g compliance.Guarantee) Tone {
	switch g {
	case compliance.SelfHosted, compliance.EUProcessing:
		return Good
	case compliance.EUStorageOnly, compliance.AdequateCountry, compliance.PartialAdequacy, compliance.USDataPrivacy:
		return Caution
	case compliance.GlobalUnspecified, compliance.NoAdequacy:
		return Bad
	}
	return Neutral
}

// StatusTone colours a checklist or encryption status.
func StatusTone(status string) Tone {
	switch status {
	case "pass":
		return Good
	case "fail":
		return Bad
	}
	return Neutral
}

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
func SeverityCounts(r *compliance.Report) string {
	var parts []string
	for _, s := range compliance.Severities {
		if n := r.Summary.Findings[s]; n > 0 {
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
// allowed for every use are counted in rest, not listed.
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

// MarketResidency is the residency verdict under the rules of the report's
// market, as a headline: what it is judged by, the verdict, its tone and
// why.
type MarketResidency struct {
	// Label names the rules: "EU data residency", "US bulk-data rule (28 CFR
	// Part 202)", or "Data location (no market's rules)".
	Label   string
	Verdict string
	Tone    Tone
	Reason  string
}

// concernRule is the finding a US market gives an endpoint in, or of, a
// country of concern.
const concernRule = "residency/country-of-concern"

// ResidencyFor says the residency verdict by the report's market: for eu
// and global the worst guarantee among the endpoints (compliance's
// verdict); for us whether an endpoint reaches a country of concern, from
// the residency/country-of-concern findings, and, when none does, whether
// every endpoint's location is known.
func ResidencyFor(r *compliance.Report) MarketResidency {
	res := r.Residency
	m := MarketResidency{Label: "Data location (no market's rules)"}
	switch r.Inputs.Policy.Market {
	case compliance.EU:
		m.Label = "EU data residency"
	case compliance.US:
		m.Label = "US bulk-data rule (28 CFR Part 202)"
	}
	if res == nil {
		m.Verdict, m.Reason = "not analysed", "the residency analysis did not run"
		return m
	}
	if r.Inputs.Policy.Market != compliance.US || res.Verdict == compliance.NoEndpoints {
		m.Verdict, m.Tone, m.Reason = GuaranteeLabel(res.Verdict), GuaranteeTone(res.Verdict), res.Reason
		return m
	}
	// Providers are named once, however many endpoints they have.
	add := func(list []string, e *compliance.Endpoint) []string {
		if name := cmp.Or(e.ProviderName, e.Provider); !slices.Contains(list, name) {
			return append(list, name)
		}
		return list
	}
	byID := map[string]*compliance.Endpoint{}
	var unknown, concern []string
	for i := range res.Endpoints {
		e := &res.Endpoints[i]
		byID[e.ID] = e
		if e.Guarantee == compliance.UnknownGuarantee {
			unknown = add(unknown, e)
		}
	}
	for _, f := range r.Findings {
		if e := byID[f.Subject]; f.Rule == concernRule && e != nil {
			concern = add(concern, e)
		}
	}
	switch {
	case len(concern) > 0:
		m.Verdict, m.Tone = "country of concern", Bad
		m.Reason = "data goes to, or the provider is of, a country of concern: " + someOf(concern)
	case len(unknown) > 0:
		m.Verdict, m.Tone = "unknown", Neutral
		m.Reason = "no endpoint is known to reach a country of concern, but where data is processed is not established: " + someOf(unknown)
	default:
		m.Verdict, m.Tone = "no country of concern", Good
		m.Reason = "no endpoint processes data in, or is provided from, a country of concern"
	}
	return m
}

// EndpointName is "OpenAI (api.openai.com)": the provider and the host.
func EndpointName(e *compliance.Endpoint) string {
	name := cmp.Or(e.ProviderName, e.Provider)
	if e.Host != "" {
		name += " (" + e.Host + ")"
	}
	return name
}

// someOf lists up to three names and counts the others.
func someOf(names []string) string {
	s := strings.Join(names[:min(3, len(names))], ", ")
	if len(names) > 3 {
		s += fmt.Sprintf(" and %d more", len(names)-3)
	}
	return s
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
