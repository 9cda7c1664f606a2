package markdown

import (
	"bytes"
	"fmt"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/reports/internal/view"
)

// maxGateRows caps the failures and waived findings the gate's section
// lists.
const maxGateRows = 30

// gate writes the gate's outcome (mcp-comply check): the result, what
// failed, what was waived, the expired and unused waivers, the baseline.
func gate(b *bytes.Buffer, r *compliance.Report) {
	g := r.Gate
	if g == nil {
		return
	}
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	p("### Pre-release gate: %s %s\n\n", dot(view.GateTone(g)), view.GateLabel(g))
	p("Policy: %s · fails on: %s\n\n", esc(g.Policy, 300), esc(view.FailOnLine(g, r.Inputs.Uses), 400))
	items := func(list []compliance.GateItem, waived bool) {
		p("| What | Item | Where |\n|---|---|---|\n")
		for _, it := range list[:min(maxGateRows, len(list))] {
			where := ""
			if len(it.Evidence) > 0 {
				where = it.Evidence[0].Position.String()
			}
			text := it.Text
			if waived && it.Waiver != nil {
				text += " — waived " + view.WaiverLine(it.Waiver)
			}
			p("| %s | %s | %s |\n", escCell(view.KindLabel(it.Kind), 40), escCell(text, 400), escCell(where, 120))
		}
		if more := len(list) - maxGateRows; more > 0 {
			p("\n… and %d more; the json format lists them all.\n", more)
		}
		p("\n")
	}
	if len(g.Failures) > 0 {
		p("**%s:**\n\n", count(len(g.Failures), "failure"))
		items(g.Failures, false)
	}
	if len(g.Waived) > 0 {
		p("**Waived: %s**\n\n", count(len(g.Waived), "finding"))
		items(g.Waived, true)
	}
	for i := range g.UnusedWaivers {
		p("- %s\n", esc(view.UnusedLine(&g.UnusedWaivers[i]), 400))
	}
	if bl := g.Baseline; bl != nil {
		p("- %s\n", esc(view.BaselineLine(bl), 200))
		for _, f := range bl.Gone[:min(maxGateRows, len(bl.Gone))] {
			p("  - absent: %s (%s %s)\n", esc(f.Title, 200), esc(f.Rule, 80), esc(f.Fingerprint, 20))
		}
	}
	if len(g.UnusedWaivers) > 0 || g.Baseline != nil {
		p("\n")
	}
}

// inputs writes what the policy changed in the analysis.
func inputs(b *bytes.Buffer, r *compliance.Report) {
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	n := 0
	for _, e := range r.Inputs.Excluded {
		p("- excluded %s\n", esc(view.ExclusionLine(e), 400))
		n++
	}
	for _, fp := range r.Inputs.FirstParty {
		p("- first party: %s\n", esc(fp, 200))
		n++
	}
	for _, o := range r.Inputs.LicenseOverrides {
		p("- licence override: %s\n", esc(view.OverrideLine(o), 400))
		n++
	}
	if n > 0 {
		p("\n")
	}
}
