package compliance

import (
	"slices"
	"strings"
	"testing"
	"time"
)

var day = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

func check(t *testing.T, r *Report, g Gate, opts CheckOptions) *GateOutcome {
	t.Helper()
	if opts.Now.IsZero() {
		opts.Now = day
	}
	if err := g.Check(r, opts); err != nil {
		t.Fatal(err)
	}
	return r.Gate
}

func finding(t *testing.T, r *Report, rule, subject string) *Finding {
	t.Helper()
	for i := range r.Findings {
		if f := &r.Findings[i]; f.Rule == rule && strings.HasPrefix(f.Subject, subject) {
			return f
		}
	}
	t.Fatalf("no %s finding about %s", rule, subject)
	return nil
}

func failures(g *GateOutcome) []string {
	var out []string
	for _, f := range g.Failures {
		out = append(out, string(f.Kind)+" "+cmpOr(f.Rule, f.Text)+" "+f.Subject+" "+strings.Join(useNames(f.Uses), ","))
	}
	return out
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func waiver(w Waiver) Waiver {
	w.Reason, w.Owner = "accepted for the pilot", "legal@acme.example"
	if w.Expires == "" {
		w.Expires = "2027-06-30"
	}
	w.Source = Position{File: "mcp-comply.yaml", Line: 10, Col: 5}
	return w
}

// Without a policy: prohibited verdicts fail for each use they name; a
// conditional verdict, a medium and a low finding do not.
func TestGateDefaults(t *testing.T) {
	r := analyze(t, "n8n-agent", Config{})
	g := check(t, r, Gate{}, CheckOptions{})
	want := []string{"verdict license/use-prohibited n8n:SUL-1.0 saas,whitelabel"}
	if got := failures(g); !slices.Equal(got, want) {
		t.Errorf("failures %q, want %q", got, want)
	}
	if g.Result != GateFail || !g.Failed() || g.Policy != "no policy file: defaults" || len(g.Notes) == 0 || !strings.HasPrefix(g.Notes[0], "No policy file") {
		t.Errorf("result %s, policy %q, notes %q", g.Result, g.Policy, g.Notes)
	}
	if v := g.FailOn.Verdicts[SaaS]; !slices.Equal(v, []Verdict{Prohibited, Unknown}) || g.FailOn.Severity != High || !g.FailOn.CouldNotEvaluate {
		t.Errorf("applied fail_on %+v", g.FailOn)
	}
}

// Each waiver key narrows what it matches; a waiver for one use leaves
// the finding failing for the others.
func TestWaiverMatching(t *testing.T) {
	base := analyze(t, "n8n-agent", Config{})
	prohibited := finding(t, base, "license/use-prohibited", "n8n:").Fingerprint
	for _, c := range []struct {
		name   string
		w      Waiver
		waived bool
		fails  []string
		text   string
	}{
		{"by fingerprint", Waiver{Finding: prohibited}, true, nil, ""},
		{"by rule and engine", Waiver{Rule: "license/use-prohibited", Component: "n8n"}, true, nil, ""},
		{"by rule and a member's purl does not waive the engine group", Waiver{Rule: "license/use-prohibited", Component: "pkg:npm/n8n-core"},
			false, []string{"verdict license/use-prohibited n8n:SUL-1.0 saas,whitelabel"}, ""},
		{"by rule and a path not every evidence file matches", Waiver{Rule: "license/use-prohibited", Path: "node_modules"}, false,
			[]string{"verdict license/use-prohibited n8n:SUL-1.0 saas,whitelabel"}, ""},
		{"by rule and one use", Waiver{Rule: "license/use-prohibited", Component: "n8n", Uses: []Use{SaaS}}, false,
			[]string{"verdict license/use-prohibited n8n:SUL-1.0 whitelabel"}, "(fails for whitelabel; waived for saas)"},
		{"by rule and both uses", Waiver{Rule: "license/use-prohibited", Component: "n8n", Uses: []Use{SaaS, WhiteLabel}}, true, nil, ""},
		{"another component", Waiver{Rule: "license/use-prohibited", Component: "flowise"}, false,
			[]string{"verdict license/use-prohibited n8n:SUL-1.0 saas,whitelabel"}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := analyze(t, "n8n-agent", Config{})
			g := check(t, r, Gate{Files: []string{"mcp-comply.yaml"}, Waivers: []Waiver{waiver(c.w)}}, CheckOptions{})
			f := finding(t, r, "license/use-prohibited", "n8n:")
			if f.Waived != c.waived {
				t.Errorf("waived %v, want %v (waivers %v)", f.Waived, c.waived, f.Waivers)
			}
			if got := failures(g); !slices.Equal(got, c.fails) {
				t.Errorf("failures %q, want %q", got, c.fails)
			}
			if c.text != "" && (len(g.Failures) == 0 || !strings.HasSuffix(g.Failures[0].Text, c.text)) {
				t.Errorf("failure text %q, want it to end in %q", g.Failures[0].Text, c.text)
			}
			if c.waived && (len(g.Waived) != 1 || g.Waived[0].Waiver.Source.Line != 10 || g.Result != GatePass) {
				t.Errorf("waived items %+v, result %s", g.Waived, g.Result)
			}
			unused := len(f.Waivers) == 0
			if (len(g.UnusedWaivers) == 1) != unused {
				t.Errorf("unused waivers %v, want unused=%v", g.UnusedWaivers, unused)
			}
		})
	}
}

// A path waives the findings whose every evidence file it matches.
func TestWaiverByPath(t *testing.T) {
	r := analyze(t, "n8n-agent", Config{})
	check(t, r, Gate{Waivers: []Waiver{waiver(Waiver{Rule: "residency/location-unknown", Path: "workflows/*.json"}),
		waiver(Waiver{Rule: "license/use-prohibited", Path: "**/*.json"})}}, CheckOptions{})
	var waived []string
	for _, f := range r.Findings {
		if f.Waived {
			waived = append(waived, f.Rule+" "+f.Subject)
		}
	}
	want := []string{"residency/location-unknown openai/n8n-credential:openAiApi", "residency/location-unknown qdrant-cloud/n8n-credential:qdrantApi"}
	if !slices.Equal(waived, want) {
		t.Errorf("waived %q, want %q", waived, want)
	}
}

// A waiver is valid through its expiry date; the day after, it waives
// nothing and fails the gate by its place in the policy.
func TestWaiverExpiry(t *testing.T) {
	w := waiver(Waiver{Rule: "license/use-prohibited", Component: "n8n", Expires: "2026-11-30"})
	for _, c := range []struct {
		now     time.Time
		expired bool
	}{
		{time.Date(2026, 11, 30, 23, 59, 0, 0, time.UTC), false},
		{time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), true},
	} {
		r := analyze(t, "n8n-agent", Config{})
		g := check(t, r, Gate{Waivers: []Waiver{w}}, CheckOptions{Now: c.now})
		if got := len(g.ExpiredWaivers) == 1; got != c.expired {
			t.Fatalf("%s: expired %v, want %v", c.now, got, c.expired)
		}
		if !c.expired {
			if g.Result != GatePass {
				t.Errorf("%s: %s, failures %q", c.now, g.Result, failures(g))
			}
			continue
		}
		got := failures(g)
		if len(got) != 2 || !strings.HasPrefix(got[1], "expired-waiver waiver mcp-comply.yaml:10:5 (rule license/use-prohibited, component n8n) expired on 2026-11-30 (owner legal@acme.example)") {
			t.Errorf("failures %q", got)
		}
		if f := finding(t, r, "license/use-prohibited", "n8n:"); f.Waived || len(f.Waivers) > 0 {
			t.Errorf("an expired waiver waives %+v", f)
		}
		if len(g.UnusedWaivers) != 0 {
			t.Errorf("an expired waiver is also unused: %v", g.UnusedWaivers)
		}
	}
}

// A waiver that matches nothing is reported and fails nothing.
func TestUnusedWaiver(t *testing.T) {
	r := analyze(t, "n8n-agent", Config{})
	w := waiver(Waiver{Rule: "hardening/secret", Path: "tests/**"})
	g := check(t, r, Gate{Waivers: []Waiver{w, waiver(Waiver{Rule: "license/use-prohibited"})}}, CheckOptions{})
	if len(g.UnusedWaivers) != 1 || g.UnusedWaivers[0].Rule != "hardening/secret" || g.Result != GatePass {
		t.Fatalf("unused %v, result %s", g.UnusedWaivers, g.Result)
	}
	want := "Waiver mcp-comply.yaml:10:5 (rule hardening/secret, path tests/**) matches no finding: remove it, or fix what it names."
	if !slices.Contains(g.Notes, want) {
		t.Errorf("notes %q lack %q", g.Notes, want)
	}
}

// Against a baseline only new findings fail; the baseline's gone findings
// are listed as absent; waivers still apply to new findings.
func TestBaseline(t *testing.T) {
	r := analyze(t, "mixed-licences", Config{})
	baseline := analyze(t, "mixed-licences", Config{})
	// The baseline lacks the unidentified licence and has a finding
	// that is gone since.
	baseline.Findings = slices.DeleteFunc(baseline.Findings, func(f Finding) bool { return f.Rule == unidentifiedRule })
	gone := baseline.Findings[0]
	gone.Fingerprint, gone.Title = "00000000000000aa", "a finding fixed since"
	baseline.Findings = append(baseline.Findings, gone)

	g := check(t, r, Gate{}, CheckOptions{Baseline: baseline})
	if want := []string{"could-not-evaluate license/unidentified npm:uuencode@0.0.4 internal,saas,whitelabel,distribute,modify"}; !slices.Equal(failures(g), want) {
		t.Errorf("failures %q, want %q", failures(g), want)
	}
	b := g.Baseline
	if b == nil || b.New != 1 || b.Unchanged != len(r.Findings)-1 || b.Absent != 1 || b.Gone[0].BaselineState != BaselineAbsent || b.Gone[0].Fingerprint != "00000000000000aa" {
		t.Fatalf("baseline %+v", b)
	}
	for _, f := range r.Findings {
		want := BaselineUnchanged
		if f.Rule == unidentifiedRule {
			want = BaselineNew
		}
		if f.BaselineState != want {
			t.Errorf("%s: %s, want %s", f.Rule, f.BaselineState, want)
		}
	}
	// The new one waived: nothing fails.
	g = check(t, r, Gate{Waivers: []Waiver{waiver(Waiver{Rule: unidentifiedRule, Component: "uuencode"})}}, CheckOptions{Baseline: baseline})
	if g.Result != GatePass {
		t.Errorf("with the new finding waived: %s %q", g.Result, failures(g))
	}
}

// The policy's allow and deny lists judge each shipped component's
// licence: OR passes when one option does, AND when every part does.
func TestLicenseAllowDeny(t *testing.T) {
	for _, c := range []struct {
		name   string
		policy LicensePolicy
		want   []string // subjects of license/not-allowed
	}{
		{"deny an id: the OR with a permissive option passes", LicensePolicy{Deny: LicenseSet{IDs: []string{"gpl-2.0-only"}}},
			[]string{"npm:left-pad-gpl@1.0.0"}},
		{"allow ids: AND needs both, OR one", LicensePolicy{Allow: LicenseSet{IDs: []string{"MIT", "Apache-2.0", "Python-2.0", "0BSD", "BlueOak-1.0.0"}}},
			[]string{"npm:@acme-ai/agent-runtime@0.9.0", "npm:@acme-ai/telemetry@4.2.0", "npm:@chartvendor/charts-pro@5.2.1",
				"npm:left-pad-gpl@1.0.0", "npm:node-forge@1.4.3", "npm:pako@1.0.11"}},
		{"allow a category", LicensePolicy{Allow: LicenseSet{Categories: []Category{Permissive}}},
			[]string{"npm:@acme-ai/agent-runtime@0.9.0", "npm:@acme-ai/telemetry@4.2.0", "npm:@chartvendor/charts-pro@5.2.1", "npm:left-pad-gpl@1.0.0"}},
		{"deny wins over allow", LicensePolicy{Allow: LicenseSet{Categories: []Category{Permissive}}, Deny: LicenseSet{IDs: []string{"MIT"}}},
			[]string{"npm:@acme-ai/agent-runtime@0.9.0", "npm:@acme-ai/telemetry@4.2.0", "npm:@chartvendor/charts-pro@5.2.1",
				"npm:buildcheck@0.0.7", "npm:cohere-ai@7.14.0", "npm:js-nacl@1.4.0", "npm:jszip@3.10.2", "npm:left-pad-gpl@1.0.0", "npm:markdown-it-katex@2.0.3",
				"npm:pako@1.0.11", "npm:seq-queue@0.0.5"}},
		{"deny a category", LicensePolicy{Deny: LicenseSet{Categories: []Category{SourceAvailable}}},
			[]string{"npm:@acme-ai/agent-runtime@0.9.0", "npm:@acme-ai/telemetry@4.2.0"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := analyze(t, "mixed-licences", Config{})
			g := check(t, r, Gate{Licenses: c.policy}, CheckOptions{})
			var got []string
			for _, f := range r.Findings {
				if f.Rule == "license/not-allowed" {
					got = append(got, f.Subject)
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, c.want) {
				t.Errorf("not allowed %q\nwant %q", got, c.want)
			}
			var fails int
			for _, f := range g.Failures {
				if f.Kind == KindLicense {
					fails++
				}
			}
			if fails != len(c.want) {
				t.Errorf("%d licence failures, want %d", fails, len(c.want))
			}
		})
	}
	r := analyze(t, "mixed-licences", Config{})
	check(t, r, Gate{Licenses: LicensePolicy{Deny: LicenseSet{IDs: []string{"GPL-2.0-only"}}}}, CheckOptions{})
	f := finding(t, r, "license/not-allowed", "npm:left-pad-gpl")
	if f.Title != "left-pad-gpl 1.0.0: GPL-2.0-only is not allowed by the policy" || !strings.HasPrefix(f.Detail, "GPL-2.0-only (strong-copyleft) is denied.") ||
		len(f.Evidence) == 0 || f.Evidence[0].File != "node_modules/left-pad-gpl/package.json" {
		t.Errorf("finding %q %q %+v", f.Title, f.Detail, f.Evidence)
	}
	// Judged again (a saved report): the gate's own findings are not doubled.
	n := len(r.Findings)
	check(t, r, Gate{Licenses: LicensePolicy{Deny: LicenseSet{IDs: []string{"GPL-2.0-only"}}}}, CheckOptions{})
	if len(r.Findings) != n {
		t.Errorf("judged twice: %d findings, then %d", n, len(r.Findings))
	}
}

// TestLicensePolicyModels judges an open-weight model's licence like a
// package's and leaves a hosted model's service terms to its attestation.
func TestLicensePolicyModels(t *testing.T) {
	model := func(name, expr, kind string) Component {
		return Component{ID: "model:" + name + "@", Ecosystem: Model, Role: RoleModel, Name: name, Model: &ModelFacts{Kind: kind},
			License: LicenseResolution{Expression: expr, Method: MethodCatalogue}, Locations: []Position{{File: "compose.yml", Line: 3}}}
	}
	r := &Report{Inventory: Inventory{Components: []Component{
		model("llama3.1", "LicenseRef-Llama-3.1", ModelOpenWeight), model("gpt-4o", "LicenseRef-service-terms", ModelHosted)}}}
	check(t, r, Gate{Licenses: LicensePolicy{Allow: LicenseSet{Categories: []Category{Permissive}}}}, CheckOptions{})
	var got []string
	for _, f := range r.Findings {
		if f.Rule == "license/not-allowed" {
			got = append(got, f.Subject)
		}
	}
	if !slices.Equal(got, []string{"model:llama3.1@"}) {
		t.Errorf("not allowed: %q, want only the open-weight model", got)
	}
}

// An endpoint outside the residency policy fails: by guarantee, by
// processing geography (a zone allows its countries), by provider.
func TestResidencyPolicy(t *testing.T) {
	for _, c := range []struct {
		name   string
		policy ResidencyPolicy
		pass   []string // provider|processing of endpoints that pass
		fail   []string
	}{
		{"geographies", ResidencyPolicy{Geographies: []string{"EEA", "local"}},
			[]string{"bedrock|DE (eu-central-1)", "bedrock|EU", "ollama|local", "vertex|BE (europe-west1)"},
			[]string{"bedrock|US (us-east-1)", "deepseek|CN", "openai|global", "openai|unknown", "mistral|EEA+CH"}},
		{"a country of a zone", ResidencyPolicy{Geographies: []string{"DE"}},
			[]string{"bedrock|DE (eu-central-1)"}, []string{"bedrock|EU", "vertex|BE (europe-west1)"}},
		{"guarantees", ResidencyPolicy{Guarantees: []Guarantee{SelfHosted, EUProcessing}},
			[]string{"mistral|EEA+CH", "ollama|local"}, []string{"openai|global", "bedrock|US (us-east-1)"}},
		{"providers", ResidencyPolicy{Providers: []string{"ollama", "mistral"}},
			[]string{"mistral|EEA+CH", "ollama|local"}, []string{"openai|global"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := analyze(t, "eu-agent", Config{Policy: Policy{Market: EU}})
			check(t, r, Gate{Residency: c.policy}, CheckOptions{})
			denied := map[string]bool{}
			for _, f := range r.Findings {
				if f.Rule == "residency/not-allowed" {
					denied[f.Subject] = true
				}
			}
			state := map[string]bool{} // provider|processing: all endpoints pass
			for _, e := range r.Residency.Endpoints {
				k := e.Provider + "|" + e.Processing
				if v, ok := state[k]; !ok || v {
					state[k] = !denied[e.ID]
				}
			}
			for _, k := range c.pass {
				if ok, seen := state[k]; !seen || !ok {
					t.Errorf("%s: seen %v, passes %v; want it to pass", k, seen, ok)
				}
			}
			for _, k := range c.fail {
				if ok, seen := state[k]; !seen || ok {
					t.Errorf("%s: seen %v, passes %v; want it to fail", k, seen, ok)
				}
			}
		})
	}
}

// What could not be evaluated is its own outcome; the policy decides
// whether it fails.
func TestCouldNotEvaluate(t *testing.T) {
	r := analyze(t, "eu-agent", Config{Policy: Policy{Market: EU}})
	if len(r.Warnings) == 0 {
		t.Fatal("eu-agent has broken files: want warnings")
	}
	quiet := FailOn{Severity: SeverityNone, Verdicts: map[Use][]Verdict{}}
	for _, u := range Uses {
		quiet.Verdicts[u] = nil
	}
	g := check(t, r, Gate{FailOn: quiet}, CheckOptions{})
	var texts []string
	for _, f := range g.Failures {
		if f.Kind != KindCouldNotEvaluate {
			t.Errorf("failure %s %s", f.Kind, f.Text)
		}
		texts = append(texts, f.Text)
	}
	unidentified := 0
	for _, f := range r.Findings {
		if f.Rule == unidentifiedRule {
			unidentified++
		}
	}
	if g.Result != GateFail || len(g.Failures) != unidentified+len(r.Warnings) || unidentified == 0 ||
		!slices.Contains(texts, "input not fully read: broken/flow.json:5:3: invalid JSON: invalid character ']' at start of value") {
		t.Errorf("strict: %s %q", g.Result, texts)
	}
	quiet.PassUnevaluated = true
	g = check(t, r, Gate{FailOn: quiet}, CheckOptions{})
	if g.Result != GateCouldNotEvaluate || g.Failed() || len(g.CouldNotEvaluate) != unidentified+len(r.Warnings) || len(g.Failures) != 0 {
		t.Errorf("lenient: %s, %d could not be evaluated, failures %q", g.Result, len(g.CouldNotEvaluate), failures(g))
	}
}

// fail_on: verdicts per use, and the severity for the other findings.
func TestFailOn(t *testing.T) {
	r := analyze(t, "n8n-agent", Config{})
	g := check(t, r, Gate{FailOn: FailOn{Verdicts: map[Use][]Verdict{SaaS: {}, Distribute: {Prohibited, Conditional}}, Severity: Medium}}, CheckOptions{})
	want := []string{
		"verdict license/use-prohibited n8n:SUL-1.0 whitelabel",
		"finding license/engine-scope n8n:*.ee.*, *.ee internal,saas,whitelabel,distribute,modify",
		"verdict license/use-conditional n8n:SUL-1.0 distribute",
	}
	if got := failures(g); !slices.Equal(got, want) {
		t.Errorf("failures %q\nwant %q", got, want)
	}
}

// exclude keeps paths out of the analysis and says what it kept out;
// first_party makes the project's own packages its own; an override sets
// a licence with its reason and evidence.
func TestPolicyInTheAnalysis(t *testing.T) {
	plain := analyze(t, "eu-agent", Config{Policy: Policy{Market: EU}})
	r := analyze(t, "eu-agent", Config{Policy: Policy{Market: EU, Exclude: []string{"broken", "more-providers/**"}}})
	if len(plain.Warnings) != len(r.Warnings)+3 {
		t.Errorf("warnings %v without exclude, %v with", plain.Warnings, r.Warnings)
	}
	want := []Exclusion{{Pattern: "broken", Paths: 1, Examples: []string{"broken"}},
		{Pattern: "more-providers/**", Paths: 1, Examples: []string{"more-providers"}}}
	if !slices.EqualFunc(r.Inputs.Excluded, want, func(a, b Exclusion) bool {
		return a.Pattern == b.Pattern && a.Paths == b.Paths && slices.Equal(a.Examples, b.Examples)
	}) {
		t.Errorf("excluded %+v, want %+v", r.Inputs.Excluded, want)
	}
	for _, f := range r.Findings {
		for _, e := range f.Evidence {
			if strings.HasPrefix(e.File, "broken/") || strings.HasPrefix(e.File, "more-providers/") {
				t.Errorf("%s has evidence in an excluded path: %s", f.Rule, e.File)
			}
		}
	}
	if !slices.Equal(r.Inputs.Exclude, []string{"broken", "more-providers/**"}) {
		t.Errorf("inputs record %q", r.Inputs.Exclude)
	}

	r = analyze(t, "mixed-licences", Config{Policy: Policy{FirstParty: []string{"pkg:npm/%40acme-ai/*"},
		LicenseOverrides: []LicenseOverride{{Component: "uuencode", License: "MIT", Reason: "the README says MIT",
			Evidence: "https://github.com/example/uuencode#license", Source: Position{File: "mcp-comply.yaml", Line: 7, Col: 5}}}}})
	for _, c := range r.Inventory.Components {
		own := strings.HasPrefix(c.Name, "@acme-ai/")
		if c.FirstParty != own {
			t.Errorf("%s: first party %v", c.ID, c.FirstParty)
		}
		if own && (c.Uses[SaaS].Verdict != Allowed || c.Uses[SaaS].Decides) {
			t.Errorf("%s: %+v", c.ID, c.Uses[SaaS])
		}
		if c.Name == "uuencode" {
			ev := c.License.Evidence[0]
			if c.License.Expression != "MIT" || c.License.Method != MethodOverride || ev.Note != "policy override: the README says MIT (https://github.com/example/uuencode#license)" ||
				ev.Position.String() != "mcp-comply.yaml:7:5" {
				t.Errorf("uuencode: %+v", c.License)
			}
		}
	}
	for _, f := range r.Findings {
		if strings.Contains(f.Subject, "@acme-ai/") || f.Rule == unidentifiedRule {
			t.Errorf("finding left: %s %s", f.Rule, f.Subject)
		}
	}
	if o := r.Inputs.LicenseOverrides; len(o) != 1 || !slices.Equal(o[0].Applied, []string{"npm:uuencode@0.0.4"}) {
		t.Errorf("overrides recorded %+v", o)
	}
	if r.Summary.Unidentified != 0 {
		t.Errorf("unidentified %d", r.Summary.Unidentified)
	}
}

func TestMatchPath(t *testing.T) {
	for _, c := range []struct {
		pattern, path string
		want          bool
	}{
		{"test", "test/a.py", true},
		{"test", "pkg/test/a.py", true},
		{"test", "pkg/tests/a.py", false},
		{"/test", "pkg/test/a.py", false},
		{"/test", "test/a.py", true},
		{"test/**", "test/deep/a.py", true},
		{"**/fixtures/*.json", "a/b/fixtures/x.json", true},
		{"**/fixtures/*.json", "a/b/fixtures/x.yaml", false},
		{"examples/*.ts", "examples/sub/a.ts", false},
		{"*.ee.*", "node_modules/n8n/dist/x.ee.js", true},
		{"src/[ab].go", "src/a.go", true},
	} {
		if got := MatchPath(c.pattern, c.path); got != c.want {
			t.Errorf("MatchPath(%q, %q) = %v", c.pattern, c.path, got)
		}
	}
	for _, bad := range []string{"", "../x", "a//b", "src/[a", `a\b`} {
		if ValidPath(bad) == nil {
			t.Errorf("ValidPath(%q) = nil", bad)
		}
	}
}

func TestValidateGate(t *testing.T) {
	err := ValidateGate(Gate{Waivers: []Waiver{{Rule: "license/use-prohibted", Reason: "r", Owner: "o", Expires: "2026-02-30"}, {Component: "x"}}})
	for _, want := range []string{`"license/use-prohibted" is not a rule`, `expires "2026-02-30" is not a date`, "names neither a finding nor a rule", "needs a reason and an owner"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v lacks %q", err, want)
		}
	}
}
