package secrets

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// hardening/secrets_test.go TestRedact.
func TestRedact(t *testing.T) {
	g := newFakeGen()
	openai := "sk-proj-" + g.of(extAlnum, 74) + "T3BlbkFJ" + g.of(extAlnum, 74)
	tests := []struct{ name, rule, in, want string }{
		{"openai keeps sk-", "openai-api-key", openai, "sk-…(redacted, 164 chars)"},
		{"github keeps ghp_", "github-pat", "ghp_" + g.of(alnum, 36), "ghp_…(redacted, 40 chars)"},
		{"aws keeps two letters", "aws-access-key-id", "AKIA" + g.of(upper27, 16), "AK…(redacted, 20 chars)"},
		{"password keeps nothing", "db-url-password", "hunter2hunter2", "…(redacted, 14 chars)"},
		{"short value keeps nothing", GenericID, "ab-cdefg", "…(redacted, 8 chars)"},
		{"generic keeps nothing without a separator", GenericID, "Zx8Kq2Lw9Pm4Rt7Y", "…(redacted, 16 chars)"},
		{"a non-ASCII prefix is not kept", "jwt", "éé" + g.of(alnum, 20), "…(redacted, 24 chars)"},
		{"empty", GenericID, "", "…(redacted, 0 chars)"},
		{"a private key without a header", "private-key", "abc\ndefghijklmnop", "ab…(redacted, 17 chars)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Redact(tt.rule, tt.in); got != tt.want {
				t.Errorf("Redact = %q, want %q", got, tt.want)
			}
		})
	}
	if got := Redact("private-key", g.pem()); !regexp.MustCompile(`^-----BEGIN RSA PRIVATE KEY-----…\(redacted, \d+ chars\)$`).MatchString(got) {
		t.Errorf("private key redacted as %q", got)
	}
}

func TestHash(t *testing.T) {
	if got := Hash("hunter2"); got != "sha256:f52fbd32b2b3" {
		t.Errorf("Hash = %q", got)
	}
	if Hash("a") == Hash("b") {
		t.Error("two values, one hash")
	}
}

func TestRedactText(t *testing.T) {
	g := newFakeGen()
	ghp := "ghp_" + g.of(alnum, 36)
	jwt := g.jwt()
	for _, tc := range []struct{ in, want string }{
		// residency/lex_test.go TestRedact, in the one format.
		{"OPENAI_API_KEY=sk-proj-abcdefghijklmnop1234", "OPENAI_API_KEY=sk-…(redacted, 28 chars)"},
		{`client = OpenAI(api_key="sk-abcdefghijklmnopqrstu")`, `client = OpenAI(api_key="sk-…(redacted, 24 chars)")`},
		{"N8N_ENCRYPTION_KEY=Zx8Kq2Lw9Pm4Rt7Y", "N8N_ENCRYPTION_KEY=…(redacted, 16 chars)"},
		{"DATABASE_URL=postgres://app:s3cr3t-pass@db.example:5432/app", "DATABASE_URL=postgres://app:…(redacted, 11 chars)@db.example:5432/app"},
		{"Authorization: Bearer abcdef123456", "Authorization: Bearer …(redacted, 12 chars)"},
		{"aws_access_key_id = AKIAABCDEFGHIJKLMNOP", "aws_access_key_id = AK…(redacted, 20 chars)"},
		{"token: ghp_0123456789abcdefghijABCDEFGHIJ", "token: ghp_…(redacted, 34 chars)"},
		{"x = AIzaSyA1234567890abcdefghijklmnopqrs", "x = AI…(redacted, 36 chars)"},
		{"N8N_ENCRYPTION_KEY=${N8N_ENCRYPTION_KEY}", "N8N_ENCRYPTION_KEY=${N8N_ENCRYPTION_KEY}"},
		{"api_key=os.getenv(\"KEY\")", "api_key=os.getenv(\"KEY\")"},
		{"rejectUnauthorized: false", "rejectUnauthorized: false"},
		{"NODE_TLS_REJECT_UNAUTHORIZED=0", "NODE_TLS_REJECT_UNAUTHORIZED=0"},
		{"base_url=https://eu.api.openai.com/v1", "base_url=https://eu.api.openai.com/v1"},
		{"blob = 'YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY3ODkw'", "blob = '…(redacted, 48 chars)'"},
		{"x", "x"},
		// Catalogue formats anywhere in a line.
		{"see " + ghp + " in the log", "see ghp_…(redacted, 40 chars) in the log"},
		{"curl -H 'Authorization: Bearer " + ghp + "'", "curl -H 'Authorization: Bearer ghp_…(redacted, 40 chars)'"},
		{"Authorization: Basic dXNlcjpwYXNzd29yZA==", "Authorization: Basic …(redacted, 20 chars)"},
		{"cookie=" + jwt, "cookie=ey…(redacted, " + itoa(len(jwt)) + " chars)"},
		{"twice: " + ghp + " x" + ghp, "twice: ghp_…(redacted, 40 chars) xghp_…(redacted, 41 chars)"},
		{"url: https://user:hunter2x@host/mcp", "url: https://user:…(redacted, 8 chars)@host/mcp"},
		{"git clone https://" + ghp + "@github.com/o/r", "git clone https://ghp_…(redacted, 40 chars)@github.com/o/r"},
		{"https://api.example.net/mcp?token=abc123&team=core", "https://api.example.net/mcp?token=…(redacted, 6 chars)&team=core"},
		// Secret-named keys in the forms code and configs write them.
		{`{"apiKey": "Zx8Kq2Lw9Pm4", "name": "x"}`, `{"apiKey": "…(redacted, 12 chars)", "name": "x"}`},
		{"password: hunter22", "password: …(redacted, 8 chars)"},
		{"  client_secret = 'aBcDeFgHiJkLmNoPqRsT'", "  client_secret = '…(redacted, 20 chars)'"},
		{"X-Auth-Token: 9f8e7d6c5b4a", "X-Auth-Token: …(redacted, 12 chars)"},
		{"GITHUB_PAT=abc123def456", "GITHUB_PAT=…(redacted, 12 chars)"},
		{"token := \"s3cr3t-t0ken\"", "token := \"…(redacted, 12 chars)\""},
		{`"api_key" => "k3y-v4lue-x"`, `"api_key" => "…(redacted, 11 chars)"`},
		{"hf_token=hf_abcdEFGHijklMNOP", "hf_token=hf_…(redacted, 19 chars)"},
		// Settings, references and code stay as written.
		{"max_tokens=4096", "max_tokens=4096"},
		{"timeout_secs=30", "timeout_secs=30"},
		{"token_type=bearer", "token_type=bearer"},
		{"auth=true", "auth=true"},
		{"maxTokens: 8192, temperature: 0.2", "maxTokens: 8192, temperature: 0.2"},
		{"token_url: https://auth.example.com/oauth/token", "token_url: https://auth.example.com/oauth/token"},
		{"password_file: /run/secrets/db_password", "password_file: /run/secrets/db_password"},
		{"apiKey: string;", "apiKey: string;"},
		{"  token?: string | undefined", "  token?: string | undefined"},
		{"def f(api_key: Optional[str] = None, token: str = \"\"):", "def f(api_key: Optional[str] = None, token: str = \"\"):"},
		{"apiKey: config.openaiApiKey,", "apiKey: config.openaiApiKey,"},
		{"const token = await getToken(scope2)", "const token = await getToken(scope2)"},
		{"token: process.env.GITHUB_TOKEN", "token: process.env.GITHUB_TOKEN"},
		{"API_KEY=${{ secrets.API_KEY }}", "API_KEY=${{ secrets.API_KEY }}"},
		{"api_key: your-api-key-here", "api_key: your-api-key-here"},
		{`"password": "Enter your password"`, `"password": "Enter your password"`},
		{"author: jdoe2024", "author: jdoe2024"},
		{"primary_key: user_id2", "primary_key: user_id2"},
		{"if token == \"abcdef123456\" {", "if token == \"abcdef123456\" {"},
		{"from huggingface_hub import hf_hub_download", "from huggingface_hub import hf_hub_download"},
		{"Use Bearer Token authentication or basic authentication.", "Use Bearer Token authentication or basic authentication."},
		{"Authorization: Bearer ${API_TOKEN}", "Authorization: Bearer ${API_TOKEN}"},
		{"postgresql://user:password@localhost/app", "postgresql://user:password@localhost/app"},
		{"redis://:${REDIS_PASSWORD}@cache:6379", "redis://:${REDIS_PASSWORD}@cache:6379"},
		{"pk_live_" + g.of(alnum, 99), "pk_live_" + g.of(alnum, 0)[:0] + ""},
		{"sha: 356a192b7913b04c54574d18c28d46e6395428ab", "sha: 356a192b7913b04c54574d18c28d46e6395428ab"},
		{"this_is_a_very_long_function_name_for_tests_2024_edition()", "this_is_a_very_long_function_name_for_tests_2024_edition()"},
		{"src/components/dialog/ExportDialog/ExportDialogContent2.tsx", "src/components/dialog/ExportDialog/ExportDialogContent2.tsx"},
		{"sk-learn and sk-your-key", "sk-learn and sk-your-key"},
		{"…(redacted, 14 chars)", "…(redacted, 14 chars)"},
		// Over-redactions RedactText made on the corpus, now kept.
		{"apiKey: e2bApiKey,", "apiKey: e2bApiKey,"},
		{"createCredential: mockCreateCredential,", "createCredential: mockCreateCredential,"},
		{"PROTOCOL_VERSION_META_KEY: LATEST_MODERN_VERSION,", "PROTOCOL_VERSION_META_KEY: LATEST_MODERN_VERSION,"},
		{"this.configuredMaxToken = fields?.maxTokens ?? 2048", "this.configuredMaxToken = fields?.maxTokens ?? 2048"},
		{"password: credentialData?.password", "password: credentialData?.password"},
		{"progressToken: request.params._meta?.progressToken", "progressToken: request.params._meta?.progressToken"},
		{"const pageToken = 'CAEQAhgD2024'", "const pageToken = 'CAEQAhgD2024'"},
		{"key='chatflowConfiguration'", "key='chatflowConfiguration'"},
		{"keyOrange: '#ff5733',", "keyOrange: '#ff5733',"},
		{"* - access_token: OAuth2 access token", "* - access_token: OAuth2 access token"},
		{`@requirement("client-auth:pkce:s256")`, `@requirement("client-auth:pkce:s256")`},
		{`"Authorization": f"Bearer token-{i}",`, `"Authorization": f"Bearer token-{i}",`},
		{"// Basic email+password for demo", "// Basic email+password for demo"},
		{"// Define a basic NodeData schema", "// Define a basic NodeData schema"},
		{`'mcp:basic offline_access'`, `'mcp:basic offline_access'`},
		{`WWW-Authenticate: Bearer error="invalid_token", resource_metadata="https://x/.well-known/oauth-protected-resource"`,
			`WWW-Authenticate: Bearer error="invalid_token", resource_metadata="https://x/.well-known/oauth-protected-resource"`},
		{`DEMO_CLIENT_SECRET = "demo-finance-agent-secret"`, `DEMO_CLIENT_SECRET = "demo-finance-agent-secret"`},
		{"SECRETKEY_AWS_REGION=us-east-1", "SECRETKEY_AWS_REGION=us-east-1"},
		{"export class AddAgentReasoningToChatMessage1714679514451 implements MigrationInterface {",
			"export class AddAgentReasoningToChatMessage1714679514451 implements MigrationInterface {"},
		{"* Originally from 'https://ralzohairi.medium.com/audio-recording-in-javascript-96eed45b75ee'",
			"* Originally from 'https://ralzohairi.medium.com/audio-recording-in-javascript-96eed45b75ee'"},
		// The same short password elsewhere in the line would give it away.
		{"postgresql://postgres:postgres@localhost/postgres",
			"…(redacted, 8 chars)ql://…(redacted, 8 chars):…(redacted, 8 chars)@localhost/…(redacted, 8 chars)"},
	} {
		if strings.HasPrefix(tc.in, "pk_live_") {
			tc.want = tc.in // publishable: not a secret
		}
		if got := RedactText(tc.in); got != tc.want {
			t.Errorf("RedactText(%q)\n = %q\nwant %q", tc.in, got, tc.want)
		}
		// Redacting twice changes nothing.
		if got := RedactText(RedactText(tc.in)); got != RedactText(tc.in) {
			t.Errorf("RedactText twice (%q) = %q", tc.in, got)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// RedactText never leaves a catalogue secret in clear: generated lines mix
// every positive sample with prose, code and config punctuation.
func TestRedactTextProperty(t *testing.T) {
	g := newFakeGen()
	words := []string{"the", "token", "key", "is", "set", "max_tokens=4096", "auth=true", "path/to/file", "https://example.com/x?y=1",
		"Bearer", "password:", "const", "x", "=", ":", "(", ")", "{", "}", "'", "\"", ",", "#", "…", "é", "\u200b", "\t"}
	before := []string{" ", "=", ": ", "'", "\"", "(", "Bearer ", "/", "\t", "`", ", ", "\n"}
	after := []string{" ", "'", "\"", ")", "/", ",", ";", "\n", "", "&x=1"}
	n := 0
	for rule, s := range samples() {
		if rule == GenericID {
			continue
		}
		for _, secret := range s.pos {
			for range 40 {
				var b strings.Builder
				for range g.r.IntN(6) {
					b.WriteString(words[g.r.IntN(len(words))] + " ")
				}
				b.WriteString(before[g.r.IntN(len(before))] + secret + after[g.r.IntN(len(after))])
				for range g.r.IntN(6) {
					b.WriteString(" " + words[g.r.IntN(len(words))])
				}
				line := b.String()
				if len(Find([]byte(line))) == 0 {
					t.Fatalf("%s: the generated line holds no match", rule)
				}
				out := RedactText(line)
				if strings.Contains(out, secret) || rule == "db-url-password" && strings.Contains(out, secretOf(secret)) {
					t.Errorf("%s: RedactText leaves the secret in clear", rule)
				}
				if got := Excerpt(line); strings.Contains(got, secret) {
					t.Errorf("%s: Excerpt leaves the secret in clear", rule)
				}
				n++
			}
		}
	}
	t.Logf("%d lines", n)
}

// secretOf is the password of a database URL sample.
func secretOf(u string) string {
	_, rest, _ := strings.Cut(u, "://")
	userinfo, _, _ := strings.Cut(rest, "@")
	_, pass, _ := strings.Cut(userinfo, ":")
	return pass
}

func TestRedactURL(t *testing.T) {
	g := newFakeGen()
	ghp := "ghp_" + g.of(alnum, 36)
	for _, tc := range []struct{ in, want string }{
		{"https://api.example.net/mcp?token=abc123&team=core", "https://api.example.net/mcp?token=…(redacted, 6 chars)&team=…(redacted, 4 chars)"},
		{"https://user:hunter2@host:8080/mcp", "https://user:…(redacted, 7 chars)@host:8080/mcp"},
		{"https://host/" + ghp + "/sse", "https://host/ghp_…(redacted, 40 chars)/sse"},
		{"https://" + ghp + "@github.com/o/r.git", "https://ghp_…(redacted, 40 chars)@github.com/o/r.git"},
		{"https://mcp.composio.dev/composio/server/3f2504e0-4f89-11d3-9a0c-0305e82c3301/mcp", "https://mcp.composio.dev/composio/server/…(redacted, 36 chars)/mcp"},
		{"https://app.example.com/cb#access_token=abc.def&state=1", "https://app.example.com/cb#access_token=…(redacted, 7 chars)&state=…(redacted, 1 chars)"},
		{"https://docs.example.com/guide#install", "https://docs.example.com/guide#install"},
		{"A://Api.Berget.Ai#postgres://0:000000000000@", "A://Api.Berget.Ai#postgres://0:…(redacted, 12 chars)@"},                                                                                                      // found by FuzzDotenv
		{"https://api.berget.ai/$$$SUPABASE_POOLER_URL=postgresql://postgres.abcdefghijkl:FakePoolerPass1@", "https://api.berget.ai/$$$SUPABASE_POOLER_URL=postgresql://postgres.abcdefghijkl:…(redacted, 15 chars)@"}, // found by FuzzDotenv: a database URL across path segments
		{"https://x.example/mcp?key=${env:KEY}&flag", "https://x.example/mcp?key=${env:KEY}&flag"},
		{"http://127.0.0.1:3845/mcp", "http://127.0.0.1:3845/mcp"},
		{"https://server.smithery.ai/@acme/my-server-2024/mcp", "https://server.smithery.ai/@acme/my-server-2024/mcp"},
		{"https://raw.githubusercontent.com/o/r/356a192b7913b04c54574d18c28d46e6395428ab/README.md", "https://raw.githubusercontent.com/o/r/356a192b7913b04c54574d18c28d46e6395428ab/README.md"},
		{"https://user@host/", "https://user@host/"},
		{"localhost:8080/mcp?api_key=Zx8Kq2", "localhost:8080/mcp?api_key=…(redacted, 6 chars)"},
		{"", ""},
	} {
		if got := RedactURL(tc.in); got != tc.want {
			t.Errorf("RedactURL(%q)\n = %q\nwant %q", tc.in, got, tc.want)
		}
	}
}

func TestRedactValue(t *testing.T) {
	for _, tc := range []struct{ key, value, want string }{
		{"N8N_ENCRYPTION_KEY", "Zx8Kq2Lw9Pm4Rt7Y", "…(redacted, 16 chars)"},
		{"FLOWISE_SECRETKEY_OVERWRITE", "hunter", "…(redacted, 6 chars)"},
		{"DB_PASSWORD", "hunter", "…(redacted, 6 chars)"},
		{"GITHUB_TOKEN", "ghp_0123456789abcdefghijABCDEFGHIJklmnop", "ghp_…(redacted, 40 chars)"},
		{"DB_PASSWORD", "${DB_PASSWORD}", "${DB_PASSWORD}"},
		{"max_tokens", "4096", "4096"},
		{"token_type", "bearer", "bearer"},
		{"auth", "true", "true"},
		{"OPENAI_BASE_URL", "https://eu.api.openai.com/v1", "https://eu.api.openai.com/v1"},
		{"DATABASE_URL", "postgres://app:s3cr3t-pass@db/app", "postgres://app:…(redacted, 11 chars)@db/app"},
		{"REGION", "eu-west-1", "eu-west-1"},
		{"API_KEY", "", ""},
	} {
		if got := RedactValue(tc.key, tc.value); got != tc.want {
			t.Errorf("RedactValue(%q, %q) = %q, want %q", tc.key, tc.value, got, tc.want)
		}
	}
}

func TestSecretName(t *testing.T) {
	for key, want := range map[string]bool{
		"api_key": true, "apiKey": true, "APIKey": true, "OPENAI_API_KEY": true, "x-api-key": true, "N8N_ENCRYPTION_KEY": true,
		"token": true, "authToken": true, "GITHUB_PERSONAL_ACCESS_TOKEN": true, "client_secret": true, "FLOWISE_SECRETKEY_OVERWRITE": true,
		"password": true, "DB_PASSWD": true, "pwd": true, "Authorization": true, "auth": true, "GITHUB_PAT": true, "sig": true,
		"githubtoken": true, "secretAccessKey": true, "cookie": true,
		"max_tokens": false, "maxTokens": false, "token_type": false, "token_url": false, "password_file": false, "secret_name": false,
		"timeout_secs": false, "keyboard": false, "monkey": false, "author": false, "path": false, "passport": false, "bypass": false,
		"primary_key": false, "sortKey": false, "public_key": false, "tokenizer": false, "key_id": false, "": false, "rejectUnauthorized": false,
	} {
		if got := secretName(key); got != want {
			t.Errorf("secretName(%q) = %v, want %v", key, got, want)
		}
	}
}

// A line with nothing suspicious is returned without an allocation.
func TestRedactTextPlainLineAllocs(t *testing.T) {
	line := "    return result.items.map(x => x.value) // the items, in order"
	if n := testing.AllocsPerRun(100, func() { RedactText(line) }); n != 0 {
		t.Errorf("%v allocations for a plain line", n)
	}
	prose := "Search the records of collection 7 and return the matching rows as JSON."
	if n := testing.AllocsPerRun(100, func() { RedactText(prose) }); n != 0 {
		t.Errorf("%v allocations for prose", n)
	}
}
