package cyclonedx

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/reports/reporttest"
)

var date = time.Date(2026, 11, 20, 16, 42, 5, 0, time.UTC)

// schema is the CycloneDX 1.6 JSON schema with the two it refers to
// (testdata/schema/README.md says where they come from).
func schema(t *testing.T) *jsonschema.Schema {
	dir := filepath.Join("testdata", "schema")
	return reporttest.Schema(t, filepath.Join(dir, "bom-1.6.schema.json"),
		filepath.Join(dir, "spdx.schema.json"), filepath.Join(dir, "jsf-0.82.schema.json"))
}

func format(t *testing.T, r *compliance.Report, d time.Time) []byte {
	return reporttest.Render(t, BOM{Date: d}, r)
}

// TestValidatesAgainstSchema validates every sample's golden, the full
// report's and the BOMs of the full, hostile and empty reports against
// the CycloneDX 1.6 schema, offline.
func TestValidatesAgainstSchema(t *testing.T) {
	sch := schema(t)
	boms := reporttest.Goldens(t, "cdx.json")
	for name, r := range map[string]*compliance.Report{"full": reporttest.Full(t), "hostile": reporttest.Hostile(), "empty": {}} {
		boms[name] = format(t, r, date)
	}
	for name, out := range boms {
		t.Run(name, func(t *testing.T) {
			reporttest.Validate(t, sch, out)
			if bytes.Contains(out, []byte(`\u001b`)) {
				t.Error("an escape character from the project reached the BOM")
			}
		})
	}
}

type bom struct {
	SpecVersion  string `json:"specVersion"`
	SerialNumber string `json:"serialNumber"`
	Metadata     struct {
		Timestamp string `json:"timestamp"`
		Component struct {
			BOMRef   string `json:"bom-ref"`
			Name     string `json:"name"`
			Version  string `json:"version"`
			Licenses []struct {
				Expression string `json:"expression"`
				License    *struct {
					Name string `json:"name"`
				} `json:"license"`
			} `json:"licenses"`
		} `json:"component"`
	} `json:"metadata"`
	Dependencies []struct {
		Ref       string   `json:"ref"`
		DependsOn []string `json:"dependsOn"`
	} `json:"dependencies"`
	Components []struct {
		BOMRef   string `json:"bom-ref"`
		Type     string `json:"type"`
		PURL     string `json:"purl"`
		Licenses []struct {
			Expression      string `json:"expression"`
			Acknowledgement string `json:"acknowledgement"`
		} `json:"licenses"`
		Evidence *struct {
			Licenses []struct {
				Expression      string `json:"expression"`
				Acknowledgement string `json:"acknowledgement"`
				License         *struct {
					Name            string `json:"name"`
					Acknowledgement string `json:"acknowledgement"`
				} `json:"license"`
			} `json:"licenses"`
			Occurrences []struct {
				Location string `json:"location"`
				Line     int    `json:"line"`
			} `json:"occurrences"`
		} `json:"evidence"`
		Properties []struct{ Name, Value string } `json:"properties"`
	} `json:"components"`
	Services []struct {
		BOMRef     string   `json:"bom-ref"`
		Endpoints  []string `json:"endpoints"`
		Properties []struct{ Name, Value string }
	} `json:"services"`
}

func decode(t *testing.T, data []byte) bom { return reporttest.Decode[bom](t, data) }

func TestContent(t *testing.T) {
	r := reporttest.Full(t)
	b := decode(t, format(t, r, date))
	if b.SpecVersion != "1.6" || b.Metadata.Timestamp != "2026-11-20T16:42:05Z" {
		t.Errorf("spec %s, timestamp %s", b.SpecVersion, b.Metadata.Timestamp)
	}
	if len(b.Components) != len(r.Inventory.Components) {
		t.Fatalf("%d components for %d in the inventory", len(b.Components), len(r.Inventory.Components))
	}
	byRef := map[string]int{}
	for i, c := range b.Components {
		byRef[c.BOMRef] = i
	}
	n8n := b.Components[byRef["pkg:npm/n8n@2.8.4"]]
	if n8n.PURL != "pkg:npm/n8n@2.8.4" || len(n8n.Licenses) != 1 || n8n.Licenses[0].Expression != "SUL-1.0" || n8n.Licenses[0].Acknowledgement != "concluded" {
		t.Errorf("n8n: purl %s, licences %+v", n8n.PURL, n8n.Licenses)
	}
	if n8n.Evidence == nil || len(n8n.Evidence.Licenses) == 0 || n8n.Evidence.Licenses[0].License == nil ||
		n8n.Evidence.Licenses[0].License.Name != "SEE LICENSE IN LICENSE.md" || n8n.Evidence.Licenses[0].License.Acknowledgement != "declared" {
		t.Errorf("n8n's declared licence is not in its evidence: %+v", n8n.Evidence)
	}
	var props []string
	for _, p := range n8n.Properties {
		props = append(props, p.Name+"="+p.Value)
	}
	for _, want := range []string{"mcp-comply:category=fair-code", "mcp-comply:verdict:saas=prohibited", "mcp-comply:license:method=text"} {
		if !strings.Contains(strings.Join(props, "\n"), want) {
			t.Errorf("n8n lacks property %s: %v", want, props)
		}
	}
	if len(b.Services) != len(r.Residency.Endpoints) {
		t.Fatalf("%d services for %d endpoints", len(b.Services), len(r.Residency.Endpoints))
	}
	if s := b.Services[0]; s.BOMRef != "service:azure-openai:acme-agent.openai.azure.com:swedencentral" ||
		len(s.Endpoints) != 1 || s.Endpoints[0] != "https://acme-agent.openai.azure.com/openai/deployments/gpt-4o" {
		t.Errorf("first service %+v", s)
	}

	r.Residency = nil
	if b := decode(t, format(t, r, time.Time{})); len(b.Services) != 0 || b.Metadata.Timestamp != "" {
		t.Errorf("without residency and date: %d services, timestamp %q", len(b.Services), b.Metadata.Timestamp)
	}
}

// TestModels writes the AI models as machine-learning-model components:
// the model card the catalogue knows, the licence of open weights, and a
// hosted model's service terms as a reference, never as a licence.
func TestModels(t *testing.T) {
	type model struct {
		BOMRef             string `json:"bom-ref"`
		Type               string `json:"type"`
		Licenses           []any  `json:"licenses"`
		Manufacturer       *struct{ Name string }
		ExternalReferences []struct{ URL, Type string } `json:"externalReferences"`
		ModelCard          *struct {
			ModelParameters struct {
				Task, ArchitectureFamily string
				Outputs                  []struct{ Format string }
			} `json:"modelParameters"`
		} `json:"modelCard"`
	}
	b := reporttest.Decode[struct{ Components []model }](t, format(t, reporttest.Full(t), date))
	byRef := map[string]model{}
	for _, c := range b.Components {
		byRef[c.BOMRef] = c
	}
	llama, gpt := byRef["model:llama3.1:8b"], byRef["model:gpt-4o-mini"]
	if llama.Type != "machine-learning-model" || llama.ModelCard == nil || llama.ModelCard.ModelParameters.Task != "text-generation" ||
		llama.ModelCard.ModelParameters.ArchitectureFamily != "transformer" || len(llama.Licenses) != 1 || llama.Manufacturer == nil || llama.Manufacturer.Name != "Meta" {
		t.Errorf("llama3.1:8b = %+v, want a machine-learning-model with its model card, licence and Meta as manufacturer", llama)
	}
	if gpt.Type != "machine-learning-model" || len(gpt.Licenses) != 0 || len(gpt.ExternalReferences) != 1 ||
		gpt.ExternalReferences[0].Type != "license" || gpt.ExternalReferences[0].URL != "https://openai.com/policies/services-agreement/" {
		t.Errorf("gpt-4o-mini = %+v, want a machine-learning-model with no licence and its service terms referenced", gpt)
	}
	if npm := byRef["pkg:npm/n8n@2.8.4"]; npm.Type != "library" || npm.ModelCard != nil {
		t.Errorf("a package became %s with a model card %+v", npm.Type, npm.ModelCard)
	}
}

func TestSerialNumber(t *testing.T) {
	a := decode(t, format(t, reporttest.Full(t), date)).SerialNumber
	if b := decode(t, format(t, reporttest.Full(t), date)).SerialNumber; a != b {
		t.Errorf("serial numbers %s and %s for the same report", a, b)
	}
	id, err := uuid.Parse(strings.TrimPrefix(a, "urn:uuid:"))
	if err != nil || id.Version() != 5 {
		t.Errorf("serial %s is not a version 5 UUID: %v", a, err)
	}
	r := reporttest.Full(t)
	r.Inventory.Components[0].Version = "2.8.5"
	if c := decode(t, format(t, r, date)).SerialNumber; c == a {
		t.Error("a different inventory kept the serial number")
	}
}

func TestProject(t *testing.T) {
	r := reporttest.Full(t)
	root := decode(t, format(t, r, date)).Metadata.Component
	if root.BOMRef != "project" || root.Name != "acme-support-agent" || root.Version != "v1.4.0" ||
		len(root.Licenses) != 1 || root.Licenses[0].License == nil || root.Licenses[0].License.Name != "UNLICENSED" {
		t.Errorf("metadata.component %+v, want acme-support-agent at v1.4.0 with its declared licence", root)
	}
	r.Inputs.Source.License = "MIT OR Apache-2.0"
	if root := decode(t, format(t, r, date)).Metadata.Component; len(root.Licenses) != 1 || root.Licenses[0].Expression != "MIT OR Apache-2.0" {
		t.Errorf("a declared SPDX expression: %+v", root.Licenses)
	}
	// The project's own licence as established (its root licence file read
	// as proprietary) wins over the manifest's words, with its evidence.
	r.Inventory.Project = &compliance.Component{Ecosystem: compliance.NPM, Name: "acme-support-agent", Version: "1.4.0", Role: compliance.RoleProject,
		ID: "npm:acme-support-agent@1.4.0", Purl: "pkg:npm/acme-support-agent@1.4.0", FirstParty: true,
		License: compliance.LicenseResolution{Expression: "LicenseRef-UNLICENSED", Method: compliance.MethodText,
			Evidence: []compliance.LicenseEvidence{{Method: compliance.MethodText, Position: compliance.Position{File: "LICENSE"}, Value: "LicenseRef-UNLICENSED"}}}}
	out := decode(t, format(t, r, date))
	if root := out.Metadata.Component; root.BOMRef != "project" || len(root.Licenses) != 1 || root.Licenses[0].Expression != "LicenseRef-UNLICENSED" {
		t.Errorf("with the project's component: metadata.component %+v, want its concluded licence", root)
	}
	for _, c := range out.Components {
		if c.BOMRef == "project" {
			t.Error("the project is also one of the components")
		}
	}
	r.Inventory.Project = nil
	for _, tc := range []struct{ name, path, want string }{
		{"", ".", "project"}, {"", "/", "project"}, {"", "testdata/n8n-agent", "n8n-agent"}, {"agent", ".", "agent"},
	} {
		r.Inputs.Source.Name, r.Inputs.Source.Path = tc.name, tc.path
		if got := decode(t, format(t, r, date)).Metadata.Component.Name; got != tc.want {
			t.Errorf("name %q at %q: metadata.component is %q, want %q", tc.name, tc.path, got, tc.want)
		}
	}
}

// TestBOMRefs: a component is known by its purl, else by its id without a
// dangling "@"; references are unique and every dependency names one.
func TestBOMRefs(t *testing.T) {
	r := reporttest.Full(t)
	b := decode(t, format(t, r, date))
	refs := map[string]bool{b.Metadata.Component.BOMRef: true}
	for i, c := range b.Components {
		want := r.Inventory.Components[i].Purl
		if want == "" {
			want = strings.TrimSuffix(r.Inventory.Components[i].ID, "@")
		}
		if c.BOMRef != want || strings.HasSuffix(c.BOMRef, "@") || refs[c.BOMRef] {
			t.Errorf("component %d bom-ref %q, want %q, once", i, c.BOMRef, want)
		}
		refs[c.BOMRef] = true
	}
	if !refs["engine:n8n"] {
		t.Error("the version-less engine:n8n@ is not engine:n8n")
	}
	for _, d := range b.Dependencies {
		for _, on := range append([]string{d.Ref}, d.DependsOn...) {
			if !refs[on] {
				t.Errorf("dependency %q names no component", on)
			}
		}
	}
}

// TestDependencies: without edges in the inventory, the project depends on
// every component and nothing more is said; with them, the graph.
func TestDependencies(t *testing.T) {
	r := reporttest.Full(t)
	deps := decode(t, format(t, r, date)).Dependencies
	if len(deps) != 1 || deps[0].Ref != "project" || len(deps[0].DependsOn) != len(r.Inventory.Components) {
		t.Fatalf("dependencies %+v, want the project on all %d components", deps, len(r.Inventory.Components))
	}
	var n8n, core, workflow *compliance.Component
	for i := range r.Inventory.Components {
		switch c := &r.Inventory.Components[i]; c.ID {
		case "npm:n8n@2.8.4":
			n8n = c
		case "npm:n8n-core@2.8.1":
			core = c
		case "npm:n8n-workflow@2.8.0":
			workflow = c
		}
	}
	n8n.Dependencies = []string{core.ID, workflow.ID, "npm:not-in-the-inventory@1.0.0"}
	core.Dependencies = []string{workflow.ID}
	got := map[string][]string{}
	for _, d := range decode(t, format(t, r, date)).Dependencies {
		got[d.Ref] = d.DependsOn
	}
	if len(got) != 3 || len(got["project"]) != len(r.Inventory.Components)-2 || slices.Contains(got["project"], core.Purl) {
		t.Errorf("the project depends on %v, want every component but n8n-core and n8n-workflow", got["project"])
	}
	if !slices.Equal(got[n8n.Purl], []string{core.Purl, workflow.Purl}) || !slices.Equal(got[core.Purl], []string{workflow.Purl}) {
		t.Errorf("graph %v", got)
	}
}

// TestLicenseEvidence: one value read is an expression (or a name); several
// are licence names, never an expression beside licences.
func TestLicenseEvidence(t *testing.T) {
	ev := func(method compliance.Method, values ...string) []compliance.LicenseEvidence {
		var out []compliance.LicenseEvidence
		for _, v := range values {
			out = append(out, compliance.LicenseEvidence{Method: method, Value: v})
		}
		return out
	}
	for _, tc := range []struct {
		name     string
		evidence []compliance.LicenseEvidence
		want     string
	}{
		{"one expression", ev(compliance.MethodDeclared, "MIT", "MIT"), "expression MIT declared"},
		{"one matched text", ev(compliance.MethodText, "Apache-2.0"), "expression Apache-2.0 concluded"},
		{"one name", ev(compliance.MethodDeclared, "SEE LICENSE IN LICENSE.md"), "name SEE LICENSE IN LICENSE.md declared"},
		{"an expression and a classifier", append(ev(compliance.MethodDeclared, "MIT"), ev(compliance.MethodAlias, "License :: OSI Approved :: MIT License")...),
			"name MIT declared, name License :: OSI Approved :: MIT License declared"},
		{"two expressions", append(ev(compliance.MethodDeclared, "MIT"), ev(compliance.MethodText, "Apache-2.0")...),
			"name MIT declared, name Apache-2.0 concluded"},
		{"the catalogue is not evidence", ev(compliance.MethodCatalogue, "SUL-1.0"), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, l := range licenseEvidence(tc.evidence) {
				if l.License != nil {
					got = append(got, "name "+l.License.Name+" "+string(l.License.Acknowledgement))
				} else {
					got = append(got, "expression "+l.Expression+" "+string(*l.Acknowledgement))
				}
			}
			if strings.Join(got, ", ") != tc.want {
				t.Errorf("evidence.licenses %q, want %q", strings.Join(got, ", "), tc.want)
			}
		})
	}
}

// A report made with --online says so in the metadata; an offline one
// does not.
func TestOnlineProperty(t *testing.T) {
	r := reporttest.Full(t)
	type meta struct {
		Metadata struct {
			Properties []struct{ Name, Value string } `json:"properties"`
		} `json:"metadata"`
	}
	has := func() bool {
		out := reporttest.Decode[meta](t, format(t, r, date))
		return slices.ContainsFunc(out.Metadata.Properties, func(p struct{ Name, Value string }) bool {
			return p.Name == "mcp-comply:online" && p.Value == "true"
		})
	}
	if has() {
		t.Error("an offline report has mcp-comply:online")
	}
	r.Inputs.Online = true
	if !has() {
		t.Error("an --online report lacks mcp-comply:online")
	}
}
