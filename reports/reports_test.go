package reports

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/reports/reporttest"
)

func TestClean(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain", "plain"},
		{"red\x1b[31mtext\x1b[0m", "red[31mtext[0m"}, // the escape byte goes, the rest is harmless text
		{"tab\tand\nnewline", "tab and newline"},
		{"bidi \u202eevil\u202c", "bidi evil"},
		{"zero\u200bwidth", "zerowidth"},
		{"tag\U000E0041chars", "tagchars"},
		{"bad \xff utf8", "bad \uFFFD utf8"},
		{"abcdefghij", "abcdefghij"},
	} {
		if got := Clean(tc.in, 0); got != tc.want {
			t.Errorf("Clean(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := Clean("abcdefghij", 5); got != "abcd…" {
		t.Errorf("Clean cut = %q, want abcd…", got)
	}
	if got := Clean("abcde", 5); got != "abcde" {
		t.Errorf("Clean at the limit = %q, want it whole", got)
	}
}

// hostile is a report whose project-supplied strings try to reach the
// terminal: escape sequences, bidi overrides, very long names.
func hostile() *compliance.Report {
	evil := "pkg\x1b]8;;http://evil.example\x07click\x1b]8;;\x07\u202e"
	return &compliance.Report{
		SchemaVersion: compliance.SchemaVersion,
		Tool:          compliance.Tool{Name: "mcp-comply", Version: "test"},
		Inputs:        compliance.Inputs{Source: compliance.SourceInfo{Kind: "directory", Path: "proj\x1b[2J"}, Policy: compliance.Policy{Uses: []compliance.Use{compliance.SaaS}, Market: compliance.Global}},
		Verdicts:      []compliance.UseVerdict{{Use: compliance.SaaS, Verdict: compliance.Prohibited, Reason: "prohibited by " + evil}},
		Inventory: compliance.Inventory{Components: []compliance.Component{{
			Ecosystem: compliance.NPM, Name: evil + strings.Repeat("x", 500), Version: "1.0.0", Role: compliance.RoleLibrary,
			Category: compliance.UnknownCategory,
			Uses:     map[compliance.Use]compliance.Assessment{compliance.SaaS: {Verdict: compliance.Unknown, Reason: evil}},
		}}},
		Findings: []compliance.Finding{{Rule: "license/unidentified", Area: compliance.AreaLicense, Severity: compliance.High,
			Title: evil, Detail: evil, Subject: "npm:" + evil, Remediation: evil, Fingerprint: "0123456789abcdef",
			Evidence: []compliance.Evidence{{Position: compliance.Position{File: "node_modules/" + evil + "/package.json", Line: 3}, Excerpt: evil}}}},
		Summary: compliance.Summary{Components: 1, Categories: map[compliance.Category]int{compliance.UnknownCategory: 1}, Findings: map[compliance.Severity]int{compliance.High: 1}},
	}
}

func TestTextNeverPassesControlCharacters(t *testing.T) {
	for _, color := range []bool{false, true} {
		out := string(reporttest.Render(t, Text{Color: color}, hostile()))
		if color {
			// Our own colour codes are the only escapes allowed: strip them and look again.
			for _, code := range []string{ansiReset, ansiBold, ansiRed, ansiGreen, ansiYellow, ansiBlue, ansiMag, ansiCyan, ansiDim} {
				out = strings.ReplaceAll(out, code, "")
			}
		}
		for _, bad := range []string{"\x1b", "\x07", "\u202e"} {
			if strings.Contains(out, bad) {
				t.Errorf("color=%v: text output contains %q:\n%s", color, bad, out)
			}
		}
	}
}

func TestJSONRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := (JSON{}).Format(&buf, hostile()); err != nil {
		t.Fatal(err)
	}
	if !json.Valid(buf.Bytes()) {
		t.Fatal("json output is not valid JSON")
	}
	if strings.Contains(buf.String(), "\x1b") {
		t.Error("a raw escape byte reached the JSON output; it must be escaped")
	}
	r, err := ReadJSON(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if r.Findings[0].Title != hostile().Findings[0].Title {
		t.Error("JSON does not carry strings through unchanged")
	}
}

func TestRegistry(t *testing.T) {
	if got := strings.Join(Names(), ","); got != "cyclonedx,json,markdown,pdf,sarif,spdx,text" {
		t.Errorf("Names() = %s", got)
	}
	if _, err := New("xml", Options{}); err == nil || !strings.Contains(err.Error(), "expected one of cyclonedx, json, markdown, pdf, sarif, spdx, text") {
		t.Errorf("New(xml) error = %v, want the list of formats", err)
	}
	for _, name := range Names() {
		if f, err := New(strings.ToUpper(name), Options{}); err != nil || f == nil {
			t.Errorf("New(%s): format names are case-insensitive: %v", strings.ToUpper(name), err)
		}
	}
	for name, binary := range map[string]bool{"pdf": true, "PDF": true, "json": false, "text": false, "nope": false} {
		if Binary(name) != binary {
			t.Errorf("Binary(%s) = %v", name, !binary)
		}
	}
}

func TestForFile(t *testing.T) {
	for file, want := range map[string]string{
		"report.pdf": "pdf", "out/Report.PDF": "pdf", "r.json": "json", "bom.cdx.json": "cyclonedx", "x.bom.json": "cyclonedx", "sbom.spdx.json": "spdx",
		"results.sarif": "sarif", "results.sarif.json": "sarif", "summary.md": "markdown", "report.txt": "text",
		"report": "", "report.html": "", "": "",
	} {
		if got := ForFile(file); got != want {
			t.Errorf("ForFile(%q) = %q, want %q", file, got, want)
		}
	}
}

func TestValidateReportsViolations(t *testing.T) {
	err := Validate([]byte(`{"schemaVersion": "2", "tool": {"name": "mcp-comply", "version": "x"}}`))
	if err == nil {
		t.Fatal("an invalid report validated")
	}
	for _, want := range []string{"/schemaVersion", "missing properties"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("validation error lacks %q:\n%v", want, err)
		}
	}
}

// TestValidateIsDeterministic: a report with several unknown properties,
// at several places, gets the same message every time (the schema library
// holds them in a map), its lines ordered by location with indices as
// numbers (/findings/2 before /findings/10), as ReadReport says it too.
func TestValidateIsDeterministic(t *testing.T) {
	findings := make([]string, 11)
	for i := range findings {
		findings[i] = `{}`
	}
	findings[2], findings[10] = `{"zeta": 1, "alpha": 2, "mu": 3}`, `{"omega": 1, "beta": 2}`
	data := []byte(`{"schemaVersion": "1", "zz": 1, "aa": 2, "kk": 3, "qq": 4, "findings": [` + strings.Join(findings, ",") + `]}`)
	first := Validate(data)
	if first == nil {
		t.Fatal("an invalid report validated")
	}
	for _, want := range []string{"'aa', 'kk', 'qq', 'zz'", "'alpha', 'mu', 'zeta'", "'beta', 'omega'"} {
		if !strings.Contains(first.Error(), want) {
			t.Errorf("the message lacks the sorted properties %s:\n%v", want, first)
		}
	}
	if i, j := strings.Index(first.Error(), "/findings/2:"), strings.Index(first.Error(), "/findings/10:"); i < 0 || j < i {
		t.Errorf("/findings/2 is not listed before /findings/10:\n%v", first)
	}
	for range 50 {
		if err := Validate(data); err.Error() != first.Error() {
			t.Fatalf("Validate said\n%v\nthen\n%v", first, err)
		}
		if _, err := ReadReport(bytes.NewReader(data), anyVersion); err == nil || err.Error() != first.Error() {
			t.Fatalf("ReadReport said\n%v\nValidate\n%v", err, first)
		}
	}
}

// TestSchemaEnumsAreTheModels keeps the schema's lists of uses,
// categories, guarantees and severities equal to the model's.
func TestSchemaEnumsAreTheModels(t *testing.T) {
	var schema struct {
		Defs map[string]struct {
			Enum []string `json:"enum"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(SchemaJSON, &schema); err != nil {
		t.Fatal(err)
	}
	for def, want := range map[string][]string{
		"use":       sorted(compliance.Uses),
		"category":  sorted(compliance.Categories),
		"guarantee": sorted(append(slices.Clone(compliance.Guarantees), compliance.NoEndpoints)),
		"severity":  sorted(compliance.Severities),
	} {
		if got := sorted(schema.Defs[def].Enum); !slices.Equal(got, want) {
			t.Errorf("schema %s = %v, the model's = %v", def, got, want)
		}
	}
}

func sorted[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	slices.Sort(out)
	return out
}
