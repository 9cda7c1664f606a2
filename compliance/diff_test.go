package compliance

import (
	"strings"
	"testing"
)

func comp(name, version, license string, cat Category) Component {
	return Component{Ecosystem: NPM, Name: name, Version: version, Role: RoleLibrary, ID: "npm:" + name + "@" + version,
		License: LicenseResolution{Expression: license}, Category: cat, Uses: map[Use]Assessment{}}
}

func report(cs ...Component) *Report {
	return &Report{Inputs: Inputs{Policy: Policy{Uses: []Use{Internal}, Market: EU}}, Inventory: Inventory{Components: cs}}
}

func changes(t *testing.T, old, new *Report) *Diff {
	t.Helper()
	d, err := Compare(old, new)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// The licensing rug pull is a move from open source to a licence that is
// not; a move between open-source licences, to an unknown one, or back to
// open source is a relicensing, no rug pull.
func TestRugPull(t *testing.T) {
	for _, tc := range []struct {
		from, to          string
		fromCat, toCat    Category
		rugPull, stricter bool
	}{
		{"MIT", "BUSL-1.1", Permissive, SourceAvailable, true, true},
		{"AGPL-3.0-only", "SSPL-1.0", NetworkCopyleft, SourceAvailable, true, true},
		{"Apache-2.0", "LicenseRef-n8n-SUL-1.0", Permissive, FairCode, true, true},
		{"MIT", "GPL-3.0-only", Permissive, StrongCopyleft, false, true},
		{"MIT", "", Permissive, UnknownCategory, false, true},
		{"SSPL-1.0", "AGPL-3.0-only", SourceAvailable, NetworkCopyleft, false, false},
		{"", "MIT", UnknownCategory, Permissive, false, false},
	} {
		d := changes(t, report(comp("redis", "7.2.0", tc.from, tc.fromCat)), report(comp("redis", "7.4.0", tc.to, tc.toCat)))
		if len(d.Components) != 1 {
			t.Fatalf("%s → %s: %+v", tc.from, tc.to, d.Components)
		}
		c := d.Components[0]
		if c.Change != Relicensed || c.RugPull != tc.rugPull || c.Stricter != tc.stricter || c.Old.Version != "7.2.0" || c.New.Version != "7.4.0" {
			t.Errorf("%s → %s: %+v", tc.from, tc.to, c)
		}
		if d.Summary.RugPulls != map[bool]int{true: 1}[tc.rugPull] {
			t.Errorf("%s → %s: %d rug pulls counted", tc.from, tc.to, d.Summary.RugPulls)
		}
	}
}

// Components pair by ecosystem and name: the same version with itself,
// the versions left in order; the rest were added or removed. A version
// bump under the same licence is an update; no change is no entry.
func TestComponentChanges(t *testing.T) {
	old := report(comp("a", "1.0.0", "MIT", Permissive), comp("b", "1.0.0", "MIT", Permissive), comp("b", "2.0.0", "MIT", Permissive),
		comp("gone", "1.0.0", "MIT", Permissive), comp("same", "1.0.0", "ISC", Permissive))
	new := report(comp("a", "1.1.0", "MIT", Permissive), comp("b", "2.0.0", "MIT", Permissive), comp("b", "3.0.0", "MIT", Permissive),
		comp("new", "0.1.0", "MIT", Permissive), comp("same", "1.0.0", "ISC", Permissive))
	d := changes(t, old, new)
	var got []string
	for _, c := range d.Components {
		line := string(c.Change) + " " + c.Name
		if c.Old != nil {
			line += " " + c.Old.Version
		}
		if c.New != nil {
			line += " " + c.New.Version
		}
		got = append(got, line)
	}
	want := "added new 0.1.0, removed gone 1.0.0, updated a 1.0.0 1.1.0, updated b 1.0.0 3.0.0"
	if strings.Join(got, ", ") != want {
		t.Errorf("component changes:\n got %s\nwant %s", strings.Join(got, ", "), want)
	}
	if d.Summary.Components[Updated] != 2 || d.Summary.Changes != 4 {
		t.Errorf("summary: %+v", d.Summary)
	}
}

// An endpoint of the same provider and kind at another host is moved,
// declared in the same file or the only one of its kind left; a changed
// catalogue reading of the same endpoint is changed.
func TestEndpointChanges(t *testing.T) {
	ep := func(id, provider, host string, g Guarantee, file string) Endpoint {
		return Endpoint{ID: id, Provider: provider, ProviderName: provider, Kind: "llm", Host: host, Guarantee: g, Processing: string(g),
			Evidence: []Evidence{{Position: Position{File: file, Line: 1}}}}
	}
	old := report()
	old.Residency = &Residency{Verdict: EUProcessing, Endpoints: []Endpoint{
		ep("openai/eu.api.openai.com", "openai", "eu.api.openai.com", EUProcessing, "a.py"),
		ep("openai/eu2", "openai", "eu2.api.openai.com", EUProcessing, "b.py"),
		ep("mistral/api.mistral.ai", "mistral", "api.mistral.ai", EUProcessing, "m.py"),
		ep("bedrock/x", "bedrock", "bedrock.eu-central-1", EUProcessing, "c.py"),
	}}
	new := report()
	new.Residency = &Residency{Verdict: GlobalUnspecified, Endpoints: []Endpoint{
		ep("openai/api.openai.com", "openai", "api.openai.com", GlobalUnspecified, "b.py"), // moved: same file as eu2
		ep("mistral/api.mistral.ai", "mistral", "api.mistral.ai", GlobalUnspecified, "m.py"),
		ep("bedrock/y", "bedrock", "bedrock.us-east-1", USDataPrivacy, "elsewhere.py"), // the only bedrock left
		ep("anthropic/api.anthropic.com", "anthropic", "api.anthropic.com", GlobalUnspecified, "a.py"),
	}}
	d := changes(t, old, new)
	var got []string
	for _, e := range d.Endpoints {
		line := string(e.Change) + " " + e.ID
		if e.Old != nil && e.New != nil {
			line += " from " + e.Old.Host
		}
		if e.Worse {
			line += " (worse)"
		}
		got = append(got, line)
	}
	want := "added anthropic/api.anthropic.com (worse), moved bedrock/y from bedrock.eu-central-1 (worse), " +
		"moved openai/api.openai.com from eu2.api.openai.com (worse), changed mistral/api.mistral.ai from api.mistral.ai (worse), " +
		"removed openai/eu.api.openai.com"
	if strings.Join(got, ", ") != want {
		t.Errorf("endpoint changes:\n got %s\nwant %s", strings.Join(got, ", "), want)
	}
	if d.Residency == nil || d.Residency.Old != EUProcessing || d.Residency.New != GlobalUnspecified || !d.Residency.Worse {
		t.Errorf("residency change: %+v", d.Residency)
	}
}

// Tool definitions compare by name and hash; a server added, removed, or
// with its instructions changed is listed; the checklist says what now
// fails and what was fixed; findings compare by fingerprint.
func TestHardeningAndFindingChanges(t *testing.T) {
	h1, h2, h3 := strings.Repeat("1", 64), strings.Repeat("2", 64), strings.Repeat("3", 64)
	yes, no := true, false
	old := report()
	old.Hardening = &Hardening{
		Checks: []Check{{ID: "tool-poisoning", Status: "pass"}, {ID: "key-hygiene", Status: "fail"}, {ID: "transport", Status: "not-applicable"}},
		Servers: []MCPServer{
			{Name: "weather", Client: "source (python)", Tools: 2, ToolDefinitions: []ToolDefinition{{"forecast", h1}, {"gone", h2}}, InstructionsSHA256: h1},
			{Name: "old", Client: "Cursor", Launch: "npx old"},
			{Name: "gh", Client: "Cursor", Launch: "npx gh", Pinned: &no},
			{Name: "same", Client: "Cursor", Launch: "npx same@1", Pinned: &yes, Position: Position{File: "a", Line: 1}},
		}}
	old.Findings = []Finding{{Fingerprint: "f1", Severity: High}, {Fingerprint: "f2", Severity: Low}}
	new := report()
	new.Hardening = &Hardening{
		Checks: []Check{{ID: "tool-poisoning", Status: "fail"}, {ID: "key-hygiene", Status: "pass"}, {ID: "transport", Status: "pass"}},
		Servers: []MCPServer{
			{Name: "weather", Client: "source (python)", Tools: 2, ToolDefinitions: []ToolDefinition{{"added", h3}, {"forecast", h2}}, InstructionsSHA256: h2},
			{Name: "gh", Client: "Cursor", Launch: "npx gh@1.0.0", Pinned: &yes},
			{Name: "same", Client: "Cursor", Launch: "npx same@1", Pinned: &yes, Position: Position{File: "a", Line: 9}}, // moved lines only
			{Name: "fresh", Client: "Claude Code", Launch: "https://mcp.example.com"},
		}}
	new.Findings = []Finding{{Fingerprint: "f2", Severity: Low}, {Fingerprint: "f3", Severity: Medium}}
	d := changes(t, old, new)

	var checks []string
	for _, c := range d.Checks {
		checks = append(checks, string(c.Change)+" "+c.ID)
	}
	if strings.Join(checks, ", ") != "failing tool-poisoning, fixed key-hygiene, changed transport" {
		t.Errorf("checks: %v", checks)
	}
	var servers []string
	for _, s := range d.Servers {
		line := string(s.Change) + " " + s.Name
		for _, tc := range s.Tools {
			line += " " + string(tc.Change) + ":" + tc.Name
		}
		if s.Instructions != "" {
			line += " instructions:" + string(s.Instructions)
		}
		servers = append(servers, line)
	}
	want := "added fresh, changed gh, changed weather added:added changed:forecast removed:gone instructions:changed, removed old"
	if strings.Join(servers, ", ") != want {
		t.Errorf("servers:\n got %s\nwant %s", strings.Join(servers, ", "), want)
	}
	if len(d.Findings.New) != 1 || d.Findings.New[0].Fingerprint != "f3" || len(d.Findings.Fixed) != 1 || d.Findings.Fixed[0].Fingerprint != "f1" {
		t.Errorf("findings: %+v", d.Findings)
	}
	s := d.Summary
	if s.FailingChecks != 1 || s.FixedChecks != 1 || s.ToolChanges != 3 || s.NewFindings[Medium] != 1 || s.FixedFindings != 1 {
		t.Errorf("summary: %+v", s)
	}
}

// The same report twice is no change, every list empty and present; two
// reports judged under different policies are not compared.
func TestCompareSameAndPolicies(t *testing.T) {
	r := report(comp("a", "1.0.0", "MIT", Permissive))
	r.Verdicts = []UseVerdict{{Use: Internal, Verdict: Allowed}}
	d := changes(t, r, r)
	if d.Summary.Changes != 0 || d.Verdicts == nil || d.Components == nil || d.Endpoints == nil || d.Checks == nil || d.Servers == nil ||
		d.Findings.New == nil || d.Findings.Fixed == nil || d.Residency != nil {
		t.Errorf("no change: %+v", d)
	}
	other := report()
	other.Inputs.Market = US
	if _, err := Compare(r, other); err == nil || !strings.Contains(err.Error(), "different policies") {
		t.Errorf("different markets: %v", err)
	}
	worse := report()
	worse.Verdicts = []UseVerdict{{Use: Internal, Verdict: Prohibited, Reason: "AGPL"}}
	d = changes(t, r, worse)
	if len(d.Verdicts) != 1 || !d.Verdicts[0].Worse || d.Verdicts[0].Reason != "AGPL" || d.Summary.WorseVerdicts != 1 {
		t.Errorf("verdicts: %+v", d.Verdicts)
	}
}
