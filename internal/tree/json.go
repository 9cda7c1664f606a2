package tree

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/tailscale/hujson"

	"github.com/mcp-comply/mcp-comply/internal/lines"
)

// JSON reads a JSON value, with the comments and trailing commas of JSONC
// (HuJSON) allowed, through tailscale/hujson, which keeps the byte offset
// of every value and key. A UTF-8 byte order mark is skipped, offsets
// unmoved. A duplicate key keeps the last value, as JavaScript's
// JSON.parse does, at the place of the first, with an error. Input without
// a value (only whitespace and comments) gives a nil root and no error; so
// does a syntax error or a budget exceeded, with an error.
//
// Well-formed input is read in one pass (jsonFast); anything else goes
// through hujson, whose words say what is wrong and where.
func JSON(data []byte, lim Limits) (*Node, []Error) {
	lim = lim.withDefaults()
	if root, errs, ok := jsonFast(data, lim, nil); ok {
		return root, errs
	}
	return jsonHujson(data, lim)
}

// JSONKeys reads data as JSON does, with the same errors, but when the
// value is an object keeps only its members named in keys (in file
// order); the other members are read and checked, not kept. A reader
// that needs a few fields of a large file (an installed package's
// manifest) so builds only the nodes it reads.
func JSONKeys(data []byte, lim Limits, keys []string) (*Node, []Error) {
	lim = lim.withDefaults()
	if keys == nil {
		keys = []string{}
	}
	if root, errs, ok := jsonFast(data, lim, keys); ok {
		return root, errs
	}
	root, errs := jsonHujson(data, lim)
	if root != nil && root.Kind == Object {
		root.Members = slices.DeleteFunc(root.Members, func(m *Member) bool { return !slices.Contains(keys, m.Key) })
	}
	return root, errs
}

// jsonHujson reads data through hujson. hujson's parser recurses, so the
// nesting is measured first with a cheap byte scan: a file nested deeper
// than the limit is refused before it can exhaust the stack.
func jsonHujson(data []byte, lim Limits) (*Node, []Error) {
	in := newInput(data)
	b := in.data
	if n := bomLen(b); n > 0 { // spaces in a copy: hujson does not skip a BOM
		b = append(bytes.Repeat([]byte{' '}, n), b[n:]...)
	}
	depth, deepAt, empty, openComment := jsonShape(b, lim.MaxDepth)
	switch {
	case empty:
		return nil, in.errs // nothing but whitespace and comments
	case depth > lim.MaxDepth:
		in.errorf(deepAt, "JSON nested deeper than %d levels: file not read", lim.MaxDepth)
		return nil, in.errs
	}
	if openComment {
		b = append(b[:len(b):len(b)], '\n') // hujson wants a line comment to end in a newline
	}
	v, err := hujson.Parse(b)
	if err != nil {
		line, col, msg := hujsonError(err)
		if openComment && line > 0 { // at the newline added above: the end of the input
			if off := lines.New(b).Start(line) + col - 1; off >= len(in.data) {
				line, col = in.at(len(in.data))
			}
		}
		in.errs = append(in.errs, Error{line, col, "invalid JSON: " + msg})
		return nil, in.errs
	}
	c := converter{in: in, lim: lim}
	root := c.value(v)
	if c.over {
		in.errorf(c.overAt, "JSON has more than %d values: file not read", lim.MaxNodes)
		return nil, in.errs
	}
	return root, in.errs
}

// converter turns hujson's syntax tree into nodes, cut from slabs so a
// large file costs a few allocations per thousand values.
type converter struct {
	in     *input
	lim    Limits
	nodes  int
	over   bool
	overAt int // the value past the budget

	nodeSlab   []Node
	memberSlab []Member
}

// fromSlab hands out the next T of the slab, allocating a new slab when
// it is used up: small files take small ones, and each slab doubles the
// last, up to 1024.
func fromSlab[T any](slab *[]T) *T {
	if len(*slab) == 0 {
		*slab = make([]T, min(max(2*cap(*slab), 16), 1024))
	}
	v := &(*slab)[0]
	*slab = (*slab)[1:]
	return v
}

func (c *converter) node() *Node { return fromSlab(&c.nodeSlab) }

func (c *converter) member() *Member { return fromSlab(&c.memberSlab) }

// text is a string literal's value. hujson decodes each through
// encoding/json; a literal without escapes is its bytes between the quotes.
func text(l hujson.Literal) string {
	if len(l) >= 2 && bytes.IndexByte(l, '\\') < 0 {
		return string(l[1 : len(l)-1])
	}
	return l.String()
}

func (c *converter) value(v hujson.Value) *Node {
	if c.nodes++; c.nodes > c.lim.MaxNodes {
		c.over, c.overAt = true, v.StartOffset
		return nil
	}
	n := c.node()
	n.Line, n.Col = c.in.at(v.StartOffset)
	switch t := v.Value.(type) {
	case *hujson.Object:
		n.Kind = Object
		n.Members = make([]*Member, 0, len(t.Members))
		for _, m := range t.Members {
			key := text(m.Name.Value.(hujson.Literal))
			kl, kc := c.in.at(m.Name.StartOffset)
			val := c.value(m.Value)
			if c.over {
				return nil
			}
			if prev := n.Member(key); prev != nil {
				c.in.errs = append(c.in.errs, Error{kl, kc, fmt.Sprintf("duplicate key %q: the last one is used", key)})
				prev.Value, prev.Line, prev.Col = val, kl, kc
				continue
			}
			mem := c.member()
			*mem = Member{Key: key, Line: kl, Col: kc, Value: val}
			n.Members = append(n.Members, mem)
		}
	case *hujson.Array:
		n.Kind = Array
		n.Items = make([]*Node, 0, len(t.Elements))
		for _, e := range t.Elements {
			item := c.value(e)
			if c.over {
				return nil
			}
			n.Items = append(n.Items, item)
		}
	case hujson.Literal:
		switch t.Kind() {
		case '"':
			n.Kind, n.Text = String, text(t)
		case '0':
			n.Kind, n.Text = Number, string(t)
		case 't', 'f':
			n.Kind, n.Text = Bool, string(t)
		default:
			n.Kind = Null
		}
	}
	return n
}

// jsonShape scans the nesting of a JSON text without parsing it: the
// deepest level reached (stopping at the first past max) and where,
// whether the text holds nothing but whitespace and comments, and whether
// it ends inside a line comment.
func jsonShape(b []byte, max int) (depth, at int, empty, openComment bool) {
	empty = true
	level := 0
	for i := 0; i < len(b); i++ {
		switch c := b[i]; c {
		case ' ', '\t', '\r', '\n':
		case '"':
			empty = false
			for i++; i < len(b) && b[i] != '"'; i++ {
				if b[i] == '\\' {
					i++
				}
			}
		case '/':
			switch {
			case i+1 < len(b) && b[i+1] == '/':
				if j := bytes.IndexByte(b[i:], '\n'); j >= 0 {
					i += j
				} else {
					i, openComment = len(b), true
				}
			case i+1 < len(b) && b[i+1] == '*':
				if j := bytes.Index(b[i+2:], []byte("*/")); j >= 0 {
					i += j + 3
				} else {
					i, empty = len(b), false // unterminated: hujson says where
				}
			default:
				empty = false
			}
		case '[', '{':
			empty = false
			if level++; level > depth {
				depth, at = level, i
				if depth > max {
					return depth, at, false, false
				}
			}
		case ']', '}':
			empty = false
			level--
		default:
			empty = false
		}
	}
	return depth, at, empty, openComment
}

// hujsonErr matches the position hujson puts in front of its errors.
var hujsonErr = regexp.MustCompile(`(?s)^hujson: line (\d+), column (\d+): (.*)$`)

// hujsonError splits hujson's error into its position and message. A
// message that would quote a value ("invalid literal: <literal>") stops
// before the value, which may be a secret.
func hujsonError(err error) (line, col int, msg string) {
	msg = err.Error()
	if m := hujsonErr.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		col, _ = strconv.Atoi(m[2])
		msg = m[3]
	}
	if before, _, ok := strings.Cut(msg, "invalid literal:"); ok {
		msg = before + "invalid literal"
	}
	return line, col, msg
}
