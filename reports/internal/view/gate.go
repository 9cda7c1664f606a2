package view

import (
	"fmt"
	"strings"

	"github.com/mcp-comply/mcp-comply/compliance"
)

// The gate's outcome (mcp-comply check) as the formats word it.

// GateLabel names the gate's result: "PASS", "FAIL", "COULD NOT EVALUATE".
func GateLabel(g *compliance.GateOutcome) string {
	return strings.ToUpper(strings.ReplaceAll(string(g.Result), "-", " "))
}

var gateTones = map[compliance.GateResult]Tone{compliance.GatePass: Good, compliance.GateFail: Bad}

// GateTone colours the gate's result: a gate that could not be evaluated
// is a caution, neither passed nor failed.
func GateTone(g *compliance.GateOutcome) Tone { return Lookup(gateTones, g.Result, Caution) }

var kindLabels = map[compliance.GateKind]string{
	compliance.KindVerdict:          "licence verdict",
	compliance.KindFinding:          "finding",
	compliance.KindLicense:          "licence policy",
	compliance.KindResidency:        "residency policy",
	compliance.KindExpiredWaiver:    "expired waiver",
	compliance.KindCouldNotEvaluate: "could not evaluate",
}

// KindLabel names what a gate item is about.
func KindLabel(k compliance.GateKind) string { return Lookup(kindLabels, k, string(k)) }

// FailOnLine says what fails under the gate, in one line: "prohibited,
// unknown verdicts (distribute: prohibited, conditional, unknown);
// findings high and above; could not evaluate".
func FailOnLine(g *compliance.GateOutcome, uses []compliance.Use) string {
	common := map[string]int{}
	words := func(u compliance.Use) string {
		vs := g.FailOn.Verdicts[u]
		if len(vs) == 0 {
			return "none"
		}
		s := make([]string, len(vs))
		for i, v := range vs {
			s[i] = string(v)
		}
		return strings.Join(s, ", ")
	}
	most, mostN := "", 0
	for _, u := range uses {
		w := words(u)
		common[w]++
		if common[w] > mostN {
			most, mostN = w, common[w]
		}
	}
	parts := []string{most + " verdicts"}
	var other []string
	for _, u := range uses {
		if w := words(u); w != most {
			other = append(other, string(u)+": "+w)
		}
	}
	if len(other) > 0 {
		parts[0] += " (" + strings.Join(other, "; ") + ")"
	}
	if len(uses) == 0 {
		parts = nil
	}
	if s := g.FailOn.Severity; s == compliance.SeverityNone {
		parts = append(parts, "no finding by its severity")
	} else {
		parts = append(parts, fmt.Sprintf("findings %s and above", s))
	}
	if g.FailOn.CouldNotEvaluate {
		parts = append(parts, "what could not be evaluated")
	} else {
		parts = append(parts, "not what could not be evaluated")
	}
	return strings.Join(parts, "; ")
}

// WaiverLine says who accepted what until when, and where:
// "until 2027-06-30, owner legal@acme.example, mcp-comply.yaml:31:5: the
// reason".
func WaiverLine(w *compliance.Waiver) string {
	s := "until " + w.Expires + ", owner " + w.Owner
	if p := w.Source.String(); p != "" {
		s += ", " + p
	}
	return s + ": " + w.Reason
}

// WaivedLine says how a finding is waived: "waived until …" when its
// waivers cover it, "waived for saas until …" when they cover only some
// of its uses; "" when none matches.
func WaivedLine(f *compliance.Finding) string {
	if len(f.Waivers) == 0 {
		return ""
	}
	var lines []string
	for i := range f.Waivers {
		w := &f.Waivers[i]
		s := "waived "
		if len(w.Uses) > 0 && !f.Waived {
			uses := make([]string, len(w.Uses))
			for j, u := range w.Uses {
				uses[j] = string(u)
			}
			s += "for " + strings.Join(uses, ", ") + " "
		}
		lines = append(lines, s+WaiverLine(w))
	}
	return strings.Join(lines, "; ")
}

// UnusedLine names a waiver that matches nothing.
func UnusedLine(w *compliance.Waiver) string {
	return "unused waiver " + w.String() + ": it matches no finding; remove it or fix what it names"
}

// BaselineLine counts the findings against the baseline.
func BaselineLine(b *compliance.BaselineOutcome) string {
	return fmt.Sprintf("baseline: %d new, %d unchanged, %d absent (only new findings fail)", b.New, b.Unchanged, b.Absent)
}

// ExclusionLine says what an exclude glob kept out: "test/**: 2 paths
// kept out (test, fixtures/test), 1 finding".
func ExclusionLine(e compliance.Exclusion) string {
	s := fmt.Sprintf("%s: %d path(s) kept out", e.Pattern, e.Paths)
	if len(e.Examples) > 0 {
		s += " (" + strings.Join(e.Examples, ", ")
		if e.Paths > len(e.Examples) {
			s += ", …"
		}
		s += ")"
	}
	if e.Findings > 0 {
		s += fmt.Sprintf(", and %d finding(s) found only there", e.Findings)
	}
	return s
}

// OverrideLine says what a licence override set: "pkg:npm/foo → MIT
// (policy override: reason, url); applied to npm:foo@1.0.0".
func OverrideLine(o compliance.LicenseOverride) string {
	s := o.Component + " → " + o.License + " (" + o.Reason + ", " + o.Evidence + ")"
	if len(o.Applied) == 0 {
		return s + "; matches no component"
	}
	return s + "; applied to " + strings.Join(o.Applied, ", ")
}
