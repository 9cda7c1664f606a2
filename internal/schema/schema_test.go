package schema

import (
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// A schema refers to another by its $id; a draft-4 one is known by id; a
// format is asserted.
func TestCompile(t *testing.T) {
	main := []byte(`{"$id": "https://example.test/main.json", "$ref": "https://example.test/date.json"}`)
	date := []byte(`{"$schema": "http://json-schema.org/draft-04/schema#", "id": "https://example.test/date.json", "type": "string", "format": "date"}`)
	sch, err := Compile(main, date)
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate("2026-12-03"); err != nil {
		t.Errorf("a date: %v", err)
	}
	if err := sch.Validate("3 December"); err == nil {
		t.Error("not a date, yet valid")
	}
	if _, err := Add(jsonschema.NewCompiler(), []byte(`{"type": "string"}`)); err == nil || !strings.Contains(err.Error(), "no id") {
		t.Errorf("a schema without an id: %v", err)
	}
}
