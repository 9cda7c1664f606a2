// Package license inventories every dependency, engine and MCP server of a
// project and resolves the licence of each, keeping the evidence.
//
// Resolution goes metadata first: the licence a package declares in its
// manifest or lockfile, then the alias table (SEE LICENSE IN <file>,
// LicenseRef-n8n-sustainable-use, UNLICENSED, "Apache 2.0" …), then the
// licence text next to the package, matched with google/licensecheck plus
// embedded templates for the licences it lacks. The engine catalogue adds the
// licence of engines known only by an image or an export. The dependency
// graph comes from the lockfiles (graph.go): each component's dependencies,
// resolved to the installed version, and whether the project depends on it
// directly. This package states facts; whether a use is allowed is decided
// in package compliance.
package license

import (
	"cmp"
	"slices"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/vocab"
	"github.com/mcp-comply/mcp-comply/license/kb"
)

// Component is one dependency, image, engine or MCP server.
type Component struct {
	Ecosystem vocab.Ecosystem `json:"ecosystem"`
	Name      string          `json:"name"`
	Version   string          `json:"version,omitempty"`
	Role      vocab.Role      `json:"role"`
	// Dev marks development-only dependencies, which are not shipped.
	Dev bool `json:"dev,omitempty"`
	// Engine is the catalogue id of the engine this component is part of.
	Engine string `json:"engine,omitempty"`
	// Locations are where the project declares or installs it.
	Locations []project.Position `json:"locations"`
	// License is the resolved licence with its evidence.
	License Resolution `json:"license"`
	// Dependencies are the keys (Key) of the components it depends on, as
	// its lockfile records them (its installed package.json where no
	// lockfile governs the tree), each resolved to the version installed
	// for it: sorted, de-duplicated, only components of the inventory.
	// Development-only edges are included.
	Dependencies []string `json:"dependencies,omitempty"`
	// Direct marks a component the project itself depends on: named by
	// one of the project's own manifests (package.json, pyproject.toml, a
	// go.mod require without "// indirect") or by a lockfile's entry for
	// the project or one of its workspace packages.
	Direct bool `json:"direct,omitempty"`
	// Workspace is, for one of the project's own packages (an npm, Yarn or
	// pnpm workspace package, a member of a Python monorepo), the local
	// manifest its licence was read from; the package is the project's
	// own code.
	Workspace string `json:"workspace,omitempty"`
	// TextConflicts are the licence files whose text is another licence
	// than the one the metadata declare (a package.json saying MIT beside
	// a LICENSE that is FSL-1.1: metadata that lag a relicensing). The
	// declared licence still decides; the conflict is a fact to judge.
	TextConflicts []TextConflict `json:"textConflicts,omitempty"`
	// Model is set for an AI model (ecosystem model): who serves it and
	// what the model catalogue says of it.
	Model *ModelInfo `json:"model,omitempty"`

	// Inputs of the resolution, kept out of reports.
	Declared     []Declaration `json:"-"`
	Dir          string        `json:"-"` // installed directory, for SEE LICENSE IN <file>
	LicenseFiles []string      `json:"-"`
	// requires are the packages an installed package.json depends on,
	// by name, for Node's lookup once every installed package is known
	// (resolveInstalled); nil where a lockfile gives the edges.
	requires []string
	// uncached is, for a Go module the module cache lacks, where it is
	// required (the warning Collect rewrites after a registry lookup).
	uncached cacheMiss
}

// Key identifies a component across readers: the same package found in a
// lockfile and in node_modules is one component.
func (c *Component) Key() string {
	return string(c.Ecosystem) + ":" + c.Name + "@" + c.Version
}

// ModelInfo is what the inventory knows of a model beyond its licence.
type ModelInfo struct {
	// Provider is the residency catalogue's id of the provider that serves
	// it ("ollama", "openai", "bedrock"); "" when no endpoint names one.
	Provider     string `json:"provider,omitempty"`
	ProviderName string `json:"providerName,omitempty"`
	// Endpoints are the keys (residency.Endpoint.Key) of the endpoints
	// that serve it.
	Endpoints []string `json:"endpoints,omitempty"`
	// AsService is set when the provider runs the model as a service (a
	// cloud API: Bedrock, Vertex AI, Groq), not a runtime the team runs
	// (residency's local providers: Ollama, vLLM). An open-weight model's
	// licence then binds the provider; what binds the project is left to
	// confirm.
	AsService bool `json:"asService,omitempty"`
	// Entry is the model catalogue's entry; nil when the catalogue does
	// not know the model.
	Entry *kb.ModelEntry `json:"entry,omitempty"`
}

// TextConflict is a licence file that disagrees with the declared licence:
// none of the licences its text matches is one the declaration names.
type TextConflict struct {
	// Declared is the licence the metadata declare (normalised) and
	// Declaration where.
	Declared    string
	Declaration project.Position
	// File is the licence file, Text the licence its text matches and
	// Coverage the share of the file the match covers (percent).
	File     string
	Text     string
	Coverage float64
}

// Declaration is a licence statement read from metadata, as written.
type Declaration struct {
	Value string
	// Field names where it was read: "package.json license",
	// "METADATA License-Expression", "classifier", "package-lock.json".
	Field string
	project.Position
}

// Resolution is a component's licence and how it was established.
type Resolution struct {
	// Expression is a normalised SPDX expression; empty when unknown.
	Expression string       `json:"expression,omitempty"`
	Method     vocab.Method `json:"method"`
	Evidence   []Evidence   `json:"evidence,omitempty"`
}

// Known reports whether a licence was established.
func (r Resolution) Known() bool { return r.Expression != "" }

// Evidence is one observation behind a resolution.
type Evidence struct {
	Method vocab.Method `json:"method"`
	project.Position
	// Value is what was read: the declared string, or the matched licence id.
	Value string `json:"value"`
	// Coverage is the share of the text's words the match covers (text only).
	Coverage float64 `json:"coverage,omitempty"`
	Note     string  `json:"note,omitempty"`
}

// SortComponents orders components by ecosystem, name and version.
func SortComponents(cs []Component) {
	slices.SortFunc(cs, func(a, b Component) int {
		return cmp.Or(cmp.Compare(a.Ecosystem, b.Ecosystem), cmp.Compare(a.Name, b.Name), cmp.Compare(a.Version, b.Version))
	})
}
