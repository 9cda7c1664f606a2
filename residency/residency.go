// Package residency states the facts behind "where does our data go?": each
// AI, vector-store and database endpoint a project calls, the region it is
// configured for, where the provider processes and stores the data and
// under whose law, what the scanner cannot see (attestations to confirm),
// the regions the project itself deploys to, every region setting with its
// position (so conflicts between files can be reported), the
// encryption-at-rest, in-transit and weak-crypto settings it finds, and
// every model the project names (models.go), with the provider and
// endpoint that serve it.
//
// It reads only the project's own files, and only through the project
// index, which reads and parses each file once for every analyzer:
//
//	project.Index ──EachSource──► Scanner.Source   Go syntax trees, Python / JS / TS tokens
//	              ──Doc─────────► Scanner.Finish   compose, Kubernetes, Helm values, render.yaml,
//	                                               n8n, Flowise, Langflow and Dify exports,
//	                                               fly.toml, ARM templates, *.tf.json (node trees)
//	              ──Read────────►                  .env files, Terraform and .tfvars
//	                                               (hashicorp/hcl), Bicep, Dockerfiles
//	                                               and Modelfiles (Ollama tags)
//	remote MCP servers of the client configs ────► Finish ──► Result
//
// SDK defaults inside node_modules are never endpoints the project calls.
// The provider catalogue is embedded YAML (data/*.yaml, checked against
// schema.json), each entry with its source and the date it was verified;
// users can extend it.
//
// The package states facts with evidence and never decides a severity or
// a verdict: package compliance does. Evidence excerpts and values are
// redacted by package secrets (one format for the whole report): no token,
// password or key value ever leaves the package. Files that do not read or
// parse are the index's warnings; a file that parses but is not what its
// kind says ("compose services is not a mapping") gives a project.Warning
// here, and the scan goes on. Output is sorted.
package residency

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/project"
)

// Options configure Scan. The zero value scans with the embedded catalogue.
type Options struct {
	// Catalogue is nil for the embedded one (Default()); Catalogue.Extend
	// adds a user's entries.
	Catalogue *Catalogue
	// Extra is catalogue YAML from the user's config (same shape as the
	// embedded data files); ExtraFile names it in errors. Its providers are
	// added, or replace embedded ones with the same id.
	Extra     []byte
	ExtraFile string
	// Remotes are the remote MCP servers of the project's client configs
	// (for Scan; Finish takes them as an argument).
	Remotes []Remote
}

// Remote is a remote MCP server a client config connects to.
type Remote struct {
	URL      string
	Position project.Position
}

// Result is what Scan found, every list sorted.
type Result struct {
	// Endpoints are the AI and data endpoints the project calls, merged per
	// provider, host, region, model, SKU and credential.
	Endpoints []Endpoint `json:"endpoints"`
	// Hosting are the regions the project itself deploys to.
	Hosting []Hosting `json:"hosting,omitempty"`
	// Regions are every region setting seen, with its position.
	Regions []RegionValue `json:"regions,omitempty"`
	// Settings are encryption and transport observations.
	Settings []Setting `json:"settings,omitempty"`
	// Models are the models the project names, sorted by name and provider.
	Models   []ModelUse        `json:"models,omitempty"`
	Warnings []project.Warning `json:"warnings,omitempty"`
}

// ModelUse is a model the project names: the name as written, the
// provider and endpoint that serve it, and where it is named.
type ModelUse struct {
	// Name is the model as the project writes it, trimmed: an Ollama tag
	// ("llama3.1:8b"), a Bedrock model or inference-profile id, an Azure
	// deployment's model name, an API model name ("gpt-4o-mini").
	Name string `json:"name"`
	// Version is a version the project states beside the name (an Azure
	// deployment's model version); "" when none.
	Version string `json:"version,omitempty"`
	// Provider is the catalogue id of the provider that serves it ("" when
	// the project names the model with no provider the scan can tell).
	Provider string `json:"provider,omitempty"`
	// ProviderName is the provider's name; with no Provider, the provider
	// an export names that the catalogue does not know (a Dify
	// "openai_api_compatible", a Flowise or n8n node type).
	ProviderName string `json:"providerName,omitempty"`
	// Endpoint is the Key of the endpoint that serves it; "" when none
	// (the first by key when its places name several).
	Endpoint string `json:"endpoint,omitempty"`
	// Via is where it was named: source, env, compose, kubernetes, helm,
	// yaml (an app config), render, dockerfile, modelfile, terraform, n8n,
	// flowise, dify, langflow.
	Via      []string   `json:"via"`
	Evidence []Evidence `json:"evidence"`
}

// Endpoint is an AI or data service the project calls.
type Endpoint struct {
	// Provider is the catalogue id ("openai", "bedrock", "ollama",
	// "mcp-remote", "unlisted" for a host the catalogue does not know).
	Provider     string `json:"provider"`
	ProviderName string `json:"providerName"`
	// Kind is llm, embeddings, vector-store, database, mcp-server or other.
	Kind string `json:"kind"`
	Host string `json:"host,omitempty"`
	// URL is the first URL seen, redacted.
	URL string `json:"url,omitempty"`
	// Region is the region found (host, env, Terraform, SDK argument,
	// export field), "" if none.
	Region string `json:"region,omitempty"`
	// Model is the model or deployment id where it decides processing
	// (Bedrock eu./us./global. profiles, Azure deployments).
	Model string `json:"model,omitempty"`
	// SKU is the Azure deployment type (GlobalStandard, DataZoneStandard …).
	SKU string `json:"sku,omitempty"`
	// Via lists where it was found: source, env, compose, kubernetes, helm,
	// terraform, render, n8n, flowise, mcp-config.
	Via []string `json:"via"`
	// Credential is an n8n credential type known only by its type: the
	// host and region depend on the credential's content.
	Credential string     `json:"credential,omitempty"`
	Facts      Facts      `json:"facts"`
	Evidence   []Evidence `json:"evidence"`
}

// Key identifies an endpoint across runs.
func (e *Endpoint) Key() string {
	return strings.Join([]string{e.Provider, e.Host, e.Region, e.Model, e.SKU, e.Credential}, "|")
}

// Facts are the catalogue's facts for an endpoint's host, region, model
// and SKU. Processing, Storage and Jurisdiction are three different things.
type Facts struct {
	// Processing is where data is processed: a zone ("EEA", "EEA+CH",
	// "EU"), an ISO country ("US", "CN", "GB"), a region's country
	// ("DE (eu-central-1)"), "global" (no commitment), "local"
	// (self-hosted) or "unknown". Catalogue.Place reads it.
	Processing string `json:"processing"`
	// Storage is where data at rest is kept, in the same vocabulary.
	Storage string `json:"storage"`
	// Jurisdiction is the provider's home country (ISO), "operator" for
	// self-hosted software, or "unknown".
	Jurisdiction string `json:"jurisdiction"`
	// Attestations are conditions the scanner cannot see that the
	// geography depends on, for a person to confirm.
	Attestations []Attestation `json:"attestations,omitempty"`
	Notes        []string      `json:"notes,omitempty"`
	// Source is where the facts come from; Checked the date they were verified.
	Source  string `json:"source"`
	Checked string `json:"checked"`
}

// Attestation is one condition a person must confirm. The ID names the
// condition, so a report (or a waiver) refers to it whatever its wording.
type Attestation struct {
	ID   string `yaml:"id" json:"id"`
	Text string `yaml:"text" json:"text"`
}

// The attestations the scanner adds itself; the catalogue's carry their
// ids in providers.yaml.
const (
	// AttestRegionUnset: the provider needs a region the project does
	// not set where the scanner can see it.
	AttestRegionUnset = "region-unset"
	// AttestSKUUnset: the Azure deployment type, which decides where
	// processing runs, is not set where the scanner can see it.
	AttestSKUUnset = "sku-unset"
	// AttestN8nCredential: an n8n credential decides the host and region.
	AttestN8nCredential = "n8n-credential"
)

// Evidence is a position in the project with its line, redacted.
type Evidence struct {
	project.Position
	Excerpt string `json:"excerpt,omitempty"`
}

// Hosting is a region the project deploys itself to.
type Hosting struct {
	// Platform is aws, azure, gcp, render or fly.
	Platform string `json:"platform"`
	Region   string `json:"region"`
	// Geography is the region's country ("DE (eu-central-1)") or "unknown".
	Geography string     `json:"geography"`
	Evidence  []Evidence `json:"evidence"`
}

// RegionValue is one region setting as written.
type RegionValue struct {
	Platform string `json:"platform"`
	// Service is the provider the setting is for ("bedrock", "vertex"), ""
	// when it is the platform's default for everything (AWS_REGION, a
	// Terraform provider region), or another consumer ("flowise-secrets").
	// Compare values within one platform and service.
	Service  string   `json:"service,omitempty"`
	Value    string   `json:"value"`
	Key      string   `json:"key"`
	Evidence Evidence `json:"evidence"`
}

// Setting is an encryption or transport observation.
type Setting struct {
	// Area is at-rest, in-transit or crypto.
	Area string `json:"area"`
	// Rule is a stable id (n8n-encryption-key-unset, postgres-sslmode-insecure …).
	Rule string `json:"rule"`
	// Key is the setting to change (N8N_ENCRYPTION_KEY, sslmode, storage_encrypted …).
	Key string `json:"key"`
	// Value is the value found, redacted; "" when the setting is missing.
	Value string `json:"value,omitempty"`
	// Form picks the wording of the rule that fits ("private" for a host
	// the project runs itself, "env" for a variable …; "" for the default)
	// and With holds the values it names (host, mode, resource …): the
	// sentences are compliance's rule table's.
	Form     string            `json:"form,omitempty"`
	With     map[string]string `json:"with,omitempty"`
	Evidence Evidence          `json:"evidence"`
	// Reviewed is the security linter's skip marker on the line of a
	// setting in code (#nosec, nolint:gosec …), "" where there is none.
	Reviewed string `json:"reviewed,omitempty"`
}

// Areas of a Setting.
const (
	AtRest    = "at-rest"
	InTransit = "in-transit"
	Crypto    = "crypto"
)

// Scan states where the project's data goes: NewScanner, one pass over
// the source (idx.EachSource) and Finish, for a caller that runs
// residency alone. An analysis that runs several analyzers hands
// Scanner.Source to the one EachSource they share.
func Scan(ctx context.Context, idx *project.Index, opts Options) (*Result, error) {
	s, err := NewScanner(opts)
	if err != nil {
		return nil, err
	}
	if err := idx.EachSource(ctx, s.Source); err != nil {
		return nil, err
	}
	return s.Finish(ctx, idx, opts.Remotes)
}

func sortEvidence(ev []Evidence) []Evidence {
	slices.SortFunc(ev, func(a, b Evidence) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col), cmp.Compare(a.Excerpt, b.Excerpt))
	})
	return slices.CompactFunc(ev, func(a, b Evidence) bool { return a == b })
}
