package compliance

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/residency"
)

// residencyRules names the finding rule of each guarantee that needs one;
// the rule table says in which markets each is reported and how seriously.
var residencyRules = map[Guarantee]string{
	EUStorageOnly:     "residency/eu-storage-only",
	AdequateCountry:   "residency/adequate-country",
	PartialAdequacy:   "residency/partial-adequacy",
	USDataPrivacy:     "residency/us-processing",
	GlobalUnspecified: "residency/global-processing",
	UnknownGuarantee:  "residency/location-unknown",
	NoAdequacy:        "residency/no-adequacy",
}

// judgeResidency turns the residency facts into the report's section, its
// findings and the attestations to sign.
func judgeResidency(r *Report, policy Policy, res *residency.Result, cat *residency.Catalogue) {
	sec := &Residency{Endpoints: []Endpoint{}, Verdict: NoEndpoints}
	var concern []Endpoint // endpoints in, or of, a country of concern (US market)
	add := func(o observation) {
		if f, ok := observe(o, policy.Market); ok {
			r.Findings = append(r.Findings, f)
		}
	}
	for _, e := range res.Endpoints {
		ep := endpoint(e, cat)
		sec.Endpoints = append(sec.Endpoints, ep)
		if rule, ok := residencyRules[ep.Guarantee]; ok {
			add(observation{rule: rule, subject: ep.ID, values: endpointValues(ep, cat), evidence: ep.Evidence})
		}
		if o, ok := concernObservation(ep, cat, policy.Market); ok {
			add(o) // kept apart at low where only samples name it
			if !ep.Sample {
				concern = append(concern, ep)
			}
		}
		if ep.Sample { // it decides nothing and raises no attestation
			continue
		}
		r.Attestations = append(r.Attestations, endpointAttestations(ep, e.Facts.Attestations)...)
		if ep.Guarantee != SelfHosted {
			if dpa := dpaAttestation(ep); !slices.ContainsFunc(r.Attestations, func(a Attestation) bool { return a.ID == dpa.ID }) {
				r.Attestations = append(r.Attestations, dpa)
			}
		}
	}
	for _, ep := range sec.Endpoints {
		if !ep.Sample && ep.Guarantee.Rank() > sec.Verdict.Rank() {
			sec.Verdict = ep.Guarantee
		}
	}
	for _, ep := range sec.Endpoints {
		if !ep.Sample && ep.Guarantee == sec.Verdict && sec.Verdict != NoEndpoints {
			sec.Deciding = append(sec.Deciding, ep.ID)
		}
	}
	sec.Reason = residencyReason(sec)
	if policy.Market == US {
		sec.Concern = concernVerdict(sec, concern)
	}

	for _, h := range res.Hosting {
		host := Hosting{Platform: h.Platform, Region: h.Region, Geography: h.Geography, Evidence: evidenceOf(h.Evidence...)}
		sec.Hosting = append(sec.Hosting, host)
		if p := cat.Place(h.Geography); !p.EEA {
			variant := ""
			if p.Unknown {
				variant = "unknown-location"
			}
			add(observation{rule: "residency/hosting-region", variant: variant, subject: h.Platform + ":" + h.Region,
				values:   map[string]string{"platform": h.Platform, "region": h.Region, "geography": h.Geography},
				evidence: host.Evidence})
		}
	}
	for _, o := range regionConflicts(res.Regions) {
		add(o)
	}
	for _, s := range res.Settings {
		f, ok := observe(settingObservation(s, policy.CustomerManagedKeys), policy.Market)
		if !ok {
			continue
		}
		r.Findings = append(r.Findings, f)
		sec.Encryption = append(sec.Encryption, EncryptionSetting{Area: s.Area, Setting: s.Key, Status: "fail",
			Detail: f.Detail, Fingerprint: f.Fingerprint, Evidence: f.Evidence})
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
		Jurisdiction: e.Facts.Jurisdiction, Notes: e.Facts.Notes,
		Evidence: deployedFirst(evidenceOf(e.Evidence...)), Source: e.Facts.Source, Checked: e.Facts.Checked,
	}
	for _, a := range e.Facts.Attestations {
		ep.Attestations = append(ep.Attestations, a.Text)
	}
	ep.Sample = allIn(ep.Evidence, testOrCI)
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
		// The US decision covers DPF-certified organisations, which has a
		// guarantee of its own; other partial decisions (Canada: commercial
		// organisations under PIPEDA) are partial adequacy.
		if slices.Equal(partialCountries(proc, cat), []string{"US"}) {
			return USDataPrivacy
		}
		return PartialAdequacy
	case proc.Adequate:
		return AdequateCountry
	}
	return NoAdequacy
}

// partialCountries are the countries of a place whose adequacy decision
// covers only part of them.
func partialCountries(p residency.Place, cat *residency.Catalogue) []string {
	var out []string
	for _, c := range p.Countries {
		if a, ok := cat.AdequacyDecision(c); ok && a.Scope != "" {
			out = append(out, c)
		}
	}
	return out
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
	case PartialAdequacy:
		var decisions []string
		for _, c := range partialCountries(proc, cat) {
			a, _ := cat.AdequacyDecision(c)
			decisions = append(decisions, a.Name+" ("+a.Decision+"), limited to "+a.Scope)
		}
		s := "Adequacy decision (Art. 45) for " + strings.Join(decisions, "; ") + ": lawful if " + name +
			" is within that scope; otherwise Standard Contractual Clauses (Art. 46) with a transfer impact assessment."
		if j := cat.Place(ep.Jurisdiction); !j.Unknown && !j.Local {
			s += " " + name + " is a " + ep.Jurisdiction + " company."
		}
		return s
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
		if n := sampleCount(sec.Endpoints); n > 0 {
			return fmt.Sprintf("no AI or data endpoint was found in the project's deployed files (%d named only in tests, fixtures, examples or CI)", n)
		}
		return "no AI or data endpoint was found in the project's files"
	}
	var names []string
	for _, ep := range sec.Endpoints {
		if !ep.Sample && ep.Guarantee == sec.Verdict {
			names = append(names, endpointName(ep))
		}
	}
	return guaranteeWords[sec.Verdict] + ": " + someOf(names)
}

// testOrCI reports a file of tests, fixtures or examples, or a CI
// pipeline: an endpoint only such files name is not the deployment's.
func testOrCI(file string) bool { return project.IsSample(file) || project.IsCI(file) }

// sampleCount is how many endpoints only tests, fixtures, examples or CI
// pipelines name.
func sampleCount(eps []Endpoint) int {
	n := 0
	for _, ep := range eps {
		if ep.Sample {
			n++
		}
	}
	return n
}

var guaranteeWords = map[Guarantee]string{
	SelfHosted:        "every endpoint is self-hosted",
	EUProcessing:      "every endpoint processes in the EEA (subject to the attestations)",
	EUStorageOnly:     "data is stored in the EEA but processed outside it",
	AdequateCountry:   "data goes to countries with an EU adequacy decision",
	PartialAdequacy:   "data goes to a country whose adequacy decision covers only some recipients",
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

// endpointValues are what the residency rules' templates say of an endpoint.
func endpointValues(ep Endpoint, cat *residency.Catalogue) map[string]string {
	notes := ""
	if len(ep.Notes) > 0 {
		notes = " " + strings.Join(ep.Notes, " ")
	}
	v := map[string]string{
		"endpoint": endpointName(ep), "provider": cmp.Or(ep.ProviderName, ep.Provider), "words": guaranteeWords[ep.Guarantee],
		"processing": ep.Processing, "storage": ep.Storage, "jurisdiction": ep.Jurisdiction, "basis": ep.TransferBasis, "notes": notes,
	}
	if ep.Guarantee == PartialAdequacy {
		proc := cat.Place(ep.Processing)
		var scopes []string
		for _, c := range partialCountries(proc, cat) {
			a, _ := cat.AdequacyDecision(c)
			scopes = append(scopes, a.Scope)
		}
		v["countries"] = strings.Join(partialCountries(proc, cat), ", ")
		v["scope"] = strings.Join(scopes, "; ")
	}
	return v
}

// concernVerdict is a US market's verdict: an endpoint in, or of, a
// country of concern decides it; without one, an endpoint whose location is
// not established leaves it unknown.
func concernVerdict(sec *Residency, concern []Endpoint) *ConcernVerdict {
	var unknown []Endpoint
	for _, ep := range sec.Endpoints {
		if !ep.Sample && ep.Guarantee == UnknownGuarantee {
			unknown = append(unknown, ep)
		}
	}
	switch {
	case len(concern) > 0:
		return &ConcernVerdict{Verdict: OfConcern, Deciding: endpointIDs(concern),
			Reason: "data goes to, or the provider is of, a country of concern: " + someOf(providerNames(concern))}
	case len(unknown) > 0:
		return &ConcernVerdict{Verdict: ConcernUnknown, Deciding: endpointIDs(unknown),
			Reason: "no endpoint is known to reach a country of concern, but where data is processed is not established: " + someOf(providerNames(unknown))}
	}
	return &ConcernVerdict{Verdict: NoConcern, Reason: "no endpoint processes data in, or is provided from, a country of concern"}
}

func endpointIDs(eps []Endpoint) []string {
	ids := make([]string, len(eps))
	for i, ep := range eps {
		ids[i] = ep.ID
	}
	return ids
}

// providerNames names the providers of endpoints, each once.
func providerNames(eps []Endpoint) []string {
	var names []string
	for _, ep := range eps {
		if n := cmp.Or(ep.ProviderName, ep.Provider); !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	return names
}

// someOf lists up to three names and counts the others.
func someOf(names []string) string {
	list := strings.Join(names[:min(3, len(names))], ", ")
	if len(names) > 3 {
		list += fmt.Sprintf(" and %d more", len(names)-3)
	}
	return list
}

// concernObservation is the finding a market's own law gives an endpoint:
// for a US market, data processed in a country of concern of 28 CFR Part
// 202, or a provider of such a country (a covered person wherever it
// processes).
func concernObservation(ep Endpoint, cat *residency.Catalogue, m Market) (observation, bool) {
	var where []string
	for _, c := range cat.Place(ep.Processing).Countries {
		if _, ok := cat.OfConcern(string(m), c); ok {
			where = append(where, c)
		}
	}
	variant := ""
	if len(where) == 0 {
		j := cat.Place(ep.Jurisdiction)
		if len(j.Countries) != 1 {
			return observation{}, false
		}
		if _, ok := cat.OfConcern(string(m), j.Countries[0]); !ok {
			return observation{}, false
		}
		variant = "covered-person"
	}
	v := endpointValues(ep, cat)
	v["countries"] = strings.Join(where, ", ")
	return observation{rule: "residency/country-of-concern", variant: variant, subject: ep.ID, values: v, evidence: ep.Evidence}, true
}

// endpointAttestations are the conditions the endpoint's guarantee rests on.
// An attestation's id follows the endpoint and the condition's own id, not
// its wording, so rewording the catalogue keeps a signed list (and a
// waiver) valid.
func endpointAttestations(ep Endpoint, as []residency.Attestation) []Attestation {
	var out []Attestation
	for _, a := range as {
		out = append(out, Attestation{ID: fingerprint("attestation", ep.ID, a.ID), Area: AreaResidency,
			Subject: endpointName(ep), Text: a.Text})
	}
	return out
}

// dpaAttestation is the contract every external provider needs, once per provider.
func dpaAttestation(ep Endpoint) Attestation {
	name := cmp.Or(ep.ProviderName, ep.Provider)
	text := "A data processing agreement (GDPR Art. 28) with " + name + " covers this use."
	return Attestation{ID: fingerprint("attestation", ep.Provider, "dpa"), Area: AreaResidency, Subject: name, Text: text}
}

// regionConflicts reports a platform (and service) configured with
// different regions in different files: which one applies depends on how
// the project is deployed, and the residency answer with it. Regions
// named in tests, fixtures and examples (project.IsSample) take no part.
func regionConflicts(values []residency.RegionValue) []observation {
	by := map[string][]residency.RegionValue{}
	for _, v := range values {
		if project.IsSample(v.Evidence.File) {
			continue // tests and examples name regions to exercise code, not to deploy it
		}
		k := v.Platform + "/" + v.Service
		by[k] = append(by[k], v)
	}
	var out []observation
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
		o := observation{rule: "residency/region-conflict", subject: k,
			values: map[string]string{"service": strings.TrimSuffix(k, "/"), "regions": strings.Join(names, ", ")}}
		for _, v := range vs {
			o.evidence = append(o.evidence, Evidence{Position: position(v.Evidence.Position), Excerpt: v.Key + "=" + v.Value})
		}
		slices.SortFunc(o.evidence, func(a, b Evidence) int {
			return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line))
		})
		out = append(out, o)
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
