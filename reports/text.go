package reports

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"strings"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/reports/internal/view"
)

// Text writes the report for a person at a terminal: verdicts first, then
// where the data goes, the MCP checklist, engines, findings, the project's
// own licence and the components that are not plainly permissive, and
// warnings. Permissive components are counted, not listed; the json format
// has them all. Lines fit Width columns: a long value wraps, it is never
// cut.
type Text struct {
	Color bool
	// Width is the line width in columns; zero is DefaultWidth.
	Width int
}

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
	ansiBlue   = "\x1b[34m"
	ansiMag    = "\x1b[35m"
	ansiCyan   = "\x1b[36m"
	ansiDim    = "\x1b[2m"
)

func (t Text) paint(code, s string) string {
	if !t.Color {
		return s
	}
	return code + s + ansiReset
}

// verdictColor is the colour of a licence verdict.
func (t Text) verdictColor(v compliance.Verdict) string { return toneColor(view.VerdictTone(v)) }

func (t Text) severity(s compliance.Severity) string {
	label := fmt.Sprintf("%-8s", strings.ToUpper(string(s)))
	switch s {
	case compliance.Critical:
		return t.paint(ansiBold+ansiRed, label)
	case compliance.High:
		return t.paint(ansiRed, label)
	case compliance.Medium:
		return t.paint(ansiYellow, label)
	case compliance.Low:
		return t.paint(ansiCyan, label)
	}
	return t.paint(ansiDim, label)
}

func (t Text) heading(s string) string { return t.paint(ansiBold+ansiBlue, s) }

// Format writes the report.
func (t Text) Format(w io.Writer, r *compliance.Report) error {
	b := bufio.NewWriter(w)
	pg := page{b: b, t: t, width: cmp.Or(t.Width, DefaultWidth)}

	what := view.SourceLine(r.Inputs.Source)
	pg.line(0, 2, Clean(r.Tool.Name+" "+r.Tool.Version+" — "+what, 0))
	uses := make([]string, len(r.Inputs.Uses))
	for i, u := range r.Inputs.Uses {
		uses[i] = string(u)
	}
	pg.line(0, 2, Clean("intended uses: "+strings.Join(uses, ", ")+" · market: "+string(r.Inputs.Market), 0))
	t.inputsLines(pg, r)
	if r.Gate != nil {
		pg.b.WriteByte('\n')
		t.gate(pg, r, 0)
	}

	t.section(pg, "MAY WE SELL IT THIS WAY?", "")
	rows := make([][]cell, len(r.Verdicts))
	for i, v := range r.Verdicts {
		rows[i] = []cell{{Clean(string(v.Use), 0), ""}, {strings.ToUpper(string(v.Verdict)), t.verdictColor(v.Verdict)}, {Clean(v.Reason, 0), ""}}
	}
	tb := pg.layout(2, []string{"", "", ""}, []bool{true, true, false}, rows)
	for _, row := range rows {
		tb.row(row)
	}

	t.residency(pg, r)
	t.hardening(pg, r)
	t.engines(pg, r)
	t.models(pg, r)
	t.findings(pg, r)
	t.components(pg, r)

	if len(r.Warnings) > 0 {
		t.section(pg, fmt.Sprintf("WARNINGS (%d): inputs not fully read; the scan went on", len(r.Warnings)), "")
		for _, w := range r.Warnings {
			pg.line(2, 4, Clean(w.String(), 0))
		}
	}
	return b.Flush()
}

// section writes a heading after a blank line, and words after it.
func (t Text) section(pg page, heading, words string) {
	pg.b.WriteByte('\n')
	if words == "" {
		pg.para(t.heading(heading), cols(heading), 2, "")
		return
	}
	pg.para(t.heading(heading)+" ", cols(heading)+1, 2, words)
}

func (t Text) engines(pg page, r *compliance.Report) {
	for _, kind := range []string{"engine", "service"} {
		var list []compliance.EngineUse
		for _, e := range r.Inventory.Engines {
			if e.Kind == kind {
				list = append(list, e)
			}
		}
		if len(list) == 0 {
			continue
		}
		t.section(pg, map[string]string{"engine": "ENGINES", "service": "SERVICES"}[kind], "")
		for _, e := range list {
			version := cmp.Or(e.Version, "version unknown")
			pg.line(2, 4, Clean(fmt.Sprintf("%s %s — %s (%s), %d component(s)", e.Name, version, e.License, e.Method, e.Components), 0))
			for _, s := range e.Scopes {
				line := fmt.Sprintf("%s: %d file(s) under %s", s.Match, s.Files, s.Expression)
				if len(s.Examples) > 0 {
					line += ", e.g. " + s.Examples[0]
				}
				pg.line(4, 2, Clean(line, 0))
			}
			for _, n := range e.Notes {
				pg.line(4, 6, "note: "+Clean(n, 0))
			}
		}
	}
}

// models lists the AI models: who serves each, what it is used under,
// the uses it is not allowed for; then the EU AI Act section in a line.
func (t Text) models(pg page, r *compliance.Report) {
	models := view.Models(r)
	if len(models) > 0 {
		t.section(pg, fmt.Sprintf("AI MODELS (%d)", len(models)), "")
		rows := make([][]cell, len(models))
		for i, c := range models {
			rows[i] = []cell{{Clean(view.ComponentName(c), 0), ""}, {Clean(view.ModelProvider(c), 0), ""}, {view.ModelKind(c), ""},
				{Clean(view.ModelTerms(c), 0), ""}}
		}
		labels := []string{"MODEL", "PROVIDER", "KIND", "LICENCE OR TERMS"}
		tb := pg.layout(2, labels, []bool{false, false, true, false}, rows)
		tb.header(labels)
		for i, row := range rows {
			tb.row(row)
			if m := models[i].Model; m != nil && m.Kind == compliance.ModelHosted {
				continue // its terms column says it: every use is to be confirmed
			}
			for _, line := range useLines(models[i], r.Inputs.Uses) {
				pg.line(tb.offset(0)+2, 2, Clean(line, 0)) // under the model, the full width
			}
		}
	}
	if line, ok := view.AIActSummary(r); ok {
		t.section(pg, "EU AI ACT", Clean(line, 0))
	}
}

// findings writes each finding: its severity and title, rule and
// fingerprint, detail, evidence and fix, under one another.
func (t Text) findings(pg page, r *compliance.Report) {
	heading := fmt.Sprintf("FINDINGS (%d)", len(r.Findings))
	counts := ""
	if len(r.Findings) > 0 {
		counts = view.SeverityCounts(r)
	}
	t.section(pg, heading, counts)
	if len(r.Findings) == 0 {
		pg.line(2, 2, "none")
	}
	t.findingList(pg, r.Findings)
}

// findingList writes findings, each under its severity and title.
func (t Text) findingList(pg page, findings []compliance.Finding) {
	const in = 11 // where a finding's lines start, under its title
	for _, f := range findings {
		pg.para("  "+t.severity(f.Severity)+" ", in, in, Clean(f.Title, 0))
		id := Clean(f.Rule, 0) + "  " + Clean(f.Fingerprint, 0)
		if f.BaselineState != "" {
			id += "  " + string(f.BaselineState)
		}
		pg.b.WriteString(strings.Repeat(" ", in) + t.paint(ansiDim, id) + "\n")
		if w := view.WaivedLine(&f); w != "" {
			pg.line(in, 2, Clean(w, 0))
		}
		if f.Detail != "" {
			pg.line(in, 0, Clean(f.Detail, 0))
		}
		for _, e := range f.Evidence {
			line := "at " + Clean(e.Position.String(), 0)
			if e.Excerpt != "" {
				line += ": " + Clean(e.Excerpt, 0)
			}
			pg.line(in, 3, line)
		}
		if f.Remediation != "" {
			pg.line(in, 5, "fix: "+Clean(f.Remediation, 0))
		}
	}
}

// components names the project itself with its own licence and evidence,
// then lists every component that is not plainly permissive, each with the
// uses it is not allowed for; uses that read the same share a
// line, so a component of unknown licence takes one line, not one a use.
func (t Text) components(pg page, r *compliance.Report) {
	var cats []string
	for _, c := range compliance.Categories {
		if n := r.Summary.Categories[c]; n > 0 {
			cats = append(cats, fmt.Sprintf("%d %s", n, c))
		}
	}
	t.section(pg, fmt.Sprintf("COMPONENTS (%d)", r.Summary.Components), strings.Join(cats, ", "))
	if p, ok := view.ProjectOf(r); ok {
		pg.line(2, 4, "the project itself: "+Clean(p.Line(), 0))
		for _, e := range p.Evidence {
			pg.line(4, 4, "from "+Clean(e, 0))
		}
	}
	var listed []*compliance.Component
	var rows [][]cell
	models := 0
	for i := range r.Inventory.Components {
		c := &r.Inventory.Components[i]
		if view.IsModel(c) {
			models++
			continue
		}
		if c.Category == compliance.Permissive && c.License.Known() {
			continue
		}
		listed = append(listed, c)
		flags := []string{string(c.Role)}
		if c.Dev {
			flags = append(flags, "dev")
		}
		if c.FirstParty {
			flags = append(flags, "first-party")
		}
		if c.Engine != "" {
			flags = append(flags, view.EngineTag(c))
		}
		rows = append(rows, []cell{{Clean(string(c.Ecosystem), 0), ""}, {Clean(view.ComponentName(c), 0), ""},
			{Clean(cmp.Or(c.License.Expression, "unknown"), 0), ""}, {Clean(string(c.Category), 0), ""}, {Clean(strings.Join(flags, ", "), 0), ""}})
	}
	if len(rows) > 0 {
		labels := []string{"ECOSYSTEM", "COMPONENT", "LICENCE", "CATEGORY", "ROLE"}
		tb := pg.layout(2, labels, []bool{true, false, false, true, false}, rows)
		tb.header(labels)
		for i, row := range rows {
			tb.row(row)
			for _, line := range useLines(listed[i], r.Inputs.Uses) {
				pg.line(tb.offset(1), 2, Clean(line, 0))
			}
		}
	}
	if models > 0 {
		pg.line(2, 2, fmt.Sprintf("%d AI model(s) listed under AI MODELS", models))
	}
	if rest := r.Summary.Components - len(listed) - models; rest > 0 {
		pg.line(2, 2, fmt.Sprintf("%d permissive component(s) not listed (--format json lists all)", rest))
	}
}

// useLines says what a component is for each use it is not allowed for,
// "saas, whitelabel: prohibited", one line for the uses that read the same,
// "every use: unknown — …" when all do.
func useLines(c *compliance.Component, uses []compliance.Use) []string {
	var says []string
	by := map[string][]string{}
	for _, u := range uses {
		a := c.Uses[u]
		if a.Verdict == compliance.Allowed {
			continue
		}
		line := string(a.Verdict)
		if a.Obligation != "" {
			line += " — " + a.Obligation
		}
		if a.Reason != "" {
			line += " — " + a.Reason
		}
		if _, seen := by[line]; !seen {
			says = append(says, line)
		}
		by[line] = append(by[line], string(u))
	}
	out := make([]string, len(says))
	for i, line := range says {
		who := strings.Join(by[line], ", ")
		if len(by[line]) == len(uses) && len(uses) > 1 {
			who = "every use"
		}
		out[i] = who + ": " + line
	}
	return out
}

// toneColors are the tones' colours, by tone.
var toneColors = [...]string{view.Neutral: ansiMag, view.Good: ansiGreen, view.Caution: ansiYellow, view.Bad: ansiBold + ansiRed}

// toneColor is the colour of a tone.
func toneColor(tone view.Tone) string { return toneColors[tone] }

// residency writes where the data goes: the verdict by the market's
// rules, then every endpoint from the worst guarantee to the best, with
// where it processes and stores data and whose law binds its provider;
// hosting and encryption.
func (t Text) residency(pg page, r *compliance.Report) {
	res := r.Residency
	if res == nil {
		return
	}
	t.section(pg, "WHERE DOES OUR DATA GO?", "")
	m := view.ResidencyFor(r)
	label := m.Label + ": "
	verdict := strings.ToUpper(m.Verdict)
	pg.para("  "+label+t.paint(toneColor(m.Tone), verdict)+" — ", 2+cols(label+verdict+" — "), 4, Clean(m.Reason, 0))
	// The endpoints in groups, from the worst guarantee to the best.
	var groups []compliance.Guarantee
	var rows [][]cell
	for i := len(compliance.Guarantees) - 1; i >= 0; i-- {
		g := compliance.Guarantees[i]
		for j := range res.Endpoints {
			if e := &res.Endpoints[j]; e.Guarantee == g {
				groups = append(groups, g)
				rows = append(rows, []cell{{Clean(view.EndpointName(e), 0), ""}, {Clean(e.Processing, 0), ""}, {Clean(e.Storage, 0), ""},
					{Clean(e.Jurisdiction, 0), ""}})
			}
		}
	}
	if len(rows) > 0 {
		labels := []string{"ENDPOINT", "PROCESSING", "STORAGE", "JURISDICTION"}
		tb := pg.layout(4, labels, []bool{false, false, false, false}, rows)
		tb.header(labels)
		for i, row := range rows {
			if i == 0 || groups[i] != groups[i-1] {
				pg.b.WriteString("  " + t.paint(toneColor(view.GuaranteeTone(groups[i])), view.GuaranteeLabel(groups[i])) + "\n")
			}
			tb.row(row)
		}
	}
	for _, h := range res.Hosting {
		pg.line(2, 4, Clean(fmt.Sprintf("hosting: %s %s (%s)", h.Platform, h.Region, h.Geography), 0))
	}
	if n := len(res.Encryption); n > 0 {
		pg.line(2, 4, fmt.Sprintf("encryption: %d setting(s) leave data unprotected (see the findings)", n))
	}
}

// hardening writes the MCP checklist, one row an item.
func (t Text) hardening(pg page, r *compliance.Report) {
	h := r.Hardening
	if h == nil {
		return
	}
	t.section(pg, "IS OUR MCP WIRING SAFE?", view.Checklist(h.Counts).String())
	rows := make([][]cell, len(h.Checks))
	for i, c := range h.Checks {
		rows[i] = []cell{{strings.ToUpper(Clean(c.Status, 0)), toneColor(view.StatusTone(c.Status))}, {Clean(c.Title, 0), ""}, {Clean(c.Summary, 0), ""}}
	}
	tb := pg.layout(2, []string{"", "", ""}, []bool{true, false, false}, rows)
	for _, row := range rows {
		tb.row(row)
	}
	if len(h.Servers) > 0 {
		pg.line(2, 4, fmt.Sprintf("servers: %d, %d launched without a pinned version", len(h.Servers), h.Unpinned))
	}
	if n := len(r.Attestations); n > 0 {
		pg.line(2, 4, fmt.Sprintf("attestations to confirm: %d (listed in the pdf and json formats)", n))
	}
}

// Summary writes the gate's outcome in a few lines for a terminal: the
// result, what failed (one line each), what was waived, the expired and
// unused waivers, the baseline's counts. mcp-comply check prints it; a
// report no gate has judged gets one line that says so. It is not a
// registered format: the other formats carry the outcome in full.
type Summary struct {
	Color bool
	// Width is the line width in columns; zero is DefaultWidth.
	Width int
	// Max caps the failures and waived findings listed; zero is 10.
	Max int
}

// Format writes the summary.
func (s Summary) Format(w io.Writer, r *compliance.Report) error {
	b := bufio.NewWriter(w)
	t := Text{Color: s.Color, Width: s.Width}
	pg := page{b: b, t: t, width: cmp.Or(s.Width, DefaultWidth)}
	if r.Gate == nil {
		pg.line(0, 2, "no gate has judged this report (mcp-comply check judges it)")
		return b.Flush()
	}
	t.gate(pg, r, cmp.Or(s.Max, 10))
	return b.Flush()
}

// gate writes the gate's outcome; max > 0 lists at most max failures and
// waived findings, without their evidence (the summary), and 0 lists all
// with it (the text report).
func (t Text) gate(pg page, r *compliance.Report, max int) {
	g := r.Gate
	label := view.GateLabel(g)
	head := "CAN WE RELEASE IT?"
	pg.para(t.heading(head)+" "+t.paint(toneColor(view.GateTone(g)), label)+" — ", cols(head+" "+label+" — "), 2,
		Clean("policy: "+g.Policy, 0))
	pg.line(2, 2, Clean("fails on: "+view.FailOnLine(g, r.Inputs.Uses), 0))
	list := func(items []compliance.GateItem, word string, evidence bool) {
		shown := items
		if max > 0 && len(shown) > max {
			shown = shown[:max]
		}
		for _, it := range shown {
			text := view.KindLabel(it.Kind) + ": " + it.Text
			if !evidence && len(it.Evidence) > 0 && it.Kind != compliance.KindExpiredWaiver {
				text += " (at " + it.Evidence[0].Position.String() + ")" // one place tells like failures apart
			}
			pg.para("  "+t.paint(toneColor(view.Bad), word)+" ", 3+cols(word), 4, Clean(text, 0))
			if evidence {
				for _, e := range it.Evidence {
					pg.line(4, 3, "at "+Clean(e.Position.String(), 0))
				}
			}
		}
		if rest := len(items) - len(shown); rest > 0 {
			pg.line(2, 2, fmt.Sprintf("… and %d more (the text, json and sarif formats list them all)", rest))
		}
	}
	if len(g.Failures) > 0 {
		pg.line(2, 2, fmt.Sprintf("%d failure(s):", len(g.Failures)))
		list(g.Failures, "FAIL", max == 0)
	}
	var passing []compliance.GateItem
	for _, it := range g.CouldNotEvaluate {
		if !g.FailOn.CouldNotEvaluate || it.BaselineState == compliance.BaselineUnchanged {
			passing = append(passing, it)
		}
	}
	if len(passing) > 0 {
		pg.line(2, 2, fmt.Sprintf("%d item(s) could not be evaluated and do not fail:", len(passing)))
		shown := passing
		if max > 0 {
			shown = passing[:min(len(passing), 3)] // a doubt that does not fail takes a few lines at most
		}
		for _, it := range shown {
			pg.line(4, 2, Clean(it.Text, 0))
		}
		if rest := len(passing) - len(shown); rest > 0 {
			pg.line(4, 2, fmt.Sprintf("… and %d more", rest))
		}
	}
	if len(g.Waived) > 0 {
		pg.line(2, 2, fmt.Sprintf("%d finding(s) waived:", len(g.Waived)))
		shown := g.Waived
		if max > 0 && len(shown) > max {
			shown = shown[:max]
		}
		for _, it := range shown {
			pg.para("  "+t.paint(ansiDim, "WAIVED")+" ", 9, 4, Clean(it.Text+" — "+view.WaiverLine(it.Waiver), 0))
		}
		if rest := len(g.Waived) - len(shown); rest > 0 {
			pg.line(2, 2, fmt.Sprintf("… and %d more", rest))
		}
	}
	for i := range g.UnusedWaivers {
		pg.line(2, 2, Clean(view.UnusedLine(&g.UnusedWaivers[i]), 0))
	}
	if b := g.Baseline; b != nil {
		pg.line(2, 2, view.BaselineLine(b))
		if max == 0 {
			for _, f := range b.Gone {
				pg.line(4, 2, Clean("absent: "+f.Title+" ("+f.Rule+" "+f.Fingerprint+")", 0))
			}
		}
	}
	if g.Result == compliance.GatePass && len(g.Waived) == 0 {
		pg.line(2, 2, "nothing fails")
	}
}

// inputsLines say what the policy changed in the analysis: the globs kept
// out, the first-party patterns, the licence overrides.
func (t Text) inputsLines(pg page, r *compliance.Report) {
	for _, e := range r.Inputs.Excluded {
		pg.line(0, 2, Clean("excluded "+view.ExclusionLine(e), 0))
	}
	if fp := r.Inputs.FirstParty; len(fp) > 0 {
		pg.line(0, 2, Clean("first party: "+strings.Join(fp, ", "), 0))
	}
	for _, o := range r.Inputs.LicenseOverrides {
		pg.line(0, 2, Clean("licence override: "+view.OverrideLine(o), 0))
	}
}

// FormatDiff writes a diff for a person at a terminal: the summary line,
// then what changed, worst first in each section (verdicts, components,
// where the data goes, the MCP checklist and servers, findings). Sections
// where nothing changed are left out.
func (t Text) FormatDiff(w io.Writer, d *compliance.Diff) error {
	b := bufio.NewWriter(w)
	pg := page{b: b, t: t, width: cmp.Or(t.Width, DefaultWidth)}
	pg.line(0, 2, Clean(d.Tool.Name+" "+d.Tool.Version+" — "+view.DiffLine(d), 0))
	uses := make([]string, len(d.Policy.Uses))
	for i, u := range d.Policy.Uses {
		uses[i] = string(u)
	}
	pg.line(0, 2, Clean("intended uses: "+strings.Join(uses, ", ")+" · market: "+string(d.Policy.Market), 0))
	pg.line(0, 2, view.DiffSummary(d))

	if len(d.Verdicts) > 0 {
		t.section(pg, "VERDICTS", "")
		rows := make([][]cell, len(d.Verdicts))
		for i, v := range d.Verdicts {
			rows[i] = []cell{{Clean(string(v.Use), 0), ""}, {strings.ToUpper(string(v.Old)), t.verdictColor(v.Old)},
				{"→", ""}, {strings.ToUpper(string(v.New)), t.verdictColor(v.New)}, {Clean(v.Reason, 0), ""}}
		}
		tb := pg.layout(2, []string{"", "", "", "", ""}, []bool{true, true, true, true, false}, rows)
		for _, row := range rows {
			tb.row(row)
		}
	}
	t.diffComponents(pg, d)
	t.diffResidency(pg, d)
	t.diffHardening(pg, d)
	if n := len(d.Findings.New); n > 0 {
		t.section(pg, fmt.Sprintf("NEW FINDINGS (%d)", n), view.Counts(d.Summary.NewFindings))
		t.findingList(pg, d.Findings.New)
	}
	if n := len(d.Findings.Fixed); n > 0 {
		t.section(pg, fmt.Sprintf("FIXED FINDINGS (%d)", n), "")
		t.findingList(pg, d.Findings.Fixed)
	}
	return b.Flush()
}

func (t Text) diffComponents(pg page, d *compliance.Diff) {
	if len(d.Components) == 0 {
		return
	}
	t.section(pg, fmt.Sprintf("COMPONENTS (%d)", len(d.Components)), view.ComponentChangeCounts(d))
	rows := make([][]cell, len(d.Components))
	for i := range d.Components {
		c := &d.Components[i]
		label, color := string(c.Change), ""
		if c.RugPull {
			label, color = "RUG PULL", ansiBold+ansiRed
		} else if c.Stricter {
			color = ansiYellow
		}
		rows[i] = []cell{{label, color}, {Clean(string(c.Ecosystem), 0), ""}, {Clean(view.ComponentChangeLine(c), 0), ""}}
	}
	tb := pg.layout(2, []string{"", "", ""}, []bool{true, true, false}, rows)
	for i, row := range rows {
		tb.row(row)
		if line := view.VerdictChanges(d.Components[i].Verdicts); line != "" {
			pg.line(tb.offset(2), 2, Clean(line, 0))
		}
	}
}

func (t Text) diffResidency(pg page, d *compliance.Diff) {
	if d.Residency == nil && d.Concern == nil && len(d.Endpoints) == 0 {
		return
	}
	t.section(pg, "WHERE DOES OUR DATA GO?", "")
	if g := d.Residency; g != nil {
		line := fmt.Sprintf("residency verdict: %s → %s", view.GuaranteeLabel(g.Old), view.GuaranteeLabel(g.New))
		if g.Worse {
			line += " (worse)"
		}
		pg.line(2, 4, t.paint(toneColor(view.GuaranteeTone(g.New)), line))
	}
	if c := d.Concern; c != nil {
		pg.line(2, 4, fmt.Sprintf("US bulk-data rule: %s → %s", view.ConcernLabel(c.Old), view.ConcernLabel(c.New)))
	}
	rows := make([][]cell, len(d.Endpoints))
	for i := range d.Endpoints {
		e := &d.Endpoints[i]
		color := ""
		if e.Worse {
			color = ansiRed
		}
		rows[i] = []cell{{string(e.Change), color}, {Clean(view.EndpointChangeName(e), 0), ""}, {Clean(view.EndpointChangeLine(e), 0), ""}}
	}
	tb := pg.layout(2, []string{"", "", ""}, []bool{true, false, false}, rows)
	for _, row := range rows {
		tb.row(row)
	}
}

func (t Text) diffHardening(pg page, d *compliance.Diff) {
	if len(d.Checks) > 0 {
		t.section(pg, "MCP CHECKLIST", "")
		rows := make([][]cell, len(d.Checks))
		for i, c := range d.Checks {
			rows[i] = []cell{{view.CheckChangeLabel(c.Change), toneColor(view.StatusTone(c.New))}, {Clean(c.Title, 0), ""},
				{Clean(c.Old+" → "+c.New+" — "+c.Summary, 0), ""}}
		}
		tb := pg.layout(2, []string{"", "", ""}, []bool{true, false, false}, rows)
		for _, row := range rows {
			tb.row(row)
		}
	}
	if len(d.Servers) == 0 {
		return
	}
	t.section(pg, "MCP SERVERS", fmt.Sprintf("%d tool definition(s) changed", d.Summary.ToolChanges))
	for i := range d.Servers {
		s := &d.Servers[i]
		pg.para("  "+fmt.Sprintf("%-8s ", s.Change), 11, 11, Clean(view.ServerName(s.Name, s.Client), 0))
		for _, line := range view.ServerChangeLines(s) {
			pg.line(13, 2, Clean(line, 0))
		}
	}
}
