package tree

import (
	"bytes"
	"errors"
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"
)

// TOML reads a TOML document: tables, arrays of tables, dotted keys, inline
// tables and arrays. The root is an object at the start of the file (nil
// only for empty input). A syntax error is reported where it is, and what
// comes before it is kept; a key redefined keeps the last value, as in JSON,
// with an error. Strings, dates and times are strings; integers and floats
// numbers as written ("1_000", "0x1F": Interface gives them in decimal).
//
// go-toml gives arrays no position: an array stands where its key does (an
// array in an array, where the outer one does).
func TOML(data []byte, lim Limits) (*Node, []Error) {
	in := newInput(data)
	t := &tomlBuilder{in: in, lim: lim.withDefaults()}
	t.base = bomLen(in.data)
	src := in.data[t.base:]
	if len(bytes.TrimSpace(src)) == 0 {
		return nil, in.errs
	}
	root := t.object(t.base)
	table, depth := root, 1
	var p unstable.Parser
	p.Reset(src)
	for t.err == nil && p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table:
			table, depth = t.path(root, 1, keyParts(e.Key()))
		case unstable.ArrayTable:
			table, depth = t.arrayTable(root, keyParts(e.Key()))
		case unstable.KeyValue:
			t.keyValue(table, depth, e)
		}
	}
	if t.err != nil {
		in.errs = append(in.errs, *t.err)
	} else if err := p.Error(); err != nil {
		msg, off := err.Error(), -1
		var perr *unstable.ParserError
		if errors.As(err, &perr) {
			msg = perr.Message
			// The highlight is a slice of src: its capacity says where.
			if o := cap(src) - cap(perr.Highlight); perr.Highlight != nil && o >= 0 && o <= len(src) {
				off = t.base + o
			}
		}
		if strings.Contains(msg, "nested more than the maximum") {
			// go-toml's own bound (10,000), met before ours could be.
			msg = "TOML nested deeper than " + strconv.Itoa(min(t.lim.MaxDepth, 10000)) + " levels: the rest of the file is not read"
		} else {
			msg = "invalid TOML: " + msg + " (the rest of the file is not read)"
		}
		if off < 0 {
			in.errs = append(in.errs, Error{Msg: msg})
		} else {
			in.errorf(off, "%s", msg)
		}
	}
	return root, in.errs
}

type tomlBuilder struct {
	in    *input
	lim   Limits
	base  int // offset of src in the file: past a byte order mark
	nodes int
	err   *Error // a budget exceeded: the rest is not read
	// Members of large objects by key, for the tables a file reopens and
	// extends key by key.
	index map[*Node]map[string]*Member
}

func keyParts(it unstable.Iterator) []*unstable.Node {
	var keys []*unstable.Node
	for it.Next() {
		keys = append(keys, it.Node())
	}
	return keys
}

// new makes a node at a position, or nil once the node budget is spent.
func (t *tomlBuilder) new(kind Kind, line, col int) *Node {
	if t.err != nil {
		return nil
	}
	if t.nodes++; t.nodes > t.lim.MaxNodes {
		t.err = &Error{line, col, "TOML has more than " + strconv.Itoa(t.lim.MaxNodes) + " values: the rest of the file is not read"}
		return nil
	}
	return &Node{Kind: kind, Line: line, Col: col}
}

func (t *tomlBuilder) object(off int) *Node {
	line, col := t.in.at(off)
	return t.new(Object, line, col)
}

// deep reports, and records, a container nested past MaxDepth.
func (t *tomlBuilder) deep(depth, line, col int) bool {
	if depth <= t.lim.MaxDepth || t.err != nil {
		return t.err != nil
	}
	t.err = &Error{line, col, "TOML nested deeper than " + strconv.Itoa(t.lim.MaxDepth) + " levels: the rest of the file is not read"}
	return true
}

func (t *tomlBuilder) keyPos(k *unstable.Node) (line, col int) {
	return t.in.at(t.base + int(k.Raw.Offset))
}

func (t *tomlBuilder) member(obj *Node, key string) *Member {
	if idx := t.index[obj]; idx != nil {
		return idx[key]
	}
	return obj.Member(key)
}

// set adds key to an object; a key set again keeps the last value, in the
// place of the first.
func (t *tomlBuilder) set(obj *Node, key string, line, col int, val *Node) {
	if m := t.member(obj, key); m != nil {
		t.in.errs = append(t.in.errs, Error{line, col, "duplicate key " + strconv.Quote(key) + ": the last one is used"})
		m.Line, m.Col, m.Value = line, col, val
		return
	}
	m := &Member{Key: key, Line: line, Col: col, Value: val}
	obj.Members = append(obj.Members, m)
	if idx := t.index[obj]; idx != nil {
		idx[key] = m
	} else if len(obj.Members) > 16 {
		if t.index == nil {
			t.index = map[*Node]map[string]*Member{}
		}
		idx = make(map[string]*Member, 2*len(obj.Members))
		for _, m := range obj.Members {
			idx[m.Key] = m
		}
		t.index[obj] = idx
	}
}

// path walks the tables a dotted key names from n, at depth, making the
// missing ones; a key naming an array of tables goes to its last table. It
// returns the table and its depth, or nil, with an error, when a key on the
// way is not a table.
func (t *tomlBuilder) path(n *Node, depth int, keys []*unstable.Node) (*Node, int) {
	for _, k := range keys {
		if n == nil {
			return nil, 0
		}
		key := string(k.Data)
		line, col := t.keyPos(k)
		var next *Node
		if m := t.member(n, key); m != nil {
			next = m.Value
		}
		switch {
		case next == nil:
			if t.deep(depth+1, line, col) {
				return nil, 0
			}
			if next = t.new(Object, line, col); next == nil {
				return nil, 0
			}
			t.set(n, key, line, col, next)
		case next.Kind == Array && len(next.Items) > 0 && next.Items[len(next.Items)-1].Kind == Object:
			next = next.Items[len(next.Items)-1]
			depth++
		case next.Kind != Object:
			t.in.errs = append(t.in.errs, Error{line, col, "invalid TOML: key " + strconv.Quote(key) + " is not a table: the keys under it are not read"})
			return nil, 0
		}
		n = next
		depth++
	}
	return n, depth
}

// arrayTable adds a table to the array a [[key]] header names.
func (t *tomlBuilder) arrayTable(root *Node, keys []*unstable.Node) (*Node, int) {
	if len(keys) == 0 {
		return nil, 0
	}
	parent, depth := t.path(root, 1, keys[:len(keys)-1])
	if parent == nil {
		return nil, 0
	}
	last := keys[len(keys)-1]
	key := string(last.Data)
	line, col := t.keyPos(last)
	if t.deep(depth+2, line, col) {
		return nil, 0
	}
	var arr *Node
	if m := t.member(parent, key); m != nil {
		arr = m.Value
		if arr.Kind != Array {
			t.in.errs = append(t.in.errs, Error{line, col, "invalid TOML: key " + strconv.Quote(key) + " is not an array of tables: the table is not read"})
			return nil, 0
		}
	} else {
		if arr = t.new(Array, line, col); arr == nil {
			return nil, 0
		}
		t.set(parent, key, line, col, arr)
	}
	table := t.new(Object, line, col)
	if table == nil {
		return nil, 0
	}
	arr.Items = append(arr.Items, table)
	return table, depth + 2
}

// keyValue sets key = value in a table at depth; a dotted key makes the
// tables on its way.
func (t *tomlBuilder) keyValue(table *Node, depth int, e *unstable.Node) {
	if table == nil {
		return // under a key that is not a table: already said
	}
	keys := keyParts(e.Key())
	if len(keys) == 0 {
		return
	}
	parent, depth := t.path(table, depth, keys[:len(keys)-1])
	if parent == nil {
		return
	}
	last := keys[len(keys)-1]
	line, col := t.keyPos(last)
	if v := t.value(e.Value(), line, col, depth+1); v != nil {
		t.set(parent, string(last.Data), line, col, v)
	}
}

// value converts a value at depth. Arrays carry no offset in go-toml: they
// take the position of their key (or enclosing array), passed as line, col.
func (t *tomlBuilder) value(v *unstable.Node, line, col, depth int) *Node {
	if v.Raw.Length > 0 {
		line, col = t.in.at(t.base + int(v.Raw.Offset))
	}
	var kind Kind
	switch v.Kind {
	case unstable.Integer, unstable.Float:
		kind = Number
	case unstable.Bool:
		kind = Bool
	case unstable.Array, unstable.InlineTable:
		if t.deep(depth, line, col) {
			return nil
		}
		if v.Kind == unstable.Array {
			kind = Array
		} else {
			kind = Object
		}
	default: // strings, dates and times are text
		kind = String
	}
	n := t.new(kind, line, col)
	if n == nil {
		return nil
	}
	switch kind {
	case Array:
		for it := v.Children(); it.Next(); {
			if c := it.Node(); c.Kind != unstable.Comment {
				item := t.value(c, line, col, depth+1)
				if item == nil {
					return nil
				}
				n.Items = append(n.Items, item)
			}
		}
	case Object:
		for it := v.Children(); it.Next(); {
			if c := it.Node(); c.Kind == unstable.KeyValue {
				t.keyValue(n, depth, c)
			}
		}
	default:
		n.Text = string(v.Data)
	}
	return n
}
