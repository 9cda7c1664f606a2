package pdf

import (
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/reports/internal/safe"
	"github.com/mcp-comply/mcp-comply/reports/internal/view"
)

// report draws the sections of one report.
type report struct {
	*doc
	r       *compliance.Report
	date    time.Time
	project string
	byFP    map[string]*compliance.Finding
}

func verdictLabel(v compliance.Verdict) string { return strings.ToUpper(string(v)) }

// verdictWord is a verdict on a table badge, where space is short.
func verdictWord(v compliance.Verdict) string {
	if v == "" {
		return ""
	}
	return strings.ToUpper(string(v[:1])) + string(v[1:])
}

func (p *report) verdictColour(v compliance.Verdict) *rgb {
	c := toneColour(view.VerdictTone(v))
	return &c
}

func sevColour(s compliance.Severity) rgb {
	if c, ok := sevColours[string(s)]; ok {
		return c
	}
	return neutral
}

// thousands writes n with thousands separators: 1,613.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return thousands(n) + " " + noun + "s"
}

func (p *report) cover() {
	f := p.f
	p.newPage()
	p.fill(navy)
	f.Rect(0, 0, pageW, 74, "F")
	p.use(font{"go", "B", sizeSmall}, rgb{170, 190, 215})
	f.SetXY(marginL, 16)
	f.CellFormat(contentW, 5, strings.ToUpper(p.txt(p.r.Tool.Name)), "", 0, "L", false, 0, "")
	p.use(font{"go", "B", sizeTitle}, white)
	f.SetXY(marginL, 25)
	f.CellFormat(contentW, 12, "Compliance report", "", 0, "L", false, 0, "")
	p.use(font{"go", "", 12}, rgb{215, 225, 238})
	f.SetXY(marginL, 39)
	f.CellFormat(contentW, 7, "Licences · data residency · MCP hardening", "", 0, "L", false, 0, "")
	p.use(font{"go", "B", 12}, white)
	for i, l := range p.wrap(p.project, contentW, 3) { // the Project line below has it whole
		f.SetXY(marginL, 51+float64(i)*6)
		f.CellFormat(contentW, 6, l, "", 0, "L", false, 0, "")
	}

	src := p.r.Inputs.Source
	var uses []string
	for _, u := range p.r.Inputs.Uses {
		uses = append(uses, view.UseLabel(u))
	}
	scanned := p.txt(src.Path)
	if src.Subdir != "" && path.Clean(src.Path) != src.Subdir {
		scanned += "  (" + p.txt(src.Subdir) + " in its git repository)"
	}
	rows := [][2]string{{"Project", p.project}, {"Path", scanned}}
	switch {
	case src.Kind == "git":
		rev := p.txt(src.Revision)
		if src.Commit != "" {
			rev += "  (commit " + p.txt(src.Commit) + ")"
		}
		rows = append(rows, [2]string{"Revision", rev})
	case src.Commit != "":
		rows = append(rows, [2]string{"Revision", "the directory as it is on disk, in a git work tree at commit " + p.txt(src.Commit)})
	default:
		rows = append(rows, [2]string{"Revision", "the directory as it is on disk (no git revision)"})
	}
	if !p.date.IsZero() {
		rows = append(rows, [2]string{"Date", p.date.UTC().Format("2 January 2006, 15:04 UTC")})
	}
	rows = append(rows,
		[2]string{"Intended uses", strings.Join(uses, ", ")},
		[2]string{"Market", marketLabel(p.r.Inputs.Market)},
		[2]string{"Scanned by", p.txt(p.r.Tool.Name + " " + p.r.Tool.Version)})
	f.SetY(84)
	p.keyValues(rows, 30)

	p.space(4)
	p.use(font{"go", "B", sizeH2}, navy)
	f.SetX(marginL)
	f.CellFormat(contentW, 7, "Verdicts at a glance", "", 1, "L", false, 0, "")
	p.space(1)

	type card struct {
		title, label, note string
		colour             rgb
	}
	var cards []card
	for _, v := range p.r.Verdicts {
		cards = append(cards, card{view.UseLabel(v.Use), verdictLabel(v.Verdict), p.txt(v.Reason), *p.verdictColour(v.Verdict)})
	}
	residency := view.ResidencyLabel(p.r.Inputs.Market)
	if res := p.r.Residency; res != nil {
		cards = append(cards, card{residency, strings.ToUpper(view.GuaranteeLabel(res.Verdict)), p.txt(res.Reason),
			toneColour(view.GuaranteeTone(res.Verdict))})
	} else {
		cards = append(cards, card{residency, "NOT ANALYSED", "This report holds no residency analysis.", neutral})
	}
	if label, colour, note, ok := p.usRule(); ok {
		cards = append(cards, card{usRuleTitle, label, note, colour})
	}
	if h := p.r.Hardening; h != nil {
		c := view.Checklist(h.Counts)
		label := "PASS"
		if c.Fail > 0 {
			label = "FAIL"
		}
		cards = append(cards, card{"MCP checklist", label, c.String() + ".", toneColour(c.Tone())})
	} else {
		cards = append(cards, card{"MCP checklist", "NOT ANALYSED", "This report holds no MCP hardening analysis.", neutral})
	}
	if line, ok := view.AIActHeadline(p.r); ok {
		label, colour := "NO DUTIES", good
		if n := len(p.r.AIAct.Duties); n > 0 {
			label, colour = fmt.Sprintf("%d DUTIES", n), caution
			if n == 1 {
				label = "1 DUTY"
			}
			line += "; each with its files and dates in the EU AI Act section"
		}
		cards = append(cards, card{"EU AI Act", label, p.txt(line) + ".", colour})
	}
	const gap, cardH = 5.0, 21.0
	cw := (contentW - gap) / 2
	y0 := f.GetY()
	for i, c := range cards {
		x := marginL + float64(i%2)*(cw+gap)
		y := y0 + float64(i/2)*(cardH+3)
		p.fill(zebra)
		f.Rect(x, y, cw, cardH, "F")
		p.fill(c.colour)
		f.Rect(x, y, 1.6, cardH, "F")
		bw := p.badgeWidth(c.label, sizeSmall)
		p.use(font{"go", "B", 10}, ink)
		f.SetXY(x+4, y+2.5)
		f.CellFormat(cw-bw-8, 5, p.fit(c.title, cw-bw-8), "", 0, "L", false, 0, "")
		p.badge(x+cw-bw-2.5, y+2.5, bw, 5, c.label, c.colour, sizeSmall)
		p.use(fSmall, muted)
		for j, l := range p.wrap(c.note, cw-7, 3) { // whole in the executive summary
			f.SetXY(x+4, y+9+float64(j)*lineH(sizeSmall))
			f.CellFormat(cw-7, lineH(sizeSmall), l, "", 0, "L", false, 0, "")
		}
	}
	f.SetY(y0 + float64((len(cards)+1)/2)*(cardH+3) + 3)

	p.use(fSmall, ink)
	line := fmt.Sprintf("%s · findings: %s · %s", plural(p.r.Summary.Components, "component"), view.SeverityCounts(p.r),
		plural(p.r.Summary.Warnings, "warning"))
	p.text(line, fSmall, ink, 0)
	p.space(2)
	p.text("This report shows what the project's licences and configuration say and where. It is not legal advice: a lawyer decides.",
		fSmallI, muted, 0)
}

var marketLabels = map[compliance.Market]string{
	compliance.EU:     "European Union (EU data residency applies)",
	compliance.US:     "United States (the US bulk-data rule, 28 CFR Part 202, applies)",
	compliance.Global: "global",
}

// marketLabel names the market and, where there are some, the rules that
// apply in it.
func marketLabel(m compliance.Market) string { return view.Lookup(marketLabels, m, string(m)) }

// keyValues draws label: value lines with the labels in a column; a
// value is wrapped whole, onto the next page if it must.
func (p *report) keyValues(rows [][2]string, labelW float64) {
	lh := lineH(sizeBody)
	for _, kv := range rows {
		p.use(fBody, ink)
		lines := p.wrap(kv[1], contentW-labelW, 0)
		p.need(min(float64(len(lines)), 3) * lh)
		p.use(fSmallB, muted)
		p.f.SetXY(marginL, p.f.GetY())
		p.f.CellFormat(labelW, lh, kv[0], "", 0, "L", false, 0, "")
		p.use(fBody, ink)
		for _, l := range lines {
			p.need(lh)
			p.f.SetX(marginL + labelW)
			p.f.CellFormat(contentW-labelW, lh, l, "", 1, "L", false, 0, "")
		}
		p.f.SetY(p.f.GetY() + 0.8)
	}
}

const statusBadgeW = 30.0

// keyValuesHeight is the height keyValues takes with rows.
func (p *report) keyValuesHeight(rows [][2]string, labelW float64) float64 {
	h := 0.0
	p.use(fBody, ink)
	for _, kv := range rows {
		h += float64(len(p.wrap(kv[1], contentW-labelW, 0)))*lineH(sizeBody) + 0.8
	}
	return h
}

// statusHeight is the height statusLine takes with body.
func (p *report) statusHeight(body string) float64 {
	p.use(fBody, ink)
	return float64(len(p.wrap(body, contentW-statusBadgeW-3, 0))+1)*lineH(sizeBody) + 1.5
}

// statusLine draws a badge followed by a title and wrapped text, kept on
// one page when it fits on one.
func (p *report) statusLine(label string, colour rgb, title, body string) {
	const bw = statusBadgeW
	p.use(fBody, ink)
	lines := p.wrap(body, contentW-bw-3, 0)
	lh := lineH(sizeBody)
	p.need(min(float64(len(lines)+1)*lh, bottomY-marginT) + 1)
	y := p.f.GetY()
	p.badge(marginL, y+0.3, bw, lh, label, colour, sizeSmall)
	p.use(fBold, ink)
	p.f.SetXY(marginL+bw+3, y)
	p.f.CellFormat(contentW-bw-3, lh, p.fit(title, contentW-bw-3), "", 1, "L", false, 0, "")
	p.use(fBody, ink)
	for _, l := range lines {
		p.need(lh)
		p.f.SetX(marginL + bw + 3)
		p.f.CellFormat(contentW-bw-3, lh, l, "", 1, "L", false, 0, "")
	}
	p.f.SetY(p.f.GetY() + 1.5)
}

func (p *report) summary() {
	p.newPage()
	p.h1("Executive summary")
	p.text(fmt.Sprintf("May the product be sold the way it is planned? The verdict for each intended use (market: %s):",
		marketLabel(p.r.Inputs.Market)), fBody, ink, 0)
	p.space(2)
	for _, v := range p.r.Verdicts {
		p.statusLine(verdictLabel(v.Verdict), *p.verdictColour(v.Verdict), view.UseLabel(v.Use), p.txt(v.Reason))
	}
	residency := view.ResidencyLabel(p.r.Inputs.Market)
	if res := p.r.Residency; res != nil {
		body := p.txt(res.Reason)
		p.statusLine(strings.ToUpper(view.GuaranteeLabel(res.Verdict)), toneColour(view.GuaranteeTone(res.Verdict)), residency, body)
	} else {
		p.statusLine("NOT ANALYSED", neutral, residency, "The residency analysis did not run for this report: no endpoint, region or transfer basis is judged.")
	}
	if label, colour, note, ok := p.usRule(); ok {
		p.statusLine(label, colour, usRuleTitle, note)
	}
	if h := p.r.Hardening; h != nil {
		c := view.Checklist(h.Counts)
		var failing []string
		for _, ch := range h.Checks {
			if ch.Status == "fail" {
				failing = append(failing, p.txt(ch.Title))
			}
		}
		body := c.String() + "."
		if len(failing) > 0 {
			body += " Failing: " + strings.Join(failing, "; ") + "."
		}
		label := "PASS"
		if c.Fail > 0 {
			label = "FAIL"
		}
		p.statusLine(label, toneColour(c.Tone()), "MCP hardening checklist", body)
	} else {
		p.statusLine("NOT ANALYSED", neutral, "MCP hardening checklist", "The MCP hardening analysis did not run for this report.")
	}

	p.gateStatus()

	key, rest := view.KeyFindings(p.r, 8)
	p.h2("What decides it", 20)
	if len(key) == 0 {
		p.text("No finding: nothing stands in the way of the intended uses.", fBody, ink, 0)
	}
	for i := range key {
		f := &key[i]
		fix := safe.FirstSentence(p.txt(f.Remediation))
		p.finding(f, "Fix: "+fix, false)
	}
	if rest > 0 {
		p.text(fmt.Sprintf("%s more in the remediation plan.", plural(rest, "finding")), fSmallI, muted, 0)
	}

	p.h2("In numbers", 20)
	s := p.r.Summary
	var cats []string
	for _, c := range compliance.Categories {
		if n := s.Categories[c]; n > 0 {
			cats = append(cats, fmt.Sprintf("%s %s", thousands(n), c))
		}
	}
	engines := "none"
	if len(s.Engines) > 0 {
		engines = p.txt(strings.Join(s.Engines, ", "))
	}
	rows := [][2]string{
		{"Components", thousands(s.Components) + " (" + strings.Join(cats, ", ") + ")"},
		{"Unidentified", plural(s.Unidentified, "component") + " without an established licence"},
		{"Engines", engines},
		{"Findings", view.SeverityCounts(p.r)},
		{"Warnings", plural(s.Warnings, "input") + " not fully read"},
	}
	if len(p.r.Attestations) > 0 {
		rows = append(rows, [2]string{"To confirm", plural(len(p.r.Attestations), "attestation") + " for a person to sign"})
	}
	p.keyValues(rows, 30)
}

// line is one laid-out line of a block.
type line struct {
	s  string
	fn font
	c  rgb
}

const findingIndent = 21.0

// findingLines lays a finding out: the title, the rule and subject, then
// (full) the detail and the evidence, then tail. h is its height.
func (p *report) findingLines(f *compliance.Finding, tail string, full bool) (ls []line, h float64) {
	w := contentW - findingIndent
	add := func(s string, fn font, c rgb) {
		p.use(fn, c)
		for _, l := range p.wrap(s, w, 0) {
			ls = append(ls, line{l, fn, c})
			h += lineH(fn.size)
		}
	}
	add(p.txt(f.Title), fBold, ink)
	meta := p.txt(f.Rule) + " · " + p.txt(f.Subject)
	if full {
		meta += " · " + p.txt(f.Fingerprint)
		if f.BaselineState != "" {
			meta += " · " + string(f.BaselineState)
		}
	}
	add(meta, fSmall, muted)
	if w := view.WaivedLine(f); w != "" {
		add(p.txt(w), fSmallI, muted)
	}
	if full && f.Detail != "" {
		add(p.txt(f.Detail), fSmall, ink)
	}
	if full {
		ev := f.Evidence[:min(4, len(f.Evidence))]
		for _, e := range ev {
			s := "at " + p.txt(e.Position.String())
			if e.Excerpt != "" {
				s += ": " + p.txt(e.Excerpt)
			}
			add(s, fSmall, muted)
		}
		if more := len(f.Evidence) - len(ev); more > 0 {
			add(fmt.Sprintf("and %d more places", more), fSmallI, muted)
		}
	}
	if tail != "" {
		add(tail, fSmall, ink)
	}
	return ls, h + 2.5
}

// finding draws a finding as a block with its severity badge, kept on one
// page when it fits on one.
func (p *report) finding(f *compliance.Finding, tail string, full bool) {
	ls, h := p.findingLines(f, tail, full)
	if h <= bottomY-marginT {
		p.need(h)
	}
	y := p.f.GetY()
	p.badge(marginL, y+0.3, findingIndent-3, lineH(sizeBody), strings.ToUpper(string(f.Severity)), sevColour(f.Severity), sizeTiny)
	for _, l := range ls {
		lh := lineH(l.fn.size)
		if p.f.GetY()+lh > bottomY {
			p.newPage()
		}
		p.use(l.fn, l.c)
		p.f.SetX(marginL + findingIndent)
		p.f.CellFormat(contentW-findingIndent, lh, l.s, "", 1, "L", false, 0, "")
	}
	p.space(2.5)
}

func (p *report) commercial() {
	p.section()
	p.h1("Commercialisation: may we sell it this way?")
	rows, rest := view.MatrixRows(p.r)
	p.text(fmt.Sprintf("Each component's licence, judged for each intended use. The components that decide a verdict come first, "+
		"then the others that are not allowed for every use; the %s allowed for every use are listed in the appendix.",
		plural(rest, "other component")), fBody, ink, 0)
	p.space(2)
	if pr, ok := view.ProjectOf(p.r); ok {
		// The project's own licence, beside the licences it depends on.
		rows := [][2]string{{"Own licence", p.txt(pr.Line())}}
		for i, e := range pr.Evidence {
			label := ""
			if i == 0 {
				label = "Read from"
			}
			rows = append(rows, [2]string{label, p.txt(e)})
		}
		p.keyValues(rows, 24)
		p.space(2)
	}

	uses := p.r.Inputs.Uses
	useW := min(21.0, 105/float64(max(1, len(uses))))
	licW := 28.0
	cols := []column{{"Component", contentW - licW - useW*float64(len(uses)), "L"}, {"Licence", licW, "L"}}
	for _, u := range uses {
		cols = append(cols, column{view.UseLabel(u), useW, "C"})
	}
	verdicts := map[compliance.Use]compliance.Verdict{}
	for _, v := range p.r.Verdicts {
		verdicts[v.Use] = v.Verdict
	}
	var table [][]cell
	top := []cell{{text: "The project", font: fTableB, color: ink, sub: "its verdict for each use"}, {text: "", font: fTable, color: ink}}
	for _, u := range uses {
		top = append(top, cell{text: verdictWord(verdicts[u]), font: font{"go", "B", sizeTiny}, badge: p.verdictColour(verdicts[u])})
	}
	table = append(table, top)
	for _, c := range rows {
		lic := c.License.Expression
		if lic == "" {
			lic = "unknown"
		}
		row := []cell{{text: p.txt(view.ComponentName(c)), font: fTable, color: ink, sub: p.txt(view.ComponentTags(c))}, plain(p.txt(lic))}
		for _, u := range uses {
			v := c.Uses[u].Verdict
			row = append(row, cell{text: verdictWord(v), font: font{"go", "B", sizeTiny}, badge: p.verdictColour(v)})
		}
		table = append(table, row)
	}
	if rest > 0 {
		row := []cell{{text: fmt.Sprintf("%s more", plural(rest, "component")), font: fTableI, color: muted, sub: "allowed for every intended use"}, plain("")}
		for range uses {
			row = append(row, cell{text: verdictWord(compliance.Allowed), font: font{"go", "B", sizeTiny}, badge: &good})
		}
		table = append(table, row)
	}
	p.table(cols, table, tableOpts{zebra: true, strong: 1})

	readings := map[string]*compliance.LicenseReading{}
	for i := range p.r.Licenses {
		readings[p.r.Licenses[i].ID] = &p.r.Licenses[i]
	}
	var engines, services []compliance.EngineUse
	for _, e := range p.r.Inventory.Engines {
		if e.Kind == "service" {
			services = append(services, e)
		} else {
			engines = append(engines, e)
		}
	}
	if len(engines) > 0 {
		p.h2("Engines and their licences in plain words", 30)
		for _, e := range engines {
			p.engine(e, readings[e.License])
		}
	}
	if len(services) > 0 {
		cols := []column{{"Service", 48, "L"}, {"Version", 28, "L"}, {"Licence", 44, "L"}, {"Components", 22, "R"}, {"Read from", contentW - 142, "L"}}
		var rows [][]cell
		for _, s := range services {
			rows = append(rows, []cell{plain(p.txt(s.Name)), plain(p.txt(s.Version)), plain(p.txt(s.License)),
				plain(strconv.Itoa(s.Components)), plain(string(s.Method))})
		}
		p.table(cols, rows, tableOpts{zebra: true, heading: "Services the project runs beside them"})
	}
	p.models()
}

// models is the AI models table: each model with who serves it, what it
// is used under and its verdict per use.
func (p *report) models() {
	models := view.Models(p.r)
	if len(models) == 0 {
		return
	}
	p.h2("AI models", 30)
	p.text("The models the project names. Open-weight models are judged by their licence like any component; a hosted model "+
		"is used under its provider's service terms, which no licence reading settles: its uses are to be confirmed against "+
		"them (see the attestations), and it decides no verdict.", fSmall, ink, 0)
	p.space(1.5)
	uses := p.r.Inputs.Uses
	useW := min(16.0, 80/float64(max(1, len(uses))))
	cols := []column{{"Model", 34, "L"}, {"Served by", 26, "L"}, {"Licence or terms", contentW - 60 - useW*float64(len(uses)), "L"}}
	for _, u := range uses {
		cols = append(cols, column{string(u), useW, "C"})
	}
	var rows [][]cell
	for _, c := range models {
		var endpoints []string
		if c.Model != nil {
			for _, e := range c.Model.Endpoints {
				endpoints = append(endpoints, p.txt(e))
			}
		}
		terms := cell{text: p.txt(view.ModelTerms(c)), font: fTable, color: ink, sub: view.ModelKind(c)}
		if c.Model != nil && c.Model.Kind == compliance.ModelHosted { // the terms' address on a line of its own
			terms.text, terms.lines = "service terms — confirm", []string{p.txt(c.Model.Terms)}
		}
		row := []cell{{text: p.txt(view.ComponentName(c)), font: fTableB, color: ink, sub: p.txt(view.ModelFamily(c)), lines: []string{p.txt(view.ModelCard(c))}},
			{text: p.txt(view.ModelProvider(c)), font: fTable, color: ink, lines: endpoints}, terms}
		for _, u := range uses {
			v := c.Uses[u].Verdict
			row = append(row, cell{text: verdictWord(v), font: font{"go", "B", sizeTiny}, badge: p.verdictColour(v)})
		}
		rows = append(rows, row)
	}
	p.table(cols, rows, tableOpts{zebra: true})
}

// aiAct is the EU AI Act section: every duty the project's signals raise,
// with its article, whose duty it is, what raised it and in which files,
// the dates it applies from with their basis (every date where the
// sources disagree), and a block a lawyer signs.
func (p *report) aiAct() {
	if p.r.AIAct == nil {
		return // no AI use
	}
	a := p.r.AIAct
	p.section()
	p.h1("EU AI Act: the duties of the deployment")
	scope := "The market is not the EU: these duties are for information and take no part in the verdicts (--market eu makes them part of it)."
	if a.InVerdict {
		scope = "The market is the EU: these duties are part of the verdict, and their findings are reported at their severity."
	}
	p.text("Regulation (EU) 2024/1689. Each duty below was raised by a signal the scan can stand behind; whether it applies "+
		"depends on what the system does, which a person confirms. "+scope, fBody, ink, 0)
	p.space(2)
	if len(a.Duties) == 0 {
		p.box("No duty raised: the scan found no chat surface, synthetic media, possible high-risk use or general-purpose model.", neutral)
		return
	}
	for i := range a.Duties {
		d := &a.Duties[i]
		rows := [][2]string{{"Whose duty", p.txt(d.Role)}, {"Raised by", p.txt(d.Subject)}, {"What it asks", p.txt(d.Text)}}
		for j, e := range d.Evidence {
			label := ""
			if j == 0 {
				label = "Files"
			}
			line := e.Position.String()
			if e.Excerpt != "" {
				line += " — " + e.Excerpt
			}
			rows = append(rows, [2]string{label, p.txt(line)})
		}
		if len(d.Applies) > 1 {
			rows = append(rows, [2]string{"Applies from", "The sources disagree; none of these dates is settled:"})
		}
		for j, ap := range d.Applies {
			label := ""
			if j == 0 && len(d.Applies) == 1 {
				label = "Applies from"
			}
			rows = append(rows, [2]string{label, p.txt(view.Date(ap.Date) + ": " + ap.Basis + " (" + ap.Source + ", checked " + ap.Checked + ")")})
		}
		switch {
		case d.Finding != "":
			what := "finding " + d.Finding
			if f := p.byFP[d.Finding]; f != nil {
				what = strings.ToUpper(string(f.Severity)) + " " + f.Title + " (" + d.Finding + ")"
			}
			rows = append(rows, [2]string{"Finding", p.txt(what)})
		case d.Attestation != "":
			rows = append(rows, [2]string{"To confirm", "attestation " + p.txt(d.Attestation) + ", to tick and sign with the other attestations"})
		}
		body := p.keyValuesHeight(rows, 28)
		if i == len(a.Duties)-1 {
			body += 6 + signatureH // the signature block stays with the last duty
		}
		p.h2(fmt.Sprintf("%d. %s — %s", i+1, p.txt(d.Article), p.txt(d.Title)), min(body, bottomY-marginT-h2Height))
		p.keyValues(rows, 28)
		p.space(2)
	}
	p.space(4)
	p.signature("Reviewed for the EU AI Act by")
	p.newPage() // nothing below the signatures
}

// signatureH is the height of a signature block, with the space above it.
const signatureH = 4 + 6 + 4 + 4*12

// signature draws a block to sign: a title, then name, role, date and
// signature lines.
func (p *report) signature(title string) {
	p.need(signatureH - 4)
	p.use(fBold, navy)
	p.f.SetX(marginL)
	p.f.CellFormat(contentW, 6, title, "", 1, "L", false, 0, "")
	p.space(4)
	for _, label := range []string{"Name", "Role", "Date", "Signature"} {
		y := p.f.GetY() + 8
		p.use(fSmall, muted)
		p.f.SetXY(marginL, y-4)
		p.f.CellFormat(25, 5, label, "", 0, "L", false, 0, "")
		p.draw(ink)
		p.f.Line(marginL+25, y, marginL+120, y)
		p.f.SetY(y + 4)
	}
}

// engine explains one engine's licence: what each use may do, with the
// clause quoted, and its path-scoped parts.
func (p *report) engine(e compliance.EngineUse, reading *compliance.LicenseReading) {
	title := p.txt(e.Name)
	if e.Version != "" {
		title += " " + p.txt(e.Version)
	}
	lic := p.txt(e.License)
	if lic == "" {
		lic = "licence unknown"
	}
	title += " — " + lic
	if reading != nil && reading.Name != "" {
		title += " (" + p.txt(reading.Name) + ")"
	}
	p.need(lineH(sizeBody)*4 + 10)
	p.text(title, fBold, navy, 0)
	meta := fmt.Sprintf("%s · licence read from %s", plural(e.Components, "component"), e.Method)
	if c := e.Catalogue; c != nil {
		meta += " · catalogue: " + p.txt(c.Expression)
		if c.Since != "" {
			meta += " since " + p.txt(c.Since)
		}
	}
	p.text(meta, fSmall, muted, 0)
	p.space(1)
	if reading != nil {
		for _, u := range p.r.Inputs.Uses {
			t, ok := reading.Uses[u]
			if !ok {
				continue
			}
			line := view.UseLabel(u) + ": " + string(t.Verdict) + "."
			if t.Obligation != "" {
				line += " " + p.txt(t.Obligation)
			}
			h := p.textHeight(line, fSmall, 4)
			if t.Clause != "" {
				h += p.textHeight("“"+t.Clause+"”", fSmallI, 8)
			}
			p.need(h + 1)
			y := p.f.GetY()
			p.fill(toneColour(view.VerdictTone(t.Verdict)))
			p.f.Rect(marginL, y+0.6, 1.6, lineH(sizeSmall)-1.2, "F")
			p.text(line, fSmall, ink, 4)
			if t.Clause != "" {
				p.text("“"+p.txt(t.Clause)+"”", fSmallI, muted, 8)
			}
			p.space(1)
		}
		if reading.Source != "" {
			p.text("Source: "+p.txt(reading.Source)+" (checked "+p.txt(reading.Checked)+")", fTable, muted, 4)
		}
	} else {
		p.text("The knowledge base has no reading of this licence: every use is unknown until a person reads it.", fSmall, ink, 4)
	}
	for _, n := range e.Notes {
		p.text(p.txt(n), fSmallI, muted, 4)
	}
	if len(e.Scopes) > 0 {
		p.space(1)
		cols := []column{{"Path", 28, "L"}, {"Licence", 28, "L"}, {"Files found", 13, "R"}, {"Example", 40, "L"}, {"What it means", contentW - 109, "L"}}
		var rows [][]cell
		for _, s := range e.Scopes {
			ex := ""
			if len(s.Examples) > 0 {
				ex = p.txt(s.Examples[0])
			}
			rows = append(rows, []cell{plain(p.txt(s.Match)), plain(p.txt(s.Expression)), plain(thousands(s.Files)),
				{text: ex, font: fMono, color: ink}, plain(p.txt(s.Note))})
		}
		p.table(cols, rows, tableOpts{caption: "Parts under another licence, by path:"})
	}
	p.space(3)
}

// usRuleTitle names the US bulk-data rule on a status line.
const usRuleTitle = "US bulk-data rule"

// usRule is the US bulk-data rule's status in a US market's report: a
// badge, its colour and what it says, from the findings under the rule;
// ok is false for another market or without the residency analysis.
func (p *report) usRule() (label string, colour rgb, note string, ok bool) {
	res := p.r.Residency
	if res == nil || res.Concern == nil {
		return "", neutral, "", false
	}
	switch n := len(concerning(res)); n {
	case 0:
		return "NONE FOUND", good, "No endpoint sends data to a country of concern, or to a company of one (28 CFR Part 202).", true
	case 1:
		return "COUNTRY OF CONCERN", bad, "1 endpoint sends data to a country of concern, or to a company of one (28 CFR Part 202).", true
	default:
		return "COUNTRY OF CONCERN", bad, fmt.Sprintf("%s send data to a country of concern, or to a company of one (28 CFR Part 202).",
			plural(n, "endpoint")), true
	}
}

// concerning are the endpoints in, or of, a country of concern: those that
// decide a US market's verdict when it is country-of-concern.
func concerning(res *compliance.Residency) []string {
	if res == nil || res.Concern == nil || res.Concern.Verdict != compliance.OfConcern {
		return nil
	}
	return res.Concern.Deciding
}

func (p *report) residency() {
	res := p.r.Residency
	market := p.r.Inputs.Market
	verdict := "Where the data goes"
	if market == compliance.EU {
		verdict = "EU residency verdict"
	}
	var decided, concern string
	if res != nil && len(res.Deciding) > 0 {
		var ds []string
		for _, d := range res.Deciding {
			ds = append(ds, p.txt(d))
		}
		decided = "Decided by: " + strings.Join(ds, ", ")
	}
	var ids []string
	for _, id := range concerning(res) {
		ids = append(ids, p.txt(id))
	}
	if len(ids) > 0 {
		concern = "Found for: " + strings.Join(ids, ", ")
	}
	usLabel, usColour, usNote, us := p.usRule()
	if res != nil && len(res.Endpoints) > 0 { // the heading, the verdicts and the picture together
		head := h1Height + p.statusHeight(p.txt(res.Reason)) + 3 + 1
		for _, s := range []string{decided, concern} {
			if s != "" {
				head += p.textHeight(s, fSmall, statusBadgeW+3)
			}
		}
		if us {
			head += p.statusHeight(usNote)
		}
		p.need(head + p.diagramKeep(res, bottomY-marginT-head))
	}
	p.h1(view.ResidencyHeading(market))
	if res == nil {
		p.box("Not analysed. This report was written without the data-residency analysis, so no AI endpoint, region, "+
			"jurisdiction or transfer basis is judged here. Treat every provider the project calls as unconfirmed.", neutral)
		return
	}
	p.statusLine(strings.ToUpper(view.GuaranteeLabel(res.Verdict)), toneColour(view.GuaranteeTone(res.Verdict)), verdict, p.txt(res.Reason))
	if decided != "" {
		p.text(decided, fSmall, muted, statusBadgeW+3)
	}
	if us {
		p.space(1)
		p.statusLine(usLabel, usColour, usRuleTitle, usNote)
		if concern != "" {
			p.text(concern, fSmall, muted, statusBadgeW+3)
		}
	}
	if len(res.Endpoints) == 0 {
		p.space(2)
		p.text("No AI endpoint or data service was found in the project's configuration.", fBody, ink, 0)
	} else {
		if flows := view.Deployed(res); len(flows.Endpoints) > 0 {
			p.space(3)
			p.flowDiagram(flows)
		}
		p.space(2)
		cols := []column{{"Provider and endpoint", 40, "L"}, {"Processing", 22, "L"}, {"Storage", 22, "L"},
			{"Jurisdiction", 19, "L"}, {"Guarantee", 23, "L"}, {"Transfer basis", contentW - 126, "L"}}
		var rows [][]cell
		for _, e := range res.Endpoints {
			where := endpointWhere(e)
			c := toneColour(view.GuaranteeTone(e.Guarantee))
			rows = append(rows, []cell{
				{text: p.txt(e.ProviderName + view.SampleMark(&e)), font: fTableB, color: ink, sub: p.txt(where)},
				plain(p.txt(e.Processing)), plain(p.txt(e.Storage)), plain(p.txt(e.Jurisdiction)),
				{text: view.GuaranteeLabel(e.Guarantee), font: fTableB, color: c, mark: &c},
				plain(p.txt(e.TransferBasis)),
			})
		}
		p.table(cols, rows, tableOpts{zebra: true})

		var detail [][]cell
		for _, e := range res.Endpoints {
			var where []string
			for _, ev := range e.Evidence[:min(3, len(e.Evidence))] {
				s := p.txt(ev.Position.String())
				if ev.Excerpt != "" {
					s += ": " + p.txt(ev.Excerpt)
				}
				where = append(where, s)
			}
			if more := len(e.Evidence) - 3; more > 0 {
				where = append(where, fmt.Sprintf("and %d more", more))
			}
			var conds []string
			for _, a := range e.Attestations {
				conds = append(conds, "To confirm: "+p.txt(a)+".")
			}
			for _, n := range e.Notes {
				conds = append(conds, p.txt(n))
			}
			if e.Source != "" {
				conds = append(conds, "Source: "+p.txt(e.Source)+", checked "+p.txt(e.Checked)+".")
			}
			detail = append(detail, []cell{plain(p.txt(e.ProviderName)), {text: strings.Join(where, "; "), font: fMono, color: ink},
				plain(strings.Join(conds, " "))})
		}
		p.table([]column{{"Endpoint", 34, "L"}, {"Found at", 66, "L"}, {"Conditions and notes", contentW - 100, "L"}}, detail,
			tableOpts{heading: "Where each endpoint was found, and what to confirm"})
	}
	if len(res.Hosting) > 0 {
		var rows [][]cell
		for _, h := range res.Hosting {
			where := ""
			if len(h.Evidence) > 0 {
				where = p.txt(h.Evidence[0].Position.String())
			}
			rows = append(rows, []cell{plain(p.txt(h.Platform)), plain(p.txt(h.Region)), plain(p.txt(h.Geography)),
				{text: where, font: fMono, color: ink}})
		}
		p.table([]column{{"Platform", 40, "L"}, {"Region", 40, "L"}, {"Geography", 50, "L"}, {"Found at", contentW - 130, "L"}}, rows,
			tableOpts{zebra: true, heading: "Where the project itself runs"})
	}
}

func (p *report) encryption() {
	p.h1("Encryption at rest and in transit")
	res := p.r.Residency
	if res == nil {
		p.box("Not analysed. The encryption settings are read with the data-residency analysis, which did not run for this report.", neutral)
		return
	}
	if len(res.Encryption) == 0 {
		p.text("No encryption-at-rest or in-transit setting was found in the scanned configuration.", fBody, ink, 0)
		return
	}
	c := res.EncryptionCounts
	p.text(fmt.Sprintf("%s read: %d protect the data, %d leave it unprotected.", plural(len(res.Encryption), "setting"), c.Pass, c.Fail), fBody, ink, 0)
	p.space(2)
	cols := []column{{"Area", 17, "L"}, {"Setting", 39, "L"}, {"Status", 14, "C"}, {"What it means", 62, "L"}, {"Found at", contentW - 132, "L"}}
	var rows [][]cell
	for _, e := range res.Encryption {
		c := toneColour(view.StatusTone(e.Status))
		where := ""
		if len(e.Evidence) > 0 {
			where = p.txt(e.Evidence[0].Position.String())
			if e.Evidence[0].Excerpt != "" {
				where += ": " + p.txt(e.Evidence[0].Excerpt)
			}
		}
		rows = append(rows, []cell{plain(p.txt(e.Area)), {text: p.txt(e.Setting), font: fTableB, color: ink},
			{text: strings.ToUpper(p.txt(e.Status)), font: font{"go", "B", sizeTiny}, badge: &c},
			plain(p.txt(e.Detail)), {text: where, font: fMono, color: ink}})
	}
	p.table(cols, rows, tableOpts{zebra: true})
}

func (p *report) hardening() {
	p.h1("MCP hardening checklist")
	h := p.r.Hardening
	if h == nil {
		p.box("Not analysed. This report was written without the MCP hardening analysis: authentication, least privilege, "+
			"API-key hygiene, defence against shadowing, a human in the loop, transport and pinning are not checked here.", neutral)
		return
	}
	c := view.Checklist(h.Counts)
	p.text(fmt.Sprintf("The checklist for the project's MCP servers: %s (%d pass, %d fail, %d not applicable).",
		c, c.Pass, c.Fail, c.NotApplicable), fBody, ink, 0)
	p.space(2)
	cols := []column{{"Status", 17, "C"}, {"Check", 48, "L"}, {"Result and findings", contentW - 65, "L"}}
	var rows [][]cell
	for _, ch := range h.Checks {
		col := toneColour(view.StatusTone(ch.Status))
		label := strings.ToUpper(p.txt(ch.Status))
		if ch.Status == "not-applicable" {
			label = "N/A"
		}
		var found []*compliance.Finding
		var lines []string
		for _, fp := range ch.Findings {
			if f := p.byFP[fp]; f != nil {
				found = append(found, f)
			} else {
				lines = append(lines, "finding "+p.txt(fp))
			}
		}
		slices.SortStableFunc(found, func(a, b *compliance.Finding) int { return b.Severity.Rank() - a.Severity.Rank() })
		for i, f := range found { // one line each, worst first
			where, _ := view.Where(f)
			s := strings.ToUpper(string(f.Severity)) + " " + p.txt(f.Title)
			if where != "" {
				s += " (" + p.txt(where) + ")"
			}
			lines = slices.Insert(lines, i, s)
		}
		rows = append(rows, []cell{{text: label, font: font{"go", "B", sizeTiny}, badge: &col},
			{text: p.txt(ch.Title), font: fTableB, color: ink, sub: p.txt(ch.ID)},
			{text: p.txt(ch.Summary), font: fTable, color: ink, lines: lines}})
	}
	p.table(cols, rows, tableOpts{zebra: true})

	if len(h.Servers) > 0 {
		cols := []column{{"Server", 24, "L"}, {"Client", 22, "L"}, {"Transport", 25, "L"}, {"Launch (secrets redacted)", 48, "L"},
			{"Pinned", 12, "C"}, {"Tools", 10, "R"}, {"Found at", contentW - 141, "L"}}
		var rows [][]cell
		for _, s := range h.Servers {
			pinned, pc := "—", neutral // local code or a remote URL: no version to pin
			switch {
			case s.Pinned == nil:
			case *s.Pinned:
				pinned, pc = "YES", good
			default:
				pinned, pc = "NO", bad
			}
			tools := "—"
			if s.Tools > 0 {
				tools = strconv.Itoa(s.Tools)
			}
			pcc := pc
			rows = append(rows, []cell{{text: p.txt(s.Name), font: fTableB, color: ink}, plain(p.txt(s.Client)), plain(p.txt(s.Transport)),
				{text: p.txt(s.Launch), font: fMono, color: ink}, {text: pinned, font: font{"go", "B", sizeTiny}, badge: &pcc},
				plain(tools), {text: p.txt(s.Position.String()), font: fMono, color: ink}})
		}
		p.table(cols, rows, tableOpts{zebra: true, heading: "MCP servers"})
	}
}

func (p *report) remediation() {
	fix := func(f *compliance.Finding) string {
		if f.Remediation == "" {
			return ""
		}
		return "Fix: " + p.txt(f.Remediation)
	}
	if len(p.r.Findings) > 0 { // the heading, the intro and the first finding together
		_, h := p.findingLines(&p.r.Findings[0], fix(&p.r.Findings[0]), true)
		p.need(min(h, 80) + 34)
	}
	p.h1("Remediation plan")
	if len(p.r.Findings) == 0 {
		p.text("Nothing to remediate: the scan found no finding.", fBody, ink, 0)
		return
	}
	p.text("Every finding, worst first, with what to change or obtain and where the evidence is.", fBody, ink, 0)
	p.space(2)
	for _, s := range compliance.Severities {
		var group []*compliance.Finding
		for i := range p.r.Findings {
			if p.r.Findings[i].Severity == s {
				group = append(group, &p.r.Findings[i])
			}
		}
		if len(group) == 0 {
			continue
		}
		_, first := p.findingLines(group[0], fix(group[0]), true)
		p.h2(fmt.Sprintf("%s (%d)", strings.ToUpper(string(s[:1]))+string(s[1:]), len(group)), min(first, 80))
		for _, f := range group {
			p.finding(f, fix(f), true)
		}
	}
}

func (p *report) attestations() {
	if len(p.r.Attestations) > 0 {
		p.section()
	}
	p.h1("Attestations to sign")
	if len(p.r.Attestations) == 0 {
		msg := "None recorded."
		if p.r.Residency == nil || p.r.Hardening == nil {
			msg += " The residency or hardening analysis did not run, so provider settings and contracts " +
				"(data residency, zero data retention, a DPA with SCCs) are not listed here."
		}
		p.box(msg, neutral)
		return
	}
	p.text("The scanner cannot see these: provider settings and contracts. A person confirms each one by ticking its box, "+
		"and signs below. An unticked item stays open, and the verdicts that rest on it stand as they are.", fBody, ink, 0)
	p.space(3)
	const boxS, indent = 4.2, 8.0
	for i, a := range p.r.Attestations {
		subject := p.txt(a.Subject)
		body := p.txt(a.Text)
		h := p.textHeight(subject, fBold, indent) + p.textHeight(body, fBody, indent) + lineH(sizeTiny) + 3
		if i == len(p.r.Attestations)-1 {
			h += signatureH // the signature block stays with the last item
		}
		p.need(min(h, bottomY-marginT))
		y := p.f.GetY()
		p.checkbox(marginL, y+0.5, boxS)
		p.text(subject, fBold, ink, indent)
		p.text(body, fBody, ink, indent)
		p.text(p.txt(string(a.Area))+" · "+p.txt(a.ID), font{"go", "", sizeTiny}, muted, indent)
		p.space(3)
	}
	p.space(4)
	p.signature("Confirmed by")
}

func (p *report) appendix() {
	if len(p.r.Attestations) > 0 {
		p.newPage() // nothing below the signatures
	} else {
		p.section()
	}
	p.h1("Appendix")
	letter := 'A' - 1
	part := func(title string) string { // the next part's heading: the letters follow each other
		letter++
		return string(letter) + ". " + title
	}
	comps := p.r.Inventory.Components
	p.h2(part(fmt.Sprintf("Dependency inventory (%s)", plural(len(comps), "component"))), 25)
	p.text("Every component with its licence, how the licence was established (declared in metadata, matched from a licence "+
		"text with the share of the file it covers, the alias table, the engine catalogue) and its category. Files are named by "+
		"base name; the json format gives every path.", fSmall, ink, 0)
	p.space(2)
	cols := []column{{"#", 10, "R"}, {"Component", 52, "L"}, {"Kind", 20, "L"}, {"Licence", 28, "L"}, {"Evidence", 44, "L"},
		{"Category", contentW - 154, "L"}}
	small := font{"go", "", sizeTiny}
	rows := make([][]cell, 0, len(comps))
	for i := range comps {
		c := &comps[i]
		lic := c.License.Expression
		licColour := ink
		if lic == "" {
			lic, licColour = "unknown", bad
		}
		rows = append(rows, []cell{
			{text: strconv.Itoa(i + 1), font: small, color: muted},
			{text: p.txt(view.ComponentName(c)), font: fTable, color: ink, sub: p.txt(view.EngineTag(c))},
			{text: view.Kind(c), font: small, color: ink},
			{text: p.txt(lic), font: fTable, color: licColour},
			{text: p.txt(view.LicenseEvidence(c.License)), font: small, color: ink},
			{text: string(c.Category), font: small, color: ink},
		})
	}
	p.table(cols, rows, tableOpts{zebra: true})

	if len(p.r.Warnings) > 0 {
		var rows [][]cell
		for _, w := range p.r.Warnings {
			rows = append(rows, []cell{{text: p.txt(w.Position.String()), font: fMono, color: ink}, plain(p.txt(w.Message))})
		}
		p.table([]column{{"Where", 70, "L"}, {"What happened", contentW - 70, "L"}}, rows,
			tableOpts{zebra: true, heading: part(fmt.Sprintf("Warnings (%s not fully read)", plural(len(p.r.Warnings), "input")))})
	} else {
		p.h2(part("Warnings"), 10)
		p.text("None: every input was read in full.", fSmall, ink, 0)
	}

	if len(p.r.Licenses) > 0 {
		var rows [][]cell
		for _, l := range p.r.Licenses {
			rows = append(rows, []cell{{text: p.txt(l.ID), font: fTableB, color: ink, sub: p.txt(l.Name)}, plain(string(l.Category)),
				plain(thousands(l.Count)), plain(p.txt(l.Checked)), plain(p.txt(l.Source))})
		}
		p.table([]column{{"Licence", 50, "L"}, {"Category", 25, "L"}, {"Components", 21, "R"}, {"Checked", 18, "L"}, {"Source", contentW - 114, "L"}},
			rows, tableOpts{zebra: true, heading: part("Licence readings the verdicts rest on")})
	}

	p.h2(part("Method"), 30)
	for _, para := range p.method() {
		p.text(para, fSmall, ink, 0)
		p.space(1.5)
	}

	k := p.r.Inputs.Knowledge
	providers := "not in this report (the residency analysis did not run)"
	if p.r.Residency != nil {
		switch dates := k.ProvidersChecked; len(dates) {
		case 0:
			providers = "no catalogue entry used"
		case 1:
			providers = "entries checked " + p.txt(dates[0])
		default:
			providers = "entries checked " + p.txt(dates[0]) + " to " + p.txt(dates[len(dates)-1])
		}
	}
	versions := [][2]string{
		{"SPDX licence list", p.txt(k.SPDXListVersion)},
		{"Licence readings", "checked " + p.txt(k.LicensesChecked)},
		{"Engine catalogue", "checked " + p.txt(k.EnginesChecked)},
		{"Provider catalogue", providers},
		{"Tool", p.txt(p.r.Tool.Name + " " + p.r.Tool.Version)},
		{"Report schema", "version " + p.txt(p.r.SchemaVersion)},
	}
	disclaimer := "This report shows what the licences, the configuration and the providers' published terms say, and where the project " +
		"uses them. It is not legal advice. Verdicts marked unknown are not established; a lawyer decides how the law applies " +
		"to the product and its contracts."
	// The last two parts together, so the disclaimer never stands alone on the last page.
	p.h2(part("Versions of the knowledge"), p.keyValuesHeight(versions, 36)+h2Height+p.textHeight(disclaimer, fSmall, 0))
	p.keyValues(versions, 36)
	p.h2(part("Not legal advice"), p.textHeight(disclaimer, fSmall, 0))
	p.text(disclaimer, fSmall, ink, 0)
}

// method explains how the report was made, in the words of the manual.
func (p *report) method() []string {
	out := []string{
		"The project's files were read without executing anything and without any network call; no symlink was followed out of the project.",
		"Licences: package metadata first (lockfiles, package.json, Python METADATA, go.mod with vendored or cached licence files), then an " +
			"alias table for names that are not SPDX identifiers, then the licence text matched against known licence texts, then a " +
			"README's licence section. Every step keeps its evidence: file, line and, for a text, the share of the file the match covers.",
		"Verdicts: each licence is read per intended use from the knowledge base, with the clause the verdict rests on. In an SPDX " +
			"expression, OR takes the option best for each use and AND the worst. A licence the knowledge base has no reading of, or a " +
			"component without a licence found, is unknown for every use, never allowed. Development-only dependencies are listed but decide no verdict.",
		"Engines: n8n, Flowise and the other orchestration engines are recognised by package, image and export, and judged by the " +
			"catalogue's licence for their version, including the parts of them under another licence by path.",
	}
	if p.r.Residency != nil {
		out = append(out, "Data residency: each endpoint the configuration calls is matched against the provider catalogue. Processing "+
			"region, storage region and the provider's jurisdiction are stated separately; the guarantee and the transfer basis follow from them.")
		if p.r.Inputs.Market == compliance.US {
			out[len(out)-1] += " For a US market, each endpoint is also checked against the US bulk-data rule (28 CFR Part 202): " +
				"whether data goes to a country of concern, or to a company of one."
		}
	}
	if len(view.Models(p.r)) > 0 {
		out = append(out, "AI models: every model the project names (code, environment and compose variables, Ollama tags, "+
			"Modelfiles, Terraform, workflow exports) is a component of the inventory. An open-weight model takes its weights' "+
			"licence from the model catalogue (a fine-tune its base's) and is judged like any licence; a hosted model is used under "+
			"its provider's service terms, so its uses are unknown until a person confirms them, and it decides no verdict.")
	}
	if p.r.AIAct != nil {
		out = append(out, "EU AI Act: the duties are raised by signals a static scan can stand behind (a chat surface backed by a "+
			"model, the generation of images, audio or video, use-case words of Annex III in the project's own prompts and names, "+
			"a general-purpose model's provider). Each gives its article and the dates it applies from as the sources state them; "+
			"where they disagree (the Digital Omnibus on AI), every date is given and none is presented as settled.")
	}
	if p.r.Hardening != nil {
		out = append(out, "MCP hardening: the MCP client configurations, the servers they launch and the tools they expose are checked "+
			"against the checklist: authentication, least privilege, API-key hygiene, poisoned tool descriptions, shadowing, a human in "+
			"the loop, transport and pinning.")
	}
	return out
}
