package residency

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/mcp-comply/mcp-comply/internal/golden"
	"github.com/mcp-comply/mcp-comply/internal/project"
)

var update = flag.Bool("update", false, "rewrite testdata/eu-agent.golden.json")

// fixtureRemotes are the remote MCP servers the hardening package would
// pass for the fixture's client configs.
var fixtureRemotes = []Remote{{URL: "https://mcp.example-vendor.com/mcp", Position: project.Position{File: ".mcp.json", Line: 4, Col: 14}}}

var appResult = sync.OnceValues(func() (*Result, error) {
	return scanFS(os.DirFS("../testdata/eu-agent"), Options{Remotes: fixtureRemotes})
})

func scanFS(fsys fs.FS, opts Options) (*Result, error) {
	idx, err := project.Walk(context.Background(), fsys)
	if err != nil {
		return nil, err
	}
	r, err := Scan(context.Background(), idx, opts)
	if err != nil {
		return nil, err
	}
	// The files that did not read or parse are the index's to say, once.
	r.Warnings = append(r.Warnings, idx.Warnings()...)
	project.SortWarnings(r.Warnings)
	return r, nil
}

// mustScan is scanFS for a scan that must succeed: an error fails the
// test.
func mustScan(t *testing.T, fsys fs.FS, opts Options) *Result {
	t.Helper()
	r, err := scanFS(fsys, opts)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func app(t *testing.T) *Result {
	t.Helper()
	r, err := appResult()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func evidenceAt(ev []Evidence) []string {
	var out []string
	for _, e := range ev {
		out = append(out, fmt.Sprintf("%s:%d", e.File, e.Line))
	}
	return out
}

func findEndpoint(r *Result, provider, host, region, model, cred string) *Endpoint {
	for i := range r.Endpoints {
		e := &r.Endpoints[i]
		if e.Provider == provider && e.Host == host && e.Region == region && e.Model == model && e.Credential == cred {
			return e
		}
	}
	return nil
}

// endpointCase is one endpoint a fixture must give: found by provider,
// host, region, model and credential, with what the other fields say.
type endpointCase struct {
	name                          string
	provider, host, region, model string
	sku, cred, via                string
	processing, storage, juris    string
	evidence                      string // space-separated file:line, all of them
}

func checkEndpoints(t *testing.T, r *Result, cases []endpointCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := findEndpoint(r, tc.provider, tc.host, tc.region, tc.model, tc.cred)
			if e == nil {
				t.Fatalf("no endpoint %s host=%q region=%q model=%q credential=%q", tc.provider, tc.host, tc.region, tc.model, tc.cred)
			}
			if e.SKU != tc.sku {
				t.Errorf("sku = %q, want %q", e.SKU, tc.sku)
			}
			if got := strings.Join(e.Via, ","); got != tc.via {
				t.Errorf("via = %s, want %s", got, tc.via)
			}
			if e.Facts.Processing != tc.processing || e.Facts.Storage != tc.storage || e.Facts.Jurisdiction != tc.juris {
				t.Errorf("facts = %s / %s / %s, want %s / %s / %s", e.Facts.Processing, e.Facts.Storage, e.Facts.Jurisdiction, tc.processing, tc.storage, tc.juris)
			}
			if got := strings.Join(evidenceAt(e.Evidence), " "); got != tc.evidence {
				t.Errorf("evidence = %s, want %s", got, tc.evidence)
			}
			if e.Facts.Source == "" || e.Facts.Checked == "" || e.ProviderName == "" || e.Kind == "" {
				t.Errorf("endpoint lacks source, date, name or kind: %+v", e)
			}
		})
	}
}

// checkHosting compares the hosting a fixture gives, as "platform region
// geography file:line,…" rows, with want.
func checkHosting(t *testing.T, r *Result, want []string) {
	t.Helper()
	var got []string
	for _, h := range r.Hosting {
		got = append(got, fmt.Sprintf("%s %s %s %s", h.Platform, h.Region, h.Geography, strings.Join(evidenceAt(h.Evidence), ",")))
	}
	if !slices.Equal(got, want) {
		t.Errorf("hosting:\n got %q\nwant %q", got, want)
	}
}

// settingRow is a setting as the tests name it: rule, key, value and
// file:line.
type settingRow struct{ rule, key, value, at string }

// checkSettings checks, one subtest a row, that every setting of want is
// reported and that none is reported at the rule, key and place of a row
// of not.
func checkSettings(t *testing.T, r *Result, want, not []settingRow) {
	t.Helper()
	var got []settingRow
	for _, s := range r.Settings {
		got = append(got, settingRow{s.Rule, s.Key, s.Value, fmt.Sprintf("%s:%d", s.Evidence.File, s.Evidence.Line)})
	}
	for _, w := range want {
		t.Run(w.rule+"@"+w.at, func(t *testing.T) {
			if !slices.Contains(got, w) {
				t.Errorf("setting %+v not reported", w)
			}
		})
	}
	for _, n := range not {
		t.Run("not "+n.rule+"@"+n.at, func(t *testing.T) {
			for _, g := range got {
				if g.rule == n.rule && g.at == n.at && g.key == n.key {
					t.Errorf("setting %+v reported, want none", g)
				}
			}
		})
	}
}

// TestEndpoints covers every provider family and every place endpoints are
// found in the fixture project.
func TestEndpoints(t *testing.T) {
	checkEndpoints(t, app(t), []endpointCase{
		{"python constructor with EU base URL and TS dataResidency selector", "openai", "eu.api.openai.com", "", "", "", "", "source", "EEA+CH", "EEA+CH", "US", "agent/app.py:22 web/src/agent.ts:18"},
		{"kubernetes env base URL", "openai", "api.openai.com", "", "", "", "", "kubernetes", "global", "unknown", "US", "k8s/deployment.yaml:21"},
		{"n8n node known only by its credential", "openai", "", "", "", "", "openAiApi", "n8n", "unknown", "unknown", "US", "workflows/support-triage.json:25"},
		{"anthropic constructors without base URL", "anthropic", "api.anthropic.com", "", "", "", "", "source", "global", "unknown", "US", "agent/app.py:28 web/src/agent.ts:11"},
		{"azure env endpoint joined to Terraform account and GlobalStandard deployment", "azure-openai", "contoso-eu.openai.azure.com", "westeurope", "gpt-4o", "GlobalStandard", "", "env,terraform", "global", "NL (westeurope)", "US", ".env:5 infra/azure/main.tf:6 infra/azure/main.tf:15"},
		{"azure DataZone deployment in an EU region", "azure-openai", "contoso-eu.openai.azure.com", "westeurope", "gpt-4o-mini", "DataZoneStandard", "", "env,terraform", "EU", "NL (westeurope)", "US", ".env:5 infra/azure/main.tf:6 infra/azure/main.tf:28"},
		{"boto3 client with region_name", "bedrock", "bedrock-runtime.eu-central-1.amazonaws.com", "eu-central-1", "", "", "", "source", "DE (eu-central-1)", "DE (eu-central-1)", "US", "agent/app.py:30"},
		{"bedrock eu. profile in a constant, region from the same file", "bedrock", "bedrock-runtime.eu-central-1.amazonaws.com", "eu-central-1", "eu.anthropic.claude-3-7-sonnet-20250219-v1:0", "", "", "source", "EU", "DE (eu-central-1)", "US", "agent/app.py:30 agent/app.py:31"},
		{"go aws config.WithRegion", "bedrock", "bedrock-runtime.eu-west-1.amazonaws.com", "eu-west-1", "", "", "", "source", "IE (eu-west-1)", "IE (eu-west-1)", "US", "gateway/main.go:27 gateway/main.go:31"},
		{"TS client with explicit US region", "bedrock", "bedrock-runtime.us-east-1.amazonaws.com", "us-east-1", "", "", "", "source", "US (us-east-1)", "US (us-east-1)", "US", "web/src/agent.ts:20"},
		{"terraform global. profile with provider region from a variable", "bedrock", "bedrock-runtime.us-east-1.amazonaws.com", "us-east-1", "global.anthropic.claude-sonnet-4-20250514-v1:0", "", "", "terraform", "global", "US (us-east-1)", "US", "infra/aws/main.tf:7 infra/aws/main.tf:50"},
		{"flowise bedrock region input", "bedrock", "bedrock-runtime.eu-west-3.amazonaws.com", "eu-west-3", "anthropic.claude-3-haiku-20240307-v1:0", "", "", "flowise", "FR (eu-west-3)", "FR (eu-west-3)", "US", "flows/rag-chatflow.json:83"},
		{"n8n bedrock: credential decides region, eu. model settles processing", "bedrock", "", "", "eu.anthropic.claude-3-7-sonnet-20250219-v1:0", "", "aws", "n8n", "EU", "unknown", "US", "workflows/support-triage.json:42"},
		{"vertexai.init location", "vertex", "europe-west4-aiplatform.googleapis.com", "europe-west4", "", "", "", "source", "NL (europe-west4)", "NL (europe-west4)", "US", "agent/app.py:33"},
		{"go genai Vertex backend and flowise agentflow region", "vertex", "us-central1-aiplatform.googleapis.com", "us-central1", "", "", "", "flowise,source", "US (us-central1)", "US (us-central1)", "US", "flows/summarise-agentflow.json:21 gateway/main.go:34"},
		{"kubernetes GOOGLE_GENAI_USE_VERTEXAI with GOOGLE_CLOUD_LOCATION", "vertex", "europe-west1-aiplatform.googleapis.com", "europe-west1", "", "", "", "kubernetes", "BE (europe-west1)", "BE (europe-west1)", "US", "k8s/deployment.yaml:28 k8s/deployment.yaml:30"},
		{"gemini API key in .env", "gemini", "generativelanguage.googleapis.com", "", "", "", "", "env", "global", "global", "US", ".env:6"},
		{"mistral server=eu selector", "mistral", "api.eu.mistral.ai", "", "", "", "", "source", "EEA+CH", "unknown", "FR", "agent/app.py:35"},
		{"OpenAI SDK pointed at DeepSeek", "deepseek", "api.deepseek.com", "", "", "", "", "source", "CN", "CN", "CN", "agent/app.py:38"},
		{"n8n deepseek credential: DeepSeek has one place", "deepseek", "", "", "", "", "deepSeekApi", "n8n", "CN", "CN", "CN", "workflows/support-triage.json:111"},
		{"dashscope international host in a TS constant", "dashscope", "dashscope-intl.aliyuncs.com", "", "", "", "", "source", "unknown", "SG", "CN", "web/src/agent.ts:22"},
		{"render env OPENAI_API_BASE pointing at Moonshot", "moonshot", "api.moonshot.ai", "", "", "", "", "render", "unknown", "unknown", "CN", "render.yaml:9"},
		{"go option.WithBaseURL to Groq", "groq", "api.groq.com", "", "", "", "", "source", "global", "unknown", "US", "gateway/main.go:24"},
		{"go constant xAI base", "xai", "api.x.ai", "", "", "", "", "source", "global", "unknown", "US", "gateway/main.go:20"},
		{"helm values URL of Cohere", "cohere", "api.cohere.com", "", "", "", "", "helm", "global", "unknown", "CA", "charts/agent/values.yaml:7"},
		{"n8n HTTP Request to Perplexity", "perplexity", "api.perplexity.ai", "", "", "", "", "n8n", "global", "unknown", "US", "workflows/support-triage.json:74"},
		{"vercel createOpenAI at OpenRouter", "openrouter", "openrouter.ai", "", "", "", "", "source", "global", "unknown", "US", "web/src/agent.ts:13"},
		{"flowise chatOpenAI basepath at OpenRouter EU", "openrouter", "eu.openrouter.ai", "", "", "", "", "flowise", "EEA+CH+GB", "unknown", "US", "flows/rag-chatflow.json:16 flows/rag-chatflow.json:48"},
		{"ollama from code and Flowise", "ollama", "localhost", "", "", "", "", "flowise,source", "local", "local", "operator", "agent/app.py:40 flows/rag-chatflow.json:150 flows/rag-chatflow.json:179"},
		{"ollama compose service", "ollama", "ollama", "", "", "", "", "compose", "local", "local", "operator", "docker-compose.yml:23"},
		{"n8n ollama node", "ollama", "", "", "", "", "ollamaApi", "n8n", "local", "local", "operator", "workflows/support-triage.json:59"},
		{"qdrant cloud host carries the region", "qdrant-cloud", "3f1c2a9e-7b4d-4c1e-9a55-0d2e6f8b1c3a.eu-central-1-0.aws.cloud.qdrant.io", "eu-central-1", "", "", "", "source", "DE (eu-central-1)", "DE (eu-central-1)", "unknown", "agent/app.py:43"},
		{"flowise qdrant on GCP", "qdrant-cloud", "9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b.us-east4-0.gcp.cloud.qdrant.io", "us-east4", "", "", "", "flowise", "US (us-east4)", "US (us-east4)", "unknown", "flows/rag-chatflow.json:214 flows/rag-chatflow.json:246"},
		{"weaviate cloud in helm values", "weaviate-cloud", "a1b2c3d4e5.c0.europe-west3.gcp.weaviate.cloud", "europe-west3", "", "", "", "helm", "DE (europe-west3)", "DE (europe-west3)", "unknown", "charts/agent/values.yaml:8"},
		{"supabase database URL", "supabase", "db.abcdefghijklmnop.supabase.co", "", "", "", "", "env", "unknown", "unknown", "unknown", ".env:9"},
		{"remote MCP server from a client config", "mcp-remote", "mcp.example-vendor.com", "", "", "", "", "mcp-config", "unknown", "unknown", "unknown", ".mcp.json:4"},
		{"n8n MCP client tool to GitHub's hosted MCP server", "github-mcp", "api.githubcopilot.com", "", "", "", "", "n8n", "unknown", "unknown", "US", "workflows/weekly-digest.json:49"},
		{"n8n HTTP Request to ElevenLabs' EU residency host", "elevenlabs", "api.eu.residency.elevenlabs.io", "", "", "", "", "n8n", "unknown", "unknown", "unknown", "workflows/weekly-digest.json:61"},
		{"n8n Vertex node with the shared googleApi credential", "vertex", "", "", "", "", "googleApi", "n8n", "unknown", "unknown", "US", "workflows/weekly-digest.json:35"},
		{"n8n MCP client tool", "mcp-remote", "mcp.linear.app", "", "", "", "", "n8n", "unknown", "unknown", "unknown", "workflows/support-triage.json:98"},
	})
}

// TestNotEndpoints: comments, documentation links, regex literals, hosts
// the catalogue does not know and look-alikes are not endpoints.
func TestNotEndpoints(t *testing.T) {
	r := app(t)
	for _, host := range []string{
		"api.moonshot.cn",     // in a Python comment, a JS comment and a Flowise sticky note
		"platform.openai.com", // docs link in a docstring
		"docs.anthropic.com",  // block comment
		"docs.x.ai",           // Go comment
		"docs.weaviate.io",    // docs URL in Helm values
		"hooks.slack.com",     // an n8n HTTP Request to a host the catalogue does not know
		"events.acme-support.example.com",
	} {
		t.Run(host, func(t *testing.T) {
			for _, e := range r.Endpoints {
				if e.Host == host || strings.Contains(e.URL, host) {
					t.Errorf("%s reported as an endpoint (%s, evidence %v)", host, e.Provider, evidenceAt(e.Evidence))
				}
			}
		})
	}
	t.Run("a Google Sheets node's googleApi credential is not Vertex AI", func(t *testing.T) {
		for _, e := range r.Endpoints {
			for _, ev := range e.Evidence {
				if ev.File == "workflows/weekly-digest.json" && ev.Line == 18 {
					t.Errorf("the Sheets node is reported as %s", e.Provider)
				}
			}
		}
	})
	t.Run("a key alone is not the default host when the project names the provider's endpoint", func(t *testing.T) {
		// .env has MISTRAL_API_KEY via compose and OPENAI_API_KEY, but the
		// code pins api.eu.mistral.ai and OPENAI_BASE_URL is set.
		for _, host := range []string{"api.mistral.ai"} {
			if e := findEndpoint(r, "mistral", host, "", "", ""); e != nil {
				t.Errorf("%s reported from a key alone: %v", host, evidenceAt(e.Evidence))
			}
		}
	})
}

func TestEuHostIsNotGlobalHost(t *testing.T) {
	fsys := fstest.MapFS{
		"app.py":   {Data: []byte("from openai import OpenAI\nc = OpenAI(base_url=\"https://eu.api.openai.com/v1\")\n")},
		"other.ts": {Data: []byte("const c = new OpenAI({ baseURL: 'https://api.openai.com/v1' });\n")},
	}
	r := mustScan(t, fsys, Options{})
	eu := findEndpoint(r, "openai", "eu.api.openai.com", "", "", "")
	gl := findEndpoint(r, "openai", "api.openai.com", "", "", "")
	if eu == nil || gl == nil || len(r.Endpoints) != 2 {
		t.Fatalf("want the EU and the global endpoint apart, got %+v", r.Endpoints)
	}
	if eu.Facts.Processing == gl.Facts.Processing {
		t.Errorf("eu.api.openai.com and api.openai.com share processing %q", eu.Facts.Processing)
	}
	if got := evidenceAt(eu.Evidence); !slices.Equal(got, []string{"app.py:2"}) {
		t.Errorf("eu evidence = %v", got)
	}
}

// TestVendoredSDKDefaults: SDK defaults inside node_modules, site-packages
// or vendor/ are not endpoints the project calls.
func TestVendoredSDKDefaults(t *testing.T) {
	fsys := fstest.MapFS{
		"package.json":                                            {Data: []byte(`{"name":"app","dependencies":{"openai":"^4.0.0"}}`)},
		"node_modules/openai/package.json":                        {Data: []byte(`{"name":"openai","version":"4.104.0","license":"Apache-2.0"}`)},
		"node_modules/openai/index.js":                            {Data: []byte(`const DEFAULT = "https://api.openai.com/v1"; new OpenAI({ baseURL: "https://api.deepseek.com" });`)},
		".venv/lib/python3.12/site-packages/anthropic/_client.py": {Data: []byte(`BASE = "https://api.anthropic.com"`)},
		"src/index.ts":                                            {Data: []byte("export const hello = 'world';\n")},
	}
	r := mustScan(t, fsys, Options{})
	if len(r.Endpoints) != 0 {
		t.Errorf("vendored SDK defaults reported as endpoints: %+v", r.Endpoints)
	}
}

func TestRegions(t *testing.T) {
	r := app(t)
	for _, tc := range []struct {
		platform, service, value, key, at string
	}{
		// Conflicting AWS defaults: .env, Terraform, Go config.
		{"aws", "", "eu-central-1", "AWS_REGION", ".env:3"},
		{"aws", "", "us-east-1", "provider.aws.region", "infra/aws/main.tf:7"},
		{"aws", "", "eu-west-1", "config.LoadDefaultConfig(Region)", "gateway/main.go:27"},
		{"aws", "bedrock", "us-east-1", "BedrockRuntimeClient(region)", "web/src/agent.ts:20"},
		{"aws", "bedrock", "eu-central-1", "boto3.client(region_name)", "agent/app.py:30"},
		{"aws", "flowise-secrets", "us-west-2", "SECRETKEY_AWS_REGION", ".env.example:8"},
		{"azure", "", "westeurope", "azurerm_cognitive_account.openai.location", "infra/azure/main.tf:8"},
		{"gcp", "vertex", "europe-west1", "GOOGLE_CLOUD_LOCATION", "k8s/deployment.yaml:30"},
		{"gcp", "", "europe-west3", "provider.google.region", "infra/gcp/main.tf:3"},
		{"render", "", "frankfurt", "region", "render.yaml:5"},
	} {
		t.Run(tc.key+"="+tc.value, func(t *testing.T) {
			ok := slices.ContainsFunc(r.Regions, func(v RegionValue) bool {
				return v.Platform == tc.platform && v.Service == tc.service && v.Value == tc.value && v.Key == tc.key &&
					fmt.Sprintf("%s:%d", v.Evidence.File, v.Evidence.Line) == tc.at
			})
			if !ok {
				t.Errorf("region setting %+v not reported", tc)
			}
		})
	}
}

func TestRegionConflictFansOut(t *testing.T) {
	fsys := fstest.MapFS{
		".env":          {Data: []byte("AWS_REGION=eu-central-1\n")},
		"infra/main.tf": {Data: []byte("provider \"aws\" {\n  region = \"us-east-1\"\n}\n")},
		"agent.py":      {Data: []byte("from langchain_aws import ChatBedrockConverse\nllm = ChatBedrockConverse(model=\"anthropic.claude-3-5-haiku-20241022-v1:0\")\n")},
	}
	r := mustScan(t, fsys, Options{})
	var regions []string
	for _, e := range r.Endpoints {
		if e.Provider == "bedrock" {
			regions = append(regions, e.Region+"="+e.Facts.Processing)
			if !slices.ContainsFunc(e.Facts.Notes, func(n string) bool { return strings.Contains(n, "2 different values") }) {
				t.Errorf("endpoint in %s does not say the region is set twice: %q", e.Region, e.Facts.Notes)
			}
		}
	}
	if want := []string{"eu-central-1=DE (eu-central-1)", "us-east-1=US (us-east-1)"}; !slices.Equal(regions, want) {
		t.Errorf("bedrock endpoints = %v, want %v", regions, want)
	}
}

func TestHosting(t *testing.T) {
	checkHosting(t, app(t), []string{
		"aws eu-north-1 SE (eu-north-1) broken/main.tf:2",
		"aws us-east-1 US (us-east-1) infra/aws/main.tf:7",
		"azure swedencentral SE (swedencentral) infra/azure/main.tf:44",
		"azure westeurope NL (westeurope) infra/azure/main.tf:3,infra/azure/main.tf:8",
		"gcp europe-west3 DE (europe-west3) infra/gcp/main.tf:3,infra/gcp/main.tf:9",
		"render frankfurt DE (frankfurt) render.yaml:5,render.yaml:16",
		"render oregon US (oregon) render.yaml:12",
	})
}

func TestSettings(t *testing.T) {
	r := app(t)
	for _, s := range r.Settings {
		if s.Area == "" {
			t.Errorf("setting %s at %s lacks an area", s.Rule, s.Evidence.Position)
		}
	}
	checkSettings(t, r, []settingRow{
		{ruleN8nKeyLiteral, "N8N_ENCRYPTION_KEY", "…(redacted, 32 chars)", ".env:7"},
		{ruleNodeTLS, "NODE_TLS_REJECT_UNAUTHORIZED", "0", ".env:8"},
		{rulePGSSLMode, "sslmode", "disable", ".env:9"},
		{ruleRedisPlain, "redis:// (use rediss://)", "redis://", ".env:10"},
		{rulePGSSLMode, "PGSSLMODE", "prefer", ".env:11"},
		{ruleDBSSLDisabled, "DATABASE_SSL", "false", ".env.example:3"},
		{ruleFlowiseKeyLiteral, "FLOWISE_SECRETKEY_OVERWRITE", "…(redacted, 15 chars)", ".env.example:9"},
		{ruleWeakHash, "hashlib.md5", "", "agent/app.py:49"},
		{ruleECB, "AES.MODE_ECB", "", "agent/app.py:57"},
		{ruleTLSVerify, "verify", "False", "agent/app.py:61"},
		{ruleDBSSLDisabled, "DB_POSTGRESDB_SSL_ENABLED", "", "docker-compose.yml:10"},
		{ruleN8nProtocolHTTP, "N8N_PROTOCOL", "http", "docker-compose.yml:15"},
		{ruleAMQPPlain, "amqp:// (use amqps://)", "amqp://", "docker-compose.yml:18"},
		{ruleHTTP, "OLLAMA_BASE_URL", "http://ollama", "docker-compose.yml:23"},
		{ruleHTTP, "N8N_URL", "http://n8n", "stack/docker-compose.yml:6"},
		{ruleHTTP, "N8N_WEBHOOK_URL", "http://n8n", "stack/docker-compose.yml:7"},
		{ruleHTTP, "SEARCH_URL", "http://search.internal", "stack/docker-compose.yml:9"},
		{ruleHTTP, "BILLING_API", "http://billing.acme-support.example.com", "stack/docker-compose.yml:10"},
		{ruleTLSMinUnset, "MinVersion", "", "gateway/main.go:40"},
		{ruleTLSVerify, "InsecureSkipVerify", "true", "gateway/main.go:40"},
		{ruleWeakHash, "md5.Sum", "", "gateway/main.go:42"},
		{ruleRDSUnencrypted, "storage_encrypted", "", "infra/aws/main.tf:10"},
		{ruleRDSNoCMK, "kms_key_id", "", "infra/aws/main.tf:20"},
		{ruleS3NoSSE, "aws_s3_bucket_server_side_encryption_configuration", "", "infra/aws/main.tf:23"},
		{ruleElastiCache, "transit_encryption_enabled", "false", "infra/aws/main.tf:40"},
		{ruleBedrockAgentNoCMK, "customer_encryption_key_arn", "", "infra/aws/main.tf:47"},
		{ruleTLSMinLow, "min_tls_version", "TLS1_0", "infra/azure/main.tf:47"},
		{ruleCloudSQLSSL, "ssl_mode", "ALLOW_UNENCRYPTED_AND_ENCRYPTED", "infra/gcp/main.tf:13"},
		{ruleWSPlain, "ws:// (use wss://)", "ws://", "web/src/agent.ts:24"},
		{ruleTLSVerify, "rejectUnauthorized", "false", "web/src/agent.ts:26"},
		{ruleWeakHash, "crypto.createHash", "sha1", "web/src/agent.ts:29"},
		{ruleECB, "crypto.createCipheriv", "aes-256-ecb", "web/src/agent.ts:33"},
	}, []settingRow{
		{ruleWeakHash, "hashlib.md5", "", "agent/app.py:53"},                                            // usedforsecurity=False
		{ruleS3NoSSE, "aws_s3_bucket_server_side_encryption_configuration", "", "infra/aws/main.tf:27"}, // has a configuration
		{ruleElastiCache, "at_rest_encryption_enabled", "", "infra/aws/main.tf:40"},
		{ruleHTTP, "LLM_BASE_URL", "http://127.0.0.1", "stack/docker-compose.yml:8"}, // loopback
		// N8N_URL makes the agent a client of n8n, not an n8n instance.
		{ruleN8nKeyUnset, "N8N_ENCRYPTION_KEY", "", "stack/docker-compose.yml:6"},
	})
}

func TestN8nEncryptionKeyUnset(t *testing.T) {
	compose := `services:
  n8n:
    image: n8nio/n8n:1.98.1
    environment:
      - N8N_HOST=localhost
`
	for _, tc := range []struct {
		name  string
		files fstest.MapFS
		want  bool
	}{
		{"no key anywhere", fstest.MapFS{"docker-compose.yml": {Data: []byte(compose)}}, true},
		{"key in the env file the service reads", fstest.MapFS{"docker-compose.yml": {Data: []byte(compose)}, ".env": {Data: []byte("N8N_ENCRYPTION_KEY=${SECRET_FROM_VAULT}\n")}}, false},
		{"kubernetes n8n without env", fstest.MapFS{"k8s/n8n.yaml": {Data: []byte("apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: n8n\n          image: n8nio/n8n:1.98.1\n")}}, true},
		{"not n8n", fstest.MapFS{"docker-compose.yml": {Data: []byte("services:\n  web:\n    image: nginx:1.27\n")}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := mustScan(t, tc.files, Options{})
			got := slices.ContainsFunc(r.Settings, func(s Setting) bool { return s.Rule == ruleN8nKeyUnset })
			if got != tc.want {
				t.Errorf("n8n-encryption-key-unset reported = %v, want %v (settings %+v)", got, tc.want, r.Settings)
			}
		})
	}
}

func TestRemotes(t *testing.T) {
	r := mustScan(t, fstest.MapFS{}, Options{Remotes: []Remote{
		{URL: "http://localhost:3333/mcp", Position: project.Position{File: ".mcp.json", Line: 3}},
		{URL: "http://mcp.partner.example/sse", Position: project.Position{File: ".cursor/mcp.json", Line: 5}},
		{URL: "not a url", Position: project.Position{File: ".vscode/mcp.json", Line: 2}},
	}})
	var got []string
	for _, e := range r.Endpoints {
		got = append(got, e.Provider+" "+e.Kind+" "+e.Host+" "+e.Facts.Processing)
	}
	want := []string{"mcp-remote mcp-server mcp.partner.example unknown", "self-hosted mcp-server localhost local"}
	if !slices.Equal(got, want) {
		t.Errorf("endpoints = %q, want %q", got, want)
	}
	if !slices.ContainsFunc(r.Settings, func(s Setting) bool { return s.Rule == ruleHTTP && s.Evidence.File == ".cursor/mcp.json" }) {
		t.Errorf("plain HTTP to a remote MCP server not reported: %+v", r.Settings)
	}
	if slices.ContainsFunc(r.Settings, func(s Setting) bool { return s.Evidence.File == ".mcp.json" }) {
		t.Errorf("plain HTTP to localhost reported: %+v", r.Settings)
	}
}

func TestWarnings(t *testing.T) {
	r := app(t)
	var got []string
	for _, w := range r.Warnings {
		got = append(got, fmt.Sprintf("%s:%d", w.File, w.Line))
	}
	for _, want := range []string{
		".env:12",                     // not NAME=VALUE
		"broken/docker-compose.yml:5", // unterminated quote
		"broken/flow.json:5",          // trailing comma in the export
		"broken/main.tf:6",            // unterminated string in HCL
	} {
		if !slices.Contains(got, want) {
			t.Errorf("no warning at %s (warnings %q)", want, got)
		}
	}
	// The scan went on: the provider region before the HCL error was read.
	if !slices.ContainsFunc(r.Hosting, func(h Hosting) bool { return h.Region == "eu-north-1" }) {
		t.Error("the part of broken/main.tf before the error was not read")
	}
}

// fakeSecrets are the fixture's fake secrets: none may appear in the result.
var fakeSecrets = []string{
	"Xq7fT2mZ9bK4vL8nR3pW6yH1cJ5dG0sA", "8f3e2d1c0b9a88776655443322110fak", "AIzaSyFAKE0fixture0key",
	"Zx8Kq2Lw9Pm4Rt7Yv1Nb6Hc3Jd5Fg0Sa", "FakePassw0rd-not-real", "myencryptionkey", "xai-FAKEfixtureKey",
	"guest:guest@",
}

func TestNoSecretInResult(t *testing.T) {
	b, err := json.Marshal(app(t))
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range fakeSecrets {
		if strings.Contains(string(b), s) {
			t.Errorf("fake secret #%d leaks into the result", i) // never print it
		}
	}
}

func TestGolden(t *testing.T) {
	b, err := json.MarshalIndent(app(t), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, '\n')
	golden.Check(t, "testdata/eu-agent.golden.json", b, *update, "go test ./residency -run TestGolden -update")
}

func TestDeterministic(t *testing.T) {
	a := mustScan(t, os.DirFS("../testdata/eu-agent"), Options{Remotes: fixtureRemotes})
	b, _ := json.Marshal(a)
	c, _ := json.Marshal(app(t))
	if string(b) != string(c) {
		t.Error("two scans of the same tree differ")
	}
}

func TestOptionsExtra(t *testing.T) {
	fsys := fstest.MapFS{".env": {Data: []byte("LLM_BASE_URL=https://llm.acme.example/v1\n")}}
	extra := []byte(acmeLLM)
	r := mustScan(t, fsys, Options{Extra: extra, ExtraFile: "mcp-comply.yaml"})
	if e := findEndpoint(r, "acme-llm", "llm.acme.example", "", "", ""); e == nil || e.Facts.Processing != "DE" {
		t.Errorf("user catalogue entry not applied: %+v", r.Endpoints)
	}
	if _, err := scanFS(fsys, Options{Extra: []byte("providers: [{id: 1, nope: true}]"), ExtraFile: "mcp-comply.yaml"}); err == nil || !strings.Contains(err.Error(), "mcp-comply.yaml") {
		t.Errorf("invalid extension: err = %v, want one naming mcp-comply.yaml", err)
	}
}

// TestProviderFamilies covers the families the main fixture does not use.
func TestProviderFamilies(t *testing.T) {
	r := mustScan(t, os.DirFS("../testdata/eu-agent/more-providers"), Options{})
	for _, tc := range []struct {
		provider, host, region     string
		processing, storage, juris string
		at                         string
	}{
		{"zhipu", "open.bigmodel.cn", "", "CN", "CN", "CN", ".env:2"},
		{"zhipu", "api.z.ai", "", "unknown", "unknown", "CN", ".env:3"},
		{"minimax", "api.minimaxi.com", "", "CN", "CN", "CN", ".env:5"},
		{"siliconflow", "api.siliconflow.cn", "", "CN", "CN", "CN", ".env:6"},
		{"together", "api.together.xyz", "", "global", "unknown", "US", ".env:7"},
		{"fireworks", "api.fireworks.ai", "", "global", "unknown", "US", ".env:8"},
		{"aleph-alpha", "api.aleph-alpha.com", "", "unknown", "unknown", "DE", ".env:9"},
		{"scaleway", "api.scaleway.ai", "", "unknown", "unknown", "FR", ".env:10"},
		{"ovh", "oai.endpoints.kepler.ai.cloud.ovh.net", "", "unknown", "unknown", "FR", ".env:11"},
		{"stackit", "api.openai-compat.model-serving.eu01.onstackit.cloud", "", "unknown", "unknown", "DE", ".env:12"},
		{"huggingface", "x1y2z3a4b5.us-east-1.aws.endpoints.huggingface.cloud", "", "unknown", "unknown", "US", ".env:13"},
		{"replicate", "api.replicate.com", "", "global", "unknown", "US", ".env:14"},
		{"cohere", "api.cohere.ai", "", "global", "unknown", "CA", ".env:15"},
		{"dashscope", "ws-8f2k.eu-central-1.maas.aliyuncs.com", "eu-central-1", "unknown", "DE (eu-central-1)", "CN", ".env:16"},
		{"berget", "api.berget.ai", "", "unknown", "unknown", "SE", ".env:17"},
		{"supabase", "aws-0-eu-central-1.pooler.supabase.com", "eu-central-1", "DE (eu-central-1)", "DE (eu-central-1)", "unknown", ".env:18"},
		{"weaviate-cloud", "my-cluster-x1y2.weaviate.network", "", "unknown", "unknown", "unknown", ".env:19"},
		{"ollama-cloud", "ollama.com", "", "unknown", "unknown", "unknown", ".env:20"},
		{"lmstudio", "localhost", "", "local", "local", "operator", "local.py:5"},
		{"vllm", "vllm", "", "local", "local", "operator", "local.py:6"},
		{"llamacpp", "llama-server", "", "local", "local", "operator", "local.py:7"},
		{"localai", "localai", "", "local", "local", "operator", "local.py:8"},
		{"self-hosted", "10.0.3.7", "", "local", "local", "operator", "local.py:9"},
		{"unlisted", "llm-proxy.acme.example", "", "unknown", "unknown", "unknown", "local.py:10"},
		{"pinecone", "", "eu-west-1", "IE (eu-west-1)", "IE (eu-west-1)", "unknown", "local.py:13"},
	} {
		t.Run(tc.provider+" "+tc.host, func(t *testing.T) {
			e := findEndpoint(r, tc.provider, tc.host, tc.region, "", "")
			if e == nil {
				t.Fatalf("no endpoint %s %s %s", tc.provider, tc.host, tc.region)
			}
			if e.Facts.Processing != tc.processing || e.Facts.Storage != tc.storage || e.Facts.Jurisdiction != tc.juris {
				t.Errorf("facts = %s / %s / %s, want %s / %s / %s", e.Facts.Processing, e.Facts.Storage, e.Facts.Jurisdiction, tc.processing, tc.storage, tc.juris)
			}
			if got := evidenceAt(e.Evidence); !slices.Contains(got, tc.at) {
				t.Errorf("evidence %v lacks %s", got, tc.at)
			}
		})
	}
	b, _ := json.Marshal(r)
	for i, s := range []string{"FakePoolerPass1", "pcsk_FAKE0fixture0key", "tgp_v1_FAKEfixture", "fw_FAKEfixture", "eyFAKEminimax"} {
		if strings.Contains(string(b), s) {
			t.Errorf("fake secret #%d leaks into the result", i)
		}
	}
}

// scanIndex runs the scan on an index already built.
func scanIndex(idx *project.Index, opts Options) (*Result, error) {
	return Scan(context.Background(), idx, opts)
}

// TestRemoteMCPHosts: a client config's remote MCP server on GitHub's
// hosted endpoint, or a GitHub Enterprise Cloud with data residency, is
// GitHub's; another vendor's stays an unlisted remote.
func TestRemoteMCPHosts(t *testing.T) {
	for _, tc := range []struct{ url, provider string }{
		{"https://api.githubcopilot.com/mcp/", "github-mcp"},
		{"https://copilot-api.octocorp.ghe.com/mcp", "github-mcp"},
		{"https://api.githubcopilot.example.com/mcp", "mcp-remote"},
	} {
		r := mustScan(t, fstest.MapFS{"README.md": {Data: []byte("x\n")}}, Options{Remotes: []Remote{{URL: tc.url, Position: project.Position{File: ".vscode/mcp.json", Line: 3, Col: 5}}}})
		if len(r.Endpoints) != 1 || r.Endpoints[0].Provider != tc.provider || r.Endpoints[0].Kind != "mcp-server" {
			t.Errorf("%s: got %+v, want one %s mcp-server", tc.url, r.Endpoints, tc.provider)
		}
	}
}

// TestPlainHTTPForms: the plain-HTTP fact says where the host is, for the
// rule to judge: a container or cluster service name, a private name or
// address, or a public host.
func TestPlainHTTPForms(t *testing.T) {
	r := mustScan(t, os.DirFS("../testdata/eu-agent/stack"), Options{})
	want := map[string]string{"N8N_URL": "service", "N8N_WEBHOOK_URL": "service", "SEARCH_URL": "private", "BILLING_API": ""}
	got := map[string]string{}
	for _, s := range r.Settings {
		if s.Rule == ruleHTTP {
			got[s.Key] = s.Form
		}
	}
	if !maps.Equal(got, want) {
		t.Errorf("plain-HTTP forms = %v, want %v", got, want)
	}
}

// TestEBSEncryptionByDefault: a module that turns EBS encryption by
// default on leaves a volume without encrypted encrypted; one that sets
// encrypted = false is still reported.
func TestEBSEncryptionByDefault(t *testing.T) {
	tf := "resource \"aws_ebs_encryption_by_default\" \"on\" {\n  enabled = true\n}\n\n" +
		"resource \"aws_ebs_volume\" \"a\" {\n  availability_zone = \"eu-west-1a\"\n  size = 10\n}\n\n" +
		"resource \"aws_ebs_volume\" \"b\" {\n  availability_zone = \"eu-west-1a\"\n  size = 10\n  encrypted = false\n}\n"
	r := mustScan(t, fstest.MapFS{"infra/main.tf": {Data: []byte(tf)}}, Options{})
	var got []string
	for _, s := range r.Settings {
		if s.Rule == ruleEBSUnencrypted {
			got = append(got, s.Key+"="+s.Value)
		}
	}
	if !slices.Equal(got, []string{"aws_ebs_volume.b.encrypted=false"}) {
		t.Errorf("ebs settings = %v, want only aws_ebs_volume.b=false", got)
	}
}

// TestMongoTLSUnsetNotInTests: a mongodb:// URI without tls=true in the
// project's code is a setting to fix; in a test it is a fixture.
func TestMongoTLSUnsetNotInTests(t *testing.T) {
	src := "MONGO_URL = \"mongodb://app@db.acme.example.net:27017/app\"\n"
	r := mustScan(t, fstest.MapFS{"app/db.py": {Data: []byte(src)}, "tests/test_db.py": {Data: []byte(src)}}, Options{})
	var got []string
	for _, s := range r.Settings {
		if s.Rule == ruleDBSSLDisabled {
			got = append(got, s.Evidence.File+"/"+s.Form)
		}
	}
	if !slices.Equal(got, []string{"app/db.py/mongodb-unset"}) {
		t.Errorf("mongodb settings = %v, want only app/db.py/mongodb-unset", got)
	}
}

// A setting in code on a line whose comment tells the file's security
// linter to skip it carries the marker; the same call without one, a
// marker of another linter or language, one that names other rules, or
// one inside a string carries none.
func TestReviewedSettings(t *testing.T) {
	files := fstest.MapFS{
		"git/blob.go": {Data: []byte("package git\n\nimport \"crypto/sha1\"\n\n" +
			"func blobSHA() { _ = sha1.New() //nolint:gosec // Git object IDs use SHA-1 by definition.\n}\n\n" +
			"func etag() { _ = sha1.New() }\n\n" +
			"func a() { _ = sha1.New() // #nosec G401 -- a cache key\n}\n" +
			"func b() { _ = sha1.New() // #nosec G104\n}\n" +
			"func c() { _ = sha1.New() //nolint:errcheck,gosec\n}\n" +
			"func d() { _ = sha1.Sum([]byte(\"#nosec\")) }\n")},
		"cache/key.py": {Data: []byte("import hashlib, requests\n\n" +
			"k = hashlib.md5(b'x')  # nosec B324 - a cache key\n" +
			"r = requests.get(u, verify=False)  # noqa: S501\n" +
			"r2 = requests.get(u, verify=False)\n" +
			"h = hashlib.sha1(b'x')  # noqa: E501\n" +
			"h2 = hashlib.sha1(b'x')  # noqa: E501, S324\n" +
			"r3 = requests.get(u, verify=False)  # nosec B101\n")},
		"web/agent.ts": {Data: []byte("const a = new https.Agent({ rejectUnauthorized: false }) // nolint:gosec\n")},
	}
	got := settingsAt(t, files, func(s Setting) string { return s.Reviewed })
	want := map[string]string{
		"git/blob.go:5 " + ruleWeakHash:   "nolint:gosec",
		"git/blob.go:8 " + ruleWeakHash:   "",
		"git/blob.go:10 " + ruleWeakHash:  "#nosec",
		"git/blob.go:12 " + ruleWeakHash:  "", // G104 is another check
		"git/blob.go:14 " + ruleWeakHash:  "nolint:gosec",
		"git/blob.go:16 " + ruleWeakHash:  "", // a string, not a comment
		"cache/key.py:3 " + ruleWeakHash:  "# nosec",
		"cache/key.py:4 " + ruleTLSVerify: "# noqa",
		"cache/key.py:5 " + ruleTLSVerify: "",
		"cache/key.py:6 " + ruleWeakHash:  "", // another linter's code
		"cache/key.py:7 " + ruleWeakHash:  "# noqa",
		"cache/key.py:8 " + ruleTLSVerify: "", // B101 is another check
		"web/agent.ts:1 " + ruleTLSVerify: "", // gosec does not read TypeScript
	}
	for k, w := range want {
		if g, ok := got[k]; !ok || g != w {
			t.Errorf("%s: reviewed %q (reported %v), want %q", k, g, ok, w)
		}
	}
}

// aws is every AWS node's credential in n8n: on an S3 or Comprehend node it
// is no AI endpoint, on the Bedrock chat model node it is Bedrock.
func TestN8nSharedAWSCredential(t *testing.T) {
	node := func(name, typ string, line int) string {
		return `{"id": "` + name + `", "name": "` + name + `", "type": "` + typ + `", "typeVersion": 1, "position": [0, ` + fmt.Sprint(line) + `],
      "parameters": {}, "credentials": {"aws": {"id": "1", "name": "AWS account"}}}`
	}
	wf := `{"name": "uploads", "nodes": [` + node("S3", "n8n-nodes-base.awsS3", 1) + `, ` + node("Comprehend", "n8n-nodes-base.awsComprehend", 2) + `],
  "connections": {}}`
	r := mustScan(t, fstest.MapFS{"workflows/uploads.json": {Data: []byte(wf)}}, Options{})
	if len(r.Endpoints) != 0 {
		t.Errorf("S3 and Comprehend nodes with the aws credential: endpoints %+v, want none", r.Endpoints)
	}
	wf = `{"name": "chat", "nodes": [` + node("Claude", "@n8n/n8n-nodes-langchain.lmChatAwsBedrock", 1) + `], "connections": {}}`
	r = mustScan(t, fstest.MapFS{"workflows/chat.json": {Data: []byte(wf)}}, Options{})
	if len(r.Endpoints) != 1 || r.Endpoints[0].Provider != "bedrock" {
		t.Errorf("the Bedrock chat node: endpoints %+v, want Bedrock", r.Endpoints)
	}
}

// A No Operation node sends nothing, whatever it carries: Zie619/n8n-workflows
// rewrites every node to one and keeps its credentials and model. The
// same node as the DeepSeek chat model is DeepSeek.
func TestN8nInertNodes(t *testing.T) {
	node := func(typ string) string {
		return `{"name": "chat", "nodes": [{"id": "a", "name": "DeepSeek Chat Model", "type": "` + typ + `", "typeVersion": 1,
      "position": [0, 0], "parameters": {"model": "deepseek-reasoner", "options": {}},
      "credentials": {"deepSeekApi": {"id": "1", "name": "DeepSeek account"}}}], "connections": {}}`
	}
	r := mustScan(t, fstest.MapFS{"workflows/chat.json": {Data: []byte(node("n8n-nodes-base.noOp"))}}, Options{})
	if len(r.Endpoints) != 0 || len(r.Models) != 0 {
		t.Errorf("a No Operation node: endpoints %+v, models %+v, want none", r.Endpoints, r.Models)
	}
	r = mustScan(t, fstest.MapFS{"workflows/chat.json": {Data: []byte(node("@n8n/n8n-nodes-langchain.lmChatDeepSeek"))}}, Options{})
	if len(r.Endpoints) != 1 || r.Endpoints[0].Provider != "deepseek" {
		t.Errorf("the DeepSeek chat model node: endpoints %+v, want DeepSeek", r.Endpoints)
	}
}

// A weak hash in a function whose name says it computes a checksum (a
// file hash, an ETag, a cache key) is the checksum form; in any other
// function it is the default.
func TestChecksumHashes(t *testing.T) {
	files := fstest.MapFS{
		"db.py": {Data: []byte("import hashlib\n\ndef get_file_hash(path):\n    \"\"\"MD5 of the file, for change detection.\"\"\"\n    return hashlib.md5(open(path, 'rb').read()).hexdigest()\n\n" +
			"def sign_token(t):\n    return hashlib.md5(t).hexdigest()\n")},
		// an embedding cache (coleam00/ottomator-agents) and a tool name shortened (openai/openai-agents-python)
		"cache.py": {Data: []byte("import hashlib\n\ndef _hash_text(text: str) -> str:\n    return hashlib.md5(text.encode()).hexdigest()\n\n" +
			"def _shorten_tool_name(name, seed):\n    return name[:40] + hashlib.sha1(seed.encode()).hexdigest()[:8]\n\n" +
			"def hash_key(api_key):\n    return hashlib.md5(api_key.encode()).hexdigest()\n")},
		"src/db.js": {Data: []byte("const crypto = require('crypto');\nfunction getFileHash(p) {\n  return crypto.createHash('md5').update(p).digest('hex');\n}\n" +
			"class Auth {\n  passwordHash(pw) {\n    return crypto.createHash('sha1').update(pw).digest('hex');\n  }\n}\n")},
		"store/blob.go": {Data: []byte("package store\n\nimport \"crypto/sha1\"\n\nfunc (s *Store) blobChecksum(b []byte) [20]byte { return sha1.Sum(b) }\n\nfunc apiSignature(b []byte) [20]byte { return sha1.Sum(b) }\n")},
		// a hash, digest or id made of what a function is given (oraios/serena,
		// GLips/Figma-Context-MCP); with a credential word it is security.
		"ids.py": {Data: []byte("import hashlib\n\ndef _compute_workspace_hash(root):\n    return hashlib.md5(root.encode()).hexdigest()\n\n" +
			"def _digest(text):\n    return hashlib.sha1(text.encode()).hexdigest()\n\n" +
			"def hash_password(pw):\n    return hashlib.sha1(pw.encode()).hexdigest()\n")},
		"src/ids.ts": {Data: []byte("import { createHash } from 'crypto';\nfunction elementId(str: string): string {\n  return createHash('sha1').update(str).digest('hex');\n}\n" +
			"function tokenId(t: string): string {\n  return createHash('sha1').update(t).digest('hex');\n}\n")},
	}
	got := settingsAt(t, files, func(s Setting) string { return s.Form + " " + s.With["function"] })
	w := " " + ruleWeakHash
	want := map[string]string{
		"db.py:5" + w:         "checksum get_file_hash",
		"db.py:8" + w:         " ",
		"src/db.js:3" + w:     "checksum getFileHash",
		"src/db.js:7" + w:     " ",
		"store/blob.go:5" + w: "checksum blobChecksum",
		"store/blob.go:7" + w: " ",
		"cache.py:4" + w:      "checksum _hash_text",
		"cache.py:7" + w:      "checksum _shorten_tool_name",
		"cache.py:10" + w:     " ",
		"ids.py:4" + w:        "checksum _compute_workspace_hash",
		"ids.py:7" + w:        "checksum _digest",
		"ids.py:10" + w:       " ",
		"src/ids.ts:3" + w:    "checksum elementId",
		"src/ids.ts:6" + w:    " ",
	}
	if !maps.Equal(got, want) {
		t.Errorf("weak hashes: %q, want %q", got, want)
	}
}

// settingsAt scans files and reads each setting as "file:line rule" with
// what of it a test compares.
func settingsAt(t *testing.T, files fstest.MapFS, what func(Setting) string) map[string]string {
	t.Helper()
	r := mustScan(t, files, Options{})
	got := map[string]string{}
	for _, s := range r.Settings {
		got[fmt.Sprintf("%s:%d %s", s.Evidence.File, s.Evidence.Line, s.Rule)] = what(s)
	}
	return got
}

// The Vercel AI Gateway (vercel/ai-chatbot's lib/ai/providers.ts) is an
// endpoint whose upstream decides where inference runs; its EU host only
// receives requests in the EU. A payments gateway is none.
func TestVercelAIGateway(t *testing.T) {
	r := mustScan(t, fstest.MapFS{
		"lib/ai/providers.ts": {Data: []byte(`import { gateway } from "@ai-sdk/gateway";

export const titleModel = gateway.languageModel("google/gemini-2.5-flash-lite");
`)},
		"lib/ai/eu.ts": {Data: []byte(`import { createGateway } from "@ai-sdk/gateway";

const eu = createGateway({ baseURL: "https://eu.ai-gateway.vercel.sh/v1/ai" });
`)},
		"lib/pay.ts": {Data: []byte(`const charge = api.gateway("payments").charge(100);
`)},
	}, Options{})
	got := map[string]string{}
	for _, e := range r.Endpoints {
		got[e.Provider+" "+e.Host] = e.Facts.Processing
	}
	want := map[string]string{"vercel-ai-gateway ai-gateway.vercel.sh": "global", "vercel-ai-gateway eu.ai-gateway.vercel.sh": "global"}
	if !maps.Equal(got, want) {
		t.Errorf("endpoints %v, want %v", got, want)
	}
}
