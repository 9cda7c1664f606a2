package compliance

import (
	"strings"
	"testing"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/residency"
)

func TestJudgeResidency(t *testing.T) {
	cat := residency.Default()
	ev := residency.Evidence{Position: project.Position{File: ".env", Line: 3}, Excerpt: "X=…"}
	ep := func(provider, host, processing, storage, jurisdiction string) residency.Endpoint {
		return residency.Endpoint{Provider: provider, ProviderName: provider, Kind: "llm", Host: host,
			Facts:    residency.Facts{Processing: processing, Storage: storage, Jurisdiction: jurisdiction, Source: "test", Checked: "2026-11-24"},
			Evidence: []residency.Evidence{ev}}
	}
	res := &residency.Result{
		Endpoints: []residency.Endpoint{
			ep("deepseek", "api.deepseek.com", "CN", "CN", "CN"),
			ep("openai", "api.openai.com", "global", "unknown", "US"),
			ep("openai", "eu.api.openai.com", "EEA+CH", "EEA+CH", "US"),
			ep("openai", "us.api.openai.com", "US", "US", "US"),
			ep("ollama", "localhost", "local", "local", "operator"),
			ep("azure-openai", "x.openai.azure.com", "global", "SE (swedencentral)", "US"),
			ep("mistral", "api.eu.mistral.ai", "EEA", "EEA", "FR"),
			ep("unlisted", "llm.example", "unknown", "unknown", "unknown"),
			ep("anthropic", "api.anthropic.com", "JP", "JP", "US"),
			ep("cohere", "api.cohere.com", "CA", "CA", "CA"),
			ep("moonshot", "api.moonshot.ai", "global", "unknown", "CN"),
		},
		Regions: []residency.RegionValue{
			{Platform: "aws", Value: "eu-central-1", Key: "AWS_REGION", Evidence: ev},
			{Platform: "aws", Value: "us-east-1", Key: "region", Evidence: residency.Evidence{Position: project.Position{File: "main.tf", Line: 2}}},
			{Platform: "aws", Service: "bedrock", Value: "eu-west-1", Key: "region_name", Evidence: ev},
			// Tests and examples name regions to exercise code: no part of a conflict.
			{Platform: "aws", Value: "ap-south-1", Key: "region", Evidence: residency.Evidence{Position: project.Position{File: "tests/test_client.py", Line: 9}}},
			{Platform: "aws", Service: "bedrock", Value: "us-west-2", Key: "region_name", Evidence: residency.Evidence{Position: project.Position{File: "examples/agent/main.tf", Line: 4}}},
		},
	}
	want := map[string]struct {
		g     Guarantee
		sevEU Severity // "" = no finding
	}{
		"api.deepseek.com":   {NoAdequacy, Critical},
		"api.openai.com":     {GlobalUnspecified, High},
		"eu.api.openai.com":  {EUProcessing, ""},
		"us.api.openai.com":  {USDataPrivacy, Medium},
		"localhost":          {SelfHosted, ""},
		"x.openai.azure.com": {EUStorageOnly, Medium},
		"api.eu.mistral.ai":  {EUProcessing, ""},
		"llm.example":        {UnknownGuarantee, High},
		"api.anthropic.com":  {AdequateCountry, Low},
		"api.cohere.com":     {PartialAdequacy, Medium},
		"api.moonshot.ai":    {GlobalUnspecified, High},
	}
	for _, market := range []Market{EU, Global} {
		r := &Report{}
		judgeResidency(r, Policy{Market: market}, res, cat)
		if r.Residency.Verdict != NoAdequacy || len(r.Residency.Deciding) != 1 {
			t.Errorf("%s: verdict %s decided by %v, want no-adequacy decided by DeepSeek", market, r.Residency.Verdict, r.Residency.Deciding)
		}
		sev := map[string]Severity{}
		for _, f := range r.Findings {
			if f.Area == AreaResidency && f.Rule != "residency/region-conflict" {
				for _, e := range r.Residency.Endpoints {
					if e.ID == f.Subject {
						sev[e.Host] = f.Severity
					}
				}
			}
		}
		for _, e := range r.Residency.Endpoints {
			w := want[e.Host]
			if e.Guarantee != w.g {
				t.Errorf("%s: guarantee %s, want %s", e.Host, e.Guarantee, w.g)
			}
			if e.TransferBasis == "" {
				t.Errorf("%s: no transfer basis", e.Host)
			}
			switch {
			case market == EU && sev[e.Host] != w.sevEU:
				t.Errorf("eu market, %s: severity %q, want %q", e.Host, sev[e.Host], w.sevEU)
			case market == Global && e.Guarantee == NoAdequacy && sev[e.Host] != Medium:
				t.Errorf("global market, %s: severity %q, want medium", e.Host, sev[e.Host])
			case market == Global && e.Guarantee == GlobalUnspecified && sev[e.Host] != "":
				t.Errorf("global market, %s: a finding for a global endpoint", e.Host)
			}
		}
		conflicts := 0
		for _, f := range r.Findings {
			if f.Rule == "residency/region-conflict" {
				conflicts++
				if f.Subject != "aws/" || len(f.Evidence) != 2 {
					t.Errorf("conflict %s with %d evidence, want aws/ with both settings", f.Subject, len(f.Evidence))
				}
			}
		}
		if conflicts != 1 {
			t.Errorf("%d region conflicts, want 1 (bedrock's own region is a different setting)", conflicts)
		}
		dpa := 0
		for _, a := range r.Attestations {
			if a.Subject == "openai" && a.Text == "A data processing agreement (GDPR Art. 28) with openai covers this use." {
				dpa++
			}
		}
		if dpa != 1 {
			t.Errorf("%d DPA attestations for OpenAI, want one per provider", dpa)
		}
	}
}

// Canada's adequacy decision covers commercial organisations subject to
// PIPEDA only: its own guarantee and wording, with the provider's
// jurisdiction beside it — not the US's DPF.
func TestPartialAdequacy(t *testing.T) {
	cat := residency.Default()
	e := residency.Endpoint{Provider: "cohere", ProviderName: "Cohere", Kind: "llm", Host: "api.cohere.com",
		Facts: residency.Facts{Processing: "CA", Storage: "CA", Jurisdiction: "CA", Source: "test", Checked: "2026-11-24"}}
	ep := endpoint(e, cat)
	if ep.Guarantee != PartialAdequacy {
		t.Fatalf("guarantee %s, want partial-adequacy", ep.Guarantee)
	}
	for _, want := range []string{"Canada", "PIPEDA", "lawful if Cohere is within that scope", "Cohere is a CA company"} {
		if !strings.Contains(ep.TransferBasis, want) {
			t.Errorf("transfer basis %q lacks %q", ep.TransferBasis, want)
		}
	}
	if strings.Contains(ep.TransferBasis, "Data Privacy Framework") {
		t.Errorf("Canada's basis names the EU-US DPF: %q", ep.TransferBasis)
	}
	us := endpoint(residency.Endpoint{Provider: "openai", Host: "us.api.openai.com",
		Facts: residency.Facts{Processing: "US", Storage: "US", Jurisdiction: "US"}}, cat)
	if us.Guarantee != USDataPrivacy {
		t.Errorf("the US: %s, want us-dpf", us.Guarantee)
	}
}

// A US market is judged by US law: data in, or a provider of, a country of
// concern of 28 CFR Part 202 is high; the GDPR's transfer rules say nothing.
func TestUSMarket(t *testing.T) {
	cat := residency.Default()
	ep := func(provider, host, processing, jurisdiction string) residency.Endpoint {
		return residency.Endpoint{Provider: provider, ProviderName: provider, Kind: "llm", Host: host,
			Facts: residency.Facts{Processing: processing, Storage: processing, Jurisdiction: jurisdiction}}
	}
	res := &residency.Result{Endpoints: []residency.Endpoint{
		ep("deepseek", "api.deepseek.com", "CN", "CN"),
		ep("moonshot", "api.moonshot.ai", "global", "CN"),
		ep("openai", "api.openai.com", "global", "US"),
		ep("openai", "eu.api.openai.com", "EEA+CH", "US"),
		ep("mistral", "api.mistral.ai", "EEA", "FR"),
	}}
	r := &Report{}
	judgeResidency(r, Policy{Market: US}, res, cat)
	got := map[string]string{}
	for _, f := range r.Findings {
		got[f.Subject] = f.Rule + " " + string(f.Severity)
		if f.Rule != "residency/country-of-concern" {
			t.Errorf("US market: %s %s (only US law applies)", f.Rule, f.Subject)
		}
	}
	want := map[string]string{
		"deepseek/api.deepseek.com": "residency/country-of-concern high",
		"moonshot/api.moonshot.ai":  "residency/country-of-concern high",
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: %q, want %q", k, got[k], w)
		}
	}
	for _, f := range r.Findings {
		if f.Subject == "moonshot/api.moonshot.ai" && !strings.Contains(f.Title, "moonshot is a company of CN") {
			t.Errorf("covered person title: %q", f.Title)
		}
	}
	if c := r.Residency.Concern; c == nil || c.Verdict != OfConcern || strings.Join(c.Deciding, " ") != "deepseek/api.deepseek.com moonshot/api.moonshot.ai" {
		t.Errorf("US verdict %+v, want country-of-concern decided by DeepSeek and Moonshot", c)
	}
	// Without them, the verdict is none; another market has none at all.
	r = &Report{}
	judgeResidency(r, Policy{Market: US}, &residency.Result{Endpoints: res.Endpoints[2:]}, cat)
	if c := r.Residency.Concern; c == nil || c.Verdict != NoConcern || len(c.Deciding) != 0 {
		t.Errorf("US verdict without a country of concern: %+v", c)
	}
	r = &Report{}
	judgeResidency(r, Policy{Market: EU}, res, cat)
	if r.Residency.Concern != nil {
		t.Errorf("an EU report carries the US verdict: %+v", r.Residency.Concern)
	}
}

// An endpoint only tests or examples name is listed and marked, but it
// decides no verdict and raises no attestation; its finding is kept apart.
// One place in deployed code makes it the project's again.
func TestSampleEndpoints(t *testing.T) {
	cat := residency.Default()
	ep := func(host string, files ...string) residency.Endpoint {
		e := residency.Endpoint{Provider: "deepseek", ProviderName: "DeepSeek", Kind: "llm", Host: host,
			Facts: residency.Facts{Processing: "CN", Storage: "CN", Jurisdiction: "CN", Source: "test", Checked: "2026-12-03"}}
		for _, f := range files {
			e.Evidence = append(e.Evidence, residency.Evidence{Position: project.Position{File: f, Line: 4}})
		}
		return e
	}
	r := &Report{}
	judgeResidency(r, Policy{Market: EU}, &residency.Result{Endpoints: []residency.Endpoint{
		ep("api.deepseek.com", "tests/test_client.py", "examples/chat.py")}}, cat)
	sec := r.Residency
	if len(sec.Endpoints) != 1 || !sec.Endpoints[0].Sample {
		t.Fatalf("endpoints %+v, want one marked sample", sec.Endpoints)
	}
	if sec.Verdict != NoEndpoints || len(sec.Deciding) != 0 || !strings.Contains(sec.Reason, "1 named only in tests, fixtures, examples or CI") {
		t.Errorf("verdict %s decided by %v (%q), want no-endpoints naming the sample", sec.Verdict, sec.Deciding, sec.Reason)
	}
	if len(r.Attestations) != 0 {
		t.Errorf("attestations %v for a sample endpoint", r.Attestations)
	}
	if len(r.Findings) != 1 || r.Findings[0].Severity != Low {
		t.Errorf("findings %+v, want one low", r.Findings)
	}

	// A US market: the country-of-concern finding is kept apart at low and
	// decides no concern verdict; nor does an unknown endpoint in a test.
	unknown := ep("llm.example", "tests/test_x.py")
	unknown.Provider, unknown.Facts = "unlisted", residency.Facts{Processing: "unknown", Storage: "unknown", Jurisdiction: "unknown"}
	r = &Report{}
	judgeResidency(r, Policy{Market: US}, &residency.Result{Endpoints: []residency.Endpoint{
		ep("api.deepseek.com", "tests/test_client.py"), unknown}}, cat)
	if c := r.Residency.Concern; c == nil || c.Verdict == OfConcern || c.Verdict == ConcernUnknown || len(c.Deciding) != 0 {
		t.Errorf("US concern verdict %+v, want one no sample decides", c)
	}
	var concernFinding bool
	for _, f := range r.Findings {
		if f.Rule == "residency/country-of-concern" {
			concernFinding = true
			if f.Severity != Low {
				t.Errorf("country-of-concern in a test: %s, want low", f.Severity)
			}
		}
	}
	if !concernFinding {
		t.Errorf("no country-of-concern finding for a test's DeepSeek endpoint: %+v", r.Findings)
	}

	r = &Report{}
	judgeResidency(r, Policy{Market: EU}, &residency.Result{Endpoints: []residency.Endpoint{
		ep("api.deepseek.com", "tests/test_client.py", "agent/app.py")}}, cat)
	if sec := r.Residency; sec.Endpoints[0].Sample || sec.Verdict != NoAdequacy || len(r.Attestations) == 0 ||
		len(r.Findings) != 1 || r.Findings[0].Severity != Critical {
		t.Errorf("deployed and tested: sample %v, verdict %s, %d attestations, findings %+v; want the project's, no-adequacy, critical",
			sec.Endpoints[0].Sample, sec.Verdict, len(r.Attestations), r.Findings)
	}
	// The deployed place is named first (perplexity's MCP server names its
	// API in src/index.test.ts before src/server.ts): SARIF's location and
	// a pull request's annotation point at the line to change.
	for _, es := range [][]Evidence{r.Residency.Endpoints[0].Evidence, r.Findings[0].Evidence} {
		if len(es) != 2 || es[0].File != "agent/app.py" || es[1].File != "tests/test_client.py" {
			t.Errorf("evidence %+v, want agent/app.py before tests/test_client.py", es)
		}
	}

	// A CI pipeline's test job (supabase-mcp's tests.yml names
	// ANTHROPIC_API_KEY) is the pipeline's: kept apart with its own note.
	// The same endpoint in the deployed code as well is the project's.
	r = &Report{}
	judgeResidency(r, Policy{Market: EU}, &residency.Result{Endpoints: []residency.Endpoint{
		ep("api.deepseek.com", ".github/workflows/tests.yml", "tests/test_client.py")}}, cat)
	if sec := r.Residency; !sec.Endpoints[0].Sample || sec.Verdict != NoEndpoints || len(r.Attestations) != 0 ||
		len(r.Findings) != 1 || r.Findings[0].Severity != Low || !strings.Contains(r.Findings[0].Detail, "CI pipelines") {
		t.Errorf("CI only: sample %v, verdict %s, %d attestations, findings %+v; want a sample, no-endpoints, one low with the CI note",
			sec.Endpoints[0].Sample, sec.Verdict, len(r.Attestations), r.Findings)
	}
	r = &Report{}
	judgeResidency(r, Policy{Market: EU}, &residency.Result{Endpoints: []residency.Endpoint{
		ep("api.deepseek.com", ".github/workflows/tests.yml", "agent/app.py")}}, cat)
	if sec := r.Residency; sec.Endpoints[0].Sample || sec.Verdict != NoAdequacy || r.Findings[0].Severity != Critical {
		t.Errorf("CI and deployed: sample %v, verdict %s, findings %+v; want the project's, no-adequacy, critical",
			sec.Endpoints[0].Sample, sec.Verdict, r.Findings)
	}
}
