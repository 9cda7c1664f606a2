package compliance

import (
	"strings"
	"testing"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/license"
	"github.com/mcp-comply/mcp-comply/license/kb"
	"github.com/mcp-comply/mcp-comply/license/kb/kbtest"
	"github.com/mcp-comply/mcp-comply/residency"
)

// judgeBase is a knowledge base with the verdict shapes the rules must handle.
func judgeBase(t *testing.T) *kb.Base {
	t.Helper()
	const data = `licenses:
  - id: MIT
    name: MIT License
    category: permissive
    source: https://spdx.org/licenses/MIT.html
    checked: 2026-11-24
    uses:
      internal: {verdict: allowed, clause: "to deal in the Software without restriction"}
      saas: {verdict: allowed, clause: "to deal in the Software without restriction"}
      distribute: {verdict: allowed, obligation: "Keep the notice.", clause: "shall be included in all copies"}
  - id: GPL-3.0-only
    name: GNU GPL v3.0 only
    category: strong-copyleft
    source: https://spdx.org/licenses/GPL-3.0-only.html
    checked: 2026-11-24
    uses:
      internal: {verdict: allowed, clause: "You may make, run and propagate covered works that you do not convey"}
      saas: {verdict: allowed, clause: "Mere interaction with a user through a computer network ... is not conveying."}
      distribute: {verdict: conditional, obligation: "License the whole work under the GPL and provide its source.", clause: "You must license the entire work, as a whole, under this License"}
  - id: SUL-1.0
    name: Sustainable Use License 1.0
    category: fair-code
    source: https://spdx.org/licenses/SUL-1.0.html
    checked: 2026-11-24
    remediation: Buy an n8n commercial licence.
    uses:
      internal: {verdict: allowed, clause: "only for your own internal business purposes"}
      saas: {verdict: prohibited, clause: "only for your own internal business purposes"}
      distribute: {verdict: conditional, obligation: "Distribute only free of charge for non-commercial purposes.", clause: "free of charge for non-commercial purposes"}
  - id: Apache-2.0
    name: Apache License 2.0
    category: permissive
    source: https://spdx.org/licenses/Apache-2.0.html
    checked: 2026-11-24
    uses:
      internal: {verdict: allowed, clause: "perpetual, worldwide ... copyright license to reproduce"}
      saas: {verdict: allowed, clause: "perpetual, worldwide ... copyright license to reproduce"}
      distribute: {verdict: allowed, obligation: "Include the licence and NOTICE.", clause: "You must give any other recipients of the Work ... a copy of this License"}
  - id: Commons-Clause
    name: Commons Clause
    category: source-available
    exception: true
    source: https://commonsclause.com/
    checked: 2026-11-24
    uses:
      saas: {verdict: prohibited, clause: "the License does not grant to you the right to Sell the Software"}
`
	return kbtest.Base(t, data)
}

func TestEvaluate(t *testing.T) {
	base := judgeBase(t)
	for _, tc := range []struct {
		expr   string
		use    Use
		want   Verdict
		chosen string
	}{
		{"MIT", SaaS, Allowed, "MIT"},
		{"MIT", WhiteLabel, Unknown, "MIT"}, // the entry has no reading for this use
		{"MIT OR GPL-3.0-only", Distribute, Allowed, "MIT"},
		{"GPL-3.0-only OR MIT", Distribute, Allowed, "MIT"}, // the best option, whatever the order
		{"GPL-3.0-only OR SUL-1.0", SaaS, Allowed, "GPL-3.0-only"},
		{"MIT AND GPL-3.0-only", Distribute, Conditional, "MIT AND GPL-3.0-only"},
		{"MIT AND SUL-1.0", SaaS, Prohibited, "MIT AND SUL-1.0"},
		{"Apache-2.0 WITH Commons-Clause", SaaS, Prohibited, "Apache-2.0 WITH Commons-Clause"},
		{"Apache-2.0 WITH Commons-Clause", Internal, Allowed, "Apache-2.0 WITH Commons-Clause"}, // the rider is silent on internal use
		{"MIT WITH Unknown-exception", Internal, Unknown, "MIT WITH Unknown-exception"},
		{"LicenseRef-acme", Internal, Unknown, "LicenseRef-acme"},
		{"LicenseRef-acme OR MIT", Internal, Allowed, "MIT"},
		{"LicenseRef-acme AND SUL-1.0", SaaS, Prohibited, "LicenseRef-acme AND SUL-1.0"}, // prohibited outranks unknown
	} {
		t.Run(tc.expr+"/"+string(tc.use), func(t *testing.T) {
			e, err := license.ParseExpression(tc.expr)
			if err != nil {
				t.Fatal(err)
			}
			o := evaluate(base, e, tc.use)
			if o.verdict != tc.want || o.chosen.String() != tc.chosen {
				t.Errorf("evaluate = %s resting on %q, want %s resting on %q", o.verdict, o.chosen, tc.want, tc.chosen)
			}
		})
	}
}

func TestCategory(t *testing.T) {
	base := judgeBase(t)
	for expr, want := range map[string]Category{
		"MIT":                            Permissive,
		"MIT OR GPL-3.0-only":            Permissive,
		"MIT AND GPL-3.0-only":           StrongCopyleft,
		"Apache-2.0 WITH Commons-Clause": SourceAvailable,
		"LicenseRef-acme":                UnknownCategory,
	} {
		e, _ := license.ParseExpression(expr)
		if got := category(base, e); got != want {
			t.Errorf("category(%s) = %s, want %s", expr, got, want)
		}
	}
}

func TestJudgeLicences(t *testing.T) {
	base := judgeBase(t)
	comp := func(name, expr string, engine string, dev bool) license.Component {
		c := license.Component{Ecosystem: NPM, Name: name, Version: "1.0.0", Role: RoleLibrary, Dev: dev, Engine: engine,
			Locations: []project.Position{{File: "package-lock.json", Line: 7}}}
		if expr != "" {
			c.License = license.Resolution{Expression: expr, Method: MethodDeclared}
		} else {
			c.License = license.Resolution{Method: MethodNone}
		}
		return c
	}
	inv := &license.Inventory{
		Components: []license.Component{
			comp("n8n", "SUL-1.0", "n8n", false),
			comp("n8n-core", "SUL-1.0", "n8n", false),
			comp("left-pad", "MIT", "", false),
			comp("gpl-tool", "GPL-3.0-only", "", false),
			comp("test-only", "", "", true), // unknown but dev-only: decides nothing
		},
		Engines: []license.EngineUse{{ID: "n8n", Name: "n8n", Version: "2.8.4", License: "SUL-1.0"}},
	}
	cfg := withDefaults(Config{Policy: Policy{Uses: []Use{Distribute, Internal, SaaS}}, Knowledge: Knowledge{KB: base}})
	r := &Report{}
	judgeLicences(r, cfg, inv)

	got := map[Use]UseVerdict{}
	for _, v := range r.Verdicts {
		got[v.Use] = v
	}
	if len(r.Verdicts) != 3 || r.Verdicts[0].Use != Internal {
		t.Errorf("verdicts not in report order: %+v", r.Verdicts)
	}
	if v := got[Internal]; v.Verdict != Allowed || len(v.Deciding) != 0 {
		t.Errorf("internal = %s %+v, want allowed with nothing deciding", v.Verdict, v.Deciding)
	}
	if v := got[SaaS]; v.Verdict != Prohibited || len(v.Deciding) != 1 || v.Deciding[0].Engine != "n8n" || v.Deciding[0].Components != 2 {
		t.Errorf("saas = %s %+v, want prohibited, decided by the n8n engine's 2 packages", v.Verdict, v.Deciding)
	}
	if v := got[Distribute]; v.Verdict != Conditional || len(v.Deciding) != 2 {
		t.Errorf("distribute = %s %+v, want conditional decided by n8n and gpl-tool", v.Verdict, v.Deciding)
	}
	if !strings.Contains(got[SaaS].Reason, "n8n 2.8.4 (SUL-1.0)") {
		t.Errorf("saas reason %q does not name n8n and its licence", got[SaaS].Reason)
	}

	rules := map[string]Finding{}
	for _, f := range r.Findings {
		rules[f.Rule+" "+f.Subject] = f
	}
	p, ok := rules["license/use-prohibited n8n:SUL-1.0"]
	if !ok {
		t.Fatalf("no prohibited finding for n8n; findings: %+v", r.Findings)
	}
	if p.Severity != Critical || len(p.Uses) != 1 || p.Uses[0] != SaaS || p.Remediation != "Buy an n8n commercial licence." {
		t.Errorf("n8n finding = %+v", p)
	}
	if !strings.Contains(p.Detail, "internal business purposes") {
		t.Errorf("finding detail %q does not quote the clause", p.Detail)
	}
	if c, ok := rules["license/use-conditional npm:gpl-tool@1.0.0"]; !ok || c.Severity != Medium || !strings.Contains(c.Remediation, "GPL") {
		t.Errorf("GPL conditional finding = %+v (present %v), want medium with the obligation", c, ok)
	}
	for _, f := range r.Findings {
		if strings.Contains(f.Subject, "test-only") {
			t.Errorf("a dev-only component raised a finding: %+v", f)
		}
	}
	// Fingerprints are stable: the same inputs give the same fingerprint.
	r2 := &Report{}
	judgeLicences(r2, cfg, inv)
	for i := range r.Findings {
		if r.Findings[i].Fingerprint != r2.Findings[i].Fingerprint {
			t.Errorf("fingerprint changed between identical runs: %s vs %s", r.Findings[i].Fingerprint, r2.Findings[i].Fingerprint)
		}
	}
}

// TestEveryFindingHasARule keeps the rule catalogue complete: a finding
// whose rule has no description would reach SARIF without help text.
func TestEveryFindingHasARule(t *testing.T) {
	for _, name := range []string{"n8n-agent", "flowise-chatbot", "mixed-licences", "python-mcp-server", "go-mcp-gateway"} {
		for _, f := range analyze(t, name, Config{}).Findings {
			if info, ok := Rule(f.Rule); !ok || info.Area != f.Area {
				t.Errorf("%s: rule %s has no description in the catalogue (or another area)", name, f.Rule)
			}
		}
	}
}

// TestDecidesMatchesDeciding keeps the two views of what decides a verdict
// in step: the components marked as deciding a use are the members of the
// groups its Deciding lists, no more, no fewer.
func TestDecidesMatchesDeciding(t *testing.T) {
	for _, name := range []string{"n8n-agent", "mixed-licences", "python-mcp-server", "go-mcp-gateway", "eu-agent"} {
		r := analyze(t, name, Config{})
		for _, v := range r.Verdicts {
			members := 0
			for _, d := range v.Deciding {
				members += d.Components
			}
			marked := 0
			for _, c := range r.Inventory.Components {
				if a := c.Uses[v.Use]; a.Decides {
					marked++
					if c.Dev || a.Verdict != v.Verdict {
						t.Errorf("%s: %s decides %s but is dev-only or judged %s, not %s", name, c.ID, v.Use, a.Verdict, v.Verdict)
					}
				}
			}
			if marked != members {
				t.Errorf("%s: %d components marked as deciding %s, its deciders count %d", name, marked, v.Use, members)
			}
		}
	}
}

func TestModelComponents(t *testing.T) {
	ev := func(file string, line int) residency.Evidence {
		return residency.Evidence{Position: project.Position{File: file, Line: line}}
	}
	ollama := residency.Endpoint{Provider: "ollama", Host: "ollama:11434"}
	got := modelComponents([]residency.ModelUse{
		{Name: "llama3.1:8b", Provider: "ollama", ProviderName: "Ollama", Endpoint: ollama.Key(), Via: []string{"compose"},
			Evidence: []residency.Evidence{ev("docker-compose.yml", 12)}},
		{Name: "llama3.1:8b", Endpoint: ollama.Key(), Via: []string{"modelfile"}, Evidence: []residency.Evidence{ev("Modelfile", 1)}},
		{Name: "gpt-4o", Version: "2024-08-06", Provider: "azure-openai", Via: []string{"terraform"}, Evidence: []residency.Evidence{ev("main.tf", 3)}},
		{Name: "meta.llama3-1-70b-instruct-v1:0", Provider: "bedrock", Via: []string{"source"}, Evidence: []residency.Evidence{ev("app.py", 9)}},
		{Name: "qwen2.5:7b", ProviderName: "openai_api_compatible", Via: []string{"dify"}, Evidence: []residency.Evidence{ev("app.yml", 20)}},
	}, residency.Default())
	if len(got) != 4 {
		t.Fatalf("got %d components, want one per name and version: %+v", len(got), got)
	}
	// Who runs the weights: the team (Ollama), a cloud (Bedrock), or a
	// provider the catalogue does not know, taken for a service.
	for i, want := range []bool{false, true, true, true} {
		if got[i].Model.AsService != want {
			t.Errorf("%s served by %q: AsService = %v, want %v", got[i].Name, got[i].Model.Provider+got[i].Model.ProviderName, got[i].Model.AsService, want)
		}
	}
	l := got[0]
	if l.Key() != "model:llama3.1:8b@" || l.Ecosystem != Model || l.Role != RoleModel {
		t.Errorf("llama component = %s %s %s, want model:llama3.1:8b@ of ecosystem and role model", l.Key(), l.Ecosystem, l.Role)
	}
	if l.Model.Provider != "ollama" || l.Model.ProviderName != "Ollama" || len(l.Model.Endpoints) != 1 || len(l.Locations) != 2 {
		t.Errorf("llama model = %+v at %v, want Ollama's one endpoint and both places", l.Model, l.Locations)
	}
	if g := got[1]; g.Key() != "model:gpt-4o@2024-08-06" || g.Model.Provider != "azure-openai" || g.Model.Endpoints != nil {
		t.Errorf("gpt-4o component = %s %+v", g.Key(), g.Model)
	}
}

// TestEndpointKeyID keeps a model's endpoints named as the residency
// section names them, whatever fields the endpoint sets.
func TestEndpointKeyID(t *testing.T) {
	for _, e := range []residency.Endpoint{
		{Provider: "bedrock", Host: "bedrock-runtime.eu-central-1.amazonaws.com", Region: "eu-central-1", Model: "eu.anthropic.claude"},
		{Provider: "openai", Credential: "openAiApi"},
		{Provider: "azure-openai", Host: "acme.openai.azure.com", SKU: "DataZoneStandard"},
	} {
		if got, want := endpointKeyID(e.Key()), endpointID(e); got != want {
			t.Errorf("endpointKeyID(%q) = %q, want %q", e.Key(), got, want)
		}
	}
}

// TestJudgeModels judges the three kinds of model: an open-weight one
// by its licence like any component, a hosted one as "service terms —
// confirm" deciding nothing with one attestation for its provider, and
// one the catalogue does not know as unknown.
func TestJudgeModels(t *testing.T) {
	base := kbtest.Base(t, `licenses:
  - id: LicenseRef-Llama-3.1-Community
    name: Llama 3.1 Community License
    category: commercial
    source: https://www.llama.com/llama3_1/license/
    checked: 2026-12-03
    uses:
      internal: {verdict: allowed, clause: "a non-exclusive, worldwide … royalty-free limited license"}
      saas: {verdict: allowed, clause: "a non-exclusive, worldwide … royalty-free limited license"}
      distribute: {verdict: conditional, obligation: "Display “Built with Llama”.", clause: "prominently display “Built with Llama”"}
`)
	ollama := residency.Endpoint{Provider: "ollama", Host: "ollama:11434"}
	openai := residency.Endpoint{Provider: "openai", Host: "api.openai.com"}
	llama := &kb.ModelEntry{ID: "llama-3.1", Name: "Llama 3.1", Vendor: "Meta", Kind: kb.OpenWeight, License: "LicenseRef-Llama-3.1-Community",
		Modalities: []string{"text"}, Card: &kb.ModelCard{Task: "text-generation", ArchitectureFamily: "transformer", Parameters: "8B, 70B, 405B"},
		Source: "https://www.llama.com/llama3_1/license/", Checked: "2026-12-03"}
	gpt := &kb.ModelEntry{ID: "openai-gpt", Name: "OpenAI GPT", Vendor: "OpenAI", Kind: kb.Hosted, Terms: "https://openai.com/policies/services-agreement/",
		Modalities: []string{"text"}, Source: "https://openai.com/policies/services-agreement/", Checked: "2026-12-03"}
	model := func(name, expr string, m *license.ModelInfo) license.Component {
		c := license.Component{Ecosystem: Model, Role: RoleModel, Name: name, Model: m,
			Locations: []project.Position{{File: "docker-compose.yml", Line: 4}}, License: license.Resolution{Method: MethodNone}}
		if expr != "" {
			c.License = license.Resolution{Expression: expr, Method: MethodCatalogue}
		}
		return c
	}
	inv := &license.Inventory{Components: []license.Component{
		model("llama3.1:8b", "LicenseRef-Llama-3.1-Community", &license.ModelInfo{Provider: "ollama", ProviderName: "Ollama", Endpoints: []string{ollama.Key()}, Entry: llama}),
		model("gpt-4o-mini", "", &license.ModelInfo{Provider: "openai", ProviderName: "OpenAI", Endpoints: []string{openai.Key()}, Entry: gpt}),
		model("gpt-4o", "", &license.ModelInfo{Provider: "openai", ProviderName: "OpenAI", Entry: gpt}),
		model("acme-7b", "", &license.ModelInfo{}),
		model("claude-3-haiku", "", &license.ModelInfo{Entry: &kb.ModelEntry{ID: "claude", Vendor: "Anthropic", Kind: kb.Hosted}}),
	}}
	cfg := withDefaults(Config{Policy: Policy{Uses: []Use{Internal, Distribute}}, Knowledge: Knowledge{KB: base}})
	r := &Report{}
	judgeLicences(r, cfg, inv)
	byName := map[string]*Component{}
	for i := range r.Inventory.Components {
		byName[r.Inventory.Components[i].Name] = &r.Inventory.Components[i]
	}

	l := byName["llama3.1:8b"]
	if f := l.Model; f == nil || f.Kind != ModelOpenWeight || f.Family != "llama-3.1" || f.Task != "text-generation" ||
		len(f.Endpoints) != 1 || f.Endpoints[0] != "ollama/ollama:11434" {
		t.Errorf("llama facts = %+v, want open-weight llama-3.1 served by ollama/ollama:11434", f)
	}
	if a := l.Uses[Distribute]; a.Verdict != Conditional || !strings.Contains(a.Obligation, "Built with Llama") {
		t.Errorf("llama distribute = %+v, want conditional on its licence", a)
	}
	for _, name := range []string{"gpt-4o-mini", "gpt-4o"} {
		c := byName[name]
		for _, u := range cfg.Policy.Uses {
			if a := c.Uses[u]; a.Verdict != Unknown || a.Decides || !strings.HasPrefix(a.Reason, "service terms — confirm") {
				t.Errorf("%s %s = %+v, want unknown, service terms — confirm, deciding nothing", name, u, a)
			}
		}
		if c.Model.Kind != ModelHosted || c.Model.Terms == "" {
			t.Errorf("%s facts = %+v, want hosted with its terms", name, c.Model)
		}
	}
	if a := byName["acme-7b"].Uses[Internal]; a.Verdict != Unknown || !a.Decides || a.Reason != unknownModelReason || byName["acme-7b"].Model.Kind != ModelUnknown {
		t.Errorf("acme-7b internal = %+v (%+v), want unknown to the catalogue, deciding", a, byName["acme-7b"].Model)
	}
	for _, f := range r.Findings {
		if strings.Contains(f.Subject, "gpt-4o") {
			t.Errorf("a hosted model raised a licence finding: %s %s", f.Rule, f.Subject)
		}
	}
	var terms []Attestation
	for _, a := range r.Attestations {
		if a.Area == AreaLicense && strings.Contains(a.Text, "service terms") {
			terms = append(terms, a)
		}
	}
	if len(terms) != 2 || terms[1].Subject != "OpenAI" || !strings.Contains(terms[1].Text, "models used through OpenAI ("+gpt.Terms+")") ||
		!strings.Contains(terms[1].Text, "gpt-4o-mini, gpt-4o") || !strings.Contains(terms[1].Text, "internal and distribute") {
		t.Errorf("service-terms attestations = %+v, want one for OpenAI naming its terms, both models and the uses", terms)
	}
	if len(terms) == 2 && (terms[0].Subject != "Anthropic" || !strings.HasPrefix(terms[0].Text, "The service terms of Anthropic allow")) {
		t.Errorf("a hosted model named without a provider: %+v, want its vendor's attestation", terms[0])
	}

	// Without a hosted model there is nothing to attest.
	inv.Components = inv.Components[:1]
	r = &Report{}
	judgeLicences(r, cfg, inv)
	if len(r.Attestations) != 0 {
		t.Errorf("attestations without a hosted model: %+v", r.Attestations)
	}
}

// TestModelsInTheInventory scans samples: every model residency names is
// a component whose endpoints are the residency section's, and a hosted
// one decides no verdict; a project that names no model has none. The
// counts are the models each sample names today (at least: residency
// may learn more).
func TestModelsInTheInventory(t *testing.T) {
	for name, want := range map[string]int{"n8n-agent": 1, "flowise-chatbot": 2, "agent-infra": 10, "mixed-licences": 0} {
		t.Run(name, func(t *testing.T) {
			r := analyze(t, name, Config{})
			ids := map[string]bool{}
			if r.Residency != nil {
				for _, e := range r.Residency.Endpoints {
					ids[e.ID] = true
				}
			}
			n := 0
			for _, c := range r.Inventory.Components {
				if c.Model == nil {
					continue
				}
				n++
				if c.Ecosystem != Model || c.Role != RoleModel {
					t.Errorf("%s: ecosystem %s, role %s", c.ID, c.Ecosystem, c.Role)
				}
				for _, e := range c.Model.Endpoints {
					if !ids[e] {
						t.Errorf("%s is served by %q, which the residency section does not name", c.ID, e)
					}
				}
				if c.Model.Kind == ModelHosted && c.Decides() {
					t.Errorf("hosted %s decides a verdict", c.ID)
				}
			}
			if n < want || (want == 0 && n > 0) {
				t.Errorf("%d models, want %d", n, want)
			}
		})
	}
}

// A component only a lockfile names, with no licence, points to --online
// and the registry that would say; asked online already, installed in the
// tree, or of an ecosystem --online does not read, the finding says what
// it always did.
func TestUnidentifiedOffline(t *testing.T) {
	base := judgeBase(t)
	lock := []Position{{File: "uv.lock", Line: 12}}
	finding := func(eco Ecosystem, at []Position, online bool) Finding {
		c := &Component{Ecosystem: eco, Name: "fastapi", Version: "0.115.0", Locations: at}
		g := &group{key: "pypi:fastapi@0.115.0", name: c.Name, version: c.Version, members: []*Component{c},
			assessment: Assessment{Verdict: Unknown}}
		return licenceFinding(base, g, Unknown, []Use{SaaS}, nil, online)
	}
	if f := finding(PyPI, lock, false); f.Rule != "license/unidentified" || !strings.Contains(f.Remediation, "--online") || !strings.Contains(f.Remediation, "PyPI") {
		t.Errorf("lockfile only, offline: %s %q", f.Rule, f.Remediation)
	}
	for name, f := range map[string]Finding{
		"online":    finding(PyPI, lock, true),
		"installed": finding(PyPI, []Position{{File: ".venv/lib/python3.12/site-packages/fastapi-0.115.0.dist-info/METADATA", Line: 1}}, false),
		"image":     finding(Container, []Position{{File: "Dockerfile", Line: 1}}, false),
	} {
		if strings.Contains(f.Remediation, "--online") {
			t.Errorf("%s: %q names --online", name, f.Remediation)
		}
	}
}
