// Package schemacheck validates hand-maintained YAML data (the licence
// knowledge base, the provider catalogue, the poisoning indicators)
// against its JSON Schema. The data's tests use it (File and CheckYAML are
// their helpers); a data file that drifts from its schema fails the
// build's tests, not a user's scan.
package schemacheck

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"
)

// Compile compiles a JSON Schema document; name identifies it in errors.
func Compile(schemaJSON []byte, name string) (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemaJSON))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(name, doc); err != nil {
		return nil, err
	}
	return c.Compile(name)
}

// File compiles the JSON Schema in file, known as name in its errors; a
// schema that cannot be read or compiled fails the test.
func File(t testing.TB, file, name string) *jsonschema.Schema {
	t.Helper()
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	sch, err := Compile(raw, name)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return sch
}

// CheckYAML fails the test, going on, when the YAML data of the file
// called name does not match sch.
func CheckYAML(t testing.TB, sch *jsonschema.Schema, name string, data []byte) {
	t.Helper()
	if err := ValidateYAML(sch, data); err != nil {
		t.Errorf("%s does not match its schema:\n%v", name, err)
	}
}

// CheckFiles checks each named YAML file of fsys against sch, going on
// past a mismatch; a file that cannot be read fails the test.
func CheckFiles(t testing.TB, sch *jsonschema.Schema, fsys fs.FS, names []string) {
	t.Helper()
	for _, name := range names {
		raw, err := fs.ReadFile(fsys, name)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		CheckYAML(t, sch, name, raw)
	}
}

// ValidateYAML validates a YAML document against a schema, reading it as
// the JSON value it stands for: dates YAML reads as timestamps are checked
// as the strings they were written as.
func ValidateYAML(sch *jsonschema.Schema, data []byte) error {
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		return err
	}
	b, err := json.Marshal(plain(v))
	if err != nil {
		return err
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return err
	}
	return sch.Validate(inst)
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
