package secrets

// The oracle is hardening/secrets.go's scanner as it was before this
// package (commit 7f5e867): every rule's regexp over the whole text, the
// keyed rule over every line holding a credential word. ScanText must
// give exactly its matches. Two things differ on purpose and are passed
// in: the catalogue adds the Replicate, Pinecone and Facebook formats (run here the
// old way), and the placeholder predicate is the merged IsPlaceholder
// (oldIsPlaceholder keeps the old one for the tests that say where they
// differ).

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"regexp"
	"strings"
)

type oracleRule struct {
	id       string
	re       *regexp.Regexp
	entropy  float64
	keywords []string
	bounded  bool
}

var oracleRules = []oracleRule{
	{id: "private-key", keywords: []string{"-----begin"},
		re: regexp.MustCompile(`(?i)-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----(?:[A-Za-z0-9+/=:,.\-\s]|\\[nr]){64,}?-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----`)},
	{id: "anthropic-api-key", keywords: []string{"sk-ant-"}, bounded: true,
		re: regexp.MustCompile(`\bsk-ant-(?:api03|admin01)-[a-zA-Z0-9_\-]{93}AA`)},
	{id: "anthropic-oauth-token", keywords: []string{"sk-ant-o"}, bounded: true,
		re: regexp.MustCompile(`\bsk-ant-o(?:at|rt)01-[a-zA-Z0-9_\-]{40,}`)},
	{id: "openrouter-api-key", keywords: []string{"sk-or"}, bounded: true,
		re: regexp.MustCompile(`\bsk-or(?:-v\d+)?-[a-f0-9]{64}`)},
	{id: "openai-api-key", keywords: []string{"t3blbkfj"}, entropy: 3, bounded: true,
		re: regexp.MustCompile(`\bsk-(?:proj|svcacct|admin)-(?:[A-Za-z0-9_-]{74}|[A-Za-z0-9_-]{58})T3BlbkFJ(?:[A-Za-z0-9_-]{74}|[A-Za-z0-9_-]{58})|\bsk-[a-zA-Z0-9]{20}T3BlbkFJ[a-zA-Z0-9]{20}`)},
	{id: "groq-api-key", keywords: []string{"gsk_"}, entropy: 4, bounded: true,
		re: regexp.MustCompile(`\bgsk_[a-zA-Z0-9]{48}`)},
	{id: "xai-api-key", keywords: []string{"xai-"}, entropy: 4, bounded: true,
		re: regexp.MustCompile(`\bxai-[A-Za-z0-9]{80}`)},
	// New in this package, run the old way.
	{id: "replicate-api-token", keywords: []string{"r8_"}, entropy: 3, bounded: true,
		re: regexp.MustCompile(`\br8_[A-Za-z0-9]{37}`)},
	{id: "pinecone-api-key", keywords: []string{"pcsk_"}, entropy: 3, bounded: true,
		re: regexp.MustCompile(`\bpcsk_[A-Za-z0-9]{5,6}_[A-Za-z0-9]{63}`)},
	{id: "github-pat", keywords: []string{"ghp_"}, entropy: 3,
		re: regexp.MustCompile(`ghp_[0-9a-zA-Z]{36}`)},
	{id: "github-fine-grained-pat", keywords: []string{"github_pat_"}, entropy: 3,
		re: regexp.MustCompile(`github_pat_\w{82}`)},
	{id: "github-token", keywords: []string{"gho_", "ghu_", "ghs_", "ghr_"}, entropy: 3,
		re: regexp.MustCompile(`gh[ousr]_[0-9a-zA-Z]{36}`)},
	{id: "aws-access-key-id", keywords: []string{"a3t", "akia", "asia", "abia", "acca"}, entropy: 3,
		re: regexp.MustCompile(`\b((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})\b`)},
	{id: "gcp-api-key", keywords: []string{"aiza"}, entropy: 4, bounded: true,
		re: regexp.MustCompile(`\bAIza[\w-]{35}`)},
	{id: "slack-token", keywords: []string{"xox", "xapp"}, entropy: 2,
		re: regexp.MustCompile(`xoxb-[0-9]{10,13}-[0-9]{10,13}[a-zA-Z0-9-]*|xox[pe](?:-[0-9]{10,13}){3}-[a-zA-Z0-9-]{28,34}|(?i:xapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+)|xoxb-[0-9]{8,14}-[a-zA-Z0-9]{18,26}|xox[os]-\d+-\d+-\d+-[a-fA-F\d]+|xox[ar]-(?:\d-)?[0-9a-zA-Z]{8,48}`)},
	{id: "vault-token", keywords: []string{"hvs.", "hvb."}, entropy: 3, bounded: true,
		re: regexp.MustCompile(`\bhvs\.[\w-]{90,120}|\bhvb\.[\w-]{138,300}`)},
	{id: "stripe-api-key", keywords: []string{"sk_", "rk_"}, entropy: 2, bounded: true,
		re: regexp.MustCompile(`\b(?:sk|rk)_(?:test|live|prod)_[a-zA-Z0-9]{10,99}`)},
	{id: "facebook-access-token", keywords: []string{"eaam", "eaac"}, entropy: 4, bounded: true,
		re: regexp.MustCompile(`\bEAA[MC][a-zA-Z0-9]{100,}`)},
	{id: "huggingface-token", keywords: []string{"hf_"}, entropy: 2, bounded: true,
		re: regexp.MustCompile(`\bhf_[a-zA-Z]{34}`)},
	{id: "jwt", keywords: []string{"ey"}, entropy: 3, bounded: true,
		re: regexp.MustCompile(`\bey[a-zA-Z0-9]{17,}\.ey[a-zA-Z0-9/\\_-]{17,}\.(?:[a-zA-Z0-9/\\_-]{10,}={0,2})?`)},
	{id: "db-url-password", keywords: []string{"://"},
		re: regexp.MustCompile(`(?i)\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|cockroachdb|clickhouse)://[^:/\s@'"]+:([^@\s'"/]+)@`)},
}

var (
	oldPlaceholderValue = regexp.MustCompile(`^(?:\$\{\{[^}]*\}\}|\$\{[^}]*\}|\{env:[^}]+\}|\$[A-Za-z_][A-Za-z0-9_]*|%[A-Za-z_][A-Za-z0-9_]*%|<[^<>]*>|\{\{[^}]*\}\})$`)
	oldPlaceholderWord  = regexp.MustCompile(`(?i)\b(?:your|example|placeholder|changeme|change_me|todo|fixme|xxx+|REPLACE_ME|REDACTED|dummy|sample|mock|fake|lorem|insert|redacted)\b|your[_-]|[_-]here\b|x{6,}|\*{3,}`)
	oldSecretKey        = regexp.MustCompile(`(?i)api[_-]?key|apikey|secret|token|passw(?:or)?d|\bpwd\b|credential|auth|bearer|private[_-]?key|access[_-]?key|_pat\b|^pat$`)
	oldEnvAssign        = regexp.MustCompile(`(?m)^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=[ \t]*(?:"([^"\n]*)"|'([^'\n]*)'|([^\s#'"]+))`)
	oldCodeAssign       = regexp.MustCompile(`["']?([A-Za-z_][A-Za-z0-9_-]*)["']?[ \t]*(?::=|=|:)[ \t]*(?:"([^"\n]{16,})"|'([^'\n]{16,})'|` + "`([^`\\n]{16,})`)")
)

// oldIsPlaceholder is hardening's isPlaceholder.
func oldIsPlaceholder(v string) bool {
	v = strings.TrimSpace(v)
	return v == "" || oldPlaceholderValue.MatchString(v) || oldPlaceholderWord.MatchString(v) ||
		strings.Contains(v, "${") || strings.Contains(v, "{env:")
}

// oldIsReference is residency/redact.go's isReference.
func oldIsReference(v string) bool {
	for _, p := range []string{"${", "$(", "{{", "process.env", "os.environ", "os.getenv", "os.Getenv", "env(", "var.", "secretKeyRef", "<", "your", "changeme-"} {
		if strings.HasPrefix(v, p) {
			return true
		}
	}
	return false
}

// oracleMatch is a match of the oracle, by rule id.
type oracleMatch struct {
	rule       string
	start, end int
	key        string
}

type oracle struct{ isPlaceholder func(string) bool }

func (o oracle) findSecrets(text []byte) []oracleMatch {
	lower := bytes.ToLower(text)
	var out []oracleMatch
	for i := range oracleRules {
		r := &oracleRules[i]
		has := len(r.keywords) == 0
		for _, k := range r.keywords {
			if bytes.Contains(lower, []byte(k)) {
				has = true
			}
		}
		if !has {
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
			if r.id == "db-url-password" && oracleExampleLogin(text, m[0], start, end) {
				continue
			}
			if !o.accept(r, string(text[start:end])) {
				continue
			}
			out = append(out, oracleMatch{rule: r.id, start: start, end: end})
		}
	}
	return oracleDropOverlaps(out)
}

// oracleExampleLogin: the user equals the password, or the host after the
// '@' is a documentation host (host, hostname, example.com/org/net).
func oracleExampleLogin(text []byte, from, start, end int) bool {
	url := string(text[from:end])
	user := url[strings.Index(url, "://")+3 : start-from-1]
	if strings.ToLower(user) == strings.ToLower(string(text[start:end])) {
		return true
	}
	rest := string(text[end+1:])
	if k := strings.IndexFunc(rest, func(r rune) bool { return strings.ContainsRune(":/?#,@'\" \t\n\r\f", r) }); k >= 0 {
		rest = rest[:k]
	}
	host := strings.ToLower(rest)
	for _, d := range []string{"example.com", "example.org", "example.net"} {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return host == "host" || host == "hostname"
}

func (o oracle) accept(r *oracleRule, s string) bool {
	if entropy(s) < r.entropy {
		return false
	}
	switch r.id {
	case "private-key":
		return true
	case "db-url-password":
		return !o.isPlaceholder(s) && !strings.EqualFold(s, "password") && !strings.EqualFold(s, "pass") &&
			!strings.ContainsAny(s, "[]^\\{}| \t") // RFC 3986 userinfo holds none of these
	case "aws-access-key-id":
		return !strings.HasSuffix(s, "EXAMPLE")
	case "jwt": // a Supabase anon key is public
		if seg := strings.SplitN(s, ".", 3); len(seg) >= 2 {
			if raw, err := base64.URLEncoding.WithPadding(base64.NoPadding).DecodeString(strings.TrimRight(seg[1], "=")); err == nil {
				var c map[string]any
				if json.Unmarshal(raw, &c) == nil {
					iss, _ := c["iss"].(string)
					if role, _ := c["role"].(string); role == "anon" && strings.HasPrefix(iss, "supabase") {
						return false
					}
				}
			}
		}
	}
	return !oldPlaceholderWord.MatchString(s)
}

func oracleDropOverlaps(ms []oracleMatch) []oracleMatch {
	// A stable insertion sort by start, the longer first, as
	// slices.SortStableFunc did.
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0; j-- {
			a, b := ms[j-1], ms[j]
			if a.start < b.start || a.start == b.start && a.end >= b.end {
				break
			}
			ms[j-1], ms[j] = b, a
		}
	}
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

// keyedSecret is the old scanner's acceptance with the key and value
// policy the package has grown since (names of non-credentials, ARNs,
// prose, self-named values, example Basic credentials; each tested on its
// own): the oracle checks where the scanner looks and what it reads.
func (o oracle) keyedSecret(key, value string) bool {
	key = lastKeyPart(key)
	if !oldSecretKey.MatchString(key) || notSecretKey.MatchString(key) || operationalToken.MatchString(key) ||
		standInKey.MatchString(key) || notCredentialWord.MatchString(key) {
		return false
	}
	v := strings.Trim(stripAuthScheme(value), `"',`)
	return len(v) >= 16 && !strings.ContainsAny(v, " \t") && !words(v) &&
		!o.isPlaceholder(v) && !strings.Contains(v, "://") && !strings.HasPrefix(v, "/") &&
		!identifier(v) && !prose(v) && (passwordKey.MatchString(key) || !selfNamed(v)) && !exampleBasic(value) && !publicKey(v) && !sequential(v) && !jsonData(v) && entropy(v) >= 3.5
}

func (o oracle) scanText(data []byte, dotenv bool) []oracleMatch {
	ms := o.findSecrets(data)
	ms = append(ms, o.keyedAssignments(data, dotenv, ms)...)
	// The lines a project marks allowed, and keyed values in an @example
	// comment, are the package's policy since (each tested on its own).
	var out []oracleMatch
	for _, m := range oracleDropOverlaps(ms) {
		if !allowedLine(data, m.start) && (m.rule != GenericID || !inExampleDoc(data, m.start)) {
			out = append(out, m)
		}
	}
	return out
}

func (o oracle) keyedAssignments(data []byte, dotenv bool, found []oracleMatch) []oracleMatch {
	re := oldCodeAssign
	if dotenv {
		re = oldEnvAssign
	}
	var out []oracleMatch
	for off := 0; off < len(data); {
		end := bytes.IndexByte(data[off:], '\n')
		if end < 0 {
			end = len(data)
		} else {
			end += off
		}
		line := data[off:end]
		if oldCredentialLine(line) {
			for _, m := range re.FindAllSubmatchIndex(line, -1) {
				key := string(line[m[2]:m[3]])
				for g := 4; g+1 < len(m); g += 2 {
					if m[g] < 0 {
						continue
					}
					value := string(line[m[g]:m[g+1]])
					start := off + m[g]
					type pair struct {
						key, value string
						start      int
					}
					pairs := []pair{{key, value, start}}
					if t := strings.Trim(value, `"',`); strings.HasPrefix(t, "{\"") || strings.HasPrefix(t, "[{") || strings.HasPrefix(t, "[\"") {
						// a JSON value: its members, as the package reads them since
						pairs = nil
						for _, j := range codeAssign.FindAllSubmatchIndex([]byte(value), -1) {
							for h := 4; h+1 < len(j); h += 2 {
								if j[h] >= 0 {
									pairs = append(pairs, pair{value[j[2]:j[3]], value[j[h]:j[h+1]], start + j[h]})
								}
							}
						}
					}
					for _, p := range pairs {
						overlap := false
						for _, f := range found {
							if f.start < p.start+len(p.value) && p.start < f.end {
								overlap = true
							}
						}
						if o.keyedSecret(p.key, p.value) && !overlap {
							v := stripAuthScheme(p.value)
							vs := p.start + strings.Index(p.value, v)
							out = append(out, oracleMatch{rule: "generic-high-entropy", start: vs, end: vs + len(v), key: p.key})
						}
					}
				}
			}
		}
		off = end + 1
	}
	return out
}

func oldCredentialLine(line []byte) bool {
	lower := bytes.ToLower(line)
	for _, w := range []string{"key", "secret", "token", "passw", "pwd", "credential", "auth", "bearer", "pat"} {
		if bytes.Contains(lower, []byte(w)) {
			return true
		}
	}
	return false
}

func (o oracle) scanValue(key, value string) []oracleMatch {
	ms := o.findSecrets([]byte(value))
	if len(ms) == 0 && key != "" && o.keyedSecret(key, value) {
		v := stripAuthScheme(value)
		off := strings.Index(value, v)
		ms = append(ms, oracleMatch{rule: "generic-high-entropy", start: off, end: off + len(v), key: key})
	}
	// ScanValue names the key on every match, the format ones too.
	for i := range ms {
		ms[i].key = key
	}
	return ms
}

// newOracle is the oracle with the merged placeholder predicate.
var newOracle = oracle{isPlaceholder: IsPlaceholder}

func asOracle(ms []Match) []oracleMatch {
	out := make([]oracleMatch, len(ms))
	for i, m := range ms {
		out[i] = oracleMatch{rule: m.Rule.ID, start: m.Start, end: m.End, key: m.Key}
	}
	return out
}
