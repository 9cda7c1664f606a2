package markdown

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/reports/internal/safe"
	"github.com/mcp-comply/mcp-comply/reports/reporttest"
)

func format(t *testing.T, r *compliance.Report) string {
	return string(reporttest.Render(t, Markdown{}, r))
}

// TestEscOnlyWhatIsSyntax pins how common project strings read in the raw
// comment: as written, with a backslash only where GitHub would otherwise
// read syntax.
func TestEscOnlyWhatIsSyntax(t *testing.T) {
	for _, tc := range []struct {
		name string
		esc  func(string, int) string
		in   string
		want string
	}{
		{"plain words stay", esc, "all 14 components allow it", "all 14 components allow it"},
		{"versions, licences and paths stay", esc, "n8n 2.8.4 (SUL-1.0) in node_modules/n8n-core/package.json:6:1",
			"n8n 2.8.4 (SUL-1.0) in node_modules/n8n-core/package.json:6:1"},
		{"quotes, commas and colons stay", esc, `saas: “You may use it” — "a", 'b'; c!`, `saas: “You may use it” — "a", 'b'; c!`},
		{"an underscore inside a word stays", esc, "snake_case LICENSE_EE.md", "snake_case LICENSE_EE.md"},
		{"a lone star stays", esc, "1 * 2", "1 * 2"},
		{"a less-than with a space stays", esc, "a < b <= c", "a < b <= c"},
		{"pipe cannot end a cell", escCell, "a|b", `a\|b`},
		{"a pipe outside a table stays", esc, "a|b", "a|b"},
		{"backticks cannot open code", esc, "`x`", "\\`x\\`"},
		{"no HTML", esc, "<script>", `\<script>`},
		{"no closing tag", esc, "</details>", `\</details>`},
		{"no link", esc, "[x](https://e.example)", `[x\](https\://e.example)`},
		{"no image", esc, "![i](i.png)", `![i\](i.png)`},
		{"no bracket at the end", esc, "[x", `[x`},
		{"no reference link", esc, "[a][b]", `[a\][b\]`},
		{"no autolink", esc, "www.e.example", `www\.e.example`},
		{"no angle autolink", esc, "<1@e.example>", "\\<1@\u2060e.example>"},
		{"no mention or e-mail link", esc, "@everyone a@e.example", "@\u2060everyone a@\u2060e.example"},
		{"no emphasis", esc, "*a* _b_ a*b*c", `\*a\* \_b\_ a\*b\*c`},
		{"no strong", esc, "__init__", `\_\_init\_\_`},
		{"no strikethrough", esc, "~a~ ~~b~~", `\~a\~ \~\~b\~\~`},
		{"no entity", esc, "&copy; &#42; AT&T Inc", `\&copy; \&#42; AT&T Inc`},
		{"no math", esc, "US$5 and $6", `US\$5 and $6`},
		{"no heading at a line start", escLine, "# h", `\# h`},
		{"an issue number at a line start stays", escLine, "#123", "#123"},
		{"no quote at a line start", escLine, "> q", `\> q`},
		{"no list at a line start", escLine, "- a", `\- a`},
		{"no ordered list at a line start", escLine, "1. a", `1\. a`},
		{"no thematic break at a line start", escLine, "---", `\---`},
		{"no link definition at a line start", escLine, "[x]: https://e.example", `\[x]: https\://e.example`},
		{"no code block at a line start", escLine, "    code", "code"},
		{"a heading mark inside a line stays", esc, "# - 1.", "# - 1."},
		{"a backslash before a letter stays", esc, `C:\x`, `C:\x`},
		{"a backslash cannot escape", esc, `a\*b\`, `a\\\*b\\`},
		{"escapes and newlines go", esc, "a\x1b[2Jb\nc", `a[2Jb c`},
		{"non-ASCII stays", esc, "Übersicht — €", "Übersicht — €"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.esc(tc.in, 0); got != tc.want {
				t.Errorf("esc(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
	if got := esc("abcdefghij", 5); got != "abcd…" {
		t.Errorf("esc cuts to %q, want abcd…", got)
	}
}

// tricky are project strings that try every piece of Markdown syntax.
var tricky = []string{
	reporttest.Evil, "n8n 2.8.4 (SUL-1.0)", "*.ee.*, *.ee", "node_modules/@n8n/config", "__init__", "a*b*c", "a_b_c", "_a_", "~a~",
	"~~a~~", "x ~ y", "1 * 2", "**", "`code`", "```", "~~~", "# heading", "###### h6", "####### h7", "#123", "> quote",
	"- item", "+ item", "* item", "--flag", "---", "***", "___", "= =", "1. one", "1) one", "123456789. x", "[x]: https://e.example",
	"[^1]: note", "[ ] task", "[x] done", "[x](https://e.example)", "![i](https://e.example/i.png)", "[a][b]", "[a][]", "[a]",
	"<script>alert(1)</script>", "<https://e.example>", "<1@e.example>", "a <b> c", "a < b <= c", "</details>", "<!-- c -->",
	"<?php x ?>", "<![CDATA[x]]>", "&amp; &copy; &#42; &#x2A; &bogus", "AT&T", "https://e.example/x?a=1", "HTTPS://E.EXAMPLE",
	"ftp://e.example", "www.e.example", "WWW.E.EXAMPLE", "(www.e.example)", "x www.e.example", "mailto:a@e.example",
	"xmpp:a@e.example", "a@e.example", "@everyone", `C:\x\`, `a\*b`, `trailing \`, `\\`, "| a | b |", "x|y", "a\\|b",
	"${VAR} / ${env:VAR}", "US$5 and $6", ":smile:", "    indented code", "\ttab", "a  ", "Übersicht — €", "😈 \xff",
	"*", "_", "~", "[", "]", "<", "&", "\\", "`", "a]b(c)", "a](b", "[a](<b>)", "*a **b** c*", "a**b**", "(*)", "**a:**",
}

// node is an element of cmark-gfm's XML syntax tree.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Text    string     `xml:",chardata"`
	Kids    []node     `xml:",any"`
}

// gfm parses md as GitHub would, or skips the test without cmark-gfm.
func gfm(t *testing.T, md string) node {
	t.Helper()
	tree, ok := reporttest.GFM(t, md)
	if !ok {
		t.Skip("cmark-gfm not installed: the Markdown is not parsed as GitHub parses it (apt-get install cmark-gfm)")
	}
	var doc node
	if err := xml.Unmarshal(tree, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// walk visits n and every node under it.
func (n node) walk(visit func(node)) {
	visit(n)
	for _, k := range n.Kids {
		k.walk(visit)
	}
}

// text is the text under n, as a reader sees it.
func (n node) text() string {
	var b strings.Builder
	n.walk(func(k node) {
		if k.XMLName.Local == "text" {
			b.WriteString(k.Text)
		}
	})
	return b.String()
}

// places are where the Markdown puts a project string: within a line,
// beside punctuation or letters, in bold, at the start of a line or a list
// item, in a table cell. md writes a value there; want is the text GitHub
// shows for a value that reads v; allow lists the nodes the place makes.
var places = []struct {
	name  string
	md    func(v string) string
	want  func(v string) string
	allow string
}{
	{"within a line", func(v string) string { return "x " + esc(v, 0) + " y" }, func(v string) string { return "x " + v + " y" }, "paragraph"},
	{"between brackets", func(v string) string { return "(" + esc(v, 0) + ")" }, func(v string) string { return "(" + v + ")" }, "paragraph"},
	{"between letters", func(v string) string { return "a" + esc(v, 0) + "b" }, func(v string) string { return "a" + v + "b" }, "paragraph"},
	{"in bold", func(v string) string { return "- [ ] **" + esc(v, 0) + ":** " + esc(v, 0) }, func(v string) string { return v + ": " + v },
		"list tasklist paragraph strong"},
	{"a line", func(v string) string { return "x\n\n" + escLine(v, 0) + "\n\ny" }, func(v string) string { return "x" + v + "y" }, "paragraph"},
	{"a list item", func(v string) string { return "- " + escLine(v, 0) + "\n- at " + esc(v, 0) }, func(v string) string { return v + "at " + v },
		"list item paragraph"},
	{"a table cell", func(v string) string { return "| a | b |\n|---|---|\n| " + escCell(v, 0) + " | z |" }, func(v string) string { return "ab" + v + "z" },
		"table table_header table_row table_cell"},
}

// readsAsWritten parses v, escaped in every place, as GitHub does: it is
// text, nothing else, and reads as v itself.
func readsAsWritten(t *testing.T, v string) {
	t.Helper()
	want := strings.ReplaceAll(strings.TrimSpace(safe.Clean(v, 0)), "@", "@\u2060")
	if want == "" {
		return
	}
	for _, pl := range places {
		md := pl.md(v)
		doc := gfm(t, md)
		allowed := strings.Fields("document text " + pl.allow)
		doc.walk(func(n node) {
			if !slices.Contains(allowed, n.XMLName.Local) {
				t.Errorf("%s: %q became a %s in %q", pl.name, v, n.XMLName.Local, md)
			}
			if n.XMLName.Local == "table_row" && len(n.Kids) != 2 {
				t.Errorf("%s: %q broke the row into %d cells", pl.name, v, len(n.Kids))
			}
		})
		if got := doc.text(); got != pl.want(want) {
			t.Errorf("%s: %q reads %q in %q, want %q", pl.name, v, got, md, pl.want(want))
		}
	}
}

func TestEscapedTextReadsAsWritten(t *testing.T) {
	for _, v := range tricky {
		readsAsWritten(t, v)
	}
}

// FuzzEscapedTextReadsAsWritten looks for a string that escapes: go test
// ./reports/markdown -fuzz FuzzEscaped (cmark-gfm runs for every input).
func FuzzEscapedTextReadsAsWritten(f *testing.F) {
	for _, v := range tricky {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v string) {
		if len(v) > 200 {
			return
		}
		readsAsWritten(t, v)
	})
}

// TestReportsMakeOnlyTheirOwnMarkup parses every Markdown report as
// GitHub does (the hostile one, the full one, every sample's golden): the
// only markup in it is the report's own, so nothing from a project became
// a link, an image, code, emphasis, a quote or HTML.
func TestReportsMakeOnlyTheirOwnMarkup(t *testing.T) {
	reports := map[string]string{"hostile": format(t, reporttest.Hostile()), "full": format(t, reporttest.Full(t))}
	goldens, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "golden", "*.md"))
	for _, g := range goldens {
		data, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		reports[filepath.Base(g)] = string(data)
	}
	if len(goldens) == 0 {
		t.Error("no sample goldens found in testdata/golden")
	}
	own := strings.Fields("document heading paragraph text strong table table_header table_row table_cell list item tasklist html_block html_inline linebreak")
	html := regexp.MustCompile(`^(<details><summary>[^<>]*</summary>|</details>|<sub>|</sub>)\s*$`)
	for name, md := range reports {
		gfm(t, md).walk(func(n node) {
			switch kind := n.XMLName.Local; {
			case !slices.Contains(own, kind):
				t.Errorf("%s: a %s in the Markdown (%.80q)", name, kind, n.text())
			case kind == "html_block" || kind == "html_inline":
				if !html.MatchString(n.Text) {
					t.Errorf("%s: HTML that is not the report's own: %.80q", name, n.Text)
				}
			}
		})
	}
}

// unescaped removes every backslash escape, leaving what CommonMark would
// still read as syntax.
var escaped = regexp.MustCompile(`\\[!-/:-@\[-` + "`" + `{-~]`)

func TestHostileStringsStayText(t *testing.T) {
	out := format(t, reporttest.Hostile())
	bare := escaped.ReplaceAllString(out, "")
	for _, bad := range []string{"\x1b", "\x07", "\u202e", "<script", "](", "`", "@everyone"} {
		if strings.Contains(bare, bad) {
			t.Errorf("hostile %q reached the Markdown unescaped", bad)
		}
	}
	// Every table row keeps its shape: as many unescaped pipes as its header.
	var want int
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, "|") {
			want = 0
			continue
		}
		n := strings.Count(escaped.ReplaceAllString(line, ""), "|")
		if want == 0 {
			want = n
		} else if n != want {
			t.Errorf("a row has %d cell borders, its table %d: %.120s", n, want, line)
		}
	}
	if !strings.Contains(out, "…") {
		t.Error("the over-long name was not cut with an ellipsis")
	}
	for _, line := range strings.Split(out, "\n") {
		if n := len([]rune(line)); n > 3000 {
			t.Errorf("a line of %d runes", n)
		}
	}
}

func TestSections(t *testing.T) {
	full := format(t, reporttest.Full(t))
	for _, want := range []string{
		"| Hosting as a SaaS | 🔴 **prohibited** |",
		"**EU data residency:** 🔴 no adequacy",
		"**MCP checklist:** 🔴 5 of 8 checks fail",
		"### Failing checks (14)",
		"<details><summary>Details of the findings</summary>",
		"- [ ] **OpenAI:**",
		"<details><summary>Components not allowed for every use: 7</summary>",
		"**EU AI Act:** 3 duties (1 provider, 2 deployer), part of the verdict",
		"<details><summary>EU AI Act: 3 duties</summary>",
		"or 2 December 2027 (Digital Omnibus on AI",
		"<details><summary>AI models: 2</summary>",
		"| gpt-4o-mini | OpenAI | hosted API | service terms — confirm",
	} {
		if !strings.Contains(full, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	r := reporttest.Full(t)
	r.Residency, r.Hardening, r.Attestations, r.Findings = nil, nil, nil, nil
	bare := format(t, r)
	for _, want := range []string{"**EU data residency:** ⚪ not analysed", "**MCP checklist:** ⚪ not analysed", "### No failing checks"} {
		if !strings.Contains(bare, want) {
			t.Errorf("markdown without analyses lacks %q", want)
		}
	}
	r.AIAct, r.Inventory.Components = nil, nil
	if bare := format(t, r); strings.Contains(bare, "EU AI Act") || strings.Contains(bare, "AI models") {
		t.Error("markdown without models or an AI Act section shows them")
	}
}

func TestCapsKeepACommentShort(t *testing.T) {
	r := reporttest.Full(t)
	f := r.Findings[0]
	r.Findings = nil
	for range 500 {
		r.Findings = append(r.Findings, f)
	}
	out := format(t, r)
	if len(out) > 60000 {
		t.Errorf("%d bytes: over GitHub's comment limit", len(out))
	}
	if !strings.Contains(out, "… and 450 more") {
		t.Error("the table does not say how many findings it left out")
	}
}
