package sarif

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/reports/reporttest"
)

// TestValidatesAgainstSchema checks the output against the SARIF 2.1.0
// JSON schema that go-sarif embeds (no network).
func TestValidatesAgainstSchema(t *testing.T) {
	for name, r := range map[string]*compliance.Report{"full": reporttest.Full(t), "hostile": reporttest.Hostile(), "empty": {}} {
		t.Run(name, func(t *testing.T) {
			log, err := Build(r)
			if err != nil {
				t.Fatal(err)
			}
			if err := log.Validate(); err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := (SARIF{}).Format(&buf, r); err != nil {
				t.Fatal(err)
			}
			if !json.Valid(buf.Bytes()) {
				t.Fatal("not JSON")
			}
			if bytes.Contains(buf.Bytes(), []byte(`\u001b`)) || bytes.Contains(buf.Bytes(), []byte("\u202e")) {
				t.Error("a control or bidi character from the project reached the SARIF")
			}
		})
	}
}

// sarifLog is the part of the output the tests read.
type sarifLog struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Rules []struct {
					ID               string `json:"id"`
					ShortDescription struct{ Text string }
					Help             *struct{ Text string }
					Properties       map[string]any `json:"properties"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results []struct {
			RuleID              string            `json:"ruleId"`
			RuleIndex           int               `json:"ruleIndex"`
			Level               string            `json:"level"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
			Properties          map[string]any    `json:"properties"`
			Locations           []struct {
				PhysicalLocation struct {
					ArtifactLocation struct{ URI string } `json:"artifactLocation"`
					Region           *struct {
						StartLine   int `json:"startLine"`
						StartColumn int `json:"startColumn"`
					} `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
			RelatedLocations []json.RawMessage `json:"relatedLocations"`
		} `json:"results"`
	} `json:"runs"`
}

func decode(t *testing.T, r *compliance.Report) sarifLog {
	t.Helper()
	var buf bytes.Buffer
	if err := (SARIF{}).Format(&buf, r); err != nil {
		t.Fatal(err)
	}
	var l sarifLog
	if err := json.Unmarshal(buf.Bytes(), &l); err != nil {
		t.Fatal(err)
	}
	return l
}

func TestRulesAndResults(t *testing.T) {
	r := reporttest.Full(t)
	l := decode(t, r)
	run := l.Runs[0]
	rules := map[string]int{}
	for i, rule := range run.Tool.Driver.Rules {
		rules[rule.ID] = i
		if tags, _ := rule.Properties["tags"].([]any); len(tags) == 0 || tags[0] != "security" {
			t.Errorf("rule %s is not tagged security, so GitHub ignores its security-severity", rule.ID)
		}
	}
	for _, ri := range compliance.Rules() {
		i, ok := rules[ri.ID]
		if !ok {
			t.Errorf("catalogue rule %s missing", ri.ID)
			continue
		}
		rule := run.Tool.Driver.Rules[i]
		if rule.ShortDescription.Text != ri.Title || rule.Help == nil || rule.Help.Text != ri.Help {
			t.Errorf("rule %s does not carry its title and help", ri.ID)
		}
	}
	if got := run.Tool.Driver.Rules[rules["license/use-prohibited"]].Properties["security-severity"]; got != "9.5" {
		t.Errorf("license/use-prohibited security-severity = %v, want 9.5 (its critical result)", got)
	}
	if len(run.Results) != len(r.Findings) {
		t.Fatalf("%d results for %d findings", len(run.Results), len(r.Findings))
	}
	for i, res := range run.Results {
		f := r.Findings[i]
		if res.RuleID != f.Rule || run.Tool.Driver.Rules[res.RuleIndex].ID != f.Rule {
			t.Errorf("result %d points at rule %s (index %d), want %s", i, res.RuleID, res.RuleIndex, f.Rule)
		}
		if res.PartialFingerprints[FingerprintKey] != f.Fingerprint {
			t.Errorf("result %d fingerprint %v, want %s", i, res.PartialFingerprints, f.Fingerprint)
		}
		if len(res.Locations) != 1 || len(res.RelatedLocations) != len(f.Evidence)-1 {
			t.Errorf("result %d: %d locations and %d related, want 1 and %d", i, len(res.Locations), len(res.RelatedLocations), len(f.Evidence)-1)
		}
		if want := map[compliance.Severity]string{compliance.Critical: "error", compliance.High: "error", compliance.Medium: "warning", compliance.Low: "note"}[f.Severity]; res.Level != want {
			t.Errorf("result %d (%s) level %s, want %s", i, f.Severity, res.Level, want)
		}
	}
	loc := run.Results[1].Locations[0].PhysicalLocation
	if loc.ArtifactLocation.URI != ".cursor/mcp.json" || loc.Region == nil || loc.Region.StartLine != 14 || loc.Region.StartColumn != 9 {
		t.Errorf("location %+v, want .cursor/mcp.json:14:9", loc)
	}
}

func TestArtifactURIs(t *testing.T) {
	for _, tc := range []struct {
		name, path, file, want string
	}{
		{"the current directory", ".", "package.json", "package.json"},
		{"a subdirectory is prefixed", "testdata/n8n-agent", "docker-compose.yml", "testdata/n8n-agent/docker-compose.yml"},
		{"an absolute path is not", "/home/me/agent", "package.json", "package.json"},
		{"a parent directory is not", "../agent", "package.json", "package.json"},
		{"spaces and ? are percent-encoded", ".", "my dir/what?.json", "my%20dir/what%3F.json"},
		{"a path is cleaned", "sub", "./a/../b.json", "sub/b.json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			loc := location(baseDir(compliance.SourceInfo{Path: tc.path}), compliance.Evidence{Position: compliance.Position{File: tc.file}})
			if got := *loc.PhysicalLocation.ArtifactLocation.URI; got != tc.want {
				t.Errorf("uri = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestFindingWithoutEvidencePointsAtItsComponent(t *testing.T) {
	r := reporttest.Full(t)
	r.Findings = []compliance.Finding{{Rule: "license/unidentified", Area: compliance.AreaLicense, Severity: compliance.High,
		Title: "t", Subject: r.Inventory.Components[0].ID, Fingerprint: "0123456789abcdef"}}
	l := decode(t, r)
	if got := l.Runs[0].Results[0].Locations; len(got) != 1 || !strings.HasSuffix(got[0].PhysicalLocation.ArtifactLocation.URI, "docker-compose.yml") {
		t.Errorf("locations %+v, want the component's docker-compose.yml", got)
	}
}
