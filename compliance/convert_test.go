package compliance

import (
	"slices"
	"testing"

	"github.com/mcp-comply/mcp-comply/hardening"
	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/license/kb"
)

// TestKnowledgeBaseValuesAreReportValues: every category, use and verdict
// the knowledge base's data states is one the report knows (the types are
// package vocab's, shared; the data is YAML and could say anything).
func TestKnowledgeBaseValuesAreReportValues(t *testing.T) {
	verdicts := []Verdict{Allowed, Conditional, Prohibited, Unknown}
	for _, l := range kb.Default().Licenses {
		if !slices.Contains(Categories, l.Category) {
			t.Errorf("%s: category %q is not in Categories", l.ID, l.Category)
		}
		for u, tm := range l.Uses {
			if !slices.Contains(Uses, u) || !slices.Contains(verdicts, tm.Verdict) {
				t.Errorf("%s: %s → %s is not a report use and verdict", l.ID, u, tm.Verdict)
			}
		}
	}
}

// Two source servers of one name in one file (a FastMCP sub-server named
// as its parent) each list their own tool definitions, as their pins hold
// them, not the other's.
func TestServersOfOneNameKeepTheirDefinitions(t *testing.T) {
	at := func(line int) project.Position { return project.Position{File: "example.py", Line: line} }
	parent := hardening.SourceServer{Name: "Manager", Evidence: hardening.Evidence{Position: at(21)}}
	sub := hardening.SourceServer{Name: "Manager", Evidence: hardening.Evidence{Position: at(37)},
		Tools: []hardening.Tool{{Name: "greeting", Hash: "c0ffee"}}}
	res := &hardening.Result{Sources: []hardening.SourceServer{sub, parent}}
	res.Pins = hardening.Pin(res.Sources)
	got := servers(res)
	if len(got) != 2 || got[0].Line != 21 || got[1].Line != 37 {
		t.Fatalf("servers: %+v", got)
	}
	if len(got[0].ToolDefinitions) != 0 {
		t.Errorf("the parent lists %v, the sub-server's", got[0].ToolDefinitions)
	}
	if d := got[1].ToolDefinitions; len(d) != 1 || d[0].Name != "greeting" || d[0].SHA256 != "c0ffee" {
		t.Errorf("the sub-server lists %v, want greeting c0ffee", d)
	}
}
