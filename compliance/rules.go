package compliance

import "sort"

// RuleInfo describes a check for readers of a finding: the SARIF rule's
// short and full descriptions, a PDF's checklist.
type RuleInfo struct {
	ID    string `json:"id"`
	Area  Area   `json:"area"`
	Title string `json:"title"`
	// Help says what the check looks for and why it matters.
	Help string `json:"help"`
}

var rules = map[string]RuleInfo{}

func rule(id string, area Area, title, help string) {
	rules[id] = RuleInfo{ID: id, Area: area, Title: title, Help: help}
}

func init() {
	rule("license/use-prohibited", AreaLicense, "Licence prohibits an intended use",
		"A component's licence does not allow one of the intended uses (hosting as a SaaS, white-labelling, redistributing …) without a separate licence from its licensor. The finding quotes the clause and names the component and the files that show its licence.")
	rule("license/use-conditional", AreaLicense, "Licence allows an intended use on conditions",
		"A component's licence allows an intended use only if an obligation is met: publishing source code under copyleft, keeping notices, distributing free of charge. The finding states the obligation.")
	rule("license/use-unknown", AreaLicense, "Licence does not settle an intended use",
		"The component's licence is identified but does not settle whether the intended use is allowed (a BUSL Additional Use Grant, a licence the knowledge base has no reading of). Treat the use as not allowed until a person decides.")
	rule("license/unidentified", AreaLicense, "Licence not identified",
		"No licence metadata, licence text or README statement was found for the component, so no use of it can be assumed allowed: unlicensed code grants no rights.")
	rule("residency/no-adequacy", AreaResidency, "Data goes to a country without an EU adequacy decision",
		"An endpoint processes data in a country without an EU adequacy decision (China, for example). Under GDPR Chapter V only Standard Contractual Clauses with a transfer impact assessment, or a narrow Art. 49 derogation, can justify the transfer.")
	rule("residency/global-processing", AreaResidency, "Provider may process data anywhere",
		"The endpoint gives no commitment on where data is processed (a global API host, a global inference profile, a Global deployment SKU). For an EU market, use the provider's EU-resident endpoint or region, or rely on SCCs with a transfer impact assessment.")
	rule("residency/us-processing", AreaResidency, "Data processed in the United States",
		"The endpoint processes data in the US. The transfer is lawful under the EU-US Data Privacy Framework only if the provider is certified; otherwise it needs Standard Contractual Clauses with a transfer impact assessment.")
	rule("residency/eu-storage-only", AreaResidency, "Stored in the EEA, processed outside it",
		"The provider keeps data at rest in the EEA but processes it elsewhere; the processing is a transfer that needs a basis.")
	rule("residency/adequate-country", AreaResidency, "Data processed in a country with an adequacy decision",
		"The endpoint processes data in a third country with an EU adequacy decision (Art. 45): lawful, but record the basis.")
	rule("residency/location-unknown", AreaResidency, "Processing location not established",
		"Where the endpoint processes data cannot be read from the project's files (an n8n credential known only by its type, a host not in the catalogue). Treat it as a transfer until confirmed.")
	rule("residency/hosting-region", AreaResidency, "Project deployed outside the EEA",
		"The project's own deployment (Render, AWS, Azure, GCP, Fly) is configured for a region outside the EEA.")
	rule("residency/region-conflict", AreaResidency, "Files disagree on a region",
		"The same platform or service is configured with different regions in different files (.env, Terraform, compose). Which one applies decides where data is processed.")
	rule("license/engine-scope", AreaLicense, "Part of an engine under another licence",
		"An orchestration engine ships files under a different licence than the rest of it (n8n's .ee. files under the n8n Enterprise License, Flowise's enterprise folder under its commercial licence). Using those parts for the intended uses needs that licence.")
}

// Rule returns the description of a rule; ok is false for an unknown id.
func Rule(id string) (RuleInfo, bool) {
	r, ok := rules[id]
	return r, ok
}

// Rules lists every rule, sorted by id.
func Rules() []RuleInfo {
	out := make([]RuleInfo, 0, len(rules))
	for _, r := range rules {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
