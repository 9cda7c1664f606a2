package hardening

import (
	"bytes"
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/host"
	"github.com/mcp-comply/mcp-comply/internal/syntax"
)

// pyAuth are names whose use means the server authenticates its callers
// (FastMCP auth providers and settings).
var pyAuth = []string{"token_verifier", "AuthSettings", "BearerAuthProvider", "JWTVerifier", "auth_server_provider", "OAuthProvider", "RemoteAuthProvider"}

// readPython reads FastMCP and low-level mcp servers: FastMCP(...) and
// Server(...), @x.tool/@x.prompt/@x.resource decorators with their
// functions, Tool(...) objects, x.run(transport=...), uvicorn.run.
func (p *code) readPython() *SourceServer {
	data := p.src.Data
	s := &SourceServer{}
	servers := map[string]bool{}
	seen := false
	for i := 0; i < len(p.Tokens); i++ {
		tk := &p.Tokens[i]
		if tk.Kind != syntax.Name {
			continue
		}
		call := p.Is(i+1, syntax.Punct, "(")
		switch {
		case call && (tk.Text == "FastMCP" || tk.Text == "MCPServer" || tk.Text == "Server" && p.isAssignedCall(i)):
			args := p.Args(i+1, "=")
			if tk.Text == "Server" && !bytes.Contains(data, []byte("mcp.server")) {
				continue
			}
			seen = true
			if p.Is(i-2, syntax.Name, "") && p.Is(i-1, syntax.Punct, "=") {
				servers[p.Tokens[i-2].Text] = true
			}
			if s.File == "" {
				s.Position = p.pos(tk.Off)
			}
			for k, a := range args {
				switch {
				case a.Key == "" && k == 0 || a.Key == "name":
					if v, _, ok := p.str(a.Start, a.End); ok {
						s.Name = v
					}
				case a.Key == "instructions":
					if v, off, ok := p.str(a.Start, a.End); ok {
						s.Instructions = &Text{Text: v, Evidence: Evidence{Position: p.pos(off)}}
					}
				case a.Key == "version":
					s.Version, _, _ = p.str(a.Start, a.End)
				case a.Key == "host":
					p.listen(s, a)
				case a.Key == "auth" || a.Key == "token_verifier" || a.Key == "auth_server_provider":
					s.Auth = append(s.Auth, a.Key)
				}
			}
		case tk.Text == "Tool" && call && !p.Is(i-1, syntax.Punct, "@"):
			if t, ok := p.lowLevelTool(i); ok {
				seen = true
				s.Tools = append(s.Tools, t)
			}
		case p.Is(i-1, syntax.Punct, "@") && p.Is(i+1, syntax.Punct, ".") && p.Is(i+2, syntax.Name, ""):
			kind := p.Tokens[i+2].Text
			if kind != "tool" && kind != "prompt" && kind != "resource" {
				continue
			}
			if !servers[tk.Text] && tk.Text != "mcp" && tk.Text != "server" && tk.Text != "app" {
				continue
			}
			seen = true
			p.decorated(s, i, kind)
		case tk.Text == "run" && call && p.Is(i-1, syntax.Punct, ".") && p.Is(i-2, syntax.Name, "") &&
			(servers[p.Tokens[i-2].Text] || p.Tokens[i-2].Text == "uvicorn"):
			args := p.Args(i+1, "=")
			if p.Tokens[i-2].Text == "uvicorn" {
				if a, ok := syntax.FindArg(args, "host"); ok {
					p.listen(s, a)
				} else {
					s.Listens = append(s.Listens, Listen{Address: "127.0.0.1", Resolved: true, Evidence: Evidence{Position: p.pos(tk.Off), Excerpt: "uvicorn.run default host"}})
				}
				continue
			}
			transport := "stdio"
			for k, a := range args {
				if a.Key == "transport" || a.Key == "" && k == 0 {
					if v, _, ok := p.str(a.Start, a.End); ok {
						transport = v
					}
				}
				if a.Key == "host" {
					p.listen(s, a)
				}
			}
			s.Transports = append(s.Transports, Endpoint{Transport: pyTransport(transport), Evidence: p.lineEvidence(tk.Off)})
		default:
			for _, a := range pyAuth {
				if tk.Text == a {
					s.Auth = append(s.Auth, a)
				}
			}
		}
	}
	if !seen {
		return nil
	}
	return s
}

// isAssignedCall reports `x = Server(`: the low-level server is only taken
// when assigned, since "Server" is a common class name.
func (p *code) isAssignedCall(i int) bool {
	return p.Is(i-1, syntax.Punct, "=") && p.Is(i-2, syntax.Name, "")
}

// pyTransport maps FastMCP's transport names.
func pyTransport(t string) string {
	switch strings.ToLower(t) {
	case "sse":
		return SSE
	case "http", "streamable-http", "streamable_http", "streamablehttp":
		return HTTP
	}
	return Stdio
}

// listen reads a host argument.
func (p *code) listen(s *SourceServer, a syntax.Arg) {
	l := Listen{Evidence: p.lineEvidence(p.Tokens[a.Start].Off)}
	if v, _, ok := p.str(a.Start, a.End); ok {
		l.Address, l.Resolved, l.AllInterfaces = v, true, host.AllInterfaces(v)
	}
	s.Listens = append(s.Listens, l)
}

// decorated reads @x.tool(...) / @x.prompt(...) / @x.resource(...) and the
// function it decorates.
func (p *code) decorated(s *SourceServer, i int, kind string) {
	var dargs []syntax.Arg
	j := i + 3
	if p.Is(j, syntax.Punct, "(") {
		dargs = p.Args(j, "=")
		j = p.Match(j) + 1
	}
	// Skip further decorators, then expect [async] def name(...).
	for j < len(p.Tokens) && !(p.Is(j, syntax.Name, "def")) {
		if p.Is(j, syntax.Punct, "(") {
			j = p.Match(j)
		}
		j++
		if j-i > 200 {
			return
		}
	}
	if !p.Is(j+1, syntax.Name, "") || !p.Is(j+2, syntax.Punct, "(") {
		return
	}
	fname := p.Tokens[j+1].Text
	params := p.pyParams(j + 2)
	doc, docOff := "", 0
	body := p.Match(j+2) + 1
	for body < len(p.Tokens) && !p.Is(body, syntax.Punct, ":") {
		body++
	}
	if p.Is(body+1, syntax.String, "") {
		doc, docOff = p.Tokens[body+1].Text, p.Tokens[body+1].Off
	}
	name, title, desc, descOff := fname, "", doc, docOff
	var ann Annotations
	uri := ""
	for k, a := range dargs {
		switch {
		case a.Key == "name":
			name, _, _ = p.str(a.Start, a.End)
		case a.Key == "title":
			title, _, _ = p.str(a.Start, a.End)
		case a.Key == "description":
			if v, off, ok := p.str(a.Start, a.End); ok {
				desc, descOff = v, off
			}
		case a.Key == "annotations":
			ann = p.pyAnnotations(a)
		case a.Key == "uri" || a.Key == "" && k == 0:
			if v, _, ok := p.str(a.Start, a.End); ok {
				if kind == "resource" {
					uri = v
				} else {
					name = v
				}
			}
		}
	}
	if descOff == 0 {
		descOff = p.Tokens[j].Off
	}
	ev := Evidence{Position: p.pos(p.Tokens[i].Off)}
	switch kind {
	case "tool":
		t := Tool{Name: name, Title: title, Description: desc, Params: params, Annotations: ann, Evidence: ev}
		s.Tools = append(s.Tools, t)
	case "prompt":
		s.Prompts = append(s.Prompts, Item{Name: name, Description: cleanDoc(desc), Evidence: ev})
	case "resource":
		s.Resources = append(s.Resources, Item{Name: name, URI: uri, Description: cleanDoc(desc), Evidence: ev})
	}
}

// pyAnnotations reads annotations=ToolAnnotations(...) or a dict.
func (p *code) pyAnnotations(a syntax.Arg) Annotations {
	switch {
	case p.Is(a.Start, syntax.Punct, "{"):
		return p.annotationsFrom(p.Args(a.Start, ":"))
	case p.Is(a.End-1, syntax.Punct, ")"):
		for k := a.Start; k < a.End; k++ {
			if p.Is(k, syntax.Punct, "(") {
				return p.annotationsFrom(p.Args(k, "="))
			}
		}
	}
	return Annotations{}
}

// pyParams reads a def's parameters: name[: annotation][= default], with
// descriptions from Field(description=...) in Annotated[...] or the
// default. self, cls and the Context parameter are left out.
func (p *code) pyParams(open int) []Param {
	var out []Param
	for _, a := range p.Args(open, "=") {
		start, end := a.Start, a.End
		if a.Key != "" {
			start -= 2 // name=default: the name is the key
		}
		if !p.Is(start, syntax.Name, "") {
			continue
		}
		name := p.Tokens[start].Text
		if name == "self" || name == "cls" {
			continue
		}
		// name[: annotation][= default]
		annEnd, hasDefault := end, false
		for k := start + 1; k < end; k++ {
			if p.Is(k, syntax.Punct, "(") || p.Is(k, syntax.Punct, "[") || p.Is(k, syntax.Punct, "{") {
				k = p.Match(k)
				continue
			}
			if p.Is(k, syntax.Punct, "=") {
				annEnd, hasDefault = k, true
				break
			}
		}
		typ, desc := "", ""
		if p.Is(start+1, syntax.Punct, ":") {
			typ = p.typeText(start+2, annEnd)
			desc = p.fieldDescription(start+2, annEnd)
		}
		if strings.Contains(typ, "Context") {
			continue
		}
		if hasDefault && desc == "" {
			desc = p.fieldDescription(annEnd+1, end)
		}
		required := !hasDefault && !strings.Contains(typ, "None") && !strings.Contains(typ, "Optional")
		out = append(out, Param{Name: name, Type: jsonType(typ), Description: desc, Required: required, Position: p.pos(p.Tokens[start].Off)})
	}
	return out
}

// typeText renders an annotation, reading Annotated[T, ...] as T.
func (p *code) typeText(start, end int) string {
	if p.Is(start, syntax.Name, "Annotated") && p.Is(start+1, syntax.Punct, "[") {
		inner := p.Args(start+1, "")
		if len(inner) > 0 {
			return p.typeText(inner[0].Start, inner[0].End)
		}
	}
	var b strings.Builder
	for k := start; k < end; k++ {
		b.WriteString(p.Tokens[k].Text)
	}
	return b.String()
}

// fieldDescription finds Field(description="...") in a token range.
func (p *code) fieldDescription(start, end int) string {
	for k := start; k < end; k++ {
		if p.Is(k, syntax.Name, "Field") && p.Is(k+1, syntax.Punct, "(") {
			if a, ok := syntax.FindArg(p.Args(k+1, "="), "description"); ok {
				v, _, _ := p.str(a.Start, a.End)
				return v
			}
		}
	}
	return ""
}

// lowLevelTool reads Tool(name=..., description=..., inputSchema=...,
// annotations=ToolAnnotations(...)) of the low-level Python SDK.
func (p *code) lowLevelTool(i int) (Tool, bool) {
	args := p.Args(i+1, "=")
	t := Tool{Evidence: Evidence{Position: p.pos(p.Tokens[i].Off)}}
	for _, a := range args {
		switch a.Key {
		case "name":
			t.Name, _, _ = p.str(a.Start, a.End)
		case "title":
			t.Title, _, _ = p.str(a.Start, a.End)
		case "description":
			t.Description, _, _ = p.str(a.Start, a.End)
		case "annotations":
			t.Annotations = p.pyAnnotations(a)
		case "inputSchema", "input_schema":
			if p.Is(a.Start, syntax.Punct, "{") {
				t.Params = p.jsonSchemaParams(a.Start)
			}
		}
	}
	return t, t.Name != ""
}
