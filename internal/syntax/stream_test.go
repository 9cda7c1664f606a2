package syntax

import (
	"fmt"
	"go/ast"
	"slices"
	"testing"
)

// find returns the index of the first token with the text.
func find(t *testing.T, f *File, text string) int {
	t.Helper()
	for i, tk := range f.Tokens {
		if tk.Text == text {
			return i
		}
	}
	t.Fatalf("no token %q", text)
	return -1
}

func TestMatchDepth(t *testing.T) {
	f := Lex(JavaScript, []byte("f(a[0], {k: (1)}) ) g( [ ) h("))
	// f ( a [ 0 ] , { k : ( 1 ) } ) ) g ( [ ) h (
	// 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21
	n := len(f.Tokens)
	for open, want := range map[int]int{1: 14, 3: 5, 7: 13, 10: 12, 17: 19, 18: n, 21: n, 0: n, 5: n} {
		if got := f.Match(open); got != want {
			t.Errorf("Match(%d %q) = %d, want %d", open, f.Tokens[open].Text, got, want)
		}
	}
	var depths []int
	for i := range f.Tokens {
		depths = append(depths, f.Depth(i))
	}
	// The stray ) at 15 is ignored; the ) at 19 closes g( and leaves [ open.
	want := []int{0, 0, 1, 1, 2, 1, 1, 1, 2, 2, 2, 3, 2, 1, 0, 0, 0, 0, 1, 0, 0, 0}
	if !slices.Equal(depths, want) {
		t.Errorf("depths\n got %v\nwant %v", depths, want)
	}
	if f.Match(-1) != n || f.Match(n) != n || f.Depth(-1) != 0 || f.Depth(n) != 0 {
		t.Error("out of range")
	}
}

func TestArgs(t *testing.T) {
	show := func(f *File, args []Arg) []string {
		var out []string
		for _, a := range args {
			v := ""
			for j := a.Start; j < a.End; j++ {
				v += f.Tokens[j].Text
			}
			out = append(out, a.Key+"="+v)
		}
		return out
	}
	py := Lex(Python, []byte(`FastMCP("calc", instructions="x" "y", host=h(1, 2), deps=[a, b], *rest, **kw,)`))
	if got := show(py, py.Args(1, "=")); !slices.Equal(got, []string{"=calc", "instructions=xy", "host=h(1,2)", "deps=[a,b]", "=*rest", "=**kw"}) {
		t.Errorf("Python args: %q", got)
	}
	a, ok := FindArg(py.Args(1, "="), "host")
	if !ok || a.KeyOff != 38 || py.Tokens[a.Start].Text != "h" {
		t.Errorf("FindArg(host) = %+v %v", a, ok)
	}
	if _, ok := FindArg(py.Args(1, "="), "port"); ok {
		t.Error("FindArg found a missing key")
	}
	js := Lex(TypeScript, []byte(`{name: "n", "quoted": 1, [computed]: 2, short, ...spread, nested: {a: 1, b: 2}}`))
	if got := show(js, js.Args(0, ":")); !slices.Equal(got, []string{"name=n", "quoted=1", "=[computed]:2", "=short", "=...spread", "nested={a:1,b:2}"}) {
		t.Errorf("object members: %q", got)
	}
	if got := show(js, js.Args(0, "")); len(got) != 6 || got[0] != "=name:n" {
		t.Errorf("no separator: %q", got)
	}
	if js.Args(1, ":") != nil {
		t.Error("Args of a non-bracket")
	}
	// An unclosed call (a truncated file) still gives its arguments.
	cut := Lex(Python, []byte(`FastMCP("calc", instructions="x`))
	if got := show(cut, cut.Args(1, "=")); !slices.Equal(got, []string{"=calc", "instructions=x"}) {
		t.Errorf("unclosed call: %q", got)
	}
	// An unclosed bracket inside a closed call is part of the last argument.
	in := Lex(JavaScript, []byte(`f(a, [b, c)`))
	if got := show(in, in.Args(1, ":")); !slices.Equal(got, []string{"=a", "=[b,c"}) {
		t.Errorf("unclosed inner bracket: %q", got)
	}
}

func TestStr(t *testing.T) {
	for _, c := range []struct {
		lang Lang
		src  string // the value is what follows the first =
		want string
		ok   bool
	}{
		{Python, `x = "a" + 'b'`, "ab", true},
		{Python, `x = ("a"
    "b"
    'c')`, "abc", true},
		{Python, `x = (("a"))`, "a", true},
		{Python, `x = "a" + ("b" + "c")`, "abc", true},
		{Python, `x = "a" +`, "", false},
		{Python, `x = + "a"`, "", false},
		{Python, `x = "a" "b" + "c"`, "abc", true},
		{Python, `x = "a".upper()`, "", false},
		{Python, `x = "a %s" % y`, "", false},
		{Python, `x = f"{y}"`, "", false}, // y is no constant
		{Python, `x = t"abc"`, "", false}, // a Template, not a str
		{Python, `x = b"raw"`, "raw", true},
		{Python, `x = os.environ["X"]`, "", false},
		{Python, `x = None`, "", false},
		{Python, `x = `, "", false},
		{JavaScript, `x = "a" + 'b' + ` + "`c`", "abc", true},
		{JavaScript, `x = "a" "b"`, "", false}, // no juxtaposition in JavaScript
		{JavaScript, "x = String.raw`a`", "", false},
		{JavaScript, "x = tag`a`", "", false},
		{JavaScript, "x = `a${y}`", "", false},
		{TypeScript, `x = "a" as const`, "a", true},
		{TypeScript, `x = ("a" + "b") as const`, "ab", true},
		{TypeScript, `x = "a" as string`, "", false},
	} {
		f := Lex(c.lang, []byte(c.src))
		eq := find(t, f, "=")
		got, off, ok := f.Str(eq+1, len(f.Tokens))
		if got != c.want || ok != c.ok {
			t.Errorf("%s: Str = %q %v, want %q %v", c.src, got, ok, c.want, c.ok)
		}
		if ok && off != f.Tokens[eq+1].Off && !f.Is(eq+1, Punct, "(") {
			t.Errorf("%s: off %d, want the first token's %d", c.src, off, f.Tokens[eq+1].Off)
		}
	}
	// Enum members: Class.NAME and Class.NAME.value; an unknown member or
	// another attribute is no string.
	for src, want := range map[string]string{
		"K.A":             "git_status",
		"K.A.value + '!'": "git_status!",
		"K.B":             "",
		"K.A.name":        "",
		"obj.A":           "",
	} {
		f := Lex(Python, []byte("class K(str, Enum):\n    A = 'git_status'\nx = "+src))
		got, _, ok := f.Str(find(t, f, "x")+2, len(f.Tokens))
		if got != want || ok != (want != "") {
			t.Errorf("%s: Str = %q %v, want %q", src, got, ok, want)
		}
	}
	// The offset of a parenthesized value is its first string's.
	f := Lex(Python, []byte(`x = ("a" "b")`))
	if _, off, _ := f.Str(2, len(f.Tokens)); off != 5 {
		t.Errorf("off = %d, want 5", off)
	}
	if v, _, ok := f.Str(2, 99); !ok || v != "ab" {
		t.Error("Str clamps its range")
	}
	if v, _, ok := f.Str(-5, 1); !ok || v != "ab" { // x, a constant
		t.Errorf("Str(x) = %q %v", v, ok)
	}
	if _, _, ok := f.Str(3, 3); ok {
		t.Error("empty range read as a string")
	}
}

func TestStrConstants(t *testing.T) {
	py := Lex(Python, []byte(`BASE = "https://api.example"
VERSION: str = "v1"

def url(path):
    return f"{BASE}/{VERSION}/{path}"

URL = f"{BASE}/{VERSION}"
call(BASE + "/x", f"{BASE}!", f"{BASE:>10}", f"{BASE!r}", f"{{BASE}}", f"{ BASE }")
`))
	var got []string
	call := find(t, py, "call")
	for _, a := range py.Args(call+1, "=") {
		v, _, ok := py.Str(a.Start, a.End)
		got = append(got, fmt.Sprintf("%q:%v", v, ok))
	}
	want := []string{`"https://api.example/x":true`, `"https://api.example!":true`, `"":false`, `"":false`, `"{BASE}":true`, `"https://api.example":true`}
	if !slices.Equal(got, want) {
		t.Errorf("Str with constants\n got %v\nwant %v", got, want)
	}
	ret := find(t, py, "return")
	if _, _, ok := py.Str(ret+1, ret+2); ok {
		t.Error("an f-string with a parameter resolved")
	}
	js := Lex(TypeScript, []byte("export const BASE = 'https://api.example';\nconst u = `${BASE}/v1/${ BASE }`;\nf(`${BASE}/${other}`)"))
	u := find(t, js, "u")
	if v, _, ok := js.Str(u+2, u+3); !ok || v != "https://api.example/v1/https://api.example" {
		t.Errorf("template of constants = %q %v", v, ok)
	}
	fc := find(t, js, "f")
	if _, _, ok := js.Str(fc+2, fc+3); ok {
		t.Error("a template with a non-constant field resolved")
	}
}

// Pieces gives the literal text and field names of a template whose
// fields are each one name, whatever they name; none for a template with
// another field or for a plain string.
func TestPieces(t *testing.T) {
	js := Lex(TypeScript, []byte("f(`${PREFIX} the ${NOUN}.`, `${a.b} x`, 'plain', `no fields`)"))
	args := js.Args(find(t, js, "f")+1, "")
	ps, ok := js.Pieces(args[0].Start)
	want := []Piece{{Text: "PREFIX", Field: true}, {Text: " the "}, {Text: "NOUN", Field: true}, {Text: "."}}
	if !ok || !slices.Equal(ps, want) {
		t.Errorf("Pieces = %v %v, want %v", ps, ok, want)
	}
	for _, a := range args[1:] {
		if ps, ok := js.Pieces(a.Start); ok {
			t.Errorf("Pieces of %q = %v", js.Tokens[a.Start].Text, ps)
		}
	}
}

func TestBool(t *testing.T) {
	f := Lex(Python, []byte("f(True, False, true, false, None, x, True and x)"))
	var got []string
	for _, a := range f.Args(1, "=") {
		if b := f.Bool(a.Start, a.End); b != nil {
			got = append(got, fmt.Sprint(*b))
		} else {
			got = append(got, "nil")
		}
	}
	if want := []string{"true", "false", "true", "false", "nil", "nil", "nil"}; !slices.Equal(got, want) {
		t.Errorf("Bool = %v, want %v", got, want)
	}
}

// The lazily derived state (brackets, line index, constants) is safe for
// concurrent readers; run with -race.
func TestConcurrentReaders(t *testing.T) {
	f := Lex(Python, []byte("BASE = 'https://x'\nmcp = FastMCP('n', instructions=BASE + '/i', host=f'{BASE}')\n"))
	g, _ := ParseGo([]byte("package p\nconst A = \"a\" + B\nconst B = \"b\"\n"))
	spec := g.AST.Decls[0].(*ast.GenDecl).Specs[0].(*ast.ValueSpec)
	call := find(t, f, "FastMCP")
	done := make(chan string)
	for range 8 {
		go func() {
			a, _ := FindArg(f.Args(call+1, "="), "host")
			v, _, _ := f.Str(a.Start, a.End)
			line, _ := f.Pos(f.Tokens[f.Match(call+1)].Off)
			gv, _ := g.Str(spec.Values[0])
			done <- fmt.Sprintf("%s %d %d %d %s", v, line, f.Depth(call+2), len(f.Constants()), gv)
		}()
	}
	for range 8 {
		if got := <-done; got != "https://x 2 1 1 ab" {
			t.Errorf("reader got %q", got)
		}
	}
}
