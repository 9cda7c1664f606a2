package reports

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/reports/internal/view"
)

// Text writes the report for a person at a terminal: verdicts first, then
// engines, findings, the components that are not plainly permissive, and
// warnings. Permissive components are counted, not listed; the json format
// has them all.
type Text struct {
	Color bool
}

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
	ansiBlue   = "\x1b[34m"
	ansiMag    = "\x1b[35m"
	ansiCyan   = "\x1b[36m"
	ansiDim    = "\x1b[2m"
)

func (t Text) paint(code, s string) string {
	if !t.Color {
		return s
	}
	return code + s + ansiReset
}

func (t Text) verdict(v compliance.Verdict) string {
	label := fmt.Sprintf("%-11s", strings.ToUpper(string(v)))
	switch v {
	case compliance.Allowed:
		return t.paint(ansiGreen, label)
	case compliance.Conditional:
		return t.paint(ansiYellow, label)
	case compliance.Prohibited:
		return t.paint(ansiBold+ansiRed, label)
	}
	return t.paint(ansiMag, label)
}

func (t Text) severity(s compliance.Severity) string {
	label := fmt.Sprintf("%-8s", strings.ToUpper(string(s)))
	switch s {
	case compliance.Critical:
		return t.paint(ansiBold+ansiRed, label)
	case compliance.High:
		return t.paint(ansiRed, label)
	case compliance.Medium:
		return t.paint(ansiYellow, label)
	case compliance.Low:
		return t.paint(ansiCyan, label)
	}
	return t.paint(ansiDim, label)
}

func (t Text) heading(s string) string { return t.paint(ansiBold+ansiBlue, s) }

// Format writes the report.
func (t Text) Format(w io.Writer, r *compliance.Report) error {
	b := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }

	src := r.Inputs.Source
	what := Clean(src.Path, 120)
	if src.Kind == "git" {
		what += fmt.Sprintf(" at %s (%s)", Clean(src.Revision, 60), shortHash(src.Commit))
	}
	p("%s %s — %s\n", Clean(r.Tool.Name, 40), Clean(r.Tool.Version, 40), what)
	uses := make([]string, len(r.Inputs.Uses))
	for i, u := range r.Inputs.Uses {
		uses[i] = string(u)
	}
	p("intended uses: %s · market: %s\n", Clean(strings.Join(uses, ", "), 120), Clean(string(r.Inputs.Market), 20))

	p("\n%s\n", t.heading("MAY WE SELL IT THIS WAY?"))
	for _, v := range r.Verdicts {
		p("  %-11s %s %s\n", Clean(string(v.Use), 20), t.verdict(v.Verdict), Clean(v.Reason, 160))
	}

	t.residency(b, r)
	t.hardening(b, r)

	for _, kind := range []string{"engine", "service"} {
		var list []compliance.EngineUse
		for _, e := range r.Inventory.Engines {
			if e.Kind == kind {
				list = append(list, e)
			}
		}
		if len(list) == 0 {
			continue
		}
		p("\n%s\n", t.heading(map[string]string{"engine": "ENGINES", "service": "SERVICES"}[kind]))
		for _, e := range list {
			version := e.Version
			if version == "" {
				version = "version unknown"
			}
			p("  %s %s — %s (%s), %d component(s)\n", Clean(e.Name, 60), Clean(version, 40), Clean(e.License, 80), Clean(string(e.Method), 20), e.Components)
			for _, s := range e.Scopes {
				p("    %s: %d file(s) under %s", Clean(s.Match, 60), s.Files, Clean(s.Expression, 80))
				if len(s.Examples) > 0 {
					p(", e.g. %s", Clean(s.Examples[0], 100))
				}
				p("\n")
			}
			for _, n := range e.Notes {
				p("    note: %s\n", Clean(n, 300))
			}
		}
	}

	counts := make([]string, 0, len(compliance.Severities))
	for _, s := range compliance.Severities {
		if n := r.Summary.Findings[s]; n > 0 {
			counts = append(counts, fmt.Sprintf("%d %s", n, s))
		}
	}
	p("\n%s", t.heading(fmt.Sprintf("FINDINGS (%d)", len(r.Findings))))
	if len(counts) > 0 {
		p(" %s", strings.Join(counts, ", "))
	}
	p("\n")
	if len(r.Findings) == 0 {
		p("  none\n")
	}
	for _, f := range r.Findings {
		p("  %s %s\n", t.severity(f.Severity), Clean(f.Title, 200))
		p("           %s  %s\n", t.paint(ansiDim, Clean(f.Rule, 80)), t.paint(ansiDim, Clean(f.Fingerprint, 20)))
		if f.Detail != "" {
			p("           %s\n", Clean(f.Detail, 400))
		}
		for _, e := range f.Evidence {
			line := "at " + Clean(e.Position.String(), 160)
			if e.Excerpt != "" {
				line += ": " + Clean(e.Excerpt, 120)
			}
			p("           %s\n", line)
		}
		if f.Remediation != "" {
			p("           fix: %s\n", Clean(f.Remediation, 400))
		}
	}

	t.components(b, r)

	if len(r.Warnings) > 0 {
		p("\n%s\n", t.heading(fmt.Sprintf("WARNINGS (%d): inputs not fully read; the scan went on", len(r.Warnings))))
		for _, w := range r.Warnings {
			p("  %s\n", Clean(w.String(), 300))
		}
	}
	return b.Flush()
}

// components lists every component that is not plainly permissive.
func (t Text) components(b *bufio.Writer, r *compliance.Report) {
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	var cats []string
	for _, c := range compliance.Categories {
		if n := r.Summary.Categories[c]; n > 0 {
			cats = append(cats, fmt.Sprintf("%d %s", n, c))
		}
	}
	p("\n%s %s\n", t.heading(fmt.Sprintf("COMPONENTS (%d)", r.Summary.Components)), strings.Join(cats, ", "))
	listed := 0
	for _, c := range r.Inventory.Components {
		if c.Category == compliance.Permissive && c.License.Known() {
			continue
		}
		listed++
		lic := c.License.Expression
		if lic == "" {
			lic = "unknown"
		}
		flags := []string{string(c.Role)}
		if c.Dev {
			flags = append(flags, "dev")
		}
		if c.Engine != "" {
			flags = append(flags, "engine "+c.Engine)
		}
		name := c.Name
		if c.Version != "" {
			name += "@" + c.Version
		}
		p("  %-9s %-44s %-28s %-16s %s\n", Clean(string(c.Ecosystem), 20), Clean(name, 44), Clean(lic, 28), Clean(string(c.Category), 20), Clean(strings.Join(flags, ", "), 120))
		for _, u := range r.Inputs.Uses {
			a := c.Uses[u]
			if a.Verdict == compliance.Allowed {
				continue
			}
			line := fmt.Sprintf("%s: %s", u, a.Verdict)
			if a.Obligation != "" {
				line += " — " + a.Obligation
			}
			if a.Reason != "" {
				line += " — " + a.Reason
			}
			p("            %s\n", Clean(line, 220))
		}
	}
	if rest := r.Summary.Components - listed; rest > 0 {
		p("  … and %d permissive component(s) not listed (--format json lists all)\n", rest)
	}
}

func shortHash(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// tone paints a label by how good it is.
func (t Text) tone(tone view.Tone, label string) string {
	switch tone {
	case view.Good:
		return t.paint(ansiGreen, label)
	case view.Caution:
		return t.paint(ansiYellow, label)
	case view.Bad:
		return t.paint(ansiBold+ansiRed, label)
	}
	return t.paint(ansiMag, label)
}

// residency writes where the data goes: the verdict, then every endpoint
// from the worst guarantee to the best, hosting and encryption.
func (t Text) residency(b *bufio.Writer, r *compliance.Report) {
	res := r.Residency
	if res == nil {
		return
	}
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	p("\n%s\n", t.heading("WHERE DOES OUR DATA GO?"))
	m := view.ResidencyFor(r)
	p("  %s: %s — %s\n", m.Label, t.tone(m.Tone, strings.ToUpper(m.Verdict)), Clean(m.Reason, 200))
	for i := len(compliance.Guarantees) - 1; i >= 0; i-- {
		g := compliance.Guarantees[i]
		for _, e := range res.Endpoints {
			if e.Guarantee != g {
				continue
			}
			name := view.EndpointName(&e)
			p("  %s %-58s %s → %s, %s\n", t.tone(view.GuaranteeTone(g), fmt.Sprintf("%-20s", Clean(view.GuaranteeLabel(g), 20))),
				Clean(name, 58), Clean(e.Processing, 24), Clean(e.Storage, 24), Clean(e.Jurisdiction, 10))
		}
	}
	for _, h := range res.Hosting {
		p("  hosting: %s %s (%s)\n", Clean(h.Platform, 20), Clean(h.Region, 30), Clean(h.Geography, 40))
	}
	if n := len(res.Encryption); n > 0 {
		p("  encryption: %d setting(s) leave data unprotected (see the findings)\n", n)
	}
}

// hardening writes the MCP checklist, one line an item.
func (t Text) hardening(b *bufio.Writer, r *compliance.Report) {
	h := r.Hardening
	if h == nil {
		return
	}
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	p("\n%s %s\n", t.heading("IS OUR MCP WIRING SAFE?"), view.Checklist(h.Counts))
	for _, c := range h.Checks {
		p("  %s %-26s %s\n", t.tone(view.StatusTone(c.Status), fmt.Sprintf("%-14s", strings.ToUpper(Clean(c.Status, 14)))),
			Clean(c.Title, 40), Clean(c.Summary, 120))
	}
	if len(h.Servers) > 0 {
		p("  servers: %d, %d launched without a pinned version\n", len(h.Servers), h.Unpinned)
	}
	if n := len(r.Attestations); n > 0 {
		p("  attestations to confirm: %d (listed in the pdf and json formats)\n", n)
	}
}
