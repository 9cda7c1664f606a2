package markdown

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/reports/internal/view"
)

// FormatDiff writes a diff (mcp-comply diff) for a pull-request comment or
// a release's $GITHUB_STEP_SUMMARY: the summary line, the verdicts that
// changed, then a section for each part that changed, worst first, each
// string from the project cleaned and escaped as the report's are. Long
// lists are capped like the report's.
func (Markdown) FormatDiff(w io.Writer, d *compliance.Diff) error {
	b := new(bytes.Buffer)
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }

	p("## mcp-comply diff: %s\n\n", esc(view.DiffLine(d), 200))
	uses := make([]string, len(d.Policy.Uses))
	for i, u := range d.Policy.Uses {
		uses[i] = string(u)
	}
	p("Intended uses: %s · market: %s  \n", esc(strings.Join(uses, ", "), 0), esc(string(d.Policy.Market), 20))
	p("**%s**\n\n", esc(view.DiffSummary(d), 0))

	if len(d.Verdicts) > 0 {
		p("| Intended use | Was | Now | Why |\n|---|---|---|---|\n")
		for _, v := range d.Verdicts {
			p("| %s | %s %s | %s **%s** | %s |\n", view.UseLabel(v.Use), dot(view.VerdictTone(v.Old)), escCell(string(v.Old), 20),
				dot(view.VerdictTone(v.New)), escCell(string(v.New), 20), escCell(v.Reason, 300))
		}
		p("\n")
	}
	diffComponents(b, d)
	diffResidency(b, d)
	diffHardening(b, d)
	if n := len(d.Findings.New); n > 0 {
		p("### New findings (%d): %s\n\n", n, view.Counts(d.Summary.NewFindings))
		findingTable(b, d.Findings.New)
		findingDetails(b, d.Findings.New)
	}
	if n := len(d.Findings.Fixed); n > 0 {
		p("### Fixed findings (%d)\n\n", n)
		findingTable(b, d.Findings.Fixed)
	}
	p("<sub>%s %s · diff schema %s · not legal advice</sub>\n", esc(d.Tool.Name, 40), esc(d.Tool.Version, 40), esc(d.SchemaVersion, 10))
	_, err := w.Write(b.Bytes())
	return err
}

func diffComponents(b *bytes.Buffer, d *compliance.Diff) {
	if len(d.Components) == 0 {
		return
	}
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	p("### Components: %s\n\n", esc(view.ComponentChangeCounts(d), 0))
	p("| Change | Component | Verdicts that changed |\n|---|---|---|\n")
	listed := 0
	for i := range d.Components[:min(maxComponents, len(d.Components))] {
		if b.Len() > budget {
			break
		}
		listed++
		c := &d.Components[i]
		change := escCell(string(c.Change), 20)
		switch {
		case c.RugPull:
			change = "🔴 **rug pull**"
		case c.Stricter:
			change = "🟡 " + change
		}
		p("| %s | %s %s | %s |\n", change, escCell(string(c.Ecosystem), 20), escCell(view.ComponentChangeLine(c), 200),
			escCell(view.VerdictChanges(c.Verdicts), 200))
	}
	if more := len(d.Components) - listed; more > 0 {
		p("\n… and %d more; the json format lists them all.\n", more)
	}
	p("\n")
}

func diffResidency(b *bytes.Buffer, d *compliance.Diff) {
	if d.Residency == nil && d.Concern == nil && len(d.Endpoints) == 0 {
		return
	}
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	p("### Where the data goes\n\n")
	if g := d.Residency; g != nil {
		worse := ""
		if g.Worse {
			worse = " (worse)"
		}
		p("**Residency verdict:** %s %s → %s %s%s\n\n", dot(view.GuaranteeTone(g.Old)), view.GuaranteeLabel(g.Old),
			dot(view.GuaranteeTone(g.New)), view.GuaranteeLabel(g.New), worse)
	}
	if c := d.Concern; c != nil {
		p("**US bulk-data rule:** %s → %s %s\n\n", view.ConcernLabel(c.Old), dot(view.ConcernTone(c.New)), view.ConcernLabel(c.New))
	}
	if len(d.Endpoints) == 0 {
		return
	}
	p("| Change | Endpoint | Where and what it guarantees |\n|---|---|---|\n")
	for i := range d.Endpoints {
		e := &d.Endpoints[i]
		change := escCell(string(e.Change), 20)
		if e.Worse {
			change = "🔴 " + change
		}
		p("| %s | %s | %s |\n", change, escCell(view.EndpointChangeName(e), 100), escCell(view.EndpointChangeLine(e), 300))
	}
	p("\n")
}

func diffHardening(b *bytes.Buffer, d *compliance.Diff) {
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	if len(d.Checks) > 0 {
		p("### MCP checklist\n\n| Change | Check | Status |\n|---|---|---|\n")
		for _, c := range d.Checks {
			p("| %s %s | %s | %s → %s: %s |\n", dot(view.StatusTone(c.New)), strings.ToLower(view.CheckChangeLabel(c.Change)), escCell(c.Title, 120),
				escCell(c.Old, 20), escCell(c.New, 20), escCell(c.Summary, 300))
		}
		p("\n")
	}
	if len(d.Servers) == 0 {
		return
	}
	p("### MCP servers: %s\n\n", count(d.Summary.ToolChanges, "tool definition")+" changed")
	for i := range d.Servers {
		if b.Len() > budget {
			p("- … and %d more\n", len(d.Servers)-i)
			break
		}
		s := &d.Servers[i]
		p("- **%s** %s\n", s.Change, esc(view.ServerName(s.Name, s.Client), 160))
		for _, line := range view.ServerChangeLines(s) {
			p("  - %s\n", escLine(line, 300))
		}
	}
	p("\n")
}
