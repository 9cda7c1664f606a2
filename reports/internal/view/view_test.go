package view

import (
	"slices"
	"testing"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/reports/reporttest"
)

func TestMatrixRowsPutDecidingComponentsFirst(t *testing.T) {
	r := reporttest.Full(t)
	rows, rest := MatrixRows(r)
	var got []string
	for _, c := range rows {
		got = append(got, c.ID)
	}
	// The seven SUL-1.0 components of the n8n engine decide saas, whitelabel
	// and distribute; the seven others are allowed for every use.
	if len(rows) != 7 || rest != 7 {
		t.Fatalf("rows %v, rest %d; want the 7 n8n components and 7 others counted", got, rest)
	}
	for _, c := range rows {
		if c.Engine != "n8n" {
			t.Errorf("%s is listed but decides nothing and is allowed for every use", c.ID)
		}
	}

	// A component that decides nothing but is not allowed for some use comes
	// after the deciding ones; one that names the deciding engine but holds
	// another licence is not deciding.
	other := r.Inventory.Components[0]
	other.ID, other.Name, other.Engine = "npm:lgpl@1", "lgpl", ""
	other.Uses = map[compliance.Use]compliance.Assessment{compliance.Distribute: {Verdict: compliance.Conditional, License: "LGPL-3.0-only"}}
	mit := r.Inventory.Components[0]
	mit.ID, mit.Name = "npm:@n8n/typeorm@1", "@n8n/typeorm"
	mit.Uses = map[compliance.Use]compliance.Assessment{}
	for _, u := range r.Inputs.Uses {
		mit.Uses[u] = compliance.Assessment{Verdict: compliance.Allowed, License: "MIT"}
	}
	r.Inventory.Components = append([]compliance.Component{other, mit}, r.Inventory.Components...)
	rows, rest = MatrixRows(r)
	if last := rows[len(rows)-1]; last.ID != "npm:lgpl@1" || len(rows) != 8 || rest != 8 {
		t.Errorf("last row %s of %d, rest %d; want the conditional non-decider last, the MIT engine package counted", last.ID, len(rows), rest)
	}
}

func TestLicenseEvidence(t *testing.T) {
	pos := func(f string, l int) compliance.Position { return compliance.Position{File: f, Line: l} }
	for _, tc := range []struct {
		name string
		res  compliance.LicenseResolution
		want string
	}{
		{"nothing found", compliance.LicenseResolution{Method: compliance.MethodNone}, "none found"},
		{"declared as resolved", compliance.LicenseResolution{Expression: "MIT", Method: compliance.MethodDeclared, Evidence: []compliance.LicenseEvidence{
			{Method: compliance.MethodDeclared, Value: "MIT", Position: pos("node_modules/x/package.json", 5)},
			{Method: compliance.MethodDeclared, Value: "MIT", Position: pos("package-lock.json", 9)}}}, "declared · package.json:5 (+1)"},
		{"an alias shows what was read", compliance.LicenseResolution{Expression: "Apache-2.0", Method: compliance.MethodAlias, Evidence: []compliance.LicenseEvidence{
			{Method: compliance.MethodAlias, Value: "Apache 2.0", Position: pos("setup.cfg", 3)}}}, "alias Apache 2.0 · setup.cfg:3"},
		{"a text with its coverage", compliance.LicenseResolution{Expression: "MIT", Method: compliance.MethodText, Evidence: []compliance.LicenseEvidence{
			{Method: compliance.MethodText, Value: "MIT", Coverage: 98.76, Position: pos("vendor/x/LICENSE", 0)}}}, "text 98.8% · LICENSE"},
		{"the catalogue", compliance.LicenseResolution{Expression: "SUL-1.0", Method: compliance.MethodCatalogue, Evidence: []compliance.LicenseEvidence{
			{Method: compliance.MethodCatalogue, Value: "SUL-1.0"}}}, "catalogue"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := LicenseEvidence(tc.res); got != tc.want {
				t.Errorf("LicenseEvidence = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestKeyFindings(t *testing.T) {
	r := reporttest.Full(t)
	key, rest := KeyFindings(r, 8)
	if len(key) != 4 || rest != 10 {
		t.Errorf("%d key findings and %d more, want the critical and 3 high, 10 more", len(key), rest)
	}
	r.Findings = r.Findings[4:] // no critical or high left: the worst three
	if key, rest = KeyFindings(r, 8); len(key) != 3 || rest != 7 || key[0].Severity != compliance.Medium {
		t.Errorf("without critical or high: %d key, %d more", len(key), rest)
	}
}

func TestChecklistSaysWhatPassed(t *testing.T) {
	for _, tc := range []struct {
		counts compliance.StatusCounts
		want   string
		tone   Tone
	}{
		{compliance.StatusCounts{Pass: 8}, "all 8 checks pass", Good},
		{compliance.StatusCounts{Pass: 1, NotApplicable: 7}, "1 pass, 7 not applicable", Good},
		{compliance.StatusCounts{NotApplicable: 8}, "8 not applicable: nothing to check", Neutral},
		{compliance.StatusCounts{Pass: 2, Fail: 5, NotApplicable: 1}, "5 of 8 checks fail", Bad},
		{compliance.StatusCounts{}, "no checks", Neutral},
	} {
		c := Checklist(tc.counts)
		if c.String() != tc.want || c.Tone() != tc.tone {
			t.Errorf("%+v: %q, tone %d; want %q, tone %d", tc.counts, c.String(), c.Tone(), tc.want, tc.tone)
		}
	}
}

func TestProjectOf(t *testing.T) {
	pos := compliance.Position{File: "package.json", Line: 5, Col: 3}
	for _, tc := range []struct {
		name    string
		project *compliance.Component
		ok      bool
		line    string
		ev      []string
	}{
		{name: "none", project: nil},
		{
			name: "npm UNLICENSED is proprietary, never unknown",
			project: &compliance.Component{Name: "agent-console", Version: "2.1.0", License: compliance.LicenseResolution{
				Expression: "LicenseRef-UNLICENSED", Method: compliance.MethodAlias,
				Evidence: []compliance.LicenseEvidence{{Method: compliance.MethodAlias, Position: pos, Value: "UNLICENSED", Note: `"UNLICENSED" read as LicenseRef-UNLICENSED`}},
			}},
			ok: true, line: "agent-console@2.1.0, proprietary (all rights reserved)",
			ev: []string{`alias UNLICENSED package.json:5:3 — "UNLICENSED" read as LicenseRef-UNLICENSED`},
		},
		{
			name: "licence text",
			project: &compliance.Component{Name: "@modelcontextprotocol/servers", Version: "0.6.2", License: compliance.LicenseResolution{
				Expression: "Apache-2.0 AND MIT", Method: compliance.MethodText,
				Evidence: []compliance.LicenseEvidence{{Method: compliance.MethodText, Position: compliance.Position{File: "LICENSE"}, Value: "Apache-2.0 AND MIT", Coverage: 92.2}},
			}},
			ok: true, line: "@modelcontextprotocol/servers@0.6.2, Apache-2.0 AND MIT",
			ev: []string{"text Apache-2.0 AND MIT 92.2% LICENSE"},
		},
		{
			name:    "nothing found",
			project: &compliance.Component{Name: "github.com/acme/mcp-gateway", License: compliance.LicenseResolution{Method: compliance.MethodNone}},
			ok:      true, line: "github.com/acme/mcp-gateway, licence unknown: none declared or found",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &compliance.Report{Inventory: compliance.Inventory{Project: tc.project}}
			p, ok := ProjectOf(r)
			if ok != tc.ok {
				t.Fatalf("ok = %v, want %v", ok, tc.ok)
			}
			if !ok {
				return
			}
			if got := p.Line(); got != tc.line {
				t.Errorf("Line() = %q, want %q", got, tc.line)
			}
			if !slices.Equal(p.Evidence, tc.ev) {
				t.Errorf("Evidence = %q, want %q", p.Evidence, tc.ev)
			}
		})
	}
}
