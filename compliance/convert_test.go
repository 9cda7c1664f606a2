package compliance

import (
	"slices"
	"testing"

	"github.com/mcp-comply/mcp-comply/license"
	"github.com/mcp-comply/mcp-comply/license/kb"
)

// TestModelValuesMatchTheAnalyzers keeps the report's enumerations in step
// with the analyzers' they are converted from by a plain cast: a value an
// analyzer renames or adds must be renamed or added here too.
func TestModelValuesMatchTheAnalyzers(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{string(NPM), string(license.NPM)}, {string(PyPI), string(license.PyPI)}, {string(Golang), string(license.Golang)},
		{string(Container), string(license.Container)}, {string(EngineExport), string(license.Engine)},
		{string(RoleLibrary), string(license.Library)}, {string(RoleImage), string(license.Image)},
		{string(RoleMCPServer), string(license.MCPServer)}, {string(RoleRuntime), string(license.Runtime)},
		{string(MethodDeclared), string(license.Declared)}, {string(MethodAlias), string(license.Alias)},
		{string(MethodText), string(license.Text)}, {string(MethodCatalogue), string(license.Catalogue)},
		{string(MethodNone), string(license.None)},
		{string(Allowed), string(kb.Allowed)}, {string(Conditional), string(kb.Conditional)},
		{string(Prohibited), string(kb.Prohibited)}, {string(Unknown), string(kb.Unknown)},
	} {
		if tc.got != tc.want {
			t.Errorf("report value %q, analyzer value %q", tc.got, tc.want)
		}
	}
	if len(Uses) != len(kb.Uses) {
		t.Fatalf("Uses = %v, knowledge base uses %v", Uses, kb.Uses)
	}
	for i, u := range kb.Uses {
		if Uses[i] != Use(u) {
			t.Errorf("Uses[%d] = %s, knowledge base %s", i, Uses[i], u)
		}
	}
	verdicts := []Verdict{Allowed, Conditional, Prohibited, Unknown}
	for _, l := range kb.Default().Licenses {
		if !slices.Contains(Categories, Category(l.Category)) {
			t.Errorf("%s: category %q is not in Categories", l.ID, l.Category)
		}
		for u, tm := range l.Uses {
			if !slices.Contains(Uses, Use(u)) || !slices.Contains(verdicts, Verdict(tm.Verdict)) {
				t.Errorf("%s: %s → %s is not a report use and verdict", l.ID, u, tm.Verdict)
			}
		}
	}
}
