package syntax

import (
	"strings"
	"unicode/utf8"
)

var pyOps = opTable("**=", "//=", ">>=", "<<=", "...",
	"**", "//", "->", ":=", "==", "!=", "<=", ">=", "<<", ">>",
	"+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=")

func (l *lexer) runPython() {
	s := l.s
	for l.i < len(s) {
		c := s[l.i]
		if l.field && l.pyFieldStop(c) {
			return
		}
		switch {
		case c == ' ' || c == '\t' || c == '\f' || c == '\r' || c == '\n':
			l.i++
		case c == '#':
			l.skipLine()
		case c == '\\':
			switch {
			case strings.HasPrefix(s[l.i+1:], "\n"):
				l.i += 2
				l.cont = true
			case strings.HasPrefix(s[l.i+1:], "\r\n"):
				l.i += 3
				l.cont = true
			default:
				l.punct(1)
			}
		case c == '"' || c == '\'':
			l.pyString(l.i, "")
		case isDigit(c) || c == '.' && l.i+1 < len(s) && isDigit(s[l.i+1]):
			l.number()
		case c < 0x80:
			if l.isASCIIStart(c) {
				l.pyName()
			} else {
				l.punct(pyOps.len(s, l.i))
			}
		default:
			l.nonASCII()
		}
	}
	l.stop = stopEOF
}

// pyFieldStop reports (and records) where an f-string field's code ends:
// at the } closing it, the : of a format spec or the ! of a conversion,
// outside brackets; in a single-quoted f-string, at a newline.
func (l *lexer) pyFieldStop(c byte) bool {
	switch {
	case c == '\n' && l.stopNL:
		l.stop = stopNL
	case l.fdepth > 0:
		return false
	case c == '}':
		l.stop = stopClose
	case c == ':':
		l.stop = stopSpec
	case c == '!' && !strings.HasPrefix(l.s[l.i:], "!="):
		l.stop = stopConv
	default:
		return false
	}
	return true
}

func pyPrefix(p string) bool {
	switch p {
	case "r", "u", "b", "f", "t", "br", "rb", "fr", "rf", "tr", "rt":
		return true
	}
	return false
}

// pyName reads a name, or a string when the name is a string prefix
// followed by a quote.
func (l *lexer) pyName() {
	start := l.i
	end := l.identEnd(l.i)
	if end-start <= 2 && end < len(l.s) && (l.s[end] == '"' || l.s[end] == '\'') {
		if p := strings.ToLower(l.s[start:end]); pyPrefix(p) {
			l.i = end
			l.pyString(start, p)
			return
		}
	}
	l.i = end
	l.tok(Name, start)
}

// fpart is a part of an f-string or template: literal text (decoded, and
// as shown in the Text of an interpolated string: {{ stays doubled) or a
// field (as written, and its name when it is one name).
type fpart struct {
	text, shown string
	field       bool
	name        string
}

// pyString reads a string whose opening quote is at l.i; prefix (already
// lower-cased) starts at start.
func (l *lexer) pyString(start int, prefix string) {
	s := l.s
	q := s[l.i]
	triple := l.i+2 < len(s) && s[l.i+1] == q && s[l.i+2] == q
	if triple {
		l.i += 3
	} else {
		l.i++
	}
	raw := strings.IndexByte(prefix, 'r') >= 0
	bytes := strings.IndexByte(prefix, 'b') >= 0
	fmt := strings.IndexByte(prefix, 'f') >= 0 || strings.IndexByte(prefix, 't') >= 0
	body, seg, bodyEnd := l.i, l.i, -1
	var parts []fpart
	interp := false
	// lit adds the literal text from seg: its value ends at end, what the
	// Text of an interpolated string shows at shown.
	lit := func(end, shown int) {
		if shown > seg {
			v := pyDecode(s[seg:end], raw, bytes)
			parts = append(parts, fpart{text: v, shown: v})
			if shown != end {
				parts[len(parts)-1].shown = pyDecode(s[seg:shown], raw, bytes)
			}
		}
	}
scan:
	for l.i < len(s) {
		c := s[l.i]
		switch {
		case c == q:
			if !triple {
				bodyEnd = l.i
				l.i++
				break scan
			}
			if l.i+2 < len(s) && s[l.i+1] == q && s[l.i+2] == q {
				bodyEnd = l.i
				l.i += 3
				break scan
			}
			l.i++
		case c == '\n' && !triple:
			bodyEnd = l.lineEnd(l.i)
			l.i = bodyEnd
			break scan
		case c == '\\':
			l.i++
			switch {
			case l.i >= len(s):
			case fmt && (s[l.i] == '{' || s[l.i] == '}'):
				// A backslash does not escape a brace of an f-string.
			case fmt && !raw && strings.HasPrefix(s[l.i:], "N{"):
				// \N{NAME}: the braces are not a field. Unicode names
				// are short; the bound keeps a run of \N{ linear.
				if j := strings.IndexByte(s[l.i:min(l.i+128, len(s))], '}'); j > 0 && !strings.ContainsAny(s[l.i:l.i+j], "\n\"'") {
					l.i += j + 1
				} else {
					l.i++
				}
			case strings.HasPrefix(s[l.i:], "\r\n"):
				l.i += 2
			default:
				l.i++
			}
		case fmt && c == '{':
			if l.i+1 < len(s) && s[l.i+1] == '{' {
				lit(l.i+1, l.i+2)
				l.i += 2
				seg = l.i
				continue
			}
			if l.nest >= maxNest {
				l.i++
				continue
			}
			lit(l.i, l.i)
			from := l.i
			name, bare := l.pyField(q, triple)
			parts = append(parts, fpart{text: s[from:l.i], shown: s[from:l.i], field: true, name: name})
			if !bare {
				parts[len(parts)-1].name = ""
			}
			interp = true
			seg = l.i
		case fmt && c == '}' && l.i+1 < len(s) && s[l.i+1] == '}':
			lit(l.i+1, l.i+2)
			l.i += 2
			seg = l.i
		default:
			l.i++
		}
	}
	if bodyEnd < 0 { // the end of the input
		bodyEnd = len(s)
	}
	t := Token{Kind: String, Off: start, End: l.i, Prefix: prefix, Interp: interp}
	if !fmt {
		t.Text = pyDecode(s[body:bodyEnd], raw, bytes)
	} else {
		lit(bodyEnd, bodyEnd)
		t.Text = l.render(parts, interp)
	}
	l.emit(t)
}

// render joins the parts of an f-string or template into its Text: the
// value when it has no field; else the literal text as shown with the
// fields as written. The parts of a string whose fields are all one name
// are kept for Str.
func (l *lexer) render(parts []fpart, interp bool) string {
	var b strings.Builder
	bare := true
	for _, p := range parts {
		if interp {
			b.WriteString(p.shown)
		} else {
			b.WriteString(p.text)
		}
		bare = bare && (!p.field || p.name != "")
	}
	if interp && bare && l.top {
		ps := make([]piece, len(parts))
		for i, p := range parts {
			ps[i] = piece{text: p.text, field: p.field}
			if p.field {
				ps[i].text = p.name
			}
		}
		if l.pieces == nil {
			l.pieces = map[int][]piece{}
		}
		l.pieces[len(l.toks)] = ps
	}
	if len(parts) == 1 && !parts[0].field {
		return parts[0].text // no copy
	}
	if len(parts) == 0 {
		return ""
	}
	return b.String()
}

// pyField reads an f-string field at the { at l.i up to its closing },
// or to where the string ends when it is not closed. name is the field's
// name when the field is only a name.
func (l *lexer) pyField(q byte, triple bool) (name string, bare bool) {
	sub := l.sub(l.i + 1)
	sub.stopNL = !triple
	sub.runPython()
	l.i = sub.i
	s := l.s
	if len(sub.toks) == 1 && sub.toks[0].Kind == Name {
		name, bare = sub.toks[0].Text, true
	}
	switch sub.stop {
	case stopClose:
		l.i++
		return name, bare
	case stopConv:
		l.i++
		for l.i < len(s) && (s[l.i]|0x20 >= 'a' && s[l.i]|0x20 <= 'z') {
			l.i++
		}
		if l.i < len(s) && s[l.i] == '}' {
			l.i++
			return "", false
		}
		if l.i >= len(s) || s[l.i] != ':' {
			return "", false
		}
	case stopSpec:
	default:
		return "", false
	}
	// The format spec: text to the closing }, which may hold fields.
	l.i++
	for l.i < len(s) {
		switch c := s[l.i]; {
		case c == '}':
			l.i++
			return "", false
		case c == '{' && l.nest+1 < maxNest:
			l.nest++
			l.pyField(q, triple)
			l.nest--
		case c == q && (!triple || l.i+2 < len(s) && s[l.i+1] == q && s[l.i+2] == q),
			c == '\n' && !triple:
			return "", false // the string ends here
		default:
			l.i++
		}
	}
	return "", false
}

// pyDecode decodes the escapes of a Python string body.
func pyDecode(s string, raw, bytes bool) string {
	if raw || strings.IndexByte(s, '\\') < 0 {
		return normalizeNewlines(s)
	}
	return decodeEscapes(s, true, func(b *strings.Builder, e byte, s string, i int) int {
		switch e {
		case '\\', '\'', '"':
			b.WriteByte(e)
		case 'a':
			b.WriteByte('\a')
		case '0', '1', '2', '3', '4', '5', '6', '7':
			v, k := int(e-'0'), 0
			for ; k < 2 && i+k < len(s) && s[i+k] >= '0' && s[i+k] <= '7'; k++ {
				v = v*8 + int(s[i+k]-'0')
			}
			writeCode(b, v, bytes)
			return k
		case 'x', 'u', 'U':
			n := 2
			if e == 'u' {
				n = 4
			} else if e == 'U' {
				n = 8
			}
			v, ok := hexVal(s, i, n)
			if !ok || e != 'x' && bytes || v > utf8.MaxRune {
				b.WriteByte('\\')
				b.WriteByte(e)
				return 0
			}
			writeCode(b, v, bytes)
			return n
		default: // \N{…} and unknown escapes are kept
			b.WriteByte('\\')
			b.WriteByte(e)
		}
		return 0
	})
}

// writeCode writes a decoded code: a byte in a bytes literal, else a rune.
func writeCode(b *strings.Builder, v int, bytes bool) {
	if bytes {
		b.WriteByte(byte(v))
	} else {
		b.WriteRune(rune(v))
	}
}

// hexVal reads the n hex digits at s[i:].
func hexVal(s string, i, n int) (int, bool) {
	if i+n > len(s) {
		return 0, false
	}
	v := 0
	for _, c := range []byte(s[i : i+n]) {
		if !isHex(c) {
			return 0, false
		}
		d := int(c - '0')
		if c > '9' {
			d = int(c|0x20-'a') + 10
		}
		v = v<<4 | d
	}
	return v, true
}
