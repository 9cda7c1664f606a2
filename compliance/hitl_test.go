package compliance

import (
	"strings"
	"testing"

	"github.com/mcp-comply/mcp-comply/hardening"
	"github.com/mcp-comply/mcp-comply/internal/project"
)

// Auto-approving a read-only tool is no finding; auto-approving a
// destructive one is high. A tool that acts without destructiveHint or a
// confirmation step fails the item; one that declares destructiveHint
// does not.
func TestHumanInTheLoop(t *testing.T) {
	at := hardening.Evidence{Position: project.Position{File: ".cline/mcp.json", Line: 3}}
	read := hardening.ToolRisk{Server: "docs", Tool: "search_docs", ReadOnly: true, OpenWorld: true, Annotated: true, Acts: []string{"run"}}
	del := hardening.ToolRisk{Server: "fs", Tool: "delete_file", Destructive: true, OpenWorld: true, Annotated: true,
		HighRisk: []string{"delete"}, Acts: []string{"delete"}, MarkedDestructive: true}
	send := hardening.ToolRisk{Server: "mail", Tool: "send_email", Destructive: true, OpenWorld: true,
		HighRisk: []string{"send"}, Acts: []string{"send"}}
	// a tool class whose base class computes the hints (mongodb-mcp-server)
	computed := hardening.ToolRisk{Server: "mongo", Tool: "delete-many", Destructive: true, OpenWorld: true, HintsComputed: true, Acts: []string{"delete"}}
	res := &hardening.Result{
		Tools: []hardening.ToolRisk{read, del, send, computed},
		Approvals: []hardening.AutoApproval{
			{ID: "approval:read", Client: "cline", Server: "docs", Tools: []string{"search_docs"}, Mechanism: "autoApprove", Covered: []hardening.ToolRisk{read}, Evidence: at},
			{ID: "approval:del", Client: "cline", Server: "fs", Tools: []string{"delete_file"}, Mechanism: "autoApprove", Covered: []hardening.ToolRisk{del}, Evidence: at},
		},
	}
	r := &Report{}
	judgeHardening(r, res, Policy{Market: Global})
	got := map[string]Severity{}
	for _, f := range r.Findings {
		got[f.Rule+" "+f.Subject] = f.Severity
	}
	want := map[string]Severity{
		"hardening/auto-approve approval:del":                            High,
		"hardening/unconfirmed-action hitl:mail/send_email":              Medium,
		"hardening/tool-without-annotations annotations:mail/send_email": Low,
		"hardening/unconfirmed-action hitl:mongo/delete-many":            Low, // to confirm
	}
	for k, sev := range want {
		if got[k] != sev {
			t.Errorf("%s: %q, want %s", k, got[k], sev)
		}
	}
	for _, k := range []string{"hardening/auto-approve approval:read", "hardening/unconfirmed-action hitl:fs/delete_file", "hardening/unconfirmed-action hitl:docs/search_docs",
		"hardening/tool-without-annotations annotations:mongo/delete-many"} {
		if sev, ok := got[k]; ok {
			t.Errorf("%s: a %s finding, want none", k, sev)
		}
	}
}

// A third party's server whose entry sends no credentials may sign in by
// OAuth in the client: confirm, at low. One on the project's own network
// without credentials stays high; one on this machine is low.
func TestAuthMissingVariants(t *testing.T) {
	fact := func(id string, loopback, own bool) hardening.TransportFact {
		return hardening.TransportFact{ID: id, Kind: hardening.NoCredentials, Server: id, Client: "cursor", Loopback: loopback, Own: own, Via: "config",
			Evidence: hardening.Evidence{Position: project.Position{File: ".cursor/mcp.json", Line: 2}}}
	}
	r := &Report{}
	judgeHardening(r, &hardening.Result{Transport: []hardening.TransportFact{fact("public", false, false), fact("own", false, true), fact("local", true, false)}}, Policy{Market: Global})
	got := map[string]Finding{}
	for _, f := range r.Findings {
		got[f.Subject] = f
	}
	if f := got["public"]; f.Severity != Low || f.Title != "Confirm how this MCP server authenticates: public (cursor)" {
		t.Errorf("public: %s %q", f.Severity, f.Title)
	}
	if f := got["own"]; f.Severity != High || f.Title != "Remote MCP server without authentication: own (cursor)" {
		t.Errorf("own: %s %q", f.Severity, f.Title)
	}
	if f := got["local"]; f.Severity != Low {
		t.Errorf("local: %s", f.Severity)
	}
}

// A server in the project's source whose tools were not read passes the
// tool checks only for want of tools, and the summary says so; with a tool
// read, they simply pass.
func TestChecksWithUnreadTools(t *testing.T) {
	summary := func(res *hardening.Result, id string) string {
		for _, c := range checks(res, nil) {
			if c.ID == id {
				return c.Summary
			}
		}
		return ""
	}
	res := &hardening.Result{Sources: []hardening.SourceServer{{Name: "gateway"}}}
	for _, id := range []string{"tool-poisoning", "shadowing", "human-in-the-loop"} {
		if s := summary(res, id); !strings.Contains(s, "no tool read from source") {
			t.Errorf("%s without tools: %q", id, s)
		}
	}
	if s := summary(res, "rug-pulls"); s != "passed" {
		t.Errorf("rug-pulls: %q, want passed", s)
	}
	res.Tools = []hardening.ToolRisk{{Server: "gateway", Tool: "echo"}}
	if s := summary(res, "tool-poisoning"); s != "passed" {
		t.Errorf("tool-poisoning with a tool read: %q, want passed", s)
	}
}
