package tree

import (
	"bytes"
	"math"
	"runtime"
	"slices"
	"strings"
	"testing"
)

func mustTOML(t *testing.T, data string) *Node {
	t.Helper()
	root, errs := TOML([]byte(data), Limits{})
	if len(errs) > 0 || root == nil {
		t.Fatalf("root %v, errors %q", root, errorStrings(errs))
	}
	return root
}

// A Codex config: tables, inline tables, arrays, at the positions the
// hardening checklist reports.
func TestTOMLCodexConfig(t *testing.T) {
	root := mustTOML(t, string(readFile(t, "config.toml")))
	servers := root.Get("mcp_servers")
	for _, tt := range []struct {
		path     []string
		text, at string
	}{
		{[]string{"docs", "args", "1"}, "mcp-server", "5:15"},
		{[]string{"docs", "env", "API_KEY"}, "value", "6:21"},
		{[]string{"figma", "http_headers", "X-Team"}, "core", "13:29"},
		{[]string{"figma", "env_http_headers", "X-Key"}, "ENV_NAME", "14:32"},
		{[]string{"figma", "startup_timeout_sec"}, "20", "15:23"},
		{[]string{"figma", "enabled"}, "true", "17:11"},
		{[]string{"github", "env", "GITHUB_PERSONAL_ACCESS_TOKEN"}, "ghp_0000000000000000000000000000000000000", "31:32"},
		{[]string{"time", "args", "0"}, "mcp-server-time", "35:9"},
	} {
		if n := servers.Lookup(tt.path...); n == nil || n.Text != tt.text || at(n) != tt.at {
			t.Errorf("%v = %s, want %q at %s", tt.path, dump(n), tt.text, tt.at)
		}
	}
	if m := servers.Member("docs"); m == nil || m.Line != 3 || m.Col != 14 || at(m.Value) != "3:14" {
		t.Errorf("[mcp_servers.docs]: %+v, want the table at its key, 3:14", m)
	}
	if at(root) != "1:1" || root.Str("model") != "gpt-5-codex" || keys(root) != "model,mcp_servers" {
		t.Errorf("root %s at %s", keys(root), at(root))
	}
	if env := servers.Lookup("github", "env"); at(env) != "30:21" {
		t.Errorf("[mcp_servers.github.env] at %s", at(env))
	}
	if servers.Lookup("figma", "startup_timeout_sec").Kind != Number || servers.Lookup("time", "enabled").Kind != Bool {
		t.Error("numbers and booleans keep their kinds")
	}
}

// Dotted keys, quoted keys, inline tables and arrays of tables.
func TestTOMLStructure(t *testing.T) {
	root := mustTOML(t, `mcp_servers.a.command = "uvx"
mcp_servers.a.args = ["pkg==1"]
[mcp_servers."b.c"]
url = 'https://x/mcp'
inline = { x.y = 1, z = [1, { w = "v" }] }

[[package]]
name = "first"
[[package]]
name = "second"
[[package.wheels]]
url = "w1"
[package.extra]
k = 1
`)
	want := `{"mcp_servers"@1:1: {"a"@1:13: {"command"@1:15: "uvx"@1:25, "args"@2:15: ["pkg==1"@2:23]@2:15}@1:13, "b.c"@3:14: {"url"@4:1: "https://x/mcp"@4:7, "inline"@5:1: {"x"@5:12: {"y"@5:14: 1@5:18}@5:12, "z"@5:21: [1@5:26, {"w"@5:31: "v"@5:35}@5:29]@5:21}@5:10}@3:14}@1:1, ` +
		`"package"@7:3: [{"name"@8:1: "first"@8:8}@7:3, {"name"@10:1: "second"@10:8, "wheels"@11:11: [{"url"@12:1: "w1"@12:7}@11:11]@11:11, "extra"@13:10: {"k"@14:1: 1@14:5}@13:10}@9:3]@7:3}@1:1`
	if got := dump(root); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// go-toml gives arrays no offset: an array stands where its key does.
func TestTOMLArrayPositions(t *testing.T) {
	root := mustTOML(t, "[mcp_servers.a]\ncommand = \"npx\"\nenv = [\"A=1\"]\nargs = [\"-y\", [\"x\"]]\n")
	a := root.Lookup("mcp_servers", "a")
	if at(a.Get("env")) != "3:1" || at(a.Lookup("args", "1")) != "4:1" || at(a.Lookup("args", "1", "0")) != "4:16" {
		t.Errorf("env %s, args[1] %s, args[1][0] %s; want 3:1, 4:1, 4:16", at(a.Get("env")), at(a.Lookup("args", "1")), at(a.Lookup("args", "1", "0")))
	}
}

// A syntax error is reported where it is; what comes before is kept.
func TestTOMLSyntaxError(t *testing.T) {
	root, errs := TOML([]byte("[mcp_servers.first]\ncommand = \"npx\"\nargs = [\"-y\", \"mcp-server\"]\n\n[mcp_servers.second]\ncommand = \"uvx\"\nargs = [\"mcp-server-fetch\"\n"), Limits{})
	if got := errorStrings(errs); !slices.Equal(got, []string{"7:27: invalid TOML: array is incomplete (the rest of the file is not read)"}) {
		t.Errorf("errors %q", got)
	}
	if root.Lookup("mcp_servers", "first", "args", "1").Text != "mcp-server" || root.Lookup("mcp_servers", "second", "command").Text != "uvx" {
		t.Errorf("the part before the error: %s", dump(root))
	}
	for _, tt := range []struct{ in, want string }{
		{"a = \n", "1:5: invalid TOML: unexpected character U+000A at start of value (the rest of the file is not read)"},
		{"a = 1 b = 2\n", "1:7: invalid TOML: expected newline but got U+0062 'b' (the rest of the file is not read)"},
		{"[a\n", "1:3: invalid TOML: expected ']' to close table name (the rest of the file is not read)"},
		{"\xef\xbb\xbfa = ?\n", "1:8: invalid TOML: unexpected character U+003F '?' at start of value (the rest of the file is not read)"},
	} {
		if _, errs := TOML([]byte(tt.in), Limits{}); !slices.Equal(errorStrings(errs), []string{tt.want}) {
			t.Errorf("%q: errors %q, want %q", tt.in, errorStrings(errs), tt.want)
		}
	}
}

// What TOML forbids is read as leniently as JSON: a key set again keeps the
// last value; a key that is not a table keeps what it is.
func TestTOMLRedefinitions(t *testing.T) {
	root, errs := TOML([]byte("a = 1\na = 2\nb = 1\n[b.c]\nx = 1\n[d]\ny = 1\n[[d]]\n[e]\nz = 1\n"), Limits{})
	want := []string{
		`2:1: duplicate key "a": the last one is used`,
		`4:2: invalid TOML: key "b" is not a table: the keys under it are not read`,
		`8:3: invalid TOML: key "d" is not an array of tables: the table is not read`,
	}
	if got := errorStrings(errs); !slices.Equal(got, want) {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if root.Str("a") != "2" || root.Str("b") != "1" || root.Lookup("d", "y").Text != "1" || root.Lookup("e", "z").Text != "1" {
		t.Errorf("got %s", dump(root))
	}
}

func TestTOMLValues(t *testing.T) {
	root := mustTOML(t, "i = 1_000\nh = 0x1F\nf = +1.5e3\ninf = -inf\nd = 1979-05-27T07:32:00Z\nld = 1979-05-27\ns = \"tab\\there\"\nl = 'C:\\x'\nm = \"\"\"\nline\"\"\"\nb = false\n")
	v := root.Interface().(map[string]any)
	for k, want := range map[string]any{"i": jsonNumber("1000"), "h": jsonNumber("31"), "f": jsonNumber("1.5e3"), "inf": math.Inf(-1),
		"d": "1979-05-27T07:32:00Z", "ld": "1979-05-27", "s": "tab\there", "l": `C:\x`, "m": "line", "b": false} {
		if v[k] != want {
			t.Errorf("%s = %#v, want %#v", k, v[k], want)
		}
	}
	if n := root.Get("i"); n.Kind != Number || n.Text != "1_000" {
		t.Errorf("i = %s: the number as written", dump(n))
	}
}

// A document of nothing, blanks or a byte order mark is no table; of
// comments, an empty one. (A byte order mark before a table:
// TestInvalidUTF8.)
func TestTOMLEmpty(t *testing.T) {
	for _, s := range []string{"", "\n \t\n", "\xef\xbb\xbf"} {
		if root, errs := TOML([]byte(s), Limits{}); root != nil || errs != nil {
			t.Errorf("%q: root %s, errors %v; want none", s, dump(root), errs)
		}
	}
	if root := mustTOML(t, "# only a comment\n"); root.Kind != Object || len(root.Members) != 0 {
		t.Errorf("a document of comments is an empty table: %s", dump(root))
	}
}

// Three million nested arrays in a pyproject give an error, not a stack
// overflow or a gigabyte of memory.
func TestTOMLDeepNesting(t *testing.T) {
	const levels = 3_000_000
	data := append([]byte("[project]\nname = \"x\"\ndependencies = "), bytes.Repeat([]byte("["), levels)...)
	data = append(data, bytes.Repeat([]byte("]"), levels)...)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	root, errs := TOML(data, Limits{})
	runtime.ReadMemStats(&after)
	if got := errorStrings(errs); len(got) != 1 || !strings.HasSuffix(got[0], ": TOML nested deeper than 1000 levels: the rest of the file is not read") {
		t.Errorf("errors %q", got)
	}
	if root.Lookup("project", "name").Text != "x" {
		t.Error("the part before the error was lost")
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
		t.Errorf("%d MB allocated for a 6 MB input", alloc>>20)
	}
	// Our own bound, below go-toml's: the limit is the deepest that reads.
	if _, errs := TOML([]byte("a = [[1]]\n"), Limits{MaxDepth: 3}); errs != nil {
		t.Errorf("3 levels, limit 3: %q", errorStrings(errs))
	}
	if _, errs := TOML([]byte("a = [[1]]\n"), Limits{MaxDepth: 2}); !slices.Equal(errorStrings(errs), []string{"1:1: TOML nested deeper than 2 levels: the rest of the file is not read"}) {
		t.Errorf("3 levels, limit 2: %q", errorStrings(errs))
	}
	if _, errs := TOML([]byte("[a.b]\n[[c]]\n"), Limits{MaxDepth: 3}); errs != nil {
		t.Errorf("tables 3 levels, limit 3: %q", errorStrings(errs))
	}
	if _, errs := TOML([]byte("[[c.d]]\n"), Limits{MaxDepth: 3}); !slices.Equal(errorStrings(errs), []string{"1:5: TOML nested deeper than 3 levels: the rest of the file is not read"}) {
		t.Errorf("an array of tables 4 levels, limit 3: %q", errorStrings(errs))
	}
	if _, errs := TOML([]byte("[a.b.c]\n"), Limits{MaxDepth: 3}); !slices.Equal(errorStrings(errs), []string{"1:6: TOML nested deeper than 3 levels: the rest of the file is not read"}) {
		t.Errorf("tables 4 levels, limit 3: %q", errorStrings(errs))
	}
}

func TestTOMLNodeBudget(t *testing.T) {
	data := []byte("a = [1, 2, 3]\nb = 4\n")
	if _, errs := TOML(data, Limits{MaxNodes: 6}); errs != nil {
		t.Errorf("6 values, limit 6: %q", errorStrings(errs))
	}
	root, errs := TOML(data, Limits{MaxNodes: 5})
	if got := errorStrings(errs); !slices.Equal(got, []string{"2:5: TOML has more than 5 values: the rest of the file is not read"}) || root.Get("a") == nil || root.Get("b") != nil {
		t.Errorf("6 values, limit 5: %q, root %s", got, dump(root))
	}
}
