package compliance

import "github.com/mcp-comply/mcp-comply/internal/vocab"

// The report's words for licences are package vocab's, declared once for
// the licence analyzer, its knowledge base and this model; the formats
// name them through this package.
type (
	// Use is an intended use of the product, judged for every component.
	Use = vocab.Use
	// Verdict is whether a licence allows a use. Rank orders verdicts from
	// allowed (0) to prohibited (3); unknown ranks between conditional and
	// prohibited.
	Verdict = vocab.Verdict
	// Category places a licence by how much it restricts.
	Category = vocab.Category
	// Ecosystem names where a component comes from.
	Ecosystem = vocab.Ecosystem
	// Role says why a component is in the inventory.
	Role = vocab.Role
	// Method says how a licence was established.
	Method = vocab.Method
)

const (
	Internal   = vocab.Internal   // run it inside the company
	SaaS       = vocab.SaaS       // host it as a service for paying customers
	WhiteLabel = vocab.WhiteLabel // rebrand and resell it
	Distribute = vocab.Distribute // embed or redistribute it in a product
	Modify     = vocab.Modify     // change its code
)

const (
	Allowed     = vocab.Allowed
	Conditional = vocab.Conditional // allowed if an obligation is met
	Prohibited  = vocab.Prohibited  // not without a separate licence
	Unknown     = vocab.Unknown     // not established: confirm before relying on it
)

const (
	Permissive      = vocab.Permissive
	WeakCopyleft    = vocab.WeakCopyleft
	StrongCopyleft  = vocab.StrongCopyleft
	NetworkCopyleft = vocab.NetworkCopyleft
	SourceAvailable = vocab.SourceAvailable
	FairCode        = vocab.FairCode
	Commercial      = vocab.Commercial
	NonCommercial   = vocab.NonCommercial
	UnknownCategory = vocab.UnknownCategory
)

const (
	NPM       = vocab.NPM
	PyPI      = vocab.PyPI
	Golang    = vocab.Golang
	Container = vocab.Container
	// EngineExport is an orchestration engine known only from an export
	// file (an n8n workflow, a Flowise chatflow), with no package behind it.
	EngineExport = vocab.EngineExport
	// Model is an AI model the project names (ModelFacts says more).
	Model = vocab.Model
)

const (
	RoleLibrary   = vocab.RoleLibrary   // a dependency
	RoleImage     = vocab.RoleImage     // a container image the project deploys
	RoleMCPServer = vocab.RoleMCPServer // a server a client config launches (npx, uvx, docker run)
	RoleRuntime   = vocab.RoleRuntime   // an engine the project's exports run on
	RoleProject   = vocab.RoleProject   // the project itself (Inventory.Project)
	RoleModel     = vocab.RoleModel     // an AI model the project runs or calls
)

const (
	MethodDeclared  = vocab.MethodDeclared  // an SPDX expression in metadata
	MethodAlias     = vocab.MethodAlias     // a non-SPDX name mapped through the alias table
	MethodText      = vocab.MethodText      // a licence text matched against templates
	MethodCatalogue = vocab.MethodCatalogue // the engine catalogue, by product and version
	MethodNone      = vocab.MethodNone      // nothing found: unknown
)

// MethodOverride is the report's own method: the policy's
// license_overrides set the licence, with a reason and an evidence URL.
// No analyzer establishes a licence so.
const MethodOverride Method = "override"

var (
	// Uses lists every intended use, in report order.
	Uses = vocab.Uses
	// Categories lists the categories from least to most restrictive, the
	// order an expression is placed by and the formats count them in.
	Categories = vocab.Categories
)

// ParseUse accepts a use name (mcp-comply --use).
func ParseUse(s string) (Use, error) { return vocab.ParseUse(s) }
