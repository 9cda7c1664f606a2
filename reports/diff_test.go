package reports_test

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/reports"
	"github.com/mcp-comply/mcp-comply/reports/reporttest"
)

// rawMarkup matches an HTML tag or a link that no backslash escapes.
var rawMarkup = regexp.MustCompile(`(^|[^\\])(<script|\]\(https)`)

var diffExtensions = map[string]string{"json": "json", "text": "txt", "markdown": "md"}

// TestDiffGolden renders the diff of two releases of a repository built in
// the test (a licence changed to BUSL, endpoints added and moved, a tool
// description poisoned, a launcher pinned) in every diff format; the json
// golden is validated against diff.schema.json.
func TestDiffGolden(t *testing.T) {
	d := reporttest.Diff(t)
	if got := reports.DiffNames(); strings.Join(got, " ") != "json markdown text" {
		t.Fatalf("diff formats: %v", got)
	}
	for _, name := range reports.DiffNames() {
		t.Run(name, func(t *testing.T) {
			f, err := reports.NewDiff(name, reports.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var buf, again bytes.Buffer
			if err := f.FormatDiff(&buf, d); err != nil {
				t.Fatal(err)
			}
			f.FormatDiff(&again, reporttest.Diff(t))
			if !bytes.Equal(buf.Bytes(), again.Bytes()) {
				t.Error("two runs on the same repository differ")
			}
			check(t, filepath.Join("testdata", "golden", "diff."+diffExtensions[name]), buf.Bytes())
			if name == "json" {
				if err := reports.ValidateDiff(buf.Bytes()); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
	if _, err := reports.NewDiff("sarif", reports.Options{}); err == nil || !strings.Contains(err.Error(), "json, markdown, text") {
		t.Errorf("a format a diff has not: %v", err)
	}
}

// The schema rejects what the model never writes, so validating the
// golden means something.
func TestDiffSchemaRejects(t *testing.T) {
	var buf bytes.Buffer
	reports.JSON{}.FormatDiff(&buf, reporttest.Diff(t))
	good := buf.String()
	for name, bad := range map[string]string{
		"unknown change":       strings.Replace(good, `"change": "relicensed"`, `"change": "renamed"`, 1),
		"added with an old":    strings.Replace(good, `"change": "relicensed"`, `"change": "added"`, 1),
		"extra field":          strings.Replace(good, `"rugPull": true`, `"rugPull": true, "ruggPull": true`, 1),
		"a hash that is not":   strings.Replace(good, `"name": "alerts",`, `"name": "alerts", "old": "abc",`, 1),
		"finding without rule": strings.Replace(good, `"rule": "hardening/tool-poisoning",`, ``, 1),
	} {
		if bad == good {
			t.Fatalf("%s: the golden changed, fix the test", name)
		}
		if err := reports.ValidateDiff([]byte(bad)); err == nil {
			t.Errorf("%s: the schema accepts it", name)
		}
	}
}

// A diff whose every project string is hostile renders in the human
// formats with no terminal escape or bidi override getting through.
func TestDiffHostile(t *testing.T) {
	evil := reporttest.Evil
	st := &compliance.ComponentState{ID: evil, Version: evil, License: evil, Category: compliance.UnknownCategory}
	es := &compliance.EndpointState{Host: evil, Region: evil, Processing: evil, Storage: evil, Jurisdiction: evil, Guarantee: compliance.UnknownGuarantee,
		TransferBasis: evil, Position: compliance.Position{File: evil}}
	ss := &compliance.ServerState{Launch: evil, Transport: evil, Position: compliance.Position{File: evil}}
	f := reporttest.Hostile().Findings
	d := &compliance.Diff{SchemaVersion: "1", Tool: compliance.Tool{Name: evil, Version: evil},
		Old: compliance.SourceInfo{Kind: "git", Path: evil, Revision: evil, Commit: evil}, New: compliance.SourceInfo{Kind: "git", Path: evil, Revision: evil},
		Policy:     compliance.Policy{Uses: []compliance.Use{compliance.SaaS}, Market: compliance.EU},
		Verdicts:   []compliance.VerdictChange{{Use: compliance.SaaS, Old: compliance.Allowed, New: compliance.Unknown, Reason: evil}},
		Components: []compliance.ComponentChange{{Change: compliance.Relicensed, Name: evil, Ecosystem: compliance.NPM, Old: st, New: st, RugPull: true}},
		Endpoints:  []compliance.EndpointChange{{Change: compliance.Moved, ID: evil, Provider: evil, ProviderName: evil, Kind: evil, Old: es, New: es}},
		Checks:     []compliance.CheckChange{{Change: compliance.Failing, ID: evil, Title: evil, Old: evil, New: "fail", Summary: evil}},
		Servers: []compliance.ServerChange{{Change: compliance.Changed, Name: evil, Client: evil, Old: ss, New: &compliance.ServerState{Launch: "x"},
			Tools: []compliance.ToolChange{{Change: compliance.Changed, Name: evil, Old: evil, New: evil}}}},
		Findings: compliance.FindingChanges{New: f, Fixed: f},
		Summary:  compliance.DiffSummary{Changes: 9, NewFindings: map[compliance.Severity]int{compliance.High: 1}},
	}
	for _, name := range []string{"text", "markdown"} {
		fm, _ := reports.NewDiff(name, reports.Options{Color: true})
		var buf bytes.Buffer
		if err := fm.FormatDiff(&buf, d); err != nil {
			t.Fatal(err)
		}
		out := strings.NewReplacer("\x1b[0m", "", "\x1b[1m", "", "\x1b[31m", "", "\x1b[32m", "", "\x1b[33m", "",
			"\x1b[34m", "", "\x1b[35m", "", "\x1b[36m", "", "\x1b[2m", "").Replace(buf.String())
		for _, bad := range []string{"\x1b", "\x07", "\u202e"} {
			if strings.Contains(out, bad) {
				t.Errorf("%s output contains %q raw", name, bad)
			}
		}
		if name == "markdown" && rawMarkup.MatchString(out) {
			t.Errorf("markdown lets markup through:\n%s", out)
		}
	}
}
