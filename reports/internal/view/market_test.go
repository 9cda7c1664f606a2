package view

import (
	"strings"
	"testing"

	"github.com/mcp-comply/mcp-comply/compliance"
)

// TestResidencyFollowsTheMarket checks the residency section asks the
// market's question: the EU's for eu, the US rule's for us, neither for
// global.
func TestResidencyFollowsTheMarket(t *testing.T) {
	for _, tc := range []struct {
		m                compliance.Market
		label, rule      string
		namesEU, namesUS bool
	}{
		{compliance.EU, "EU data residency", "EU data residency", true, false},
		{compliance.US, "Data residency", "US bulk-data rule", false, true},
		{compliance.Global, "Data residency", "Data residency", false, false},
	} {
		if got := ResidencyLabel(tc.m); got != tc.label {
			t.Errorf("ResidencyLabel(%s) = %q, want %q", tc.m, got, tc.label)
		}
		h := ResidencyHeading(tc.m)
		if !strings.HasPrefix(h, tc.rule) {
			t.Errorf("ResidencyHeading(%s) = %q, want it to start %q", tc.m, h, tc.rule)
		}
		if strings.Contains(h, "EU") != tc.namesEU || strings.Contains(h, "US") != tc.namesUS {
			t.Errorf("ResidencyHeading(%s) = %q names another market's rule", tc.m, h)
		}
	}
}

// TestConcernRuleExists keeps ConcernRule in step with the rule table:
// renamed there, the US rule's status would silently read "none found".
func TestConcernRuleExists(t *testing.T) {
	if _, ok := compliance.Rule(ConcernRule); !ok {
		t.Fatalf("compliance has no rule %q", ConcernRule)
	}
	r := &compliance.Report{Findings: []compliance.Finding{{Rule: "residency/no-adequacy"}, {Rule: ConcernRule, Subject: "deepseek/api.deepseek.com"}}}
	if got := ConcernFindings(r); len(got) != 1 || got[0].Subject != "deepseek/api.deepseek.com" {
		t.Errorf("ConcernFindings = %v, want the one country-of-concern finding", got)
	}
}
