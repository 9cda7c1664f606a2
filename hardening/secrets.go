package hardening

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/project"
)

// Secret is a literal credential written in the project: in a client
// config, a dotenv file, source code or the git history. It never holds
// the secret itself: Redacted keeps a short public prefix and the length,
// Hash a SHA-256 prefix that tells two findings of the same value apart.
type Secret struct {
	ID string `json:"id"`
	// Rule names the format: "openai-api-key", "private-key",
	// "db-url-password", "generic-high-entropy" …
	Rule        string `json:"rule"`
	Description string `json:"description"`
	// Where is config, env-file, source or history.
	Where string `json:"where"`
	// Key is the env variable, header or assignment that holds the value,
	// when there is one.
	Key string `json:"key,omitempty"`
	// Server and Client name the config entry, for secrets in configs.
	Server   string `json:"server,omitempty"`
	Client   string `json:"client,omitempty"`
	Redacted string `json:"redacted"`
	Hash     string `json:"hash"`
	Evidence
	// Commit is the first commit (in a first-parent walk from the head)
	// found to add the secret, for secrets found in history.
	Commit string `json:"commit,omitempty"`
	// Removed is set for a secret in history that the scanned tree no
	// longer holds: removing it did not revoke it.
	Removed bool `json:"removed,omitempty"`
}

// secretRule is one credential format. The formats, entropy floors and
// samples follow gitleaks (github.com/gitleaks/gitleaks,
// cmd/generate/config/rules/*.go, read 2026-11-24); the database URL and
// keyed high-entropy rules are this package's own.
type secretRule struct {
	id, desc string
	re       *regexp.Regexp // the secret is group 1 when the pattern has one
	entropy  float64        // Shannon entropy floor of the secret, bits per byte
	keywords []string       // lower-case; one must occur before the regexp runs
	// bounded rejects a match followed by a token character (gitleaks'
	// unique-token suffix), so a prefix of a longer word is not a secret.
	bounded bool
}

var secretRules = []secretRule{
	{id: "private-key", desc: "private key (PEM)", keywords: []string{"-----begin"},
		// gitleaks lets the body be anything ([\s\S-]{64,}?), which also
		// matches code between a header and a footer written in strings;
		// here the body is base64 and PEM header fields, with real or
		// escaped (\n) line breaks.
		re: regexp.MustCompile(`(?i)-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----(?:[A-Za-z0-9+/=:,.\-\s]|\\[nr]){64,}?-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----`)},
	{id: "anthropic-api-key", desc: "Anthropic API key", keywords: []string{"sk-ant-"}, bounded: true,
		re: regexp.MustCompile(`\bsk-ant-(?:api03|admin01)-[a-zA-Z0-9_\-]{93}AA`)},
	{id: "anthropic-oauth-token", desc: "Anthropic OAuth token", keywords: []string{"sk-ant-o"}, bounded: true,
		re: regexp.MustCompile(`\bsk-ant-o(?:at|rt)01-[a-zA-Z0-9_\-]{40,}`)},
	{id: "openrouter-api-key", desc: "OpenRouter API key", keywords: []string{"sk-or"}, bounded: true,
		re: regexp.MustCompile(`\bsk-or(?:-v\d+)?-[a-f0-9]{64}`)},
	{id: "openai-api-key", desc: "OpenAI API key", keywords: []string{"t3blbkfj"}, entropy: 3, bounded: true,
		re: regexp.MustCompile(`\bsk-(?:proj|svcacct|admin)-(?:[A-Za-z0-9_-]{74}|[A-Za-z0-9_-]{58})T3BlbkFJ(?:[A-Za-z0-9_-]{74}|[A-Za-z0-9_-]{58})|\bsk-[a-zA-Z0-9]{20}T3BlbkFJ[a-zA-Z0-9]{20}`)},
	{id: "groq-api-key", desc: "Groq API key", keywords: []string{"gsk_"}, entropy: 4, bounded: true,
		re: regexp.MustCompile(`\bgsk_[a-zA-Z0-9]{48}`)},
	{id: "xai-api-key", desc: "xAI API key", keywords: []string{"xai-"}, entropy: 4, bounded: true,
		re: regexp.MustCompile(`\bxai-[A-Za-z0-9]{80}`)},
	{id: "github-pat", desc: "GitHub personal access token", keywords: []string{"ghp_"}, entropy: 3,
		re: regexp.MustCompile(`ghp_[0-9a-zA-Z]{36}`)},
	{id: "github-fine-grained-pat", desc: "GitHub fine-grained personal access token", keywords: []string{"github_pat_"}, entropy: 3,
		re: regexp.MustCompile(`github_pat_\w{82}`)},
	{id: "github-token", desc: "GitHub OAuth, app or refresh token", keywords: []string{"gho_", "ghu_", "ghs_", "ghr_"}, entropy: 3,
		re: regexp.MustCompile(`gh[ousr]_[0-9a-zA-Z]{36}`)},
	{id: "aws-access-key-id", desc: "AWS access key id", keywords: []string{"a3t", "akia", "asia", "abia", "acca"}, entropy: 3,
		re: regexp.MustCompile(`\b((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})\b`)},
	{id: "gcp-api-key", desc: "Google API key", keywords: []string{"aiza"}, entropy: 4, bounded: true,
		re: regexp.MustCompile(`\bAIza[\w-]{35}`)},
	{id: "slack-token", desc: "Slack token", keywords: []string{"xox", "xapp"}, entropy: 2,
		re: regexp.MustCompile(`xoxb-[0-9]{10,13}-[0-9]{10,13}[a-zA-Z0-9-]*|xox[pe](?:-[0-9]{10,13}){3}-[a-zA-Z0-9-]{28,34}|(?i:xapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+)|xoxb-[0-9]{8,14}-[a-zA-Z0-9]{18,26}|xox[os]-\d+-\d+-\d+-[a-fA-F\d]+|xox[ar]-(?:\d-)?[0-9a-zA-Z]{8,48}`)},
	{id: "stripe-api-key", desc: "Stripe secret or restricted key", keywords: []string{"sk_", "rk_"}, entropy: 2, bounded: true,
		re: regexp.MustCompile(`\b(?:sk|rk)_(?:test|live|prod)_[a-zA-Z0-9]{10,99}`)},
	{id: "huggingface-token", desc: "Hugging Face access token", keywords: []string{"hf_"}, entropy: 2, bounded: true,
		re: regexp.MustCompile(`\bhf_[a-zA-Z]{34}`)},
	{id: "jwt", desc: "JSON Web Token", keywords: []string{"ey"}, entropy: 3, bounded: true,
		re: regexp.MustCompile(`\bey[a-zA-Z0-9]{17,}\.ey[a-zA-Z0-9/\\_-]{17,}\.(?:[a-zA-Z0-9/\\_-]{10,}={0,2})?`)},
	{id: "db-url-password", desc: "password in a database URL", keywords: []string{"://"},
		re: regexp.MustCompile(`(?i)\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|cockroachdb|clickhouse)://[^:/\s@'"]+:([^@\s'"/]+)@`)},
}

// genericRule is the keyed high-entropy rule: a value of at least
// genericMinLen characters and genericEntropy bits per character under a
// key that names a credential. The floor (3.5 bits, 16 characters) is
// gitleaks' mcp-server-credential rule; values made only of letters and
// separators are words, not keys (gitleaks generic-api-key).
var genericRule = secretRule{id: "generic-high-entropy", desc: "high-entropy value under a credential name", entropy: 3.5}

const genericMinLen = 16

var (
	secretKey    = regexp.MustCompile(`(?i)api[_-]?key|apikey|secret|token|passw(?:or)?d|\bpwd\b|credential|auth|bearer|private[_-]?key|access[_-]?key|_pat\b|^pat$`)
	notSecretKey = regexp.MustCompile(`(?i)(?:url|uri|endpoint|host|path|file|dir|_id|_name|name$|public|expir|ttl|timeout|type|mode|method|provider|header|scope|enabled)$`)
	onlyWords    = regexp.MustCompile(`^[a-zA-Z_.\- ]+$`)
	// placeholderWord matches the template words of example values
	// (gitleaks' mcp-server-credential allowlist).
	placeholderWord = regexp.MustCompile(`(?i)\b(?:your|example|placeholder|changeme|change_me|todo|fixme|xxx+|REPLACE_ME|REDACTED|dummy|sample|mock|fake|lorem|insert|redacted)\b|your[_-]|[_-]here\b|x{6,}|\*{3,}`)
)

// Placeholders: a value written entirely as one of these is not a literal
// (research/mcp.md §2.3: ${VAR}, ${VAR:-default}, ${env:VAR},
// ${input:id}, {env:VAR}, $VAR, %VAR%, GitHub-style ${{ secrets.X }},
// <your-key>).
var placeholderValue = regexp.MustCompile(`^(?:\$\{\{[^}]*\}\}|\$\{[^}]*\}|\{env:[^}]+\}|\$[A-Za-z_][A-Za-z0-9_]*|%[A-Za-z_][A-Za-z0-9_]*%|<[^<>]*>|\{\{[^}]*\}\})$`)

// isPlaceholder reports a value that names a secret kept elsewhere or an
// example value, rather than holding one.
func isPlaceholder(v string) bool {
	v = strings.TrimSpace(v)
	return v == "" || placeholderValue.MatchString(v) || placeholderWord.MatchString(v) ||
		strings.Contains(v, "${") || strings.Contains(v, "{env:")
}

// entropy is the Shannon entropy of s in bits per byte.
func entropy(s string) float64 {
	if s == "" {
		return 0
	}
	var counts [256]int
	for i := 0; i < len(s); i++ {
		counts[s[i]]++
	}
	var h float64
	n := float64(len(s))
	for _, c := range counts {
		if c > 0 {
			p := float64(c) / n
			h -= p * math.Log2(p)
		}
	}
	return h
}

// tokenByte reports a byte that continues a token.
func tokenByte(c byte) bool {
	return c == '_' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// secretMatch is a secret found in a text: the byte range of the secret
// and the rule.
type secretMatch struct {
	rule       *secretRule
	start, end int
	key        string
}

// findSecrets runs the format rules over text once each (after a keyword
// check on the lower-cased text) and returns the matches, without
// overlaps, in text order.
func findSecrets(text []byte) []secretMatch {
	lower := bytes.ToLower(text)
	var out []secretMatch
	for i := range secretRules {
		r := &secretRules[i]
		if !hasKeyword(lower, r.keywords) {
			continue
		}
		for _, m := range r.re.FindAllSubmatchIndex(text, -1) {
			start, end := m[0], m[1]
			if len(m) >= 4 && m[2] >= 0 {
				start, end = m[2], m[3]
			}
			if r.bounded && end < len(text) && tokenByte(text[end]) {
				continue
			}
			if !acceptSecret(r, string(text[start:end])) {
				continue
			}
			out = append(out, secretMatch{rule: r, start: start, end: end})
		}
	}
	return dropOverlaps(out)
}

func hasKeyword(lower []byte, keywords []string) bool {
	for _, k := range keywords {
		if bytes.Contains(lower, []byte(k)) {
			return true
		}
	}
	return len(keywords) == 0
}

// acceptSecret applies the rule's entropy floor and the placeholder checks
// to a matched secret.
func acceptSecret(r *secretRule, s string) bool {
	if entropy(s) < r.entropy {
		return false
	}
	switch r.id {
	case "private-key":
		return true // the body decides; placeholder words do not occur in a real one
	case "db-url-password":
		return !isPlaceholder(s) && !strings.EqualFold(s, "password") && !strings.EqualFold(s, "pass")
	case "aws-access-key-id":
		return !strings.HasSuffix(s, "EXAMPLE")
	}
	return !placeholderWord.MatchString(s)
}

func dropOverlaps(ms []secretMatch) []secretMatch {
	slices.SortStableFunc(ms, func(a, b secretMatch) int {
		return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(b.end, a.end))
	})
	out := ms[:0]
	end := -1
	for _, m := range ms {
		if m.start < end {
			continue
		}
		out = append(out, m)
		end = m.end
	}
	return out
}

// keyedSecret applies the keyed high-entropy rule to a value written under
// key (an env variable, a header, an assignment).
func keyedSecret(key, value string) bool {
	if !secretKey.MatchString(key) || notSecretKey.MatchString(key) {
		return false
	}
	v := stripAuthScheme(value)
	return len(v) >= genericMinLen && !strings.ContainsAny(v, " \t") && !onlyWords.MatchString(v) &&
		!isPlaceholder(v) && !strings.Contains(v, "://") && !strings.HasPrefix(v, "/") &&
		entropy(v) >= genericRule.entropy
}

// stripAuthScheme drops the scheme of an Authorization value ("Bearer x").
func stripAuthScheme(v string) string {
	v = strings.TrimSpace(v)
	if scheme, rest, ok := strings.Cut(v, " "); ok {
		switch strings.ToLower(scheme) {
		case "bearer", "basic", "token", "bot", "apikey":
			return strings.TrimSpace(rest)
		}
	}
	return v
}

// redact keeps what is public about a secret: the format's prefix (never
// more than a quarter of it) and its length.
func redact(rule, s string) string {
	if rule == "private-key" {
		header, _, _ := strings.Cut(s, "\n")
		if i := strings.Index(header[5:], "-----"); i >= 0 {
			header = header[:i+10]
		}
		return fmt.Sprintf("%s…(redacted, %d chars)", header, len(s))
	}
	prefix := ""
	if i := strings.IndexAny(s, "-_"); i > 0 && i < 6 {
		prefix = s[:i+1]
	} else if rule != "db-url-password" && rule != genericRule.id {
		prefix = s[:min(2, len(s))]
	}
	if len(prefix) > len(s)/4 {
		prefix = ""
	}
	return fmt.Sprintf("%s…(redacted, %d chars)", prefix, len(s))
}

// secretHash is the SHA-256 of a secret, as a prefix long enough to tell
// values apart and too short to confirm a guess cheaply.
func secretHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "sha256:" + hex.EncodeToString(sum[:])[:12]
}

func newSecret(r *secretRule, value, where string, pos project.Position, shown string) Secret {
	s := Secret{Rule: r.id, Description: r.desc, Where: where, Redacted: redact(r.id, value), Hash: secretHash(value)}
	s.Evidence = Evidence{Position: pos, Excerpt: shown}
	return s
}

// scanSecretsText finds the secrets of a text file (source, dotenv, a blob
// of history): the format rules over the whole text, and the keyed rule
// over assignments. The excerpt is the line with each secret redacted.
func scanSecretsText(file string, data []byte, where string) []Secret {
	var lines *project.Lines
	at := func(off int) project.Position {
		if lines == nil {
			lines = project.NewLines(data)
		}
		l, c := lines.At(off)
		return project.Position{File: file, Line: l, Col: c}
	}
	ms := findSecrets(data)
	ms = append(ms, keyedAssignments(data, where == "env-file", ms)...)
	ms = dropOverlaps(ms)
	var out []Secret
	for _, m := range ms {
		value := string(data[m.start:m.end])
		s := newSecret(m.rule, value, where, at(m.start), "")
		s.Key = m.key
		s.Excerpt = redactLine(data, m, s.Redacted)
		out = append(out, s)
	}
	return out
}

// redactLine is the line holding a match with the secret replaced by its
// redacted form (the first line only, for a multi-line secret).
func redactLine(data []byte, m secretMatch, redacted string) string {
	start := m.start
	for start > 0 && data[start-1] != '\n' {
		start--
	}
	end := m.end
	for end < len(data) && data[end] != '\n' {
		end++
	}
	line := string(data[start:m.start]) + redacted + string(data[m.end:end])
	line, _, _ = strings.Cut(line, "\n")
	return excerpt(strings.TrimSpace(line))
}

var (
	// dotenv: KEY=value, export KEY="value".
	envAssign = regexp.MustCompile(`(?m)^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=[ \t]*(?:"([^"\n]*)"|'([^'\n]*)'|([^\s#'"]+))`)
	// source: name = "value", name: 'value', "name": "value".
	codeAssign = regexp.MustCompile(`["']?([A-Za-z_][A-Za-z0-9_-]*)["']?[ \t]*(?::=|=|:)[ \t]*(?:"([^"\n]{16,})"|'([^'\n]{16,})'|` + "`([^`\\n]{16,})`)")
)

// keyedAssignments finds values under credential names that no format rule
// matched.
func keyedAssignments(data []byte, dotenv bool, found []secretMatch) []secretMatch {
	re := codeAssign
	if dotenv {
		re = envAssign
	}
	var out []secretMatch
	// Only lines naming a credential can hold one: a cheap check per line
	// keeps the assignment pattern off the rest of the file.
	for off := 0; off < len(data); {
		end := bytes.IndexByte(data[off:], '\n')
		if end < 0 {
			end = len(data)
		} else {
			end += off
		}
		line := data[off:end]
		if credentialLine(line) {
			for _, m := range re.FindAllSubmatchIndex(line, -1) {
				key := string(line[m[2]:m[3]])
				for g := 4; g+1 < len(m); g += 2 {
					if m[g] < 0 {
						continue
					}
					value := string(line[m[g]:m[g+1]])
					start, stop := off+m[g], off+m[g+1]
					if keyedSecret(key, value) && !overlaps(found, start, stop) {
						v := stripAuthScheme(value)
						vs := start + strings.Index(value, v)
						out = append(out, secretMatch{rule: &genericRule, start: vs, end: vs + len(v), key: key})
					}
				}
			}
		}
		off = end + 1
	}
	return out
}

// credentialWords are the lower-case stems secretKey looks for.
var credentialWords = []string{"key", "secret", "token", "passw", "pwd", "credential", "auth", "bearer", "pat"}

func credentialLine(line []byte) bool {
	lower := bytes.ToLower(line)
	for _, w := range credentialWords {
		if bytes.Contains(lower, []byte(w)) {
			return true
		}
	}
	return false
}

func overlaps(ms []secretMatch, start, end int) bool {
	for _, m := range ms {
		if m.start < end && start < m.end {
			return true
		}
	}
	return false
}

// scanSecretValue checks one config value (an env value, a header, an
// argument, a URL): the format rules, then the keyed rule.
func scanSecretValue(key, value string) []secretMatch {
	ms := findSecrets([]byte(value))
	if len(ms) == 0 && key != "" && keyedSecret(key, value) {
		v := stripAuthScheme(value)
		off := strings.Index(value, v)
		ms = append(ms, secretMatch{rule: &genericRule, start: off, end: off + len(v), key: key})
	}
	return ms
}
