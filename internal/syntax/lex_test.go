package syntax

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// render shows tokens as Kind:Text, strings as "Text" with their prefix
// and a $ when interpolated.
func render(f *File) []string {
	var out []string
	for _, t := range f.Tokens {
		switch t.Kind {
		case String:
			s := t.Prefix + fmt.Sprintf("%q", t.Text)
			if t.Interp {
				s += "$"
			}
			out = append(out, s)
		default:
			out = append(out, t.Kind.String()+":"+t.Text)
		}
	}
	return out
}

// strs returns the String texts of a source.
func strs(lang Lang, src string) []string {
	var out []string
	for _, t := range Lex(lang, []byte(src)).Tokens {
		if t.Kind == String {
			out = append(out, t.Text)
		}
	}
	return out
}

func TestLangOf(t *testing.T) {
	for name, want := range map[string]Lang{
		"a.py": Python, "a/b.PY": Python, "x.js": JavaScript, "x.mjs": JavaScript, "x.cjs": JavaScript, "x.jsx": JavaScript,
		"x.ts": TypeScript, "x.d.ts": TypeScript, "x.mts": TypeScript, "x.cts": TypeScript, "x.tsx": TypeScript,
		"main.go": Go, "README.md": 0, "py": 0, "x.pyc": 0,
	} {
		if got := LangOf(name); got != want {
			t.Errorf("LangOf(%q) = %v, want %v", name, got, want)
		}
	}
	if Python.String() != "python" || JavaScript.String() != "javascript" || TypeScript.String() != "typescript" || Go.String() != "go" || Lang(0).String() != "" {
		t.Error("language names changed: reports print them")
	}
}

func TestPythonStrings(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{`"abc"`, `"abc"`},
		{`'a"b'`, `"a\"b"`},
		{"\"\"\"multi\nline \"quoted\" \"\"\"", `"multi\nline \"quoted\" "`},
		{"'''x''' '''y'''", `"x" "y"`},
		{`""""a"""`, `"\"a"`},
		{`''`, `""`},
		{`r"\d+\n"`, `r"\\d+\\n"`},
		{`R'\d'`, `r"\\d"`},
		{`Rb'\x00'`, `rb"\\x00"`},
		{`bR'\x00'`, `br"\\x00"`},
		{`r"\""`, `r"\\\""`},
		{`b"\xff\u0041"`, `b"\xff\\u0041"`},
		{`u"\xe9"`, `u"é"`},
		{`f"{name}!"`, `f"{name}!"$`},
		{`F"{name}"`, `f"{name}"$`},
		{`rf"\d{x}"`, `rf"\\d{x}"$`},
		{`f"{{literal}}"`, `f"{literal}"`},
		{`f"{x!r:>10} {{y}}"`, `f"{x!r:>10} {{y}}"$`},
		{`f"{a:{w}.{p}}"`, `f"{a:{w}.{p}}"$`},
		{`f"{a != b}"`, `f"{a != b}"$`},
		{`f"{d["k"]} {d['j']}"`, `f"{d[\"k\"]} {d['j']}"$`}, // Python 3.12 nests quotes
		{`f"{f'{x}'}"`, `f"{f'{x}'}"$`},
		{`f"\N{BULLET} {x}"`, `f"\\N{BULLET} {x}"$`},
		{`f"\{x}"`, `f"\\{x}"$`},
		{`t"{x}"`, `t"{x}"$`},
		{`ub"x"`, `Name:ub "x"`}, // not a prefix
		{`rbf"x"`, `Name:rbf "x"`},
		{`x"y"`, `Name:x "y"`},
		{`'a' "b"`, `"a" "b"`},
	} {
		got := strings.Join(render(Lex(Python, []byte(c.src))), " ")
		if got != c.want {
			t.Errorf("%s\n got %s\nwant %s", c.src, got, c.want)
		}
	}
}

func TestPythonUnterminated(t *testing.T) {
	f := Lex(Python, []byte("x = \"oops\r\ny = 'ok'\nz = '''to the end\nw = 1\n"))
	got := render(f)
	want := []string{"Name:x", "Punct:=", `"oops"`, "Name:y", "Punct:=", `"ok"`, "Name:z", "Punct:=", `"to the end\nw = 1\n"`}
	if !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if s := f.Tokens[2]; s.End != 9 {
		t.Errorf("unterminated string ends at %d, want 9 (before \\r\\n)", s.End)
	}
	// A newline ends a single-quoted f-string, even inside a field.
	if got := render(Lex(Python, []byte("f\"{x\ny = 1"))); !slices.Equal(got, []string{`f"{x"$`, "Name:y", "Punct:=", "Number:1"}) {
		t.Errorf("f-string with an open field: %q", got)
	}
	// A backslash-newline continues a single-quoted string.
	if got := strs(Python, "s = 'a\\\nb'"); !slices.Equal(got, []string{"ab"}) {
		t.Errorf("continued string: %q", got)
	}
}

func TestJSUnterminated(t *testing.T) {
	// residency: the next line is read as code again.
	if got := strs(JavaScript, "const a = \"oops\nconst b = \"https://b.example\";\n"); !slices.Equal(got, []string{"oops", "https://b.example"}) {
		t.Errorf("strings %q", got)
	}
	f := Lex(JavaScript, []byte("x = `open ${ a + `in"))
	if len(f.Tokens) != 3 || f.Tokens[2].End != len(f.Src) || !f.Tokens[2].Interp {
		t.Errorf("an open template runs to the end: %q", render(f))
	}
}

// The escapes Python decodes, and those it keeps.
func TestPythonEscapes(t *testing.T) {
	for _, c := range []struct{ body, want string }{
		{`\n\t\r\0\a\b\f\v`, "\n\t\r\x00\a\b\f\v"},
		{`\\ \' \"`, `\ ' "`},
		{`\x41\u00e9\U0001F600`, "Aé😀"},
		{`\101\7\0101`, "A\x07\x08" + "1"},
		{`\d\w\.`, `\d\w\.`}, // unknown escapes keep their backslash
		{`\N{EM DASH}`, `\N{EM DASH}`},
		{`\xZZ\u12`, `\xZZ\u12`},
		{`\U00110000`, `\U00110000`},
		{"a\\\nb", "ab"},
		{"a\\\r\nb", "ab"},
		{"line\r\nnext", "line\nnext"},
	} {
		src := `"""` + c.body + `"""`
		if got := strs(Python, src); len(got) != 1 || got[0] != c.want {
			t.Errorf("%s = %q, want %q", src, got, c.want)
		}
	}
	if got := strs(Python, `b"\xe9\101\u00e9"`); got[0] != "\xe9A\\u00e9" {
		t.Errorf("bytes escapes = %q", got[0])
	}
	if got := strs(Python, `r"a\
b\n"`); got[0] != "a\\\nb\\n" {
		t.Errorf("raw string = %q", got[0])
	}
}

func TestJSEscapes(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{`"\n\t\r\b\f\v\0"`, "\n\t\r\b\f\v\x00"},
		{`'\'\"\\\/'`, `'"\/`},
		{`"\d\w\."`, `dw.`}, // unknown escapes drop their backslash
		{`"\x41\u00e9\u{1F600}"`, "Aé😀"},
		{`"\uD83D\uDE00"`, "😀"}, // a surrogate pair is one rune
		{`"\101\7\08"`, "A\x07\x008"},
		{`"\8\9"`, "89"},
		{`"\xZZ\u12\u{110000}"`, `\xZZ\u12\u{110000}`},
		{"\"a\\\nb\"", "ab"},
		{"\"a\\\r\nb\"", "ab"},
		{"\"a\\\u2028b\"", "ab"},
		{"`a\\`b\\${c}`", "a`b${c}"},
		{"`line\r\nnext`", "line\nnext"},
		{"`\\101`", `\101`}, // octal is an error in a template: kept
	} {
		if got := strs(JavaScript, c.src); len(got) != 1 || got[0] != c.want {
			t.Errorf("%s = %q, want %q", c.src, got, c.want)
		}
	}
}

// Where the two lexers the package replaces disagreed.
func TestOldDisagreements(t *testing.T) {
	for _, c := range []struct {
		name string
		lang Lang
		src  string
		want []string // the strings
	}{
		{"\\d in JavaScript is d", JavaScript, `x = "\d+"`, []string{"d+"}},
		{"\\d in Python keeps the backslash", Python, `x = "\d+"`, []string{`\d+`}},
		{"\\n is a newline in both", Python, `x = "a\nb"`, []string{"a\nb"}},
		{"a regex literal holding quotes", JavaScript, `const re = /"https:\/\/x"/g; const y = "https://y";`, []string{"https://y"}},
		{"a regex after case", JavaScript, `switch (x) { case /"a"/.test(x): y = "b" }`, []string{"b"}},
		{"a regex class holding a slash", JavaScript, `s.replace(/[/"]/g, "") + "z"`, []string{"", "z"}},
		{"division is not a regex", JavaScript, `const z = a / b; const w = "https://w" / 2;`, []string{"https://w"}},
		{"template with nested braces and strings", JavaScript, "x = `a ${ {k: \"}\"}.k } b`; y = 'c'", []string{"a ${ {k: \"}\"}.k } b", "c"}},
		{"template inside a template field", JavaScript, "x = `a ${ `b ${c}` } d`; y = 'e'", []string{"a ${ `b ${c}` } d", "e"}},
		{"a comment in a template field", JavaScript, "x = `${ a /* } ` */ }`; y = 'e'", []string{"${ a /* } ` */ }", "e"}},
		{"f-string with the same quote in a field", Python, `x = f"{d["k"]}"; y = "z"`, []string{`{d["k"]}`, "z"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := strs(c.lang, c.src); !slices.Equal(got, c.want) {
				t.Errorf("strings = %q, want %q", got, c.want)
			}
		})
	}
}

func TestRegexOrDivision(t *testing.T) {
	regexes := func(src string) []string {
		var out []string
		for _, t := range Lex(TypeScript, []byte(src)).Tokens {
			if t.Kind == Regex {
				out = append(out, t.Text)
			}
		}
		return out
	}
	for _, c := range []struct {
		src  string
		want []string
	}{
		{"/ab+c/gi.test(s)", []string{"/ab+c/gi"}},
		{"x = /a/", []string{"/a/"}},
		{"f(/a/, [/b/], {k: /c/})", []string{"/a/", "/b/", "/c/"}},
		{"return /a/; typeof /b/; yield /c/; await /d/; throw /e/", []string{"/a/", "/b/", "/c/", "/d/", "/e/"}},
		{"x in /a/; void /b/; delete /c/; new /d/", []string{"/a/", "/b/", "/c/", "/d/"}},
		{"a && /x/.test(b) || !/y/.test(c)", []string{"/x/", "/y/"}},
		{"a / b / c", nil},
		{"a() / b / c", nil},
		{"a[0] / b / c", nil},
		{"x = {} / b / c", nil},
		{"1 / 2 / 3", nil},
		{`"s" / 2 / 3`, nil},
		{"x.return / 2 / 3", nil},
		{"i++ / 2 / 3", nil},
		{"/[/]/.test(s)", []string{"/[/]/"}},
		{`/\//.test(s)`, []string{`/\//`}},
		{"/=/.test(s)", []string{"/=/"}},
		{"x /= 2", nil},
		{"<a>text</a> and more", nil}, // JSX: the / does not close on its line
	} {
		if got := regexes(c.src); !slices.Equal(got, c.want) {
			t.Errorf("%s: regexes %q, want %q", c.src, got, c.want)
		}
	}
	// An unclosed regex is division; the rest of the line is lexed.
	if got := render(Lex(JavaScript, []byte("x = /a 'b'\ny = /c/"))); !slices.Equal(got, []string{"Name:x", "Punct:=", "Punct:/", "Name:a", `"b"`, "Name:y", "Punct:=", "Regex:/c/"}) {
		t.Errorf("unclosed regex: %q", got)
	}
}

// A URL in a comment is never read as a string.
func TestComments(t *testing.T) {
	for _, c := range []struct {
		lang Lang
		src  string
		want []string
	}{
		{Python, "# x = OpenAI(base_url=\"https://a.example\")\ny = 1\n", nil},
		{Python, "u = \"https://a.example/#frag\"  # 'not this'\n", []string{"https://a.example/#frag"}},
		{JavaScript, "// new OpenAI({baseURL: 'https://a.example'})\n/* 'https://b.example' */\nconst x = 1;\n", nil},
		{JavaScript, "#!/usr/bin/env node 'x'\nconst a = 'y' // 'z'\n", []string{"y"}},
		{JavaScript, "const u = 'https://a.example/*x*/'; // https://c\n", []string{"https://a.example/*x*/"}},
		{JavaScript, "x /* unterminated 'https://a'", nil},
		{TypeScript, "a # b", nil}, // # only starts a hashbang at the start
	} {
		if got := strs(c.lang, c.src); !slices.Equal(got, c.want) {
			t.Errorf("%v %q: strings %q, want %q", c.lang, c.src, got, c.want)
		}
	}
	if got := render(Lex(TypeScript, []byte("a # b"))); !slices.Equal(got, []string{"Name:a", "Punct:#", "Name:b"}) {
		t.Errorf("# outside a hashbang: %q", got)
	}
}

func TestPunctuation(t *testing.T) {
	for _, c := range []struct {
		lang      Lang
		src, want string
	}{
		{Python, "a ** b // c -> d := e == f != g <= h >= i", "** // -> := == != <= >="},
		{Python, "a += 1; b -= 1; c *= 1; d /= 1; e **= 2; f //= 3; g @= h; i >>= 1", "+= ; -= ; *= ; /= ; **= ; //= ; @= ; >>="},
		{Python, "def f(*args, **kw) -> None: ...", "( * , ** ) -> : ..."},
		{Python, "@app.tool()", "@ . ( )"},
		{JavaScript, "a => b === c !== d && e || f ?? g", "=> === !== && || ??"},
		{JavaScript, "a?.b ... c ** d += e >>>= f ??= g", "?. ... ** += >>>= ??="},
		{JavaScript, "x ? .5 : 1", "? :"},
		{JavaScript, "x?.5:1", "? :"},
	} {
		var got []string
		for _, t := range Lex(c.lang, []byte(c.src)).Tokens {
			if t.Kind == Punct {
				got = append(got, t.Text)
			}
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("%s: punctuation %q, want %q", c.src, got, c.want)
		}
	}
}

func TestNamesAndNumbers(t *testing.T) {
	for _, c := range []struct {
		lang Lang
		src  string
		want []string
	}{
		{Python, "x = 1_000 + 0x1F + 1e-5 + 1.5j + .5", []string{"Name:x", "Punct:=", "Number:1_000", "Punct:+", "Number:0x1F", "Punct:+", "Number:1e-5", "Punct:+", "Number:1.5j", "Punct:+", "Number:.5"}},
		{JavaScript, "0x1e+5 + 10n + 1..toString()", []string{"Number:0x1e", "Punct:+", "Number:5", "Punct:+", "Number:10n", "Punct:+", "Number:1.", "Punct:.", "Name:toString", "Punct:(", "Punct:)"}},
		{JavaScript, "$el = _x + café + naïve", []string{"Name:$el", "Punct:=", "Name:_x", "Punct:+", "Name:café", "Punct:+", "Name:naïve"}},
		{Python, "$x", []string{"Punct:$", "Name:x"}}, // $ is no Python name
		{Python, "名前 = 1", []string{"Name:名前", "Punct:=", "Number:1"}},
	} {
		if got := render(Lex(c.lang, []byte(c.src))); !slices.Equal(got, c.want) {
			t.Errorf("%s:\n got %q\nwant %q", c.src, got, c.want)
		}
	}
}

// Symbols, emoji and invalid UTF-8 outside strings do not stall the
// lexers: each is one rune of punctuation.
func TestProgress(t *testing.T) {
	src := []byte("x = 1 — 2 \xff\xfe 🙂 « mcp @modelcontextprotocol/sdk » \\ `")
	for _, lang := range []Lang{Python, JavaScript} {
		f := Lex(lang, src)
		var punct []string
		for _, t := range f.Tokens {
			if t.Kind == Punct {
				punct = append(punct, t.Text)
			}
		}
		want := []string{"=", "—", "\xff", "\xfe", "🙂", "«", "@", "/", "»", "\\"}
		if lang == Python {
			want = append(want, "`")
		}
		if !slices.Equal(punct, want) {
			t.Errorf("%v: punctuation %q, want %q", lang, punct, want)
		}
	}
	// JavaScript whitespace is Unicode's; Python's is ASCII (and a BOM).
	if got := render(Lex(JavaScript, []byte("\ufeffa\u00a0b\u2028c\u3000d"))); !slices.Equal(got, []string{"Name:a", "Name:b", "Name:c", "Name:d"}) {
		t.Errorf("JavaScript spaces: %q", got)
	}
	if got := render(Lex(Python, []byte("\ufeffa\u00a0b"))); !slices.Equal(got, []string{"Name:a", "Punct:\u00a0", "Name:b"}) {
		t.Errorf("Python spaces: %q", got)
	}
	if f := Lex(Go, []byte("package x")); len(f.Tokens) != 0 || f.Lang != Go {
		t.Errorf("Lex of Go: %v", render(f))
	}
}

func TestPositions(t *testing.T) {
	src := "def f():\n    \"\"\"doc\n    string\"\"\" + x\n\tif a: /* */ b\n  \\\n  c\n"
	f := Lex(Python, []byte(src))
	type pos struct {
		text      string
		line, col int
		start     bool
	}
	var got []pos
	for _, t := range f.Tokens {
		got = append(got, pos{t.Text, t.Line, t.Col, t.LineStart})
	}
	want := []pos{
		{"def", 1, 1, true}, {"f", 1, 5, false}, {"(", 1, 6, false}, {")", 1, 7, false}, {":", 1, 8, false},
		{"doc\n    string", 2, 5, true}, {"+", 3, 15, false}, {"x", 3, 17, false},
		{"if", 4, 2, true}, {"a", 4, 5, false}, {":", 4, 6, false}, {"/", 4, 8, false}, {"*", 4, 9, false}, {"*", 4, 11, false}, {"/", 4, 12, false}, {"b", 4, 14, false},
		{"c", 6, 3, true},
	}
	if !slices.Equal(got, want) {
		t.Errorf("positions\n got %v\nwant %v", got, want)
	}
	if !slices.Equal(f.contd, []int{16}) {
		t.Errorf("continued lines: %v, want the token after the backslash-newline", f.contd)
	}
	if l, c := f.Pos(f.Tokens[7].Off); l != 3 || c != 17 {
		t.Errorf("Pos = %d:%d", l, c)
	}
	js := Lex(JavaScript, []byte("a /* x */ b\n  /* y */ c\n  d"))
	for i, want := range []bool{true, false, false, true} {
		if js.Tokens[i].LineStart != want {
			t.Errorf("JavaScript token %q LineStart = %v", js.Tokens[i].Text, !want)
		}
	}
}

// Rust: raw and byte strings keep their bodies, escapes are decoded, a
// lifetime is a ' and a name while a character is a string, nested block
// comments are skipped whole, a raw identifier is one name.
func TestLexRust(t *testing.T) {
	src := "/* a /* nested */ comment */ fn f<'a>(x: &'a str) { let r = r#\"say \"hi\"\"#; let b = b\"\\x41\"; let c = '\\''; " +
		"let s = \"tab\\there \\\n    joined\"; let r#type = 'z'; }"
	var got []string
	for _, tk := range Lex(Rust, []byte(src)).Tokens {
		if tk.Kind == String {
			got = append(got, tk.Prefix+"|"+tk.Text)
		}
	}
	want := []string{`r#|say "hi"`, "b|A", "'|'", "|tab\there joined", "'|z"}
	if !slices.Equal(got, want) {
		t.Errorf("strings %q, want %q", got, want)
	}
	f := Lex(Rust, []byte(src))
	if f.Tokens[0].Text != "fn" {
		t.Errorf("first token %q, want fn (the nested comment skipped whole)", f.Tokens[0].Text)
	}
	var lifetime, raw bool
	for i, tk := range f.Tokens {
		lifetime = lifetime || tk.Text == "'" && tk.Kind == Punct && f.Is(i+1, Name, "a")
		raw = raw || tk.Kind == Name && tk.Text == "r#type"
	}
	if !lifetime || !raw {
		t.Errorf("lifetime read %v, raw identifier read %v", lifetime, raw)
	}
}
