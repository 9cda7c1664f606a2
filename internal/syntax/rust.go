package syntax

import (
	"strings"
	"unicode/utf8"
)

// Rust is read for the MCP servers of its official SDK (rmcp): names,
// strings with their raw, byte and C forms, numbers and punctuation.
// Nested block comments are comments, and a lifetime ('a, 'static) is a '
// and a name, not the start of a character.

var rustOps = opTable("<<=", ">>=", "...", "..=", "::", "->", "=>", "==", "!=", "<=", ">=", "&&", "||",
	"+=", "-=", "*=", "/=", "%=", "^=", "&=", "|=", "<<", ">>", "..")

func (l *lexer) runRust() {
	s := l.s
	for l.i < len(s) {
		c := s[l.i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f':
			l.i++
		case c == '/' && strings.HasPrefix(s[l.i+1:], "/"):
			l.skipLine()
		case c == '/' && strings.HasPrefix(s[l.i+1:], "*"):
			l.rustBlockComment()
		case c == '"':
			l.rustString(l.i, l.i, 0)
		case c == 'r' || c == 'b' || c == 'c':
			if !l.rustPrefixed() {
				l.name()
			}
		case c == '\'':
			l.rustQuote()
		case isDigit(c):
			l.number()
		case c < 0x80:
			if l.isASCIIStart(c) {
				l.name()
			} else {
				l.punct(rustOps.len(s, l.i))
			}
		default:
			l.nonASCII()
		}
	}
	l.stop = stopEOF
}

// rustBlockComment skips /* … */, nested, at l.i; an unclosed one runs to
// the end of the source.
func (l *lexer) rustBlockComment() {
	s := l.s
	depth := 0
	for l.i < len(s) {
		switch {
		case strings.HasPrefix(s[l.i:], "/*"):
			depth++
			l.i += 2
		case strings.HasPrefix(s[l.i:], "*/"):
			depth--
			l.i += 2
			if depth == 0 {
				return
			}
		default:
			l.i++
		}
	}
}

// rustPrefixed reads a string with a prefix at l.i (b"…", r"…", r#"…"#,
// br##"…"##, c"…", cr"…") or a raw identifier (r#type), and reports
// whether there was one.
func (l *lexer) rustPrefixed() bool {
	s := l.s
	j := l.i
	if s[j] == 'b' || s[j] == 'c' {
		j++
	}
	raw := j < len(s) && s[j] == 'r'
	if raw {
		j++
	}
	hashes := 0
	for raw && j < len(s) && s[j] == '#' {
		hashes++
		j++
	}
	switch {
	case j < len(s) && s[j] == '"' && (raw || j > l.i):
		l.rustString(l.i, j, hashes)
		return true
	case raw && hashes == 1 && j == l.i+2 && j < len(s) && l.isASCIIStart(s[j]):
		start := l.i
		l.i = l.identEnd(j) // r#type: a raw identifier
		l.tok(Name, start)
		return true
	}
	return false
}

// rustString reads a string whose prefix starts at start and whose
// opening quote is at quote; hashes > 0 (or an r in the prefix) makes it
// raw: no escapes, closed by the quote and as many #.
func (l *lexer) rustString(start, quote, hashes int) {
	s := l.s
	prefix := s[start:quote]
	raw := strings.Contains(prefix, "r")
	closing := "\"" + strings.Repeat("#", hashes)
	l.i = quote + 1
	bodyEnd := len(s)
	esc := false
	for l.i < len(s) {
		c := s[l.i]
		if c == '"' && (!raw || strings.HasPrefix(s[l.i:], closing)) {
			bodyEnd = l.i
			l.i += len(closing)
			break
		}
		l.i++
		if c == '\\' && !raw {
			esc = true
			if l.i < len(s) {
				l.i++
			}
		}
	}
	text := s[quote+1 : bodyEnd]
	if esc {
		text = rustDecode(text)
	}
	l.emit(Token{Kind: String, Text: text, Off: start, End: l.i, Prefix: prefix})
}

// rustDecode decodes a string's escapes; a backslash before a newline
// joins the lines and drops the next line's leading whitespace.
func rustDecode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		switch e := s[i]; e {
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case '0':
			b.WriteByte(0)
		case '\n', '\r':
			for i+1 < len(s) && (s[i+1] == ' ' || s[i+1] == '\t' || s[i+1] == '\n' || s[i+1] == '\r') {
				i++
			}
		case 'x':
			if v, ok := hexVal(s, i+1, 2); ok {
				b.WriteByte(byte(v))
				i += 2
			} else {
				b.WriteByte(e)
			}
		case 'u':
			if end := strings.IndexByte(s[i:], '}'); i+1 < len(s) && s[i+1] == '{' && end > 0 {
				r := rune(0)
				digits := strings.ReplaceAll(s[i+2:i+end], "_", "")
				for k := range len(digits) {
					d, ok := hexVal(digits, k, 1)
					if !ok || r > utf8.MaxRune {
						r = utf8.RuneError
						break
					}
					r = r<<4 | rune(d)
				}
				b.WriteRune(r)
				i += end
			} else {
				b.WriteByte(e)
			}
		default:
			b.WriteByte(e) // \\ \" \'
		}
	}
	return b.String()
}

// rustQuote reads what a ' starts at l.i: a character literal ('a',
// '\n', '\u{1F600}'), else a lifetime's or label's ' (punctuation, its
// name follows).
func (l *lexer) rustQuote() {
	s := l.s
	start := l.i
	j := l.i + 1
	if j+2 < len(s) && s[j] == '\\' {
		// the escaped character is never the closing quote: '\'', '\\'
		if k := strings.IndexByte(s[j+2:min(len(s), j+14)], '\''); k >= 0 {
			l.i = j + 2 + k + 1
			l.emit(Token{Kind: String, Text: rustDecode(s[j : j+2+k]), Off: start, End: l.i, Prefix: "'"})
			return
		}
	}
	if j < len(s) {
		_, n := utf8.DecodeRuneInString(s[j:])
		if j+n < len(s) && s[j+n] == '\'' {
			l.i = j + n + 1
			l.emit(Token{Kind: String, Text: s[j : j+n], Off: start, End: l.i, Prefix: "'"})
			return
		}
	}
	l.punct(1)
}
