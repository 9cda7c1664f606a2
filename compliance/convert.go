package compliance

import (
	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/secrets"
	"github.com/mcp-comply/mcp-comply/license"
	"github.com/mcp-comply/mcp-comply/license/kb"
)

// The conversions from the analyzers' facts to the report's own types:
// the one place that knows both, so the formats need only this package
// and an analyzer can change how it reads without changing the report.

func position(p project.Position) Position {
	return Position{File: project.DisplayPath(p.File), Line: p.Line, Col: p.Col}
}

func positions(ps []project.Position) []Position {
	if ps == nil {
		return nil
	}
	out := make([]Position, len(ps))
	for i, p := range ps {
		out[i] = position(p)
	}
	return out
}

// warnings converts and joins the analyzers' warnings.
func warnings(lists ...[]project.Warning) []Warning {
	var out []Warning
	for _, ws := range lists {
		for _, w := range ws {
			out = append(out, Warning{Position: position(w.Position), Message: w.Message})
		}
	}
	return out
}

// component converts an inventory entry; Analyze adds its category and
// its assessment per use.
func component(c license.Component) Component {
	res := LicenseResolution{Expression: c.License.Expression, Method: c.License.Method}
	for _, e := range c.License.Evidence {
		res.Evidence = append(res.Evidence, LicenseEvidence{Method: e.Method, Position: position(e.Position),
			Value: secrets.Excerpt(e.Value), Coverage: e.Coverage, Note: e.Note})
	}
	eco := c.Ecosystem
	out := Component{Ecosystem: eco, Name: c.Name, Version: c.Version, Role: c.Role, Dev: c.Dev,
		Engine: c.Engine, Locations: positions(c.Locations), License: res, ID: c.Key(), Purl: purl(eco, c.Name, c.Version),
		Dependencies: c.Dependencies, Direct: c.Direct, Workspace: c.Workspace}
	if c.Model != nil {
		out.Model = modelFacts(c.Model)
	}
	return out
}

func engineUse(e license.EngineUse) EngineUse {
	out := EngineUse{ID: e.ID, Name: e.Name, Kind: e.Kind, Version: e.Version, License: e.License, Method: e.Method,
		Components: e.Components, Evidence: positions(e.Evidence), Notes: e.Notes}
	if c := e.Catalogue; c != nil {
		out.Catalogue = &CatalogueEntry{Expression: c.Expression, From: c.From, Before: c.Before, Since: c.Since,
			Note: c.Note, Source: c.Source, Checked: c.Checked}
	}
	for _, s := range e.Scopes {
		out.Scopes = append(out.Scopes, EngineScope{Match: s.Match, Expression: s.Expression, Note: s.Note,
			Source: s.Source, Checked: s.Checked, Files: s.Files, Examples: s.Examples})
	}
	return out
}

func term(t kb.Term) Term {
	return Term{Verdict: t.Verdict, Obligation: t.Obligation, Clause: t.Clause}
}

func terms(ts map[Use]kb.Term) map[Use]Term {
	if ts == nil {
		return nil
	}
	out := make(map[Use]Term, len(ts))
	for u, t := range ts {
		out[u] = term(t)
	}
	return out
}
