// Package kb is the embedded licence knowledge base: for each licence its
// category and what it allows for each intended use, with the clause each
// verdict rests on and the source it was read from; the catalogue of
// orchestration engines with their licence by version and by path; and the
// alias table that maps licence names found in the wild to SPDX ids.
//
// The data lives in YAML files beside this code, embedded at build time and
// checked against schema.json by the package tests. A licence that is not in
// the base has no verdicts: callers must treat it as unknown (fail closed).
package kb

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync"

	"github.com/mcp-comply/mcp-comply/internal/vocab"
	"go.yaml.in/yaml/v3"
)

// Term is a licence's verdict on one use.
type Term struct {
	Verdict vocab.Verdict `yaml:"verdict" json:"verdict"`
	// Obligation is what must be done to rely on the verdict (required for
	// conditional, optional for allowed: keep the notice, say so).
	Obligation string `yaml:"obligation,omitempty" json:"obligation,omitempty"`
	// Clause quotes or closely paraphrases the licence text the verdict rests on.
	Clause string `yaml:"clause" json:"clause"`
}

// License is one entry of the knowledge base.
type License struct {
	// ID is the SPDX id, or a LicenseRef- id for licences not on the SPDX list.
	ID       string         `yaml:"id"`
	Name     string         `yaml:"name"`
	Category vocab.Category `yaml:"category"`
	// Exception marks SPDX exceptions and riders used after WITH (Commons
	// Clause, Classpath-exception-2.0); their terms override the licence's.
	Exception bool `yaml:"exception,omitempty"`
	// Source is where the text and its reading come from; Checked is the
	// date it was last verified (YYYY-MM-DD).
	Source  string             `yaml:"source"`
	Checked string             `yaml:"checked"`
	Uses    map[vocab.Use]Term `yaml:"uses"`
	Notes   string             `yaml:"notes,omitempty"`
	// Remediation is what to do when the licence stands in the way of an
	// intended use (buy the vendor's commercial licence, say).
	Remediation string `yaml:"remediation,omitempty"`
}

// Term returns the licence's verdict for a use; a use the entry does not
// cover is unknown.
func (l *License) Term(u vocab.Use) Term {
	if t, ok := l.Uses[u]; ok {
		return t
	}
	return Term{Verdict: vocab.Unknown, Clause: "the knowledge base has no reading of " + l.ID + " for this use"}
}

// VersionedLicense is an engine's licence for a range of its versions.
type VersionedLicense struct {
	// Expression is the SPDX expression (LicenseRef- ids allowed).
	Expression string `yaml:"expression" json:"expression"`
	// From (inclusive) and Before (exclusive) bound the versions; empty is open.
	From   string `yaml:"from,omitempty" json:"from,omitempty"`
	Before string `yaml:"before,omitempty" json:"before,omitempty"`
	// Since is the date the licence took effect, for the report.
	Since   string `yaml:"since,omitempty" json:"since,omitempty"`
	Note    string `yaml:"note,omitempty" json:"note,omitempty"`
	Source  string `yaml:"source" json:"source"`
	Checked string `yaml:"checked" json:"checked"`
}

// PathScope is a part of an engine under a different licence than the rest,
// selected by path.
type PathScope struct {
	// Match is a path pattern: "*.ee.*" matches a file name, a pattern with
	// a slash matches a directory anywhere in the path ("src/enterprise/").
	Match      string `yaml:"match" json:"match"`
	Expression string `yaml:"expression" json:"expression"`
	Note       string `yaml:"note" json:"note"`
	Source     string `yaml:"source" json:"source"`
	Checked    string `yaml:"checked" json:"checked"`
}

// MCPServerKind is the Kind of the MCP server catalogue's entries.
const MCPServerKind = "mcp-server"

// Engine is an orchestration engine, agent framework or AI runtime.
type Engine struct {
	ID   string `yaml:"id"`
	Name string `yaml:"name"`
	// Kind is "engine" (an orchestration engine, agent framework or AI
	// runtime; the default), "service" (infrastructure the project runs
	// beside it: a database, a proxy, a base image) or "mcp-server" (MCP
	// servers projects launch without installing: the entry only gives each
	// matching component its licence, by that component's own version).
	Kind string `yaml:"kind,omitempty"`
	// NPM and PyPI list package names; a trailing "/*" matches a scope.
	// Main names the package whose version is the engine's version.
	NPM  []string `yaml:"npm,omitempty"`
	PyPI []string `yaml:"pypi,omitempty"`
	Main string   `yaml:"main,omitempty"`
	// Images lists container image repositories, without registry host
	// unless the image lives only on one (ghcr.io/…).
	Images []string `yaml:"images,omitempty"`
	// Bundled lists npm packages the engine's vendor publishes without a
	// licence of their own (UNLICENSED) and ships only as dependencies of
	// the engine; they are judged under the engine's licence, with a note.
	Bundled  []string           `yaml:"bundled,omitempty"`
	Licenses []VersionedLicense `yaml:"licenses"`
	Scopes   []PathScope        `yaml:"scopes,omitempty"`
	Notes    string             `yaml:"notes,omitempty"`
}

// Base is the loaded knowledge base.
type Base struct {
	Licenses []License `yaml:"licenses"`
	Engines  []Engine  `yaml:"engines"`
	// Models is the model catalogue: model families, their weights'
	// licence or their provider's terms (models.go).
	Models []ModelEntry `yaml:"models"`
	// Aliases map a lower-cased licence name as found in metadata to an
	// SPDX expression.
	Aliases map[string]string `yaml:"aliases"`
	// Classifiers map Python trove classifiers to SPDX ids.
	Classifiers map[string]string `yaml:"classifiers"`

	byID map[string]*License
}

//go:embed data/*.yaml
var data embed.FS

var defaultBase = sync.OnceValues(func() (*Base, error) { return Load(data) })

// Default returns the embedded knowledge base. It is parsed once.
func Default() *Base {
	b, err := defaultBase()
	if err != nil {
		panic("kb: embedded data is invalid: " + err.Error()) // caught by the package tests
	}
	return b
}

// Load reads and merges every data/*.yaml file of fsys.
func Load(fsys fs.FS) (*Base, error) {
	names, err := fs.ReadDir(fsys, "data")
	if err != nil {
		return nil, err
	}
	b := &Base{Aliases: map[string]string{}, Classifiers: map[string]string{}}
	for _, n := range names {
		raw, err := fs.ReadFile(fsys, "data/"+n.Name())
		if err != nil {
			return nil, err
		}
		var part Base
		dec := yaml.NewDecoder(bytes.NewReader(raw))
		dec.KnownFields(true)
		if err := dec.Decode(&part); err != nil {
			return nil, fmt.Errorf("data/%s: %w", n.Name(), err)
		}
		b.Licenses = append(b.Licenses, part.Licenses...)
		b.Engines = append(b.Engines, part.Engines...)
		b.Models = append(b.Models, part.Models...)
		for k, v := range part.Aliases {
			b.Aliases[strings.ToLower(k)] = v
		}
		for k, v := range part.Classifiers {
			b.Classifiers[k] = v
		}
	}
	sort.Slice(b.Licenses, func(i, j int) bool { return b.Licenses[i].ID < b.Licenses[j].ID })
	sort.Slice(b.Engines, func(i, j int) bool { return b.Engines[i].ID < b.Engines[j].ID })
	sort.Slice(b.Models, func(i, j int) bool { return b.Models[i].ID < b.Models[j].ID })
	b.byID = make(map[string]*License, len(b.Licenses))
	for i := range b.Licenses {
		l := &b.Licenses[i]
		if _, dup := b.byID[strings.ToLower(l.ID)]; dup {
			return nil, fmt.Errorf("licence %s is defined twice", l.ID)
		}
		b.byID[strings.ToLower(l.ID)] = l
	}
	return b, nil
}

// License looks a licence up by id, ignoring case. "X+" (X or any later
// version) reads as X when the base has no entry of its own for it: the
// licensee may always choose version X.
func (b *Base) License(id string) (*License, bool) {
	l, ok := b.byID[strings.ToLower(id)]
	if !ok && strings.HasSuffix(id, "+") {
		l, ok = b.byID[strings.ToLower(strings.TrimSuffix(id, "+"))]
	}
	return l, ok
}

// Engine looks an engine up by id.
func (b *Base) Engine(id string) (*Engine, bool) {
	for i := range b.Engines {
		if b.Engines[i].ID == id {
			return &b.Engines[i], true
		}
	}
	return nil, false
}
