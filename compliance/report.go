// Package compliance is mcp-comply's front door and its judgement. Analyze
// indexes a project, runs the analyzers (package license for the
// inventory, residency and hardening), applies the policy — the intended
// uses and the target market — and returns a Report: a plain, documented
// value with a schema version that formats in package reports render
// without computing anything.
//
// The Report is made of this package's own types: the analyzers' facts
// are converted when the report is built, so a format needs no package but
// this one.
package compliance

import (
	"github.com/mcp-comply/mcp-comply/internal/graph"
	"github.com/mcp-comply/mcp-comply/internal/project"
)

// SchemaVersion is the version of the Report's JSON shape
// (reports/report.schema.json). It changes when a field changes meaning or
// is removed; additions keep it.
const SchemaVersion = "1"

// Report is the result of an analysis.
type Report struct {
	SchemaVersion string `json:"schemaVersion"`
	Tool          Tool   `json:"tool"`
	Inputs        Inputs `json:"inputs"`
	// Verdicts answers "may we sell it the way we plan?": one per intended use.
	Verdicts  []UseVerdict `json:"verdicts"`
	Inventory Inventory    `json:"inventory"`
	// Licenses are the knowledge-base readings of every licence in the
	// inventory, so each verdict can be traced to its clause and source.
	Licenses []LicenseReading `json:"licenses"`
	// Residency and Hardening are nil until their analyzers have run.
	Residency *Residency `json:"residency,omitempty"`
	Hardening *Hardening `json:"hardening,omitempty"`
	// AIAct is the EU AI Act section: nil when the project shows no AI use.
	AIAct *AIAct `json:"aiAct,omitempty"`
	// Attestations are what a person must confirm: provider settings and
	// contracts the scanner cannot see.
	Attestations []Attestation `json:"attestations,omitempty"`
	Findings     []Finding     `json:"findings"`
	// Rules describe the rules the findings name, sorted by id: the rule
	// table as the report was written with it, for formats that describe
	// their rules (SARIF) and for a saved report rendered again.
	Rules []RuleInfo `json:"rules,omitempty"`
	// Warnings are inputs that could not be read fully; the scan went on.
	Warnings []Warning `json:"warnings"`
	Summary  Summary   `json:"summary"`
	// Gate is the outcome of the pre-release gate (Gate.Check); nil until a
	// gate has judged the report.
	Gate *GateOutcome `json:"gate,omitempty"`
}

// Tool names the program that wrote the report.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Inputs records what was scanned, under which policy (its uses and
// market), with which knowledge.
type Inputs struct {
	Source SourceInfo `json:"source"`
	Policy
	// Excluded says what the policy's Exclude globs kept out of the
	// analysis, one entry a glob, in the policy's order.
	Excluded []Exclusion `json:"excluded,omitempty"`
	// Online says the package registries were asked for the licences the
	// tree does not carry (--online): a component whose licence came from
	// one names it, and the date, in its evidence.
	Online bool `json:"online,omitempty"`
	// Knowledge gives the versions of the data the verdicts rest on.
	Knowledge KnowledgeVersions `json:"knowledge"`
}

// Exclusion is what one Exclude glob kept out: the files and directories
// the walk did not enter (a directory counts once, not its files) and the
// findings whose every piece of evidence lies under it.
type Exclusion struct {
	Pattern string `json:"pattern"`
	// Paths counts the files and directories kept out; Examples names up
	// to three, in path order.
	Paths    int      `json:"paths"`
	Examples []string `json:"examples,omitempty"`
	// Findings counts the findings dropped because all their evidence lies
	// in excluded paths (secrets found in the git history, for one).
	Findings int `json:"findings,omitempty"`
}

// SourceInfo describes the scanned project.
type SourceInfo struct {
	// Kind is "directory" or "git".
	Kind string `json:"kind"`
	// Path is the path as given by the user (a report names no absolute
	// paths of the machine that wrote it unless the user gave one).
	Path string `json:"path"`
	// Name names the project for people: its own package's name (the root
	// package.json, pyproject.toml or go.mod), else its git repository's,
	// else its directory's; never ".".
	Name     string `json:"name,omitempty"`
	Revision string `json:"revision,omitempty"`
	// Commit is the commit scanned (git), or the HEAD of the git work tree
	// a directory lies in; CommitTime its committer time, RFC 3339: the
	// report's date, so the same commit renders the same bytes.
	Commit     string `json:"commit,omitempty"`
	CommitTime string `json:"commitTime,omitempty"`
	// Subdir is where the project lies in its git repository ("" at the
	// root or outside one): locations for the repository (SARIF) are
	// relative to its root.
	Subdir string `json:"subdir,omitempty"`
	// License is the licence the project's root manifest declares for the
	// project itself, as written (an SPDX expression, or a word such as
	// npm's UNLICENSED); empty when it declares none.
	License string `json:"license,omitempty"`
}

// KnowledgeVersions names the versions of the knowledge an analysis used.
type KnowledgeVersions struct {
	SPDXListVersion string `json:"spdxListVersion"`
	// LicensesChecked and EnginesChecked are the newest "checked" dates of
	// the licence readings and of the engine catalogue.
	LicensesChecked string `json:"licensesChecked"`
	EnginesChecked  string `json:"enginesChecked"`
	// ProvidersChecked are the dates the provider-catalogue entries of the
	// residency section's endpoints were checked, each once, oldest first.
	ProvidersChecked []string `json:"providersChecked,omitempty"`
}

// Market is where the product is sold; it decides the residency policy.
type Market string

const (
	EU     Market = "eu"
	US     Market = "us"
	Global Market = "global"
)

// UseVerdict is the project's verdict for one intended use.
type UseVerdict struct {
	Use     Use     `json:"use"`
	Verdict Verdict `json:"verdict"`
	// Reason says in one sentence what decides the verdict.
	Reason string `json:"reason"`
	// Deciding lists what decides it (nothing when allowed), worst first.
	Deciding []Decider `json:"deciding,omitempty"`
	// Counts tallies the shipped components by their verdict for this use.
	Counts map[Verdict]int `json:"counts"`
}

// Decider is an engine or a component whose licence decides a verdict.
type Decider struct {
	// Engine is set when the decider is an engine's group of packages.
	Engine     string  `json:"engine,omitempty"`
	Component  string  `json:"component,omitempty"`
	Name       string  `json:"name"`
	Version    string  `json:"version,omitempty"`
	License    string  `json:"license"`
	Verdict    Verdict `json:"verdict"`
	Obligation string  `json:"obligation,omitempty"`
	Clause     string  `json:"clause,omitempty"`
	// Components counts the packages in an engine group.
	Components int `json:"components"`
}

// Inventory is what the project is made of.
type Inventory struct {
	Components []Component `json:"components"`
	Engines    []EngineUse `json:"engines"`
	// Project is the project itself, the root of the inventory (role
	// project, FirstParty): named by its root manifest (package.json,
	// pyproject.toml, go.mod's module), with its own licence from that
	// manifest and its root licence files (a notice reserving all rights
	// is proprietary, LicenseRef-UNLICENSED). nil when the project has
	// neither. The SBOMs write it as the document's subject.
	Project *Component `json:"project,omitempty"`
}

// Component is a dependency, image, engine or MCP server of the project,
// with its licence and its assessment per intended use.
type Component struct {
	Ecosystem Ecosystem `json:"ecosystem"`
	Name      string    `json:"name"`
	Version   string    `json:"version,omitempty"`
	Role      Role      `json:"role"`
	// Dev marks development-only dependencies, which are not shipped and
	// decide no verdict.
	Dev bool `json:"dev,omitempty"`
	// Engine is the catalogue id of the engine this component is part of.
	Engine string `json:"engine,omitempty"`
	// Locations are where the project declares or installs it.
	Locations []Position `json:"locations"`
	// License is the resolved licence with its evidence.
	License LicenseResolution `json:"license"`
	// ID is "ecosystem:name@version", unique in the report.
	ID string `json:"id"`
	// Purl is the package URL (pkg:npm/…, pkg:pypi/…, pkg:golang/…,
	// pkg:docker/…); empty for an engine known only from an export.
	Purl     string   `json:"purl,omitempty"`
	Category Category `json:"category"`
	// Uses holds the verdict for each intended use.
	Uses map[Use]Assessment `json:"uses"`
	// Dependencies are the ids of the components it depends on, as its
	// lockfile records them (its installed package.json where no lockfile
	// governs the tree), each resolved to the version installed for it:
	// sorted, once each, only components of the inventory; development
	// edges included. The SBOMs write them as the dependency graph.
	Dependencies []string `json:"dependencies,omitempty"`
	// Direct marks a component the project itself depends on: named by
	// the project's own manifest (package.json, pyproject.toml, a go.mod
	// require without "// indirect") or its lockfile's entry for the project.
	Direct bool `json:"direct,omitempty"`
	// FirstParty marks the project's own package or image (the policy's
	// first_party): judged as the project's own code, it is allowed for
	// every use, decides no verdict and raises no licence finding.
	FirstParty bool `json:"firstParty,omitempty"`
	// Workspace is, for one of the project's own workspace packages, the
	// local manifest its licence was read from.
	Workspace string `json:"workspace,omitempty"`
	// Model is set for an AI model (ecosystem model, role model): who
	// serves it and what the model catalogue says of it.
	Model *ModelFacts `json:"model,omitempty"`
}

// ModelFacts is what the AI inventory knows of a model component.
type ModelFacts struct {
	// Provider is the provider that serves it ("ollama", "openai"), ""
	// when the project names the model without one.
	Provider     string `json:"provider,omitempty"`
	ProviderName string `json:"providerName,omitempty"`
	// Endpoints are the ids of the residency endpoints that serve it.
	Endpoints []string `json:"endpoints,omitempty"`
	// Kind is open-weight (weights under a licence), hosted (served under
	// the provider's service terms) or unknown (not in the catalogue).
	Kind string `json:"kind"`
	// Family is the model catalogue's entry id ("llama-3.1") and
	// FamilyName its name; empty when the catalogue does not know the model.
	Family     string `json:"family,omitempty"`
	FamilyName string `json:"familyName,omitempty"`
	Vendor     string `json:"vendor,omitempty"`
	// Base is the family a fine-tune is built on, whose licence it carries.
	Base string `json:"base,omitempty"`
	// Terms is the provider's service terms (hosted models).
	Terms string `json:"terms,omitempty"`
	// Modalities are what the model produces: text, image, audio, video,
	// embedding.
	Modalities []string `json:"modalities,omitempty"`
	// Task, ArchitectureFamily and Parameters are the model card's facts
	// where the catalogue knows them.
	Task               string `json:"task,omitempty"`
	ArchitectureFamily string `json:"architectureFamily,omitempty"`
	Parameters         string `json:"parameters,omitempty"`
	// Source and Checked are the catalogue entry's.
	Source  string `json:"source,omitempty"`
	Checked string `json:"checked,omitempty"`
}

// AIAct is the EU AI Act section (Regulation (EU) 2024/1689): the duties
// the project's signals raise, each with its article, the dates it
// applies from and their sources.
type AIAct struct {
	// InVerdict says the market (eu) makes these duties part of the
	// verdict: their findings are reported at their severity.
	InVerdict bool     `json:"inVerdict"`
	Duties    []AIDuty `json:"duties"`
}

// AIDuty is one obligation a signal of the project raises.
type AIDuty struct {
	// ID names the duty: art-50-1 (people told they talk to an AI),
	// art-50-2 (synthetic output marked), art-50-4 (deepfakes and published
	// text disclosed), annex-iii (possible high-risk use), gpai (the
	// provider's documentation of a general-purpose model).
	ID      string `json:"id"`
	Article string `json:"article"`
	Title   string `json:"title"`
	// Role is whose duty it is under the Act: provider or deployer.
	Role string `json:"role"`
	// Subject is what raised it: a chat surface, a model, a provider, a
	// use-case word.
	Subject string `json:"subject"`
	Text    string `json:"text"`
	// Applies are the dates it applies from: two or more when the sources
	// disagree, and then none is settled.
	Applies  []AIActDate `json:"applies"`
	Evidence []Evidence  `json:"evidence"`
	// Finding is the fingerprint of the finding it raised, Attestation the
	// id of the attestation a person must confirm.
	Finding     string `json:"finding,omitempty"`
	Attestation string `json:"attestation,omitempty"`
}

// AIActDate is a date an AI Act duty applies from, with what sets it.
type AIActDate struct {
	Date string `json:"date"`
	// Basis says what sets it and how settled it is ("Art. 113(b)";
	// "Digital Omnibus on AI: political agreement 7 May 2026, OJ
	// publication not verified").
	Basis   string `json:"basis"`
	Source  string `json:"source"`
	Checked string `json:"checked"`
}

// TopLevel lists the ids of the components the project depends on at the
// top of the graph, in inventory order: the Direct ones; then the
// components none of those reaches that no other component depends on (an
// image, an MCP server, a package no lockfile edge leads to; every
// component when the inventory records neither edges nor direct
// dependencies); then, for a cycle that nothing so far reaches, its first
// component. Every component is reachable from them.
func (inv *Inventory) TopLevel() []string {
	deps := map[string][]string{}
	depended := map[string]bool{}
	for _, c := range inv.Components {
		deps[c.ID] = c.Dependencies
		for _, d := range c.Dependencies {
			if d != c.ID {
				depended[d] = true
			}
		}
	}
	reached := map[string]bool{}
	var out []string
	for _, top := range []func(c *Component) bool{
		func(c *Component) bool { return c.Direct },
		func(c *Component) bool { return !depended[c.ID] && !reached[c.ID] },
		func(c *Component) bool { return !reached[c.ID] },
	} {
		for i := range inv.Components {
			if c := &inv.Components[i]; top(c) {
				out = append(out, c.ID)
				graph.Mark(deps, reached, c.ID)
			}
		}
	}
	return out
}

// Decides reports whether the component decides the project's verdict
// for any intended use.
func (c *Component) Decides() bool {
	for _, a := range c.Uses {
		if a.Decides {
			return true
		}
	}
	return false
}

// LicenseResolution is a component's licence and how it was established.
type LicenseResolution struct {
	// Expression is a normalised SPDX expression; empty when unknown.
	Expression string            `json:"expression,omitempty"`
	Method     Method            `json:"method"`
	Evidence   []LicenseEvidence `json:"evidence,omitempty"`
}

// Known reports whether a licence was established.
func (r LicenseResolution) Known() bool { return r.Expression != "" }

// LicenseEvidence is one observation behind a licence resolution.
type LicenseEvidence struct {
	Method Method `json:"method"`
	Position
	// Value is what was read: the declared string, or the matched licence id.
	Value string `json:"value"`
	// Coverage is the share of the text's words the match covers, in
	// percent (text only).
	Coverage float64 `json:"coverage,omitempty"`
	Note     string  `json:"note,omitempty"`
}

// EngineUse is an engine (n8n, Flowise …) or a service (a database, a
// proxy) the project is built on, with the licence of its core.
type EngineUse struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Kind is "engine" or "service".
	Kind    string `json:"kind"`
	Version string `json:"version,omitempty"`
	// License is the licence of the engine's core: its main package's
	// resolved licence when installed, else the catalogue's for Version.
	License string `json:"license"`
	Method  Method `json:"method"`
	// Catalogue is the catalogue's licence entry for Version (the current
	// one when the version is unknown).
	Catalogue *CatalogueEntry `json:"catalogue,omitempty"`
	// Components counts the packages, images and exports that belong to it.
	Components int        `json:"components"`
	Evidence   []Position `json:"evidence"`
	// Scopes are the parts under another licence, with the files found.
	Scopes []EngineScope `json:"scopes,omitempty"`
	Notes  []string      `json:"notes,omitempty"`
}

// CatalogueEntry is the engine catalogue's licence for a range of versions.
type CatalogueEntry struct {
	Expression string `json:"expression"`
	// From (inclusive) and Before (exclusive) bound the versions it
	// covers; empty is open.
	From   string `json:"from,omitempty"`
	Before string `json:"before,omitempty"`
	// Since is the date the licence took effect.
	Since   string `json:"since,omitempty"`
	Note    string `json:"note,omitempty"`
	Source  string `json:"source"`
	Checked string `json:"checked"`
}

// EngineScope is a part of an engine under another licence, matched by
// path, and the files of it the project holds.
type EngineScope struct {
	// Match is a path pattern: "*.ee.*" matches a file name, a pattern
	// with a slash a directory anywhere in the path ("src/enterprise/").
	Match      string `json:"match"`
	Expression string `json:"expression"`
	Note       string `json:"note"`
	Source     string `json:"source"`
	Checked    string `json:"checked"`
	// Files counts matching files; Examples names up to three.
	Files    int      `json:"files"`
	Examples []string `json:"examples,omitempty"`
}

// Assessment is a component's verdict for one use.
type Assessment struct {
	Verdict Verdict `json:"verdict"`
	// License is the licence the verdict rests on: for "MIT OR GPL-3.0" and
	// distribution, the option chosen ("MIT").
	License    string `json:"license,omitempty"`
	Obligation string `json:"obligation,omitempty"`
	// Reason explains an unknown verdict, or says a first-party
	// component is the project's own.
	Reason string `json:"reason,omitempty"`
	// Decides is set when the component decides the project's verdict for
	// this use: its verdict is the project's, and the verdict's Deciding
	// names it or its engine.
	Decides bool `json:"decides,omitempty"`
}

// LicenseReading is the knowledge base's entry for a licence seen in the project.
type LicenseReading struct {
	ID       string       `json:"id"`
	Name     string       `json:"name"`
	Category Category     `json:"category"`
	Source   string       `json:"source"`
	Checked  string       `json:"checked"`
	Uses     map[Use]Term `json:"uses"`
	Notes    string       `json:"notes,omitempty"`
	Count    int          `json:"components"`
}

// Term is what a licence says about one intended use.
type Term struct {
	Verdict Verdict `json:"verdict"`
	// Obligation is what a conditional verdict requires.
	Obligation string `json:"obligation,omitempty"`
	// Clause quotes or paraphrases the licence text the verdict rests on.
	Clause string `json:"clause"`
}

// Summary is the report in numbers.
type Summary struct {
	Components int              `json:"components"`
	Engines    []string         `json:"engines"`
	Categories map[Category]int `json:"categories"`
	// Unidentified counts components whose licence could not be
	// established, first-party ones aside.
	Unidentified int              `json:"unidentified"`
	Findings     map[Severity]int `json:"findings"`
	Warnings     int              `json:"warnings"`
}

// Position points into a file of the scanned project. Line and Col are
// 1-based; zero means unknown.
type Position struct {
	File string `json:"file,omitempty"`
	Line int    `json:"line,omitempty"`
	Col  int    `json:"column,omitempty"`
}

// String is "file:line:column", "file:line" or "file", as the project
// index writes positions.
func (p Position) String() string {
	return project.Position{File: p.File, Line: p.Line, Col: p.Col}.String()
}

// Warning is an input that could not be read fully; the scan went on.
type Warning struct {
	Position
	Message string `json:"message"`
}

// String is "file:line:column: message", or the message alone for a
// warning about no one file (the git history).
func (w Warning) String() string {
	if w.File == "" {
		return w.Message
	}
	return w.Position.String() + ": " + w.Message
}
