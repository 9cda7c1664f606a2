package compliance

import (
	"fmt"
	"slices"
	"strings"

	"github.com/mcp-comply/mcp-comply/license"
	"github.com/mcp-comply/mcp-comply/license/kb"
)

// maxEvidence caps the places a finding lists; an engine has hundreds of
// packages and the first few make the point.
const maxEvidence = 5

// licenceFindings raises one finding per group (an engine's packages under
// one licence, or a component) and kind of verdict, naming every intended
// use it affects.
func licenceFindings(base *kb.Base, comps []Component, engines map[string]EngineUse, uses []Use) []Finding {
	type acc struct {
		g    *group
		kind Verdict
		uses []Use
	}
	byKey := map[string]*acc{}
	var order []string
	for _, u := range uses {
		for _, g := range groups(comps, engines, u) {
			v := g.assessment.Verdict
			if v == Allowed {
				continue
			}
			subject := g.key
			if g.engine != "" {
				subject = g.engine + ":" + g.license
			}
			k := string(v) + "|" + subject
			if a, ok := byKey[k]; ok {
				a.uses = append(a.uses, u)
				continue
			}
			byKey[k] = &acc{g: g, kind: v, uses: []Use{u}}
			order = append(order, k)
		}
	}
	var out []Finding
	for _, k := range order {
		a := byKey[k]
		out = append(out, licenceFinding(base, a.g, a.kind, a.uses, engines))
	}
	return out
}

func licenceFinding(base *kb.Base, g *group, v Verdict, uses []Use, engines map[string]EngineUse) Finding {
	what := g.name
	if g.version != "" {
		what += " " + g.version
	}
	lic := g.license
	if lic == "" {
		lic = "no licence found"
	}
	if len(g.members) > 1 {
		what += fmt.Sprintf(" (%d components)", len(g.members))
	}
	useList := joinUses(uses)
	subject := g.key
	if g.engine != "" {
		subject = g.engine + ":" + g.license
	}
	f := Finding{Area: AreaLicense, Subject: subject, Uses: uses, Evidence: groupEvidence(g)}
	a := g.assessment
	switch v {
	case Prohibited:
		f.Rule, f.Severity = "license/use-prohibited", Critical
		f.Title = fmt.Sprintf("%s: %s prohibits %s", what, lic, useList)
		f.Detail = clauseDetail(base, a.License, uses)
		f.Remediation = remediation(base, a.License,
			fmt.Sprintf("Obtain a separate licence for %s from the licensor of %s, or replace it.", useList, g.name))
	case Conditional:
		f.Rule, f.Severity = "license/use-conditional", Low
		if l, ok := base.License(firstLeaf(a.License)); ok && (l.Category == kb.StrongCopyleft || l.Category == kb.NetworkCopyleft) {
			f.Severity = Medium
		}
		f.Title = fmt.Sprintf("%s: %s allows %s on conditions", what, lic, useList)
		f.Detail = clauseDetail(base, a.License, uses)
		f.Remediation = a.Obligation
	default:
		f.Severity = High
		if g.license == "" {
			f.Rule = "license/unidentified"
			f.Title = fmt.Sprintf("%s: licence not identified", what)
			f.Detail = "No licence metadata and no recognised licence text were found, so no use of it can be assumed allowed."
			f.Remediation = fmt.Sprintf("Find the licence of %s in its repository or with its vendor and record it; until then treat it as not licensed.", g.name)
		} else {
			f.Rule = "license/use-unknown"
			f.Title = fmt.Sprintf("%s: %s does not settle %s", what, lic, useList)
			f.Detail = a.Reason
			f.Remediation = fmt.Sprintf("Read %s and decide whether %s is allowed, or ask the licensor; until then treat it as not allowed.", lic, useList)
		}
	}
	if e, ok := engines[g.engine]; ok && g.engine != "" && len(e.Notes) > 0 && v != Conditional {
		f.Detail = strings.TrimSpace(f.Detail + " " + strings.Join(e.Notes, " "))
	}
	f.Fingerprint = fingerprint(f.Rule, f.Subject, useNames(uses)...)
	return f
}

// clauseDetail quotes the clause each use rests on.
func clauseDetail(base *kb.Base, expr string, uses []Use) string {
	e, err := license.ParseExpression(expr)
	if err != nil {
		return ""
	}
	var parts []string
	for _, u := range uses {
		o := evaluate(base, e, u)
		for _, c := range o.clauses {
			p := fmt.Sprintf("%s: %q", u, c)
			if !slices.Contains(parts, p) {
				parts = append(parts, p)
			}
		}
	}
	return strings.Join(parts, " ")
}

// remediation returns the knowledge base's advice for a licence, or the fallback.
func remediation(base *kb.Base, expr, fallback string) string {
	if l, ok := base.License(firstLeaf(expr)); ok && l.Remediation != "" {
		return l.Remediation
	}
	return fallback
}

func firstLeaf(expr string) string {
	if ids := kb.Leaves(expr); len(ids) > 0 {
		return ids[0]
	}
	return ""
}

// groupEvidence lists where the group's components are declared, with the
// licence statement that decided each. Components whose own metadata or
// text shows the licence come first; those that took it from the
// catalogue follow.
func groupEvidence(g *group) []Evidence {
	members := slices.Clone(g.members)
	slices.SortStableFunc(members, func(a, b *Component) int {
		return directness(a) - directness(b)
	})
	var out []Evidence
	for _, c := range members {
		if len(out) >= maxEvidence {
			break
		}
		ev := Evidence{Excerpt: c.Name}
		if c.Version != "" {
			ev.Excerpt += "@" + c.Version
		}
		if len(c.Locations) > 0 {
			ev.Position = c.Locations[0]
		}
		for _, le := range c.License.Evidence {
			if le.Method != MethodNone && le.File != "" && le.Method == c.License.Method {
				ev.Position = le.Position
				ev.Excerpt += ": " + le.Value
				break
			}
		}
		out = append(out, ev)
	}
	return out
}

// directness ranks how a component's licence was established: its own
// text or metadata first, the catalogue last.
func directness(c *Component) int {
	switch c.License.Method {
	case MethodText:
		return 0
	case MethodDeclared, MethodAlias:
		return 1
	case MethodCatalogue:
		return 2
	}
	return 3
}

func joinUses(uses []Use) string {
	s := make([]string, len(uses))
	for i, u := range uses {
		s[i] = string(u)
	}
	switch len(s) {
	case 1:
		return s[0]
	case 2:
		return s[0] + " and " + s[1]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// scopeFindings reports the parts of engines under another licence, for
// the intended uses that licence does not allow.
func scopeFindings(base *kb.Base, engines []EngineUse, uses []Use) []Finding {
	var out []Finding
	for _, e := range engines {
		for _, s := range e.Scopes {
			expr, err := license.ParseExpression(s.Expression)
			if err != nil {
				continue
			}
			var affected []Use
			for _, u := range uses {
				if evaluate(base, expr, u).verdict != Allowed {
					affected = append(affected, u)
				}
			}
			if len(affected) == 0 {
				continue
			}
			f := Finding{
				Rule: "license/engine-scope", Area: AreaLicense, Severity: Medium,
				Subject: e.ID + ":" + s.Match, Uses: affected,
				Title:       fmt.Sprintf("%s: %s under %s (%s)", e.Name, plural(s.Files, "file"), s.Expression, s.Match),
				Detail:      s.Note + " " + clauseDetail(base, s.Expression, affected),
				Remediation: remediation(base, s.Expression, fmt.Sprintf("Do not use the %s parts of %s for %s without a licence for them.", s.Match, e.Name, joinUses(affected))),
			}
			for _, ex := range s.Examples {
				f.Evidence = append(f.Evidence, Evidence{Position: Position{File: ex}})
			}
			f.Fingerprint = fingerprint(f.Rule, f.Subject, useNames(affected)...)
			out = append(out, f)
		}
	}
	return out
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
