package tree

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2"
	"github.com/tailscale/hujson"
	"go.yaml.in/yaml/v3"

	"github.com/mcp-comply/mcp-comply/internal/lines"
)

// fuzzLimits are small enough for the fuzzer to reach them.
var fuzzLimits = Limits{MaxDepth: 20, MaxNodes: 2000}

// seeds adds the files of testdata with the given endings, and inputs of
// the shapes that test a parser most.
func seeds(f *testing.F, ext []string, extra ...string) {
	files, _ := filepath.Glob("testdata/*")
	for _, file := range files {
		for _, e := range ext {
			if strings.HasSuffix(file, e) {
				data, err := os.ReadFile(file)
				if err != nil {
					f.Fatal(err)
				}
				f.Add(data)
			}
		}
	}
	for _, s := range extra {
		f.Add([]byte(s))
	}
}

// invariants checks what every parse promises, whatever the input: the
// input is unchanged, every position lies inside it, and the tree keeps
// within the limits.
func invariants(t *testing.T, data, before []byte, lim Limits, roots []*Node, errs []Error) {
	t.Helper()
	if !bytes.Equal(data, before) {
		t.Fatal("the parser changed its input")
	}
	lineLen := lineLengths(data)
	inside := func(line, col int) bool {
		return line >= 1 && line <= len(lineLen) && col >= 1 && col <= lineLen[line-1]+1
	}
	for _, e := range errs {
		switch {
		case e.Line == 0 && e.Col == 0, e.Line > 0 && e.Col == 0 && e.Line <= len(lineLen), inside(e.Line, e.Col):
		default:
			t.Errorf("error %v: position outside the input", e)
		}
		if e.Msg == "" {
			t.Errorf("error %v without a message", e)
		}
	}
	nodes := 0
	var walk func(n *Node, depth int)
	walk = func(n *Node, depth int) {
		if nodes++; nodes > lim.MaxNodes {
			return
		}
		if n == nil {
			t.Fatal("nil node in the tree")
		}
		if !inside(n.Line, n.Col) {
			t.Errorf("%s at %d:%d: outside the input", n.Kind, n.Line, n.Col)
		}
		if !utf8.ValidString(n.Text) {
			t.Errorf("%s at %d:%d: text is not UTF-8", n.Kind, n.Line, n.Col)
		}
		switch n.Kind {
		case Object, Array:
			if depth > lim.MaxDepth {
				t.Errorf("%s at %d:%d: nested %d deep, limit %d", n.Kind, n.Line, n.Col, depth, lim.MaxDepth)
				return
			}
		case Bool:
			if n.Text != "true" && n.Text != "false" {
				t.Errorf("boolean %q", n.Text)
			}
		case Null:
			if n.Text != "" {
				t.Errorf("null with text %q", n.Text)
			}
		case String, Number:
		default:
			t.Errorf("kind %d", n.Kind)
		}
		if n.Kind != Object && n.Members != nil || n.Kind != Array && n.Items != nil {
			t.Errorf("%s at %d:%d has members or items", n.Kind, n.Line, n.Col)
		}
		keys := map[string]bool{}
		for _, m := range n.Members {
			if keys[m.Key] {
				t.Errorf("object at %d:%d: key %q twice", n.Line, n.Col, m.Key)
			}
			keys[m.Key] = true
			if !inside(m.Line, m.Col) {
				t.Errorf("key %q at %d:%d: outside the input", m.Key, m.Line, m.Col)
			}
			walk(m.Value, depth+1)
		}
		for _, it := range n.Items {
			walk(it, depth+1)
		}
	}
	for _, r := range roots {
		walk(r, 1)
	}
	if nodes > lim.MaxNodes {
		t.Errorf("more than %d nodes", lim.MaxNodes)
	}
}

// lineLengths lists the length in bytes of each line, '\n' excluded.
func lineLengths(data []byte) []int {
	var out []int
	for {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			return append(out, len(data))
		}
		out = append(out, i)
		data = data[i+1:]
	}
}

func hasBudgetError(errs []Error) bool {
	for _, e := range errs {
		if strings.Contains(e.Msg, "nested deeper than") || strings.Contains(e.Msg, "more than") || strings.Contains(e.Msg, "expand beyond") {
			return true
		}
	}
	return false
}

// checkJSON compares a parse with encoding/json (the values) and
// tailscale/hujson (what is accepted, and where and why not).
func checkJSON(t *testing.T, data []byte, root *Node, errs []Error) {
	t.Helper()
	if hasBudgetError(errs) {
		return
	}
	clean := data
	if !utf8.Valid(data) {
		clean, _, _ = scrubUTF8(data)
	}
	clean = clean[bomLen(clean):]
	var syntax []Error
	for _, e := range errs {
		if !strings.HasPrefix(e.Msg, "duplicate key") && !strings.HasPrefix(e.Msg, "invalid UTF-8") {
			syntax = append(syntax, e)
		}
	}
	if want, ok := decodeJSON(clean); ok {
		if len(syntax) > 0 {
			t.Fatalf("encoding/json reads it, the tree says %v", syntax)
		}
		if got := root.Interface(); !reflect.DeepEqual(got, want) {
			t.Fatalf("Interface() = %#v\nencoding/json: %#v", got, want)
		}
	}
	v, err := hujson.Parse(bytes.Clone(clean))
	if err != nil {
		msg := err.Error()
		var line, col int
		fmt.Sscanf(msg, "hujson: line %d, column %d:", &line, &col)
		off := lines.New(clean).Start(line) + col - 1
		if strings.HasSuffix(msg, "parsing comment: unexpected EOF") && bytes.HasPrefix(clean[off:], []byte("//")) || // a line comment may end the file
			strings.HasSuffix(msg, "parsing value: unexpected EOF") && root == nil && len(syntax) == 0 { // no value: empty
			return
		}
		if len(syntax) != 1 {
			t.Fatalf("hujson: %v; the tree says %v", err, syntax)
		}
		want := hujsonStyle(msg)
		e := syntax[0]
		if e.Line == 1 {
			e.Col -= len(data) - len(clean) // a byte order mark moves the tree's columns, not hujson's
		}
		if got := strings.Replace(e.Error(), "invalid JSON: ", "", 1); got != want {
			t.Fatalf("error %q, hujson %q", got, want)
		}
		return
	}
	if len(syntax) > 0 {
		t.Fatalf("hujson reads it, the tree says %v", syntax)
	}
	if len(errs) == 0 {
		samePositions(t, lines.New(data), len(data)-len(clean), v, root)
	}
	v.Standardize()
	want, ok := decodeJSON(v.Pack())
	if !ok {
		t.Fatalf("hujson's standard form does not decode")
	}
	if got := root.Interface(); !reflect.DeepEqual(got, want) {
		t.Fatalf("Interface() = %#v\nhujson: %#v", got, want)
	}
}

// fuzzTree fuzzes a reader of one root (JSON, TOML) under the default
// limits and small ones: the tree's invariants hold, and check compares
// the tree with what the format's own library reads.
func fuzzTree(f *testing.F, read func([]byte, Limits) (*Node, []Error), check func(t *testing.T, data []byte, root *Node, errs []Error)) {
	f.Fuzz(func(t *testing.T, data []byte) {
		before := bytes.Clone(data)
		for _, lim := range []Limits{{}, fuzzLimits} {
			root, errs := read(data, lim)
			invariants(t, data, before, lim.withDefaults(), list(root), errs)
			check(t, data, root, errs)
		}
	})
}

func FuzzJSON(f *testing.F) {
	seeds(f, []string{".json"}, `{"a": [1, 2.5e-3, true, null, "\ud83d\ude00\u0000"], /* c */ "b": {},}`,
		"\xef\xbb\xbf{\"a\": 1}", `{"a": 1, "a": 2}`, "[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]", "// c\n", `{"k": "v`+"\xff"+`"}`, `[1,2`, `{"a" 1}`)
	fuzzTree(f, JSON, checkJSON)
}

// FuzzJSONFastPath holds the fast path to the hujson path: whatever the
// fast path reads, the hujson path reads into the same tree with the same
// errors (duplicate keys), under the default limits and small ones. What
// the fast path leaves to hujson is read by hujson alone, so the two
// paths never disagree on what a user sees.
func FuzzJSONFastPath(f *testing.F) {
	seeds(f, []string{".json"}, `{"a": [1, 2.5e-3, true, null, "\ud83d\ude00\u0000\ud800\u0041"], /* c
*/ "b": {},}`,
		"\xef\xbb\xbf{\"a\": 1}", `{"a": 1, "a": 2, "b": [], "b": {"c": 1, "c": 2}}`, "// c", "/* c */\n// d\n",
		`{"b": {"x": [1, {"y": 2}], "x": 3}, "a": [1, {"z": "\\n"}], "d": [[], {}], "c": 1, "b": 2}`, `[{"a": 1}]`,
		`{"a":0,"b":0,"c":0,"d":0,"e":0,"f":0,"g":0,"h":0,"i":0,"j":0,"k":0,"l":0,"m":0,"n":0,"o":0,"p":0,"q":0,"a":1}`,
		"[1,]", "[,]", "{,}", `{"a":1,,}`, "01", "-", "1.", "+1", "tru", `"\x"`, `"\'"`, "\"a\tb\"", "[1] 2", "[1] //", "[1] /*", "/")
	f.Fuzz(func(t *testing.T, data []byte) {
		before := bytes.Clone(data)
		for _, lim := range []Limits{{}, fuzzLimits} {
			lim = lim.withDefaults()
			root, errs, ok := jsonFast(data, lim, nil)
			if !bytes.Equal(data, before) {
				t.Fatal("the fast path changed its input")
			}
			if !ok {
				continue
			}
			invariants(t, data, before, lim, list(root), errs)
			wantRoot, wantErrs := jsonHujson(data, lim)
			if !reflect.DeepEqual(errs, wantErrs) {
				t.Fatalf("fast path errors %v, hujson path %v", errs, wantErrs)
			}
			if !reflect.DeepEqual(root, wantRoot) {
				t.Fatalf("fast path tree\n%s\nhujson path\n%s", dump(root), dump(wantRoot))
			}
			// Keeping some members of the top-level object reads the
			// same file: the others are dropped, the errors are the same.
			keys := []string{"a", "c", "name"}
			part, partErrs := JSONKeys(data, lim, keys)
			if !reflect.DeepEqual(partErrs, wantErrs) {
				t.Fatalf("JSONKeys errors %v, JSON %v", partErrs, wantErrs)
			}
			if wantRoot != nil && wantRoot.Kind == Object {
				wantRoot.Members = slices.DeleteFunc(wantRoot.Members, func(m *Member) bool { return !slices.Contains(keys, m.Key) })
			}
			if !reflect.DeepEqual(part, wantRoot) {
				t.Fatalf("JSONKeys tree\n%s\nJSON, filtered\n%s", dump(part), dump(wantRoot))
			}
		}
	})
}

// samePositions checks that every value and key of the tree is where
// hujson's syntax tree of the same input has it (base is where hujson's
// input starts in the tree's).
func samePositions(t *testing.T, x *lines.Index, base int, v hujson.Value, n *Node) {
	t.Helper()
	pos := func(off int) string {
		line, col := x.At(base + off)
		return fmt.Sprintf("%d:%d", line, col)
	}
	if got, want := fmt.Sprintf("%d:%d", n.Line, n.Col), pos(v.StartOffset); got != want {
		t.Fatalf("%s at %s, hujson has it at %s", n.Kind, got, want)
	}
	switch h := v.Value.(type) {
	case *hujson.Object:
		if len(h.Members) != len(n.Members) {
			t.Fatalf("object at %d:%d: %d members, hujson has %d", n.Line, n.Col, len(n.Members), len(h.Members))
		}
		for i, m := range h.Members {
			if got, want := fmt.Sprintf("%d:%d", n.Members[i].Line, n.Members[i].Col), pos(m.Name.StartOffset); got != want {
				t.Fatalf("key %q at %s, hujson has it at %s", n.Members[i].Key, got, want)
			}
			samePositions(t, x, base, m.Value, n.Members[i].Value)
		}
	case *hujson.Array:
		if len(h.Elements) != len(n.Items) {
			t.Fatalf("array at %d:%d: %d items, hujson has %d", n.Line, n.Col, len(n.Items), len(h.Elements))
		}
		for i, e := range h.Elements {
			samePositions(t, x, base, e, n.Items[i])
		}
	}
}

// list makes a root a list of roots: none when it is nil.
func list(root *Node) []*Node {
	if root == nil {
		return nil
	}
	return []*Node{root}
}

func FuzzYAML(f *testing.F) {
	seeds(f, []string{".yml", ".yaml"}, "a: &a [1, *a]\n", "a: &a\n  <<: *a\n  x: 1\n",
		"a: 1\n---\nb: [1,\n---\nc: 3\n", "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: [*c, *c]\n",
		"k: 'x\u2028y'\r\nz: é\rq: 1\n", "%YAML 1.1\n---\na: 1\n...\n--- |\n text\n", "? [a]\n: 1\n")
	f.Fuzz(func(t *testing.T, data []byte) {
		before := bytes.Clone(data)
		for _, lim := range []Limits{{}, fuzzLimits} {
			docs, errs := YAML(data, lim)
			invariants(t, data, before, lim.withDefaults(), docs, errs)
			checkYAMLStream(t, data, lim.withDefaults(), docs, errs)
		}
	})
}

// checkYAMLStream compares the documents read one by one with those
// yaml.v3 reads from the whole stream when it reads it all: the same
// values at the same places.
func checkYAMLStream(t *testing.T, data []byte, lim Limits, docs []*Node, errs []Error) {
	t.Helper()
	if len(errs) > 0 || !utf8.Valid(data) {
		return
	}
	in := newInput(data)
	base := bomLen(data)
	y := &yamlStream{in: in, lim: lim, pos: newYAMLPos(in, base)}
	dec := yaml.NewDecoder(bytes.NewReader(data[base:]))
	var want []*Node
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return // the documents that read alone are the tree's; yaml.v3 stops
		}
		if len(doc.Content) > 0 {
			b := &yamlBuilder{y: y, c: chunk{first: 0}}
			want = append(want, b.build(doc.Content[0]))
		}
	}
	if len(y.in.errs) > 0 {
		return
	}
	if len(want) != len(docs) {
		t.Fatalf("%d documents, yaml.v3 reads %d", len(docs), len(want))
	}
	for i := range want {
		if got, w := dump(docs[i]), dump(want[i]); got != w {
			t.Fatalf("document %d:\n%s\nyaml.v3 on the whole stream:\n%s", i+1, got, w)
		}
	}
}

func FuzzTOML(f *testing.F) {
	seeds(f, []string{".toml"}, "a.b.c = 1\n[x]\ny = [[1], [2, {z = 3}]]\n[[t]]\n[[t]]\nk = 0x1F\n",
		"[a]\nb = [1,\n", "a = 1\na = 2\n[a]\n", "[[p]]\nn = 1\n[[p]]\n[p.q]\nx = 1\n[[p.r]]\n[p.r.s]\n", "\xef\xbb\xbfk = 'v'\n", "x = [[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]\n")
	fuzzTree(f, TOML, checkTOML)
}

// checkTOML compares a parse of a document go-toml decodes with what it
// decodes: the same keys, arrays and kinds of values.
func checkTOML(t *testing.T, data []byte, root *Node, errs []Error) {
	t.Helper()
	var want map[string]any
	if toml.Unmarshal(data, &want) != nil {
		return
	}
	if hasBudgetError(errs) {
		return
	}
	for _, e := range errs {
		if !strings.HasPrefix(e.Msg, "invalid UTF-8") {
			t.Fatalf("go-toml reads it, the tree says %v", errs)
		}
	}
	if root == nil {
		if len(want) > 0 {
			t.Fatalf("no root, go-toml reads %v", want)
		}
		return
	}
	if got, w := shape(root.Interface()), shape(want); got != w {
		t.Fatalf("tree %s\ngo-toml %s", got, w)
	}
}

// shape renders the keys and kinds of a value, whatever the types of its
// scalars.
func shape(v any) string {
	switch v := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		var b strings.Builder
		b.WriteString("{")
		for _, k := range keys {
			b.WriteString(k + ":" + shape(v[k]) + ",")
		}
		return b.String() + "}"
	case []any:
		var b strings.Builder
		b.WriteString("[")
		for _, x := range v {
			b.WriteString(shape(x) + ",")
		}
		return b.String() + "]"
	case string:
		return "s"
	case bool:
		return "b"
	case nil:
		return "null"
	case json.Number, int64, float64:
		return "n"
	}
	return "s" // dates and times: strings in the tree
}
