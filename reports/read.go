package reports

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/internal/schema"
)

// splitArrays are the arrays of a report that grow with the project. A
// saved report is read one element of these at a time: each element is
// checked against the schema of the array's items and decoded, and the rest
// of the report (these arrays left empty) is checked against the whole
// schema. The schema puts no bound on these arrays themselves (no minItems,
// uniqueItems or contains), so the two checks together are the schema's.
var splitArrays = []string{"/verdicts", "/licenses", "/findings", "/rules", "/warnings", "/attestations",
	"/inventory/components", "/inventory/engines"}

// itemSchemas are the compiled schemas of the split arrays' items, by path.
var itemSchemas = sync.OnceValues(func() (map[string]*jsonschema.Schema, error) {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	ids, err := schema.Add(c, SchemaJSON)
	if err != nil {
		return nil, err
	}
	id := ids[0]
	out := map[string]*jsonschema.Schema{}
	for _, p := range splitArrays {
		ptr := "/properties/" + strings.ReplaceAll(strings.TrimPrefix(p, "/"), "/", "/properties/") + "/items"
		sch, err := c.Compile(id + "#" + ptr)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		out[p] = sch
	}
	return out, nil
})

// ReadReport reads a report written by the json format from rd in one
// streaming pass, and checks it against the schema as Validate does: a
// report that does not match is refused with the schema's messages, one
// violation per line, sorted by location. It holds the decoded report and
// one element of its arrays at a time, never the file's bytes or a generic
// tree of the whole report.
//
// version is called with the report's schemaVersion (nil when it has none)
// once the report is read and before its schema is checked; its error is
// returned as it is. A file that is not JSON is an error saying so.
func ReadReport(rd io.Reader, version func(*string) error) (*compliance.Report, error) {
	items, err := itemSchemas()
	if err != nil {
		return nil, fmt.Errorf("report schema: %w", err)
	}
	whole, err := compiledSchema()
	if err != nil {
		return nil, fmt.Errorf("report schema: %w", err)
	}
	var r compliance.Report
	s := &reportStream{dec: json.NewDecoder(rd), items: items, sinks: sinks(&r), failed: map[string]failure{}}
	s.dec.UseNumber()
	tok, err := s.dec.Token()
	if err != nil {
		return nil, notJSON(err)
	}
	skel, err := s.value(tok, "")
	if err != nil {
		return nil, notJSON(err)
	}
	if _, err := s.dec.Token(); err != io.EOF {
		if err == nil {
			err = errors.New("invalid character after top-level value")
		}
		return nil, notJSON(err)
	}
	top, isObject := skel.(map[string]any)
	if skel != nil && !isObject {
		return nil, notJSON(fmt.Errorf("a report is a JSON object, not %s", jsonKind(skel)))
	}
	var v *string
	if sv, ok := top["schemaVersion"].(string); ok {
		v = &sv
	} else if _, ok := top["schemaVersion"]; ok {
		return nil, notJSON(errors.New("schemaVersion is not a string"))
	}
	if err := version(v); err != nil {
		return nil, err
	}
	// An array with refused elements stands in the tree as the first one or
	// two of them, so the whole schema names the array and its parents as failed
	// as it does for the whole file; what it says inside the element was
	// said with the element's own index.
	for _, f := range s.failed {
		f.parent[f.key] = f.insts
	}
	if err := whole.Validate(skel); err != nil {
		more, err := violations(err, "")
		if err != nil {
			return nil, err
		}
		for _, l := range more {
			if !slices.ContainsFunc(slices.Collect(maps.Keys(s.failed)), func(p string) bool { return strings.HasPrefix(l, p+"/") }) {
				s.lines = append(s.lines, l)
			}
		}
	}
	if len(s.lines) > 0 {
		return nil, mismatch("report", s.lines)
	}
	// The rest of the report, without the arrays already decoded into r
	// (decoding into r leaves the fields it does not name as they are).
	for _, p := range splitArrays {
		parent, key := top, p[1:]
		if i := strings.LastIndexByte(p, '/'); i > 0 {
			parent, _ = top[p[1:i]].(map[string]any)
			key = p[i+1:]
		}
		delete(parent, key)
	}
	rest, err := json.Marshal(top)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(rest, &r); err != nil {
		return nil, err
	}
	return &r, nil
}

func notJSON(err error) error { return fmt.Errorf("not a JSON report: %w", err) }

func jsonKind(v any) string {
	switch v.(type) {
	case []any:
		return "an array"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	}
	return "null"
}

// sink receives the elements of one split array: start when the array
// opens (so an empty array stays empty, not absent), add for each element.
type sink struct {
	start func()
	add   func([]byte) error
}

func into[T any](dst *[]T) sink {
	return sink{
		start: func() { *dst = []T{} },
		add: func(raw []byte) error {
			var v T
			if err := json.Unmarshal(raw, &v); err != nil {
				return err
			}
			*dst = append(*dst, v)
			return nil
		},
	}
}

func sinks(r *compliance.Report) map[string]sink {
	return map[string]sink{
		"/verdicts":             into(&r.Verdicts),
		"/licenses":             into(&r.Licenses),
		"/findings":             into(&r.Findings),
		"/rules":                into(&r.Rules),
		"/warnings":             into(&r.Warnings),
		"/attestations":         into(&r.Attestations),
		"/inventory/components": into(&r.Inventory.Components),
		"/inventory/engines":    into(&r.Inventory.Engines),
	}
}

type reportStream struct {
	dec   *json.Decoder
	items map[string]*jsonschema.Schema
	sinks map[string]sink
	lines []string // schema violations found so far
	// failed holds, for each split array with elements the schema
	// refuses, the first two such elements and where the array stands in
	// the tree.
	failed map[string]failure
}

type failure struct {
	parent map[string]any
	key    string
	insts  []any // at most two: the schema groups two failures, not one
}

// value reads the JSON value that starts with tok, at location path, as
// the generic tree the schema validates; a split array is read element by
// element and stands in the tree as an empty array.
func (s *reportStream) value(tok json.Token, path string) (any, error) {
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			m := map[string]any{}
			for s.dec.More() {
				kt, err := s.dec.Token()
				if err != nil {
					return nil, err
				}
				key, _ := kt.(string)
				next, err := s.dec.Token()
				if err != nil {
					return nil, err
				}
				child := path + "/" + pointerEscape(key)
				if sk, ok := s.sinks[child]; ok && next == json.Delim('[') {
					m[key] = []any{}
					if err := s.array(child, sk); err != nil {
						return nil, err
					}
					if f, ok := s.failed[child]; ok && f.parent == nil {
						f.parent, f.key = m, key
						s.failed[child] = f
					}
					continue
				}
				if m[key], err = s.value(next, child); err != nil {
					return nil, err
				}
			}
			if _, err := s.dec.Token(); err != nil {
				return nil, err
			}
			return m, nil
		case '[':
			a := []any{}
			for i := 0; s.dec.More(); i++ {
				next, err := s.dec.Token()
				if err != nil {
					return nil, err
				}
				v, err := s.value(next, path+"/"+strconv.Itoa(i))
				if err != nil {
					return nil, err
				}
				a = append(a, v)
			}
			if _, err := s.dec.Token(); err != nil {
				return nil, err
			}
			return a, nil
		}
		return nil, fmt.Errorf("unexpected %v", t)
	default:
		return tok, nil
	}
}

// array reads the elements of the split array at path, after its '[':
// each is checked against the items' schema and, while the report has
// matched so far, decoded into the report.
func (s *reportStream) array(path string, sk sink) error {
	sk.start()
	sch := s.items[path]
	for i := 0; s.dec.More(); i++ {
		var raw json.RawMessage
		if err := s.dec.Decode(&raw); err != nil {
			return err
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
		if err != nil {
			return err
		}
		if err := sch.Validate(inst); err != nil {
			at := path + "/" + strconv.Itoa(i)
			more, verr := violations(err, at)
			if verr != nil {
				return verr
			}
			s.lines = append(s.lines, more...)
			if f := s.failed[path]; len(f.insts) < 2 {
				f.insts = append(f.insts, inst)
				s.failed[path] = f
			}
		}
		if len(s.lines) == 0 {
			if err := sk.add(raw); err != nil {
				return err
			}
		}
	}
	_, err := s.dec.Token()
	return err
}

func pointerEscape(key string) string {
	return strings.ReplaceAll(strings.ReplaceAll(key, "~", "~0"), "/", "~1")
}
