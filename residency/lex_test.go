package residency

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
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

func TestLexSource(t *testing.T) {
	for _, tc := range []struct {
		name string
		lang lang
		src  string
		want []string
	}{
		{"python comment", langPython, "# x = OpenAI(base_url=\"https://a.example\")\ny = 1\n", nil},
		{"python kwargs", langPython, "c = OpenAI(base_url=\"https://a.example/v1\", timeout=3)\n", []string{"https://a.example/v1@base_url@OpenAI"}},
		{"python docstring is a literal but keyless", langPython, "def f():\n    \"\"\"See https://docs.example/x.\"\"\"\n", []string{"See https://docs.example/x.@@"}},
		{"python prefixed strings", langPython, "u = rb'https://b.example'\nv = f\"https://c.example/{x}\"\n", []string{"https://b.example@u@", "https://c.example/{x}@v@"}},
		{"python hash inside string is not a comment", langPython, "u = \"https://a.example/#frag\"\n", []string{"https://a.example/#frag@u@"}},
		{"python: a string belongs to the innermost call", langPython, "c = OpenAI(base_url=os.getenv(\"X\", \"https://d.example\"))\n", []string{"X@@os.getenv", "https://d.example@@os.getenv"}},
		{"python method on call result", langPython, "b = boto3.Session().client(\"bedrock-runtime\", region_name=\"eu-west-1\")\n", []string{"bedrock-runtime@@client", "eu-west-1@region_name@client"}},
		{"python dict key", langPython, "cfg = {\"region\": \"eu-west-1\"}\n", []string{"eu-west-1@region@"}},
		{"js line and block comments", langJS, "// new OpenAI({baseURL: 'https://a.example'})\n/* 'https://b.example' */\nconst x = 1;\n", nil},
		{"js object key inside call", langJS, "const c = new OpenAI({ baseURL: \"https://a.example/v1\" });\n", []string{"https://a.example/v1@baseURL@OpenAI"}},
		{"js template literal", langJS, "const u = `https://a.example/${path}`;\n", []string{"https://a.example/${path}@u@"}},
		{"js regex literal is not a string", langJS, "const re = /\"https:\\/\\/x\"/g;\nconst y = \"https://y.example\";\n", []string{"https://y.example@y@"}},
		{"js division is not a regex", langJS, "const z = a / b; const w = \"https://w.example\";\n", []string{"https://w.example@w@"}},
		{"js quoted key", langJS, "f({ \"baseURL\": \"https://q.example\" });\n", []string{"https://q.example@baseURL@f"}},
		{"js unterminated string stops at the line end", langJS, "const a = \"oops\nconst b = \"https://b.example\";\n", []string{"https://b.example@b@"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := litsOf(lexSource(tc.src, tc.lang))
			if !slices.Equal(got, tc.want) {
				t.Errorf("literals = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestLexGo(t *testing.T) {
	src := `package main

// url in a comment: "https://comment.example"
const base = "https://const.example/v1"

func main() {
	c := openai.NewClient(option.WithBaseURL("https://with.example/v1"), option.WithAPIKey(key))
	cfg := &genai.ClientConfig{Backend: genai.BackendVertexAI, Location: "europe-west4"}
	_ = &tls.Config{InsecureSkipVerify: true, MinVersion: tls.VersionTLS11}
	_ = c
}
`
	cf, ws := lexGo("main.go", []byte(src))
	if len(ws) != 0 {
		t.Fatalf("warnings %v", ws)
	}
	got := litsOf(cf)
	want := []string{"https://const.example/v1@base@", "https://with.example/v1@BaseURL@openai.NewClient", "europe-west4@Location@"}
	if !slices.Equal(got, want) {
		t.Errorf("literals = %q, want %q", got, want)
	}
	var nc callSite
	for _, c := range cf.calls {
		if c.name == "openai.NewClient" {
			nc = c
		}
	}
	if v, ok := nc.args["BaseURL"]; !ok || v.text != "https://with.example/v1" {
		t.Errorf("WithBaseURL not an argument of NewClient: %+v", nc.args)
	}
	if len(cf.tlsConfigs) != 1 || !cf.tlsConfigs[0].minVersion {
		t.Errorf("tls.Config literals = %+v", cf.tlsConfigs)
	}
	_, ws = lexGo("bad.go", []byte("package main\nfunc main() {\n\tx := \n}\n"))
	if len(ws) != 1 || ws[0].Line != 4 {
		t.Errorf("syntax error warning = %v, want one at line 4", ws)
	}
}

func TestRedact(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"OPENAI_API_KEY=sk-proj-abcdefghijklmnop1234", "OPENAI_API_KEY=sk-proj-***"},
		{`client = OpenAI(api_key="sk-abcdefghijklmnopqrstu")`, `client = OpenAI(api_key="sk-***")`},
		{"N8N_ENCRYPTION_KEY=Zx8Kq2Lw9Pm4Rt7Y", "N8N_ENCRYPTION_KEY=***"},
		{"DATABASE_URL=postgres://app:s3cr3t-pass@db.example:5432/app", "DATABASE_URL=postgres://app:***@db.example:5432/app"},
		{"Authorization: Bearer abcdef123456", "Authorization: Bearer ***"},
		{"aws_access_key_id = AKIAABCDEFGHIJKLMNOP", "aws_access_key_id = AKIA***"},
		{"token: ghp_0123456789abcdefghijABCDEFGHIJ", "token: ghp_***"},
		{"x = AIzaSyA1234567890abcdefghijklmnopqrs", "x = AIza***"},
		{"N8N_ENCRYPTION_KEY=${N8N_ENCRYPTION_KEY}", "N8N_ENCRYPTION_KEY=${N8N_ENCRYPTION_KEY}"},
		{"api_key=os.getenv(\"KEY\")", "api_key=os.getenv(\"KEY\")"},
		{"rejectUnauthorized: false", "rejectUnauthorized: false"},
		{"NODE_TLS_REJECT_UNAUTHORIZED=0", "NODE_TLS_REJECT_UNAUTHORIZED=0"},
		{"base_url=https://eu.api.openai.com/v1", "base_url=https://eu.api.openai.com/v1"},
		{"blob = 'YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY3ODkw'", "blob = '***'"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			if got := Redact(tc.in); got != tc.want {
				t.Errorf("Redact = %q, want %q", got, tc.want)
			}
		})
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
			if _, err := scanFS(fsys, Options{}); err != nil {
				t.Fatal(err)
			}
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
	for host, local := range map[string]bool{
		"localhost": true, "127.0.0.1": true, "10.2.3.4": true, "ollama": true, "host.docker.internal": true,
		"vllm.default.svc.cluster.local": true, "api.openai.com": false, "8.8.8.8": false,
	} {
		if isLocalHost(host) != local {
			t.Errorf("isLocalHost(%q) = %v", host, !local)
		}
	}
	if strings.Contains(Redact("x"), "*") {
		t.Error("Redact masked a plain word")
	}
}
