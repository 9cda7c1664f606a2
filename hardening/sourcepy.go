package hardening

import (
	"bytes"
	"cmp"
	"maps"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/host"
	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/syntax"
)

// pyAuth are names whose use means the server authenticates its callers
// (FastMCP auth providers and settings).
var pyAuth = []string{"token_verifier", "AuthSettings", "BearerAuthProvider", "JWTVerifier", "auth_server_provider", "OAuthProvider", "RemoteAuthProvider"}

// readPython reads FastMCP and low-level mcp servers. A file is read
// when it imports the SDK (a module path with an mcp or fastmcp part, or
// a name mcp, FastMCP or Server from anywhere). Servers: FastMCP(...),
// MCPServer(...) and an assigned Server(...); each assignment to a
// name that already holds a server with tools makes a new server, so two
// servers in one file are two (a name assigned from another server's
// name, app = self.app, is the same server). Tools: @x.tool decorators
// on any receiver (self.mcp, app, a sub-server), @tool when tool is
// imported, x.tool(...)(fn), x.tool(fn), x.add_tool(fn, ...),
// Tool.from_function(fn, ...), Tool(...) objects of the low-level
// server; a registration on a receiver that is no server of the file
// belongs to the file's first server. A function's description is its
// docstring, or the text last assigned to fn.__doc__ before the
// registration; an assignment after it is the tool's DocSwap.
func (p *code) readPython() ([]*SourceServer, *pyFile) {
	r := &pyReader{code: p, vars: map[string]int{}, defs: map[string]int{}, fromFn: map[string]bool{}, helpers: map[string]pyHelper{}, classes: map[string]bool{}}
	r.weak = !p.pyImportsMCP()
	r.prepass()
	r.all = pyAll(p.File)
	for i := 0; i < len(p.Tokens); i++ {
		r.token(i)
	}
	info := r.fileInfo()
	var out []*SourceServer
	for k, s := range r.servers {
		if !s.seen {
			continue
		}
		si := &pyInfo{anon: !s.object, weak: r.weak, mounts: s.mounts}
		for v, n := range r.vars {
			if n == k && v != "" {
				si.vars = append(si.vars, strings.Clone(v))
			}
		}
		for i, m := range si.mounts {
			si.mounts[i] = pyMount{strings.Clone(m.name), strings.Clone(m.prefix)}
		}
		slices.Sort(si.vars)
		s.s.py = si
		out = append(out, s.s)
	}
	return out, info
}

// pyImportsMCP reports an import of the SDK: a module path with a part
// mcp or fastmcp (from mcp.server.fastmcp import …, import fastmcp, from
// basic_memory.mcp.server import mcp) or an imported name mcp, FastMCP,
// MCPServer; or of zeromcp (pypi.org/project/zeromcp), whose server class
// is McpServer.
func (p *code) pyImportsMCP() bool {
	for i := range p.Tokens {
		t := &p.Tokens[i]
		if t.Kind != syntax.Name || !t.LineStart || t.Text != "import" && t.Text != "from" {
			continue
		}
		for j, end := i+1, pyStmtEnd(p.File, i); j < end; j++ {
			if p.Tokens[j].Kind != syntax.Name {
				continue
			}
			switch p.Tokens[j].Text {
			case "mcp", "fastmcp", "FastMCP", "MCPServer", "zeromcp", "McpServer":
				return true
			}
		}
	}
	return false
}

// pyFile is what the project pass keeps of a Python file.
type pyFile struct {
	imports  []string
	defs     map[string]pyDefInfo
	all      []string
	helpers  map[string]pyHelper
	calls    []pyCall // calls of helpers not defined in the file
	allLoops []string
	names    map[string][]string // an imported name → the module files it may come from
	// definitions are the file's tool definition objects (defCall);
	// registersDefs marks a registration of definitions by their fields
	// (add_tool(fn=definition.fn, …)): with one in the project, the
	// definitions and the definitions' decorators make tools.
	definitions   []Tool
	registersDefs bool
}

// pyDefInfo is a function's docstring and parameters.
type pyDefInfo struct {
	doc    string
	params []Param
	pos    project.Position
}

// fileInfo resolves the file's own helper calls and description
// parameters, and returns what the project pass needs.
func (r *pyReader) fileInfo() *pyFile {
	p := r.code
	var rest []pyCall
	for _, c := range r.calls {
		h, ok := r.helpers[c.callee]
		if !ok {
			if r.imports[c.callee] {
				rest = append(rest, c)
			}
			continue
		}
		if t, ok := h.tool(c); ok {
			srv := r.server("")
			doc := r.fromDef(&t, c.fn)
			r.add(srv, t, c.fn, len(p.Tokens), doc)
		}
	}
	// register(description="…"): the description of the tool registered inside.
	callsOf := map[string][]int{}
	if len(r.descs) > 0 {
		wanted := map[string]bool{}
		for _, d := range r.descs {
			wanted[d.fn] = true
		}
		for i := range p.Tokens {
			if p.Is(i, syntax.Name, "") && wanted[p.Tokens[i].Text] && p.Is(i+1, syntax.Punct, "(") && !p.Is(i-1, syntax.Name, "def") && !p.Is(i-1, syntax.Punct, ".") {
				callsOf[p.Tokens[i].Text] = append(callsOf[p.Tokens[i].Text], i)
			}
		}
	}
	for _, d := range r.descs {
		for _, i := range callsOf[d.fn] {
			args := p.Args(i+1, "=")
			a, ok := syntax.FindArg(args, d.key)
			if !ok && d.param < len(args) && args[d.param].Key == "" {
				a, ok = args[d.param], true
			}
			if v, _, vok := p.str(a.Start, a.End); ok && vok && d.tool < len(d.server.s.Tools) && d.server.s.Tools[d.tool].Description == "" {
				d.server.s.Tools[d.tool].Description = v
				break
			}
		}
	}
	f := &pyFile{imports: pyImports(p.File, p.src.Path), all: r.all, helpers: r.helpers, calls: rest, allLoops: r.allLoops, names: pyImportNames(p.File, p.src.Path),
		definitions: r.definitions, registersDefs: r.registersDefs}
	if len(r.spans) > 0 {
		f.defs = map[string]pyDefInfo{}
		for _, sp := range r.spans {
			name, params, doc, _ := p.pyDef(sp.at)
			if _, ok := f.defs[name]; ok {
				continue
			}
			for i := range params {
				params[i].Name, params[i].Type, params[i].Description = strings.Clone(params[i].Name), strings.Clone(params[i].Type), strings.Clone(params[i].Description)
			}
			f.defs[strings.Clone(name)] = pyDefInfo{doc: strings.Clone(doc), params: params, pos: p.pos(p.Tokens[sp.at].Off)}
		}
	}
	return f
}

// tool is the tool a helper call registers.
func (h pyHelper) tool(c pyCall) (Tool, bool) {
	arg := func(idx int, key string) string {
		if v, ok := c.kw[key]; ok {
			return v
		}
		if idx >= 0 && idx < len(c.pos) {
			return c.pos[idx]
		}
		return ""
	}
	t := Tool{Name: arg(h.name, h.nameKey), Title: c.kw["title"], Evidence: Evidence{Position: c.at}}
	if h.desc >= 0 {
		t.Description = arg(h.desc, h.descKey)
	}
	return t, t.Name != ""
}

// pyStmtEnd returns the end of the simple statement starting at token i:
// the next token that starts a line outside brackets.
func pyStmtEnd(f *syntax.File, i int) int {
	j := i + 1
	for j < len(f.Tokens) && !f.Tokens[j].LineStart {
		if f.Is(j, syntax.Punct, "(") || f.Is(j, syntax.Punct, "[") || f.Is(j, syntax.Punct, "{") {
			j = f.Match(j)
		}
		j++
	}
	return min(j, len(f.Tokens))
}

// pyServer is a server object of a Python file.
type pyServer struct {
	s      *SourceServer
	seen   bool      // a server call or a registration was read
	object bool      // the file creates the server object
	mounts []pyMount // servers mounted on it
}

// defSpan is a def: its token, the end of its body, its parameters.
type defSpan struct {
	at, end int
	params  []string
	parent  int // the def around it, or -1
	col     int
	sig     int // the ) closing its parameters
}

// pyHelper is a function that registers a tool whose name (and maybe
// description) is one of its parameters: def audited_tool(mcp, name):
// … mcp.tool(name=name)(wrapper).
type pyHelper struct {
	name, desc int // parameter indexes; desc -1 when none
	nameKey    string
	descKey    string
}

// descHelper is a tool registered inside a function whose description is
// one of its parameters: def register(description): @mcp.tool(description=description).
type descHelper struct {
	fn     string
	param  int
	key    string
	server *pyServer
	tool   int
}

// pyCall is helper(args…)(fn) or @helper(args…) over def fn, for a helper
// that may be defined in another file.
type pyCall struct {
	callee string
	pos    []string // positional string arguments ("" when not a string)
	kw     map[string]string
	fn     string
	at     project.Position
	title  string
	hints  bool // a keyword argument sets a hint (read_only_hint=…, annotations=…)
	deco   bool // @callee(…) over the def, not callee(…)(fn)
}

type pyReader struct {
	*code
	weak     bool // the file does not import the SDK
	spans    []defSpan
	helpers  map[string]pyHelper // functions that register a tool named by a parameter
	descs    []descHelper
	calls    []pyCall
	allLoops []string
	all      []string
	servers  []*pyServer
	vars     map[string]int // receiver (a name or self.name) → server
	defs     map[string]int // function name → its def token
	fromFn   map[string]bool
	docs     map[string][]docSwap // by function
	imports  map[string]bool      // names imported
	classes  map[string]bool      // the file's server classes (serverClass)
	// definitions and registersDefs are the pyFile's.
	definitions   []Tool
	registersDefs bool
}

// docSwap is fn.__doc__ = text.
type docSwap struct {
	fn   string
	text string
	at   int // the token of fn
	off  int
}

// prepass finds the functions, the imported names, the variables
// assigned Tool.from_function(...) and the __doc__ assignments.
func (r *pyReader) prepass() {
	r.imports = map[string]bool{}
	var open []int // the defs whose body goes on, innermost last
	for i := range r.Tokens {
		t := &r.Tokens[i]
		if t.LineStart {
			// A line at or left of a def's column ends its body.
			for len(open) > 0 && r.spans[open[len(open)-1]].col >= t.Col && r.spans[open[len(open)-1]].sig < i {
				r.spans[open[len(open)-1]].end = i
				open = open[:len(open)-1]
			}
		}
		if t.Kind != syntax.Name {
			continue
		}
		switch {
		case t.Text == "def" && r.Is(i+1, syntax.Name, "") && r.Is(i+2, syntax.Punct, "("):
			if _, ok := r.defs[r.Tokens[i+1].Text]; !ok {
				r.defs[r.Tokens[i+1].Text] = i
			}
			sp := r.defSpan(i)
			sp.parent = -1
			if len(open) > 0 {
				sp.parent = open[len(open)-1]
			}
			open = append(open, len(r.spans))
			r.spans = append(r.spans, sp)

		case t.LineStart && (t.Text == "import" || t.Text == "from"):
			for j, end := i+1, pyStmtEnd(r.File, i); j < end; j++ {
				if r.Tokens[j].Kind == syntax.Name {
					r.imports[r.Tokens[j].Text] = true
				}
			}
		case t.Text == "from_function" && r.Is(i-1, syntax.Punct, ".") && r.Is(i-2, syntax.Name, "Tool") && r.Is(i-3, syntax.Punct, "=") && r.Is(i-4, syntax.Name, ""):
			r.fromFn[r.Tokens[i-4].Text] = true
		case t.Text == "__doc__" && r.Is(i-1, syntax.Punct, ".") && r.Is(i-2, syntax.Name, "") && r.Is(i+1, syntax.Punct, "=") && !r.Is(i-3, syntax.Punct, "."):
			end := i + 2
			for end < len(r.Tokens) && !r.Tokens[end].LineStart {
				if r.Is(end, syntax.Punct, "(") || r.Is(end, syntax.Punct, "[") || r.Is(end, syntax.Punct, "{") {
					end = r.Match(end)
				}
				end++
			}
			if v, off, ok := r.str(i+2, min(end, len(r.Tokens))); ok {
				fn := r.Tokens[i-2].Text
				if r.docs == nil {
					r.docs = map[string][]docSwap{}
				}
				r.docs[fn] = append(r.docs[fn], docSwap{fn: fn, text: v, at: i - 2, off: off})
			}
		}
	}
}

// defSpan reads the def at token d: its parameters and column; its body
// runs to the first line at or left of that column (prepass sets end).
func (p *code) defSpan(d int) defSpan {
	col := p.Tokens[d].Col
	if p.Is(d-1, syntax.Name, "async") {
		col = p.Tokens[d-1].Col
	}
	sp := defSpan{at: d, end: len(p.Tokens), col: col, sig: p.Match(d + 2)}
	for _, a := range p.Args(d+2, "=") {
		k := a.Start
		if a.Key != "" {
			k -= 2
		}
		for p.Is(k, syntax.Punct, "*") || p.Is(k, syntax.Punct, "**") {
			k++
		}
		name := ""
		if p.Is(k, syntax.Name, "") {
			name = p.Tokens[k].Text
		}
		sp.params = append(sp.params, name)
	}
	return sp
}

// enclosing returns the innermost def around token i.
func (r *pyReader) enclosing(i int) (defSpan, bool) {
	k := r.around(i)
	if k < 0 {
		return defSpan{}, false
	}
	return r.spans[k], true
}

// around returns the innermost def around token i, or -1: the last def
// before i, or the first of its parents that holds i.
func (r *pyReader) around(i int) int {
	k := sort.Search(len(r.spans), func(n int) bool { return r.spans[n].at >= i }) - 1
	for k >= 0 && r.spans[k].end <= i {
		k = r.spans[k].parent
	}
	return k
}

// paramOf reports whether tokens [a.Start, a.End) are one parameter of
// the def around them (or of a def around that one: a closure's outer
// function's parameter is in scope too), and its index.
func (r *pyReader) paramOf(a syntax.Arg) (defSpan, int, bool) {
	if a.End-a.Start != 1 || !r.Is(a.Start, syntax.Name, "") {
		return defSpan{}, 0, false
	}
	for k := r.around(a.Start); k >= 0; k = r.spans[k].parent {
		if idx := slices.Index(r.spans[k].params, r.Tokens[a.Start].Text); idx >= 0 {
			return r.spans[k], idx, true
		}
	}
	return defSpan{}, 0, false
}

// chainStart returns the first token of the dotted name ending at token
// end (a Name): for self.mcp.tool at tool, the index of self.
func (p *code) chainStart(end int) int {
	k := end
	for p.Is(k-1, syntax.Punct, ".") && p.Is(k-2, syntax.Name, "") {
		k -= 2
	}
	return k
}

// chainText renders tokens [start, end) of a dotted name.
func (p *code) chainText(start, end int) string {
	var b strings.Builder
	for k := start; k < end; k++ {
		b.WriteString(p.Tokens[k].Text)
	}
	return b.String()
}

// server returns the server a receiver names: its own, else the file's
// first (made when there is none).
func (r *pyReader) server(recv string) *pyServer {
	if k, ok := r.vars[recv]; ok {
		return r.servers[k]
	}
	if len(r.servers) == 0 {
		r.servers = append(r.servers, &pyServer{s: &SourceServer{}})
	}
	return r.servers[0]
}

func (r *pyReader) token(i int) {
	p := r.code
	tk := &p.Tokens[i]
	if tk.Kind != syntax.Name {
		return
	}
	call := p.Is(i+1, syntax.Punct, "(")
	switch {
	case tk.Text == "class" && tk.LineStart && p.Is(i+1, syntax.Name, "") && p.Is(i+2, syntax.Punct, "("):
		// class AtlassianMCP(ErrorPreservingFastMCP[Context]): a server
		// class of the project, whose calls make server objects.
		for _, a := range p.Args(i+2, "=") {
			j := a.Start // the last name of a dotted base: fastmcp.FastMCP[T]
			for p.Is(j+1, syntax.Punct, ".") && p.Is(j+2, syntax.Name, "") {
				j += 2
			}
			if a.Key == "" && p.Is(j, syntax.Name, "") && r.serverClass(p.Tokens[j].Text) {
				r.classes[strings.Clone(p.Tokens[i+1].Text)] = true
			}
		}
	case (call || p.Is(i+1, syntax.Punct, "[") && p.Is(p.Match(i+1)+1, syntax.Punct, "(")) && (r.serverClass(tk.Text) || tk.Text == "Server") &&
		!p.Is(i-1, syntax.Name, "class") && !p.Is(i-1, syntax.Name, "def"):
		// Server is a common class name: the low-level server is taken
		// when the file imports it from the SDK, or assigns it in a file
		// that names mcp.server; x.Server is the SDK's only under an mcp
		// module (not uvicorn.Server).
		if tk.Text == "Server" {
			cs := p.chainStart(i)
			if !(r.imports["Server"] || p.isAssignedCall(cs)) || !bytes.Contains(p.src.Data, []byte("mcp.server")) ||
				cs < i && !strings.Contains(p.chainText(cs, i), "mcp") && !strings.Contains(p.chainText(cs, i), "lowlevel") {
				return
			}
		}
		r.newServer(i)
	case call && tk.Text == "Tool" && !p.Is(i-1, syntax.Punct, "@"):
		if t, ok := p.lowLevelTool(i); ok {
			r.add(r.server(""), t, "", i, "")
		}
	case call && tk.Text == "from_function" && p.Is(i-1, syntax.Punct, ".") && p.Is(i-2, syntax.Name, "Tool"):
		r.fromFunction(r.server(""), i)
	case (tk.Text == "tool" || tk.Text == "prompt" || tk.Text == "resource") && p.Is(i-1, syntax.Punct, "."):
		cs := p.chainStart(i)
		recv := p.chainText(cs, i-1)
		if p.Is(cs-1, syntax.Punct, "@") {
			r.decorated(r.server(recv), cs-1, i, tk.Text)
			return
		}
		if tk.Text == "tool" && call && !p.Is(cs-1, syntax.Name, "def") {
			r.toolCall(r.server(recv), i)
		}
	case tk.Text == "tool" && p.Is(i-1, syntax.Punct, "@") && r.imports["tool"]:
		r.decorated(r.server(""), i-1, i, "tool")
	case call && !p.Is(i-1, syntax.Punct, ".") && !p.Is(i-1, syntax.Name, "def") && (p.Is(p.Match(i+1)+1, syntax.Punct, "(") || p.Is(i-1, syntax.Punct, "@")):
		r.helperCall(i)
	case tk.Text == "mount" && call && p.Is(i-1, syntax.Punct, "."):
		recv := p.chainText(p.chainStart(i), i-1)
		if k, ok := r.vars[recv]; ok {
			if m, ok := r.mount(i); ok {
				r.servers[k].mounts = append(r.servers[k].mounts, m)
			}
		}
	case tk.Text == "add_tool" && call && p.Is(i-1, syntax.Punct, "."):
		cs := p.chainStart(i)
		r.addTool(r.server(p.chainText(cs, i-1)), i)
	case tk.Text == "run" && call && p.Is(i-1, syntax.Punct, "."):
		cs := p.chainStart(i)
		recv := p.chainText(cs, i-1)
		if recv == "uvicorn" {
			s := r.server("").s
			args := p.Args(i+1, "=")
			if a, ok := syntax.FindArg(args, "host"); ok {
				p.listen(s, a)
			} else {
				s.Listens = append(s.Listens, Listen{Address: "127.0.0.1", Resolved: true, Evidence: Evidence{Position: p.pos(tk.Off), Excerpt: "uvicorn.run default host"}})
			}
			return
		}
		k, ok := r.vars[recv]
		if !ok {
			return
		}
		s := r.servers[k].s
		transport := "stdio"
		for n, a := range p.Args(i+1, "=") {
			if a.Key == "transport" || a.Key == "" && n == 0 {
				if v, _, ok := p.str(a.Start, a.End); ok {
					transport = v
				}
			}
			if a.Key == "host" {
				p.listen(s, a)
			}
		}
		s.Transports = append(s.Transports, Endpoint{Transport: pyTransport(transport), Evidence: p.lineEvidence(tk.Off)})
	case p.Is(i+1, syntax.Punct, "=") && !p.Is(i-1, syntax.Punct, ".") && p.Is(i+2, syntax.Name, ""):
		// x = self.app: an alias of a server.
		cs := i + 2
		ce := cs + 1
		for p.Is(ce, syntax.Punct, ".") && p.Is(ce+1, syntax.Name, "") {
			ce += 2
		}
		if k, ok := r.vars[p.chainText(cs, ce)]; ok && (ce >= len(p.Tokens) || p.Tokens[ce].LineStart) {
			r.vars[tk.Text] = k
		}
	default:
		if call && !p.Is(i-1, syntax.Punct, ".") && tk.Text[0] >= 'A' && tk.Text[0] <= 'Z' {
			r.defCall(i)
		}
		for _, a := range pyAuth {
			if tk.Text == a && len(r.servers) > 0 {
				r.servers[len(r.servers)-1].s.Auth = append(r.servers[len(r.servers)-1].s.Auth, a)
			}
		}
	}
}

// helperCall records name(args…)(fn) and @name(args…) over a def: a
// registration when name is a helper (of this file or another).
func (r *pyReader) helperCall(i int) {
	p := r.code
	m := p.Match(i + 1)
	args := p.Args(i+1, "=")
	c := pyCall{callee: strings.Clone(p.Tokens[i].Text), kw: map[string]string{}, at: p.pos(p.Tokens[i].Off)}
	any := false
	for _, a := range args {
		v, _, ok := p.str(a.Start, a.End)
		if ok {
			any = true
			v = strings.Clone(v)
		}
		if a.Key != "" {
			if ok {
				c.kw[strings.Clone(a.Key)] = v
			}
			c.hints = c.hints || a.Key == "annotations" || strings.HasSuffix(a.Key, "_hint") || strings.HasSuffix(a.Key, "Hint")
			continue
		}
		c.pos = append(c.pos, v)
	}
	if !any {
		return
	}
	if p.Is(i-1, syntax.Punct, "@") {
		c.deco = true
		j := m + 1
		for j < len(p.Tokens) && j < m+200 && !p.Is(j, syntax.Name, "def") {
			j++
		}
		if !p.Is(j+1, syntax.Name, "") {
			return
		}
		c.fn = strings.Clone(p.Tokens[j+1].Text)
	} else if fa := p.Args(m+1, "="); len(fa) == 1 && fa[0].Key == "" {
		c.fn = strings.Clone(p.funcOf(fa[0]))
	}
	if c.fn == "" {
		return
	}
	r.calls = append(r.calls, c)
}

// defCall reads a tool definition object at the class name i:
// ToolDefinition(fn=build, title=…, description=…) or
// ToolDefinition(name="list", fn=…) (dbt-mcp), a call of a class with a
// function and a name, title or description, named by its name argument
// or the function (one wrapped in a call, wrap(f), is f). The project
// pass makes it a tool where a registration of the project registers
// definitions.
func (r *pyReader) defCall(i int) {
	p := r.code
	args := p.Args(i+1, "=")
	fa, ok := syntax.FindArg(args, "fn")
	if !ok {
		return
	}
	fn := r.fnArg(fa)
	if fn == "" && p.Is(fa.Start, syntax.Name, "") && p.Is(fa.Start+1, syntax.Punct, "(") && p.Match(fa.Start+1) == fa.End-1 {
		if in := p.Args(fa.Start+1, "="); len(in) == 1 && in[0].Key == "" {
			fn = r.fnArg(in[0])
		}
	}
	_, named := syntax.FindArg(args, "name")
	_, titled := syntax.FindArg(args, "title")
	_, described := syntax.FindArg(args, "description")
	if fn == "" || !named && !titled && !described {
		return
	}
	t := Tool{Name: fn, Evidence: Evidence{Position: p.pos(p.Tokens[i].Off)}}
	if named {
		na, _ := syntax.FindArg(args, "name")
		name, off, ok := p.str(na.Start, na.End)
		if !ok {
			return // a name computed at run time
		}
		t.Name, t.Position = name, p.pos(off)
	}
	r.toolArgs(&t, args, false)
	t.Name, t.Title, t.Description = strings.Clone(t.Name), strings.Clone(t.Title), strings.Clone(t.Description)
	t.fn = strings.Clone(fn)
	r.definitions = append(r.definitions, t)
}

// serverClass reports a class whose calls make a server object: FastMCP,
// MCPServer, zeromcp's McpServer, a class whose name ends in FastMCP (the project's
// subclasses, imported: ErrorPreservingFastMCP), or one the file derives
// from these.
func (r *pyReader) serverClass(name string) bool {
	return name == "MCPServer" || name == "McpServer" || strings.HasSuffix(name, "FastMCP") || r.classes[name]
}

// newServer reads the server call at i (FastMCP, MCPServer or Server).
func (r *pyReader) newServer(i int) {
	p := r.code
	cs := p.chainStart(i)
	recv := ""
	if p.Is(cs-1, syntax.Punct, "=") && p.Is(cs-2, syntax.Name, "") {
		recv = p.chainText(p.chainStart(cs-2), cs-1)
	}
	var srv *pyServer
	if k, ok := r.vars[recv]; ok && len(r.servers[k].s.Tools) == 0 {
		srv = r.servers[k] // assigned again before any tool: the same server
	} else if len(r.servers) == 1 && !r.servers[0].object {
		srv = r.servers[0] // the file's server, made by a registration before the call
	} else {
		srv = &pyServer{s: &SourceServer{}}
		r.servers = append(r.servers, srv)
	}
	if recv != "" || len(r.vars) == 0 {
		r.vars[recv] = slicesIndex(r.servers, srv)
	}
	srv.seen, srv.object = true, true
	s := srv.s
	if s.File == "" {
		s.Position = p.pos(p.Tokens[i].Off)
	}
	open := i + 1
	if p.Is(open, syntax.Punct, "[") { // MCPServer[State](…)
		open = p.Match(open) + 1
	}
	for k, a := range p.Args(open, "=") {
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
}

func slicesIndex(ss []*pyServer, s *pyServer) int {
	for k, x := range ss {
		if x == s {
			return k
		}
	}
	return -1
}

// add adds a tool registered at token at from the function fn (when
// known). Without a description in the registration, the text last
// assigned to fn.__doc__ before it is the description, else doc (the
// function's docstring); the assignments after it are the tool's
// DocSwaps.
func (r *pyReader) add(srv *pyServer, t Tool, fn string, at int, doc string) {
	srv.seen = true
	explicit := t.Description != ""
	if !explicit {
		t.Description = doc
	}
	if fn != "" {
		// docs[fn] is in token order: the last before the registration
		// and the last after it.
		ds := r.docs[fn]
		k := sort.Search(len(ds), func(n int) bool { return ds[n].at >= at })
		if k > 0 && !explicit {
			t.Description = ds[k-1].text
		}
		for _, d := range ds[k:] {
			t.DocSwaps = append(t.DocSwaps, Text{Text: d.text, Evidence: Evidence{Position: r.pos(d.off)}})
		}
	}
	t.fn = strings.Clone(fn)
	srv.s.Tools = append(srv.s.Tools, t)
}

// fnArg reads the function a registration names (funcOf), "" when it is
// a parameter of the def around it: a decorator's own implementation
// (def decorator(func): mcp.tool()(func)) registers whatever it is given.
func (r *pyReader) fnArg(a syntax.Arg) string {
	if _, _, ok := r.paramOf(a); ok {
		return ""
	}
	if r.definitionField(a) {
		return ""
	}
	return r.funcOf(a)
}

// definitionField reports a registration's function that is a field
// named fn (tool_definition.fn, self.fn: dbt-mcp's tool definitions),
// chosen at run time; one in a registration marks the project as
// registering definition objects (pyFile.registersDefs).
func (r *pyReader) definitionField(a syntax.Arg) bool {
	return a.End-a.Start > 1 && r.funcOf(a) == "fn"
}

// funcOf reads the function a registration names: the last name of a
// dotted name (self.create_job is create_job), "" for anything else.
func (p *code) funcOf(a syntax.Arg) string {
	if a.End-a.Start < 1 || !p.Is(a.End-1, syntax.Name, "") || p.chainStart(a.End-1) != a.Start {
		return ""
	}
	return p.Tokens[a.End-1].Text
}

// fromDef fills a tool's parameters from the def of fn in the file and
// returns its docstring.
func (r *pyReader) fromDef(t *Tool, fn string) string {
	j, ok := r.defs[fn]
	if !ok {
		return ""
	}
	_, params, doc, _ := r.pyDef(j)
	t.Params = params
	return doc
}

// toolCall reads x.tool(...)(fn) and x.tool(fn, ...) at the tool token i.
func (r *pyReader) toolCall(srv *pyServer, i int) {
	p := r.code
	args := p.Args(i+1, "=")
	m := p.Match(i + 1)
	fn := ""
	if p.Is(m+1, syntax.Punct, "(") {
		if fa := p.Args(m+1, "="); len(fa) == 1 && fa[0].Key == "" {
			fn = r.fnArg(fa[0])
		}
	} else if len(args) > 0 && args[0].Key == "" {
		if p.Is(args[0].Start, syntax.Name, "getattr") {
			r.allLoop(args[0].Start)
			return
		}
		fn = r.fnArg(args[0])
		args = args[1:]
	}
	if fn == "" {
		if fa := p.Args(m+1, "="); p.Is(m+1, syntax.Punct, "(") && len(fa) == 1 && p.Is(fa[0].Start, syntax.Name, "getattr") {
			r.allLoop(fa[0].Start)
		}
		return
	}
	if r.helperDef(args, true) {
		return
	}
	t := Tool{Name: fn, Evidence: Evidence{Position: p.pos(p.Tokens[p.chainStart(i)].Off)}}
	r.toolArgs(&t, args, true)
	r.descParam(srv, args)
	r.add(srv, t, fn, i, r.fromDef(&t, fn))
}

// helperDef reports a registration inside a function whose name
// argument is one of the function's parameters: the function is a
// helper, and its calls are the registrations.
func (r *pyReader) helperDef(args []syntax.Arg, positional bool) bool {
	h := pyHelper{name: -1, desc: -1}
	var fn string
	for k, a := range args {
		sp, idx, ok := r.paramOf(a)
		if !ok {
			continue
		}
		fn = r.Tokens[sp.at+1].Text
		switch {
		case a.Key == "name" || positional && a.Key == "" && k == 0:
			h.name, h.nameKey = idx, r.Tokens[a.Start].Text
		case a.Key == "description":
			h.desc, h.descKey = idx, r.Tokens[a.Start].Text
		}
	}
	if h.name < 0 {
		return false
	}
	r.helpers[strings.Clone(fn)] = h
	return true
}

// descParam records a tool just added whose description is a parameter
// of the function around the registration.
func (r *pyReader) descParam(srv *pyServer, args []syntax.Arg) {
	a, ok := syntax.FindArg(args, "description")
	if !ok {
		return
	}
	if sp, idx, ok := r.paramOf(a); ok {
		r.descs = append(r.descs, descHelper{fn: r.Tokens[sp.at+1].Text, param: idx, key: r.Tokens[a.Start].Text, server: srv, tool: len(srv.s.Tools) - 1})
	}
}

// allLoop reads mcp.tool(getattr(module, name)) in for name in
// module.__all__ (and for module in (a, b, …) around it): the names in
// those modules' __all__ are tools.
func (r *pyReader) allLoop(g int) {
	p := r.code
	args := p.Args(g+1, "")
	if len(args) != 2 || args[0].End-args[0].Start != 1 || args[1].End-args[1].Start != 1 {
		return
	}
	mod, name := p.Tokens[args[0].Start].Text, p.Tokens[args[1].Start].Text
	// for name in mod.__all__:
	found := false
	for k := g; k > 0 && k > g-400; k-- {
		if p.Is(k, syntax.Name, "for") && p.Is(k+1, syntax.Name, name) && p.Is(k+2, syntax.Name, "in") && p.Is(k+3, syntax.Name, mod) && p.Is(k+5, syntax.Name, "__all__") {
			found = true
			// for mod in (a, b, …):
			for q := k; q > 0 && q > k-400; q-- {
				if p.Is(q, syntax.Name, "for") && p.Is(q+1, syntax.Name, mod) && p.Is(q+2, syntax.Name, "in") && (p.Is(q+3, syntax.Punct, "(") || p.Is(q+3, syntax.Punct, "[")) {
					for _, a := range p.Args(q+3, "") {
						if a.End-a.Start == 1 && p.Is(a.Start, syntax.Name, "") {
							r.allLoops = append(r.allLoops, strings.Clone(p.Tokens[a.Start].Text))
						}
					}
					return
				}
			}
			break
		}
	}
	if found {
		r.allLoops = append(r.allLoops, strings.Clone(mod))
	}
}

// toolArgs reads name, title, description and annotations arguments; a
// first positional string is the name when positional is set.
func (r *pyReader) toolArgs(t *Tool, args []syntax.Arg, positional bool) {
	p := r.code
	for k, a := range args {
		switch {
		case a.Key == "name" || positional && a.Key == "" && k == 0:
			if v, _, ok := p.str(a.Start, a.End); ok {
				t.Name = v
			}
		case a.Key == "title":
			t.Title, _, _ = p.str(a.Start, a.End)
		case a.Key == "description":
			t.Description, _, _ = p.str(a.Start, a.End)
		case a.Key == "annotations":
			t.Annotations, t.HintsComputed = p.pyAnnotations(a)
		}
	}
}

// pyMount is a sub-server mounted on a server: the name the file gives
// it, and the prefix its tools and prompts take ("" for none).
type pyMount struct {
	name, prefix string
}

// mount reads x.mount(sub), x.mount(server=sub, namespace="p") (FastMCP 3),
// x.mount(sub, prefix="p") and x.mount("p", sub) (FastMCP 2) at the mount
// token i. A prefix that is no string leaves the mount unread: the
// sub-server's tool names are not known.
func (r *pyReader) mount(i int) (pyMount, bool) {
	p := r.code
	var m pyMount
	ok := true
	for k, a := range p.Args(i+1, "=") {
		switch {
		case (a.Key == "" || a.Key == "server") && a.End-a.Start == 1 && p.Is(a.Start, syntax.Name, "") && m.name == "":
			m.name = p.Tokens[a.Start].Text
		case a.Key == "" && k == 0, a.Key == "namespace", a.Key == "prefix":
			m.prefix, _, ok = p.str(a.Start, a.End)
			if !ok && p.Is(a.Start, syntax.Name, "None") && a.End-a.Start == 1 {
				m.prefix, ok = "", true
			}
		}
	}
	return m, ok && m.name != ""
}

// addTool reads x.add_tool(fn, name, description, ...) at i; a Tool
// object made by Tool.from_function (counted there) is skipped.
func (r *pyReader) addTool(srv *pyServer, i int) {
	p := r.code
	args := p.Args(i+1, "=")
	fnArg, ok := syntax.FindArg(args, "fn")
	if !ok {
		if len(args) == 0 || args[0].Key != "" {
			return
		}
		fnArg, args = args[0], args[1:]
	}
	fn := r.fnArg(fnArg)
	r.registersDefs = r.registersDefs || r.definitionField(fnArg)
	if fn == "" || r.fromFn[fn] {
		return
	}
	t := Tool{Name: fn, Evidence: Evidence{Position: p.pos(p.Tokens[p.chainStart(i)].Off)}}
	for k, a := range args {
		if a.Key != "" {
			break
		}
		switch k {
		case 0:
			if v, _, ok := p.str(a.Start, a.End); ok {
				t.Name = v
			} else {
				return // a name computed at run time
			}
		case 1:
			t.Description, _, _ = p.str(a.Start, a.End)
		}
	}
	r.toolArgs(&t, args, false)
	r.add(srv, t, fn, i, r.fromDef(&t, fn))
}

// fromFunction reads Tool.from_function(fn, name=…, description=…) at
// the from_function token i.
//
// In a loop over a literal table (for fn, name in [(a, "a"), (b, "b")]:)
// each row is a tool, the loop's names read from the row.
func (r *pyReader) fromFunction(srv *pyServer, i int) {
	p := r.code
	args := p.Args(i+1, "=")
	targets, rows := r.loopRows(i)
	uses := false
	for _, a := range args {
		if a.End-a.Start == 1 && p.Is(a.Start, syntax.Name, "") && slices.Contains(targets, p.Tokens[a.Start].Text) {
			uses = true
		}
	}
	if !uses {
		rows = [][]syntax.Arg{nil}
	}
	for _, row := range rows {
		sub := make([]syntax.Arg, len(args))
		for k, a := range args {
			sub[k] = a
			if a.End-a.Start == 1 && p.Is(a.Start, syntax.Name, "") {
				if n := slices.Index(targets, p.Tokens[a.Start].Text); n >= 0 && row != nil {
					sub[k].Start, sub[k].End = row[n].Start, row[n].End
				}
			}
		}
		fn := ""
		if a, ok := syntax.FindArg(sub, "fn"); ok {
			fn = r.fnArg(a)
			r.registersDefs = r.registersDefs || r.definitionField(a)
		} else if len(sub) > 0 && sub[0].Key == "" {
			fn = r.fnArg(sub[0])
		}
		t := Tool{Name: fn, Evidence: Evidence{Position: p.pos(p.Tokens[i-2].Off)}}
		r.toolArgs(&t, sub, false)
		doc := r.fromDef(&t, fn)
		if t.Description == "" {
			t.Description = doc
		}
		if t.Name != "" {
			r.add(srv, t, fn, i, "")
		}
	}
}

// loopRows reads the innermost for loop around token i over a literal
// list or tuple: its target names and, per row, the element of each.
func (r *pyReader) loopRows(i int) ([]string, [][]syntax.Arg) {
	p := r.code
	minCol := 1 << 30
	for k := i; k >= 0 && k > i-5000; k-- {
		t := &p.Tokens[k]
		if !t.LineStart || t.Col >= minCol {
			continue
		}
		minCol = t.Col
		if t.Kind == syntax.Name && t.Text == "for" {
			var targets []string
			j := k + 1
			if p.Is(j, syntax.Punct, "(") {
				j++
			}
			for p.Is(j, syntax.Name, "") && p.Tokens[j].Text != "in" {
				targets = append(targets, p.Tokens[j].Text)
				j++
				if p.Is(j, syntax.Punct, ",") {
					j++
				}
			}
			if p.Is(j, syntax.Punct, ")") {
				j++
			}
			if !p.Is(j, syntax.Name, "in") || !(p.Is(j+1, syntax.Punct, "[") || p.Is(j+1, syntax.Punct, "(")) || !p.Is(p.Match(j+1)+1, syntax.Punct, ":") {
				return nil, nil
			}
			var rows [][]syntax.Arg
			for _, e := range p.Args(j+1, "") {
				row := []syntax.Arg{e}
				if (p.Is(e.Start, syntax.Punct, "(") || p.Is(e.Start, syntax.Punct, "[")) && p.Match(e.Start) == e.End-1 {
					row = p.Args(e.Start, "")
				}
				if len(row) == len(targets) {
					rows = append(rows, row)
				}
			}
			return targets, rows
		}
		if minCol <= 1 {
			break
		}
	}
	return nil, nil
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

// decorated reads a decorator @x.tool(...) / @x.prompt(...) /
// @x.resource(...) (or @tool) whose @ is at token at and whose kind is
// token k, and the function it decorates.
func (r *pyReader) decorated(srv *pyServer, at, k int, kind string) {
	p := r.code
	var dargs []syntax.Arg
	j := k + 1
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
		if j-k > 200 {
			return
		}
	}
	fname, params, doc, ok := r.pyDef(j)
	if !ok {
		return
	}
	if kind == "tool" && r.helperDef(dargs, true) {
		return
	}
	name, title, desc := fname, "", ""
	var ann Annotations
	computed := false
	uri := ""
	for n, a := range dargs {
		switch {
		case a.Key == "name":
			if v, _, ok := p.str(a.Start, a.End); ok {
				name = v // else computed at run time: the function's name stands
			}
		case a.Key == "title":
			title, _, _ = p.str(a.Start, a.End)
		case a.Key == "description":
			desc, _, _ = p.str(a.Start, a.End)
		case a.Key == "annotations":
			ann, computed = p.pyAnnotations(a)
		case a.Key == "uri" || a.Key == "" && n == 0:
			if v, _, ok := p.str(a.Start, a.End); ok {
				if kind == "resource" {
					uri = v
				} else {
					name = v
				}
			}
		}
	}
	ev := Evidence{Position: p.pos(p.Tokens[at+1].Off)}
	if desc == "" {
		desc = doc
	}
	switch kind {
	case "tool":
		t := Tool{Name: name, Title: title, Params: params, Annotations: ann, HintsComputed: computed, Evidence: ev}
		if desc != doc {
			t.Description = desc
		}
		r.add(srv, t, fname, at, doc)
		r.descParam(srv, dargs)
	case "prompt":
		srv.seen = true
		srv.s.Prompts = append(srv.s.Prompts, Item{Name: name, Description: cleanDoc(desc), Evidence: ev})
	case "resource":
		srv.seen = true
		srv.s.Resources = append(srv.s.Resources, Item{Name: name, URI: uri, Description: cleanDoc(desc), Evidence: ev})
	}
}

// pyDef reads the def at token j: its name, parameters and docstring.
func (p *code) pyDef(j int) (name string, params []Param, doc string, ok bool) {
	if !p.Is(j, syntax.Name, "def") || !p.Is(j+1, syntax.Name, "") || !p.Is(j+2, syntax.Punct, "(") {
		return "", nil, "", false
	}
	name = p.Tokens[j+1].Text
	params = p.pyParams(j + 2)
	body := p.Match(j+2) + 1
	for body < len(p.Tokens) && !p.Is(body, syntax.Punct, ":") {
		if p.Is(body, syntax.Punct, "[") || p.Is(body, syntax.Punct, "(") {
			body = p.Match(body)
		}
		body++
	}
	if p.Is(body+1, syntax.String, "") {
		doc = p.Tokens[body+1].Text
	}
	return name, params, doc, true
}

// pyAnnotations reads annotations=ToolAnnotations(...), a dict, or a name
// the file assigns one of them to before (query_annotations = {...},
// mcp-server-motherduck); computed is true when a hint is an expression,
// or the name's value is not one the scanner reads: annotations are
// declared, their values unknown.
func (p *code) pyAnnotations(a syntax.Arg) (Annotations, bool) {
	start, end := a.Start, a.End
	if end-start == 1 && p.Is(start, syntax.Name, "") && !p.Is(start, syntax.Name, "None") { // annotations=None declares none
		v, ok := p.pyAssigned(p.Tokens[start].Text, start)
		if !ok {
			return Annotations{}, true
		}
		start, end = v, pyStmtEnd(p.File, v-1) // the statement of v-1, the =
	}
	switch {
	case p.Is(start, syntax.Punct, "{"):
		return p.annotationsFrom(p.Args(start, ":"))
	case p.Is(end-1, syntax.Punct, ")"):
		for k := start; k < end; k++ {
			if p.Is(k, syntax.Punct, "(") {
				return p.annotationsFrom(p.Args(k, "="))
			}
		}
	}
	return Annotations{}, false
}

// pyAssigned is the first token of the value last assigned to name at
// the start of a line before token i (name = value).
func (p *code) pyAssigned(name string, i int) (int, bool) {
	if p.assigns == nil {
		p.assigns = map[string][]int{}
		for j := range p.Tokens {
			if p.Tokens[j].LineStart && p.Is(j, syntax.Name, "") && p.Is(j+1, syntax.Punct, "=") {
				p.assigns[p.Tokens[j].Text] = append(p.assigns[p.Tokens[j].Text], j+2)
			}
		}
	}
	vs := p.assigns[name]
	k, _ := slices.BinarySearch(vs, i) // the values before i
	if k == 0 {
		return 0, false
	}
	return vs[k-1], true
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
			if t.Name == "" && a.End-a.Start == 3 && p.Is(a.Start, syntax.Name, "self") && p.Is(a.Start+1, syntax.Punct, ".") {
				t.Name = p.pyClassName(i, p.Tokens[a.Start+2].Text)
			}
		case "title":
			t.Title, _, _ = p.str(a.Start, a.End)
		case "description":
			t.Description, _, _ = p.str(a.Start, a.End)
		case "annotations":
			t.Annotations, t.HintsComputed = p.pyAnnotations(a)
		case "inputSchema", "input_schema":
			if p.Is(a.Start, syntax.Punct, "{") {
				t.Params = p.jsonSchemaParams(a.Start)
			}
		}
	}
	return t, t.Name != ""
}

// pyClassName is the string a tool class gives its attribute attr
// (Tool(name=self.name) at token i, in a method of the class): the first
// argument of its super().__init__(…) call when attr is name
// (mcp-obsidian's ToolHandler subclasses: super().__init__("obsidian_get_file_contents")),
// self.attr = "…" in one of its methods, or a class attribute attr = "…".
// "" when the class sets none of these to a string.
func (p *code) pyClassName(i int, attr string) string {
	start, end := p.pyClassAround(i)
	body := -1 // the column of the class's own statements
	for j := start + 1; j < end && body < 0; j++ {
		if p.Tokens[j].LineStart {
			body = p.Tokens[j].Col
		}
	}
	for j := start; j < end; j++ {
		switch {
		case attr == "name" && p.Is(j, syntax.Name, "super") && p.Is(j+1, syntax.Punct, "(") &&
			p.Is(p.Match(j+1)+1, syntax.Punct, ".") && p.Is(p.Match(j+1)+2, syntax.Name, "__init__") && p.Is(p.Match(j+1)+3, syntax.Punct, "("):
			if args := p.Args(p.Match(j+1)+3, "="); len(args) > 0 && args[0].Key == "" {
				if v, _, ok := p.str(args[0].Start, args[0].End); ok {
					return v
				}
			}
		case p.Is(j, syntax.Name, attr) && p.Is(j+1, syntax.Punct, "=") && (p.Is(j-1, syntax.Punct, ".") && p.Is(j-2, syntax.Name, "self") || p.Tokens[j].LineStart && p.Tokens[j].Col == body):
			if e := pyStmtEnd(p.File, j); e > j+2 {
				if v, _, ok := p.str(j+2, e); ok {
					return v
				}
			}
		}
	}
	return ""
}

// pyClassAround is the token span of the body of the class whose
// methods hold token i: from its class line to the first line indented
// no deeper than it; (0, 0) outside a class.
func (p *code) pyClassAround(i int) (int, int) {
	for k := i; k >= 0; k-- {
		if !p.Tokens[k].LineStart {
			continue
		}
		if p.Is(k, syntax.Name, "class") {
			c := p.Tokens[k].Col
			end := k + 1
			for end < len(p.Tokens) && !(p.Tokens[end].LineStart && p.Tokens[end].Col <= c) {
				end++
			}
			if end > i {
				return k, end
			}
			return 0, 0
		}
		if p.Tokens[k].Col == 1 {
			return 0, 0 // module level before any class
		}
	}
	return 0, 0
}

// pyInfo is what the project pass needs of a Python file's server.
type pyInfo struct {
	weak   bool      // the file does not import the SDK: only a server that reaches it makes it one
	anon   bool      // tools registered on a server object of another file
	vars   []string  // the names the file gives the server object
	mounts []pyMount // servers mounted on it
}

// pyProject joins the servers of a Python project's files: one server
// is one server object across its files. A file that registers tools on
// a server object it does not create (one passed in, or imported)
// belongs to the server of the file that imports it, directly or
// through other modules, or whose server it imports; when a server of
// the file's package or a parent one does not reach it, it is never
// registered and its tools are not the project's. A mounted sub-server
// (parent.mount(sub)) belongs to the parent, its tools and prompts named
// with the mount's prefix, if any, as prefix_name.
type pyProject struct {
	files   map[string]*pyFile
	servers []SourceServer
}

// add records a Python file's imports and servers.
func (pp *pyProject) add(f *project.SourceFile) {
	if pp.files == nil {
		pp.files = map[string]*pyFile{}
	}
	servers, info := readSourceFile(f)
	if info == nil && f.Code != nil {
		info = &pyFile{imports: pyImports(f.Code, f.Path), names: pyImportNames(f.Code, f.Path), defs: pyDefs(&code{File: f.Code, src: f}), all: pyAll(f.Code)}
	}
	if info != nil {
		pp.files[f.Path] = info
	}
	pp.servers = append(pp.servers, servers...)
}

// pyAll reads the module's __all__ = [...] (the last one).
func pyAll(f *syntax.File) []string {
	var all []string
	for i := range f.Tokens {
		t := &f.Tokens[i]
		if t.Kind == syntax.Name && t.Text == "__all__" && t.LineStart && t.Col == 1 && f.Is(i+1, syntax.Punct, "=") && (f.Is(i+2, syntax.Punct, "[") || f.Is(i+2, syntax.Punct, "(")) {
			all = all[:0]
			for _, a := range f.Args(i+2, "") {
				if v, _, ok := f.Str(a.Start, a.End); ok {
					all = append(all, strings.Clone(v))
				}
			}
		}
	}
	return all
}

// pyDefs is the docstrings and parameters of a file's functions.
func pyDefs(p *code) map[string]pyDefInfo {
	var out map[string]pyDefInfo
	for i := range p.Tokens {
		if !p.Is(i, syntax.Name, "def") {
			continue
		}
		name, params, doc, ok := p.pyDef(i)
		if !ok {
			continue
		}
		if out == nil {
			out = map[string]pyDefInfo{}
		}
		if _, dup := out[name]; dup {
			continue
		}
		for k := range params {
			params[k].Name, params[k].Type, params[k].Description = strings.Clone(params[k].Name), strings.Clone(params[k].Type), strings.Clone(params[k].Description)
		}
		out[strings.Clone(name)] = pyDefInfo{doc: strings.Clone(doc), params: params, pos: p.pos(p.Tokens[i].Off)}
	}
	return out
}

// pyImportNames maps the names a file imports to the module files they
// may come from (from m import a as b: b from m/a.py, m/a/__init__.py,
// m.py, m/__init__.py), written as pyImports writes them.
func pyImportNames(f *syntax.File, file string) map[string][]string {
	out := map[string][]string{}
	dir := path.Dir(file)
	for i := range f.Tokens {
		t := &f.Tokens[i]
		if t.Kind != syntax.Name || !t.LineStart || t.Text != "from" {
			continue
		}
		m, _, j := pyModuleAt(f, dir, i)
		if !f.Is(j, syntax.Name, "import") {
			continue
		}
		end := pyStmtEnd(f, i)
		for k := j + 1; k < end; k++ {
			if !f.Is(k, syntax.Name, "") || f.Is(k-1, syntax.Name, "as") || f.Tokens[k].Text == "as" {
				continue
			}
			name := f.Tokens[k].Text
			local := name
			if f.Is(k+1, syntax.Name, "as") && f.Is(k+2, syntax.Name, "") {
				local = f.Tokens[k+2].Text
			}
			out[strings.Clone(local)] = []string{m + "/" + name + ".py", m + "/" + name + "/__init__.py", m + ".py", m + "/__init__.py"}
		}
	}
	return out
}

// pyModuleAt reads the module an import or from statement names, at
// token i: its path (pyModPath), whether it names one at all (a dot or a
// name), and the token after it.
func pyModuleAt(f *syntax.File, dir string, i int) (m string, named bool, j int) {
	j = i + 1
	level := 0
	for ; f.Is(j, syntax.Punct, ".") || f.Is(j, syntax.Punct, "..."); j++ {
		level += len(f.Tokens[j].Text)
	}
	var mod []string
	for f.Is(j, syntax.Name, "") && f.Tokens[j].Text != "import" {
		mod = append(mod, f.Tokens[j].Text)
		if !f.Is(j+1, syntax.Punct, ".") {
			j++
			break
		}
		j += 2
	}
	return pyModPath(dir, level, mod), len(mod) > 0 || level > 0, j
}

// pyModPath is the path of a module: next to the file's directory for a
// relative import (level dots), else "/" and the module's parts.
func pyModPath(dir string, level int, mod []string) string {
	base := "/"
	if level > 0 {
		base = dir
		for k := 1; k < level; k++ {
			base = path.Dir(base)
		}
		base += "/"
	}
	m := strings.TrimPrefix(base+strings.Join(mod, "/"), "./")
	return strings.TrimSuffix(m, "/")
}

// pyImports lists the module files an import statement of the file may
// name: for from .a.b import c, a/b.py, a/b/__init__.py, a/b/c.py and
// a/b/c/__init__.py next to the file; an absolute module's names start
// with "/" and match any file whose path ends with them.
func pyImports(f *syntax.File, file string) []string {
	var out []string
	dir := path.Dir(file)
	for i := range f.Tokens {
		t := &f.Tokens[i]
		if t.Kind != syntax.Name || !t.LineStart || t.Text != "import" && t.Text != "from" {
			continue
		}
		m, named, j := pyModuleAt(f, dir, i)
		if named {
			out = append(out, m+".py", m+"/__init__.py")
		}
		if t.Text == "from" && f.Is(j, syntax.Name, "import") {
			for k, end := j+1, pyStmtEnd(f, i); k < end; k++ {
				if f.Is(k, syntax.Name, "") && !f.Is(k-1, syntax.Name, "as") && f.Tokens[k].Text != "as" {
					out = append(out, m+"/"+f.Tokens[k].Text+".py", m+"/"+f.Tokens[k].Text+"/__init__.py")
				}
			}
		}
	}
	return out
}

// join returns the project's servers, joined.
func (pp *pyProject) join() []SourceServer {
	if len(pp.servers) == 0 {
		return nil
	}
	byBase := map[string][]string{}
	for p := range pp.files {
		byBase[path.Base(p)] = append(byBase[path.Base(p)], p)
	}
	for _, ps := range byBase {
		slices.Sort(ps)
	}
	memo := map[string][]string{}
	resolve := func(m string) []string {
		if !strings.HasPrefix(m, "/") {
			if _, ok := pp.files[m]; ok {
				return []string{m}
			}
			return nil
		}
		if out, ok := memo[m]; ok {
			return out
		}
		var out []string
		tail := m[1:]
		for _, p := range byBase[path.Base(m)] {
			if strings.HasSuffix(p, tail) && (len(p) == len(tail) || p[len(p)-len(tail)-1] == '/') {
				out = append(out, p)
			}
		}
		memo[m] = out
		return out
	}
	edges := map[string][]string{}
	for p, f := range pp.files {
		for _, m := range f.imports {
			edges[p] = append(edges[p], resolve(m)...)
		}
	}
	lookupDef := func(file, fn string) (pyDefInfo, bool) {
		if f := pp.files[file]; f != nil {
			if d, ok := f.defs[fn]; ok {
				return d, true
			}
		}
		for _, q := range edges[file] {
			if f := pp.files[q]; f != nil {
				if d, ok := f.defs[fn]; ok {
					return d, true
				}
			}
		}
		return pyDefInfo{}, false
	}
	pp.registrations(resolve, edges, lookupDef)
	objects, objFiles, reached := serverObjects(pp.servers, edges, func(s *SourceServer) bool { return s.py != nil && !s.py.anon })
	var beside map[string]map[string]bool // besideReach, when first needed
	into := make([]int, len(pp.servers))  // the server each is joined into; -1 dropped; itself when kept
	for k, s := range pp.servers {
		into[k] = k
		if s.py == nil || !s.py.anon {
			continue
		}
		best, bestScore := "", -1
		owned := false
		for _, f := range objFiles {
			if pyUnder(path.Dir(s.File), path.Dir(f)) {
				owned = true // a server of this package or a parent one
			}
			if !reached[f][s.File] && !slices.Contains(edges[s.File], f) {
				continue
			}
			if score := commonDirs(f, s.File); score > bestScore {
				best, bestScore = f, score
			}
		}
		if best == "" && !s.py.weak {
			if beside == nil {
				beside = besideReach(objFiles, edges)
			}
			best = nearest(objFiles, beside, s.File)
		}
		switch {
		case best != "":
			into[k] = objects[best]
		case owned || s.py.weak:
			into[k] = -1 // never registered
		}
	}
	// Mounted sub-servers: a name the parent's file imports, given to a
	// server object in a file it imports.
	for k, s := range pp.servers {
		if s.py == nil || len(s.py.mounts) == 0 {
			continue
		}
		for _, m := range s.py.mounts {
			for k2, sub := range pp.servers {
				if k2 != k && sub.py != nil && slices.Contains(sub.py.vars, m.name) && slices.Contains(edges[s.File], sub.File) && into[k2] == k2 {
					into[k2] = k
					pp.servers[k2].prefix(m.prefix)
				}
			}
		}
	}
	root := func(k int) int {
		for n := 0; n < len(into) && into[k] >= 0 && into[k] != k; n++ {
			k = into[k]
		}
		return k
	}
	var out []SourceServer
	joined := map[int][]int{}
	for k := range pp.servers {
		if r := root(k); r >= 0 && r != k && into[k] >= 0 {
			joined[r] = append(joined[r], k)
		}
	}
	for k, s := range pp.servers {
		if into[k] < 0 || root(k) != k {
			continue
		}
		for _, o := range joined[k] {
			s.absorb(&pp.servers[o])
		}
		if len(joined[k]) > 0 {
			s.settleJoined()
		}
		s.py = nil
		for i := range s.Tools {
			t := &s.Tools[i]
			if t.Description == "" && t.fn != "" {
				if d, ok := lookupDef(t.File, t.fn); ok {
					t.Description = cleanDoc(d.doc)
					if len(t.Params) == 0 {
						t.Params = d.params
					}
				}
			}
			t.Server = s.Name
			t.Hash = ToolHash(*t)
		}
		out = append(out, s)
	}
	return out
}

// registrations adds the tools of helper calls whose helper another file
// defines, and of loops over modules' __all__, to the servers of the
// files that register them.
func (pp *pyProject) registrations(resolve func(string) []string, edges map[string][]string, lookupDef func(file, fn string) (pyDefInfo, bool)) {
	helpers := map[string]pyHelper{}
	paths := slices.Sorted(maps.Keys(pp.files))
	for _, p := range paths {
		for n, h := range pp.files[p].helpers {
			if _, ok := helpers[n]; !ok {
				helpers[n] = h
			}
		}
	}
	first := map[string]int{}
	for k := len(pp.servers) - 1; k >= 0; k-- {
		first[pp.servers[k].File] = k
	}
	serverOf := func(file string) *SourceServer {
		if k, ok := first[file]; ok {
			return &pp.servers[k]
		}
		first[file] = len(pp.servers)
		s := SourceServer{Name: strings.TrimSuffix(path.Base(file), ".py"), Language: Python, py: &pyInfo{anon: true, weak: true}}
		s.Position = project.Position{File: file, Line: 1}
		s.ID = factID("server", file, s.Name)
		pp.servers = append(pp.servers, s)
		return &pp.servers[len(pp.servers)-1]
	}
	registers := registrarsNear(paths, pp.files, edges)
	for _, p := range paths {
		f := pp.files[p]
		if registers[p] && len(f.definitions) > 0 {
			serverOf(p).Tools = append(serverOf(p).Tools, f.definitions...)
		}
		for _, c := range f.calls {
			h, ok := helpers[c.callee]
			if !ok {
				if t, ok := definedBy(c); ok && registers[p] {
					serverOf(p).Tools = append(serverOf(p).Tools, t)
				}
				continue
			}
			t, ok := h.tool(c)
			if !ok {
				continue
			}
			t.fn = c.fn
			serverOf(p).Tools = append(serverOf(p).Tools, t)
		}
		for _, n := range f.allLoops {
			for _, m := range f.names[n] {
				for _, q := range resolve(m) {
					qf := pp.files[q]
					if qf == nil || len(qf.all) == 0 {
						continue
					}
					for _, name := range qf.all {
						t := Tool{Name: name, fn: name, Evidence: Evidence{Position: project.Position{File: q, Line: 1}}}
						if d, ok := lookupDef(q, name); ok {
							t.Position = d.pos
						}
						serverOf(p).Tools = append(serverOf(p).Tools, t)
					}
					break
				}
			}
		}
	}
}

// registrarsNear marks the files whose definition objects a registration
// of definitions (pyFile.registersDefs) takes: a file that imports a
// registrar's file or is one, or that a file importing a registrar's file
// imports too (server.py imports both register.py and tools.py). A
// monorepo's other servers stay out of reach.
func registrarsNear(paths []string, files map[string]*pyFile, edges map[string][]string) map[string]bool {
	isRegistrar := func(p string) bool { return files[p] != nil && files[p].registersDefs }
	out := map[string]bool{}
	for _, p := range paths {
		if isRegistrar(p) || slices.ContainsFunc(edges[p], isRegistrar) {
			out[p] = true
			for _, q := range edges[p] {
				out[q] = true
			}
		}
	}
	return out
}

// definedBy reads a decorator of the project that makes a definition
// object of the function under it (a decorator, not a wrapper called on
// a function, secure_tool(…)(fn)), @dbt_mcp_tool(title=…,
// read_only_hint=…) over def get_mart_models: a decorator whose name ends
// in tool, named by its name argument or the function. Its hints are set
// by the decorator's code.
func definedBy(c pyCall) (Tool, bool) {
	if !c.deco || !strings.HasSuffix(strings.ToLower(c.callee), "tool") || c.fn == "" {
		return Tool{}, false
	}
	t := Tool{Name: cmp.Or(c.kw["name"], c.fn), Title: c.kw["title"], Description: c.kw["description"], HintsComputed: c.hints, Evidence: Evidence{Position: c.at}}
	t.fn = c.fn
	return t, true
}

// pyUnder reports whether dir is base or inside it.
func pyUnder(dir, base string) bool {
	return base == "." || dir == base || strings.HasPrefix(dir, base+"/")
}

// commonDirs counts the leading directories two paths share.
func commonDirs(a, b string) int {
	as, bs := strings.Split(path.Dir(a), "/"), strings.Split(path.Dir(b), "/")
	n := 0
	for n < len(as) && n < len(bs) && as[n] == bs[n] {
		n++
	}
	return n
}
