package hardening

import (
	"bytes"
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/host"
	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/secrets"
)

// lexPython tokenizes Python: # comments, string prefixes (r, b, u, f and
// pairs), single, double and triple quotes, implicit line joining.
func lexPython(src []byte) []token {
	l := &lexer{src: src}
	for l.i < len(src) {
		c := src[l.i]
		switch {
		case c == '#':
			for l.i < len(src) && src[l.i] != '\n' {
				l.i++
			}
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\\':
			l.i++
		case c == '"' || c == '\'':
			l.pyString(l.i, "")
		case c >= '0' && c <= '9':
			l.number()
		case c < 0x80 && !isIdentStart(rune(c)):
			if l.i+1 < len(src) && (c == '-' && src[l.i+1] == '>' || c == '*' && src[l.i+1] == '*') {
				l.emit(tPunct, string(src[l.i:l.i+2]), l.i)
				l.i += 2
				continue
			}
			l.emit(tPunct, string(c), l.i)
			l.i++
		default:
			start := l.i
			l.name()
			name := l.toks[len(l.toks)-1].text
			if len(name) <= 2 && l.i < len(src) && (src[l.i] == '"' || src[l.i] == '\'') && strings.Trim(strings.ToLower(name), "rbuf") == "" {
				l.toks = l.toks[:len(l.toks)-1]
				l.pyString(start, strings.ToLower(name))
			}
		}
	}
	return l.toks
}

// pyString reads a string literal whose quote is at l.i; prefix is its
// lower-cased prefix, starting at start.
func (l *lexer) pyString(start int, prefix string) {
	q := l.src[l.i]
	quote := []byte{q}
	if bytes.HasPrefix(l.src[l.i:], []byte{q, q, q}) {
		quote = []byte{q, q, q}
	}
	l.i += len(quote)
	bodyStart := l.i
	raw := strings.Contains(prefix, "r")
	for l.i < len(l.src) {
		if l.src[l.i] == '\\' {
			l.i += 2
			continue
		}
		if len(quote) == 1 && l.src[l.i] == '\n' {
			break // unterminated: stop at the line's end
		}
		if bytes.HasPrefix(l.src[l.i:], quote) {
			break
		}
		l.i++
	}
	body := string(l.src[bodyStart:min(l.i, len(l.src))])
	l.i = min(l.i+len(quote), len(l.src))
	if !raw {
		body = unescape(body)
	}
	l.toks = append(l.toks, token{kind: tString, text: body, off: start, interp: strings.Contains(prefix, "f") && strings.Contains(body, "{")})
}

// pyAuth are names whose use means the server authenticates its callers
// (FastMCP auth providers and settings).
var pyAuth = []string{"token_verifier", "AuthSettings", "BearerAuthProvider", "JWTVerifier", "auth_server_provider", "OAuthProvider", "RemoteAuthProvider"}

// readPython reads FastMCP and low-level mcp servers: FastMCP(...) and
// Server(...), @x.tool/@x.prompt/@x.resource decorators with their
// functions, Tool(...) objects, x.run(transport=...), uvicorn.run.
func readPython(file string, data []byte) *SourceServer {
	p := &toks{t: lexPython(data), src: data, file: file, lines: project.NewLines(data)}
	s := &SourceServer{}
	servers := map[string]bool{}
	seen := false
	for i := 0; i < len(p.t); i++ {
		tk := p.t[i]
		if tk.kind != tName {
			continue
		}
		call := p.is(i+1, tPunct, "(")
		switch {
		case call && (tk.text == "FastMCP" || tk.text == "MCPServer" || tk.text == "Server" && p.isAssignedCall(i)):
			args := p.args(i+1, "=")
			if tk.text == "Server" && !bytes.Contains(data, []byte("mcp.server")) {
				continue
			}
			seen = true
			if p.is(i-2, tName, "") && p.is(i-1, tPunct, "=") {
				servers[p.t[i-2].text] = true
			}
			if s.File == "" {
				s.Position = p.pos(tk.off)
			}
			for k, a := range args {
				switch {
				case a.key == "" && k == 0 || a.key == "name":
					if v, _, ok := p.str(a.start, a.end); ok {
						s.Name = v
					}
				case a.key == "instructions":
					if v, off, ok := p.str(a.start, a.end); ok {
						s.Instructions = &Text{Text: v, Evidence: Evidence{Position: p.pos(off)}}
					}
				case a.key == "version":
					s.Version, _, _ = p.str(a.start, a.end)
				case a.key == "host":
					p.listen(s, a, tk.off)
				case a.key == "auth" || a.key == "token_verifier" || a.key == "auth_server_provider":
					s.Auth = append(s.Auth, a.key)
				}
			}
		case tk.text == "Tool" && call && !p.is(i-1, tPunct, "@"):
			if t, ok := p.lowLevelTool(i); ok {
				seen = true
				s.Tools = append(s.Tools, t)
			}
		case p.is(i-1, tPunct, "@") && p.is(i+1, tPunct, ".") && p.is(i+2, tName, ""):
			kind := p.t[i+2].text
			if kind != "tool" && kind != "prompt" && kind != "resource" {
				continue
			}
			if !servers[tk.text] && tk.text != "mcp" && tk.text != "server" && tk.text != "app" {
				continue
			}
			seen = true
			p.decorated(s, i, kind)
		case tk.text == "run" && call && p.is(i-1, tPunct, ".") && p.is(i-2, tName, "") &&
			(servers[p.t[i-2].text] || p.t[i-2].text == "uvicorn"):
			args := p.args(i+1, "=")
			if p.t[i-2].text == "uvicorn" {
				if a, ok := findArg(args, "host"); ok {
					p.listen(s, a, tk.off)
				} else {
					s.Listens = append(s.Listens, Listen{Address: "127.0.0.1", Resolved: true, Evidence: Evidence{Position: p.pos(tk.off), Excerpt: "uvicorn.run default host"}})
				}
				continue
			}
			transport := "stdio"
			for k, a := range args {
				if a.key == "transport" || a.key == "" && k == 0 {
					if v, _, ok := p.str(a.start, a.end); ok {
						transport = v
					}
				}
				if a.key == "host" {
					p.listen(s, a, tk.off)
				}
			}
			s.Transports = append(s.Transports, Endpoint{Transport: pyTransport(transport),
				Evidence: Evidence{Position: p.pos(tk.off), Excerpt: secrets.Excerpt(lineAt(data, tk.off))}})
		default:
			for _, a := range pyAuth {
				if tk.text == a {
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
func (p *toks) isAssignedCall(i int) bool {
	return p.is(i-1, tPunct, "=") && p.is(i-2, tName, "")
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

func (p *toks) listen(s *SourceServer, a arg, callOff int) {
	l := Listen{Evidence: Evidence{Position: p.pos(p.t[a.start].off)}}
	if v, _, ok := p.str(a.start, a.end); ok {
		l.Address, l.Resolved, l.AllInterfaces = v, true, host.AllInterfaces(v)
	}
	l.Excerpt = secrets.Excerpt(lineAt(p.src, p.t[a.start].off))
	s.Listens = append(s.Listens, l)
}

// decorated reads @x.tool(...) / @x.prompt(...) / @x.resource(...) and the
// function it decorates.
func (p *toks) decorated(s *SourceServer, i int, kind string) {
	var dargs []arg
	j := i + 3
	if p.is(j, tPunct, "(") {
		dargs = p.args(j, "=")
		j = p.match(j) + 1
	}
	// Skip further decorators, then expect [async] def name(...).
	for j < len(p.t) && !(p.is(j, tName, "def")) {
		if p.is(j, tPunct, "(") {
			j = p.match(j)
		}
		j++
		if j-i > 200 {
			return
		}
	}
	if !p.is(j+1, tName, "") || !p.is(j+2, tPunct, "(") {
		return
	}
	fname := p.t[j+1].text
	params := p.pyParams(j + 2)
	doc, docOff := "", 0
	body := p.match(j+2) + 1
	for body < len(p.t) && !p.is(body, tPunct, ":") {
		body++
	}
	if p.is(body+1, tString, "") {
		doc, docOff = p.t[body+1].text, p.t[body+1].off
	}
	name, title, desc, descOff := fname, "", doc, docOff
	var ann Annotations
	uri := ""
	for k, a := range dargs {
		switch {
		case a.key == "name":
			name, _, _ = p.str(a.start, a.end)
		case a.key == "title":
			title, _, _ = p.str(a.start, a.end)
		case a.key == "description":
			if v, off, ok := p.str(a.start, a.end); ok {
				desc, descOff = v, off
			}
		case a.key == "annotations":
			ann = p.pyAnnotations(a)
		case a.key == "uri" || a.key == "" && k == 0:
			if v, _, ok := p.str(a.start, a.end); ok {
				if kind == "resource" {
					uri = v
				} else {
					name = v
				}
			}
		}
	}
	if descOff == 0 {
		descOff = p.t[j].off
	}
	ev := Evidence{Position: p.pos(p.t[i].off)}
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
func (p *toks) pyAnnotations(a arg) Annotations {
	switch {
	case p.is(a.start, tPunct, "{"):
		return p.annotationsFrom(p.args(a.start, ":"))
	case p.is(a.end-1, tPunct, ")"):
		for k := a.start; k < a.end; k++ {
			if p.is(k, tPunct, "(") {
				return p.annotationsFrom(p.args(k, "="))
			}
		}
	}
	return Annotations{}
}

// pyParams reads a def's parameters: name[: annotation][= default], with
// descriptions from Field(description=...) in Annotated[...] or the
// default. self, cls and the Context parameter are left out.
func (p *toks) pyParams(open int) []Param {
	var out []Param
	for _, a := range p.args(open, "=") {
		start, end := a.start, a.end
		if a.key != "" {
			start -= 2 // name=default: the name is the key
		}
		if !p.is(start, tName, "") {
			continue
		}
		name := p.t[start].text
		if name == "self" || name == "cls" {
			continue
		}
		// name[: annotation][= default]
		annEnd, hasDefault := end, false
		for k := start + 1; k < end; k++ {
			if p.is(k, tPunct, "(") || p.is(k, tPunct, "[") || p.is(k, tPunct, "{") {
				k = p.match(k)
				continue
			}
			if p.is(k, tPunct, "=") {
				annEnd, hasDefault = k, true
				break
			}
		}
		typ, desc := "", ""
		if p.is(start+1, tPunct, ":") {
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
		out = append(out, Param{Name: name, Type: jsonType(typ), Description: desc, Required: required, Position: p.pos(p.t[start].off)})
	}
	return out
}

// typeText renders an annotation, reading Annotated[T, ...] as T.
func (p *toks) typeText(start, end int) string {
	if p.is(start, tName, "Annotated") && p.is(start+1, tPunct, "[") {
		inner := p.args(start+1, "")
		if len(inner) > 0 {
			return p.typeText(inner[0].start, inner[0].end)
		}
	}
	var b strings.Builder
	for k := start; k < end; k++ {
		b.WriteString(p.t[k].text)
	}
	return b.String()
}

// fieldDescription finds Field(description="...") in a token range.
func (p *toks) fieldDescription(start, end int) string {
	for k := start; k < end; k++ {
		if p.is(k, tName, "Field") && p.is(k+1, tPunct, "(") {
			if a, ok := findArg(p.args(k+1, "="), "description"); ok {
				v, _, _ := p.str(a.start, a.end)
				return v
			}
		}
	}
	return ""
}

// lowLevelTool reads Tool(name=..., description=..., inputSchema=...,
// annotations=ToolAnnotations(...)) of the low-level Python SDK.
func (p *toks) lowLevelTool(i int) (Tool, bool) {
	args := p.args(i+1, "=")
	t := Tool{Evidence: Evidence{Position: p.pos(p.t[i].off)}}
	for _, a := range args {
		switch a.key {
		case "name":
			t.Name, _, _ = p.str(a.start, a.end)
		case "title":
			t.Title, _, _ = p.str(a.start, a.end)
		case "description":
			t.Description, _, _ = p.str(a.start, a.end)
		case "annotations":
			t.Annotations = p.pyAnnotations(a)
		case "inputSchema", "input_schema":
			if p.is(a.start, tPunct, "{") {
				t.Params = p.jsonSchemaParams(a.start)
			}
		}
	}
	return t, t.Name != ""
}

// jsonSchemaParams reads {"type": "object", "properties": {...},
// "required": [...]} written as a dict or an object literal.
func (p *toks) jsonSchemaParams(open int) []Param {
	var out []Param
	var required []string
	for _, m := range p.args(open, ":") {
		switch m.key {
		case "properties":
			if !p.is(m.start, tPunct, "{") {
				continue
			}
			for _, prop := range p.args(m.start, ":") {
				pr := Param{Name: prop.key, Position: p.pos(prop.keyOff)}
				if p.is(prop.start, tPunct, "{") {
					for _, f := range p.args(prop.start, ":") {
						switch f.key {
						case "type":
							pr.Type, _, _ = p.str(f.start, f.end)
						case "description":
							pr.Description, _, _ = p.str(f.start, f.end)
						}
					}
				}
				if pr.Name != "" {
					out = append(out, pr)
				}
			}
		case "required":
			if p.is(m.start, tPunct, "[") {
				for _, r := range p.args(m.start, ":") {
					if v, _, ok := p.str(r.start, r.end); ok {
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
