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
