package secrets

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestExcerpt(t *testing.T) {
	g := newFakeGen()
	ghp := "ghp_" + g.of(alnum, 36)
	for _, tc := range []struct{ name, in, want string }{
		{"plain", "hello world", "hello world"},
		{"trimmed", "  \t hello\r\n", "hello"},
		{"newlines and tabs are spaces", "a\nb\tc", "a b c"},
		{"zero width", "ig\u200bnore", `ig\u200Bnore`},
		{"bidi override", "abc\u202Edef", `abc\u202Edef`},
		{"tag characters", "x\U000E0041\U000E007F", `x\U000E0041\U000E007F`},
		{"variation selector", "a\uFE0Fb\U000E0100", `a\uFE0Fb\U000E0100`},
		{"controls", "a\x07b\x1bc\rd", `a\u0007b\u001Bc\u000Dd`},
		{"soft hyphen and BOM", "\ufeffa\u00adb", `\uFEFFa\u00ADb`},
		{"a hidden rune at the end is kept", "a\u200b", `a\u200B`},
		{"invalid UTF-8", "a\xffb", "a\uFFFDb"},
		{"a secret", "token = " + ghp, "token = ghp_…(redacted, 40 chars)"},
		{"cut", strings.Repeat("a", 200), strings.Repeat("a", 160) + "…"},
		{"exactly the limit", strings.Repeat("a", 160), strings.Repeat("a", 160)},
		{"cut in runes, not bytes", strings.Repeat("é", 200), strings.Repeat("é", 160) + "…"},
		{"an escape is not split", strings.Repeat("a", 157) + "\u200b" + "bcd", strings.Repeat("a", 157) + "…"},
		{"an escape that fits", strings.Repeat("a", 154) + "\u200b" + "bcd", strings.Repeat("a", 154) + `\u200B` + "…"},
		{"no blank before the ellipsis", strings.Repeat("a", 159) + "  bbb", strings.Repeat("a", 159) + "…"},
		{"empty", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Excerpt(tc.in); got != tc.want {
				t.Errorf("Excerpt(%q)\n = %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestHidden(t *testing.T) {
	for _, r := range []rune{0, '\x07', '\r', 0x7f, 0x85, 0xad, 0x200b, 0x200c, 0x200d, 0x200e, 0x202a, 0x202e, 0x2060, 0x2066, 0x2069, 0xfeff,
		0xfe00, 0xfe0f, 0xe0001, 0xe0041, 0xe007f, 0xe0100, 0xe01ef, 0x061c} {
		if !Hidden(r) {
			t.Errorf("Hidden(%U) = false", r)
		}
	}
	for _, r := range []rune{'a', ' ', 'é', '…', 0x3000, 0x2028, 0xfdff, 0xfe10, 0xe0080, 0xe01f0, 0x1f600, utf8.RuneError} {
		if Hidden(r) {
			t.Errorf("Hidden(%U) = true", r)
		}
	}
}

func TestEscape(t *testing.T) {
	for r, want := range map[rune]string{0: `\u0000`, 0x200b: `\u200B`, 0xffff: `\uFFFF`, 0x10000: `\U00010000`, 0xe0041: `\U000E0041`, 0x10ffff: `\U0010FFFF`} {
		if got := Escape(r); got != want {
			t.Errorf("Escape(%U) = %q, want %q", r, got, want)
		}
	}
}

// On generated text (multi-byte runes, hidden runes, invalid bytes,
// secrets, any length) an excerpt is valid UTF-8, shows no hidden rune,
// stays within MaxExcerpt runes and its "…", and keeps every rune it
// shows whole.
func TestExcerptProperty(t *testing.T) {
	g := newFakeGen()
	pieces := []string{"a", "b", " ", "\n", "\t", "é", "…", "中", "😀", "\u200b", "\u202e", "\U000E0041", "\ufe0f", "\x00", "\x1b",
		"\xff", "\xc3", "\xe2\x80", "token=", "ghp_" + g.of(alnum, 36), "\"", "=", ":"}
	for range 3000 {
		var b strings.Builder
		for range g.r.IntN(400) {
			b.WriteString(pieces[g.r.IntN(len(pieces))])
		}
		in := b.String()
		out := Excerpt(in)
		if !utf8.ValidString(out) {
			t.Fatalf("Excerpt(%q) = %q, not UTF-8", in, out)
		}
		n := 0
		for _, r := range out {
			if Hidden(r) {
				t.Fatalf("Excerpt(%q) = %q holds %U", in, out, r)
			}
			n++
		}
		if body, cut := strings.CutSuffix(out, "…"); n > MaxExcerpt+1 || cut && utf8.RuneCountInString(body) > MaxExcerpt {
			t.Fatalf("Excerpt(%q) has %d runes", in, n)
		}
		if strings.Contains(out, "ghp_"+g.of(alnum, 0)) && strings.Contains(in, "ghp_") {
			for _, m := range Find([]byte(in)) {
				if strings.Contains(out, in[m.Start:m.End]) {
					t.Fatalf("Excerpt shows a secret")
				}
			}
		}
	}
}

// A match's excerpt masks every match of its line whatever its key.
func TestMatchExcerpt(t *testing.T) {
	g := newFakeGen()
	val, ghp := g.of(alnum, 24), "ghp_"+g.of(alnum, 36)
	text := []byte("x = 1\nauth_key = \"" + val + "\"  # " + ghp + "\n" + g.pem() + " trailing\n")
	ms := ScanText(text, false)
	if len(ms) != 3 {
		t.Fatalf("%d matches, want 3", len(ms))
	}
	want := []string{
		`auth_key = "…(redacted, 24 chars)"  # ghp_…(redacted, 40 chars)`,
		`auth_key = "…(redacted, 24 chars)"  # ghp_…(redacted, 40 chars)`,
		`-----BEGIN RSA PRIVATE KEY-----…(redacted, ` + strconv.Itoa(len(g.pem())) + ` chars) trailing`,
	}
	got := MatchExcerpts(text, ms)
	for i, m := range ms {
		if got[i] != want[i] {
			t.Errorf("match %d (%s): %q, want %q", i, m.Rule.ID, got[i], want[i])
		}
	}
	// The last line of a PEM body with data on it, and a match after it.
	pem := strings.Replace(g.pem(), "\n-----END", "-----END", 1)
	text = []byte(pem + " " + ghp + "\n")
	ms = ScanText(text, false)
	if got := MatchExcerpts(text, ms); len(got) != 2 || strings.Contains(got[1], pem[len(pem)-60:len(pem)-29]) ||
		got[1] != "-----BEGIN RSA PRIVATE KEY-----…(redacted, "+strconv.Itoa(len(pem))+" chars) ghp_…(redacted, 40 chars)" {
		t.Errorf("excerpts %q", got)
	}
	if RedactText(`author = "`+val+`"`) != `author = "`+val+`"` {
		t.Error("RedactText reads author as a credential's key; the test needs one it does not")
	}
}
