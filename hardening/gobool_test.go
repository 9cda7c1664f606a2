package hardening

import (
	"go/parser"
	"testing"
)

// Both Go readers take a tool's hints through goBool: a negated, wrapped
// or pointer-helper value must read as written, and what is not a
// boolean as no hint at all.
func TestGoBoolHints(t *testing.T) {
	for src, want := range map[string]string{
		"true":                "true",
		"false":               "false",
		"!false":              "true",
		"!(true)":             "false",
		"ptr.To(true)":        "true",
		"&[]bool{true}[0]":    "none",
		"new(bool)":           "false",
		"mcp.Ptr(!true)":      "false",
		"readOnly":            "none",
		`"true"`:              "none",
		"jsonschema.Ptr(1>0)": "none",
	} {
		e, err := parser.ParseExpr(src)
		if err != nil {
			t.Fatal(err)
		}
		got := "none"
		if b := goBool(e, nil, 0); b != nil && *b {
			got = "true"
		} else if b != nil {
			got = "false"
		}
		if got != want {
			t.Errorf("goBool(%s) = %s, want %s", src, got, want)
		}
	}
}
