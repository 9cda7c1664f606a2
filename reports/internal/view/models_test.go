package view

import (
	"strings"
	"testing"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/reports/reporttest"
)

func TestModelTerms(t *testing.T) {
	model := func(kind, expr, base, terms string) *compliance.Component {
		return &compliance.Component{Ecosystem: compliance.Model, License: compliance.LicenseResolution{Expression: expr},
			Model: &compliance.ModelFacts{Kind: kind, Base: base, Terms: terms}}
	}
	for _, tc := range []struct {
		c    *compliance.Component
		want string
	}{
		{model(compliance.ModelOpenWeight, "Apache-2.0", "", ""), "Apache-2.0"},
		{model(compliance.ModelOpenWeight, "LicenseRef-Llama-3-Community", "llama-3", ""), "LicenseRef-Llama-3-Community (from its base, llama-3)"},
		{model(compliance.ModelHosted, "", "", "https://openai.com/policies/"), "service terms — confirm (https://openai.com/policies/)"},
		{model(compliance.ModelHosted, "", "", ""), "service terms — confirm"},
		{model(compliance.ModelUnknown, "", "", ""), "unknown — confirm"},
		{model(compliance.ModelOpenWeight, "", "dolphin", ""), "unknown — confirm"}, // a fine-tune whose base licence is not known
	} {
		if got := ModelTerms(tc.c); got != tc.want {
			t.Errorf("ModelTerms(%+v) = %q, want %q", tc.c.Model, got, tc.want)
		}
	}
	if IsModel(&compliance.Component{Ecosystem: compliance.NPM}) {
		t.Error("an npm package is a model")
	}
}

func TestAIActSummary(t *testing.T) {
	r := reporttest.Full(t)
	line, ok := AIActSummary(r)
	if !ok || !strings.HasPrefix(line, "3 duties (1 provider, 2 deployer), part of the verdict") || !strings.Contains(line, "to confirm: Art. 50(1): n8n chat trigger (support-triage); ") {
		t.Errorf("summary = %q", line)
	}
	r.AIAct.InVerdict = false
	if line, _ := AIActSummary(r); !strings.Contains(line, "for information (--market eu") {
		t.Errorf("outside the EU market: %q", line)
	}
	// Many duties of one article: three subjects, then how many more.
	r.AIAct.Duties = nil
	for _, p := range []string{"Anthropic", "OpenAI", "Mistral AI", "Cohere", "xAI"} {
		r.AIAct.Duties = append(r.AIAct.Duties, compliance.AIDuty{Article: "Arts 53–55", Role: "deployer", Subject: p})
	}
	if line, _ := AIActSummary(r); !strings.HasSuffix(line, "; to confirm: Arts 53–55: Anthropic, OpenAI, Mistral AI and 2 more") {
		t.Errorf("five providers: %q", line)
	}
	r.AIAct = nil
	if _, ok := AIActSummary(r); ok {
		t.Error("a report without the section has a summary")
	}
}

func TestDutyDates(t *testing.T) {
	d := compliance.AIDuty{Applies: []compliance.AIActDate{{Date: "2026-08-02", Basis: "Art. 113"}}}
	if got := DutyDates(&d); got != "2 August 2026 (Art. 113)" {
		t.Errorf("one date: %q", got)
	}
	d.Applies = append(d.Applies, compliance.AIActDate{Date: "2027-12-02", Basis: "Digital Omnibus, OJ not verified"})
	if got := DutyDates(&d); got != "2 August 2026 (Art. 113) or 2 December 2027 (Digital Omnibus, OJ not verified): the sources disagree, none is settled" {
		t.Errorf("two dates: %q", got)
	}
}
