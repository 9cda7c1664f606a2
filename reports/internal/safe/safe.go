// Package safe cleans strings that come from a scanned project before any
// format prints them: every format starts from Clean and then escapes for
// its own syntax.
package safe

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Clean makes a string from the scanned project safe to print: control
// characters (ANSI escapes among them), bidirectional overrides and
// zero-width characters are dropped, tabs and line breaks become spaces,
// invalid UTF-8 is replaced, and a value longer than max runes is cut with a
// visible ellipsis. max <= 0 keeps the length.
func Clean(s string, max int) string {
	var b strings.Builder
	n := 0
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				r = '\uFFFD'
			}
		}
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			r = ' '
		case unicode.IsControl(r), Invisible(r):
			continue
		}
		if max > 0 && n == max-1 && utf8.RuneCountInString(s[i:]) > 1 {
			b.WriteRune('…')
			return b.String()
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// Invisible matches format characters that can hide or reorder text:
// bidi embeddings, overrides and isolates, zero-width joiners, the BOM, and
// the Unicode tag block.
func Invisible(r rune) bool {
	switch {
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r >= 0x200B && r <= 0x200F,
		r == 0x2060, r == 0xFEFF, r >= 0xE0000 && r <= 0xE007F:
		return true
	}
	return false
}

// FirstSentence returns the first sentence of s: up to the first ". "
// followed by a capital letter, or all of s.
func FirstSentence(s string) string {
	for i := 0; i+2 < len(s); i++ {
		if s[i] == '.' && s[i+1] == ' ' {
			if r, _ := utf8.DecodeRuneInString(s[i+2:]); unicode.IsUpper(r) {
				return s[:i+1]
			}
		}
	}
	return s
}
