package view

import (
	"fmt"
	"strings"
	"time"

	"github.com/mcp-comply/mcp-comply/compliance"
)

// IsModel reports whether a component is an AI model: the formats show
// models in a section of their own.
func IsModel(c *compliance.Component) bool { return c.Model != nil || c.Ecosystem == compliance.Model }

// Models are the inventory's AI models, in inventory order.
func Models(r *compliance.Report) []*compliance.Component {
	var out []*compliance.Component
	for i := range r.Inventory.Components {
		if c := &r.Inventory.Components[i]; IsModel(c) {
			out = append(out, c)
		}
	}
	return out
}

// facts is a model's facts, the zero value when it has none.
func facts(c *compliance.Component) compliance.ModelFacts {
	if c.Model == nil {
		return compliance.ModelFacts{Kind: compliance.ModelUnknown}
	}
	return *c.Model
}

// ModelProvider names who serves a model: "Ollama (self-hosted)", else
// its vendor, else "no provider named".
func ModelProvider(c *compliance.Component) string {
	f := facts(c)
	switch {
	case f.ProviderName != "":
		return f.ProviderName
	case f.Provider != "":
		return f.Provider
	case f.Vendor != "":
		return f.Vendor
	}
	return "no provider named"
}

// ModelKind says in words what a model is under: "open weights",
// "hosted API", "not in the catalogue".
func ModelKind(c *compliance.Component) string {
	switch facts(c).Kind {
	case compliance.ModelOpenWeight:
		return "open weights"
	case compliance.ModelHosted:
		return "hosted API"
	}
	return "not in the catalogue"
}

// ModelTerms is what a model is used under: its weights' licence (and
// the base a fine-tune takes it from), "service terms — confirm" and the
// terms' address for a hosted model, "unknown — confirm" otherwise.
func ModelTerms(c *compliance.Component) string {
	f := facts(c)
	if f.Kind == compliance.ModelHosted {
		if f.Terms != "" {
			return "service terms — confirm (" + f.Terms + ")"
		}
		return "service terms — confirm"
	}
	if c.License.Expression == "" {
		return "unknown — confirm"
	}
	if f.Base != "" {
		return c.License.Expression + " (from its base, " + f.Base + ")"
	}
	return c.License.Expression
}

// ModelFamily is the catalogue's name for the model: "Llama 3.1 (Meta)",
// "" when the catalogue does not know it.
func ModelFamily(c *compliance.Component) string {
	f := facts(c)
	name := f.FamilyName
	if name == "" {
		name = f.Family
	}
	if name != "" && f.Vendor != "" {
		name += " (" + f.Vendor + ")"
	}
	return name
}

// ModelCard is the model card's facts in one line: "text-generation ·
// transformer · 8B, 70B, 405B · outputs text".
func ModelCard(c *compliance.Component) string {
	f := facts(c)
	var parts []string
	for _, s := range []string{f.Task, f.ArchitectureFamily, f.Parameters} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	if len(f.Modalities) > 0 {
		parts = append(parts, "outputs "+strings.Join(f.Modalities, ", "))
	}
	return strings.Join(parts, " · ")
}

// AIActSummary is the EU AI Act section in one line: AIActHeadline,
// then what a person must confirm, by article in the order the duties
// come, at most three subjects an article ("Arts 53–55: Anthropic,
// OpenAI, Mistral AI and 24 more"). ok is false when the report has no
// AI Act section.
func AIActSummary(r *compliance.Report) (line string, ok bool) {
	line, ok = AIActHeadline(r)
	if !ok || len(r.AIAct.Duties) == 0 {
		return line, ok
	}
	const most = 3
	var articles []string
	subjects := map[string][]string{}
	for _, d := range r.AIAct.Duties {
		if _, seen := subjects[d.Article]; !seen {
			articles = append(articles, d.Article)
		}
		subjects[d.Article] = append(subjects[d.Article], d.Subject)
	}
	confirm := make([]string, len(articles))
	for i, a := range articles {
		ss := subjects[a]
		confirm[i] = a + ": " + strings.Join(ss[:min(most, len(ss))], ", ")
		if more := len(ss) - most; more > 0 {
			confirm[i] += fmt.Sprintf(" and %d more", more)
		}
	}
	return line + "; to confirm: " + strings.Join(confirm, "; "), true
}

// AIActHeadline says how many duties the EU AI Act section holds and
// whose, and whether they are part of the verdict: "3 duties (1
// provider, 2 deployer), part of the verdict (market eu)".
func AIActHeadline(r *compliance.Report) (line string, ok bool) {
	a := r.AIAct
	if a == nil {
		return "", false
	}
	if len(a.Duties) == 0 {
		return "no duties raised", true
	}
	roles := map[string]int{}
	for _, d := range a.Duties {
		roles[d.Role]++
	}
	var whose []string
	for _, role := range []string{"provider", "deployer"} {
		if n := roles[role]; n > 0 {
			whose = append(whose, fmt.Sprintf("%d %s", n, role))
		}
	}
	line = fmt.Sprintf("%d %s (%s)", len(a.Duties), pluralWord(len(a.Duties), "duty", "duties"), strings.Join(whose, ", "))
	if a.InVerdict {
		return line + ", part of the verdict (market eu)", true
	}
	return line + ", for information (--market eu makes them part of the verdict)", true
}

// DutyDates says when a duty applies: one date with its basis, or every
// date the sources give, none presented as settled.
func DutyDates(d *compliance.AIDuty) string {
	parts := make([]string, len(d.Applies))
	for i, a := range d.Applies {
		parts[i] = Date(a.Date) + " (" + a.Basis + ")"
	}
	if len(parts) > 1 {
		return strings.Join(parts, " or ") + ": the sources disagree, none is settled"
	}
	return strings.Join(parts, "")
}

// Date writes an ISO date as "2 August 2026"; a value that is not one is
// kept as it is.
func Date(iso string) string {
	t, err := time.Parse("2006-01-02", iso)
	if err != nil {
		return iso
	}
	return t.Format("2 January 2006")
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
