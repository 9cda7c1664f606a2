package compliance

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/mcp-comply/mcp-comply/residency"
)

// residencyRules names the finding rule of each guarantee that needs one.
var residencyRules = map[Guarantee]string{
	EUStorageOnly:     "residency/eu-storage-only",
	AdequateCountry:   "residency/adequate-country",
	USDataPrivacy:     "residency/us-processing",
	GlobalUnspecified: "residency/global-processing",
	UnknownGuarantee:  "residency/location-unknown",
	NoAdequacy:        "residency/no-adequacy",
}

// residencySeverity is how much a destination matters: for an EU market the
// GDPR's transfer rules apply to all of them; elsewhere only destinations
// without adequacy and unknown ones are worth a line.
func residencySeverity(g Guarantee, market Market) (Severity, bool) {
	if market == EU {
		switch g {
		case NoAdequacy:
			return Critical, true
		case UnknownGuarantee, GlobalUnspecified:
			return High, true
		case USDataPrivacy, EUStorageOnly:
			return Medium, true
		case AdequateCountry:
			return Low, true
		}
		return "", false
	}
	switch g {
	case NoAdequacy:
		return Medium, true
	case UnknownGuarantee:
		return Low, true
	}
	return "", false
}

// judgeResidency turns the residency facts into the report's section, its
// findings and the attestations to sign.
func judgeResidency(r *Report, policy Policy, res *residency.Result, cat *residency.Catalogue) {
	sec := &Residency{Endpoints: []Endpoint{}, Verdict: NoEndpoints}
	for _, e := range res.Endpoints {
		ep := endpoint(e, cat)
		sec.Endpoints = append(sec.Endpoints, ep)
		if sev, ok := residencySeverity(ep.Guarantee, policy.Market); ok {
			r.Findings = append(r.Findings, endpointFinding(ep, sev))
		}
		r.Attestations = append(r.Attestations, endpointAttestations(ep)...)
		if ep.Guarantee != SelfHosted {
			if dpa := dpaAttestation(ep); !slices.ContainsFunc(r.Attestations, func(a Attestation) bool { return a.ID == dpa.ID }) {
				r.Attestations = append(r.Attestations, dpa)
			}
		}
	}
	for _, ep := range sec.Endpoints {
		if ep.Guarantee.Rank() > sec.Verdict.Rank() {
			sec.Verdict = ep.Guarantee
		}
	}
	for _, ep := range sec.Endpoints {
		if ep.Guarantee == sec.Verdict && sec.Verdict != NoEndpoints {
			sec.Deciding = append(sec.Deciding, ep.ID)
		}
	}
	sec.Reason = residencyReason(sec)

	for _, h := range res.Hosting {
		host := Hosting{Platform: h.Platform, Region: h.Region, Geography: h.Geography, Evidence: evidenceOf(h.Evidence...)}
		sec.Hosting = append(sec.Hosting, host)
		if f, ok := hostingFinding(host, cat, policy.Market); ok {
			r.Findings = append(r.Findings, f)
		}
	}
	r.Findings = append(r.Findings, regionConflicts(res.Regions)...)
	for _, s := range res.Settings {
		f := settingFinding(s)
		r.Findings = append(r.Findings, f)
		sec.Encryption = append(sec.Encryption, EncryptionSetting{Area: s.Area, Setting: s.Key, Status: "fail",
			Detail: s.Detail, Fingerprint: f.Fingerprint, Evidence: f.Evidence})
	}
	r.Residency = sec
}

// endpoint judges one endpoint: its guarantee and the transfer basis it
// needs under the GDPR's Chapter V.
func endpoint(e residency.Endpoint, cat *residency.Catalogue) Endpoint {
	proc, store := cat.Place(e.Facts.Processing), cat.Place(e.Facts.Storage)
	ep := Endpoint{
		ID: endpointID(e), Provider: e.Provider, ProviderName: e.ProviderName, Kind: e.Kind, Host: e.Host, URL: e.URL,
		Region: e.Region, Model: cmp.Or(e.Model, e.SKU), Processing: e.Facts.Processing, Storage: e.Facts.Storage,
		Jurisdiction: e.Facts.Jurisdiction, Attestations: e.Facts.Attestations, Notes: e.Facts.Notes,
		Evidence: evidenceOf(e.Evidence...), Source: e.Facts.Source, Checked: e.Facts.Checked,
	}
	ep.Guarantee = guarantee(proc, store, cat)
	if ep.Guarantee == EUProcessing && !proc.EEA {
		ep.Notes = append(ep.Notes, "The "+ep.Processing+" zone includes countries outside the EEA that have an EU adequacy decision.")
	}
	ep.TransferBasis = transferBasis(ep, proc, cat)
	return ep
}

// endpointID names an endpoint by what distinguishes it:
// "bedrock/bedrock-runtime.eu-central-1.amazonaws.com/eu-central-1/eu.anthropic.claude…",
// "openai/n8n-credential:openAiApi".
func endpointID(e residency.Endpoint) string {
	parts := []string{e.Provider}
	for _, p := range []string{e.Host, e.Region, e.Model, e.SKU} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	if e.Credential != "" {
		parts = append(parts, "n8n-credential:"+e.Credential)
	}
	return strings.Join(parts, "/")
}

// guarantee classifies where an endpoint processes and stores data. A
// European zone of EEA countries plus neighbours with a full adequacy
// decision (OpenAI's EEA+CH, OpenRouter's EEA+CH+GB) counts as EU
// processing, as those providers' EU offers are sold: no transfer measure
// beyond adequacy is needed for the neighbours.
func guarantee(proc, store residency.Place, cat *residency.Catalogue) Guarantee {
	switch {
	case proc.Local:
		return SelfHosted
	case proc.Unknown:
		return UnknownGuarantee
	case proc.EEA, proc.Adequate && slices.ContainsFunc(proc.Countries, cat.InEEA):
		return EUProcessing
	case store.EEA:
		return EUStorageOnly
	case proc.Global:
		return GlobalUnspecified
	case proc.Partial:
		return USDataPrivacy
	case proc.Adequate:
		return AdequateCountry
	}
	return NoAdequacy
}

// transferBasis says what makes the transfer lawful under GDPR Chapter V.
func transferBasis(ep Endpoint, proc residency.Place, cat *residency.Catalogue) string {
	name := cmp.Or(ep.ProviderName, ep.Provider)
	switch ep.Guarantee {
	case SelfHosted:
		return "No transfer to a provider: it runs where you deploy it (check that location)."
	case EUProcessing:
		s := "Processed in the EEA: Chapter V does not apply to the location; an Art. 28 data processing agreement with " + name + " is still needed."
		if j := cat.Place(ep.Jurisdiction); !j.Unknown && !j.EEA && !j.Local {
			s += " " + name + " is a " + ep.Jurisdiction + " company: access from there is a transfer its DPA must cover."
		}
		return s
	case EUStorageOnly:
		return "Stored in the EEA but processed outside it: the processing is a transfer that needs Standard Contractual Clauses (Art. 46) or an adequacy decision for where it happens."
	case AdequateCountry:
		var decisions []string
		for _, c := range proc.Countries {
			if a, ok := cat.AdequacyDecision(c); ok {
				decisions = append(decisions, a.Name+": "+a.Decision)
			}
		}
		return "Adequacy decision (Art. 45): " + strings.Join(decisions, "; ") + "."
	case USDataPrivacy:
		return "EU-US Data Privacy Framework (Art. 45, Implementing Decision (EU) 2023/1795) if " + name +
			" is certified; otherwise Standard Contractual Clauses (Art. 46) with a transfer impact assessment."
	case GlobalUnspecified:
		return "Not settled: " + name + " may process anywhere. Rely on Standard Contractual Clauses (Art. 46) in its DPA with a transfer impact assessment, or use an EU-resident endpoint."
	case NoAdequacy:
		return strings.Join(proc.Countries, ", ") + " has no EU adequacy decision: only Standard Contractual Clauses (Art. 46) with a transfer impact assessment, or a narrow Art. 49 derogation, can justify the transfer."
	}
	return "Not established: the processing location is unknown; confirm it before relying on this endpoint."
}

func residencyReason(sec *Residency) string {
	if sec.Verdict == NoEndpoints {
		return "no AI or data endpoint was found in the project's files"
	}
	var names []string
	for _, ep := range sec.Endpoints {
		if ep.Guarantee == sec.Verdict {
			names = append(names, endpointName(ep))
		}
	}
	list := strings.Join(names[:min(3, len(names))], ", ")
	if len(names) > 3 {
		list += fmt.Sprintf(" and %d more", len(names)-3)
	}
	return guaranteeWords[sec.Verdict] + ": " + list
}

var guaranteeWords = map[Guarantee]string{
	SelfHosted:        "every endpoint is self-hosted",
	EUProcessing:      "every endpoint processes in the EEA (subject to the attestations)",
	EUStorageOnly:     "data is stored in the EEA but processed outside it",
	AdequateCountry:   "data goes to countries with an EU adequacy decision",
	USDataPrivacy:     "data goes to the US, lawful only under the EU-US DPF or SCCs",
	GlobalUnspecified: "the provider may process data anywhere",
	UnknownGuarantee:  "where data is processed is not established",
	NoAdequacy:        "data goes to a country without an EU adequacy decision",
}

func endpointName(ep Endpoint) string {
	name := cmp.Or(ep.ProviderName, ep.Provider)
	if ep.Host != "" {
		name += " (" + ep.Host + ")"
	}
	return name
}

func endpointFinding(ep Endpoint, sev Severity) Finding {
	f := Finding{
		Rule: residencyRules[ep.Guarantee], Area: AreaResidency, Severity: sev, Subject: ep.ID,
		Title:    endpointName(ep) + ": " + guaranteeWords[ep.Guarantee],
		Detail:   fmt.Sprintf("Processing: %s; storage: %s; provider jurisdiction: %s. %s", ep.Processing, ep.Storage, ep.Jurisdiction, ep.TransferBasis),
		Evidence: ep.Evidence,
	}
	switch ep.Guarantee {
	case NoAdequacy:
		f.Remediation = "Do not send personal data to " + endpointName(ep) + ", or move to a provider or region in the EEA or an adequate country; if it must stay, sign SCCs and document a transfer impact assessment."
	case UnknownGuarantee:
		f.Remediation = "Find out where " + endpointName(ep) + " processes data (its region, its credential, its contract) and record it."
	case EUStorageOnly, AdequateCountry:
		f.Remediation = "Keep the transfer basis on file: " + ep.TransferBasis
	default:
		f.Remediation = "Use the provider's EU-resident endpoint or region, or keep SCCs and a transfer impact assessment on file."
	}
	if len(ep.Notes) > 0 {
		f.Detail += " " + strings.Join(ep.Notes, " ")
	}
	f.Fingerprint = fingerprint(f.Rule, f.Subject)
	return f
}

// endpointAttestations are the conditions the endpoint's guarantee rests on,
// and the contract every external provider needs.
func endpointAttestations(ep Endpoint) []Attestation {
	var out []Attestation
	add := func(text string) {
		out = append(out, Attestation{ID: fingerprint("attestation", ep.ID, text), Area: AreaResidency,
			Subject: endpointName(ep), Text: text})
	}
	for _, a := range ep.Attestations {
		add(a)
	}
	return out
}

// dpaAttestation is the contract every external provider needs, once per provider.
func dpaAttestation(ep Endpoint) Attestation {
	name := cmp.Or(ep.ProviderName, ep.Provider)
	text := "A data processing agreement (GDPR Art. 28) with " + name + " covers this use."
	return Attestation{ID: fingerprint("attestation", ep.Provider, text), Area: AreaResidency, Subject: name, Text: text}
}

func hostingFinding(h Hosting, cat *residency.Catalogue, market Market) (Finding, bool) {
	if market != EU {
		return Finding{}, false
	}
	p := cat.Place(h.Geography)
	if p.EEA {
		return Finding{}, false
	}
	f := Finding{Rule: "residency/hosting-region", Area: AreaResidency, Severity: High, Subject: h.Platform + ":" + h.Region,
		Title:       fmt.Sprintf("The project deploys to %s %s (%s), outside the EEA", h.Platform, h.Region, h.Geography),
		Detail:      "Data the product stores or processes there leaves the EEA.",
		Evidence:    h.Evidence,
		Remediation: "Deploy to an EU region of " + h.Platform + ", or record the transfer basis for " + h.Region + "."}
	if p.Unknown {
		f.Severity, f.Title = Low, fmt.Sprintf("The project deploys to %s %s, whose location is not established", h.Platform, h.Region)
	}
	f.Fingerprint = fingerprint(f.Rule, f.Subject)
	return f, true
}

// regionConflicts reports a platform (and service) configured with
// different regions in different files: which one applies depends on how
// the project is deployed, and the residency answer with it.
func regionConflicts(values []residency.RegionValue) []Finding {
	by := map[string][]residency.RegionValue{}
	for _, v := range values {
		k := v.Platform + "/" + v.Service
		by[k] = append(by[k], v)
	}
	var out []Finding
	for k, vs := range by {
		distinct := map[string]bool{}
		for _, v := range vs {
			distinct[v.Value] = true
		}
		if len(distinct) < 2 {
			continue
		}
		names := make([]string, 0, len(distinct))
		for v := range distinct {
			names = append(names, v)
		}
		slices.Sort(names)
		f := Finding{Rule: "residency/region-conflict", Area: AreaResidency, Severity: Medium, Subject: k,
			Title:       fmt.Sprintf("%s is configured with different regions: %s", strings.TrimSuffix(k, "/"), strings.Join(names, ", ")),
			Detail:      "Which region applies depends on which file wins at deployment, and where data is processed with it.",
			Remediation: "Set the region in one place, or make every file agree.",
		}
		for _, v := range vs {
			f.Evidence = append(f.Evidence, Evidence{Position: position(v.Evidence.Position), Excerpt: v.Key + "=" + v.Value})
		}
		slices.SortFunc(f.Evidence, func(a, b Evidence) int {
			return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line))
		})
		f.Fingerprint = fingerprint(f.Rule, f.Subject)
		out = append(out, f)
	}
	return out
}

func evidenceOf(es ...residency.Evidence) []Evidence {
	out := make([]Evidence, len(es))
	for i, e := range es {
		out[i] = Evidence{Position: position(e.Position), Excerpt: e.Excerpt}
	}
	return out
}
