package reports

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/mcp-comply/mcp-comply/compliance"
)

func readFixture(t testing.TB) []byte {
	data, err := os.ReadFile("testdata/full-report.json")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func anyVersion(*string) error { return nil }

// TestReadReportReadsWhatReadJSONReads: the streaming reader decodes a
// saved report to the same model as decoding it whole, and the json format
// writes it back byte for byte (empty arrays stay empty, absent ones absent).
func TestReadReportReadsWhatReadJSONReads(t *testing.T) {
	data := readFixture(t)
	want, err := ReadJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	got, err := ReadReport(bytes.NewReader(data), anyVersion)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Error("ReadReport and ReadJSON decode the fixture differently")
	}
	var out bytes.Buffer
	if err := (JSON{}).Format(&out, got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), data) {
		t.Error("the report read by ReadReport is not written back as it was read")
	}
	if len(got.Findings) == 0 || len(got.Inventory.Components) == 0 || got.Warnings == nil || len(got.Warnings) != 0 {
		t.Errorf("findings %d, components %d, warnings %#v: the fixture's arrays were not all read",
			len(got.Findings), len(got.Inventory.Components), got.Warnings)
	}
}

// TestReadReportRefusesWithTheSchemasMessages: a report that does not
// match the schema, in an array read element by element or elsewhere, is
// refused with exactly the lines Validate gives for the whole file.
func TestReadReportRefusesWithTheSchemasMessages(t *testing.T) {
	for name, mutate := range map[string]func(m map[string]any){
		"a finding's severity": func(m map[string]any) {
			m["findings"].([]any)[3].(map[string]any)["severity"] = "urgent"
		},
		"a component's unknown property": func(m map[string]any) {
			comps := m["inventory"].(map[string]any)["components"].([]any)
			comps[2].(map[string]any)["extra"] = true
		},
		"engines not an array": func(m map[string]any) {
			m["inventory"].(map[string]any)["engines"] = map[string]any{"n8n": 1}
		},
		"no summary, and a rule without its id": func(m map[string]any) {
			delete(m, "summary")
			delete(m["rules"].([]any)[0].(map[string]any), "id")
		},
		"one licence wrong": func(m map[string]any) {
			m["licenses"].([]any)[1].(map[string]any)["category"] = "nope"
		},
		"a top-level unknown property": func(m map[string]any) { m["extra"] = []any{1} },
		"a licence read twice wrong": func(m map[string]any) {
			ls := m["licenses"].([]any)
			ls[0].(map[string]any)["category"] = 7
			ls[4].(map[string]any)["category"] = "nope"
			m["warnings"] = []any{map[string]any{"path": 1}}
		},
	} {
		t.Run(name, func(t *testing.T) {
			var m map[string]any
			if err := json.Unmarshal(readFixture(t), &m); err != nil {
				t.Fatal(err)
			}
			mutate(m)
			data, err := json.MarshalIndent(m, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			want := Validate(data)
			if want == nil {
				t.Fatal("the mutation left a valid report")
			}
			r, err := ReadReport(bytes.NewReader(data), anyVersion)
			if err == nil || r != nil {
				t.Fatal("ReadReport accepted a report the schema refuses")
			}
			if err.Error() != want.Error() {
				t.Errorf("ReadReport says\n%v\nValidate says\n%v", err, want)
			}
		})
	}
}

func TestReadReportRefusesWhatIsNotAJSONReport(t *testing.T) {
	data := readFixture(t)
	for name, in := range map[string]string{
		"cut short":     string(data[:len(data)/2]),
		"trailing data": string(data) + "{}",
		"an array":      `[{"schemaVersion": "1"}]`,
		"a number":      `1`,
		"empty":         ``,
		"bad token":     `{"schemaVersion": "1", "findings": [tru]}`,
	} {
		_, err := ReadReport(strings.NewReader(in), anyVersion)
		if err == nil || !strings.HasPrefix(err.Error(), "not a JSON report: ") {
			t.Errorf("%s: error %v, want 'not a JSON report: …'", name, err)
		}
	}
}

func TestReadReportHandsTheVersionOver(t *testing.T) {
	for in, want := range map[string]string{
		`{"tool": {}}`:                  "<none>",
		`null`:                          "<none>",
		`{"schemaVersion": "2"}`:        "2",
		string(readFixture(t)):          "1",
		`{"schemaVersion": "1", "x":1}`: "1",
	} {
		got := "<not called>"
		ReadReport(strings.NewReader(in), func(v *string) error {
			got = "<none>"
			if v != nil {
				got = *v
			}
			return nil
		})
		if got != want {
			t.Errorf("%.40s: version %s, want %s", in, got, want)
		}
	}
}

// FuzzReadReport: the streaming reader accepts exactly what Validate and
// the version check accept, with the same message, and then reads what
// ReadJSON reads. Its seeds are the fixture cut to one element per array
// and a few small faults; inputs over 16 KB are skipped (a report that
// large teaches the reader nothing a small one does not, and slows every
// execution).
func FuzzReadReport(f *testing.F) {
	f.Add(smallReport(f))
	f.Add([]byte(`{"schemaVersion": "1", "findings": [{}], "inventory": {"components": [1]}}`))
	f.Add([]byte(`{"schemaVersion": "1", "inventory": {"components": {}}}`))
	f.Add([]byte(`{"schemaVersion": "1", "verdicts": [{"use": "saas", "x": 1}, {}], "zz": 1, "aa": 2}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 16<<10 {
			return
		}
		got, err := ReadReport(bytes.NewReader(data), anyVersion)
		if !json.Valid(data) {
			if err == nil {
				t.Fatal("ReadReport accepted what is not JSON")
			}
			return
		}
		var top any
		json.Unmarshal(data, &top)
		if _, ok := top.(map[string]any); !ok {
			return
		}
		verr := Validate(data)
		if (err == nil) != (verr == nil) {
			t.Fatalf("ReadReport: %v; Validate: %v", err, verr)
		}
		if err != nil {
			if strings.HasPrefix(err.Error(), "report does not match") && err.Error() != verr.Error() {
				t.Fatalf("ReadReport says\n%v\nValidate says\n%v", err, verr)
			}
			return
		}
		want, werr := ReadJSON(bytes.NewReader(data))
		if werr != nil {
			t.Fatalf("a valid report ReadJSON cannot read: %v", werr)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatal("ReadReport and ReadJSON read a valid report differently")
		}
	})
}

// smallReport is the fixture with one element in each array, compact: a
// seed small enough to fuzz.
func smallReport(t testing.TB) []byte {
	var m map[string]any
	if err := json.Unmarshal(readFixture(t), &m); err != nil {
		t.Fatal(err)
	}
	var cut func(v any) any
	cut = func(v any) any {
		switch v := v.(type) {
		case map[string]any:
			for k, e := range v {
				v[k] = cut(e)
			}
		case []any:
			if len(v) > 1 {
				v = v[:1]
			}
			for i, e := range v {
				v[i] = cut(e)
			}
			return v
		}
		return v
	}
	data, err := json.Marshal(cut(m))
	if err != nil {
		t.Fatal(err)
	}
	if err := Validate(data); err != nil {
		t.Fatal(err)
	}
	return data
}

// TestJSONFormatIsTheEncoders: the json format, written field by field and
// element by element, writes what json.Encoder writes for the whole report:
// the fixture, the hostile report, an empty one and one with nil arrays.
func TestJSONFormatIsTheEncoders(t *testing.T) {
	full, err := ReadJSON(bytes.NewReader(readFixture(t)))
	if err != nil {
		t.Fatal(err)
	}
	for name, r := range map[string]*compliance.Report{"fixture": full, "hostile": hostile(), "empty": {},
		"no arrays": {SchemaVersion: "1", Inventory: compliance.Inventory{Components: []compliance.Component{}}}} {
		var want, got bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		if err := enc.Encode(r); err != nil {
			t.Fatal(err)
		}
		if err := (JSON{}).Format(&got, r); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%s: the json format differs from json.Encoder's:\n%s\nwant\n%s", name, got.String(), want.String())
		}
	}
}
