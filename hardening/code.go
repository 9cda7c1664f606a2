package hardening

import (
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/secrets"
	"github.com/mcp-comply/mcp-comply/internal/syntax"
)

// code reads the server of one Python, JavaScript or TypeScript file from
// the tokens the index lexed (package syntax: Match, Args, Str, Bool).
type code struct {
	*syntax.File
	src       *project.SourceFile
	objs      map[string][2]int // JavaScript: module-level objects (jsConsts)
	imported  map[string]bool   // JavaScript: names imported from relative modules (jsImported)
	decls     map[string]int    // JavaScript: module-level consts' values (jsDecls)
	funcs     []jsFunc          // JavaScript: named functions (jsFuncs), read when funcsRead
	funcsRead bool
	structs   map[string]int   // Rust: struct names → their struct keyword (rustStructs)
	assigns   map[string][]int // Python: names assigned at a line's start → their values' first tokens (pyAssigned)
}

func (c *code) pos(off int) project.Position { return c.src.Pos(off) }

// lineEvidence points at the line holding off, as its excerpt.
func (c *code) lineEvidence(off int) Evidence {
	p := c.pos(off)
	return Evidence{Position: p, Excerpt: secrets.Excerpt(c.src.LineText(p.Line))}
}

// str reads tokens [start, end) as a string: Str's value (literals joined
// by +, the module's constants resolved) or, for text computed at run time
// from literals (an f-string or a template literal with a field that is
// not a constant), the literals as written, joined, so what a model reads
// is still seen. ok is false for anything else.
func (c *code) str(start, end int) (s string, off int, ok bool) {
	if s, off, ok := c.Str(start, end); ok {
		return s, off, ok
	}
	for start < end && c.Is(start, syntax.Punct, "(") && c.Match(start) == end-1 {
		start, end = start+1, end-1
	}
	if start >= end || end > len(c.Tokens) {
		return "", 0, false
	}
	s, ok = c.written(start, end, 0)
	return s, c.Tokens[start].Off, ok
}

// maxWritten bounds how deep written follows fields into the values of
// the names they hold.
const maxWritten = 4

// written is tokens [start, end), strings joined by + (or, in Python,
// written side by side), as written; names joined in whose values are
// not known add nothing, and at least one literal must be there. An interpolated string whose fields
// are all names takes their values: a constant's, or the text of what the
// name was last assigned before, itself as written (f"…{_HIDDEN_PAYLOAD}"
// where _HIDDEN_PAYLOAD joins zero-width characters and an instruction
// around a call, beejak/Vulnerable-MCP-Server); any other field is left
// as written.
func (c *code) written(start, end, depth int) (string, bool) {
	for start < end && c.Is(start, syntax.Punct, "(") && c.Match(start) == end-1 {
		start, end = start+1, end-1
	}
	if start >= end || end > len(c.Tokens) {
		return "", false
	}
	var b strings.Builder
	literal := false
	for j := start; j < end; j++ {
		switch t := &c.Tokens[j]; {
		case t.Kind == syntax.String:
			b.WriteString(c.fields(j, depth))
			literal = true
		case t.Kind == syntax.Punct && t.Text == "+" && j > start:
		case t.Kind == syntax.Name && (j == start || c.Is(j-1, syntax.Punct, "+") || c.Is(j-1, syntax.Punct, ".")) &&
			(j+1 == end || c.Is(j+1, syntax.Punct, "+") || c.Is(j+1, syntax.Punct, ".")):
			// a name whose value is not known, prefix + "get_schema"
			// (mcp-neo4j's namespace_prefix, "" by default): its
			// literals are what is written.
		case t.Kind == syntax.Punct && t.Text == "." && c.Is(j-1, syntax.Name, "") && c.Is(j+1, syntax.Name, ""):
		default:
			return "", false
		}
	}
	return b.String(), literal
}

// fields is the string token j with its fields' values when every field
// has one (written), else as written.
func (c *code) fields(j, depth int) string {
	t := &c.Tokens[j]
	pieces, ok := c.Pieces(j)
	if !t.Interp || !ok || depth >= maxWritten {
		return t.Text
	}
	var b strings.Builder
	for _, pc := range pieces {
		if !pc.Field {
			b.WriteString(pc.Text)
			continue
		}
		v, ok := c.nameText(pc.Text, j, depth)
		if !ok {
			return t.Text
		}
		b.WriteString(v)
	}
	return b.String()
}

// nameText is the text a name holds at token i: a constant's value, or
// what it was last assigned before i, as written.
func (c *code) nameText(name string, i, depth int) (string, bool) {
	if k, ok := c.Constants()[name]; ok {
		return k.Value, true
	}
	var v, end int
	switch {
	case c.Lang == syntax.Python:
		var ok bool
		if v, ok = c.pyAssigned(name, i); !ok {
			return "", false
		}
		end = pyStmtEnd(c.File, v-1) // the statement of v-1, the =
	case c.Lang == syntax.JavaScript || c.Lang == syntax.TypeScript:
		var ok bool
		if v, ok = c.jsDecls()[name]; !ok || v >= i {
			return "", false
		}
		end = c.jsOperands(v)
	default:
		return "", false
	}
	return c.written(v, end, depth+1)
}

// annotationsFrom reads the hints of an annotations object, dict or call;
// computed is true when a hint is set by an expression rather than a
// literal ("readOnlyHint": read_only, mcp-server-motherduck).
func (c *code) annotationsFrom(args []syntax.Arg) (a Annotations, computed bool) {
	for _, m := range args {
		var hint **bool
		switch m.Key {
		case "readOnlyHint", "read_only_hint":
			hint = &a.ReadOnlyHint
		case "destructiveHint", "destructive_hint":
			hint = &a.DestructiveHint
		case "idempotentHint", "idempotent_hint":
			hint = &a.IdempotentHint
		case "openWorldHint", "open_world_hint":
			hint = &a.OpenWorldHint
		case "title":
			a.Title, _, _ = c.str(m.Start, m.End)
		}
		if hint != nil {
			*hint = c.Bool(m.Start, m.End)
			computed = computed || *hint == nil
		}
	}
	return a, computed
}

// jsonSchemaParams reads {"type": "object", "properties": {...},
// "required": [...]} written as a dict or an object literal.
func (c *code) jsonSchemaParams(open int) []Param {
	var out []Param
	var required []string
	for _, m := range c.Args(open, ":") {
		switch m.Key {
		case "properties":
			if !c.Is(m.Start, syntax.Punct, "{") {
				continue
			}
			for _, prop := range c.Args(m.Start, ":") {
				pr := Param{Name: prop.Key, Position: c.pos(prop.KeyOff)}
				if c.Is(prop.Start, syntax.Punct, "{") {
					for _, f := range c.Args(prop.Start, ":") {
						switch f.Key {
						case "type":
							pr.Type, _, _ = c.str(f.Start, f.End)
						case "description":
							pr.Description, _, _ = c.str(f.Start, f.End)
						}
					}
				}
				if pr.Name != "" {
					out = append(out, pr)
				}
			}
		case "required":
			if c.Is(m.Start, syntax.Punct, "[") {
				for _, r := range c.Args(m.Start, ":") {
					if v, _, ok := c.str(r.Start, r.End); ok {
						required = append(required, v)
					}
				}
			}
		}
	}
	for i := range out {
		for _, r := range required {
			if out[i].Name == r {
				out[i].Required = true
			}
		}
	}
	return out
}
