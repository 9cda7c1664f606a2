// Package sarif writes a report as SARIF 2.1.0 for GitHub code scanning.
//
// The log holds what GitHub reads and no placeholder: one run whose driver
// is mcp-comply (its version, and its semanticVersion when the version is
// a semantic version), its rules and its results.
//
// Each rule the report describes (compliance.Report.Rules: the rule table
// as the report was written with it) is a rule: its title as short
// description, its help as full description and help (text, and Markdown
// with a link to its helpUri), its default severity as
// defaultConfiguration.level. A finding whose rule the report does not
// describe (a report saved before it described its rules) gets a rule
// named by its id. Each finding is a result:
//
//   - level: error for critical and high, warning for medium, note for
//     low and info;
//   - message: the title, the detail and the fix;
//   - location: the first piece of evidence, the others (up to 99) as
//     related locations; a finding without evidence points at its
//     component's first location, else at the project's directory;
//   - partialFingerprints["mcpComplyFingerprint/v1"]: the finding's
//     fingerprint, stable across runs, so GitHub tracks one alert per
//     finding.
//
// The report's warnings (a file that could not be read, the history walk
// stopped at a bound) are the notifications of the run's one invocation,
// level warning, at their file when they have one.
//
// A report the gate has judged (mcp-comply check) carries more: a waived
// finding has one suppressions entry per waiver (kind external, status
// accepted, the reason as justification, the owner, expiry and the
// policy's file:line:col in its properties); against a baseline, every
// result has its baselineState (new or unchanged), and the baseline's
// findings that are gone follow as results of their own, baselineState
// absent.
//
// Artifact URIs are relative to the root of the repository the project
// lies in (its Inputs.Source.Subdir joined to the file), whatever path the
// scan was given, percent-encoded, with uriBaseId "%SRCROOT%"; the run's
// originalUriBaseIds describes %SRCROOT% without a path of the machine
// that wrote the log, so the log is the same on every machine. GitHub
// reads relative URIs as relative to the repository's root.
//
// GitHub reads "security-severity" from a rule's properties, and only for
// rules tagged "security": each rule carries the score of the worst
// severity among its results in this report (critical 9.5, high 8.0,
// medium 5.5, low 2.0; GitHub's bands are 9.0–10 critical, 7.0–8.9 high,
// 4.0–6.9 medium, 0.1–3.9 low), and each result carries its own score in
// its properties as well. Info findings carry none.
package sarif

import (
	"encoding/json"
	"io"
	"net/url"
	"path"
	"strings"

	"golang.org/x/mod/semver"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/reports/internal/safe"
	"github.com/mcp-comply/mcp-comply/reports/internal/view"
)

// SARIF is the sarif format.
type SARIF struct{}

// FingerprintKey names the partial fingerprint that carries a finding's
// fingerprint.
const FingerprintKey = "mcpComplyFingerprint/v1"

// SrcRoot is the URI base id of every artifact location: the root of the
// repository the project lies in.
const SrcRoot = "%SRCROOT%"

const (
	schemaURI      = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	informationURI = "https://github.com/mcp-comply/mcp-comply"
	// maxRelated keeps a result within the 100 locations GitHub shows.
	maxRelated = 99
)

// score is the security-severity GitHub reads, per severity.
var score = map[compliance.Severity]string{
	compliance.Critical: "9.5",
	compliance.High:     "8.0",
	compliance.Medium:   "5.5",
	compliance.Low:      "2.0",
}

// levels are the SARIF levels of the severities; low and info are notes.
var levels = map[compliance.Severity]string{
	compliance.Critical: "error",
	compliance.High:     "error",
	compliance.Medium:   "warning",
}

// Level is the SARIF level of a severity.
func Level(s compliance.Severity) string { return view.Lookup(levels, s, "note") }

// The log: the part of SARIF 2.1.0 this format writes.
type (
	Log struct {
		Schema  string `json:"$schema"`
		Version string `json:"version"`
		Runs    []Run  `json:"runs"`
	}
	Run struct {
		Tool               Tool                        `json:"tool"`
		Invocations        []Invocation                `json:"invocations,omitempty"`
		OriginalURIBaseIDs map[string]ArtifactLocation `json:"originalUriBaseIds"`
		Results            []Result                    `json:"results"`
	}
	// Invocation carries the scan's warnings as tool execution
	// notifications (SARIF 2.1.0 §3.20.21): the run succeeded, and what
	// it could not read, or where it stopped (a history bound), is said.
	Invocation struct {
		ExecutionSuccessful        bool           `json:"executionSuccessful"`
		ToolExecutionNotifications []Notification `json:"toolExecutionNotifications"`
	}
	Notification struct {
		Level     string     `json:"level"`
		Message   Message    `json:"message"`
		Locations []Location `json:"locations,omitempty"`
	}
	Tool struct {
		Driver Driver `json:"driver"`
	}
	Driver struct {
		Name            string `json:"name"`
		Version         string `json:"version,omitempty"`
		SemanticVersion string `json:"semanticVersion,omitempty"`
		InformationURI  string `json:"informationUri"`
		Rules           []Rule `json:"rules"`
	}
	Rule struct {
		ID                   string          `json:"id"`
		ShortDescription     Message         `json:"shortDescription"`
		FullDescription      *Message        `json:"fullDescription,omitempty"`
		Help                 *Message        `json:"help,omitempty"`
		HelpURI              string          `json:"helpUri,omitempty"`
		DefaultConfiguration *Configuration  `json:"defaultConfiguration,omitempty"`
		Properties           *RuleProperties `json:"properties,omitempty"`
	}
	Configuration struct {
		Level string `json:"level"`
	}
	RuleProperties struct {
		Tags             []string `json:"tags"`
		SecuritySeverity string   `json:"security-severity,omitempty"`
	}
	// Message is a message or a multiformat message string.
	Message struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown,omitempty"`
	}
	Result struct {
		RuleID              string            `json:"ruleId"`
		RuleIndex           int               `json:"ruleIndex"`
		Level               string            `json:"level"`
		Message             Message           `json:"message"`
		Locations           []Location        `json:"locations"`
		RelatedLocations    []Location        `json:"relatedLocations,omitempty"`
		PartialFingerprints map[string]string `json:"partialFingerprints"`
		Suppressions        []Suppression     `json:"suppressions,omitempty"`
		BaselineState       string            `json:"baselineState,omitempty"`
		Properties          ResultProperties  `json:"properties"`
	}
	// Suppression is a waiver of the policy as SARIF states it.
	Suppression struct {
		Kind          string                `json:"kind"`
		Status        string                `json:"status"`
		Justification string                `json:"justification"`
		Properties    SuppressionProperties `json:"properties"`
	}
	SuppressionProperties struct {
		Owner   string `json:"owner"`
		Expires string `json:"expires"`
		Source  string `json:"source,omitempty"`
	}
	ResultProperties struct {
		Severity         string `json:"severity"`
		Subject          string `json:"subject"`
		SecuritySeverity string `json:"security-severity,omitempty"`
	}
	Location struct {
		// ID numbers related locations from 1; a result's location has none.
		ID               int              `json:"id,omitempty"`
		PhysicalLocation PhysicalLocation `json:"physicalLocation"`
		Message          *Message         `json:"message,omitempty"`
	}
	PhysicalLocation struct {
		ArtifactLocation ArtifactLocation `json:"artifactLocation"`
		Region           *Region          `json:"region,omitempty"`
	}
	ArtifactLocation struct {
		URI         string   `json:"uri,omitempty"`
		URIBaseID   string   `json:"uriBaseId,omitempty"`
		Description *Message `json:"description,omitempty"`
	}
	Region struct {
		StartLine   int      `json:"startLine"`
		StartColumn int      `json:"startColumn,omitempty"`
		Snippet     *Message `json:"snippet,omitempty"`
	}
)

// Format writes the report.
func (SARIF) Format(w io.Writer, r *compliance.Report) error {
	data, err := json.MarshalIndent(Build(r), "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}

// Build turns a report into a SARIF log.
func Build(r *compliance.Report) *Log {
	driver := Driver{
		Name:            safe.Clean(r.Tool.Name, 60),
		Version:         safe.Clean(r.Tool.Version, 60),
		SemanticVersion: semanticVersion(r.Tool.Version),
		InformationURI:  informationURI,
		Rules:           []Rule{},
	}
	if driver.Name == "" {
		driver.Name = "mcp-comply"
	}

	worst := map[string]compliance.Severity{}
	for _, f := range r.Findings {
		if s, ok := worst[f.Rule]; !ok || f.Severity.Rank() > s.Rank() {
			worst[f.Rule] = f.Severity
		}
	}
	index := map[string]int{}
	addRule := func(ri compliance.RuleInfo) {
		id := safe.Clean(ri.ID, 100)
		if _, dup := index[id]; dup {
			return
		}
		index[id] = len(driver.Rules)
		driver.Rules = append(driver.Rules, rule(ri, worst[ri.ID]))
	}
	for _, ri := range r.Rules {
		addRule(ri)
	}
	for _, f := range r.Findings {
		addRule(compliance.RuleInfo{ID: f.Rule, Area: f.Area, Title: f.Rule})
	}
	if g := r.Gate; g != nil && g.Baseline != nil {
		for _, f := range g.Baseline.Gone {
			addRule(compliance.RuleInfo{ID: f.Rule, Area: f.Area, Title: f.Rule})
		}
	}

	components := map[string]*compliance.Component{}
	for i := range r.Inventory.Components {
		components[r.Inventory.Components[i].ID] = &r.Inventory.Components[i]
	}
	sub := subdir(r.Inputs.Source.Subdir)
	findings := r.Findings
	if g := r.Gate; g != nil && g.Baseline != nil {
		findings = append(findings[:len(findings):len(findings)], g.Baseline.Gone...)
	}
	results := make([]Result, 0, len(findings))
	for _, f := range findings {
		msg := safe.Clean(f.Title, 300)
		if f.Detail != "" {
			msg += "\n\n" + safe.Clean(f.Detail, 1000)
		}
		if f.Remediation != "" {
			msg += "\n\nFix: " + safe.Clean(f.Remediation, 1000)
		}
		id := safe.Clean(f.Rule, 100)
		res := Result{
			RuleID: id, RuleIndex: index[id], Level: Level(f.Severity), Message: Message{Text: msg},
			PartialFingerprints: map[string]string{FingerprintKey: safe.Clean(f.Fingerprint, 64)},
			Properties:          ResultProperties{Severity: string(f.Severity), Subject: safe.Clean(f.Subject, 300), SecuritySeverity: score[f.Severity]},
		}
		res.BaselineState = string(f.BaselineState)
		if f.Waived {
			for _, w := range f.Waivers {
				res.Suppressions = append(res.Suppressions, Suppression{Kind: "external", Status: "accepted",
					Justification: safe.Clean(w.Reason, 1000),
					Properties:    SuppressionProperties{Owner: safe.Clean(w.Owner, 200), Expires: safe.Clean(w.Expires, 20), Source: safe.Clean(w.Source.String(), 300)}})
			}
		}
		places := f.Evidence
		if len(places) == 0 {
			if c := components[f.Subject]; c != nil && len(c.Locations) > 0 {
				places = []compliance.Evidence{{Position: c.Locations[0]}}
			} else {
				places = []compliance.Evidence{{}} // the project's directory
			}
		}
		for i, e := range places[:min(len(places), maxRelated+1)] {
			loc := location(sub, e)
			if i == 0 {
				res.Locations = []Location{loc}
			} else {
				loc.ID = i
				res.RelatedLocations = append(res.RelatedLocations, loc)
			}
		}
		results = append(results, res)
	}

	root := "The root of the repository the project lies in, or the scanned directory outside a repository."
	if sub != "" {
		root = "The root of the repository the project lies in; the project is its directory " + sub + "."
	}
	return &Log{
		Schema:  schemaURI,
		Version: "2.1.0",
		Runs: []Run{{
			Tool:               Tool{Driver: driver},
			Invocations:        invocations(sub, r.Warnings),
			OriginalURIBaseIDs: map[string]ArtifactLocation{SrcRoot: {Description: &Message{Text: root}}},
			Results:            results,
		}},
	}
}

// invocations are the report's warnings as one invocation's notifications
// of level warning, each at its file when it has one; none without
// warnings.
func invocations(sub string, ws []compliance.Warning) []Invocation {
	if len(ws) == 0 {
		return nil
	}
	inv := Invocation{ExecutionSuccessful: true}
	for _, w := range ws {
		n := Notification{Level: "warning", Message: Message{Text: safe.Clean(w.Message, 1000)}}
		if w.File != "" {
			n.Locations = []Location{location(sub, compliance.Evidence{Position: w.Position})}
		}
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, n)
	}
	return []Invocation{inv}
}

// rule describes a rule; worst is the worst severity of its results here.
func rule(ri compliance.RuleInfo, worst compliance.Severity) Rule {
	out := Rule{
		ID:               safe.Clean(ri.ID, 100),
		ShortDescription: Message{Text: safe.Clean(ri.Title, 200)},
		HelpURI:          helpURI(ri.HelpURI),
	}
	if out.ShortDescription.Text == "" {
		out.ShortDescription.Text = out.ID
	}
	if help := safe.Clean(ri.Help, 2000); help != "" {
		out.FullDescription = &Message{Text: help}
		out.Help = &Message{Text: help, Markdown: markdown(help)}
		if out.HelpURI != "" {
			out.Help.Text += " See " + out.HelpURI
			out.Help.Markdown += "\n\nSee [" + markdown(linkText(out.HelpURI)) + "](" + out.HelpURI + ")."
		}
	}
	if ri.Level != "" {
		out.DefaultConfiguration = &Configuration{Level: Level(ri.Level)}
	}
	tags := []string{"security"}
	if area := safe.Clean(string(ri.Area), 40); area != "" {
		tags = append(tags, area)
	}
	out.Properties = &RuleProperties{Tags: tags, SecuritySeverity: score[worst]}
	return out
}

// location is a piece of evidence as a SARIF location.
func location(sub string, e compliance.Evidence) Location {
	loc := Location{PhysicalLocation: PhysicalLocation{ArtifactLocation: artifact(sub, e.File)}}
	excerpt := safe.Clean(e.Excerpt, 300)
	if e.Line > 0 {
		region := &Region{StartLine: e.Line}
		if e.Col > 0 {
			region.StartColumn = e.Col
		}
		if excerpt != "" {
			region.Snippet = &Message{Text: excerpt}
		}
		loc.PhysicalLocation.Region = region
	} else if excerpt != "" {
		loc.Message = &Message{Text: excerpt}
	}
	return loc
}

// artifact locates a file of the project from the repository's root: the
// project's directory in the repository joined to the file, percent-
// encoded. A file outside the project's tree (a user config of the machine
// that scanned) keeps its absolute path as a file URI.
func artifact(sub, file string) ArtifactLocation {
	f := strings.ReplaceAll(safe.Clean(file, 0), "\\", "/")
	if path.IsAbs(f) {
		return ArtifactLocation{URI: (&url.URL{Scheme: "file", Path: path.Clean(f)}).String()}
	}
	p := path.Join(sub, f)
	if p == "" || p == "." {
		p = "./" // the project's directory at the repository's root
	}
	return ArtifactLocation{URI: (&url.URL{Path: p}).String(), URIBaseID: SrcRoot}
}

// subdir is the project's directory in its repository as a prefix of
// artifact URIs: "" at the root, and for anything that is not a path
// below the root.
func subdir(s string) string {
	p := path.Clean(strings.ReplaceAll(safe.Clean(s, 0), "\\", "/"))
	if p == "." || path.IsAbs(p) || p == ".." || strings.HasPrefix(p, "../") || strings.Contains(p, ":") {
		return ""
	}
	return p
}

// semanticVersion is the tool version as SemVer 2.0 ("v1.2.3" is
// "1.2.3"), or "" when it is not one ("devel", "v1.2").
func semanticVersion(v string) string {
	if !strings.HasPrefix(v, "v") {
		v = "v" + v
	}
	core, _, _ := strings.Cut(v, "+")
	if !semver.IsValid(v) || semver.Canonical(v) != core {
		return ""
	}
	return v[1:]
}

// helpURI keeps an https or http URL that reads the same in a Markdown
// link; anything else is dropped.
func helpURI(s string) string {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil {
		return ""
	}
	out := u.String()
	if strings.ContainsAny(out, " <>()[]\"'`\\") || out != safe.Clean(out, 0) {
		return ""
	}
	return out
}

// linkText names a link by its host and path: "choosealicense.com/no-permission".
func linkText(uri string) string {
	u, _ := url.Parse(uri)
	return strings.TrimSuffix(u.Host+u.Path, "/")
}

// markdown escapes the characters that would make text render as
// something else in GitHub's Markdown.
func markdown(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_[]<>#|~!&", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
