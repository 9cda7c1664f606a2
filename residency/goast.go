package residency

import (
	"go/ast"
	"go/token"
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/syntax"
)

// goFacts reads a Go file's syntax tree (parsed once by the project index;
// partial after a syntax error) into the same facts the token reader
// yields: calls with their arguments (struct fields of composite literals
// and With<Option>(…) calls inside a call count as its arguments), string
// literals with their key and call, and key/value pairs. A value that is a
// string constant expression — literals, +, the file's string constants —
// is that string (syntax.GoFile.Str).
func goFacts(f *syntax.GoFile, cf *codeFacts) {
	g := &goReader{f: f, out: cf, calls: map[*ast.CallExpr]int{}}
	var stack []ast.Node
	ast.Inspect(f.AST, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		g.node(n, stack)
		stack = append(stack, n)
		return true
	})
}

type goReader struct {
	f     *syntax.GoFile
	out   *codeFacts
	calls map[*ast.CallExpr]int
}

func (g *goReader) off(p token.Pos) int { return g.f.Offset(p) }

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

// value reads a string constant expression, a literal or a name as an
// argVal.
func (g *goReader) value(e ast.Expr) (argVal, bool) {
	if s, ok := g.f.Str(e); ok {
		return argVal{text: s, str: true, off: g.off(e.Pos())}, true
	}
	switch x := e.(type) {
	case *ast.BasicLit:
		if x.Kind != token.STRING {
			return argVal{text: x.Value, off: g.off(x.Pos())}, true
		}
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
		name := exprName(x.Fun)
		i := g.out.addCall(name, g.off(x.Pos()))
		g.calls[x] = i
		for _, a := range x.Args {
			if v, ok := g.value(a); ok {
				g.out.calls[i].pos = append(g.out.calls[i].pos, v)
			}
		}
		// With<Option>("value") configures the enclosing call.
		last := name[strings.LastIndexByte(name, '.')+1:]
		if opt, ok := strings.CutPrefix(last, "With"); ok && opt != "" && len(g.out.calls[i].pos) > 0 {
			if owner, _ := g.owner(stack); owner >= 0 {
				g.setArg(owner, opt, g.out.calls[i].pos[0])
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
		g.out.addKV(k.Name, v)
		if owner, _ := g.owner(stack); owner >= 0 {
			g.setArg(owner, k.Name, v)
		}
	case *ast.SelectorExpr:
		if watched(x.Sel.Name) {
			if _, isCall := parent(stack).(*ast.CallExpr); !isCall {
				g.out.idents = append(g.out.idents, argVal{text: exprName(x), off: g.off(x.Pos())})
			}
		}
	case *ast.BasicLit:
		if x.Kind != token.STRING {
			return
		}
		s, ok := g.f.Str(x)
		if !ok {
			return
		}
		lit := strLit{value: s, off: g.off(x.Pos()), call: -1}
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
		g.out.addStr(lit)
	}
}

func (g *goReader) setArg(call int, key string, v argVal) { g.out.calls[call].setArg(key, v) }

func parent(stack []ast.Node) ast.Node {
	if len(stack) == 0 {
		return nil
	}
	return stack[len(stack)-1]
}
