package kb

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/github/go-spdx/v2/spdxexp"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"
)

// TestDataMatchesSchema validates every embedded data file against schema.json.
func TestDataMatchesSchema(t *testing.T) {
	raw, err := os.ReadFile("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("kb.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("kb.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	files, _ := fs.Glob(data, "data/*.yaml")
	if len(files) == 0 {
		t.Fatal("no data files embedded")
	}
	for _, name := range files {
		raw, _ := fs.ReadFile(data, name)
		var v any
		if err := yaml.Unmarshal(raw, &v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		// Round-trip through JSON so the validator sees JSON values.
		b, err := json.Marshal(plain(v))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(inst); err != nil {
			t.Errorf("%s does not match schema.json:\n%v", name, err)
		}
	}
}

// TestIntegrity checks what the schema cannot: ids exist, dates are real and
// not in the future, every expression names only licences the base knows.
func TestIntegrity(t *testing.T) {
	b, err := Load(data)
	if err != nil {
		t.Fatal(err)
	}
	today := time.Now().Format(time.DateOnly)
	checkDate := func(where, d string) {
		if _, err := time.Parse(time.DateOnly, d); err != nil || d > today {
			t.Errorf("%s: checked date %q is not a real past date", where, d)
		}
	}
	for _, l := range b.Licenses {
		checkDate(l.ID, l.Checked)
		if strings.HasPrefix(l.ID, "LicenseRef-") {
			continue
		}
		if ok, _ := spdxexp.ValidateLicenses([]string{l.ID}); !ok && !l.Exception {
			t.Errorf("%s is neither on the SPDX list nor a LicenseRef- id", l.ID)
		}
	}
	known := func(where, expr string) {
		for _, id := range Leaves(expr) {
			if _, ok := b.License(id); !ok {
				t.Errorf("%s: expression %q names %s, which the knowledge base lacks", where, expr, id)
			}
		}
	}
	for alias, expr := range b.Aliases {
		known("alias "+alias, expr)
	}
	for cl, id := range b.Classifiers {
		known("classifier "+cl, id)
	}
	for _, e := range b.Engines {
		for _, v := range e.Licenses {
			known("engine "+e.ID, v.Expression)
			checkDate("engine "+e.ID, v.Checked)
		}
		for _, s := range e.Scopes {
			known("engine "+e.ID+" scope "+s.Match, s.Expression)
			checkDate("engine "+e.ID+" scope", s.Checked)
		}
	}
}

// plain turns YAML timestamps back into the dates they were written as.
func plain(v any) any {
	switch x := v.(type) {
	case time.Time:
		return x.Format(time.DateOnly)
	case map[string]any:
		for k, e := range x {
			x[k] = plain(e)
		}
	case []any:
		for i, e := range x {
			x[i] = plain(e)
		}
	}
	return v
}

// TestReadings pins the verdicts the product is sold on: if an edit of the
// data changes one of these, the change must be deliberate.
func TestReadings(t *testing.T) {
	b := Default()
	for _, tc := range []struct {
		id   string
		use  Use
		want Verdict
	}{
		{"SUL-1.0", Internal, Allowed},
		{"SUL-1.0", SaaS, Prohibited},
		{"SUL-1.0", WhiteLabel, Prohibited},
		{"SUL-1.0", Distribute, Conditional},
		{"LicenseRef-n8n-enterprise", SaaS, Prohibited},
		{"LicenseRef-UNLICENSED", Internal, Prohibited},
		{"MIT", SaaS, Allowed},
		{"Apache-2.0", Distribute, Allowed},
		{"GPL-3.0-only", SaaS, Allowed},
		{"GPL-3.0-only", Distribute, Conditional},
		{"AGPL-3.0-only", SaaS, Conditional},
		{"Elastic-2.0", Internal, Allowed},
		{"PolyForm-Noncommercial-1.0.0", Internal, Prohibited},
		{"EUPL-1.1+", Internal, Allowed}, // "or later" reads as the named version
	} {
		l, ok := b.License(tc.id)
		if !ok {
			t.Errorf("%s missing from the knowledge base", tc.id)
			continue
		}
		if got := l.Term(tc.use).Verdict; got != tc.want {
			t.Errorf("%s for %s = %s, want %s", tc.id, tc.use, got, tc.want)
		}
	}
	for alias, target := range b.Aliases {
		if strings.Contains(target, "UNLICENSED") || strings.Contains(target, "LicenseRef-") || strings.Contains(target, "Commons-Clause") {
			continue
		}
		for _, id := range Leaves(target) {
			if ok, _ := spdxexp.ValidateLicenses([]string{id}); !ok {
				if _, known := b.License(id); !known {
					t.Errorf("alias %q → %q: %s is neither an SPDX id nor in the base", alias, target, id)
				}
			}
		}
	}
}
