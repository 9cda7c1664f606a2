package syntax

import (
	"bytes"
	"go/ast"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/mcp-comply/mcp-comply/internal/lines"
)

// pyFixture is a real FastMCP server of the fixtures, a seed beside the
// snippets (read, not copied, so it stays the fixture the analyzers see).
const pyFixture = "mcp-workbench/python-fastmcp/server/calculator.py"

// Real snippets: the fixtures the analyzers are tested on, and the shapes
// the lexers used to disagree on.
var pySeeds = []string{
	"c = OpenAI(base_url=os.getenv(\"X\", \"https://d.example\"))\nb = boto3.Session().client(\"bedrock-runtime\", region_name=\"eu-west-1\")\n",
	"BASE = 'https://x'\nURL: str = f\"{BASE}/v1/{d[\"k\"]!r:>{w}}\" \\\n  rb'\\x00' u'\\N{DASH}'\n",
	"def f(*a, **k) -> None:\n    global A\n    A = r'''raw\n''' ; x //= 2 ** 3\n",
	"s = f'{x\n' + \"unterminated\n",
}

var jsSeeds = []string{
	`import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";

const server = new McpServer(
  { name: "mailer", version: "2.1.0" },
  { instructions: ` + "`Sends mail for the team.`" + ` },
);

server.registerTool(
  "send_email",
  {
    title: "Send email",
    inputSchema: { to: z.string().email().describe("Recipient address"), body: z.string() },
    annotations: { destructiveHint: true, openWorldHint: true },
  },
  async ({ to, body }) => ({ content: [{ type: "text", text: ` + "`sent to ${to}`" + ` }] }),
);
app.listen(3000, () => console.log(` + "`listening on ${3000}`" + `));
`,
	`const re = /"description": "not a tool"/g;
if (req.headers.authorization !== ` + "`Bearer ${process.env.TOKEN}`" + `) return res.sendStatus(401);
app.listen(8080, "127.0.0.1");
`,
	"#!/usr/bin/env node\nconst x = `a ${ `b ${c}` } ${ {k: \"}\"}.k } d`; // ${\nlet y = a / b / c, z = /[/]/g.test(s) ? .5 : 1n;\n/* unterminated",
	"export const A: string = 'a\\d' as const;\nreturn <div className=\"x\">it's</div>;\n\"\\uD83D\\uDE00\\u{1F600}\\x41\"",
}

// badGap returns the offset of the first byte in src[from:to] that is not
// whitespace, a comment, a hashbang or (Python) a backslash-newline, or -1.
// It is written apart from the lexer, from the package's rules.
func badGap(lang Lang, src []byte, from, to int) int {
	for i := from; i < to; {
		c := src[i]
		rest := src[i:to]
		lineComment := func() bool {
			j := bytes.IndexByte(rest, '\n')
			if j < 0 {
				if to != len(src) {
					return false // a token inside the comment
				}
				j = len(rest)
			}
			i += j
			return true
		}
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			i++
		case c == '\v' && lang.js():
			i++
		case lang == Python && c == '#':
			if !lineComment() {
				return i
			}
		case lang == Python && bytes.HasPrefix(rest, []byte("\\\n")):
			i += 2
		case lang == Python && bytes.HasPrefix(rest, []byte("\\\r\n")):
			i += 3
		case lang.js() && (bytes.HasPrefix(rest, []byte("//")) || i == 0 && bytes.HasPrefix(rest, []byte("#!"))):
			if !lineComment() {
				return i
			}
		case lang == Rust && bytes.HasPrefix(rest, []byte("//")):
			if !lineComment() {
				return i
			}
		case lang == Rust && bytes.HasPrefix(rest, []byte("/*")):
			// nested: count the openers and closers, as the language does
			depth, j := 0, 0
			for j < len(rest) {
				if bytes.HasPrefix(rest[j:], []byte("/*")) {
					depth, j = depth+1, j+2
				} else if bytes.HasPrefix(rest[j:], []byte("*/")) {
					depth, j = depth-1, j+2
					if depth == 0 {
						break
					}
				} else {
					j++
				}
			}
			if depth > 0 && to != len(src) {
				return i
			}
			i += j
		case lang == Rust && c == '\v':
			i++
		case lang.js() && bytes.HasPrefix(rest, []byte("/*")):
			j := bytes.Index(rest[2:], []byte("*/"))
			if j < 0 {
				if to != len(src) {
					return i
				}
				j = len(rest) - 4
			}
			i += j + 4
		case c >= 0x80:
			r, n := utf8.DecodeRune(rest)
			space := r == 0xFEFF || lang.js() && (r == 0xA0 || r == 0x2028 || r == 0x2029 || unicode.Is(unicode.Zs, r))
			if !space || r == utf8.RuneError {
				return i
			}
			i += n
		default:
			return i
		}
	}
	return -1
}

// checkLexed asserts what every token stream promises.
func checkLexed(t testing.TB, f *File) {
	t.Helper()
	src := f.Src
	idx := lines.New(src)
	n := len(f.Tokens)
	prev := 0
	blank := func(b []byte) bool {
		return strings.TrimLeftFunc(string(b), func(r rune) bool {
			switch r {
			case ' ', '\t', '\f', '\r', 0xFEFF:
				return true
			}
			return f.Lang.js() && (r == '\v' || r == 0xA0 || r == 0x2028 || r == 0x2029 || unicode.Is(unicode.Zs, r))
		}) == ""
	}
	for i := range f.Tokens {
		tk := &f.Tokens[i]
		if tk.Off < prev || tk.End <= tk.Off || tk.End > len(src) {
			t.Fatalf("token %d %q at [%d, %d) after %d in %d bytes", i, tk.Text, tk.Off, tk.End, prev, len(src))
		}
		if bad := badGap(f.Lang, src, prev, tk.Off); bad >= 0 {
			t.Fatalf("byte %d (%q) before token %d is in no token", bad, src[bad], i)
		}
		if line, col := idx.At(tk.Off); tk.Line != line || tk.Col != col {
			t.Fatalf("token %d at %d:%d, want %d:%d", i, tk.Line, tk.Col, line, col)
		}
		if want := blank(src[idx.Start(tk.Line):tk.Off]); tk.LineStart != want {
			t.Fatalf("token %d %q: LineStart %v", i, tk.Text, tk.LineStart)
		}
		written := string(src[tk.Off:tk.End])
		switch tk.Kind {
		case Name, Number, Punct:
			if tk.Text != written {
				t.Fatalf("token %d: text %q, written %q", i, tk.Text, written)
			}
		case Regex:
			if tk.Text != written || written[0] != '/' || len(written) < 2 || f.Lang == Python {
				t.Fatalf("token %d: regex %q", i, written)
			}
		case String:
			opening := strings.ToLower(written[:min(len(tk.Prefix), len(written))])
			q := written[min(len(tk.Prefix), len(written)-1)]
			switch {
			case f.Lang == Python && (opening != tk.Prefix || q != '"' && q != '\''):
				t.Fatalf("token %d: Python string %q with prefix %q", i, written, tk.Prefix)
			case f.Lang.js() && tk.Prefix == "`" && written[0] != '`',
				f.Lang.js() && tk.Prefix == "" && written[0] != '"' && written[0] != '\'':
				t.Fatalf("token %d: JavaScript string %q with prefix %q", i, written, tk.Prefix)
			case f.Lang == Rust && !(tk.Prefix == "'" && written[0] == '\'' || strings.HasPrefix(written, tk.Prefix+"\"")):
				t.Fatalf("token %d: Rust string %q with prefix %q", i, written, tk.Prefix)
			}
			if tk.Interp && !strings.Contains(written, "{") {
				t.Fatalf("token %d: interpolated %q without a field", i, written)
			}
		default:
			t.Fatalf("token %d: kind %v", i, tk.Kind)
		}
		prev = tk.End
	}
	if bad := badGap(f.Lang, src, prev, len(src)); bad >= 0 {
		t.Fatalf("byte %d (%q) after the last token is in no token", bad, src[bad])
	}
	for i := range f.Tokens {
		if d := f.Depth(i); d < 0 || d > i {
			t.Fatalf("token %d: depth %d", i, d)
		}
		m := f.Match(i)
		k, open := bracket(&f.Tokens[i])
		switch {
		case !open && m != n:
			t.Fatalf("token %d %q is no opening bracket but matches %d", i, f.Tokens[i].Text, m)
		case open && m <= i:
			t.Fatalf("bracket %d matches %d", i, m)
		case open && m < n:
			if mk, mopen := bracket(&f.Tokens[m]); mk != k || mopen || f.Depth(m) != f.Depth(i) {
				t.Fatalf("bracket %d %q matches %d %q", i, f.Tokens[i].Text, m, f.Tokens[m].Text)
			}
		}
		if open && i%7 == 0 { // a sample: Args walks the bracket
			for _, a := range f.Args(i, ":") {
				if a.Start <= i || a.End > m || a.Start > a.End {
					t.Fatalf("bracket %d..%d: argument %+v", i, m, a)
				}
				f.Str(a.Start, a.End)
				f.Bool(a.Start, a.End)
			}
		}
	}
	for name, c := range f.Constants() {
		if c.Off < 0 || c.Off >= len(src) || c.Line != idx.Line(c.Off) || len(c.Value) > maxValue {
			t.Fatalf("constant %s: %+v", name, c)
		}
	}
}

// seeds are the snippets and the fixture files named, read from the
// repository's testdata.
func seeds(tb testing.TB, snippets []string, fixtures ...string) []string {
	out := slices.Clone(snippets)
	for _, name := range fixtures {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", name))
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, string(b))
	}
	return out
}

func fuzzLex(f *testing.F, seeds []string, langs ...Lang) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, lang := range langs {
			checkLexed(t, Lex(lang, src))
		}
	})
}

func FuzzLexPython(f *testing.F) { fuzzLex(f, seeds(f, pySeeds, pyFixture), Python) }

func FuzzLexJS(f *testing.F) { fuzzLex(f, jsSeeds, JavaScript) }

// rustSeeds are an rmcp server's forms (elastic/mcp-server-elasticsearch)
// and the shapes Rust's lexing turns on: raw strings, nested comments,
// lifetimes beside characters.
var rustSeeds = []string{
	`use rmcp::{tool, tool_router};

#[tool_router]
impl EsBaseTools {
    /// Tool: list indices
    #[tool(
        description = "List all available Elasticsearch indices",
        annotations(title = "List ES indices", read_only_hint = true)
    )]
    async fn list_indices(&self, Parameters(p): Parameters<ListIndicesParams>) -> Result<CallToolResult, rmcp::Error> {
        Ok(CallToolResult::success(vec![Content::text(format!("Found {} indices:", n))]))
    }
}
`,
	`fn f<'a>(x: &'a str) -> char { let r = r#"a "quoted" # b"#; let b = br##"x"#"##; /* a /* nested */ comment */ 'z' }
`,
	`let c = '\''; let d = '\u{1F600}'; let s = "line \
    joined\t\x41"; 'outer: loop { break 'outer; } let r#type = 1u32..=9;`,
	"/* unterminated /* nested */",
}

func FuzzLexRust(f *testing.F) { fuzzLex(f, rustSeeds, Rust) }

// The test tables' sources pass the invariants too.
func TestSeedsInvariants(t *testing.T) {
	for _, s := range seeds(t, pySeeds, pyFixture) {
		checkLexed(t, Lex(Python, []byte(s)))
	}
	for _, s := range jsSeeds {
		checkLexed(t, Lex(TypeScript, []byte(s)))
	}
	for _, s := range rustSeeds {
		checkLexed(t, Lex(Rust, []byte(s)))
	}
}

var goSeeds = []string{
	"package main\n\nimport \"github.com/modelcontextprotocol/go-sdk/mcp\"\n\nconst name = \"acme\" + \"-gateway\"\n\nfunc main() {\n\ts := mcp.NewServer(&mcp.Implementation{Name: name, Version: `v1`}, nil)\n\tmcp.AddTool(s, &mcp.Tool{Name: \"search\", Description: \"the text \" + name}, search)\n}\n",
	"package main\nfunc main() {\n\tmcp.NewServer(&mcp.Implementation{Name: \"broken\"}, nil\n}\n",
	"package p\nconst (\n\tA = B\n\tB = A\n\tC = \"c\"\n\tD\n)\nvar x = (C + D) + A\n",
	"package main\nfunc main() {\n\tc := openai.NewClient(option.WithBaseURL(\"https://with.example/v1\"))\n\t_ = &tls.Config{InsecureSkipVerify: true, MinVersion: tls.VersionTLS11}\n}\n",
}

func FuzzParseGo(f *testing.F) {
	for _, s := range goSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		g, err := ParseGo(src)
		count := lines.New(src).Count()
		if err != nil && (err.Line < 1 || err.Col < 1 || err.Line > count) {
			t.Fatalf("error at %d:%d in %d lines", err.Line, err.Col, count)
		}
		if g.AST == nil {
			return
		}
		ast.Inspect(g.AST, func(n ast.Node) bool {
			if n == nil {
				return false
			}
			// go/parser ends an unclosed block one past the end of the
			// file (its } is taken at EOF): End may be len+1, and Offset
			// clamps it.
			pos, end := int(n.Pos())-g.base, int(n.End())-g.base
			if n.Pos().IsValid() && (pos < 0 || pos > len(src) || n.End().IsValid() && (end < pos || end > len(src)+1)) {
				t.Fatalf("%T at [%d, %d) of %d bytes", n, pos, end, len(src))
			}
			for _, p := range []token.Pos{n.Pos(), n.End()} {
				if !p.IsValid() {
					continue
				}
				line, col := g.Pos(p)
				if off := g.Offset(p); off < 0 || off > len(src) || line < 1 || line > count || col < 1 {
					t.Fatalf("%T: Offset %d, Pos %d:%d", n, off, line, col)
				}
			}
			if e, ok := n.(ast.Expr); ok {
				g.Str(e)
			}
			return true
		})
	})
}
