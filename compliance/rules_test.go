package compliance

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/mcp-comply/mcp-comply/hardening"
	"github.com/mcp-comply/mcp-comply/internal/project/projecttest"
	"github.com/mcp-comply/mcp-comply/internal/schemacheck"
	"github.com/mcp-comply/mcp-comply/residency"
)

func TestRulesSchema(t *testing.T) {
	schemacheck.CheckYAML(t, schemacheck.File(t, "rules.schema.json", "rules.schema.json"), "rules.yaml", rulesYAML)
	if _, err := loadRules(rulesYAML); err != nil {
		t.Fatal(err)
	}
}

// Every rule a judge function names is in the table, every hardening rule
// counts against a checklist item that exists, and every template's
// placeholders are ones the judge fills.
func TestEveryObservedRuleIsDeclared(t *testing.T) {
	tab := rules()
	files, _ := filepath.Glob("*.go")
	named := regexp.MustCompile(`rule: "([a-z-]+/[a-z0-9-]+)"`)
	seen := 0
	for _, f := range files {
		if filepath.Ext(f) != ".go" || regexp.MustCompile(`_test\.go$`).MatchString(f) {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range named.FindAllSubmatch(src, -1) {
			seen++
			if _, ok := tab.byID[string(m[1])]; !ok {
				t.Errorf("%s observes rule %s, which rules.yaml does not declare", f, m[1])
			}
		}
	}
	for _, id := range transportRules {
		if _, ok := tab.byID[id]; !ok {
			t.Errorf("transport rule %s is not declared", id)
		}
	}
	for g, id := range residencyRules {
		if _, ok := tab.byID[id]; !ok {
			t.Errorf("the rule %s of guarantee %s is not declared", id, g)
		}
	}
	if seen < 10 {
		t.Fatalf("found only %d observed rules: the pattern no longer matches the judge code", seen)
	}
	items := map[string]bool{}
	for _, c := range tab.Checklist {
		items[c.ID] = true
	}
	for _, r := range tab.Rules {
		if r.Area == AreaHardening && !items[r.Item] {
			t.Errorf("%s counts against checklist item %q, which does not exist", r.ID, r.Item)
		}
	}
}

// Package residency's setting rules and the table's encryption rules are
// the same set.
func TestEveryEncryptionRuleIsJudged(t *testing.T) {
	tab := rules()
	var declared []string
	for _, r := range tab.Rules {
		if len(r.ID) > len("encryption/") && r.ID[:len("encryption/")] == "encryption/" {
			declared = append(declared, r.ID[len("encryption/"):])
		}
	}
	slices.Sort(declared)
	if got := residency.Rules(); !slices.Equal(got, declared) {
		t.Errorf("residency reports settings %v\nrules.yaml judges %v", got, declared)
	}
}

// Severity follows the market, then the variant; a market's none wins.
func TestRuleSeverity(t *testing.T) {
	tab := rules()
	for _, c := range []struct {
		rule, variant string
		market        Market
		want          Severity
	}{
		{"residency/no-adequacy", "", EU, Critical},
		{"residency/no-adequacy", "", Global, Medium},
		{"residency/no-adequacy", "", US, none},
		{"residency/country-of-concern", "", US, High},
		{"residency/country-of-concern", "", EU, none},
		{"residency/hosting-region", "unknown-location", EU, Low},
		{"residency/hosting-region", "unknown-location", Global, none},
		{"hardening/plain-http", "loopback", Global, Low},
		{"hardening/plain-http", "", EU, High},
		{"hardening/excess-privilege", "docker-socket", Global, Critical},
		{"hardening/excess-privilege", "a-kind-without-a-row", Global, Medium},
	} {
		if got := tab.byID[c.rule].severity(c.market, c.variant); got != c.want {
			t.Errorf("%s %s in %s: %s, want %s", c.rule, c.variant, c.market, got, c.want)
		}
	}
}

// An observation of a rule the table lacks is never silent.
func TestUnknownRuleIsLoud(t *testing.T) {
	f, ok := observe(observation{rule: "hardening/made-up", subject: "x"}, Global)
	if !ok || f.Severity != High || f.Rule != "hardening/made-up" {
		t.Errorf("got %+v, %v", f, ok)
	}
}

// Every fact kind the hardening analyzer can state is judged: a transport
// kind has a rule, every privilege and shadowing kind has its own row
// (severity, and for shadowing the wording), every unpinned reason and
// drift kind is known to the rule that judges it.
func TestEveryHardeningKindIsJudged(t *testing.T) {
	tab := rules()
	for _, k := range hardening.TransportKinds {
		if _, ok := transportRules[k]; !ok {
			t.Errorf("transport kind %s has no rule", k)
		}
	}
	for _, k := range hardening.PrivilegeKinds {
		if _, ok := tab.byID["hardening/excess-privilege"].Variants[k]; !ok {
			t.Errorf("privilege kind %s has no severity in hardening/excess-privilege", k)
		}
	}
	sh := tab.byID["hardening/shadowing"]
	for _, k := range hardening.ShadowingKinds {
		if _, ok := sh.Variants[k]; !ok {
			t.Errorf("shadowing kind %s has no severity", k)
		}
		if _, ok := sh.Detail[k]; !ok {
			t.Errorf("shadowing kind %s has no wording", k)
		}
	}
	up := tab.byID["hardening/unpinned-launcher"]
	for _, reason := range hardening.UnpinnedReasons {
		if _, ok := up.Variants[reason]; !ok && reason != "no-version" && reason != "latest" {
			t.Errorf("unpinned reason %s has no severity (only no-version and latest take the default)", reason)
		}
	}
	drift := tab.byID["hardening/tool-drift"]
	for _, k := range []string{hardening.DriftAdded, hardening.DriftRemoved, hardening.DriftNotCompared} {
		if _, ok := drift.Variants[k]; !ok {
			t.Errorf("drift kind %s has no severity", k)
		}
	}
}

// Every setting the residency analyzer states on the eu-agent sample (its
// fixture of every setting rule) has a wording for its form, every
// placeholder of that wording is filled, and every value the analyzer names
// appears in it (a named resource the wording drops is a wrong form).
func TestSettingWordings(t *testing.T) {
	fsys := os.DirFS("../testdata/eu-agent")
	idx := projecttest.Walk(t, fsys)
	res, err := residency.Scan(t.Context(), idx, residency.Options{})
	if err != nil {
		t.Fatal(err)
	}
	forms := map[string]bool{}
	for _, s := range res.Settings {
		r := rules().byID["encryption/"+s.Rule]
		if _, ok := r.Detail[s.Form]; s.Form != "" && !ok {
			t.Errorf("%s: no wording for form %q", r.ID, s.Form)
		}
		f, _ := observe(settingObservation(s, false), Global)
		if strings.ContainsAny(f.Detail, "{}") || f.Detail == "" {
			t.Errorf("%s (%s): detail %q", r.ID, s.Form, f.Detail)
		}
		for k, v := range s.With {
			if !strings.Contains(f.Detail, v) {
				t.Errorf("%s (%s): detail %q drops %s %q", r.ID, s.Form, f.Detail, k, v)
			}
		}
		forms[s.Rule+" "+s.Form] = true
	}
	if len(forms) < 15 {
		t.Errorf("only %d rule wordings exercised: %v", len(forms), forms)
	}
}

// A finding seen only in tests, fixtures or examples is kept apart at low
// with a note; one place in deployed code, a licence finding, or a rule
// already at low or below keeps its severity and wording.
func TestSamplesKeptApart(t *testing.T) {
	at := func(files ...string) []Evidence {
		var ev []Evidence
		for _, f := range files {
			ev = append(ev, Evidence{Position: Position{File: f, Line: 3}})
		}
		return ev
	}
	values := map[string]string{"key": "verify"}
	for _, c := range []struct {
		name     string
		rule     string
		evidence []Evidence
		want     Severity
		noted    bool
	}{
		{"a test file", "encryption/tls-verify-disabled", at("src/memcached/tests/test_connection.py"), Low, true},
		{"an example server", "hardening/listen-all-interfaces", at("examples/repl/server.ts"), Low, true},
		{"a conftest and a fixture", "encryption/tls-verify-disabled", at("test-int/conftest.py", "pkg/testdata/client.go"), Low, true},
		{"deployed code", "encryption/tls-verify-disabled", at("src/memcached/connection.py"), High, false},
		{"deployed code and a test", "encryption/tls-verify-disabled", at("tests/test_x.py", "app/client.py"), High, false},
		{"no file", "encryption/tls-verify-disabled", []Evidence{{}}, High, false},
		{"a licence", "license/unidentified", at("examples/app/package.json"), High, false},
		{"already low", "hardening/tool-without-annotations", at("examples/app/server.py"), Low, false},
		// A CI pipeline counts with them for residency only: what a
		// workflow holds or runs (a literal key, a server) is the project's.
		{"a CI pipeline, hardening", "hardening/listen-all-interfaces", at(".github/workflows/tests.yml"), High, false},
	} {
		f, ok := observe(observation{rule: c.rule, subject: "s", values: values, evidence: c.evidence}, Global)
		if !ok {
			t.Fatalf("%s: not reported", c.name)
		}
		noted := strings.Contains(f.Detail, "Seen only in tests, fixtures or examples")
		if f.Severity != c.want || noted != c.noted {
			t.Errorf("%s: %s %s, noted %v (%q); want %s, noted %v", c.name, c.rule, f.Severity, noted, f.Detail, c.want, c.noted)
		}
	}
}
