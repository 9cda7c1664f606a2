package hardening

import (
	"go/ast"
	gotoken "go/token"
	"reflect"
	"strconv"
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/host"
	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/secrets"
)

const goSDK = "github.com/modelcontextprotocol/go-sdk/mcp"

// goReader reads one Go file of an MCP server written with the official
// Go SDK, from the syntax tree the index parsed.
type goReader struct {
	src   *project.SourceFile
	f     *ast.File
	mcp   string // the local name of the mcp package
	types map[string]*ast.StructType
	funcs map[string]*ast.FuncDecl
	s     *SourceServer
	seen  bool
}

// readGo reads a Go file; a file without the SDK gives nothing. Of a file
// with a syntax error (which the index reports) it reads what parsed.
func readGo(src *project.SourceFile) *SourceServer {
	f := src.Go.AST
	r := &goReader{src: src, f: f, types: map[string]*ast.StructType{}, funcs: map[string]*ast.FuncDecl{}, s: &SourceServer{}}
	for _, imp := range f.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); p == goSDK {
			r.mcp = "mcp"
			if imp.Name != nil {
				r.mcp = imp.Name.Name
			}
		}
	}
	if r.mcp == "" {
		return nil
	}
	r.collect()
	ast.Inspect(f, r.visit)
	if !r.seen {
		return nil
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

// collect indexes the file's struct types and functions.
func (r *goReader) collect() {
	for _, d := range r.f.Decls {
		switch d := d.(type) {
		case *ast.GenDecl:
			for _, sp := range d.Specs {
				if ts, ok := sp.(*ast.TypeSpec); ok {
					if st, ok := ts.Type.(*ast.StructType); ok {
						r.types[ts.Name.Name] = st
					}
				}
			}
		case *ast.FuncDecl:
			if d.Recv == nil {
				r.funcs[d.Name.Name] = d
			}
		}
	}
}

func (r *goReader) pos(p gotoken.Pos) project.Position { return r.src.GoPos(p) }

// evidence points at the line where n starts.
func (r *goReader) evidence(n ast.Node) Evidence {
	p := r.pos(n.Pos())
	return Evidence{Position: p, Excerpt: secrets.Excerpt(r.src.LineText(p.Line))}
}

// isMCP reports a selector mcp.Name.
func (r *goReader) isMCP(e ast.Expr, name string) bool {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != name {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	return ok && id.Name == r.mcp
}

// str evaluates a string constant expression: literals, + and the
// constants of the file (syntax.GoFile.Str).
func (r *goReader) str(e ast.Expr) (string, bool) {
	if e == nil {
		return "", false
	}
	return r.src.Go.Str(e)
}

// boolPtr evaluates true, false, ptr(false)-style helpers and new(bool).
func (r *goReader) boolPtr(e ast.Expr) *bool {
	switch e := e.(type) {
	case *ast.Ident:
		switch e.Name {
		case "true":
			return ptr(true)
		case "false":
			return ptr(false)
		}
	case *ast.CallExpr:
		if id, ok := e.Fun.(*ast.Ident); ok && id.Name == "new" {
			return ptr(false)
		}
		if len(e.Args) == 1 {
			return r.boolPtr(e.Args[0])
		}
	case *ast.UnaryExpr:
		return r.boolPtr(e.X)
	}
	return nil
}

// item reads the &mcp.Prompt{…} or &mcp.Resource{…} (typ) a call adds:
// its Name, URI (a resource's) and Description.
func (r *goReader) item(c *ast.CallExpr, typ string) (Item, bool) {
	_, f := r.composite(c.Args[0], typ)
	if f == nil {
		return Item{}, false
	}
	r.seen = true
	it := Item{Evidence: r.evidence(c)}
	it.Name, _ = r.str(f["Name"])
	it.URI, _ = r.str(f["URI"])
	it.Description, _ = r.str(f["Description"])
	return it, true
}

// composite returns the fields of &mcp.T{...} or mcp.T{...}.
func (r *goReader) composite(e ast.Expr, typ string) (*ast.CompositeLit, map[string]ast.Expr) {
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == gotoken.AND {
		e = u.X
	}
	cl, ok := e.(*ast.CompositeLit)
	if !ok || !r.isMCP(cl.Type, typ) {
		return nil, nil
	}
	fields := map[string]ast.Expr{}
	for _, el := range cl.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if k, ok := kv.Key.(*ast.Ident); ok {
				fields[k.Name] = kv.Value
			}
		}
	}
	return cl, fields
}

func (r *goReader) visit(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.CallExpr:
		r.call(n)
	case *ast.CompositeLit:
		for _, typ := range []string{"StreamableHTTPOptions", "SSEOptions"} {
			if _, fields := r.composite(n, typ); fields != nil {
				if v, ok := fields["DisableLocalhostProtection"]; ok {
					if b := r.boolPtr(v); b == nil || *b {
						ev := r.evidence(v)
						r.s.LocalhostProtectionOff = &ev
					}
				}
				if v, ok := fields["CrossOriginProtection"]; ok {
					if id, isNil := v.(*ast.Ident); !isNil || id.Name != "nil" {
						ev := r.evidence(v)
						r.s.OriginCheck = &ev
					}
				}
			}
		}
		if isPkgFunc(n.Type, "http", "Server") {
			r.httpServer(n)
		}
		if r.isMCP(n.Type, "StdioTransport") {
			r.seen = true
			r.s.Transports = append(r.s.Transports, Endpoint{Transport: Stdio, Evidence: r.evidence(n)})
		}
	case *ast.SelectorExpr:
		if n.Sel.Name == "RequireBearerToken" {
			r.s.Auth = append(r.s.Auth, "RequireBearerToken")
		}
	case *ast.BasicLit:
		if n.Kind == gotoken.STRING && strings.EqualFold(strings.Trim(n.Value, "\"`"), "Origin") && r.s.OriginCheck == nil {
			ev := r.evidence(n)
			r.s.OriginCheck = &ev
		}
	}
	return true
}

func (r *goReader) call(c *ast.CallExpr) {
	switch {
	case r.isMCP(c.Fun, "NewServer") && len(c.Args) >= 1:
		r.seen = true
		r.s.Evidence = r.evidence(c)
		if _, f := r.composite(c.Args[0], "Implementation"); f != nil {
			r.s.Name, _ = r.str(f["Name"])
			r.s.Version, _ = r.str(f["Version"])
		}
		if len(c.Args) > 1 {
			if _, f := r.composite(c.Args[1], "ServerOptions"); f != nil {
				if v, ok := f["Instructions"]; ok {
					if s, ok := r.str(v); ok {
						r.s.Instructions = &Text{Text: s, Evidence: r.evidence(v)}
					}
				}
			}
		}
	case r.isMCP(c.Fun, "AddTool") && len(c.Args) >= 2:
		r.tool(c.Args[1], c.Args[2:])
	case isMethod(c.Fun, "AddTool") && len(c.Args) >= 1:
		r.tool(c.Args[0], c.Args[1:])
	case isMethod(c.Fun, "AddPrompt") && len(c.Args) >= 1:
		if it, ok := r.item(c, "Prompt"); ok {
			r.s.Prompts = append(r.s.Prompts, it)
		}
	case isMethod(c.Fun, "AddResource") && len(c.Args) >= 1:
		if it, ok := r.item(c, "Resource"); ok {
			r.s.Resources = append(r.s.Resources, it)
		}
	case r.isMCP(c.Fun, "NewStreamableHTTPHandler"):
		r.seen = true
		r.s.Transports = append(r.s.Transports, Endpoint{Transport: HTTP, Evidence: r.evidence(c)})
	case r.isMCP(c.Fun, "NewSSEHandler"):
		r.seen = true
		r.s.Transports = append(r.s.Transports, Endpoint{Transport: SSE, Evidence: r.evidence(c)})
	case isPkgFunc(c.Fun, "http", "NewCrossOriginProtection"):
		ev := r.evidence(c)
		r.s.OriginCheck = &ev
	case isPkgFunc(c.Fun, "http", "ListenAndServe") || isPkgFunc(c.Fun, "http", "ListenAndServeTLS"):
		if len(c.Args) > 0 {
			r.listen(c.Args[0], c)
		}
	case isPkgFunc(c.Fun, "net", "Listen") && len(c.Args) == 2:
		r.listen(c.Args[1], c)
	case isPkgFunc(c.Fun, "http", "Handle") || isPkgFunc(c.Fun, "http", "HandleFunc") || isMethod(c.Fun, "Handle") || isMethod(c.Fun, "HandleFunc"):
		if len(c.Args) == 2 {
			if p, ok := r.str(c.Args[0]); ok && strings.Contains(p, "/") {
				r.s.Transports = append(r.s.Transports, Endpoint{Path: routePath(p), Evidence: r.evidence(c)})
			}
		}
	}
}

// httpServer reads the Addr of an http.Server literal.
func (r *goReader) httpServer(cl *ast.CompositeLit) {
	for _, el := range cl.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "Addr" {
				r.listen(kv.Value, cl)
			}
		}
	}
}

// routePath drops the method of a Go 1.22 pattern ("POST /mcp").
func routePath(p string) string {
	if _, after, ok := strings.Cut(p, " "); ok {
		return strings.TrimSpace(after)
	}
	return p
}

func (r *goReader) listen(addr ast.Expr, at ast.Node) {
	l := Listen{Evidence: r.evidence(at)}
	if v, ok := r.str(addr); ok {
		l.Address, l.Resolved, l.AllInterfaces = v, true, host.AllInterfaces(v)
	}
	r.s.Listens = append(r.s.Listens, l)
}

func isMethod(e ast.Expr, name string) bool {
	sel, ok := e.(*ast.SelectorExpr)
	return ok && sel.Sel.Name == name
}

func isPkgFunc(e ast.Expr, pkg, name string) bool {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != name {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	return ok && id.Name == pkg
}

// tool reads &mcp.Tool{...} and, for the typed mcp.AddTool, the input
// struct of its handler.
func (r *goReader) tool(e ast.Expr, rest []ast.Expr) {
	cl, f := r.composite(e, "Tool")
	if f == nil {
		return
	}
	r.seen = true
	t := Tool{Evidence: r.evidence(cl)}
	t.Name, _ = r.str(f["Name"])
	t.Title, _ = r.str(f["Title"])
	t.Description, _ = r.str(f["Description"])
	if v, ok := f["Annotations"]; ok {
		if _, af := r.composite(v, "ToolAnnotations"); af != nil {
			t.Annotations.Title, _ = r.str(af["Title"])
			if v, ok := af["ReadOnlyHint"]; ok {
				t.Annotations.ReadOnlyHint = r.boolPtr(v)
			}
			if v, ok := af["DestructiveHint"]; ok {
				t.Annotations.DestructiveHint = r.boolPtr(v)
			}
			if v, ok := af["IdempotentHint"]; ok {
				t.Annotations.IdempotentHint = r.boolPtr(v)
			}
			if v, ok := af["OpenWorldHint"]; ok {
				t.Annotations.OpenWorldHint = r.boolPtr(v)
			}
		}
	}
	if len(rest) > 0 {
		t.Params = r.handlerParams(rest[0])
	}
	r.s.Tools = append(r.s.Tools, t)
}

// handlerParams reads the input struct of a typed tool handler
// func(ctx, *mcp.CallToolRequest, In) (...): json names, jsonschema
// descriptions, and required unless omitempty or omitzero.
func (r *goReader) handlerParams(h ast.Expr) []Param {
	var ft *ast.FuncType
	switch h := h.(type) {
	case *ast.FuncLit:
		ft = h.Type
	case *ast.Ident:
		if fd, ok := r.funcs[h.Name]; ok {
			ft = fd.Type
		}
	}
	if ft == nil || ft.Params == nil {
		return nil
	}
	var types []ast.Expr
	for _, fld := range ft.Params.List {
		for range max(1, len(fld.Names)) {
			types = append(types, fld.Type)
		}
	}
	if len(types) < 3 {
		return nil
	}
	id, ok := types[2].(*ast.Ident)
	if !ok {
		return nil
	}
	st := r.types[id.Name]
	if st == nil {
		return nil
	}
	var out []Param
	for _, fld := range st.Fields.List {
		tag := ""
		if fld.Tag != nil {
			tag, _ = strconv.Unquote(fld.Tag.Value)
		}
		st := reflect.StructTag(tag)
		jsonTag := st.Get("json")
		name, opts, _ := strings.Cut(jsonTag, ",")
		if name == "-" {
			continue
		}
		for _, n := range fld.Names {
			p := Param{Name: name, Type: goJSONType(fld.Type), Description: st.Get("jsonschema"), Position: r.pos(n.Pos()),
				Required: !strings.Contains(opts, "omitempty") && !strings.Contains(opts, "omitzero")}
			if p.Name == "" {
				p.Name = n.Name
			}
			out = append(out, p)
		}
	}
	return out
}

func goJSONType(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return jsonType(e.Name)
	case *ast.StarExpr:
		return goJSONType(e.X)
	case *ast.ArrayType:
		return "array"
	case *ast.MapType, *ast.StructType:
		return "object"
	}
	return ""
}
