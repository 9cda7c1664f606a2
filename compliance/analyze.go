package compliance

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/github/go-spdx/v2/spdxexp/spdxlicenses"
	"github.com/go-git/go-git/v5/plumbing/storer"

	"github.com/mcp-comply/mcp-comply/aiuse"
	"github.com/mcp-comply/mcp-comply/hardening"
	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/license"
	"github.com/mcp-comply/mcp-comply/license/kb"
	"github.com/mcp-comply/mcp-comply/license/match"
	"github.com/mcp-comply/mcp-comply/residency"
)

// Config is an analysis's policy, what it reads besides the project's
// files, and the knowledge it judges with. The zero value judges every
// intended use for the global market with the embedded knowledge.
type Config struct {
	Policy    Policy
	Input     Input
	Knowledge Knowledge
	// ToolVersion is written into the report; empty means "devel".
	ToolVersion string
}

// Policy is what the project is judged against. The report records it
// in its inputs.
type Policy struct {
	// Uses are the intended uses to judge; empty means all of them.
	Uses []Use `json:"uses"`
	// Market is where the product is sold; empty means Global.
	Market Market `json:"market"`
	// Exclude are path globs (MatchPath) kept out of the analysis: the
	// walk does not enter them, so their files give no component,
	// endpoint, finding or warning, and a finding whose every piece of
	// evidence lies under one (a secret in the git history) is dropped.
	// The report's Inputs.Excluded says what each kept out.
	Exclude []string `json:"exclude,omitempty"`
	// FirstParty are name patterns (MatchName) of the project's own
	// packages and images, matched against a component's name, id and
	// purl: such a component is the project's own code (Component.FirstParty).
	FirstParty []string `json:"firstParty,omitempty"`
	// CustomerManagedKeys asks for data at rest under the project's own
	// keys: the rules that declare a cmk-required variant (a resource
	// encrypted only with the provider's default key) are judged at it.
	CustomerManagedKeys bool `json:"customerManagedKeys,omitempty"`
	// LicenseOverrides set the licence of the components they name.
	LicenseOverrides []LicenseOverride `json:"licenseOverrides,omitempty"`
}

// LicenseOverride sets a component's licence where its metadata is wrong
// or missing: the component's licence is the override's (method
// override), its evidence says why and where that is shown.
type LicenseOverride struct {
	// Component is a name pattern (MatchName) matched against a
	// component's name, id and purl (with or without its version).
	Component string `json:"component"`
	// License is an SPDX expression.
	License string `json:"license"`
	// Reason says why; Evidence is the URL that shows the licence.
	Reason   string `json:"reason"`
	Evidence string `json:"evidence"`
	// Source is where the policy declares it.
	Source Position `json:"source,omitzero"`
	// Applied lists the ids of the components it set the licence of (the
	// report's inputs; none when it matched nothing).
	Applied []string `json:"applied,omitempty"`
}

// Input is what Analyze reads besides the project's fs.FS, and how the
// report names the project.
type Input struct {
	// Source describes the scanned project for the report; Analyze reads
	// only the fs.FS it is given.
	Source SourceInfo
	// GoModCache serves Go licence texts for modules that are not vendored.
	GoModCache fs.FS
	// History and Head, for a git revision, let the scan look for secrets
	// that were committed and later removed: the repository's object store
	// and the commit to walk back from (default HEAD). The walk reads only
	// Source.Subdir of each commit, the directory the project lies in.
	History storer.Storer
	Head    string
	// MaxCommits bounds the history walk to the newest commits (by commit
	// time); 0 reads the whole history. A bound hit is a warning.
	MaxCommits int
	// UserFS and UserConfigs are the MCP client configs of this machine's
	// user to check besides the project's (mcp-comply --user-configs).
	UserFS      fs.FS
	UserConfigs []string
	// Limits bound what the scan reads (file sizes, files, parse depth and
	// values); zero fields take their defaults. A bound hit is a warning.
	Limits project.Limits
	// Lookup, when set, asks the package registries for the licences of
	// the components the tree does not carry (mcp-comply --online, or
	// online: true in the policy file; package registry implements it).
	// nil is the offline default: Analyze then makes no network call.
	Lookup license.Lookup
}

// Knowledge is the data the judgement rests on. A nil field means the
// embedded data.
type Knowledge struct {
	// KB replaces the embedded licence knowledge base and engine catalogue
	// (tests, user additions).
	KB *kb.Base
	// Residency replaces the embedded provider catalogue (user additions:
	// residency.Default().Extend).
	Residency *residency.Catalogue
}

// Analyze scans the project in fsys and judges it under cfg. It never
// executes project code and makes no network call of its own: only
// cfg.Input.Lookup, when it is set, asks the registries. Problems with single
// inputs become report warnings; an error means the scan itself failed
// (the context was cancelled, the root could not be read).
func Analyze(ctx context.Context, fsys fs.FS, cfg Config) (*Report, error) {
	cfg = withDefaults(cfg)
	in, know := cfg.Input, cfg.Knowledge
	go match.Prepare() // the licence patterns compile while the walk runs on another core
	if err := validatePolicy(cfg.Policy); err != nil {
		return nil, err
	}
	var excl *excludeFS
	if len(cfg.Policy.Exclude) > 0 {
		excl = newExcludeFS(fsys, cfg.Policy.Exclude)
		fsys = excl
	}
	idx, err := project.WalkLimits(ctx, fsys, in.Limits)
	if err != nil {
		return nil, fmt.Errorf("indexing the project: %w", err)
	}
	// One pass over the source: each file is read and parsed once, and
	// both analyzers that read code see it.
	hs := hardening.NewScanner(hardening.Options{History: in.History, Head: in.Head, MaxCommits: in.MaxCommits, Subdir: in.Source.Subdir, UserFS: in.UserFS, UserConfigs: in.UserConfigs})
	rs, err := residency.NewScanner(residency.Options{Catalogue: know.Residency})
	if err != nil {
		return nil, fmt.Errorf("residency: %w", err)
	}
	as := aiuse.NewScanner()
	if err := idx.EachSource(ctx, hs.Source, rs.Source, as.Source); err != nil {
		return nil, err
	}
	mcp, err := hs.Finish(ctx, idx)
	if err != nil {
		return nil, fmt.Errorf("MCP hardening: %w", err)
	}
	configs := mcp.Configs
	res, err := rs.Finish(ctx, idx, remotes(configs))
	if err != nil {
		return nil, fmt.Errorf("residency: %w", err)
	}
	// The models residency found join the inventory as components.
	inv, err := license.Collect(ctx, idx, license.Options{KB: know.KB, GoModCache: in.GoModCache,
		Extra: append(serverComponents(configs), modelComponents(res.Models, know.Residency)...), Lookup: in.Lookup})
	if err != nil {
		return nil, fmt.Errorf("licence inventory: %w", err)
	}
	r := &Report{
		SchemaVersion: SchemaVersion,
		Tool:          Tool{Name: "mcp-comply", Version: cfg.ToolVersion},
		Inputs:        Inputs{Source: in.Source, Policy: cfg.Policy, Online: in.Lookup != nil, Knowledge: knowledgeVersions(know.KB)},
		Warnings:      warnings(idx.Warnings(), mcp.Warnings, inv.Warnings, res.Warnings),
	}
	r.Inputs.Source.Name = projectName(idx, in.Source)
	r.Inputs.Source.License = projectLicense(idx)
	if excl != nil {
		r.Inputs.Excluded = excl.exclusions()
	}
	r.Inputs.LicenseOverrides = slices.Clone(cfg.Policy.LicenseOverrides)
	judgeLicences(r, cfg, inv)
	judgeResidency(r, cfg.Policy, res, know.Residency)
	judgeHardening(r, mcp, cfg.Policy)
	ai, err := as.Finish(ctx, idx)
	if err != nil {
		return nil, fmt.Errorf("AI use: %w", err)
	}
	judgeAIAct(r, cfg.Policy, ai)
	finish(r, projectFile(idx))
	return r, nil
}

// validatePolicy checks what Analyze cannot read past: a bad glob, an
// override that is not an SPDX expression. Package policy reports the
// same with the policy file's positions.
func validatePolicy(p Policy) error {
	var errs []error
	for _, g := range p.Exclude {
		if err := ValidPath(g); err != nil {
			errs = append(errs, fmt.Errorf("exclude: %w", err))
		}
	}
	for _, o := range p.LicenseOverrides {
		if _, err := license.ParseExpression(o.License); err != nil || o.License == "" {
			errs = append(errs, fmt.Errorf("license override for %s: %q is not an SPDX expression", o.Component, o.License))
		}
		if strings.TrimSpace(o.Reason) == "" || strings.TrimSpace(o.Evidence) == "" {
			errs = append(errs, fmt.Errorf("license override for %s needs a reason and an evidence URL", o.Component))
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("policy: %w", errors.Join(errs...))
	}
	return nil
}

func withDefaults(cfg Config) Config {
	p := &cfg.Policy
	if len(p.Uses) == 0 {
		p.Uses = slices.Clone(Uses)
	} else {
		// Report order, no duplicates, whatever order the flags came in.
		var uses []Use
		for _, u := range Uses {
			if slices.Contains(p.Uses, u) {
				uses = append(uses, u)
			}
		}
		p.Uses = uses
	}
	if p.Market == "" {
		p.Market = Global
	}
	if cfg.ToolVersion == "" {
		cfg.ToolVersion = "devel"
	}
	if cfg.Knowledge.KB == nil {
		cfg.Knowledge.KB = kb.Default()
	}
	if cfg.Knowledge.Residency == nil {
		cfg.Knowledge.Residency = residency.Default()
	}
	if cfg.Input.Source.Kind == "" {
		cfg.Input.Source.Kind = "directory"
	}
	return cfg
}

// ParseMarket accepts a market name.
func ParseMarket(s string) (Market, error) {
	switch m := Market(strings.ToLower(s)); m {
	case EU, US, Global:
		return m, nil
	}
	return "", fmt.Errorf("unknown market %q (expected eu, us or global)", s)
}

func knowledgeVersions(base *kb.Base) KnowledgeVersions {
	k := KnowledgeVersions{SPDXListVersion: spdxlicenses.LicenseListVersion()}
	for _, l := range base.Licenses {
		k.LicensesChecked = max(k.LicensesChecked, l.Checked)
	}
	for _, e := range base.Engines {
		for _, v := range e.Licenses {
			k.EnginesChecked = max(k.EnginesChecked, v.Checked)
		}
	}
	return k
}

// finish sorts everything, fills the summary and the rules the findings
// name, and gives every finding a place, so the report is the same bytes
// for the same input and every finding can be pointed at (GitHub code
// scanning needs a location on every result). project is the file a
// finding about the whole project points at (projectFile).
func finish(r *Report, project string) {
	slices.SortFunc(r.Warnings, func(a, b Warning) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col), cmp.Compare(a.Message, b.Message))
	})
	r.Warnings = slices.CompactFunc(r.Warnings, sameFault)
	sortFindings(r.Findings)
	locate(r, project)
	r.Rules = findingRules(r.Findings)
	s := Summary{
		Components: len(r.Inventory.Components),
		Categories: map[Category]int{},
		Findings:   map[Severity]int{},
		Warnings:   len(r.Warnings),
		Engines:    []string{},
	}
	for _, c := range r.Inventory.Components {
		s.Categories[c.Category]++
		if !c.License.Known() && !c.FirstParty && !hostedModel(&c) { // a hosted model has terms, not a licence
			s.Unidentified++
		}
	}
	for _, e := range r.Inventory.Engines {
		s.Engines = append(s.Engines, e.ID)
	}
	for _, f := range r.Findings {
		s.Findings[f.Severity]++
	}
	r.Summary = s
	if res := r.Residency; res != nil {
		r.Inputs.Knowledge.ProvidersChecked = providersChecked(res.Endpoints)
		res.EncryptionCounts = countStatuses(res.Encryption, func(e EncryptionSetting) string { return e.Status })
	}
	if h := r.Hardening; h != nil {
		h.Counts = countStatuses(h.Checks, func(c Check) string { return c.Status })
		h.Unpinned = 0
		for _, s := range h.Servers {
			if s.Pinned != nil && !*s.Pinned {
				h.Unpinned++
			}
		}
	}
	if r.Findings == nil {
		r.Findings = []Finding{}
	}
	if r.Warnings == nil {
		r.Warnings = []Warning{}
	}
}

// locate gives a finding without evidence a place: where its subject (a
// component, an engine, an endpoint) is first declared, else the
// project's own file. Only a project without files keeps none.
func locate(r *Report, project string) {
	first := map[string]Position{}
	add := func(id string, ps ...Position) {
		if _, ok := first[id]; !ok && len(ps) > 0 {
			first[id] = ps[0]
		}
	}
	for _, c := range r.Inventory.Components {
		add(c.ID, c.Locations...)
	}
	for _, e := range r.Inventory.Engines {
		add(e.ID, e.Evidence...)
	}
	if res := r.Residency; res != nil {
		for _, e := range res.Endpoints {
			if len(e.Evidence) > 0 {
				add(e.ID, e.Evidence[0].Position)
			}
		}
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		if len(f.Evidence) > 0 {
			continue
		}
		if p, ok := first[f.Subject]; ok {
			f.Evidence = []Evidence{{Position: p}}
		} else if project != "" {
			f.Evidence = []Evidence{{Position: Position{File: project}}}
		}
	}
}

// findingRules describes each rule the findings name, sorted by id.
func findingRules(findings []Finding) []RuleInfo {
	out := []RuleInfo{}
	for _, f := range findings {
		if slices.ContainsFunc(out, func(ri RuleInfo) bool { return ri.ID == f.Rule }) {
			continue
		}
		ri, ok := Rule(f.Rule)
		if !ok {
			ri = RuleInfo{ID: f.Rule, Area: f.Area, Title: noRuleTitle + f.Rule, Help: noRuleHelp, Level: High}
		}
		out = append(out, ri)
	}
	slices.SortFunc(out, func(a, b RuleInfo) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// providersChecked lists the catalogue dates the endpoints rest on, each
// once, oldest first.
func providersChecked(eps []Endpoint) []string {
	var dates []string
	for _, e := range eps {
		if e.Checked != "" {
			dates = append(dates, e.Checked)
		}
	}
	slices.Sort(dates)
	return slices.Compact(dates)
}

// countStatuses tallies items by their status: pass, fail, anything else
// (not-applicable).
func countStatuses[T any](items []T, status func(T) string) StatusCounts {
	var c StatusCounts
	for _, it := range items {
		switch status(it) {
		case "pass":
			c.Pass++
		case "fail":
			c.Fail++
		default:
			c.NotApplicable++
		}
	}
	return c
}

// sameFault reports whether two warnings describe one fault: the same
// place and the same parser message, whichever analyzer read the file
// ("invalid YAML: …" from the licence reader, "invalid compose file: …"
// from the residency one).
func sameFault(a, b Warning) bool {
	if a.Position != b.Position {
		return false
	}
	cause := func(m string) string {
		if strings.HasPrefix(m, "invalid ") {
			if _, rest, ok := strings.Cut(m, ": "); ok {
				return rest
			}
		}
		return m
	}
	return cause(a.Message) == cause(b.Message)
}
