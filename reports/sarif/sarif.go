// Package sarif writes a report as SARIF 2.1.0 for GitHub code scanning,
// with github.com/owenrumney/go-sarif/v3.
//
// Each check is a rule: every rule in compliance.Rules, with its title as
// short description and its help as full description and help text, plus
// any rule a finding names that the catalogue lacks, described by its id. Each
// finding is a result:
//
//   - level: error for critical and high, warning for medium, note for
//     low and info;
//   - message: the title, the detail and the fix;
//   - location: the first piece of evidence, the others as related
//     locations; a finding without evidence points at its component's
//     first location. URIs are relative to the directory the scan ran in
//     (the scanned path joined to the file), percent-encoded;
//   - partialFingerprints["mcpComplyFingerprint/v1"]: the finding's
//     fingerprint, stable across runs, so GitHub tracks one alert per
//     finding.
//
// GitHub reads "security-severity" from a rule's properties, and only for
// rules tagged "security": each rule carries the score of the worst
// severity among its results in this report (critical 9.5, high 8.0,
// medium 5.5, low 2.0; GitHub's bands are 9.0–10 critical, 7.0–8.9 high,
// 4.0–6.9 medium, 0.1–3.9 low), and each result carries its own score in
// its properties as well. Info findings carry none.
package sarif

import (
	"io"
	"net/url"
	"path"
	"strings"

	gosarif "github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/reports/internal/safe"
)

// SARIF is the sarif format.
type SARIF struct{}

// FingerprintKey names the partial fingerprint that carries a finding's
// fingerprint.
const FingerprintKey = "mcpComplyFingerprint/v1"

const informationURI = "https://github.com/mcp-comply/mcp-comply"

// score is the security-severity GitHub reads, per severity.
var score = map[compliance.Severity]string{
	compliance.Critical: "9.5",
	compliance.High:     "8.0",
	compliance.Medium:   "5.5",
	compliance.Low:      "2.0",
}

func level(s compliance.Severity) string {
	switch s {
	case compliance.Critical, compliance.High:
		return "error"
	case compliance.Medium:
		return "warning"
	}
	return "note"
}

// Format writes the report.
func (SARIF) Format(w io.Writer, r *compliance.Report) error {
	log, err := Build(r)
	if err != nil {
		return err
	}
	return log.PrettyWrite(w)
}

// Build turns a report into a SARIF log.
func Build(r *compliance.Report) (*gosarif.Report, error) {
	run := gosarif.NewRunWithInformationURI(safe.Clean(r.Tool.Name, 60), informationURI)
	run.Tool.Driver.WithVersion(safe.Clean(r.Tool.Version, 60))

	// Rules: the catalogue, then rules only findings name, each once.
	worst := map[string]compliance.Severity{}
	for _, f := range r.Findings {
		if s, ok := worst[f.Rule]; !ok || f.Severity.Rank() > s.Rank() {
			worst[f.Rule] = f.Severity
		}
	}
	infos := compliance.Rules()
	known := map[string]bool{}
	for _, ri := range infos {
		known[ri.ID] = true
	}
	for _, f := range r.Findings {
		if !known[f.Rule] {
			known[f.Rule] = true
			infos = append(infos, compliance.RuleInfo{ID: f.Rule, Area: f.Area, Title: f.Rule})
		}
	}
	for _, ri := range infos {
		rule := run.AddRule(safe.Clean(ri.ID, 100)).
			WithShortDescription(gosarif.NewMultiformatMessageString().WithText(safe.Clean(ri.Title, 200)))
		if ri.Help != "" {
			rule.WithFullDescription(gosarif.NewMultiformatMessageString().WithText(safe.Clean(ri.Help, 2000))).
				WithHelp(gosarif.NewMultiformatMessageString().WithText(safe.Clean(ri.Help, 2000)))
		}
		props := gosarif.NewPropertyBag().WithTags([]string{"security", string(ri.Area)})
		if s, ok := score[worst[ri.ID]]; ok {
			props.Add("security-severity", s)
		}
		rule.WithProperties(props)
	}

	components := map[string]*compliance.Component{}
	for i := range r.Inventory.Components {
		components[r.Inventory.Components[i].ID] = &r.Inventory.Components[i]
	}
	base := baseDir(r.Inputs.Source)
	for _, f := range r.Findings {
		msg := safe.Clean(f.Title, 300)
		if f.Detail != "" {
			msg += "\n\n" + safe.Clean(f.Detail, 1000)
		}
		if f.Remediation != "" {
			msg += "\n\nFix: " + safe.Clean(f.Remediation, 1000)
		}
		res := run.CreateResultForRule(safe.Clean(f.Rule, 100)).
			WithLevel(level(f.Severity)).
			WithMessage(gosarif.NewTextMessage(msg)).
			WithPartialFingerprints(map[string]string{FingerprintKey: safe.Clean(f.Fingerprint, 64)})
		props := gosarif.NewPropertyBag().Add("severity", string(f.Severity)).Add("subject", safe.Clean(f.Subject, 300))
		if s, ok := score[f.Severity]; ok {
			props.Add("security-severity", s)
		}
		res.WithProperties(props)

		places := f.Evidence
		if len(places) == 0 {
			if c := components[f.Subject]; c != nil && len(c.Locations) > 0 {
				places = []compliance.Evidence{{Position: c.Locations[0]}}
			}
		}
		for i, e := range places {
			loc := location(base, e)
			if i == 0 {
				res.AddLocation(loc)
			} else {
				res.AddRelatedLocation(loc.WithID(i))
			}
		}
	}
	log := gosarif.NewReport()
	log.AddRun(run)
	return log, nil
}

func location(base string, e compliance.Evidence) *gosarif.Location {
	file := path.Clean(path.Join(base, safe.Clean(e.File, 0)))
	phys := gosarif.NewPhysicalLocation().WithArtifactLocation(gosarif.NewSimpleArtifactLocation((&url.URL{Path: file}).String()))
	if e.Line > 0 {
		region := gosarif.NewRegion().WithStartLine(e.Line)
		if e.Col > 0 {
			region.WithStartColumn(e.Col)
		}
		if e.Excerpt != "" {
			region.WithSnippet(gosarif.NewArtifactContent().WithText(safe.Clean(e.Excerpt, 300)))
		}
		phys.WithRegion(region)
	}
	loc := gosarif.NewLocationWithPhysicalLocation(phys)
	if e.Line == 0 && e.Excerpt != "" {
		loc.WithMessage(gosarif.NewTextMessage(safe.Clean(e.Excerpt, 300)))
	}
	return loc
}

// baseDir is the scanned path as a prefix for artifact URIs, when it is a
// relative path below the directory the scan ran in; "" otherwise.
func baseDir(s compliance.SourceInfo) string {
	p := path.Clean(strings.ReplaceAll(s.Path, "\\", "/"))
	if p == "." || path.IsAbs(p) || p == ".." || strings.HasPrefix(p, "../") || strings.Contains(p, ":") {
		return ""
	}
	return p
}
