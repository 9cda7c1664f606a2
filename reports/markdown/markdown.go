// Package markdown writes a short report for a pull-request comment or
// $GITHUB_STEP_SUMMARY: the verdict per intended use, the residency verdict
// by the market's rules and the MCP checklist's, the project's own licence
// with its evidence, a table of the failing checks (the findings), and the
// details in collapsed <details> blocks.
//
// Every string from the scanned project is cleaned (control and invisible
// characters dropped, long values cut with "…") and then escaped for where
// it lands, only where GitHub would read it as syntax (see esc): a raw
// comment, an e-mail notification or a search shows "n8n 2.8.4 (SUL-1.0)"
// as it is, and still no table cell can be broken, and no heading, list,
// code span, emphasis, link, image, autolink, HTML or mention can start.
// Long lists are capped so a comment stays well under GitHub's size limit;
// the json and pdf formats have everything.
package markdown

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/reports/internal/safe"
	"github.com/mcp-comply/mcp-comply/reports/internal/view"
)

// Markdown is the markdown format.
type Markdown struct{}

// Caps on listed items, and a budget in bytes past which no list grows, so
// a comment stays below GitHub's limit of 65,536 characters.
const (
	maxFindingRows = 50
	maxDetails     = 30
	maxComponents  = 100
	maxWarnings    = 30
	budget         = 50000
)

// Format writes the report.
func (Markdown) Format(w io.Writer, r *compliance.Report) error {
	b := new(bytes.Buffer)
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }

	p("## mcp-comply: %s\n\n", esc(view.SourceLine(r.Inputs.Source), 160))
	uses := make([]string, len(r.Inputs.Uses))
	for i, u := range r.Inputs.Uses {
		uses[i] = string(u)
	}
	p("Intended uses: %s · market: %s · %d components · findings: %s\n\n",
		esc(strings.Join(uses, ", "), 0), esc(string(r.Inputs.Market), 20), r.Summary.Components, view.SeverityCounts(r))

	inputs(b, r)
	gate(b, r)

	p("| Intended use | Verdict | Why |\n|---|---|---|\n")
	for _, v := range r.Verdicts {
		p("| %s | %s **%s** | %s |\n", view.UseLabel(v.Use), dot(view.VerdictTone(v.Verdict)), escCell(string(v.Verdict), 20), escCell(v.Reason, 300))
	}
	p("\n")

	if m := view.ResidencyFor(r); r.Residency != nil {
		p("**%s:** %s %s — %s  \n", m.Label, dot(m.Tone), m.Verdict, esc(m.Reason, 300))
	} else {
		p("**%s:** %s not analysed  \n", m.Label, dot(view.Neutral))
	}
	if h := r.Hardening; h != nil {
		c := view.Checklist(h.Counts)
		p("**MCP checklist:** %s %s", dot(c.Tone()), c)
	} else {
		p("**MCP checklist:** %s not analysed", dot(view.Neutral))
	}
	if line, ok := view.AIActSummary(r); ok {
		p("  \n**EU AI Act:** %s", esc(line, 600))
	}
	if pr, ok := view.ProjectOf(r); ok {
		p("  \n**The project itself:** %s", esc(pr.Line(), 200))
		if len(pr.Evidence) > 0 {
			p(" · read from %s", esc(strings.Join(pr.Evidence, "; "), 400))
		}
	}
	p("\n\n")

	findings(b, r)
	checklist(b, r)
	residency(b, r)
	attestations(b, r)
	aiAct(b, r)
	models(b, r)
	components(b, r)
	warnings(b, r)

	p("<sub>%s %s · schema %s · not legal advice</sub>\n", esc(r.Tool.Name, 40), esc(r.Tool.Version, 40), esc(r.SchemaVersion, 10))
	_, err := w.Write(b.Bytes())
	return err
}

func findings(b *bytes.Buffer, r *compliance.Report) {
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	if len(r.Findings) == 0 {
		p("### No failing checks\n\n")
		return
	}
	p("### Failing checks (%d)\n\n", len(r.Findings))
	findingTable(b, r.Findings)
	findingDetails(b, r.Findings)
}

// findingTable writes findings a row each, at most maxFindingRows.
func findingTable(b *bytes.Buffer, fs []compliance.Finding) {
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	p("| Severity | Finding | Where | Fix |\n|---|---|---|---|\n")
	for i := range fs[:min(maxFindingRows, len(fs))] {
		f := &fs[i]
		where, more := view.Where(f)
		if more > 0 {
			where += fmt.Sprintf(" (+%d)", more)
		}
		title := f.Title
		if f.Waived {
			title += " (waived)"
		}
		p("| %s %s | %s | %s | %s |\n", sevDot(f.Severity), f.Severity, escCell(title, 200), escCell(where, 120),
			escCell(safe.FirstSentence(safe.Clean(f.Remediation, 0)), 240))
	}
	if more := len(fs) - maxFindingRows; more > 0 {
		p("\n… and %d more; the json and pdf formats list them all.\n", more)
	}
	p("\n")
}

// findingDetails writes the findings' details in a collapsed block, at
// most maxDetails of them and while the comment is under its budget.
func findingDetails(b *bytes.Buffer, fs []compliance.Finding) {
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	p("<details><summary>Details of the findings</summary>\n\n")
	n := 0
	for i := range fs[:min(maxDetails, len(fs))] {
		if b.Len() > budget {
			break
		}
		n++
		f := &fs[i]
		p("#### %s %s: %s\n\n", sevDot(f.Severity), f.Severity, esc(f.Title, 200))
		p("%s · %s · %s", escLine(f.Rule, 80), esc(f.Subject, 160), esc(f.Fingerprint, 20))
		if f.BaselineState != "" {
			p(" · %s", esc(string(f.BaselineState), 20))
		}
		p("\n\n")
		if w := view.WaivedLine(f); w != "" {
			p("**%s:** %s\n\n", map[bool]string{true: "Waived", false: "Partly waived"}[f.Waived], esc(w, 600))
		}
		if f.Detail != "" {
			p("%s\n\n", escLine(f.Detail, 500))
		}
		for _, e := range f.Evidence[:min(5, len(f.Evidence))] {
			line := "- at " + esc(e.Position.String(), 160)
			if e.Excerpt != "" {
				line += ": " + esc(e.Excerpt, 160)
			}
			p("%s\n", line)
		}
		if more := len(f.Evidence) - 5; more > 0 {
			p("- … and %d more\n", more)
		}
		if len(f.Evidence) > 0 {
			p("\n")
		}
		if f.Remediation != "" {
			p("**Fix:** %s\n\n", esc(f.Remediation, 600))
		}
	}
	if more := len(fs) - n; more > 0 {
		p("… and %d more.\n\n", more)
	}
	p("</details>\n\n")
}

func checklist(b *bytes.Buffer, r *compliance.Report) {
	h := r.Hardening
	if h == nil || len(h.Checks) == 0 {
		return
	}
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	p("<details><summary>MCP hardening checklist: %s</summary>\n\n", view.Checklist(h.Counts))
	p("| Check | Status | Result |\n|---|---|---|\n")
	for _, c := range h.Checks {
		p("| %s | %s %s | %s |\n", escCell(c.Title, 120), dot(view.StatusTone(c.Status)), escCell(c.Status, 20), escCell(c.Summary, 300))
	}
	p("\n</details>\n\n")
}

func residency(b *bytes.Buffer, r *compliance.Report) {
	res := r.Residency
	if res == nil || len(res.Endpoints) == 0 {
		return
	}
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	p("<details><summary>Data residency: %s</summary>\n\n", count(len(res.Endpoints), "endpoint"))
	p("| Provider | Endpoint | Processing | Storage | Jurisdiction | Guarantee | Transfer basis |\n|---|---|---|---|---|---|---|\n")
	for _, e := range res.Endpoints {
		where := e.Host
		if e.Model != "" {
			where += " " + e.Model
		}
		p("| %s | %s | %s | %s | %s | %s %s | %s |\n", escCell(e.ProviderName+view.SampleMark(&e), 90), escCell(where, 120), escCell(e.Processing, 100),
			escCell(e.Storage, 100), escCell(e.Jurisdiction, 80), dot(view.GuaranteeTone(e.Guarantee)), view.GuaranteeLabel(e.Guarantee), escCell(e.TransferBasis, 160))
	}
	p("\n</details>\n\n")
}

func attestations(b *bytes.Buffer, r *compliance.Report) {
	if len(r.Attestations) == 0 {
		return
	}
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	p("<details><summary>To confirm by a person: %s</summary>\n\n", count(len(r.Attestations), "attestation"))
	for _, a := range r.Attestations {
		p("- [ ] **%s:** %s\n", esc(a.Subject, 120), esc(a.Text, 500))
	}
	p("\n</details>\n\n")
}

// aiAct writes the EU AI Act duties in a collapsed table: article, whose
// duty, what raised it and where, and the dates it applies from (every
// date where the sources disagree).
func aiAct(b *bytes.Buffer, r *compliance.Report) {
	if r.AIAct == nil || len(r.AIAct.Duties) == 0 {
		return
	}
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	p("<details><summary>EU AI Act: %d %s</summary>\n\n", len(r.AIAct.Duties), plural(len(r.AIAct.Duties), "duty", "duties"))
	p("| Duty | Whose | Raised by | Where | Applies from |\n|---|---|---|---|---|\n")
	for i := range r.AIAct.Duties[:min(maxDetails, len(r.AIAct.Duties))] {
		d := &r.AIAct.Duties[i]
		where := ""
		if len(d.Evidence) > 0 {
			where = d.Evidence[0].Position.String()
			if more := len(d.Evidence) - 1; more > 0 {
				where += fmt.Sprintf(" (+%d)", more)
			}
		}
		p("| %s: %s | %s | %s | %s | %s |\n", escCell(d.Article, 60), escCell(d.Title, 160), escCell(d.Role, 20),
			escCell(d.Subject, 200), escCell(where, 120), escCell(view.DutyDates(d), 400))
	}
	if more := len(r.AIAct.Duties) - maxDetails; more > 0 {
		p("\n… and %d more; the json and pdf formats list them all.\n", more)
	}
	p("\n</details>\n\n")
}

// models writes the AI models: who serves each, what it is used under,
// and its verdict per use.
func models(b *bytes.Buffer, r *compliance.Report) {
	ms := view.Models(r)
	if len(ms) == 0 {
		return
	}
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	p("<details><summary>AI models: %d</summary>\n\n", len(ms))
	useHeader(b, r.Inputs.Uses, "Model", "Provider", "Kind", "Licence or terms")
	for _, c := range ms[:min(maxComponents, len(ms))] {
		p("| %s | %s | %s | %s |", escCell(view.ComponentName(c), 100), escCell(view.ModelProvider(c), 60), view.ModelKind(c),
			escCell(view.ModelTerms(c), 160))
		useCells(b, c, r.Inputs.Uses)
	}
	if more := len(ms) - maxComponents; more > 0 {
		p("\n… and %d more.\n", more)
	}
	p("\n</details>\n\n")
}

func components(b *bytes.Buffer, r *compliance.Report) {
	rows, rest := view.MatrixRows(r)
	if len(rows) == 0 {
		return
	}
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	p("<details><summary>Components not allowed for every use: %d</summary>\n\n", len(rows))
	useHeader(b, r.Inputs.Uses, "Component", "Licence")
	listed := 0
	for _, c := range rows[:min(maxComponents, len(rows))] {
		if b.Len() > budget {
			break
		}
		listed++
		lic := c.License.Expression
		if lic == "" {
			lic = "unknown"
		}
		p("| %s | %s |", escCell(view.ComponentName(c), 100), escCell(lic, 60))
		useCells(b, c, r.Inputs.Uses)
	}
	if more := len(rows) - listed; more > 0 {
		p("\n… and %d more.\n", more)
	}
	if rest > 0 {
		p("\n%s allowed for every intended use %s not listed.\n", count(rest, "other component"), plural(rest, "is", "are"))
	}
	p("\n</details>\n\n")
}

// useHeader writes a table's header: the leading columns, then one a use.
func useHeader(b *bytes.Buffer, uses []compliance.Use, lead ...string) {
	b.WriteString("| " + strings.Join(lead, " | ") + " |")
	for _, u := range uses {
		fmt.Fprintf(b, " %s |", escCell(string(u), 20))
	}
	fmt.Fprintf(b, "\n|%s%s\n", strings.Repeat("---|", len(lead)), strings.Repeat("---|", len(uses)))
}

// useCells ends a row with the component's verdict for each use.
func useCells(b *bytes.Buffer, c *compliance.Component, uses []compliance.Use) {
	for _, u := range uses {
		v := c.Uses[u].Verdict
		fmt.Fprintf(b, " %s %s |", dot(view.VerdictTone(v)), escCell(string(v), 20))
	}
	b.WriteString("\n")
}

func warnings(b *bytes.Buffer, r *compliance.Report) {
	if len(r.Warnings) == 0 {
		return
	}
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	p("<details><summary>%s: inputs not fully read</summary>\n\n", count(len(r.Warnings), "warning"))
	for _, w := range r.Warnings[:min(maxWarnings, len(r.Warnings))] {
		p("- %s\n", escLine(w.String(), 300))
	}
	if more := len(r.Warnings) - maxWarnings; more > 0 {
		p("- … and %d more\n", more)
	}
	p("\n</details>\n\n")
}

// dots are the tones' coloured dots, by tone.
var dots = [...]string{view.Neutral: "⚪", view.Good: "🟢", view.Caution: "🟡", view.Bad: "🔴"}

func dot(t view.Tone) string { return dots[t] }

// sevDots are the severities' dots, critical and high both red; info (and
// any other) is white.
var sevDots = map[compliance.Severity]string{
	compliance.Critical: "🔴",
	compliance.High:     "🔴",
	compliance.Medium:   "🟠",
	compliance.Low:      "🟡",
}

func sevDot(s compliance.Severity) string { return view.Lookup(sevDots, s, "⚪") }

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
