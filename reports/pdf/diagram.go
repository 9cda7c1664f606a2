package pdf

import (
	"fmt"
	"slices"
	"strings"

	"codeberg.org/go-pdf/fpdf"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/reports/internal/view"
)

// guaranteeColours give each guarantee its own colour, from green (kept
// where the project runs, processed in the EU) to red (no adequacy); an
// unknown guarantee is neutral.
var guaranteeColours = map[compliance.Guarantee]rgb{
	compliance.SelfHosted:        {20, 110, 60},
	compliance.EUProcessing:      {39, 150, 85},
	compliance.EUStorageOnly:     {112, 145, 30},
	compliance.AdequateCountry:   {40, 120, 170},
	compliance.PartialAdequacy:   {110, 105, 160},
	compliance.USDataPrivacy:     {166, 110, 0},
	compliance.GlobalUnspecified: {205, 100, 20},
	compliance.NoAdequacy:        {180, 40, 40},
}

func guaranteeColour(g compliance.Guarantee) rgb { return view.Lookup(guaranteeColours, g, neutral) }

// tint mixes a colour with white: t = 0 keeps it, 1 is white.
func tint(c rgb, t float64) rgb {
	mix := func(v int) int { return v + int(float64(255-v)*t) }
	return rgb{mix(c.r), mix(c.g), mix(c.b)}
}

// maxDiagram is the most endpoints drawn one box each; with more, the
// diagram has one box per guarantee listing its endpoints.
const maxDiagram = 8

// Diagram geometry in mm.
const (
	boxW, boxGap, projW = 80.0, 3.0, 48.0
	projMinH            = 24.0
	trunkX              = marginL + 4  // the grouped diagram's line down from the project
	groupX              = marginL + 10 // where its boxes start
	groupW              = marginL + contentW - groupX
	groupGap            = 2.0
	entryGap            = 5.0 // between the two columns of a group's endpoints
)

// endpointWhere is where an endpoint is reached: "host · model · region".
func endpointWhere(e compliance.Endpoint) string {
	where := e.Host
	add := func(s string) {
		if s == "" || strings.Contains(where, s) {
			return
		}
		if where != "" {
			where += " · "
		}
		where += s
	}
	add(e.Model)
	add(e.Region)
	return where
}

// present lists the guarantees the endpoints have, best first; one the
// model's order lacks comes last.
func present(eps []compliance.Endpoint) []compliance.Guarantee {
	var gs []compliance.Guarantee
	for _, g := range compliance.Guarantees {
		if slices.ContainsFunc(eps, func(e compliance.Endpoint) bool { return e.Guarantee == g }) {
			gs = append(gs, g)
		}
	}
	for _, e := range eps {
		if !slices.Contains(gs, e.Guarantee) {
			gs = append(gs, e.Guarantee)
		}
	}
	return gs
}

// projectBox is the project's box, wrapped to its width: its name and
// where it runs.
type projectBox struct {
	name, runs []string
	w, h       float64
}

func (p *report) layProject(res *compliance.Residency, w float64) projectBox {
	b := projectBox{w: w}
	p.use(fSmall, white)
	b.name = p.wrap(p.project, w-6, 0)
	if len(res.Hosting) > 0 {
		h := res.Hosting[0]
		p.use(font{"go", "", sizeTiny}, white)
		b.runs = p.wrap("runs in "+p.txt(h.Platform+" "+h.Region), w-6, 0)
	}
	b.h = max(projMinH, 8+float64(len(b.name))*lineH(sizeSmall)+float64(len(b.runs))*lineH(sizeTiny)+3)
	return b
}

func (p *report) drawProject(b projectBox, x, y float64) {
	f := p.f
	p.fill(navy)
	f.RoundedRect(x, y, b.w, b.h, 1.5, "1234", "F")
	p.use(font{"go", "B", 9}, white)
	f.SetXY(x+3, y+3)
	f.CellFormat(b.w-6, 4.5, "This project", "", 0, "L", false, 0, "")
	p.use(fSmall, white)
	for i, l := range b.name {
		f.SetXY(x+3, y+8+float64(i)*lineH(sizeSmall))
		f.CellFormat(b.w-6, lineH(sizeSmall), l, "", 0, "L", false, 0, "")
	}
	p.use(font{"go", "", sizeTiny}, rgb{200, 212, 228})
	ry := y + b.h - 2.5 - float64(len(b.runs))*lineH(sizeTiny)
	for i, l := range b.runs {
		f.SetXY(x+3, ry+float64(i)*lineH(sizeTiny))
		f.CellFormat(b.w-6, lineH(sizeTiny), l, "", 0, "L", false, 0, "")
	}
}

// endpointBox is one endpoint's box in the diagram, wrapped to its width.
type endpointBox struct {
	e                 compliance.Endpoint
	label             string
	labelW            float64
	name, where, proc []string
	h                 float64
}

const nameLH, detailLH = 4.0, 3.6

func (p *report) layEndpoint(e compliance.Endpoint) endpointBox {
	b := endpointBox{e: e, label: view.GuaranteeLabel(e.Guarantee)}
	b.labelW = p.badgeWidth(b.label, sizeTiny)
	p.use(font{"go", "B", sizeSmall}, ink)
	b.name = p.wrap(p.txt(e.ProviderName), boxW-b.labelW-6, 0)
	host := e.Host
	if e.Model != "" {
		host += " · " + e.Model
	}
	if host != "" {
		p.use(font{"mono", "", sizeTiny}, ink)
		b.where = p.wrap(p.txt(host), boxW-5, 0)
	}
	p.use(font{"go", "", sizeTiny}, muted)
	b.proc = p.wrap("processed: "+p.txt(e.Processing)+" · "+p.txt(e.Jurisdiction), boxW-5, 0)
	b.h = 1.3 + float64(len(b.name))*nameLH + 0.2 + float64(len(b.where))*detailLH + 0.2 + float64(len(b.proc))*detailLH + 0.9
	return b
}

// diagramKeep is the height of the diagram to keep with the section's
// heading: all of it when it fits in room, else its start.
func (p *report) diagramKeep(res *compliance.Residency, room float64) float64 {
	if _, h, ok := p.layFlow(res); ok {
		return h + 16
	}
	bar := p.layProjectBar(res)
	groups := p.layGroups(res.Endpoints)
	total := bar.h + 1 + groupGap + p.textHeight(groupCaption(res), fSmallI, 0)
	for _, g := range groups {
		total += g.h + groupGap
	}
	if total <= room {
		return total
	}
	return bar.h + 1 + groupGap + min(groups[0].h, 60)
}

func groupCaption(res *compliance.Residency) string {
	return fmt.Sprintf("The %s by guarantee and provider; the table below gives each one's processing, storage, jurisdiction "+
		"and transfer basis.", plural(len(res.Endpoints), "endpoint"))
}

// layFlow lays out the diagram of one box per endpoint; ok is false when
// there are too many endpoints, or boxes too tall, for one page.
func (p *report) layFlow(res *compliance.Residency) (boxes []endpointBox, height float64, ok bool) {
	if len(res.Endpoints) > maxDiagram {
		return nil, 0, false
	}
	total := -boxGap
	for _, e := range res.Endpoints {
		b := p.layEndpoint(e)
		boxes = append(boxes, b)
		total += b.h + boxGap
	}
	height = max(total, p.layProject(res, projW).h)
	return boxes, height, height <= bottomY-marginT-60
}

// flowDiagram draws where the data goes: up to maxDiagram endpoints, the
// project on the left and each endpoint on the right, joined by a line
// in the colour of the endpoint's guarantee; with more, one box per
// guarantee (groupDiagram). Every name is wrapped whole.
func (p *report) flowDiagram(res *compliance.Residency) {
	boxes, height, ok := p.layFlow(res)
	if !ok {
		p.groupDiagram(res)
		return
	}
	p.need(height + 16)
	f := p.f
	y0 := f.GetY() + 1

	proj := p.layProject(res, projW)
	py := y0 + (height-proj.h)/2
	p.drawProject(proj, marginL, py)

	bx := marginL + contentW - boxW
	x1, y1 := marginL+projW, py+proj.h/2
	by := y0
	for _, b := range boxes {
		c := guaranteeColour(b.e.Guarantee)
		x2, y2 := bx-1.8, by+b.h/2
		p.draw(c)
		f.SetLineWidth(0.6)
		mid := (x1 + x2) / 2
		f.CurveBezierCubic(x1, y1, mid, y1, mid, y2, x2, y2, "D")
		f.SetLineWidth(0.2)
		p.fill(c)
		f.Polygon([]fpdf.PointType{{X: x2, Y: y2 - 1.3}, {X: x2 + 1.8, Y: y2}, {X: x2, Y: y2 + 1.3}}, "F")

		p.fill(tint(c, 0.88))
		f.Rect(bx, by, boxW, b.h, "F")
		p.fill(c)
		f.Rect(bx, by, 1.8, b.h, "F")
		p.badge(bx+boxW-b.labelW-1.5, by+1.5, b.labelW, 3.6, b.label, c, sizeTiny)
		ly := by + 1.3
		p.use(font{"go", "B", sizeSmall}, ink)
		ly = p.writeLines(b.name, bx+3.5, ly, boxW-b.labelW-6, nameLH)
		ly += 0.2
		p.use(font{"mono", "", sizeTiny}, ink)
		ly = p.writeLines(b.where, bx+3.5, ly, boxW-5, detailLH)
		ly += 0.2
		p.use(font{"go", "", sizeTiny}, muted)
		p.writeLines(b.proc, bx+3.5, ly, boxW-5, detailLH)
		by += b.h + boxGap
	}
	f.SetY(y0 + height + 3)
	p.legend(res.Endpoints)
}

// legend names the guarantees the endpoints have, best first.
func (p *report) legend(eps []compliance.Endpoint) {
	seen := present(eps)
	p.need(6)
	x, y := marginL, p.f.GetY()
	p.use(fSmall, muted)
	for _, g := range seen {
		label := view.GuaranteeLabel(g)
		w := p.width(label) + 9
		if x+w > marginL+contentW {
			x, y = marginL, y+5
		}
		p.fill(guaranteeColour(g))
		p.f.Rect(x, y+1, 3.2, 3.2, "F")
		p.use(fSmall, muted)
		p.f.SetXY(x+4.5, y)
		p.f.CellFormat(w-4.5, 5, label, "", 0, "L", false, 0, "")
		x += w
	}
	p.f.SetY(y + 7)
}

// projectBar is the project at the top of the grouped diagram: a slim
// bar with its name and where it runs, wrapped.
type projectBar struct {
	title, runs []string
	w, h        float64
}

func (p *report) layProjectBar(res *compliance.Residency) projectBar {
	var b projectBar
	p.use(font{"go", "B", 9}, white)
	b.title = p.wrap("This project: "+p.project, contentW-6, 0)
	for _, l := range b.title {
		b.w = max(b.w, p.width(l))
	}
	if len(res.Hosting) > 0 {
		h := res.Hosting[0]
		p.use(font{"go", "", sizeTiny}, white)
		b.runs = p.wrap("runs in "+p.txt(h.Platform+" "+h.Region), contentW-6, 0)
		for _, l := range b.runs {
			b.w = max(b.w, p.width(l))
		}
	}
	b.w = min(contentW, max(60, b.w+6))
	b.h = 2.2 + float64(len(b.title))*4.5 + float64(len(b.runs))*lineH(sizeTiny) + 2
	return b
}

func (p *report) drawProjectBar(b projectBar, y float64) {
	f := p.f
	p.fill(navy)
	f.RoundedRect(marginL, y, b.w, b.h, 1.5, "1234", "F")
	p.use(font{"go", "B", 9}, white)
	ly := p.writeLines(b.title, marginL+3, y+2.2, b.w-6, 4.5)
	p.use(font{"go", "", sizeTiny}, rgb{200, 212, 228})
	p.writeLines(b.runs, marginL+3, ly, b.w-6, lineH(sizeTiny))
}

// group is one guarantee's box in the grouped diagram: its providers,
// each with where it is reached, in two columns.
type group struct {
	g       compliance.Guarantee
	title   string
	entries [][]entryLine
	hs      []float64 // each entry's height
	h       float64   // the whole group's, its columns balanced
}

// entryLine is a line of a provider in a group: its name in bold, or
// where it is reached in muted ink, or both.
type entryLine struct {
	name, where string
	more        bool // a place's wrapped continuation, indented further
}

// Group geometry in mm.
const (
	groupPad    = 1.4
	labelColW   = 33.0 // the guarantee and its count, left of the providers
	labelH      = 4.4 + 1 + 3.4
	entryLH     = 3.15
	entryGapV   = 0.4 // between two providers in a column
	entriesX    = groupX + 4 + labelColW
	colW        = (groupX + groupW - 2 - entriesX - entryGap) / 2
	whereGap    = 1.6
	whereIndent = 3.0
)

var (
	fEntryName  = fTableB
	fEntryWhere = font{"go", "", sizeTiny}
)

// layEntry wraps a provider to a column: its name, then where each of its
// endpoints is reached; a single place follows the name on its last line
// when it fits there.
func (p *report) layEntry(name string, wheres []string) []entryLine {
	p.use(fEntryName, ink)
	var ls []entryLine
	for _, l := range p.wrap(name, colW, 0) {
		ls = append(ls, entryLine{name: l})
	}
	if len(wheres) == 0 {
		return ls
	}
	last := &ls[len(ls)-1]
	used := p.width(last.name) + whereGap
	p.use(fEntryWhere, muted)
	if len(wheres) == 1 && used+p.width(wheres[0]) <= colW {
		last.where = wheres[0]
		return ls
	}
	for _, w := range wheres {
		for i, l := range p.wrap(w, colW-2*whereIndent, 0) {
			ls = append(ls, entryLine{where: l, more: i > 0})
		}
	}
	return ls
}

// layGroups groups the endpoints by guarantee, best first, and within a
// group by provider, in alphabetical order; a provider's places are
// listed once each, with how many endpoints share one.
func (p *report) layGroups(eps []compliance.Endpoint) []group {
	var out []group
	for _, g := range present(eps) {
		gr := group{g: g}
		var names []string
		places := map[string][]string{}
		count := map[[2]string]int{}
		n := 0
		for _, e := range eps {
			if e.Guarantee != g {
				continue
			}
			n++
			name := p.txt(e.ProviderName)
			if _, seen := places[name]; !seen {
				names = append(names, name)
				places[name] = nil
			}
			if w := p.txt(endpointWhere(e)); w != "" {
				if count[[2]string{name, w}]++; count[[2]string{name, w}] == 1 {
					places[name] = append(places[name], w)
				}
			}
		}
		slices.SortStableFunc(names, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
		gr.title = plural(n, "endpoint")
		for _, name := range names {
			var ws []string
			for _, w := range places[name] {
				if k := count[[2]string{name, w}]; k > 1 {
					w += fmt.Sprintf(" (%d endpoints)", k)
				}
				ws = append(ws, w)
			}
			en := p.layEntry(name, ws)
			gr.entries = append(gr.entries, en)
			gr.hs = append(gr.hs, float64(len(en))*entryLH+entryGapV)
		}
		_, _, h := columns(gr.hs, 1e9)
		gr.h = 2*groupPad + max(labelH, h-entryGapV)
		out = append(out, gr)
	}
	return out
}

// columns splits entries of heights hs into two columns that fit in
// room: the left one holds hs[:k], the right one hs[k:n], h is the
// taller. When all fit, the columns are balanced, the left one the
// taller; else each is filled in turn and n < len(hs).
func columns(hs []float64, room float64) (k, n int, h float64) {
	total := 0.0
	for _, x := range hs {
		total += x
	}
	best, bestH := -1, 0.0
	left := total
	for k := len(hs); k >= 0; k-- {
		if k < len(hs) {
			left -= hs[k]
		}
		if h := max(left, total-left); best < 0 || h < bestH {
			best, bestH = k, h
		}
	}
	if bestH <= room {
		return best, len(hs), bestH
	}
	l, r := 0.0, 0.0
	for k < len(hs) && l+hs[k] <= room {
		l += hs[k]
		k++
	}
	for n = k; n < len(hs) && r+hs[n] <= room; n++ {
		r += hs[n]
	}
	return k, n, max(l, r)
}

// groupDiagram draws the project at the top and, below it, one box per
// guarantee, best first, each joined to the project by a line in the
// guarantee's colour and listing its providers and their endpoints:
// readable with sixty endpoints. A group that does not fit below the
// previous one starts a page, and one taller than a page continues on the
// next.
func (p *report) groupDiagram(res *compliance.Residency) {
	f := p.f
	bar := p.layProjectBar(res)
	groups := p.layGroups(res.Endpoints)
	p.need(bar.h + groupGap + min(groups[0].h, 60))
	y := f.GetY() + 1
	p.drawProjectBar(bar, y)
	trunkTop := y + bar.h
	f.SetY(trunkTop + groupGap)

	for _, gr := range groups {
		c := guaranteeColour(gr.g)
		label := view.GuaranteeLabel(gr.g)
		entries, hs, continued := gr.entries, gr.hs, false
		for {
			atTop := f.GetY() <= marginT+groupGap
			room := bottomY - f.GetY() - 2*groupPad + entryGapV
			k, n, h := columns(hs, room)
			if n == 0 && atTop { // a provider taller than a page: draw it anyway
				k, n, h = 1, 1, hs[0]
			}
			if !atTop && n < len(hs) && (n == 0 || !continued && gr.h <= bottomY-marginT) {
				p.newPage() // the group whole on the next page, or a long one from the top of one
				trunkTop = marginT
				continue
			}
			top := f.GetY()
			boxH := 2*groupPad + max(labelH, h-entryGapV)
			if continued {
				boxH = max(boxH, 2*groupPad+labelH+3.4)
			}
			// the line from the project, or from the top of the page
			mid := top + groupPad + 2.2
			p.draw(navy)
			f.SetLineWidth(0.5)
			f.Line(trunkX, trunkTop, trunkX, mid)
			p.draw(c)
			f.SetLineWidth(0.6)
			f.Line(trunkX, mid, groupX-1.8, mid)
			f.SetLineWidth(0.2)
			p.fill(c)
			f.Polygon([]fpdf.PointType{{X: groupX - 1.8, Y: mid - 1.3}, {X: groupX, Y: mid}, {X: groupX - 1.8, Y: mid + 1.3}}, "F")
			trunkTop = mid

			p.fill(tint(c, 0.9))
			f.Rect(groupX, top, groupW, boxH, "F")
			p.fill(c)
			f.Rect(groupX, top, 1.8, boxH, "F")
			lw := min(labelColW-2, p.badgeWidth(label, sizeSmall))
			p.badge(groupX+4, top+groupPad, lw, 4.4, label, c, sizeSmall)
			p.use(fSmallB, ink)
			f.SetXY(groupX+4, top+groupPad+5.4)
			f.CellFormat(labelColW-2, 3.4, gr.title, "", 0, "L", false, 0, "")
			if continued {
				p.use(fSmallI, muted)
				f.SetXY(groupX+4, top+groupPad+8.8)
				f.CellFormat(labelColW-2, 3.4, "continued", "", 0, "L", false, 0, "")
			}

			for col, span := range [][2]int{{0, k}, {k, n}} {
				x := entriesX + float64(col)*(colW+entryGap)
				ly := top + groupPad
				for i := span[0]; i < span[1]; i++ {
					for _, l := range entries[i] {
						wx := x + whereIndent
						if l.more {
							wx += whereIndent
						}
						if l.name != "" {
							p.use(fEntryName, ink)
							f.SetXY(x, ly)
							f.CellFormat(colW, entryLH, l.name, "", 0, "L", false, 0, "")
							wx = x + p.width(l.name) + whereGap
						}
						if l.where != "" {
							p.use(fEntryWhere, muted)
							f.SetXY(wx, ly)
							f.CellFormat(x+colW-wx, entryLH, l.where, "", 0, "L", false, 0, "")
						}
						ly += entryLH
					}
					ly += entryGapV
				}
			}
			f.SetY(top + boxH + groupGap)
			entries, hs, continued = entries[n:], hs[n:], true
			if len(hs) == 0 {
				break
			}
			p.newPage()
			trunkTop = marginT
		}
	}
	p.text(groupCaption(res), fSmallI, muted, 0)
	p.space(1)
}
