package secrets

import (
	"regexp"
	"strings"
)

var (
	// referenceValue is a value written entirely as a reference to a
	// secret kept elsewhere (research/mcp.md §2.3): ${VAR},
	// ${VAR:-default}, ${env:VAR}, ${input:id}, {env:VAR}, $VAR, %VAR%,
	// GitHub-style ${{ secrets.X }}, <your-key>, {{ .Values.x }}.
	referenceValue = regexp.MustCompile(`^(?:\$\{\{[^}]*\}\}|\$\{[^}]*\}|\{env:[^}]+\}|\$[A-Za-z_][A-Za-z0-9_]*|%[A-Za-z_][A-Za-z0-9_]*%|<[^<>]*>|\{\{[^}]*\}\})$`)
	// formatField is a replacement field of Python's f-strings and
	// str.format (and C#'s $"…"): {api_key}, {settings.token},
	// {json.dumps(auth_config)} (langgraph's CLI writes
	// ENV LANGGRAPH_AUTH='{json.dumps(auth_config)}'), {token[:12]}
	// (logfire-mcp prints a token's ends as {token[:12]}...{token[-5:]}),
	// {token!r:>10}. A JSON object ({"type": …}) is none: its keys are quoted.
	formatField = regexp.MustCompile(`\{[A-Za-z_][A-Za-z0-9_.]*(?:\([^(){}"]*\))?(?:\[[^\[\]{}"]*\])*(?:![rsa])?(?::[^{}"]*)?\}`)
	// credentialName is an upper-case variable name that names a
	// credential, AUTH0_REFRESH_TOKEN, OPENAI_API_KEY: the name under which
	// a secret is kept (auth0-mcp-server's keychain entries, TOKEN:
	// 'AUTH0_TOKEN'), not one.
	credentialName = regexp.MustCompile(`^(?:[A-Z][A-Z0-9]*_)*(?:TOKEN|KEY|SECRET|PASSWORD|PASSWD|PWD|API|APIKEY|AUTH|CREDENTIALS?)(?:_[A-Z0-9]+)*$`)
	// secretRun is what a value's literal text must hold to carry a secret
	// of its own: eight characters of a key's alphabet in a row.
	secretRun = regexp.MustCompile(`[A-Za-z0-9_+/=-]{8}`)
	// exampleWord matches the template words of example values (gitleaks'
	// mcp-server-credential allowlist), redactions ([REDACTED_API_KEY],
	// REDACTED_TOKEN) and the upper-case EXAMPLE of vendors' documented
	// example keys (AWS's AKIAIOSFODNN7EXAMPLE and
	// wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY, IAM user guide "Managing
	// access keys", checked 2026-12-02); the same words between
	// underscores (sb_secret_live_example_…) and a value cut off with an
	// ellipsis, as documentation writes them (GOCSPX-abc123...).
	exampleWord = regexp.MustCompile(`(?i)\b(?:your|example|placeholder|changeme|change_me|todo|fixme|xxx+|REPLACE_ME|REDACTED|dummy|sample|mock|fake|lorem|insert|redacted)\b|your[_-]|[_-]here\b|x{6,}|\*{3,}|\[redacted[^\]]*\]|redacted[_-]|(?-i:EXAMPLE)|(?:^|_)(?:example|placeholder|dummy|sample)(?:_|$)|(?:\.\.\.|…)$`)
)

// referencePrefixes start a value that reads a secret from somewhere else:
// command substitution, templates, the environment in JS, Python and Go,
// Terraform variables, a Kubernetes secretKeyRef, a <placeholder>, an n8n
// expression (={{ $env.API_KEY }}).
var referencePrefixes = []string{"$(", "{{", "={{", "process.env", "os.environ", "os.getenv", "os.Getenv", "env(", "var.", "secretKeyRef", "<"}

// IsPlaceholder reports a value that names a secret kept elsewhere or is
// an example, rather than holding one: the reference forms (${VAR},
// ${VAR:-x}, ${env:X}, ${input:x}, ${{ secrets.X }}, {env:X}, $VAR,
// %VAR%, <your-key>, {{ .Values.x }}, $(cmd), process.env.X,
// os.environ[…], os.getenv(…), env(…), var.x, secretKeyRef), a value
// holding ${ or {env: anywhere ("Bearer ${TOKEN}"), a credential's
// variable name (AUTH0_REFRESH_TOKEN), a value starting with
// "your" in any case, and the template words of examples (your, example,
// placeholder, changeme, dummy, xxx…, REDACTED, [REDACTED_API_KEY], the
// EXAMPLE of vendors' example keys …). An empty value holds nothing
// and is a placeholder too.
func IsPlaceholder(v string) bool {
	v = strings.TrimSpace(v)
	return v == "" || isReference(v) || isExample(v)
}

// isReference is the syntactic half of IsPlaceholder: v refers to a value
// kept elsewhere.
func isReference(v string) bool {
	if strings.Contains(v, "${") || strings.Contains(v, "{env:") || referenceValue.MatchString(v) || formatted(v) ||
		credentialName.MatchString(v) && strings.Contains(v, "_") {
		return true
	}
	if strings.HasPrefix(v, "=") && strings.Contains(v, "{{") { // an n8n expression: computed when the node runs
		return true
	}
	for _, p := range referencePrefixes {
		if strings.HasPrefix(v, p) {
			return true
		}
	}
	return false
}

// formatted reports a value built from format fields whose literal text
// holds no key of its own: "{api_key}", "Bearer {token}",
// "{token[:12]}...{token[-5:]}"; "sk-live-4f9a{suffix}" keeps its key.
func formatted(v string) bool {
	return formatField.MatchString(v) && !secretRun.MatchString(formatField.ReplaceAllString(v, " "))
}

// isExample is the other half: v is written as an example.
func isExample(v string) bool {
	return len(v) >= 4 && strings.EqualFold(v[:4], "your") || exampleWord.MatchString(v)
}

// envVar matches ${VAR}, ${VAR:-default}, ${env:VAR} and $VAR.
var envVar = regexp.MustCompile(`\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)`)

// Expand resolves the environment placeholders of v the way MCP clients
// do: ${VAR}, ${env:VAR} and $VAR become getenv's value, ${VAR:-default}
// the default when the variable is empty (hardening/live.go expand, for pin
// --live). ${input:x} and other forms with a colon stay as written.
func Expand(v string, getenv func(string) string) string {
	return envVar.ReplaceAllStringFunc(v, func(m string) string {
		g := envVar.FindStringSubmatch(m)
		switch {
		case g[1] != "":
			return getenv(g[1])
		case g[2] != "":
			if val := getenv(g[2]); val != "" || !strings.Contains(m, ":-") {
				return val
			}
			return g[3]
		}
		return getenv(g[4])
	})
}
