package residency

import (
	"regexp"
	"strings"
)

// Redaction keeps the setting recognisable and masks the secret: the key
// name stays, its value becomes ***; a token keeps its public prefix
// (sk-***); a URL keeps its user name and host, not its password.
var (
	reURLPassword = regexp.MustCompile(`([a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@'"]*):([^@\s/'"]+)@`)
	reSecretPair  = regexp.MustCompile(`(?i)([a-z0-9_.-]*(?:key|token|secret|passw(?:or)?d|pwd|auth|credential|signature|sig)[a-z0-9_.-]*["']?\s*[:=]\s*["'` + "`" + `]?)([^"'` + "`" + `\s,;}&)]+)`)
	reBearer      = regexp.MustCompile(`(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{6,}`)
	reToken       = regexp.MustCompile(`\b(sk-ant-|sk-proj-|sk-|AKIA|ASIA|AIza|ghp_|gho_|ghs_|github_pat_|xox[abprs]-|hf_|pk_live_|sk_live_|r8_|gsk_|xai-|pcsk_)[A-Za-z0-9_\-]{8,}`)
	reJWT         = regexp.MustCompile(`\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*`)
	reOpaque      = regexp.MustCompile(`[A-Za-z0-9+/_=-]{40,}`)
)

// references are values that name a secret instead of holding it.
func isReference(v string) bool {
	for _, p := range []string{"${", "$(", "{{", "process.env", "os.environ", "os.getenv", "os.Getenv", "env(", "var.", "secretKeyRef", "<", "your", "changeme-"} {
		if strings.HasPrefix(v, p) {
			return true
		}
	}
	return false
}

// notSecret: booleans, small numbers and null are settings, not secrets.
func notSecret(v string) bool {
	switch strings.ToLower(v) {
	case "true", "false", "yes", "no", "on", "off", "null", "none", "nil", "undefined", "bearer", "basic":
		return true
	}
	return len(v) <= 2
}

// Redact masks secrets in a line of project text. Each pattern runs only
// when a cheap look at the line says it may match.
func Redact(s string) string {
	lower := strings.ToLower(s)
	if strings.Contains(s, "://") && strings.Contains(s, "@") {
		s = reURLPassword.ReplaceAllString(s, "$1:***@")
	}
	if strings.Contains(s, "eyJ") {
		s = reJWT.ReplaceAllString(s, "eyJ***")
	}
	if hasTokenPrefix(s) {
		s = reToken.ReplaceAllString(s, "$1***")
	}
	if strings.Contains(lower, "bearer") || strings.Contains(lower, "basic") {
		s = reBearer.ReplaceAllString(s, "$1 ***")
	}
	if containsAny(lower, "key", "token", "secret", "passw", "pwd", "auth", "credential", "sig") {
		s = reSecretPair.ReplaceAllStringFunc(s, func(m string) string {
			sub := reSecretPair.FindStringSubmatch(m)
			if isReference(sub[2]) || strings.HasSuffix(sub[2], "***") || notSecret(sub[2]) {
				return m
			}
			return sub[1] + "***"
		})
	}
	if longRun(s, 40) {
		s = reOpaque.ReplaceAllStringFunc(s, func(m string) string {
			if strings.Count(m, "/") > 2 || strings.Count(m, "-") > 4 {
				return m // a path or a slug, not a key
			}
			return "***"
		})
	}
	return s
}

var tokenPrefixes = []string{"sk-", "AKIA", "ASIA", "AIza", "gh", "github_pat_", "xox", "hf_", "pk_live_", "sk_live_", "r8_", "gsk_", "xai-", "pcsk_"}

func hasTokenPrefix(s string) bool {
	for _, p := range tokenPrefixes {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

func containsAny(s string, words ...string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// longRun reports whether s has n token characters in a row.
func longRun(s string, n int) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("+/_=-", c) >= 0 {
			if run++; run >= n {
				return true
			}
			continue
		}
		run = 0
	}
	return false
}

// redactValue masks the value of a setting: whole when its name says it is
// a secret, otherwise token by token.
func redactValue(name, value string) string {
	if value == "" || isReference(value) {
		return value
	}
	if isSecretName(name) {
		return "***"
	}
	return Redact(value)
}

func isSecretName(name string) bool {
	n := strings.ToLower(name)
	for _, w := range []string{"key", "token", "secret", "password", "passwd", "pwd", "credential"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// excerpt is the redacted, trimmed text of one line.
func excerpt(line string) string {
	line = Redact(strings.TrimSpace(strings.TrimSuffix(line, "\r")))
	const max = 200
	if len(line) > max {
		cut := max
		for cut > 0 && line[cut]&0xC0 == 0x80 {
			cut--
		}
		line = line[:cut] + "…"
	}
	return line
}
