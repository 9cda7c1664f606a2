package hardening

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mcp-comply/mcp-comply/internal/project"
)

// Evidence points at what a fact rests on: a place in a file and a short
// excerpt of it. An excerpt never holds a secret: secrets appear only in
// their redacted form.
type Evidence struct {
	project.Position
	Excerpt string `json:"excerpt,omitempty"`
}

// factID makes a stable identifier from the parts that define a fact, so
// the same fact has the same id in every run (for fingerprints and
// waivers). Positions are left out on purpose where a fact should survive
// an unrelated edit that moves lines; callers choose the parts.
func factID(kind string, parts ...string) string {
	h := sha256.New()
	h.Write([]byte(kind))
	for _, p := range parts {
		h.Write([]byte{0})
		h.Write([]byte(p))
	}
	return kind + ":" + hex.EncodeToString(h.Sum(nil))[:16]
}

// maxExcerpt bounds an excerpt, in runes.
const maxExcerpt = 160

// excerpt makes text safe to show in a report: hidden characters (format
// and control characters, Unicode tags) are written as \u escapes so a
// reader sees them, and long text is cut.
func excerpt(s string) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if n >= maxExcerpt {
			b.WriteString("…")
			break
		}
		n++
		switch {
		case r == '\n' || r == '\t':
			b.WriteByte(' ')
		case r == utf8.RuneError:
			b.WriteRune(r)
		case hiddenRune(r):
			b.WriteString(escapeRune(r))
		default:
			b.WriteRune(r)
		}
	}
	return strings.TrimSpace(b.String())
}

// hiddenRune reports a character a person does not see: controls, format
// characters (zero-width, bidi), Unicode tags and variation selectors.
func hiddenRune(r rune) bool {
	return unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r) ||
		(r >= 0xE0000 && r <= 0xE007F) || (r >= 0xFE00 && r <= 0xFE0F) || (r >= 0xE0100 && r <= 0xE01EF)
}

func escapeRune(r rune) string {
	const hexd = "0123456789ABCDEF"
	if r > 0xFFFF {
		return `\U` + string([]byte{hexd[r>>28&15], hexd[r>>24&15], hexd[r>>20&15], hexd[r>>16&15],
			hexd[r>>12&15], hexd[r>>8&15], hexd[r>>4&15], hexd[r&15]})
	}
	return `\u` + string([]byte{hexd[r>>12&15], hexd[r>>8&15], hexd[r>>4&15], hexd[r&15]})
}

// lineAt returns the line of data that holds offset, without its newline.
func lineAt(data []byte, offset int) string {
	start := offset
	for start > 0 && data[start-1] != '\n' {
		start--
	}
	end := offset
	for end < len(data) && data[end] != '\n' {
		end++
	}
	return strings.TrimRight(string(data[start:end]), "\r")
}
