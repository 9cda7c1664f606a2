package tree

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// dump renders a tree with every position, for comparing trees whole.
func dump(n *Node) string {
	if n == nil {
		return "nil"
	}
	var b strings.Builder
	var w func(n *Node)
	w = func(n *Node) {
		switch n.Kind {
		case Object:
			b.WriteString("{")
			for i, m := range n.Members {
				if i > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "%q@%d:%d: ", m.Key, m.Line, m.Col)
				w(m.Value)
			}
			b.WriteString("}")
		case Array:
			b.WriteString("[")
			for i, it := range n.Items {
				if i > 0 {
					b.WriteString(", ")
				}
				w(it)
			}
			b.WriteString("]")
		case String:
			fmt.Fprintf(&b, "%q", n.Text)
		case Null:
			b.WriteString("null")
		default:
			b.WriteString(n.Text)
		}
		fmt.Fprintf(&b, "@%d:%d%s", n.Line, n.Col, n.Tag)
	}
	w(n)
	return b.String()
}

func errorStrings(errs []Error) []string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Error())
	}
	return out
}

func TestKindNames(t *testing.T) {
	want := map[Kind]string{Null: "null", String: "a string", Number: "a number", Bool: "a boolean",
		Object: "an object", Array: "an array", 9: "Kind(9)"}
	for k, s := range want {
		if k.String() != s {
			t.Errorf("Kind %d = %q, want %q", k, k.String(), s)
		}
	}
}

func TestAccessors(t *testing.T) {
	root, errs := JSON([]byte(`{"a": {"b": [10, {"c": "x"}]}, "s": "str", "n": null, "o": {}}`), Limits{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var none *Node
	if none.Get("a") != nil || none.Member("a") != nil || none.Str("a") != "" || none.Lookup("a") != nil || none.Scalar() || none.Interface() != nil {
		t.Error("a nil node must answer nil, \"\" and false")
	}
	if none.Lookup() != nil || root.Lookup() != root {
		t.Error("an empty path is the node itself")
	}
	if root.Get("missing") != nil || root.Get("s").Get("x") != nil {
		t.Error("Get of an absent key or on a string must be nil")
	}
	if root.Str("s") != "str" || root.Str("a") != "" || root.Str("n") != "" || root.Str("missing") != "" {
		t.Error("Str gives the text of scalars only")
	}
	if m := root.Member("s"); m == nil || m.Line != 1 || m.Col != 32 || m.Value.Col != 37 {
		t.Errorf("Member(s) = %+v, want the key at 1:32, the value at 1:37", m)
	}
	if !root.Get("n").Scalar() || root.Get("o").Scalar() {
		t.Error("null is a scalar, an object is not")
	}
	for _, tt := range []struct {
		path []string
		want string
	}{
		{[]string{"a", "b", "0"}, "10"},
		{[]string{"a", "b", "1", "c"}, "x"},
		{[]string{"a", "b", "2"}, "<nil>"},
		{[]string{"a", "b", "00"}, "<nil>"},
		{[]string{"a", "b", "-1"}, "<nil>"},
		{[]string{"a", "b", "+1"}, "<nil>"},
		{[]string{"a", "b", ""}, "<nil>"},
		{[]string{"a", "b", "99999999999999999999999"}, "<nil>"},
		{[]string{"s", "0"}, "<nil>"},
		{[]string{"a", "x", "c"}, "<nil>"},
	} {
		got := "<nil>"
		if n := root.Lookup(tt.path...); n != nil {
			got = n.Text
		}
		if got != tt.want {
			t.Errorf("Lookup(%q) = %s, want %s", tt.path, got, tt.want)
		}
	}
}

func TestInterfaceNumbers(t *testing.T) {
	for text, want := range map[string]any{
		"12":                         json.Number("12"),
		"-0.5e+3":                    json.Number("-0.5e+3"),
		"1_000":                      json.Number("1000"),
		"+12":                        json.Number("12"),
		"0x1F":                       json.Number("31"),
		"-0x1F":                      json.Number("-31"),
		"0o17":                       json.Number("15"),
		"0b101":                      json.Number("5"),
		"017":                        json.Number("15"), // YAML 1.1 octal, as yaml.v3 reads it
		"3.1415_9":                   json.Number("3.14159"),
		".5":                         json.Number("0.5"),
		"+1.5":                       json.Number("1.5"),
		"inf":                        math.Inf(1),
		"-inf":                       math.Inf(-1),
		".inf":                       math.Inf(1),
		"-.Inf":                      math.Inf(-1),
		"99999999999999999999999999": json.Number("99999999999999999999999999"),
		"abc":                        "abc",
	} {
		got := (&Node{Kind: Number, Text: text}).Interface()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Interface of number %q = %#v, want %#v", text, got, want)
		}
	}
	for _, text := range []string{"nan", ".NaN", "-nan"} {
		if f, ok := (&Node{Kind: Number, Text: text}).Interface().(float64); !ok || !math.IsNaN(f) {
			t.Errorf("Interface of number %q is not NaN", text)
		}
	}
}

func TestErrorString(t *testing.T) {
	for e, want := range map[Error]string{
		{Msg: "m"}:                  "m",
		{Line: 3, Msg: "m"}:         "3: m",
		{Line: 3, Col: 7, Msg: "m"}: "3:7: m",
	} {
		if e.Error() != want {
			t.Errorf("%#v.Error() = %q, want %q", e, e.Error(), want)
		}
	}
}

func TestLimitDefaults(t *testing.T) {
	if l := (Limits{}).withDefaults(); l.MaxDepth != DefaultMaxDepth || l.MaxNodes != DefaultMaxNodes {
		t.Errorf("defaults %+v", l)
	}
	if l := (Limits{MaxDepth: 3, MaxNodes: -1}).withDefaults(); l.MaxDepth != 3 || l.MaxNodes != DefaultMaxNodes {
		t.Errorf("a set limit is kept, a zero or negative one takes its default: %+v", l)
	}
}

func jsonNumber(s string) any { return json.Number(s) }

// Errors name keys, kinds and syntax, never values, in every format: a
// value may be a secret.
func TestErrorsDoNotEchoValues(t *testing.T) {
	const secret = "sk-proj-fake-secret-value"
	for _, tt := range []struct {
		parse func([]byte) []Error
		in    string
	}{
		{jsonErrors, "{\"mcpServers\": {\"x\": {\"command\": \"npx\", \"env\": {\"K\": \"" + secret + "\t\"}}}}"},
		{jsonErrors, `{"env": {"K": "` + secret + `" "x"}}`},
		{tomlErrors, "[mcp_servers.x]\nenv = { K = \"" + secret + "\n"},
		{tomlErrors, "[mcp_servers.x]\nenv = \"" + secret + "\" x\n"},
		{tomlErrors, "k = " + secret + "\n"},
		{yamlErrors, "mcpServers:\n  - name: x\n    env: \"" + secret + "\n"},
		{yamlErrors, "a: [" + secret + "\n"},
		{yamlErrors, "a: !!int " + secret + "\nb: *" + "x\n"},
	} {
		errs := tt.parse([]byte(tt.in))
		if len(errs) == 0 {
			t.Errorf("%q: no error", tt.in)
		}
		for _, e := range errs {
			if strings.Contains(e.Msg, "sk-proj") {
				t.Errorf("%q: error echoes a value: %v", tt.in, e)
			}
		}
	}
}

// Invalid UTF-8 is read as '?', with one error at the first bad byte, in
// every format, and the caller's bytes stay as they were (other readers
// share them).
func TestInvalidUTF8(t *testing.T) {
	one := func(read func([]byte, Limits) (*Node, []Error)) func([]byte, Limits) ([]*Node, []Error) {
		return func(data []byte, lim Limits) ([]*Node, []Error) {
			n, errs := read(data, lim)
			return []*Node{n}, errs
		}
	}
	for _, tc := range []struct {
		name string
		read func([]byte, Limits) ([]*Node, []Error)
		data string
		err  string
		ok   func(docs []*Node) bool
	}{
		{"json", one(JSON), "{\n  \"mcpServers\": {\n    \"latin1\": {\n      \"command\": \"npx\",\n      \"args\": [\"-y\", \"mcp-server\"],\n      \"env\": {\"GREETING\": \"gr\xfc\xdf dich\"}\n    }\n  }\n}\n",
			"6:30: invalid UTF-8: 2 bytes read as '?'",
			func(docs []*Node) bool {
				return docs[0].Lookup("mcpServers", "latin1", "env", "GREETING").Text == "gr?? dich"
			}},
		// after a byte order mark, which moves no position
		{"toml", one(TOML), "\xef\xbb\xbfk = 'gr\xfc\xdf'\n[t]\nx = 1\n",
			"1:11: invalid UTF-8: 2 bytes read as '?'",
			func(docs []*Node) bool {
				return docs[0].Str("k") == "gr??" && at(docs[0].Member("k").Value) == "1:8" && at(docs[0].Lookup("t", "x")) == "3:5"
			}},
		{"yaml", YAML, "a: gr\xfc\xdf\nb:\n  - x\n  - y\xff\n",
			"1:6: invalid UTF-8: 3 bytes read as '?'",
			func(docs []*Node) bool {
				return len(docs) == 1 && docs[0].Str("a") == "gr??" && docs[0].Lookup("b", "1").Text == "y?"
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := []byte(tc.data)
			docs, errs := tc.read(data, Limits{})
			if got := errorStrings(errs); !slices.Equal(got, []string{tc.err}) {
				t.Errorf("errors %q, want %q", got, tc.err)
			}
			if !tc.ok(docs) {
				var got []string
				for _, d := range docs {
					got = append(got, dump(d))
				}
				t.Errorf("read %s, want each bad byte read as '?' at its place", got)
			}
			if string(data) != tc.data {
				t.Error("the input was changed")
			}
		})
	}
}

func jsonErrors(data []byte) []Error { _, errs := JSON(data, Limits{}); return errs }
func yamlErrors(data []byte) []Error { _, errs := YAML(data, Limits{}); return errs }
func tomlErrors(data []byte) []Error { _, errs := TOML(data, Limits{}); return errs }
