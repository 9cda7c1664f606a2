package tree

import (
	"bytes"
	"fmt"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// JSON reads a JSON value, with the comments and trailing commas of JSONC
// (HuJSON) allowed. A UTF-8 byte order mark is skipped, offsets unmoved.
// A duplicate key keeps the last value, as JavaScript's JSON.parse does, at
// the place of the first, with an error. Input without a value (only
// whitespace and comments) gives a nil root and no error; so does a syntax
// error or a budget exceeded, with an error.
//
// The grammar, the messages and the positions of syntax errors are
// tailscale/hujson's, whose parser this one replaces for speed: it builds
// the tree in one pass, with no intermediate syntax tree and no
// encoding/json call per string.
func JSON(data []byte, lim Limits) (*Node, []Error) {
	in := newInput(data)
	p := jsonParser{in: in, b: in.data, lim: lim.withDefaults(),
		wantNodes: 1 + bytes.Count(in.data, []byte{','}) + bytes.Count(in.data, []byte{'['}) + bytes.Count(in.data, []byte{'{'}),
		wantKeys:  bytes.Count(in.data, []byte{':'})}
	p.i = bomLen(p.b)
	root, err := p.document()
	if err != nil {
		if err.budget {
			in.errorf(err.off, "%s", err.msg)
		} else {
			in.errorf(err.off, "invalid JSON: %s", err.msg)
		}
		return nil, in.errs
	}
	return root, in.errs
}

// jsonError is a fault at an offset: a syntax error in hujson's words
// (without its "hujson: line L, column C: " prefix), or a budget spent.
type jsonError struct {
	off    int
	msg    string
	budget bool
}

// errEnd is hujson's error for a '}' or ']' where a value should start; an
// object or array takes it as its end.
type errEnd byte

type jsonParser struct {
	in    *input
	b     []byte
	i     int
	lim   Limits
	nodes int

	// Scratch stacks for the members and items of the objects and arrays
	// being read, copied out at their end into slices of exact size.
	members []*Member
	items   []*Node

	// Slabs the nodes and members are cut from, to allocate in bulk, sized
	// by how many the input seems to hold: a value per comma or opening
	// bracket, a member per colon (strings holding them make the guess
	// high; it is a bound on waste, not a limit).
	nodeSlab            []Node
	memberSlab          []Member
	wantNodes, wantKeys int
}

// slab sizes a slab for the want nodes or members still expected.
func slab(want int) int { return min(max(want, 8), 1024) }

func (p *jsonParser) fail(off int, format string, args ...any) *jsonError {
	return &jsonError{off: off, msg: fmt.Sprintf(format, args...)}
}

func (p *jsonParser) tooDeep(off int) *jsonError {
	return &jsonError{off, fmt.Sprintf("JSON nested deeper than %d levels: file not read", p.lim.MaxDepth), true}
}

func (p *jsonParser) document() (*Node, *jsonError) {
	if err := p.extra(); err != nil {
		return nil, err
	}
	if p.i == len(p.b) {
		return nil, nil // nothing but whitespace and comments
	}
	n, end, err := p.next(1)
	if err != nil {
		return nil, err
	}
	if end != 0 {
		return nil, p.fail(p.i, "invalid character %s at start of value", quoteChar(p.b[p.i:]))
	}
	if p.i < len(p.b) {
		return nil, p.fail(p.i, "invalid character %s after top-level value", quoteChar(p.b[p.i:]))
	}
	return n, nil
}

// extra skips whitespace and comments. A line comment may end the input
// without a newline (hujson wants one).
func (p *jsonParser) extra() *jsonError {
	b := p.b
	for p.i < len(b) {
		switch b[p.i] {
		case ' ', '\t', '\r', '\n':
			p.i++
		case '/':
			if p.i+1 < len(b) && b[p.i+1] == '/' {
				if j := bytes.IndexByte(b[p.i+2:], '\n'); j >= 0 {
					p.i += 2 + j + 1
				} else {
					p.i = len(b)
				}
			} else if p.i+1 < len(b) && b[p.i+1] == '*' {
				j := bytes.Index(b[p.i+2:], []byte("*/"))
				if j < 0 {
					return p.fail(p.i, "parsing comment: unexpected EOF")
				}
				p.i += 2 + j + 2
			} else {
				return nil
			}
		default:
			return nil
		}
	}
	return nil
}

// next reads a value with the whitespace and comments around it. depth is
// the nesting of the value: the root is at 1. A '}' or ']' where the value
// should start is returned as end, not read.
func (p *jsonParser) next(depth int) (n *Node, end errEnd, err *jsonError) {
	if err = p.extra(); err != nil {
		return nil, 0, err
	}
	if p.i == len(p.b) {
		return nil, 0, p.fail(p.i, "parsing value: unexpected EOF")
	}
	switch c := p.b[p.i]; c {
	case '}', ']':
		return nil, errEnd(c), nil
	}
	if n, err = p.value(depth); err != nil {
		return nil, 0, err
	}
	return n, 0, p.extra()
}

func (p *jsonParser) node(kind Kind, off int) (*Node, *jsonError) {
	if p.nodes++; p.nodes > p.lim.MaxNodes {
		return nil, &jsonError{off, fmt.Sprintf("JSON has more than %d values: file not read", p.lim.MaxNodes), true}
	}
	if len(p.nodeSlab) == 0 {
		p.nodeSlab = make([]Node, slab(p.wantNodes-p.nodes+1))
	}
	n := &p.nodeSlab[0]
	p.nodeSlab = p.nodeSlab[1:]
	n.Kind = kind
	n.Line, n.Col = p.in.at(off)
	return n, nil
}

// value reads the value at p.i, which is not whitespace.
func (p *jsonParser) value(depth int) (*Node, *jsonError) {
	start := p.i
	switch p.b[start] {
	case '{':
		if depth > p.lim.MaxDepth {
			return nil, p.tooDeep(start)
		}
		return p.object(depth)
	case '[':
		if depth > p.lim.MaxDepth {
			return nil, p.tooDeep(start)
		}
		return p.array(depth)
	case '"':
		s, err := p.string()
		if err != nil {
			return nil, err
		}
		n, err := p.node(String, start)
		if err != nil {
			return nil, err
		}
		n.Text = s
		return n, nil
	}
	// null, booleans and numbers: hujson takes the longest run of these
	// bytes as the literal, then checks it.
	b := p.b
	for p.i < len(b) && literalByte[b[p.i]] {
		p.i++
	}
	lit := b[start:p.i]
	var kind Kind
	var text string
	switch {
	case len(lit) == 0:
		return nil, p.fail(start, "invalid character %s at start of value", quoteChar(b[start:]))
	case string(lit) == "null":
		kind = Null
	case string(lit) == "true":
		kind, text = Bool, "true"
	case string(lit) == "false":
		kind, text = Bool, "false"
	case validNumber(string(lit)):
		kind, text = Number, string(lit)
	default:
		// hujson quotes the literal, which may be a secret.
		return nil, p.fail(start, "invalid literal")
	}
	n, err := p.node(kind, start)
	if err != nil {
		return nil, err
	}
	n.Text = text
	return n, nil
}

var literalByte = func() (t [256]bool) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = true, true
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	t['-'], t['+'], t['.'] = true, true, true
	return t
}()

func (p *jsonParser) object(depth int) (*Node, *jsonError) {
	n, err := p.node(Object, p.i)
	if err != nil {
		return nil, err
	}
	p.i++ // '{'
	base := len(p.members)
	var seen map[string]int // key → index in members, once the object is large
	for {
		if err := p.extra(); err != nil {
			return nil, err
		}
		if p.i == len(p.b) {
			return nil, p.fail(p.i, "parsing value: unexpected EOF")
		}
		keyOff := p.i
		switch p.b[keyOff] {
		case '}':
			p.i++
			n.Members = p.takeMembers(base)
			return n, nil
		case ']':
			return nil, p.fail(keyOff, "invalid character ']' at start of value")
		case '"':
		default:
			// hujson reads any value as the name, then refuses it.
			if _, err := p.value(depth + 1); err != nil {
				return nil, err
			}
			if err := p.extra(); err != nil {
				return nil, err
			}
			return nil, p.fail(keyOff, "invalid character %s at start of object name", quoteChar(p.b[keyOff:]))
		}
		key, err := p.string()
		if err != nil {
			return nil, err
		}
		if err := p.extra(); err != nil {
			return nil, err
		}
		switch {
		case p.i == len(p.b):
			return nil, p.fail(p.i, "parsing object after name: unexpected EOF")
		case p.b[p.i] != ':':
			return nil, p.fail(p.i, "invalid character %s after object name", quoteChar(p.b[p.i:]))
		}
		p.i++
		v, end, err := p.next(depth + 1)
		if err != nil {
			return nil, err
		}
		if end != 0 {
			return nil, p.fail(p.i, "invalid character '%c' at start of value", end)
		}
		// A duplicate key: the last value, in the place of the first.
		dup := -1
		if seen != nil {
			if j, ok := seen[key]; ok {
				dup = j
			}
		} else {
			for j := base; j < len(p.members); j++ {
				if p.members[j].Key == key {
					dup = j
					break
				}
			}
		}
		if dup >= 0 {
			m := p.members[dup]
			m.Line, m.Col = p.in.at(keyOff)
			m.Value = v
			p.in.errorf(keyOff, "duplicate key %q: the last one is used", key)
		} else {
			if len(p.memberSlab) == 0 {
				p.memberSlab = make([]Member, slab(p.wantKeys))
			}
			p.wantKeys--
			m := &p.memberSlab[0]
			p.memberSlab = p.memberSlab[1:]
			m.Key, m.Value = key, v
			m.Line, m.Col = p.in.at(keyOff)
			p.members = append(p.members, m)
			// Past a few keys a map finds duplicates faster than a scan.
			if k := len(p.members) - base; seen != nil {
				seen[key] = len(p.members) - 1
			} else if k > 16 {
				seen = make(map[string]int, 2*k)
				for j := base; j < len(p.members); j++ {
					seen[p.members[j].Key] = j
				}
			}
		}
		switch {
		case p.i == len(p.b):
			return nil, p.fail(p.i, "parsing object after value: unexpected EOF")
		case p.b[p.i] == ',':
			p.i++
		case p.b[p.i] == '}':
			p.i++
			n.Members = p.takeMembers(base)
			return n, nil
		default:
			return nil, p.fail(p.i, "invalid character %s after object value (expecting ',' or '}')", quoteChar(p.b[p.i:]))
		}
	}
}

func (p *jsonParser) takeMembers(base int) []*Member {
	if len(p.members) == base {
		p.members = p.members[:base]
		return nil
	}
	ms := make([]*Member, len(p.members)-base)
	copy(ms, p.members[base:])
	clear(p.members[base:])
	p.members = p.members[:base]
	return ms
}

func (p *jsonParser) array(depth int) (*Node, *jsonError) {
	n, err := p.node(Array, p.i)
	if err != nil {
		return nil, err
	}
	p.i++ // '['
	base := len(p.items)
	for {
		v, end, err := p.next(depth + 1)
		if err != nil {
			return nil, err
		}
		switch end {
		case ']':
			p.i++
			n.Items = p.takeItems(base)
			return n, nil
		case '}':
			return nil, p.fail(p.i, "invalid character '}' at start of value")
		}
		p.items = append(p.items, v)
		switch {
		case p.i == len(p.b):
			return nil, p.fail(p.i, "parsing array after value: unexpected EOF")
		case p.b[p.i] == ',':
			p.i++
		case p.b[p.i] == ']':
			p.i++
			n.Items = p.takeItems(base)
			return n, nil
		default:
			return nil, p.fail(p.i, "invalid character %s after array value (expecting ',' or ']')", quoteChar(p.b[p.i:]))
		}
	}
}

func (p *jsonParser) takeItems(base int) []*Node {
	if len(p.items) == base {
		return nil
	}
	items := make([]*Node, len(p.items)-base)
	copy(items, p.items[base:])
	clear(p.items[base:])
	p.items = p.items[:base]
	return items
}

// plainByte marks the bytes a string holds as they are: not the quote, the
// backslash or a control character.
var plainByte = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// string reads the string at p.i and returns its decoded text. The end is
// found the way hujson finds it (the first quote not escaped), then the
// literal is checked as encoding/json checks it and decoded as
// encoding/json decodes it.
func (p *jsonParser) string() (string, *jsonError) {
	b := p.b
	start := p.i
	i := start + 1
	for i < len(b) && plainByte[b[i]] {
		i++
	}
	if i < len(b) && b[i] == '"' { // no escapes: the common case
		p.i = i + 1
		return string(b[start+1 : i]), nil
	}
	for escaped := false; ; i++ {
		switch {
		case i == len(b):
			return "", p.fail(i, "parsing string: unexpected EOF")
		case escaped:
			escaped = false
		case b[i] == '\\':
			escaped = true
		case b[i] == '"':
			p.i = i + 1
			s, ok := unquote(b[start+1 : i])
			if !ok {
				return "", p.fail(start, "invalid literal") // hujson quotes it
			}
			return s, nil
		}
	}
}

// unquote decodes the inside of a string literal, false when encoding/json
// would refuse it: a control character or an unknown escape.
func unquote(s []byte) (string, bool) {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c < 0x20:
			return "", false
		case c != '\\':
			out = append(out, c)
			i++
			continue
		}
		if i+1 == len(s) {
			return "", false
		}
		switch s[i+1] {
		case '"', '\\', '/':
			out = append(out, s[i+1])
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r := hex4(s[i+2:])
			if r < 0 {
				return "", false
			}
			i += 6
			if utf16.IsSurrogate(r) {
				// A valid pair makes one rune; anything else is U+FFFD
				// and the next escape is read on its own.
				if len(s) > i+1 && s[i] == '\\' && s[i+1] == 'u' {
					if r2 := hex4(s[i+2:]); r2 >= 0 {
						if dec := utf16.DecodeRune(r, r2); dec != unicode.ReplacementChar {
							out = utf8.AppendRune(out, dec)
							i += 6
							continue
						}
					}
				}
				r = unicode.ReplacementChar
			}
			out = utf8.AppendRune(out, r)
			continue
		default:
			return "", false
		}
		i += 2
	}
	return string(out), true
}

// hex4 reads the four hex digits of a \u escape, -1 when they are not.
func hex4(s []byte) rune {
	if len(s) < 4 {
		return -1
	}
	var r rune
	for _, c := range s[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}

// quoteChar shows the character at the start of b as hujson's messages do:
// one character of syntax, never more of the file.
func quoteChar(b []byte) string {
	r, n := utf8.DecodeRune(b)
	switch {
	case r == utf8.RuneError && n == 1:
		return fmt.Sprintf(`'\x%02x'`, b[0])
	case unicode.IsPrint(r):
		return fmt.Sprintf("%q", r)
	case r <= '\uffff':
		return fmt.Sprintf(`'\u%04x'`, r)
	}
	return fmt.Sprintf(`'\U%08x'`, r)
}
