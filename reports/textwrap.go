package reports

import (
	"bufio"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// The text format's layout: every line fits the width, long values wrap
// under where they began instead of being cut, and tables size their
// columns to what they hold.

// DefaultWidth is the text format's line width when none is given: the
// CLI's when standard output is not a terminal, so files and goldens do
// not depend on the terminal a report was written from.
const DefaultWidth = 100

// cols is the number of terminal columns s takes: East Asian wide and
// full-width characters take two, combining marks none.
func cols(s string) int {
	n := 0
	for _, r := range s {
		n += runeCols(r)
	}
	return n
}

func runeCols(r rune) int {
	switch {
	case unicode.Is(unicode.Mn, r), unicode.Is(unicode.Me, r):
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// wrap breaks s into lines of at most w columns, at spaces; a word longer
// than a line is broken after its last "/", "." or "-" that fits, else
// where the line ends. Nothing is dropped but the spaces a line ends at.
func wrap(s string, w int) []string { return wrapFirst(s, w, w) }

// wrapFirst is wrap with a first line first columns wide.
func wrapFirst(s string, first, w int) []string {
	var lines []string
	var cur strings.Builder
	n := 0
	room := func() int {
		if len(lines) == 0 {
			return max(1, first)
		}
		return max(1, w)
	}
	flush := func() {
		lines = append(lines, cur.String())
		cur.Reset()
		n = 0
	}
	for _, word := range strings.Fields(s) {
		c := cols(word)
		if n > 0 && n+1+c <= room() {
			cur.WriteByte(' ')
			cur.WriteString(word)
			n += 1 + c
			continue
		}
		if n > 0 {
			flush()
		}
		for c > room() {
			head, tail := breakWord(word, room())
			lines = append(lines, head)
			word, c = tail, cols(tail)
		}
		cur.WriteString(word)
		n = c
	}
	if n > 0 || len(lines) == 0 {
		flush()
	}
	return lines
}

// breakWord splits a word wider than w: after the last "/", "." or "-"
// within w columns when that keeps at least half a line, else at w
// columns.
func breakWord(word string, w int) (head, tail string) {
	n, cut, slash := 0, 0, 0
	for i, r := range word {
		if n+runeCols(r) > w {
			cut = i
			break
		}
		n += runeCols(r)
		if (r == '/' || r == '.' || r == '-') && n >= w/2 {
			slash = i + 1
		}
	}
	if slash > 0 {
		cut = slash
	}
	if cut == 0 { // a single rune wider than the line
		_, cut = utf8.DecodeRuneInString(word)
	}
	return word[:cut], word[cut:]
}

// minText is the fewest columns a paragraph's text is given beside its
// prefix before it moves under it.
const minText = 20

// page writes the text report's lines, width columns wide.
type page struct {
	b     *bufio.Writer
	t     Text
	width int
}

// para writes text after a prefix that takes pcols columns (painted, or
// spaces): the text wraps, and its further lines start hang columns in.
func (pg page) para(prefix string, pcols, hang int, text string) {
	if text != "" && pg.width-pcols < minText && pcols > hang {
		// No room after the prefix: the text starts on the next line.
		pg.b.WriteString(strings.TrimRight(prefix, " ") + "\n")
		prefix, pcols = strings.Repeat(" ", hang), hang
	}
	for i, line := range wrapFirst(text, pg.width-pcols, pg.width-hang) {
		if i == 0 {
			pg.b.WriteString(prefix)
		} else {
			pg.b.WriteString(strings.Repeat(" ", hang))
		}
		pg.b.WriteString(line)
		pg.b.WriteByte('\n')
	}
}

// line writes an indented paragraph whose further lines start extra
// columns deeper than its first.
func (pg page) line(indent, extra int, text string) {
	pg.para(strings.Repeat(" ", indent), indent, indent+extra, text)
}

// cell is a table cell: its text and the colour it is painted in.
type cell struct {
	text  string
	color string
}

// table lays out rows in columns two spaces apart, indent columns in.
// Each column is as wide as its widest cell or label. When the rows do
// not fit the page, the columns that may narrow share the room left, each
// down to its longest word at most, in proportion to how much wider than
// that they would be; when even the longest words do not fit, the widest
// column narrows further and breaks its words. Cells wrap within their
// column.
type table struct {
	pg     page
	indent int
	widths []int
}

// layout sizes a table's columns from its labels and rows. fixed columns
// (short words of the report's own) never narrow.
func (pg page) layout(indent int, labels []string, fixed []bool, rows [][]cell) table {
	n := len(labels)
	tb := table{pg: pg, indent: indent, widths: make([]int, n)}
	word := make([]int, n) // the longest word of each column
	for i, l := range labels {
		tb.widths[i], word[i] = cols(l), cols(l)
	}
	for _, row := range rows {
		for i, c := range row {
			tb.widths[i] = max(tb.widths[i], cols(c.text))
			for _, w := range strings.Fields(c.text) {
				word[i] = max(word[i], cols(w))
			}
		}
	}
	room := pg.width - indent - 2*(n-1)
	sum := func(ws []int) int {
		total := 0
		for _, w := range ws {
			total += w
		}
		return total
	}
	if sum(tb.widths) <= room {
		return tb
	}
	floor := make([]int, n)
	for i := range floor {
		floor[i] = tb.widths[i]
		if !fixed[i] {
			floor[i] = min(word[i], tb.widths[i])
		}
	}
	if spare := room - sum(floor); spare >= 0 {
		natural := slices.Clone(tb.widths)
		excess, given := sum(natural)-sum(floor), 0
		for i := range tb.widths {
			share := (natural[i] - floor[i]) * spare / excess
			tb.widths[i] = floor[i] + share
			given += share
		}
		// What rounding left goes a column each, first first, to the
		// columns that still wrap.
		for i := 0; given < spare; i++ {
			if tb.widths[i%n] < natural[i%n] {
				tb.widths[i%n]++
				given++
			}
		}
		return tb
	}
	copy(tb.widths, floor)
	for {
		widest := -1
		for i, w := range tb.widths {
			if !fixed[i] && w > max(cols(labels[i]), 12) && (widest < 0 || w > tb.widths[widest]) {
				widest = i
			}
		}
		if sum(tb.widths) <= room || widest < 0 {
			return tb
		}
		tb.widths[widest]--
	}
}

// header writes the column labels, dimmed.
func (tb table) header(labels []string) {
	cells := make([]cell, len(labels))
	for i, l := range labels {
		cells[i] = cell{l, ansiDim}
	}
	tb.row(cells)
}

// row writes one row: each cell wraps within its column, and the row is
// as many lines high as its tallest cell.
func (tb table) row(cells []cell) {
	wrapped := make([][]string, len(cells))
	height := 0
	for i, c := range cells {
		wrapped[i] = wrap(c.text, tb.widths[i])
		height = max(height, len(wrapped[i]))
	}
	for l := range height {
		var line strings.Builder
		line.WriteString(strings.Repeat(" ", tb.indent))
		pad := 0
		for i, c := range cells {
			if l >= len(wrapped[i]) || wrapped[i][l] == "" {
				pad += tb.widths[i] + 2
				continue
			}
			line.WriteString(strings.Repeat(" ", pad))
			text := wrapped[i][l]
			if c.color != "" {
				text = tb.pg.t.paint(c.color, text)
			}
			line.WriteString(text)
			pad = tb.widths[i] - cols(wrapped[i][l]) + 2
		}
		tb.pg.b.WriteString(line.String())
		tb.pg.b.WriteByte('\n')
	}
}

// offset is where column i starts, counted from the page's left edge.
func (tb table) offset(i int) int {
	n := tb.indent
	for _, w := range tb.widths[:i] {
		n += w + 2
	}
	return n
}
