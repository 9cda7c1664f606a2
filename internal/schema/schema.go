// Package schema compiles JSON Schemas held in memory (the report's, the
// diff's and the policy file's, which the binary embeds, and the
// published schemas the tests check output against), each known by its
// own id so one may refer to another and nothing is ever fetched.
package schema

import (
	"bytes"
	"errors"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Add adds JSON Schema documents to c, each under its own id ($id, or id
// in draft 4), and returns their ids in order. A document that is not
// JSON or has no id is an error.
func Add(c *jsonschema.Compiler, schemas ...[]byte) ([]string, error) {
	ids := make([]string, 0, len(schemas))
	for _, raw := range schemas {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
		if err != nil {
			return nil, err
		}
		m, _ := doc.(map[string]any)
		id, _ := m["$id"].(string)
		if id == "" {
			id, _ = m["id"].(string)
		}
		if id == "" {
			return nil, errors.New("a schema has no id")
		}
		if err := c.AddResource(id, doc); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// Compile compiles the first of schemas, the others being the schemas it
// refers to (Add), with formats asserted: a value that breaks its
// "format" (a date, a URI) fails validation.
func Compile(schemas ...[]byte) (*jsonschema.Schema, error) {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	ids, err := Add(c, schemas...)
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, errors.New("no schema")
	}
	return c.Compile(ids[0])
}
