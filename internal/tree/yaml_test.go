package tree

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
)

func mustYAML(t *testing.T, data string) []*Node {
	t.Helper()
	docs, errs := YAML([]byte(data), Limits{})
	if len(errs) > 0 {
		t.Fatalf("errors %q", errorStrings(errs))
	}
	return docs
}

func keys(n *Node) string {
	var ks []string
	for _, m := range n.Members {
		ks = append(ks, m.Key)
	}
	return strings.Join(ks, ",")
}

// Merge keys: the mapping's own keys win, merged ones come in the place of
// the merge key, earlier sources before later ones.
func TestYAMLMergeKeys(t *testing.T) {
	docs := mustYAML(t, `x-common: &common
  image: base:1
  restart: always
x-more: &more
  image: more:1
  user: nobody
services:
  api:
    <<: *common
    image: api:2
  worker:
    <<: [*common, *more]
  inline:
    command: run
    <<: {image: inline:1, command: ignored}
  quoted:
    "<<": *common
`)
	if len(docs) != 1 {
		t.Fatalf("%d documents", len(docs))
	}
	services := docs[0].Get("services")
	api := services.Get("api")
	if api.Str("image") != "api:2" || keys(api) != "restart,image" {
		t.Errorf("api = %s: want its own image, the merged restart in the place of the merge key", dump(api))
	}
	if m := api.Member("restart"); m.Line != 3 || m.Value.Line != 3 {
		t.Errorf("a merged key stands where the anchor wrote it: %+v", m)
	}
	worker := services.Get("worker")
	if worker.Str("image") != "base:1" || worker.Str("user") != "nobody" || keys(worker) != "image,restart,user" {
		t.Errorf("worker = %s: want the first source's image and the second's user", dump(worker))
	}
	if inline := services.Get("inline"); inline.Str("command") != "run" || inline.Str("image") != "inline:1" {
		t.Errorf("inline = %s", dump(inline))
	}
	if quoted := services.Get("quoted"); keys(quoted) != "<<" {
		t.Errorf("a quoted \"<<\" is a key, not a merge: %s", dump(quoted))
	}
	_, errs := YAML([]byte("a: 1\nb:\n  <<: 3\n  c: 1\n"), Limits{})
	if got := errorStrings(errs); !slices.Equal(got, []string{`3:3: YAML merge key "<<" takes a mapping or a sequence of mappings, not a number: ignored`}) {
		t.Errorf("merging a number: %q", got)
	}
}

// Aliases are expanded; the alias node stands where the alias is, the
// nodes inside it where the anchor wrote them.
func TestYAMLAliases(t *testing.T) {
	docs := mustYAML(t, "base: &b\n  cmd: [npx, pkg]\nuse: *b\nlist:\n  - *b\n")
	use := docs[0].Get("use")
	if at(use) != "3:6" || at(use.Get("cmd")) != "2:8" || use.Lookup("cmd", "1").Text != "pkg" {
		t.Errorf("use = %s", dump(use))
	}
	if item := docs[0].Lookup("list", "0"); at(item) != "5:5" || item.Lookup("cmd", "0").Text != "npx" {
		t.Errorf("list[0] = %s", dump(item))
	}
	// A Continue config: a server merged from an anchor, one that is it.
	docs = mustYAML(t, "base: &base\n  command: npx\n  args: [\"-y\", \"pkg@2.0.0\"]\nmcpServers:\n  - name: a\n    <<: *base\n  - *base\n")
	servers := docs[0].Get("mcpServers")
	if a := servers.Lookup("0"); a.Str("name") != "a" || a.Str("command") != "npx" || at(a.Lookup("args", "1")) != "3:16" || keys(a) != "name,command,args" {
		t.Errorf("mcpServers[0] = %s", dump(a))
	}
	if b := servers.Lookup("1"); at(b) != "7:5" || b.Get("name") != nil || at(b.Lookup("args", "1")) != "3:16" {
		t.Errorf("mcpServers[1] = %s", dump(b))
	}
}

// Each document is read on its own: a broken one keeps the part before its
// fault, and the others are whole, at their lines.
func TestYAMLDocumentsKeepWhatParses(t *testing.T) {
	data := "apiVersion: v1\nkind: Pod\n---\nkind: Deployment\nspec:\n  a: [1,\n---\nkind: Service\n"
	docs, errs := YAML([]byte(data), Limits{})
	if len(docs) != 3 {
		t.Fatalf("%d documents, want 3: the broken one keeps its first lines", len(docs))
	}
	if docs[2].Str("kind") != "Service" || docs[2].Line != 8 {
		t.Errorf("third document = %s, want Service at line 8", dump(docs[2]))
	}
	if docs[1].Str("kind") != "Deployment" {
		t.Error("the part of the broken document before its fault was lost")
	}
	if got := errorStrings(errs); !slices.Equal(got, []string{"6: invalid YAML: did not find expected node content; read up to the line before"}) {
		t.Errorf("errors %q, want one at line 6", got)
	}
	// yaml.v3 names the line of the enclosing block; the fault is lower.
	_, errs = YAML([]byte("mcpServers:\n  - name: ok\n    command: npx\n   args: [\"-y\", \"x\"]\n"), Limits{})
	if got := errorStrings(errs); !slices.Equal(got, []string{"4: invalid YAML: did not find expected '-' indicator; read up to the line before"}) {
		t.Errorf("errors %q, want one at line 4", got)
	}
	// A fault on the first line keeps nothing of its document.
	docs, errs = YAML([]byte("a: [\n---\nb: 1\n"), Limits{})
	if len(docs) != 1 || docs[0].Str("b") != "1" || len(errs) != 1 || strings.Contains(errs[0].Msg, "read up to") {
		t.Errorf("documents %d, errors %q", len(docs), errorStrings(errs))
	}
}

// Document markers as yaml.v3 reads them: "---" starts a document (and
// may carry its content), "..." ends one, directives go with the next.
func TestYAMLDocumentMarkers(t *testing.T) {
	docs := mustYAML(t, "# leading comment\n%YAML 1.1\n%TAG !e! tag:example.com,2000:\n--- !e!thing\nname: a\n...\n--- |\n  text\n--- [1, 2]\n---\n---\nlast: 1\n")
	var got []string
	for _, d := range docs {
		got = append(got, dump(d))
	}
	want := []string{
		`{"name"@5:1: "a"@5:7!!str}@4:5tag:example.com,2000:thing`,
		`"text\n"@7:5!!str`,
		`[1@9:6!!int, 2@9:9!!int]@9:5!!seq`,
		`null@11:1!!null`,
		`{"last"@12:1: 1@12:7!!int}@12:1!!map`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("documents:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, s := range []string{"", "\n\n", "# only a comment\n", "---x: 1\n"} {
		docs, errs := YAML([]byte(s), Limits{})
		if s == "---x: 1\n" {
			if len(docs) != 1 || docs[0].Str("---x") != "1" {
				t.Errorf("%q: \"---x\" is a key, not a marker: %s", s, dump(docs[0]))
			}
			continue
		}
		if docs != nil || errs != nil {
			t.Errorf("%q: documents %v, errors %v; want none", s, docs, errs)
		}
	}
}

// Kinds follow the resolved tags.
func TestYAMLKinds(t *testing.T) {
	doc := mustYAML(t, "a: ~\nb: null\nc:\nd: 12\ne: 1.5\nf: .inf\ng: 0x1F\nh: true\ni: False\nj: 'true'\nk: \"12\"\nl: yes\nm: 2001-12-14\nn: !!binary aGk=\no: !reset x\np: !!int abc\nq: !!bool on\nr: !!str 12\ns: [x]\nt: {u: v}\n")[0]
	var got []string
	for _, m := range doc.Members {
		got = append(got, fmt.Sprintf("%s=%s %q %s", m.Key, m.Value.Kind, m.Value.Text, m.Value.Tag))
	}
	want := []string{
		`a=null "" !!null`, `b=null "" !!null`, `c=null "" !!null`,
		`d=a number "12" !!int`, `e=a number "1.5" !!float`, `f=a number ".inf" !!float`, `g=a number "0x1F" !!int`,
		`h=a boolean "true" !!bool`, `i=a boolean "false" !!bool`,
		`j=a string "true" !!str`, `k=a string "12" !!str`, `l=a string "yes" !!str`,
		`m=a string "2001-12-14" !!timestamp`, `n=a string "aGk=" !!binary`, `o=a string "x" !reset`,
		`p=a string "abc" !!int`, `q=a boolean "true" !!bool`, `r=a string "12" !!str`,
		`s=an array "" !!seq`, `t=an object "" !!map`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("kinds:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if v := doc.Interface().(map[string]any); v["g"] != jsonNumber("31") || v["h"] != true || v["a"] != nil {
		t.Errorf("Interface: g %#v, h %#v, a %#v", v["g"], v["h"], v["a"])
	}
}

// Positions are the file's lines and byte columns, whatever yaml.v3 counts
// (characters, and lines at CR, NEL, LS and PS too).
func TestYAMLPositions(t *testing.T) {
	doc := mustYAML(t, string(readFile(t, "continue.yaml")))[0]
	if v := doc.Lookup("mcpServers", "1", "requestOptions", "headers", "Authorization"); at(v) != "21:24" || v.Text != "Bearer ${{ secrets.MCP_TOKEN }}" {
		t.Errorf("Authorization = %s, want at 21:24", dump(v))
	}
	if v := doc.Lookup("mcpServers", "0", "args", "1"); at(v) != "14:9" || v.Text != "mcp-sqlite" {
		t.Errorf("args[1] = %s, want at 14:9", dump(v))
	}
	for _, tt := range []struct{ in, want string }{
		{"é: ü\nk: [é, x]\n", `{"é"@1:1: "ü"@1:5!!str, "k"@2:1: ["é"@2:5!!str, "x"@2:9!!str]@2:4!!seq}@1:1!!map`},
		{"a: 1\r\nb: 2\rc: 3\n", `{"a"@1:1: 1@1:4!!int, "b"@2:1: 2@2:4!!int, "c"@2:6: 3@2:9!!int}@1:1!!map`},
		{"a: \"x\u2028y\"\nb: 1\n", `{"a"@1:1: "x\u2028y"@1:4!!str, "b"@2:1: 1@2:4!!int}@1:1!!map`},
		{"a: [\u00e9\u00e9, \u00e9\u00e9, x]\n", `{"a"@1:1: ["éé"@1:5!!str, "éé"@1:11!!str, "x"@1:17!!str]@1:4!!seq}@1:1!!map`},
		{"\xef\xbb\xbfa: 1\n", `{"a"@1:4: 1@1:7!!int}@1:4!!map`},
	} {
		docs := mustYAML(t, tt.in)
		if got := dump(docs[0]); got != tt.want {
			t.Errorf("%q:\n%s\nwant %s", tt.in, got, tt.want)
		}
	}
}

func TestYAMLDuplicateAndComplexKeys(t *testing.T) {
	docs, errs := YAML([]byte("a: 1\nb: 2\na: 3\n? [x]\n: 4\n*k : 5\n"), Limits{})
	if got := errorStrings(errs); !slices.Equal(got, []string{"6: invalid YAML: unknown anchor 'k' referenced; read up to the line before",
		`3:1: duplicate key "a": the last one is used`, "4:3: YAML mapping key is a sequence, not a scalar: entry not read"}) {
		t.Errorf("errors %q", got)
	}
	docs, errs = YAML([]byte("a: 1\nb: &k 2\na: 3\n? [x]\n: 4\n*k : 5\n"), Limits{})
	if got := errorStrings(errs); !slices.Equal(got, []string{`3:1: duplicate key "a": the last one is used`, "4:3: YAML mapping key is a sequence, not a scalar: entry not read"}) {
		t.Errorf("errors %q", got)
	}
	if got := dump(docs[0]); got != `{"a"@3:1: 3@3:4!!int, "b"@2:1: 2@2:4!!int, "2"@6:1: 5@6:6!!int}@1:1!!map` {
		t.Errorf("got %s", got)
	}
}

// An alias that refers to a node containing it is read as null, once.
func TestYAMLAliasLoop(t *testing.T) {
	docs, errs := YAML([]byte("a: &a\n  <<: *a\n  x: 1\nb: &b [1, *b]\n"), Limits{})
	want := []string{"2:7: YAML alias refers to a node that contains it: read as null", "4:11: YAML alias refers to a node that contains it: read as null"}
	if got := errorStrings(errs); !slices.Equal(got, want) {
		t.Errorf("errors %q", got)
	}
	if got := dump(docs[0]); got != `{"a"@1:1: {"x"@3:3: 1@3:6!!int}@1:4!!map, "b"@4:1: [1@4:8!!int, null@4:11!!null]@4:4!!seq}@1:1!!map` {
		t.Errorf("got %s", got)
	}
}

// billionLaughs is the classic bomb in 372 bytes: nine levels of ten
// aliases, a billion strings.
const billionLaughs = `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h,*h]
`

// A bomb is counted, not built: the document is refused at once, the
// others are read.
func TestYAMLAliasBomb(t *testing.T) {
	data := []byte("ok: 1\n---\n" + billionLaughs + "---\nalso: ok\n")
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	docs, errs := YAML(data, Limits{})
	runtime.ReadMemStats(&after)
	if got := errorStrings(errs); !slices.Equal(got, []string{"3:1: YAML aliases expand beyond 4000000 nodes: document not read"}) {
		t.Errorf("errors %q", got)
	}
	if len(docs) != 2 || docs[0].Str("ok") != "1" || docs[1].Str("also") != "ok" {
		t.Errorf("documents %d, want the two around the bomb", len(docs))
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 4<<20 {
		t.Errorf("%d KB allocated for a bomb", alloc>>10)
	}
	// Under a budget it fits, it is read whole.
	docs, errs = YAML([]byte("a: &a [1, 2]\nb: [*a, *a]\n"), Limits{MaxNodes: 11})
	if len(errs) != 0 || len(docs[0].Lookup("b", "1").Items) != 2 {
		t.Errorf("11 nodes, limit 11: %q", errorStrings(errs))
	}
	if _, errs = YAML([]byte("a: &a [1, 2]\nb: [*a, *a]\n"), Limits{MaxNodes: 10}); len(errs) != 1 || !strings.Contains(errs[0].Msg, "expand beyond 10") {
		t.Errorf("11 nodes, limit 10: %q", errorStrings(errs))
	}
}

func TestYAMLBudgets(t *testing.T) {
	// The nodes of all documents count together; past the budget the rest
	// of the stream is not read.
	docs, errs := YAML([]byte("[1, 2]\n---\n[3, 4]\n---\n[5]\n"), Limits{MaxNodes: 7})
	if got := errorStrings(errs); len(docs) != 2 || !slices.Equal(got, []string{"5:1: YAML has more than 7 nodes: the rest of the file is not read"}) {
		t.Errorf("documents %d, errors %q", len(docs), got)
	}
	deep := strings.Repeat("- ", 30) + "x\n"
	if _, errs := YAML([]byte(deep), Limits{MaxDepth: 30}); errs != nil {
		t.Errorf("30 levels, limit 30: %q", errorStrings(errs))
	}
	docs, errs = YAML([]byte(deep+"---\nok: 1\n"), Limits{MaxDepth: 29})
	if got := errorStrings(errs); len(docs) != 1 || !slices.Equal(got, []string{"1:1: YAML nested deeper than 29 levels: document not read"}) {
		t.Errorf("30 levels, limit 29: %d documents, errors %q", len(docs), got)
	}
	// Past yaml.v3's own bound the error names ours.
	flow := strings.Repeat("[", 20000) + strings.Repeat("]", 20000)
	if _, errs := YAML([]byte(flow), Limits{}); len(errs) != 1 || errs[0].Msg != "YAML nested deeper than 1000 levels: document not read" {
		t.Errorf("20,000 levels: %q", errorStrings(errs))
	}
}

// Many small documents: each is parsed without the lines before it.
func TestYAMLManyDocuments(t *testing.T) {
	docs := mustYAML(t, manyDocuments(10_000))
	if len(docs) != 10_000 {
		t.Fatalf("%d documents", len(docs))
	}
	for i, d := range docs {
		if d.Line != 3*i+2 || d.Lookup("metadata", "name").Line != 3*i+3 {
			t.Fatalf("document %d at line %d", i, d.Line)
		}
	}
}

func manyDocuments(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "---\nkind: ConfigMap\nmetadata: {name: cm-%d}\n", i)
	}
	return b.String()
}
