package compliance

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/mcp-comply/mcp-comply/license"
	"github.com/mcp-comply/mcp-comply/license/kb"
)

// outcome is what an expression says about one use.
type outcome struct {
	verdict Verdict
	// chosen is the part of the expression the verdict rests on: the
	// option picked from an OR, the whole of an AND.
	chosen      *license.Expr
	obligations []string
	clauses     []string
	reasons     []string
}

// evaluate reads an expression for a use: OR takes the option best for the
// use, AND the worst, WITH lets the exception override the licence for the
// uses it speaks to. A licence or exception the knowledge base lacks is
// unknown: it fails closed.
func evaluate(base *kb.Base, e *license.Expr, u Use) outcome {
	switch e.Op {
	case "":
		l, ok := base.License(e.ID)
		if !ok {
			return outcome{verdict: Unknown, chosen: e, reasons: []string{e.ID + " has no reading in the knowledge base"}}
		}
		return termOutcome(e.ID, l.Term(u), e)
	case "WITH":
		o := evaluate(base, e.Args[0], u)
		o.chosen = e
		exc, ok := base.License(e.ID)
		if !ok {
			o.verdict = Unknown
			o.reasons = append(o.reasons, "exception "+e.ID+" has no reading in the knowledge base")
			return o
		}
		if t, speaks := exc.Uses[u]; speaks {
			o = termOutcome(e.ID, t, e)
		}
		return o
	case "OR":
		best := evaluate(base, e.Args[0], u)
		for _, a := range e.Args[1:] {
			if o := evaluate(base, a, u); o.verdict.Rank() < best.verdict.Rank() {
				best = o
			}
		}
		return best
	}
	// AND: every part applies.
	all := outcome{verdict: Allowed, chosen: e}
	for _, a := range e.Args {
		o := evaluate(base, a, u)
		if o.verdict.Rank() > all.verdict.Rank() {
			all.verdict = o.verdict
		}
		all.obligations = appendNew(all.obligations, o.obligations...)
		all.clauses = appendNew(all.clauses, o.clauses...)
		all.reasons = appendNew(all.reasons, o.reasons...)
	}
	return all
}

// termOutcome is what one knowledge-base term says about a use.
func termOutcome(id string, t kb.Term, chosen *license.Expr) outcome {
	o := outcome{verdict: t.Verdict, chosen: chosen, clauses: []string{t.Clause}}
	if t.Obligation != "" {
		o.obligations = []string{t.Obligation}
	}
	if o.verdict == Unknown {
		o.reasons = []string{id + ": " + t.Clause}
	}
	return o
}

func appendNew(list []string, items ...string) []string {
	for _, s := range items {
		if !slices.Contains(list, s) {
			list = append(list, s)
		}
	}
	return list
}

func categoryRank(c Category) int { return slices.Index(Categories, c) }

// category places an expression: OR in its least restrictive option, AND
// and WITH in their most restrictive part.
func category(base *kb.Base, e *license.Expr) Category {
	if e == nil {
		return UnknownCategory
	}
	if e.Op == "" {
		if l, ok := base.License(e.ID); ok {
			return l.Category
		}
		return UnknownCategory
	}
	parts := e.Args
	if e.Op == "WITH" {
		parts = []*license.Expr{e.Args[0], {ID: e.ID}}
	}
	cat := category(base, parts[0])
	for _, p := range parts[1:] {
		c := category(base, p)
		if (e.Op == "OR") == (categoryRank(c) < categoryRank(cat)) {
			cat = c
		}
	}
	return cat
}

// judgeLicences assesses every component for every intended use, decides
// the project's verdict per use and raises the licence findings.
func judgeLicences(r *Report, cfg Config, inv *license.Inventory) {
	base, uses := cfg.Knowledge.KB, cfg.Policy.Uses
	owner := projectOwner(inv.Root)
	comps := make([]Component, len(inv.Components))
	ids := map[string]int{}
	for i, c := range inv.Components {
		comp := component(c)
		comp.Uses = map[Use]Assessment{}
		override(r.Inputs.LicenseOverrides, &comp)
		expr, err := license.ParseExpression(comp.License.Expression)
		if !comp.License.Known() || err != nil {
			expr = nil
		}
		comp.Category = category(base, expr)
		reason := ""
		switch {
		case slices.ContainsFunc(cfg.Policy.FirstParty, func(p string) bool { return matchComponent(p, &comp) }):
			reason = firstPartyReason
		case comp.Workspace != "":
			reason = "first party: one of the project's own workspace packages (" + comp.Workspace + ")"
		case owner.owns(&comp):
			reason = "first party: " + owner.why(&comp)
		}
		comp.FirstParty = reason != ""
		for _, u := range uses {
			if comp.FirstParty {
				comp.Uses[u] = Assessment{Verdict: Allowed, License: comp.License.Expression, Reason: reason}
				continue
			}
			if a, ok := modelAssessment(&comp); ok {
				comp.Uses[u] = a
				continue
			}
			comp.Uses[u] = assess(base, expr, u)
		}
		if expr != nil {
			for _, id := range append(expr.Leaves(), exceptions(expr)...) {
				ids[id]++
			}
		}
		comps[i] = comp
	}
	r.Inventory = Inventory{Components: comps, Engines: []EngineUse{}, Project: projectComponent(base, inv.Root, uses, r.Inputs.Source.Name)}
	engines := map[string]EngineUse{}
	for _, e := range inv.Engines {
		eu := engineUse(e)
		r.Inventory.Engines = append(r.Inventory.Engines, eu)
		engines[e.ID] = eu
	}
	r.Licenses = readings(base, ids)
	for _, u := range uses {
		r.Verdicts = append(r.Verdicts, useVerdict(base, comps, engines, u))
	}
	r.Findings = append(r.Findings, licenceFindings(base, comps, engines, uses, r.Inputs.Online)...)
	r.Findings = append(r.Findings, scopeFindings(base, r.Inventory.Engines, uses)...)
	r.Findings = append(r.Findings, textConflictFindings(inv.Components, comps)...)
	r.Attestations = append(r.Attestations, termsAttestations(comps, uses)...)
}

// textConflictFindings judges the licence files that disagree with the
// declared licence (license.TextConflict), one finding a file. comps are
// the report's components, in the inventory's order.
func textConflictFindings(inv []license.Component, comps []Component) []Finding {
	var out []Finding
	for i, lc := range inv {
		c := &comps[i]
		if c.License.Method == MethodOverride {
			continue // the policy has settled it
		}
		for _, tc := range lc.TextConflicts {
			what := c.Name
			if c.Version != "" {
				what += " " + c.Version
			}
			decl := position(tc.Declaration)
			o := observation{rule: "license/text-disagrees", subject: c.ID, fingerprint: []string{tc.File},
				evidence: []Evidence{{Position: Position{File: tc.File}, Excerpt: tc.Text}, {Position: decl, Excerpt: tc.Declared}},
				values: map[string]string{"what": what, "name": c.Name, "declared": tc.Declared, "declaration": decl.String(),
					"file": tc.File, "text": tc.Text, "coverage": strconv.FormatFloat(tc.Coverage, 'f', -1, 64)}}
			if f, ok := observe(o, ""); ok {
				out = append(out, f)
			}
		}
	}
	return out
}

func exceptions(e *license.Expr) []string {
	var out []string
	if e.Op == "WITH" {
		out = append(out, e.ID)
	}
	for _, a := range e.Args {
		out = append(out, exceptions(a)...)
	}
	return out
}

// assess turns an outcome into a component's assessment.
func assess(base *kb.Base, expr *license.Expr, u Use) Assessment {
	if expr == nil {
		return Assessment{Verdict: Unknown, Reason: "no licence found: no usable metadata and no recognised licence text"}
	}
	o := evaluate(base, expr, u)
	return Assessment{
		Verdict:    o.verdict,
		License:    o.chosen.String(),
		Obligation: strings.Join(o.obligations, " "),
		Reason:     strings.Join(o.reasons, "; "),
	}
}

func readings(base *kb.Base, ids map[string]int) []LicenseReading {
	out := []LicenseReading{}
	for id, n := range ids {
		l, ok := base.License(id)
		if !ok {
			continue
		}
		out = append(out, LicenseReading{ID: l.ID, Name: l.Name, Category: l.Category, Source: l.Source,
			Checked: l.Checked, Uses: terms(l.Uses), Notes: l.Notes, Count: n})
	}
	slices.SortFunc(out, func(a, b LicenseReading) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// group is a set of components judged together: an engine's packages
// under one licence, or a single component.
type group struct {
	key        string // engine id or component id
	engine     string
	name       string
	version    string
	license    string
	members    []*Component
	assessment Assessment
}

// firstPartyReason is the assessment of the project's own code.
const firstPartyReason = "first party: the project's own code (the policy's first_party)"

// override gives a component the licence of the first override that
// names it, with the override as its first evidence, and records the
// component in the override's Applied.
func override(overrides []LicenseOverride, c *Component) {
	for i := range overrides {
		o := &overrides[i]
		if !matchComponent(o.Component, c) {
			continue
		}
		expr := o.License
		if e, err := license.ParseExpression(o.License); err == nil {
			expr = e.String()
		}
		ev := LicenseEvidence{Method: MethodOverride, Position: o.Source, Value: expr,
			Note: "policy override: " + o.Reason + " (" + o.Evidence + ")"}
		c.License = LicenseResolution{Expression: expr, Method: MethodOverride,
			Evidence: append([]LicenseEvidence{ev}, c.License.Evidence...)}
		o.Applied = append(o.Applied, c.ID)
		return
	}
}

// groups gathers the shipped (non-dev) components by engine and licence
// for one use. Development-only dependencies are not shipped,
// first-party components are the project's own and a hosted model is
// used under its provider's terms (an attestation), so they decide no use.
func groups(comps []Component, engines map[string]EngineUse, u Use) []*group {
	var gr grouper
	for i := range comps {
		c := &comps[i]
		if c.Dev || c.FirstParty || hostedModel(c) {
			continue
		}
		a := c.Uses[u]
		if c.Engine == "" {
			gr.add(c.ID, c, func() *group {
				return &group{key: c.ID, name: c.Name, version: c.Version, license: c.License.Expression, assessment: a}
			})
			continue
		}
		gr.add(c.Engine+"|"+a.License+"|"+string(a.Verdict), c, func() *group {
			e := engines[c.Engine]
			return &group{key: c.Engine, engine: c.Engine, name: e.Name, version: e.Version, license: a.License, assessment: a}
		})
	}
	return gr.order
}

// grouper gathers components into groups by a key, in the order the
// groups are first met.
type grouper struct {
	byKey map[string]*group
	order []*group
}

// add puts c into the group of key, made by create when it is the first;
// it reports whether it was.
func (gr *grouper) add(key string, c *Component, create func() *group) bool {
	if g, ok := gr.byKey[key]; ok {
		g.members = append(g.members, c)
		return false
	}
	if gr.byKey == nil {
		gr.byKey = map[string]*group{}
	}
	g := create()
	g.members = []*Component{c}
	gr.byKey[key] = g
	gr.order = append(gr.order, g)
	return true
}

// useVerdict decides the project's verdict for one use: the worst verdict
// of any shipped component, with the groups that reach it; their members'
// assessments are marked as deciding.
func useVerdict(base *kb.Base, comps []Component, engines map[string]EngineUse, u Use) UseVerdict {
	v := UseVerdict{Use: u, Verdict: Allowed, Counts: map[Verdict]int{}}
	gs := groups(comps, engines, u)
	shipped := 0
	for _, g := range gs {
		v.Counts[g.assessment.Verdict] += len(g.members)
		shipped += len(g.members)
		if g.assessment.Verdict.Rank() > v.Verdict.Rank() {
			v.Verdict = g.assessment.Verdict
		}
	}
	if v.Verdict != Allowed {
		for _, g := range gs {
			if g.assessment.Verdict == v.Verdict {
				v.Deciding = append(v.Deciding, decider(base, g, u))
				for _, c := range g.members {
					a := c.Uses[u]
					a.Decides = true
					c.Uses[u] = a
				}
			}
		}
		slices.SortFunc(v.Deciding, func(a, b Decider) int {
			return cmp.Or(b.Components-a.Components, cmp.Compare(a.Name, b.Name), cmp.Compare(a.Version, b.Version))
		})
	}
	v.Reason = verdictReason(v, shipped)
	return v
}

func decider(base *kb.Base, g *group, u Use) Decider {
	d := Decider{Name: g.name, Version: g.version, License: g.assessment.License, Verdict: g.assessment.Verdict,
		Obligation: g.assessment.Obligation, Components: len(g.members)}
	if e, err := license.ParseExpression(g.assessment.License); err == nil {
		d.Clause = strings.Join(evaluate(base, e, u).clauses, " … ")
	}
	if d.License == "" {
		d.License = "unknown"
	}
	if g.engine != "" {
		d.Engine = g.engine
	} else {
		d.Component = g.key
	}
	return d
}

func verdictReason(v UseVerdict, shipped int) string {
	names := make([]string, 0, 3)
	for _, d := range v.Deciding[:min(3, len(v.Deciding))] {
		name := d.Name
		if d.Version != "" {
			name += " " + d.Version
		}
		names = append(names, name+" ("+d.License+")")
	}
	list := strings.Join(names, ", ")
	if more := len(v.Deciding) - len(names); more > 0 {
		list += fmt.Sprintf(" and %d more", more)
	}
	switch v.Verdict {
	case Allowed:
		return fmt.Sprintf("all %d shipped components allow it", shipped)
	case Conditional:
		return "allowed if the obligations of " + list + " are met"
	case Prohibited:
		return "prohibited by " + list + " without a separate licence"
	}
	return "not established for " + list + ": confirm before relying on it"
}

// maxEvidence caps the places a finding lists; an engine has hundreds of
// packages and the first few make the point.
const maxEvidence = 5

// licenceFindings raises one finding per group (an engine's packages under
// one licence, or a component) and kind of verdict, naming every intended
// use it affects.
func licenceFindings(base *kb.Base, comps []Component, engines map[string]EngineUse, uses []Use, online bool) []Finding {
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
		out = append(out, licenceFinding(base, a.g, a.kind, a.uses, engines, online))
	}
	return out
}

func licenceFinding(base *kb.Base, g *group, v Verdict, uses []Use, engines map[string]EngineUse, online bool) Finding {
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
		if reg := registryOf(g.members); reg != "" && !online {
			// The tree does not carry it (a lockfile entry alone): the
			// package registry would say, when asked.
			o.variant, o.values["registry"] = "offline", reg
		}
	default:
		o.rule = "license/use-unknown"
	}
	if e, ok := engines[g.engine]; ok && g.engine != "" && len(e.Notes) > 0 && v != Conditional {
		o.values["notes"] = " " + strings.Join(e.Notes, " ")
	}
	f, _ := observe(o, "") // licence rules report in every market
	return f
}

// registries are the package registries --online asks, by ecosystem.
var registries = map[Ecosystem]string{NPM: "the npm registry", PyPI: "PyPI", Golang: "the Go module proxy"}

// registryOf is the registry that knows every one of the components, or
// "" when they are of different ecosystems, of none --online reads, or
// installed in the tree (an installed package without a licence says no
// more in its registry).
func registryOf(cs []*Component) string {
	reg := ""
	for i, c := range cs {
		r, ok := registries[c.Ecosystem]
		if !ok || i > 0 && r != reg || slices.ContainsFunc(c.Locations, installedAt) {
			return ""
		}
		reg = r
	}
	return reg
}

// installedAt reports a place inside an installed package: node_modules,
// a Python environment's dist-info, a Go vendor directory.
func installedAt(p Position) bool {
	f := "/" + p.File
	return strings.Contains(f, "/node_modules/") || strings.Contains(f, ".dist-info/") || strings.Contains(f, "/vendor/")
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
