package secrets

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxExcerpt bounds an excerpt, in runes, before its "…".
const MaxExcerpt = 160

// Excerpt is what a report shows of project text: RedactText of it, with
// hidden characters (see Hidden) written as \uXXXX or \UXXXXXXXX so a
// reader sees them, newlines and tabs as spaces, invalid UTF-8 as U+FFFD,
// blanks trimmed at both ends, and cut after MaxExcerpt runes of the
// result with "…" (never inside a rune or an escape).
func Excerpt(s string) string {
	s = strings.Trim(RedactText(s), " \t\r\n")
	if len(s) <= MaxExcerpt && printableASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(min(len(s), 4*MaxExcerpt))
	n, cut := 0, false
	for _, r := range s {
		if r >= 0x20 && r < 0x7f {
			if n >= MaxExcerpt {
				cut = true
				break
			}
			n++
			b.WriteByte(byte(r))
			continue
		}
		var piece string
		switch {
		case r == '\n' || r == '\t':
			piece = " "
		case r == utf8.RuneError:
			piece = "\uFFFD"
		case Hidden(r):
			piece = Escape(r)
		}
		w := 1
		if piece != "" {
			w = utf8.RuneCountInString(piece)
		}
		if n+w > MaxExcerpt {
			cut = true
			break
		}
		n += w
		if piece != "" {
			b.WriteString(piece)
		} else {
			b.WriteRune(r)
		}
	}
	if !cut {
		return b.String()
	}
	return strings.TrimRight(b.String(), " ") + "…"
}

// printableASCII reports text that Excerpt shows as it is.
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

// Hidden reports a character a person does not see: controls (Cc), format
// characters (Cf: zero-width, bidi controls, soft hyphen), Unicode tags
// (U+E0000–E007F) and variation selectors (U+FE00–FE0F,
// U+E0100–E01EF). The poisoning indicators use the same test.
func Hidden(r rune) bool {
	return unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r) ||
		(r >= 0xE0000 && r <= 0xE007F) || (r >= 0xFE00 && r <= 0xFE0F) || (r >= 0xE0100 && r <= 0xE01EF)
}

// Escape writes r as \uXXXX, or \UXXXXXXXX past the Basic Multilingual
// Plane, in upper-case hex.
func Escape(r rune) string {
	const hexd = "0123456789ABCDEF"
	if r > 0xFFFF {
		return `\U` + string([]byte{hexd[r>>28&15], hexd[r>>24&15], hexd[r>>20&15], hexd[r>>16&15],
			hexd[r>>12&15], hexd[r>>8&15], hexd[r>>4&15], hexd[r&15]})
	}
	return `\u` + string([]byte{hexd[r>>12&15], hexd[r>>8&15], hexd[r>>4&15], hexd[r&15]})
}

// MatchExcerpts are the excerpts a report shows for the matches of a
// text (ScanText's or Find's: in text order, without overlaps), one per
// match: the lines from the match's first to its last, with every match
// on them in Redact's form, through Excerpt. Building them from the
// matches, not from RedactText alone, masks what the keyed rule found
// under a key RedactText does not read as a credential's, on the match's
// own line and on its neighbours'.
func MatchExcerpts(text []byte, ms []Match) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		start := m.Start
		for start > 0 && text[start-1] != '\n' {
			start--
		}
		end := m.End
		for end < len(text) && text[end] != '\n' {
			end++
		}
		var b strings.Builder
		at := start
		for _, o := range ms {
			if o.End <= at || o.Start >= end {
				continue
			}
			// A secret from an earlier line is masked to its end here too.
			b.Write(text[at:max(at, o.Start)])
			b.WriteString(Redact(o.Rule.ID, string(text[o.Start:o.End])))
			at = o.End
		}
		b.Write(text[at:max(at, end)])
		out[i] = Excerpt(b.String())
	}
	return out
}
