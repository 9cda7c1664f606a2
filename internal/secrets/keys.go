package secrets

// secretWords are the words of a key that name a credential.
var secretWords = []string{
	"key", "apikey", "token", "secret", "secrets", "password", "passwd", "pwd", "pass", "passphrase", "credential",
	"credentials", "creds", "auth", "authorization", "bearer", "pat", "signature", "sig", "cookie", "privatekey",
	"accesskey", "secretkey",
}

// notSecretLast are last words of a key that say its value is about a
// credential, not the credential: token_url, password_file, token_type,
// key_id.
var notSecretLast = []string{
	"url", "uri", "urls", "endpoint", "host", "hostname", "port", "path", "file", "filename", "dir", "id", "ids",
	"name", "names", "public", "expiry", "expires", "expiration", "expire", "ttl", "timeout", "type", "mode", "method",
	"provider", "header", "headers", "scope", "scopes", "enabled", "enable", "disabled", "required", "length", "len",
	"count", "limit", "size", "version", "format", "env", "var", "field", "prefix", "kind", "label", "policy",
	"location", "source", "ref", "supported", "region", "methods", "types",
}

// notKeyBefore are words that make a following "key" a data key:
// primary_key, sort_key, cache_key.
var notKeyBefore = []string{
	"primary", "foreign", "sort", "partition", "cache", "idempotency", "unique", "composite", "hash", "row", "range",
	"lookup", "group", "dedup", "hot", "shortcut", "map", "dict", "react", "public",
}

// notTokenBefore are words that make a following "token" a protocol or
// language-model term: progressToken (MCP), pageToken and nextToken
// (pagination), maxToken, stop and special tokens.
var notTokenBefore = []string{
	"progress", "page", "next", "continuation", "cursor", "sync", "resume", "cancel", "cancellation", "max", "min",
	"input", "output", "total", "completion", "prompt", "stop", "special", "bos", "eos", "pad", "unk", "mask", "sep",
	"cls", "start", "end", "num", "last", "first",
}

// secretName reports a key whose value is a credential, for display:
// one of its words (split at separators and camelCase humps) names a
// credential (token, secret, password, pwd, key, auth …, or a word ending
// in token, secret, password or apikey), and the last word does not say
// the value is about the credential (token_url, token_type); plural
// tokens (max_tokens) are a count, and a few words before key or token
// make them data (sort_key, progressToken). It does not allocate.
func secretName(key string) bool {
	var ws [16]string
	n := splitWords(key, &ws)
	for i, w := range ws[:n] {
		if i > 0 && (equalFold(w, "key") && foldIn(ws[i-1], notKeyBefore) || equalFold(w, "token") && foldIn(ws[i-1], notTokenBefore)) {
			continue
		}
		if foldIn(w, secretWords) || hasFoldSuffixString(w, "token") || hasFoldSuffixString(w, "secret") ||
			hasFoldSuffixString(w, "password") || hasFoldSuffixString(w, "apikey") || len(w) >= 6 && equalFold(w[:6], "secret") {
			return !foldIn(ws[n-1], notSecretLast)
		}
	}
	return false
}

func foldIn(w string, list []string) bool {
	for _, x := range list {
		if equalFold(w, x) {
			return true
		}
	}
	return false
}

func hasFoldSuffixString(w, suf string) bool {
	return len(w) >= len(suf) && equalFold(w[len(w)-len(suf):], suf)
}

// equalFold compares ASCII strings in any case (keys are ASCII).
func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if lower(a[i]) != lower(b[i]) {
			return false
		}
	}
	return true
}

// splitWords splits a key into words at every byte that is not a letter
// or digit and at camelCase humps (apiKey, APIKey, OpenAIKey), into ws;
// words past the sixteenth are dropped.
func splitWords(key string, ws *[16]string) int {
	n, start := 0, -1
	flush := func(end int) {
		if start >= 0 && end > start && n < len(ws) {
			ws[n] = key[start:end]
			n++
		}
		start = -1
	}
	isUp := func(c byte) bool { return c >= 'A' && c <= 'Z' }
	isLow := func(c byte) bool { return c >= 'a' && c <= 'z' }
	for i := 0; i < len(key); i++ {
		c := key[i]
		if !(isUp(c) || isLow(c) || c >= '0' && c <= '9') {
			flush(i)
			continue
		}
		if start >= 0 && isUp(c) && (isLow(key[i-1]) || i+1 < len(key) && isLow(key[i+1]) && isUp(key[i-1])) {
			flush(i)
		}
		if start < 0 {
			start = i
		}
	}
	flush(len(key))
	return n
}
