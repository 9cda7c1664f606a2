package reports

import "github.com/mcp-comply/mcp-comply/reports/internal/safe"

// Clean makes a string from the scanned project safe to print: control
// characters (ANSI escapes among them), bidirectional overrides and
// zero-width characters are dropped, invalid UTF-8 is replaced, and a value
// longer than max runes is cut with a visible ellipsis. max <= 0 keeps the
// length.
func Clean(s string, max int) string { return safe.Clean(s, max) }
