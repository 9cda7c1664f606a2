package secrets

import (
	"cmp"
	"slices"
	"strings"
)

// span is a part of a line to mask, under the rule whose form Redact
// gives it.
type span struct {
	start, end int
	rule       string
}

// RedactText masks, in Redact's format, everything secret-looking in a
// line of project text shown as an excerpt: the catalogue's formats
// (Find), tokens with a catalogue prefix whose length does not fit the
// format, URL passwords, bearer and basic credentials, values under
// secret-named keys (key=value, key: value, "key": "value") that look like
// secrets, and long opaque runs that are not paths, slugs or digests.
// Settings stay as written: max_tokens=4096, timeout_secs=30,
// token_type=bearer, auth=true. A line with nothing suspicious costs one
// byte scan and no allocation.
func RedactText(line string) string {
	f := scanLine(line)
	if !f.any() {
		return line
	}
	var spans []span
	var found []Match
	if f.maxRun >= minFormatRun || f.dashes || f.scheme {
		found = Find([]byte(line))
		for _, m := range found {
			spans = append(spans, span{m.Start, m.End, m.Rule.ID})
		}
		spans = prefixedTokens(line, spans)
	}
	if f.scheme && f.at {
		spans = urlPasswords(line, spans)
	}
	if f.b {
		spans = authCredentials(line, spans)
	}
	if f.op {
		spans = keyValues(line, spans)
	}
	if f.maxOpaque >= minOpaque {
		spans = opaqueRuns(line, spans)
	}
	// A catalogue secret written again where no rule matched it (after a
	// word byte, say) is masked there too; overlapping copies included.
	for k, m := range found {
		secret := line[m.Start:m.End]
		if slices.ContainsFunc(found[:k], func(o Match) bool { return line[o.Start:o.End] == secret }) {
			continue // looked for already
		}
		for i := 0; ; i++ {
			j := strings.Index(line[i:], secret)
			if j < 0 {
				break
			}
			i += j
			if i != m.Start {
				spans = append(spans, span{i, i + len(secret), m.Rule.ID})
			}
		}
	}
	if len(spans) == 0 {
		return line
	}
	return apply(line, spans)
}

// apply writes line with the spans masked; overlapping spans are masked
// as one, under the first one's rule.
func apply(line string, spans []span) string {
	slices.SortFunc(spans, func(a, b span) int { return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(b.end, a.end)) })
	var b strings.Builder
	b.Grow(len(line) + 32*len(spans))
	at := 0
	for i := 0; i < len(spans); {
		s := spans[i]
		j := i + 1
		for j < len(spans) && spans[j].start < s.end {
			s.end = max(s.end, spans[j].end)
			j++
		}
		b.WriteString(line[at:s.start])
		b.WriteString(Redact(s.rule, line[s.start:s.end]))
		at = s.end
		i = j
	}
	b.WriteString(line[at:])
	return b.String()
}

// lineFacts are what one byte scan of a line tells: which detectors can
// find anything in it.
type lineFacts struct {
	maxRun    int  // longest run of token bytes (and bytes of multi-byte runes)
	maxOpaque int  // longest run of base64 and token bytes (padding aside)
	dashes    bool // "-----", a PEM header
	scheme    bool // "://"
	at        bool // '@'
	op        bool // '=' or ':'
	b         bool // 'b' or 'B': bearer, basic
}

func (f lineFacts) any() bool {
	return f.maxRun >= minFormatRun || f.dashes || f.scheme || f.op || f.b || f.maxOpaque >= minOpaque
}

const (
	// minFormatRun is the shortest run of token bytes a format rule can
	// match outside PEM headers and URLs: the Slack formats' shortest
	// matches, xapp-1-A-1-a and xoxo-1-1-1-a, no tokens (gitleaks:allow).
	minFormatRun = 12
	// minOpaque is the length from which an unbroken run of base64 or
	// token characters is masked whatever its key.
	minOpaque = 40
)

// byteClass marks the bytes scanLine counts: classRun for token bytes and
// bytes of multi-byte runes, classOpaque for base64 and token bytes,
// classOther for the few it looks at one by one.
var byteClass = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		if tokenByte(byte(c)) || c >= 0x80 {
			t[c] |= classRun
		}
		if opaqueByte(byte(c)) {
			t[c] |= classOpaque
		}
		switch c {
		case '-', ':', '=', '@', 'b', 'B':
			t[c] |= classOther
		}
	}
	return t
}()

const (
	classRun = 1 << iota
	classOpaque
	classOther
)

func scanLine(s string) lineFacts {
	var f lineFacts
	run, opq, dash := 0, 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		k := byteClass[c]
		if k&classRun != 0 {
			run++
			f.maxRun = max(f.maxRun, run)
		} else {
			run = 0
		}
		if k&classOpaque != 0 {
			opq++
			f.maxOpaque = max(f.maxOpaque, opq)
		} else {
			opq = 0
		}
		if k&classOther == 0 {
			dash = 0
			continue
		}
		if c == '-' {
			if dash++; dash >= 5 {
				f.dashes = true
			}
		} else {
			dash = 0
		}
		switch c {
		case ':':
			f.op = true
			if i+2 < len(s) && s[i+1] == '/' && s[i+2] == '/' {
				f.scheme = true
			}
		case '=':
			f.op = true
		case '@':
			f.at = true
		case 'b', 'B':
			f.b = true
		}
	}
	return f
}

// prefixes are the catalogue's token prefixes, with the rule whose
// redacted form they get. A token that starts with one but does not fit
// the format (a test key, an old or truncated one) is still masked in an
// excerpt. "sk-" is the prefix of OpenAI's and of every OpenAI-compatible
// provider's keys.
var prefixes = []struct{ prefix, rule string }{
	{"sk-ant-", "anthropic-api-key"}, {"sk-or-", "openrouter-api-key"}, {"sk-", "openai-api-key"},
	{"gsk_", "groq-api-key"}, {"xai-", "xai-api-key"}, {"r8_", "replicate-api-token"}, {"pcsk_", "pinecone-api-key"},
	{"ghp_", "github-pat"}, {"github_pat_", "github-fine-grained-pat"}, {"gho_", "github-token"}, {"ghu_", "github-token"},
	{"ghs_", "github-token"}, {"ghr_", "github-token"}, {"AKIA", "aws-access-key-id"}, {"ASIA", "aws-access-key-id"},
	{"AIza", "gcp-api-key"}, {"xoxb-", "slack-token"}, {"xoxp-", "slack-token"}, {"xoxa-", "slack-token"},
	{"xoxr-", "slack-token"}, {"xoxs-", "slack-token"}, {"xapp-", "slack-token"}, {"sk_live_", "stripe-api-key"},
	{"sk_test_", "stripe-api-key"}, {"rk_live_", "stripe-api-key"}, {"rk_test_", "stripe-api-key"}, {"hf_", "huggingface-token"},
}

// prefixesBy lists the indexes in prefixes by first byte.
var prefixesBy = func() (by [256][]int) {
	for i, p := range prefixes {
		by[p.prefix[0]] = append(by[p.prefix[0]], i)
	}
	return by
}()

// prefixedTokens masks the tokens that start, at a word start, with a
// catalogue prefix and go on with 16 token bytes, or 8 holding a digit or
// both cases (hf_hub_download is a function, not a token), and that are
// not examples.
func prefixedTokens(s string, spans []span) []span {
	for i := 0; i < len(s); i++ {
		if len(prefixesBy[s[i]]) == 0 || i > 0 && wordByte(s[i-1]) {
			continue
		}
		for _, pi := range prefixesBy[s[i]] {
			p := prefixes[pi]
			if !strings.HasPrefix(s[i:], p.prefix) {
				continue
			}
			e := i + len(p.prefix)
			for e < len(s) && tokenByte(s[e]) {
				e++
			}
			if body := s[i+len(p.prefix) : e]; (len(body) >= 16 || len(body) >= 8 && (hasDigit(body) || mixedCase(body))) && !exampleWord.MatchString(s[i:e]) {
				spans = append(spans, span{i, e, p.rule})
				i = e - 1
			}
			break
		}
	}
	return spans
}

// urlPasswords masks the password of scheme://user:password@host, and a
// user name that is a token (https://ghp_…@github.com).
func urlPasswords(s string, spans []span) []span {
	for off := 0; ; {
		i := strings.Index(s[off:], "://")
		if i < 0 {
			return spans
		}
		c := off + i
		off = c + 3
		a := c + 3
		e := a
		for e < len(s) && !strings.ContainsRune("/?#\"'` \t\n\r<>", rune(s[e])) {
			e++
		}
		at := strings.LastIndexByte(s[a:e], '@')
		if at < 0 {
			continue
		}
		spans = userinfo(s, a, a+at, spans)
	}
}

// userinfo masks the secret parts of the user:password in s[a:e].
func userinfo(s string, a, e int, spans []span) []span {
	user, pass, ok := strings.Cut(s[a:e], ":")
	if ok && pass != "" && !IsPlaceholder(pass) && !strings.EqualFold(pass, "password") && !strings.EqualFold(pass, "pass") {
		spans = append(spans, span{a + len(user) + 1, e, "db-url-password"})
	}
	if user == "" {
		return spans
	}
	if ms := Find([]byte(user)); len(ms) > 0 {
		for _, m := range ms {
			spans = append(spans, span{a + m.Start, a + m.End, m.Rule.ID})
		}
	} else if opaque(user, 20) {
		spans = append(spans, span{a, a + len(user), GenericID})
	}
	return spans
}

// authCredentials masks the credential after "Bearer" or "Basic" when it
// looks like one: a digit, a base64 or token symbol, or mixed case past
// its first letter ("Bearer Token" and "basic authentication" are words).
func authCredentials(s string, spans []span) []span {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != 'b' && c != 'B' || i > 0 && wordByte(s[i-1]) {
			continue
		}
		n := 0
		switch {
		case len(s)-i >= 6 && strings.EqualFold(s[i:i+6], "bearer"):
			n = 6
		case len(s)-i >= 5 && strings.EqualFold(s[i:i+5], "basic"):
			n = 5
		default:
			continue
		}
		j := i + n
		if j >= len(s) || s[j] != ' ' && s[j] != '\t' {
			continue
		}
		j = skipBlanksString(s, j)
		e := j
		for e < len(s) && (tokenByte(s[e]) || strings.IndexByte("._~+/=", s[e]) >= 0) {
			e++
		}
		for e > j && s[e-1] == '.' {
			e-- // the end of a sentence
		}
		cred := s[j:e]
		// An auth-param (Bearer error="invalid_token", realm=x) is not a
		// credential: base64 has '=' only at its end.
		param := strings.Contains(strings.TrimRight(cred, "="), "=") || strings.HasSuffix(cred, "=") && e < len(s) && (s[e] == '"' || s[e] == '\'')
		if len(cred) >= 6 && !param && !IsPlaceholder(cred) && !slug(cred) &&
			(hasDigit(cred) || strings.ContainsAny(cred, "._~+/=-") || mixedCase(cred[1:]) && !camelCase(cred)) {
			spans = append(spans, span{j, e, GenericID})
		}
		i = max(i, e-1)
	}
	return spans
}

func skipBlanksString(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

// keyValues masks the values written under secret-named keys: key=value,
// key: value, key := value, key => value, "key": "value", with the key
// after an optional closing quote or a TypeScript ? or !.
func keyValues(s string, spans []span) []span {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '=' && c != ':' {
			continue
		}
		j := i + 1
		switch {
		case c == ':' && strings.HasPrefix(s[i:], "://"):
			continue
		case c == ':' && j < len(s) && s[j] == '=', c == '=' && j < len(s) && s[j] == '>':
			j++
		case c == '=' && (j < len(s) && s[j] == '=' || i > 0 && strings.IndexByte("=!<>", s[i-1]) >= 0):
			continue // a comparison
		}
		k := i
		for k > 0 && (s[k-1] == ' ' || s[k-1] == '\t') {
			k--
		}
		if k > 0 && (s[k-1] == '"' || s[k-1] == '\'') {
			k--
		}
		if k > 0 && (s[k-1] == '?' || s[k-1] == '!') {
			k--
		}
		ke := k
		for k > 0 && (tokenByte(s[k-1]) || s[k-1] == '.') {
			k--
		}
		if k == ke || !secretName(s[k:ke]) {
			continue
		}
		// "client-auth:pkce:s256": a key that opens a string, with no
		// closing quote before the colon, is an identifier's first part.
		if c == ':' && k > 0 && (s[k-1] == '"' || s[k-1] == '\'') && ke == i {
			continue
		}
		j = skipBlanksString(s, j)
		if j >= len(s) {
			continue
		}
		vs, ve, quoted := j, j, false
		if q := s[j]; q == '"' || q == '\'' || q == '`' {
			vs, quoted = j+1, true
			ve = vs
			for ve < len(s) && s[ve] != q {
				ve++
			}
		} else {
			for ve < len(s) && strings.IndexByte(" \t\r\n,;})]&\"'`", s[ve]) < 0 {
				ve++
			}
		}
		// Unquoted and followed by more words, it is prose
		// ("access_token: OAuth2 access token").
		if !quoted && ve+1 < len(s) && s[ve] == ' ' && (s[ve+1] >= 'a' && s[ve+1] <= 'z' || s[ve+1] >= 'A' && s[ve+1] <= 'Z') {
			continue
		}
		if secretLike(s[vs:ve], quoted) {
			spans = append(spans, span{vs, ve, GenericID})
			i = ve
		}
	}
	return spans
}

// opaqueRuns masks unbroken runs of at least minOpaque base64 or token
// characters that read as generated (see opaque).
func opaqueRuns(s string, spans []span) []span {
	for i := 0; i < len(s); {
		if !opaqueByte(s[i]) {
			i++
			continue
		}
		e := i
		for e < len(s) && opaqueByte(s[e]) {
			e++
		}
		for pad := 0; pad < 2 && e < len(s) && s[e] == '='; pad++ {
			e++ // base64 padding
		}
		next := e
		for i < e && s[i] == '/' {
			i++ // the // of a URL, a path's first slash
		}
		for e > i && s[e-1] == '/' {
			e--
		}
		if run := s[i:e]; len(run) >= minOpaque && opaque(run, minOpaque) && !digest(run) &&
			!strings.HasPrefix(run, "pk_live_") && !strings.HasPrefix(run, "pk_test_") {
			spans = append(spans, span{i, e, GenericID})
		}
		i = next
	}
	return spans
}

// opaqueByte is a base64 or token byte; '=' only pads the end of a run,
// so key=value is two runs.
func opaqueByte(c byte) bool { return tokenByte(c) || c == '+' || c == '/' }

// opaque reports a run that reads as a generated token rather than a
// name, a path or a slug: at least minLen bytes, 3 bits of entropy per byte,
// at most two slashes (more is a path) and four dashes (more is a slug),
// letters and digits interleaved (three runs of each at least:
// AddAgentReasoningToChatMessage1714679514451 is a class name), and
// words of four letters or more (audio-recording-96eed45b75ee) making
// less than 40% of it.
func opaque(s string, minLen int) bool {
	if len(s) < minLen || strings.Count(s, "/") > 2 || strings.Count(s, "-") > 4 || entropy(s) < 3 {
		return false
	}
	digitRuns, letterRuns, words := 0, 0, 0
	for i := 0; i < len(s); {
		c := s[i]
		j := i + 1
		switch {
		case c >= '0' && c <= '9':
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			digitRuns++
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			for j < len(s) && (s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z') {
				j++
			}
			letterRuns++
			// A word: its letters stand between separators or the ends.
			if j-i >= 4 && (i == 0 || !wordByte(s[i-1]) || s[i-1] == '_') && (j == len(s) || !wordByte(s[j]) || s[j] == '_') {
				words += j - i
			}
		}
		i = j
	}
	return digitRuns >= 3 && letterRuns >= 3 && 10*words < 4*len(s)
}

// digest reports a lower-case hex SHA-1 or SHA-256 (a commit, an
// integrity hash): an identifier, not a credential.
func digest(s string) bool {
	if len(s) != 40 && len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

func hasDigit(s string) bool { return strings.ContainsAny(s, "0123456789") }

func hasLetter(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			return true
		}
	}
	return false
}

func mixedCase(s string) bool {
	up, low := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		up = up || c >= 'A' && c <= 'Z'
		low = low || c >= 'a' && c <= 'z'
	}
	return up && low
}

// notSecretValues are values that are settings or types, never secrets.
var notSecretValues = map[string]bool{
	"true": true, "false": true, "yes": true, "no": true, "on": true, "off": true, "null": true, "none": true, "nil": true,
	"undefined": true, "bearer": true, "basic": true, "string": true, "str": true, "number": true, "int": true, "integer": true,
	"bool": true, "boolean": true, "any": true, "unknown": true, "object": true, "optional": true, "required": true,
	"secretstr": true, "bytes": true, "float": true, "double": true, "token": true, "secret": true, "password": true,
}

// notSecret reports a value that is not a secret whatever its key: a
// placeholder, a setting or type word, a number, two bytes or fewer.
func notSecret(v string) bool {
	return len(v) <= 2 || IsPlaceholder(v) || notSecretValues[strings.ToLower(v)] || number(v)
}

func number(v string) bool {
	digits := 0
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' || c == '_' || c == ',' || (c == '-' || c == '+') && i == 0:
		default:
			return false
		}
	}
	return digits > 0
}

// secretLike reports whether a value written under a secret-named key
// looks like a secret in an excerpt: not notSecret, no blank (prose), not
// a URL or a path, not a slug (words and numbers joined by - _ . : /,
// us-east-1), and letters mixed with digits. A value without a digit is
// read as a word or a name unless it is quoted, long and of mixed case
// that is not camelCase. Unquoted, a value in source is often a
// reference, so a call, an index, a template, optional chaining or a
// dotted name (config.apiKey) is not one.
func secretLike(v string, quoted bool) bool {
	if len(v) < 6 || notSecret(v) || strings.ContainsAny(v, " \t") || strings.Contains(v, "://") ||
		strings.HasPrefix(v, "/") || strings.HasPrefix(v, "./") || strings.HasPrefix(v, "../") || strings.HasPrefix(v, "~/") {
		return false
	}
	// Unquoted, a name that itself names a credential (apiKey: e2bApiKey)
	// is the variable holding it.
	if !quoted && (strings.ContainsAny(v, "([{<$") || strings.Contains(v, "?.") || dottedName(v) || secretName(v)) {
		return false
	}
	if color(v) {
		return false
	}
	if slug(v) {
		return false
	}
	if hasDigit(v) {
		return hasLetter(v)
	}
	// Letters only: quoted, long, and mixed case that is not camelCase
	// (chatflowConfiguration is a name; aBcDeFgHiJ is not).
	return quoted && len(v) >= 16 && mixedCase(v) && !camelCase(v) && entropy(v) >= 3.5
}

// camelCase reports letters where every upper-case letter that a
// lower-case one follows starts a run of two lower-case letters at least.
func camelCase(v string) bool {
	for i := 0; i < len(v); i++ {
		if v[i] >= 'A' && v[i] <= 'Z' && i+1 < len(v) && v[i+1] >= 'a' && v[i+1] <= 'z' &&
			(i+2 == len(v) || !(v[i+2] >= 'a' && v[i+2] <= 'z')) {
			return false
		}
	}
	return true
}

// slug reports words and numbers joined by separators: every part
// between - _ . : / + = is only letters or only digits, and there is a
// separator (token-, email+password, us-east-1).
func slug(v string) bool {
	if !strings.ContainsAny(v, "-_.:/+=") {
		return false
	}
	for part := range strings.FieldsFuncSeq(v, func(r rune) bool { return strings.ContainsRune("-_.:/+=", r) }) {
		if hasDigit(part) && hasLetter(part) {
			return false
		}
	}
	return true
}

// color reports a CSS hex colour (#ff5733).
func color(v string) bool {
	if len(v) != 4 && len(v) != 7 && len(v) != 9 || v[0] != '#' {
		return false
	}
	for i := 1; i < len(v); i++ {
		if c := lower(v[i]); !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// dottedName reports a.b or a.b.c: a reference to a field in source.
func dottedName(v string) bool {
	parts := strings.Split(v, ".")
	if len(parts) < 2 {
		return false
	}
	for _, p := range parts {
		if p == "" || !(p[0] == '_' || p[0] >= 'a' && p[0] <= 'z' || p[0] >= 'A' && p[0] <= 'Z') {
			return false
		}
		for i := 0; i < len(p); i++ {
			if !wordByte(p[i]) {
				return false
			}
		}
	}
	return true
}
