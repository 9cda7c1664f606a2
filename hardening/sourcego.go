package hardening

import (
	"bytes"
	"cmp"
	"go/ast"
	gotoken "go/token"
	"path"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/secrets"
	"github.com/mcp-comply/mcp-comply/internal/syntax"
)

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

// goPackages collects the Go files of the project during the one source
// pass and, at the end, reads the tools of every package together: a Go
// server's tools are seldom written in the file that creates the server.
//
// # Which Go code is a tool
//
// A tool is read where its definition is built, wherever that is in the
// module: a composite literal of an SDK's Tool type (go-sdk's or
// mark3labs' mcp.Tool{…}, &mcp.Tool{…}, or an element of a []mcp.Tool
// table), a mark3labs mcp.NewTool(name, options…) call, or a literal of a
// tool type of the module's own: a struct type whose Name field the code
// copies into an SDK Tool (mcp.Tool{Name: t.Tool.Name, …} with t a
// parameter of that type, as a toolset layer over the SDK does). Its name,
// description, title, annotations and input schema are evaluated as
// string constants across the module: literals, +, the package's const
// and var declarations in any of its files, those of the module's other
// packages (through their imports), local variables of the function,
// calls of the module's functions that return a constant (a body of
// assignments, if statements over string comparisons and returns),
// fmt.Sprintf with %s and %v, and a call of a function-valued parameter
// (a translation helper t("KEY", "default text")) as its last argument.
//
// A definition whose name comes from a parameter of the function it is in
// (a wrapper such as MustTool(name, description, handler, options…), or a
// helper that fills in a shared schema) is not a tool itself: each call of
// that function in the module is one, with the parameters bound to the
// call's arguments, through any number of wrappers (bounded); its evidence
// is the outermost call, where the name is written. Such a call whose name
// still does not evaluate (a conversion of tools read elsewhere) gives no
// tool. A definition that is not in a wrapper and whose name does not
// evaluate is a tool named as written, its computed parts in source form.
// mark3labs options (mcp.WithDescription, mcp.WithString(…,
// mcp.Description(…), mcp.Required()), the hint annotations) are read from
// the NewTool call and from a wrapper's ToolOption parameters; parameters
// also come from a typed handler next to the definition, its last
// parameter a struct of the package (json names, jsonschema descriptions).
// Tools are not followed from their registration: a definition that is
// never registered is still read, and tools made at run time from data
// are not.
//
// # Which server a tool is of
//
// A server is an SDK server object: a go-sdk mcp.NewServer or mark3labs
// server.NewMCPServer call. A tool defined in a file that creates one is
// of that server; any other tool (toolsets registered on a server passed
// in as a parameter) is of the one server its package creates, else of
// the one server its module (the directory of a go.mod) creates, else of
// one server for the module, named after the module path, at its go.mod.
// What the other files of a module say about serving (transports,
// listeners, authentication) goes to the server the same way.
type goPackages struct {
	files []*goSrc
	other int // bytes kept of files that name no tool
}

// goSrc is one Go file kept for the end of the pass.
type goSrc struct {
	sf      *project.SourceFile
	dir     string
	imports map[string]string // local name → import path
	srv     *SourceServer     // what the file says of serving (readGoServing)
	pkg     *goPkg
}

// maxGoOther bounds the source kept of Go files that name neither "Tool"
// nor "mcp" (their constants, types and handlers may still be used by a
// tool), so a large Go project without MCP is not held in memory whole.
const maxGoOther = 32 << 20

// add keeps a non-test Go file for the end of the pass: every file that
// names "Tool", "mcp" or "MCP", others up to maxGoOther bytes in all.
func (g *goPackages) add(f *project.SourceFile) {
	if f.Go == nil || f.Go.AST == nil {
		return
	}
	if !bytes.Contains(f.Data, []byte("Tool")) && !bytes.Contains(f.Data, []byte("mcp")) && !bytes.Contains(f.Data, []byte("MCP")) {
		if g.other+len(f.Data) > maxGoOther {
			return
		}
		g.other += len(f.Data)
	}
	s := &goSrc{sf: f, dir: path.Dir(f.Path), imports: map[string]string{}}
	for _, imp := range f.Go.AST.Imports {
		p, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			continue
		}
		name := path.Base(p)
		if imp.Name != nil {
			name = imp.Name.Name
		} else if p == mark3MCP || p == goSDK || p == foxyMCP {
			name = "mcp"
		} else if strings.HasPrefix(name, "v") && strings.Count(p, "/") > 0 && isDigits(name[1:]) {
			name = path.Base(path.Dir(p)) // example.com/x/v2
		}
		s.imports[name] = p
	}
	s.srv = readGoServing(s)
	g.files = append(g.files, s)
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// local is the name the file gives the package of an import path, "" when
// it does not import it.
func (s *goSrc) local(importPath string) string {
	for name, p := range s.imports {
		if p == importPath && name != "_" && name != "." {
			return name
		}
	}
	return ""
}

// goPkg is the files of one Go package: a directory and a package clause.
type goPkg struct {
	dir   string
	mod   *goModule
	files []*goSrc
	vals  map[string]goDecl     // package-level const and var values
	funcs map[string]*goFn      // functions (not methods)
	types map[string]goTypeDecl // struct types
}

type goDecl struct {
	f *goSrc
	e ast.Expr
}

type goTypeDecl struct {
	f  *goSrc
	st *ast.StructType
}

// goFn is a function declaration (or a method, fn.Recv set).
type goFn struct {
	f      *goSrc
	d      *ast.FuncDecl
	locals map[string]ast.Expr // first value assigned to each local name
	params map[string]ast.Expr // parameter (and receiver) name → type
	order  []string            // parameter names in order, "" for unnamed
	types  []ast.Expr
}

// goModule is a go.mod: its directory and module path.
type goModule struct {
	dir, path string
	goMod     string // the go.mod file ("" for the project root without one)
	servers   []*goServer
	fallback  *goServer
}

// goServer is one server object of a module and what is gathered for it.
type goServer struct {
	s   *SourceServer
	pkg *goPkg
	f   *goSrc
}

// goProgram is the module-wide view the tools are read from.
type goProgram struct {
	mods    []*goModule
	pkgs    map[string]*goPkg // by directory
	mirrors map[goTypeKey]bool
	callers map[*goFn][]goCall
	insts   map[*goFn][]*goEnv
	busy    map[*goFn]bool
	fns     map[*ast.FuncDecl]*goFn
	reach   map[*goPkg]map[*goPkg]bool
	steps   int
}

// fnOf is the goFn of a declaration, made once.
func (p *goProgram) fnOf(f *goSrc, fd *ast.FuncDecl) *goFn {
	if fn, ok := p.fns[fd]; ok {
		return fn
	}
	fn := f.pkg.funcs[fd.Name.Name]
	if fd.Recv != nil || fn == nil || fn.d != fd {
		fn = newGoFn(f, fd)
	}
	p.fns[fd] = fn
	return fn
}

type goTypeKey struct{ dir, name string }

// goCall is a call of a module function.
type goCall struct {
	c  *ast.CallExpr
	f  *goSrc
	in *goFn // the function the call is in; nil at package level
}

// goEnv is where an expression is evaluated: its file, the function it
// is in, and the values bound to that function's parameters (for a call
// being followed) or assigned to its locals (while running a body).
type goEnv struct {
	f     *goSrc
	fn    *goFn
	vars  map[string]goArg
	call  *ast.CallExpr // the call that bound vars, for a wrapper instance
	callF *goSrc
}

// goArg is a value bound to a name: an expression in its environment, a
// list (a variadic parameter), or a string already evaluated.
type goArg struct {
	e      ast.Expr
	env    *goEnv
	list   []goArg
	isList bool
	s      string
	done   bool // s holds the value
	bad    bool // known not to evaluate
}

// Bounds on following code: the depth of one evaluation, the steps of
// all of them, the wrapper instances of one function.
const (
	maxGoDepth = 24
	maxGoSteps = 2_000_000
	maxInsts   = 512
)

// servers reads the tools of every package and returns the servers.
func (g *goPackages) servers(idx *project.Index) []SourceServer {
	if len(g.files) == 0 {
		return nil
	}
	p := &goProgram{pkgs: map[string]*goPkg{}, mirrors: map[goTypeKey]bool{}, callers: map[*goFn][]goCall{}, insts: map[*goFn][]*goEnv{}, busy: map[*goFn]bool{}, fns: map[*ast.FuncDecl]*goFn{}}
	for _, f := range idx.Files(project.GoMod) {
		m := &goModule{dir: path.Dir(f.Path), goMod: f.Path}
		for _, line := range strings.Split(string(idx.Read(f.Path)), "\n") {
			if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "module"); ok {
				m.path = strings.Trim(strings.TrimSpace(strings.SplitN(rest, "//", 2)[0]), `"`)
				break
			}
		}
		p.mods = append(p.mods, m)
	}
	root := &goModule{dir: "."}
	for _, f := range g.files {
		key := f.dir + "\x00" + f.sf.Go.AST.Name.Name
		pk := p.pkgs[key]
		if pk == nil {
			pk = &goPkg{dir: f.dir, mod: p.moduleOf(f.dir, root), vals: map[string]goDecl{}, funcs: map[string]*goFn{}, types: map[string]goTypeDecl{}}
			p.pkgs[key] = pk
		}
		f.pkg = pk
		pk.files = append(pk.files, f)
		pk.collect(f)
	}
	p.index()
	p.findMirrors()
	tools := p.tools()
	return p.assemble(tools, root)
}

// moduleOf is the module holding dir: the deepest go.mod above it.
func (p *goProgram) moduleOf(dir string, root *goModule) *goModule {
	var best *goModule
	for _, m := range p.mods {
		if under(dir, m.dir) && (best == nil || len(m.dir) > len(best.dir)) {
			best = m
		}
	}
	if best == nil {
		return root
	}
	return best
}

func under(dir, top string) bool {
	return top == "." || dir == top || strings.HasPrefix(dir, top+"/")
}

// collect indexes a file's package-level declarations.
func (pk *goPkg) collect(f *goSrc) {
	for _, d := range f.sf.Go.AST.Decls {
		switch d := d.(type) {
		case *ast.GenDecl:
			var prev []ast.Expr
			for _, sp := range d.Specs {
				switch sp := sp.(type) {
				case *ast.ValueSpec:
					values := sp.Values
					if len(values) == 0 && sp.Type == nil && d.Tok == gotoken.CONST {
						values = prev
					}
					prev = values
					for i, n := range sp.Names {
						if i < len(values) && n.Name != "_" {
							if _, dup := pk.vals[n.Name]; !dup {
								pk.vals[n.Name] = goDecl{f, values[i]}
							}
						}
					}
				case *ast.TypeSpec:
					if st, ok := sp.Type.(*ast.StructType); ok {
						pk.types[sp.Name.Name] = goTypeDecl{f, st}
					}
				}
			}
		case *ast.FuncDecl:
			fn := newGoFn(f, d)
			if d.Recv == nil && d.Body != nil {
				pk.funcs[d.Name.Name] = fn
			}
		}
	}
}

func newGoFn(f *goSrc, d *ast.FuncDecl) *goFn {
	fn := &goFn{f: f, d: d, params: map[string]ast.Expr{}}
	for _, fl := range []*ast.FieldList{d.Recv, d.Type.Params} {
		if fl == nil {
			continue
		}
		for _, fld := range fl.List {
			if len(fld.Names) == 0 {
				if fl == d.Type.Params {
					fn.order, fn.types = append(fn.order, ""), append(fn.types, fld.Type)
				}
				continue
			}
			for _, n := range fld.Names {
				fn.params[n.Name] = fld.Type
				if fl == d.Type.Params {
					fn.order, fn.types = append(fn.order, n.Name), append(fn.types, fld.Type)
				}
			}
		}
	}
	return fn
}

// local returns the first value assigned to a local name of the function.
func (fn *goFn) local(name string) (ast.Expr, bool) {
	if fn.locals == nil {
		fn.locals = map[string]ast.Expr{}
		if fn.d.Body != nil {
			ast.Inspect(fn.d.Body, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.AssignStmt:
					if len(n.Lhs) == len(n.Rhs) {
						for i, l := range n.Lhs {
							if id, ok := l.(*ast.Ident); ok {
								if _, dup := fn.locals[id.Name]; !dup {
									fn.locals[id.Name] = n.Rhs[i]
								}
							}
						}
					}
				case *ast.ValueSpec:
					for i, id := range n.Names {
						if _, dup := fn.locals[id.Name]; !dup && i < len(n.Values) {
							fn.locals[id.Name] = n.Values[i]
						}
					}
				}
				return true
			})
		}
	}
	e, ok := fn.locals[name]
	return e, ok
}

// importPkg is the package of the module an import path names, nil for
// one outside the project.
func (p *goProgram) importPkg(importPath string) *goPkg {
	dir := ""
	for _, m := range p.mods {
		if m.path == "" {
			continue
		}
		if importPath == m.path {
			dir = m.dir
		} else if rest, ok := strings.CutPrefix(importPath, m.path+"/"); ok {
			dir = path.Join(m.dir, rest)
		} else {
			continue
		}
		break
	}
	if dir == "" {
		return nil
	}
	for _, pk := range p.pkgs {
		if pk.dir == dir {
			return pk
		}
	}
	return nil
}

// pkgOf is the module package an identifier of a file names (an import's
// local name), nil when it names none.
func (p *goProgram) pkgOf(f *goSrc, name string) *goPkg {
	ip, ok := f.imports[name]
	if !ok {
		return nil
	}
	return p.importPkg(ip)
}

// callee is the module function a call calls, nil when it is none (a
// method, a function outside the project, a function value).
func (p *goProgram) callee(f *goSrc, fun ast.Expr) *goFn {
	switch x := fun.(type) {
	case *ast.IndexExpr:
		return p.callee(f, x.X)
	case *ast.IndexListExpr:
		return p.callee(f, x.X)
	case *ast.ParenExpr:
		return p.callee(f, x.X)
	case *ast.Ident:
		return f.pkg.funcs[x.Name]
	case *ast.SelectorExpr:
		if id, ok := x.X.(*ast.Ident); ok {
			if pk := p.pkgOf(f, id.Name); pk != nil {
				return pk.funcs[x.Sel.Name]
			}
		}
	}
	return nil
}

// index finds every call of a module function, with the function it is in.
func (p *goProgram) index() {
	for _, pk := range p.sortedPkgs() {
		for _, f := range pk.files {
			for _, d := range f.sf.Go.AST.Decls {
				var in *goFn
				if fd, ok := d.(*ast.FuncDecl); ok {
					in = p.fnOf(f, fd)
				}
				ast.Inspect(d, func(n ast.Node) bool {
					if c, ok := n.(*ast.CallExpr); ok {
						if fn := p.callee(f, c.Fun); fn != nil {
							p.callers[fn] = append(p.callers[fn], goCall{c, f, in})
						}
					}
					return true
				})
			}
		}
	}
}

func (p *goProgram) sortedPkgs() []*goPkg {
	out := make([]*goPkg, 0, len(p.pkgs))
	for _, pk := range p.pkgs {
		out = append(out, pk)
	}
	slices.SortFunc(out, func(a, b *goPkg) int {
		return cmp.Compare(a.dir+"\x00"+a.files[0].sf.Go.AST.Name.Name, b.dir+"\x00"+b.files[0].sf.Go.AST.Name.Name)
	})
	return out
}

// lookup finds what a name is bound to in env: a parameter's value, a
// local's first value, a package-level const or var.
func (p *goProgram) lookup(name string, env *goEnv) (goArg, bool) {
	if a, ok := env.vars[name]; ok {
		return a, true
	}
	if env.fn != nil {
		if _, isParam := env.fn.params[name]; isParam {
			return goArg{}, false // a parameter no call binds
		}
		if e, ok := env.fn.local(name); ok {
			return goArg{e: e, env: env}, true
		}
	}
	if d, ok := env.f.pkg.vals[name]; ok {
		return goArg{e: d.e, env: &goEnv{f: d.f}}, true
	}
	return goArg{}, false
}

// str evaluates a string expression (see goPackages).
func (p *goProgram) str(e ast.Expr, env *goEnv) (string, bool) {
	var b strings.Builder
	if !p.strInto(&b, e, env, 0) {
		return "", false
	}
	return b.String(), true
}

func (p *goProgram) argStr(a goArg, depth int) (string, bool) {
	switch {
	case a.done:
		return a.s, true
	case a.bad || a.isList || a.e == nil:
		return "", false
	}
	var b strings.Builder
	if !p.strInto(&b, a.e, a.env, depth+1) {
		return "", false
	}
	return b.String(), true
}

func (p *goProgram) strInto(b *strings.Builder, e ast.Expr, env *goEnv, depth int) bool {
	p.steps++
	if depth > maxGoDepth || p.steps > maxGoSteps || b.Len() > maxGoValue {
		return false
	}
	if ok, spelled := syntax.Concat(b, e, func(o ast.Expr) bool { return p.strInto(b, o, env, depth+1) }); spelled {
		return ok
	}
	switch x := e.(type) {
	case *ast.Ident:
		a, ok := p.lookup(x.Name, env)
		if !ok {
			return false
		}
		s, ok := p.argStr(a, depth)
		b.WriteString(s)
		return ok
	case *ast.SelectorExpr:
		id, ok := x.X.(*ast.Ident)
		if !ok {
			return false
		}
		pk := p.pkgOf(env.f, id.Name)
		if pk == nil {
			return false
		}
		d, ok := pk.vals[x.Sel.Name]
		if !ok {
			return false
		}
		return p.strInto(b, d.e, &goEnv{f: d.f}, depth+1)
	case *ast.CallExpr:
		s, ok := p.call(x, env, depth)
		b.WriteString(s)
		return ok
	case *ast.UnaryExpr:
		// &v: a *string field's value (foxy-contexts' Description:
		// utils.Ptr("…"), a helper returning &v)
		return x.Op == gotoken.AND && p.strInto(b, x.X, env, depth+1)
	}
	return false
}

// maxGoValue bounds one evaluated string.
const maxGoValue = 1 << 20

// call evaluates a call to a string: a module function that returns a
// constant, fmt.Sprintf, strings.ToUpper/ToLower/TrimSpace, string(x),
// and a function-valued parameter as its last argument.
func (p *goProgram) call(c *ast.CallExpr, env *goEnv, depth int) (string, bool) {
	if fn := p.callee(env.f, c.Fun); fn != nil {
		if fn.d.Type.Results == nil || len(fn.d.Type.Results.List) == 0 {
			return "", false
		}
		return p.run(fn, p.bind(fn, c, env), depth+1)
	}
	switch f := c.Fun.(type) {
	case *ast.Ident:
		if f.Name == "string" && len(c.Args) == 1 {
			return p.str1(c.Args[0], env, depth)
		}
		if env.fn != nil && len(c.Args) > 0 {
			if _, isParam := env.fn.params[f.Name]; isParam {
				// t("KEY", "default"): a translation helper passed in
				return p.str1(c.Args[len(c.Args)-1], env, depth)
			}
		}
		if a, ok := env.vars[f.Name]; ok && len(c.Args) > 0 && a.e != nil && p.isFuncParamValue(a) {
			return p.str1(c.Args[len(c.Args)-1], env, depth)
		}
	case *ast.SelectorExpr:
		id, ok := f.X.(*ast.Ident)
		if !ok {
			return "", false
		}
		switch env.f.imports[id.Name] + "." + f.Sel.Name {
		case "fmt.Sprintf":
			return p.sprintf(c, env, depth)
		case "strings.ToUpper", "strings.ToLower", "strings.TrimSpace":
			if len(c.Args) != 1 {
				return "", false
			}
			s, ok := p.str1(c.Args[0], env, depth)
			switch f.Sel.Name {
			case "ToUpper":
				s = strings.ToUpper(s)
			case "ToLower":
				s = strings.ToLower(s)
			default:
				s = strings.TrimSpace(s)
			}
			return s, ok
		}
	}
	return "", false
}

// isFuncParamValue reports a bound value that is itself a parameter no
// call binds (a translation helper handed down the wrappers).
func (p *goProgram) isFuncParamValue(a goArg) bool {
	id, ok := a.e.(*ast.Ident)
	if !ok || a.env == nil {
		return false
	}
	if b, ok := a.env.vars[id.Name]; ok {
		return b.e != nil && p.isFuncParamValue(b)
	}
	if a.env.fn != nil {
		_, isParam := a.env.fn.params[id.Name]
		return isParam
	}
	return false
}

func (p *goProgram) str1(e ast.Expr, env *goEnv, depth int) (string, bool) {
	var b strings.Builder
	ok := p.strInto(&b, e, env, depth+1)
	return b.String(), ok
}

// sprintf formats %s, %v and %% with string arguments.
func (p *goProgram) sprintf(c *ast.CallExpr, env *goEnv, depth int) (string, bool) {
	if len(c.Args) == 0 || c.Ellipsis.IsValid() {
		return "", false
	}
	format, ok := p.str1(c.Args[0], env, depth)
	if !ok {
		return "", false
	}
	var b strings.Builder
	args := c.Args[1:]
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			b.WriteByte(format[i])
			continue
		}
		if i+1 >= len(format) {
			return "", false
		}
		i++
		switch format[i] {
		case '%':
			b.WriteByte('%')
		case 's', 'v':
			if len(args) == 0 {
				return "", false
			}
			s, ok := p.str1(args[0], env, depth)
			if !ok {
				return "", false
			}
			b.WriteString(s)
			args = args[1:]
		default:
			return "", false
		}
	}
	return b.String(), len(args) == 0
}

// bind binds a function's parameters to a call's arguments, evaluated
// where the call is.
func (p *goProgram) bind(fn *goFn, c *ast.CallExpr, caller *goEnv) map[string]goArg {
	vars := map[string]goArg{}
	variadic := -1
	if n := len(fn.types); n > 0 {
		if _, ok := fn.types[n-1].(*ast.Ellipsis); ok {
			variadic = n - 1
		}
	}
	for i, name := range fn.order {
		if name == "" || name == "_" {
			continue
		}
		switch {
		case i == variadic && c.Ellipsis.IsValid() && i < len(c.Args):
			vars[name] = goArg{isList: true, list: p.list(c.Args[i], caller, 0)}
		case i == variadic:
			var l []goArg
			for _, a := range c.Args[min(i, len(c.Args)):] {
				l = append(l, goArg{e: a, env: caller})
			}
			vars[name] = goArg{isList: true, list: l}
		case i < len(c.Args):
			vars[name] = goArg{e: c.Args[i], env: caller}
		default:
			vars[name] = goArg{bad: true}
		}
	}
	// methods: the receiver is not bound
	if fn.d.Recv != nil {
		for _, fld := range fn.d.Recv.List {
			for _, n := range fld.Names {
				vars[n.Name] = goArg{bad: true}
			}
		}
	}
	return vars
}

// list expands a slice expression into its elements: a bound variadic
// parameter, a slice literal, append(x, y…).
func (p *goProgram) list(e ast.Expr, env *goEnv, depth int) []goArg {
	p.steps++
	if depth > maxGoDepth || p.steps > maxGoSteps {
		return nil
	}
	switch x := e.(type) {
	case *ast.Ident:
		if a, ok := env.vars[x.Name]; ok {
			if a.isList {
				return a.list
			}
			if a.e != nil {
				return p.list(a.e, a.env, depth+1)
			}
			return nil
		}
		if env.fn != nil {
			if le, ok := env.fn.local(x.Name); ok {
				return p.list(le, env, depth+1)
			}
		}
		if d, ok := env.f.pkg.vals[x.Name]; ok {
			return p.list(d.e, &goEnv{f: d.f}, depth+1)
		}
	case *ast.CompositeLit:
		var out []goArg
		for _, el := range x.Elts {
			out = append(out, goArg{e: el, env: env})
		}
		return out
	case *ast.CallExpr:
		if id, ok := x.Fun.(*ast.Ident); ok && id.Name == "append" && len(x.Args) > 0 {
			out := slices.Clone(p.list(x.Args[0], env, depth+1))
			for i, a := range x.Args[1:] {
				if x.Ellipsis.IsValid() && i == len(x.Args)-2 {
					out = append(out, p.list(a, env, depth+1)...)
				} else {
					out = append(out, goArg{e: a, env: env})
				}
			}
			return out
		}
	}
	return nil
}

// run runs a function body that computes a string: assignments, if
// statements over string comparisons, returns; a statement of any other
// kind (a loop, a switch) stops it.
func (p *goProgram) run(fn *goFn, vars map[string]goArg, depth int) (string, bool) {
	if depth > maxGoDepth || fn.d.Body == nil {
		return "", false
	}
	env := &goEnv{f: fn.f, fn: fn, vars: vars}
	s, ok, _ := p.block(fn.d.Body.List, env, depth)
	return s, ok
}

func (p *goProgram) block(stmts []ast.Stmt, env *goEnv, depth int) (string, bool, bool) {
	for _, st := range stmts {
		p.steps++
		if p.steps > maxGoSteps {
			return "", false, true
		}
		switch st := st.(type) {
		case *ast.ReturnStmt:
			if len(st.Results) == 0 {
				return "", false, true
			}
			s, ok := p.str1(st.Results[0], env, depth)
			return s, ok, true
		case *ast.AssignStmt:
			if len(st.Lhs) != len(st.Rhs) || st.Tok != gotoken.DEFINE && st.Tok != gotoken.ASSIGN {
				return "", false, true
			}
			for i, l := range st.Lhs {
				id, ok := l.(*ast.Ident)
				if !ok {
					return "", false, true
				}
				s, ok := p.str1(st.Rhs[i], env, depth)
				env.vars[id.Name] = goArg{s: s, done: ok, bad: !ok}
			}
		case *ast.DeclStmt:
			gd, ok := st.Decl.(*ast.GenDecl)
			if !ok {
				return "", false, true
			}
			for _, sp := range gd.Specs {
				if vs, ok := sp.(*ast.ValueSpec); ok {
					for i, n := range vs.Names {
						a := goArg{done: true} // the zero value
						if i < len(vs.Values) {
							s, ok := p.str1(vs.Values[i], env, depth)
							a = goArg{s: s, done: ok, bad: !ok}
						}
						env.vars[n.Name] = a
					}
				}
			}
		case *ast.IfStmt:
			if st.Init != nil {
				return "", false, true
			}
			cond, ok := p.cond(st.Cond, env, depth)
			if !ok {
				return "", false, true
			}
			var branch []ast.Stmt
			if cond {
				branch = st.Body.List
			} else if st.Else != nil {
				branch = []ast.Stmt{st.Else}
			}
			if s, ok, ret := p.block(branch, env, depth+1); ret {
				return s, ok, true
			}
		case *ast.BlockStmt:
			if s, ok, ret := p.block(st.List, env, depth+1); ret {
				return s, ok, true
			}
		case *ast.ExprStmt, *ast.EmptyStmt:
		default:
			return "", false, true
		}
	}
	return "", false, false
}

// cond evaluates a condition: string ==, !=, &&, ||, !, and booleans
// (true, false, names bound to them).
func (p *goProgram) cond(e ast.Expr, env *goEnv, depth int) (bool, bool) {
	switch x := e.(type) {
	case *ast.ParenExpr:
		return p.cond(x.X, env, depth+1)
	case *ast.UnaryExpr:
		if x.Op == gotoken.NOT {
			v, ok := p.cond(x.X, env, depth+1)
			return !v, ok
		}
	case *ast.Ident:
		if b := p.boolVal(x, env, depth+1); b != nil {
			return *b, true
		}
	case *ast.BinaryExpr:
		switch x.Op {
		case gotoken.EQL, gotoken.NEQ:
			a, ok1 := p.str1(x.X, env, depth)
			b, ok2 := p.str1(x.Y, env, depth)
			return (a == b) == (x.Op == gotoken.EQL), ok1 && ok2
		case gotoken.LAND, gotoken.LOR:
			a, ok1 := p.cond(x.X, env, depth+1)
			b, ok2 := p.cond(x.Y, env, depth+1)
			if x.Op == gotoken.LAND {
				return a && b, ok1 && ok2
			}
			return a || b, ok1 && ok2
		}
	}
	return false, false
}

// written is a string as far as it evaluates, the rest as the source
// writes it.
func (p *goProgram) written(e ast.Expr, env *goEnv) string { return p.writtenAt(e, env, 0) }

func (p *goProgram) writtenAt(e ast.Expr, env *goEnv, depth int) string {
	if s, ok := p.str(e, env); ok {
		return s
	}
	if depth > maxGoDepth {
		return ""
	}
	switch x := e.(type) {
	case *ast.BinaryExpr:
		if x.Op == gotoken.ADD {
			return p.writtenAt(x.X, env, depth+1) + p.writtenAt(x.Y, env, depth+1)
		}
	case *ast.ParenExpr:
		return p.writtenAt(x.X, env, depth+1)
	case *ast.Ident:
		if a, ok := env.vars[x.Name]; ok && a.e != nil {
			return p.writtenAt(a.e, a.env, depth+1)
		}
		if env.fn != nil {
			if _, isParam := env.fn.params[x.Name]; !isParam {
				if le, ok := env.fn.local(x.Name); ok && le != e {
					return p.writtenAt(le, env, depth+1)
				}
			}
		}
	}
	g := env.f.sf.Go
	from, to := g.Offset(e.Pos()), g.Offset(e.End())
	if from < 0 || to < from {
		return ""
	}
	return string(g.Src[from:to])
}

// named resolves a type expression to a struct type of the module.
func (p *goProgram) named(t ast.Expr, f *goSrc) (goTypeDecl, goTypeKey, bool) {
	switch x := t.(type) {
	case *ast.StarExpr:
		return p.named(x.X, f)
	case *ast.Ident:
		if td, ok := f.pkg.types[x.Name]; ok {
			return td, goTypeKey{f.pkg.dir, x.Name}, true
		}
	case *ast.SelectorExpr:
		if id, ok := x.X.(*ast.Ident); ok {
			if pk := p.pkgOf(f, id.Name); pk != nil {
				if td, ok := pk.types[x.Sel.Name]; ok {
					return td, goTypeKey{pk.dir, x.Sel.Name}, true
				}
			}
		}
	}
	return goTypeDecl{}, goTypeKey{}, false
}

func (td goTypeDecl) field(name string) (ast.Expr, bool) {
	for _, fld := range td.st.Fields.List {
		for _, n := range fld.Names {
			if n.Name == name {
				return fld.Type, true
			}
		}
		if len(fld.Names) == 0 { // embedded: its type's name
			t := fld.Type
			if s, ok := t.(*ast.StarExpr); ok {
				t = s.X
			}
			if sel, ok := t.(*ast.SelectorExpr); ok && sel.Sel.Name == name {
				return fld.Type, true
			} else if id, ok := t.(*ast.Ident); ok && id.Name == name {
				return fld.Type, true
			}
		}
	}
	return nil, false
}

// sdkTool reports the SDKs' Tool type.
func (f *goSrc) sdkTool(t ast.Expr) bool {
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	sel, ok := t.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Tool" {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	if !ok {
		return false
	}
	ip := f.imports[id.Name]
	return ip == goSDK || ip == mark3MCP || ip == foxyMCP
}

// toolType reports a tool type: the SDKs' or a mirror of the module's.
func (p *goProgram) toolType(t ast.Expr, f *goSrc) bool {
	if t == nil {
		return false
	}
	if f.sdkTool(t) {
		return true
	}
	if len(p.mirrors) == 0 {
		return false
	}
	_, key, ok := p.named(t, f)
	return ok && p.mirrors[key]
}

// findMirrors finds the module's own tool types: the type of v in an SDK
// Tool literal that copies Name from v.Name, v a parameter (or a field
// path from one) of the function the literal is in.
func (p *goProgram) findMirrors() {
	for _, pk := range p.sortedPkgs() {
		for _, f := range pk.files {
			for _, d := range f.sf.Go.AST.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok || fd.Body == nil {
					continue
				}
				fn := p.fnOf(f, fd)
				ast.Inspect(fd.Body, func(n ast.Node) bool {
					cl, ok := n.(*ast.CompositeLit)
					if !ok || !f.sdkTool(cl.Type) {
						return true
					}
					v := litFields(cl)["Name"]
					sel, ok := v.(*ast.SelectorExpr)
					if !ok || sel.Sel.Name != "Name" {
						return true
					}
					var chain []string
					x := sel.X
					for {
						if s, ok := x.(*ast.SelectorExpr); ok {
							chain = append([]string{s.Sel.Name}, chain...)
							x = s.X
							continue
						}
						break
					}
					root, ok := x.(*ast.Ident)
					if !ok {
						return true
					}
					t, ok := fn.params[root.Name]
					if !ok {
						return true
					}
					tf := f
					for _, step := range chain {
						td, _, ok := p.named(t, tf)
						if !ok {
							return true
						}
						if t, ok = td.field(step); !ok {
							return true
						}
						tf = td.f
					}
					if td, key, ok := p.named(t, tf); ok {
						if _, hasName := td.field("Name"); hasName {
							p.mirrors[key] = true
						}
					}
					return true
				})
			}
		}
	}
}

// litFields returns the keyed fields of a composite literal.
func litFields(cl *ast.CompositeLit) map[string]ast.Expr {
	fields := map[string]ast.Expr{}
	for _, el := range cl.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if k, ok := kv.Key.(*ast.Ident); ok {
				fields[k.Name] = kv.Value
			}
		}
	}
	return fields
}

// goSite is a tool definition in the source.
type goSite struct {
	f    *goSrc
	fn   *goFn // nil at package level
	lit  *ast.CompositeLit
	call *ast.CallExpr // mark3labs mcp.NewTool
	name ast.Expr
	// sibl are the other arguments of the call the definition is passed
	// to, or the other fields of the literal it is a field of.
	sibl []ast.Expr
}

// sites finds the tool definitions of a file.
func (p *goProgram) sites(f *goSrc) []goSite {
	m3 := f.local(mark3MCP)
	var out []goSite
	for _, d := range f.sf.Go.AST.Decls {
		var fn *goFn
		if fd, ok := d.(*ast.FuncDecl); ok {
			fn = p.fnOf(f, fd)
		}
		var stack []ast.Node
		ast.Inspect(d, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			parent := func() (ast.Node, ast.Node) {
				i := len(stack) - 1
				for i >= 0 {
					if u, ok := stack[i].(*ast.UnaryExpr); ok && u.Op == gotoken.AND {
						i--
						continue
					}
					break
				}
				var a, b ast.Node
				if i >= 0 {
					a = stack[i]
				}
				if i >= 1 {
					b = stack[i-1]
				}
				return a, b
			}
			add := func(s goSite, self ast.Expr) {
				if s.name == nil {
					return
				}
				s.f, s.fn = f, fn
				par, grand := parent()
				switch par := par.(type) {
				case *ast.CallExpr:
					for _, a := range par.Args {
						if a != self && !isAddrOf(a, self) {
							s.sibl = append(s.sibl, a)
						}
					}
				case *ast.KeyValueExpr:
					if cl, ok := grand.(*ast.CompositeLit); ok {
						for _, el := range cl.Elts {
							if kv, ok := el.(*ast.KeyValueExpr); ok && kv != par {
								s.sibl = append(s.sibl, kv.Value)
							}
						}
					}
				}
				out = append(out, s)
			}
			switch x := n.(type) {
			case *ast.CompositeLit:
				if x.Type != nil && p.toolType(x.Type, f) {
					add(goSite{lit: x, name: litFields(x)["Name"]}, x)
				}
				var elt ast.Expr
				switch t := x.Type.(type) {
				case *ast.ArrayType:
					elt = t.Elt
				case *ast.MapType:
					elt = t.Value
				}
				if elt != nil && p.toolType(elt, f) {
					for _, el := range x.Elts {
						if kv, ok := el.(*ast.KeyValueExpr); ok {
							el = kv.Value
						}
						if u, ok := el.(*ast.UnaryExpr); ok && u.Op == gotoken.AND {
							el = u.X
						}
						if cl, ok := el.(*ast.CompositeLit); ok && cl.Type == nil {
							s := goSite{lit: cl, name: litFields(cl)["Name"], f: f, fn: fn}
							if s.name != nil {
								out = append(out, s)
							}
						}
					}
				}
			case *ast.CallExpr:
				if m3 != "" && (isPkgFunc(x.Fun, m3, "NewTool") || isPkgFunc(x.Fun, m3, "NewToolWithRawSchema")) && len(x.Args) > 0 {
					add(goSite{call: x, name: x.Args[0]}, x)
				}
			}
			stack = append(stack, n)
			return true
		})
	}
	return out
}

func isAddrOf(a, x ast.Expr) bool {
	u, ok := a.(*ast.UnaryExpr)
	return ok && u.Op == gotoken.AND && u.X == x
}

// instances are the calls of a wrapper, each an environment binding its
// parameters; a call inside another wrapper that passes its own
// parameters on is an instance per instance of that one.
func (p *goProgram) instances(fn *goFn, depth int) []*goEnv {
	if v, ok := p.insts[fn]; ok {
		return v
	}
	if p.busy[fn] || depth > 8 {
		return nil
	}
	p.busy[fn] = true
	var out []*goEnv
	for _, c := range p.callers[fn] {
		envs := []*goEnv{{f: c.f, fn: c.in, vars: map[string]goArg{}}}
		if c.in != nil && slices.ContainsFunc(c.c.Args, func(a ast.Expr) bool { return paramUsed(a, c.in, 0) != "" }) {
			envs = p.instances(c.in, depth+1)
		}
		for _, ce := range envs {
			if len(out) >= maxInsts {
				break
			}
			e := &goEnv{f: fn.f, fn: fn, vars: p.bind(fn, c.c, ce), call: c.c, callF: c.f}
			out = append(out, e)
		}
	}
	delete(p.busy, fn)
	p.insts[fn] = out
	return out
}

// nameCall is the call of a wrapper where the name its definition takes
// from a parameter is written: followed up the wrappers while the argument
// is itself a parameter of the caller.
func (p *goProgram) nameCall(e ast.Expr, env *goEnv, depth int) (*ast.CallExpr, *goSrc) {
	name := paramUsed(e, env.fn, 0)
	if a, ok := env.vars[name]; ok && depth < maxGoDepth && a.e != nil && a.env != nil && a.env.call != nil && paramUsed(a.e, a.env.fn, 0) != "" {
		return p.nameCall(a.e, a.env, depth+1)
	}
	return env.call, env.callF
}

// paramUsed is the first parameter of fn an expression uses, directly
// or through the function's locals; "" for none.
func paramUsed(e ast.Expr, fn *goFn, depth int) string {
	if fn == nil || e == nil || depth > 8 {
		return ""
	}
	found := ""
	ast.Inspect(e, func(n ast.Node) bool {
		if found != "" {
			return false
		}
		switch x := n.(type) {
		case *ast.SelectorExpr:
			found = paramUsed(x.X, fn, depth)
			return false
		case *ast.KeyValueExpr:
			found = paramUsed(x.Value, fn, depth)
			return false
		case *ast.FuncLit:
			return false
		case *ast.Ident:
			if _, ok := fn.params[x.Name]; ok {
				found = x.Name
			} else if le, ok := fn.local(x.Name); ok && le != e {
				found = paramUsed(le, fn, depth+1)
			}
		}
		return true
	})
	return found
}

// goTool is a tool read, with the file it is counted in.
type goTool struct {
	t Tool
	f *goSrc
}

// tools reads every definition of the module.
func (p *goProgram) tools() []goTool {
	var out []goTool
	for _, pk := range p.sortedPkgs() {
		for _, f := range pk.files {
			for _, s := range p.sites(f) {
				if s.fn != nil && paramUsed(s.name, s.fn, 0) != "" {
					for _, env := range p.instances(s.fn, 0) {
						if t, ok := p.build(s, env, true); ok {
							_, f := p.nameCall(s.name, env, 0)
							out = append(out, goTool{t, f})
						}
					}
					continue
				}
				env := &goEnv{f: f, fn: s.fn, vars: map[string]goArg{}}
				if t, ok := p.build(s, env, false); ok {
					out = append(out, goTool{t, f})
				}
			}
		}
	}
	return out
}

// evidence points at the line of the file where n starts.
func (f *goSrc) evidence(n ast.Node) Evidence {
	pos := f.sf.GoPos(n.Pos())
	return Evidence{Position: pos, Excerpt: secrets.Excerpt(f.sf.LineText(pos.Line))}
}

// build reads one tool; a wrapper instance whose name does not evaluate
// gives none.
func (p *goProgram) build(s goSite, env *goEnv, instance bool) (Tool, bool) {
	var t Tool
	name, ok := p.str(s.name, env)
	if !ok {
		if instance {
			return t, false
		}
		name = p.written(s.name, env)
	}
	t.Name = name
	if instance {
		c, f := p.nameCall(s.name, env, 0)
		t.Evidence = f.evidence(c)
	} else {
		var n ast.Node = s.call
		if s.lit != nil {
			n = s.lit
		}
		t.Evidence = s.f.evidence(n)
	}
	text := func(e ast.Expr, env *goEnv) string {
		if e == nil {
			return ""
		}
		return p.written(e, env)
	}
	if s.lit != nil {
		fl := litFields(s.lit)
		t.Title = text(fl["Title"], env)
		t.Description = text(fl["Description"], env)
		if v, ok := fl["Annotations"]; ok {
			p.annotations(&t, v, env)
		}
		if v, ok := fl["InputSchema"]; ok {
			t.Params = p.schemaParams(v, env)
		}
	} else {
		if len(s.call.Args) > 1 && isMethod(s.call.Fun, "NewToolWithRawSchema") {
			t.Description = text(s.call.Args[1], env)
		}
		p.options(&t, p.callList(s.call, 1, env), 0)
	}
	// a wrapper's ToolOption parameters apply to the tool it builds
	if s.fn != nil && instance {
		for i, pt := range s.fn.types {
			if el, ok := pt.(*ast.Ellipsis); ok {
				pt = el.Elt
			} else if at, ok := pt.(*ast.ArrayType); ok {
				pt = at.Elt
			}
			if sel, ok := pt.(*ast.SelectorExpr); ok && sel.Sel.Name == "ToolOption" && s.fn.order[i] != "" {
				if a, ok := env.vars[s.fn.order[i]]; ok {
					p.options(&t, a.list, 0)
				}
			}
		}
	}
	if len(t.Params) == 0 {
		cands := []goArg{}
		for _, e := range s.sibl {
			cands = append(cands, goArg{e: e, env: env})
		}
		if instance {
			for _, name := range s.fn.order {
				if a, ok := env.vars[name]; ok && a.e != nil {
					cands = append(cands, a)
				}
			}
		}
		for _, c := range cands {
			if ps := p.handlerParams(c, 0); ps != nil {
				t.Params = ps
				break
			}
		}
	}
	return t, true
}

// callList is a call's arguments from the i-th on, a spread slice
// expanded.
func (p *goProgram) callList(c *ast.CallExpr, from int, env *goEnv) []goArg {
	var out []goArg
	for i := from; i < len(c.Args); i++ {
		if c.Ellipsis.IsValid() && i == len(c.Args)-1 {
			out = append(out, p.list(c.Args[i], env, 0)...)
		} else {
			out = append(out, goArg{e: c.Args[i], env: env})
		}
	}
	return out
}

// options applies mark3labs tool options.
func (p *goProgram) options(t *Tool, opts []goArg, depth int) {
	if depth > 4 {
		return
	}
	for _, o := range opts {
		if o.e == nil {
			continue
		}
		e, env := o.e, o.env
		if id, ok := e.(*ast.Ident); ok {
			if a, ok := env.vars[id.Name]; ok {
				if a.isList {
					p.options(t, a.list, depth+1)
				} else if a.e != nil {
					p.options(t, []goArg{a}, depth+1)
				}
			}
			continue
		}
		c, ok := e.(*ast.CallExpr)
		if !ok {
			continue
		}
		sel, ok := c.Fun.(*ast.SelectorExpr)
		if !ok {
			continue
		}
		if id, ok := sel.X.(*ast.Ident); !ok || env.f.imports[id.Name] != mark3MCP {
			continue
		}
		arg := func(i int) ast.Expr {
			if i < len(c.Args) {
				return c.Args[i]
			}
			return nil
		}
		switch sel.Sel.Name {
		case "WithDescription":
			if a := arg(0); a != nil {
				t.Description = p.written(a, env)
			}
		case "WithTitleAnnotation":
			if a := arg(0); a != nil {
				t.Annotations.Title = p.written(a, env)
			}
		case "WithReadOnlyHintAnnotation":
			t.Annotations.ReadOnlyHint = p.boolVal(arg(0), env, 0)
		case "WithDestructiveHintAnnotation":
			t.Annotations.DestructiveHint = p.boolVal(arg(0), env, 0)
		case "WithIdempotentHintAnnotation":
			t.Annotations.IdempotentHint = p.boolVal(arg(0), env, 0)
		case "WithOpenWorldHintAnnotation":
			t.Annotations.OpenWorldHint = p.boolVal(arg(0), env, 0)
		case "WithToolAnnotation":
			if a := arg(0); a != nil {
				p.annotations(t, a, env)
			}
		case "WithString", "WithNumber", "WithBoolean", "WithArray", "WithObject", "WithInteger":
			a := arg(0)
			if a == nil {
				continue
			}
			name, ok := p.str(a, env)
			if !ok {
				continue
			}
			typ := strings.ToLower(strings.TrimPrefix(sel.Sel.Name, "With"))
			prm := Param{Name: name, Type: typ, Position: env.f.sf.GoPos(a.Pos())}
			for _, po := range p.callList(c, 1, env) {
				pc, ok := po.e.(*ast.CallExpr)
				if !ok {
					continue
				}
				switch {
				case isPkgFunc(pc.Fun, sel.X.(*ast.Ident).Name, "Description") && len(pc.Args) > 0:
					prm.Description = p.written(pc.Args[0], po.env)
				case isPkgFunc(pc.Fun, sel.X.(*ast.Ident).Name, "Required"):
					prm.Required = true
				}
			}
			t.Params = append(t.Params, prm)
		}
	}
}

// boolVal evaluates a hint, following names bound in env (see goBool).
func (p *goProgram) boolVal(e ast.Expr, env *goEnv, depth int) *bool {
	return goBool(e, func(id *ast.Ident) *bool {
		if a, ok := p.lookup(id.Name, env); ok && a.e != nil {
			return p.boolVal(a.e, a.env, depth+1)
		}
		return nil
	}, depth)
}

// goBool evaluates a hint: true, false, !x, (x), ptr.To(true)-style
// helpers and new(bool); follow, when not nil, evaluates any other name.
func goBool(e ast.Expr, follow func(*ast.Ident) *bool, depth int) *bool {
	if e == nil || depth > maxGoDepth {
		return nil
	}
	switch x := e.(type) {
	case *ast.Ident:
		switch x.Name {
		case "true":
			return ptr(true)
		case "false":
			return ptr(false)
		}
		if follow != nil {
			return follow(x)
		}
	case *ast.CallExpr:
		if id, ok := x.Fun.(*ast.Ident); ok && id.Name == "new" {
			return ptr(false)
		}
		if len(x.Args) == 1 {
			return goBool(x.Args[0], follow, depth+1)
		}
	case *ast.UnaryExpr:
		b := goBool(x.X, follow, depth+1)
		if x.Op == gotoken.NOT && b != nil {
			return ptr(!*b)
		}
		return b
	case *ast.ParenExpr:
		return goBool(x.X, follow, depth+1)
	}
	return nil
}

// composite follows an expression to the composite literal it is: through
// &, names, and module functions that return one.
func (p *goProgram) composite(e ast.Expr, env *goEnv, depth int) (*ast.CompositeLit, *goEnv) {
	p.steps++
	if e == nil || depth > maxGoDepth || p.steps > maxGoSteps {
		return nil, nil
	}
	switch x := e.(type) {
	case *ast.CompositeLit:
		return x, env
	case *ast.UnaryExpr:
		if x.Op == gotoken.AND {
			return p.composite(x.X, env, depth+1)
		}
	case *ast.ParenExpr:
		return p.composite(x.X, env, depth+1)
	case *ast.Ident:
		if a, ok := p.lookup(x.Name, env); ok && a.e != nil {
			return p.composite(a.e, a.env, depth+1)
		}
	case *ast.SelectorExpr:
		if id, ok := x.X.(*ast.Ident); ok {
			if pk := p.pkgOf(env.f, id.Name); pk != nil {
				if d, ok := pk.vals[x.Sel.Name]; ok {
					return p.composite(d.e, &goEnv{f: d.f, vars: map[string]goArg{}}, depth+1)
				}
			}
		}
	case *ast.CallExpr:
		fn := p.callee(env.f, x.Fun)
		if fn == nil || fn.d.Body == nil {
			return nil, nil
		}
		callee := &goEnv{f: fn.f, fn: fn, vars: p.bind(fn, x, env)}
		var found *ast.CompositeLit
		var fenv *goEnv
		ast.Inspect(fn.d.Body, func(n ast.Node) bool {
			if found != nil {
				return false
			}
			if _, ok := n.(*ast.FuncLit); ok {
				return false
			}
			if r, ok := n.(*ast.ReturnStmt); ok && len(r.Results) > 0 {
				found, fenv = p.composite(r.Results[0], callee, depth+1)
			}
			return true
		})
		return found, fenv
	}
	return nil, nil
}

// annotations reads a ToolAnnotations value (the SDKs' or the module's).
func (p *goProgram) annotations(t *Tool, e ast.Expr, env *goEnv) {
	cl, cenv := p.composite(e, env, 0)
	if cl == nil {
		return
	}
	f := litFields(cl)
	if v, ok := f["Title"]; ok {
		t.Annotations.Title = p.written(v, cenv)
	}
	for k, dst := range map[string]**bool{"ReadOnlyHint": &t.Annotations.ReadOnlyHint, "DestructiveHint": &t.Annotations.DestructiveHint,
		"IdempotentHint": &t.Annotations.IdempotentHint, "OpenWorldHint": &t.Annotations.OpenWorldHint} {
		if v, ok := f[k]; ok {
			*dst = p.boolVal(v, cenv, 0)
		}
	}
}

// schemaParams reads the properties of a jsonschema.Schema literal.
func (p *goProgram) schemaParams(e ast.Expr, env *goEnv) []Param {
	cl, cenv := p.composite(e, env, 0)
	if cl == nil {
		return nil
	}
	f := litFields(cl)
	required := map[string]bool{}
	for _, a := range p.list(f["Required"], cenv, 0) {
		if s, ok := p.argStr(a, 0); ok {
			required[s] = true
		}
	}
	props, penv := p.composite(f["Properties"], cenv, 0)
	if props == nil {
		return nil
	}
	var out []Param
	for _, el := range props.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		name, ok := p.str(kv.Key, penv)
		if !ok {
			continue
		}
		prm := Param{Name: name, Required: required[name], Position: penv.f.sf.GoPos(kv.Key.Pos())}
		if vl, venv := p.composite(kv.Value, penv, 0); vl != nil {
			vf := litFields(vl)
			if v, ok := vf["Type"]; ok {
				prm.Type, _ = p.str(v, venv)
			}
			if v, ok := vf["Description"]; ok {
				prm.Description = p.written(v, venv)
			}
		}
		out = append(out, prm)
	}
	return out
}

// handlerParams reads the input struct of a typed tool handler: the last
// parameter of a function (a module function or a literal) whose type is
// a struct of the module; json names, jsonschema descriptions (the
// go-sdk's whole tag, or invopop's description=… with required), required
// unless omitempty or omitzero (go-sdk) or tagged required (invopop).
func (p *goProgram) handlerParams(a goArg, depth int) []Param {
	if a.e == nil || depth > 8 {
		return nil
	}
	var ft *ast.FuncType
	f := a.env.f
	switch x := a.e.(type) {
	case *ast.FuncLit:
		ft = x.Type
	case *ast.Ident:
		if b, ok := a.env.vars[x.Name]; ok {
			return p.handlerParams(b, depth+1)
		}
		if fn := p.callee(f, x); fn != nil {
			ft, f = fn.d.Type, fn.f
		}
	case *ast.SelectorExpr, *ast.IndexExpr:
		if fn := p.callee(f, x); fn != nil {
			ft, f = fn.d.Type, fn.f
		}
	}
	if ft == nil || ft.Params == nil || len(ft.Params.List) < 2 {
		return nil
	}
	last := ft.Params.List[len(ft.Params.List)-1].Type
	td, _, ok := p.named(last, f)
	if !ok {
		return nil
	}
	var out []Param
	for _, fld := range td.st.Fields.List {
		tag := ""
		if fld.Tag != nil {
			tag, _ = strconv.Unquote(fld.Tag.Value)
		}
		st := reflect.StructTag(tag)
		name, opts, _ := strings.Cut(st.Get("json"), ",")
		if name == "-" {
			continue
		}
		desc, req := st.Get("jsonschema"), false
		invopop := strings.Contains(desc, "description=") || desc == "required" || strings.HasPrefix(desc, "required,")
		if invopop {
			req, desc = false, ""
			for _, part := range splitTag(st.Get("jsonschema")) {
				if part == "required" {
					req = true
				} else if v, ok := strings.CutPrefix(part, "description="); ok {
					desc = v
				}
			}
		} else {
			req = !strings.Contains(opts, "omitempty") && !strings.Contains(opts, "omitzero")
		}
		for _, n := range fld.Names {
			prm := Param{Name: name, Type: goJSONType(fld.Type), Description: desc, Position: td.f.sf.GoPos(n.Pos()), Required: req}
			if prm.Name == "" {
				prm.Name = n.Name
			}
			out = append(out, prm)
		}
	}
	return out
}

// splitTag splits an invopop jsonschema tag at the commas not escaped
// with a backslash.
func splitTag(tag string) []string {
	var out []string
	var b strings.Builder
	for i := 0; i < len(tag); i++ {
		switch {
		case tag[i] == '\\' && i+1 < len(tag) && tag[i+1] == ',':
			b.WriteByte(',')
			i++
		case tag[i] == ',':
			out = append(out, b.String())
			b.Reset()
		default:
			b.WriteByte(tag[i])
		}
	}
	return append(out, b.String())
}

// assemble puts each tool and each file's serving facts on its server
// (see goPackages) and finishes the servers.
func (p *goProgram) assemble(tools []goTool, root *goModule) []SourceServer {
	mods := append([]*goModule{root}, p.mods...)
	byPkg := map[*goPkg][]*goServer{}
	for _, pk := range p.sortedPkgs() {
		for _, f := range pk.files {
			if f.srv != nil && f.srv.Line > 0 {
				gs := &goServer{s: f.srv, pkg: pk, f: f}
				byPkg[pk] = append(byPkg[pk], gs)
				pk.mod.servers = append(pk.mod.servers, gs)
			}
		}
	}
	// candidates are the servers a file's code may serve: the one it
	// creates, else its package's, else those of its module whose package
	// imports it (directly or not; examples only when nothing else does),
	// else its module's one server.
	candidates := func(f *goSrc) []*goServer {
		if f.srv != nil && f.srv.Line > 0 {
			for _, gs := range byPkg[f.pkg] {
				if gs.f == f {
					return []*goServer{gs}
				}
			}
		}
		if l := byPkg[f.pkg]; len(l) > 0 {
			return l
		}
		m := f.pkg.mod
		var importers, outside []*goServer
		for _, gs := range m.servers {
			if p.reaches(gs.pkg, f.pkg) {
				importers = append(importers, gs)
				if !exampleDir(gs.pkg.dir) {
					outside = append(outside, gs)
				}
			}
		}
		if len(outside) > 0 {
			importers = outside
		}
		if len(importers) == 0 && len(m.servers) == 1 {
			return m.servers
		}
		return importers
	}
	// target is the server a file's tools and serving facts are of: its one
	// candidate, else one server made for the module.
	target := func(f *goSrc) *goServer {
		if c := candidates(f); len(c) == 1 {
			return c[0]
		}
		m := f.pkg.mod
		if m.fallback == nil {
			name := path.Base(m.path)
			if m.path == "" {
				name = path.Base(m.dir)
			}
			file := m.goMod
			if file == "" {
				file = f.sf.Path
			}
			if name == "." || name == "/" {
				name = strings.TrimSuffix(path.Base(file), path.Ext(file))
			}
			m.fallback = &goServer{s: &SourceServer{Name: name, Evidence: Evidence{Position: project.Position{File: file, Line: 1}}}, pkg: f.pkg, f: f}
		}
		return m.fallback
	}
	for _, t := range tools {
		gs := target(t.f)
		gs.s.Tools = append(gs.s.Tools, t.t)
	}
	for _, pk := range p.sortedPkgs() {
		for _, f := range pk.files {
			if f.srv == nil || f.srv.Line > 0 || !f.srv.serves() {
				continue
			}
			if f.local(goSDK) == "" && f.local(mark3Server) == "" {
				// An Origin check outside the SDK's code (a middleware
				// package) protects each server that can use it, and
				// makes no server of its own.
				for _, gs := range candidates(f) {
					if gs.s.OriginCheck == nil {
						gs.s.OriginCheck = f.srv.OriginCheck
					}
				}
				continue
			}
			gs := target(f)
			to, from := gs.s, f.srv
			to.Transports = append(to.Transports, from.Transports...)
			to.Listens = append(to.Listens, from.Listens...)
			to.Auth = append(to.Auth, from.Auth...)
			to.Prompts = append(to.Prompts, from.Prompts...)
			to.Resources = append(to.Resources, from.Resources...)
			if to.LocalhostProtectionOff == nil {
				to.LocalhostProtectionOff = from.LocalhostProtectionOff
			}
			if to.OriginCheck == nil {
				to.OriginCheck = from.OriginCheck
			}
		}
	}
	var out []SourceServer
	for _, m := range mods {
		all := m.servers
		if m.fallback != nil {
			all = append(all, m.fallback)
		}
		for _, gs := range all {
			s := gs.s
			s.Language = Go
			if s.Name == "" {
				if m.path != "" {
					s.Name = path.Base(m.path)
				} else {
					s.Name = strings.TrimSuffix(path.Base(gs.f.sf.Path), path.Ext(gs.f.sf.Path))
				}
			}
			s.Tools = dedupTools(s.Tools)
			s.ID = factID("server", s.File, s.Name)
			s.finish()
			out = append(out, *s)
		}
	}
	return out
}

// reaches reports that package from imports package to, directly or
// through other packages of the project.
func (p *goProgram) reaches(from, to *goPkg) bool {
	if p.reach == nil {
		p.reach = map[*goPkg]map[*goPkg]bool{}
	}
	r, ok := p.reach[from]
	if !ok {
		r = map[*goPkg]bool{}
		todo := []*goPkg{from}
		for len(todo) > 0 {
			pk := todo[len(todo)-1]
			todo = todo[:len(todo)-1]
			if r[pk] {
				continue
			}
			r[pk] = true
			for _, f := range pk.files {
				for _, ip := range f.imports {
					if dep := p.importPkg(ip); dep != nil && !r[dep] {
						todo = append(todo, dep)
					}
				}
			}
		}
		p.reach[from] = r
	}
	return r[to]
}

// exampleDir reports a directory of examples or demos, whose servers
// are not where a package's tools are served when another one is.
func exampleDir(dir string) bool {
	for _, d := range strings.Split(dir, "/") {
		switch strings.ToLower(strings.TrimPrefix(d, "_")) {
		case "example", "examples", "sample", "samples", "demo", "demos":
			return true
		}
	}
	return false
}

// serves reports a file that says something about serving.
func (s *SourceServer) serves() bool {
	return len(s.Transports) > 0 || len(s.Listens) > 0 || len(s.Auth) > 0 || len(s.Prompts) > 0 || len(s.Resources) > 0 ||
		s.LocalhostProtectionOff != nil || s.OriginCheck != nil
}

// dedupTools drops a tool defined twice with the same name and
// description (one tool listed in two toolsets), keeping the first.
func dedupTools(ts []Tool) []Tool {
	slices.SortStableFunc(ts, func(a, b Tool) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	})
	seen := map[string]bool{}
	out := ts[:0]
	for _, t := range ts {
		k := t.Name + "\x00" + t.Description
		if !seen[k] {
			seen[k] = true
			out = append(out, t)
		}
	}
	return out
}
