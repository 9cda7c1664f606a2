package secrets

import (
	"strings"
	"testing"
)

func TestIsPlaceholder(t *testing.T) {
	pos := []string{
		// hardening/secrets_test.go TestPlaceholders.
		"${GITHUB_TOKEN}", "${env:API_KEY}", "${input:api-key}", "{env:CONTEXT7_API_KEY}", "$DB_URL",
		"%API_KEY%", "${DATABASE_URL:-postgresql://localhost/app}", "<your-api-key>", "${{ secrets.MCP_TOKEN }}", "Bearer ${API_TOKEN}",
		"YOUR_API_KEY", "xoxb-your-bot-token", "",
		// residency/redact.go isReference (residency/lex_test.go TestRedact keeps these).
		"${N8N_ENCRYPTION_KEY}", `os.getenv("KEY")`, "$(cat /run/secrets/token)", "{{ .Values.apiKey }}", "process.env.OPENAI_API_KEY",
		"os.environ['API_KEY']", "os.Getenv(\"TOKEN\")", "env(\"API_KEY\")", "var.db_password", "secretKeyRef", "<password>",
		"your-token", "yourtoken", "changeme-now",
		// The template words anywhere.
		"sk-your-key-here", "example-token-123", "REDACTED", "xxxxxxxx", "***", "api_key_here", "  ${X}  ",
		// Python format fields.
		"{json.dumps(auth_config)}", "{api_key}", "{settings.openai_api_key}", "{token!r}",
		"{logfire_read_token[:12]}...{logfire_read_token[-5:]}", "Bearer {token}", "{user}:{password}",
		// A credential's variable name (auth0-mcp-server's keychain entries).
		"AUTH0_REFRESH_TOKEN", "AUTH0_TOKEN_EXPIRES_AT", "OPENAI_API_KEY",
	}
	for _, v := range pos {
		if !IsPlaceholder(v) {
			t.Errorf("IsPlaceholder(%q) = false", v)
		}
	}
	g := newFakeGen()
	neg := []string{"s3cr3t-V4lue-9f8e7d", "ghp_" + g.of(alnum, 36), "hunter2hunter2", "Zx8Kq2Lw9Pm4Rt7Y", "false", "4096",
		"$", "%", "vars.x", "processenv", "sk-live-token", `{"type":"service_account","private_key_id":"` + g.of(alnum, 40) + `"}`, "{" + g.of(alnum, 30) + " x}",
		// A key written beside a format field is still a key.
		"sk-live-" + g.of(alnum, 24) + "{suffix}", "{prefix}" + g.of(alnum, 20),
		// Upper case without a credential word, or without an underscore, is a value.
		"AKIA" + g.of("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16), "ROOT_PASS_2024", "TOKEN"}
	for _, v := range neg {
		if IsPlaceholder(v) {
			t.Errorf("IsPlaceholder(%q) = true", v)
		}
	}
}

// Where the two old predicates disagreed, IsPlaceholder takes the union:
// each form one of them knew as a reference or an example is one.
func TestPlaceholderDisagreements(t *testing.T) {
	for _, tc := range []struct {
		v                    string
		hardening, residency bool
	}{
		{"", true, false},
		{"$(cat /run/secrets/db)", false, true},
		{"process.env.API_KEY", false, true},
		{"os.environ['API_KEY']", false, true},
		{`os.getenv("API_KEY")`, false, true},
		{`os.Getenv("API_KEY")`, false, true},
		{`env("API_KEY")`, false, true},
		{"var.api_key", false, true},
		{"secretKeyRef", false, true},
		{"{{ .Values.key }}-suffix", false, true},
		{"<unclosed", false, true},
		{"yourtoken", false, true},
		{"YOUR_API_KEY", true, false},
		{"$API_KEY", true, false},
		{"%API_KEY%", true, false},
		{"{env:API_KEY}", true, false},
		{"Bearer ${API_TOKEN}", true, false},
		{"sk-${SUFFIX}", true, false},
		{"xoxb-your-bot-token", true, false},
		{"my-example-key", true, false},
	} {
		if oldIsPlaceholder(tc.v) != tc.hardening || oldIsReference(tc.v) != tc.residency {
			t.Errorf("%q: the old predicates say %v and %v, the table %v and %v", tc.v, oldIsPlaceholder(tc.v), oldIsReference(tc.v), tc.hardening, tc.residency)
		}
		if !IsPlaceholder(tc.v) {
			t.Errorf("IsPlaceholder(%q) = false, want the union", tc.v)
		}
	}
}

// hardening/live_test.go TestLiveEnv's placeholders, and the forms expand
// left alone.
func TestExpand(t *testing.T) {
	env := map[string]string{"PATH": "/usr/bin", "GITHUB_TOKEN": "t0k", "HOME": "/root", "EMPTY": ""}
	getenv := func(k string) string { return env[k] }
	for in, want := range map[string]string{
		"${GITHUB_TOKEN}":      "t0k",
		"${MODE:-fast}":        "fast",
		"${GITHUB_TOKEN:-x}":   "t0k",
		"${EMPTY:-d}":          "d",
		"${EMPTY}":             "",
		"${env:HOME}/x":        "/root/x",
		"Bearer $GITHUB_TOKEN": "Bearer t0k",
		"$HOME$PATH":           "/root/usr/bin",
		"${input:api-key}":     "${input:api-key}",
		"${UNSET}":             "",
		"plain":                "plain",
		"$":                    "$",
		"100%":                 "100%",
	} {
		if got := Expand(in, getenv); got != want {
			t.Errorf("Expand(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Expand(strings.Repeat("$A", 3), func(string) string { return "b" }); got != "bbb" {
		t.Errorf("Expand = %q", got)
	}
}
