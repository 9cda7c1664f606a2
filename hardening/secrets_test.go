package hardening

import (
	"encoding/base64"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// fakeGen makes format-valid fake secrets, the same ones in every run.
type fakeGen struct{ r *rand.Rand }

func newFakeGen() *fakeGen { return &fakeGen{rand.New(rand.NewPCG(1, 2))} }

func (g *fakeGen) of(alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[g.r.IntN(len(alphabet))]
	}
	return string(b)
}

const (
	alnum    = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	extAlnum = alnum + "_-"
	hexd     = "0123456789abcdef"
	alpha    = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	upper27  = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	b64      = alnum + "+/"
)

func (g *fakeGen) pem() string {
	var b strings.Builder
	b.WriteString("-----BEGIN RSA PRIVATE KEY-----\n")
	for range 6 {
		b.WriteString(g.of(b64, 64) + "\n")
	}
	b.WriteString("-----END RSA PRIVATE KEY-----")
	return b.String()
}

func (g *fakeGen) jwt() string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." +
		enc([]byte(`{"sub":"`+g.of(alnum, 12)+`","iat":1716239022}`)) + "." + g.of(extAlnum, 43)
}

// secretSamples are positive and negative samples per rule. A positive
// sample is found whole under its rule, written in a dotenv line; a
// negative one gives no finding at all.
func secretSamples() map[string]struct{ pos, neg []string } {
	g := newFakeGen()
	return map[string]struct{ pos, neg []string }{
		"private-key": {pos: []string{g.pem(), `"private_key": "` + strings.ReplaceAll(g.pem(), "\n", `\n`) + `"`},
			neg: []string{"-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----", "-----BEGIN PUBLIC KEY-----\n" + g.of(b64, 64) + "\n-----END PUBLIC KEY-----",
				"b.WriteString(\"-----BEGIN RSA PRIVATE KEY-----\\n\")\nfor range 6 {\n\tb.WriteString(g.of(b64, 64) + \"\\n\")\n}\nb.WriteString(\"-----END RSA PRIVATE KEY-----\")"}},
		"anthropic-api-key": {pos: []string{"sk-ant-api03-" + g.of(extAlnum, 93) + "AA", "sk-ant-admin01-" + g.of(extAlnum, 93) + "AA"},
			neg: []string{"sk-ant-api03-" + g.of(extAlnum, 93) + "BB", "sk-ant-api03-" + g.of(extAlnum, 40) + "AA", "sk-ant-your-key-here"}},
		"anthropic-oauth-token": {pos: []string{"sk-ant-oat01-" + g.of(extAlnum, 100)}, neg: []string{"sk-ant-oat01-tooShort"}},
		"openrouter-api-key": {pos: []string{"sk-or-v1-" + g.of(hexd, 64)},
			neg: []string{"sk-or-v1-g" + g.of(hexd, 63), "sk-or-v1-" + g.of(hexd, 63)}},
		"openai-api-key": {pos: []string{"sk-proj-" + g.of(extAlnum, 74) + "T3BlbkFJ" + g.of(extAlnum, 74), "sk-" + g.of(alnum, 20) + "T3BlbkFJ" + g.of(alnum, 20)},
			neg: []string{"sk-proj-" + g.of(extAlnum, 40), "sk-your-openai-key", "sk-xxxxxxxxxxxxxxxxxxxxT3BlbkFJxxxxxxxxxxxxxxxxxxxx"}},
		"groq-api-key": {pos: []string{"gsk_" + g.of(alnum, 48)}, neg: []string{"gsk_" + strings.Repeat("x", 48)}},
		"xai-api-key":  {pos: []string{"xai-" + g.of(alnum, 80)}, neg: []string{"xai-" + strings.Repeat("x", 80)}},
		"github-pat": {pos: []string{"ghp_" + g.of(alnum, 36)},
			neg: []string{"ghp_" + strings.Repeat("x", 36), "ghp_" + strings.Repeat("0", 37)}},
		"github-fine-grained-pat": {pos: []string{"github_pat_" + g.of(alnum, 22) + "_" + g.of(alnum, 59)},
			neg: []string{"github_pat_" + strings.Repeat("x", 82)}},
		"github-token":      {pos: []string{"gho_" + g.of(alnum, 36), "ghs_" + g.of(alnum, 36)}, neg: []string{"ghs_" + strings.Repeat("x", 36)}},
		"aws-access-key-id": {pos: []string{"AKIA" + g.of(upper27, 16)}, neg: []string{"AKIAIOSFODNN7EXAMPLE", "AKIAXXXXXXXXXXXXXXXX"}},
		"gcp-api-key":       {pos: []string{"AIza" + g.of(extAlnum, 35)}, neg: []string{"AIza" + strings.Repeat("a", 35), "AIza" + g.of(alnum, 20)}},
		"slack-token": {pos: []string{"xoxb-" + g.of("0123456789", 13) + "-" + g.of("0123456789", 12) + "-" + g.of(alnum, 24)},
			neg: []string{"xoxb-your-bot-token", "xoxb-xxxxxxxxx-xxxxxxxxxx-xxxxxxxxxxxx"}},
		"stripe-api-key": {pos: []string{"sk_live_" + g.of(alnum, 24), "rk_test_" + g.of(alnum, 24)},
			neg: []string{"sk_live_xxxxxxxxxxxxxxxxxxxxxxxx", "pk_live_" + g.of(alnum, 24)}},
		"huggingface-token": {pos: []string{"hf_" + g.of(alpha, 34)}, neg: []string{"hf_" + strings.Repeat("x", 34)}},
		"jwt":               {pos: []string{g.jwt()}, neg: []string{"eyJhbGciOi.eyJzdWIi.abc"}},
		"db-url-password": {pos: []string{"postgres://app:" + g.of(alnum, 14) + "@db.internal:5432/app", "mongodb+srv://svc:" + g.of(alnum, 12) + "@cluster0.example.net/db"},
			neg: []string{"postgres://app:${DB_PASSWORD}@db:5432/app", "postgresql://user:password@localhost/app", "postgres://localhost:5432/app", "redis://:<password>@cache:6379"}},
		"generic-high-entropy": {pos: []string{"MCP_SERVER_TOKEN=" + g.of(alnum, 32), "API_KEY=\"" + g.of(extAlnum, 40) + "\""},
			neg: []string{"API_KEY=changeme", "TOKEN_URL=https://auth.example.com/oauth/token", "AUTH_PROVIDER=dynamic_discovery_provider",
				"PASSWORD=${PASSWORD}", "GITHUB_TOKEN=your-github-token-here", "API_KEY=" + strings.Repeat("ab", 10), "SECRET_NAME=" + g.of(alnum, 24)}},
	}
}

// Each rule finds its positive samples and none of the negative ones; the
// test never prints a sample, only its rule and index.
func TestSecretRules(t *testing.T) {
	for rule, s := range secretSamples() {
		t.Run(rule, func(t *testing.T) {
			for i, sample := range s.pos {
				line := sample
				if rule != "generic-high-entropy" {
					line = "VALUE=" + sample
				}
				found := scanSecretsText("x.env", []byte(line+"\n"), "env-file")
				if len(found) != 1 || found[0].Rule != rule {
					var got []string
					for _, f := range found {
						got = append(got, f.Rule+" "+f.Redacted)
					}
					t.Errorf("positive sample %d: got %v, want one %s", i, got, rule)
					continue
				}
				if strings.Contains(found[0].Excerpt, sample) && rule != "generic-high-entropy" {
					t.Errorf("positive sample %d: the excerpt holds the secret", i)
				}
			}
			for i, sample := range s.neg {
				line := sample
				if rule != "generic-high-entropy" {
					line = "VALUE=" + sample
				}
				if found := scanSecretsText("x.env", []byte(line+"\n"), "env-file"); len(found) != 0 {
					t.Errorf("negative sample %d: found %s (%s)", i, found[0].Rule, found[0].Redacted)
				}
			}
		})
	}
	for _, r := range secretRules {
		if _, ok := secretSamples()[r.id]; !ok {
			t.Errorf("rule %s has no samples", r.id)
		}
	}
}

// Secrets never reach a fact in clear: not in the redacted form, the
// excerpt or the hash.
func TestSecretsNeverPrinted(t *testing.T) {
	for rule, s := range secretSamples() {
		for i, sample := range s.pos {
			for _, f := range scanSecretsText("a.py", []byte("x = 1\nKEY = \""+sample+"\"  # prod\n"), "source") {
				secretPart := sample
				if _, v, ok := strings.Cut(sample, "="); ok && rule == "generic-high-entropy" {
					secretPart = strings.Trim(v, `"`)
				}
				for _, field := range []string{f.Redacted, f.Excerpt, f.Hash, f.ID, f.Key} {
					if len(secretPart) > 8 && strings.Contains(field, secretPart[len(secretPart)/2:]) {
						t.Errorf("%s sample %d: a fact field holds part of the secret", rule, i)
					}
				}
			}
		}
	}
}

func TestRedact(t *testing.T) {
	g := newFakeGen()
	openai := "sk-proj-" + g.of(extAlnum, 74) + "T3BlbkFJ" + g.of(extAlnum, 74)
	tests := []struct{ name, rule, in, want string }{
		{"openai keeps sk-", "openai-api-key", openai, "sk-…(redacted, 164 chars)"},
		{"github keeps ghp_", "github-pat", "ghp_" + g.of(alnum, 36), "ghp_…(redacted, 40 chars)"},
		{"aws keeps two letters", "aws-access-key-id", "AKIA" + g.of(upper27, 16), "AK…(redacted, 20 chars)"},
		{"password keeps nothing", "db-url-password", "hunter2hunter2", "…(redacted, 14 chars)"},
		{"short value keeps nothing", "generic-high-entropy", "ab-cdefg", "…(redacted, 8 chars)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := redact(tt.rule, tt.in); got != tt.want {
				t.Errorf("redact = %q, want %q", got, tt.want)
			}
		})
	}
	if got := redact("private-key", g.pem()); !regexp.MustCompile(`^-----BEGIN RSA PRIVATE KEY-----…\(redacted, \d+ chars\)$`).MatchString(got) {
		t.Errorf("private key redacted as %q", got)
	}
}

func TestPlaceholders(t *testing.T) {
	for _, v := range []string{"${GITHUB_TOKEN}", "${env:API_KEY}", "${input:api-key}", "{env:CONTEXT7_API_KEY}", "$DB_URL",
		"%API_KEY%", "${DATABASE_URL:-postgresql://localhost/app}", "<your-api-key>", "${{ secrets.MCP_TOKEN }}", "Bearer ${API_TOKEN}",
		"YOUR_API_KEY", "xoxb-your-bot-token", ""} {
		if !isPlaceholder(v) {
			t.Errorf("isPlaceholder(%q) = false", v)
		}
	}
	for _, v := range []string{"s3cr3t-V4lue-9f8e7d", "ghp_" + newFakeGen().of(alnum, 36)} {
		if isPlaceholder(v) {
			t.Errorf("a literal value counts as a placeholder")
		}
	}
}

// Any text, scanned for secrets and indicators, never panics.
func FuzzTextScanners(f *testing.F) {
	for _, s := range []string{"KEY=ghp_abc", "-----BEGIN PRIVATE KEY-----\n", "<IMPORTANT>\u200b\U000E0041", "postgres://a:b@c", "x := \"" + strings.Repeat("A", 50) + "\""} {
		f.Add(s)
	}
	c, err := indicatorCatalogue()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		scanSecretsText("a.env", []byte(s), "env-file")
		scanSecretsText("a.py", []byte(s), "source")
		scanSecretValue("API_KEY", s)
		indicators(c, &SourceServer{Name: "x", Instructions: &Text{Text: s}, Tools: []Tool{{Name: s, Description: s, Params: []Param{{Name: s, Description: s}}}}})
	})
}
