package cyclonedx

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/reports/reporttest"
)

var date = time.Date(2026, 11, 20, 16, 42, 5, 0, time.UTC)

// schema compiles the CycloneDX 1.6 JSON schema from testdata/schema.
var schema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	c := jsonschema.NewCompiler()
	for _, name := range []string{"bom-1.6.schema.json", "spdx.schema.json", "jsf-0.82.schema.json"} {
		f, err := os.Open(filepath.Join("testdata", "schema", name))
		if err != nil {
			return nil, err
		}
		doc, err := jsonschema.UnmarshalJSON(f)
		f.Close()
		if err != nil {
			return nil, err
		}
		if err := c.AddResource("http://cyclonedx.org/schema/"+name, doc); err != nil {
			return nil, err
		}
	}
	return c.Compile("http://cyclonedx.org/schema/bom-1.6.schema.json")
})

func format(t *testing.T, r *compliance.Report, d time.Time) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := (BOM{Date: d}).Format(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestValidatesAgainstSchema(t *testing.T) {
	sch, err := schema()
	if err != nil {
		t.Fatal(err)
	}
	for name, r := range map[string]*compliance.Report{"full": reporttest.Full(t), "hostile": reporttest.Hostile(), "empty": {}} {
		t.Run(name, func(t *testing.T) {
			out := format(t, r, date)
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(inst); err != nil {
				t.Fatal(err)
			}
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
	} `json:"metadata"`
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

func decode(t *testing.T, out []byte) bom {
	t.Helper()
	var b bom
	if err := json.Unmarshal(out, &b); err != nil {
		t.Fatal(err)
	}
	return b
}

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
	n8n := b.Components[byRef["npm:n8n@2.8.4"]]
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
