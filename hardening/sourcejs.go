package hardening

import (
	"bytes"
	"cmp"
	"path"
	"slices"
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/host"
	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/syntax"
)

// jsAuth are names whose use means the server authenticates its callers.
var jsAuth = []string{"requireBearerAuth", "bearerAuth", "mcpAuthRouter", "verifyAccessToken", "ProxyOAuthServerProvider", "authenticate", "passport"}

// readJS reads TypeScript and JavaScript servers of the MCP TypeScript
// SDK: new McpServer(...)/new Server(...), server.tool(...),
// server.registerTool(...), prompts and resources, tool objects with a
// name, a description and an inputSchema (the low-level API), transports,
// express routes and listen calls; and of the fastmcp package (punkpeye's
// TypeScript framework, which firecrawl-mcp-server is written in): new
// FastMCP({name, version, instructions}), server.addTool({name,
// description, parameters, annotations, execute}), addPrompt and
// addResource objects, and server.start({transportType}).
//
// A file that creates server objects under different variable names
// (const a = new McpServer(…), const b = new McpServer(…)) defines one
// server per object: a registration whose receiver names one goes to it;
// the rest (a server passed in, tool objects, transports) goes to the
// first. Objects nothing is registered on are dropped.
func (p *code) readJS() []*SourceServer {
	s := &SourceServer{}
	servers := []*SourceServer{s}
	byVar := map[string]*SourceServer{} // server variable → its server
	seen, object := false, false
	hasHTTP := false
	var routes []Endpoint
	var refs []jsRef
	var handler *SourceServer // the server of the setRequestHandler call being read
	handlerEnd := -1
	fastmcp := importsFastMCP(p.src.Data)
	aliases := sdkAliases(p.File)
	var classTools []Tool
	var nameRefs []jsServerName // server names written with imported constants
	var helpers []jsHelper
	var calls []jsCall
	for i := 0; i < len(p.Tokens); i++ {
		tk := &p.Tokens[i]
		switch {
		case tk.Kind == syntax.Name && tk.Text == "new" && p.Is(i+1, syntax.Name, "") && p.Is(p.afterTypeArgs(i+2), syntax.Punct, "("):
			open := p.afterTypeArgs(i + 2) // new FastMCP<SessionData>(…)
			cls := p.Tokens[i+1].Text
			if a, ok := aliases[cls]; ok {
				cls = a // import { McpServer as LegacyMcpServer } (sentry-mcp)
			}
			switch cls {
			case "McpServer", "Server", "FastMCP":
				if cls == "Server" && !bytes.Contains(p.src.Data, []byte("@modelcontextprotocol/sdk")) || cls == "FastMCP" && !fastmcp {
					continue
				}
				seen, object = true, true
				s := s // the server this object is
				if v := p.jsAssigned(i); v != "" {
					if byVar[v] == nil {
						if len(byVar) > 0 {
							s = &SourceServer{}
							servers = append(servers, s)
						}
						byVar[v] = s
					}
					s = byVar[v]
				}
				if s.File == "" {
					s.Position = p.pos(tk.Off)
				}
				args := p.Args(open, ":")
				if len(args) > 0 && p.Is(args[0].Start, syntax.Punct, "{") {
					for _, m := range p.Args(args[0].Start, ":") {
						switch m.Key {
						case "name":
							s.Name, _, _ = p.str(m.Start, m.End)
							if s.Name == "" {
								if parts, _ := p.jsParts(m.Start, m.End); len(parts) > 0 {
									nameRefs = append(nameRefs, jsServerName{s, parts})
								}
							}
						case "version":
							s.Version, _, _ = p.str(m.Start, m.End)
						case "instructions": // fastmcp: in the one options object
							if v, off, ok := p.str(m.Start, m.End); ok && cls == "FastMCP" {
								s.Instructions = &Text{Text: v, Evidence: Evidence{Position: p.pos(off)}}
							}
						}
					}
				}
				if len(args) > 1 && p.Is(args[1].Start, syntax.Punct, "{") {
					if m, ok := syntax.FindArg(p.Args(args[1].Start, ":"), "instructions"); ok {
						if v, off, ok := p.str(m.Start, m.End); ok {
							s.Instructions = &Text{Text: v, Evidence: Evidence{Position: p.pos(off)}}
						}
					}
				}
			case "StdioServerTransport":
				s.Transports = append(s.Transports, Endpoint{Transport: Stdio, Evidence: p.lineEvidence(tk.Off)})
			case "StreamableHTTPServerTransport":
				hasHTTP = true
				s.Transports = append(s.Transports, Endpoint{Transport: HTTP, Evidence: p.lineEvidence(tk.Off)})
			case "SSEServerTransport":
				hasHTTP = true
				e := Endpoint{Transport: SSE, Evidence: p.lineEvidence(tk.Off)}
				if args := p.Args(open, ":"); len(args) > 0 {
					e.Path, _, _ = p.str(args[0].Start, args[0].End)
				}
				s.Transports = append(s.Transports, e)
			}
		case tk.Kind == syntax.Punct && (tk.Text == "." || tk.Text == "?.") && p.Is(i+1, syntax.Name, "") && p.Is(i+2, syntax.Punct, "("):
			method := p.Tokens[i+1].Text
			switch method {
			case "tool", "registerTool", "registerToolTask":
				if t, ok := p.jsTool(i+2, method != "tool", &refs); ok {
					seen = true
					on := jsOn(byVar, p, i, s)
					on.Tools = append(on.Tools, t)
				} else if h, ok := p.jsHelperAt(i, method != "tool"); ok {
					helpers = append(helpers, h)
				}
			case "addTool", "addPrompt", "addResource":
				if !fastmcp || !p.Is(i+3, syntax.Punct, "{") {
					continue
				}
				seen = true
				on := jsOn(byVar, p, i, s)
				switch method {
				case "addTool":
					if t, ok := p.jsToolObjectOf(i+3, "parameters", false, &refs); ok {
						on.Tools = append(on.Tools, t)
					}
				case "addPrompt":
					if it, ok := p.jsItemObject(i + 3); ok {
						on.Prompts = append(on.Prompts, it)
					}
				default:
					if it, ok := p.jsItemObject(i + 3); ok {
						on.Resources = append(on.Resources, it)
					}
				}
			case "start":
				if fastmcp && p.Is(i+3, syntax.Punct, "{") {
					if e, ok := p.fastTransport(i + 3); ok {
						on := jsOn(byVar, p, i, s)
						on.Transports = append(on.Transports, e)
					}
				}
			case "prompt", "registerPrompt", "resource", "registerResource":
				if it, ok := p.jsItem(i+2, method); ok {
					seen = true
					on := jsOn(byVar, p, i, s)
					if strings.Contains(strings.ToLower(method), "prompt") {
						on.Prompts = append(on.Prompts, it)
					} else {
						on.Resources = append(on.Resources, it)
					}
				}
			case "setRequestHandler":
				// a low-level server's ListTools handler: its tool objects.
				if on := jsOn(byVar, p, i, nil); on != nil && i > handlerEnd {
					handler, handlerEnd = on, p.Match(i+2)
				}
			case "listen":
				if l, ok := p.jsListen(i + 2); ok {
					s.Listens = append(s.Listens, l)
				}
			case "post", "get", "all", "use", "route":
				if p.Is(i+3, syntax.String, "") && strings.HasPrefix(p.Tokens[i+3].Text, "/") {
					routes = append(routes, Endpoint{Path: p.Tokens[i+3].Text, Evidence: p.lineEvidence(p.Tokens[i+3].Off)})
				}
			}
		case tk.Kind == syntax.Name && tk.Text == "class" && p.Is(i+1, syntax.Name, ""):
			if t, ok := p.jsToolClass(i, &refs); ok {
				seen = true
				classTools = append(classTools, t)
			}
		case tk.Kind == syntax.Punct && tk.Text == "{":
			if t, ok := p.jsToolObject(i, &refs); ok {
				seen = true
				on := s
				if i < handlerEnd {
					on = handler
				}
				on.Tools = append(on.Tools, t)
			}
		case tk.Kind == syntax.Name:
			calls = p.jsHelperCall(i, calls)
			for _, a := range jsAuth {
				if tk.Text == a {
					s.Auth = append(s.Auth, a)
				}
			}
			if tk.Text == "authorization" || tk.Text == "Authorization" {
				s.Auth = append(s.Auth, "Authorization header")
			}
		case tk.Kind == syntax.String && strings.EqualFold(tk.Text, "authorization") && p.Is(i-1, syntax.Punct, "["):
			s.Auth = append(s.Auth, "Authorization header")
		}
	}
	registers := registersClasses(p.src.Data)
	if !seen && !registers && helpers == nil && calls == nil {
		return nil
	}
	var exports []jsExport
	if len(s.Tools) > 0 {
		exports = p.jsUnusedExports()
	}
	s.js = &jsInfo{anon: !object, refs: refs, classTools: classTools, registersClasses: registers, helpers: helpers, calls: calls, exports: exports,
		loose: !object && !bytes.Contains(p.src.Data, []byte("@modelcontextprotocol/")) && !fastmcp && !bytes.Contains(p.src.Data, []byte("mcp-framework"))}
	kept := servers[:1]
	for _, o := range servers[1:] {
		if len(o.Tools)+len(o.Prompts)+len(o.Resources) > 0 {
			o.js = &jsInfo{refs: refs}
			kept = append(kept, o)
		}
	}
	for _, r := range nameRefs {
		if r.s.js != nil {
			r.s.js.nameParts = r.parts
		}
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
	return kept
}

// afterTypeArgs is the token after the type arguments that start at i
// (<SessionData>, <A, B<C>>), i itself when none start there.
func (p *code) afterTypeArgs(i int) int {
	if !p.Is(i, syntax.Punct, "<") {
		return i
	}
	depth := 0
	for j := i; j < len(p.Tokens) && j < i+64; j++ {
		switch {
		case p.Is(j, syntax.Punct, "<"):
			depth++
		case p.Is(j, syntax.Punct, ">"):
			depth--
		case p.Is(j, syntax.Punct, ">>"):
			depth -= 2
		case p.Is(j, syntax.Punct, "(") || p.Is(j, syntax.Punct, ";") || p.Is(j, syntax.Punct, "{"):
			return i // not type arguments
		}
		if depth <= 0 {
			return j + 1
		}
	}
	return i
}

// jsAssigned is the variable the expression starting at token i is
// assigned to (server in const server = new McpServer(…), this.server =
// …, const server: McpServer = …), "" when none.
func (p *code) jsAssigned(i int) string {
	if !p.Is(i-1, syntax.Punct, "=") || !p.Is(i-2, syntax.Name, "") {
		return ""
	}
	if p.Is(i-3, syntax.Punct, ":") && p.Is(i-4, syntax.Name, "") {
		return p.Tokens[i-4].Text
	}
	return p.Tokens[i-2].Text
}

// jsOn is the server a registration at the "." token i goes to: the one
// its receiver names (a.tool(…), this.a.tool(…)), else def.
func jsOn(byVar map[string]*SourceServer, p *code, i int, def *SourceServer) *SourceServer {
	if p.Is(i-1, syntax.Name, "") {
		if s := byVar[p.Tokens[i-1].Text]; s != nil {
			return s
		}
	}
	return def
}

// jsTool reads server.tool(name, [description], [schema], [annotations],
// cb) and server.registerTool(name, {title, description, inputSchema,
// outputSchema, annotations}, cb).
func (p *code) jsTool(open int, register bool, refs *[]jsRef) (Tool, bool) {
	return p.jsToolArgs(p.Args(open, ":"), register, refs)
}

// jsToolArgs reads a tool from the arguments of a registration: the name
// first, then the config object (register) or the description, schema
// and annotations.
func (p *code) jsToolArgs(args []syntax.Arg, register bool, refs *[]jsRef) (Tool, bool) {
	if len(args) < 2 {
		return Tool{}, false
	}
	t, ok := p.jsName(args[0], refs)
	if !ok {
		return Tool{}, false
	}
	p.jsToolText(&t, args[1:], register, refs)
	return t, true
}

// jsToolText reads what follows a registration's name into t: the config
// object (register), or the description, schema and annotations.
func (p *code) jsToolText(t *Tool, rest []syntax.Arg, register bool, refs *[]jsRef) {
	if register {
		open, ok := p.jsObject(rest[0].Start, rest[0].End)
		if !ok {
			return
		}
		members := p.jsMembers(open, 0)
		for k, m := range members {
			switch m.Key {
			case "...":
				p.jsSpread(m, members[k+1:], *t, refs)
			case "title":
				t.Title = p.jsText(m, *t, refs)
			case "description":
				t.Description = p.jsText(m, *t, refs)
			case "inputSchema":
				t.Params = p.jsSchema(m.Start, m.End)
			case "annotations":
				if o, ok := p.jsObject(m.Start, m.End); ok {
					t.Annotations, t.HintsComputed = p.annotationsFrom(p.jsMembers(o, 0))
				}
			}
		}
		return
	}
	if d, _, ok := p.str(rest[0].Start, rest[0].End); ok {
		t.Description = d
		rest = rest[1:]
	} else if parts, ok := p.jsParts(rest[0].Start, rest[0].End); ok {
		*refs = append(*refs, jsRef{tool: t.Position, field: "description", parts: parts})
		rest = rest[1:]
	}
	// The remaining object literals are the schema, then the annotations;
	// the last argument is the callback.
	var objs []syntax.Arg
	for _, a := range rest {
		if p.Is(a.Start, syntax.Punct, "{") && p.Match(a.Start) == a.End-1 || p.Is(a.Start, syntax.Name, "z") {
			objs = append(objs, a)
		}
	}
	if len(objs) > 0 {
		t.Params = p.jsSchema(objs[0].Start, objs[0].End)
	}
	if len(objs) > 1 {
		t.Annotations, t.HintsComputed = p.annotationsFrom(p.Args(objs[1].Start, ":"))
	}
}

// jsToolObject reads an object literal with a string name, a description
// and an inputSchema: a tool of the low-level API.
func (p *code) jsToolObject(open int, refs *[]jsRef) (Tool, bool) {
	return p.jsToolObjectOf(open, "inputSchema", true, refs)
}

// jsToolObjectOf reads a tool object literal whose schema is under
// schemaKey (inputSchema; fastmcp's parameters), which needSchema
// requires.
func (p *code) jsToolObjectOf(open int, schemaKey string, needSchema bool, refs *[]jsRef) (Tool, bool) {
	// At module level a shorthand member is the module's constant (export
	// default { name, description, inputSchema }, brave-search-mcp-server);
	// inside a function it may be a parameter of the same name.
	members := p.Args(open, ":")
	if p.Depth(open) == 0 {
		members = p.jsMembers(open, 0)
	}
	var t Tool
	var mine []jsRef // positioned once the name is read
	hasSchema, named := false, false
	for _, m := range members {
		switch m.Key {
		case "name":
			if n, ok := p.jsName(m, &mine); ok {
				t.Name, t.Position, named = n.Name, n.Position, true
			}
		case "title":
			t.Title = p.jsText(m, t, &mine)
		case "description":
			t.Description = p.jsText(m, t, &mine)
		case schemaKey:
			hasSchema = true
			t.Params = p.jsSchema(m.Start, m.End)
		case "annotations":
			if p.Is(m.Start, syntax.Punct, "{") {
				t.Annotations, t.HintsComputed = p.annotationsFrom(p.Args(m.Start, ":"))
			}
		}
	}
	if !named || needSchema && !hasSchema {
		return t, false
	}
	for _, r := range mine {
		r.tool = t.Position
		*refs = append(*refs, r)
	}
	return t, true
}

// jsConsts maps the module-level const, let and var names whose value
// is an object literal or a call (z.object(…)) to the value's tokens.
func (p *code) jsConsts() map[string][2]int {
	if p.objs != nil {
		return p.objs
	}
	p.objs, p.decls = map[string][2]int{}, map[string]int{}
	for i := 0; i < len(p.Tokens); i++ {
		t := &p.Tokens[i]
		if t.Kind != syntax.Name || p.Depth(i) != 0 || t.Text != "const" && t.Text != "let" && t.Text != "var" || !p.Is(i+1, syntax.Name, "") {
			continue
		}
		j := i + 2
		if p.Is(j, syntax.Punct, ":") { // a type
			for j++; j < len(p.Tokens) && !p.Is(j, syntax.Punct, "=") && !p.Tokens[j].LineStart; j++ {
				if p.Is(j, syntax.Punct, "{") || p.Is(j, syntax.Punct, "(") || p.Is(j, syntax.Punct, "[") {
					j = p.Match(j)
				}
			}
		}
		if !p.Is(j, syntax.Punct, "=") {
			continue
		}
		v := j + 1
		if t.Text == "const" {
			p.decls[p.Tokens[i+1].Text] = v
		}
		e := v
		for e < len(p.Tokens) && (p.Is(e, syntax.Name, "") || p.Is(e, syntax.Punct, ".")) {
			e++
		}
		if p.Is(e, syntax.Punct, "{") && e == v || p.Is(e, syntax.Punct, "(") && e > v {
			end := p.Match(e) + 1
			// a call chain: z.object({…}).strict()
			for p.Is(end, syntax.Punct, ".") && p.Is(end+1, syntax.Name, "") && p.Is(end+2, syntax.Punct, "(") {
				end = p.Match(end+2) + 1
			}
			p.objs[p.Tokens[i+1].Text] = [2]int{v, min(end, len(p.Tokens))}
		}
		i = j
	}
	return p.objs
}

// jsDecls maps the module-level const names to the first token of their
// values.
func (p *code) jsDecls() map[string]int {
	p.jsConsts()
	return p.decls
}

// jsObject returns the { of an object literal written in tokens [start,
// end) or held by the module-level constant named there.
func (p *code) jsObject(start, end int) (int, bool) {
	if p.Is(start, syntax.Punct, "{") && p.Match(start) == end-1 {
		return start, true
	}
	if end-start == 1 && p.Is(start, syntax.Name, "") {
		if e, ok := p.jsConsts()[p.Tokens[start].Text]; ok && p.Is(e[0], syntax.Punct, "{") {
			return e[0], true
		}
	}
	return 0, false
}

// jsMembers reads the members of the object literal at open: a spread of
// a module-level object (...base) gives its members, a shorthand member
// ({ description }) is the name's value; a later member overrides.
func (p *code) jsMembers(open, depth int) []syntax.Arg {
	var out []syntax.Arg
	for _, m := range p.Args(open, ":") {
		switch {
		case m.Key == "" && p.Is(m.Start, syntax.Punct, "...") && depth < 4:
			if o, ok := p.jsObject(m.Start+1, m.End); ok && o != open {
				out = append(out, p.jsMembers(o, depth+1)...)
			} else if _, ok := p.jsParts(m.Start+1, m.End); ok {
				// an object another module exports: Key "..." until the
				// project pass reads it
				out = append(out, syntax.Arg{Key: "...", KeyOff: p.Tokens[m.Start].Off, Start: m.Start + 1, End: m.End})
			}
		case m.Key == "" && m.End-m.Start == 1 && p.Is(m.Start, syntax.Name, ""):
			out = append(out, syntax.Arg{Key: p.Tokens[m.Start].Text, KeyOff: p.Tokens[m.Start].Off, Start: m.Start, End: m.End})
		default:
			out = append(out, m)
		}
	}
	// a later member wins
	last := map[string]int{}
	for i, m := range out {
		if m.Key != "" && m.Key != "..." {
			last[m.Key] = i
		}
	}
	for i := range out {
		if out[i].Key != "" && out[i].Key != "..." && last[out[i].Key] != i {
			out[i].Key = ""
		}
	}
	return out
}

// jsSchema reads a zod shape ({a: z.string().describe("…")}), z.object(…)
// or a JSON Schema object literal into parameters.
func (p *code) jsSchema(start, end int) []Param {
	if end-start == 1 && p.Is(start, syntax.Name, "") {
		if e, ok := p.jsConsts()[p.Tokens[start].Text]; ok && e[0] != start {
			return p.jsSchema(e[0], e[1])
		}
		return nil
	}
	if p.Is(start, syntax.Name, "z") && p.Is(start+1, syntax.Punct, ".") && p.Is(start+2, syntax.Name, "object") && p.Is(start+3, syntax.Punct, "(") {
		inner := p.Args(start+3, ":")
		if len(inner) > 0 {
			return p.jsSchema(inner[0].Start, inner[0].End)
		}
		return nil
	}
	if !p.Is(start, syntax.Punct, "{") {
		return nil
	}
	members := p.Args(start, ":")
	if _, ok := syntax.FindArg(members, "properties"); ok {
		return p.jsonSchemaParams(start)
	}
	var out []Param
	for _, m := range members {
		if m.Key == "" {
			continue
		}
		pr := Param{Name: m.Key, Required: true, Position: p.pos(m.KeyOff)}
		for k := m.Start; k < m.End; k++ {
			if !p.Is(k, syntax.Punct, ".") || !p.Is(k+1, syntax.Name, "") {
				continue
			}
			switch fn := p.Tokens[k+1].Text; fn {
			case "string", "number", "boolean", "array", "object", "enum", "literal", "bigint", "date", "any", "unknown", "union", "record", "int":
				if pr.Type == "" {
					pr.Type = map[string]string{"enum": "string", "literal": "", "bigint": "integer", "int": "integer", "date": "string", "record": "object"}[fn]
					if pr.Type == "" && fn != "literal" {
						pr.Type = jsonType(fn)
					}
				}
			case "describe":
				if p.Is(k+2, syntax.Punct, "(") {
					if a := p.Args(k+2, ":"); len(a) > 0 {
						pr.Description, _, _ = p.str(a[0].Start, a[0].End)
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
func (p *code) jsItem(open int, method string) (Item, bool) {
	args := p.Args(open, ":")
	if len(args) < 2 {
		return Item{}, false
	}
	name, off, ok := p.str(args[0].Start, args[0].End)
	if !ok {
		return Item{}, false
	}
	it := Item{Name: name, Evidence: Evidence{Position: p.pos(off)}}
	rest := args[1:]
	if strings.Contains(strings.ToLower(method), "resource") {
		it.URI, _, _ = p.str(rest[0].Start, rest[0].End)
		rest = rest[1:]
	}
	for _, a := range rest {
		if d, _, ok := p.str(a.Start, a.End); ok && it.Description == "" {
			it.Description = d
			continue
		}
		if p.Is(a.Start, syntax.Punct, "{") {
			if m, ok := syntax.FindArg(p.Args(a.Start, ":"), "description"); ok {
				it.Description, _, _ = p.str(m.Start, m.End)
			}
		}
	}
	return it, true
}

// sdkAliases maps the names under which a module imports the SDKs'
// classes (import { McpServer as LegacyMcpServer } from
// "@modelcontextprotocol/sdk/server/mcp.js") to the classes' own names.
func sdkAliases(f *syntax.File) map[string]string {
	var out map[string]string
	for i := range f.Tokens {
		if !f.Is(i, syntax.Name, "import") || !f.Is(i+1, syntax.Punct, "{") {
			continue
		}
		end := f.Match(i + 1)
		if !f.Is(end+1, syntax.Name, "from") || !f.Is(end+2, syntax.String, "") {
			continue
		}
		if spec := f.Tokens[end+2].Text; !strings.HasPrefix(spec, "@modelcontextprotocol/") && spec != "fastmcp" {
			continue
		}
		for _, a := range f.Args(i+1, "") {
			if a.End-a.Start == 3 && f.Is(a.Start, syntax.Name, "") && f.Is(a.Start+1, syntax.Name, "as") && f.Is(a.Start+2, syntax.Name, "") {
				if out == nil {
					out = map[string]string{}
				}
				out[f.Tokens[a.Start+2].Text] = f.Tokens[a.Start].Text
			}
		}
	}
	return out
}

// importsFastMCP reports a module that imports the fastmcp package.
func importsFastMCP(data []byte) bool {
	return bytes.Contains(data, []byte(`from 'fastmcp'`)) || bytes.Contains(data, []byte(`from "fastmcp"`)) ||
		bytes.Contains(data, []byte(`require('fastmcp')`)) || bytes.Contains(data, []byte(`require("fastmcp")`))
}

// jsItemObject reads a fastmcp prompt or resource object: its name, uri
// and description.
func (p *code) jsItemObject(open int) (Item, bool) {
	var it Item
	for _, m := range p.Args(open, ":") {
		switch m.Key {
		case "name":
			if v, off, ok := p.str(m.Start, m.End); ok {
				it.Name, it.Evidence = v, Evidence{Position: p.pos(off)}
			}
		case "uri", "uriTemplate":
			it.URI, _, _ = p.str(m.Start, m.End)
		case "description":
			it.Description, _, _ = p.str(m.Start, m.End)
		}
	}
	return it, it.Name != ""
}

// fastTransports are fastmcp's transportType values.
var fastTransports = map[string]string{"stdio": Stdio, "httpStream": HTTP, "sse": SSE}

// fastTransport reads server.start({transportType, httpStream: {endpoint}})
// of fastmcp.
func (p *code) fastTransport(open int) (Endpoint, bool) {
	args := p.Args(open, ":")
	m, ok := syntax.FindArg(args, "transportType")
	if !ok {
		return Endpoint{}, false
	}
	v, off, ok := p.str(m.Start, m.End)
	if !ok || fastTransports[v] == "" {
		return Endpoint{}, false
	}
	e := Endpoint{Transport: fastTransports[v], Evidence: p.lineEvidence(off)}
	for _, key := range []string{"httpStream", "sse"} {
		if o, ok := syntax.FindArg(args, key); ok && p.Is(o.Start, syntax.Punct, "{") {
			if ep, ok := syntax.FindArg(p.Args(o.Start, ":"), "endpoint"); ok {
				e.Path, _, _ = p.str(ep.Start, ep.End)
			}
		}
	}
	return e, true
}

// jsListen reads listen(port[, host][, cb]).
func (p *code) jsListen(open int) (Listen, bool) {
	args := p.Args(open, ":")
	if len(args) == 0 {
		return Listen{}, false
	}
	l := Listen{Evidence: p.lineEvidence(p.Tokens[open].Off)}
	if a := args[0]; len(args) == 1 && p.Is(a.Start, syntax.Punct, "{") && p.Match(a.Start) == a.End-1 {
		// listen({ port, host }) (Node's options, Fastify's): the host
		// member, or none.
		if h, ok := syntax.FindArg(p.jsMembers(a.Start, 0), "host"); ok {
			if v, _, ok := p.str(h.Start, h.End); ok {
				l.Address, l.Resolved, l.AllInterfaces = v, true, host.AllInterfaces(v)
			}
			return l, true // else a host in an expression (mcp-chrome's SERVER_CONFIG.HOST)
		}
	}
	if len(args) >= 2 {
		if v, _, ok := p.str(args[1].Start, args[1].End); ok {
			l.Address, l.Resolved, l.AllInterfaces = v, true, host.AllInterfaces(v)
			return l, true
		}
		if p.Is(args[1].Start, syntax.Name, "") && !p.Is(args[1].Start, syntax.Name, "function") && !p.Is(args[1].Start+1, syntax.Punct, "=>") && args[1].End-args[1].Start == 1 {
			return l, true // a host in a variable
		}
	}
	l.Resolved, l.AllInterfaces = true, true // Node binds every interface without a host
	return l, true
}

// jsInfo is what the project pass needs of a JavaScript file's server.
type jsInfo struct {
	anon bool    // tools registered on a server the file does not create
	refs []jsRef // tool names and texts written with names other modules export
	// classTools are the file's tool classes (jsToolClass): tools when a
	// file of the project registers tool objects by this.name
	// (registersClasses), as mongodb-mcp-server's ToolBase.register does.
	classTools       []Tool
	registersClasses bool
	// helpers are the file's functions that register a tool named by a
	// parameter; calls are its calls that may be theirs (jsHelperCall),
	// matched in the project pass.
	helpers []jsHelper
	calls   []jsCall
	// nameParts is the server's name written with names the module
	// imports (name: SERVER_NAME, apify's actors-mcp-server), resolved in
	// the project pass.
	nameParts []jsPart
	// exports are the module's exported constants it never names again,
	// whose tools are dead when no module imports them (jsUse).
	exports []jsExport
	// loose marks a module that imports no SDK: its tool objects
	// ({name, description, inputSchema}, browserbase's ToolSchema
	// constants) are tools only if a server's imports reach the module.
	loose bool
}

// registersClasses reports a base class registering its subclasses'
// tools: a call whose first argument is this.name or this.toolName,
// within classReach bytes after registerTool or .tool( (mongodb-mcp-server
// casts the method first: (server.registerTool as (…) => …)(this.name, {…})).
func registersClasses(data []byte) bool {
	for _, arg := range [][]byte{[]byte("this.name"), []byte("this.toolName")} {
		for off := 0; ; {
			i := bytes.Index(data[off:], arg)
			if i < 0 {
				break
			}
			at := off + i
			off = at + len(arg)
			rest := bytes.TrimLeft(data[off:], " \t\r\n")
			before := bytes.TrimRight(data[:at], " \t\r\n")
			if len(rest) == 0 || rest[0] != ',' || len(before) == 0 || before[len(before)-1] != '(' {
				continue
			}
			window := data[max(0, at-classReach):at]
			if bytes.Contains(window, []byte("registerTool")) || bytes.Contains(window, []byte(".tool(")) {
				return true
			}
		}
	}
	return false
}

// classReach bounds how far before this.name the registering method is
// named: a cast's function type sits between them.
const classReach = 1000

// jsToolClassKeys are the class fields a tool class declares: its name
// (a static toolName or a name), its description and its input schema.
var jsToolClassKeys = map[string]bool{"toolName": true, "name": true, "description": true, "argsShape": true, "inputSchema": true, "schema": true,
	"annotations": true}

// jsToolClass reads a class at the "class" token i that extends another
// and declares, as fields, a name (static toolName = "find", or name =
// "find") and a description, and perhaps its schema (argsShape,
// inputSchema, schema): one tool of a class-based server. Whether such
// classes are MCP tools is the project's to say (jsInfo.classTools).
func (p *code) jsToolClass(i int, refs *[]jsRef) (Tool, bool) {
	open, extends := -1, false
	for j := i + 2; j < len(p.Tokens) && j < i+64; j++ {
		if p.Is(j, syntax.Name, "extends") {
			extends = true
		}
		if p.Is(j, syntax.Punct, "{") {
			open = j
			break
		}
		if p.Is(j, syntax.Punct, ";") || p.Is(j, syntax.Punct, "=") {
			return Tool{}, false
		}
	}
	if open < 0 || !extends {
		return Tool{}, false
	}
	end, depth := p.Match(open), p.Depth(open)+1
	var t Tool
	var mine []jsRef
	named, static, described, annotated := false, false, false, false
	var desc syntax.Arg
	for k := open + 1; k < end; k++ {
		tk := &p.Tokens[k]
		if tk.Kind != syntax.Name || p.Depth(k) != depth || !jsToolClassKeys[tk.Text] || !p.jsMemberStart(k) {
			continue
		}
		eq := k + 1
		if p.Is(eq, syntax.Punct, "?") || p.Is(eq, syntax.Punct, "!") {
			eq++
		}
		if p.Is(eq, syntax.Punct, ":") { // a type annotation
			for eq++; eq < end && !p.Is(eq, syntax.Punct, "=") && !p.Tokens[eq].LineStart; eq++ {
			}
		}
		if !p.Is(eq, syntax.Punct, "=") {
			continue
		}
		v := eq + 1
		e := v
		for e < end && !(p.Depth(e) == depth && (p.Is(e, syntax.Punct, ";") || e > v && p.Tokens[e].LineStart && !p.Is(e-1, syntax.Punct, "+") && !p.Is(e, syntax.Punct, "+"))) {
			e++
		}
		m := syntax.Arg{Key: tk.Text, Start: v, End: e}
		switch tk.Text {
		case "toolName", "name":
			isStatic := p.Is(k-1, syntax.Name, "static")
			if named && (static || !isStatic) {
				continue // a static toolName wins over a name
			}
			if n, ok := p.jsName(m, &mine); ok {
				t.Name, t.Position, named, static = n.Name, n.Position, true, isStatic
			}
		case "description":
			desc, described = m, true
		case "annotations":
			if o, ok := p.jsObject(v, e); ok {
				t.Annotations, t.HintsComputed = p.annotationsFrom(p.jsMembers(o, 0))
				annotated = true
			}
		default:
			t.Params = p.jsSchema(v, e)
		}
		k = e - 1 // e is the next member when no semicolon ends this one
	}
	if !named || !described {
		return Tool{}, false
	}
	t.HintsComputed = t.HintsComputed || !annotated // inherited, as the base class computes them
	t.Description = p.jsText(desc, t, &mine)
	for _, r := range mine {
		r.tool = t.Position
		*refs = append(*refs, r)
	}
	return t, true
}

// jsMemberStart reports a class member's name at token k: first on its
// line, or after the modifiers a field may carry.
func (p *code) jsMemberStart(k int) bool {
	for j := k; ; j-- {
		if p.Tokens[j].LineStart {
			return true
		}
		if j == 0 || !p.Is(j-1, syntax.Name, "") {
			return false
		}
		switch p.Tokens[j-1].Text {
		case "static", "public", "protected", "private", "readonly", "override", "declare":
		default:
			return false
		}
	}
}

// jsRef is a tool's name, title or description, or a spread into its
// config, written with names the file imports (import { DESC } from
// "./descriptions.js"; NAMES.SEARCH; BASE + " more"; `${PREFIX} search`;
// { ...baseTool, description }), resolved when the project is joined.
type jsRef struct {
	tool  project.Position // the tool's name
	field string           // "name", "title", "description", or "..." for a spread
	parts []jsPart         // the value, joined; a spread's one part is the object
	later []string         // a spread's: the members written after it, which win
}

// jsServerName is a server whose name is written with imported names.
type jsServerName struct {
	s     *SourceServer
	parts []jsPart
}

// jsPart is a literal (lit), a name the file imports (name), or a
// constant of an imported namespace or a member of an imported object
// (ns.name).
type jsPart struct {
	lit, ns, name string
}

// jsName reads a tool's name, the argument or member a: a string, or one
// written with names the file imports, left "" with a jsRef until the
// project pass resolves it (a tool whose name stays unknown is dropped
// there).
func (p *code) jsName(a syntax.Arg, refs *[]jsRef) (Tool, bool) {
	if name, off, ok := p.Str(a.Start, a.End); ok {
		return Tool{Name: name, Evidence: Evidence{Position: p.pos(off)}}, true
	}
	if parts, ok := p.jsParts(a.Start, a.End); ok {
		t := Tool{Evidence: Evidence{Position: p.pos(p.Tokens[a.Start].Off)}}
		*refs = append(*refs, jsRef{tool: t.Position, field: "name", parts: parts})
		return t, true
	}
	if name, off, ok := p.str(a.Start, a.End); ok {
		return Tool{Name: name, Evidence: Evidence{Position: p.pos(off)}}, true
	}
	// toolName || "web_search_exa" (exa-mcp-server): a name a caller may
	// override, read as its default.
	if end := a.End; end-a.Start == 3 && p.Is(a.Start, syntax.Name, "") &&
		(p.Is(a.Start+1, syntax.Punct, "||") || p.Is(a.Start+1, syntax.Punct, "??")) && p.Is(a.Start+2, syntax.String, "") {
		tk := &p.Tokens[a.Start+2]
		return Tool{Name: tk.Text, Evidence: Evidence{Position: p.pos(tk.Off)}}, true
	}
	return Tool{}, false
}

// jsText is the string member m; when it is written with names the file
// imports, a jsRef is recorded and the text is what can be read now (the
// literals as written, or "").
func (p *code) jsText(m syntax.Arg, t Tool, refs *[]jsRef) string {
	if v, _, ok := p.Str(m.Start, m.End); ok {
		return v
	}
	if parts, ok := p.jsParts(m.Start, m.End); ok {
		*refs = append(*refs, jsRef{tool: t.Position, field: m.Key, parts: parts})
	}
	v, _, _ := p.str(m.Start, m.End)
	return v
}

// jsSpread records the spread m of an imported object into a tool's
// config; later are the members after it.
func (p *code) jsSpread(m syntax.Arg, later []syntax.Arg, t Tool, refs *[]jsRef) {
	parts, ok := p.jsParts(m.Start, m.End)
	if !ok || len(parts) != 1 {
		return
	}
	r := jsRef{tool: t.Position, field: "...", parts: parts}
	for _, l := range later {
		if l.Key != "" && l.Key != "..." {
			r.later = append(r.later, strings.Clone(l.Key))
		}
	}
	*refs = append(*refs, r)
}

// jsParts reads tokens [start, end) as a string written with at least one
// name the file imports from a relative module or one member of its own
// objects (server.tool(CORE_TOOLS.list_projects, …), azure-devops-mcp):
// string literals, template literals whose fields are names, the module's
// constants and the string members of its objects, imported names and
// ns.name, module-level consts that join such names themselves (const
// DESC = BASE + " more"), joined by +. ok is false for anything else, and
// when no part is imported or a member (Str reads those).
func (p *code) jsParts(start, end int) ([]jsPart, bool) { return p.jsPartsAt(start, end, 0) }

func (p *code) jsPartsAt(start, end, depth int) ([]jsPart, bool) {
	for start < end && p.Is(start, syntax.Punct, "(") && p.Match(start) == end-1 {
		start, end = start+1, end-1
	}
	if start >= end || end > len(p.Tokens) {
		return nil, false
	}
	var parts []jsPart
	// named: a part is imported, or a member of the module's own objects.
	named := false
	name := func(ns, name string) bool { // an imported name, or a const joining some, as parts
		if p.jsImported()[cmp.Or(ns, name)] {
			parts = append(parts, jsPart{ns: strings.Clone(ns), name: strings.Clone(name)})
			named = true
			return true
		}
		if v, ok := p.jsDecls()[name]; ok && ns == "" && depth < 4 {
			if e := p.jsOperands(v); e == len(p.Tokens) || p.Is(e, syntax.Punct, ";") || p.Tokens[e].LineStart {
				if sub, ok := p.jsPartsAt(v, e, depth+1); ok {
					parts = append(parts, sub...)
					named = true
					return true
				}
			}
		}
		return false
	}
	for j := start; j < end; j++ {
		if j > start {
			if !p.Is(j, syntax.Punct, "+") || j+1 >= end {
				return nil, false
			}
			j++
		}
		t := &p.Tokens[j]
		switch {
		case t.Kind == syntax.String && !t.Interp:
			parts = append(parts, jsPart{lit: strings.Clone(t.Text)})
		case t.Kind == syntax.String:
			ps, ok := p.Pieces(j)
			if !ok {
				return nil, false
			}
			for _, pc := range ps {
				if !pc.Field {
					parts = append(parts, jsPart{lit: strings.Clone(pc.Text)})
				} else if c, ok := p.Constants()[pc.Text]; ok {
					parts = append(parts, jsPart{lit: strings.Clone(c.Value)})
				} else if !name("", pc.Text) {
					return nil, false
				}
			}
		case t.Kind == syntax.Name && p.Is(j+1, syntax.Punct, ".") && p.Is(j+2, syntax.Name, "") && j+2 < end:
			var keys []string // NAMES.BROWSER.NAVIGATE: a member of a member
			k := j
			for p.Is(k+1, syntax.Punct, ".") && p.Is(k+2, syntax.Name, "") && k+2 < end {
				keys = append(keys, p.Tokens[k+2].Text)
				k += 2
			}
			if v, ok := p.jsMember(t.Text, keys...); ok {
				parts = append(parts, jsPart{lit: strings.Clone(v)})
				named = true
			} else if len(keys) > 1 || !name(t.Text, keys[0]) {
				return nil, false
			}
			j = k
		case t.Kind == syntax.Name:
			if c, ok := p.Constants()[t.Text]; ok {
				parts = append(parts, jsPart{lit: strings.Clone(c.Value)})
			} else if !name("", t.Text) {
				return nil, false
			}
		default:
			return nil, false
		}
	}
	return parts, named
}

// jsOperands returns the end of the operands joined by + from token i:
// strings and (dotted) names.
func (p *code) jsOperands(i int) int {
	for {
		switch {
		case p.Is(i, syntax.String, ""):
			i++
		case p.Is(i, syntax.Name, ""):
			for i++; p.Is(i, syntax.Punct, ".") && p.Is(i+1, syntax.Name, ""); i += 2 {
			}
		default:
			return i
		}
		if !p.Is(i, syntax.Punct, "+") {
			return i
		}
		i++
	}
}

// jsMember is the string member of the module-level object literal obj
// that keys lead to (NAMES.SEARCH of const NAMES = { SEARCH: "search" };
// mcp-chrome's TOOL_NAMES.BROWSER.NAVIGATE, a member of a member).
func (p *code) jsMember(obj string, keys ...string) (string, bool) {
	e, ok := p.jsConsts()[obj]
	if !ok {
		return "", false
	}
	open := e[0]
	for n, key := range keys {
		m, ok := syntax.FindArg(p.Args(open, ":"), key)
		if !p.Is(open, syntax.Punct, "{") || !ok {
			return "", false
		}
		if n == len(keys)-1 {
			v, _, ok := p.Str(m.Start, m.End)
			return v, ok
		}
		open = m.Start // a nested object literal, or no member
	}
	return "", false
}

// jsImported is the set of names the file imports from relative modules
// (a namespace by its name).
func (p *code) jsImported() map[string]bool {
	if p.imported == nil {
		p.imported = map[string]bool{}
		for n := range jsImportNames(p.File, p.src.Path) {
			p.imported[strings.TrimSuffix(n, ".*")] = true
		}
	}
	return p.imported
}

// jsProject joins the servers of a JavaScript or TypeScript project's
// files: a module that registers tools on a server passed in (export
// const registerEchoTool = (server) => server.registerTool(…)) belongs
// to the server of the file that imports it, directly or through other
// modules (relative imports of files that use the SDK), the nearest one
// when several do. A module no server reaches stays a server of its own.
type jsProject struct {
	files   map[string][]string // path → the files its relative imports may name
	servers []SourceServer
	modules map[string]*jsModule         // path → what it exports
	bytes   int                          // the modules' texts together, at most maxExportBytes
	names   map[string]map[string]jsName // path → the names it imports
	use     jsUse                        // what the modules import of one another
	// packages are the bare specifiers each file imports (jsImports);
	// workspaces the project's own packages' entry
	// files (jsWorkspaces) and aliases its tsconfig path aliases
	// (jsAliases), set before join.
	packages   map[string][]string
	workspaces map[string][]string
	aliases    []jsAlias
}

// maxExportBytes bounds the exported texts the project pass keeps, all
// modules together (each module's constants are bounded by the
// tokenizer); a module past it is not kept, and the names it exports stay
// unresolved.
const maxExportBytes = 16 << 20

// jsName is where an imported name comes from: the files the module
// specifier may name, and the name exported there.
type jsName struct {
	files []string
	name  string
}

func (jp *jsProject) add(f *project.SourceFile) {
	if f.Code != nil {
		if m := jsModuleOf(f.Code, f.Path); m != nil && jp.bytes+m.bytes <= maxExportBytes {
			if jp.modules == nil {
				jp.modules = map[string]*jsModule{}
			}
			jp.modules[f.Path] = m
			jp.bytes += m.bytes
		}
	}
	servers := readSource(f)
	for _, s := range servers {
		if s.js != nil && len(s.js.refs)+len(s.js.calls)+len(s.js.nameParts) > 0 && jp.names[f.Path] == nil {
			if jp.names == nil {
				jp.names = map[string]map[string]jsName{}
			}
			jp.names[f.Path] = jsImportNames(f.Code, f.Path)
		}
	}
	if f.Code != nil {
		jp.use.add(f.Code, f.Path)
	}
	// Every module's imports: a server reaches its tools through modules
	// that are neither (browserbase's tools/index.ts collects them).
	if f.Code != nil {
		if jp.files == nil {
			jp.files = map[string][]string{}
		}
		var pkgs []string
		jp.files[f.Path], pkgs = jsImports(f.Code, f.Path)
		if len(pkgs) > 0 {
			if jp.packages == nil {
				jp.packages = map[string][]string{}
			}
			jp.packages[f.Path] = pkgs
		}
	}
	jp.servers = append(jp.servers, servers...)
}

// jsImports lists the files the relative module specifiers of a file may
// name: import … from "./x.js" is x.ts, x.tsx, x.js, x/index.ts … next to
// it; export … from, import("…") and require("…") too. bare are its other
// specifiers of import … from, export … from, import() and require()
// ("chrome-mcp-shared", "@scope/pkg/sub", "@/utils/index.js"), each once,
// for the project pass to resolve (jsProject.bareFiles).
func jsImports(f *syntax.File, file string) (files, bare []string) {
	for i := range f.Tokens {
		if !f.Is(i, syntax.String, "") {
			continue
		}
		spec := f.Tokens[i].Text
		from := f.Is(i-1, syntax.Name, "from") ||
			f.Is(i-1, syntax.Punct, "(") && (f.Is(i-2, syntax.Name, "require") || f.Is(i-2, syntax.Name, "import"))
		switch {
		case strings.HasPrefix(spec, "./") || strings.HasPrefix(spec, "../"):
			if from || f.Is(i-1, syntax.Name, "import") {
				files = append(files, jsSpecFiles(spec, file)...)
			}
		case from && spec != "" && !strings.HasPrefix(spec, ".") && !strings.HasPrefix(spec, "/") && !strings.Contains(spec, ":"):
			if !slices.Contains(bare, spec) {
				bare = append(bare, strings.Clone(spec))
			}
		}
	}
	return files, bare
}

// jsSpecFiles lists the files a relative module specifier in file may
// name: "./x.js" is x.js, x.ts, x.tsx, x/index.ts … next to it.
func jsSpecFiles(spec, file string) []string {
	p := path.Join(path.Dir(file), spec)
	base := p
	for _, ext := range []string{".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx"} {
		if strings.HasSuffix(p, ext) {
			base = strings.TrimSuffix(p, ext)
			break
		}
	}
	out := []string{p}
	for _, ext := range []string{".ts", ".tsx", ".js", ".mjs", ".jsx", ".mts", "/index.ts", "/index.js"} {
		out = append(out, base+ext)
	}
	return out
}

// jsModule is what other modules may import from a module: its exported
// string constants, the string members of its exported objects and enums
// (export const NAMES = { SEARCH: "search" }; export enum ToolName { ECHO
// = "echo" }), and its re-exports. It keeps only these texts: the
// module's tokens are dropped after the index's pass.
type jsModule struct {
	consts map[string]string
	objs   map[string]map[string]string
	fwd    []jsForward
	bytes  int
}

// jsForward is a re-export: export { name as as } from "./x.js", or
// export * from "./x.js" (star).
type jsForward struct {
	files    []string
	name, as string
	star     bool
}

func (m *jsModule) constant(name, v string) {
	if m.consts == nil {
		m.consts = map[string]string{}
	}
	m.consts[strings.Clone(name)] = strings.Clone(v)
	m.bytes += len(name) + len(v)
}

func (m *jsModule) object(name string, members map[string]string) {
	if len(members) == 0 {
		return
	}
	if m.objs == nil {
		m.objs = map[string]map[string]string{}
	}
	m.objs[strings.Clone(name)] = members
	m.bytes += len(name)
	for k, v := range members {
		m.bytes += len(k) + len(v)
	}
}

// jsModuleOf reads what a module exports: export const NAME = <string>
// or = { … }, export enum, export { A, B as C } of its own names, and
// the re-exports export { A as B } from "./x.js" and export * from
// "./x.js"; nil when none.
func jsModuleOf(f *syntax.File, file string) *jsModule {
	p := &code{File: f}
	m := &jsModule{}
	local := func(name, as string) { // one of the module's own names, exported as as
		if c, ok := f.Constants()[name]; ok && !c.Reassigned {
			m.constant(as, c.Value)
		} else if e, ok := p.jsConsts()[name]; ok && f.Is(e[0], syntax.Punct, "{") {
			m.object(as, p.jsStrings(e[0], ":"))
		}
	}
	relative := func(i int) bool { return f.Is(i, syntax.String, "") && strings.HasPrefix(f.Tokens[i].Text, ".") }
	for i := range f.Tokens {
		if !f.Is(i, syntax.Name, "export") || f.Depth(i) != 0 {
			continue
		}
		switch k := i + 1; {
		case f.Is(k, syntax.Name, "const") && f.Is(k+1, syntax.Name, "enum"):
			k++
			fallthrough
		case f.Is(k, syntax.Name, "enum"):
			if f.Is(k+1, syntax.Name, "") && f.Is(k+2, syntax.Punct, "{") {
				m.object(f.Tokens[k+1].Text, p.jsStrings(k+2, "="))
			}
		case (f.Is(k, syntax.Name, "const") || f.Is(k, syntax.Name, "let") || f.Is(k, syntax.Name, "var")) && f.Is(k+1, syntax.Name, ""):
			local(f.Tokens[k+1].Text, f.Tokens[k+1].Text)
		case f.Is(k, syntax.Punct, "*") && f.Is(k+1, syntax.Name, "from") && relative(k+2):
			m.fwd = append(m.fwd, jsForward{files: jsSpecFiles(f.Tokens[k+2].Text, file), star: true})
		case f.Is(k, syntax.Punct, "{"):
			end := f.Match(k)
			var from []string
			if f.Is(end+1, syntax.Name, "from") {
				if !relative(end + 2) {
					continue
				}
				from = jsSpecFiles(f.Tokens[end+2].Text, file)
			}
			for _, a := range f.Args(k, "") {
				name, as := "", ""
				switch {
				case a.End-a.Start == 1 && f.Is(a.Start, syntax.Name, ""):
					name, as = f.Tokens[a.Start].Text, f.Tokens[a.Start].Text
				case a.End-a.Start == 3 && f.Is(a.Start, syntax.Name, "") && f.Is(a.Start+1, syntax.Name, "as") && f.Is(a.Start+2, syntax.Name, ""):
					name, as = f.Tokens[a.Start].Text, f.Tokens[a.Start+2].Text
				default:
					continue
				}
				if from != nil {
					m.fwd = append(m.fwd, jsForward{files: from, name: strings.Clone(name), as: strings.Clone(as)})
					m.bytes += len(name) + len(as)
				} else {
					local(name, as)
				}
			}
		}
	}
	if m.consts == nil && m.objs == nil && m.fwd == nil {
		return nil
	}
	return m
}

// jsStrings maps the members of the object literal or enum body at open
// whose values are strings (sep ":" for an object, "=" for an enum) to
// their values.
func (p *code) jsStrings(open int, sep string) map[string]string {
	var out map[string]string
	for _, a := range p.Args(open, sep) {
		if a.Key == "" {
			continue
		}
		if v, _, ok := p.Str(a.Start, a.End); ok {
			if out == nil {
				out = map[string]string{}
			}
			out[strings.Clone(a.Key)] = strings.Clone(v)
		}
	}
	return out
}

// jsImportNames maps the names a module imports by name from a relative
// module (import { A, B as C } from "./x.js") to where they come from;
// a namespace (import * as d from "./d.js") is d.*.
func jsImportNames(f *syntax.File, file string) map[string]jsName {
	out := map[string]jsName{}
	for i := range f.Tokens {
		if f.Is(i, syntax.Name, "import") && f.Is(i+1, syntax.Punct, "*") && f.Is(i+2, syntax.Name, "as") && f.Is(i+3, syntax.Name, "") &&
			f.Is(i+4, syntax.Name, "from") && f.Is(i+5, syntax.String, "") && strings.HasPrefix(f.Tokens[i+5].Text, ".") {
			out[f.Tokens[i+3].Text+".*"] = jsName{files: jsSpecFiles(f.Tokens[i+5].Text, file)}
			continue
		}
		if !f.Is(i, syntax.Name, "import") || !f.Is(i+1, syntax.Punct, "{") {
			continue
		}
		end := f.Match(i + 1)
		if !f.Is(end+1, syntax.Name, "from") || !f.Is(end+2, syntax.String, "") || !strings.HasPrefix(f.Tokens[end+2].Text, ".") {
			continue
		}
		from := jsSpecFiles(f.Tokens[end+2].Text, file)
		for _, a := range f.Args(i+1, "") {
			if a.End-a.Start == 1 && f.Is(a.Start, syntax.Name, "") {
				out[f.Tokens[a.Start].Text] = jsName{from, f.Tokens[a.Start].Text}
			} else if a.End-a.Start == 3 && f.Is(a.Start+1, syntax.Name, "as") {
				out[f.Tokens[a.Start+2].Text] = jsName{from, f.Tokens[a.Start].Text}
			}
		}
	}
	return out
}

// export finds the module among files (the first the project holds) that
// defines name, following its re-exports: the module and the name there.
func (jp *jsProject) export(files []string, name string, seen map[string]bool) (*jsModule, string) {
	for _, f := range files {
		m := jp.modules[f]
		if m == nil {
			continue
		}
		if _, ok := m.consts[name]; ok {
			return m, name
		}
		if _, ok := m.objs[name]; ok {
			return m, name
		}
		if seen[f+"\x00"+name] { // a cycle of re-exports
			return nil, ""
		}
		seen[f+"\x00"+name] = true
		for _, fw := range m.fwd {
			if fw.star || fw.as == name {
				n := name
				if !fw.star {
					n = fw.name
				}
				if d, dn := jp.export(fw.files, n, seen); d != nil {
					return d, dn
				}
			}
		}
	}
	return nil, ""
}

// imported is the module and name an imported part of file comes from:
// an imported name (ns ""), a namespace's constant, or an imported
// object's member (member true).
func (jp *jsProject) imported(file string, pt jsPart) (m *jsModule, name string, member bool) {
	names := jp.names[file]
	if pt.ns == "" {
		if from, ok := names[pt.name]; ok {
			m, name = jp.export(from.files, from.name, map[string]bool{})
		}
		return m, name, false
	}
	if from, ok := names[pt.ns+".*"]; ok {
		m, name = jp.export(from.files, pt.name, map[string]bool{})
		return m, name, false
	}
	if from, ok := names[pt.ns]; ok {
		m, name = jp.export(from.files, from.name, map[string]bool{})
	}
	return m, name, true
}

// value joins the parts of a jsRef of file; ok is false when an imported
// part is not a string another module exports.
func (jp *jsProject) value(file string, parts []jsPart) (string, bool) {
	var b strings.Builder
	for _, pt := range parts {
		if pt.name == "" {
			b.WriteString(pt.lit)
			continue
		}
		m, name, member := jp.imported(file, pt)
		if m == nil {
			return "", false
		}
		v, ok := m.consts[name]
		if member {
			v, ok = m.objs[name][pt.name]
		}
		if !ok {
			return "", false
		}
		b.WriteString(v)
	}
	return b.String(), true
}

// resolve fills the tool names and texts of s written with names other
// modules export, and drops the tools whose names stay unknown.
func (jp *jsProject) resolve(s *SourceServer) {
	done := false
	for _, r := range s.js.refs {
		var obj map[string]string
		v, ok := "", false
		if r.field == "..." {
			m, name, member := jp.imported(r.tool.File, r.parts[0])
			if m != nil && !member {
				obj = m.objs[name]
			}
		} else {
			v, ok = jp.value(r.tool.File, r.parts)
		}
		for i := range s.Tools {
			t := &s.Tools[i]
			if t.Position != r.tool {
				continue
			}
			for _, field := range []string{"title", "description"} {
				if w, found := obj[field]; found && !slices.Contains(r.later, field) {
					t.setText(field, w)
					done = true
				}
			}
			if ok {
				t.setText(r.field, v)
				done = true
			}
		}
	}
	kept := s.Tools[:0]
	for _, t := range s.Tools {
		if t.Name != "" {
			kept = append(kept, t)
		}
	}
	if len(kept) < len(s.Tools) {
		clear(s.Tools[len(kept):])
		s.Tools, done = kept, true
	}
	if done {
		s.finish()
	}
}

// setText sets a tool's name, title or description.
func (t *Tool) setText(field, v string) {
	switch field {
	case "name":
		t.Name = v
	case "title":
		t.Title = v
	case "description":
		t.Description = v
	}
}

func (jp *jsProject) join() []SourceServer {
	if len(jp.servers) == 0 {
		return nil
	}
	classes := false // some file registers tool classes by this.name
	for _, s := range jp.servers {
		classes = classes || s.js != nil && s.js.registersClasses
	}
	jp.helperTools()
	classOnly := map[int]bool{} // modules whose only tools are tool classes
	for k := range jp.servers {
		if s := &jp.servers[k]; s.js != nil {
			if classes && len(s.js.classTools) > 0 {
				classOnly[k] = len(s.Tools)+len(s.Prompts)+len(s.Resources) == 0
				s.Tools = append(s.Tools, s.js.classTools...)
			}
			jp.resolve(s)
			jp.use.dropDead(s)
			if len(s.js.nameParts) > 0 {
				if v, ok := jp.value(s.File, s.js.nameParts); ok && v != "" {
					s.rename(v) // it stood as its file's name so far
				}
			}
		}
	}
	edges := map[string][]string{}
	for p, ms := range jp.files {
		for _, spec := range jp.packages[p] {
			ms = append(ms, jp.bareFiles(spec, p)...) // an alias, or a package of the repository
		}
		for _, m := range ms {
			if _, ok := jp.files[m]; ok && m != p {
				edges[p] = append(edges[p], m)
			}
		}
	}
	objects, objFiles, reached := serverObjects(jp.servers, edges, func(s *SourceServer) bool { return s.js != nil && !s.js.anon })
	var beside map[string]map[string]bool // besideReach, when first needed
	into := make([]int, len(jp.servers))
	for k, s := range jp.servers {
		into[k] = k
		if s.js == nil || !s.js.anon {
			continue
		}
		best := nearest(objFiles, reached, s.File)
		if best == "" && !s.js.loose { // loose tool objects join only a server whose imports reach them
			if beside == nil {
				beside = besideReach(objFiles, edges)
			}
			best = nearest(objFiles, beside, s.File)
		}
		if best == "" && len(objFiles) == 1 && classOnly[k] {
			// Tool classes whose module no server's imports reach (a
			// monorepo's packages import one another by package name) are
			// defined for the project's one server object; a module that
			// registers tools itself stays a server of its own.
			best = objFiles[0]
		}
		if best != "" {
			into[k] = objects[best]
		}
	}
	var out []SourceServer
	for k := range jp.servers {
		if into[k] != k {
			continue
		}
		s := jp.servers[k]
		if s.js != nil && s.js.anon && len(s.Tools)+len(s.Prompts)+len(s.Resources) == 0 {
			continue // a module whose tools' names stayed unknown
		}
		if s.js != nil && s.js.loose {
			continue // tool-shaped objects no server uses
		}
		joined := false
		for o := range jp.servers {
			if o != k && into[o] == k {
				s.absorb(&jp.servers[o])
				joined = true
			}
		}
		if joined {
			s.settleJoined()
		}
		s.js = nil
		out = append(out, s)
	}
	return out
}
