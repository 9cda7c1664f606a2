package tree

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// YAML reads every document of a YAML stream, each on its own: a document
// that does not parse costs only itself, and the part of it before the line
// at fault is kept. Empty documents before the first "---" give no node.
//
// Aliases are expanded (the nodes of an alias are shared with its anchor,
// the alias node itself standing where the alias is) and "<<" merge keys
// resolved as YAML defines them: the mapping's own keys win, merged keys
// come in the place of the merge key, earlier sources before later ones.
// A scalar's Kind follows its resolved tag: !!null, !!int and !!float,
// !!bool; every other scalar is a string.
//
// The stream is cut at its document markers, which YAML only allows at the
// start of a line, and each document is parsed alone; positions are mapped
// back to the file, so the cost is linear in the number of documents.
func YAML(data []byte, lim Limits) ([]*Node, []Error) {
	in := newInput(data)
	y := &yamlStream{in: in, lim: lim.withDefaults()}
	// yaml.v3 skips a byte order mark without counting a column: the
	// positions start after it.
	y.pos = newYAMLPos(in, bomLen(in.data))
	var docs []*Node
	for _, c := range y.pos.chunks() {
		n, stop := y.document(c)
		if n != nil {
			docs = append(docs, n)
		}
		if stop {
			break
		}
	}
	return docs, in.errs
}

type yamlStream struct {
	in    *input
	lim   Limits
	pos   *yamlPos
	nodes int // built so far, over all documents
}

// chunk is the text of one document: the yaml lines [first, end) of the
// stream, which start at offsets start and stop at offset stop.
type chunk struct {
	first, end  int
	start, stop int
}

// document reads one document; stop says the node budget is spent and the
// rest of the stream is not read.
func (y *yamlStream) document(c chunk) (root *Node, stop bool) {
	text := y.in.data[c.start:c.stop]
	var doc yaml.Node
	err := yaml.Unmarshal(text, &doc)
	read := c
	if err != nil {
		line, msg := y.syntaxError(c, err)
		if strings.HasPrefix(msg, "exceeded max depth of") {
			// yaml.v3's own bound (10,000), met before ours could be.
			y.in.errs = append(y.in.errs, Error{Line: line, Msg: "YAML nested deeper than " + strconv.Itoa(min(y.lim.MaxDepth, 10000)) + " levels: document not read"})
			return nil, false
		}
		bad := y.firstBadLine(c)
		if badLine, _ := y.in.at(y.pos.lineStart(c.first + bad - 1)); badLine > line {
			line = badLine
		}
		doc = yaml.Node{}
		if bad > 1 {
			read.end = c.first + bad - 1
			read.stop = y.pos.lineStart(read.end)
			if yaml.Unmarshal(y.in.data[read.start:read.stop], &doc) != nil || len(doc.Content) == 0 {
				doc = yaml.Node{}
			} else {
				msg += "; read up to the line before"
			}
		}
		y.in.errs = append(y.in.errs, Error{Line: line, Msg: "invalid YAML: " + msg})
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, false
	}
	b := &yamlBuilder{y: y, c: read}
	top := doc.Content[0]
	nodes, written, depth := b.count(top)
	line, col := b.at(top)
	switch {
	case written > y.lim.MaxNodes-y.nodes:
		y.in.errs = append(y.in.errs, Error{line, col, "YAML has more than " + strconv.Itoa(y.lim.MaxNodes) + " nodes: the rest of the file is not read"})
		return nil, true
	case nodes > y.lim.MaxNodes-y.nodes:
		y.in.errs = append(y.in.errs, Error{line, col, "YAML aliases expand beyond " + strconv.Itoa(y.lim.MaxNodes) + " nodes: document not read"})
		return nil, false
	case depth > y.lim.MaxDepth:
		y.in.errs = append(y.in.errs, Error{line, col, "YAML nested deeper than " + strconv.Itoa(y.lim.MaxDepth) + " levels: document not read"})
		return nil, false
	}
	y.nodes += nodes
	return b.build(top), false
}

var yamlErrLine = regexp.MustCompile(`^yaml: (?:line (\d+): )?`)

// syntaxError splits a yaml.v3 error into the file line it names (the
// document's first when it names none) and its message.
func (y *yamlStream) syntaxError(c chunk, err error) (int, string) {
	msg := err.Error()
	n := 1
	if m := yamlErrLine.FindStringSubmatch(msg); m != nil {
		msg = msg[len(m[0]):]
		if m[1] != "" {
			n, _ = strconv.Atoi(m[1])
		}
	}
	off := y.pos.lineStart(min(c.first+max(n, 1)-1, c.end))
	line, _ := y.in.at(min(off, max(c.stop-1, c.start)))
	return line, msg
}

// firstBadLine finds where a document that does not parse goes wrong, as a
// 1-based line of the document. yaml.v3 names the line where the enclosing
// block starts ("line 1: did not find expected key" for a mis-indented key
// on line 6); the first line at which a prefix of the document stops
// parsing is, for the block style of compose files and manifests, the line
// at fault. A binary search keeps it to a few parses. c does not parse.
func (y *yamlStream) firstBadLine(c chunk) int {
	parses := func(n int) bool {
		var v yaml.Node
		return yaml.Unmarshal(y.in.data[c.start:y.pos.lineStart(c.first+n)], &v) == nil
	}
	lo, hi := 0, c.end-c.first
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if parses(mid) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return hi
}

// yamlPos maps yaml.v3's positions to the file's. yaml.v3 counts lines at
// every line break YAML knows (CR, LF, CRLF, NEL, LS, PS) and columns in
// characters; the tree counts lines at '\n' and columns in bytes.
type yamlPos struct {
	in     *input
	starts []int // offsets where yaml.v3's lines start
	// The last position mapped, to go on from it along the same line.
	line, col, off int
}

func newYAMLPos(in *input, base int) *yamlPos {
	d := in.data
	starts := make([]int, 1, bytes.Count(d, []byte{'\n'})+1)
	starts[0] = base
	for i := base; i < len(d); {
		c := d[i]
		switch {
		case c == '\n':
			i++
		case c == '\r':
			i++
			if i < len(d) && d[i] == '\n' {
				i++
			}
		case c == 0xC2 && i+1 < len(d) && d[i+1] == 0x85: // NEL
			i += 2
		case c == 0xE2 && i+2 < len(d) && d[i+1] == 0x80 && (d[i+2] == 0xA8 || d[i+2] == 0xA9): // LS, PS
			i += 3
		default:
			i++
			continue
		}
		starts = append(starts, i)
	}
	return &yamlPos{in: in, starts: starts, line: -1}
}

// lineStart is the offset of a 0-based yaml line; the end of the input
// past the last.
func (p *yamlPos) lineStart(line int) int {
	if line >= len(p.starts) {
		return len(p.in.data)
	}
	return p.starts[line]
}

// offset returns the byte offset of a 1-based line and column of yaml.v3
// in the document whose first yaml line is first.
func (p *yamlPos) offset(first, line, col int) int {
	l := min(first+max(line, 1)-1, len(p.starts)-1)
	end := p.lineStart(l + 1)
	c, off := 1, p.starts[l]
	if l == p.line && col >= p.col {
		c, off = p.col, p.off
	}
	for d := p.in.data; c < col && off < end; c++ {
		if d[off] < utf8.RuneSelf {
			off++
		} else {
			_, size := utf8.DecodeRune(d[off:end])
			off += size
		}
	}
	p.line, p.col, p.off = l, c, off
	return off
}

// isMarker reports whether a line starts with a document marker: "---" or
// "..." followed by a blank, a line break or the end, as yaml.v3 sees them.
func isMarker(line []byte, marker string) bool {
	if !bytes.HasPrefix(line, []byte(marker)) {
		return false
	}
	rest := line[len(marker):]
	return len(rest) == 0 || rest[0] == ' ' || rest[0] == '\t' || rest[0] == '\r' || rest[0] == '\n' || rest[0] == 0 ||
		bytes.HasPrefix(rest, []byte("\u0085")) || bytes.HasPrefix(rest, []byte("\u2028")) || bytes.HasPrefix(rest, []byte("\u2029"))
}

// chunks cuts the stream at its document markers. A "---" line belongs to
// the document it starts; a "..." line to none. Lines of directives and
// comments only are carried into the next document, whose "---" the
// directives need.
func (p *yamlPos) chunks() []chunk {
	var out []chunk
	d := p.in.data
	cur := chunk{first: 0, start: p.starts[0]}
	content := false // cur holds a line that is not blank, comment or directive
	closeAt := func(line int) {
		cur.end, cur.stop = line, p.lineStart(line)
		if content {
			out = append(out, cur)
		}
	}
	for l := range p.starts {
		text := d[p.starts[l]:p.lineStart(l+1)]
		switch {
		case isMarker(text, "---"):
			if content {
				closeAt(l)
				cur = chunk{first: l, start: p.starts[l]}
			}
			content = true
		case isMarker(text, "..."):
			closeAt(l)
			cur = chunk{first: l + 1, start: p.lineStart(l + 1)}
			content = false
		case !content:
			t := bytes.TrimLeft(text, " \t")
			content = len(t) > 0 && t[0] != '#' && t[0] != '%' && t[0] != '\r' && t[0] != '\n' && t[0] != 0
		}
	}
	if !content && len(bytes.TrimSpace(d[cur.start:])) > 0 {
		content = true // directives with no document: yaml.v3 says what is wrong
	}
	closeAt(len(p.starts))
	return out
}

// yamlBuilder turns one document's yaml.v3 nodes into a tree.
type yamlBuilder struct {
	y *yamlStream
	c chunk
	// Anchored nodes: their counts, and their trees once built.
	counts   map[*yaml.Node][3]int
	built    map[*yaml.Node]*Node
	building map[*yaml.Node]bool
	loops    map[*Node]bool // aliases read as null, already reported
}

func (b *yamlBuilder) at(n *yaml.Node) (line, col int) {
	return b.y.in.at(b.y.pos.offset(b.c.first, n.Line, n.Column))
}

// count returns the nodes n stands for with aliases expanded, the nodes
// written, and how deep its containers nest, before anything is built: a
// few hundred bytes of aliases can stand for billions of nodes. The counts
// of anchored nodes are kept, so the walk is linear in the nodes written.
// Counts stop growing past MaxNodes; merged keys count whether or not the
// mapping sets them itself.
func (b *yamlBuilder) count(n *yaml.Node) (nodes, written, depth int) {
	if n.Anchor != "" {
		if c, ok := b.counts[n]; ok {
			return c[0], c[1], c[2]
		}
		if b.counts == nil {
			b.counts = map[*yaml.Node][3]int{}
		}
		b.counts[n] = [3]int{1, 1, 0} // an alias to a node being counted: a loop, read as null
	}
	limit := b.y.lim.MaxNodes + 1
	switch n.Kind {
	case yaml.AliasNode:
		if n.Alias == nil {
			return 1, 1, 0
		}
		nodes, _, depth = b.count(n.Alias)
		return nodes, 1, depth
	case yaml.MappingNode, yaml.SequenceNode:
		nodes, written = 1, 1
		for i, c := range n.Content {
			if n.Kind == yaml.MappingNode && i%2 == 0 {
				continue // keys are members, not nodes
			}
			cn, cw, cd := b.count(c)
			nodes, written, depth = min(nodes+cn, limit), min(written+cw, limit), max(depth, cd)
		}
		depth++
	default:
		nodes, written = 1, 1
	}
	if n.Anchor != "" {
		b.counts[n] = [3]int{nodes, written, depth}
	}
	return nodes, written, depth
}

// build makes the tree of n; the counts have been checked.
func (b *yamlBuilder) build(n *yaml.Node) *Node {
	if n.Kind == yaml.AliasNode {
		line, col := b.at(n)
		target := n.Alias
		if target == nil || b.building[target] {
			b.y.in.errs = append(b.y.in.errs, Error{line, col, "YAML alias refers to a node that contains it: read as null"})
			loop := &Node{Kind: Null, Line: line, Col: col, Tag: "!!null"}
			if b.loops == nil {
				b.loops = map[*Node]bool{}
			}
			b.loops[loop] = true
			return loop
		}
		cp := *b.build(target)
		cp.Line, cp.Col = line, col
		return &cp
	}
	if n.Anchor != "" {
		if t := b.built[n]; t != nil {
			return t
		}
		if b.built == nil {
			b.built, b.building = map[*yaml.Node]*Node{}, map[*yaml.Node]bool{}
		}
		b.building[n] = true
		defer delete(b.building, n)
	}
	t := &Node{Tag: n.ShortTag()}
	t.Line, t.Col = b.at(n)
	switch n.Kind {
	case yaml.MappingNode:
		t.Kind = Object
		b.mapping(t, n)
	case yaml.SequenceNode:
		t.Kind = Array
		if len(n.Content) > 0 {
			t.Items = make([]*Node, len(n.Content))
			for i, c := range n.Content {
				t.Items[i] = b.build(c)
			}
		}
	default:
		t.Kind, t.Text = scalarKind(t.Tag, n.Value)
	}
	if n.Anchor != "" {
		b.built[n] = t
	}
	return t
}

// scalarKind is the Kind of a scalar by its resolved tag, and its text. An
// explicit tag on a value that does not fit it (!!int abc) makes a string.
func scalarKind(tag, value string) (Kind, string) {
	switch tag {
	case "!!null":
		return Null, ""
	case "!!int", "!!float":
		if _, ok := number(value).(string); !ok {
			return Number, value
		}
	case "!!bool":
		switch strings.ToLower(value) {
		case "true", "yes", "y", "on":
			return Bool, "true"
		case "false", "no", "n", "off":
			return Bool, "false"
		}
	}
	return String, value
}

// mapping fills an object from a mapping node: its own keys first (the
// last of a duplicate wins, in the place of the first), then, in the place
// of each merge key, the keys of its sources that are not set yet.
func (b *yamlBuilder) mapping(t *Node, n *yaml.Node) {
	type entry struct {
		key       string
		line, col int
		value     *yaml.Node
		merge     bool
	}
	entries := make([]entry, 0, len(n.Content)/2)
	var own map[string]int // key → entry, once the mapping is large
	find := func(key string) int {
		if own != nil {
			if j, ok := own[key]; ok {
				return j
			}
			return -1
		}
		for j := range entries {
			if !entries[j].merge && entries[j].key == key {
				return j
			}
		}
		return -1
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		line, col := b.at(k)
		if k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" {
			entries = append(entries, entry{line: line, col: col, value: v, merge: true})
			continue
		}
		key := k
		if key.Kind == yaml.AliasNode && key.Alias != nil {
			key = key.Alias
		}
		if key.Kind != yaml.ScalarNode {
			b.y.in.errs = append(b.y.in.errs, Error{line, col, "YAML mapping key is " + kindOfYAML(key) + ", not a scalar: entry not read"})
			continue
		}
		if j := find(key.Value); j >= 0 {
			b.y.in.errs = append(b.y.in.errs, Error{line, col, "duplicate key " + strconv.Quote(key.Value) + ": the last one is used"})
			entries[j].line, entries[j].col, entries[j].value = line, col, v
			continue
		}
		entries = append(entries, entry{key: key.Value, line: line, col: col, value: v})
		if own != nil {
			own[key.Value] = len(entries) - 1
		} else if len(entries) > 16 {
			own = make(map[string]int, len(n.Content)/2)
			for j, e := range entries {
				if !e.merge {
					own[e.key] = j
				}
			}
		}
	}
	var merged map[string]bool
	for _, e := range entries {
		if !e.merge {
			t.Members = append(t.Members, &Member{Key: e.key, Line: e.line, Col: e.col, Value: b.build(e.value)})
			continue
		}
		src := b.build(e.value)
		sources := []*Node{src}
		if src.Kind == Array {
			sources = src.Items
		}
		for _, s := range sources {
			if b.loops[s] {
				continue
			}
			if s.Kind != Object {
				b.y.in.errs = append(b.y.in.errs, Error{e.line, e.col, "YAML merge key \"<<\" takes a mapping or a sequence of mappings, not " + s.Kind.String() + ": ignored"})
				continue
			}
			for _, m := range s.Members {
				if find(m.Key) >= 0 || merged[m.Key] {
					continue
				}
				if merged == nil {
					merged = map[string]bool{}
				}
				merged[m.Key] = true
				cp := *m
				t.Members = append(t.Members, &cp)
			}
		}
	}
	t.Members = t.Members[:len(t.Members):len(t.Members)]
}

func kindOfYAML(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a sequence"
	}
	return "an alias"
}
