package markdown

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/reports/reporttest"
)

func format(t *testing.T, r *compliance.Report) string {
	t.Helper()
	var buf bytes.Buffer
	if err := (Markdown{}).Format(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestEsc(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"plain words stay", "all 14 components allow it", "all 14 components allow it"},
		{"pipe cannot end a cell", "a|b", `a\|b`},
		{"backticks cannot open code", "`x`", "\\`x\\`"},
		{"no HTML", "<script>", `\<script\>`},
		{"no link", "[x](https://e.example)", `\[x\]\(https\:\/\/e\.example\)`},
		{"no autolink", "www.e.example", `www\.e\.example`},
		{"no mention", "@everyone", "@\u2060everyone"},
		{"no emphasis", "*a* _b_", `\*a\* \_b\_`},
		{"no heading or list at a line start", "# - 1.", `\# \- 1\.`},
		{"a backslash is literal", `C:\x`, `C\:\\x`},
		{"escapes and newlines go", "a\x1b[2Jb\nc", `a\[2Jb c`},
		{"non-ASCII stays", "Übersicht — €", "Übersicht — €"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := esc(tc.in, 0); got != tc.want {
				t.Errorf("esc(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
	if got := esc("abcdefghij", 5); got != "abcd…" {
		t.Errorf("esc cuts to %q, want abcd…", got)
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
		"### Failing checks (12)",
		"<details><summary>Details of the findings</summary>",
		"- [ ] **OpenAI:**",
		"<details><summary>Components not allowed for every use: 7</summary>",
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
