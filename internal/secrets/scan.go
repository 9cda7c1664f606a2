package secrets

import (
	"bytes"
	"encoding/base64"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

var (
	// secretKey and notSecretKey decide whether a key names a credential
	// for the keyed rule.
	secretKey = regexp.MustCompile(`(?i)api[_-]?key|apikey|secret|token|passw(?:or)?d|\bpwd\b|credential|auth|bearer|private[_-]?key|access[_-]?key|_pat\b|^pat$`)
	// notSecretKey: names that hold a credential's metadata; a prefix or
	// suffix is part of a name, an authority names who issues
	// certificates or tokens.
	notSecretKey = regexp.MustCompile(`(?i)(?:url|uri|endpoint|host|path|file|dir|_id|_name|name$|public|expir|ttl|timeout|type|mode|method|provider|header|scope|enabled|prefix|suffix|authority)$`)
	// operationalToken: whole names of tokens that grant nothing:
	// pagination (AWS NextToken, Google pageToken), idempotency (AWS
	// ClientToken, ClientRequestToken) and OAuth's state nonce. Only the
	// whole name: FB_PAGE_TOKEN and VAULT_CLIENT_TOKEN are credentials.
	operationalToken = regexp.MustCompile(`(?i)^(?:(?:next(?:[_-]?page)?|page|continuation|pagination|client(?:[_-]?request)?|idempotency)[_-]?token|(?:o?auth[_-]?)?state)$`)
	// notCredentialWord: names in which secretKey's "auth" or "token" is
	// part of another word (authorId, VirusTotal's authentihash), and a
	// token's address (an Ethereum contract's).
	notCredentialWord = regexp.MustCompile(`(?i)author(?:[_-]?(?:id|name|email|s))?$|authentihash|token[_ -]?address$|domain$`)
	// standInKey: a name that says its value stands in for a credential
	// (Flowise's REDACTED_CREDENTIAL_VALUE, mockApiKey, FAKE_TOKEN).
	// The word stands alone or starts a camel-case name: MOCKAROO_API_KEY
	// and SampleAppSecret name vendors.
	standInKey = regexp.MustCompile(`(?i:^(?:redacted|placeholder|dummy|fake|mock|example|sample)(?:$|[_.-])|[_.-](?:redacted|placeholder|dummy|fake|mock|example|sample)(?:$|[_.-]))|^(?:[Rr]edacted|[Pp]laceholder|[Dd]ummy|[Ff]ake|[Mm]ock|[Ee]xample)[A-Z0-9]`)
	// onlyWords: names, action types and paths of letters ("@canvas/SET_X",
	// "github_authorization:"); a colon or an @ inside (user:password,
	// an SMTP password) is no name.
	onlyWords = regexp.MustCompile(`^@?[A-Za-z_.\-]+(?:/[A-Za-z_.\-]+)*:?$`)

	// dotenv: KEY=value, export KEY="value".
	envAssign = regexp.MustCompile(`(?m)^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=[ \t]*(?:"([^"\n]*)"|'([^'\n]*)'|([^\s#'"]+))`)
	// source: name = "value", name: 'value', "name": "value".
	codeAssign = regexp.MustCompile(`["']?([A-Za-z_][A-Za-z0-9_-]*)["']?[ \t]*(?::=|=|:)[ \t]*(?:"([^"\n]{16,})"|'([^'\n]{16,})'|` + "`([^`\\n]{16,})`)")
)

// ScanText finds the secrets of a text (source, a dotenv file when dotenv
// is set, a blob of history): the format rules over the whole text and the
// keyed rule over assignments (dotenv KEY=value, or source name = "value"
// and "name": "value"), without overlaps, in text order.
func ScanText(text []byte, dotenv bool) []Match {
	ms := findReported(text)
	ms = keyedAssignments(text, dotenv, ms)
	return dropAllowed(text, dropOverlaps(ms))
}

// docWindow bounds how far a documentation comment is looked for around a
// match: a JSDoc block is a few lines.
const docWindow = 16 << 10

// inExampleDoc reports whether offset off lies inside a /* … */ comment
// that holds an @example tag, within docWindow of off: a keyed value there
// is documentation's example (/** @example { "refresh_token": … } */, as
// JSDoc and the TypeScript openapi-typescript generates from an OpenAPI
// example write them). A value in a token format stays: a real key pasted
// into documentation is still a leak.
func inExampleDoc(text []byte, off int) bool {
	from := max(0, off-docWindow)
	open := bytes.LastIndex(text[from:off], []byte("/*"))
	if open < 0 {
		return false
	}
	open += from
	if bytes.Contains(text[open:off], []byte("*/")) {
		return false // the last comment before off closed before it
	}
	end := bytes.Index(text[off:min(len(text), off+docWindow)], []byte("*/"))
	return end >= 0 && bytes.Contains(text[open:off+end], []byte("@example"))
}

// allowMarkers are the comments with which a project says the value on
// their line is no secret: gitleaks' inline allow (gitleaks README,
// "gitleaks:allow"), Yelp detect-secrets' inline allowlist ("pragma:
// allowlist secret", detect-secrets README) and GitGuardian's ggshield
// ("ggignore", ggshield docs, "Ignore a secret in code"). Checked
// 2026-12-02.
var allowMarkers = []string{"gitleaks:allow", "pragma: allowlist secret", "ggignore"}

// dropAllowed drops the matches on a line that carries an allow marker.
func dropAllowed(text []byte, ms []Match) []Match {
	out := ms[:0]
	for _, m := range ms {
		if !allowedLine(text, m.Start) {
			out = append(out, m)
		}
	}
	return out
}

// allowedLine reports whether the line holding offset off carries an
// allow marker.
func allowedLine(text []byte, off int) bool {
	line := text[bytes.LastIndexByte(text[:off], '\n')+1 : lineEnd(text, off)]
	for _, mk := range allowMarkers {
		if bytes.Contains(line, []byte(mk)) {
			return true
		}
	}
	return false
}

// lineEnd is the offset of the newline that ends the line holding off, or
// len(text) on the last line.
func lineEnd(text []byte, off int) int {
	if end := bytes.IndexByte(text[off:], '\n'); end >= 0 {
		return off + end
	}
	return len(text)
}

// findReported is Find without the matches that are shown, not leaked:
// the example logins of database URLs (exampleLogin), which RedactText
// still masks.
func findReported(text []byte) []Match {
	return slices.DeleteFunc(Find(text), func(m Match) bool { return m.Rule.ID == "db-url-password" && exampleLogin(text, m) })
}

// ScanValue checks one config value (an env value, a header, an argument,
// a URL) written under key: the format rules, then, when none matched, the
// keyed rule.
func ScanValue(key, value string) []Match {
	ms := findReported([]byte(value))
	if len(ms) == 0 && key != "" && keyedSecret(key, value) {
		v := stripAuthScheme(value)
		off := strings.Index(value, v)
		ms = append(ms, Match{Rule: &generic, Start: off, End: off + len(v), Key: key})
	}
	for i := range ms {
		ms[i].Key = key
	}
	return ms
}

// keyedSecret applies the keyed high-entropy rule to a value written under
// key (an env variable, a header, an assignment).
func keyedSecret(key, value string) bool {
	key = lastKeyPart(key)
	if !secretKey.MatchString(key) || notSecretKey.MatchString(key) || operationalToken.MatchString(key) ||
		standInKey.MatchString(key) || notCredentialWord.MatchString(key) {
		return false
	}
	v := strings.Trim(stripAuthScheme(value), `"',`)
	// A passphrase is words: under a password's name they are the secret.
	password := passwordKey.MatchString(key)
	return len(v) >= genericMinLen && !strings.ContainsAny(v, " \t") && !words(v) &&
		!IsPlaceholder(v) && !strings.Contains(v, "://") && !strings.HasPrefix(v, "/") && !identifier(v) &&
		!prose(v) && (password || !selfNamed(v)) && !exampleBasic(value) && !publicKey(v) && !sequential(v) &&
		!jsonData(v) && entropy(v) >= generic.entropy
}

// jsonData reports a value that is a JSON object or list
// (YOUTUBE_API_KEY_BUNCHES='[{"api_key":"API_KEY_1",…}]'): structured data,
// not one key. Its members are read where they stand: the format rules
// and the keyed rule's "name": "value" pairs run over the whole text.
func jsonData(v string) bool {
	return strings.HasPrefix(v, `{"`) || strings.HasPrefix(v, `[{`) || strings.HasPrefix(v, `["`)
}

// minRun is the run of consecutive characters (abcdefghij, 0123456789,
// the keyboard's 1234567890) that marks a keyed value as typed by hand: a
// character set ("abc…xyz:0123…" in a password policy) or a made-up key
// ("sk-abcdefghijklmnop"). In a random string of 62 symbols such a run
// comes once in about 62^9 places.
const minRun = 10

// sequential reports a run of minRun letters or digits, each the one
// after the last (0 after 9, as the keyboard's row has it). No letter or
// digit follows another class's last in ASCII, so a run stays in its class.
func sequential(v string) bool {
	run := 1
	for i := 1; i < len(v); i++ {
		c, prev := v[i], v[i-1]
		if c == prev+1 && isAlnum(prev) && isAlnum(c) || prev == '9' && c == '0' {
			if run++; run >= minRun {
				return true
			}
		} else {
			run = 1
		}
	}
	return false
}

func isAlnum(c byte) bool { return isLetter(c) || c >= '0' && c <= '9' }

var passwordKey = regexp.MustCompile(`(?i)passw|pwd|passphrase`)

// publicKeyPrefixes start keys their vendors issue to be public: they
// identify an account to client-side code and grant nothing secret.
var publicKeyPrefixes = []struct{ prefix, source string }{
	// "The publishable key is deliberately not secret" (gitleaks/gitleaks#1320,
	// which dropped pk_ from its Stripe rule; checked 2026-12-03).
	{"pk_live_", "https://github.com/gitleaks/gitleaks/pull/1320"},
	{"pk_test_", "https://github.com/gitleaks/gitleaks/pull/1320"},
	// PostHog's project API key: "a client-side token meant to be public"
	// (mintlify/docs#6920, PostHog integration; checked 2026-12-03). Its
	// personal keys (phx_) stay secrets.
	{"phc_", "https://github.com/mintlify/docs/pull/6920"},
	// Supabase's publishable key, the successor of the anon key (publicJWT):
	// "Anyone can read it, so it only reaches what Row Level Security
	// allows" (supabase.com/docs/guides/api/api-keys, checked 2026-12-07).
	// Its secret keys (sb_secret_) stay secrets.
	{"sb_publishable_", "https://supabase.com/docs/guides/api/api-keys"},
}

// publicKey reports a value issued to be public (publicKeyPrefixes, a
// Supabase anon key).
func publicKey(v string) bool {
	for _, p := range publicKeyPrefixes {
		if strings.HasPrefix(v, p.prefix) {
			return true
		}
	}
	return strings.HasPrefix(v, "ey") && publicJWT(v)
}

// words reports a value of letters written as words (onlyWords): split
// at separators and camel-case humps (getHTTPResponse is get, HTTP,
// Response), names have at most one part of one or two letters; a random
// string of letters ("asyzvymVvGjpwcdGOLqxjAYp") has many.
func words(v string) bool {
	if !onlyWords.MatchString(v) {
		return false
	}
	short, n := 0, 0
	end := func() {
		if n > 0 && n <= 2 {
			short++
		}
		n = 0
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !isLetter(c) {
			end()
			continue
		}
		upper := c < 'a'
		if i > 0 && upper && isLetter(v[i-1]) && (v[i-1] >= 'a' || i+1 < len(v) && v[i+1] >= 'a' && isLetter(v[i+1])) {
			end()
		}
		n++
	}
	end()
	return short <= 1
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// lastKeyPart is the last part of a form field's bracketed name, the one
// that says what it holds (auth[member_id] holds an id, data[AUTH][client_id]
// too), and the key written in quotes without them.
func lastKeyPart(key string) string {
	key = strings.Trim(key, `"'`)
	if i := strings.LastIndexByte(key, '['); i >= 0 && strings.HasSuffix(key, "]") {
		return key[i+1 : len(key)-1]
	}
	return key
}

// prose reports a value of text outside ASCII (a Japanese sentence has no
// spaces to tell it by): most of its runes are non-ASCII and no run of
// token characters is long enough to be a key. "Pässwort-q2Lw9Pm4Rt7YZx8K"
// is a password.
func prose(v string) bool {
	other, run, longest := 0, 0, 0
	for _, r := range v {
		switch {
		case r >= utf8.RuneSelf:
			other++
			run = 0
		case r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("+/=_-", r):
			run++
			longest = max(longest, run)
		default:
			run = 0
		}
	}
	return other*2 > utf8.RuneCountInString(v) && longest < genericMinLen
}

// selfNamed reports a value written as words that name what it stands
// for: "sk-my-openai-1st-key", "unique-token-123". Every part is a
// lower-case word, a number of up to four digits or an ordinal, and one
// part is a credential word; issued keys have random parts (a UUID's hex
// groups mix letters and digits).
func selfNamed(v string) bool {
	parts := strings.FieldsFunc(v, func(r rune) bool { return r == '-' || r == '_' || r == '.' })
	if len(parts) < 3 {
		return false
	}
	named := false
	for _, p := range parts {
		switch {
		case slices.Contains(credentialWords, p):
			named = true
		case !wordPart.MatchString(p):
			return false
		}
	}
	return named
}

var (
	credentialWords = []string{"key", "apikey", "token", "secret", "password", "pass", "pwd"}
	wordPart        = regexp.MustCompile(`^(?:[a-z]+|[0-9]{1,4}|[0-9]{1,3}(?:st|nd|rd|th))$`)
)

// exampleBasic reports HTTP Basic credentials whose password is a
// placeholder once decoded: "Basic dXNlcjpwYXNzd29yZA==" is user:password,
// the documentation's example. The user must be a plain word: Stripe and
// others send the API key as the user with an empty password.
func exampleBasic(value string) bool {
	scheme, rest, ok := strings.Cut(strings.TrimSpace(value), " ")
	if !ok || !strings.EqualFold(scheme, "basic") {
		return false
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(rest))
	if err != nil {
		return false
	}
	user, pw, ok := strings.Cut(string(raw), ":")
	return ok && pw != "" && wordPart.MatchString(strings.ToLower(user)) && len(Find([]byte(user))) == 0 &&
		(IsPlaceholder(pw) || slices.Contains(credentialWords, strings.ToLower(pw)))
}

// identifier reports a value that names a resource rather than holding a
// credential: an AWS ARN (a Secrets Manager secret's ARN under
// secret_arn) or a URN (the OAuth grant and token type names of RFC 8693,
// urn:ietf:params:oauth:…).
func identifier(v string) bool {
	return strings.HasPrefix(v, "arn:") || strings.HasPrefix(strings.ToLower(v), "urn:")
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

// credentialStems are the lower-case words one of which every key that
// secretKey accepts holds.
var credentialStems = []string{"key", "secret", "token", "passw", "pwd", "credential", "auth", "bearer", "pat"}

// keyedAssignments appends to found the values under credential names
// that no format rule matched and no @example comment holds. The
// assignment regexp runs on whole lines, as before, but only on the lines
// that hold an assignment operator with a key naming a credential before
// it and, in source, an opening quote after it: the other lines cannot
// give a match the keyed rule accepts.
// One pass per operator byte finds them, with no copy of the text.
func keyedAssignments(text []byte, dotenv bool, found []Match) []Match {
	re := codeAssign
	if dotenv {
		re = envAssign
	}
	nfound := len(found)
	for _, off := range candidateLines(text, dotenv) {
		for _, a := range assignments(re, text[off:lineEnd(text, off)], off) {
			members := []assignment{a}
			if jsonData(strings.Trim(string(text[a.start:a.end]), `"',`)) { // its "name": "value" members instead
				members = assignments(codeAssign, text[a.start:a.end], a.start)
			}
			for _, m := range members {
				v := string(text[m.start:m.end])
				if keyedSecret(m.key, v) && !overlaps(found[:nfound], m.start, m.end) && !inExampleDoc(text, m.start) {
					sv := stripAuthScheme(v)
					vs := m.start + strings.Index(v, sv)
					found = append(found, Match{Rule: &generic, Start: vs, End: vs + len(sv), Key: m.key})
				}
			}
		}
	}
	return found
}

// assignment is a value written under a key, at [start, end) of the text.
type assignment struct {
	key        string
	start, end int
}

// assignments are the key = value pairs re finds in b, which stands at
// offset base of the text: each value group that matched.
func assignments(re *regexp.Regexp, b []byte, base int) []assignment {
	var out []assignment
	for _, m := range re.FindAllSubmatchIndex(b, -1) {
		for g := 4; g+1 < len(m); g += 2 {
			if m[g] >= 0 {
				out = append(out, assignment{key: string(b[m[2]:m[3]]), start: base + m[g], end: base + m[g+1]})
			}
		}
	}
	return out
}

// candidateLines returns, in text order, the start of each line with an
// operator ('=', ':' or ":=", only '=' in dotenv) that has, before it, a
// key holding a credential stem (after an optional closing quote and
// blanks) and, in source, blanks and an opening quote after it.
func candidateLines(text []byte, dotenv bool) []int {
	var starts []int
	eq, colon := -2, -2 // next '=' and ':' at or after pos; -1 none left
	if dotenv {
		colon = -1
	}
	end := -1 // the end of the last line taken
	for pos := 0; pos < len(text); {
		eq = nextByte(text, pos, eq, '=')
		colon = nextByte(text, pos, colon, ':')
		i := eq
		if i < 0 || colon >= 0 && colon < i {
			i = colon
		}
		if i < 0 {
			break
		}
		pos = i + 1
		if i <= end || !assignedKey(text, i, dotenv) {
			continue
		}
		starts = append(starts, bytes.LastIndexByte(text[:i], '\n')+1)
		end = lineEnd(text, i)
	}
	return starts
}

// nextByte updates a cached position of the next c at or after pos: -2
// not looked for yet, -1 none left.
func nextByte(text []byte, pos, cached int, c byte) int {
	if cached == -1 || cached >= pos {
		return cached
	}
	if i := bytes.IndexByte(text[pos:], c); i >= 0 {
		return pos + i
	}
	return -1
}

// assignedKey reports whether the operator at i can end the key of a
// match the keyed rule accepts: what follows it is what the assignment
// pattern needs, and the run of key bytes before it holds a credential
// stem as secretKey reads it. The run may be longer than the pattern's
// key (it can start with a digit), never shorter, so no line that can
// match is left out.
func assignedKey(text []byte, i int, dotenv bool) bool {
	if !dotenv {
		j := i + 1
		if text[i] == ':' && j < len(text) && text[j] == '=' {
			j++
		}
		j = skipBlanks(text, j)
		if j >= len(text) || text[j] != '"' && text[j] != '\'' && text[j] != '`' {
			return false
		}
	}
	k := i
	for k > 0 && (text[k-1] == ' ' || text[k-1] == '\t') {
		k--
	}
	if !dotenv && k > 0 && (text[k-1] == '"' || text[k-1] == '\'') {
		k--
	}
	end := k
	for k > 0 && (tokenByte(text[k-1]) || dotenv && text[k-1] == '.') {
		k--
	}
	for p := k; p < end; p++ {
		for _, stem := range credentialStems {
			if stemAt(text, p, end, stem) {
				return true
			}
		}
	}
	return false
}

// stemAt reports whether stem occurs at p inside a key ending at end in a
// place secretKey can match it.
func stemAt(text []byte, p, end int, stem string) bool {
	if p+len(stem) > end || !hasFoldPrefix(text[p:], stem) {
		return false
	}
	switch stem {
	case "key":
		// secretKey takes "key" only as api[_-]?key, apikey,
		// private[_-]?key or access[_-]?key.
		b := p
		if b > 0 && (text[b-1] == '_' || text[b-1] == '-') {
			b--
		}
		return hasFoldSuffix(text[:b], "api") || hasFoldSuffix(text[:b], "private") || hasFoldSuffix(text[:b], "access")
	case "pat":
		// _pat\b and ^pat$: no word byte follows.
		e := p + len(stem)
		return e >= len(text) || !wordByte(text[e])
	}
	return true
}

func skipBlanks(text []byte, i int) int {
	for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
		i++
	}
	return i
}

// hasFoldSuffix reports whether b ends with lit (lower case) in any ASCII
// case.
func hasFoldSuffix(b []byte, lit string) bool {
	return len(b) >= len(lit) && hasFoldPrefix(b[len(b)-len(lit):], lit)
}

func overlaps(ms []Match, start, end int) bool {
	for _, m := range ms {
		if m.Start < end && start < m.End {
			return true
		}
	}
	return false
}
