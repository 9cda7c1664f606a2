package hardening

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/mcp-comply/mcp-comply/internal/secrets"
)

// alnum is the alphabet of most token formats.
const alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// fake returns a maker of random strings of an alphabet, the same strings
// in every run.
func fake() func(alphabet string, n int) string {
	r := rand.New(rand.NewPCG(1, 2))
	return func(alphabet string, n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		return string(b)
	}
}

// fakeSecrets are format-valid fake secrets (the same in every run) as
// they are written in a source line, and the part of each that is secret
// ("" for the whole).
// The formats themselves are tested with their positive and negative
// samples in package secrets; here they are the input of the facts.
func fakeSecrets() []struct{ written, secret string } {
	of := fake()
	pem := "-----BEGIN RSA PRIVATE KEY-----\n"
	for range 6 {
		pem += of(alnum+"+/", 64) + "\n"
	}
	pem += "-----END RSA PRIVATE KEY-----"
	pass, token := of(alnum, 14), of(alnum, 32)
	return []struct{ written, secret string }{
		{"ghp_" + of(alnum, 36), ""},
		{"sk-proj-" + of(alnum, 74) + "T3BlbkFJ" + of(alnum, 74), ""},
		{"AKIA" + of("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16), ""},
		{pem, ""},
		{"postgres://app:" + pass + "@db.internal:5432/app", pass},
		{token, ""}, // under a credential's name: the keyed rule
	}
}

// Secrets never reach a fact in clear: not in the redacted form, the
// excerpt, the hash, the id or the key; and each is stated once, at its
// line.
func TestSecretsNeverPrinted(t *testing.T) {
	for i, s := range fakeSecrets() {
		secret := s.secret
		if secret == "" {
			secret = s.written
		}
		text := []byte("x = 1\nAPI_TOKEN = \"" + s.written + "\"  # prod\n")
		found := textSecrets(text, false, "source", linePos("a.py", text))
		if len(found) != 1 || found[0].Line != 2 || found[0].File != "a.py" {
			t.Errorf("sample %d: found %+v, want one secret on line 2", i, found)
			continue
		}
		f := found[0]
		for _, field := range []string{f.Redacted, f.Excerpt, f.Hash, f.ID, f.Key} {
			if strings.Contains(field, secret[len(secret)/2:]) {
				t.Errorf("sample %d (%s): a fact field holds part of the secret", i, f.Rule)
			}
		}
		if f.Hash != secrets.Hash(secret) || f.Redacted != secrets.Redact(f.Rule, secret) {
			t.Errorf("sample %d: hash %s, redacted %s: not the secret's", i, f.Hash, f.Redacted)
		}
	}
}

// Every secret of a config value is redacted in each excerpt of it, and
// the key leads the excerpt.
func TestConfigSecretsExcerpt(t *testing.T) {
	ss := fakeSecrets()
	value := ss[0].written + " " + ss[1].written
	s := Server{Name: "x", Client: Cursor, Env: []Setting{{Key: "TOKENS", Value: value}}}
	found := configSecrets(Config{File: ".cursor/mcp.json"}, s)
	if len(found) != 2 {
		t.Fatalf("found %d secrets, want 2", len(found))
	}
	for _, f := range found {
		if !strings.HasPrefix(f.Excerpt, "TOKENS: ") || strings.Contains(f.Excerpt, ss[0].written[10:]) || strings.Contains(f.Excerpt, ss[1].written[10:]) {
			t.Errorf("excerpt %q", f.Excerpt)
		}
		if f.Key != "TOKENS" || f.Server != "x" || f.Client != Cursor || f.Where != "config" {
			t.Errorf("secret %+v", f)
		}
	}
}

// Any text, scanned for secrets and indicators, never panics; a secret
// is stated inside the text with an excerpt of a bounded length.
func FuzzTextScanners(f *testing.F) {
	for _, s := range []string{"KEY=ghp_abc", "-----BEGIN PRIVATE KEY-----\n", "<IMPORTANT>\u200b\U000E0041", "postgres://a:b@c", "x := \"" + strings.Repeat("A", 50) + "\""} {
		f.Add(s)
	}
	c, err := indicatorCatalogue()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		text := []byte(s)
		nlines := bytes.Count(text, []byte("\n")) + 1
		for _, dotenv := range []bool{false, true} {
			for _, sec := range textSecrets(text, dotenv, "source", linePos("a", text)) {
				if sec.Line < 1 || sec.Line > nlines || utf8.RuneCountInString(sec.Excerpt) > secrets.MaxExcerpt+1 {
					t.Fatalf("secret at %v of %d lines, excerpt %q", sec.Position, nlines, sec.Excerpt)
				}
			}
		}
		configSecrets(Config{}, Server{Env: []Setting{{Key: "API_KEY", Value: s}}, URL: s, Args: []string{"--token", s}})
		indicators(c, &SourceServer{Name: "x", Instructions: &Text{Text: s}, Tools: []Tool{{Name: s, Description: s, Params: []Param{{Name: s, Description: s}}}}})
	})
}

// A secret in a test, fixture or example file is marked Sample; the same
// value in the project's own code is not.
func TestSecretsInSamplesMarked(t *testing.T) {
	tok := fakeSecrets()[0].written
	line := []byte("TOKEN = \"" + tok + "\"\n")
	res := scanFS(t, fstest.MapFS{
		"src/app.py":              {Data: line},
		"tests/test_app.py":       {Data: line},
		"examples/demo/client.py": {Data: line},
		"pkg/app_test.go":         {Data: []byte("package app\n\nconst tok = \"" + tok + "\"\n")},
	}, Options{})
	want := map[string]bool{"src/app.py": false, "tests/test_app.py": true, "examples/demo/client.py": true, "pkg/app_test.go": true}
	if len(res.Secrets) != len(want) {
		t.Fatalf("%d secrets, want %d: %+v", len(res.Secrets), len(want), res.Secrets)
	}
	for _, s := range res.Secrets {
		if s.Sample != want[s.File] {
			t.Errorf("%s: Sample = %v, want %v", s.File, s.Sample, want[s.File])
		}
	}
}

// A database URL to a local host in an example dotenv file is a
// development password; the same URL in a real .env, or one to a remote
// host in the example, is not.
func TestDevPasswords(t *testing.T) {
	pass := fake()(alnum, 14)
	local := "DATABASE_URL=postgresql://app:" + pass + "@localhost:5433/app\n"
	compose := "DATABASE_URL=postgresql://app:" + pass + "@db:5432/app\n"
	remote := "DATABASE_URL=postgresql://app:" + pass + "@db.acme-prod.io:5432/app\n"
	for _, tc := range []struct {
		file, text string
		dev        bool
	}{
		{".env.example", local, true},
		{".env.sample", compose, true},
		{"deploy/.env.template", "# tests use: postgresql://app:" + pass + "@127.0.0.1/app\n", true},
		{".env.example", remote, false},
		{".env", local, false},
		{".env.production", compose, false},
	} {
		ss := textSecrets([]byte(tc.text), true, "env-file", linePos(tc.file, []byte(tc.text)))
		if len(ss) != 1 || ss[0].Dev != tc.dev {
			t.Errorf("%s %q: %+v, want one secret with Dev %v", tc.file, tc.text, ss, tc.dev)
		}
	}
}

// Secrets in an n8n workflow export are found like a config's: a literal
// key in a node's URL and in a header (its key the header's name); an
// expression, a credential reference (new and old style) and a
// placeholder are not secrets.
func TestExportSecrets(t *testing.T) {
	of := fake()
	google := "AIza" + of(alnum+"-_", 35)
	bearer := of(alnum, 32)
	workflow := `{
  "name": "Public workflow",
  "nodes": [
    {"parameters": {"url": "https://maps.googleapis.com/maps/api/geocode/json?key=` + google + `",
      "sendHeaders": true,
      "headerParameters": {"parameters": [
        {"name": "Authorization", "value": "Bearer ` + bearer + `"},
        {"name": "X-Api-Key", "value": "={{ $env.ACME_API_KEY }}"},
        {"name": "X-Other-Token", "value": "YOUR_TOKEN_HERE"}
      ]}},
     "name": "Geocode", "type": "n8n-nodes-base.httpRequest", "typeVersion": 4.2, "position": [0, 0],
     "credentials": {"httpHeaderAuth": {"id": "Xk2PqR7sT9uV1wYz", "name": "Acme header"}}},
    {"parameters": {}, "name": "Sheet", "type": "n8n-nodes-base.googleSheets", "typeVersion": 1, "position": [0, 0],
     "credentials": {"googleSheetsOAuth2Api": "n8ndocsburner-googlesheets"}}
  ],
  "connections": {}
}`
	// A Flowise node names its credential by id: no secret either.
	flow := `{"nodes": [{"id": "chatOpenAI_0", "data": {"name": "chatOpenAI", "category": "Chat Models",
  "inputs": {"modelName": "gpt-4o-mini"}, "credential": "8c4b1c2e-5f7a-4c3d-9e1f-2a3b4c5d6e7f"}}], "edges": []}`
	res := scanFS(t, fstest.MapFS{"workflows/geo.json": {Data: []byte(workflow)}, "flows/chat.json": {Data: []byte(flow)}}, Options{})
	got := map[string]string{}
	for _, s := range res.Secrets {
		if s.Where != "export" || s.File != "workflows/geo.json" {
			t.Errorf("secret %+v: want where export in workflows/geo.json", s)
		}
		got[s.Rule] = s.Key
		if strings.Contains(s.Excerpt, google[8:]) || strings.Contains(s.Excerpt, bearer[8:]) {
			t.Errorf("excerpt %q shows the secret", s.Excerpt)
		}
	}
	if len(res.Secrets) != 2 || got["gcp-api-key"] != "url" || got["generic-high-entropy"] != "Authorization" {
		t.Errorf("secrets %v, want the Google key under url and the bearer token under Authorization", got)
	}
}
