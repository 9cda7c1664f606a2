package license

import (
	"strings"
	"testing"

	"github.com/mcp-comply/mcp-comply/internal/vocab"
	"github.com/mcp-comply/mcp-comply/license/kb"
	"github.com/mcp-comply/mcp-comply/license/kb/kbtest"
)

// testBase is a small knowledge base with the entries these tests need.
func testBase(t *testing.T) *kb.Base {
	t.Helper()
	entry := func(id string) string {
		return `  - id: ` + id + `
    name: ` + id + `
    category: permissive
    source: https://example.com/` + id + `
    checked: 2026-11-24
    uses: {}
`
	}
	data := "licenses:\n" + entry("MIT") + entry("Apache-2.0") + entry("GPL-2.0-only") + entry("GPL-3.0-or-later") +
		entry("EUPL-1.1-or-later") + entry("SUL-1.0") + entry("LicenseRef-UNLICENSED") + entry("Classpath-exception-2.0") + `
aliases:
  mit license: MIT
  apache 2.0: Apache-2.0
  gpl-2.0: GPL-2.0-only
  unlicensed: LicenseRef-UNLICENSED
  licenseref-n8n-sustainable-use: SUL-1.0
classifiers:
  "License :: OSI Approved :: MIT License": MIT
`
	return kbtest.Base(t, data)
}

func TestParseExpression(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"MIT", "MIT"},
		{"(MIT OR Apache-2.0)", "MIT OR Apache-2.0"},
		{"MIT or Apache-2.0", "MIT OR Apache-2.0"},
		{"MIT AND BSD-3-Clause OR GPL-2.0-only", "(MIT AND BSD-3-Clause) OR GPL-2.0-only"}, // AND binds tighter
		{"MIT AND (BSD-3-Clause OR GPL-2.0-only)", "MIT AND (BSD-3-Clause OR GPL-2.0-only)"},
		{"GPL-2.0-only WITH Classpath-exception-2.0 OR MIT", "GPL-2.0-only WITH Classpath-exception-2.0 OR MIT"},
		{"(BSD-2-Clause OR MIT OR Apache-2.0)", "BSD-2-Clause OR MIT OR Apache-2.0"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			e, err := ParseExpression(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if got := e.String(); got != tc.want {
				t.Errorf("String() = %q, want %q", got, tc.want)
			}
		})
	}
	for _, bad := range []string{"", "MIT OR", "(MIT", "MIT)", "AND MIT", "MIT WITH", "MIT Apache-2.0"} {
		if _, err := ParseExpression(bad); err == nil {
			t.Errorf("ParseExpression(%q): want an error", bad)
		}
	}
}

// A declared licence is attacker-written: nesting and length are bounded
// before the parser recurses, and an expression within the bounds parses.
func TestParseExpressionBounds(t *testing.T) {
	nest := func(n int) string { return strings.Repeat("(", n) + "MIT" + strings.Repeat(")", n) }
	if e, err := ParseExpression(nest(maxExpressionDepth)); err != nil || e.String() != "MIT" {
		t.Errorf("%d levels: %v, %v", maxExpressionDepth, e, err)
	}
	for _, bad := range []string{nest(maxExpressionDepth + 1), nest(3_000_000), strings.Repeat("MIT OR ", 1000) + "MIT"} {
		if _, err := ParseExpression(bad); err == nil {
			t.Errorf("ParseExpression of %d characters: want an error", len(bad))
		}
	}
}

func TestNormalize(t *testing.T) {
	base := testBase(t)
	for _, tc := range []struct {
		in     string
		want   string
		method vocab.Method
		ok     bool
	}{
		{"MIT", "MIT", vocab.MethodDeclared, true},
		{"mit", "MIT", vocab.MethodDeclared, true}, // case only: still as declared
		{"MIT License", "MIT", vocab.MethodAlias, true},
		{"Apache 2.0", "Apache-2.0", vocab.MethodAlias, true},
		{"(MIT OR GPL-2.0)", "MIT OR GPL-2.0-only", vocab.MethodAlias, true},
		{"(MIT OR EUPL-1.1+)", "MIT OR EUPL-1.1-or-later", vocab.MethodAlias, true},
		{"LicenseRef-n8n-sustainable-use", "SUL-1.0", vocab.MethodAlias, true},
		{"UNLICENSED", "LicenseRef-UNLICENSED", vocab.MethodAlias, true}, // proprietary, not the Unlicense
		{"Unlicense", "Unlicense", vocab.MethodDeclared, true},           // on the SPDX list though not in this base
		{"LicenseRef-acme-eula", "LicenseRef-acme-eula", vocab.MethodDeclared, true},
		{"BSD", "", "", false}, // ambiguous: no alias, not an SPDX id
		{"SEE LICENSE IN LICENSE.md", "", "", false},
		{"", "", "", false},
	} {
		t.Run(tc.in, func(t *testing.T) {
			n, ok := normalize(base, tc.in)
			if ok != tc.ok {
				t.Fatalf("ok = %v, want %v", ok, tc.ok)
			}
			if !ok {
				return
			}
			if got := n.Expr.String(); got != tc.want || n.Method != tc.method {
				t.Errorf("normalize(%q) = %q (%s), want %q (%s)", tc.in, got, n.Method, tc.want, tc.method)
			}
		})
	}
}
