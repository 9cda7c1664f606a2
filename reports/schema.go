package reports

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// SchemaJSON is the JSON Schema of the json format.
//
//go:embed report.schema.json
var SchemaJSON []byte

var compiledSchema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(SchemaJSON))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("report.schema.json", doc); err != nil {
		return nil, err
	}
	return c.Compile("report.schema.json")
})

// Validate checks a JSON report against the schema. Its error lists every
// violation, sorted by location, one per line.
func Validate(data []byte) error {
	sch, err := compiledSchema()
	if err != nil {
		return fmt.Errorf("report schema: %w", err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	err = sch.Validate(inst)
	if err == nil {
		return nil
	}
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return err
	}
	var lines []string
	for _, u := range ve.BasicOutput().Errors {
		if u.Error == nil {
			continue
		}
		msg, _ := json.Marshal(u.Error)
		lines = append(lines, fmt.Sprintf("%s: %s", u.InstanceLocation, strings.Trim(string(msg), `"`)))
	}
	slices.Sort(lines)
	return fmt.Errorf("report does not match the schema:\n%s", strings.Join(slices.Compact(lines), "\n"))
}
