package policy

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/testtree"
	"github.com/mcp-comply/mcp-comply/internal/tree"
)

func loadMap(t *testing.T, files map[string]string) (*Policy, error) {
	t.Helper()
	return Load(testtree.MapFS(files), FileName)
}

func mustLoad(t *testing.T, files map[string]string) *Policy {
	t.Helper()
	p, err := loadMap(t, files)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Every fault is one line naming file:line:col, the bad value and what
// is allowed; all are reported at once, sorted by position.
func TestErrors(t *testing.T) {
	for _, c := range []struct {
		name, file string
		want       []string
	}{
		{"unknown use", "intended_uses: [saas, teleport]\n",
			[]string{`mcp-comply.yaml:1:23: "teleport" is not one of internal, saas, whitelabel, distribute, modify`}},
		{"unknown key with a suggestion", "fial_on: {severity: high}\n",
			[]string{`mcp-comply.yaml:1:1: unknown key "fial_on" (did you mean fail_on?)`}},
		{"unknown nested key", "fail_on:\n  severty: low\n",
			[]string{`mcp-comply.yaml:2:3: fail_on: unknown key "severty" (did you mean severity?)`}},
		{"unknown key without a near one", "colour: red\n",
			[]string{`mcp-comply.yaml:1:1: unknown key "colour"; expected one of encryption, exclude, extends, fail_on, first_party, intended_uses, license_overrides, licenses, limits, market, online, providers, residency, waivers`}},
		{"wrong type", "intended_uses: saas\n",
			[]string{`mcp-comply.yaml:1:16: intended_uses: expected a list, found a string`}},
		{"a boolean written as yes", "fail_on: {could_not_evaluate: yes}\n",
			[]string{`mcp-comply.yaml:1:31: fail_on.could_not_evaluate: expected true or false, found a string`}},
		{"not a mapping", "- saas\n", []string{`mcp-comply.yaml:1:1: expected a mapping, found a list`}},
		{"YAML syntax error", "market: [eu\n", []string{`mcp-comply.yaml:1: invalid YAML: did not find expected ',' or ']'`}},
		{"duplicate key", "market: eu\nmarket: us\n", []string{`mcp-comply.yaml:2:1: duplicate key "market": a key is written once`}},
		{"two documents", "market: eu\n---\nmarket: us\n", []string{`mcp-comply.yaml:3:1: a policy file holds one YAML document; this is a second`}},
		{"verdict use", "fail_on:\n  verdicts: {saas: [prohibited], hosting: [unknown]}\n",
			[]string{`mcp-comply.yaml:2:34: fail_on.verdicts: "hosting" is not one of internal, saas, whitelabel, distribute, modify`}},
		{"licence id", "licenses:\n  allow: {ids: [Apache 2.0, MIT, GPL-3.0-only WITH Classpath-exception-2.0, LicenseRef-acme], categories: [copyleft]}\n",
			[]string{`mcp-comply.yaml:2:17: "Apache 2.0" is not an SPDX licence id (did you mean Apache-2.0?)`,
				`mcp-comply.yaml:2:108: "copyleft" is not one of permissive, weak-copyleft, strong-copyleft, network-copyleft, source-available, fair-code, commercial, non-commercial, unknown`}},
		{"bad glob", "exclude: [\"../x\", \"src/[a\"]\n",
			[]string{`mcp-comply.yaml:1:11: exclude: "../x" is not a path inside the project (write it relative to the project's root, without . or .. segments)`,
				`mcp-comply.yaml:1:19: exclude: "src/[a" is not a valid pattern: syntax error in pattern`}},
		{"unknown rule", "waivers:\n  - rule: license/use-prohibted\n    reason: r\n    owner: o\n    expires: 2027-01-31\n",
			[]string{`mcp-comply.yaml:2:11: "license/use-prohibted" is not a rule (did you mean license/use-prohibited?)`}},
		{"bad date", "waivers:\n  - rule: hardening/secret\n    reason: r\n    owner: o\n    expires: 2026-02-30\n",
			[]string{`mcp-comply.yaml:5:14: waivers[0].expires: "2026-02-30" is not a date: write YYYY-MM-DD`}},
		{"waiver without what it waives nor owner", "waivers:\n  - component: n8n\n    reason: r\n    expires: 2027-01-31\n",
			[]string{`mcp-comply.yaml:2:5: waivers[0]: a waiver names the finding (finding: a fingerprint) or the rule (rule: a rule id) it waives`,
				`mcp-comply.yaml:2:5: waivers[0]: missing owner`}},
		{"bad fingerprint and empty reason", "waivers:\n  - finding: abc\n    reason: \"\"\n    owner: o\n    expires: 2027-01-31\n",
			[]string{`mcp-comply.yaml:2:14: waivers[0].finding: "abc" is not a finding's fingerprint: 16 hexadecimal digits, as the report prints it`,
				`mcp-comply.yaml:3:13: waivers[0].reason is empty`}},
		{"override", "license_overrides:\n  - component: foo\n    license: MIT OR Apache 2\n    reason: r\n    evidence: not a url\n",
			[]string{`mcp-comply.yaml:3:14: "MIT OR Apache 2" is not an SPDX expression: unexpected "2" in licence expression "MIT OR Apache 2"`,
				`mcp-comply.yaml:5:15: license_overrides[0].evidence: "not a url" is not a URL`}},
		{"residency", "residency:\n  providers: [opneai]\n  geographies: [Europe, EU]\n  guarantees: [eu]\n",
			[]string{`mcp-comply.yaml:2:15: "opneai" is not a provider of the catalogue (did you mean openai?)`,
				`mcp-comply.yaml:3:17: "Europe" is not a geography: write an ISO country code (DE, FR), a zone of the provider catalogue (EU, EEA), or local, global or unknown`,
				`mcp-comply.yaml:4:16: "eu" is not one of self-hosted, eu-processing, eu-storage-only, adequate-country, partial-adequacy, us-dpf, global-unspecified, unknown, no-adequacy`}},
		{"limits", "limits:\n  max_file_size: 0\n  max_files: many\n  max_depth: 2.5\n  timeout: 5 minutes\n  max_size: 3\n  max_nodes: -1\n",
			[]string{`mcp-comply.yaml:2:18: limits.max_file_size: 0 is below 1`,
				`mcp-comply.yaml:3:14: limits.max_files: expected a whole number, found a string`,
				`mcp-comply.yaml:4:14: limits.max_depth: expected a whole number, found a number`,
				`mcp-comply.yaml:5:12: limits.timeout: "5 minutes" is not a duration: write 90s, 5m or 1h30m, or 0 for no limit`,
				`mcp-comply.yaml:6:3: limits: unknown key "max_size"; expected one of history_limit, max_depth, max_file_size, max_files, max_nodes, max_source_size, timeout`,
				`mcp-comply.yaml:7:14: limits.max_nodes: -1 is below 1`}},
		{"timeout without a unit", "limits: {timeout: 30}\n",
			[]string{`mcp-comply.yaml:1:19: limits.timeout: 30 has no unit: write 90s, 5m or 1h30m, or 0 for no limit`}},
		{"missing extended file", "extends: [org.yaml]\n", []string{`mcp-comply.yaml:1:11: extends org.yaml: cannot read it: no such file`}},
		{"extends outside the root", "extends: ../org/policy.yaml\n",
			[]string{`mcp-comply.yaml:1:10: extends "../org/policy.yaml" is outside the project's root: a policy inside the project may only name files inside it (give a shared policy with --config)`}},
		{"providers outside the root", "providers: /etc/providers.yaml\n",
			[]string{`mcp-comply.yaml:1:12: providers "/etc/providers.yaml" is outside the project's root: a policy inside the project may only name files inside it (give a shared policy with --config)`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := loadMap(t, map[string]string{FileName: c.file})
			var es Errors
			if !errors.As(err, &es) {
				t.Fatalf("error %v, want Errors", err)
			}
			if got := strings.Split(err.Error(), "\n"); !slices.Equal(got, c.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}

// The order of errors is the file's, whatever order the validator finds
// them in.
func TestErrorsAreSortedAndStable(t *testing.T) {
	file := "waivers:\n  - rule: x/y\n    owner: o\n    expires: 2027-13-01\nmarket: mars\nintended_uses: [hosting]\nfail_on: {severity: extreme}\n"
	var first string
	for i := range 20 {
		_, err := loadMap(t, map[string]string{FileName: file})
		if err == nil {
			t.Fatal("no error")
		}
		if i == 0 {
			first = err.Error()
			lines := strings.Split(first, "\n")
			if len(lines) != 6 || !slices.IsSortedFunc(lines, func(a, b string) int { return strings.Compare(a[:18], b[:18]) }) {
				t.Fatalf("errors not all reported, or not in the file's order:\n%s", first)
			}
		} else if err.Error() != first {
			t.Fatalf("run %d:\n%s\nrun 0:\n%s", i, err, first)
		}
	}
}

// extends: the extending file wins; waivers, overrides, exclude and
// first_party append; lists of licenses and residency replace;
// fail_on.verdicts replaces use by use; a cycle names its files.
func TestExtends(t *testing.T) {
	p := mustLoad(t, map[string]string{
		FileName: "extends: [org/base.yaml, team.yaml]\nmarket: eu\nlicenses: {deny: {ids: [SSPL-1.0]}}\nfail_on: {verdicts: {saas: [prohibited, conditional, unknown]}}\n" +
			"exclude: [examples]\nwaivers:\n  - {rule: hardening/secret, reason: r, owner: o, expires: 2027-01-31}\n",
		"org/base.yaml": "market: us\nintended_uses: [saas]\nlicenses: {deny: {ids: [AGPL-3.0-only], categories: [non-commercial]}}\n" +
			"fail_on: {verdicts: [prohibited], severity: critical, could_not_evaluate: false}\nexclude: [test]\nwaivers:\n  - {rule: license/use-unknown, reason: r, owner: o, expires: 2027-01-31}\n",
		"team.yaml": "intended_uses: [internal, saas]\nfirst_party: [acme-*]\n",
	})
	if !slices.Equal(p.Files, []string{FileName, "org/base.yaml", "team.yaml"}) {
		t.Errorf("files %q", p.Files)
	}
	g := p.Gate
	if p.Market != compliance.EU || !slices.Equal(p.Uses, []compliance.Use{compliance.Internal, compliance.SaaS}) ||
		!slices.Equal(g.Licenses.Deny.IDs, []string{"SSPL-1.0"}) || !slices.Equal(g.Licenses.Deny.Categories, []compliance.Category{compliance.NonCommercial}) ||
		!slices.Equal(p.Exclude, []string{"test", "examples"}) || !slices.Equal(p.FirstParty, []string{"acme-*"}) ||
		g.FailOn.Severity != compliance.Critical || !g.FailOn.PassUnevaluated {
		t.Errorf("merged %+v", p)
	}
	if v := g.FailOn.VerdictsFor(compliance.SaaS); len(v) != 3 {
		t.Errorf("saas verdicts %v", v)
	}
	if v := g.FailOn.VerdictsFor(compliance.Internal); !slices.Equal(v, []compliance.Verdict{compliance.Prohibited}) {
		t.Errorf("internal verdicts %v", v)
	}
	if len(g.Waivers) != 2 || g.Waivers[0].Source.File != "org/base.yaml" || g.Waivers[1].Source.String() != "mcp-comply.yaml:7:5" {
		t.Errorf("waivers %v", g.Waivers)
	}
	_, err := loadMap(t, map[string]string{FileName: "extends: a.yaml\n", "a.yaml": "extends: sub/b.yaml\n", "sub/b.yaml": "extends: ../a.yaml\n"})
	if err == nil || err.Error() != "sub/b.yaml:1:10: extends cycle: a.yaml → sub/b.yaml → a.yaml" {
		t.Errorf("cycle: %v", err)
	}
}

// A policy the user names (--config) may extend files outside the project.
func TestLoadFileExtendsAnywhere(t *testing.T) {
	dir := t.TempDir()
	testtree.Write(t, dir, map[string]string{
		"org/policy.yaml":  "market: eu\n",
		"repo/" + FileName: "extends: ../org/policy.yaml\n",
	})
	p, err := LoadFile(filepath.Join(dir, "repo", FileName))
	if err != nil || p.Market != compliance.EU {
		t.Fatalf("%v %+v", err, p)
	}
	if _, err := LoadFile(filepath.Join(dir, "missing.yaml")); err == nil || !strings.HasSuffix(err.Error(), "missing.yaml: cannot read the policy file: no such file") {
		t.Errorf("missing --config: %v", err)
	}
}

// No policy file at the root: the defaults, and the gate says so.
func TestFindNone(t *testing.T) {
	p, err := Find(fstest.MapFS{"package.json": {Data: []byte("{}")}})
	if err != nil || len(p.Files) != 0 {
		t.Fatalf("%v %+v", err, p)
	}
	r := &compliance.Report{}
	if err := p.Gate.Check(r, compliance.CheckOptions{}); err != nil || r.Gate.Policy != "no policy file: defaults" {
		t.Errorf("%v %+v", err, r.Gate)
	}
}

// The commented example documents every key and loads; its values reach
// the gate and the analysis.
func TestExample(t *testing.T) {
	p, err := Load(os.DirFS("testdata/example"), FileName)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile("testdata/example/" + FileName)
	_, raw := compiled()
	for key := range raw["properties"].(map[string]any) {
		if !strings.Contains(string(data), "\n"+key+":") {
			t.Errorf("the example does not show %s", key)
		}
	}
	var cfg compliance.Config
	p.Configure(&cfg)
	if cfg.Policy.Market != compliance.EU || len(cfg.Policy.Exclude) != 4 || cfg.Knowledge.Residency == nil || len(p.Gate.Waivers) != 3 ||
		p.LicenseOverrides[0].Source.String() != "mcp-comply.yaml:100:5" || p.Online || p.Limits.MaxFileSize == nil || *p.Limits.MaxFileSize != 64 {
		t.Errorf("configured %+v; gate %+v", cfg.Policy, p.Gate)
	}
	if _, ok := cfg.Knowledge.Residency.Provider("acme-gateway"); !ok {
		t.Error("the policy's provider is not in the catalogue")
	}
}

// Every key of the schema says what it is for.
func TestSchemaDescribesEveryKey(t *testing.T) {
	var walk func(path string, n map[string]any)
	walk = func(path string, n map[string]any) {
		props, _ := n["properties"].(map[string]any)
		for k, v := range props {
			m := v.(map[string]any)
			if _, ok := m["description"]; !ok {
				t.Errorf("%s%s has no description", path, k)
			}
			walk(path+k+".", m)
			if items, ok := m["items"].(map[string]any); ok {
				walk(path+k+"[].", items)
			}
		}
	}
	var raw map[string]any
	if err := json.Unmarshal(Schema, &raw); err != nil {
		t.Fatal(err)
	}
	walk("", raw)
}

// init's starter policy validates against the schema, loads, and says
// what the scan found.
func TestInit(t *testing.T) {
	for _, sample := range []string{"n8n-agent", "eu-agent", "mixed-licences", "mcp-workbench"} {
		t.Run(sample, func(t *testing.T) {
			r, err := compliance.Analyze(t.Context(), os.DirFS("../testdata/"+sample), compliance.Config{Policy: compliance.Policy{Market: compliance.EU}})
			if err != nil {
				t.Fatal(err)
			}
			data := Init(r)
			p, err := loadMap(t, map[string]string{FileName: string(data)})
			if err != nil {
				t.Fatalf("%v\n%s", err, data)
			}
			if p.Market != compliance.EU || len(p.Gate.Waivers) != 0 || !strings.Contains(string(data), "#   - rule: ") && !strings.Contains(string(data), "#   - finding: ") {
				t.Errorf("starter policy:\n%s", data)
			}
			var cfg compliance.Config
			p.Configure(&cfg)
			if _, err := compliance.Analyze(t.Context(), os.DirFS("../testdata/"+sample), cfg); err != nil {
				t.Error(err)
			}
			if sample == "eu-agent" && (!strings.Contains(string(data), "    - \"mistral\"\n") || !strings.Contains(string(data), "    # - \"unknown\"\n")) {
				t.Errorf("eu-agent's residency allow list:\n%s", data)
			}
			if sample == "n8n-agent" && !strings.Contains(string(data), "first_party:\n  - \"acme-support-agent\"\n") {
				t.Errorf("n8n-agent's first party:\n%s", data)
			}
		})
	}
}

// The starter policy's commented limits: block, uncommented, is a valid
// policy that sets every bound at the default the flags document.
func TestInitLimits(t *testing.T) {
	data := string(Init(&compliance.Report{}))
	start := strings.Index(data, "# limits:\n")
	if start < 0 {
		t.Fatalf("no limits: block in\n%s", data)
	}
	var block []string
	for _, line := range strings.Split(data[start:], "\n") {
		if !strings.HasPrefix(line, "#") || (len(block) > 0 && !strings.HasPrefix(line, "#   ")) {
			break
		}
		block = append(block, strings.TrimPrefix(line, "# "))
	}
	p := mustLoad(t, map[string]string{FileName: strings.Join(block, "\n") + "\n"})
	l := p.Limits
	for name, got := range map[string]*int{"max_file_size": l.MaxFileSize, "max_source_size": l.MaxSourceSize,
		"max_files": l.MaxFiles, "max_depth": l.MaxDepth, "max_nodes": l.MaxNodes, "history_limit": l.HistoryLimit} {
		if got == nil {
			t.Errorf("%s not set by\n%s", name, strings.Join(block, "\n"))
		}
	}
	if l.MaxFileSize != nil && *l.MaxFileSize != project.MaxFileSize>>20 || l.MaxDepth != nil && *l.MaxDepth != tree.DefaultMaxDepth ||
		l.MaxNodes != nil && *l.MaxNodes != tree.DefaultMaxNodes || l.Timeout == nil || *l.Timeout != 0 {
		t.Errorf("limits %+v are not the defaults", l)
	}
}

// online: true asks for the registry lookup; a file that extends another
// decides it for itself, and without the key keeps the shared file's.
func TestOnline(t *testing.T) {
	for _, c := range []struct {
		name, own, shared string
		want              bool
	}{
		{"absent", "market: eu\n", "", false},
		{"on", "online: true\n", "", true},
		{"off", "online: false\n", "", false},
		{"shared on", "extends: shared.yaml\n", "online: true\n", true},
		{"own off wins", "extends: shared.yaml\nonline: false\n", "online: true\n", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			files := map[string]string{FileName: c.own}
			if c.shared != "" {
				files["shared.yaml"] = c.shared
			}
			p, err := loadMap(t, files)
			if err != nil {
				t.Fatal(err)
			}
			if p.Online != c.want {
				t.Errorf("Online = %v, want %v", p.Online, c.want)
			}
		})
	}
	if _, err := loadMap(t, map[string]string{FileName: "online: yes please\n"}); err == nil {
		t.Error("online: a string loaded; want a schema error")
	}
}

// limits: each key sets its bound, 1e3 being a whole number; a file that
// extends another wins key by key and keeps the shared file's others; a
// key no file sets stays nil (the flag's default holds).
func TestLimits(t *testing.T) {
	p := mustLoad(t, map[string]string{
		FileName:      "extends: shared.yaml\nlimits:\n  max_file_size: 2\n  max_files: 1e3\n  timeout: 90s\n",
		"shared.yaml": "limits: {max_file_size: 8, max_depth: 50, history_limit: 10, timeout: 5m}\n",
	})
	l := p.Limits
	val := func(v *int) int {
		if v == nil {
			return -1
		}
		return *v
	}
	got := []int{val(l.MaxFileSize), val(l.MaxSourceSize), val(l.MaxFiles), val(l.MaxDepth), val(l.MaxNodes), val(l.HistoryLimit)}
	if want := []int{2, -1, 1000, 50, -1, 10}; !slices.Equal(got, want) || l.Timeout == nil || *l.Timeout != 90*time.Second {
		t.Errorf("limits %v timeout %v, want %v and 1m30s", got, l.Timeout, want)
	}
	if l := mustLoad(t, map[string]string{FileName: "market: eu\n"}).Limits; l != (Limits{}) {
		t.Errorf("no limits key: %+v, want none set", l)
	}
	if l := mustLoad(t, map[string]string{FileName: "limits: {timeout: 0}\n"}).Limits; l.Timeout == nil || *l.Timeout != 0 {
		t.Errorf("timeout: 0 read as %v, want no limit (0)", l.Timeout)
	}
}

// TestCustomerManagedKeys: encryption.customer_managed_keys reaches the
// analysis, a file that extends another may turn it off, and a value that
// is not a boolean is an error at its position.
func TestCustomerManagedKeys(t *testing.T) {
	var cfg compliance.Config
	mustLoad(t, map[string]string{FileName: "encryption:\n  customer_managed_keys: true\n"}).Configure(&cfg)
	if !cfg.Policy.CustomerManagedKeys {
		t.Error("customer_managed_keys: true did not reach the analysis")
	}
	if p := mustLoad(t, map[string]string{FileName: "extends: shared.yaml\nencryption: {customer_managed_keys: false}\n",
		"shared.yaml": "encryption: {customer_managed_keys: true}\n"}); p.CustomerManagedKeys {
		t.Error("the extending file's false did not win")
	}
	_, err := Load(fstest.MapFS{FileName: {Data: []byte("encryption:\n  customer_managed_keys: yes please\n")}}, FileName)
	if err == nil || !strings.Contains(err.Error(), "mcp-comply.yaml:2:") {
		t.Errorf("a string for customer_managed_keys: %v, want an error at line 2", err)
	}
}
