package syntax

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxNest bounds the nesting of f-string and template fields (a field
// holding a string holding a field …); deeper, a field opener is read as
// text. It keeps the recursion of the lexer bounded on hostile input.
const maxNest = 32

// stop is why a field's sub-lexer returned.
type stop uint8

const (
	stopEOF   stop = iota
	stopClose      // at the } closing the field
	stopSpec       // Python: at the : of a format spec
	stopConv       // Python: at the ! of a conversion
	stopNL         // Python: at a newline ending a single-quoted f-string
)

// lexer is the state of one pass over a source. The lexer of a file (top)
// records positions; the sub-lexers reading f-string and template fields
// share the source and only report where the field ends and which tokens
// it holds.
type lexer struct {
	s    string
	i    int
	lang Lang
	toks []Token

	top       bool
	line      int // line of lineStart
	lineStart int // offset at which the current line starts
	scanned   int // newlines are counted up to here
	prevEnd   int // End of the last token
	pieces    map[int][]piece
	contd     []int
	cont      bool // Python: a backslash-newline since the last token

	// noRegex: a JavaScript / before this offset is punctuation (a regex
	// scan already failed on this line). It is a fact about the source,
	// so field sub-lexers inherit it and hand it back.
	noRegex int

	field  bool // a sub-lexer reading a field
	stopNL bool // Python field of a single-quoted f-string
	fdepth int  // brackets open in the field
	stop   stop
	nest   int
}

// sub returns a lexer for the field starting at i.
func (l *lexer) sub(i int) *lexer {
	return &lexer{s: l.s, i: i, lang: l.lang, field: true, nest: l.nest + 1, noRegex: l.noRegex}
}

func (l *lexer) emit(t Token) {
	if l.top {
		// Count the newlines of the gap (and of the previous token): the
		// offsets only grow, so this is one pass over the source. The span
		// is a few bytes as a rule, where a loop beats IndexByte's call.
		if t.Off-l.scanned < 32 {
			for j := l.scanned; j < t.Off; j++ {
				if l.s[j] == '\n' {
					l.line++
					l.lineStart = j + 1
				}
			}
		} else {
			for {
				j := strings.IndexByte(l.s[l.scanned:t.Off], '\n')
				if j < 0 {
					break
				}
				l.line++
				l.lineStart = l.scanned + j + 1
				l.scanned = l.lineStart
			}
		}
		l.scanned = t.Off
		t.Line, t.Col = l.line, t.Off-l.lineStart+1
		t.LineStart = l.prevEnd <= l.lineStart && l.blank(l.s[l.lineStart:t.Off])
		l.prevEnd = t.End
		if l.cont {
			l.contd = append(l.contd, len(l.toks))
			l.cont = false
		}
	} else if l.field && t.Kind == Punct && len(t.Text) == 1 {
		switch t.Text[0] {
		case '(', '[', '{':
			l.fdepth++
		case ')', ']', '}':
			l.fdepth = max(l.fdepth-1, 0)
		}
	}
	l.toks = append(l.toks, t)
}

// tok emits the token of kind k from start to l.i, as written.
func (l *lexer) tok(k Kind, start int) {
	l.emit(Token{Kind: k, Text: l.s[start:l.i], Off: start, End: l.i})
}

// punct emits n bytes of punctuation.
func (l *lexer) punct(n int) {
	start := l.i
	l.i += n
	l.tok(Punct, start)
}

// blank reports whether s (the text before a token on its line) is only
// whitespace.
func (l *lexer) blank(s string) bool {
	for i := 0; i < len(s); {
		switch s[i] {
		case ' ', '\t', '\f', '\r':
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !l.space(r) {
			return false
		}
		i += n
	}
	return true
}

// space reports a non-newline whitespace rune of the language. Python
// knows only ASCII blanks (and a byte-order mark); JavaScript adds the
// Unicode spaces and line separators.
func (l *lexer) space(r rune) bool {
	switch r {
	case ' ', '\t', '\f', '\r', 0xFEFF:
		return true
	case '\v', 0xA0, 0x2028, 0x2029:
		return l.lang.js()
	}
	return l.lang.js() && r >= 0x80 && unicode.Is(unicode.Zs, r)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isHex(c byte) bool { return isDigit(c) || c|0x20 >= 'a' && c|0x20 <= 'f' }

// isASCIIStart reports an ASCII identifier start; $ only in JavaScript.
func (l *lexer) isASCIIStart(c byte) bool {
	return c == '_' || c|0x20 >= 'a' && c|0x20 <= 'z' || c == '$' && l.lang.js()
}

func isIdentRune(r rune, start bool) bool {
	if r == '_' || unicode.IsLetter(r) {
		return true
	}
	if start {
		return false
	}
	return unicode.IsDigit(r) || unicode.In(r, unicode.Mn, unicode.Mc, unicode.Pc) || r == 0x200C || r == 0x200D
}

// nonASCII reads what the non-ASCII rune at l.i starts: whitespace of the
// language (space), a name, else one rune of punctuation.
func (l *lexer) nonASCII() {
	r, n := utf8.DecodeRuneInString(l.s[l.i:])
	switch {
	case l.space(r):
		l.i += n
	case isIdentRune(r, true) && l.lang == Python:
		l.pyName()
	case isIdentRune(r, true):
		l.name()
	default:
		l.punct(n)
	}
}

// name reads an identifier at l.i, whose first rune is known to start one.
func (l *lexer) name() {
	start := l.i
	l.i = l.identEnd(l.i)
	l.tok(Name, start)
}

// identEnd returns where the identifier starting at i ends.
func (l *lexer) identEnd(i int) int {
	s := l.s
	if i < len(s) && s[i] < 0x80 {
		i++ // the start, already checked
	} else if i < len(s) {
		_, n := utf8.DecodeRuneInString(s[i:])
		i += n
	}
	for i < len(s) {
		c := s[i]
		if c < 0x80 {
			if l.isASCIIStart(c) || isDigit(c) {
				i++
				continue
			}
			break
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !isIdentRune(r, false) {
			break
		}
		i += n
	}
	return i
}

// number reads a numeric literal at l.i (a digit, or a dot and a digit).
func (l *lexer) number() {
	s := l.s
	start := l.i
	hex := s[l.i] == '0' && l.i+1 < len(s) && s[l.i+1]|0x20 == 'x'
	dot, exp := false, false
	for l.i < len(s) {
		c := s[l.i]
		switch {
		case c == '.' && !dot && !exp && !hex:
			dot = true
			l.i++
		case c == '_' || isDigit(c) || c|0x20 >= 'a' && c|0x20 <= 'z':
			l.i++
			if c|0x20 == 'e' && !hex && !exp {
				exp = true
				if l.i+1 < len(s) && (s[l.i] == '+' || s[l.i] == '-') && isDigit(s[l.i+1]) {
					l.i++
				}
			}
		default:
			l.tok(Number, start)
			return
		}
	}
	l.tok(Number, start)
}

// skipLine moves to the newline ending the current line.
func (l *lexer) skipLine() {
	if j := strings.IndexByte(l.s[l.i:], '\n'); j >= 0 {
		l.i += j
	} else {
		l.i = len(l.s)
	}
}

// lineEnd returns where a string that must end on its line stops when
// unterminated at the newline at i: before \r\n.
func (l *lexer) lineEnd(i int) int {
	if i > 0 && i <= len(l.s) && l.s[i-1] == '\r' {
		return i - 1
	}
	return i
}

// ops indexes a language's operators of two characters and more by their
// first byte, longest first. Built once at init and only read.
type ops [128][]string

func opTable(list ...string) *ops {
	var t ops
	for _, op := range list {
		t[op[0]] = append(t[op[0]], op)
	}
	for _, l := range t {
		slices.SortStableFunc(l, func(a, b string) int { return len(b) - len(a) })
	}
	return &t
}

// len returns the length of the longest operator at s[i] (an ASCII byte).
func (t *ops) len(s string, i int) int {
	for _, op := range t[s[i]] {
		if strings.HasPrefix(s[i:], op) {
			return len(op)
		}
	}
	return 1
}

// decodeEscapes is the loop the Python and JavaScript string decoders
// share. Bytes are copied; with newlines, a CR or CRLF is a LF; a
// backslash before a line break continues the line; \n \t \r \b \f \v
// are decoded. Any other escape goes to other with e, the byte after the
// backslash, and i, the index after e: other writes what it stands for
// and returns how many bytes of s[i:] it took besides.
func decodeEscapes(s string, newlines bool, other func(b *strings.Builder, e byte, s string, i int) int) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c == '\r' && newlines {
			b.WriteByte('\n')
			i++
			if i < len(s) && s[i] == '\n' {
				i++
			}
			continue
		}
		if c != '\\' || i+1 >= len(s) {
			b.WriteByte(c)
			i++
			continue
		}
		e := s[i+1]
		i += 2
		switch e {
		case '\n':
		case '\r':
			if i < len(s) && s[i] == '\n' {
				i++
			}
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'v':
			b.WriteByte('\v')
		default:
			i += other(&b, e, s, i)
		}
	}
	return b.String()
}

// normalizeNewlines turns \r\n and \r into \n.
func normalizeNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}
