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
