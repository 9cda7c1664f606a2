package markdown

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/mcp-comply/mcp-comply/reports/internal/safe"
)

// place is where a string from the project lands in the Markdown: it
// decides which of its characters could be read as syntax there.
type place int

const (
	inline  place = iota // within a line, after other words
	atStart              // at the start of a line or of a list item's text
	inCell               // in a table cell
)

// esc cleans a string from the project for a place within a line. Only
// what GitHub would read as syntax there is escaped, so the raw comment
// stays readable ("n8n 2.8.4 (SUL-1.0)" stays as it is):
//
//   - a backslash before punctuation or at the end (it would escape what
//     follows), and every backtick (a code span);
//   - "*", "_" and "~" where they could open or close emphasis or a
//     strikethrough: "_" inside a word and a lone " * " stay;
//   - "]" before "(" or "[" or at the end (a link or an image), "<" before
//     anything but a space or "=" (HTML, an autolink), "&" that would
//     start an entity;
//   - "://" and "www." (GitHub links bare URLs) and "$" that could close
//     inline math; "@" gets a word joiner after it, so it mentions no one
//     and makes no e-mail link.
//
// A value's ends are treated as touching anything, since the Markdown
// around it is not known here.
func esc(s string, max int) string { return escape(s, max, inline) }

// escCell is esc for a table cell: "|" would end the cell.
func escCell(s string, max int) string { return escape(s, max, inCell) }

// escLine is esc for the start of a line or of a list item, where "#",
// ">", "-", "+", "1." and "[" would start a heading, a quote, a list or a
// link definition.
func escLine(s string, max int) string { return escape(s, max, atStart) }

func escape(s string, max int, where place) string {
	rs := []rune(strings.TrimSpace(safe.Clean(s, max)))
	var b strings.Builder
	i := 0
	if where == atStart {
		i = blockMarker(&b, rs)
	}
	for ; i < len(rs); i++ {
		r := rs[i]
		switch r {
		case '*', '_', '~':
			j := i
			for j < len(rs) && rs[j] == r {
				j++
			}
			quiet := inert(r, at(rs, i-1), at(rs, j))
			for ; i < j; i++ {
				if !quiet {
					b.WriteByte('\\')
				}
				b.WriteRune(r)
			}
			i--
			continue
		case '\\':
			if i+1 == len(rs) || isASCIIPunct(rs[i+1]) {
				b.WriteByte('\\')
			}
		case '`':
			b.WriteByte('\\')
		case ']':
			if next := at(rs, i+1); next == '(' || next == '[' || next == edge {
				b.WriteByte('\\')
			}
		case '<':
			if next := at(rs, i+1); next != ' ' && next != '=' {
				b.WriteByte('\\')
			}
		case '&':
			if entity.MatchString(string(rs[i:min(len(rs), i+40)])) {
				b.WriteByte('\\')
			}
		case '|':
			if where == inCell {
				b.WriteByte('\\')
			}
		case '$':
			if prev := at(rs, i-1); prev == edge || !unicode.IsSpace(prev) {
				b.WriteByte('\\')
			}
		case ':':
			if at(rs, i+1) == '/' && at(rs, i+2) == '/' {
				b.WriteByte('\\')
			}
		case '.':
			if i >= 3 && strings.EqualFold(string(rs[i-3:i]), "www") && !isWordRune(at(rs, i-4)) {
				b.WriteByte('\\')
			}
		case '@':
			b.WriteString("@\u2060")
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// edge stands for what lies beyond either end of a value: anything.
const edge = -1

func at(rs []rune, i int) rune {
	if i < 0 || i >= len(rs) {
		return edge
	}
	return rs[i]
}

// entity matches what CommonMark reads as an entity or a numeric
// character reference ("&amp;", "&#42;"), or would with the ";" after it.
var entity = regexp.MustCompile(`^&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*)(;|$)`)

// inert reports whether a run of "*", "_" or "~" between before and after
// can neither open nor close emphasis or a strikethrough (CommonMark's
// flanking rules): between spaces, or for "_" inside a word.
func inert(r, before, after rune) bool {
	space := func(c rune) bool { return c != edge && unicode.IsSpace(c) }
	if space(before) && space(after) {
		return true
	}
	return r == '_' && isWordRune(before) && isWordRune(after)
}

func isWordRune(r rune) bool { return r != edge && (unicode.IsLetter(r) || unicode.IsDigit(r)) }

func isASCIIPunct(r rune) bool {
	return r < 0x80 && strings.ContainsRune("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", r)
}

// blockMarker escapes what, at the start of a line, would open a block: a
// heading, a quote, a list item or a thematic break, an ordered list item
// ("1." or "1)") or a link reference definition. It writes the marker and
// returns how many runes it wrote. Fences are escaped as code spans and
// strikethroughs are, HTML blocks as inline HTML is, and indentation is
// trimmed.
func blockMarker(b *strings.Builder, rs []rune) int {
	if len(rs) == 0 {
		return 0
	}
	marker := func() int {
		b.WriteByte('\\')
		b.WriteRune(rs[0])
		return 1
	}
	switch r := rs[0]; r {
	case '>', '[':
		return marker()
	case '#':
		n := 1
		for n < len(rs) && rs[n] == '#' {
			n++
		}
		if next := at(rs, n); n <= 6 && (next == edge || next == ' ') {
			return marker()
		}
	case '-', '+':
		if next := at(rs, 1); next == edge || next == ' ' || strings.Trim(string(rs), "- ") == "" {
			return marker()
		}
	}
	n := 0
	for n < len(rs) && n < 10 && rs[n] >= '0' && rs[n] <= '9' {
		n++
	}
	if n > 0 && n < 10 && (at(rs, n) == '.' || at(rs, n) == ')') {
		if next := at(rs, n+1); next == edge || next == ' ' {
			b.WriteString(string(rs[:n]) + `\` + string(rs[n]))
			return n + 1
		}
	}
	return 0
}
