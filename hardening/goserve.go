package hardening

import (
	"go/ast"
	gotoken "go/token"
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/host"
)

// The Go SDKs' import paths: the official SDK, and mark3labs/mcp-go's
// mcp (types) and server packages.
const (
	goSDK       = "github.com/modelcontextprotocol/go-sdk/mcp"
	mark3MCP    = "github.com/mark3labs/mcp-go/mcp"
	mark3Server = "github.com/mark3labs/mcp-go/server"
	// foxyMCP is foxy-contexts' (github.com/strowk/foxy-contexts, a
	// framework over fx) MCP types: fxctx.NewTool(&mcp.Tool{Name: …}, …).
	foxyMCP = "github.com/strowk/foxy-contexts/pkg/mcp"
)

// goServerAPI is what one Go SDK's server package says of serving, as
// data: the call that makes a server object and the calls (or, for the
// go-sdk's StdioTransport, the literal type) that serve it.
type goServerAPI struct {
	pkg        string            // the package's import path
	newServer  string            // the server constructor
	transports map[string]string // transport constructor or literal type → transport
	// startsAt says a transport value's Start(addr) listens at addr
	// (mark3labs: server.NewSSEServer(s).Start(":8080")).
	startsAt bool
}

var goServerAPIs = []goServerAPI{
	{pkg: goSDK, newServer: "NewServer",
		transports: map[string]string{"NewStreamableHTTPHandler": HTTP, "NewSSEHandler": SSE, "StdioTransport": Stdio}},
	{pkg: mark3Server, newServer: "NewMCPServer", startsAt: true,
		transports: map[string]string{"ServeStdio": Stdio, "NewStdioServer": Stdio, "NewStreamableHTTPServer": HTTP, "NewSSEServer": SSE}},
}

// goFileReader reads what one Go file says of the server it serves: the
// server object (name, version, instructions), its transports, listeners,
// HTTP routes, prompts, resources and authentication, and the go-sdk's
// transport options. The SDK's own calls come from goServerAPIs; the
// standard library's (http.ListenAndServe, net.Listen, http.Server{Addr},
// routes, http.NewCrossOriginProtection, a read of the Origin header) are
// the same for either SDK. Tools are read module-wide (goProgram).
type goFileReader struct {
	f    *goSrc
	apis map[string]*goServerAPI // local package name → API
	s    *SourceServer
	// transports are the local variables holding a transport value, by
	// the API that made it: routes to them serve MCP, and a mark3labs
	// transport's Start(addr) listens.
	transports map[string]*goServerAPI
	routes     []route
	seen       bool // the file uses an SDK's server API
}

// route is an HTTP route and the handler it is given.
type route struct {
	ep      Endpoint
	handler ast.Expr
}

// readGoServing reads a Go file that imports an SDK's server API; nil when
// it neither imports one nor uses it. A file of the project that imports
// neither but reads the Origin header (a DNS-rebinding middleware beside
// the server) gives only that check, for the server its package serves.
func readGoServing(s *goSrc) *SourceServer {
	r := &goFileReader{f: s, apis: map[string]*goServerAPI{}, s: &SourceServer{}, transports: map[string]*goServerAPI{}}
	for i := range goServerAPIs {
		if name := s.local(goServerAPIs[i].pkg); name != "" {
			r.apis[name] = &goServerAPIs[i]
		}
	}
	if len(r.apis) == 0 {
		if s.local("net/http") == "" {
			return nil
		}
		ast.Inspect(s.sf.Go.AST, func(n ast.Node) bool {
			if r.s.OriginCheck == nil {
				r.origin(n)
			}
			return r.s.OriginCheck == nil
		})
		if r.s.OriginCheck == nil {
			return nil
		}
		return &SourceServer{OriginCheck: r.s.OriginCheck}
	}
	ast.Inspect(s.sf.Go.AST, r.visit)
	if !r.seen {
		return nil
	}
	for _, rt := range r.routes {
		if r.servesMCP(rt.handler) {
			r.s.Transports = append(r.s.Transports, rt.ep)
		}
	}
	r.s.Transports = routeTransports(r.s.Transports)
	return r.s
}

// routeTransports gives the routes of a file serving MCP over HTTP the
// transport of its handler (SSE when that is the only one); routes of a
// file without one are dropped.
func routeTransports(es []Endpoint) []Endpoint {
	kind := ""
	for _, e := range es {
		if e.Transport == HTTP || e.Transport == SSE && kind == "" {
			kind = e.Transport
		}
	}
	out := es[:0]
	for _, e := range es {
		if e.Transport == "" {
			if kind == "" {
				continue
			}
			e.Transport = kind
		}
		out = append(out, e)
	}
	return out
}

func (r *goFileReader) str(e ast.Expr) (string, bool) {
	if e == nil {
		return "", false
	}
	return r.f.sf.Go.Str(e)
}

// api returns the API and name of a selector pkg.Name of an SDK's server
// package.
func (r *goFileReader) api(e ast.Expr) (*goServerAPI, string) {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok {
		return nil, ""
	}
	id, ok := sel.X.(*ast.Ident)
	if !ok {
		return nil, ""
	}
	return r.apis[id.Name], sel.Sel.Name
}

// transport is the API and transport of a call or literal that makes a
// transport value.
func (r *goFileReader) transport(e ast.Expr) (*goServerAPI, string) {
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == gotoken.AND {
		e = u.X
	}
	var typ ast.Expr
	switch x := e.(type) {
	case *ast.CallExpr:
		typ = x.Fun
	case *ast.CompositeLit:
		typ = x.Type
	}
	if api, name := r.api(typ); api != nil && api.transports[name] != "" {
		return api, api.transports[name]
	}
	return nil, ""
}

// servesMCP reports a route handler that is an MCP transport, made in
// place or held in a variable, or wrapped by a call (a middleware).
func (r *goFileReader) servesMCP(h ast.Expr) bool {
	found := false
	ast.Inspect(h, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Ident:
			found = found || r.transports[n.Name] != nil
		case ast.Expr:
			if api, _ := r.transport(n); api != nil {
				found = true
			}
		}
		return !found
	})
	return found
}

// sdkLit returns the fields of &pkg.T{...} or pkg.T{...} where pkg is the
// import path's local name.
func (r *goFileReader) sdkLit(e ast.Expr, importPath, typ string) map[string]ast.Expr {
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == gotoken.AND {
		e = u.X
	}
	cl, ok := e.(*ast.CompositeLit)
	if !ok || !isPkgFunc(cl.Type, r.f.local(importPath), typ) {
		return nil
	}
	return litFields(cl)
}

func (r *goFileReader) visit(n ast.Node) bool {
	r.origin(n)
	switch n := n.(type) {
	case *ast.AssignStmt:
		for i, lhs := range n.Lhs {
			if id, ok := lhs.(*ast.Ident); ok && len(n.Rhs) == len(n.Lhs) {
				if api, _ := r.transport(n.Rhs[i]); api != nil {
					r.transports[id.Name] = api
				}
			}
		}
	case *ast.ValueSpec:
		for i, id := range n.Names {
			if i < len(n.Values) {
				if api, _ := r.transport(n.Values[i]); api != nil {
					r.transports[id.Name] = api
				}
			}
		}
	case *ast.CallExpr:
		r.call(n)
	case *ast.CompositeLit:
		if api, tr := r.transport(n); api != nil {
			r.seen = true
			r.s.Transports = append(r.s.Transports, Endpoint{Transport: tr, Evidence: r.f.evidence(n)})
		}
		for _, typ := range []string{"StreamableHTTPOptions", "SSEOptions"} {
			fields := r.sdkLit(n, goSDK, typ)
			if v, ok := fields["DisableLocalhostProtection"]; ok {
				if b := goBool(v, nil, 0); b == nil || *b {
					ev := r.f.evidence(v)
					r.s.LocalhostProtectionOff = &ev
				}
			}
			if v, ok := fields["CrossOriginProtection"]; ok {
				if id, isNil := v.(*ast.Ident); !isNil || id.Name != "nil" {
					ev := r.f.evidence(v)
					r.s.OriginCheck = &ev
				}
			}
		}
		if isPkgFunc(n.Type, "http", "Server") {
			if v, ok := litFields(n)["Addr"]; ok {
				r.listen(v, n)
			}
		}
	case *ast.SelectorExpr:
		if n.Sel.Name == "RequireBearerToken" {
			r.s.Auth = append(r.s.Auth, "RequireBearerToken")
		}
	}
	return true
}

// origin records the first Origin check: http.NewCrossOriginProtection or
// the header's name as a string ("Origin").
func (r *goFileReader) origin(n ast.Node) {
	if r.s.OriginCheck != nil {
		return
	}
	switch n := n.(type) {
	case *ast.CallExpr:
		if !isPkgFunc(n.Fun, "http", "NewCrossOriginProtection") {
			return
		}
	case *ast.BasicLit:
		if n.Kind != gotoken.STRING || !strings.EqualFold(strings.Trim(n.Value, "\"`"), "Origin") {
			return
		}
	default:
		return
	}
	ev := r.f.evidence(n)
	r.s.OriginCheck = &ev
}

func (r *goFileReader) call(c *ast.CallExpr) {
	if api, name := r.api(c.Fun); api != nil {
		switch {
		case name == api.newServer && r.s.Line == 0:
			r.seen = true
			r.server(api, c)
		case api.transports[name] != "":
			r.seen = true
			r.s.Transports = append(r.s.Transports, Endpoint{Transport: api.transports[name], Evidence: r.f.evidence(c)})
		}
	}
	switch {
	case isMethod(c.Fun, "AddPrompt") && len(c.Args) >= 1:
		if it, ok := r.item(c, c.Args[0], "Prompt"); ok {
			r.s.Prompts = append(r.s.Prompts, it)
		}
	case isMethod(c.Fun, "AddResource") && len(c.Args) >= 1:
		if it, ok := r.item(c, c.Args[0], "Resource"); ok {
			r.s.Resources = append(r.s.Resources, it)
		}
	case isMethod(c.Fun, "Start") && len(c.Args) == 1:
		recv := c.Fun.(*ast.SelectorExpr).X
		api, _ := r.transport(recv)
		if id, ok := recv.(*ast.Ident); ok {
			api = r.transports[id.Name]
		}
		if api != nil && api.startsAt {
			r.listen(c.Args[0], c)
		}
	case isPkgFunc(c.Fun, "http", "ListenAndServe") || isPkgFunc(c.Fun, "http", "ListenAndServeTLS"):
		if len(c.Args) > 0 {
			r.listen(c.Args[0], c)
		}
	case isPkgFunc(c.Fun, "net", "Listen") && len(c.Args) == 2:
		r.listen(c.Args[1], c)
	case isPkgFunc(c.Fun, "http", "Handle") || isPkgFunc(c.Fun, "http", "HandleFunc") || isMethod(c.Fun, "Handle") || isMethod(c.Fun, "HandleFunc"):
		if len(c.Args) == 2 {
			if p, ok := r.str(c.Args[0]); ok && strings.Contains(p, "/") {
				r.routes = append(r.routes, route{ep: Endpoint{Path: routePath(p), Evidence: r.f.evidence(c)}, handler: c.Args[1]})
			}
		}
	}
}

// server reads the server constructor's name, version and instructions:
// go-sdk NewServer(&mcp.Implementation{Name, Version},
// &mcp.ServerOptions{Instructions}); mark3labs NewMCPServer(name, version,
// server.WithInstructions(text), …).
func (r *goFileReader) server(api *goServerAPI, c *ast.CallExpr) {
	r.s.Evidence = r.f.evidence(c)
	instructions := func(v ast.Expr) {
		if s, ok := r.str(v); ok {
			r.s.Instructions = &Text{Text: s, Evidence: r.f.evidence(v)}
		}
	}
	switch api.pkg {
	case goSDK:
		if len(c.Args) > 0 {
			f := r.sdkLit(c.Args[0], goSDK, "Implementation")
			r.s.Name, _ = r.str(f["Name"])
			r.s.Version, _ = r.str(f["Version"])
		}
		if len(c.Args) > 1 {
			if v, ok := r.sdkLit(c.Args[1], goSDK, "ServerOptions")["Instructions"]; ok {
				instructions(v)
			}
		}
	case mark3Server:
		if len(c.Args) > 0 {
			r.s.Name, _ = r.str(c.Args[0])
		}
		if len(c.Args) > 1 {
			r.s.Version, _ = r.str(c.Args[1])
		}
		for _, o := range c.Args[min(2, len(c.Args)):] {
			if oc, ok := o.(*ast.CallExpr); ok && len(oc.Args) == 1 {
				if a, name := r.api(oc.Fun); a == api && name == "WithInstructions" {
					instructions(oc.Args[0])
				}
			}
		}
	}
}

// item reads the prompt or resource (typ) a call adds: the go-sdk's
// &mcp.Prompt{Name, Description} and &mcp.Resource{Name, URI,
// Description}, mark3labs' mcp.NewPrompt(name, mcp.WithPromptDescription(…))
// and mcp.NewResource(uri, name, mcp.WithResourceDescription(…)).
func (r *goFileReader) item(at ast.Node, e ast.Expr, typ string) (Item, bool) {
	it := Item{Evidence: r.f.evidence(at)}
	if f := r.sdkLit(e, goSDK, typ); f != nil {
		it.Name, _ = r.str(f["Name"])
		it.URI, _ = r.str(f["URI"])
		it.Description, _ = r.str(f["Description"])
		return it, true
	}
	c, ok := e.(*ast.CallExpr)
	if !ok || !isPkgFunc(c.Fun, r.f.local(mark3MCP), "New"+typ) {
		return Item{}, false
	}
	opts := c.Args
	switch {
	case typ == "Prompt" && len(c.Args) > 0:
		it.Name, _ = r.str(c.Args[0])
		opts = c.Args[1:]
	case typ == "Resource" && len(c.Args) > 1:
		it.URI, _ = r.str(c.Args[0])
		it.Name, _ = r.str(c.Args[1])
		opts = c.Args[2:]
	}
	for _, o := range opts {
		if oc, ok := o.(*ast.CallExpr); ok && len(oc.Args) == 1 && isPkgFunc(oc.Fun, r.f.local(mark3MCP), "With"+typ+"Description") {
			it.Description, _ = r.str(oc.Args[0])
		}
	}
	return it, true
}

// routePath drops the method of a Go 1.22 pattern ("POST /mcp").
func routePath(p string) string {
	if _, after, ok := strings.Cut(p, " "); ok {
		return strings.TrimSpace(after)
	}
	return p
}

func (r *goFileReader) listen(addr ast.Expr, at ast.Node) {
	l := Listen{Evidence: r.f.evidence(at)}
	if v, ok := r.str(addr); ok {
		l.Address, l.Resolved, l.AllInterfaces = v, true, host.AllInterfaces(v)
	}
	r.s.Listens = append(r.s.Listens, l)
}

func isMethod(e ast.Expr, name string) bool {
	sel, ok := e.(*ast.SelectorExpr)
	return ok && sel.Sel.Name == name
}

// isPkgFunc reports a selector pkg.name ("" never matches).
func isPkgFunc(e ast.Expr, pkg, name string) bool {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != name || pkg == "" {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	return ok && id.Name == pkg
}
