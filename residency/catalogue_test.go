package residency

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mcp-comply/mcp-comply/internal/schemacheck"
)

func TestDataMatchesSchema(t *testing.T) {
	sch := schemacheck.File(t, "schema.json", "residency.schema.json")
	files := dataFiles()
	if len(files) < 3 {
		t.Fatalf("embedded data files = %v, want providers, regions and legal", files)
	}
	schemacheck.CheckFiles(t, sch, data, files)
}

// TestSchemaRejects makes sure the schema is not a rubber stamp.
func TestSchemaRejects(t *testing.T) {
	sch := schemacheck.File(t, "schema.json", "residency.schema.json")
	for name, doc := range map[string]string{
		"no source":              "providers:\n  - {id: x, name: X, kind: llm, jurisdiction: US, processing: global, storage: unknown, checked: 2026-11-24}\n",
		"bad geography":          "providers:\n  - {id: x, name: X, kind: llm, jurisdiction: US, processing: europe, storage: unknown, source: https://x.example, checked: 2026-11-24}\n",
		"bad kind":               "providers:\n  - {id: x, name: X, kind: chat, jurisdiction: US, processing: global, storage: unknown, source: https://x.example, checked: 2026-11-24}\n",
		"local no port":          "providers:\n  - {id: x, name: X, kind: llm, jurisdiction: operator, processing: local, storage: local, source: https://x.example, checked: 2026-11-24, hosts: [{match: local}]}\n",
		"bad date":               "adequacy:\n  - {country: JP, name: Japan, decision: some decision, source: https://x.example, checked: 24.11.2026}\n",
		"unknown field":          "providers:\n  - {id: x, name: X, kind: llm, jurisdiction: US, processing: global, storage: unknown, source: https://x.example, checked: 2026-11-24, region: eu}\n",
		"lower country":          "zones:\n  - {id: EU, name: EU, countries: [de], source: https://x.example, checked: 2026-11-24}\n",
		"model no prefix":        "providers:\n  - {id: x, name: X, kind: llm, jurisdiction: US, processing: global, storage: unknown, source: https://x.example, checked: 2026-11-24, models: [{prefix: eu, processing: EU}]}\n",
		"attestation without id": "providers:\n  - {id: x, name: X, kind: llm, jurisdiction: US, processing: global, storage: unknown, source: https://x.example, checked: 2026-11-24, attestations: [\"The region chosen at creation.\"]}\n",
	} {
		t.Run(name, func(t *testing.T) {
			if err := schemacheck.ValidateYAML(sch, []byte(doc)); err == nil {
				t.Errorf("schema accepted an invalid entry:\n%s", doc)
			}
		})
	}
}

// TestIntegrity checks what the schema cannot: references resolve, dates
// are real and not in the future, hosts compile and are not claimed twice,
// geographies read, names map to one provider.
func TestIntegrity(t *testing.T) {
	c, err := LoadCatalogue(data)
	if err != nil {
		t.Fatal(err)
	}
	today := time.Now().Format(time.DateOnly)
	checkDate := func(where, d string) {
		if d == "" {
			return
		}
		if _, err := time.Parse(time.DateOnly, d); err != nil || d > today {
			t.Errorf("%s: checked %q is not a real past date", where, d)
		}
	}
	special := map[string]bool{fromRegion: true, fromSKU: true, fromDataZone: true}
	checkGeo := func(where, g string) {
		if g == "" || special[g] || g == Unknown {
			return
		}
		if p := c.Place(g); p.Unknown {
			t.Errorf("%s: geography %q is neither a zone, a country nor global/local", where, g)
		}
	}
	for _, p := range c.Providers {
		checkDate(p.ID, p.Checked)
		checkGeo(p.ID+" processing", p.Processing)
		checkGeo(p.ID+" storage", p.Storage)
		if p.Platform != "" {
			if _, ok := c.platNames[p.Platform]; !ok {
				t.Errorf("%s: platform %q has no region table", p.ID, p.Platform)
			}
		}
		if p.Local != (p.Processing == Local) {
			t.Errorf("%s: local is %v but processing is %q", p.ID, p.Local, p.Processing)
		}
		if p.Default != "" && !strings.Contains(p.Default, "{") {
			if m, ok := c.matchHost(p.Default); !ok || m.p.ID != p.ID {
				t.Errorf("%s: default host %s does not match the provider's own hosts", p.ID, p.Default)
			}
		}
		for _, h := range p.Hosts {
			checkDate(p.ID+" "+h.Match, h.Checked)
			checkGeo(p.ID+" "+h.Match, h.Processing)
			checkGeo(p.ID+" "+h.Match, h.Storage)
			if (h.Match == "local") != p.Local {
				t.Errorf("%s: host %q: local hosts belong to local providers only", p.ID, h.Match)
			}
			if strings.Contains(h.Match, "{region}") && platformOf(hostRef{&p, &h}) == "" && !strings.Contains(h.Match, "{platform}") {
				t.Errorf("%s: host %q has a {region} but no platform to read it with", p.ID, h.Match)
			}
		}
		for _, m := range p.Models {
			checkGeo(p.ID+" model "+m.Prefix, m.Processing)
		}
		for _, s := range p.SKUs {
			checkGeo(p.ID+" sku "+s.Match, s.Processing)
		}
		for loc, g := range p.Locations {
			checkGeo(p.ID+" location "+loc, g)
		}
		for _, sel := range p.Selectors {
			for v, sv := range sel.Values {
				if sv.Host != "" {
					if m, ok := c.matchHost(sv.Host); !ok || m.p.ID != p.ID {
						t.Errorf("%s: selector %s=%s names host %s of another provider", p.ID, sel.Args[0], v, sv.Host)
					}
				}
				checkGeo(p.ID+" selector", sv.Processing)
			}
		}
	}
	// Names that pick a provider must pick one only.
	seen := map[string]string{}
	claim := func(kind, name, id string) {
		k := kind + ":" + name
		if prev, ok := seen[k]; ok && prev != id {
			t.Errorf("%s %q belongs to both %s and %s", kind, name, prev, id)
		}
		seen[k] = id
	}
	for _, p := range c.Providers {
		for _, n := range p.N8n.Nodes {
			claim("n8n node", n, p.ID)
		}
		for _, n := range p.N8n.Credentials {
			claim("n8n credential", n, p.ID)
		}
		for _, n := range p.Flowise {
			claim("flowise node", n, p.ID)
		}
		for _, n := range append(append(slices.Clone(p.Env.URL), p.Env.Key...), p.Env.Flag...) {
			claim("env", n, p.ID)
		}
		for _, r := range p.Code {
			if r.Arg == "" && len(r.When) == 0 {
				claim("call", r.Name, p.ID)
			}
		}
	}
	for _, pl := range c.Platforms {
		checkDate("platform "+pl.ID, pl.Checked)
		codes := map[string]bool{}
		for _, r := range pl.Regions {
			if codes[r.Code] {
				t.Errorf("platform %s: region %s listed twice", pl.ID, r.Code)
			}
			codes[r.Code] = true
		}
		if pl.Default != "" && !codes[pl.Default] {
			t.Errorf("platform %s: default region %s is not in its table", pl.ID, pl.Default)
		}
	}
	for _, z := range c.Zones {
		checkDate("zone "+z.ID, z.Checked)
	}
	if eu, eea := c.zones["EU"], c.zones["EEA"]; eu == nil || eea == nil || len(eu.Countries) != 27 || len(eea.Countries) != 30 {
		t.Errorf("zones EU and EEA must list 27 and 30 countries")
	}
	for _, a := range c.Adequacy {
		checkDate("adequacy "+a.Country, a.Checked)
		if c.InEEA(a.Country) {
			t.Errorf("adequacy: %s is in the EEA, not a third country", a.Country)
		}
	}
}

func TestMatchHost(t *testing.T) {
	c := Default()
	for _, tc := range []struct {
		host, provider, region string
	}{
		{"api.openai.com", "openai", ""},
		{"eu.api.openai.com", "openai", ""},
		{"API.OpenAI.com", "openai", ""},
		{"contoso.openai.azure.com", "azure-openai", ""},
		{"westeurope.api.cognitive.microsoft.com", "azure-openai", "westeurope"},
		{"bedrock-runtime.eu-central-1.amazonaws.com", "bedrock", "eu-central-1"},
		{"bedrock-mantle.us-west-2.api.aws", "bedrock", "us-west-2"},
		{"europe-west4-aiplatform.googleapis.com", "vertex", "europe-west4"},
		{"aiplatform.eu.rep.googleapis.com", "vertex", ""},
		{"eu-aiplatform.googleapis.com", "vertex", ""},
		{"generativelanguage.googleapis.com", "gemini", ""},
		{"api.eu.mistral.ai", "mistral", ""},
		{"api.deepseek.com", "deepseek", ""},
		{"ws1.eu-central-1.maas.aliyuncs.com", "dashscope", "eu-central-1"},
		{"eu.openrouter.ai", "openrouter", ""},
		{"us.api.x.ai", "xai", ""},
		{"abc.c0.europe-west3.gcp.weaviate.cloud", "weaviate-cloud", "europe-west3"},
		{"3f1c.eu-central-1-0.aws.cloud.qdrant.io", "qdrant-cloud", "eu-central-1"},
		{"aws-0-eu-west-2.pooler.supabase.com", "supabase", "eu-west-2"},
		{"ollama.com", "ollama-cloud", ""},
		// Negative cases: look-alikes and documentation hosts.
		{"api.openai.com.attacker.example", "", ""},
		{"notapi.openai.com", "", ""},
		{"platform.openai.com", "", ""},
		{"docs.anthropic.com", "", ""},
		{"openai.azure.com", "", ""},
	} {
		t.Run(tc.host, func(t *testing.T) {
			p, r, ok := c.MatchHost(tc.host)
			if tc.provider == "" {
				if ok {
					t.Errorf("MatchHost(%q) = %s, want no match", tc.host, p)
				}
				return
			}
			if !ok || p != tc.provider || r != tc.region {
				t.Errorf("MatchHost(%q) = %q, %q, %v; want %q, %q", tc.host, p, r, ok, tc.provider, tc.region)
			}
		})
	}
}

func TestResolveFacts(t *testing.T) {
	c := Default()
	for _, tc := range []struct {
		name, host, region, model, sku, sel string
		processing, storage, jurisdiction   string
		attestation                         string // a substring one attestation must contain
	}{
		{name: "openai global", host: "api.openai.com", processing: Global, storage: Unknown, jurisdiction: "US"},
		{name: "openai eu is not global", host: "eu.api.openai.com", processing: "EEA+CH", storage: "EEA+CH", jurisdiction: "US", attestation: "data residency Europe"},
		{name: "openai uk stores only", host: "gb.api.openai.com", processing: Global, storage: "GB"},
		{name: "azure datazone in EU", host: "x.openai.azure.com", region: "swedencentral", sku: "DataZoneStandard", processing: "EU", storage: "SE (swedencentral)"},
		{name: "azure datazone in US", host: "x.openai.azure.com", region: "eastus2", sku: "DataZoneProvisionedManaged", processing: "US", storage: "US (eastus2)"},
		{name: "azure global sku", host: "x.openai.azure.com", region: "westeurope", sku: "GlobalStandard", processing: Global, storage: "NL (westeurope)"},
		{name: "azure standard", host: "x.openai.azure.com", region: "francecentral", sku: "Standard", processing: "FR (francecentral)"},
		{name: "azure without sku", host: "x.openai.azure.com", region: "westeurope", processing: Unknown, attestation: "deployment type"},
		{name: "azure without region", host: "x.openai.azure.com", sku: "Standard", processing: Unknown, storage: Unknown, attestation: "region"},
		{name: "bedrock region", host: "bedrock-runtime.eu-west-3.amazonaws.com", processing: "FR (eu-west-3)", storage: "FR (eu-west-3)"},
		{name: "bedrock eu profile", host: "bedrock-runtime.eu-central-1.amazonaws.com", model: "eu.anthropic.claude-3-7-sonnet-20250219-v1:0", processing: "EU", storage: "DE (eu-central-1)", attestation: "EU member states"},
		{name: "bedrock global profile", host: "bedrock-runtime.eu-central-1.amazonaws.com", model: "global.anthropic.claude-sonnet-4-20250514-v1:0", processing: Global, storage: "DE (eu-central-1)"},
		{name: "bedrock unknown region code", host: "bedrock-runtime.xx-nowhere-9.amazonaws.com", processing: Unknown},
		{name: "vertex eu multi-region", host: "aiplatform.eu.rep.googleapis.com", processing: "EU", storage: "EU"},
		{name: "vertex misconfigured eu", host: "eu-aiplatform.googleapis.com", processing: Unknown},
		{name: "vertex global", host: "aiplatform.googleapis.com", processing: Global},
		{name: "anthropic us geo", host: "api.anthropic.com", sel: "US", processing: "US"},
		{name: "deepseek", host: "api.deepseek.com", processing: "CN", storage: "CN", jurisdiction: "CN"},
		{name: "dashscope beijing", host: "dashscope.aliyuncs.com", processing: "CN", storage: "CN"},
		{name: "dashscope frankfurt", host: "ws1.eu-central-1.maas.aliyuncs.com", processing: Unknown, storage: "DE (eu-central-1)", attestation: "deployment scope"},
		{name: "mistral eu", host: "api.eu.mistral.ai", processing: "EEA+CH", jurisdiction: "FR"},
		{name: "openrouter eu", host: "eu.openrouter.ai", processing: "EEA+CH+GB", attestation: "In-Region Routing"},
		{name: "supabase project host", host: "db.abc.supabase.co", processing: Unknown, attestation: "project's region"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, ok := c.matchHost(tc.host)
			if !ok {
				t.Fatalf("host %s not in the catalogue", tc.host)
			}
			region := m.region
			if region == "" {
				region = tc.region
			}
			f := c.resolve(m, region, tc.model, tc.sku, tc.sel)
			if f.Processing != tc.processing {
				t.Errorf("processing = %q, want %q", f.Processing, tc.processing)
			}
			if tc.storage != "" && f.Storage != tc.storage {
				t.Errorf("storage = %q, want %q", f.Storage, tc.storage)
			}
			if tc.jurisdiction != "" && f.Jurisdiction != tc.jurisdiction {
				t.Errorf("jurisdiction = %q, want %q", f.Jurisdiction, tc.jurisdiction)
			}
			if tc.attestation != "" && !slices.ContainsFunc(f.Attestations, func(a Attestation) bool { return strings.Contains(a.Text, tc.attestation) }) {
				t.Errorf("attestations %q lack %q", f.Attestations, tc.attestation)
			}
			if f.Source == "" || f.Checked == "" {
				t.Errorf("facts without source or date: %+v", f)
			}
		})
	}
}

func TestAdequacyAndPlace(t *testing.T) {
	c := Default()
	for _, tc := range []struct {
		country string
		ok      bool
		scope   bool
	}{
		{"JP", true, false}, {"GB", true, false}, {"UK", true, false}, {"CH", true, false}, {"BR", true, false},
		{"US", true, true}, {"CA", true, true},
		{"CN", false, false}, {"IN", false, false}, {"SG", false, false}, {"AE", false, false}, {"DE", false, false},
	} {
		t.Run("adequate "+tc.country, func(t *testing.T) {
			d, ok := c.Adequate(tc.country)
			if ok != tc.ok {
				t.Fatalf("Adequate(%s) ok = %v, want %v", tc.country, ok, tc.ok)
			}
			if ok && d == "" {
				t.Errorf("Adequate(%s) names no decision", tc.country)
			}
			if a, _ := c.AdequacyDecision(tc.country); (a.Scope != "") != tc.scope {
				t.Errorf("AdequacyDecision(%s).Scope = %q, partial want %v", tc.country, a.Scope, tc.scope)
			}
		})
	}
	for _, tc := range []struct {
		geo                             string
		eea, adequate, partial, unknown bool
		global, local                   bool
	}{
		{geo: "EEA+CH", adequate: true},
		{geo: "EEA", eea: true, adequate: true},
		{geo: "EU", eea: true, adequate: true},
		{geo: "DE (eu-central-1)", eea: true, adequate: true},
		{geo: "NO", eea: true, adequate: true},
		{geo: "GB", adequate: true},
		{geo: "US (us-east-1)", partial: true},
		{geo: "CN"},
		{geo: "APAC"},
		{geo: "global", global: true},
		{geo: "local", local: true},
		{geo: "unknown", unknown: true},
		{geo: "Mars", unknown: true},
	} {
		t.Run("place "+tc.geo, func(t *testing.T) {
			p := c.Place(tc.geo)
			if p.EEA != tc.eea || p.Adequate != tc.adequate || p.Partial != tc.partial || p.Unknown != tc.unknown || p.Global != tc.global || p.Local != tc.local {
				t.Errorf("Place(%q) = %+v", tc.geo, p)
			}
		})
	}
}

// acmeLLM is a user catalogue (mcp-comply.yaml) with one provider: a
// private LLM at llm.acme.example, processed and stored in Germany.
const acmeLLM = `providers:
  - id: acme-llm
    name: ACME private LLM
    kind: llm
    jurisdiction: DE
    processing: DE
    storage: DE
    source: https://acme.example/dpa
    checked: 2026-11-20
    hosts: [{match: llm.acme.example}]
`

func TestExtend(t *testing.T) {
	base := Default()
	ext, err := base.Extend([]byte(acmeLLM+`  - id: deepseek
    name: DeepSeek (EU reseller)
    kind: llm
    jurisdiction: CN
    processing: unknown
    storage: unknown
    source: https://acme.example/deepseek-reseller
    checked: 2026-11-20
    hosts:
      - {match: api.deepseek.com}
`), "mcp-comply.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if p, _, ok := ext.MatchHost("llm.acme.example"); !ok || p != "acme-llm" {
		t.Errorf("user entry not matched: %q %v", p, ok)
	}
	m, _ := ext.matchHost("api.deepseek.com")
	if f := ext.resolve(m, "", "", "", ""); f.Processing != Unknown {
		t.Errorf("user entry did not replace deepseek: processing %q", f.Processing)
	}
	if m, _ := base.matchHost("api.deepseek.com"); base.resolve(m, "", "", "", "").Processing != "CN" {
		t.Error("Extend changed the catalogue it was called on")
	}
	if _, err := base.Extend([]byte("providers: [{id: x, bogus: 1}]"), "bad.yaml"); err == nil || !strings.Contains(err.Error(), "bad.yaml") {
		t.Errorf("unknown field: err = %v, want an error naming the file", err)
	}
	if _, err := base.Extend([]byte("providers:\n  - {id: x, name: X, kind: llm, jurisdiction: US, processing: global, storage: unknown, source: https://x.example, checked: 2026-11-20, hosts: [{match: api.openai.com}]}\n"), "dup.yaml"); err == nil {
		t.Error("a host claimed by two providers was accepted")
	}
	// An attestation id names one condition: a second text under the same
	// id would make a waiver of it ambiguous.
	if _, err := base.Extend([]byte("providers:\n  - {id: x, name: X, kind: llm, jurisdiction: US, processing: global, storage: unknown, source: https://x.example, checked: 2026-11-20, hosts: [{match: llm.x.example}], attestations: [{id: gateway-upstreams, text: Something else entirely.}]}\n"), "twotexts.yaml"); err == nil || !strings.Contains(err.Error(), "gateway-upstreams") {
		t.Errorf("an attestation id with two texts: err = %v, want an error naming the id", err)
	}
}
