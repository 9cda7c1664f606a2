package tree

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/tailscale/hujson"
)

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func mustJSON(t *testing.T, data []byte) *Node {
	t.Helper()
	root, errs := JSON(data, Limits{})
	if len(errs) > 0 || root == nil {
		t.Fatalf("root %v, errors %v", root, errs)
	}
	return root
}

// at renders a node's position.
func at(n *Node) string {
	if n == nil {
		return "absent"
	}
	return strings.TrimPrefix(dump(&Node{Line: n.Line, Col: n.Col}), "null@")
}

// Positions of keys and values, as the hardening checklist reports them.
func TestJSONPositions(t *testing.T) {
	root := mustJSON(t, readFile(t, "mcp.json"))
	servers := root.Get("mcpServers")
	for _, tt := range []struct {
		path []string
		text string
		at   string
	}{
		{[]string{"github", "env", "GITHUB_TOKEN"}, "${GITHUB_TOKEN}", "8:25"},
		{[]string{"remote", "headers", "Authorization"}, "Bearer ${API_TOKEN}", "15:26"},
		{[]string{"postgres", "args", "2"}, "${DATABASE_URL:-postgresql://localhost/app}", "20:69"},
		{[]string{"github", "args", "1"}, "@modelcontextprotocol/server-github", "6:22"},
		{[]string{"fetch", "command"}, "uvx mcp-server-fetch", "23:18"},
	} {
		n := servers.Lookup(tt.path...)
		if n == nil || n.Kind != String || n.Text != tt.text || at(n) != tt.at {
			t.Errorf("%v = %s, want %q at %s", tt.path, dump(n), tt.text, tt.at)
		}
	}
	if m := servers.Member("postgres"); m == nil || m.Line != 18 || m.Col != 5 || at(m.Value) != "18:17" {
		t.Errorf("postgres: key and value at %+v, want the key at 18:5, the object at 18:17", m)
	}
	var keys []string
	for _, m := range servers.Members {
		keys = append(keys, m.Key)
	}
	if want := []string{"github", "remote", "postgres", "fetch", "sentry", "local-tools"}; !slices.Equal(keys, want) {
		t.Errorf("keys %v, want them in file order %v", keys, want)
	}
}

// VS Code's mcp.json has comments and trailing commas.
func TestJSONComments(t *testing.T) {
	root := mustJSON(t, readFile(t, "vscode-mcp.json"))
	input := root.Lookup("inputs", "0")
	if at(input) != "4:5" || input.Str("id") != "api-key" || input.Get("password").Kind != Bool || input.Str("password") != "true" {
		t.Errorf("inputs[0] = %s", dump(input))
	}
	if n := root.Lookup("servers", "local", "sandbox", "network", "allowedDomains", "0"); n == nil || n.Text != "api.example.com" {
		t.Errorf("a value after trailing commas and comments: %s", dump(n))
	}
	for _, s := range []string{"[1,]", "{\"a\":1,}", "[1 /* c */, // c\n 2,\n]", "/* lead */ 1 // tail"} {
		if _, errs := JSON([]byte(s), Limits{}); len(errs) > 0 {
			t.Errorf("%q: %v", s, errs)
		}
	}
}

// A key given twice keeps the last value, as JSON.parse does, in the place
// of the first, with a warning at the second.
func TestJSONDuplicateKey(t *testing.T) {
	data := `{"mcpServers": {"a": {"command": "npx", "args": ["one"]}, "a": {"command": "npx", "args": ["two@1.0.0"]}, "b": 1}}`
	root, errs := JSON([]byte(data), Limits{})
	if got := errorStrings(errs); !slices.Equal(got, []string{`1:59: duplicate key "a": the last one is used`}) {
		t.Errorf("errors %q", got)
	}
	servers := root.Get("mcpServers")
	if len(servers.Members) != 2 || servers.Members[0].Key != "a" || servers.Members[0].Col != 59 || servers.Lookup("a", "args", "0").Text != "two@1.0.0" {
		t.Errorf("servers = %s", dump(servers))
	}
	// Large objects find duplicates by a map: the same answer.
	var b strings.Builder
	b.WriteString("{")
	for i := range 40 {
		b.WriteString(`"k` + string(rune('a'+i%26)) + string(rune('a'+i/26)) + `": 1, `)
	}
	b.WriteString(`"kaa": 2}`)
	root, errs = JSON([]byte(b.String()), Limits{})
	if len(errs) != 1 || len(root.Members) != 40 || root.Members[0].Value.Text != "2" {
		t.Errorf("40 keys and a duplicate of the first: %d members, first %s, errors %v", len(root.Members), dump(root.Members[0].Value), errs)
	}
}

// A byte order mark is skipped and every offset stays: columns of the first
// line count it.
func TestJSONByteOrderMark(t *testing.T) {
	root := mustJSON(t, []byte("\xef\xbb\xbf{\"mcpServers\": {\"a\": {\"command\": \"npx pkg\"}}}"))
	if at(root) != "1:4" || at(root.Lookup("mcpServers", "a", "command")) != "1:37" {
		t.Errorf("root %s, command %s; want 1:4 and 1:37", at(root), at(root.Lookup("mcpServers", "a", "command")))
	}
}

func TestJSONEmpty(t *testing.T) {
	for _, s := range []string{"", " \n\t", "// nothing here\n", "/* all\n commented out */", "\xef\xbb\xbf"} {
		if root, errs := JSON([]byte(s), Limits{}); root != nil || errs != nil {
			t.Errorf("%q: root %s, errors %v; want none", s, dump(root), errs)
		}
	}
}

// Syntax errors say what hujson says, where it says it.
func TestJSONSyntaxErrors(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"{\n  \"servers\": {\n    \"local\": {\n      \"command\": \"npx\"\n      \"args\": [\"-y\", \"pkg\"]\n    }\n  }\n}\n",
			`5:7: invalid JSON: invalid character '"' after object value (expecting ',' or '}')`},
		{`[1, 2`, "1:6: invalid JSON: parsing array after value: unexpected EOF"},
		{`[1 2]`, "1:4: invalid JSON: invalid character '2' after array value (expecting ',' or ']')"},
		{`{"a" 1}`, "1:6: invalid JSON: invalid character '1' after object name"},
		{`{"a"`, "1:5: invalid JSON: parsing object after name: unexpected EOF"},
		{`{"a": 1`, "1:8: invalid JSON: parsing object after value: unexpected EOF"},
		{`{1: 2}`, "1:2: invalid JSON: invalid character '1' at start of object name"},
		{`{"a": }`, "1:7: invalid JSON: invalid character '}' at start of value"},
		{`[1, }`, "1:5: invalid JSON: invalid character '}' at start of value"},
		{`{"a": 1, ]`, "1:10: invalid JSON: invalid character ']' at start of value"},
		{`[,]`, "1:2: invalid JSON: invalid character ',' at start of value"},
		{`{"a": 1} x`, "1:10: invalid JSON: invalid character 'x' after top-level value"},
		{`{"a": "b`, "1:9: invalid JSON: parsing string: unexpected EOF"},
		{`{"a": tru}`, "1:7: invalid JSON: invalid literal"},
		{`{"a": 01}`, "1:7: invalid JSON: invalid literal"},
		{`{"a": "\x"}`, "1:7: invalid JSON: invalid literal"},
		{"[1, /* open", "1:5: invalid JSON: parsing comment: unexpected EOF"},
		{"{\"a\": \x01}", `1:7: invalid JSON: invalid character '\u0001' at start of value`},
		{"\xef\xbb\xbf}", "1:4: invalid JSON: invalid character '}' at start of value"},
		{"{\"a\": \u00e9}", "1:7: invalid JSON: invalid character 'é' at start of value"},
	} {
		root, errs := JSON([]byte(tt.in), Limits{})
		if got := errorStrings(errs); root != nil || !slices.Equal(got, []string{tt.want}) {
			t.Errorf("%q: root %s, errors %q, want %q", tt.in, dump(root), got, tt.want)
		}
		if _, err := hujson.Parse([]byte(tt.in)); bomLen([]byte(tt.in)) == 0 && (err == nil || hujsonStyle(err.Error()) != strings.Replace(tt.want, "invalid JSON: ", "", 1)) {
			t.Errorf("%q: hujson says %v", tt.in, err)
		}
	}
}

// Errors name keys and syntax, never values: a value may be a secret.
func TestJSONErrorsDoNotEchoValues(t *testing.T) {
	const secret = "sk-proj-fake-secret-value"
	for _, s := range []string{
		"{\"env\": {\"K\": \"" + secret + "\t\"}}", // a raw tab: an invalid literal, which hujson quotes
		`{"env": {"K": ` + secret + `}}`,
		`{"env": {"K": "` + secret + `" "x"}}`,
		`{"env": {"K": "` + secret,
		`{"env": {"` + secret + `": 1, "` + secret + `x": 2}}`, // keys are named, and these are not duplicates
	} {
		_, errs := JSON([]byte(s), Limits{})
		if len(errs) == 0 && !strings.Contains(s, "x\":") {
			t.Errorf("%q: no error", s)
		}
		for _, e := range errs {
			if strings.Contains(e.Msg, "sk-proj") {
				t.Errorf("error echoes a value: %v", e)
			}
		}
	}
}

// For what encoding/json reads, the tree's plain values are its values.
func TestJSONMatchesEncodingJSON(t *testing.T) {
	inputs := [][]byte{readFile(t, "mcp.json"), readFile(t, "package.json"), readFile(t, "package-lock.json"),
		[]byte(`{"s": "\u00e9\ud83d\ude00\ud800\u0041\\\/\b\f\n\r\t\"", "n": [0, -0, 1.5e10, -2E-3, 123456789012345678901234567890], "b": [true, false, null], "e": {}, "a": [], "d": 1, "d": 2}`),
		[]byte(`"top"`), []byte(`-1.25`), []byte(`null`)}
	for _, data := range inputs {
		root, errs := JSON(data, Limits{})
		want, ok := decodeJSON(data)
		if !ok {
			t.Fatalf("encoding/json refuses %.40q", data)
		}
		for _, e := range errs {
			if !strings.HasPrefix(e.Msg, "duplicate key") {
				t.Errorf("%.40q: %v", data, e)
			}
		}
		if got := root.Interface(); !reflect.DeepEqual(got, want) {
			t.Errorf("%.40q:\ntree          %#v\nencoding/json %#v", data, got, want)
		}
	}
}

// A million nested arrays give an error, not a stack overflow, and cost
// about the input.
func TestJSONDeepNesting(t *testing.T) {
	const levels = 1_000_000
	data := append(bytes.Repeat([]byte("["), levels), bytes.Repeat([]byte("]"), levels)...)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	root, errs := JSON(data, Limits{})
	runtime.ReadMemStats(&after)
	if got := errorStrings(errs); root != nil || !slices.Equal(got, []string{"1:1001: JSON nested deeper than 1000 levels: file not read"}) {
		t.Errorf("errors %q", got)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 32<<20 {
		t.Errorf("%d MB allocated for a 2 MB input", alloc>>20)
	}
	// At the limit it reads; one more level does not.
	if _, errs := JSON([]byte("[[[1]]]"), Limits{MaxDepth: 3}); errs != nil {
		t.Errorf("3 levels, limit 3: %v", errs)
	}
	if _, errs := JSON([]byte(`[[{"a": 1}]]`), Limits{MaxDepth: 2}); len(errs) != 1 || errs[0].Col != 3 {
		t.Errorf("3 levels, limit 2: %v, want an error at the third", errs)
	}
}

func TestJSONNodeBudget(t *testing.T) {
	data := "[" + strings.Repeat("0,", 99) + "0]"
	if root, errs := JSON([]byte(data), Limits{MaxNodes: 101}); root == nil || errs != nil {
		t.Errorf("101 values, limit 101: %v", errs)
	}
	root, errs := JSON([]byte(data), Limits{MaxNodes: 100})
	if got := errorStrings(errs); root != nil || !slices.Equal(got, []string{"1:200: JSON has more than 100 values: file not read"}) {
		t.Errorf("101 values, limit 100: %q", got)
	}
}

// decodeJSON is what encoding/json makes of data, ok false when it refuses it.
func decodeJSON(data []byte) (any, bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return nil, false
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, false
	}
	return v, true
}

// hujsonStyle rewrites hujson's "hujson: line 3, column 7: msg" as the
// tree's "3:7: msg", with a literal it quotes left out.
func hujsonStyle(s string) string {
	s = strings.TrimPrefix(s, "hujson: line ")
	s = strings.Replace(s, ", column ", ":", 1)
	if i := strings.Index(s, "invalid literal:"); i >= 0 {
		s = s[:i] + "invalid literal"
	}
	return s
}

// Well-formed files take the fast path, and it reads them into the tree
// the hujson path builds; a fault is left to hujson, whose words say what
// is wrong.
func TestJSONFastPath(t *testing.T) {
	for _, name := range []string{"mcp.json", "package.json", "package-lock.json", "vscode-mcp.json"} {
		data := readFile(t, name)
		root, errs, ok := jsonFast(data, Limits{}.withDefaults(), nil)
		if !ok {
			t.Errorf("%s: left to hujson", name)
			continue
		}
		wantRoot, wantErrs := jsonHujson(data, Limits{}.withDefaults())
		if !reflect.DeepEqual(errs, wantErrs) || !reflect.DeepEqual(root, wantRoot) {
			t.Errorf("%s: the paths disagree:\n%s\n%s", name, dump(root), dump(wantRoot))
		}
	}
	for _, bad := range []string{`{"a": 1`, `{"a": 01}`, "[1,,2]", `{"a": "x` + "\t" + `"}`, `"\'"`, "/* open", "[1] x", "\xff"} {
		if _, _, ok := jsonFast([]byte(bad), Limits{}.withDefaults(), nil); ok {
			t.Errorf("%q: read by the fast path", bad)
		}
		if _, errs := JSON([]byte(bad), Limits{}); len(errs) == 0 {
			t.Errorf("%q: no error", bad)
		}
	}
}

// JSONKeys keeps the named members of the top-level object as JSON reads
// them, whatever comes before or after: here members skipped around them
// large enough to take new blocks of nodes, which are handed back.
func TestJSONKeys(t *testing.T) {
	big := "[" + strings.Repeat(`{"k": [1, "v"]}, `, 3000) + "0]"
	data := []byte(`{"scripts": ` + big + `, "name": "pkg", "keywords": ` + big + `, "license": {"type": "MIT"}, "name": "last", "files": ` + big + `}`)
	full, fullErrs := JSON(data, Limits{})
	part, errs := JSONKeys(data, Limits{}, []string{"license", "name", "absent"})
	if !reflect.DeepEqual(errs, fullErrs) || len(errs) != 1 || !strings.Contains(errs[0].Msg, `duplicate key "name"`) {
		t.Errorf("errors %v, JSON's %v", errs, fullErrs)
	}
	want := &Node{Kind: Object, Line: 1, Col: 1, Members: []*Member{full.Member("name"), full.Member("license")}}
	if got := dump(part); got != dump(want) || part.Str("name") != "last" {
		t.Errorf("JSONKeys:\n%s\nwant\n%s", got, dump(want))
	}
	// Not an object: kept whole. No keys: an empty object.
	if root, _ := JSONKeys([]byte(`[{"a": 1}]`), Limits{}, []string{"b"}); dump(root) != dump(mustJSON(t, []byte(`[{"a": 1}]`))) {
		t.Errorf("array: %s", dump(root))
	}
	if root, _ := JSONKeys([]byte(`{"a": 1}`), Limits{}, nil); root == nil || len(root.Members) != 0 {
		t.Errorf("no keys: %s", dump(root))
	}
	// A fault anywhere, kept or not, is the file's, in hujson's words.
	bad := []byte(`{"name": "x", "scripts": {"a": 01}}`)
	if _, errs := JSONKeys(bad, Limits{}, []string{"name"}); !reflect.DeepEqual(errs, jsonErrors(bad)) || len(errs) != 1 {
		t.Errorf("fault: %v, JSON %v", errs, jsonErrors(bad))
	}
}
