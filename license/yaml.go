package license

import (
	"io/fs"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/mcp-comply/mcp-comply/internal/project"
)

// YAML helpers shared by the readers of lockfiles, Compose files, Helm
// values and manifests.

// yamlDoc is one document of a YAML stream with the line it starts on.
type yamlDoc struct {
	text string
	line int
}

var yamlDocStart = regexp.MustCompile(`^(---|\.\.\.)(\s|$)`)

// yamlDocuments splits a YAML stream at its document markers, so that one
// broken document costs only itself.
func yamlDocuments(data []byte) []yamlDoc {
	var docs []yamlDoc
	var cur strings.Builder
	start := 1
	for i, l := range strings.SplitAfter(string(data), "\n") {
		if yamlDocStart.MatchString(l) {
			if strings.TrimSpace(cur.String()) != "" {
				docs = append(docs, yamlDoc{cur.String(), start})
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
		docs = append(docs, yamlDoc{cur.String(), start})
	}
	return docs
}

// parseYAMLDoc parses one document, padded so that node lines are those of
// the file. It returns the document's root node (nil for an empty one).
// A document with a syntax error yields a warning at the line at fault and
// the part before that line, which still parses: one broken service of a
// Compose file does not hide the others.
func parseYAMLDoc(file string, d yamlDoc) (*yaml.Node, *project.Warning) {
	pad := strings.Repeat("\n", d.line-1)
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(pad+d.text), &n); err != nil {
		w := yamlErrorWarning(file, err)
		bad := firstBadLine(d.text)
		if line := d.line - 1 + bad; line > w.Line {
			w.Line, w.Col = line, 0
		}
		var partial yaml.Node
		if bad > 1 {
			lines := strings.SplitAfter(d.text, "\n")
			if yaml.Unmarshal([]byte(pad+strings.Join(lines[:bad-1], "")), &partial) == nil {
				w.Message += "; read up to the line before"
				return documentContent(&partial), &w
			}
		}
		return nil, &w
	}
	return documentContent(&n), nil
}

func documentContent(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		return n.Content[0]
	}
	return nil
}

// firstBadLine finds where a document that does not parse goes wrong.
// yaml.v3 reports the line where the enclosing block starts ("line 1: did
// not find expected key" for a mis-indented key on line 6); the first line
// at which a prefix of the document stops parsing is, for the block style
// of Compose files and manifests, the line at fault. Binary search keeps it
// to a few parses. 0 when no prefix fails.
func firstBadLine(text string) int {
	lines := strings.SplitAfter(text, "\n")
	parses := func(n int) bool {
		var v yaml.Node
		return yaml.Unmarshal([]byte(strings.Join(lines[:n], "")), &v) == nil
	}
	lo, hi := 0, len(lines) // prefix lo parses; find the smallest failing prefix
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

var yamlLinePrefix = regexp.MustCompile(`^yaml: (?:line (\d+): )?`)

// yamlErrorWarning turns a yaml.v3 error ("yaml: line 3: …") into a warning
// at that line.
func yamlErrorWarning(file string, err error) project.Warning {
	pos := project.Position{File: file}
	msg := err.Error()
	if m := yamlLinePrefix.FindStringSubmatch(msg); m != nil {
		pos.Line, _ = strconv.Atoi(m[1])
		msg = msg[len(m[0]):]
	}
	return project.Warnf(pos, "invalid YAML: %s", msg)
}

// yamlDeref follows an alias to its anchored node.
func yamlDeref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 8; i++ {
		n = n.Alias
	}
	return n
}

// yamlField returns the value of key in a mapping, looking through aliases
// and "<<" merge keys; nil when absent.
func yamlField(m *yaml.Node, key string) *yaml.Node {
	return yamlFieldDepth(m, key, 0)
}

func yamlFieldDepth(m *yaml.Node, key string, depth int) *yaml.Node {
	m = yamlDeref(m)
	if m == nil || m.Kind != yaml.MappingNode || depth > 8 {
		return nil
	}
	var merges []*yaml.Node
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		switch {
		case k.Value == key && k.Tag != "!!merge":
			return yamlDeref(v)
		case k.Value == "<<":
			if v = yamlDeref(v); v != nil && v.Kind == yaml.SequenceNode {
				merges = append(merges, v.Content...)
			} else {
				merges = append(merges, v)
			}
		}
	}
	for _, src := range merges {
		if v := yamlFieldDepth(src, key, depth+1); v != nil {
			return v
		}
	}
	return nil
}

// yamlScalar returns the scalar value of key, or "".
func yamlScalar(m *yaml.Node, key string) string {
	if v := yamlField(m, key); v != nil && v.Kind == yaml.ScalarNode {
		return v.Value
	}
	return ""
}

func nodePos(file string, n *yaml.Node) project.Position {
	return project.Position{File: file, Line: n.Line, Col: n.Column}
}

// readYAMLDocs reads a file's documents; only its parse errors are
// warnings.
func readYAMLDocs(fsys fs.FS, file, what string) ([]*yaml.Node, []project.Warning) {
	data, unread := project.ReadInput(fsys, file, what)
	if unread != nil {
		return nil, unread
	}
	var roots []*yaml.Node
	var ws []project.Warning
	for _, d := range yamlDocuments(data) {
		root, w := parseYAMLDoc(file, d)
		if w != nil {
			ws = append(ws, *w)
		}
		if root != nil {
			roots = append(roots, root)
		}
	}
	return roots, ws
}
