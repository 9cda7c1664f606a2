package pdf

import (
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"

	"github.com/mcp-comply/mcp-comply/reports/internal/safe"
	"github.com/mcp-comply/mcp-comply/reports/internal/view"
)

// Page geometry in millimetres (A4 portrait).
const (
	pageW    = 210.0
	pageH    = 297.0
	marginL  = 16.0
	marginR  = 16.0
	marginT  = 22.0
	marginB  = 18.0
	contentW = pageW - marginL - marginR
	bottomY  = pageH - marginB
)

// Font sizes in points.
const (
	sizeTitle = 26.0
	sizeH1    = 16.0
	sizeH2    = 11.5
	sizeBody  = 9.5
	sizeSmall = 8.0
	sizeTable = 7.5
	sizeTiny  = 7.0
)

type rgb struct{ r, g, b int }

var (
	navy       = rgb{22, 43, 72}
	ink        = rgb{33, 37, 41}
	muted      = rgb{96, 104, 112}
	ruleGrey   = rgb{206, 212, 218}
	zebra      = rgb{245, 247, 250}
	headFill   = rgb{52, 73, 94}
	white      = rgb{255, 255, 255}
	paleBlue   = rgb{232, 238, 245}
	good       = rgb{30, 132, 73}
	caution    = rgb{154, 91, 0}
	bad        = rgb{192, 57, 43}
	neutral    = rgb{108, 117, 125}
	sevColours = map[string]rgb{
		"critical": {128, 20, 20},
		"high":     {192, 57, 43},
		"medium":   {176, 90, 10},
		"low":      {41, 98, 155},
		"info":     {108, 117, 125},
	}
)

// toneColours are the tones' colours, by tone.
var toneColours = [...]rgb{view.Neutral: neutral, view.Good: good, view.Caution: caution, view.Bad: bad}

func toneColour(t view.Tone) rgb { return toneColours[t] }

// font is a face of the embedded Go fonts.
type font struct {
	family string // "go" or "mono"
	style  string // "", "B", "I"
	size   float64
}

var (
	fBody   = font{"go", "", sizeBody}
	fBold   = font{"go", "B", sizeBody}
	fItalic = font{"go", "I", sizeBody}
	fSmall  = font{"go", "", sizeSmall}
	fSmallB = font{"go", "B", sizeSmall}
	fSmallI = font{"go", "I", sizeSmall}
	fTable  = font{"go", "", sizeTable}
	fTableB = font{"go", "B", sizeTable}
	fTableI = font{"go", "I", sizeTable}
	fMono   = font{"mono", "", sizeTiny}
)

// lineH is the line height in mm for a font size in points.
func lineH(size float64) float64 { return size * 0.3528 * 1.32 }

// doc wraps the fpdf document with the few layout primitives the report
// needs. All placement is explicit: automatic page breaks are off and
// every block asks for the room it needs first, so no heading is left at
// the foot of a page and no text runs past its cell.
type doc struct {
	f      *fpdf.Fpdf
	glyphs map[rune]bool
}

// goGlyphs is the Go Regular face, to ask which runes it can draw; the
// other Go faces cover the same set.
var goGlyphs = sync.OnceValue(func() *sfnt.Font {
	f, _ := sfnt.Parse(goregular.TTF)
	return f
})

// txt makes a string from the project printable: cleaned, kept whole
// (the layout wraps it), and every rune the embedded font cannot draw
// shown as U+FFFD, so nothing silently disappears.
func (d *doc) txt(s string) string {
	s = safe.Clean(s, 0)
	ok := true
	for _, r := range s {
		if !d.drawable(r) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if !d.drawable(r) {
			r = utf8.RuneError
		}
		b.WriteRune(r)
	}
	return b.String()
}

func (d *doc) drawable(r rune) bool {
	if r >= 0x20 && r < 0x7f {
		return true
	}
	if ok, seen := d.glyphs[r]; seen {
		return ok
	}
	ok := false
	if f := goGlyphs(); f != nil {
		var buf sfnt.Buffer
		g, err := f.GlyphIndex(&buf, r)
		ok = err == nil && g != 0
	}
	d.glyphs[r] = ok
	return ok
}

func (d *doc) use(fn font, c rgb) {
	d.f.SetFont(fn.family, fn.style, fn.size)
	d.f.SetTextColor(c.r, c.g, c.b)
}

func (d *doc) fill(c rgb) { d.f.SetFillColor(c.r, c.g, c.b) }
func (d *doc) draw(c rgb) { d.f.SetDrawColor(c.r, c.g, c.b) }

// width of s in the current font.
func (d *doc) width(s string) float64 { return d.f.GetStringWidth(s) }

// fit cuts s with "…" so it is at most w wide in the current font.
func (d *doc) fit(s string, w float64) string {
	if d.width(s) <= w {
		return s
	}
	return d.ellipsize(s, w)
}

// ellipsize ends s in "…", cut so it is at most w wide.
func (d *doc) ellipsize(s string, w float64) string {
	rs := []rune(s)
	lo, hi := 0, len(rs)
	for lo < hi { // the longest prefix that fits with the ellipsis
		mid := (lo + hi + 1) / 2
		if d.width(strings.TrimRight(string(rs[:mid]), " ")+"…") <= w {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return strings.TrimRight(string(rs[:lo]), " ") + "…"
}

// wrap splits s into lines at most w wide in the current font, breaking
// at spaces or, for a word longer than a line, inside it. Runs of spaces
// collapse to one. With maxLines > 0 the last kept line ends in "…" when
// text was left out. Widths add up exactly (fpdf does not kern), so the
// words' widths are summed rather than each candidate line measured.
func (d *doc) wrap(s string, w float64, maxLines int) []string {
	var lines []string
	var cur strings.Builder
	curW, space := 0.0, d.width(" ")
	flush := func() {
		lines = append(lines, cur.String())
		cur.Reset()
		curW = 0
	}
	for _, word := range strings.Fields(s) {
		ww := d.width(word)
		for ww > w { // longer than a line: break it where it must
			if cur.Len() > 0 {
				flush()
			}
			head, rest := d.cut(word, w)
			lines = append(lines, head)
			word, ww = rest, d.width(rest)
		}
		if word == "" {
			continue
		}
		if cur.Len() > 0 && curW+space+ww > w {
			flush()
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
			curW += space
		}
		cur.WriteString(word)
		curW += ww
	}
	if cur.Len() > 0 || len(lines) == 0 {
		flush()
	}
	if maxLines > 0 && len(lines) > maxLines {
		lines = lines[:maxLines]
		if last := lines[maxLines-1]; d.width(last+" …") <= w {
			lines[maxLines-1] = last + " …"
		} else {
			lines[maxLines-1] = d.ellipsize(last, w)
		}
	}
	return lines
}

// cut splits a word into a head that fits in w (at least one rune) and
// the rest: the longest head, or a shorter one ending in a separator such
// as "/", "@" or, failing those, "." when there is one in its second half.
func (d *doc) cut(word string, w float64) (head, rest string) {
	rs := []rune(word)
	lo, hi := 1, len(rs)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if d.width(string(rs[:mid])) <= w {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	if lo < len(rs) { // prefer to break after a separator in the second half; after a dot (a host name's) only when there is no other
	seps:
		for _, seps := range []string{"/@_:", "."} { // not "-": text extraction joins a line-end hyphen away
			for i := lo; i > lo/2; i-- {
				if strings.ContainsRune(seps, rs[i-1]) {
					lo = i
					break seps
				}
			}
		}
	}
	return string(rs[:lo]), string(rs[lo:])
}

// need starts a new page unless h millimetres fit below the current line.
func (d *doc) need(h float64) {
	if d.f.GetY()+h > bottomY {
		d.newPage()
	}
}

func (d *doc) newPage() {
	d.f.AddPage()
	d.f.SetXY(marginL, marginT)
}

// section starts a major section on a new page, unless the page holds
// only the short end of the one before (less than a third of it is used).
func (d *doc) section() {
	if d.f.GetY() > marginT+(bottomY-marginT)/3 {
		d.newPage()
	}
}

func (d *doc) space(h float64) {
	if d.f.GetY()+h > bottomY {
		d.newPage()
		return
	}
	d.f.SetY(d.f.GetY() + h)
}

// text writes a wrapped paragraph at the left margin plus indent.
func (d *doc) text(s string, fn font, c rgb, indent float64) {
	d.use(fn, c)
	lh := lineH(fn.size)
	for _, l := range d.wrap(s, contentW-indent, 0) {
		d.need(lh)
		d.f.SetXY(marginL+indent, d.f.GetY())
		d.f.CellFormat(contentW-indent, lh, l, "", 1, "L", false, 0, "")
	}
}

// writeLines writes lines one under another in the current font, left
// aligned in cells w wide and lh high from (x, y); it returns the y below
// the last. The diagram's boxes stack their lines with it.
func (d *doc) writeLines(lines []string, x, y, w, lh float64) float64 {
	for _, l := range lines {
		d.f.SetXY(x, y)
		d.f.CellFormat(w, lh, l, "", 0, "L", false, 0, "")
		y += lh
	}
	return y
}

// textHeight is the height text would take.
func (d *doc) textHeight(s string, fn font, indent float64) float64 {
	d.use(fn, ink)
	return float64(len(d.wrap(s, contentW-indent, 0))) * lineH(fn.size)
}

// h1Height is the room an h1 takes at the top of a page.
const h1Height = sizeH1*0.3528*1.32 + 1 + 3

// h1 opens a section: a bookmark, a title and a rule. It keeps room below
// for the start of the section's content.
func (d *doc) h1(title string) {
	d.need(lineH(sizeH1) + 50)
	if d.f.GetY() > marginT+1 {
		d.space(4)
	}
	d.use(font{"go", "B", sizeH1}, navy)
	d.f.Bookmark(title, 0, -1)
	d.f.SetX(marginL)
	d.f.CellFormat(contentW, lineH(sizeH1)+1, title, "", 1, "L", false, 0, "")
	d.draw(navy)
	d.f.SetLineWidth(0.5)
	y := d.f.GetY()
	d.f.Line(marginL, y, marginL+contentW, y)
	d.f.SetLineWidth(0.2)
	d.f.SetY(y + 3)
}

// h2Height is the room an h2 takes: the space above it, its line and
// the space below.
const h2Height = 2 + sizeH2*0.3528*1.32 + 1 + 1

// h2 opens a subsection, kept with at least minBody mm of what follows.
func (d *doc) h2(title string, minBody float64) {
	d.need(h2Height + minBody)
	d.space(2)
	d.use(font{"go", "B", sizeH2}, navy)
	d.f.Bookmark(title, 1, -1)
	d.f.SetX(marginL)
	d.f.CellFormat(contentW, lineH(sizeH2)+1, title, "", 1, "L", false, 0, "")
	d.space(1)
}

// badge draws a filled label centred in a box, in a smaller size when it
// is too long for the box. Labels are the report's own words (verdicts,
// guarantees, statuses); one too long even so is cut.
func (d *doc) badge(x, y, w, h float64, label string, c rgb, size float64) {
	d.fill(c)
	d.f.RoundedRect(x, y, w, h, 0.9, "1234", "F")
	d.use(font{"go", "B", size}, white)
	for size > sizeTiny-1.5 && d.width(label) > w-1.5 {
		size -= 0.5
		d.use(font{"go", "B", size}, white)
	}
	label = d.fit(label, w-1.5)
	d.f.SetXY(x, y)
	d.f.CellFormat(w, h, label, "", 0, "C", false, 0, "")
}

// badgeWidth is the width a badge needs for label.
func (d *doc) badgeWidth(label string, size float64) float64 {
	d.use(font{"go", "B", size}, white)
	return d.width(label) + 2.6
}

// box draws a framed note: a tinted panel with a coloured edge.
func (d *doc) box(s string, edge rgb) {
	d.use(fBody, ink)
	lines := d.wrap(s, contentW-10, 0)
	lh := lineH(sizeBody)
	h := float64(len(lines))*lh + 5
	d.need(h + 2)
	y := d.f.GetY()
	d.fill(zebra)
	d.f.Rect(marginL, y, contentW, h, "F")
	d.fill(edge)
	d.f.Rect(marginL, y, 1.6, h, "F")
	d.use(fBody, ink)
	for i, l := range lines {
		d.f.SetXY(marginL+5, y+2.5+float64(i)*lh)
		d.f.CellFormat(contentW-10, lh, l, "", 0, "L", false, 0, "")
	}
	d.f.SetY(y + h + 2)
}

// column of a table.
type column struct {
	title string
	w     float64
	align string // "L", "C" or "R"
}

// cell of a table: text with an optional muted second line, a badge, or
// text after a colour mark.
type cell struct {
	text  string
	font  font
	color rgb
	sub   string   // a second, smaller line in muted ink
	lines []string // more such lines, each starting a line of its own
	badge *rgb     // draw text as a badge in this colour
	mark  *rgb     // draw a square of this colour before the text
}

func plain(s string) cell { return cell{text: s, font: fTable, color: ink} }

type tableOpts struct {
	zebra   bool
	strong  int    // leading rows drawn on a tinted band (a totals row)
	caption string // a line above the table, kept with its header
	heading string // a subsection heading (h2) above the table, kept with it
}

const cellPadX, cellPadY, markW = 1.4, 1.1, 3.2

// laidLine is a line of a cell in its font.
type laidLine struct {
	s  string
	fn font
	c  rgb
}

// laidRow is a row wrapped to its columns: every line of every cell, and
// the row's height with its padding.
type laidRow struct {
	cells [][]laidLine
	h     float64
}

func (d *doc) layRow(cols []column, row []cell) laidRow {
	lr := laidRow{cells: make([][]laidLine, len(cols))}
	for i, c := range row[:min(len(row), len(cols))] {
		w := cols[i].w - 2*cellPadX
		if c.mark != nil {
			w -= markW
		}
		if c.badge != nil {
			lr.h = max(lr.h, lineH(c.font.size)+0.4)
			continue
		}
		add := func(s string, fn font, col rgb) {
			d.use(fn, col)
			for _, l := range d.wrap(s, w, 0) {
				lr.cells[i] = append(lr.cells[i], laidLine{l, fn, col})
			}
		}
		add(c.text, c.font, c.color)
		if c.sub != "" {
			add(c.sub, font{"go", "", sizeTiny}, muted)
		}
		for _, l := range c.lines {
			add(l, font{"go", "", sizeTiny}, muted)
		}
		lr.h = max(lr.h, linesHeight(lr.cells[i]))
	}
	lr.h += 2 * cellPadY
	return lr
}

func linesHeight(ls []laidLine) float64 {
	h := 0.0
	for _, l := range ls {
		h += lineH(l.fn.size)
	}
	return h
}

// table draws rows under a header that is repeated on every page the
// table reaches. Text is wrapped to its column and never cut. A row is
// kept on one page when it fits on one, and continues on the next page
// when it is taller than a page; the header never stands alone at the
// foot of a page.
func (d *doc) table(cols []column, rows [][]cell, o tableOpts) {
	d.use(fTableB, white)
	var titles [][]string
	headH := 0.0
	for _, c := range cols {
		l := d.wrap(c.title, c.w-2*cellPadX, 0)
		titles = append(titles, l)
		headH = max(headH, float64(len(l))*lineH(sizeTable)+2*cellPadY)
	}
	header := func() {
		y := d.f.GetY()
		d.fill(headFill)
		d.f.Rect(marginL, y, contentW, headH, "F")
		d.use(fTableB, white)
		x := marginL
		for i, c := range cols {
			for j, l := range titles[i] {
				d.f.SetXY(x+cellPadX, y+cellPadY+float64(j)*lineH(sizeTable))
				d.f.CellFormat(c.w-2*cellPadX, lineH(sizeTable), l, "", 0, c.align, false, 0, "")
			}
			x += c.w
		}
		d.f.SetY(y + headH)
	}
	page := bottomY - marginT - headH // the room for rows on a page of their own
	first := 0.0
	if len(rows) > 0 {
		first = min(d.layRow(cols, rows[0]).h, page/3)
	}
	capH := 0.0
	if o.caption != "" {
		capH = lineH(sizeSmall) + 1
	}
	if o.heading != "" {
		d.h2(o.heading, capH+headH+first)
	}
	d.need(capH + headH + first)
	if o.caption != "" {
		d.text(o.caption, fSmallB, ink, 0)
		d.space(1)
	}
	header()
	for ri, row := range rows {
		lr := d.layRow(cols, row)
		if room := bottomY - d.f.GetY(); lr.h > room && (lr.h <= page || room < page/3) {
			d.newPage() // the row whole on the next page, or a tall row from the top of one
			header()
		}
		band := ri < o.strong || o.zebra && (ri-o.strong)%2 == 1
		for next, start := make([]int, len(cols)), true; ; start = false {
			if d.rowSlice(cols, row, lr, next, start, band && ri < o.strong, band) {
				break
			}
			d.newPage()
			header()
		}
	}
	d.space(3)
}

// rowSlice draws what is left of a row (each cell from its line next[i])
// as far as the page allows, and advances next; it reports whether the
// row is done. The row's badges and marks are drawn with its first slice.
func (d *doc) rowSlice(cols []column, row []cell, lr laidRow, next []int, start, strong, band bool) (done bool) {
	y := d.f.GetY()
	room := bottomY - y - 2*cellPadY
	h, done, moved := 0.0, true, false
	end := make([]int, len(cols))
	for i, ls := range lr.cells {
		used, j := 0.0, next[i]
		for ; j < len(ls) && used+lineH(ls[j].fn.size) <= room+1e-9; j++ {
			used += lineH(ls[j].fn.size)
		}
		end[i], h = j, max(h, used)
		done = done && j == len(ls)
		moved = moved || j > next[i]
	}
	if !done && !moved { // no room for a line: draw one of each cell anyway, so the row advances
		for i, ls := range lr.cells {
			if j := next[i]; j < len(ls) {
				end[i], h = j+1, max(h, lineH(ls[j].fn.size))
			}
		}
		done = slices.EqualFunc(end, lr.cells, func(e int, ls []laidLine) bool { return e == len(ls) })
	}
	if start {
		for _, c := range row[:min(len(row), len(cols))] {
			if c.badge != nil {
				h = max(h, lineH(c.font.size)+0.4)
			}
		}
	}
	h += 2 * cellPadY
	switch {
	case strong:
		d.fill(paleBlue)
		d.f.Rect(marginL, y, contentW, h, "F")
	case band:
		d.fill(zebra)
		d.f.Rect(marginL, y, contentW, h, "F")
	}
	x := marginL
	for i, c := range row[:min(len(row), len(cols))] {
		tx, w := x+cellPadX, cols[i].w-2*cellPadX
		if c.mark != nil {
			if start {
				d.fill(*c.mark)
				d.f.Rect(tx, y+cellPadY+0.6, 2.2, 2.2, "F")
			}
			tx, w = tx+markW, w-markW
		}
		if c.badge != nil {
			if start {
				bw := min(w, d.badgeWidth(c.text, c.font.size))
				bx := tx
				if cols[i].align == "C" {
					bx = x + (cols[i].w-bw)/2
				}
				d.badge(bx, y+cellPadY, bw, lineH(c.font.size)+0.4, c.text, *c.badge, c.font.size)
			}
		} else {
			ly := y + cellPadY
			for _, l := range lr.cells[i][next[i]:end[i]] {
				d.use(l.fn, l.c)
				lh := lineH(l.fn.size)
				d.f.SetXY(tx, ly)
				d.f.CellFormat(w, lh, l.s, "", 0, cols[i].align, false, 0, "")
				ly += lh
			}
		}
		x += cols[i].w
	}
	copy(next, end)
	d.draw(ruleGrey)
	d.f.Line(marginL, y+h, marginL+contentW, y+h)
	d.f.SetY(y + h)
	return done
}

// checkbox draws an empty square at x, y (top-left), s mm wide.
func (d *doc) checkbox(x, y, s float64) {
	d.draw(ink)
	d.f.SetLineWidth(0.35)
	d.f.Rect(x, y, s, s, "D")
	d.f.SetLineWidth(0.2)
}
