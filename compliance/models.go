package compliance

import (
	"cmp"
	"slices"
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/vocab"
	"github.com/mcp-comply/mcp-comply/license"
	"github.com/mcp-comply/mcp-comply/license/kb"
	"github.com/mcp-comply/mcp-comply/residency"
)

// The AI inventory. The models residency finds become components of the
// licence inventory (ecosystem model, role model), so the per-use
// verdicts, the licence findings and the SBOMs treat an open-weight model
// as they treat a package. What only a model has is judged here: a hosted
// model is used under its provider's service terms, which no licence
// reading settles, so its uses are "unknown — service terms, confirm", it
// decides no verdict (it is not shipped: the contract is the question)
// and its provider gets one attestation.

// The kinds of ModelFacts.Kind.
const (
	ModelOpenWeight = kb.OpenWeight // weights under a licence
	ModelHosted     = kb.Hosted     // served through the provider's API only
	ModelUnknown    = "unknown"     // not in the model catalogue
)

// hostedReason is a hosted model's assessment for every use.
const hostedReason = "service terms — confirm: a hosted model is used under its provider's service terms, not a licence"

// unknownModelReason is the assessment of a model the catalogue does not know.
const unknownModelReason = "not in the model catalogue — confirm the model's licence or service terms"

// modelComponents turns the models the project names into inventory
// components, one per name and version with every endpoint and place
// that names it; license.Collect resolves their licence from the model
// catalogue. uses are residency's Result.Models; cat tells a provider
// that runs models as a service (a cloud API) from a runtime the team
// runs itself (Ollama, vLLM): a provider the catalogue does not know is
// taken for a service, since who runs the weights is not established.
func modelComponents(uses []residency.ModelUse, cat *residency.Catalogue) []license.Component {
	var out []license.Component
	at := map[string]int{}
	for _, u := range uses {
		k := u.Name + "@" + u.Version
		i, ok := at[k]
		if !ok {
			i = len(out)
			at[k] = i
			out = append(out, license.Component{Ecosystem: vocab.Model, Role: vocab.RoleModel, Name: u.Name,
				Version: u.Version, Model: &license.ModelInfo{}})
		}
		c := &out[i]
		if c.Model.Provider == "" && c.Model.ProviderName == "" && (u.Provider != "" || u.ProviderName != "") {
			c.Model.Provider, c.Model.ProviderName = u.Provider, u.ProviderName
			p, known := cat.Provider(u.Provider)
			c.Model.AsService = !known || !p.Local
		}
		if u.Endpoint != "" && !slices.Contains(c.Model.Endpoints, u.Endpoint) {
			c.Model.Endpoints = append(c.Model.Endpoints, u.Endpoint)
		}
		for _, e := range u.Evidence {
			c.Locations = append(c.Locations, e.Position)
		}
	}
	return out
}

// modelFacts converts what the inventory knows of a model.
func modelFacts(m *license.ModelInfo) *ModelFacts {
	f := &ModelFacts{Provider: m.Provider, ProviderName: m.ProviderName, Kind: ModelUnknown}
	for _, k := range m.Endpoints {
		f.Endpoints = append(f.Endpoints, endpointKeyID(k))
	}
	if e := m.Entry; e != nil {
		f.Kind, f.Family, f.FamilyName, f.Vendor, f.Base, f.Terms = e.Kind, e.ID, e.Name, e.Vendor, e.Base, e.Terms
		f.Modalities, f.Source, f.Checked = slices.Clone(e.Modalities), e.Source, e.Checked
		if c := e.Card; c != nil {
			f.Task, f.ArchitectureFamily, f.Parameters = c.Task, c.ArchitectureFamily, c.Parameters
		}
	}
	return f
}

// endpointKeyID is the report's id (endpointID) of the residency endpoint
// whose Key is key: the id the residency section names it by.
func endpointKeyID(key string) string {
	p := strings.Split(key, "|")
	if len(p) != 6 {
		return key
	}
	return endpointID(residency.Endpoint{Provider: p[0], Host: p[1], Region: p[2], Model: p[3], SKU: p[4], Credential: p[5]})
}

// hostedModel reports whether c is a model served under its provider's
// service terms: it decides no verdict.
func hostedModel(c *Component) bool { return c.Model != nil && c.Model.Kind == ModelHosted }

// modelAssessment is the assessment of a model whose licence no reading
// settles: hosted, or unknown to the catalogue. ok is false for an
// open-weight model, judged by its licence like any component.
func modelAssessment(c *Component) (a Assessment, ok bool) {
	switch {
	case c.Model == nil || c.Model.Kind == ModelOpenWeight:
		return Assessment{}, false
	case c.Model.Kind == ModelHosted:
		return Assessment{Verdict: Unknown, License: c.License.Expression, Reason: hostedReason}, true
	case !c.License.Known():
		return Assessment{Verdict: Unknown, Reason: unknownModelReason}, true
	}
	return Assessment{}, false
}

// termsAttestations asks, once per provider that serves hosted models,
// for the confirmation that the service terms of those models allow the
// intended uses, naming the terms and the models. The terms are the
// models' own (a cloud that resells a vendor's model, as Bedrock does
// Anthropic's, may add its own), so the provider is named as the way the
// models are reached; a model named without a provider is grouped by its
// vendor.
func termsAttestations(comps []Component, uses []Use) []Attestation {
	type acc struct {
		name          string
		through       bool // served by a provider, not named by vendor
		models, terms []string
	}
	by := map[string]*acc{}
	var order []string
	for i := range comps {
		c := &comps[i]
		if !hostedModel(c) {
			continue
		}
		key := cmp.Or(c.Model.Provider, c.Model.Vendor, c.Name)
		a, ok := by[key]
		if !ok {
			a = &acc{name: cmp.Or(c.Model.ProviderName, c.Model.Provider, c.Model.Vendor, key), through: c.Model.Provider != ""}
			by[key] = a
			order = append(order, key)
		}
		a.models = appendNew(a.models, c.Name)
		if c.Model.Terms != "" {
			a.terms = appendNew(a.terms, c.Model.Terms)
		}
	}
	slices.Sort(order)
	var out []Attestation
	for _, key := range order {
		a := by[key]
		terms := "The service terms of " + a.name
		if a.through {
			terms = "The service terms of the models used through " + a.name
		}
		if len(a.terms) > 0 {
			terms += " (" + strings.Join(a.terms, ", ") + ")"
		}
		out = append(out, Attestation{ID: fingerprint("attestation", key, "model-terms"), Area: AreaLicense, Subject: a.name,
			Text: terms + " allow the intended uses (" + joinUses(uses) + ") of " + strings.Join(a.models, ", ") + "."})
	}
	return out
}
