package secrets

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
)

// Redact is the one redacted form a report prints: what is public about a
// secret, the format's prefix (never more than a quarter of it, and none
// for passwords and keyed values), then "…(redacted, N chars)" with N its
// length in bytes. A private key keeps its PEM header.
func Redact(ruleID, secret string) string {
	if header, _, _ := strings.Cut(secret, "\n"); ruleID == "private-key" && strings.HasPrefix(header, "-----") {
		if i := strings.Index(header[5:], "-----"); i >= 0 {
			header = header[:i+10]
		}
		return header + "…(redacted, " + strconv.Itoa(len(secret)) + " chars)"
	}
	prefix := ""
	if i := strings.IndexAny(secret, "-_"); i > 0 && i < 6 {
		prefix = secret[:i+1]
	} else if ruleID != "db-url-password" && ruleID != GenericID {
		prefix = secret[:min(2, len(secret))]
	}
	if len(prefix) > len(secret)/4 || !ascii(prefix) {
		prefix = ""
	}
	return prefix + "…(redacted, " + strconv.Itoa(len(secret)) + " chars)"
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// Hash is the SHA-256 of a secret, as a prefix long enough to tell values
// apart and too short to confirm a guess cheaply: "sha256:" and 12 hex
// digits.
func Hash(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return "sha256:" + hex.EncodeToString(sum[:])[:12]
}

// RedactValue is the displayed form of one setting's value: the whole
// value masked when the key names a credential and the value is not a
// placeholder, a setting word or a number, otherwise RedactText of it.
func RedactValue(key, value string) string {
	if value == "" || IsPlaceholder(value) {
		return value
	}
	if secretName(key) && !notSecret(strings.TrimSpace(value)) {
		rule := GenericID
		if ms := Find([]byte(value)); len(ms) == 1 && ms[0].Start == 0 && ms[0].End == len(value) {
			rule = ms[0].Rule.ID
		}
		return Redact(rule, value)
	}
	return RedactText(value)
}

// RedactURL is a URL for display: the password of its user info (and a
// user name that is a token), every query and fragment parameter's value
// that is not a reference, and path segments that are tokens
// (https://host/ghp_…/sse) masked in Redact's format; the scheme, host,
// path shape and parameter names stay as written, not re-encoded.
func RedactURL(raw string) string {
	rest, frag, _ := strings.Cut(raw, "#")
	rest, query, hasQuery := strings.Cut(rest, "?")
	var b strings.Builder
	path := rest
	if i := strings.Index(rest, "://"); i > 0 && validScheme(rest[:i]) {
		authEnd := i + 3 + strings.IndexAny(rest[i+3:]+"/", "/")
		auth := rest[i+3 : authEnd]
		if at := strings.LastIndexByte(auth, '@'); at >= 0 {
			auth = apply(auth, userinfo(auth, 0, at, nil))
		}
		b.WriteString(rest[:i+3] + auth)
		path = rest[authEnd:]
	}
	for i, seg := range strings.Split(path, "/") {
		if i > 0 {
			b.WriteByte('/')
		}
		b.WriteString(redactSegment(seg))
	}
	if hasQuery {
		b.WriteByte('?')
		b.WriteString(redactParams(query))
	}
	if strings.Contains(raw, "#") {
		b.WriteByte('#')
		if strings.Contains(frag, "=") {
			frag = redactParams(frag) // #access_token=… (OAuth implicit flow)
		} else {
			frag = RedactText(frag) // anything else a secret can be written as (another URL, found by fuzzing)
		}
		b.WriteString(frag)
	}
	// A secret written across path segments (a database URL inside the
	// path: "https://h/x=postgresql://u:pass@db", found by fuzzing) is
	// whole only in the assembled URL.
	return RedactText(b.String())
}

func validScheme(s string) bool {
	if s == "" || !(s[0] >= 'a' && s[0] <= 'z' || s[0] >= 'A' && s[0] <= 'Z') {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(wordByte(c) && c != '_' || c == '+' || c == '.' || c == '-') {
			return false
		}
	}
	return true
}

// redactSegment masks a path segment that is, or holds, a token.
func redactSegment(seg string) string {
	if seg == "" {
		return seg
	}
	if ms := Find([]byte(seg)); len(ms) > 0 {
		spans := make([]span, len(ms))
		for i, m := range ms {
			spans[i] = span{m.Start, m.End, m.Rule.ID}
		}
		return apply(seg, spans)
	}
	if opaque(seg, 20) && !digest(seg) {
		return Redact(GenericID, seg)
	}
	return seg
}

// redactParams masks each value of a&b=c&d=e that is not a reference.
func redactParams(q string) string {
	parts := strings.Split(q, "&")
	for i, p := range parts {
		if k, v, ok := strings.Cut(p, "="); ok && v != "" && !isReference(v) {
			parts[i] = k + "=" + Redact(GenericID, v)
		}
	}
	return strings.Join(parts, "&")
}
