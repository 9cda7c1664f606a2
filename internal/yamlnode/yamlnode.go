// Package yamlnode reads YAML into yaml.v3 node trees, keeping the
// positions readers report: every document of a stream on its own (a broken
// document costs only itself, and the part of it before the fault is kept),
// syntax errors as warnings at the line at fault, and lookups that follow
// aliases and "<<" merge keys the way YAML defines them.
package yamlnode

import (
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/mcp-comply/mcp-comply/internal/project"
)

// maxDepth bounds alias and merge chains (a YAML bomb stops here).
const maxDepth = 8

// Documents parses every document of a YAML stream. what names the file's
// kind in warnings ("compose file", "YAML").
func Documents(file string, data []byte, what string) ([]*yaml.Node, []project.Warning) {
	var roots []*yaml.Node
	var ws []project.Warning
	for _, d := range Split(data) {
		root, w := Parse(file, d, what)
		if w != nil {
			ws = append(ws, *w)
		}
		if root != nil {
			roots = append(roots, root)
		}
	}
	return roots, ws
}

// Document is one document of a stream with the line it starts on.
type Document struct {
	Text string
	Line int
}

var docStart = regexp.MustCompile(`^(---|\.\.\.)(\s|$)`)

// Split cuts a YAML stream at its document markers.
func Split(data []byte) []Document {
	var docs []Document
	var cur strings.Builder
	start := 1
	for i, l := range strings.SplitAfter(string(data), "\n") {
		if docStart.MatchString(l) {
			if strings.TrimSpace(cur.String()) != "" {
				docs = append(docs, Document{cur.String(), start})
			}
			cur.Reset()
			start = i + 1
			if strings.HasPrefix(l, "---") {
				cur.WriteString(l) // keep "--- key: value" and the line count
				continue
			}
			cur.WriteString("\n")
			continue
		}
		cur.WriteString(l)
	}
	if strings.TrimSpace(cur.String()) != "" {
		docs = append(docs, Document{cur.String(), start})
	}
	return docs
}

// Parse parses one document, padded so that node lines are those of the
// file. A syntax error yields a warning at the line at fault and the part
// of the document before that line, which still parses.
func Parse(file string, d Document, what string) (*yaml.Node, *project.Warning) {
	pad := strings.Repeat("\n", d.Line-1)
	var n yaml.Node
	err := yaml.Unmarshal([]byte(pad+d.Text), &n)
	if err == nil {
		return content(&n), nil
	}
	w := Warning(file, what, err)
	bad := firstBadLine(d.Text)
	if line := d.Line - 1 + bad; line > w.Line {
		w.Line, w.Col = line, 0
	}
	if bad > 1 {
		lines := strings.SplitAfter(d.Text, "\n")
		var partial yaml.Node
		if yaml.Unmarshal([]byte(pad+strings.Join(lines[:bad-1], "")), &partial) == nil {
			w.Message += "; read up to the line before"
			return content(&partial), &w
		}
	}
	return nil, &w
}

func content(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		return n.Content[0]
	}
	return nil
}

// firstBadLine finds where a document that does not parse goes wrong.
// yaml.v3 reports the line where the enclosing block starts ("line 1: did
// not find expected key" for a mis-indented key on line 6); the first line
// at which a prefix of the document stops parsing is, for the block style
// of compose files and manifests, the line at fault. Binary search keeps it
// to a few parses. 0 when no prefix fails.
func firstBadLine(text string) int {
	lines := strings.SplitAfter(text, "\n")
	parses := func(n int) bool {
		var v yaml.Node
		return yaml.Unmarshal([]byte(strings.Join(lines[:n], "")), &v) == nil
	}
	lo, hi := 0, len(lines)
	if parses(hi) {
		return 0
	}
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

var errLine = regexp.MustCompile(`^yaml: (?:line (\d+): )?`)

// Warning turns a yaml.v3 error ("yaml: line 3: …") into a warning at that line.
func Warning(file, what string, err error) project.Warning {
	pos := project.Position{File: file}
	msg := err.Error()
	if m := errLine.FindStringSubmatch(msg); m != nil {
		pos.Line, _ = strconv.Atoi(m[1])
		msg = msg[len(m[0]):]
	}
	return project.Warnf(pos, "invalid %s: %s", what, msg)
}

// Deref follows an alias to its anchored node.
func Deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < maxDepth; i++ {
		n = n.Alias
	}
	return n
}

// Pairs lists the key / value pairs of a mapping with "<<" merges resolved:
// a merged pair comes in the place of its merge key, unless the mapping
// sets that key itself, which wins.
func Pairs(m *yaml.Node) [][2]*yaml.Node {
	return pairs(m, 0)
}

func pairs(m *yaml.Node, depth int) [][2]*yaml.Node {
	m = Deref(m)
	if m == nil || m.Kind != yaml.MappingNode || depth > maxDepth {
		return nil
	}
	own := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if k := m.Content[i]; !isMerge(k) {
			own[k.Value] = true
		}
	}
	var out [][2]*yaml.Node
	seen := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], Deref(m.Content[i+1])
		if !isMerge(k) {
			if v != nil {
				out = append(out, [2]*yaml.Node{k, v})
			}
			continue
		}
		sources := []*yaml.Node{v}
		if v != nil && v.Kind == yaml.SequenceNode {
			sources = v.Content
		}
		for _, src := range sources {
			for _, p := range pairs(src, depth+1) {
				if !own[p[0].Value] && !seen[p[0].Value] {
					seen[p[0].Value] = true
					out = append(out, p)
				}
			}
		}
	}
	return out
}

func isMerge(k *yaml.Node) bool {
	return k.Kind == yaml.ScalarNode && (k.Tag == "!!merge" || k.Value == "<<" && k.Tag != "!!str")
}

// Field returns the value of key in a mapping, merges and aliases
// followed; nil when absent.
func Field(m *yaml.Node, key string) *yaml.Node {
	for _, p := range Pairs(m) {
		if p[0].Value == key {
			return p[1]
		}
	}
	return nil
}

// Scalar returns the scalar value of key in a mapping, or "".
func Scalar(m *yaml.Node, key string) string {
	if v := Field(m, key); v != nil && v.Kind == yaml.ScalarNode {
		return v.Value
	}
	return ""
}

// Seq returns the items of a sequence node, or nil.
func Seq(n *yaml.Node) []*yaml.Node {
	if n = Deref(n); n != nil && n.Kind == yaml.SequenceNode {
		return n.Content
	}
	return nil
}

// Pos is a node's position in file.
func Pos(file string, n *yaml.Node) project.Position {
	return project.Position{File: file, Line: n.Line, Col: n.Column}
}
