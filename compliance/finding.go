package compliance

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
)

// Severity ranks findings.
type Severity string

const (
	Critical Severity = "critical"
	High     Severity = "high"
	Medium   Severity = "medium"
	Low      Severity = "low"
	Info     Severity = "info"
)

// Severities lists severities from worst to least.
var Severities = []Severity{Critical, High, Medium, Low, Info}

// Rank orders severities: Critical is 4, Info 0.
func (s Severity) Rank() int {
	switch s {
	case Critical:
		return 4
	case High:
		return 3
	case Medium:
		return 2
	case Low:
		return 1
	}
	return 0
}

// ParseSeverity accepts a severity name.
func ParseSeverity(s string) (Severity, error) {
	for _, v := range Severities {
		if string(v) == strings.ToLower(s) {
			return v, nil
		}
	}
	return "", fmt.Errorf("unknown severity %q (expected one of critical, high, medium, low, info)", s)
}

// Area is the part of the product a finding belongs to.
type Area string

const (
	AreaLicense   Area = "license"
	AreaResidency Area = "residency"
	AreaHardening Area = "hardening"
	// AreaAIAct is the EU AI Act: the duties the deployment's signals raise.
	AreaAIAct Area = "ai-act"
)

// Finding is one thing the team must act on or confirm.
type Finding struct {
	// Rule identifies the check, e.g. "license/use-prohibited".
	Rule     string   `json:"rule"`
	Area     Area     `json:"area"`
	Severity Severity `json:"severity"`
	Title    string   `json:"title"`
	Detail   string   `json:"detail"`
	// Subject is what the finding is about: a component id, an engine id.
	Subject  string     `json:"subject"`
	Uses     []Use      `json:"uses,omitempty"`
	Evidence []Evidence `json:"evidence"`
	// Remediation says what to change or obtain.
	Remediation string `json:"remediation"`
	// Fingerprint is stable across runs and machines for the same rule and
	// subject, so a saved report can serve as a baseline.
	Fingerprint string `json:"fingerprint"`
	// Waivers are the policy's waivers that match the finding (Gate.Check),
	// each with where the policy declares it. Waived says they cover it
	// whole (every use it names): it stays in the report and fails
	// nothing. Waivers that cover only some of its uses leave it failing
	// for the others.
	Waivers []Waiver `json:"waivers,omitempty"`
	Waived  bool     `json:"waived,omitempty"`
	// BaselineState is new or unchanged against the baseline Gate.Check
	// was given (a saved report), absent for a baseline's finding that is gone
	// (GateOutcome.Baseline); empty without a baseline.
	BaselineState BaselineState `json:"baselineState,omitempty"`
}

// Evidence is a place in the project that supports a finding.
type Evidence struct {
	Position
	// Excerpt is what was read there; secrets are redacted before they get here.
	Excerpt string `json:"excerpt,omitempty"`
}

// fingerprint hashes what identifies a finding (or an attestation), never
// its wording or position: the rule, the subject and any further parts.
func fingerprint(rule, subject string, parts ...string) string {
	h := sha256.New()
	h.Write([]byte(rule + "\x00" + subject))
	for _, p := range parts {
		h.Write([]byte("\x00" + p))
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// useNames spells uses as fingerprint parts.
func useNames(uses []Use) []string {
	out := make([]string, len(uses))
	for i, u := range uses {
		out[i] = string(u)
	}
	return out
}

// sortFindings orders findings worst first, then by rule and subject.
func sortFindings(fs []Finding) {
	slices.SortFunc(fs, func(a, b Finding) int {
		return cmp.Or(b.Severity.Rank()-a.Severity.Rank(), cmp.Compare(a.Area, b.Area),
			cmp.Compare(a.Rule, b.Rule), cmp.Compare(a.Subject, b.Subject), cmp.Compare(a.Fingerprint, b.Fingerprint))
	})
}
