package syntax

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"strconv"
	"strings"
	"sync"

	"github.com/mcp-comply/mcp-comply/internal/lines"
)

// maxChain bounds how many constants a Go constant may go through
// (A = B, B = C …); maxExpr bounds the nesting of one expression.
const (
	maxChain = 64
	maxExpr  = 256
)

// GoFile is a parsed Go file. Its methods are safe for concurrent use.
type GoFile struct {
	Src  []byte
	Fset *token.FileSet
	// AST is the file as parsed, partial after a syntax error; nil only
	// when nothing parsed (not even the package clause).
	AST *ast.File

	base int // the Pos of the file's first byte

	linesOnce sync.Once
	lines     *lines.Index

	constsOnce sync.Once
	values     map[string]goValue // the file-level const and var values
}

type goValue struct {
	s  string
	ok bool
}

// Error is a Go syntax error: where, and what.
type Error struct {
	Line, Col int
	Msg       string
}

func (e *Error) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg) }

// ParseGo parses Go source (without object resolution or comments). On a
// syntax error it returns the AST that parsed, which go/parser builds
// past the error with Bad nodes, and the first error. Line and Col are of
// the source as given (//line directives are not applied).
func ParseGo(src []byte) (*GoFile, *Error) {
	fset := token.NewFileSet()
	g := &GoFile{Src: src, Fset: fset, base: fset.Base()}
	f, err := parser.ParseFile(fset, "", src, parser.SkipObjectResolution)
	if f != nil && f.Package.IsValid() {
		g.AST = f
	}
	if err == nil {
		return g, nil
	}
	var list scanner.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		line, col := g.at(list[0].Pos.Offset)
		msg, _, _ := strings.Cut(list[0].Msg, "\n")
		return g, &Error{Line: line, Col: col, Msg: msg}
	}
	return g, &Error{Line: 1, Col: 1, Msg: err.Error()}
}

// Offset returns the byte offset of a position in Src, -1 for NoPos.
func (g *GoFile) Offset(p token.Pos) int {
	if !p.IsValid() {
		return -1
	}
	return min(max(int(p)-g.base, 0), len(g.Src))
}

// Pos returns the 1-based line and column (in bytes) of a position; 0, 0
// for NoPos.
func (g *GoFile) Pos(p token.Pos) (line, col int) {
	if !p.IsValid() {
		return 0, 0
	}
	return g.at(g.Offset(p))
}

func (g *GoFile) at(off int) (line, col int) {
	g.linesOnce.Do(func() { g.lines = lines.New(g.Src) })
	return g.lines.At(off)
}

// Str evaluates a string constant expression: string literals, +,
// parentheses and the names of the file-level const and var declarations
// with string values (a const without a value repeats the one before it,
// as Go does). A cycle, a chain of more than maxChain names or a value
// over 1 MiB is refused.
func (g *GoFile) Str(e ast.Expr) (string, bool) {
	g.constsOnce.Do(g.collect)
	return g.eval(e, nil, 0)
}

// collect evaluates every file-level const and var once, so Str only
// reads.
func (g *GoFile) collect() {
	g.values = map[string]goValue{}
	if g.AST == nil {
		return
	}
	exprs := map[string]ast.Expr{}
	var order []string
	for _, d := range g.AST.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST && gd.Tok != token.VAR {
			continue
		}
		var prev []ast.Expr
		for _, sp := range gd.Specs {
			vs, ok := sp.(*ast.ValueSpec)
			if !ok {
				continue
			}
			values := vs.Values
			if len(values) == 0 && vs.Type == nil && gd.Tok == token.CONST {
				values = prev // implicit repetition
			}
			prev = values
			for i, n := range vs.Names {
				if i < len(values) && n.Name != "_" {
					if _, dup := exprs[n.Name]; !dup {
						order = append(order, n.Name)
					}
					exprs[n.Name] = values[i]
				}
			}
		}
	}
	r := &goResolver{g: g, exprs: exprs, busy: map[string]bool{}}
	for _, name := range order {
		r.resolve(name, 0)
	}
}

type goResolver struct {
	g     *GoFile
	exprs map[string]ast.Expr
	busy  map[string]bool
	bytes int // of all values so far, bounded by maxConstBytes
}

func (r *goResolver) resolve(name string, chain int) (string, bool) {
	if v, done := r.g.values[name]; done {
		return v.s, v.ok
	}
	e, ok := r.exprs[name]
	if !ok || r.busy[name] || chain > maxChain {
		return "", false // not a file-level value, a cycle, too deep
	}
	r.busy[name] = true
	s, ok := r.g.eval(e, r, chain+1)
	delete(r.busy, name)
	if ok && r.bytes+len(s) > maxConstBytes {
		s, ok = "", false
	}
	r.bytes += len(s)
	r.g.values[name] = goValue{s, ok}
	return s, ok
}

// eval evaluates e; r resolves names while collecting, else the values
// are read.
func (g *GoFile) eval(e ast.Expr, r *goResolver, chain int) (string, bool) {
	var b strings.Builder
	if !g.evalInto(&b, e, r, chain, 0) {
		return "", false
	}
	return b.String(), true
}

func (g *GoFile) evalInto(b *strings.Builder, e ast.Expr, r *goResolver, chain, depth int) bool {
	if depth > maxExpr || b.Len() > maxValue {
		return false
	}
	if ok, spelled := Concat(b, e, func(o ast.Expr) bool { return g.evalInto(b, o, r, chain, depth+1) }); spelled {
		return ok && b.Len() <= maxValue
	}
	x, ok := e.(*ast.Ident)
	if !ok {
		return false
	}
	var s string
	if r != nil {
		s, ok = r.resolve(x.Name, chain)
	} else {
		v := g.values[x.Name]
		s, ok = v.s, v.ok
	}
	b.WriteString(s)
	return ok && b.Len() <= maxValue
}

// Concat writes to b the string e spells when e is a string literal, a
// parenthesised expression or a + chain, each operand through eval (which
// the caller bounds and which resolves names and calls its own way);
// spelled is false, and nothing written, when e is none of those. One
// definition for the file's constants and for the Go MCP readers, so a
// literal has one value.
func Concat(b *strings.Builder, e ast.Expr, eval func(ast.Expr) bool) (ok, spelled bool) {
	switch x := e.(type) {
	case *ast.BasicLit:
		if x.Kind != token.STRING {
			return false, true
		}
		s, err := strconv.Unquote(x.Value)
		b.WriteString(s)
		return err == nil, true
	case *ast.ParenExpr:
		return eval(x.X), true
	case *ast.BinaryExpr:
		if x.Op != token.ADD {
			return false, true
		}
		for _, o := range Operands(x) {
			if !eval(o) {
				return false, true
			}
		}
		return true, true
	}
	return false, false
}

// Operands lists the operands of a + b + c …, left to right. The chain is
// a left spine: walking it instead of recursing down it lets a description
// of a hundred concatenated lines be read without a deep stack.
func Operands(x *ast.BinaryExpr) []ast.Expr {
	var rights []ast.Expr
	left := ast.Expr(x)
	for {
		be, ok := left.(*ast.BinaryExpr)
		if !ok || be.Op != token.ADD {
			break
		}
		rights = append(rights, be.Y)
		left = be.X
	}
	out := append(make([]ast.Expr, 0, len(rights)+1), left)
	for i := len(rights) - 1; i >= 0; i-- {
		out = append(out, rights[i])
	}
	return out
}
