package tree

import (
	"bytes"
	"fmt"
	"slices"
	"unicode/utf16"
	"unicode/utf8"
)

// The fast path of JSON: one pass over the bytes that builds the nodes as
// it goes, with each position counted on the way and each string a slice
// of one copy of the input. It reads what hujson reads (comments, trailing
// commas) into the very tree the hujson path builds, and gives up on
// anything else: a syntax error, invalid UTF-8, a budget exceeded. Then
// the hujson path reads the input again and says what is wrong and where,
// in its words, so faults read the same whichever path met them. Real
// files are nearly always well formed: the ~2,100 package.json files of
// an npm tree are read here at several times hujson's speed and with a
// tenth of its allocations.

// jsonFast reads data; ok is false when it leaves the input to hujson.
// With keep set, a top-level object keeps only the members keep names
// (see JSONKeys).
func jsonFast(data []byte, lim Limits, keep []string) (root *Node, errs []Error, ok bool) {
	if !utf8.Valid(data) {
		return nil, nil, false
	}
	p := jsonParser{b: data, s: string(data), lim: lim, line: 1, keep: keep, filter: keep != nil}
	p.i = bomLen(data) // counted in the columns of line 1, as hujson's path counts it
	p.space()
	if p.fail {
		return nil, nil, false
	}
	if p.i == len(p.b) {
		return nil, nil, true // nothing but whitespace and comments
	}
	root = p.value(1)
	if !p.fail {
		p.space()
	}
	if p.fail || p.i != len(p.b) {
		return nil, nil, false
	}
	return root, p.errs, true
}

type jsonParser struct {
	b    []byte
	s    string // b as a string: scalars without escapes are slices of it
	i    int
	lim  Limits
	fail bool

	// filter: the top-level object keeps only the members named in keep;
	// the others are read into nodes cut from the slabs and handed back
	// to them, so a skipped member costs no memory once read.
	filter bool
	keep   []string

	line, lineStart int // of offset i
	nodes           int
	errs            []Error

	// Members and items of the objects and arrays being read, innermost
	// last; each container takes its own from the end when it closes.
	members []*Member
	items   []*Node

	nodeSlab   slab[Node]
	memberSlab slab[Member]
	mptrSlab   slab[*Member]
	nptrSlab   slab[*Node]
}

// slab hands out Ts from a block, allocating a new block when it is used
// up: small files take small ones, and each block doubles the last, up to
// 1024 Ts. What was handed out since a mark can be handed back.
type slab[T any] struct {
	block []T
	used  int
}

// one is the next T, zeroed.
func (s *slab[T]) one() *T {
	if s.used == len(s.block) {
		s.block = make([]T, min(max(2*len(s.block), 16), 1024))
		s.used = 0
	}
	v := &s.block[s.used]
	s.used++
	var zero T
	*v = zero
	return v
}

// many is the next n Ts as a slice whose capacity is its length, so an
// append by a reader never writes into the next slice.
func (s *slab[T]) many(n int) []T {
	if len(s.block)-s.used < n {
		s.block = make([]T, max(n, min(max(2*len(s.block), 16), 1024)))
		s.used = 0
	}
	out := s.block[s.used : s.used+n : s.used+n]
	s.used += n
	return out
}

type slabMark[T any] struct {
	block []T
	used  int
}

func (s *slab[T]) mark() slabMark[T] { return slabMark[T]{s.block, s.used} }

// release hands back what was handed out since m: in the block of the
// mark, from the mark on; in a block begun since, all of it.
func (s *slab[T]) release(m slabMark[T]) {
	if len(m.block) > 0 && len(s.block) > 0 && &m.block[0] == &s.block[0] {
		s.used = m.used
	} else {
		s.used = 0
	}
}

// emptyMembers and emptyItems are the members of {} and the items of []:
// empty, not nil, as the hujson path has them.
var (
	emptyMembers = []*Member{}
	emptyItems   = []*Node{}
)

// space skips whitespace and comments. A line comment may end the input;
// an unterminated block comment is a fault.
func (p *jsonParser) space() {
	b := p.b
	for p.i < len(b) {
		switch b[p.i] {
		case ' ', '\t', '\r':
			p.i++
		case '\n':
			p.i++
			p.line, p.lineStart = p.line+1, p.i
		case '/':
			if p.i+1 == len(b) {
				return
			}
			switch b[p.i+1] {
			case '/':
				j := bytes.IndexByte(b[p.i:], '\n')
				if j < 0 {
					p.i = len(b)
					return
				}
				p.i += j // the newline is counted above
			case '*':
				j := bytes.Index(b[p.i+2:], []byte("*/"))
				if j < 0 {
					p.fail = true
					return
				}
				end := p.i + 2 + j + 2
				for {
					k := bytes.IndexByte(b[p.i:end], '\n')
					if k < 0 {
						break
					}
					p.i += k + 1
					p.line, p.lineStart = p.line+1, p.i
				}
				p.i = end
			default:
				return // not a comment: what follows fails as a value
			}
		default:
			return
		}
	}
}

func (p *jsonParser) node() *Node { return p.nodeSlab.one() }

func (p *jsonParser) value(depth int) *Node {
	if p.nodes++; p.nodes > p.lim.MaxNodes || p.i >= len(p.b) {
		p.fail = true
		return nil
	}
	n := p.node()
	n.Line, n.Col = p.line, p.i-p.lineStart+1
	switch p.b[p.i] {
	case '{':
		if depth > p.lim.MaxDepth {
			p.fail = true
			return nil
		}
		n.Kind = Object
		p.object(n, depth, p.filter && depth == 1)
	case '[':
		if depth > p.lim.MaxDepth {
			p.fail = true
			return nil
		}
		n.Kind = Array
		p.array(n, depth)
	case '"':
		n.Kind, n.Text = String, p.str()
	default:
		start := p.i
		for p.i < len(p.b) && literalByte[p.b[p.i]] {
			p.i++
		}
		switch lit := p.s[start:p.i]; {
		case lit == "true" || lit == "false":
			n.Kind, n.Text = Bool, lit
		case lit == "null":
			n.Kind = Null
		case validNumber(lit):
			n.Kind, n.Text = Number, lit
		default:
			p.fail = true
		}
	}
	if p.fail {
		return nil
	}
	return n
}

// literalByte holds the bytes hujson takes into a literal.
var literalByte = func() (t [256]bool) {
	for c := range t {
		t[c] = c == '-' || c == '+' || c == '.' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	return t
}()

// object reads an object's members into n. With filter set, only the
// members named in keep are kept; the others are read as well (their
// faults, duplicate keys and budget are the file's) and handed back.
func (p *jsonParser) object(n *Node, depth int, filter bool) {
	p.i++ // {
	base := len(p.members)
	var byKey map[string]*Member // for large objects, to find a duplicate key
	for {
		p.space()
		if p.fail || p.i >= len(p.b) {
			p.fail = true
			return
		}
		if p.b[p.i] == '}' { // the end, after a member, a trailing comma or nothing
			p.i++
			break
		}
		if p.b[p.i] != '"' {
			p.fail = true
			return
		}
		kl, kc := p.line, p.i-p.lineStart+1
		key := p.str()
		if p.space(); p.fail || p.i >= len(p.b) || p.b[p.i] != ':' {
			p.fail = true
			return
		}
		p.i++
		p.space()
		var val *Node
		if filter && !slices.Contains(p.keep, key) {
			nm, mm, pm, im := p.nodeSlab.mark(), p.memberSlab.mark(), p.mptrSlab.mark(), p.nptrSlab.mark()
			p.value(depth + 1)
			p.nodeSlab.release(nm)
			p.memberSlab.release(mm)
			p.mptrSlab.release(pm)
			p.nptrSlab.release(im)
		} else {
			val = p.value(depth + 1)
		}
		if p.fail {
			return
		}
		var prev *Member
		if byKey != nil {
			prev = byKey[key]
		} else {
			for _, m := range p.members[base:] {
				if m.Key == key {
					prev = m
					break
				}
			}
		}
		if prev != nil {
			p.errs = append(p.errs, Error{kl, kc, fmt.Sprintf("duplicate key %q: the last one is used", key)})
			prev.Value, prev.Line, prev.Col = val, kl, kc
		} else {
			m := p.memberSlab.one()
			*m = Member{Key: key, Line: kl, Col: kc, Value: val}
			p.members = append(p.members, m)
			switch count := len(p.members) - base; {
			case count == 16:
				byKey = make(map[string]*Member, 32)
				for _, m := range p.members[base:] {
					byKey[m.Key] = m
				}
			case count > 16:
				byKey[key] = m
			}
		}
		if more := p.separator('}'); p.fail {
			return
		} else if !more {
			break
		}
	}
	if filter { // the skipped members hold no value
		kept := slices.DeleteFunc(p.members[base:], func(m *Member) bool { return m.Value == nil })
		p.members = p.members[:base+len(kept)]
	}
	n.Members = takeTail(&p.members, base, &p.mptrSlab, emptyMembers)
}

func (p *jsonParser) array(n *Node, depth int) {
	p.i++ // [
	base := len(p.items)
	for {
		p.space()
		if p.fail || p.i >= len(p.b) {
			p.fail = true
			return
		}
		if p.b[p.i] == ']' {
			p.i++
			break
		}
		item := p.value(depth + 1)
		if p.fail {
			return
		}
		p.items = append(p.items, item)
		if more := p.separator(']'); p.fail {
			return
		} else if !more {
			break
		}
	}
	n.Items = takeTail(&p.items, base, &p.nptrSlab, emptyItems)
}

// separator reads what follows a member or an item: a comma (more follow)
// or the closing bracket (the end); anything else fails the parse.
func (p *jsonParser) separator(close byte) (more bool) {
	if p.space(); p.fail || p.i >= len(p.b) {
		p.fail = true
		return false
	}
	switch p.b[p.i] {
	case ',':
		p.i++
		return true
	case close:
		p.i++
		return false
	}
	p.fail = true
	return false
}

// takeTail moves the entries of stack from base on into a slice of their
// own, cut from slab.
func takeTail[T any](stack *[]T, base int, slab *slab[T], empty []T) []T {
	s := *stack
	count := len(s) - base
	if count == 0 {
		return empty
	}
	out := slab.many(count)
	copy(out, s[base:])
	clear(s[base:])
	*stack = s[:base]
	return out
}

// str reads the string at i, its quotes included, and returns its value:
// a slice of the input when it has no escapes. A control character or an
// escape JSON does not have is a fault.
func (p *jsonParser) str() string {
	b := p.b
	start := p.i + 1
	for i := start; i < len(b); i++ {
		switch c := b[i]; {
		case c == '"':
			p.i = i + 1
			return p.s[start:i]
		case c == '\\':
			return p.escaped(start)
		case c < 0x20:
			p.fail = true
			return ""
		}
	}
	p.fail = true
	return ""
}

// escaped reads a string with escapes from its first byte at start on,
// and decodes it as encoding/json does (a lone surrogate reads as U+FFFD).
func (p *jsonParser) escaped(start int) string {
	b := p.b
	end := -1
scan:
	for i := start; i < len(b); i++ {
		switch c := b[i]; {
		case c == '"':
			end = i
			break scan
		case c == '\\':
			if i+1 == len(b) {
				break scan
			}
			switch b[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i++
			case 'u':
				if hex4(b[i+1:]) < 0 {
					break scan
				}
				i += 5
			default:
				break scan
			}
		case c < 0x20:
			break scan
		}
	}
	if end < 0 {
		p.fail = true
		return ""
	}
	p.i = end + 1
	return unescape(b[start:end])
}

// hex4 is the value of the four hex digits after the 'u' that s starts
// with, -1 when they are not four hex digits.
func hex4(s []byte) rune {
	if len(s) < 5 || s[0] != 'u' {
		return -1
	}
	var r rune
	for _, c := range s[1:5] {
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

// unescape decodes the escapes of a string's valid content.
func unescape(s []byte) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			out = append(out, c)
			continue
		}
		i++
		switch s[i] {
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
			r := hex4(s[i:])
			i += 4
			if utf16.IsSurrogate(r) {
				if i+2 < len(s) && s[i+1] == '\\' {
					if dec := utf16.DecodeRune(r, hex4(s[i+2:])); dec != utf8.RuneError {
						out = utf8.AppendRune(out, dec)
						i += 6
						continue
					}
				}
				r = utf8.RuneError
			}
			out = utf8.AppendRune(out, r)
		default: // '"', '\\', '/'
			out = append(out, s[i])
		}
	}
	return string(out)
}
