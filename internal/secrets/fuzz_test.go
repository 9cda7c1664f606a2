package secrets

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzScanTextOracle: on any text, ScanText and ScanValue give the old
// hardening logic's matches.
func FuzzScanTextOracle(f *testing.F) {
	for _, s := range oracleSeeds {
		f.Add(s)
	}
	for _, s := range samples() {
		for _, v := range s.pos {
			f.Add("KEY = \"" + v + "\"\nVALUE=" + v)
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, dotenv := range []bool{false, true} {
			got, want := asOracle(ScanText([]byte(s), dotenv)), newOracle.scanText([]byte(s), dotenv)
			if !slices.Equal(got, want) {
				t.Fatalf("dotenv %v: ScanText = %v, oracle = %v", dotenv, got, want)
			}
		}
		if got, want := asOracle(ScanValue("api_key", s)), newOracle.scanValue("api_key", s); !slices.Equal(got, want) {
			t.Fatalf("ScanValue = %v, oracle = %v", got, want)
		}
	})
}

// marker is the masked part of Redact's form; the public prefix before it
// stays.
var marker = regexp.MustCompile(`…\(redacted, \d+ chars\)`)

// redactSeeds are lines for the RedactText and Excerpt fuzzers.
func redactSeeds() []string {
	seeds := []string{
		"OPENAI_API_KEY=sk-proj-abcdefghijklmnop1234", "Authorization: Bearer abcdef123456", "max_tokens=4096",
		"postgres://u:s)@h", "postgres://u:…(redacte@h", "https://user:pw@host/x?token=abc&y=2#access_token=z",
		"\"apiKey\": \"Zx8Kq2Lw9Pm4\"", "x\u200by\U000E0041\u202e", strings.Repeat("é", 170), "a\xffb\xc3",
		"blob = 'YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY3ODkw=='", "ghp_x ghp_ ghp",
	}
	for _, s := range samples() {
		for _, v := range s.pos {
			seeds = append(seeds, "token = \""+v+"\" and "+v)
		}
	}
	return seeds
}

// FuzzRedactText: no secret Find matches in a line survives RedactText of
// it (the markers taken out, so a secret that happens to be a piece of
// "…(redacted, 4 chars)" does not count), and valid UTF-8 stays valid.
func FuzzRedactText(f *testing.F) {
	for _, s := range redactSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := RedactText(s)
		clear := marker.ReplaceAllString(out, "@")
		for _, m := range Find([]byte(s)) {
			if secret := s[m.Start:m.End]; strings.Contains(clear, secret) {
				t.Fatalf("%s secret %q survives in %q", m.Rule.ID, secret, out)
			}
		}
		if utf8.ValidString(s) && !utf8.ValidString(out) {
			t.Fatalf("RedactText(%q) = %q, not UTF-8", s, out)
		}
	})
}

// FuzzExcerpt: an excerpt is valid UTF-8, holds no hidden rune, and has at
// most MaxExcerpt runes and a final "…".
func FuzzExcerpt(f *testing.F) {
	for _, s := range redactSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Excerpt(s)
		if !utf8.ValidString(out) {
			t.Fatalf("Excerpt(%q) = %q, not UTF-8", s, out)
		}
		for _, r := range out {
			if Hidden(r) {
				t.Fatalf("Excerpt(%q) = %q holds the hidden %U", s, out, r)
			}
		}
		n := utf8.RuneCountInString(out)
		if n > MaxExcerpt+1 || n == MaxExcerpt+1 && !strings.HasSuffix(out, "…") {
			t.Fatalf("Excerpt(%q) has %d runes", s, n)
		}
	})
}
