// Package vocab declares, once, the words of licence compliance that the
// licence analyzer, its knowledge base and the report model share: the
// intended uses, the verdicts, the licence categories, the ecosystems a
// component comes from, the roles it plays and the methods a licence is
// established by.
//
// It is a leaf: it imports nothing of this module. Package license and
// license/kb use these types for their facts and data; package compliance
// declares its own names for them as aliases (type Use = vocab.Use), so
// the formats still read the report model alone and an analyzer's value
// is the report's by construction, not by a cast kept in step by a test.
// The values are the report's JSON (reports/report.schema.json).
package vocab

import (
	"fmt"
	"strings"
)

// Use is an intended use of the product, judged for every component.
type Use string

const (
	Internal   Use = "internal"   // run it inside the company
	SaaS       Use = "saas"       // host it as a service for paying customers
	WhiteLabel Use = "whitelabel" // rebrand and resell it
	Distribute Use = "distribute" // embed or redistribute it in a product
	Modify     Use = "modify"     // change its code
)

// Uses lists every intended use, in report order.
var Uses = []Use{Internal, SaaS, WhiteLabel, Distribute, Modify}

// ParseUse accepts a use name as written on the command line (--use).
func ParseUse(s string) (Use, error) {
	for _, u := range Uses {
		if string(u) == strings.ToLower(strings.TrimSpace(s)) {
			return u, nil
		}
	}
	return "", fmt.Errorf("unknown use %q (expected one of internal, saas, whitelabel, distribute, modify)", s)
}

// Verdict is whether a licence allows a use.
type Verdict string

const (
	Allowed     Verdict = "allowed"
	Conditional Verdict = "conditional" // allowed if an obligation is met
	Prohibited  Verdict = "prohibited"  // not without a separate licence
	Unknown     Verdict = "unknown"     // not established: confirm before relying on it
)

// Rank orders verdicts from allowed (0) to prohibited (3). Unknown ranks
// between conditional and prohibited: it is never treated as allowed.
func (v Verdict) Rank() int {
	switch v {
	case Allowed:
		return 0
	case Conditional:
		return 1
	case Unknown:
		return 2
	}
	return 3
}

// Category places a licence by the kind of obligation it carries.
type Category string

const (
	Permissive      Category = "permissive"
	WeakCopyleft    Category = "weak-copyleft"
	StrongCopyleft  Category = "strong-copyleft"
	NetworkCopyleft Category = "network-copyleft"
	SourceAvailable Category = "source-available"
	FairCode        Category = "fair-code"
	Commercial      Category = "commercial"
	NonCommercial   Category = "non-commercial"
	UnknownCategory Category = "unknown"
)

// Categories lists the categories from least to most restrictive, the
// order an expression is placed by and the formats count them in.
var Categories = []Category{Permissive, WeakCopyleft, StrongCopyleft, NetworkCopyleft,
	SourceAvailable, FairCode, NonCommercial, Commercial, UnknownCategory}

// Ecosystem names where a component comes from.
type Ecosystem string

const (
	NPM       Ecosystem = "npm"
	PyPI      Ecosystem = "pypi"
	Golang    Ecosystem = "golang"
	Container Ecosystem = "container"
	// EngineExport is an orchestration engine known only from an export
	// file (an n8n workflow, a Flowise chatflow), with no package behind it.
	EngineExport Ecosystem = "engine"
	// Model is an AI model the project names (an Ollama tag, a Bedrock
	// model id, an API model name): its weights' licence, or its
	// provider's service terms.
	Model Ecosystem = "model"
)

// Role says why a component is in the inventory.
type Role string

const (
	RoleLibrary   Role = "library"    // a dependency
	RoleImage     Role = "image"      // a container image the project deploys
	RoleMCPServer Role = "mcp-server" // a server a client config launches (npx, uvx, docker run)
	RoleRuntime   Role = "runtime"    // an engine the project's exports run on
	RoleProject   Role = "project"    // the project itself (the inventory's root)
	RoleModel     Role = "model"      // an AI model the project runs or calls
)

// Method says how a licence was established.
type Method string

const (
	MethodDeclared  Method = "declared"  // an SPDX expression in metadata
	MethodAlias     Method = "alias"     // a non-SPDX name mapped through the alias table
	MethodText      Method = "text"      // a licence text matched against templates
	MethodCatalogue Method = "catalogue" // the engine catalogue, by product and version
	MethodNone      Method = "none"      // nothing found: unknown
)
