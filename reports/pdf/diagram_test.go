package pdf

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/reports/internal/view"
)

// TestGroupedDiagram checks that past eight endpoints the data-flow
// diagram lists every provider under its guarantee with the number of
// endpoints: eu-agent's 61 endpoints on the section's first page, with its
// heading; and that a group longer than a page continues on the next.
func TestGroupedDiagram(t *testing.T) {
	r := samples(t)["eu-agent"]
	text := pdfText(t, render(t, r, date))
	var first string
	for _, p := range strings.Split(text, "\f") {
		if strings.Contains(p, "EU data residency: where does the data go?") {
			first = string(squeeze(p))
		}
	}
	counts := map[compliance.Guarantee]int{}
	for _, e := range r.Residency.Endpoints {
		counts[e.Guarantee]++
		if name := string(squeeze(e.ProviderName)); !strings.Contains(first, name) {
			t.Errorf("%s is not in the diagram on the section's first page", e.ProviderName)
		}
	}
	for g, n := range counts {
		label, count := string(squeeze(view.GuaranteeLabel(g))), fmt.Sprintf("%d endpoint", n)
		if !strings.Contains(first, label) || !strings.Contains(first, string(squeeze(count))) {
			t.Errorf("the diagram lacks the group %s, %s", view.GuaranteeLabel(g), count)
		}
	}

	base := r.Residency.Endpoints
	r.Residency.Endpoints = nil
	for i := range 400 {
		e := base[i%len(base)]
		e.ProviderName = fmt.Sprintf("Provider %03d", i)
		e.Guarantee = compliance.EUProcessing
		r.Residency.Endpoints = append(r.Residency.Endpoints, e)
	}
	text = pdfText(t, render(t, r, date))
	if !strings.Contains(text, "400 endpoints\ncontinued") {
		t.Error("a group longer than a page does not say it continues")
	}
	for i := range 400 {
		if name := fmt.Sprintf("Provider %03d", i); strings.Count(text, name) < 2 { // the diagram and the table
			t.Fatalf("%s is missing from the diagram or the table", name)
		}
	}
}
