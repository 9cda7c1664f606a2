package compliance

import (
	"cmp"
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
	if len(g.members) > 1 {
		what += fmt.Sprintf(" (%d components)", len(g.members))
	}
	lic := cmp.Or(g.license, "no licence found")
	useList := joinUses(uses)
	subject := g.key
	if g.engine != "" {
		subject = g.engine + ":" + g.license
	}
	a := g.assessment
	o := observation{subject: subject, fingerprint: useNames(uses), uses: uses, evidence: groupEvidence(g),
		values: map[string]string{"what": what, "license": lic, "uses": useList, "name": g.name,
			"clauses": clauseDetail(base, a.License, uses), "obligation": a.Obligation, "reason": a.Reason}}
	switch {
	case v == Prohibited:
		o.rule = "license/use-prohibited"
		o.values["advice"] = remediation(base, a.License,
			fmt.Sprintf("Obtain a separate licence for %s from the licensor of %s, or replace it.", useList, g.name))
	case v == Conditional:
		o.rule = "license/use-conditional"
		if l, ok := base.License(firstLeaf(a.License)); ok && (l.Category == StrongCopyleft || l.Category == NetworkCopyleft) {
			o.variant = "copyleft"
		}
	case g.license == "":
		o.rule = "license/unidentified"
	default:
		o.rule = "license/use-unknown"
	}
	if e, ok := engines[g.engine]; ok && g.engine != "" && len(e.Notes) > 0 && v != Conditional {
		o.values["notes"] = " " + strings.Join(e.Notes, " ")
	}
	f, _ := observe(o, "") // licence rules report in every market
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
			p := string(u) + ": “" + c + "”" // typographic quotes: the clause keeps its own "…" unescaped
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
			o := observation{rule: "license/engine-scope", subject: e.ID + ":" + s.Match, fingerprint: useNames(affected), uses: affected,
				values: map[string]string{"engine": e.Name, "files": plural(s.Files, "file"), "license": s.Expression, "scope": s.Match,
					"note": s.Note, "clauses": clauseDetail(base, s.Expression, affected),
					"advice": remediation(base, s.Expression, fmt.Sprintf("Do not use the %s parts of %s for %s without a licence for them.", s.Match, e.Name, joinUses(affected)))}}
			for _, ex := range s.Examples {
				o.evidence = append(o.evidence, Evidence{Position: Position{File: ex}})
			}
			f, _ := observe(o, "")
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
