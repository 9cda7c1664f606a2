package compliance

// The pre-release gate (mcp-comply check): what a policy says fails a
// report, and the outcome. The policy file is package policy's; the
// judgement is here, over the report alone, so a saved report can be
// judged again.

import (
	"cmp"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/mcp-comply/mcp-comply/license"
	"github.com/mcp-comply/mcp-comply/residency"
)

// Gate is what fails a report. The zero value is the defaults a project
// without a policy file is judged by: licence verdicts prohibited and
// unknown fail for every use, findings of high severity and above fail,
// and what could not be evaluated fails (when unsure, the verdict is
// unknown: confirm, never allowed).
type Gate struct {
	// Files names the policy files the gate comes from: the policy first,
	// then the files it extends. Empty: no policy file, the defaults.
	Files     []string
	FailOn    FailOn
	Licenses  LicensePolicy
	Residency ResidencyPolicy
	Waivers   []Waiver
}

// FailOn says which verdicts, severities and doubts fail.
type FailOn struct {
	// Verdicts are the licence verdicts that fail, per intended use; a use
	// the map lacks (every use, when it is nil) fails on
	// DefaultFailVerdicts. They judge the findings of the verdict rules
	// (license/use-prohibited, license/use-conditional,
	// license/use-unknown), use by use; severity does not.
	Verdicts map[Use][]Verdict
	// Severity fails every other finding at or above it; "" is High,
	// SeverityNone fails none by severity.
	Severity Severity
	// PassUnevaluated lets what could not be evaluated pass (a component
	// whose licence was not identified, an input that could not be read):
	// it is still listed in the outcome. By default it fails.
	PassUnevaluated bool
}

// DefaultFailVerdicts are the verdicts that fail a use the policy says
// nothing about.
var DefaultFailVerdicts = []Verdict{Prohibited, Unknown}

// SeverityNone, as FailOn.Severity, fails no finding by its severity.
const SeverityNone Severity = "none"

// VerdictsFor returns the verdicts that fail a use.
func (f FailOn) VerdictsFor(u Use) []Verdict {
	if v, ok := f.Verdicts[u]; ok {
		return v
	}
	return DefaultFailVerdicts
}

func (f FailOn) severity() Severity { return cmp.Or(f.Severity, High) }

// LicensePolicy allows and denies licences by SPDX id and by category.
// A shipped component (not development-only, not first-party) whose
// concluded licence is denied, or not allowed when Allow is set, fails:
// an OR expression passes when one of its options passes, an AND (and a
// WITH) when every part does; a licence denied by id or category is
// denied even when Allow names it too. A component whose licence is not
// established is judged as could-not-evaluate, not here.
type LicensePolicy struct {
	Allow LicenseSet `json:"allow,omitzero"`
	Deny  LicenseSet `json:"deny,omitzero"`
}

// LicenseSet names licences by SPDX id (a LicenseRef- included, or a
// whole "X WITH exception") and by category. Ids compare ignoring case.
type LicenseSet struct {
	IDs        []string   `json:"ids,omitempty"`
	Categories []Category `json:"categories,omitempty"`
}

func (s LicenseSet) empty() bool { return len(s.IDs) == 0 && len(s.Categories) == 0 }

func (s LicenseSet) has(id string, c Category) bool {
	return slices.Contains(s.Categories, c) || slices.ContainsFunc(s.IDs, func(x string) bool { return strings.EqualFold(x, id) })
}

// ResidencyPolicy allows endpoints by guarantee, processing geography and
// provider; an empty list allows every value. An endpoint outside any
// non-empty list fails.
type ResidencyPolicy struct {
	Guarantees []Guarantee `json:"guarantees,omitempty"`
	// Geographies are processing geographies: ISO country codes, the
	// catalogue's zones (EU, EEA …, which allow each of their countries),
	// and local, global or unknown, which allow only themselves. An
	// endpoint passes when every country it may process in is allowed.
	Geographies []string `json:"geographies,omitempty"`
	// Providers are provider-catalogue ids (openai, azure-openai …).
	Providers []string `json:"providers,omitempty"`
}

// Waiver accepts a finding for a while: it names the finding by its
// fingerprint or by its rule, optionally narrowed to a component, a path
// and intended uses; a reason, an owner and an expiry are required.
type Waiver struct {
	// Finding is a finding's fingerprint.
	Finding string `json:"finding,omitempty"`
	// Rule is a rule id of compliance/rules.yaml.
	Rule string `json:"rule,omitempty"`
	// Component is a name pattern (MatchName) matched against the
	// finding's subject: a component's name, id or purl (with or without
	// its version), an engine's id or name, an endpoint's provider.
	Component string `json:"component,omitempty"`
	// Path is a path glob (MatchPath) every evidence file of the finding
	// must match.
	Path string `json:"path,omitempty"`
	// Uses narrow it to intended uses: it waives a finding only for these.
	Uses    []Use  `json:"uses,omitempty"`
	Reason  string `json:"reason"`
	Owner   string `json:"owner"`
	Expires string `json:"expires"`
	// Source is where the policy declares it.
	Source Position `json:"source,omitzero"`
}

// String names the waiver by where it is declared and what it matches:
// "mcp-comply.yaml:31:5 (rule license/use-prohibited, component n8n,
// use saas)".
func (w Waiver) String() string {
	var what []string
	add := func(k, v string) {
		if v != "" {
			what = append(what, k+" "+v)
		}
	}
	add("finding", w.Finding)
	add("rule", w.Rule)
	add("component", w.Component)
	add("path", w.Path)
	if len(w.Uses) > 0 {
		add("use", strings.Join(useNames(w.Uses), ", "))
	}
	s := "(" + strings.Join(what, ", ") + ")"
	if p := w.Source.String(); p != "" {
		s = p + " " + s
	}
	return s
}

// CheckOptions are what Gate.Check needs besides the report.
type CheckOptions struct {
	// Now decides which waivers have expired; zero is the time Check runs.
	// A waiver is valid through its expiry date, in Now's location.
	Now time.Time
	// Baseline is a saved report: only findings whose fingerprints it
	// lacks fail, and its findings that are gone are listed as absent.
	Baseline *Report
	// Residency is the provider catalogue the analysis used (zones for
	// Geographies); nil is the embedded one.
	Residency *residency.Catalogue
}

// GateOutcome is the gate's judgement of a report (Gate.Check).
type GateOutcome struct {
	// Result is pass; fail when anything fails; could-not-evaluate when
	// nothing fails but something could not be evaluated (the policy lets
	// it pass).
	Result GateResult `json:"result"`
	// Policy names the policy files ("no policy file: defaults" without one).
	Policy string `json:"policy"`
	// FailOn is what failed, as applied: the verdicts per judged use, the
	// severity, whether could-not-evaluate fails.
	FailOn AppliedFailOn `json:"failOn"`
	// Failures is everything that fails, in report order: verdicts and
	// findings worst first, then expired waivers.
	Failures []GateItem `json:"failures"`
	// CouldNotEvaluate lists what could not be evaluated, whether or not
	// the policy fails it.
	CouldNotEvaluate []GateItem `json:"couldNotEvaluate"`
	// Waived lists the findings waivers cover, each with its waiver.
	Waived []GateItem `json:"waived"`
	// ExpiredWaivers waive nothing and fail the gate; UnusedWaivers match
	// no finding and fail nothing (remove them or fix their match).
	ExpiredWaivers []Waiver `json:"expiredWaivers"`
	UnusedWaivers  []Waiver `json:"unusedWaivers"`
	// Baseline compares the report with the baseline it was given.
	Baseline *BaselineOutcome `json:"baseline,omitempty"`
	// Notes say, in a sentence each, what a reader should know: no policy
	// file, unused waivers, the baseline's counts.
	Notes []string `json:"notes,omitempty"`
}

// Failed reports whether the gate fails (mcp-comply check exits 3).
func (g *GateOutcome) Failed() bool { return g.Result == GateFail }

// GateResult is the outcome of the gate.
type GateResult string

const (
	GatePass             GateResult = "pass"
	GateFail             GateResult = "fail"
	GateCouldNotEvaluate GateResult = "could-not-evaluate"
)

// AppliedFailOn is FailOn as the gate applied it.
type AppliedFailOn struct {
	Verdicts         map[Use][]Verdict `json:"verdicts"`
	Severity         Severity          `json:"severity"`
	CouldNotEvaluate bool              `json:"couldNotEvaluate"`
}

// GateKind says what a gate item is about.
type GateKind string

const (
	KindVerdict          GateKind = "verdict"            // a licence verdict for an intended use
	KindFinding          GateKind = "finding"            // a finding at or above the severity
	KindLicense          GateKind = "license"            // a licence the policy denies or does not allow
	KindResidency        GateKind = "residency"          // an endpoint outside the residency policy
	KindExpiredWaiver    GateKind = "expired-waiver"     // a waiver past its expiry
	KindCouldNotEvaluate GateKind = "could-not-evaluate" // a licence not identified, an input not read
)

// GateItem is one thing the gate judged: a failure, a doubt, a waived
// finding.
type GateItem struct {
	Kind GateKind `json:"kind"`
	// Rule, Subject, Fingerprint and Severity are the finding's, for an
	// item that is one.
	Rule        string   `json:"rule,omitempty"`
	Subject     string   `json:"subject,omitempty"`
	Fingerprint string   `json:"fingerprint,omitempty"`
	Severity    Severity `json:"severity,omitempty"`
	// Uses are the intended uses it fails (a verdict), or is waived for.
	Uses []Use `json:"uses,omitempty"`
	// Text says in one line what failed.
	Text     string     `json:"text"`
	Evidence []Evidence `json:"evidence,omitempty"`
	// Waiver is the waiver that waives the item, or that expired.
	Waiver        *Waiver       `json:"waiver,omitempty"`
	BaselineState BaselineState `json:"baselineState,omitempty"`
}

// BaselineState is a finding's state against a baseline, as SARIF names it.
type BaselineState string

const (
	BaselineNew       BaselineState = "new"
	BaselineUnchanged BaselineState = "unchanged"
	BaselineAbsent    BaselineState = "absent"
)

// BaselineOutcome counts the findings against the baseline and lists the
// baseline's findings that are gone.
type BaselineOutcome struct {
	New       int       `json:"new"`
	Unchanged int       `json:"unchanged"`
	Absent    int       `json:"absent"`
	Gone      []Finding `json:"absentFindings"`
}

// The rules the verdict failures come from, and the rule of a licence the
// scanner could not identify (could not evaluate).
var verdictRules = map[string]Verdict{
	"license/use-prohibited":  Prohibited,
	"license/use-conditional": Conditional,
	"license/use-unknown":     Unknown,
}

const unidentifiedRule = "license/unidentified"

// The rules of the gate's own findings: always failures.
var gateRules = map[string]GateKind{"license/not-allowed": KindLicense, "residency/not-allowed": KindResidency}

// maxGateEvidence caps the evidence a gate item repeats from its finding.
const maxGateEvidence = 3

// Check judges a report under the gate and fills it: the gate's own
// findings (licences and endpoints the policy does not allow), each
// finding's waivers and baseline state, and Report.Gate. A report judged
// before (a saved one) is judged afresh. The error is a gate that is not
// valid (ValidateGate); package policy never builds one.
func (g Gate) Check(r *Report, opts CheckOptions) error {
	if err := ValidateGate(g); err != nil {
		return err
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	today := now.Format(time.DateOnly)
	cat := cmp.Or(opts.Residency, residency.Default())

	// Afresh: the gate's findings and marks of an earlier check go.
	r.Findings = slices.DeleteFunc(r.Findings, func(f Finding) bool { _, own := gateRules[f.Rule]; return own })
	for i := range r.Findings {
		f := &r.Findings[i]
		f.Waivers, f.Waived, f.BaselineState = nil, false, ""
	}
	r.Findings = append(r.Findings, licensePolicyFindings(r, g.Licenses)...)
	r.Findings = append(r.Findings, residencyPolicyFindings(r, g.Residency, cat)...)
	sortFindings(r.Findings)
	r.Summary.Findings = map[Severity]int{}
	for _, f := range r.Findings {
		r.Summary.Findings[f.Severity]++
	}

	out := &GateOutcome{Policy: "no policy file: defaults", Failures: []GateItem{}, CouldNotEvaluate: []GateItem{},
		Waived: []GateItem{}, ExpiredWaivers: []Waiver{}, UnusedWaivers: []Waiver{}}
	if len(g.Files) > 0 {
		out.Policy = strings.Join(g.Files, ", ")
	} else {
		out.Notes = append(out.Notes, "No policy file: the defaults apply (prohibited and unknown verdicts, findings of high severity and above, and what could not be evaluated fail).")
	}
	out.FailOn = AppliedFailOn{Verdicts: map[Use][]Verdict{}, Severity: g.FailOn.severity(), CouldNotEvaluate: !g.FailOn.PassUnevaluated}
	for _, u := range r.Inputs.Uses {
		out.FailOn.Verdicts[u] = slices.Clone(g.FailOn.VerdictsFor(u))
	}

	// Waivers.
	ix := newReportIndex(r)
	var live []Waiver
	for _, w := range g.Waivers {
		if w.Expires < today {
			out.ExpiredWaivers = append(out.ExpiredWaivers, w)
			continue
		}
		live = append(live, w)
	}
	used := make([]bool, len(live))
	for i := range r.Findings {
		f := &r.Findings[i]
		covered := map[Use]bool{}
		whole := false
		for j, w := range live {
			if !ix.matches(&w, f) {
				continue
			}
			used[j] = true
			f.Waivers = append(f.Waivers, w)
			if len(w.Uses) == 0 {
				whole = true
			}
			for _, u := range w.Uses {
				covered[u] = true
			}
		}
		f.Waived = len(f.Waivers) > 0 && (whole || len(f.Uses) > 0 && !slices.ContainsFunc(f.Uses, func(u Use) bool { return !covered[u] }))
	}
	for j, w := range live {
		if !used[j] {
			out.UnusedWaivers = append(out.UnusedWaivers, w)
			out.Notes = append(out.Notes, "Waiver "+w.String()+" matches no finding: remove it, or fix what it names.")
		}
	}

	// The baseline.
	if b := opts.Baseline; b != nil {
		base := map[string]bool{}
		for _, f := range b.Findings {
			base[f.Fingerprint] = true
		}
		now := map[string]bool{}
		bo := &BaselineOutcome{Gone: []Finding{}}
		for i := range r.Findings {
			f := &r.Findings[i]
			now[f.Fingerprint] = true
			if base[f.Fingerprint] {
				f.BaselineState = BaselineUnchanged
				bo.Unchanged++
			} else {
				f.BaselineState = BaselineNew
				bo.New++
			}
		}
		for _, f := range b.Findings {
			if !now[f.Fingerprint] {
				f.Waivers, f.Waived, f.BaselineState = nil, false, BaselineAbsent
				bo.Gone = append(bo.Gone, f)
			}
		}
		sortFindings(bo.Gone)
		bo.Absent = len(bo.Gone)
		out.Baseline = bo
		out.Notes = append(out.Notes, fmt.Sprintf("Baseline: %d new, %d unchanged and %d absent findings; only new ones fail.", bo.New, bo.Unchanged, bo.Absent))
	}
	r.Rules = findingRules(append(slices.Clone(r.Findings), baselineGone(out.Baseline)...))

	// What fails.
	for i := range r.Findings {
		f := &r.Findings[i]
		item := findingItem(f)
		item.Kind = kindOf(f)
		if f.Waived {
			item.Waiver = &f.Waivers[0]
			item.Uses = f.Uses
			out.Waived = append(out.Waived, item)
			continue
		}
		covered := map[Use]bool{}
		for _, w := range f.Waivers {
			for _, u := range w.Uses {
				covered[u] = true
			}
		}
		fails := f.BaselineState != BaselineUnchanged
		switch item.Kind {
		case KindLicense, KindResidency:
		case KindCouldNotEvaluate:
			out.CouldNotEvaluate = append(out.CouldNotEvaluate, item)
			fails = fails && !g.FailOn.PassUnevaluated
		case KindVerdict:
			v := verdictRules[f.Rule]
			var failing, waived []Use
			for _, u := range f.Uses {
				switch {
				case covered[u]:
					waived = append(waived, u)
				case slices.Contains(g.FailOn.VerdictsFor(u), v):
					failing = append(failing, u)
				}
			}
			item.Uses = failing
			fails = fails && len(failing) > 0
			if fails && len(failing) < len(f.Uses) {
				item.Text += " (fails for " + joinUses(failing)
				if len(waived) > 0 {
					item.Text += "; waived for " + joinUses(waived)
				}
				item.Text += ")"
			}
		default:
			sev := g.FailOn.severity()
			fails = fails && sev != SeverityNone && f.Severity.Rank() >= sev.Rank()
		}
		if fails {
			out.Failures = append(out.Failures, item)
		}
	}
	for _, w := range r.Warnings {
		item := GateItem{Kind: KindCouldNotEvaluate, Text: "input not fully read: " + w.String(), Evidence: evidenceAt(w.Position)}
		fails := !g.FailOn.PassUnevaluated
		if b := opts.Baseline; b != nil {
			item.BaselineState = BaselineNew
			if slices.ContainsFunc(b.Warnings, func(x Warning) bool { return x.File == w.File && x.Message == w.Message }) {
				item.BaselineState = BaselineUnchanged
				fails = false
			}
		}
		out.CouldNotEvaluate = append(out.CouldNotEvaluate, item)
		if fails {
			out.Failures = append(out.Failures, item)
		}
	}
	for _, w := range out.ExpiredWaivers {
		out.Failures = append(out.Failures, GateItem{Kind: KindExpiredWaiver, Waiver: &w,
			Text:     fmt.Sprintf("waiver %s expired on %s (owner %s): it waives nothing until it is renewed or removed", w.String(), w.Expires, w.Owner),
			Evidence: evidenceAt(w.Source)})
	}
	switch {
	case len(out.Failures) > 0:
		out.Result = GateFail
	case len(out.CouldNotEvaluate) > 0:
		out.Result = GateCouldNotEvaluate
	default:
		out.Result = GatePass
	}
	r.Gate = out
	return nil
}

// evidenceAt is a position as evidence, none for a position without a file.
func evidenceAt(p Position) []Evidence {
	if p.File == "" {
		return nil
	}
	return []Evidence{{Position: p}}
}

func baselineGone(b *BaselineOutcome) []Finding {
	if b == nil {
		return nil
	}
	return b.Gone
}

// kindOf says how the gate judges a finding.
func kindOf(f *Finding) GateKind {
	switch kind, own := gateRules[f.Rule]; {
	case own:
		return kind
	case f.Rule == unidentifiedRule:
		return KindCouldNotEvaluate
	case verdictRules[f.Rule] != "":
		return KindVerdict
	}
	return KindFinding
}

// findingItem is a finding as a gate item.
func findingItem(f *Finding) GateItem {
	return GateItem{Rule: f.Rule, Subject: f.Subject, Fingerprint: f.Fingerprint, Severity: f.Severity, Uses: f.Uses,
		Text: f.Title, Evidence: f.Evidence[:min(len(f.Evidence), maxGateEvidence)], BaselineState: f.BaselineState}
}

// reportIndex finds a finding's subject among the report's components,
// engines and endpoints.
type reportIndex struct {
	components map[string]*Component
	engines    map[string]*EngineUse
	endpoints  map[string]*Endpoint
}

func newReportIndex(r *Report) *reportIndex {
	ix := &reportIndex{components: map[string]*Component{}, engines: map[string]*EngineUse{}, endpoints: map[string]*Endpoint{}}
	for i := range r.Inventory.Components {
		ix.components[r.Inventory.Components[i].ID] = &r.Inventory.Components[i]
	}
	for i := range r.Inventory.Engines {
		ix.engines[r.Inventory.Engines[i].ID] = &r.Inventory.Engines[i]
	}
	if r.Residency != nil {
		for i := range r.Residency.Endpoints {
			ix.endpoints[r.Residency.Endpoints[i].ID] = &r.Residency.Endpoints[i]
		}
	}
	return ix
}

// matches reports whether a waiver names a finding: every key it sets
// must match.
func (ix *reportIndex) matches(w *Waiver, f *Finding) bool {
	switch {
	case w.Finding != "" && w.Finding != f.Fingerprint,
		w.Rule != "" && w.Rule != f.Rule,
		w.Component != "" && !ix.subjectMatches(w.Component, f.Subject),
		len(w.Uses) > 0 && !slices.ContainsFunc(w.Uses, func(u Use) bool { return slices.Contains(f.Uses, u) }):
		return false
	}
	if w.Path != "" {
		files := 0
		for _, e := range f.Evidence {
			if e.File == "" {
				continue
			}
			if !MatchPath(w.Path, e.File) {
				return false
			}
			files++
		}
		return files > 0
	}
	return true
}

// subjectMatches matches a name pattern against what a finding is about:
// the subject as written, the component it names, the engine of an
// engine group ("n8n:SUL-1.0") or scope ("n8n:*.ee.*"), the provider of
// an endpoint.
func (ix *reportIndex) subjectMatches(pattern, subject string) bool {
	if MatchName(pattern, subject) {
		return true
	}
	if c, ok := ix.components[subject]; ok {
		return matchComponent(pattern, c)
	}
	if e, ok := ix.endpoints[subject]; ok {
		return MatchName(pattern, e.Provider) || MatchName(pattern, e.ProviderName)
	}
	if id, _, ok := strings.Cut(subject, ":"); ok {
		if e, ok := ix.engines[id]; ok {
			return MatchName(pattern, e.ID) || MatchName(pattern, e.Name)
		}
	}
	return false
}

// licensePolicyFindings raises license/not-allowed for each shipped,
// third-party component (an engine's packages under one licence
// together) whose licence the policy does not allow. A hosted model is
// not shipped: its service terms are an attestation, not a licence.
func licensePolicyFindings(r *Report, p LicensePolicy) []Finding {
	if p.Allow.empty() && p.Deny.empty() {
		return nil
	}
	cats := map[string]Category{}
	for _, l := range r.Licenses {
		cats[strings.ToLower(l.ID)] = l.Category
	}
	category := func(id string) Category { return cmp.Or(cats[strings.ToLower(id)], UnknownCategory) }
	var gr grouper
	why := map[*group]string{}
	for i := range r.Inventory.Components {
		c := &r.Inventory.Components[i]
		if c.Dev || c.FirstParty || !c.License.Known() || hostedModel(c) {
			continue
		}
		e, err := license.ParseExpression(c.License.Expression)
		if err != nil {
			continue
		}
		ok, reasons := p.judge(e, category)
		if ok {
			continue
		}
		key, create := c.ID, func() *group {
			return &group{key: c.ID, name: c.Name, version: c.Version, license: c.License.Expression}
		}
		if c.Engine != "" {
			key = c.Engine + ":" + c.License.Expression
			create = func() *group {
				eng := engineNamed(r, c.Engine)
				return &group{key: key, engine: c.Engine, name: eng.Name, version: eng.Version, license: c.License.Expression}
			}
		}
		if gr.add(key, c, create) {
			why[gr.byKey[key]] = strings.Join(reasons, "; ")
		}
	}
	var out []Finding
	for _, g := range gr.order {
		what := g.name
		if g.version != "" {
			what += " " + g.version
		}
		if len(g.members) > 1 {
			what += fmt.Sprintf(" (%d components)", len(g.members))
		}
		f, _ := observe(observation{rule: "license/not-allowed", subject: g.key, evidence: groupEvidence(g),
			values: map[string]string{"what": what, "license": g.license, "name": g.name, "why": why[g]}}, "")
		out = append(out, f)
	}
	return out
}

func engineNamed(r *Report, id string) EngineUse {
	for _, e := range r.Inventory.Engines {
		if e.ID == id {
			return e
		}
	}
	return EngineUse{ID: id, Name: id}
}

// judge reads an expression against the lists: whether it passes, and
// why not.
func (p LicensePolicy) judge(e *license.Expr, category func(string) Category) (bool, []string) {
	switch e.Op {
	case "OR":
		var all []string
		for _, a := range e.Args {
			ok, why := p.judge(a, category)
			if ok {
				return true, nil
			}
			all = appendNew(all, why...)
		}
		return false, all
	case "AND":
		pass, all := true, []string(nil)
		for _, a := range e.Args {
			if ok, why := p.judge(a, category); !ok {
				pass = false
				all = appendNew(all, why...)
			}
		}
		return pass, all
	case "WITH":
		whole := e.String()
		if p.Deny.has(whole, "") {
			return false, []string{whole + " is denied"}
		}
		if !p.Allow.empty() && p.Allow.has(whole, "") {
			return true, nil
		}
		return p.judge(e.Args[0], category)
	}
	c := category(e.ID)
	switch {
	case p.Deny.has(e.ID, c):
		return false, []string{fmt.Sprintf("%s (%s) is denied", e.ID, c)}
	case !p.Allow.empty() && !p.Allow.has(e.ID, c):
		return false, []string{fmt.Sprintf("%s (%s) is not allowed", e.ID, c)}
	}
	return true, nil
}

// residencyPolicyFindings raises residency/not-allowed for each endpoint
// outside the residency policy.
func residencyPolicyFindings(r *Report, p ResidencyPolicy, cat *residency.Catalogue) []Finding {
	if r.Residency == nil || len(p.Guarantees) == 0 && len(p.Geographies) == 0 && len(p.Providers) == 0 {
		return nil
	}
	allowed := map[string]bool{}
	for _, g := range p.Geographies {
		allowed[strings.ToUpper(g)] = true
		for _, c := range cat.Place(g).Countries {
			allowed[c] = true
		}
	}
	var out []Finding
	for _, e := range r.Residency.Endpoints {
		var why []string
		if len(p.Guarantees) > 0 && !slices.Contains(p.Guarantees, e.Guarantee) {
			why = append(why, fmt.Sprintf("its guarantee %s is not one the policy allows (%s)", e.Guarantee, joinStrings(p.Guarantees)))
		}
		if len(p.Providers) > 0 && !slices.Contains(p.Providers, e.Provider) {
			why = append(why, fmt.Sprintf("its provider %s is not one the policy allows (%s)", e.Provider, strings.Join(p.Providers, ", ")))
		}
		if place := cat.Place(e.Processing); len(p.Geographies) > 0 && !geographyAllowed(place, allowed) {
			where := "it processes data in " + e.Processing
			switch {
			case place.Unknown:
				where = "where it processes data is not established"
			case place.Global:
				where = "it may process data anywhere (global)"
			}
			why = append(why, fmt.Sprintf("%s, and the policy allows only %s", where, strings.Join(p.Geographies, ", ")))
		}
		if len(why) == 0 {
			continue
		}
		f, _ := observe(observation{rule: "residency/not-allowed", subject: e.ID, evidence: e.Evidence,
			values: map[string]string{"endpoint": endpointName(e), "why": strings.Join(why, "; ")}}, "")
		out = append(out, f)
	}
	return out
}

func geographyAllowed(p residency.Place, allowed map[string]bool) bool {
	switch {
	case p.Local:
		return allowed["LOCAL"]
	case p.Global:
		return allowed["GLOBAL"]
	case p.Unknown || len(p.Countries) == 0:
		return allowed["UNKNOWN"]
	}
	for _, c := range p.Countries {
		if !allowed[c] {
			return false
		}
	}
	return true
}

func joinStrings[T ~string](xs []T) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = string(x)
	}
	return strings.Join(s, ", ")
}

var (
	fingerprintPattern = regexp.MustCompile(`^[0-9a-f]{16}$`)
	errNoMatch         = errors.New("names neither a finding nor a rule")
)

// ValidateGate reports what is wrong with a gate built by hand: unknown
// values, a waiver without reason, owner or a valid expiry, an unknown
// rule, a bad pattern. Package policy reports the same with the file's
// positions.
func ValidateGate(g Gate) error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	for u, vs := range g.FailOn.Verdicts {
		if !slices.Contains(Uses, u) {
			bad("fail_on: %q is not an intended use", u)
		}
		for _, v := range vs {
			if v != Prohibited && v != Conditional && v != Unknown {
				bad("fail_on: %q is not a failing verdict (prohibited, conditional, unknown)", v)
			}
		}
	}
	if s := g.FailOn.Severity; s != "" && s != SeverityNone && !slices.Contains(Severities, s) {
		bad("fail_on: %q is not a severity", s)
	}
	for _, set := range []LicenseSet{g.Licenses.Allow, g.Licenses.Deny} {
		for _, c := range set.Categories {
			if !slices.Contains(Categories, c) {
				bad("licenses: %q is not a category", c)
			}
		}
	}
	for _, x := range g.Residency.Guarantees {
		if x.Rank() == 0 {
			bad("residency: %q is not a guarantee", x)
		}
	}
	for _, w := range g.Waivers {
		name := "waiver " + w.String()
		switch {
		case w.Finding == "" && w.Rule == "":
			bad("%s %v", name, errNoMatch)
		case w.Finding != "" && !fingerprintPattern.MatchString(w.Finding):
			bad("%s: %q is not a fingerprint (16 hexadecimal digits)", name, w.Finding)
		}
		if _, ok := Rule(w.Rule); w.Rule != "" && !ok {
			bad("%s: %q is not a rule", name, w.Rule)
		}
		if w.Path != "" {
			if err := ValidPath(w.Path); err != nil {
				bad("%s: %v", name, err)
			}
		}
		for _, u := range w.Uses {
			if !slices.Contains(Uses, u) {
				bad("%s: %q is not an intended use", name, u)
			}
		}
		if strings.TrimSpace(w.Reason) == "" || strings.TrimSpace(w.Owner) == "" {
			bad("%s needs a reason and an owner", name)
		}
		if _, err := time.Parse(time.DateOnly, w.Expires); err != nil {
			bad("%s: expires %q is not a date (YYYY-MM-DD)", name, w.Expires)
		}
	}
	return errors.Join(errs...)
}
