package residency

import "strings"

// A lexer-level reader of Python and JavaScript / TypeScript. It knows
// strings (quotes, Python prefixes and triple quotes, JS template
// literals), comments and regular-expression literals well enough that a
// URL in a comment is never read, and it tracks just enough structure —
// calls, keyword arguments, object keys, assignments — to say which call a
// string is an argument of and under which name.
//
// Limits (documented, accepted): no evaluation (a URL built by
// concatenation or read from a variable defined elsewhere is not seen,
// except through the env files that define it); a string is an endpoint
// only when it is a whole URL; JSX text containing quotes and regex
// literals in unusual positions can confuse the string state until the end
// of the line (single and double quoted strings never span lines); template
// literals are read as one string with their ${…} parts kept as written.

type lang uint8

const (
	langPython lang = iota
	langJS
)

// argVal is a value written in the source: a string literal (str) or the
// text of an identifier, keyword or number.
type argVal struct {
	text string
	str  bool
	off  int
}

// callSite is a call with the literal arguments written in it. Keyword
// arguments, object-literal keys and Go struct fields inside the call's
// parentheses are flattened into args (first one wins).
type callSite struct {
	name string
	off  int
	args map[string]argVal
	pos  []argVal
}

// strLit is a string literal, the key it is assigned to (keyword, object
// key, variable) and the innermost call it is an argument of (-1: none).
type strLit struct {
	value string
	off   int
	key   string
	call  int
}

// kvPair is any key: value or key=value written in the file, whatever it
// is inside of (TLS options objects, keyword arguments).
type kvPair struct {
	key string
	val argVal
}

// codeFacts is what one pass over a source file yields.
type codeFacts struct {
	calls  []callSite
	strs   []strLit
	kvs    []kvPair
	idents []argVal // identifiers the crypto rules ask about
	// tlsConfigs are Go tls.Config literals and whether they set MinVersion.
	tlsConfigs []tlsConfig
}

type tlsConfig struct {
	off        int
	minVersion bool
}

// watchedIdents are identifiers read as facts wherever they appear.
var watchedIdents = map[string]bool{
	"MODE_ECB": true, "ECB": true, "_create_unverified_context": true, "CERT_NONE": true,
	"PROTOCOL_TLSv1": true, "PROTOCOL_TLSv1_1": true, "PROTOCOL_SSLv3": true, "PROTOCOL_SSLv23": true,
}

type frameKind uint8

const (
	fCall frameKind = iota
	fParen
	fObject
	fArray
)

type frame struct {
	kind frameKind
	call int    // index into calls for fCall, or the owning call for others (-1)
	key  string // pending key in this frame
}

type codeParser struct {
	lang     lang
	src      string
	out      codeFacts
	stack    []frame
	prevSig  byte   // last significant punctuation or 'a' after an identifier / value
	pending  string // identifier waiting to see whether "(" follows
	pendOff  int
	stmtKey  string // assignment target outside calls
	keyLine  int
	line     int
	lastWord string // previous identifier (for "new", "return")
}

// lexSource reads a Python or JS/TS file in one pass.
func lexSource(src string, l lang) codeFacts {
	p := &codeParser{lang: l, src: src, line: 1, prevSig: '('}
	p.run()
	p.flush()
	return p.out
}

func isIdentStart(c byte) bool {
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

func isIdentChar(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' }

func (p *codeParser) run() {
	s := p.src
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\n':
			p.line++
			i++
			if p.lang == langPython && p.depthParen() == 0 {
				p.flush()
				p.stmtKey = ""
			}
		case c == ' ' || c == '\t' || c == '\r' || c == '\f':
			i++
		case c == '#' && p.lang == langPython:
			i = p.skipLine(i)
		case c == '/' && p.lang == langJS && i+1 < len(s) && s[i+1] == '/':
			i = p.skipLine(i)
		case c == '/' && p.lang == langJS && i+1 < len(s) && s[i+1] == '*':
			end := strings.Index(s[i+2:], "*/")
			if end < 0 {
				return
			}
			p.line += strings.Count(s[i:i+2+end], "\n")
			i += end + 4
		case c == '/' && p.lang == langJS && p.regexAllowed():
			i = p.skipRegex(i)
		case c == '"' || c == '\'' || c == '`' && p.lang == langJS:
			i = p.readString(i, i)
		case isIdentStart(c):
			j := i + 1
			for j < len(s) && (isIdentChar(s[j]) || s[j] == '.' && j+1 < len(s) && isIdentStart(s[j+1])) {
				j++
			}
			word := s[i:j]
			// Python string prefixes: r"", b'', f"", rb"" …
			if p.lang == langPython && j < len(s) && (s[j] == '"' || s[j] == '\'') && len(word) <= 2 && strings.Trim(strings.ToLower(word), "rbuf") == "" {
				i = p.readString(j, i)
				continue
			}
			p.ident(word, i)
			i = j
		case c >= '0' && c <= '9':
			j := i + 1
			for j < len(s) && (isIdentChar(s[j]) || s[j] == '.') {
				j++
			}
			p.value(argVal{text: s[i:j], off: i})
			i = j
		case c == '.':
			// a method call on a call result: boto3.Session().client(…)
			if i+1 < len(s) && isIdentStart(s[i+1]) {
				j := i + 2
				for j < len(s) && (isIdentChar(s[j]) || s[j] == '.' && j+1 < len(s) && isIdentStart(s[j+1])) {
					j++
				}
				p.ident(s[i+1:j], i+1)
				i = j
				continue
			}
			i++
		default:
			p.punct(c, i)
			i++
		}
	}
}

func (p *codeParser) skipLine(i int) int {
	for i < len(p.src) && p.src[i] != '\n' {
		i++
	}
	return i
}

// regexAllowed: a "/" starts a regex literal after an operator or an
// opening bracket, not after a value.
func (p *codeParser) regexAllowed() bool {
	if p.pending != "" {
		return p.lastWord == "return" || p.lastWord == "typeof"
	}
	return strings.IndexByte("(,=:[!&|?{};+-*%<>~^", p.prevSig) >= 0
}

func (p *codeParser) skipRegex(i int) int {
	s := p.src
	inClass := false
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case '[':
			inClass = true
		case ']':
			inClass = false
		case '/':
			if !inClass {
				j++
				for j < len(s) && isIdentChar(s[j]) {
					j++
				}
				p.prevSig = 'a'
				return j
			}
		case '\n':
			return j // not a regex after all
		}
	}
	return len(s)
}

// readString reads the literal whose quote is at q (start is where its
// prefix begins) and hands its value on.
func (p *codeParser) readString(q, start int) int {
	s := p.src
	quote := s[q]
	triple := p.lang == langPython && strings.HasPrefix(s[q:], strings.Repeat(string(quote), 3))
	i := q + 1
	if triple {
		i = q + 3
	}
	var b strings.Builder
	for i < len(s) {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s):
			if s[i+1] == '\n' {
				p.line++
			}
			b.WriteByte(s[i+1])
			i += 2
			continue
		case triple && strings.HasPrefix(s[i:], strings.Repeat(string(quote), 3)):
			p.value(argVal{text: b.String(), str: true, off: start})
			return i + 3
		case !triple && c == quote:
			p.value(argVal{text: b.String(), str: true, off: start})
			return i + 1
		case c == '\n':
			p.line++
			if !triple && quote != '`' {
				return i // unterminated: give up on this literal
			}
		}
		b.WriteByte(c)
		i++
	}
	return i
}

func (p *codeParser) depthParen() int {
	n := 0
	for _, f := range p.stack {
		if f.kind != fObject || p.lang == langPython {
			n++
		}
	}
	return n
}

// owner is the innermost call the current position is an argument of.
func (p *codeParser) owner() int {
	if len(p.stack) == 0 {
		return -1
	}
	return p.stack[len(p.stack)-1].call
}

func (p *codeParser) top() *frame {
	if len(p.stack) == 0 {
		return nil
	}
	return &p.stack[len(p.stack)-1]
}

func (p *codeParser) ident(word string, off int) {
	p.flush()
	p.pending, p.pendOff = word, off
}

// flush settles a pending identifier as a value (no "(" followed).
func (p *codeParser) flush() {
	if p.pending == "" {
		return
	}
	w, off := p.pending, p.pendOff
	p.pending = ""
	p.lastWord = w
	if w == "new" || w == "await" || w == "return" || w == "typeof" {
		p.prevSig = '='
		return
	}
	last := w[strings.LastIndexByte(w, '.')+1:]
	if watchedIdents[last] {
		p.out.idents = append(p.out.idents, argVal{text: w, off: off})
	}
	p.value(argVal{text: w, off: off})
}

// value records a string or identifier at the current position.
func (p *codeParser) value(v argVal) {
	if p.pending != "" && v.off != p.pendOff {
		p.flush()
	}
	p.prevSig = 'a'
	key := ""
	if f := p.top(); f != nil {
		key = f.key
	} else if p.stmtKey != "" && p.line <= p.keyLine+1 {
		key = p.stmtKey
	}
	call := p.owner()
	if call >= 0 {
		cs := &p.out.calls[call]
		if key != "" {
			if _, ok := cs.args[key]; !ok {
				if cs.args == nil {
					cs.args = map[string]argVal{}
				}
				cs.args[key] = v
			}
		} else if f := p.top(); f != nil && f.kind == fCall {
			cs.pos = append(cs.pos, v)
		}
	}
	if key != "" {
		p.out.kvs = append(p.out.kvs, kvPair{key: key, val: v})
	}
	if v.str {
		p.out.strs = append(p.out.strs, strLit{value: v.text, off: v.off, key: key, call: call})
	}
}

func (p *codeParser) punct(c byte, off int) {
	switch c {
	case '(':
		if p.pending != "" && !isKeyword(p.pending) {
			name := p.pending
			p.pending = ""
			p.out.calls = append(p.out.calls, callSite{name: name, off: p.pendOff})
			p.stack = append(p.stack, frame{kind: fCall, call: len(p.out.calls) - 1})
		} else {
			p.flush()
			p.stack = append(p.stack, frame{kind: fParen, call: p.owner()})
		}
	case '{', '[':
		p.flush()
		k := fObject
		if c == '[' {
			k = fArray
		}
		p.stack = append(p.stack, frame{kind: k, call: p.owner()})
	case ')', '}', ']':
		p.flush()
		if len(p.stack) > 0 {
			p.stack = p.stack[:len(p.stack)-1]
		}
		p.prevSig = 'a'
		return
	case '=':
		if off+1 < len(p.src) && (p.src[off+1] == '=' || p.src[off+1] == '>') || off > 0 && strings.IndexByte("=!<>+-*/%&|^:", p.src[off-1]) >= 0 {
			p.flush()
			break
		}
		if p.pending != "" {
			key := p.pending[strings.LastIndexByte(p.pending, '.')+1:]
			p.pending = ""
			if f := p.top(); f != nil {
				f.key = key
			} else {
				p.stmtKey, p.keyLine = key, p.line
			}
			break
		}
	case ':':
		if f := p.top(); f != nil && (f.kind == fObject || f.kind == fCall) {
			if p.pending != "" {
				f.key = p.pending
				p.pending = ""
				break
			}
			// "key": value — the last string was the key.
			if n := len(p.out.strs); n > 0 && p.out.strs[n-1].off < off && p.out.strs[n-1].key == f.key {
				last := p.out.strs[n-1]
				if f.key == "" || last.key == "" {
					p.out.strs = p.out.strs[:n-1]
					if last.call >= 0 && len(p.out.calls[last.call].pos) > 0 && f.kind == fCall {
						cs := &p.out.calls[last.call]
						cs.pos = cs.pos[:len(cs.pos)-1]
					}
					f.key = last.value
					break
				}
			}
		}
		p.flush()
	case ',':
		p.flush()
		if f := p.top(); f != nil {
			f.key = ""
		}
	case ';':
		p.flush()
		p.stmtKey = ""
	default:
		p.flush()
	}
	p.prevSig = c
}

func isKeyword(w string) bool {
	switch w {
	case "if", "for", "while", "switch", "catch", "return", "function", "def", "class", "elif", "and", "or", "not", "in", "is", "lambda", "with", "assert", "print", "await", "yield", "typeof":
		return true
	}
	return false
}
