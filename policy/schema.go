package policy

import (
	"cmp"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/mcp-comply/mcp-comply/internal/schema"
	"github.com/mcp-comply/mcp-comply/internal/suggest"
	"github.com/mcp-comply/mcp-comply/internal/tree"
)

// Schema is the JSON Schema (draft 2020-12) of the policy file, with a
// description of every key: editors that read JSON Schemas complete and
// check mcp-comply.yaml with it.
//
//go:embed schema.json
var Schema []byte

var compiled = sync.OnceValues(func() (*jsonschema.Schema, map[string]any) {
	sch, err := schema.Compile(Schema)
	if err != nil {
		panic("policy: schema.json: " + err.Error()) // the package's tests compile it
	}
	var raw map[string]any
	if err := json.Unmarshal(Schema, &raw); err != nil {
		panic("policy: schema.json: " + err.Error())
	}
	return sch, raw
})

var english = message.NewPrinter(language.English)

// schemaErrors validates a file's tree against the schema and reports
// each fault at the node it is about, in words a person can act on.
func (l *loader) schemaErrors(file string, root *tree.Node) {
	sch, _ := compiled()
	err := sch.Validate(root.Interface())
	if err == nil {
		return
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		l.errs = append(l.errs, Error{File: file, Msg: err.Error()})
		return
	}
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		switch e.ErrorKind.(type) {
		case *kind.AnyOf, *kind.PropertyNames:
			l.leaf(file, root, e)
			return
		}
		if len(e.Causes) > 0 {
			for _, c := range e.Causes {
				walk(c)
			}
			return
		}
		l.leaf(file, root, e)
	}
	walk(ve)
}

// label names an instance location the way a person reads the file:
// "waivers[2].owner".
func label(loc []string) string {
	var b strings.Builder
	for _, s := range loc {
		if _, err := strconv.Atoi(s); err == nil {
			b.WriteString("[" + s + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s)
	}
	return b.String()
}

// quote writes a value from the file: strings quoted, the rest as YAML
// writes them.
func quote(v any) string {
	switch x := v.(type) {
	case string:
		return strconv.Quote(x)
	case nil:
		return "null"
	case map[string]any:
		return "a mapping"
	case []any:
		return "a list"
	}
	return fmt.Sprint(v)
}

func words(vs []any) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = fmt.Sprint(v)
	}
	return strings.Join(s, ", ")
}

var typeNames = map[string]string{"object": "a mapping", "array": "a list", "string": "a string", "boolean": "true or false",
	"integer": "a whole number", "number": "a number", "null": "nothing"}

func typeWords(ts []string) string {
	s := make([]string, len(ts))
	for i, t := range ts {
		s[i] = typeNames[t]
	}
	return strings.Join(s, " or ")
}

// leaf reports one validation fault.
func (l *loader) leaf(file string, root *tree.Node, e *jsonschema.ValidationError) {
	loc := e.InstanceLocation
	n := root.Lookup(loc...)
	if n == nil {
		n = root
	}
	where := label(loc)
	prefix := ""
	if where != "" {
		prefix = where + ": "
	}
	switch k := e.ErrorKind.(type) {
	case *kind.Type:
		l.errorf(file, n, "%sexpected %s, found %s", prefix, typeWords(k.Want), typeNames[k.Got])
	case *kind.Enum:
		l.errorf(file, n, "%s is not one of %s", quote(k.Got), words(k.Want))
	case *kind.Required:
		l.errorf(file, n, "%smissing %s", prefix, strings.Join(k.Missing, " and "))
	case *kind.AnyOf: // a waiver's finding or rule
		var missing []string
		for _, c := range e.Causes {
			if r, ok := c.ErrorKind.(*kind.Required); ok {
				missing = append(missing, r.Missing...)
			}
		}
		if len(missing) == len(e.Causes) {
			l.errorf(file, n, "%sa waiver names the finding (finding: a fingerprint) or the rule (rule: a rule id) it waives", prefix)
			return
		}
		for _, c := range e.Causes {
			l.leaf(file, root, c)
		}
	case *kind.PropertyNames:
		if len(loc) == 0 { // jsonschema v6 leaves it empty: read it off the schema's path
			_, frag, _ := strings.Cut(e.SchemaURL, "#")
			parts := strings.Split(frag, "/")
			for i := 0; i+1 < len(parts); i++ {
				if parts[i] == "properties" {
					loc = append(loc, parts[i+1])
					i++
				}
			}
			if n = root.Lookup(loc...); n == nil {
				n = root
			}
			if prefix = label(loc) + ": "; len(loc) == 0 {
				prefix = ""
			}
		}
		m := n.Member(k.Property)
		for _, c := range e.Causes {
			if en, ok := c.ErrorKind.(*kind.Enum); ok && m != nil {
				l.errs = append(l.errs, Error{File: file, Line: m.Line, Col: m.Col, Msg: fmt.Sprintf("%s%q is not one of %s", prefix, k.Property, words(en.Want))})
				return
			}
		}
		l.errorf(file, n, "%skey %q is not allowed", prefix, k.Property)
	case *kind.AdditionalProperties:
		known := keysAt(loc)
		for _, p := range k.Properties {
			m := n.Member(p)
			e := Error{File: file, Line: n.Line, Col: n.Col}
			if m != nil {
				e.Line, e.Col = m.Line, m.Col
			}
			hint := suggest.DidYouMean(p, known)
			if hint == "" {
				hint = "; expected one of " + strings.Join(known, ", ")
			}
			e.Msg = fmt.Sprintf("%sunknown key %q%s", prefix, p, hint)
			l.errs = append(l.errs, e)
		}
	case *kind.Format:
		switch k.Want {
		case "date":
			l.errorf(file, n, "%s%s is not a date: write YYYY-MM-DD", prefix, quote(k.Got))
		case "uri":
			l.errorf(file, n, "%s%s is not a URL", prefix, quote(k.Got))
		default:
			l.errorf(file, n, "%s%s is not a valid %s", prefix, quote(k.Got), k.Want)
		}
	case *kind.Pattern:
		switch loc[len(loc)-1] {
		case "finding":
			l.errorf(file, n, "%s%q is not a finding's fingerprint: 16 hexadecimal digits, as the report prints it", prefix, k.Got)
		case "evidence":
			l.errorf(file, n, "%s%q is not an http(s) URL", prefix, k.Got)
		case "timeout":
			l.errorf(file, n, "%s%q is not a duration: write 90s, 5m or 1h30m, or 0 for no limit", prefix, k.Got)
		default:
			l.errorf(file, n, "%s%q does not match %s", prefix, k.Got, k.Want)
		}
	case *kind.Minimum:
		l.errorf(file, n, "%s%s is below %s", prefix, k.Got.RatString(), k.Want.RatString())
	case *kind.Maximum:
		if loc[len(loc)-1] == "timeout" {
			l.errorf(file, n, "%s%s has no unit: write 90s, 5m or 1h30m, or 0 for no limit", prefix, k.Got.RatString())
			return
		}
		l.errorf(file, n, "%s%s is above %s", prefix, k.Got.RatString(), k.Want.RatString())
	case *kind.MinLength:
		l.errorf(file, n, "%s is empty", cmp.Or(where, "the value"))
	case *kind.MinItems:
		l.errorf(file, n, "%sneeds at least %d item(s)", prefix, k.Want)
	case *kind.UniqueItems:
		if d := root.Lookup(append(slices.Clone(loc), strconv.Itoa(k.Duplicates[1]))...); d != nil {
			n = d
		}
		l.errorf(file, n, "%s%s is listed twice", prefix, quote(n.Interface()))
	default:
		l.errorf(file, n, "%s%s", prefix, e.ErrorKind.LocalizedString(english))
	}
}

// keysAt lists the keys the schema allows at an instance location.
func keysAt(loc []string) []string {
	_, raw := compiled()
	node := raw
	for _, seg := range loc {
		props, _ := node["properties"].(map[string]any)
		switch {
		case props[seg] != nil:
			node, _ = props[seg].(map[string]any)
		case node["items"] != nil:
			node, _ = node["items"].(map[string]any)
		default:
			node, _ = node["additionalProperties"].(map[string]any)
		}
		if node == nil {
			return nil
		}
	}
	props, _ := node["properties"].(map[string]any)
	keys := make([]string, 0, len(props))
	for k := range props {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
