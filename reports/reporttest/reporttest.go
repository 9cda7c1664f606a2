// Package reporttest holds what the format tests share: the
// hand-written full report (every section filled) and a hostile one whose
// project strings try to break out of each format; Render and Decode, a
// format's output and its JSON read back; Schema and Validate, the
// official schemas the machine formats are checked against; PDFText, the text a
// reader copies out of a PDF; and GFM, the syntax tree GitHub's Markdown
// parser reads from a comment.
package reporttest

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/internal/schema"
)

// Dir is reports/testdata.
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "testdata")
}

// Full reads reports/testdata/full-report.json: an n8n agent calling
// OpenAI, Azure OpenAI, Bedrock, DeepSeek and a local Ollama, with the
// encryption settings, the MCP checklist and the attestations filled in.
func Full(t testing.TB) *compliance.Report {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(Dir(), "full-report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var r compliance.Report
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	return &r
}

// Evil is a project string that tries every trick at once: a terminal
// escape and hyperlink, a bidi override, Markdown and HTML injection, a
// link, a mention, a JSON breaker and a character no font draws.
const Evil = "pkg\x1b]8;;http://evil.example\x07click\x1b]8;;\x07\u202e | `code` <script>alert(1)</script> [x](https://evil.example) @everyone \"}] 😈 \xff"

// Long is a value far longer than any format prints whole.
var Long = strings.Repeat("x", 600)

// Hostile is a report whose every project-supplied string is Evil, with
// a very long name, and every section present.
func Hostile() *compliance.Report {
	evil := Evil
	ev := []compliance.Evidence{{Position: compliance.Position{File: "node_modules/" + evil + "/package.json", Line: 3, Col: 2}, Excerpt: evil}}
	uses := map[compliance.Use]compliance.Assessment{compliance.SaaS: {Verdict: compliance.Unknown, Reason: evil}}
	return &compliance.Report{
		SchemaVersion: compliance.SchemaVersion,
		Tool:          compliance.Tool{Name: "mcp-comply", Version: "test"},
		Inputs: compliance.Inputs{
			Source: compliance.SourceInfo{Kind: "git", Path: "proj\x1b[2J" + evil, Revision: evil, Commit: "0123456789abcdef0123456789abcdef01234567"},
			Policy: compliance.Policy{Uses: []compliance.Use{compliance.SaaS}, Market: compliance.EU},
			Knowledge: compliance.KnowledgeVersions{SPDXListVersion: "3.29.0", LicensesChecked: "2026-11-24", EnginesChecked: "2026-11-24",
				ProvidersChecked: []string{evil}},
		},
		Verdicts: []compliance.UseVerdict{{Use: compliance.SaaS, Verdict: compliance.Unknown, Reason: "not established for " + evil,
			Deciding: []compliance.Decider{{Component: "npm:" + evil, Name: evil, License: "unknown", Verdict: compliance.Unknown, Components: 1}},
			Counts:   map[compliance.Verdict]int{compliance.Unknown: 1}}},
		Inventory: compliance.Inventory{
			Components: []compliance.Component{{
				Ecosystem: compliance.NPM, Name: evil + Long, Version: evil, Role: compliance.RoleLibrary,
				Locations: []compliance.Position{{File: "package.json", Line: 1}},
				License: compliance.LicenseResolution{Method: compliance.MethodDeclared, Expression: evil, Evidence: []compliance.LicenseEvidence{
					{Method: compliance.MethodDeclared, Value: evil, Position: compliance.Position{File: evil, Line: 2}}}},
				ID: "npm:" + evil, Category: compliance.UnknownCategory, Uses: uses,
			}, {
				Ecosystem: compliance.Model, Name: evil + Long, Version: evil, Role: compliance.RoleModel,
				Locations: []compliance.Position{{File: evil, Line: 1}},
				License:   compliance.LicenseResolution{Method: compliance.MethodCatalogue, Expression: evil},
				ID:        "model:" + evil, Category: compliance.UnknownCategory, Uses: uses,
				Model: &compliance.ModelFacts{Provider: evil, ProviderName: evil, Endpoints: []string{evil}, Kind: compliance.ModelOpenWeight,
					Family: evil, FamilyName: evil, Vendor: evil, Base: evil, Terms: "https://" + evil, Modalities: []string{evil},
					Task: evil, ArchitectureFamily: evil, Parameters: evil, Source: evil, Checked: evil},
			}},
			Engines: []compliance.EngineUse{{ID: "n8n", Name: evil, Kind: "engine", Version: evil, License: evil, Method: compliance.MethodText, Components: 1,
				Scopes: []compliance.EngineScope{{Match: evil, Expression: evil, Note: evil, Files: 1, Examples: []string{evil}}},
				Notes:  []string{evil}}},
		},
		Licenses: []compliance.LicenseReading{{ID: evil, Name: evil, Category: compliance.UnknownCategory, Source: evil, Checked: "2026-11-24",
			Uses: map[compliance.Use]compliance.Term{compliance.SaaS: {Verdict: compliance.Unknown, Clause: evil}}, Count: 1}},
		Residency: &compliance.Residency{Verdict: compliance.NoAdequacy, Reason: evil, Deciding: []string{evil},
			Endpoints: []compliance.Endpoint{{ID: evil, Provider: evil, ProviderName: evil, Kind: "llm", Host: evil, URL: "https://" + evil,
				Region: evil, Model: evil, Processing: evil, Storage: evil, Jurisdiction: evil, Guarantee: compliance.NoAdequacy,
				TransferBasis: evil, Attestations: []string{evil}, Notes: []string{evil}, Evidence: ev, Source: evil, Checked: evil}},
			Hosting:          []compliance.Hosting{{Platform: evil, Region: evil, Geography: evil, Evidence: ev}},
			Encryption:       []compliance.EncryptionSetting{{Area: "in-transit", Setting: evil, Status: "fail", Detail: evil, Evidence: ev}},
			EncryptionCounts: compliance.StatusCounts{Fail: 1}},
		Hardening: &compliance.Hardening{
			Checks:  []compliance.Check{{ID: "authentication", Title: evil, Status: "fail", Summary: evil, Findings: []string{"0123456789abcdef"}}},
			Counts:  compliance.StatusCounts{Fail: 1},
			Servers: []compliance.MCPServer{{Name: evil, Client: evil, Transport: evil, Launch: evil, Tools: 1, Position: compliance.Position{File: evil, Line: 1}}},
		},
		AIAct: &compliance.AIAct{InVerdict: true, Duties: []compliance.AIDuty{{ID: "annex-iii", Article: evil, Title: evil, Role: "deployer",
			Subject: evil, Text: evil + Long, Evidence: ev, Finding: "0123456789abcdef", Attestation: evil,
			Applies: []compliance.AIActDate{{Date: evil, Basis: evil, Source: evil, Checked: evil}, {Date: "2027-12-02", Basis: evil, Source: evil, Checked: evil}}}}},
		Attestations: []compliance.Attestation{{ID: evil, Area: compliance.AreaResidency, Subject: evil, Text: evil}},
		Findings: []compliance.Finding{{Rule: "license/unidentified", Area: compliance.AreaLicense, Severity: compliance.High,
			Title: evil, Detail: evil + Long, Subject: "npm:" + evil, Remediation: evil, Fingerprint: "0123456789abcdef", Evidence: ev}},
		Warnings: []compliance.Warning{{Position: compliance.Position{File: evil, Line: 9}, Message: evil}},
		Summary: compliance.Summary{Components: 2, Engines: []string{evil}, Categories: map[compliance.Category]int{compliance.UnknownCategory: 2}, Unidentified: 1,
			Findings: map[compliance.Severity]int{compliance.High: 1}, Warnings: 1},
	}
}

// PDFText extracts the text of a PDF with poppler's pdftotext, as a reader
// copying from it would get it; ok is false when pdftotext is not
// installed (.ci/run installs it).
func PDFText(t testing.TB, pdf []byte) (text string, ok bool) {
	t.Helper()
	out, ok := filter(t, pdf, "pdftotext", "-enc", "UTF-8", "-", "-")
	return string(out), ok
}

// GFM parses Markdown with cmark-gfm, the C parser GitHub's Markdown is
// built on, with GitHub's extensions (tables, strikethrough, autolinks,
// task lists, footnotes, the tag filter), and returns its XML syntax tree;
// ok is false when cmark-gfm is not installed (.ci/run installs it).
func GFM(t testing.TB, md string) (tree []byte, ok bool) {
	t.Helper()
	args := []string{"--to", "xml", "--unsafe"}
	for _, e := range []string{"table", "strikethrough", "autolink", "tasklist", "footnotes", "tagfilter"} {
		args = append(args, "-e", e)
	}
	return filter(t, []byte(md), "cmark-gfm", args...)
}

// filter runs a tool on in and returns what it writes; ok is false when
// the tool is not installed.
func filter(t testing.TB, in []byte, tool string, args ...string) (out []byte, ok bool) {
	t.Helper()
	bin, err := exec.LookPath(tool)
	if err != nil {
		return nil, false
	}
	cmd := exec.Command(bin, args...)
	cmd.Stdin = bytes.NewReader(in)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %v: %s", tool, err, stderr.String())
	}
	return stdout.Bytes(), true
}

// Extension is the ending of a format's golden files (NAME.EXT), the
// ending the CLI would give its output file.
func Extension(format string) string { return extensions[format] }

var extensions = map[string]string{"json": "json", "text": "txt", "markdown": "md", "sarif": "sarif", "cyclonedx": "cdx.json", "spdx": "spdx.json", "pdf": "pdf"}

// Goldens reads the golden files of one format, by file name: every
// sample's (testdata/golden/NAME.EXT at the repository's root, which the
// CLI's tests keep) and the full report's (reports/testdata/golden).
func Goldens(t testing.TB, ext string) map[string][]byte {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(Dir(), "..", "..", "testdata", "golden", "*."+ext))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no sample golden *.%s: %v", ext, err)
	}
	paths = append(paths, filepath.Join(Dir(), "golden", "full-report."+ext))
	out := map[string][]byte{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(p)] = data
	}
	return out
}

// Schema compiles a JSON schema from files: the first is the schema, the
// others the schemas it refers to, each known by its own id ($id, or id
// in draft 4), so nothing is fetched.
func Schema(t testing.TB, files ...string) *jsonschema.Schema {
	t.Helper()
	var docs [][]byte
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, data)
	}
	c := jsonschema.NewCompiler()
	ids, err := schema.Add(c, docs...)
	if err != nil {
		t.Fatalf("%s: %v", strings.Join(files, ", "), err)
	}
	sch, err := c.Compile(ids[0])
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// Validate checks a JSON document against a schema.
func Validate(t testing.TB, sch *jsonschema.Schema, data []byte) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Fatal(err)
	}
}

// Formatter is a format of package reports (reports.Formatter, which this
// package cannot import: the tests of package reports import this one).
type Formatter interface {
	Format(w io.Writer, r *compliance.Report) error
}

// Render is f's output for r; a format error fails the test.
func Render(t testing.TB, f Formatter, r *compliance.Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := f.Format(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Decode reads a JSON output back into a T, the shape a test looks at.
func Decode[T any](t testing.TB, data []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	return v
}
