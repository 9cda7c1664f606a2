package compliance

import (
	"slices"
	"testing"

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
