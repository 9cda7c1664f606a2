package pdf

import (
	"fmt"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/reports/internal/view"
)

// gateStatus is the gate's line of the executive summary.
func (p *report) gateStatus() {
	g := p.r.Gate
	if g == nil {
		return
	}
	body := fmt.Sprintf("Policy: %s. %s failing, %s waived, %s could not be evaluated.", p.txt(g.Policy),
		plural(len(g.Failures), "item"), plural(len(g.Waived), "finding"), plural(len(g.CouldNotEvaluate), "item"))
	p.statusLine(view.GateLabel(g), toneColour(view.GateTone(g)), "Pre-release gate", body)
}

// gate is the gate's section: what fails it, what is waived, the expired
// and unused waivers, the baseline.
func (p *report) gate() {
	g := p.r.Gate
	if g == nil {
		return
	}
	p.section()
	p.h1("Pre-release gate")
	p.text("Policy: "+p.txt(g.Policy)+". Fails on "+p.txt(view.FailOnLine(g, p.r.Inputs.Uses))+".", fBody, ink, 0)
	p.space(2)
	items := func(title string, list []compliance.GateItem, label string, colour rgb) {
		if len(list) == 0 {
			return
		}
		p.h2(fmt.Sprintf("%s (%d)", title, len(list)), 12)
		for _, it := range list {
			s := view.KindLabel(it.Kind) + ": " + p.txt(it.Text)
			if it.Waiver != nil && it.Kind != compliance.KindExpiredWaiver {
				s += " — waived " + p.txt(view.WaiverLine(it.Waiver))
			}
			if len(it.Evidence) > 0 {
				s += " (at " + p.txt(it.Evidence[0].Position.String()) + ")"
			}
			p.need(p.textHeight(s, fSmall, findingIndent))
			p.badge(marginL, p.f.GetY()+0.3, findingIndent-3, lineH(sizeBody), label, colour, sizeTiny)
			p.text(s, fSmall, ink, findingIndent)
			p.space(1.5)
		}
	}
	items("What fails", g.Failures, "FAIL", bad)
	items("Waived", g.Waived, "WAIVED", neutral)
	var rest []string
	for i := range g.UnusedWaivers {
		rest = append(rest, view.UnusedLine(&g.UnusedWaivers[i]))
	}
	if b := g.Baseline; b != nil {
		rest = append(rest, view.BaselineLine(b))
		for _, f := range b.Gone {
			rest = append(rest, "absent: "+f.Title+" ("+f.Rule+" "+f.Fingerprint+")")
		}
	}
	if len(rest) > 0 {
		p.h2("Waivers and baseline", 12)
		for _, s := range rest {
			p.text(p.txt(s), fSmall, ink, 0)
		}
	}
}
