package hardening

import (
	"bytes"
	"errors"
	"path"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2/unstable"
	"github.com/tailscale/hujson"
	"go.yaml.in/yaml/v3"

	"github.com/mcp-comply/mcp-comply/internal/project"
)

// A node is a parsed config value with its position. JSON (with comments
// and trailing commas), YAML and TOML are all read into nodes, so the
// servers are read from one shape whatever the format.
type node struct {
	kind    kind
	pos     project.Position
	text    string    // scalars: the decoded string, the number as written, "true"/"false"
	members []*member // objects, in file order, keys unique
	items   []*node   // arrays
}

type member struct {
	key string
	pos project.Position // of the key
	val *node
}

type kind uint8

const (
	kNull kind = iota
	kString
	kNumber
	kBool
	kObject
	kArray
)

var kindNames = [...]string{kNull: "null", kString: "a string", kNumber: "a number",
	kBool: "a boolean", kObject: "an object", kArray: "an array"}

func (k kind) String() string { return kindNames[k] }

// get returns the value of key in an object, nil when absent or when n is
// not an object.
func (n *node) get(key string) *node {
	if n == nil {
		return nil
	}
	for _, m := range n.members {
		if m.key == key {
			return m.val
		}
	}
	return nil
}

// parser turns a file into nodes and collects warnings on the way.
type parser struct {
	file  string
	lines *project.Lines
	warns []project.Warning
}

func (p *parser) at(offset int) project.Position {
	l, c := p.lines.At(offset)
	return project.Position{File: p.file, Line: l, Col: c}
}

func (p *parser) warnf(pos project.Position, format string, args ...any) {
	p.warns = append(p.warns, project.Warnf(pos, format, args...))
}

// set adds key to an object; a duplicate key replaces the earlier one, as
// JavaScript's JSON.parse (which most clients use) does.
func (p *parser) set(obj *node, key string, pos project.Position, val *node) {
	for _, m := range obj.members {
		if m.key == key {
			p.warnf(pos, "duplicate key %q: the last one is used", key)
			m.pos, m.val = pos, val
			return
		}
	}
	obj.members = append(obj.members, &member{key: key, pos: pos, val: val})
}

// parse reads data in the format its name says, rewriting invalid UTF-8 in
// place. The root is nil when the file is empty or not parseable; a warning
// then says why.
func (p *parser) parse(data []byte) *node {
	p.lines = project.NewLines(data)
	if bad, first := scrubUTF8(data); bad > 0 {
		p.warnf(p.at(first), "invalid UTF-8: %d bytes read as '?'", bad)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		p.warnf(project.Position{File: p.file}, "empty file: no MCP servers")
		return nil
	}
	switch strings.ToLower(path.Ext(p.file)) {
	case ".toml":
		return p.parseTOML(blankBOM(data))
	case ".yaml", ".yml":
		return p.parseYAML(data)
	default:
		return p.parseJSON(blankBOM(data))
	}
}

// scrubUTF8 replaces each byte of invalid UTF-8 with '?' in place, which
// keeps every offset (and so every position) as it was. It returns how many
// bytes it replaced and the offset of the first.
func scrubUTF8(data []byte) (bad, first int) {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			if bad == 0 {
				first = i
			}
			bad++
			data[i] = '?'
		}
		i += size
	}
	return bad, first
}

// blankBOM turns a UTF-8 byte order mark into spaces, which JSON and TOML
// parsers skip, without moving any offset.
func blankBOM(data []byte) []byte {
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		copy(data, "   ")
	}
	return data
}

// hujsonErr matches the position hujson puts in front of its errors.
var hujsonErr = regexp.MustCompile(`^hujson: line (\d+), column (\d+): (.*)$`)

func (p *parser) parseJSON(data []byte) *node {
	v, err := hujson.Parse(data)
	if err != nil {
		pos := project.Position{File: p.file}
		msg := err.Error()
		if m := hujsonErr.FindStringSubmatch(msg); m != nil {
			pos.Line, _ = strconv.Atoi(m[1])
			pos.Col, _ = strconv.Atoi(m[2])
			msg = m[3]
		}
		// "invalid literal: <literal>" would echo a value, maybe a secret.
		if before, _, ok := strings.Cut(msg, "invalid literal:"); ok {
			msg = before + "invalid literal"
		}
		p.warnf(pos, "invalid JSON: %s", msg)
		return nil
	}
	return p.fromJSON(v)
}

func (p *parser) fromJSON(v hujson.Value) *node {
	n := &node{pos: p.at(v.StartOffset)}
	switch t := v.Value.(type) {
	case *hujson.Object:
		n.kind = kObject
		for _, m := range t.Members {
			key := m.Name.Value.(hujson.Literal).String()
			p.set(n, key, p.at(m.Name.StartOffset), p.fromJSON(m.Value))
		}
	case *hujson.Array:
		n.kind = kArray
		for _, e := range t.Elements {
			n.items = append(n.items, p.fromJSON(e))
		}
	case hujson.Literal:
		switch t.Kind() {
		case '"':
			n.kind, n.text = kString, t.String()
		case '0':
			n.kind, n.text = kNumber, string(t)
		case 't', 'f':
			n.kind, n.text = kBool, string(t)
		}
	}
	return n
}

// yamlErr splits the line off go-yaml's error messages. For a syntax error
// go-yaml names the line where the enclosing block starts, which may be
// above the mistake.
var yamlErr = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// maxYAMLNodes bounds alias expansion (a "billion laughs" file).
const maxYAMLNodes = 100_000

func (p *parser) parseYAML(data []byte) *node {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		pos, msg := project.Position{File: p.file}, strings.TrimPrefix(err.Error(), "yaml: ")
		if m := yamlErr.FindStringSubmatch(err.Error()); m != nil {
			pos.Line, _ = strconv.Atoi(m[1])
			msg = m[2]
		}
		p.warnf(pos, "invalid YAML: %s", msg)
		return nil
	}
	budget := maxYAMLNodes
	n := p.fromYAML(&doc, &budget)
	if budget < 0 {
		p.warnf(project.Position{File: p.file}, "YAML aliases expand beyond %d nodes: file not read", maxYAMLNodes)
		return nil
	}
	return n
}

func (p *parser) fromYAML(y *yaml.Node, budget *int) *node {
	if *budget--; *budget < 0 {
		return nil
	}
	pos := project.Position{File: p.file, Line: y.Line, Col: y.Column}
	switch y.Kind {
	case yaml.DocumentNode:
		if len(y.Content) == 0 {
			return nil
		}
		return p.fromYAML(y.Content[0], budget)
	case yaml.AliasNode:
		// The values are where the anchor wrote them; the node itself
		// is where the alias stands.
		n := p.fromYAML(y.Alias, budget)
		if n == nil {
			return nil
		}
		cp := *n
		cp.pos = pos
		return &cp
	case yaml.MappingNode:
		n := &node{kind: kObject, pos: pos}
		for i := 0; i+1 < len(y.Content); i += 2 {
			k, v := y.Content[i], y.Content[i+1]
			val := p.fromYAML(v, budget)
			if k.ShortTag() == "!!merge" {
				p.merge(n, val)
				continue
			}
			p.set(n, k.Value, project.Position{File: p.file, Line: k.Line, Col: k.Column}, val)
		}
		return n
	case yaml.SequenceNode:
		n := &node{kind: kArray, pos: pos}
		for _, c := range y.Content {
			n.items = append(n.items, p.fromYAML(c, budget))
		}
		return n
	}
	n := &node{pos: pos, text: y.Value}
	switch y.ShortTag() {
	case "!!null":
		n.kind = kNull
	case "!!int", "!!float":
		n.kind = kNumber
	case "!!bool":
		n.kind = kBool
		n.text = strings.ToLower(y.Value)
	default: // !!str, timestamps, binary
		n.kind = kString
	}
	return n
}

// merge applies a YAML merge key (<<: *base): keys of the merged mappings
// that the mapping does not set itself.
func (p *parser) merge(dst, src *node) {
	if src == nil {
		return
	}
	srcs := []*node{src}
	if src.kind == kArray {
		srcs = src.items
	}
	for _, s := range srcs {
		if s == nil {
			continue
		}
		for _, m := range s.members {
			if dst.get(m.key) == nil {
				dst.members = append(dst.members, &member{key: m.key, pos: m.pos, val: m.val})
			}
		}
	}
}

func (p *parser) parseTOML(data []byte) *node {
	root := &node{kind: kObject, pos: project.Position{File: p.file, Line: 1, Col: 1}}
	table := root
	var tp unstable.Parser
	tp.Reset(data)
	for tp.NextExpression() {
		e := tp.Expression()
		switch e.Kind {
		case unstable.Table:
			table = p.tomlPath(root, keyNodes(e.Key()))
		case unstable.ArrayTable:
			table = p.tomlArrayTable(root, keyNodes(e.Key()))
		case unstable.KeyValue:
			p.tomlKeyValue(table, e)
		}
	}
	if err := tp.Error(); err != nil {
		pos := project.Position{File: p.file}
		msg := err.Error()
		var perr *unstable.ParserError
		if errors.As(err, &perr) {
			// The highlight is a slice of data; its capacity says where.
			if off := cap(data) - cap(perr.Highlight); perr.Highlight != nil && off >= 0 && off <= len(data) {
				pos = p.at(off)
			}
			msg = perr.Message
		}
		p.warnf(pos, "invalid TOML: %s (the rest of the file is not read)", msg)
	}
	return root
}

// keyNodes lists the parts of a dotted key.
func keyNodes(it unstable.Iterator) []*unstable.Node {
	var keys []*unstable.Node
	for it.Next() {
		keys = append(keys, it.Node())
	}
	return keys
}

// tomlPath walks the tables a dotted key names, making the missing ones. A
// key naming an array of tables goes to its latest table. It returns nil,
// with a warning, when a key on the way is not a table.
func (p *parser) tomlPath(n *node, keys []*unstable.Node) *node {
	for _, k := range keys {
		key, pos := string(k.Data), p.at(int(k.Raw.Offset))
		next := n.get(key)
		switch {
		case next == nil:
			next = &node{kind: kObject, pos: pos}
			p.set(n, key, pos, next)
		case next.kind == kArray && len(next.items) > 0 && next.items[len(next.items)-1].kind == kObject:
			next = next.items[len(next.items)-1]
		case next.kind != kObject:
			p.warnf(pos, "key %q is not a table", key)
			return nil
		}
		n = next
	}
	return n
}

// tomlArrayTable adds a table to the array a [[key]] header names.
func (p *parser) tomlArrayTable(root *node, keys []*unstable.Node) *node {
	if len(keys) == 0 {
		return nil
	}
	parent := p.tomlPath(root, keys[:len(keys)-1])
	if parent == nil {
		return nil
	}
	last := keys[len(keys)-1]
	key, pos := string(last.Data), p.at(int(last.Raw.Offset))
	arr := parent.get(key)
	if arr == nil {
		arr = &node{kind: kArray, pos: pos}
		p.set(parent, key, pos, arr)
	} else if arr.kind != kArray {
		p.warnf(pos, "key %q is not an array of tables", key)
		return nil
	}
	t := &node{kind: kObject, pos: pos}
	arr.items = append(arr.items, t)
	return t
}

// tomlKeyValue sets key = value in a table; a dotted key makes the tables
// on its way.
func (p *parser) tomlKeyValue(table *node, e *unstable.Node) {
	if table == nil {
		return // under a key that is not a table; already warned
	}
	keys := keyNodes(e.Key())
	if len(keys) == 0 {
		return
	}
	parent := p.tomlPath(table, keys[:len(keys)-1])
	if parent == nil {
		return
	}
	last := keys[len(keys)-1]
	pos := p.at(int(last.Raw.Offset))
	p.set(parent, string(last.Data), pos, p.fromTOML(e.Value(), pos))
}

// fromTOML converts a value. Arrays carry no offset in go-toml, so they
// take the position of their key (or enclosing array), passed as at.
func (p *parser) fromTOML(v *unstable.Node, at project.Position) *node {
	n := &node{pos: at, text: string(v.Data)}
	if v.Raw.Length > 0 {
		n.pos = p.at(int(v.Raw.Offset))
	}
	switch v.Kind {
	case unstable.Integer, unstable.Float:
		n.kind = kNumber
	case unstable.Bool:
		n.kind = kBool
	case unstable.Array:
		n.kind, n.text = kArray, ""
		for it := v.Children(); it.Next(); {
			if c := it.Node(); c.Kind != unstable.Comment {
				n.items = append(n.items, p.fromTOML(c, n.pos))
			}
		}
	case unstable.InlineTable:
		n.kind, n.text = kObject, ""
		for it := v.Children(); it.Next(); {
			if c := it.Node(); c.Kind == unstable.KeyValue {
				p.tomlKeyValue(n, c)
			}
		}
	default: // strings, dates and times are text
		n.kind = kString
	}
	return n
}
