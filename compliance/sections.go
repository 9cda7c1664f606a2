package compliance

// The report's sections for data residency (issue: where does our data
// go?) and for the MCP hardening checklist, and the attestations a person
// must sign for what the scanner cannot see.

import "slices"

// Guarantee says how far an endpoint keeps data where the market needs it,
// from best to worst for an EU market.
type Guarantee string

const (
	SelfHosted        Guarantee = "self-hosted"        // runs where the project deploys it
	EUProcessing      Guarantee = "eu-processing"      // processed (and stored) in the EEA
	EUStorageOnly     Guarantee = "eu-storage-only"    // stored in the EEA, processed anywhere
	AdequateCountry   Guarantee = "adequate-country"   // a country with an EU adequacy decision
	PartialAdequacy   Guarantee = "partial-adequacy"   // a decision that covers only some recipients (Canada: PIPEDA)
	USDataPrivacy     Guarantee = "us-dpf"             // the US, lawful only under the EU-US DPF or SCCs
	GlobalUnspecified Guarantee = "global-unspecified" // the provider may process anywhere
	UnknownGuarantee  Guarantee = "unknown"            // where it processes is not established
	NoAdequacy        Guarantee = "no-adequacy"        // a country without adequacy (China …)
)

// NoEndpoints is the residency verdict of a project that calls no AI or
// data endpoint the scanner can see.
const NoEndpoints Guarantee = "none"

// Guarantees lists an endpoint's guarantees from best to worst for an EU
// market: the residency verdict is the worst of them, and every format
// lists endpoints in this order. An unknown location ranks just above a
// destination without adequacy: it is never assumed safe.
var Guarantees = []Guarantee{SelfHosted, EUProcessing, EUStorageOnly, AdequateCountry, PartialAdequacy, USDataPrivacy,
	GlobalUnspecified, UnknownGuarantee, NoAdequacy}

// Rank orders guarantees as Guarantees does, from 1 for SelfHosted;
// NoEndpoints (and a value Guarantees lacks) is 0.
func (g Guarantee) Rank() int { return slices.Index(Guarantees, g) + 1 }

// Residency is the data-residency section.
type Residency struct {
	// Verdict is the EU-residency verdict for the project: the worst
	// guarantee among its endpoints.
	Verdict Guarantee `json:"verdict"`
	Reason  string    `json:"reason"`
	// Deciding names the endpoints that decide the verdict.
	Deciding  []string   `json:"deciding,omitempty"`
	Endpoints []Endpoint `json:"endpoints"`
	// Hosting is where the project itself runs (Render, AWS, Azure, GCP, Fly).
	Hosting []Hosting `json:"hosting,omitempty"`
	// Concern is, for a US market, the verdict under the US bulk-data rule
	// (28 CFR Part 202); nil for other markets.
	Concern *ConcernVerdict `json:"concern,omitempty"`
	// Encryption lists the encryption-at-rest and in-transit settings found.
	Encryption []EncryptionSetting `json:"encryption,omitempty"`
	// EncryptionCounts tallies them by status.
	EncryptionCounts StatusCounts `json:"encryptionCounts,omitzero"`
}

// ConcernVerdict is the verdict of a US market's law: whether data reaches
// a country of concern of 28 CFR 202.601 or a company of one.
type ConcernVerdict struct {
	// Verdict is "country-of-concern" (an endpoint does), "unknown" (none
	// is known to, but some endpoint's location is not established) or
	// "none".
	Verdict  string   `json:"verdict"`
	Reason   string   `json:"reason"`
	Deciding []string `json:"deciding,omitempty"`
}

// The verdicts of ConcernVerdict.
const (
	OfConcern      = "country-of-concern"
	ConcernUnknown = "unknown"
	NoConcern      = "none"
)

// Endpoint is an AI or data service the project calls.
type Endpoint struct {
	// ID is stable across runs: provider, host and region.
	ID           string `json:"id"`
	Provider     string `json:"provider"`
	ProviderName string `json:"providerName"`
	// Kind is llm, embeddings, vector-store, database, mcp-server or other.
	Kind   string `json:"kind"`
	Host   string `json:"host,omitempty"`
	URL    string `json:"url,omitempty"`
	Region string `json:"region,omitempty"`
	// Model is a model or deployment id where it decides the processing
	// location (Bedrock "eu." profiles, Azure deployment SKUs).
	Model string `json:"model,omitempty"`
	// Processing, Storage and Jurisdiction are three different things: where
	// data is processed, where it is stored, and whose law binds the provider.
	Processing    string    `json:"processing"`
	Storage       string    `json:"storage"`
	Jurisdiction  string    `json:"jurisdiction"`
	Guarantee     Guarantee `json:"guarantee"`
	TransferBasis string    `json:"transferBasis"`
	// Attestations are the conditions the scanner cannot see.
	Attestations []string   `json:"attestations,omitempty"`
	Notes        []string   `json:"notes,omitempty"`
	Evidence     []Evidence `json:"evidence"`
	Source       string     `json:"source,omitempty"`
	Checked      string     `json:"checked,omitempty"`
	// Sample says every file that names the endpoint is a test, fixture,
	// example or CI pipeline: it is listed, but decides no verdict and
	// raises no attestation, and its findings are kept apart.
	Sample bool `json:"sample,omitempty"`
}

// Hosting is a region the project deploys itself to.
type Hosting struct {
	Platform  string     `json:"platform"`
	Region    string     `json:"region"`
	Geography string     `json:"geography"`
	Evidence  []Evidence `json:"evidence"`
}

// EncryptionSetting is an encryption or transport setting and what it means.
type EncryptionSetting struct {
	// Area is at-rest, in-transit or crypto (weak algorithms in code).
	Area    string `json:"area"`
	Setting string `json:"setting"`
	// Status is "fail" when the setting leaves data unprotected, "pass" when
	// it protects it.
	Status      string     `json:"status"`
	Detail      string     `json:"detail"`
	Fingerprint string     `json:"fingerprint,omitempty"`
	Evidence    []Evidence `json:"evidence"`
}

// Hardening is the MCP hardening checklist.
type Hardening struct {
	Checks []Check `json:"checks"`
	// Counts tallies the checks by status; the checklist fails when Fail
	// is not zero.
	Counts  StatusCounts `json:"counts"`
	Servers []MCPServer  `json:"servers"`
	// Unpinned counts the servers launched without an exact version.
	Unpinned int `json:"unpinned"`
}

// StatusCounts tallies checks or settings by status.
type StatusCounts struct {
	Pass          int `json:"pass"`
	Fail          int `json:"fail"`
	NotApplicable int `json:"notApplicable"`
}

// Check is one item of the checklist.
type Check struct {
	// ID is authentication, key-hygiene, least-privilege, tool-poisoning,
	// rug-pulls, shadowing, human-in-the-loop or transport.
	ID    string `json:"id"`
	Title string `json:"title"`
	// Status is pass, fail, or not-applicable (nothing to check).
	Status  string `json:"status"`
	Summary string `json:"summary"`
	// Findings are the fingerprints of the findings behind a fail.
	Findings []string `json:"findings,omitempty"`
}

// MCPServer is a server a client config runs or the project ships.
type MCPServer struct {
	Name      string `json:"name"`
	Client    string `json:"client,omitempty"`
	Transport string `json:"transport,omitempty"`
	// Launch is the command line or URL, secrets redacted.
	Launch string `json:"launch,omitempty"`
	// Pinned says whether a launched package or image names an exact
	// version; nil where pinning a version does not apply (local code, a
	// remote URL: the tool-pin lockfile covers those).
	Pinned *bool `json:"pinned,omitempty"`
	Tools  int   `json:"tools"`
	// ToolDefinitions are the tools a server of the project's source
	// defines, sorted by name, each with the SHA-256 of its canonical
	// definition as mcp-comply pin locks it (name, title, description,
	// schemas, annotations): a changed hash is a changed definition. A
	// config entry has none: only the running server lists its tools.
	ToolDefinitions []ToolDefinition `json:"toolDefinitions,omitempty"`
	// InstructionsSHA256 is the SHA-256 of the server's instructions, as
	// mcp-comply pin locks them; empty when the source gives none.
	InstructionsSHA256 string `json:"instructionsSha256,omitempty"`
	Position
}

// ToolDefinition names a tool and the hash of its definition.
type ToolDefinition struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
}

// Attestation is something the scanner cannot see and a person must
// confirm before relying on the report: a provider setting, a contract.
type Attestation struct {
	ID      string `json:"id"`
	Area    Area   `json:"area"`
	Subject string `json:"subject"`
	Text    string `json:"text"`
}
