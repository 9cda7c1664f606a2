package secrets

import (
	"encoding/base64"
	"math/rand/v2"
	"slices"
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
	digits   = "0123456789"
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

// supabaseKey is a Supabase API key of a role, as its dashboard issues it.
func (g *fakeGen) supabaseKey(iss, role string) string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." +
		enc([]byte(`{"iss":"`+iss+`","ref":"`+g.of(alnum[:26], 20)+`","role":"`+role+`","iat":1719257579,"exp":2034833579}`)) + "." + g.of(extAlnum, 43)
}

// samples are positive and negative samples per rule (gitleaks style). A
// positive sample is found whole under its rule, written in a dotenv line;
// a negative one gives no finding at all. The samples of the rules that
// came from hardening are hardening/secrets_test.go's.
func samples() map[string]struct{ pos, neg []string } {
	g := newFakeGen()
	return map[string]struct{ pos, neg []string }{
		"private-key": {pos: []string{g.pem(), `"private_key": "` + strings.ReplaceAll(g.pem(), "\n", `\n`) + `"`,
			strings.Replace(g.pem(), "BEGIN RSA PRIVATE", "begin rsa private", 1)},
			neg: []string{"-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----", "-----BEGIN PUBLIC KEY-----\n" + g.of(b64, 64) + "\n-----END PUBLIC KEY-----",
				"b.WriteString(\"-----BEGIN RSA PRIVATE KEY-----\\n\")\nfor range 6 {\n\tb.WriteString(g.of(b64, 64) + \"\\n\")\n}\nb.WriteString(\"-----END RSA PRIVATE KEY-----\")"}},
		"anthropic-api-key": {pos: []string{"sk-ant-api03-" + g.of(extAlnum, 93) + "AA", "sk-ant-admin01-" + g.of(extAlnum, 93) + "AA"},
			neg: []string{"sk-ant-api03-" + g.of(extAlnum, 93) + "BB", "sk-ant-api03-" + g.of(extAlnum, 40) + "AA", "sk-ant-your-key-here",
				"xsk-ant-api03-" + g.of(alnum, 93) + "AA", "sk-ant-api03-" + g.of(alnum, 93) + "AAx"}},
		"anthropic-oauth-token": {pos: []string{"sk-ant-oat01-" + g.of(extAlnum, 100), "sk-ant-ort01-" + g.of(alnum, 40)},
			neg: []string{"sk-ant-oat01-tooShort", "sk-ant-oat02-" + g.of(alnum, 60)}},
		"openrouter-api-key": {pos: []string{"sk-or-v1-" + g.of(hexd, 64), "sk-or-" + g.of(hexd, 64)},
			neg: []string{"sk-or-v1-g" + g.of(hexd, 63), "sk-or-v1-" + g.of(hexd, 63), "sk-or-v1-" + g.of(hexd, 65)}},
		"openai-api-key": {pos: []string{"sk-proj-" + g.of(extAlnum, 74) + "T3BlbkFJ" + g.of(extAlnum, 74), "sk-" + g.of(alnum, 20) + "T3BlbkFJ" + g.of(alnum, 20),
			"sk-svcacct-" + g.of(extAlnum, 58) + "T3BlbkFJ" + g.of(extAlnum, 58)},
			neg: []string{"sk-proj-" + g.of(extAlnum, 40), "sk-your-openai-key", "sk-xxxxxxxxxxxxxxxxxxxxT3BlbkFJxxxxxxxxxxxxxxxxxxxx", "sk-" + g.of(alnum, 20) + "T3BlbkFj" + g.of(alnum, 20)}},
		"groq-api-key": {pos: []string{"gsk_" + g.of(alnum, 48)}, neg: []string{"gsk_" + strings.Repeat("x", 48), "gsk_" + g.of(alnum, 47), "gsk_" + g.of(alnum, 49)}},
		"xai-api-key":  {pos: []string{"xai-" + g.of(alnum, 80)}, neg: []string{"xai-" + strings.Repeat("x", 80), "xai-" + g.of(alnum, 79)}},
		// betterleaks replicate.go: r8_ and 37 alphanumerics; too short and wrong prefix are its false positives.
		"replicate-api-token": {pos: []string{"r8_" + g.of(alnum, 37)},
			neg: []string{"r8_" + g.of(alnum, 27), "r9_" + g.of(alnum, 37), "r8_" + strings.Repeat("a", 37), "r8_" + g.of(alnum, 40)}},
		// gitleaks pinecone.go: pcsk_, 5 or 6 alphanumerics, _, 63 alphanumerics.
		"pinecone-api-key": {pos: []string{"pcsk_" + g.of(alnum, 5) + "_" + g.of(alnum, 63), "pcsk_" + g.of(alnum, 6) + "_" + g.of(alnum, 63)},
			neg: []string{"pcsk_abcde_tooShort", "pccm_abcde_" + g.of(alnum, 63), "pcsk_" + g.of(alnum, 5) + "_" + g.of(alnum, 64)}},
		"github-pat": {pos: []string{"ghp_" + g.of(alnum, 36)},
			neg: []string{"ghp_" + strings.Repeat("x", 36), "ghp_" + strings.Repeat("0", 37), "ghp_" + g.of(alnum, 35)}},
		"github-fine-grained-pat": {pos: []string{"github_pat_" + g.of(alnum, 22) + "_" + g.of(alnum, 59)},
			neg: []string{"github_pat_" + strings.Repeat("x", 82), "github_pat_" + g.of(alnum, 40)}},
		"github-token": {pos: []string{"gho_" + g.of(alnum, 36), "ghs_" + g.of(alnum, 36), "ghu_" + g.of(alnum, 36), "ghr_" + g.of(alnum, 36)},
			neg: []string{"ghs_" + strings.Repeat("x", 36), "ght_" + g.of(alnum, 36)}},
		"aws-access-key-id": {pos: []string{"AKIA" + g.of(upper27, 16), "ASIA" + g.of(upper27, 16), "A3TX" + g.of(upper27, 16)},
			neg: []string{"AKIAIOSFODNN7EXAMPLE", "AKIAXXXXXXXXXXXXXXXX", "AKIA" + g.of(upper27, 17), "xAKIA" + g.of(upper27, 16)}},
		"gcp-api-key": {pos: []string{"AIza" + g.of(extAlnum, 35)}, neg: []string{"AIza" + strings.Repeat("a", 35), "AIza" + g.of(alnum, 20)}},
		"slack-token": {pos: []string{"xoxb-" + g.of(digits, 13) + "-" + g.of(digits, 12) + "-" + g.of(alnum, 24),
			"xoxp-" + g.of(digits, 12) + "-" + g.of(digits, 12) + "-" + g.of(digits, 12) + "-" + g.of(hexd, 32),
			"xapp-1-A" + g.of(upper27, 10) + "-" + g.of(digits, 13) + "-" + g.of(hexd, 64), "XAPP-1-A" + g.of(upper27, 10) + "-" + g.of(digits, 13) + "-" + g.of(hexd, 64)},
			neg: []string{"xoxb-your-bot-token", "xoxb-xxxxxxxxx-xxxxxxxxxx-xxxxxxxxxxxx", "xoxz-" + g.of(alnum, 30)}},
		// gitleaks vault.go: hvs. and 90–120, hvb. and 138–300 word characters.
		"vault-token": {pos: []string{"hvs.CAESI" + g.of(extAlnum, 91), "hvb.AAAAAQ" + g.of(extAlnum, 140)},
			neg: []string{"hvs." + g.of(alnum, 40), "hvs." + strings.Repeat("x", 95), "hvx." + g.of(alnum, 95)}},
		"stripe-api-key": {pos: []string{"sk_live_" + g.of(alnum, 24), "rk_test_" + g.of(alnum, 24), "sk_prod_" + g.of(alnum, 99)},
			neg: []string{"sk_live_xxxxxxxxxxxxxxxxxxxxxxxx", "pk_live_" + g.of(alnum, 24), "pk_test_" + g.of(alnum, 24), "sk_live_" + g.of(alnum, 100)}},
		// gitleaks facebook.go: EAAM or EAAC, then 100 or more alphanumerics.
		"facebook-access-token": {pos: []string{"EAAM" + g.of(alnum, 120), "EAAC" + g.of(alnum, 100)},
			neg: []string{"EAAB" + g.of(alnum, 120), "EAAC" + g.of(alnum, 99), "EAAM" + strings.Repeat("x", 120), "xEAAC" + g.of(alnum, 120)}},
		"huggingface-token": {pos: []string{"hf_" + g.of(alpha, 34)}, neg: []string{"hf_" + strings.Repeat("x", 34), "hf_" + g.of(alpha, 35)}},
		// A Supabase anon key (and its publishable successor) is public by design; its service_role key is not.
		"jwt": {pos: []string{g.jwt(), g.supabaseKey("supabase", "service_role")}, neg: []string{"eyJhbGciOi.eyJzdWIi.abc", "xey" + g.jwt()[2:],
			"SUPABASE_ANON_KEY=" + g.supabaseKey("supabase", "anon"), "SUPABASE_PUBLIC_API_KEY=" + g.supabaseKey("supabase-demo", "anon"),
			"SUPABASE_KEY=sb_publishable_" + g.of(alnum, 31)}},
		"db-url-password": {pos: []string{"postgres://app:" + g.of(alnum, 14) + "@db.internal:5432/app", "mongodb+srv://svc:" + g.of(alnum, 12) + "@cluster0.a1b2c.mongodb.net/db",
			"REDIS_URL=rediss://default:" + g.of(alnum, 20) + "@cache.acme.io:6380", "MySQL://root:" + g.of(alnum, 10) + "@localhost/db"},
			neg: []string{"postgres://app:${DB_PASSWORD}@db:5432/app", "postgresql://user:password@localhost/app", "postgres://localhost:5432/app", "redis://:<password>@cache:6379",
				"https://user:" + g.of(alnum, 12) + "@example.com", "postgres://app:$(cat /run/secrets/db)@db/app", "xpostgres://app:" + g.of(alnum, 12) + "@db/app",
				"regexp.MustCompile(`(postgres://[^:\\s]+:)[^@]+(@)`)", "mysql://[^:]+:[^@]+@",
				// an image's default login and documentation hosts (langgraph's checkpoint-postgres README; RFC 2606)
				`DB_URI = "postgres://postgres:postgres@localhost:5432/postgres?sslmode=disable"`, "postgresql://benchmark:benchmark@localhost/bench",
				"mysql://admin:" + g.of(alnum, 12) + "@db.example.com:3306/prod", "rediss://user:" + g.of(alnum, 12) + "@hostname:6380"}},
		"generic-high-entropy": {pos: []string{"MCP_SERVER_TOKEN=" + g.of(alnum, 32), "API_KEY=\"" + g.of(extAlnum, 40) + "\""},
			neg: []string{"API_KEY=changeme", "TOKEN_URL=https://auth.example.com/oauth/token", "AUTH_PROVIDER=dynamic_discovery_provider",
				"PASSWORD=${PASSWORD}", "GITHUB_TOKEN=your-github-token-here", "API_KEY=" + strings.Repeat("ab", 10), "SECRET_NAME=" + g.of(alnum, 24),
				"MONKEY=" + g.of(alnum, 32), "MAX_TOKENS=4096",
				// a JSON list of placeholders (coleam00/ottomator-agents' streambuzz-agent/.env.example)
				`YOUTUBE_API_KEY_BUNCHES='[{"api_key":"API_KEY_1","client_id":"CLIENT_ID_1","client_secret":"CLIENT_SECRET_1"}]'`}},
	}
}

// Each rule finds its positive samples and none of the negative ones; the
// test never prints a sample, only its rule and index.
func TestRules(t *testing.T) {
	all := samples()
	for rule, s := range all {
		t.Run(rule, func(t *testing.T) {
			for i, sample := range s.pos {
				line := sample
				if rule != GenericID {
					line = "VALUE=" + sample
				}
				found := ScanText([]byte(line+"\n"), true)
				if len(found) != 1 || found[0].Rule.ID != rule {
					var got []string
					for _, f := range found {
						got = append(got, f.Rule.ID)
					}
					t.Errorf("positive sample %d: got %v, want one %s", i, got, rule)
					continue
				}
				if secret := line[found[0].Start:found[0].End]; !strings.Contains(sample, secret) || 2*len(secret) < len(sample) && rule != "db-url-password" {
					t.Errorf("positive sample %d: the match is not the sample's secret", i)
				}
			}
			for i, sample := range s.neg {
				line := sample
				if rule != GenericID {
					line = "VALUE=" + sample
				}
				if found := ScanText([]byte(line+"\n"), true); len(found) != 0 {
					t.Errorf("negative sample %d: found %s", i, found[0].Rule.ID)
				}
			}
		})
	}
	for _, r := range Rules() {
		if _, ok := all[r.ID]; !ok {
			t.Errorf("rule %s has no samples", r.ID)
		}
		if r.Description == "" {
			t.Errorf("rule %s has no description", r.ID)
		}
	}
	if len(Rules()) != len(oracleRules)+1 {
		t.Errorf("%d rules, the oracle has %d and the keyed rule", len(Rules()), len(oracleRules))
	}
}

// Rules returns a copy: changing it leaves the catalogue alone.
func TestRulesCopy(t *testing.T) {
	rs := Rules()
	rs[0].ID = "changed"
	if Rules()[0].ID == "changed" {
		t.Error("Rules shares the catalogue")
	}
}

func TestScanValue(t *testing.T) {
	g := newFakeGen()
	ghp := "ghp_" + g.of(alnum, 36)
	tok := g.of(alnum, 32)
	for _, tc := range []struct {
		key, value, rule, secret string
	}{
		{"GITHUB_TOKEN", ghp, "github-pat", ghp},
		{"Authorization", "Bearer " + tok, GenericID, tok},
		{"Authorization", "Bearer ${TOKEN}", "", ""},
		{"X-Api-Key", tok, GenericID, tok},
		{"X-Api-Key", "${env:KEY}", "", ""},
		{"", tok, "", ""},
		{"MODE", tok, "", ""},
		{"url", "postgres://app:" + tok[:14] + "@db/app", "db-url-password", tok[:14]},
	} {
		ms := ScanValue(tc.key, tc.value)
		if tc.rule == "" {
			if len(ms) != 0 {
				t.Errorf("ScanValue(%q, …) found %s", tc.key, ms[0].Rule.ID)
			}
			continue
		}
		if len(ms) != 1 || ms[0].Rule.ID != tc.rule || tc.value[ms[0].Start:ms[0].End] != tc.secret || ms[0].Key != tc.key {
			t.Errorf("ScanValue(%q, …) = %d matches, want one %s of the secret", tc.key, len(ms), tc.rule)
		}
	}
}

// ScanText gives the oracle's matches on every sample, written in dotenv
// lines, in source assignments, in prose and all in one text.
func TestScanTextMatchesOracle(t *testing.T) {
	var texts []string
	var all strings.Builder
	for _, rule := range slices.Sorted(mapKeys(samples())) {
		s := samples()[rule]
		for _, v := range append(s.pos, s.neg...) {
			for _, text := range []string{
				"VALUE=" + v + "\n",
				v,
				"x = 1\nKEY = \"" + v + "\"  # prod\n",
				"const client = new Client({ apiKey: '" + v + "', token: `" + v + "` });\n",
				"see " + v + ", and " + v + ".",
				"export API_KEY=" + v + "\n" + "PASSWORD='" + v + "'\n",
				`{"auth_token": "` + v + `", "secret": "` + v + `"}`,
			} {
				texts = append(texts, text)
				all.WriteString(text + "\n")
			}
		}
	}
	texts = append(texts, all.String())
	texts = append(texts, oracleSeeds...)
	for i, text := range texts {
		for _, dotenv := range []bool{false, true} {
			got, want := asOracle(ScanText([]byte(text), dotenv)), newOracle.scanText([]byte(text), dotenv)
			if !slices.Equal(got, want) {
				t.Errorf("text %d (dotenv %v): ScanText gives %d matches, the oracle %d\n got %v\nwant %v", i, dotenv, len(got), len(want), rules(got), rules(want))
			}
		}
		if got, want := asOracle(ScanValue("API_KEY", text)), newOracle.scanValue("API_KEY", text); !slices.Equal(got, want) {
			t.Errorf("text %d: ScanValue gives %v, the oracle %v", i, rules(got), rules(want))
		}
	}
}

func rules(ms []oracleMatch) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.rule)
	}
	return out
}

func mapKeys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// oracleSeeds are edge cases of the fast paths: anchors at the start and
// end of a text, a match ending at the end, overlapping candidates,
// several URLs, Unicode folding and invalid UTF-8.
var oracleSeeds = []string{
	"",
	"ghp_",
	"sk-",
	"://",
	"@",
	"postgres://a:b@",
	"postgres://a:b@c postgres://d:e@f",
	"mysql://u:p@h/mysql://v:q@h",
	"xmysql://u:pw12345@h +mysql://u:pw12345@h",
	"mongodb+srv://u:pw12345@h srv://u:pw12345@h",
	"myſql://u:pw12345@h", // the long s folds to s under (?i)
	"cocKroachdb://u:pw12345@h",
	"postgres://u:pa:ss:word@h",
	"postgres://u@h:5432/db",
	"é postgres://u:pw12345@h",
	"\xffpostgres://u:pw12345@h",
	"\x84\x84mysql://u:pw12345@h",
	"ghp_ghp_ghp_ghp_ghp_ghp_ghp_ghp_ghp_ghp_ghp_",
	"AKIAAKIAAKIAAKIAAKIAAKIAAKIA",
	"AKIA2345ABCDEFGHIJKLMNOP",
	"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
	"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0.",
	"keyeyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0.abcdefghijkl",
	"xapp-1-A\u212a12-1234-abcdef",
	"xapp-1-Aſ12-1234-abcdef",
	"XaPp-1-ABC-1-abc",
	"xoxa-1-abcdefgh",
	"-----begin private key-----\n" + strings.Repeat("QUJD", 20) + "\n-----end private key-----",
	"-----BEGIN OPENSSH PRIVATE KEY-----\\n" + strings.Repeat("QUJD", 20) + "\\n-----END OPENSSH PRIVATE KEY-----",
	"-----BEGIN-----BEGIN RSA PRIVATE KEY-----\n" + strings.Repeat("QUJD", 20) + "\n-----END RSA PRIVATE KEY-----",
	"token = \"" + strings.Repeat("aB3", 8) + "\"\napi_key: '" + strings.Repeat("Zq9", 8) + "'\nx_pat-y = \"" + strings.Repeat("Pq7", 8) + "\"",
	"pat=\"" + strings.Repeat("Pq7", 8) + "\" 9pat = \"" + strings.Repeat("Pq7", 8) + "\" xpat = \"" + strings.Repeat("Pq7", 8) + "\"",
	"a = \"xxxxxxxxxxxxxxxxxxxxxxx\", token = \"" + strings.Repeat("aB3", 8) + "\"",
	"apiKey := \"" + strings.Repeat("aB3", 8) + "\"",
	"\"password\" : \"" + strings.Repeat("aB3", 8) + "\"",
	"pwd=`" + strings.Repeat("aB3", 8) + "`",
	"PRIVATE-KEY='" + strings.Repeat("aB3", 8) + "'",
	"AccessKey = '" + strings.Repeat("aB3", 8) + "'",
	"mykey = '" + strings.Repeat("aB3", 8) + "'",
	"export AUTH_TOKEN=" + strings.Repeat("aB3", 8) + "\n  GITHUB.PAT = " + strings.Repeat("aB3", 8) + "\nbearer=Bearer " + strings.Repeat("aB3", 8),
	"token=\"ghp_" + strings.Repeat("aB3", 12) + "\"",
	"auth: \"Bearer " + strings.Repeat("aB3", 8) + "\"\r\n",
	"secret\n= \"" + strings.Repeat("aB3", 8) + "\"",
	"Secret =\t\"" + strings.Repeat("aB3", 8),
}

// Every anchor is found by its hook pass: a case-insensitive rule's hook
// is not a letter (the pass looks for one byte value), its anchors are
// lower case, and each anchor is in the hook table.
func TestHooks(t *testing.T) {
	seen := map[string]bool{}
	for b, as := range hooks {
		for _, a := range as {
			if a.lit[a.hook] != b {
				t.Errorf("anchor %q hooked on %q at %d", a.lit, b, a.hook)
			}
			r := catalogue[a.rule]
			if r.fold && (b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z') {
				t.Errorf("%s: case-insensitive anchor %q hooked on a letter", r.ID, a.lit)
			}
			if r.fold && strings.ToLower(a.lit) != a.lit {
				t.Errorf("%s: case-insensitive anchor %q is not lower case", r.ID, a.lit)
			}
			seen[r.ID+" "+a.lit] = true
		}
	}
	for _, r := range catalogue {
		if len(r.anchors) == 0 && r.ID != "db-url-password" {
			t.Errorf("%s has no anchor", r.ID)
		}
		for _, a := range r.anchors {
			if !seen[r.ID+" "+a] {
				t.Errorf("%s: anchor %q has no hook", r.ID, a)
			}
		}
	}
}

// A JSON value under a credential's name is read member by member: a list
// of placeholders is no secret, a member holding a key is one, under the
// member's name.
func TestKeyedJSONValue(t *testing.T) {
	g := newFakeGen()
	secret := g.of(alnum, 32)
	for _, tc := range []struct {
		text, key string
		dotenv    bool
	}{
		{`YOUTUBE_API_KEY_BUNCHES='[{"api_key":"API_KEY_1","client_secret":"CLIENT_SECRET_1"}]'` + "\n", "", true},
		{`GOOGLE_API_KEY_JSON='{"client_secret":"` + secret + `"}'` + "\n", "client_secret", true},
		{`creds_token = '{"client_secret": "` + secret + `"}'` + "\n", "client_secret", false},
	} {
		ms := ScanText([]byte(tc.text), tc.dotenv)
		switch {
		case tc.key == "" && len(ms) != 0:
			t.Errorf("%s: %d matches, want none", tc.text, len(ms))
		case tc.key != "" && (len(ms) != 1 || ms[0].Key != tc.key || tc.text[ms[0].Start:ms[0].End] != secret):
			t.Errorf("%s: %+v, want the member %s", tc.text, ms, tc.key)
		}
	}
}

// A value a Python f-string builds from its format fields holds no key
// (pydantic/logfire-mcp prints a token's two ends); a key written beside a
// field still is one.
func TestKeyedFormatFields(t *testing.T) {
	g := newFakeGen()
	secret := g.of(alnum, 32)
	for _, tc := range []struct {
		text, want string
	}{
		{"print(f'logfire_read_token: `{logfire_read_token[:12]}...{logfire_read_token[-5:]}` from {source}\\n')\n", ""},
		{"headers = f'api_token: Bearer {token}'\n", ""},
		{"print(f'api_token: `" + secret + "{suffix}`')\n", secret + "{suffix}"},
	} {
		ms := ScanText([]byte(tc.text), false)
		switch {
		case tc.want == "" && len(ms) != 0:
			t.Errorf("%s: %d matches, want none", tc.text, len(ms))
		case tc.want != "" && (len(ms) != 1 || tc.text[ms[0].Start:ms[0].End] != tc.want):
			t.Errorf("sample with a key: %d matches, want the key and its field", len(ms))
		}
	}
}
