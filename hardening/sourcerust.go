package hardening

import (
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/syntax"
)

// readRust reads a Rust server of the official SDK (rmcp): the tools its
// impl blocks declare with #[tool(…)] on methods — name = … (else the
// method's name), description = … (else the method's doc comment),
// annotations(title, read_only_hint, destructive_hint, idempotent_hint,
// open_world_hint) — with the fields of their Parameters<T> struct (doc
// comments or #[schemars(description = …)], required unless Option); the
// ServerInfo's instructions and its Implementation's name; and the
// transports it serves: stdio(), StreamableHttpService, SseServer.
func (p *code) readRust() []*SourceServer {
	s := &SourceServer{}
	seen := false
	for i := 0; i < len(p.Tokens); i++ {
		tk := &p.Tokens[i]
		switch {
		case p.Is(i, syntax.Punct, "#") && p.Is(i+1, syntax.Punct, "[") && p.Is(i+2, syntax.Name, "tool") && p.Is(i+3, syntax.Punct, "("):
			if t, ok := p.rustTool(i); ok {
				seen = true
				s.Tools = append(s.Tools, t)
			}
		case tk.Kind == syntax.Name && tk.Text == "ServerInfo" && p.Is(i+1, syntax.Punct, "{"):
			seen = true
			if s.File == "" {
				s.Position = p.pos(tk.Off)
			}
			for _, m := range p.Args(i+1, ":") {
				switch {
				case m.Key == "instructions":
					if v, off, ok := p.rustStr(m.Start, m.End); ok {
						s.Instructions = &Text{Text: v, Evidence: Evidence{Position: p.pos(off)}}
					}
				case m.Key == "server_info" && p.Is(m.Start, syntax.Name, "Implementation") && p.Is(m.Start+1, syntax.Punct, "{"):
					if n, ok := syntax.FindArg(p.Args(m.Start+1, ":"), "name"); ok {
						s.Name, _, _ = p.rustStr(n.Start, n.End)
					}
				}
			}
		case tk.Kind == syntax.Name && tk.Text == "stdio" && p.Is(i+1, syntax.Punct, "(") && p.Is(i+2, syntax.Punct, ")"):
			s.Transports = append(s.Transports, Endpoint{Transport: Stdio, Evidence: p.lineEvidence(tk.Off)})
		case tk.Kind == syntax.Name && tk.Text == "StreamableHttpService" && p.Is(i+1, syntax.Punct, "::"):
			s.Transports = append(s.Transports, Endpoint{Transport: HTTP, Evidence: p.lineEvidence(tk.Off)})
		case tk.Kind == syntax.Name && tk.Text == "SseServer" && p.Is(i+1, syntax.Punct, "::"):
			s.Transports = append(s.Transports, Endpoint{Transport: SSE, Evidence: p.lineEvidence(tk.Off)})
		}
	}
	if !seen {
		if len(s.Transports) > 0 {
			return []*SourceServer{{Transports: s.Transports, rustServing: true}}
		}
		return nil
	}
	return []*SourceServer{s}
}

// rustProject holds the Rust servers of the project and the files that
// only serve one (lib.rs calling serve(stdio()), an HTTP module), joined
// in Finish.
type rustProject struct {
	servers []SourceServer
	serving []SourceServer
}

func (rp *rustProject) add(f *project.SourceFile) {
	for _, s := range readSource(f) {
		if s.rustServing {
			rp.serving = append(rp.serving, s)
		} else {
			rp.servers = append(rp.servers, s)
		}
	}
}

// join gives the serving files' transports to the project's one Rust
// server; with several, which one a file serves is not read, and its
// transports are left out.
func (rp *rustProject) join() []SourceServer {
	if len(rp.servers) == 1 {
		for _, f := range rp.serving {
			rp.servers[0].Transports = append(rp.servers[0].Transports, f.Transports...)
		}
		rp.servers[0].finish()
	}
	return rp.servers
}

// rustTool reads the #[tool(…)] attribute at i and the method after it.
func (p *code) rustTool(i int) (Tool, bool) {
	open := i + 3
	closeAttr := p.Match(open) + 1 // the attribute's ]
	var t Tool
	named := false
	for _, a := range p.Args(open, "=") {
		switch {
		case a.Key == "name":
			if v, off, ok := p.rustStr(a.Start, a.End); ok {
				t.Name, t.Position, named = v, p.pos(off), true
			}
		case a.Key == "description":
			t.Description, _, _ = p.rustStr(a.Start, a.End)
		case a.Key == "" && p.Is(a.Start, syntax.Name, "annotations") && p.Is(a.Start+1, syntax.Punct, "("):
			t.Annotations, t.HintsComputed = p.annotationsFrom(p.Args(a.Start+1, "="))
		}
	}
	// Other attributes and the qualifiers, then fn and its name.
	j := closeAttr + 1
	for j < len(p.Tokens) && j < closeAttr+64 {
		switch {
		case p.Is(j, syntax.Punct, "#") && p.Is(j+1, syntax.Punct, "["):
			j = p.Match(j+1) + 1
		case p.Is(j, syntax.Punct, "(") || p.Is(j, syntax.Punct, "["):
			j = p.Match(j) + 1 // pub(crate)
		case p.Is(j, syntax.Name, "fn"):
			if !p.Is(j+1, syntax.Name, "") {
				return Tool{}, false
			}
			fn := &p.Tokens[j+1]
			if !named {
				t.Name, t.Position = fn.Text, p.pos(fn.Off)
			}
			if t.Description == "" {
				t.Description = p.rustDoc(i)
			}
			if p.Is(j+2, syntax.Punct, "(") {
				t.Params = p.rustParams(j + 2)
			}
			return t, t.Name != ""
		case p.Is(j, syntax.Name, ""):
			j++ // pub, async, unsafe, const, extern
		default:
			return Tool{}, false
		}
	}
	return Tool{}, false
}

// rustStr reads a string expression: a literal, or one followed by
// .into(), .to_string() or .to_owned(), or inside Some(…).
func (p *code) rustStr(start, end int) (string, int, bool) {
	if p.Is(start, syntax.Name, "Some") && p.Is(start+1, syntax.Punct, "(") {
		return p.rustStr(start+2, p.Match(start+1))
	}
	if end-start >= 1 && p.Is(start, syntax.String, "") {
		tail := end - start
		if tail == 1 || tail == 5 && p.Is(start+1, syntax.Punct, ".") && p.Is(start+3, syntax.Punct, "(") && p.Is(start+4, syntax.Punct, ")") &&
			(p.Is(start+2, syntax.Name, "into") || p.Is(start+2, syntax.Name, "to_string") || p.Is(start+2, syntax.Name, "to_owned")) {
			return p.Tokens[start].Text, p.Tokens[start].Off, true
		}
	}
	return "", 0, false
}

// rustDoc is the doc comment (/// lines) written before token i, joined.
func (p *code) rustDoc(i int) string {
	from := 0
	if i > 0 {
		from = p.Tokens[i-1].End
	}
	var lines []string
	for _, line := range strings.Split(string(p.src.Data[from:p.Tokens[i].Off]), "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "///"); ok {
			lines = append(lines, strings.TrimSpace(rest))
		}
	}
	return strings.Join(lines, " ")
}

// rustParams reads the fields of the struct a method's Parameters<T>
// argument names, when the file declares it.
func (p *code) rustParams(open int) []Param {
	name := ""
	for k := open + 1; k < p.Match(open); k++ {
		if p.Is(k, syntax.Name, "Parameters") && p.Is(k+1, syntax.Punct, "<") && p.Is(k+2, syntax.Name, "") {
			name = p.Tokens[k+2].Text
		}
	}
	if name == "" {
		return nil
	}
	if k, ok := p.rustStructs()[name]; ok {
		var out []Param
		var desc string
		end := p.Match(k + 2)
		for f := k + 3; f < end; f++ {
			switch {
			case p.Is(f, syntax.Punct, "#") && p.Is(f+1, syntax.Punct, "["):
				if p.Is(f+2, syntax.Name, "schemars") && p.Is(f+3, syntax.Punct, "(") {
					if d, ok := syntax.FindArg(p.Args(f+3, "="), "description"); ok {
						desc, _, _ = p.rustStr(d.Start, d.End)
					}
				}
				f = p.Match(f + 1)
			case p.Is(f, syntax.Name, "") && p.Is(f+1, syntax.Punct, ":") && p.Depth(f) == p.Depth(k+2)+1 && !p.Is(f, syntax.Name, "pub"):
				optional := p.Is(f+2, syntax.Name, "Option") && p.Is(f+3, syntax.Punct, "<")
				typ := f + 2
				if optional {
					typ = f + 4
				}
				prm := Param{Name: p.Tokens[f].Text, Position: p.pos(p.Tokens[f].Off), Required: !optional}
				if typ < end {
					prm.Type = rustJSONType(p.Tokens[typ].Text)
				}
				first := f // the doc comment stands before pub
				if p.Is(f-1, syntax.Name, "pub") {
					first = f - 1
				}
				if prm.Description = desc; desc == "" {
					prm.Description = p.rustDoc(first)
				}
				desc = ""
				out = append(out, prm)
				for f < end && !(p.Is(f, syntax.Punct, ",") && p.Depth(f) == p.Depth(k+2)+1) {
					f++
				}
			}
		}
		return out
	}
	return nil
}

// rustStructs maps the file's struct names to their struct keyword,
// found once for every tool's Parameters<T> (the first declaration of a
// name).
func (p *code) rustStructs() map[string]int {
	if p.structs == nil {
		p.structs = map[string]int{}
		for k := 0; k+2 < len(p.Tokens); k++ {
			if p.Is(k, syntax.Name, "struct") && p.Is(k+1, syntax.Name, "") && p.Is(k+2, syntax.Punct, "{") {
				if _, seen := p.structs[p.Tokens[k+1].Text]; !seen {
					p.structs[p.Tokens[k+1].Text] = k
				}
			}
		}
	}
	return p.structs
}

// rustJSONType is the JSON type a field's Rust type serializes to.
func rustJSONType(t string) string {
	switch t {
	case "String", "str":
		return "string"
	case "bool":
		return "boolean"
	case "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize":
		return "integer"
	case "f32", "f64":
		return "number"
	case "Vec":
		return "array"
	case "HashMap", "BTreeMap", "Value":
		return "object"
	}
	return ""
}
