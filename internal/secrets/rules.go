// Package secrets is the one place that knows what in project text is a
// secret and how a report shows it: the catalogue of credential formats
// (Rules, Find, ScanText, ScanValue), the one placeholder predicate that
// tells a reference or an example from a literal (IsPlaceholder, and
// Expand, which resolves references for pin --live), the one redacted
// form a report prints (Redact, Hash, RedactText, RedactValue, RedactURL)
// and the one excerpt of project text (Excerpt, MatchExcerpts, Hidden,
// Escape).
//
// Nothing here returns a secret in clear but Match offsets into the
// caller's own text and Expand's values from the caller's environment.
//
// Files: rules.go the catalogue and Find; scan.go the keyed rule,
// ScanText and ScanValue; placeholder.go; redact.go the redacted forms of
// one value and of a URL; text.go RedactText; keys.go which keys name
// credentials for display; excerpt.go.
package secrets

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"encoding/json"
	"math"
	"regexp"
	"slices"
	"strings"
)

// Rule is one credential format of the catalogue. Rules are shared and
// read-only: a Match points at the catalogue's own Rule.
type Rule struct {
	ID, Description string

	// re is the format anchored at the match start (^(?:…)), with the
	// leading \b of a wordStart rule taken out and checked by hand: Find
	// runs it only where a match can start, never over the whole text.
	re        *regexp.Regexp
	wordStart bool    // the format starts with \b
	entropy   float64 // Shannon entropy floor of the secret, bits per byte
	// anchors are the literals a match starts with (the database URL rule
	// has none: findURL starts from "://"); fold makes them match in any
	// ASCII case (lower-case anchors). gate, when set, must occur in the
	// text (a literal every match holds) before the regexp runs.
	anchors []string
	fold    bool
	gate    string
	// span are the bytes a match can hold: the regexp runs on the run of
	// them that starts at the anchor, plus one byte of look-ahead. nil
	// means the rest of the text.
	span *[256]bool
	// bounded rejects a match followed by a token character (gitleaks'
	// unique-token suffix), so a prefix of a longer word is not a secret.
	bounded bool
}

// byteSet is the set of bytes of chars plus, with nonASCII, every byte of
// a multi-byte rune.
func byteSet(chars string, nonASCII bool) *[256]bool {
	var s [256]bool
	for i := 0; i < len(chars); i++ {
		s[chars[i]] = true
	}
	if nonASCII {
		for b := 0x80; b < 0x100; b++ {
			s[b] = true
		}
	}
	return &s
}

const tokenChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"

var (
	tokenSpan = byteSet(tokenChars, false)
	jwtSpan   = byteSet(tokenChars+"./\\=", false)
	// Slack's xapp format is case-insensitive: (?i) lets [a-z] match the
	// Kelvin sign and the long s, so its span takes multi-byte runes too.
	slackSpan = byteSet(tokenChars, true)
)

// rule builds a catalogue entry from its format written without the
// leading \b (wordStart says whether it has one).
func rule(id, desc string, wordStart bool, body string, r Rule) Rule {
	r.ID, r.Description, r.wordStart = id, desc, wordStart
	r.re = regexp.MustCompile(`^(?:` + body + `)`)
	return r
}

// catalogue holds the format rules. The formats, entropy floors and
// samples follow gitleaks (github.com/gitleaks/gitleaks,
// cmd/generate/config/rules/*.go, read 2026-11-24); Replicate follows
// betterleaks (its 37-character body matches issued tokens; gitleaks'
// replicate.go says 40); the Facebook rule follows gitleaks facebook.go
// (read 2026-12-06); the database URL rule is this project's own.
//
// Not here on purpose: Stripe publishable keys (pk_live_, pk_test_) are
// meant to ship in client code (Stripe's API keys guide), so they are not
// secrets; a bare "sk-" prefix is no format (OpenAI-compatible providers
// all use it) and only RedactText masks it.
var catalogue = []Rule{
	// gitleaks lets the body be anything ([\s\S-]{64,}?), which also
	// matches code between a header and a footer written in strings; here
	// the body is base64 and PEM header fields, with real or escaped (\n)
	// line breaks.
	rule("private-key", "private key (PEM)", false,
		`(?i)-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----(?:[A-Za-z0-9+/=:,.\-\s]|\\[nr]){64,}?-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----`,
		Rule{anchors: []string{"-----begin"}, fold: true}),
	rule("anthropic-api-key", "Anthropic API key", true, `sk-ant-(?:api03|admin01)-[a-zA-Z0-9_\-]{93}AA`,
		Rule{anchors: []string{"sk-ant-"}, span: tokenSpan, bounded: true}),
	rule("anthropic-oauth-token", "Anthropic OAuth token", true, `sk-ant-o(?:at|rt)01-[a-zA-Z0-9_\-]{40,}`,
		Rule{anchors: []string{"sk-ant-o"}, span: tokenSpan, bounded: true}),
	rule("openrouter-api-key", "OpenRouter API key", true, `sk-or(?:-v\d+)?-[a-f0-9]{64}`,
		Rule{anchors: []string{"sk-or"}, span: tokenSpan, bounded: true}),
	rule("openai-api-key", "OpenAI API key", true,
		`sk-(?:proj|svcacct|admin)-(?:[A-Za-z0-9_-]{74}|[A-Za-z0-9_-]{58})T3BlbkFJ(?:[A-Za-z0-9_-]{74}|[A-Za-z0-9_-]{58})|sk-[a-zA-Z0-9]{20}T3BlbkFJ[a-zA-Z0-9]{20}`,
		Rule{anchors: []string{"sk-"}, gate: "T3BlbkFJ", span: tokenSpan, entropy: 3, bounded: true}),
	rule("groq-api-key", "Groq API key", true, `gsk_[a-zA-Z0-9]{48}`,
		Rule{anchors: []string{"gsk_"}, span: tokenSpan, entropy: 4, bounded: true}),
	rule("xai-api-key", "xAI API key", true, `xai-[A-Za-z0-9]{80}`,
		Rule{anchors: []string{"xai-"}, span: tokenSpan, entropy: 4, bounded: true}),
	rule("replicate-api-token", "Replicate API token", true, `r8_[A-Za-z0-9]{37}`,
		Rule{anchors: []string{"r8_"}, span: tokenSpan, entropy: 3, bounded: true}),
	rule("pinecone-api-key", "Pinecone API key", true, `pcsk_[A-Za-z0-9]{5,6}_[A-Za-z0-9]{63}`,
		Rule{anchors: []string{"pcsk_"}, span: tokenSpan, entropy: 3, bounded: true}),
	rule("github-pat", "GitHub personal access token", false, `ghp_[0-9a-zA-Z]{36}`,
		Rule{anchors: []string{"ghp_"}, span: tokenSpan, entropy: 3}),
	rule("github-fine-grained-pat", "GitHub fine-grained personal access token", false, `github_pat_\w{82}`,
		Rule{anchors: []string{"github_pat_"}, span: tokenSpan, entropy: 3}),
	rule("github-token", "GitHub OAuth, app or refresh token", false, `gh[ousr]_[0-9a-zA-Z]{36}`,
		Rule{anchors: []string{"gho_", "ghu_", "ghs_", "ghr_"}, span: tokenSpan, entropy: 3}),
	rule("aws-access-key-id", "AWS access key id", true, `((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})\b`,
		Rule{anchors: []string{"A3T", "AKIA", "ASIA", "ABIA", "ACCA"}, span: tokenSpan, entropy: 3}),
	rule("gcp-api-key", "Google API key", true, `AIza[\w-]{35}`,
		Rule{anchors: []string{"AIza"}, span: tokenSpan, entropy: 4, bounded: true}),
	rule("slack-token", "Slack token", false,
		`xoxb-[0-9]{10,13}-[0-9]{10,13}[a-zA-Z0-9-]*|xox[pe](?:-[0-9]{10,13}){3}-[a-zA-Z0-9-]{28,34}|(?i:xapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+)|xoxb-[0-9]{8,14}-[a-zA-Z0-9]{18,26}|xox[os]-\d+-\d+-\d+-[a-fA-F\d]+|xox[ar]-(?:\d-)?[0-9a-zA-Z]{8,48}`,
		Rule{anchors: []string{"xoxb-", "xoxp-", "xoxe-", "xoxo-", "xoxs-", "xoxa-", "xoxr-", "xapp-"}, fold: true, span: slackSpan, entropy: 2}),
	rule("stripe-api-key", "Stripe secret or restricted key", true, `(?:sk|rk)_(?:test|live|prod)_[a-zA-Z0-9]{10,99}`,
		Rule{anchors: []string{"sk_", "rk_"}, span: tokenSpan, entropy: 2, bounded: true}),
	// Vault's service and batch tokens (gitleaks vault.go; its pre-1.10
	// "s." form is too short a prefix to tell apart and is left out).
	rule("vault-token", "HashiCorp Vault token", true, `hvs\.[\w-]{90,120}|hvb\.[\w-]{138,300}`,
		Rule{anchors: []string{"hvs.", "hvb."}, span: jwtSpan, entropy: 3, bounded: true}),
	// Meta's page and user access tokens (gitleaks facebook.go,
	// facebook-page-access-token): EAAM or EAAC and 100 or more
	// alphanumerics.
	rule("facebook-access-token", "Facebook (Meta) access token", true, `EAA[MC][a-zA-Z0-9]{100,}`,
		Rule{anchors: []string{"EAAM", "EAAC"}, span: tokenSpan, entropy: 4, bounded: true}),
	rule("huggingface-token", "Hugging Face access token", true, `hf_[a-zA-Z]{34}`,
		Rule{anchors: []string{"hf_"}, span: tokenSpan, entropy: 2, bounded: true}),
	rule("jwt", "JSON Web Token", true, `ey[a-zA-Z0-9]{17,}\.ey[a-zA-Z0-9/\\_-]{17,}\.(?:[a-zA-Z0-9/\\_-]{10,}={0,2})?`,
		Rule{anchors: []string{"ey"}, span: jwtSpan, entropy: 3, bounded: true}),
	rule("db-url-password", "password in a database URL", true,
		`(?i)(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|cockroachdb|clickhouse)://[^:/\s@'"]+:([^@\s'"/]+)@`,
		Rule{}),
}

// generic is the keyed high-entropy rule: a value of at least
// genericMinLen characters and generic.entropy bits per character under a
// key that names a credential. The floor (3.5 bits, 16 characters) is
// gitleaks' mcp-server-credential rule; values made only of letters and
// separators are words, not keys (gitleaks generic-api-key).
var generic = Rule{ID: "generic-high-entropy", Description: "high-entropy value under a credential name", entropy: 3.5}

const genericMinLen = 16

// GenericID is the rule id of the keyed high-entropy rule.
const GenericID = "generic-high-entropy"

// Rules returns a copy of the catalogue, the keyed rule last, for docs and
// tests.
func Rules() []Rule {
	return append(slices.Clone(catalogue), generic)
}

// Match is a secret found in a text: the byte range of the secret itself
// and its rule. Key is the variable, header or assignment name when known.
type Match struct {
	Rule       *Rule
	Start, End int
	Key        string
}

// Find runs the format rules over text and returns their matches, without
// overlaps, in text order. It gives the matches running each rule's
// regexp over the whole text would give (hardening's findSecrets did
// that), but looks for the rules' anchors in a few passes over the text,
// one per hook byte, and runs a rule's regexp only where its anchor
// occurs, on the run of bytes a match can hold.
func Find(text []byte) []Match {
	var out []Match
	cands := candidates(text)
	for i := 0; i < len(cands); {
		j := i + 1
		for j < len(cands) && cands[j].rule == cands[i].rule {
			j++
		}
		out = catalogue[cands[i].rule].find(text, cands[i:j], out)
		i = j
	}
	out = catalogue[dbURL].findURL(text, out)
	return dropOverlaps(out)
}

// cand is a place where a rule's anchor occurs (and, for a wordStart
// rule, a word starts).
type cand struct{ rule, pos int }

// anchor is one literal a rule's matches start with, and the offset in it
// of the hook byte the passes look for.
type anchor struct {
	lit  string
	hook int
	rule int
}

// hooks groups the anchors by hook byte. An anchor's hook is its first
// '_' or '-', else its first byte when upper case, else its last byte:
// bytes rarer in text than the first letters of the anchors.
var hooks = func() map[byte][]anchor {
	m := map[byte][]anchor{}
	for ri := range catalogue {
		for _, lit := range catalogue[ri].anchors {
			h := strings.IndexAny(lit, "_-")
			switch {
			case h >= 0:
			case lit[0] >= 'A' && lit[0] <= 'Z':
				h = 0
			default:
				h = len(lit) - 1
			}
			m[lit[h]] = append(m[lit[h]], anchor{lit: lit, hook: h, rule: ri})
		}
	}
	return m
}()

// hookBytes are the keys of hooks in a fixed order.
var hookBytes = func() []byte {
	var bs []byte
	for b := range hooks {
		bs = append(bs, b)
	}
	slices.Sort(bs)
	return bs
}()

// dbURL is the index of the database URL rule, which findURL runs from
// each "://".
var dbURL = slices.IndexFunc(catalogue, func(r Rule) bool { return r.ID == "db-url-password" })

// candidates finds every anchor of every rule, sorted by rule then
// position.
func candidates(text []byte) []cand {
	var out []cand
	for _, b := range hookBytes {
		as := hooks[b]
		for pos := 0; pos < len(text); {
			i := bytes.IndexByte(text[pos:], b)
			if i < 0 {
				break
			}
			i += pos
			pos = i + 1
			for _, a := range as {
				p := i - a.hook
				r := &catalogue[a.rule]
				if p < 0 || p+len(a.lit) > len(text) || r.wordStart && p > 0 && wordByte(text[p-1]) {
					continue
				}
				if r.fold && hasFoldPrefix(text[p:], a.lit) || !r.fold && string(text[p:p+len(a.lit)]) == a.lit {
					out = append(out, cand{a.rule, p})
				}
			}
		}
	}
	slices.SortFunc(out, func(x, y cand) int { return cmp.Or(cmp.Compare(x.rule, y.rule), cmp.Compare(x.pos, y.pos)) })
	return out
}

// find appends the accepted matches of r among its candidates. It keeps
// the first match at or after the end of the last, as FindAll does: a
// match rejected after matching (entropy, bound, placeholder) still
// consumes its text.
func (r *Rule) find(text []byte, cands []cand, out []Match) []Match {
	if r.gate != "" && !bytes.Contains(text, []byte(r.gate)) {
		return out
	}
	last := 0
	for _, c := range cands {
		p := c.pos
		if p < last {
			continue
		}
		hi := len(text)
		if r.span != nil {
			hi = p
			for hi < len(text) && r.span[text[hi]] {
				hi++
			}
			hi = min(hi+1, len(text))
		}
		m := r.re.FindSubmatchIndex(text[p:hi])
		if m == nil {
			continue
		}
		last = p + m[1]
		start, end := p+m[0], p+m[1]
		if len(m) >= 4 && m[2] >= 0 {
			start, end = p+m[2], p+m[3]
		}
		if r.bounded && end < len(text) && tokenByte(text[end]) {
			continue
		}
		if !r.accept(string(text[start:end])) {
			continue
		}
		out = append(out, Match{Rule: r, Start: start, End: end})
	}
	return out
}

// maxScheme is the longest scheme the database URL rule knows
// (cockroachdb), in bytes, each letter at most three (the Kelvin sign
// matches k under (?i)).
const maxScheme = 11 * 3

// findURL runs the database URL rule from each "://": the match starts at
// the scheme before it and ends at the first '@' after it, before any
// space, quote or slash.
func (r *Rule) findURL(text []byte, out []Match) []Match {
	last := 0
	for pos := 0; ; {
		i := bytes.Index(text[pos:], []byte("://"))
		if i < 0 {
			return out
		}
		c := pos + i
		pos = c + 3
		hi := c + 3
		for hi < len(text) && !urlStop(text[hi]) {
			hi++
		}
		if hi == len(text) || text[hi] != '@' {
			continue
		}
		lo := c
		for lo > 0 && c-lo < maxScheme && schemeByte(text[lo-1]) {
			lo--
		}
		for s := max(lo, last); s < c; s++ {
			// \b before the scheme: the bytes either side differ in being word bytes.
			if (s > 0 && wordByte(text[s-1])) == wordByte(text[s]) {
				continue
			}
			m := r.re.FindSubmatchIndex(text[s : hi+1])
			if m == nil {
				continue
			}
			last = s + m[1]
			pos = max(pos, last)
			if v := string(text[s+m[2] : s+m[3]]); r.accept(v) {
				out = append(out, Match{Rule: r, Start: s + m[2], End: s + m[3]})
			}
			break
		}
	}
}

// exampleLogin reports a database URL's password (m, a db-url-password
// match of text) that a document or an image shows rather than one that
// opens a deployed database: it repeats the user name (postgres:postgres,
// root:root, the defaults of the official images), or the host is
// reserved for documentation (RFC 2606: example.com, .org, .net and their
// subdomains; the words host and hostname). Redaction still masks it.
func exampleLogin(text []byte, m Match) bool {
	pre := text[:m.Start-1] // up to the ':' before the password
	user := string(pre[bytes.LastIndex(pre, []byte("://"))+3:])
	password := string(text[m.Start:m.End])
	host := urlHost(text[m.End+1:])
	if strings.EqualFold(user, password) {
		return true
	}
	h := strings.ToLower(host)
	switch {
	case h == "host" || h == "hostname":
		return true
	case h == "example.com" || h == "example.org" || h == "example.net":
		return true
	}
	return strings.HasSuffix(h, ".example.com") || strings.HasSuffix(h, ".example.org") || strings.HasSuffix(h, ".example.net")
}

// urlHost is the host at the start of b, the part of a URL after its
// userinfo: up to a port, a path, a query, a quote or a space.
func urlHost(b []byte) string {
	i := 0
	for i < len(b) && !urlStop(b[i]) && b[i] != ':' && b[i] != '?' && b[i] != '#' && b[i] != ',' {
		i++
	}
	return string(b[:i])
}

// urlStop ends the user:password@ part of a URL (Go's \s is [\t\n\f\r ]).
func urlStop(c byte) bool {
	switch c {
	case '\t', '\n', '\f', '\r', ' ', '\'', '"', '/', '@':
		return true
	}
	return false
}

func schemeByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '+' || c >= 0x80
}

// hasFoldPrefix reports whether b starts with lit (lower case) in any
// ASCII case.
func hasFoldPrefix(b []byte, lit string) bool {
	if len(b) < len(lit) {
		return false
	}
	for i := 0; i < len(lit); i++ {
		if lower(b[i]) != lit[i] {
			return false
		}
	}
	return true
}

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// wordByte is an ASCII word byte, as \b sees it.
func wordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// tokenByte reports a byte that continues a token.
func tokenByte(c byte) bool { return c == '-' || wordByte(c) }

// accept applies the rule's entropy floor and the placeholder checks to a
// matched secret.
func (r *Rule) accept(s string) bool {
	if entropy(s) < r.entropy {
		return false
	}
	switch r.ID {
	case "private-key":
		return true // the body decides; placeholder words do not occur in a real one
	case "db-url-password":
		// RFC 3986 §3.2.1: userinfo holds unreserved characters,
		// percent-encodings, sub-delims and ':' only; a "password" with
		// [ ] ^ \ { } | or a blank is a pattern or a template (a regexp
		// that matches URLs, `[^:@]+`), not a password.
		return !IsPlaceholder(s) && !strings.EqualFold(s, "password") && !strings.EqualFold(s, "pass") &&
			!strings.ContainsAny(s, "[]^\\{}| \t")
	case "aws-access-key-id":
		return !strings.HasSuffix(s, "EXAMPLE")
	case "jwt":
		if publicJWT(s) {
			return false
		}
	}
	return !exampleWord.MatchString(s)
}

// publicJWT reports a token issued to be public: a Supabase anon key, whose
// claims say "iss": "supabase…" and "role": "anon". "Your anon key is safe
// to expose with RLS enabled … Unlike your anon key, your service role key
// is never safe to expose" (supabase.com/docs/guides/database/secure-data,
// checked 2026-12-07); a service_role key stays a secret.
func publicJWT(s string) bool {
	parts := strings.Split(s, ".")
	if len(parts) < 2 {
		return false
	}
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return false
	}
	var claims struct{ Iss, Role string }
	return json.Unmarshal(b, &claims) == nil && strings.HasPrefix(claims.Iss, "supabase") && claims.Role == "anon"
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

// dropOverlaps sorts matches by start (the longer first) and drops those
// that overlap an earlier one.
func dropOverlaps(ms []Match) []Match {
	slices.SortStableFunc(ms, func(a, b Match) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(b.End, a.End))
	})
	out := ms[:0]
	end := -1
	for _, m := range ms {
		if m.Start < end {
			continue
		}
		out = append(out, m)
		end = m.End
	}
	return out
}
