// Package compliance is mcp-comply's front door and its judgement. Analyze
// indexes a project, runs the analyzers (package license for the
// inventory; residency and hardening as they land), applies the policy —
// the intended uses and the target market — and returns a Report: a plain,
// documented value with a schema version that formats in package reports
// render without computing anything.
package compliance

import (
	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/license"
	"github.com/mcp-comply/mcp-comply/license/kb"
)

// SchemaVersion is the version of the Report's JSON shape
// (reports/report.schema.json). It changes when a field changes meaning or
// is removed; additions keep it.
const SchemaVersion = "1"

// Use and Verdict are the knowledge base's, re-exported for library users.
type (
	Use     = kb.Use
	Verdict = kb.Verdict
)

// Position and Warning point into the scanned project.
type (
	Position = project.Position
	Warning  = project.Warning
)

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
	// Attestations are what a person must confirm: provider settings and
	// contracts the scanner cannot see.
	Attestations []Attestation `json:"attestations,omitempty"`
	Findings     []Finding     `json:"findings"`
	// Warnings are inputs that could not be read fully; the scan went on.
	Warnings []Warning `json:"warnings"`
	Summary  Summary   `json:"summary"`
}

// Tool names the program that wrote the report.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Inputs records what was scanned and under which policy.
type Inputs struct {
	Source SourceInfo `json:"source"`
	Uses   []Use      `json:"uses"`
	Market Market     `json:"market"`
	// Knowledge gives the versions of the data the verdicts rest on.
	Knowledge Knowledge `json:"knowledge"`
}

// SourceInfo describes the scanned project.
type SourceInfo struct {
	// Kind is "directory" or "git".
	Kind string `json:"kind"`
	// Path is the path as given by the user (a report names no absolute
	// paths of the machine that wrote it unless the user gave one).
	Path     string `json:"path"`
	Revision string `json:"revision,omitempty"`
	Commit   string `json:"commit,omitempty"`
	// CommitTime is the commit's committer time, RFC 3339 (git only).
	CommitTime string `json:"commitTime,omitempty"`
}

// Knowledge names the versions of the embedded data.
type Knowledge struct {
	SPDXListVersion string `json:"spdxListVersion"`
	// LicensesChecked and EnginesChecked are the newest "checked" dates of
	// the licence readings and of the engine catalogue.
	LicensesChecked string `json:"licensesChecked"`
	EnginesChecked  string `json:"enginesChecked"`
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
	Components []Component         `json:"components"`
	Engines    []license.EngineUse `json:"engines"`
}

// Component is an inventory entry with its assessment per intended use.
type Component struct {
	license.Component
	// ID is "ecosystem:name@version", unique in the report.
	ID       string      `json:"id"`
	Category kb.Category `json:"category"`
	// Uses holds the verdict for each intended use.
	Uses map[Use]Assessment `json:"uses"`
}

// Assessment is a component's verdict for one use.
type Assessment struct {
	Verdict Verdict `json:"verdict"`
	// License is the licence the verdict rests on: for "MIT OR GPL-3.0" and
	// distribution, the option chosen ("MIT").
	License    string `json:"license,omitempty"`
	Obligation string `json:"obligation,omitempty"`
	// Reason explains an unknown verdict.
	Reason string `json:"reason,omitempty"`
}

// LicenseReading is the knowledge base's entry for a licence seen in the project.
type LicenseReading struct {
	ID       string          `json:"id"`
	Name     string          `json:"name"`
	Category kb.Category     `json:"category"`
	Source   string          `json:"source"`
	Checked  string          `json:"checked"`
	Uses     map[Use]kb.Term `json:"uses"`
	Notes    string          `json:"notes,omitempty"`
	Count    int             `json:"components"`
}

// Summary is the report in numbers.
type Summary struct {
	Components int                 `json:"components"`
	Engines    []string            `json:"engines"`
	Categories map[kb.Category]int `json:"categories"`
	// Unidentified counts components whose licence could not be established.
	Unidentified int              `json:"unidentified"`
	Findings     map[Severity]int `json:"findings"`
	Warnings     int              `json:"warnings"`
}
