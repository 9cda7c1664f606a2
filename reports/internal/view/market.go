package view

import "github.com/mcp-comply/mcp-comply/compliance"

// ResidencyLabel names the residency verdict for the market the report
// was written for: for an EU market it is the EU's question (may the data
// leave the EEA?); elsewhere it says where the data goes.
func ResidencyLabel(m compliance.Market) string {
	if m == compliance.EU {
		return "EU data residency"
	}
	return "Data residency"
}

// ResidencyHeading is the residency section's title for the market: the
// EU's question for an EU market, the US bulk-data rule's for a US
// market, neither's for a global one.
func ResidencyHeading(m compliance.Market) string {
	switch m {
	case compliance.EU:
		return "EU data residency: where does the data go?"
	case compliance.US:
		return "US bulk-data rule: where does the data go?"
	}
	return "Data residency: where does the data go?"
}

// ConcernRule is the rule of the US bulk-data rule (28 CFR Part 202):
// data sent to a country of concern, or to a company of one. Compliance
// reports it for a US market only.
const ConcernRule = "residency/country-of-concern"

// ConcernFindings are the report's findings under the US bulk-data rule,
// one per endpoint, in the report's order.
func ConcernFindings(r *compliance.Report) []*compliance.Finding {
	var out []*compliance.Finding
	for i := range r.Findings {
		if r.Findings[i].Rule == ConcernRule {
			out = append(out, &r.Findings[i])
		}
	}
	return out
}
