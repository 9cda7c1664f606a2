package view

import "github.com/mcp-comply/mcp-comply/compliance"

// marketWords are what each market calls the residency verdict, declared
// once: label for a card or a table cell, rules for a headline, heading
// for the section's title. The EU's question for an EU market, the US
// bulk-data rule's for a US market, where the data goes otherwise.
var marketWords = map[compliance.Market]words{
	compliance.EU:     {"EU data residency", "EU data residency", "EU data residency: where does the data go?"},
	compliance.US:     {"US bulk-data rule", "US bulk-data rule (28 CFR Part 202)", "US bulk-data rule: where does the data go?"},
	compliance.Global: {"Data residency", "Data location (no market's rules)", "Data residency: where does the data go?"},
}

type words struct{ label, rules, heading string }

// wordsFor is a market's words; a market not listed has global's.
func wordsFor(m compliance.Market) words {
	return Lookup(marketWords, m, marketWords[compliance.Global])
}

// ResidencyLabel names the residency verdict in a few words, for a card
// or a table cell.
func ResidencyLabel(m compliance.Market) string { return wordsFor(m).label }

// ResidencyRules names, in a headline, the rules the residency verdict is
// judged by for the report's market.
func ResidencyRules(m compliance.Market) string { return wordsFor(m).rules }

// ResidencyHeading is the residency section's title for the market.
func ResidencyHeading(m compliance.Market) string { return wordsFor(m).heading }

// MarketResidency is the residency verdict under the rules of the report's
// market, as a headline: what it is judged by, the verdict, its tone and
// why.
type MarketResidency struct {
	// Label names the rules (ResidencyRules).
	Label   string
	Verdict string
	Tone    Tone
	Reason  string
}

// ResidencyFor says the residency verdict by the report's market: for eu
// and global the worst guarantee among the endpoints, for us the verdict of
// the US bulk-data rule; both as compliance wrote them.
func ResidencyFor(r *compliance.Report) MarketResidency {
	res := r.Residency
	m := MarketResidency{Label: ResidencyRules(r.Inputs.Policy.Market)}
	switch {
	case res == nil:
		m.Verdict, m.Reason = "not analysed", "the residency analysis did not run"
	case res.Concern != nil:
		m.Verdict, m.Tone, m.Reason = ConcernLabel(res.Concern.Verdict), ConcernTone(res.Concern.Verdict), res.Concern.Reason
	default:
		m.Verdict, m.Tone, m.Reason = GuaranteeLabel(res.Verdict), GuaranteeTone(res.Verdict), res.Reason
	}
	return m
}

// concernWords are the US bulk-data rule's verdicts; any other (none
// given) is unknown.
var concernWords = map[string]labelTone{
	compliance.OfConcern: {"country of concern", Bad},
	compliance.NoConcern: {"no country of concern", Good},
}

// ConcernLabel names a verdict of the US bulk-data rule in plain words.
func ConcernLabel(v string) string { return Lookup(concernWords, v, labelTone{label: "unknown"}).label }

// ConcernTone colours a verdict of the US bulk-data rule.
func ConcernTone(v string) Tone { return concernWords[v].tone }
