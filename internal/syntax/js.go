package syntax

import (
	"strings"
	"unicode/utf8"
)

var jsOps = opTable(">>>=", "===", "!==", "**=", "...", "<<=", ">>=", ">>>", "&&=", "||=", "??=",
	"=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "++", "--",
	"+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<", ">>", "**")

func (l *lexer) runJS() {
	s := l.s
	for l.i < len(s) {
		c := s[l.i]
		if l.field && c == '}' && l.fdepth == 0 {
			l.stop = stopClose
			return
		}
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f':
			l.i++
		case c == '/' && strings.HasPrefix(s[l.i+1:], "/"):
			l.skipLine()
		case c == '/' && strings.HasPrefix(s[l.i+1:], "*"):
			if j := strings.Index(s[l.i+2:], "*/"); j >= 0 {
				l.i += j + 4
			} else {
				l.i = len(s)
			}
		case c == '#' && l.i == 0 && strings.HasPrefix(s, "#!"):
			l.skipLine()
		case c == '"' || c == '\'':
			l.jsString()
		case c == '`':
			l.template()
		case c == '/' && l.regexAllowed():
			if !l.regex() {
				l.punct(jsOps.len(s, l.i))
			}
		case isDigit(c) || c == '.' && l.i+1 < len(s) && isDigit(s[l.i+1]):
			l.number()
		case c < 0x80:
			switch {
			case l.isASCIIStart(c):
				l.name()
			case c == '?' && strings.HasPrefix(s[l.i:], "?.") && l.i+2 < len(s) && isDigit(s[l.i+2]):
				l.punct(1) // a ? b?.5:c is a conditional, not optional chaining
			default:
				l.punct(jsOps.len(s, l.i))
			}
		default:
			l.nonASCII()
		}
	}
	l.stop = stopEOF
}

// jsString reads a single- or double-quoted string at l.i.
func (l *lexer) jsString() {
	s := l.s
	start, q := l.i, s[l.i]
	l.i++
	esc := false
	bodyEnd := -1
	for l.i < len(s) {
		c := s[l.i]
		if c == q {
			bodyEnd = l.i
			l.i++
			break
		}
		if c == '\n' {
			bodyEnd = l.lineEnd(l.i)
			l.i = bodyEnd
			break
		}
		l.i++
		if c == '\\' {
			esc = true
			if strings.HasPrefix(s[l.i:], "\r\n") {
				l.i++
			}
			if l.i < len(s) {
				l.i++
			}
		}
	}
	if bodyEnd < 0 {
		bodyEnd = len(s)
	}
	text := s[start+1 : max(bodyEnd, start+1)]
	if esc {
		text = jsDecode(text, false)
	}
	l.emit(Token{Kind: String, Text: text, Off: start, End: l.i})
}

// template reads a template literal at l.i; its ${…} fields are lexed as
// code by a sub-lexer, so strings, templates and braces nest.
func (l *lexer) template() {
	s := l.s
	start := l.i
	l.i++
	seg, bodyEnd := l.i, -1
	var parts []fpart
	interp := false
scan:
	for l.i < len(s) {
		switch c := s[l.i]; {
		case c == '`':
			bodyEnd = l.i
			l.i++
			break scan
		case c == '\\':
			l.i++
			if strings.HasPrefix(s[l.i:], "\r\n") {
				l.i++
			}
			if l.i < len(s) {
				l.i++
			}
		case c == '$' && strings.HasPrefix(s[l.i+1:], "{") && l.nest < maxNest:
			if l.i > seg {
				v := jsDecode(s[seg:l.i], true)
				parts = append(parts, fpart{text: v, shown: v})
			}
			from := l.i
			sub := l.sub(l.i + 2)
			sub.runJS()
			l.i, l.noRegex = sub.i, max(l.noRegex, sub.noRegex)
			p := fpart{field: true}
			if sub.stop == stopClose {
				l.i++
				if len(sub.toks) == 1 && sub.toks[0].Kind == Name {
					p.name = sub.toks[0].Text
				}
			}
			p.text, p.shown = s[from:l.i], s[from:l.i]
			parts = append(parts, p)
			interp = true
			seg = l.i
		default:
			l.i++
		}
	}
	if bodyEnd < 0 {
		bodyEnd = len(s)
	}
	if bodyEnd > seg {
		v := jsDecode(s[seg:bodyEnd], true)
		parts = append(parts, fpart{text: v, shown: v})
	}
	text := l.render(parts, interp)
	l.emit(Token{Kind: String, Text: text, Off: start, End: l.i, Interp: interp, Prefix: "`"})
}

// regexAllowed reports whether a / at l.i starts a regular expression,
// judging by the token before it.
func (l *lexer) regexAllowed() bool {
	if l.i < l.noRegex {
		return false
	}
	if len(l.toks) == 0 {
		return true
	}
	prev := l.toks[len(l.toks)-1]
	switch prev.Kind {
	case Punct:
		switch prev.Text {
		case ")", "]", "}", "++", "--":
			return false
		}
		return true
	case Name:
		if n := len(l.toks); n >= 2 && l.toks[n-2].Kind == Punct && (l.toks[n-2].Text == "." || l.toks[n-2].Text == "?.") {
			return false // a property: x.return / 2
		}
		switch prev.Text {
		case "return", "typeof", "case", "in", "of", "new", "delete", "void", "throw", "await", "yield":
			return true
		}
	}
	return false
}

// regex reads a regular-expression literal at l.i. A / whose literal
// would not end on its line is not one: it returns false, and no regex is
// looked for again before the end of that line.
func (l *lexer) regex() bool {
	s := l.s
	start := l.i
	class := false
	for i := l.i + 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			if i+1 < len(s) && s[i+1] != '\n' {
				i++
			}
		case '\n':
			l.noRegex = i
			return false
		case '[':
			class = true
		case ']':
			class = false
		case '/':
			if class {
				continue
			}
			i++
			for i < len(s) && (l.isASCIIStart(s[i]) || isDigit(s[i])) {
				i++
			}
			l.i = i
			l.tok(Regex, start)
			return true
		}
	}
	l.noRegex = len(s)
	return false
}

// jsDecode decodes the escapes of a string or (tmpl) template body.
func jsDecode(s string, tmpl bool) string {
	if strings.IndexByte(s, '\\') < 0 {
		if tmpl {
			return normalizeNewlines(s)
		}
		return s
	}
	return decodeEscapes(s, tmpl, func(b *strings.Builder, e byte, s string, i int) int {
		switch e {
		case '0', '1', '2', '3', '4', '5', '6', '7':
			if e == '0' && (i >= len(s) || !isDigit(s[i])) {
				b.WriteByte(0)
				return 0
			}
			if tmpl { // an octal escape is an error in a template
				b.WriteByte('\\')
				b.WriteByte(e)
				return 0
			}
			// Legacy octal: up to three digits, at most \377.
			v, most, k := int(e-'0'), 2, 0
			if e > '3' {
				most = 1
			}
			for ; k < most && i+k < len(s) && s[i+k] >= '0' && s[i+k] <= '7'; k++ {
				v = v*8 + int(s[i+k]-'0')
			}
			b.WriteRune(rune(v))
			return k
		case 'x':
			if v, ok := hexVal(s, i, 2); ok {
				b.WriteRune(rune(v))
				return 2
			}
			b.WriteString(`\x`)
		case 'u':
			v, n := jsUnicode(s, i)
			if n == 0 {
				b.WriteString(`\u`)
				return 0
			}
			if v >= 0xD800 && v < 0xDC00 && strings.HasPrefix(s[i+n:], `\u`) {
				if lo, m := jsUnicode(s, i+n+2); m > 0 && lo >= 0xDC00 && lo < 0xE000 {
					v = 0x10000 + (v-0xD800)<<10 + (lo - 0xDC00)
					n += 2 + m
				}
			}
			b.WriteRune(rune(v))
			return n
		default:
			if e >= 0x80 {
				r, n := utf8.DecodeRuneInString(s[i-1:])
				if r == 0x2028 || r == 0x2029 { // line continuation
					return n - 1
				}
			}
			b.WriteByte(e) // the backslash is dropped
		}
		return 0
	})
}

// jsUnicode reads the HHHH or {H…} of a \u escape at s[i:]: its value
// and length (0 when malformed).
func jsUnicode(s string, i int) (int, int) {
	if !strings.HasPrefix(s[i:], "{") {
		v, ok := hexVal(s, i, 4)
		if !ok {
			return 0, 0
		}
		return v, 4
	}
	v, j := 0, i+1
	for j < len(s) && isHex(s[j]) && v <= utf8.MaxRune {
		d, _ := hexVal(s, j, 1)
		v = v<<4 | d
		j++
	}
	if j == i+1 || j >= len(s) || s[j] != '}' || v > utf8.MaxRune {
		return 0, 0
	}
	return v, j + 1 - i
}
