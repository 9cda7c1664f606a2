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
