package license

import (
	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/tree"
)

// fields reads typed values out of a parsed file and keeps, as warnings at
// their position, the values of another kind than the reader expects. The
// warnings name the key and both kinds, never the value, which may be a
// secret. A null or a missing key is absent, not wrong.
type fields struct {
	doc *project.Doc
	ws  []project.Warning
}

// get returns the value of key in n when it is of kind want.
func (f *fields) get(n *tree.Node, key string, want tree.Kind, what string) *tree.Node {
	if v := n.Get(key); f.is(v, want, what) {
		return v
	}
	return nil
}

// str returns the string value of key in n, "" when absent or not a string.
func (f *fields) str(n *tree.Node, key, what string) string {
	if v := f.get(n, key, tree.String, what); v != nil {
		return v.Text
	}
	return ""
}

// flag returns the boolean value of key in n, false when absent or not a
// boolean.
func (f *fields) flag(n *tree.Node, key, what string) bool {
	v := f.get(n, key, tree.Bool, what)
	return v != nil && v.Text == "true"
}

// is reports whether v is of kind want, and warns when it is another
// (non-null) kind.
func (f *fields) is(v *tree.Node, want tree.Kind, what string) bool {
	switch {
	case v == nil || v.Kind == tree.Null:
		return false
	case v.Kind != want:
		f.wrong(v, what, want)
		return false
	}
	return true
}

func (f *fields) wrong(v *tree.Node, what string, want tree.Kind) {
	f.ws = append(f.ws, project.Warnf(f.doc.Pos(v), "%s is %s, not %s", what, v.Kind, want))
}

// line is where a member of an object stands, as a component's location:
// the file and the line of its key.
func (f *fields) line(m *tree.Member) project.Position {
	return project.Position{File: f.doc.File, Line: m.Line}
}

// membersOf is the members of an object, none for another kind or nil.
func membersOf(n *tree.Node) []*tree.Member {
	if n == nil || n.Kind != tree.Object {
		return nil
	}
	return n.Members
}
