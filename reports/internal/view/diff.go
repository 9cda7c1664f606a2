package view

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/mcp-comply/mcp-comply/compliance"
)

// The wording of a diff (mcp-comply diff) that the text and Markdown
// formats share: every value is the Diff's, only put into words here.

// DiffLine names the two revisions compared: "support-bot at v1
// (93067bf0091d) → v2 (f667c77c3eef)".
func DiffLine(d *compliance.Diff) string {
	rev := func(s compliance.SourceInfo) string {
		out := cmp.Or(s.Revision, "HEAD")
		if s.Commit != "" {
			out += " (" + s.Commit[:min(12, len(s.Commit))] + ")"
		}
		return out
	}
	return cmp.Or(d.New.Path, d.Old.Path) + " at " + rev(d.Old) + " → " + rev(d.New)
}

// DiffSummary says what changed in one line: "18 changes: 4 verdicts
// worse, 1 licensing rug pull, …", or that nothing did.
func DiffSummary(d *compliance.Diff) string {
	s := d.Summary
	if s.Changes == 0 {
		return "no changes: both revisions report the same"
	}
	var parts []string
	add := func(n int, one, many string) {
		if n == 1 {
			parts = append(parts, "1 "+one)
		} else if n > 1 {
			parts = append(parts, fmt.Sprintf("%d %s", n, many))
		}
	}
	add(s.WorseVerdicts, "verdict worse", "verdicts worse")
	add(s.RugPulls, "licensing rug pull", "licensing rug pulls")
	if d.Residency != nil && d.Residency.Worse {
		parts = append(parts, "residency worse")
	}
	add(s.FailingChecks, "checklist item now failing", "checklist items now failing")
	add(s.ToolChanges, "tool definition changed", "tool definitions changed")
	newFindings := 0
	for _, n := range s.NewFindings {
		newFindings += n
	}
	if newFindings > 0 {
		parts = append(parts, fmt.Sprintf("%d new finding(s) (%s)", newFindings, Counts(s.NewFindings)))
	}
	add(s.FixedFindings, "finding fixed", "findings fixed")
	add(s.FixedChecks, "checklist item fixed", "checklist items fixed")
	head := fmt.Sprintf("%d changes", s.Changes)
	if s.Changes == 1 {
		head = "1 change"
	}
	if len(parts) == 0 {
		return head
	}
	return head + ": " + strings.Join(parts, ", ")
}

// ComponentChangeCounts is "1 relicensed, 1 added, 1 removed".
func ComponentChangeCounts(d *compliance.Diff) string {
	var parts []string
	for _, c := range []compliance.Change{compliance.Relicensed, compliance.Added, compliance.Removed, compliance.Updated} {
		if n := d.Summary.Components[c]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, c))
		}
	}
	return strings.Join(parts, ", ")
}

// ComponentChangeLine is "fastcache 2.0.0 Apache-2.0 (permissive) → 2.1.0
// BUSL-1.1 (source-available)" for a component in both revisions, "zod
// 3.23.8 MIT (permissive)" for one in either, then its role when it is not
// a library and "dev" for a development dependency.
func ComponentChangeLine(c *compliance.ComponentChange) string {
	state := func(s *compliance.ComponentState, name bool) string {
		var parts []string
		if name {
			parts = append(parts, c.Name)
		}
		if s.Version != "" {
			parts = append(parts, s.Version)
		}
		parts = append(parts, cmp.Or(s.License, "licence unknown")+" ("+string(s.Category)+")")
		return strings.Join(parts, " ")
	}
	var out string
	switch {
	case c.Old != nil && c.New != nil:
		out = state(c.Old, true) + " → " + state(c.New, false)
	case c.New != nil:
		out = state(c.New, true)
	default:
		out = state(c.Old, true)
	}
	if c.Role != compliance.RoleLibrary {
		out += ", " + string(c.Role)
	}
	if c.Dev {
		out += ", dev"
	}
	return out
}

// VerdictChanges is "internal, saas: allowed → unknown; distribute:
// allowed → conditional": the uses that changed alike share a clause.
func VerdictChanges(vs []compliance.VerdictChange) string {
	var order []string
	by := map[string][]string{}
	for _, v := range vs {
		k := string(v.Old) + " → " + string(v.New)
		if _, ok := by[k]; !ok {
			order = append(order, k)
		}
		by[k] = append(by[k], string(v.Use))
	}
	parts := make([]string, len(order))
	for i, k := range order {
		parts[i] = strings.Join(by[k], ", ") + ": " + k
	}
	return strings.Join(parts, "; ")
}

// EndpointChangeName is "OpenAI (llm)".
func EndpointChangeName(e *compliance.EndpointChange) string {
	return cmp.Or(e.ProviderName, e.Provider) + " (" + e.Kind + ")"
}

// EndpointChangeLine says where an endpoint is and what it guarantees, in
// each revision it is in: "eu.api.openai.com, EU processing →
// api.openai.com, global, unspecified — agent.py:4:10".
func EndpointChangeLine(e *compliance.EndpointChange) string {
	state := func(s *compliance.EndpointState) string {
		var where []string
		for _, w := range []string{s.Host, s.Region, s.Model} {
			if w != "" {
				where = append(where, w)
			}
		}
		if len(where) == 0 {
			where = append(where, "no host")
		}
		return strings.Join(where, " ") + ", " + GuaranteeLabel(s.Guarantee)
	}
	switch {
	case e.Old != nil && e.New != nil && e.Change == compliance.Changed:
		var what []string
		for _, f := range []struct{ name, old, new string }{
			{"guarantee", GuaranteeLabel(e.Old.Guarantee), GuaranteeLabel(e.New.Guarantee)},
			{"processing", e.Old.Processing, e.New.Processing}, {"storage", e.Old.Storage, e.New.Storage},
			{"jurisdiction", e.Old.Jurisdiction, e.New.Jurisdiction}, {"transfer basis", e.Old.TransferBasis, e.New.TransferBasis},
		} {
			if f.old != f.new {
				what = append(what, f.name+" "+f.old+" → "+f.new)
			}
		}
		return state(e.New) + ": " + strings.Join(what, "; ") + at(e.New.Position)
	case e.Old != nil && e.New != nil:
		return state(e.Old) + " → " + state(e.New) + at(e.New.Position)
	case e.New != nil:
		return state(e.New) + at(e.New.Position)
	}
	return state(e.Old) + at(e.Old.Position)
}

func at(p compliance.Position) string {
	if p.File == "" {
		return ""
	}
	return " — " + p.String()
}

var checkChanges = map[compliance.Change]string{compliance.Failing: "NOW FAILING", compliance.Fixed: "FIXED"}

// CheckChangeLabel names how a checklist item changed: "NOW FAILING",
// "FIXED", "CHANGED".
func CheckChangeLabel(c compliance.Change) string { return Lookup(checkChanges, c, "CHANGED") }

// ServerName is "github (claude-code)".
func ServerName(name, client string) string {
	if client == "" {
		return name
	}
	return name + " (" + client + ")"
}

// ServerChangeLines say what changed of an MCP server, a line each: its
// launch, pinning, transport, tool count, each tool definition and its
// instructions; for a server added or removed, what it is.
func ServerChangeLines(s *compliance.ServerChange) []string {
	var out []string
	if s.Old == nil || s.New == nil {
		st := cmp.Or(s.New, s.Old)
		if st.Launch != "" {
			out = append(out, "launch: "+st.Launch)
		}
		if st.Transport != "" {
			out = append(out, "transport: "+st.Transport)
		}
		out = append(out, fmt.Sprintf("tools: %d", st.Tools))
		if st.File != "" {
			out = append(out, "at "+st.Position.String())
		}
		return out
	}
	o, n := s.Old, s.New
	if o.Launch != n.Launch {
		out = append(out, "launch: "+cmp.Or(o.Launch, "none")+" → "+cmp.Or(n.Launch, "none"))
	}
	if p, q := pinned(o.Pinned), pinned(n.Pinned); p != q {
		out = append(out, "pinned: "+p+" → "+q)
	}
	if o.Transport != n.Transport {
		out = append(out, "transport: "+cmp.Or(o.Transport, "none")+" → "+cmp.Or(n.Transport, "none"))
	}
	if o.Tools != n.Tools {
		out = append(out, fmt.Sprintf("tools: %d → %d", o.Tools, n.Tools))
	}
	for _, t := range s.Tools {
		switch t.Change {
		case compliance.Added:
			out = append(out, "tool added: "+t.Name+" ("+short(t.New)+")")
		case compliance.Removed:
			out = append(out, "tool removed: "+t.Name+" ("+short(t.Old)+")")
		default:
			out = append(out, "tool definition changed: "+t.Name+" ("+short(t.Old)+" → "+short(t.New)+")")
		}
	}
	if s.Instructions != "" {
		out = append(out, "instructions "+string(s.Instructions))
	}
	return out
}

func pinned(p *bool) string {
	switch {
	case p == nil:
		return "n/a"
	case *p:
		return "yes"
	}
	return "no"
}

func short(h string) string { return h[:min(12, len(h))] }
