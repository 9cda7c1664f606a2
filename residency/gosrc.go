package residency

import (
	"go/ast"
	"go/parser"
	goscanner "go/scanner"
	"go/token"
	"strconv"
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/project"
)

// lexGo reads a Go file with go/parser into the same facts the Python and
// JS lexer yields: calls with their literal arguments (struct fields of
// composite literals and With<Option>("…") calls inside a call count as
// its arguments), string literals with their key and call, and key/value
// pairs. A syntax error is a warning; the part that parsed is still read.
func lexGo(path string, src []byte) (codeFacts, []project.Warning) {
	fset := token.NewFileSet()
	base := fset.Base() // the first file's offsets start here, parsed or not
	f, err := parser.ParseFile(fset, path, src, parser.SkipObjectResolution)
	var ws []project.Warning
	if err != nil {
		if list, ok := err.(goscanner.ErrorList); ok && len(list) > 0 {
			e := list[0]
			ws = append(ws, project.Warnf(project.Position{File: path, Line: e.Pos.Line, Col: e.Pos.Column}, "Go syntax error: %s; read up to it", e.Msg))
		} else {
			ws = append(ws, project.Warnf(project.Position{File: path}, "Go file not parsed: %v", err))
		}
	}
	if f == nil {
		return codeFacts{}, ws
	}
	g := &goReader{base: base, calls: map[*ast.CallExpr]int{}}
	var stack []ast.Node
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		g.node(n, stack)
		stack = append(stack, n)
		return true
	})
	return g.out, ws
}

type goReader struct {
	base  int
	out   codeFacts
	calls map[*ast.CallExpr]int
}

func (g *goReader) off(p token.Pos) int { return int(p) - g.base }

// exprName renders an identifier or selector chain ("openai.NewClient"),
// "" for anything else.
func exprName(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		if l := exprName(x.X); l != "" {
			return l + "." + x.Sel.Name
		}
		return x.Sel.Name
	case *ast.UnaryExpr:
		return exprName(x.X)
	case *ast.IndexExpr:
		return exprName(x.X)
	}
	return ""
}

// value reads a literal or name as an argVal.
func (g *goReader) value(e ast.Expr) (argVal, bool) {
	switch x := e.(type) {
	case *ast.BasicLit:
		if x.Kind == token.STRING {
			s, err := strconv.Unquote(x.Value)
			if err != nil {
				return argVal{}, false
			}
			return argVal{text: s, str: true, off: g.off(x.Pos())}, true
		}
		return argVal{text: x.Value, off: g.off(x.Pos())}, true
	case *ast.Ident, *ast.SelectorExpr:
		if n := exprName(x); n != "" {
			return argVal{text: n, off: g.off(x.Pos())}, true
		}
	}
	return argVal{}, false
}

// owner is the innermost call around the node at the top of stack, skipping
// With<Option> calls, whose argument belongs to the call they configure.
func (g *goReader) owner(stack []ast.Node) (call int, with string) {
	for i := len(stack) - 1; i >= 0; i-- {
		ce, ok := stack[i].(*ast.CallExpr)
		if !ok {
			continue
		}
		idx := g.calls[ce]
		name := g.out.calls[idx].name
		last := name[strings.LastIndexByte(name, '.')+1:]
		if w, ok := strings.CutPrefix(last, "With"); ok && w != "" && with == "" {
			with = w
			continue
		}
		return idx, with
	}
	return -1, with
}

func (g *goReader) node(n ast.Node, stack []ast.Node) {
	switch x := n.(type) {
	case *ast.CallExpr:
		cs := callSite{name: exprName(x.Fun), off: g.off(x.Pos())}
		for _, a := range x.Args {
			if v, ok := g.value(a); ok {
				cs.pos = append(cs.pos, v)
			}
		}
		g.out.calls = append(g.out.calls, cs)
		g.calls[x] = len(g.out.calls) - 1
		// With<Option>("value") configures the enclosing call.
		last := cs.name[strings.LastIndexByte(cs.name, '.')+1:]
		if opt, ok := strings.CutPrefix(last, "With"); ok && opt != "" && len(cs.pos) > 0 {
			if owner, _ := g.owner(stack); owner >= 0 {
				g.setArg(owner, opt, cs.pos[0])
			}
		}
	case *ast.CompositeLit:
		if exprName(x.Type) == "tls.Config" {
			t := tlsConfig{off: g.off(x.Pos())}
			for _, e := range x.Elts {
				if kv, ok := e.(*ast.KeyValueExpr); ok {
					if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "MinVersion" {
						t.minVersion = true
					}
				}
			}
			g.out.tlsConfigs = append(g.out.tlsConfigs, t)
		}
	case *ast.KeyValueExpr:
		k, ok := x.Key.(*ast.Ident)
		if !ok {
			return
		}
		v, ok := g.value(x.Value)
		if !ok {
			return
		}
		g.out.kvs = append(g.out.kvs, kvPair{key: k.Name, val: v})
		if owner, _ := g.owner(stack); owner >= 0 {
			g.setArg(owner, k.Name, v)
		}
	case *ast.SelectorExpr:
		if watchedIdents[x.Sel.Name] {
			if _, isCall := parent(stack).(*ast.CallExpr); !isCall {
				g.out.idents = append(g.out.idents, argVal{text: exprName(x), off: g.off(x.Pos())})
			}
		}
	case *ast.BasicLit:
		if x.Kind != token.STRING {
			return
		}
		v, ok := g.value(x)
		if !ok {
			return
		}
		lit := strLit{value: v.text, off: v.off, call: -1}
		switch p := parent(stack).(type) {
		case *ast.KeyValueExpr:
			if k, ok := p.Key.(*ast.Ident); ok && p.Value == n {
				lit.key = k.Name
			}
		case *ast.ValueSpec:
			for i, val := range p.Values {
				if val == n && i < len(p.Names) {
					lit.key = p.Names[i].Name
				}
			}
		case *ast.AssignStmt:
			for i, val := range p.Rhs {
				if val == n && i < len(p.Lhs) {
					lit.key = exprName(p.Lhs[i])
					lit.key = lit.key[strings.LastIndexByte(lit.key, '.')+1:]
				}
			}
		}
		owner, with := g.owner(stack)
		if lit.key == "" && with != "" {
			lit.key = with
		}
		lit.call = owner
		g.out.strs = append(g.out.strs, lit)
	}
}

func (g *goReader) setArg(call int, key string, v argVal) {
	cs := &g.out.calls[call]
	if cs.args == nil {
		cs.args = map[string]argVal{}
	}
	if _, ok := cs.args[key]; !ok {
		cs.args[key] = v
	}
}

func parent(stack []ast.Node) ast.Node {
	if len(stack) == 0 {
		return nil
	}
	return stack[len(stack)-1]
}
