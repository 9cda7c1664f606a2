package license

import (
	"cmp"
	"io/fs"
	"slices"
	"strings"

	"golang.org/x/mod/semver"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/vocab"
	"github.com/mcp-comply/mcp-comply/license/kb"
)

// EngineUse is an engine the project is built on.
type EngineUse struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Kind is "engine" or "service" (a database, proxy or base image).
	Kind    string `json:"kind"`
	Version string `json:"version,omitempty"`
	// License is the licence of the engine's core: its main package's
	// resolved licence when installed, else the catalogue's for Version.
	License string       `json:"license"`
	Method  vocab.Method `json:"method"`
	// Catalogue is the catalogue's licence entry for Version (the current
	// one when the version is unknown).
	Catalogue *kb.VersionedLicense `json:"catalogue,omitempty"`
	// Components counts the packages, images and exports that belong to it.
	Components int                `json:"components"`
	Evidence   []project.Position `json:"evidence"`
	// Scopes are the parts under another licence, with the files found.
	Scopes []ScopeUse `json:"scopes,omitempty"`
	Notes  []string   `json:"notes,omitempty"`
}

// ScopeUse is a path-scoped part of an engine found in the project.
type ScopeUse struct {
	kb.PathScope
	// Files counts matching files; Examples names up to three.
	Files    int      `json:"files"`
	Examples []string `json:"examples,omitempty"`
}

// engineOf returns the catalogue engine a component belongs to. An exact
// name wins over a scope pattern, so @langchain/langgraph is LangGraph's
// even though @langchain/* is LangChain's.
func engineOf(base *kb.Base, c *Component) *kb.Engine {
	var byPattern *kb.Engine
	for i := range base.Engines {
		e := &base.Engines[i]
		var names []string
		switch c.Ecosystem {
		case vocab.NPM:
			names = e.NPM
		case vocab.PyPI:
			names = e.PyPI
		case vocab.Container:
			names = e.Images
		case vocab.EngineExport:
			if c.Name == e.ID {
				return e
			}
		}
		for _, n := range names {
			if !nameMatches(n, c.Name, c.Ecosystem) {
				continue
			}
			if !strings.HasSuffix(n, "/*") {
				return e
			}
			if byPattern == nil {
				byPattern = e
			}
		}
	}
	return byPattern
}

// nameMatches compares a catalogue name with a component name: exact, a
// "@scope/*" pattern, PyPI names after PEP 503 normalisation, images with or
// without the docker.io registry.
func nameMatches(pattern, name string, eco vocab.Ecosystem) bool {
	switch eco {
	case vocab.PyPI:
		return normalizePyPI(pattern) == normalizePyPI(name)
	case vocab.Container:
		return strings.TrimPrefix(pattern, "docker.io/") == strings.TrimPrefix(name, "docker.io/")
	}
	if scope, ok := strings.CutSuffix(pattern, "/*"); ok {
		return strings.HasPrefix(name, scope+"/")
	}
	return pattern == name
}

// normalizePyPI applies PEP 503: lower case, runs of -_. become "-".
func normalizePyPI(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if r == '-' || r == '_' || r == '.' {
			if !dash {
				b.WriteByte('-')
			}
			dash = true
			continue
		}
		dash = false
		b.WriteRune(r)
	}
	return b.String()
}

// attributeEngines tags each component with its engine, fills unknown
// licences of engine parts from the catalogue, and summarises each engine.
func attributeEngines(idx *project.Index, base *kb.Base, comps []Component) []EngineUse {
	members := map[string][]int{}
	var ids []string
	for i := range comps {
		e := engineOf(base, &comps[i])
		if e == nil {
			continue
		}
		comps[i].Engine = e.ID
		if _, ok := members[e.ID]; !ok {
			ids = append(ids, e.ID)
		}
		members[e.ID] = append(members[e.ID], i)
	}
	slices.Sort(ids)
	var out []EngineUse
	for _, id := range ids {
		e, _ := base.Engine(id)
		if e.Kind == kb.MCPServerKind {
			// A catalogue of independent servers: each is its own
			// version, none makes an engine of the project.
			for _, i := range members[id] {
				fillFromCatalogue(e, &comps[i])
			}
			continue
		}
		use := EngineUse{ID: e.ID, Name: e.Name, Kind: cmp.Or(e.Kind, "engine"), Components: len(members[id])}
		main := mainComponent(e, comps, members[id])
		if main != nil {
			use.Version = main.Version
		}
		cat, note := catalogueLicense(e, main)
		if cat.Expression != "" {
			use.Catalogue = &cat
		}
		if note != "" {
			use.Notes = append(use.Notes, note)
		}
		catExpr, _ := ParseExpression(cat.Expression)
		for _, i := range members[id] {
			c := &comps[i]
			if !c.License.Known() && catExpr != nil {
				c.License.Expression = catExpr.String()
				c.License.Method = vocab.MethodCatalogue
				c.License.Evidence = append(c.License.Evidence, Evidence{Method: vocab.MethodCatalogue, Value: catExpr.String(),
					Note: catalogueNote(e, cat, use.Version)})
			}
			use.Evidence = append(use.Evidence, c.Locations...)
		}
		switch {
		case main != nil && main.License.Known():
			use.License, use.Method = main.License.Expression, main.License.Method
			if catExpr != nil && main.License.Method != vocab.MethodCatalogue && main.License.Expression != catExpr.String() {
				use.Notes = append(use.Notes, "the package declares "+main.License.Expression+
					"; the catalogue gives "+catExpr.String()+" for this version")
			}
		case catExpr != nil:
			use.License, use.Method = catExpr.String(), vocab.MethodCatalogue
		}
		if use.License != "" {
			bundle(e, use, comps, members[id])
		}
		use.Evidence = compactPositions(use.Evidence)
		use.Scopes = findScopes(idx, e, comps, members[id])
		if e.Notes != "" {
			use.Notes = append(use.Notes, e.Notes)
		}
		out = append(out, use)
	}
	return out
}

// fillFromCatalogue gives c the catalogue's licence for its own version
// when nothing in the tree stated one.
func fillFromCatalogue(e *kb.Engine, c *Component) {
	cat, note := catalogueLicense(e, c)
	catExpr, _ := ParseExpression(cat.Expression)
	if c.License.Known() || catExpr == nil {
		return
	}
	c.License.Expression, c.License.Method = catExpr.String(), vocab.MethodCatalogue
	c.License.Evidence = append(c.License.Evidence, Evidence{Method: vocab.MethodCatalogue, Value: catExpr.String(),
		Note: strings.TrimSuffix(catalogueNote(e, cat, c.Version)+"; "+note, "; ")})
}

// mainComponent picks the component whose version is the engine's: the
// catalogue's main package (its highest version), else an image, else an
// export. Other members (n8n-workflow in a community-node project) carry
// versions of their own that say nothing about the engine's licence.
func mainComponent(e *kb.Engine, comps []Component, members []int) *Component {
	var pkg, image, export *Component
	for _, i := range members {
		c := &comps[i]
		switch {
		case e.Main != "" && !c.Dev && (c.Ecosystem == vocab.NPM || c.Ecosystem == vocab.PyPI) && nameMatches(e.Main, c.Name, c.Ecosystem):
			if pkg == nil || semver.Compare("v"+c.Version, "v"+pkg.Version) > 0 {
				pkg = c
			}
		case c.Ecosystem == vocab.Container && image == nil:
			image = c
		case c.Ecosystem == vocab.EngineExport && export == nil:
			export = c
		}
	}
	return cmp.Or(pkg, image, export)
}

// catalogueLicense returns the catalogue's licence for the main
// component's version, and a note when the version does not settle it.
func catalogueLicense(e *kb.Engine, main *Component) (kb.VersionedLicense, string) {
	current, hasCurrent := e.Current()
	version := ""
	if main != nil && main.Ecosystem != vocab.EngineExport {
		version = main.Version
	}
	floating := false
	if main != nil && main.Ecosystem == vocab.Container {
		version = imageVersion(version)
		floating = version != "" && strings.Count(version, ".") < 2
	}
	if version == "" {
		if !hasCurrent {
			return kb.VersionedLicense{}, "version unknown and the catalogue has no current licence"
		}
		return current, "version unknown: the catalogue's current licence is assumed"
	}
	if floating {
		// A tag such as redis:7 follows the newest release of its series.
		series := e.LicensesInSeries(version)
		if len(series) == 0 {
			return kb.VersionedLicense{}, "the catalogue has no licence for the " + version + " series"
		}
		newest := series[len(series)-1]
		if len(series) > 1 {
			return newest, "the tag " + main.Version + " follows the newest " + version + ".x release, under " +
				newest.Expression + "; older releases of the series were under " + series[0].Expression
		}
		return newest, ""
	}
	found := e.LicensesAt(version)
	switch len(found) {
	case 0:
		return kb.VersionedLicense{}, "the catalogue has no licence for version " + version
	case 1:
		return found[0], ""
	}
	// Overlapping entries: the sources cannot tell which licence this
	// release carried, so every candidate applies.
	merged := found[0]
	var exprs []*Expr
	notes := []string{}
	for _, l := range found {
		if e, err := ParseExpression(l.Expression); err == nil {
			exprs = append(exprs, e)
		}
		if l.Note != "" {
			notes = append(notes, l.Note)
		}
	}
	merged.Expression = conjoin(exprs).String()
	return merged, "the catalogue cannot tell which licence version " + version + " carried: " + strings.Join(notes, " ")
}

func catalogueNote(e *kb.Engine, l kb.VersionedLicense, version string) string {
	s := "engine catalogue: " + e.Name
	if e.Kind == kb.MCPServerKind {
		s = "MCP server catalogue: " + e.Name
	}
	if version != "" {
		s += " " + version
	}
	s += " is under " + l.Expression
	if l.Since != "" {
		s += " (since " + l.Since + ")"
	}
	return s
}

func compactPositions(ps []project.Position) []project.Position {
	slices.SortFunc(ps, func(a, b project.Position) int {
		if a.File != b.File {
			return strings.Compare(a.File, b.File)
		}
		return a.Line - b.Line
	})
	return slices.Compact(ps)
}

// findScopes counts the files of each path scope: in the installed main
// packages of the engine (without their nested node_modules) and in the
// project's own files, for a project that is, or vendors, the engine's source.
func findScopes(idx *project.Index, e *kb.Engine, comps []Component, members []int) []ScopeUse {
	if len(e.Scopes) == 0 {
		return nil
	}
	var files []string
	for _, i := range members {
		c := &comps[i]
		if c.Dir == "" || c.Ecosystem != vocab.NPM || (e.Main != "" && !nameMatches(e.Main, c.Name, c.Ecosystem)) {
			continue
		}
		_ = fs.WalkDir(idx.FS(), c.Dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() && d.Name() == "node_modules" && p != c.Dir {
				return fs.SkipDir
			}
			if !d.IsDir() {
				files = append(files, p)
			}
			return nil
		})
	}
	for _, f := range idx.Files() {
		files = append(files, f.Path)
	}
	// Scopes under the same licence are one part of the engine: n8n's
	// "*.ee.*" files and "*.ee" directories overlap, and each file counts once.
	var out []ScopeUse
	var patterns [][]kb.PathScope
	byExpr := map[string]int{}
	for _, s := range e.Scopes {
		i, ok := byExpr[s.Expression]
		if !ok {
			i = len(out)
			byExpr[s.Expression] = i
			out = append(out, ScopeUse{PathScope: s})
			patterns = append(patterns, nil)
		} else {
			out[i].Match += ", " + s.Match
			if s.Note != out[i].Note {
				out[i].Note += " " + s.Note
			}
		}
		patterns[i] = append(patterns[i], s)
	}
	for _, f := range files {
		for i, group := range patterns {
			if slices.ContainsFunc(group, func(s kb.PathScope) bool { return s.Covers(f) }) {
				out[i].Files++
				if len(out[i].Examples) < 3 {
					out[i].Examples = append(out[i].Examples, f)
				}
			}
		}
	}
	kept := out[:0]
	for _, u := range out {
		if u.Files > 0 {
			kept = append(kept, u)
		}
	}
	return kept
}

// readEngineExport turns an n8n workflow export, a Flowise chatflow /
// agentflow export, a Dify DSL app or a Langflow flow, which the index tells
// apart by their content, into the engine they run on: a component even
// when no package of it is in the project (the residency reader reads the
// same files for their endpoints, so both halves of the report name it).
func readEngineExport(idx *project.Index, f project.File) ([]Component, []project.Warning) {
	engine := ""
	switch f.Kind {
	case project.N8nWorkflow:
		engine = "n8n"
	case project.FlowiseFlow:
		engine = "flowise"
	case project.DifyApp:
		engine = "dify"
	case project.LangflowFlow:
		engine = "langflow"
	default:
		return nil, nil
	}
	pos := project.Position{File: f.Path, Line: 1}
	if root := idx.Doc(f.Path).Root(); root != nil {
		pos.Line = root.Line
	}
	return []Component{{Ecosystem: vocab.EngineExport, Name: engine, Role: vocab.RoleRuntime, Locations: []project.Position{pos}}}, nil
}

// bundle judges the vendor's own unlicensed packages under the engine's
// licence: they are installed only as the engine's dependencies, and using
// the engine means running them.
func bundle(e *kb.Engine, use EngineUse, comps []Component, members []int) {
	for _, i := range members {
		c := &comps[i]
		if c.Ecosystem != vocab.NPM || c.License.Known() && c.License.Expression != "LicenseRef-UNLICENSED" {
			continue
		}
		for _, pattern := range e.Bundled {
			if !nameMatches(pattern, c.Name, vocab.NPM) {
				continue
			}
			c.License.Expression, c.License.Method = use.License, vocab.MethodCatalogue
			c.License.Evidence = append(c.License.Evidence, Evidence{Method: vocab.MethodCatalogue, Value: use.License,
				Note: "published by " + e.Name + "'s vendor without a licence of its own and installed only as a dependency of " +
					e.Name + "; judged under " + e.Name + "'s licence. Confirm with the vendor before using it on its own."})
			break
		}
	}
}

// imageVersion turns an image tag into the version it names:
// "v1.13.2" → "1.13.2", "16-alpine" → "16", "7.4.2-bookworm" → "7.4.2";
// "latest" and digests name no version.
func imageVersion(tag string) string {
	tag = strings.TrimPrefix(tag, "v")
	if i := strings.IndexByte(tag, '-'); i > 0 {
		tag = tag[:i]
	}
	if tag == "" || tag[0] < '0' || tag[0] > '9' {
		return ""
	}
	return tag
}
