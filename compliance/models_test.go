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
	})
	if len(got) != 2 {
		t.Fatalf("got %d components, want one per name and version: %+v", len(got), got)
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
	if len(terms) != 1 || terms[0].Subject != "OpenAI" || !strings.Contains(terms[0].Text, gpt.Terms) ||
		!strings.Contains(terms[0].Text, "gpt-4o-mini, gpt-4o") || !strings.Contains(terms[0].Text, "internal and distribute") {
		t.Errorf("service-terms attestations = %+v, want one for OpenAI naming its terms, both models and the uses", terms)
	}

	// Without a hosted model there is nothing to attest.
	inv.Components = inv.Components[:1]
	r = &Report{}
	judgeLicences(r, cfg, inv)
	if len(r.Attestations) != 0 {
		t.Errorf("attestations without a hosted model: %+v", r.Attestations)
	}
}
