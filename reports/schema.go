package reports

import (
	"bytes"
	"cmp"
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"

	"github.com/mcp-comply/mcp-comply/internal/schema"
)

// SchemaJSON is the JSON Schema of the json format.
//
//go:embed report.schema.json
var SchemaJSON []byte

// DiffSchemaJSON is the JSON Schema of the json format of a diff; it
// refers to the report's (SchemaJSON) for findings, sources and enums.
//
//go:embed diff.schema.json
var DiffSchemaJSON []byte

var compiledSchema = sync.OnceValues(func() (*jsonschema.Schema, error) { return schema.Compile(SchemaJSON) })

var compiledDiffSchema = sync.OnceValues(func() (*jsonschema.Schema, error) { return schema.Compile(DiffSchemaJSON, SchemaJSON) })

// Validate checks a JSON report against the schema. Its error lists every
// violation, sorted by location, one per line.
func Validate(data []byte) error { return validate(compiledSchema, "report", data) }

// ValidateDiff checks a diff written by the json format against its schema,
// as Validate does a report.
func ValidateDiff(data []byte) error { return validate(compiledDiffSchema, "diff", data) }

func validate(compiled func() (*jsonschema.Schema, error), what string, data []byte) error {
	sch, err := compiled()
	if err != nil {
		return fmt.Errorf("%s schema: %w", what, err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	err = sch.Validate(inst)
	if err == nil {
		return nil
	}
	lines, err := violations(err, "")
	if err != nil {
		return err
	}
	return mismatch(what, lines)
}

// mismatch is the error listing a document's violations, sorted by
// location (array indices as numbers) then text, each once: the same
// document gives the same message every time.
func mismatch(what string, lines []string) error {
	slices.SortFunc(lines, compareViolations)
	return fmt.Errorf("%s does not match the schema:\n%s", what, strings.Join(slices.Compact(lines), "\n"))
}

// compareViolations orders "location: message" lines by their location's
// segments, a number before a name and numbers by value, then by message.
func compareViolations(a, b string) int {
	la, ma, _ := strings.Cut(a, ": ")
	lb, mb, _ := strings.Cut(b, ": ")
	sa, sb := strings.Split(la, "/"), strings.Split(lb, "/")
	for i := 0; i < len(sa) && i < len(sb); i++ {
		na, errA := strconv.Atoi(sa[i])
		nb, errB := strconv.Atoi(sb[i])
		c := 0
		switch {
		case errA == nil && errB == nil:
			c = cmp.Compare(na, nb)
		case errA == nil:
			c = -1
		case errB == nil:
			c = 1
		}
		if c = cmp.Or(c, strings.Compare(sa[i], sb[i])); c != 0 {
			return c
		}
	}
	return cmp.Or(cmp.Compare(len(sa), len(sb)), strings.Compare(ma, mb))
}

// violations lists a validation error's violations, one line each, their
// instance locations under prefix (the location of the validated value).
func violations(err error, prefix string) ([]string, error) {
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return nil, err
	}
	sortProperties(ve)
	var lines []string
	for _, u := range ve.BasicOutput().Errors {
		if u.Error == nil {
			continue
		}
		if _, group := u.Error.Kind.(*kind.Group); group {
			// "validation failed": the faults below it say what failed,
			// and the library places the groups of a whole report and of
			// one array element at different depths (found by
			// FuzzReadReport: /licenses/0/uses against /licenses/0).
			continue
		}
		msg, _ := json.Marshal(u.Error)
		text := strings.Trim(string(msg), `"`)
		loc := prefix + u.InstanceLocation
		if strings.HasPrefix(text, "invalid propertyName") || strings.Contains(u.KeywordLocation, "/propertyNames/") {
			// The library checks a property name as an instance of its
			// own, at the empty location, whatever object holds it, and so
			// the faults under propertyNames (the name's enum): the whole
			// report and one array element then place the same fault
			// alike (both found by FuzzReadReport).
			loc = u.InstanceLocation
		}
		lines = append(lines, fmt.Sprintf("%s: %s", loc, text))
	}
	return lines, nil
}

// sortProperties sorts the property names the schema library lists in map
// order (additional properties), so a message reads the same every time.
func sortProperties(ve *jsonschema.ValidationError) {
	if k, ok := ve.ErrorKind.(*kind.AdditionalProperties); ok {
		slices.Sort(k.Properties)
	}
	for _, c := range ve.Causes {
		sortProperties(c)
	}
}
