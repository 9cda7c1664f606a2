package syntax

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"
	"testing"
)

func TestParseGoBroken(t *testing.T) {
	for _, c := range []struct {
		src       string
		line, col int
		msg       string
		decls     int // in the partial AST
	}{
		// residency/lex_test.go: the error is reported where the parser
		// notices it, the } of line 4.
		{"package main\nfunc main() {\n\tx := \n}\n", 4, 1, "expected operand, found '}'", 1},
		// hardening's go-sdk fixture: a call not closed.
		{"package main\n\nimport \"github.com/modelcontextprotocol/go-sdk/mcp\"\n\nfunc main() {\n\tmcp.NewServer(&mcp.Implementation{Name: \"broken\"}, nil\n}\n", 6, 56, "missing ',' before newline in argument list", 2},
		// What precedes the error is kept (go/parser drops what follows).
		{"package p\nconst A = \"a\"\nfunc a() { ( }\nfunc b() {}\n", 3, 14, "expected operand, found '}'", 2},
		// //line directives do not move the reported position.
		{"package p\n//line other.go:100:1\nfunc a() { ( }\n", 3, 14, "expected operand, found '}'", 1},
	} {
		g, err := ParseGo([]byte(c.src))
		if err == nil || err.Line != c.line || err.Col != c.col || err.Msg != c.msg {
			t.Errorf("%q: error %v, want %d:%d: %s", c.src, err, c.line, c.col, c.msg)
			continue
		}
		if err.Error() != fmt.Sprintf("%d:%d: %s", c.line, c.col, c.msg) {
			t.Errorf("Error() = %q", err.Error())
		}
		if g == nil || g.AST == nil {
			t.Errorf("%q: no partial AST", c.src)
			continue
		}
		if len(g.AST.Decls) != c.decls {
			t.Errorf("%q: %d declarations in the partial AST, want %d", c.src, len(g.AST.Decls), c.decls)
		}
		if gd, ok := g.AST.Decls[0].(*ast.GenDecl); ok && gd.Tok == token.CONST {
			if v, ok := g.Str(gd.Specs[0].(*ast.ValueSpec).Values[0]); !ok || v != "a" {
				t.Errorf("constant of a partial AST: %q %v", v, ok)
			}
		}
	}
	g, err := ParseGo([]byte("not go at all"))
	if err == nil || err.Line != 1 || err.Col != 1 || g.AST != nil {
		t.Errorf("garbage: %v, AST %v", err, g.AST)
	}
	g, err = ParseGo([]byte("package p\n\nvar x = 1\n"))
	if err != nil || g.AST == nil || g.AST.Name.Name != "p" {
		t.Errorf("valid file: %v", err)
	}
}

func TestGoPositions(t *testing.T) {
	src := "package p\n\nconst A = \"a\"\n"
	g, _ := ParseGo([]byte(src))
	spec := g.AST.Decls[0].(*ast.GenDecl).Specs[0].(*ast.ValueSpec)
	lit := spec.Values[0]
	if off := g.Offset(lit.Pos()); off != strings.Index(src, `"a"`) {
		t.Errorf("Offset = %d", off)
	}
	if l, c := g.Pos(lit.Pos()); l != 3 || c != 11 {
		t.Errorf("Pos = %d:%d, want 3:11", l, c)
	}
	if g.Offset(0) != -1 {
		t.Error("Offset(NoPos)")
	}
	if l, c := g.Pos(0); l != 0 || c != 0 {
		t.Error("Pos(NoPos)")
	}
	// Positions stay right when a FileSet already holds other files: the
	// file's base is kept.
	g2, _ := ParseGo([]byte(src))
	if g2.Offset(g2.AST.Name.Pos()) != 8 {
		t.Errorf("second file: Offset = %d", g2.Offset(g2.AST.Name.Pos()))
	}
}

// valueOf returns the expression assigned to the first name of a spec.
func valueOf(t *testing.T, g *GoFile, name string) ast.Expr {
	t.Helper()
	for _, d := range g.AST.Decls {
		if gd, ok := d.(*ast.GenDecl); ok {
			for _, sp := range gd.Specs {
				if vs, ok := sp.(*ast.ValueSpec); ok && len(vs.Names) > 0 && vs.Names[0].Name == name {
					return vs.Values[0]
				}
			}
		}
	}
	t.Fatalf("no %s", name)
	return nil
}

func TestGoStr(t *testing.T) {
	src := `package p

const (
	Base    = "https://api.example"
	Version = "v1"
	URL     = Base + "/" + Version
	Raw     = ` + "`raw\\n`" + `
	Same         // repeats Raw
	Typed string = "typed"
	Num          = 3
)

var (
	Path = (URL) + "/path"
	Cyc1 = Cyc2 + "x"
	Cyc2 = Cyc1
	Self = Self
	Call = fmt.Sprint("x")
	NumPlus = Num + "x"
	Local = local
)

func f() {
	const local = "inside"
}

var (
	v1 = Path
	v2 = Same
	v3 = Typed + "!"
	v4 = Cyc1
	v5 = Self
	v6 = Call
	v7 = NumPlus
	v8 = "a" + "b" + "c" + "d" + "e" + "f" + "g" + "h" + "i" + "j" + "k" + "l" + "m" + "n" + "o" + "p" + "q" + "r" + "s" + "t" + "u" + "v" + "w" + "x" + "y" + "z"
	v9 = Local
	v10 = "\xff\u00e9"
)
`
	g, err := ParseGo([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, want string
		ok         bool
	}{
		{"v1", "https://api.example/v1/path", true},
		{"v2", `raw\n`, true},
		{"v3", "typed!", true},
		{"v4", "", false}, // a cycle
		{"v5", "", false},
		{"v6", "", false},
		{"v7", "", false},
		{"v8", "abcdefghijklmnopqrstuvwxyz", true}, // longer than hardening's depth 20
		{"v9", "", false},                          // a function's const is not the file's
		{"v10", "\xffé", true},
	} {
		if got, ok := g.Str(valueOf(t, g, c.name)); got != c.want || ok != c.ok {
			t.Errorf("%s: Str = %q %v, want %q %v", c.name, got, ok, c.want, c.ok)
		}
	}
	if _, ok := g.Str(nil); ok {
		t.Error("Str(nil)")
	}
}

// A chain longer than maxChain, and constants doubling at each step, are
// refused rather than followed.
func TestGoStrBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("package p\nconst C0 = \"x\"\n")
	for i := 1; i <= 3*maxChain; i++ {
		fmt.Fprintf(&b, "const C%d = C%d\n", i, i-1)
	}
	b.WriteString("const D0 = \"xxxxxxxxxxxxxxxx\"\n")
	for i := 1; i < 64; i++ {
		fmt.Fprintf(&b, "const D%d = D%d + D%d\n", i, i-1, i-1)
	}
	b.WriteString("var probe = C10 + C192 + D63\nvar probe2 = D16\n")
	g, err := ParseGo([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	// Collected in order, each name resolves through the ones before it,
	// so a long chain written in order still resolves; D63 does not fit.
	if _, ok := g.Str(valueOf(t, g, "probe")); ok {
		t.Error("D63 resolved")
	}
	if v, ok := g.Str(valueOf(t, g, "probe2")); !ok || len(v) != 16<<16 {
		t.Errorf("D16: %d bytes %v", len(v), ok)
	}
	if v, ok := g.Str(valueOf(t, g, "C192")); !ok || v != "x" {
		t.Errorf("C192 = %q %v", v, ok)
	}
	// The same chain written backwards must be followed from its head.
	b.Reset()
	b.WriteString("package p\n")
	for i := 1; i <= 3*maxChain; i++ {
		fmt.Fprintf(&b, "const C%d = C%d\n", i, i+1)
	}
	fmt.Fprintf(&b, "const C%d = \"x\"\n", 3*maxChain+1)
	g, _ = ParseGo([]byte(b.String()))
	if _, ok := g.Str(valueOf(t, g, "C1")); ok {
		t.Error("a chain of 192 names followed")
	}
	if v, ok := g.Str(valueOf(t, g, "C190")); !ok || v != "x" {
		t.Errorf("a short chain: %q %v", v, ok)
	}
}
