package sarif

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/reports/reporttest"
)

func format(t *testing.T, r *compliance.Report) []byte { return reporttest.Render(t, SARIF{}, r) }

// logs are the SARIF logs every test of the shape reads: the full,
// hostile and empty reports formatted here, and every golden.
func logs(t *testing.T) map[string][]byte {
	out := reporttest.Goldens(t, "sarif")
	for name, r := range map[string]*compliance.Report{"full": reporttest.Full(t), "hostile": reporttest.Hostile(), "empty": {}} {
		out[name] = format(t, r)
	}
	return out
}

// TestValidatesAgainstSchema checks every log against the SARIF 2.1.0
// JSON schema (testdata/README.md says where it comes from), offline.
func TestValidatesAgainstSchema(t *testing.T) {
	sch := reporttest.Schema(t, filepath.Join("testdata", "sarif-schema-2.1.0.json"))
	for name, data := range logs(t) {
		t.Run(name, func(t *testing.T) {
			reporttest.Validate(t, sch, data)
			if bytes.Contains(data, []byte(`\u001b`)) || bytes.Contains(data, []byte("\u202e")) {
				t.Error("a control or bidi character from the project reached the SARIF")
			}
		})
	}
}

// sarifLog is the part of a log the tests read.
type sarifLog struct {
	Schema string `json:"$schema"`
	Runs   []struct {
		Tool struct {
			Driver struct {
				Name            string `json:"name"`
				Version         string `json:"version"`
				SemanticVersion string `json:"semanticVersion"`
				Rules           []struct {
					ID                   string `json:"id"`
					ShortDescription     struct{ Text string }
					FullDescription      *struct{ Text string }
					Help                 *struct{ Text, Markdown string }
					HelpURI              string `json:"helpUri"`
					DefaultConfiguration *struct {
						Level string `json:"level"`
					} `json:"defaultConfiguration"`
					Properties map[string]any `json:"properties"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		OriginalURIBaseIDs map[string]struct {
			URI         *string `json:"uri"`
			Description *struct{ Text string }
		} `json:"originalUriBaseIds"`
		Results []struct {
			RuleID              string `json:"ruleId"`
			RuleIndex           *int   `json:"ruleIndex"`
			Level               string `json:"level"`
			Message             struct{ Text string }
			PartialFingerprints map[string]string `json:"partialFingerprints"`
			Properties          map[string]any    `json:"properties"`
			Locations           []sarifLocation   `json:"locations"`
			RelatedLocations    []sarifLocation   `json:"relatedLocations"`
		} `json:"results"`
	} `json:"runs"`
}

type sarifLocation struct {
	PhysicalLocation *struct {
		ArtifactLocation *struct {
			URI       string `json:"uri"`
			URIBaseID string `json:"uriBaseId"`
		} `json:"artifactLocation"`
		Region *struct {
			StartLine   int `json:"startLine"`
			StartColumn int `json:"startColumn"`
		} `json:"region"`
	} `json:"physicalLocation"`
}

func decode(t *testing.T, data []byte) sarifLog { return reporttest.Decode[sarifLog](t, data) }

// TestGitHubCodeScanning checks every log for what GitHub code scanning
// requires of an upload (docs.github.com, "SARIF support for code
// scanning" and "SARIF results exceed limits"): each result names a rule
// of the run, has a level GitHub knows, message text, a partial
// fingerprint and a location whose artifact URI is relative to the
// repository's root; the rules carry tags and a security-severity GitHub
// can read; the counts stay within GitHub's limits. And no -1 placeholder
// or empty list is written.
func TestGitHubCodeScanning(t *testing.T) {
	levels := map[string]bool{"error": true, "warning": true, "note": true, "none": true}
	for name, data := range logs(t) {
		t.Run(name, func(t *testing.T) {
			l := decode(t, data)
			if len(l.Runs) == 0 || len(l.Runs) > 20 {
				t.Fatalf("%d runs (GitHub takes 1 to 20)", len(l.Runs))
			}
			run := l.Runs[0]
			if run.Tool.Driver.Name == "" {
				t.Error("the driver has no name")
			}
			if base, ok := run.OriginalURIBaseIDs[SrcRoot]; !ok || base.URI != nil || base.Description == nil || base.Description.Text == "" {
				t.Errorf("originalUriBaseIds[%s] = %+v, want a description and no path of the machine", SrcRoot, base)
			}
			rules := run.Tool.Driver.Rules
			if len(rules) > 25000 || len(run.Results) > 25000 {
				t.Errorf("%d rules and %d results: GitHub takes 25,000 of each", len(rules), len(run.Results))
			}
			ids := map[string]bool{}
			for _, rule := range rules {
				if rule.ID == "" || ids[rule.ID] || rule.ShortDescription.Text == "" {
					t.Errorf("rule %q: an id given once and a short description are required", rule.ID)
				}
				ids[rule.ID] = true
				tags, _ := rule.Properties["tags"].([]any)
				if len(tags) == 0 || len(tags) > 10 || tags[0] != "security" {
					t.Errorf("rule %s tags %v: GitHub reads security-severity only under the tag security, and shows 10 tags", rule.ID, tags)
				}
				if s, ok := rule.Properties["security-severity"]; ok {
					if f, err := strconv.ParseFloat(fmt.Sprint(s), 64); err != nil || f <= 0 || f > 10 {
						t.Errorf("rule %s security-severity %v is not a score GitHub reads (0.1 to 10)", rule.ID, s)
					}
				}
				if c := rule.DefaultConfiguration; c != nil && !levels[c.Level] {
					t.Errorf("rule %s default level %q", rule.ID, c.Level)
				}
			}
			for i, res := range run.Results {
				if res.RuleIndex == nil || *res.RuleIndex < 0 || *res.RuleIndex >= len(rules) || rules[*res.RuleIndex].ID != res.RuleID {
					t.Errorf("result %d: ruleId %s and ruleIndex %v do not name one rule of the run", i, res.RuleID, res.RuleIndex)
				}
				if !levels[res.Level] || res.Message.Text == "" || res.PartialFingerprints[FingerprintKey] == "" {
					t.Errorf("result %d: level %q, message %q, fingerprints %v", i, res.Level, res.Message.Text, res.PartialFingerprints)
				}
				if len(res.Locations) == 0 || len(res.Locations)+len(res.RelatedLocations) > 100 {
					t.Errorf("result %d has %d locations and %d related: GitHub needs one and shows 100", i, len(res.Locations), len(res.RelatedLocations))
				}
				for _, loc := range append(res.Locations, res.RelatedLocations...) {
					if loc.PhysicalLocation == nil || loc.PhysicalLocation.ArtifactLocation == nil {
						t.Errorf("result %d: a location without physicalLocation.artifactLocation", i)
						continue
					}
					a := loc.PhysicalLocation.ArtifactLocation
					u, err := url.Parse(a.URI)
					if err != nil || a.URI == "" || u.IsAbs() || strings.HasPrefix(a.URI, "/") || strings.HasPrefix(a.URI, "../") || a.URIBaseID != SrcRoot {
						t.Errorf("result %d: uri %q (base %q) is not relative to the repository's root", i, a.URI, a.URIBaseID)
					}
					if r := loc.PhysicalLocation.Region; r != nil && (r.StartLine < 1 || r.StartColumn < 0) {
						t.Errorf("result %d: region %+v", i, r)
					}
				}
			}
			if name != "empty" && len(run.Results) == 0 {
				t.Error("no results")
			}
			var v any
			json.Unmarshal(data, &v)
			if at := placeholder("", v); at != "" {
				t.Errorf("%s is a placeholder (-1 or an empty list)", at)
			}
		})
	}
}

// placeholder finds a -1 or an empty list other than the run's results and
// rules (an empty report has none).
func placeholder(at string, v any) string {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if p := placeholder(at+"/"+k, e); p != "" {
				return p
			}
		}
	case []any:
		if len(x) == 0 && !strings.HasSuffix(at, "/results") && !strings.HasSuffix(at, "/rules") {
			return at
		}
		for i, e := range x {
			if p := placeholder(at+"/"+strconv.Itoa(i), e); p != "" {
				return p
			}
		}
	case float64:
		if x == -1 {
			return at
		}
	}
	return ""
}

// TestRulesFromTheReport: the rules are those the report describes, with
// their help, help URL and default level; a rule a finding names that the
// report does not describe is still a rule of the run.
func TestRulesFromTheReport(t *testing.T) {
	r := reporttest.Full(t)
	if len(r.Rules) == 0 {
		t.Fatal("the full report describes no rules")
	}
	rules := map[string]int{}
	l := decode(t, format(t, r))
	for i, rule := range l.Runs[0].Tool.Driver.Rules {
		rules[rule.ID] = i
	}
	if len(rules) != len(r.Rules) {
		t.Errorf("%d rules for the %d the report describes", len(rules), len(r.Rules))
	}
	for _, ri := range r.Rules {
		i, ok := rules[ri.ID]
		if !ok {
			t.Errorf("rule %s missing", ri.ID)
			continue
		}
		rule := l.Runs[0].Tool.Driver.Rules[i]
		if rule.ShortDescription.Text != ri.Title || rule.FullDescription == nil || rule.FullDescription.Text != ri.Help {
			t.Errorf("rule %s does not carry its title and help: %+v", ri.ID, rule)
		}
		if rule.HelpURI != ri.HelpURI || rule.Help == nil || !strings.Contains(rule.Help.Markdown, "]("+ri.HelpURI+")") ||
			!strings.Contains(rule.Help.Text, ri.HelpURI) {
			t.Errorf("rule %s: helpUri %q, help %+v, want %s linked", ri.ID, rule.HelpURI, rule.Help, ri.HelpURI)
		}
		if rule.DefaultConfiguration == nil || rule.DefaultConfiguration.Level != Level(ri.Level) {
			t.Errorf("rule %s default configuration %+v, want level %s", ri.ID, rule.DefaultConfiguration, Level(ri.Level))
		}
	}
	if got := l.Runs[0].Tool.Driver.Rules[rules["license/use-prohibited"]].Properties["security-severity"]; got != "9.5" {
		t.Errorf("license/use-prohibited security-severity = %v, want 9.5 (its critical result)", got)
	}

	// An AI Act rule flows like any other, tagged with its area.
	if tags := fmt.Sprint(l.Runs[0].Tool.Driver.Rules[rules["ai-act/annex-iii"]].Properties["tags"]); tags != "[security ai-act]" {
		t.Errorf("ai-act/annex-iii tags = %s, want [security ai-act]", tags)
	}

	r.Rules = nil // a report saved before it described its rules
	l = decode(t, format(t, r))
	for i, res := range l.Runs[0].Results {
		if rule := l.Runs[0].Tool.Driver.Rules[*res.RuleIndex]; rule.ID != r.Findings[i].Rule || rule.ShortDescription.Text == "" {
			t.Errorf("result %d: rule %+v for %s", i, rule, r.Findings[i].Rule)
		}
	}
}

func TestResults(t *testing.T) {
	r := reporttest.Full(t)
	run := decode(t, format(t, r)).Runs[0]
	if len(run.Results) != len(r.Findings) {
		t.Fatalf("%d results for %d findings", len(run.Results), len(r.Findings))
	}
	for i, res := range run.Results {
		f := r.Findings[i]
		if res.RuleID != f.Rule || res.PartialFingerprints[FingerprintKey] != f.Fingerprint {
			t.Errorf("result %d: rule %s fingerprint %v, want %s %s", i, res.RuleID, res.PartialFingerprints, f.Rule, f.Fingerprint)
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
		name, subdir, file, want string
	}{
		{"the project at the repository's root", "", "package.json", "package.json"},
		{"a project below the root is prefixed", "apps/agent", "docker-compose.yml", "apps/agent/docker-compose.yml"},
		{"spaces and ? are percent-encoded", "", "my dir/what?.json", "my%20dir/what%3F.json"},
		{"a path is cleaned", "sub", "./a/../b.json", "sub/b.json"},
		{"a subdirectory that is not below the root is not used", "../elsewhere", "package.json", "package.json"},
		{"an absolute subdirectory is not used", "/home/me", "package.json", "package.json"},
		{"no file is the project's directory", "apps/agent", "", "apps/agent"},
		{"no file at the root", "", "", "./"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := artifact(subdir(tc.subdir), tc.file)
			if a.URI != tc.want || a.URIBaseID != SrcRoot {
				t.Errorf("uri = %q (base %q), want %q from %s", a.URI, a.URIBaseID, tc.want, SrcRoot)
			}
		})
	}
	if a := artifact("", "/home/me/.cursor/mcp.json"); a.URI != "file:///home/me/.cursor/mcp.json" || a.URIBaseID != "" {
		t.Errorf("a file outside the project: %+v, want its file URI without a base", a)
	}
}

// TestSameURIsWhateverThePath: the URIs depend on where the project lies
// in its repository, not on the path the scan was given.
func TestSameURIsWhateverThePath(t *testing.T) {
	r := reporttest.Full(t)
	r.Inputs.Source.Subdir = "apps/agent"
	var outs []string
	for _, p := range []string{"apps/agent", "/home/me/src/repo/apps/agent", "."} {
		r.Inputs.Source.Path = p
		outs = append(outs, string(format(t, r)))
	}
	if outs[0] != outs[1] || outs[1] != outs[2] {
		t.Error("the log depends on the path the scan was given")
	}
	if uri := decode(t, []byte(outs[0])).Runs[0].Results[1].Locations[0].PhysicalLocation.ArtifactLocation.URI; uri != "apps/agent/.cursor/mcp.json" {
		t.Errorf("uri %q, want apps/agent/.cursor/mcp.json", uri)
	}
}

func TestSemanticVersion(t *testing.T) {
	for v, want := range map[string]string{
		"v1.4.2": "1.4.2", "1.4.2": "1.4.2", "v2.0.0-rc.1": "2.0.0-rc.1",
		"v0.0.0-20261120164205-0123456789ab": "0.0.0-20261120164205-0123456789ab", "v1.4.2+dirty": "1.4.2+dirty",
		"devel": "", "test": "", "v1.4": "", "": "",
	} {
		if got := semanticVersion(v); got != want {
			t.Errorf("semanticVersion(%q) = %q, want %q", v, got, want)
		}
	}
	r := reporttest.Full(t)
	r.Tool.Version = "v1.4.2"
	if d := decode(t, format(t, r)).Runs[0].Tool.Driver; d.Version != "v1.4.2" || d.SemanticVersion != "1.4.2" {
		t.Errorf("driver version %q, semanticVersion %q", d.Version, d.SemanticVersion)
	}
}

func TestHelpURI(t *testing.T) {
	for in, want := range map[string]string{
		"https://choosealicense.com/no-permission/": "https://choosealicense.com/no-permission/",
		"javascript:alert(1)":                       "",
		"https://evil.example/x)[y](z":              "",
		"https://user:pw@example.com/":              "",
		"ftp://example.com/":                        "",
		"not a url":                                 "",
	} {
		if got := helpURI(in); got != want {
			t.Errorf("helpURI(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFindingWithoutEvidence(t *testing.T) {
	r := reporttest.Full(t)
	r.Findings = []compliance.Finding{
		{Rule: "license/unidentified", Area: compliance.AreaLicense, Severity: compliance.High, Title: "t",
			Subject: r.Inventory.Components[0].ID, Fingerprint: "0123456789abcdef"},
		{Rule: "hardening/no-lockfile", Area: compliance.AreaHardening, Severity: compliance.Medium, Title: "t",
			Subject: "project", Fingerprint: "0123456789abcdee"},
	}
	res := decode(t, format(t, r)).Runs[0].Results
	if got := res[0].Locations; len(got) != 1 || !strings.HasSuffix(got[0].PhysicalLocation.ArtifactLocation.URI, "docker-compose.yml") {
		t.Errorf("locations %+v, want the component's docker-compose.yml", got)
	}
	if got := res[1].Locations; len(got) != 1 || got[0].PhysicalLocation.ArtifactLocation.URI != "./" {
		t.Errorf("locations %+v, want the project's directory", got)
	}
}
