package reports

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/reports/reporttest"
)

// ours are the colour codes the text format writes.
var ours = regexp.MustCompile(`\x1b\[[0-9;]*m`)

func text(t *testing.T, tx Text, r *compliance.Report) string {
	return string(reporttest.Render(t, tx, r))
}

// pieces are a long word's parts between the places wrap may break it.
var pieces = regexp.MustCompile(`[^/.-]*[/.-]?`)

// despace drops every space, so a word broken over lines still reads
// whole.
func despace(s string) string { return strings.Join(strings.Fields(s), "") }

// TestTextFitsTheWidthAndCutsNothing renders the full and the hostile
// report at terminal widths: every line fits, colour or not, and every
// value from the project is there whole, wrapped, never cut.
func TestTextFitsTheWidthAndCutsNothing(t *testing.T) {
	for _, width := range []int{80, 100, 132} {
		for _, color := range []bool{false, true} {
			for name, r := range map[string]*compliance.Report{"full": reporttest.Full(t), "hostile": reporttest.Hostile()} {
				out := ours.ReplaceAllString(text(t, Text{Color: color, Width: width}, r), "")
				for i, line := range strings.Split(out, "\n") {
					if n := cols(line); n > width {
						t.Errorf("%s at %d columns: line %d takes %d: %q", name, width, i+1, n, line)
					}
				}
				var values []string
				for _, f := range r.Findings {
					values = append(values, f.Title, f.Detail, f.Remediation)
					for _, e := range f.Evidence {
						values = append(values, e.Position.String(), e.Excerpt)
					}
				}
				for _, c := range r.Inventory.Components {
					switch {
					case c.Model != nil && c.Model.Kind == compliance.ModelHosted:
						values = append(values, c.Name, c.Model.Terms) // its terms, not a licence
					case c.Category != compliance.Permissive:
						values = append(values, c.Name, c.License.Expression)
					}
				}
				for _, e := range r.Inventory.Engines {
					values = append(values, e.Notes...)
				}
				for _, e := range r.Residency.Endpoints {
					values = append(values, e.ProviderName, e.Host, e.Processing, e.Storage)
				}
				for _, c := range r.Hardening.Checks {
					values = append(values, c.Title, c.Summary)
				}
				// Every word of every value is there: a table cell wraps
				// between other cells, so a value is looked for word by
				// word (a long word by its pieces between the places it
				// may break), its last words (which a cut loses) among
				// them.
				whole := despace(out)
				for _, v := range values {
					for _, word := range strings.Fields(Clean(v, 0)) {
						for _, piece := range pieces.FindAllString(word, -1) {
							if !strings.Contains(whole, piece) {
								t.Errorf("%s at %d columns: %.40q of %.60q is missing", name, width, piece, v)
							}
						}
					}
				}
			}
		}
	}
}

func TestDefaultWidth(t *testing.T) {
	out := text(t, Text{}, reporttest.Full(t))
	longest := 0
	for _, line := range strings.Split(out, "\n") {
		longest = max(longest, cols(line))
	}
	if longest > DefaultWidth || longest < DefaultWidth-10 {
		t.Errorf("the longest line takes %d columns, want the default width %d to be used", longest, DefaultWidth)
	}
}

func TestWrap(t *testing.T) {
	for _, tc := range []struct {
		in   string
		w    int
		want []string
	}{
		{"one two three", 7, []string{"one two", "three"}},
		{"", 10, []string{""}},
		{"node_modules/n8n/dist/sso.ee/saml.js", 20, []string{"node_modules/n8n/", "dist/sso.ee/saml.js"}},
		{strings.Repeat("x", 25), 10, []string{"xxxxxxxxxx", "xxxxxxxxxx", "xxxxx"}},
		{"数据 数据数据", 5, []string{"数据", "数据", "数据"}}, // wide runes take two columns
	} {
		if got := wrap(tc.in, tc.w); fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("wrap(%q, %d) = %q, want %q", tc.in, tc.w, got, tc.want)
		}
	}
}

// TestUsesThatReadTheSameShareALine: a component of unknown licence is
// one line, not one a use; uses with the same verdict and reason share one.
func TestUsesThatReadTheSameShareALine(t *testing.T) {
	all := []compliance.Use{compliance.Internal, compliance.SaaS, compliance.WhiteLabel, compliance.Distribute, compliance.Modify}
	unknown := &compliance.Component{Uses: map[compliance.Use]compliance.Assessment{}}
	for _, u := range all {
		unknown.Uses[u] = compliance.Assessment{Verdict: compliance.Unknown, Reason: "no licence found"}
	}
	n8n := &compliance.Component{Uses: map[compliance.Use]compliance.Assessment{
		compliance.Internal: {Verdict: compliance.Allowed}, compliance.Modify: {Verdict: compliance.Allowed},
		compliance.SaaS: {Verdict: compliance.Prohibited}, compliance.WhiteLabel: {Verdict: compliance.Prohibited},
		compliance.Distribute: {Verdict: compliance.Conditional, Obligation: "free of charge"}}}
	for _, tc := range []struct {
		c    *compliance.Component
		uses []compliance.Use
		want []string
	}{
		{unknown, all, []string{"every use: unknown — no licence found"}},
		{unknown, all[1:2], []string{"saas: unknown — no licence found"}},
		{n8n, all, []string{"saas, whitelabel: prohibited", "distribute: conditional — free of charge"}},
	} {
		if got := useLines(tc.c, tc.uses); fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("useLines = %q, want %q", got, tc.want)
		}
	}
}

// TestModelsAndAIAct lists the models apart from the components, with
// their licence or terms, and sums the AI Act section up in a line; a
// report without them has neither.
func TestModelsAndAIAct(t *testing.T) {
	out := text(t, Text{}, reporttest.Full(t))
	flat := strings.Join(strings.Fields(out), " ")
	for _, want := range []string{"AI MODELS (2)", "gpt-4o-mini OpenAI hosted API service terms — confirm",
		"llama3.1:8b Ollama", "whitelabel, distribute: conditional — Ship a copy of the Llama 3.1 Community License",
		"EU AI ACT 3 duties (1 provider, 2 deployer), part of the verdict", "2 AI model(s) listed under AI MODELS"} {
		if !strings.Contains(flat, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	if i := strings.Index(out, "COMPONENTS ("); i < 0 || strings.Contains(out[i:], "model:") || strings.Contains(out[i:], "  model ") {
		t.Error("the components list shows a model")
	}
	r := reporttest.Full(t)
	r.AIAct, r.Inventory.Components = nil, nil
	if out := text(t, Text{}, r); strings.Contains(out, "AI MODELS") || strings.Contains(out, "EU AI ACT") {
		t.Error("a report without models or an AI Act section shows them")
	}
}
