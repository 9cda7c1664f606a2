package hardening

import (
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/host"
	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/secrets"
)

// lexJS tokenizes JavaScript and TypeScript: // and /* */ comments,
// single, double and template strings (a template with ${…} is kept as
// written and marked), regular-expression literals told apart from
// division by the token before them.
func lexJS(src []byte) []token {
	l := &lexer{src: src}
	for l.i < len(src) {
		c := src[l.i]
		switch {
		case c == '/' && l.i+1 < len(src) && src[l.i+1] == '/':
			for l.i < len(src) && src[l.i] != '\n' {
				l.i++
			}
		case c == '/' && l.i+1 < len(src) && src[l.i+1] == '*':
			end := strings.Index(string(src[l.i+2:]), "*/")
			if end < 0 {
				l.i = len(src)
			} else {
				l.i += end + 4
			}
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			l.i++
		case c == '"' || c == '\'':
			l.jsString(c)
		case c == '`':
			l.template()
		case c == '/' && l.regexAllowed():
			l.regex()
		case c >= '0' && c <= '9':
			l.number()
		case c < 0x80 && !isIdentStart(rune(c)):
			l.emit(tPunct, string(c), l.i)
			l.i++
		default:
			l.name()
		}
	}
	return l.toks
}

func (l *lexer) jsString(q byte) {
	start := l.i
	l.i++
	for l.i < len(l.src) && l.src[l.i] != q && l.src[l.i] != '\n' {
		if l.src[l.i] == '\\' {
			l.i++
		}
		l.i++
	}
	body := string(l.src[start+1 : min(l.i, len(l.src))])
	l.i = min(l.i+1, len(l.src))
	l.emit(tString, unescape(body), start)
}

// template reads a template literal; a ${…} substitution (which may nest
// strings and braces) is kept as written.
func (l *lexer) template() {
	start := l.i
	l.i++
	interp := false
	for l.i < len(l.src) && l.src[l.i] != '`' {
		switch {
		case l.src[l.i] == '\\':
			l.i += 2
		case l.src[l.i] == '$' && l.i+1 < len(l.src) && l.src[l.i+1] == '{':
			interp = true
			depth := 0
			for l.i < len(l.src) {
				if l.src[l.i] == '{' {
					depth++
				} else if l.src[l.i] == '}' {
					depth--
					if depth == 0 {
						break
					}
				}
				l.i++
			}
			l.i++
		default:
			l.i++
		}
	}
	body := string(l.src[start+1 : min(l.i, len(l.src))])
	l.i = min(l.i+1, len(l.src))
	l.toks = append(l.toks, token{kind: tString, text: unescape(body), off: start, interp: interp})
}

// regexAllowed reports whether a / here starts a regular expression: after
// an operator, an opening bracket, a comma, or a keyword such as return.
func (l *lexer) regexAllowed() bool {
	if len(l.toks) == 0 {
		return true
	}
	prev := l.toks[len(l.toks)-1]
	switch prev.kind {
	case tPunct:
		return !strings.Contains(")]}", prev.text)
	case tName:
		switch prev.text {
		case "return", "typeof", "case", "in", "of", "new", "delete", "void", "throw", "await", "yield":
			return true
		}
	}
	return false
}

func (l *lexer) regex() {
	start := l.i
	l.i++
	class := false
	for l.i < len(l.src) && l.src[l.i] != '\n' {
		c := l.src[l.i]
		if c == '\\' {
			l.i += 2
			continue
		}
		if c == '[' {
			class = true
		} else if c == ']' {
			class = false
		} else if c == '/' && !class {
			break
		}
		l.i++
	}
	l.i++
	for l.i < len(l.src) && isIdentPart(rune(l.src[l.i])) {
		l.i++
	}
	l.i = min(l.i, len(l.src))
	l.emit(tPunct, "regex", start)
}

// jsAuth are names whose use means the server authenticates its callers.
var jsAuth = []string{"requireBearerAuth", "bearerAuth", "mcpAuthRouter", "verifyAccessToken", "ProxyOAuthServerProvider", "authenticate", "passport"}

// readJS reads TypeScript and JavaScript servers of the MCP TypeScript
// SDK: new McpServer(...)/new Server(...), server.tool(...),
// server.registerTool(...), prompts and resources, tool objects with a
// name, a description and an inputSchema (the low-level API), transports,
// express routes and listen calls.
func readJS(file string, data []byte) *SourceServer {
	p := &toks{t: lexJS(data), src: data, file: file, lines: project.NewLines(data)}
	s := &SourceServer{}
	seen := false
	hasHTTP := false
	var routes []Endpoint
	for i := 0; i < len(p.t); i++ {
		tk := p.t[i]
		switch {
		case tk.kind == tName && tk.text == "new" && p.is(i+1, tName, "") && p.is(i+2, tPunct, "("):
			switch cls := p.t[i+1].text; cls {
			case "McpServer", "Server":
				if cls == "Server" && !strings.Contains(string(data), "@modelcontextprotocol/sdk") {
					continue
				}
				seen = true
				if s.File == "" {
					s.Position = p.pos(tk.off)
				}
				args := p.args(i+2, ":")
				if len(args) > 0 && p.is(args[0].start, tPunct, "{") {
					for _, m := range p.args(args[0].start, ":") {
						switch m.key {
						case "name":
							s.Name, _, _ = p.str(m.start, m.end)
						case "version":
							s.Version, _, _ = p.str(m.start, m.end)
						}
					}
				}
				if len(args) > 1 && p.is(args[1].start, tPunct, "{") {
					if m, ok := findArg(p.args(args[1].start, ":"), "instructions"); ok {
						if v, off, ok := p.str(m.start, m.end); ok {
							s.Instructions = &Text{Text: v, Evidence: Evidence{Position: p.pos(off)}}
						}
					}
				}
			case "StdioServerTransport":
				s.Transports = append(s.Transports, Endpoint{Transport: Stdio, Evidence: p.lineEvidence(tk.off)})
			case "StreamableHTTPServerTransport":
				hasHTTP = true
				s.Transports = append(s.Transports, Endpoint{Transport: HTTP, Evidence: p.lineEvidence(tk.off)})
			case "SSEServerTransport":
				hasHTTP = true
				e := Endpoint{Transport: SSE, Evidence: p.lineEvidence(tk.off)}
				if args := p.args(i+2, ":"); len(args) > 0 {
					e.Path, _, _ = p.str(args[0].start, args[0].end)
				}
				s.Transports = append(s.Transports, e)
			}
		case tk.kind == tPunct && tk.text == "." && p.is(i+1, tName, "") && p.is(i+2, tPunct, "("):
			method := p.t[i+1].text
			switch method {
			case "tool", "registerTool":
				if t, ok := p.jsTool(i+2, method == "registerTool"); ok {
					seen = true
					s.Tools = append(s.Tools, t)
				}
			case "prompt", "registerPrompt", "resource", "registerResource":
				if it, ok := p.jsItem(i+2, method); ok {
					seen = true
					if strings.Contains(strings.ToLower(method), "prompt") {
						s.Prompts = append(s.Prompts, it)
					} else {
						s.Resources = append(s.Resources, it)
					}
				}
			case "listen":
				if l, ok := p.jsListen(i + 2); ok {
					s.Listens = append(s.Listens, l)
				}
			case "post", "get", "all", "use", "route":
				if p.is(i+3, tString, "") && strings.HasPrefix(p.t[i+3].text, "/") {
					routes = append(routes, Endpoint{Path: p.t[i+3].text, Evidence: p.lineEvidence(p.t[i+3].off)})
				}
			}
		case tk.kind == tPunct && tk.text == "{":
			if t, ok := p.jsToolObject(i); ok {
				seen = true
				s.Tools = append(s.Tools, t)
			}
		case tk.kind == tName:
			for _, a := range jsAuth {
				if tk.text == a {
					s.Auth = append(s.Auth, a)
				}
			}
			if tk.text == "authorization" || tk.text == "Authorization" {
				s.Auth = append(s.Auth, "Authorization header")
			}
		case tk.kind == tString && strings.EqualFold(tk.text, "authorization") && p.is(i-1, tPunct, "["):
			s.Auth = append(s.Auth, "Authorization header")
		}
	}
	if !seen {
		return nil
	}
	if hasHTTP {
		// The express routes of a file serving MCP over HTTP are its
		// endpoints.
		for _, r := range routes {
			r.Transport = HTTP
			for _, t := range s.Transports {
				if t.Transport == SSE {
					r.Transport = SSE
				}
			}
			s.Transports = append(s.Transports, r)
		}
	}
	return s
}

func (p *toks) lineEvidence(off int) Evidence {
	return Evidence{Position: p.pos(off), Excerpt: secrets.Excerpt(strings.TrimSpace(lineAt(p.src, off)))}
}

// jsTool reads server.tool(name, [description], [schema], [annotations],
// cb) and server.registerTool(name, {title, description, inputSchema,
// outputSchema, annotations}, cb).
func (p *toks) jsTool(open int, register bool) (Tool, bool) {
	args := p.args(open, ":")
	if len(args) < 2 {
		return Tool{}, false
	}
	name, off, ok := p.str(args[0].start, args[0].end)
	if !ok {
		return Tool{}, false
	}
	t := Tool{Name: name, Evidence: Evidence{Position: p.pos(off)}}
	if register {
		if !p.is(args[1].start, tPunct, "{") {
			return t, true
		}
		for _, m := range p.args(args[1].start, ":") {
			switch m.key {
			case "title":
				t.Title, _, _ = p.str(m.start, m.end)
			case "description":
				t.Description, _, _ = p.str(m.start, m.end)
			case "inputSchema":
				t.Params = p.jsSchema(m.start, m.end)
			case "annotations":
				if p.is(m.start, tPunct, "{") {
					t.Annotations = p.annotationsFrom(p.args(m.start, ":"))
				}
			}
		}
		return t, true
	}
	rest := args[1:]
	if d, _, ok := p.str(rest[0].start, rest[0].end); ok {
		t.Description = d
		rest = rest[1:]
	}
	// The remaining object literals are the schema, then the annotations;
	// the last argument is the callback.
	var objs []arg
	for _, a := range rest {
		if p.is(a.start, tPunct, "{") && p.match(a.start) == a.end-1 || p.is(a.start, tName, "z") {
			objs = append(objs, a)
		}
	}
	if len(objs) > 0 {
		t.Params = p.jsSchema(objs[0].start, objs[0].end)
	}
	if len(objs) > 1 {
		t.Annotations = p.annotationsFrom(p.args(objs[1].start, ":"))
	}
	return t, true
}

// jsToolObject reads an object literal with a string name, a description
// and an inputSchema: a tool of the low-level API.
func (p *toks) jsToolObject(open int) (Tool, bool) {
	members := p.args(open, ":")
	var t Tool
	hasSchema := false
	for _, m := range members {
		switch m.key {
		case "name":
			if v, off, ok := p.str(m.start, m.end); ok {
				t.Name, t.Position = v, p.pos(off)
			}
		case "title":
			t.Title, _, _ = p.str(m.start, m.end)
		case "description":
			t.Description, _, _ = p.str(m.start, m.end)
		case "inputSchema":
			hasSchema = true
			t.Params = p.jsSchema(m.start, m.end)
		case "annotations":
			if p.is(m.start, tPunct, "{") {
				t.Annotations = p.annotationsFrom(p.args(m.start, ":"))
			}
		}
	}
	return t, t.Name != "" && hasSchema
}

// jsSchema reads a zod shape ({a: z.string().describe("…")}), z.object(…)
// or a JSON Schema object literal into parameters.
func (p *toks) jsSchema(start, end int) []Param {
	if p.is(start, tName, "z") && p.is(start+1, tPunct, ".") && p.is(start+2, tName, "object") && p.is(start+3, tPunct, "(") {
		inner := p.args(start+3, ":")
		if len(inner) > 0 {
			return p.jsSchema(inner[0].start, inner[0].end)
		}
		return nil
	}
	if !p.is(start, tPunct, "{") {
		return nil
	}
	members := p.args(start, ":")
	if _, ok := findArg(members, "properties"); ok {
		return p.jsonSchemaParams(start)
	}
	var out []Param
	for _, m := range members {
		if m.key == "" {
			continue
		}
		pr := Param{Name: m.key, Required: true, Position: p.pos(m.keyOff)}
		for k := m.start; k < m.end; k++ {
			if !p.is(k, tPunct, ".") || !p.is(k+1, tName, "") {
				continue
			}
			switch fn := p.t[k+1].text; fn {
			case "string", "number", "boolean", "array", "object", "enum", "literal", "bigint", "date", "any", "unknown", "union", "record", "int":
				if pr.Type == "" {
					pr.Type = map[string]string{"enum": "string", "literal": "", "bigint": "integer", "int": "integer", "date": "string", "record": "object"}[fn]
					if pr.Type == "" && fn != "literal" {
						pr.Type = jsonType(fn)
					}
				}
			case "describe":
				if p.is(k+2, tPunct, "(") {
					if a := p.args(k+2, ":"); len(a) > 0 {
						pr.Description, _, _ = p.str(a[0].start, a[0].end)
					}
				}
			case "optional", "nullish", "default":
				pr.Required = false
			}
		}
		out = append(out, pr)
	}
	return out
}

// jsItem reads prompt(name, [description], …), registerPrompt(name,
// {title, description}, cb), resource(name, uri, [metadata], cb) and
// registerResource(name, uri, {title, description}, cb).
func (p *toks) jsItem(open int, method string) (Item, bool) {
	args := p.args(open, ":")
	if len(args) < 2 {
		return Item{}, false
	}
	name, off, ok := p.str(args[0].start, args[0].end)
	if !ok {
		return Item{}, false
	}
	it := Item{Name: name, Evidence: Evidence{Position: p.pos(off)}}
	rest := args[1:]
	if strings.Contains(strings.ToLower(method), "resource") {
		it.URI, _, _ = p.str(rest[0].start, rest[0].end)
		rest = rest[1:]
	}
	for _, a := range rest {
		if d, _, ok := p.str(a.start, a.end); ok && it.Description == "" {
			it.Description = d
			continue
		}
		if p.is(a.start, tPunct, "{") {
			if m, ok := findArg(p.args(a.start, ":"), "description"); ok {
				it.Description, _, _ = p.str(m.start, m.end)
			}
		}
	}
	return it, true
}

// jsListen reads listen(port[, host][, cb]).
func (p *toks) jsListen(open int) (Listen, bool) {
	args := p.args(open, ":")
	if len(args) == 0 {
		return Listen{}, false
	}
	l := Listen{Evidence: p.lineEvidence(p.t[open].off)}
	if len(args) >= 2 {
		if v, _, ok := p.str(args[1].start, args[1].end); ok {
			l.Address, l.Resolved, l.AllInterfaces = v, true, host.AllInterfaces(v)
			return l, true
		}
		if p.is(args[1].start, tName, "") && !p.is(args[1].start, tName, "function") && !p.is(args[1].start+1, tPunct, "=") && args[1].end-args[1].start == 1 {
			return l, true // a host in a variable
		}
	}
	l.Resolved, l.AllInterfaces = true, true // Node binds every interface without a host
	return l, true
}
