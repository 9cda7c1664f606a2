package view

import (
	"strings"
	"testing"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/reports/reporttest"
)

// The residency section asks the market's question: the EU's for eu, the
// US rule's for us, neither for global.
func TestResidencyHeading(t *testing.T) {
	for _, tc := range []struct {
		m                     compliance.Market
		label, rules, heading string
		namesEU, namesUS      bool
	}{
		{compliance.EU, "EU data residency", "EU data residency", "EU data residency", true, false},
		{compliance.US, "US bulk-data rule", "US bulk-data rule (28 CFR Part 202)", "US bulk-data rule", false, true},
		{compliance.Global, "Data residency", "Data location (no market's rules)", "Data residency", false, false},
	} {
		if got := ResidencyLabel(tc.m); got != tc.label {
			t.Errorf("ResidencyLabel(%s) = %q, want %q", tc.m, got, tc.label)
		}
		if got := ResidencyRules(tc.m); got != tc.rules {
			t.Errorf("ResidencyRules(%s) = %q, want %q", tc.m, got, tc.rules)
		}
		h := ResidencyHeading(tc.m)
		if !strings.HasPrefix(h, tc.heading) {
			t.Errorf("ResidencyHeading(%s) = %q, want it to start %q", tc.m, h, tc.heading)
		}
		if strings.Contains(h, "EU") != tc.namesEU || strings.Contains(h, "US") != tc.namesUS {
			t.Errorf("ResidencyHeading(%s) = %q names another market's rule", tc.m, h)
		}
	}
}

// The headline verdict is the one compliance wrote for the market: the
// worst guarantee for eu and global, the US rule's verdict for us.
func TestResidencyFor(t *testing.T) {
	r := reporttest.Full(t)
	check := func(name string, want MarketResidency) {
		t.Helper()
		if got := ResidencyFor(r); got != want {
			t.Errorf("%s:\n got %+v\nwant %+v", name, got, want)
		}
	}
	deepseek := "DeepSeek (api.deepseek.com) processes data in China, which has no EU adequacy decision"
	check("eu", MarketResidency{"EU data residency", "no adequacy", Bad, deepseek})
	r.Inputs.Policy.Market = compliance.Global
	check("global", MarketResidency{"Data location (no market's rules)", "no adequacy", Bad, deepseek})

	r.Inputs.Policy.Market = compliance.US
	r.Residency.Concern = &compliance.ConcernVerdict{Verdict: compliance.OfConcern, Reason: "data goes to, or the provider is of, a country of concern: DeepSeek"}
	check("us, China", MarketResidency{"US bulk-data rule (28 CFR Part 202)", "country of concern", Bad,
		"data goes to, or the provider is of, a country of concern: DeepSeek"})
	r.Residency.Concern = &compliance.ConcernVerdict{Verdict: compliance.NoConcern, Reason: "none"}
	check("us, none", MarketResidency{"US bulk-data rule (28 CFR Part 202)", "no country of concern", Good, "none"})

	r.Residency = nil
	check("not analysed", MarketResidency{"US bulk-data rule (28 CFR Part 202)", "not analysed", Neutral, "the residency analysis did not run"})
}
