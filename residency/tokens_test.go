package residency

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/mcp-comply/mcp-comply/internal/secrets"
	"github.com/mcp-comply/mcp-comply/internal/syntax"
)

// litsOf renders the string literals of a file as value@key@call.
func litsOf(cf codeFacts) []string {
	var out []string
	for _, l := range cf.strs {
		call := ""
		if l.call >= 0 {
			call = cf.calls[l.call].name
		}
		out = append(out, l.value+"@"+l.key+"@"+call)
	}
	return out
}

// lexFacts reads the facts of src, every call resolved.
func lexFacts(lang syntax.Lang, src string) codeFacts {
	var cf codeFacts
	tokenFacts(syntax.Lex(lang, []byte(src)), &cf)
	for i := range cf.calls {
		cf.resolve(i)
	}
	return cf
}

func goFactsOf(g *syntax.GoFile) codeFacts {
	var cf codeFacts
	goFacts(g, &cf)
	return cf
}

func TestTokenLiterals(t *testing.T) {
	for _, tc := range []struct {
		name string
		lang syntax.Lang
		src  string
		want []string
	}{
		{"python comment", syntax.Python, "# x = OpenAI(base_url=\"https://a.example\")\ny = 1\n", nil},
		{"python kwargs", syntax.Python, "c = OpenAI(base_url=\"https://a.example/v1\", timeout=3)\n", []string{"https://a.example/v1@base_url@OpenAI"}},
		{"python docstring is a literal but keyless", syntax.Python, "def f():\n    \"\"\"See https://docs.example/x.\"\"\"\n", []string{"See https://docs.example/x.@@"}},
		{"python prefixed strings", syntax.Python, "u = rb'https://b.example'\nv = f\"https://c.example/{x}\"\n", []string{"https://b.example@u@", "https://c.example/{x}@v@"}},
		{"python hash inside string is not a comment", syntax.Python, "u = \"https://a.example/#frag\"\n", []string{"https://a.example/#frag@u@"}},
		{"python: a string belongs to the innermost call", syntax.Python, "c = OpenAI(base_url=os.getenv(\"X\", \"https://d.example\"))\n", []string{"https://d.example@@os.getenv"}},
		{"python method on call result", syntax.Python, "b = boto3.Session().client(\"https://x.example\", endpoint_url=\"https://y.example\")\n", []string{"https://x.example@@client", "https://y.example@endpoint_url@client"}},
		{"python dict key", syntax.Python, "cfg = {\"base_url\": \"https://a.example\"}\n", []string{"https://a.example@base_url@"}},
		{"python assignment key ends with the logical line", syntax.Python, "u = 1\n\"https://a.example\"\n", []string{"https://a.example@@"}},
		{"js line and block comments", syntax.JavaScript, "// new OpenAI({baseURL: 'https://a.example'})\n/* 'https://b.example' */\nconst x = 1;\n", nil},
		{"js object key inside call", syntax.JavaScript, "const c = new OpenAI({ baseURL: \"https://a.example/v1\" });\n", []string{"https://a.example/v1@baseURL@OpenAI"}},
		{"js template literal", syntax.JavaScript, "const u = `https://a.example/${path}`;\n", []string{"https://a.example/${path}@u@"}},
		{"js regex literal is not a string", syntax.JavaScript, "const re = /\"https:\\/\\/x\"/g;\nconst y = \"https://y.example\";\n", []string{"https://y.example@y@"}},
		{"js division is not a regex", syntax.JavaScript, "const z = a / b; const w = \"https://w.example\";\n", []string{"https://w.example@w@"}},
		{"js quoted key", syntax.JavaScript, "f({ \"baseURL\": \"https://q.example\" });\n", []string{"https://q.example@baseURL@f"}},
		{"js unterminated string stops at the line end", syntax.JavaScript, "const a = \"https://a.example\nconst b = \"https://b.example\";\n", []string{"https://a.example@a@", "https://b.example@b@"}},
		{"js assignment key ends at ;", syntax.JavaScript, "x = 1; g(\"https://g.example\");\n", []string{"https://g.example@@g"}},
		{"ts annotated property", syntax.TypeScript, "this.client = new OpenAI({ baseURL: \"https://t.example\" as const });\n", []string{"https://t.example@baseURL@OpenAI"}},
		{"dotted names across lines make one call", syntax.TypeScript, "client\n  .chat\n  .create({ model: \"eu.anthropic.claude-3-7-sonnet-20250219-v1:0\" })\n", []string{"eu.anthropic.claude-3-7-sonnet-20250219-v1:0@model@client.chat.create"}},
		{"only URLs and Bedrock model ids are kept", syntax.Python, "f(\"eu-west-1\", region=\"eu-west-1\", u=\"see docs\")\n", nil},
		// One unescape for every analyzer: the value is the tokenizer's.
		{"js escapes are decoded", syntax.JavaScript, "const u = \"https:\\/\\/api.example\\u002Fv1\";\n", []string{"https://api.example/v1@u@"}},
		{"python escapes are decoded", syntax.Python, "u = \"https://a.example/\\x41\"\n", []string{"https://a.example/A@u@"}},
		{"python raw string keeps its backslashes", syntax.Python, "u = r\"https://a.example/\\x41\"\n", []string{"https://a.example/\\x41@u@"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := litsOf(lexFacts(tc.lang, tc.src))
			if !slices.Equal(got, tc.want) {
				t.Errorf("literals = %q, want %q", got, tc.want)
			}
		})
	}
}

// callOf finds the call named name.
func callOf(t *testing.T, cf codeFacts, name string) callSite {
	t.Helper()
	for _, c := range cf.calls {
		if c.name == name {
			return c
		}
	}
	t.Fatalf("no call %s in %+v", name, cf.calls)
	return callSite{}
}

func TestTokenCalls(t *testing.T) {
	for _, tc := range []struct {
		name      string
		lang      syntax.Lang
		src, call string
		// want renders args (sorted) and positional values: key=value for
		// a string, key:text for a name or number.
		want string
	}{
		{"python keywords and positionals", syntax.Python, "boto3.client(\"bedrock-runtime\", region_name=\"eu-central-1\", verify=False)\n", "boto3.client",
			"region_name=eu-central-1 verify:False | =bedrock-runtime"},
		{"js object members flattened", syntax.JavaScript, "new S3Client({ region: \"eu-west-1\", credentials: { accessKeyId: id } });\n", "S3Client",
			"accessKeyId:id region=eu-west-1 |"},
		{"first value of a name wins", syntax.Python, "f(model=\"a\", model=\"b\")\n", "f", "model=a |"},
		{"a module constant is its value", syntax.Python, "BASE = \"https://api.x.ai/v1\"\nc = OpenAI(base_url=BASE)\n", "OpenAI", "base_url=https://api.x.ai/v1 |"},
		{"constants and literals joined", syntax.TypeScript, "const HOST = \"api.groq.com\";\nnew OpenAI({ baseURL: \"https://\" + HOST + \"/openai/v1\" });\n", "OpenAI",
			"baseURL=https://api.groq.com/openai/v1 |"},
		{"python implicit concatenation in parentheses", syntax.Python, "OpenAI(base_url=(\"https://api.deepseek.com\"\n    \"/v1\"))\n", "OpenAI", "base_url=https://api.deepseek.com/v1 |"},
		{"template of constants", syntax.JavaScript, "const R = \"eu\";\nnew X({ url: `https://${R}.api.example` });\n", "X", "url=https://eu.api.example |"},
		{"not a constant: the first literal", syntax.Python, "OpenAI(base_url=\"https://\" + host)\n", "OpenAI", "base_url=https:// |"},
		{"a reassigned name is not read as its first value", syntax.Python, "def f():\n    B = \"x\"\nOpenAI(base_url=B)\n", "OpenAI", "base_url:B |"},
		{"a call is not a value", syntax.Python, "OpenAI(base_url=os.getenv(\"X\"))\n", "OpenAI", "|"},
		{"keywords are not calls", syntax.Python, "if (x):\n    print(\"y\")\n", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cf := lexFacts(tc.lang, tc.src)
			if tc.call == "" {
				if len(cf.calls) != 0 {
					t.Errorf("calls = %+v, want none", cf.calls)
				}
				return
			}
			c := callOf(t, cf, tc.call)
			var parts []string
			for _, a := range c.args {
				parts = append(parts, a.key+render(a.val))
			}
			slices.Sort(parts)
			got := strings.Join(parts, " ") + " |"
			for _, v := range c.pos {
				got += " " + render(v)
			}
			if got = strings.TrimSpace(got); got != tc.want {
				t.Errorf("call %s = %q, want %q", tc.call, got, tc.want)
			}
		})
	}
}

func render(v argVal) string {
	if v.str {
		return "=" + v.text
	}
	return ":" + v.text
}

// TestTokenOffsets: a value's offset is where its expression starts, the
// position evidence points at.
func TestTokenOffsets(t *testing.T) {
	src := "BASE = \"https://api.x.ai\"\nc = OpenAI(base_url=BASE, model=\"grok\")\n"
	cf := lexFacts(syntax.Python, src)
	c := callOf(t, cf, "OpenAI")
	if got := src[c.off:]; !strings.HasPrefix(got, "OpenAI(") {
		t.Errorf("call offset at %q", got)
	}
	if v, _ := argNamed(c, "base_url"); !strings.HasPrefix(src[v.off:], "BASE,") {
		t.Errorf("base_url offset at %q", src[v.off:])
	}
	if v, _ := argNamed(c, "model"); !strings.HasPrefix(src[v.off:], "\"grok\"") {
		t.Errorf("model offset at %q", src[v.off:])
	}
}

func TestGoFacts(t *testing.T) {
	src := `package main

// url in a comment: "https://comment.example"
const base = "https://const.example/v1"

func main() {
	c := openai.NewClient(option.WithBaseURL("https://with.example/v1"), option.WithAPIKey(key))
	x := xai.NewClient(option.WithBaseURL(base + "/chat"))
	cfg := &genai.ClientConfig{Backend: genai.BackendVertexAI, Location: "europe-west4"}
	_ = &tls.Config{InsecureSkipVerify: true, MinVersion: tls.VersionTLS11}
	_, _ = c, x
}
`
	g, perr := syntax.ParseGo([]byte(src))
	if perr != nil {
		t.Fatal(perr)
	}
	cf := goFactsOf(g)
	got := litsOf(cf)
	want := []string{"https://const.example/v1@base@", "https://with.example/v1@BaseURL@openai.NewClient"}
	if !slices.Equal(got, want) {
		t.Errorf("literals = %q, want %q", got, want)
	}
	if v, ok := argNamed(callOf(t, cf, "openai.NewClient"), "BaseURL"); !ok || v.text != "https://with.example/v1" || !v.str {
		t.Errorf("WithBaseURL not an argument of openai.NewClient: %+v", v)
	}
	if v, _ := argNamed(callOf(t, cf, "xai.NewClient"), "BaseURL"); v.text != "https://const.example/v1/chat" || !v.str {
		t.Errorf("a constant expression is not its value: %+v", v)
	}
	if v := callOf(t, cf, "option.WithAPIKey").pos; len(v) != 1 || v[0].str || v[0].text != "key" {
		t.Errorf("a variable is its name: %+v", v)
	}
	if len(cf.tlsConfigs) != 1 || !cf.tlsConfigs[0].minVersion {
		t.Errorf("tls.Config literals = %+v", cf.tlsConfigs)
	}
	// The part of a file before a syntax error is read.
	g, perr = syntax.ParseGo([]byte("package main\nvar u = \"https://api.groq.com\"\nfunc main() {\n\tx := \n}\n"))
	if perr == nil || g.AST == nil {
		t.Fatalf("want a partial tree and an error, got %v", perr)
	}
	if got := litsOf(goFactsOf(g)); !slices.Equal(got, []string{"https://api.groq.com@u@"}) {
		t.Errorf("literals of the broken file = %q", got)
	}
}

// TestExcerptsRedacted: evidence excerpts and values are redacted in the
// one format of the report; a value under a credential's name is masked
// whatever it looks like, and settings are not taken for secrets.
func TestExcerptsRedacted(t *testing.T) {
	fsys := fstest.MapFS{
		".env": {Data: []byte("ANTHROPIC_API_KEY=sk-ant-api03-abcdefghijklmnop1234\n" +
			"DATABASE_URL=postgres://app:s3cr3t-pass@db.example.com:5432/app\n" +
			"N8N_ENCRYPTION_KEY=mysupersecretkey\n")},
		"long.py": {Data: []byte("OPENAI_BASE_URL = \"https://eu.api.openai.com/v1\"  # " + strings.Repeat("é", 300) + "\n")},
		"app.py":  {Data: []byte("from openai import OpenAI\nc = OpenAI(base_url=\"https://api.groq.com/openai/v1\", max_tokens=4096, timeout_secs=30)\n")},
	}
	r := mustScan(t, fsys, Options{})
	excerpts := map[string]string{}
	for _, e := range r.Endpoints {
		for _, ev := range e.Evidence {
			excerpts[fmt.Sprintf("%s:%d", ev.File, ev.Line)] = ev.Excerpt
		}
	}
	values := map[string]string{}
	for _, s := range r.Settings {
		at := fmt.Sprintf("%s:%d", s.Evidence.File, s.Evidence.Line)
		excerpts[at] = s.Evidence.Excerpt
		values[at] = s.Value
	}
	for at, want := range map[string]string{
		".env:1":   "ANTHROPIC_API_KEY=sk-…(redacted, 33 chars)",
		".env:2":   "DATABASE_URL=postgres://app:…(redacted, 11 chars)@db.example.com:5432/app",
		".env:3":   "N8N_ENCRYPTION_KEY=…(redacted, 16 chars)",
		"app.py:2": "c = OpenAI(base_url=\"https://api.groq.com/openai/v1\", max_tokens=4096, timeout_secs=30)",
	} {
		if got := excerpts[at]; got != want {
			t.Errorf("excerpt at %s = %q, want %q", at, got, want)
		}
	}
	if got := values[".env:3"]; got != "…(redacted, 16 chars)" {
		t.Errorf("value of N8N_ENCRYPTION_KEY = %q", got)
	}
	// A long line is cut after secrets.MaxExcerpt runes.
	if got := excerpts["long.py:1"]; !strings.HasSuffix(got, "é…") || utf8.RuneCountInString(got) != secrets.MaxExcerpt+1 {
		t.Errorf("long excerpt = %d runes %q", utf8.RuneCountInString(got), got)
	}
}

func TestHostReference(t *testing.T) {
	for v, ref := range map[string]bool{
		"${DB_HOST}": true, "{{ .Values.db.host }}": true, "process.env.DB_HOST": true, "$DB_HOST": true, "<db-host>": true,
		"n8n.example.com": false, "db.acme.internal:5432": false, "10.0.0.5": false, "n8n-db.cluster-c1x2.eu-west-1.rds.amazonaws.com": false,
	} {
		if hostReference(v) != ref {
			t.Errorf("hostReference(%q) = %v, want %v", v, !ref, ref)
		}
	}
}

// TestLiteralKeys: a well-known example value written in a file is a
// literal the settings rules report; a reference is not.
func TestLiteralKeys(t *testing.T) {
	for _, tc := range []struct {
		env  string
		want string // the rule reported for N8N_ENCRYPTION_KEY, "" for none
	}{
		{"N8N_ENCRYPTION_KEY=changeme\n", ruleN8nKeyLiteral},
		{"N8N_ENCRYPTION_KEY=Zx8Kq2Lw9Pm4Rt7Yv1Nb6Hc3Jd5Fg0Sa\n", ruleN8nKeyLiteral},
		{"N8N_ENCRYPTION_KEY=${N8N_ENCRYPTION_KEY}\n", ""},
		{"N8N_ENCRYPTION_KEY=$N8N_KEY\n", ""},
	} {
		r := mustScan(t, fstest.MapFS{".env": {Data: []byte(tc.env)}}, Options{})
		got := ""
		for _, s := range r.Settings {
			if s.Key == "N8N_ENCRYPTION_KEY" {
				got = s.Rule
			}
		}
		if got != tc.want {
			t.Errorf("%q: rule %q, want %q", tc.env, got, tc.want)
		}
	}
}

// TestBadInputNeverPanics feeds truncated and shuffled fixture files to the
// scan: whatever the input, it returns.
func TestBadInputNeverPanics(t *testing.T) {
	seeds := map[string]string{
		"a.py":                 `c = OpenAI(base_url="https://eu.api.openai.com/v1", **{"x": [1, (2,`,
		"b.ts":                 "new OpenAI({ baseURL: `https://${x}`, ...{ a: /re/ }}) } ] ) ' \" `",
		"c.go":                 "package x\nfunc f() { g(option.WithBaseURL(\"https://api.groq.com\"",
		".env":                 "=\nA\nexport\n\"B=1\nC='unterminated\n",
		"docker-compose.yml":   "services: [1, 2\n  x: {\n",
		"k.yaml":               "env:\n  - name:\n    value: [\n---\n: :\n",
		"render.yaml":          "services: 3\n",
		"main.tf":              "resource \"aws_db_instance\" {\n  provider \"x\" {{{\n",
		"w.json":               `{"nodes": [{"type": 1, "parameters": [], "credentials": "x"}, {"data": {"name": 7, "inputs": []}}]}`,
		"f.json":               `{"nodes": {"data": 1}}`,
		"charts/c/Chart.yaml":  "name: c\n",
		"charts/c/values.yaml": "env: [a, {name: X}]\n",
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	for round := 0; round < 40; round++ {
		fsys := fstest.MapFS{}
		for name, src := range seeds {
			b := []byte(src)
			switch round % 3 {
			case 1:
				b = b[:rnd.IntN(len(b)+1)]
			case 2:
				rnd.Shuffle(len(b), func(i, j int) { b[i], b[j] = b[j], b[i] })
			}
			fsys[name] = &fstest.MapFile{Data: b}
		}
		t.Run(fmt.Sprint("round ", round), func(t *testing.T) {
			mustScan(t, fsys, Options{})
		})
	}
}

func TestParseEndpoint(t *testing.T) {
	for _, tc := range []struct {
		in   string
		bare bool
		host string
		port int
	}{
		{"https://api.openai.com/v1", false, "api.openai.com", 443},
		{"http://localhost:11434", false, "localhost", 11434},
		{"0.0.0.0:11434", true, "0.0.0.0", 11434},
		{"0.0.0.0:11434", false, "", 0},
		{"https://${AZURE_RESOURCE}.openai.azure.com", false, "", 0},
		{"see https://x.example", false, "", 0},
	} {
		t.Run(tc.in, func(t *testing.T) {
			u, ok := parseEndpoint(tc.in, tc.bare)
			if ok != (tc.host != "") || u.host != tc.host || u.port != tc.port {
				t.Errorf("parseEndpoint(%q) = %q:%d %v, want %q:%d", tc.in, u.host, u.port, ok, tc.host, tc.port)
			}
		})
	}
}

// TestConstantArguments: a module constant passed to a constructor or a
// region setting is read as its value, at the call.
func TestConstantArguments(t *testing.T) {
	fsys := fstest.MapFS{
		"agent.py": {Data: []byte("import boto3\nfrom openai import OpenAI\n\nREGION = \"eu-west-3\"\nPROXY = \"https://llm-proxy.acme.example/v1\"\n\n" +
			"bedrock = boto3.client(\"bedrock-runtime\", region_name=REGION)\nllm = OpenAI(base_url=PROXY)\n")},
	}
	r := mustScan(t, fsys, Options{})
	if e := findEndpoint(r, "bedrock", "bedrock-runtime.eu-west-3.amazonaws.com", "eu-west-3", "", ""); e == nil {
		t.Errorf("region constant not read: %+v", r.Endpoints)
	}
	// The proxy host is not in the catalogue: only the constructor's
	// argument makes it an endpoint.
	if e := findEndpoint(r, "unlisted", "llm-proxy.acme.example", "", "", ""); e == nil {
		t.Errorf("base URL constant not read: %+v", r.Endpoints)
	} else if got := evidenceAt(e.Evidence); !slices.Equal(got, []string{"agent.py:8"}) {
		t.Errorf("evidence = %v, want the call", got)
	}
}
