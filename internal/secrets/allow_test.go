package secrets

import (
	"encoding/base64"
	"strings"
	"testing"
)

// A value on a line that carries an allow marker is no finding; the same
// value on the next line, without one, still is.
func TestScanTextAllowMarkers(t *testing.T) {
	g := newFakeGen()
	tok := "ghp_" + g.of(alnum, 36)
	for _, marker := range []string{"# gitleaks:allow", "# pragma: allowlist secret", "// ggignore"} {
		src := "a = \"" + tok + "\"  " + marker + "\nb = \"" + tok + "\"\n"
		ms := ScanText([]byte(src), false)
		if len(ms) != 1 {
			t.Fatalf("%s: %d matches, want 1 (the unmarked line): %+v", marker, len(ms), ms)
		}
		if line := strings.Count(src[:ms[0].Start], "\n") + 1; line != 2 {
			t.Errorf("%s: match on line %d, want 2", marker, line)
		}
	}
	// A marker on the line above is not the value's own.
	src := "# gitleaks:allow\napi_key = \"" + tok + "\"\n"
	if ms := ScanText([]byte(src), false); len(ms) != 1 {
		t.Errorf("marker on the previous line: %d matches, want 1", len(ms))
	}
	// In a dotenv file too.
	env := "API_TOKEN=" + g.of(alnum, 32) + " # pragma: allowlist secret\nOTHER_TOKEN=" + g.of(alnum, 32) + "\n"
	if ms := ScanText([]byte(env), true); len(ms) != 1 || ms[0].Key != "OTHER_TOKEN" {
		t.Errorf("dotenv: %+v, want only OTHER_TOKEN", ms)
	}
}

// The keyed rule: values that are not issued credentials though a
// credential name holds them (ARNs and URNs, tokens that grant nothing,
// prose, names and paths of letters, values that name themselves,
// documentation's Basic user:password …), and the random values under the
// same or similar names that still are.
func TestKeyedRule(t *testing.T) {
	g := newFakeGen()
	v := g.of(alnum, 32)
	for _, tc := range []struct {
		key, value string
		want       bool
	}{
		// ARNs and URNs name a resource or a grant type.
		{"secret_arn", "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf", false},
		{"GrantTypeTokenExchange", "urn:ietf:params:oauth:grant-type:token-exchange", false},
		{"TokenTypeJWT", "urn:ietf:params:oauth:token-type:jwt", false},
		{"secret_arn", g.of(alnum, 40), true},
		{"access_token", "urn" + g.of(alnum, 30), true},
		// Pagination and idempotency tokens and OAuth's state grant
		// nothing; access, session and refresh tokens do, and so do names
		// that only end like the first (a Facebook page's access token,
		// Statuspage's and Vault's tokens).
		{"NextToken", v, false}, {"next_token", v, false}, {"pageToken", v, false}, {"continuation_token", v, false},
		{"client_token", v, false}, {"ClientRequestToken", v, false}, {"idempotency_token", v, false}, {"oauth_state", v, false},
		{"access_token", v, true}, {"SessionToken", v, true}, {"refresh_token", v, true}, {"client_secret", v, true}, {"auth_token", v, true},
		{"FB_PAGE_TOKEN", v, true}, {"STATUSPAGE_TOKEN", v, true}, {"VAULT_CLIENT_TOKEN", v, true},
		// Vault's own JSON names its token client_token: the format rule finds it.
		{"client_token", "hvs.CAESI" + g.of(extAlnum, 91), true},
		{"auth", "は必ずセットで渡します。片方だけ渡すと、", false},
		{"SET_COMPONENT_CREDENTIALS", "@canvas/SET_COMPONENT_CREDENTIALS", false},
		{"oauthElicitIDPrefix", "github_authorization:", false},
		{"certificate_authority", "_output/cert-manager-ca/ca.crt", false},
		{"tokenHandlerName", "camelCaseIdentifierName", false},
		{"AUTH_HEADER_KEY", "getHTTPResponseCodeName", false},
		{"api_key", "asyzvymVvGjpwcdGOLqxjAYp", true}, // letters only, but random
		// Ten characters in a row are typed by hand: a character set, a
		// made-up key. Nine are not yet a run, nor a run across classes.
		{"password_required_characters", "abcdefghijklmnopqrstuvwxyz:ABCDEFGHIJKLMNOPQRSTUVWXYZ:0123456789", false},
		{"api_key", "sk-abcdefghijklmnop", false}, {"secret_key", "Kq2Lw0123456789Pm4Rt7Yz", false},
		{"token", "old-token-value-1234567890ab", false},
		{"api_key", "Kq2abcdefghiLw9Pm4Rt7Y", true}, {"api_key", "Zx8K23456789abcdefgQ4w", true}, {"api_key", "wxyzABCDEFGH01xQ7k", true},
		{"openAIApiKey", "sk-my-openai-1st-key", false},
		{"client_secret", "unique-secret-123", false},
		{"Authorization", "Basic dXNlcjpwYXNzd29yZA==", false},            // user:password
		{"Authorization", "Basic YWRtaW46Y2hhbmdlbWU=", false},            // admin:changeme
		{"Authorization", "Basic YWxpY2U6cTJMdzlQbTRSdDdZWng4Sw==", true}, // alice:q2Lw9Pm4Rt7YZx8K
		{"REDACTED_CREDENTIAL_VALUE", "_FLOWISE_BLANK_07167752-1a71-43b1-bf8f-4f32252165db", false},
		{"mockApiKey", "q2Lw9Pm4Rt7YZx8Kd3Vb", false},
		{"TEST_FAKE_TOKEN", "q2Lw9Pm4Rt7YZx8Kd3Vb", false},
		{"SAMPLING_API_KEY", "q2Lw9Pm4Rt7YZx8Kd3Vb", true},
		{"STRIPE_PUBLISHABLE_KEY", "pk_live_" + g.of(alnum, 24), false},
		{"PROJECT_API_KEY", "phc_" + g.of(alnum, 43), false},
		{"POSTHOG_PERSONAL_API_KEY", "phx_" + g.of(alnum, 43), true},
		{"STRIPE_API_KEY", "pk" + g.of(alnum, 24), true},
		{"api_key", "3be8abbf-854e-49e3-0c86-e0288f677978", true},
		// Held-out real trees: ids, hashes and addresses under names that
		// hold "auth" or "token", an n8n expression, documentation's
		// examples.
		{"authorId", "c4nzq2Lw9Pm4Rt7YZx8K", false},
		{"authentihash", "02c8" + g.of(hexd, 60), false},
		{"auth[member_id]", "19ac" + g.of(hexd, 28), false},
		{"auth[domain]", "hgap.bitrix24.eu.q2Lw9Pm4Rt7Y", false},
		{"USDT ERC-20 Token Address", "0xdAC17F958D2ee523a2206206994597C13D831ec7", false},
		{"response_token", "=sha256={{$json[\"data\"]}}", false},
		{`"authentication"`, `"genericCredentialType",`, false},
		{"client_secret", "GOCSPX-abc123...", false},
		{"client_secret", "sb_secret_live_example_9f4d" + g.of(hexd, 20), false},
		{"credentials[api_key]", g.of(alnum, 32), true},
		// Real credentials the filters above must leave: vendor names that
		// start like stand-in words, passwords with a colon, an @ or
		// non-ASCII letters, passphrases, an API key sent as the Basic user.
		{"MOCKAROO_API_KEY", g.of(alnum, 32), true},
		{"FAKEYOU_API_TOKEN", g.of(alnum, 32), true},
		{"SAMPLEAPP_SECRET", g.of(alnum, 32), true},
		{"EXAMPLECORP_API_KEY", g.of(alnum, 32), true},
		{"DB_PASSWORD", "Pässwort-q2Lw9Pm4Rt7YZx8K", true},
		{"DB_PASSWORD", "q2Lw9Pm4Rt7YZx8Kd3Vb€", true},
		{"HTTP_AUTH", "deploy:qWeRtYuIoPaSdFgHjK", true},
		{"SMTP_PASSWORD", "qWeRtYuIoPaSdFgH@jKzX", true},
		{"ADMIN_PASSWORD", "kernel-pass-orbit-7731", true},
		{"Authorization", "Basic " + base64.StdEncoding.EncodeToString([]byte("sk_live_"+g.of(alnum, 24)+":")), true},
		{"Authorization", "Basic " + base64.StdEncoding.EncodeToString([]byte(g.of(alnum, 24)+":")), true},
		{"api_key", "sk-proj-" + g.of(alnum, 24), true},
		{"auth_token", g.of(alnum, 12) + "/" + g.of(alnum, 12), true},
	} {
		if got := len(ScanValue(tc.key, tc.value)) > 0; got != tc.want {
			t.Errorf("ScanValue(%q, %q) found = %v, want %v", tc.key, tc.value, got, tc.want)
		}
	}
}

// Redactions and vendors' documented example keys are placeholders; a key
// that merely holds the letters of "example" in lower case inside a word
// is not.
func TestRedactionsAndVendorExamples(t *testing.T) {
	for _, v := range []string{"[REDACTED_API_KEY]", "[redacted]", "REDACTED_TOKEN", "AKIAIOSFODNN7EXAMPLE",
		"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "dummy", "sk-dummy-key", "={{$env.ACME_API_KEY}}", "={{ $credentials.token }}"} {
		if !IsPlaceholder(v) {
			t.Errorf("IsPlaceholder(%q) = false", v)
		}
	}
	for _, v := range []string{"q2Lw9xexampleRt7YPm4", "Zx8Kq2Lw9Pm4Rt7Y", "REDACT3Dq2Lw9Pm4"} {
		if IsPlaceholder(v) {
			t.Errorf("IsPlaceholder(%q) = true", v)
		}
	}
	// The AWS rule still reads a real-looking key id and the documented one not.
	if ms := ScanText([]byte(`id = "AKIAIOSFODNN7EXAMPLE"`), false); len(ms) != 0 {
		t.Errorf("documented example key id: %+v", ms)
	}
}

// A keyed value in a documentation comment tagged @example is the
// documentation's example; the same value outside it, in a comment
// without the tag, or in a token format, is reported.
func TestDocExamples(t *testing.T) {
	g := newFakeGen()
	v := g.of(alnum, 32)
	token := "ghp_" + g.of(alnum, 36)
	for _, tc := range []struct {
		name, text string
		want       int
	}{
		{"jsdoc example", "/** @example {\n *   \"refresh_token\": \"oauth_refresh_" + v + "\"\n * } */\nBody: {}\n", 0},
		{"example tag after the value", "/**\n * refresh_token: \"" + v + "\"\n * @example\n */\n", 0},
		{"token format in an example", "/** @example { \"token\": \"" + token + "\" } */\n", 1},
		{"comment without the tag", "/** the old key: api_key = \"" + v + "\" */\n", 1},
		{"code after an example comment", "/** @example { \"a\": 1 } */\nconst api_key = \"" + v + "\";\n", 1},
		{"code before an example comment", "const api_key = \"" + v + "\";\n/** @example { \"a\": 1 } */\n", 1},
		{"unterminated comment", "/** @example\napi_key = \"" + v + "\"\n", 1},
	} {
		if got := len(ScanText([]byte(tc.text), false)); got != tc.want {
			t.Errorf("%s: %d matches, want %d", tc.name, got, tc.want)
		}
	}
}
