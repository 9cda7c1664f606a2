// Package cyclonedx writes a report as a CycloneDX 1.6 JSON SBOM with
// github.com/CycloneDX/cyclonedx-go.
//
// metadata.component is the project: named after it (Inputs.Source.Name),
// with the licence its root manifest declares and, for a git revision,
// the revision and commit.
//
// Each inventory component becomes a component: bom-ref is its package
// URL where it has one, else its report id (without a trailing "@" when
// it has no version); type "library" (packages), "container" (images) or
// "application" (engines known from an export); purl the report's package
// URL (npm, PyPI, Go and container images have one). Its licence is the
// resolved SPDX expression, acknowledged as "concluded". The evidence
// behind it goes to evidence.licenses and evidence.occurrences (where the
// project declares or installs it). The schema takes either one SPDX
// expression or a list of licence names there, never both: a single value
// read that is an SPDX expression is written as that expression
// ("declared", or "concluded" when a licence text was matched to it);
// several values are each a licence name, so no expression is invented
// from them and the BOM stays valid under any copy of the schema's SPDX id
// list. How the licence was read, the match coverage, the category and the
// verdict per intended use are properties in the "mcp-comply:" namespace.
// An unidentified licence has no licences entry.
//
// dependencies: the project depends on the top-level components (those it
// depends on directly, then those nothing else reaches:
// compliance.Inventory.TopLevel), and each component on those its lockfile
// records (Component.Dependencies).
//
// An AI model (compliance.Component.Model) is a component of type
// machine-learning-model with a modelCard where the model catalogue knows
// its facts (modelParameters.task, architectureFamily, outputs as the
// modalities it produces), its vendor as manufacturer, a hosted model's
// service terms as a license external reference and no licences entry
// (the terms are not a licence, whatever id the catalogue gives them), and
// its kind, provider, catalogue entry and the services that serve it as
// properties. The EU AI Act duties are metadata properties
// (mcp-comply:ai-act:duty), one each, with their dates.
//
// The AI providers and data services of the residency section are
// services, with their endpoints and the processing and storage
// geography, jurisdiction, guarantee and transfer basis as properties.
// Without a residency section there are no services, and the metadata say
// so.
//
// The output is reproducible: the timestamp is the formatter's Date (none
// when zero) and the serial number is a name-based UUID (version 5) of the
// BOM's own content, computed with the serial number left out.
package cyclonedx

import (
	"bytes"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	cdx "github.com/CycloneDX/cyclonedx-go"
	"github.com/github/go-spdx/v2/spdxexp"
	"github.com/google/uuid"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/reports/internal/safe"
	"github.com/mcp-comply/mcp-comply/reports/internal/view"
)

// BOM is the cyclonedx format.
type BOM struct {
	// Date is the BOM's timestamp; zero leaves it out.
	Date time.Time
}

// namespace is the UUID namespace of serial numbers: a version 5 UUID of
// the tool's URL in the URL namespace.
var namespace = uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://github.com/mcp-comply/mcp-comply/cyclonedx"))

// Format writes the BOM.
func (f BOM) Format(w io.Writer, r *compliance.Report) error {
	bom := f.Build(r)
	var body bytes.Buffer
	if err := encode(&body, bom); err != nil {
		return err
	}
	bom.SerialNumber = "urn:uuid:" + uuid.NewSHA1(namespace, body.Bytes()).String()
	return encode(w, bom)
}

func encode(w io.Writer, bom *cdx.BOM) error {
	return cdx.NewBOMEncoder(w, cdx.BOMFileFormatJSON).SetPretty(true).EncodeVersion(bom, cdx.SpecVersion1_6)
}

// Build turns a report into a BOM without a serial number.
func (f BOM) Build(r *compliance.Report) *cdx.BOM {
	bom := cdx.NewBOM()
	src := r.Inputs.Source
	root := cdx.Component{BOMRef: "project", Type: cdx.ComponentTypeApplication, Name: clean(view.ProjectName(src), 200)}
	if p := r.Inventory.Project; p != nil {
		// The project's own licence as established (its manifest and root
		// licence files), with the evidence, like any component's.
		root = component(p, "project", nil)
		root.Type, root.Name = cdx.ComponentTypeApplication, clean(view.ProjectName(src), 200)
	}
	if l := clean(src.License, 300); l != "" && root.Licenses == nil {
		root.Licenses = &cdx.Licenses{licenseChoice(l, false)}
	}
	if src.Kind == "git" {
		root.Version = clean(src.Revision, 100)
		if src.Commit != "" {
			var props []cdx.Property
			if root.Properties != nil {
				props = *root.Properties
			}
			props = append(props, cdx.Property{Name: "mcp-comply:commit", Value: clean(src.Commit, 64)})
			root.Properties = &props
		}
	}
	uses := make([]string, len(r.Inputs.Uses))
	for i, u := range r.Inputs.Uses {
		uses[i] = string(u)
	}
	k := r.Inputs.Knowledge
	props := []cdx.Property{
		{Name: "mcp-comply:uses", Value: strings.Join(uses, ",")},
		{Name: "mcp-comply:market", Value: string(r.Inputs.Market)},
		{Name: "mcp-comply:knowledge:spdx-list-version", Value: clean(k.SPDXListVersion, 40)},
		{Name: "mcp-comply:knowledge:licenses-checked", Value: clean(k.LicensesChecked, 40)},
		{Name: "mcp-comply:knowledge:engines-checked", Value: clean(k.EnginesChecked, 40)},
	}
	if r.Inputs.Online {
		// Some licences came from the registries' metadata (--online); each
		// such component's evidence names the URL and the date fetched.
		props = append(props, cdx.Property{Name: "mcp-comply:online", Value: "true"})
	}
	for _, v := range r.Verdicts {
		props = append(props, cdx.Property{Name: "mcp-comply:verdict:" + string(v.Use), Value: string(v.Verdict)})
	}
	if a := r.AIAct; a != nil {
		props = append(props, cdx.Property{Name: "mcp-comply:ai-act:in-verdict", Value: strconv.FormatBool(a.InVerdict)})
		for i := range a.Duties {
			d := &a.Duties[i]
			props = append(props, cdx.Property{Name: "mcp-comply:ai-act:duty",
				Value: clean(d.Article+" ("+d.Role+"): "+d.Title+" — "+d.Subject+"; applies from "+view.DutyDates(d), 1000)})
		}
	}
	if r.Residency == nil {
		props = append(props, cdx.Property{Name: "mcp-comply:residency", Value: "not analysed"})
	} else {
		props = append(props, cdx.Property{Name: "mcp-comply:residency", Value: string(r.Residency.Verdict)})
	}
	// The scan's warnings (an unread file, the history walk stopped at a
	// bound): CycloneDX properties may repeat a name.
	for _, w := range r.Warnings {
		props = append(props, cdx.Property{Name: "mcp-comply:warning", Value: clean(w.String(), 1000)})
	}
	bom.Metadata = &cdx.Metadata{
		Tools: &cdx.ToolsChoice{Components: &[]cdx.Component{{
			Type: cdx.ComponentTypeApplication, Name: clean(r.Tool.Name, 60), Version: clean(r.Tool.Version, 60)}}},
		Component:  &root,
		Properties: &props,
	}
	if !f.Date.IsZero() {
		bom.Metadata.Timestamp = f.Date.UTC().Format(time.RFC3339)
	}

	refs := bomRefs(r.Inventory.Components)
	comps := make([]cdx.Component, 0, len(r.Inventory.Components))
	for i := range r.Inventory.Components {
		c := &r.Inventory.Components[i]
		comps = append(comps, component(c, refs[c.ID], r.Inputs.Uses))
	}
	bom.Components = &comps
	bom.Dependencies = dependencies(root.BOMRef, &r.Inventory, refs)

	if r.Residency != nil && len(r.Residency.Endpoints) > 0 {
		services := make([]cdx.Service, 0, len(r.Residency.Endpoints))
		for _, e := range r.Residency.Endpoints {
			services = append(services, service(e))
		}
		bom.Services = &services
	}
	return bom
}

// bomRefs gives each component its bom-ref: its package URL, else its id
// without the "@" of a missing version; its id where the purl is taken
// (two spellings of one PyPI name), so distinct components keep distinct
// bom-refs.
func bomRefs(cs []compliance.Component) map[string]string {
	refs := map[string]string{}
	taken := map[string]bool{"project": true}
	for _, c := range cs {
		ref := clean(c.Purl, 0)
		if ref == "" || taken[ref] {
			ref = clean(strings.TrimSuffix(c.ID, "@"), 300)
		}
		taken[ref] = true
		refs[c.ID] = ref
	}
	return refs
}

// dependencies is the graph: the project depends on the top-level
// components, each component on the ones its lockfile records.
func dependencies(root string, inv *compliance.Inventory, refs map[string]string) *[]cdx.Dependency {
	top := []string{}
	for _, id := range inv.TopLevel() {
		top = append(top, refs[id])
	}
	out := []cdx.Dependency{{Ref: root, Dependencies: &top}}
	for _, c := range inv.Components {
		var on []string
		for _, d := range c.Dependencies {
			if ref, ok := refs[d]; ok && d != c.ID {
				on = append(on, ref)
			}
		}
		if len(on) > 0 {
			slices.Sort(on)
			on = slices.Compact(on)
			out = append(out, cdx.Dependency{Ref: refs[c.ID], Dependencies: &on})
		}
	}
	return &out
}

func component(c *compliance.Component, ref string, uses []compliance.Use) cdx.Component {
	out := cdx.Component{
		BOMRef:     ref,
		Type:       componentType(c),
		Name:       clean(c.Name, 300),
		Version:    clean(c.Version, 200),
		PackageURL: clean(c.Purl, 0),
	}
	if c.Dev {
		out.Scope = cdx.ScopeExcluded
	}
	if expr := c.License.Expression; expr != "" && !hosted(c) {
		concluded := cdx.LicenseAcknowledgementConcluded
		out.Licenses = &cdx.Licenses{{Expression: clean(expr, 300), Acknowledgement: &concluded}}
	}

	evidence := licenseEvidence(c.License.Evidence)
	var occurrences []cdx.EvidenceOccurrence
	for _, p := range c.Locations {
		o := cdx.EvidenceOccurrence{Location: clean(p.File, 500)}
		if p.Line > 0 {
			line := p.Line
			o.Line = &line
		}
		occurrences = append(occurrences, o)
	}
	if len(evidence) > 0 || len(occurrences) > 0 {
		out.Evidence = &cdx.Evidence{}
		if len(evidence) > 0 {
			out.Evidence.Licenses = &evidence
		}
		if len(occurrences) > 0 {
			out.Evidence.Occurrences = &occurrences
		}
	}

	props := []cdx.Property{
		{Name: "mcp-comply:role", Value: string(c.Role)},
		{Name: "mcp-comply:category", Value: string(c.Category)},
		{Name: "mcp-comply:license:method", Value: string(c.License.Method)},
	}
	if c.Engine != "" {
		props = append(props, cdx.Property{Name: "mcp-comply:engine", Value: clean(c.Engine, 100)})
	}
	for _, e := range c.License.Evidence {
		props = append(props, cdx.Property{Name: "mcp-comply:license:evidence", Value: clean(view.EvidenceLine(e), 700)})
	}
	for _, u := range uses {
		a := c.Uses[u]
		props = append(props, cdx.Property{Name: "mcp-comply:verdict:" + string(u), Value: string(a.Verdict)})
	}
	if m := c.Model; m != nil {
		props = append(props, model(&out, m)...)
	}
	out.Properties = &props
	return out
}

// model writes what the AI inventory knows of a model into its component:
// the model card, manufacturer and terms; it returns the properties.
func model(out *cdx.Component, m *compliance.ModelFacts) []cdx.Property {
	params := cdx.MLModelParameters{Task: clean(m.Task, 100), ArchitectureFamily: clean(m.ArchitectureFamily, 100)}
	if len(m.Modalities) > 0 {
		outputs := make([]cdx.MLInputOutputParameters, len(m.Modalities))
		for i, mod := range m.Modalities {
			outputs[i] = cdx.MLInputOutputParameters{Format: clean(mod, 40)}
		}
		params.Outputs = &outputs
	}
	if params.Task != "" || params.ArchitectureFamily != "" || params.Outputs != nil {
		out.ModelCard = &cdx.MLModelCard{ModelParameters: &params}
	}
	if m.Vendor != "" {
		out.Manufacturer = &cdx.OrganizationalEntity{Name: clean(m.Vendor, 200)}
	}
	if m.Terms != "" {
		out.ExternalReferences = &[]cdx.ExternalReference{{Type: cdx.ERTypeLicense, URL: iriRef(clean(m.Terms, 500)),
			Comment: "the provider's service terms: the uses are to be confirmed against them"}}
	}
	props := []cdx.Property{{Name: "mcp-comply:model:kind", Value: clean(m.Kind, 40)}}
	for _, kv := range [][2]string{{"provider", m.Provider}, {"family", m.Family}, {"base", m.Base}, {"parameters", m.Parameters},
		{"source", m.Source}, {"checked", m.Checked}} {
		if kv[1] != "" {
			props = append(props, cdx.Property{Name: "mcp-comply:model:" + kv[0], Value: clean(kv[1], 300)})
		}
	}
	for _, e := range m.Endpoints {
		props = append(props, cdx.Property{Name: "mcp-comply:model:service", Value: "service:" + clean(e, 300)})
	}
	return props
}

// licenseEvidence states the values read as licence evidence, each once
// (the engine catalogue is not evidence read from the project): one value
// as licenseChoice writes it, several as licence names, since the schema
// takes a single expression or a list of licences, never both.
func licenseEvidence(evidence []compliance.LicenseEvidence) cdx.Licenses {
	var out cdx.Licenses
	seen := map[string]bool{}
	for _, e := range evidence {
		value := clean(e.Value, 300)
		if value == "" || e.Method == compliance.MethodCatalogue || seen[value] {
			continue
		}
		seen[value] = true
		ack := cdx.LicenseAcknowledgementDeclared
		if e.Method == compliance.MethodText {
			ack = cdx.LicenseAcknowledgementConcluded
		}
		out = append(out, cdx.LicenseChoice{License: &cdx.License{Name: value, Acknowledgement: ack}})
	}
	if len(out) == 1 {
		l := out[0].License
		return cdx.Licenses{licenseChoice(l.Name, l.Acknowledgement == cdx.LicenseAcknowledgementConcluded)}
	}
	return out
}

// licenseChoice states one licence value. A valid SPDX expression (a bare
// id is one) is written as an expression, acknowledged as concluded when a
// licence text was matched to it and as declared otherwise; anything else
// ("SEE LICENSE IN LICENSE.md", "Apache 2.0", "UNLICENSED") is a declared
// licence name. Expressions rather than license.id keep the BOM valid
// under any copy of the schema's SPDX id list, which lags the SPDX list.
func licenseChoice(value string, matched bool) cdx.LicenseChoice {
	ack := cdx.LicenseAcknowledgementDeclared
	if ok, _ := spdxexp.ValidateLicenses([]string{value}); ok {
		if matched {
			ack = cdx.LicenseAcknowledgementConcluded
		}
		return cdx.LicenseChoice{Expression: value, Acknowledgement: &ack}
	}
	return cdx.LicenseChoice{License: &cdx.License{Name: value, Acknowledgement: ack}}
}

// hosted reports whether c is a hosted model: its service terms are a
// reference, not a licence (whatever id the catalogue gives them).
func hosted(c *compliance.Component) bool {
	return c.Model != nil && c.Model.Kind == compliance.ModelHosted
}

func componentType(c *compliance.Component) cdx.ComponentType {
	switch {
	case c.Ecosystem == compliance.Container:
		return cdx.ComponentTypeContainer
	case c.Ecosystem == compliance.EngineExport:
		return cdx.ComponentTypeApplication
	case view.IsModel(c):
		return cdx.ComponentTypeMachineLearningModel
	}
	return cdx.ComponentTypeLibrary
}

func service(e compliance.Endpoint) cdx.Service {
	s := cdx.Service{
		BOMRef:   "service:" + clean(e.ID, 300),
		Provider: &cdx.OrganizationalEntity{Name: clean(e.ProviderName, 200)},
		Group:    clean(e.Provider, 100),
		Name:     clean(e.ProviderName, 200),
	}
	if e.Host != "" {
		s.Name += " " + clean(e.Host, 200)
	}
	endpoint := e.URL
	if endpoint == "" {
		endpoint = e.Host
	}
	if endpoint != "" {
		s.Endpoints = &[]string{iriRef(clean(endpoint, 500))}
	}
	props := []cdx.Property{
		{Name: "mcp-comply:kind", Value: clean(e.Kind, 40)},
		{Name: "mcp-comply:processing", Value: clean(e.Processing, 300)},
		{Name: "mcp-comply:storage", Value: clean(e.Storage, 300)},
		{Name: "mcp-comply:jurisdiction", Value: clean(e.Jurisdiction, 300)},
		{Name: "mcp-comply:guarantee", Value: string(e.Guarantee)},
		{Name: "mcp-comply:transfer-basis", Value: clean(e.TransferBasis, 300)},
	}
	for _, kv := range [][2]string{{"region", e.Region}, {"model", e.Model}, {"source", e.Source}, {"checked", e.Checked}} {
		if kv[1] != "" {
			props = append(props, cdx.Property{Name: "mcp-comply:" + kv[0], Value: clean(kv[1], 300)})
		}
	}
	for _, a := range e.Attestations {
		props = append(props, cdx.Property{Name: "mcp-comply:attestation", Value: clean(a, 500)})
	}
	for _, ev := range e.Evidence {
		props = append(props, cdx.Property{Name: "mcp-comply:evidence", Value: clean(ev.Position.String(), 500)})
	}
	s.Properties = &props
	return s
}

func clean(s string, max int) string { return safe.Clean(s, max) }

// iriRef writes an endpoint so that the schema's iri-reference format
// accepts it: a byte that a URI does not allow where it stands (the space
// and the "…" of a redacted password, "…(redacted, 21 chars)") is
// percent-encoded, everything else is kept as written.
func iriRef(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~:/?#[]@!$&'()*+,;=%", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		const hex = "0123456789ABCDEF"
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
