package pdf

import (
	"fmt"
	"slices"

	"codeberg.org/go-pdf/fpdf"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/reports/internal/view"
)

// guaranteeColour gives each guarantee its own colour, from green (kept
// where the project runs, processed in the EU) to red (no adequacy).
func guaranteeColour(g compliance.Guarantee) rgb {
	switch g {
	case compliance.SelfHosted:
		return rgb{20, 110, 60}
	case compliance.EUProcessing:
		return rgb{39, 150, 85}
	case compliance.EUStorageOnly:
		return rgb{112, 145, 30}
	case compliance.AdequateCountry:
		return rgb{40, 120, 170}
	case compliance.PartialAdequacy:
		return rgb{110, 105, 160}
	case compliance.USDataPrivacy:
		return rgb{166, 110, 0}
	case compliance.GlobalUnspecified:
		return rgb{205, 100, 20}
	case compliance.NoAdequacy:
		return rgb{180, 40, 40}
	}
	return neutral
}

// tint mixes a colour with white: t = 0 keeps it, 1 is white.
func tint(c rgb, t float64) rgb {
	mix := func(v int) int { return v + int(float64(255-v)*t) }
	return rgb{mix(c.r), mix(c.g), mix(c.b)}
}

// maxDiagram is the most endpoints drawn as a data-flow diagram; more are
// summarised as a chart of endpoints per guarantee.
const maxDiagram = 8

// diagram geometry in mm.
const boxW, boxH, boxGap, projW, projH = 80.0, 14.0, 3.0, 48.0, 24.0

// diagramHeight is the height flowDiagram or guaranteeChart takes.
func (p *report) diagramHeight(res *compliance.Residency) float64 {
	if n := len(res.Endpoints); n <= maxDiagram {
		return max(float64(n)*(boxH+boxGap)-boxGap, projH) + 12
	}
	return float64(len(present(res.Endpoints)))*8.5 + 12
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

// flowDiagram draws the project on the left and each endpoint on the
// right, joined by a line in the colour of the endpoint's guarantee.
func (p *report) flowDiagram(res *compliance.Residency) {
	eps := res.Endpoints
	if len(eps) > maxDiagram {
		p.guaranteeChart(eps)
		return
	}
	height := max(float64(len(eps))*(boxH+boxGap)-boxGap, projH)
	p.need(height + 16)
	f := p.f
	y0 := f.GetY() + 1

	// The project.
	py := y0 + (height-projH)/2
	p.fill(navy)
	f.RoundedRect(marginL, py, projW, projH, 1.5, "1234", "F")
	p.use(font{"go", "B", 9}, white)
	f.SetXY(marginL+3, py+3)
	f.CellFormat(projW-6, 4.5, "This project", "", 0, "L", false, 0, "")
	p.use(fSmall, white)
	lines := p.wrap(p.project, projW-6, 2)
	for i, l := range lines {
		f.SetXY(marginL+3, py+8+float64(i)*lineH(sizeSmall))
		f.CellFormat(projW-6, lineH(sizeSmall), l, "", 0, "L", false, 0, "")
	}
	if len(res.Hosting) > 0 {
		h := res.Hosting[0]
		p.use(font{"go", "", sizeTiny}, rgb{200, 212, 228})
		f.SetXY(marginL+3, py+projH-5.5)
		f.CellFormat(projW-6, 4, p.fit("runs in "+p.txt(h.Platform+" "+h.Region, 60), projW-6), "", 0, "L", false, 0, "")
	}

	// The endpoints, and the lines to them.
	bx := marginL + contentW - boxW
	x1, y1 := marginL+projW, py+projH/2
	for i, e := range eps {
		by := y0 + float64(i)*(boxH+boxGap)
		c := guaranteeColour(e.Guarantee)
		x2, y2 := bx-1.8, by+boxH/2
		p.draw(c)
		f.SetLineWidth(0.6)
		mid := (x1 + x2) / 2
		f.CurveBezierCubic(x1, y1, mid, y1, mid, y2, x2, y2, "D")
		f.SetLineWidth(0.2)
		p.fill(c)
		f.Polygon([]fpdf.PointType{{X: x2, Y: y2 - 1.3}, {X: x2 + 1.8, Y: y2}, {X: x2, Y: y2 + 1.3}}, "F")

		p.fill(tint(c, 0.88))
		f.Rect(bx, by, boxW, boxH, "F")
		p.fill(c)
		f.Rect(bx, by, 1.8, boxH, "F")
		label := view.GuaranteeLabel(e.Guarantee)
		lw := p.badgeWidth(label, sizeTiny)
		p.badge(bx+boxW-lw-1.5, by+1.5, lw, 3.6, label, c, sizeTiny)
		p.use(font{"go", "B", sizeSmall}, ink)
		f.SetXY(bx+3.5, by+1.3)
		f.CellFormat(boxW-lw-6, 4, p.fit(p.txt(e.ProviderName, 80), boxW-lw-6), "", 0, "L", false, 0, "")
		host := e.Host
		if e.Model != "" {
			host += " · " + e.Model
		}
		p.use(font{"mono", "", sizeTiny}, ink)
		f.SetXY(bx+3.5, by+5.5)
		f.CellFormat(boxW-5, 3.6, p.fit(p.txt(host, 200), boxW-5), "", 0, "L", false, 0, "")
		p.use(font{"go", "", sizeTiny}, muted)
		f.SetXY(bx+3.5, by+9.3)
		f.CellFormat(boxW-5, 3.6, p.fit("processed: "+p.txt(e.Processing, 120)+" · "+p.txt(e.Jurisdiction, 80), boxW-5), "", 0, "L", false, 0, "")
	}
	f.SetY(y0 + height + 3)
	p.legend(eps)
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

// guaranteeChart draws a bar per guarantee with the number of endpoints.
func (p *report) guaranteeChart(eps []compliance.Endpoint) {
	counts := map[compliance.Guarantee]int{}
	for _, e := range eps {
		counts[e.Guarantee]++
	}
	gs := present(eps)
	most := 0
	for _, n := range counts {
		most = max(most, n)
	}
	const labelW, barH, gap = 40.0, 6.0, 2.5
	p.need(float64(len(gs))*(barH+gap) + 12)
	p.text(fmt.Sprintf("The %d endpoints by guarantee:", len(eps)), fSmallB, ink, 0)
	p.space(1)
	y := p.f.GetY()
	span := contentW - labelW - 14
	for i, g := range gs {
		by := y + float64(i)*(barH+gap)
		p.use(fSmall, ink)
		p.f.SetXY(marginL, by)
		p.f.CellFormat(labelW-2, barH, view.GuaranteeLabel(g), "", 0, "R", false, 0, "")
		w := span * float64(counts[g]) / float64(most)
		p.fill(guaranteeColour(g))
		p.f.Rect(marginL+labelW, by, w, barH, "F")
		p.use(fSmallB, ink)
		p.f.SetXY(marginL+labelW+w+1.5, by)
		p.f.CellFormat(12, barH, fmt.Sprint(counts[g]), "", 0, "L", false, 0, "")
	}
	p.f.SetY(y + float64(len(gs))*(barH+gap) + 2)
}
