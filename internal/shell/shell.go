// Package shell splits a command line into words as a POSIX shell would,
// without expanding or running anything: the one splitter for an MCP
// client config's command line (hardening) and a Dockerfile instruction's
// arguments (license).
//
// It is a few lines rather than a dependency because the shell libraries
// either expand variables (mvdan.cc/sh's shell.Fields), which would lose
// the ${VAR} placeholders the checklist needs to see, or treat every
// backslash as an escape.
package shell

import (
	"errors"
	"strings"
)

// ErrQuote is Split's error for a quote left open.
var ErrQuote = errors.New("unterminated quote")

// Split splits s into words: single quotes keep everything, double quotes
// keep everything but \" and \\, and outside quotes a backslash escapes
// only a blank, a quote or a backslash, so that Windows paths
// (C:\tools\npx.cmd) survive. A quote left open gives the words before it,
// the rest of s (without the quote) as the last word, and ErrQuote: a
// caller that runs nothing may read on.
func Split(s string) ([]string, error) {
	var words []string
	var w strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			if inWord {
				words = append(words, w.String())
				w.Reset()
				inWord = false
			}
		case c == '\'':
			end := strings.IndexByte(s[i+1:], '\'')
			if end < 0 {
				w.WriteString(s[i+1:])
				return append(words, w.String()), ErrQuote
			}
			w.WriteString(s[i+1 : i+1+end])
			i += end + 1
			inWord = true
		case c == '"':
			for i++; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) && (s[i+1] == '"' || s[i+1] == '\\') {
					i++
				}
				w.WriteByte(s[i])
			}
			if i >= len(s) {
				return append(words, w.String()), ErrQuote
			}
			inWord = true
		case c == '\\' && i+1 < len(s) && strings.IndexByte(" \t\"'\\", s[i+1]) >= 0:
			i++
			w.WriteByte(s[i])
			inWord = true
		default:
			w.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, w.String())
	}
	return words, nil
}
