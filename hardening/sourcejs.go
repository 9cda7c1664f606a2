package hardening

import (
	"bytes"
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
// express routes and listen calls.
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
	for i := 0; i < len(p.Tokens); i++ {
		tk := &p.Tokens[i]
		switch {
		case tk.Kind == syntax.Name && tk.Text == "new" && p.Is(i+1, syntax.Name, "") && p.Is(i+2, syntax.Punct, "("):
			switch cls := p.Tokens[i+1].Text; cls {
			case "McpServer", "Server":
				if cls == "Server" && !bytes.Contains(p.src.Data, []byte("@modelcontextprotocol/sdk")) {
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
				args := p.Args(i+2, ":")
				if len(args) > 0 && p.Is(args[0].Start, syntax.Punct, "{") {
					for _, m := range p.Args(args[0].Start, ":") {
						switch m.Key {
						case "name":
							s.Name, _, _ = p.str(m.Start, m.End)
						case "version":
							s.Version, _, _ = p.str(m.Start, m.End)
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
				if args := p.Args(i+2, ":"); len(args) > 0 {
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
	if !seen {
		return nil
	}
	s.js = &jsInfo{anon: !object, refs: refs}
	kept := servers[:1]
	for _, o := range servers[1:] {
		if len(o.Tools)+len(o.Prompts)+len(o.Resources) > 0 {
			o.js = &jsInfo{refs: refs}
			kept = append(kept, o)
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
	args := p.Args(open, ":")
	if len(args) < 2 {
		return Tool{}, false
	}
	name, off, ok := p.str(args[0].Start, args[0].End)
	if !ok {
		return Tool{}, false
	}
	t := Tool{Name: name, Evidence: Evidence{Position: p.pos(off)}}
	if register {
		open, ok := p.jsObject(args[1].Start, args[1].End)
		if !ok {
			return t, true
		}
		for _, m := range p.jsMembers(open, 0) {
			switch m.Key {
			case "title":
				t.Title = p.jsText(m, t, refs)
			case "description":
				t.Description = p.jsText(m, t, refs)
			case "inputSchema":
				t.Params = p.jsSchema(m.Start, m.End)
			case "annotations":
				if o, ok := p.jsObject(m.Start, m.End); ok {
					t.Annotations = p.annotationsFrom(p.jsMembers(o, 0))
				}
			}
		}
		return t, true
	}
	rest := args[1:]
	if d, _, ok := p.str(rest[0].Start, rest[0].End); ok {
		t.Description = d
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
		t.Annotations = p.annotationsFrom(p.Args(objs[1].Start, ":"))
	}
	return t, true
}

// jsToolObject reads an object literal with a string name, a description
// and an inputSchema: a tool of the low-level API.
func (p *code) jsToolObject(open int, refs *[]jsRef) (Tool, bool) {
	members := p.Args(open, ":")
	var t Tool
	var mine []jsRef // positioned once the name is read
	hasSchema := false
	for _, m := range members {
		switch m.Key {
		case "name":
			if v, off, ok := p.str(m.Start, m.End); ok {
				t.Name, t.Position = v, p.pos(off)
			}
		case "title":
			t.Title = p.jsText(m, t, &mine)
		case "description":
			t.Description = p.jsText(m, t, &mine)
		case "inputSchema":
			hasSchema = true
			t.Params = p.jsSchema(m.Start, m.End)
		case "annotations":
			if p.Is(m.Start, syntax.Punct, "{") {
				t.Annotations = p.annotationsFrom(p.Args(m.Start, ":"))
			}
		}
	}
	if t.Name == "" || !hasSchema {
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
	p.objs = map[string][2]int{}
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
		if m.Key != "" {
			last[m.Key] = i
		}
	}
	for i := range out {
		if out[i].Key != "" && last[out[i].Key] != i {
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

// jsListen reads listen(port[, host][, cb]).
func (p *code) jsListen(open int) (Listen, bool) {
	args := p.Args(open, ":")
	if len(args) == 0 {
		return Listen{}, false
	}
	l := Listen{Evidence: p.lineEvidence(p.Tokens[open].Off)}
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
	refs []jsRef // tool texts named by a constant of another module
}

// jsRef is a tool's title or description written as a name the file
// imports (import { DESC } from "./descriptions.js"), resolved when the
// project is joined.
type jsRef struct {
	tool  project.Position // the tool's name
	field string           // "title" or "description"
	ns    string           // d of d.DESC, "" for a name imported alone
	name  string
}

// jsText is the string member m, or "" with a jsRef recorded when m is a
// lone name the module does not define.
func (p *code) jsText(m syntax.Arg, t Tool, refs *[]jsRef) string {
	v, _, ok := p.str(m.Start, m.End)
	switch {
	case ok:
	case m.End-m.Start == 1 && p.Is(m.Start, syntax.Name, ""):
		*refs = append(*refs, jsRef{tool: t.Position, field: m.Key, name: strings.Clone(p.Tokens[m.Start].Text)})
	case m.End-m.Start == 3 && p.Is(m.Start, syntax.Name, "") && p.Is(m.Start+1, syntax.Punct, ".") && p.Is(m.Start+2, syntax.Name, ""):
		// d.DESC of import * as d from "./d.js"
		*refs = append(*refs, jsRef{tool: t.Position, field: m.Key, ns: strings.Clone(p.Tokens[m.Start].Text), name: strings.Clone(p.Tokens[m.Start+2].Text)})
	}
	return v
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
	exports map[string]map[string]string // path → its exported string constants
	names   map[string]map[string]jsName // path → the names it imports
}

// jsName is where an imported name comes from: the files the module
// specifier may name, and the name exported there.
type jsName struct {
	files []string
	name  string
}

func (jp *jsProject) add(f *project.SourceFile) {
	if f.Code != nil {
		if ex := jsExports(f.Code); len(ex) > 0 {
			if jp.exports == nil {
				jp.exports = map[string]map[string]string{}
			}
			jp.exports[f.Path] = ex
		}
	}
	servers := readSource(f)
	for _, s := range servers {
		if s.js != nil && len(s.js.refs) > 0 && jp.names[f.Path] == nil {
			if jp.names == nil {
				jp.names = map[string]map[string]jsName{}
			}
			jp.names[f.Path] = jsImportNames(f.Code, f.Path)
		}
	}
	if f.Code != nil && (len(servers) > 0 || bytes.Contains(f.Data, []byte("@modelcontextprotocol/sdk"))) {
		if jp.files == nil {
			jp.files = map[string][]string{}
		}
		jp.files[f.Path] = jsImports(f.Code, f.Path)
	}
	jp.servers = append(jp.servers, servers...)
}

// jsImports lists the files the relative module specifiers of a file may
// name: import … from "./x.js" is x.ts, x.tsx, x.js, x/index.ts … next to
// it; export … from, import("…") and require("…") too.
func jsImports(f *syntax.File, file string) []string {
	var out []string
	for i := range f.Tokens {
		if !f.Is(i, syntax.String, "") {
			continue
		}
		spec := f.Tokens[i].Text
		if !strings.HasPrefix(spec, "./") && !strings.HasPrefix(spec, "../") {
			continue
		}
		if !f.Is(i-1, syntax.Name, "from") && !f.Is(i-1, syntax.Name, "import") &&
			!(f.Is(i-1, syntax.Punct, "(") && (f.Is(i-2, syntax.Name, "require") || f.Is(i-2, syntax.Name, "import"))) {
			continue
		}
		out = append(out, jsSpecFiles(spec, file)...)
	}
	return out
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

// jsExports maps the string constants a module exports (export const
// DESC = "…") to their values.
func jsExports(f *syntax.File) map[string]string {
	var out map[string]string
	for i := range f.Tokens {
		if !f.Is(i, syntax.Name, "export") || f.Depth(i) != 0 || !f.Is(i+1, syntax.Name, "const") || !f.Is(i+2, syntax.Name, "") {
			continue
		}
		if c, ok := f.Constants()[f.Tokens[i+2].Text]; ok && !c.Reassigned {
			if out == nil {
				out = map[string]string{}
			}
			out[strings.Clone(f.Tokens[i+2].Text)] = strings.Clone(c.Value)
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

// resolve fills the tool texts of s named by constants other modules
// export.
func (jp *jsProject) resolve(s *SourceServer) {
	done := false
	for _, r := range s.js.refs {
		from, ok := jp.names[r.tool.File][r.name]
		if r.ns != "" {
			from, ok = jp.names[r.tool.File][r.ns+".*"]
			from.name = r.name
		}
		if !ok {
			continue
		}
		for _, f := range from.files {
			v, ok := jp.exports[f][from.name]
			if !ok {
				continue
			}
			for i := range s.Tools {
				if t := &s.Tools[i]; t.Position == r.tool {
					if r.field == "title" {
						t.Title = v
					} else {
						t.Description = v
					}
					done = true
				}
			}
			break
		}
	}
	if done {
		s.finish()
	}
}

func (jp *jsProject) join() []SourceServer {
	if len(jp.servers) == 0 {
		return nil
	}
	for k := range jp.servers {
		if s := &jp.servers[k]; s.js != nil {
			jp.resolve(s)
		}
	}
	edges := map[string][]string{}
	for p, ms := range jp.files {
		for _, m := range ms {
			if _, ok := jp.files[m]; ok && m != p {
				edges[p] = append(edges[p], m)
			}
		}
	}
	objects := map[string]int{}
	var objFiles []string
	for k, s := range jp.servers {
		if s.js != nil && !s.js.anon {
			if _, ok := objects[s.File]; !ok {
				objects[s.File] = k
				objFiles = append(objFiles, s.File)
			}
		}
	}
	slices.Sort(objFiles)
	reached := map[string]map[string]bool{}
	for _, f := range objFiles {
		seen := map[string]bool{f: true}
		queue := []string{f}
		for len(queue) > 0 {
			p := queue[0]
			queue = queue[1:]
			for _, q := range edges[p] {
				if !seen[q] {
					seen[q] = true
					queue = append(queue, q)
				}
			}
		}
		reached[f] = seen
	}
	into := make([]int, len(jp.servers))
	for k, s := range jp.servers {
		into[k] = k
		if s.js == nil || !s.js.anon {
			continue
		}
		best, bestScore := "", -1
		for _, f := range objFiles {
			if reached[f][s.File] {
				if score := commonDirs(f, s.File); score > bestScore {
					best, bestScore = f, score
				}
			}
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
		joined := false
		for o := range jp.servers {
			if o != k && into[o] == k {
				sub := &jp.servers[o]
				s.Tools = append(s.Tools, sub.Tools...)
				s.Prompts = append(s.Prompts, sub.Prompts...)
				s.Resources = append(s.Resources, sub.Resources...)
				s.Auth = append(s.Auth, sub.Auth...)
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
