package hardening

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mcp-comply/mcp-comply/internal/project"
)

// A token of Python, JavaScript or TypeScript source, as far as the
// readers need: names, strings (decoded), numbers and punctuation.
// Comments and whitespace are dropped.
type token struct {
	kind tokKind
	text string // the name, the punctuation, the number, or the decoded string
	off  int
	// interp marks a string that is computed at run time (an f-string or a
	// template literal with ${…}); text keeps it as written.
	interp bool
}

type tokKind uint8

const (
	tName tokKind = iota + 1
	tString
	tNumber
	tPunct
)

// lexer state shared by the two languages.
type lexer struct {
	src  []byte
	i    int
	toks []token
}

func (l *lexer) emit(k tokKind, text string, off int) {
	l.toks = append(l.toks, token{kind: k, text: text, off: off})
}

func isIdentStart(r rune) bool { return r == '_' || r == '$' || unicode.IsLetter(r) }
func isIdentPart(r rune) bool  { return isIdentStart(r) || unicode.IsDigit(r) }

// name reads an identifier at l.i.
func (l *lexer) name() {
	start := l.i
	for l.i < len(l.src) {
		r, n := utf8.DecodeRune(l.src[l.i:])
		if !isIdentPart(r) {
			break
		}
		l.i += n
	}
	if l.i == start {
		// Not an identifier (a symbol, an emoji, invalid UTF-8): one
		// rune of punctuation, so the lexer always moves on.
		_, n := utf8.DecodeRune(l.src[l.i:])
		l.i += n
		l.emit(tPunct, string(l.src[start:l.i]), start)
		return
	}
	l.emit(tName, string(l.src[start:l.i]), start)
}

func (l *lexer) number() {
	start := l.i
	for l.i < len(l.src) && (isIdentPart(rune(l.src[l.i])) || l.src[l.i] == '.') {
		l.i++
	}
	l.emit(tNumber, string(l.src[start:l.i]), start)
}

// unescape decodes the escapes common to Python and JavaScript strings.
// Unknown escapes keep their backslash (Python's rule).
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
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
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case '0':
			b.WriteByte(0)
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'v':
			b.WriteByte('\v')
		case '\n':
			// line continuation
		case '\\', '\'', '"', '`', '/', '$', '{', '}':
			b.WriteByte(e)
		case 'x', 'u', 'U':
			n := map[byte]int{'x': 2, 'u': 4, 'U': 8}[e]
			hex := ""
			if e == 'u' && i+1 < len(s) && s[i+1] == '{' { // JS \u{1F600}
				if end := strings.IndexByte(s[i:], '}'); end > 0 {
					hex, i = s[i+2:i+end], i+end
				}
			} else if i+n < len(s) {
				hex, i = s[i+1:i+1+n], i+n
			}
			if v, err := strconv.ParseUint(hex, 16, 32); err == nil && hex != "" {
				b.WriteRune(rune(v))
			} else {
				b.WriteString(`\` + string(e) + hex)
			}
		default:
			b.WriteByte('\\')
			b.WriteByte(e)
		}
	}
	return b.String()
}

// parser helpers over a token list.
type toks struct {
	t     []token
	pairs []int // see match
	src   []byte
	file  string
	lines *project.Lines
}

func (p *toks) pos(off int) project.Position {
	l, c := p.lines.At(off)
	return project.Position{File: p.file, Line: l, Col: c}
}

func (p *toks) is(i int, kind tokKind, text string) bool {
	return i >= 0 && i < len(p.t) && p.t[i].kind == kind && (text == "" || p.t[i].text == text)
}

// match returns the index of the token closing the bracket at i, or
// len(p.t) when it is not closed. The pairs are found once, in one pass
// with a stack, so nested calls and objects cost linear time.
func (p *toks) match(i int) int {
	if p.pairs == nil {
		p.pairs = make([]int, len(p.t))
		var stack []int
		for j, tk := range p.t {
			p.pairs[j] = len(p.t)
			if tk.kind != tPunct {
				continue
			}
			switch tk.text {
			case "(", "[", "{":
				stack = append(stack, j)
			case ")", "]", "}":
				if n := len(stack); n > 0 {
					p.pairs[stack[n-1]] = j
					stack = stack[:n-1]
				}
			}
		}
	}
	return p.pairs[i]
}

// arg is one argument of a call or one member of an object or dict: the
// key (a keyword, a property name, or "" when positional) and the token
// range of the value.
type arg struct {
	key        string
	keyOff     int
	start, end int // value tokens [start, end)
}

// args splits the tokens between the bracket at open and its match at
// top-level commas. sep is the key separator ("=" for Python calls, ":"
// for objects and dicts).
func (p *toks) args(open int, sep string) []arg {
	end := p.match(open)
	var out []arg
	start := open + 1
	for j := open + 1; j <= end && j < len(p.t); j++ {
		tk := p.t[j]
		if tk.kind == tPunct && (tk.text == "(" || tk.text == "[" || tk.text == "{") {
			j = p.match(j)
			continue
		}
		if j == end || tk.kind == tPunct && tk.text == "," {
			if j > start {
				out = append(out, p.arg(start, j, sep))
			}
			start = j + 1
		}
	}
	return out
}

func (p *toks) arg(start, end int, sep string) arg {
	if end-start >= 2 && (p.t[start].kind == tName || p.t[start].kind == tString) && p.is(start+1, tPunct, sep) {
		return arg{key: p.t[start].text, keyOff: p.t[start].off, start: start + 2, end: end}
	}
	return arg{start: start, end: end}
}

// str reads a value range as a string: one or more string literals joined
// by + (or juxtaposed, as Python allows), in optional parentheses. ok is
// false for anything computed.
func (p *toks) str(start, end int) (s string, off int, ok bool) {
	for start < end && p.is(start, tPunct, "(") && p.match(start) == end-1 {
		start, end = start+1, end-1
	}
	if start >= end {
		return "", 0, false
	}
	var b strings.Builder
	off = p.t[start].off
	for j := start; j < end; j++ {
		switch tk := p.t[j]; {
		case tk.kind == tString:
			b.WriteString(tk.text)
		case tk.kind == tPunct && tk.text == "+" && j > start:
		default:
			return "", 0, false
		}
	}
	return b.String(), off, true
}

// boolean reads True/False/true/false.
func (p *toks) boolean(start, end int) *bool {
	if end-start != 1 || p.t[start].kind != tName {
		return nil
	}
	switch p.t[start].text {
	case "True", "true":
		return ptr(true)
	case "False", "false":
		return ptr(false)
	}
	return nil
}

// find returns the first arg with the key.
func findArg(args []arg, key string) (arg, bool) {
	for _, a := range args {
		if a.key == key {
			return a, true
		}
	}
	return arg{}, false
}

// annotationsFrom reads the hints of an annotations object, dict or call.
func (p *toks) annotationsFrom(args []arg) Annotations {
	var a Annotations
	for _, m := range args {
		v := p.boolean(m.start, m.end)
		switch m.key {
		case "readOnlyHint", "read_only_hint":
			a.ReadOnlyHint = v
		case "destructiveHint", "destructive_hint":
			a.DestructiveHint = v
		case "idempotentHint", "idempotent_hint":
			a.IdempotentHint = v
		case "openWorldHint", "open_world_hint":
			a.OpenWorldHint = v
		case "title":
			a.Title, _, _ = p.str(m.start, m.end)
		}
	}
	return a
}
