package compliance

import (
	"context"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/mcp-comply/mcp-comply/aiuse"
	"github.com/mcp-comply/mcp-comply/internal/project"
)

// Every duty has dates with a basis, a source and a checked date; the
// duties with two dates say which is not settled; every use-case category
// aiuse states has its Annex III point.
func TestAIActTable(t *testing.T) {
	tab, err := loadAIAct(aiActYAML)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"art-50-1", "art-50-2", "art-50-4", "annex-iii", "gpai"} {
		d := tab.duty(id, "x", nil)
		if len(d.Applies) > 1 && !slices.ContainsFunc(d.Applies, func(a AIActDate) bool { return strings.Contains(a.Basis, "not verified") }) {
			t.Errorf("%s has two dates and none says it is not verified", id)
		}
	}
	if d := tab.duty("annex-iii", "x", nil); len(d.Applies) != 2 || d.Applies[0].Date != "2026-08-02" || d.Applies[1].Date != "2027-12-02" {
		t.Errorf("annex-iii dates %+v: want 2 Aug 2026 as adopted and 2 Dec 2027 under the Digital Omnibus", d.Applies)
	}
	for _, c := range aiuse.Categories() {
		if p := tab.AnnexIII[c]; p.Point == "" || p.Title == "" {
			t.Errorf("use-case category %s has no Annex III point in aiact.yaml", c)
		}
	}
	if len(tab.AnnexIII) != len(aiuse.Categories()) {
		t.Errorf("aiact.yaml names %d Annex III categories, aiuse states %d", len(tab.AnnexIII), len(aiuse.Categories()))
	}
}

func aiFacts() *aiuse.Result {
	ev := func(file string, line int) []aiuse.Evidence {
		return []aiuse.Evidence{{Position: project.Position{File: file, Line: line}, Excerpt: "…"}}
	}
	return &aiuse.Result{
		Surfaces:    []aiuse.Surface{{Kind: aiuse.N8nChatTrigger, Name: "Website chat", Backing: "the agent node AI Agent", Evidence: ev("flows/chat.json", 3)}},
		Generations: []aiuse.Generation{{Modality: "image", Call: "client.images.generate", Evidence: ev("gen.py", 4)}},
		UseCases: []aiuse.UseCase{
			{Category: "recruitment", Phrase: "CV screening", Where: "workflow name", Evidence: ev("flows/cv.json", 1)},
			{Category: "recruitment", Phrase: "screen the CVs", Where: "prompt", Evidence: ev("flows/cv.json", 9)},
		},
	}
}

// The signals become the duties of the section: an attestation per chat
// surface and per GPAI provider, a finding per generation (named by both
// Art. 50(2) and 50(4)) and per Annex III category, more serious under
// the EU market, which makes the section part of the verdict.
func TestJudgeAIAct(t *testing.T) {
	for _, c := range []struct {
		market           Market
		synthetic, annex Severity
		inVerdict        bool
	}{{Global, Low, Medium, false}, {EU, Medium, High, true}} {
		r := &Report{Residency: &Residency{Endpoints: []Endpoint{
			{ID: "openai/api.openai.com", Provider: "openai", ProviderName: "OpenAI", Kind: "llm", Guarantee: GlobalUnspecified},
			{ID: "openai/eu.api.openai.com", Provider: "openai", ProviderName: "OpenAI", Kind: "llm", Guarantee: EUProcessing},
			{ID: "ollama/localhost", Provider: "ollama", Kind: "llm", Guarantee: SelfHosted},
			{ID: "qdrant/x", Provider: "qdrant", Kind: "vector-store", Guarantee: EUProcessing},
		}}}
		r.Inventory.Components = []Component{
			{ID: "model:flux.1-dev@", Name: "flux.1-dev", Locations: []Position{{File: "gen.py", Line: 9}},
				Model: &ModelFacts{Kind: "open-weight", Vendor: "Black Forest Labs", Modalities: []string{"image"}}},
			{ID: "model:gpt-4o@", Name: "gpt-4o", Model: &ModelFacts{Kind: "hosted", Provider: "openai", Modalities: []string{"text"}}},
		}
		judgeAIAct(r, Policy{Market: c.market}, aiFacts())
		sec := r.AIAct
		if sec == nil || sec.InVerdict != c.inVerdict {
			t.Fatalf("%s: section %+v", c.market, sec)
		}
		var ids []string
		for _, d := range sec.Duties {
			ids = append(ids, d.ID+" "+d.Subject)
			if len(d.Applies) == 0 || len(d.Evidence) == 0 && d.ID != "gpai" {
				t.Errorf("%s: duty %s has no date or no evidence", c.market, d.ID)
			}
			if (d.Finding == "") == (d.Attestation == "") {
				t.Errorf("%s: duty %s must raise a finding or an attestation, exactly one", c.market, d.ID)
			}
		}
		want := []string{
			"art-50-1 the chat trigger of the n8n workflow Website chat (answered by the agent node AI Agent)",
			"art-50-2 image generation: client.images.generate",
			"art-50-4 image generation: client.images.generate",
			"art-50-2 image generation: the model flux.1-dev",
			"art-50-4 image generation: the model flux.1-dev",
			"gpai OpenAI",
			"gpai Black Forest Labs",
			"annex-iii recruitment or selection: screening applications, evaluating candidates",
		}
		if !slices.Equal(ids, want) {
			t.Errorf("%s: duties\n%s\nwant\n%s", c.market, strings.Join(ids, "\n"), strings.Join(want, "\n"))
		}
		sev := map[string]Severity{}
		for _, f := range r.Findings {
			sev[f.Rule] = max(sev[f.Rule], f.Severity)
			if f.Rule == "ai-act/annex-iii" {
				for _, s := range []string{"Annex III point 4(a)", "2 Aug 2026", "2 Dec 2027", "not verified", `"CV screening" (workflow name)`} {
					if !strings.Contains(f.Title+f.Detail, s) {
						t.Errorf("annex-iii finding does not say %q:\n%s\n%s", s, f.Title, f.Detail)
					}
				}
			}
		}
		if sev["ai-act/synthetic-content"] != c.synthetic || sev["ai-act/annex-iii"] != c.annex {
			t.Errorf("%s: severities %v", c.market, sev)
		}
		if n := len(r.Attestations); n != 3 {
			t.Errorf("%s: %d attestations, want the chat surface's and two providers'", c.market, n)
		}
	}
}

// A project without AI has no section, and an Annex III phrase in it is
// no AI system's.
func TestNoAIUseNoSection(t *testing.T) {
	r := &Report{}
	judgeAIAct(r, Policy{Market: EU}, &aiuse.Result{UseCases: aiFacts().UseCases})
	if r.AIAct != nil || len(r.Findings) != 0 {
		t.Errorf("section %+v, findings %v", r.AIAct, r.Findings)
	}
}

// A model the project runs itself is AI use: its Annex III phrases count,
// and it raises no GPAI attestation (the server is no model provider).
func TestSelfHostedModelIsAIUse(t *testing.T) {
	r := &Report{Residency: &Residency{Endpoints: []Endpoint{{ID: "ollama/localhost", Provider: "ollama", Kind: "llm", Guarantee: SelfHosted}}}}
	judgeAIAct(r, Policy{}, &aiuse.Result{UseCases: aiFacts().UseCases})
	if r.AIAct == nil || len(r.AIAct.Duties) != 1 || r.AIAct.Duties[0].ID != "annex-iii" || len(r.Attestations) != 0 {
		t.Errorf("section %+v, attestations %v", r.AIAct, r.Attestations)
	}
}

// Providers that only tests and examples name raise no GPAI duty, and an
// LLM endpoint only a test calls is no AI use of the deployment.
func TestSampleProvidersRaiseNoDuty(t *testing.T) {
	inTest := []Evidence{{Position: Position{File: "tests/test_chat.py", Line: 4}}}
	r := &Report{Residency: &Residency{Endpoints: []Endpoint{
		{ID: "openai/api.openai.com", Provider: "openai", ProviderName: "OpenAI", Kind: "llm", Guarantee: GlobalUnspecified, Evidence: inTest, Sample: true}}}}
	r.Inventory.Components = []Component{{ID: "model:llama3.1@", Name: "llama3.1", Locations: []Position{{File: "examples/local.py", Line: 2}},
		Model: &ModelFacts{Kind: "open-weight", Vendor: "Meta"}}}
	judgeAIAct(r, Policy{Market: EU}, &aiuse.Result{UseCases: aiFacts().UseCases})
	if r.AIAct != nil || len(r.Attestations) != 0 {
		t.Errorf("section %+v, attestations %v; want none", r.AIAct, r.Attestations)
	}
	// Chat surfaces, generation calls and use-case words only examples show.
	inExamples := func(file string) []aiuse.Evidence {
		return []aiuse.Evidence{{Position: project.Position{File: "examples/" + file, Line: 2}}}
	}
	r = &Report{}
	judgeAIAct(r, Policy{Market: EU}, &aiuse.Result{
		Surfaces:    []aiuse.Surface{{Kind: aiuse.WebChatEndpoint, Name: "/chat", Backing: "OpenAI", Evidence: inExamples("chat.ts")}},
		Generations: []aiuse.Generation{{Modality: "image", Call: "client.images.generate", Evidence: inExamples("gen.py")}},
		UseCases:    []aiuse.UseCase{{Category: "recruitment", Phrase: "CV screening", Where: "prompt", Evidence: inExamples("cv.py")}},
	})
	if r.AIAct != nil || len(r.Findings) != 0 || len(r.Attestations) != 0 {
		t.Errorf("examples only: section %+v, findings %v, attestations %v; want none", r.AIAct, r.Findings, r.Attestations)
	}

	r = &Report{}
	r.Inventory.Components = []Component{{ID: "model:llama3.1@", Name: "llama3.1", Model: &ModelFacts{Kind: "open-weight", Vendor: "Meta"},
		Locations: []Position{{File: "examples/local.py", Line: 2}, {File: "agent/app.py", Line: 7}}}}
	judgeAIAct(r, Policy{Market: EU}, &aiuse.Result{})
	if r.AIAct == nil || len(r.AIAct.Duties) != 1 || r.AIAct.Duties[0].Subject != "Meta" {
		t.Errorf("a model the deployed code names: section %+v, want Meta's GPAI duty", r.AIAct)
	}
}

// Analyze wires the scanner: a chat trigger in a workflow is in the
// report's section.
func TestAnalyzeAIAct(t *testing.T) {
	fsys := fstest.MapFS{"workflows/chat.json": {Data: []byte(`{"name": "Support chat", "nodes": [
 {"name": "Chat", "type": "@n8n/n8n-nodes-langchain.chatTrigger", "parameters": {}},
 {"name": "Agent", "type": "@n8n/n8n-nodes-langchain.agent", "parameters": {}}],
 "connections": {"Chat": {"main": [[{"node": "Agent"}]]}}}`)}}
	r, err := Analyze(context.Background(), fsys, Config{})
	if err != nil {
		t.Fatal(err)
	}
	if r.AIAct == nil || len(r.AIAct.Duties) != 1 || r.AIAct.Duties[0].ID != "art-50-1" {
		t.Fatalf("section %+v", r.AIAct)
	}
	if !slices.ContainsFunc(r.Attestations, func(a Attestation) bool { return a.Area == AreaAIAct }) {
		t.Error("no AI Act attestation")
	}
}
