package compliance

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/mcp-comply/mcp-comply/hardening"
	"github.com/mcp-comply/mcp-comply/internal/project"
)

// The MCP hardening checklist: each item collects the findings of its
// checks; an item with a finding of low severity or worse fails.
var checklist = []struct{ id, title string }{
	{"authentication", "Authentication"},
	{"key-hygiene", "API-key hygiene"},
	{"least-privilege", "Least privilege"},
	{"tool-poisoning", "Tool poisoning"},
	{"rug-pulls", "Rug pulls and pinning"},
	{"shadowing", "Defence against shadowing"},
	{"human-in-the-loop", "Human in the loop"},
	{"transport", "Transport"},
}

// hardeningCheck is the judgement of one kind of fact: its checklist item,
// rule, severity and remediation.
type hardeningCheck struct {
	item, rule  string
	severity    Severity
	title       string
	remediation string
}

var transportChecks = map[string]hardeningCheck{
	"no-credentials": {"authentication", "hardening/auth-missing", High, "Remote MCP server without authentication",
		"Send credentials from the environment (an Authorization header with ${VAR}, bearer_token_env_var) or use the server's OAuth flow; treat an open MCP endpoint like an open database port."},
	"plain-http": {"authentication", "hardening/plain-http", High, "Remote MCP server over plain HTTP",
		"Use https:// for every MCP server that is not on this machine."},
	"token-in-query": {"authentication", "hardening/token-in-query", High, "Token in an MCP server URL's query string",
		"Send the token in an Authorization header, never in the URL (the MCP specification forbids tokens in query strings); rotate the one in the URL."},
	"listen-all-interfaces": {"authentication", "hardening/listen-all-interfaces", High, "MCP server listens on every interface without authentication",
		"Bind to 127.0.0.1 for local use, or put authentication in front of the server before exposing it."},
	"deprecated-sse": {"transport", "hardening/deprecated-sse", Medium, "Standalone HTTP+SSE transport",
		"Move to Streamable HTTP: standalone SSE is deprecated since the MCP specification of 2025-03-26."},
	"non-mcp-path": {"transport", "hardening/non-mcp-path", Info, "MCP endpoint on a path other than /mcp",
		"Nothing to change: /mcp is the specification's example, not a requirement."},
	"localhost-protection-off": {"transport", "hardening/localhost-protection-off", High, "DNS-rebinding protection switched off",
		"Remove DisableLocalhostProtection: true; it lets web pages reach a local MCP server through DNS rebinding."},
	"no-origin-check": {"transport", "hardening/no-origin-check", Medium, "MCP server does not validate Origin",
		"Wrap the handler with http.NewCrossOriginProtection (or check the Origin header): the specification says servers must validate Origin."},
}

var privilegeSeverity = map[string]Severity{
	"filesystem-root": High, "pipe-to-shell": High, "sudo": High, "rm-rf": High, "eval": High,
	"docker-privileged": High, "docker-host-mount": High, "docker-socket": Critical, "docker-host-namespace": High,
	"shell-command": Medium, "inline-code": Medium, "docker-cap-add": Medium, "broad-scope": Medium,
}

var shadowingSeverity = map[string]Severity{
	"names-other-tool": High, "global-instruction": High, "redirect-address": Critical,
	"name-collision": Medium, "mixed-trust": Medium,
}

func init() {
	for _, c := range transportChecks {
		rule(c.rule, AreaHardening, c.title, c.title+". "+c.remediation)
	}
	for id, title := range map[string]string{
		"hardening/secret":                   "Literal secret in a committed file",
		"hardening/secret-in-history":        "Secret removed from the tree but still in git history",
		"hardening/env-not-ignored":          ".env file not ignored by git",
		"hardening/excess-privilege":         "MCP server launched with more privilege than it needs",
		"hardening/tool-without-annotations": "Tool declares no annotations",
		"hardening/tool-poisoning":           "Tool description carries prompt-injection indicators",
		"hardening/unpinned-launcher":        "MCP server launched without a pinned version",
		"hardening/tool-drift":               "Tool definitions differ from the committed lockfile",
		"hardening/no-lockfile":              "No tool-pin lockfile",
		"hardening/shadowing":                "Tool description reaches beyond its own server",
		"hardening/auto-approve":             "Destructive or open-world tools run without confirmation",
	} {
		rule(id, AreaHardening, title, hardeningHelp[id])
	}
}

var hardeningHelp = map[string]string{
	"hardening/secret":                   "A credential is written in a config, a .env file that git tracks, or source code. Anyone with the repository can use it. Move it to the environment or a secret store and rotate it.",
	"hardening/secret-in-history":        "A credential was committed and later removed: it stays in the repository's history, so removing it did not revoke it. Rotate it.",
	"hardening/env-not-ignored":          "A .env file is present or loaded by a config but not covered by .gitignore, so its secrets can be committed.",
	"hardening/excess-privilege":         "The launch gives the server more reach than its job needs: a filesystem server rooted at / or a home directory, a shell command, sudo, a privileged container or host mounts, broad OAuth scopes.",
	"hardening/tool-without-annotations": "A tool declares no readOnlyHint / destructiveHint; clients then treat it as destructive and open-world by the specification's defaults, and cannot tell safe calls from risky ones.",
	"hardening/tool-poisoning":           "A description of a tool, parameter, prompt, resource or the server's instructions carries text aimed at the model rather than the user: hidden instructions, concealment, sensitive paths, exfiltration parameters, hidden Unicode. Word-list hits alone rate low; combinations rate high.",
	"hardening/unpinned-launcher":        "npx / uvx / docker run without an exact version runs whatever is published next: a rug pull needs only a new release.",
	"hardening/tool-drift":               "A tool's definition (name, description, schema, annotations) or the server's instructions no longer match the hashes in the committed lockfile: review the change before trusting it, then run mcp-comply pin.",
	"hardening/no-lockfile":              "The project has MCP tools but no mcp-lock.json pinning their definitions, so a changed description would go unnoticed.",
	"hardening/shadowing":                "A description names another server's tools, gives instructions for other tools, redirects mail or data, or two servers define the same tool name: one server can steer calls meant for another.",
	"hardening/auto-approve":             "A config auto-approves tools that are destructive or open-world (or high-risk by name), so no person confirms the call.",
}

// judgeHardening turns the hardening facts into the checklist, its
// findings and the server list.
func judgeHardening(r *Report, res *hardening.Result) {
	var fs []Finding
	itemOf := map[string]string{} // finding fingerprint → checklist item
	add := func(item, rule string, sev Severity, subject, title, detail, fix string, ev ...hardening.Evidence) {
		f := Finding{Rule: rule, Area: AreaHardening, Severity: sev, Subject: subject, Title: title, Detail: detail,
			Remediation: fix, Evidence: hEvidence(ev...)}
		f.Fingerprint = fingerprint(rule, subject)
		fs = append(fs, f)
		itemOf[f.Fingerprint] = item
	}

	for _, t := range res.Transport {
		c, ok := transportChecks[t.Kind]
		if !ok || t.Kind == "listen-all-interfaces" && t.Auth {
			continue
		}
		sev := c.severity
		if t.Loopback && (t.Kind == "no-credentials" || t.Kind == "plain-http") {
			sev = Low // on this machine: only local processes reach it
		}
		add(c.item, c.rule, sev, t.ID, c.title+": "+serverName(t.Server, t.Client), t.Detail, c.remediation, t.Evidence)
	}

	ignored := map[string]bool{}
	for _, e := range res.EnvFiles {
		ignored[e.Path] = e.Ignored
		if e.Ignored {
			continue
		}
		ev := e.References
		if e.Present {
			ev = append([]hardening.Evidence{{Position: project.Position{File: e.Path}}}, ev...)
		}
		sev := Medium
		if e.Present {
			sev = High
		}
		add("key-hygiene", "hardening/env-not-ignored", sev, "env:"+e.Path, e.Path+" is not ignored by git",
			"Secrets kept in it can be committed with the next `git add`.", "Add "+e.Path+" to .gitignore (and keep a .env.example without values).", ev...)
	}
	for _, s := range res.Secrets {
		if s.Where == "env-file" && ignored[s.File] {
			continue // a local, ignored .env is where secrets belong
		}
		if s.Removed {
			add("key-hygiene", "hardening/secret-in-history", High, s.ID,
				fmt.Sprintf("%s removed from the tree but still in git history (%s)", s.Description, s.Redacted),
				"Added in commit "+shortHash(s.Commit)+"; hash "+s.Hash+".",
				"Rotate the credential: it stays readable in the repository's history.", s.Evidence)
			continue
		}
		sev := Critical
		if s.Rule == "generic-high-entropy" {
			sev = Medium
		}
		where := s.Key
		if s.Server != "" {
			where = serverName(s.Server, s.Client) + " " + where
		}
		add("key-hygiene", "hardening/secret", sev, s.ID,
			fmt.Sprintf("%s written in %s (%s)", s.Description, s.File, s.Redacted),
			strings.TrimSpace(where+" holds a literal credential; hash "+s.Hash+"."),
			"Move it to the environment or a secret store (reference it as ${VAR} / ${env:VAR} / ${input:…} in the config) and rotate it.", s.Evidence)
	}

	for _, p := range res.Privileges {
		add("least-privilege", "hardening/excess-privilege", cmp.Or(privilegeSeverity[p.Kind], Medium), p.ID,
			serverName(p.Server, p.Client)+": "+p.Kind, p.Detail,
			"Give the server only what its job needs: a project directory instead of / or ~, no shell, no sudo, no privileged containers or host mounts, the narrowest OAuth scopes.", p.Evidence)
	}
	for _, t := range res.Tools {
		if !t.Annotated {
			add("least-privilege", "hardening/tool-without-annotations", Low, "annotations:"+t.Server+"/"+t.Tool,
				t.Server+"/"+t.Tool+" declares no annotations",
				"Without readOnlyHint / destructiveHint the specification's defaults make it destructive and open-world.",
				"Declare readOnlyHint, destructiveHint and openWorldHint on the tool.", t.Evidence)
		}
	}

	poisoning(res.Indicators, add)

	for _, u := range res.Unpinned {
		sev := Medium
		if u.Reason == "range" || u.Reason == "ref" {
			sev = Low
		}
		l := u.Launcher
		add("rug-pulls", "hardening/unpinned-launcher", sev, u.ID,
			fmt.Sprintf("%s: %s %s is not pinned (%s)", serverName(u.Server, u.Client), l.Runner, l.Package, u.Reason),
			"Each start may run a newly published version.",
			"Pin an exact version (npx pkg@1.2.3, uvx pkg==1.2.3, image:tag@sha256:…).", u.Evidence)
	}
	for _, d := range res.Drift {
		sev, fix := High, "Review the changed definition; if it is what you expect, run mcp-comply pin to record it."
		switch d.Kind {
		case hardening.DriftAdded:
			sev = Medium
		case hardening.DriftRemoved:
			sev = Low
		case hardening.DriftNotCompared:
			sev, fix = Info, "Nothing to change: this server was pinned live and cannot be read from source."
		}
		what := d.Server
		if d.Tool != "" {
			what += "/" + d.Tool
		}
		add("rug-pulls", "hardening/tool-drift", sev, d.ID, fmt.Sprintf("%s %s: %s since the lockfile", d.What, what, d.Kind),
			strings.TrimSpace(fmt.Sprintf("locked %s, now %s", cmp.Or(d.Locked, "nothing"), cmp.Or(d.Current, "nothing"))), fix, d.Evidence)
	}
	if pinnable := pinnableServers(res.Pins); res.Lock == nil && pinnable > 0 {
		add("rug-pulls", "hardening/no-lockfile", Low, "lockfile", "No mcp-lock.json pins the project's MCP tools",
			fmt.Sprintf("%d server(s) with tools or instructions can be read from source, and nothing records their definitions.", pinnable),
			"Run mcp-comply pin and commit mcp-lock.json.")
	}

	for _, s := range res.Shadowing {
		subject := s.Server
		if s.Tool != "" {
			subject += "/" + s.Tool
		}
		add("shadowing", "hardening/shadowing", cmp.Or(shadowingSeverity[s.Kind], Medium), s.ID,
			fmt.Sprintf("%s: %s", cmp.Or(subject, s.Config), s.Kind), strings.TrimSpace(s.Detail+" "+strings.Join(s.Others, ", ")),
			"Keep each server's descriptions about its own tools; run sensitive servers (payments, email, files) in a config of their own, without unverified servers.", s.Evidence)
	}

	for _, a := range res.Approvals {
		var risky []string
		for _, t := range a.Covered {
			if t.Destructive || t.OpenWorld || len(t.HighRisk) > 0 {
				risky = append(risky, t.Tool)
			}
		}
		allTools := slices.Contains(a.Tools, "*") || a.Server == "*" || a.Mechanism == "trust"
		if len(risky) == 0 && !allTools {
			continue
		}
		sev := High
		if len(risky) == 0 {
			sev = Medium // everything approved, but no tool known to be risky
		}
		detail := "Approved by " + a.Mechanism
		if a.Value != "" {
			detail += " = " + a.Value
		}
		if len(risky) > 0 {
			detail += "; destructive, open-world or high-risk tools: " + strings.Join(risky, ", ")
		}
		add("human-in-the-loop", "hardening/auto-approve", sev, a.ID,
			fmt.Sprintf("%s: tool calls run without confirmation", serverName(a.Server, a.Client)), detail+".",
			"Auto-approve only read-only tools; keep a person in the loop for destructive and open-world ones.", a.Evidence)
	}

	r.Findings = append(r.Findings, fs...)
	r.Hardening = &Hardening{Checks: checks(res, fs, itemOf), Servers: servers(res)}
}

// poisoning rates the indicators of each description together: a word-list
// hit alone is weak evidence, hidden text or several kinds of indicator in
// one description are strong.
func poisoning(inds []hardening.Indicator, add func(item, rule string, sev Severity, subject, title, detail, fix string, ev ...hardening.Evidence)) {
	type group struct {
		cats     []string
		patterns int
		hidden   bool
		ind      []hardening.Indicator
	}
	var order []string
	groups := map[string]*group{}
	for _, in := range inds {
		k := strings.Join([]string{in.Server, in.Subject, in.Tool, in.Name}, "\x00")
		g, ok := groups[k]
		if !ok {
			g = &group{}
			groups[k] = g
			order = append(order, k)
		}
		if !slices.Contains(g.cats, in.Category) {
			g.cats = append(g.cats, in.Category)
		}
		if in.Class == "pattern" {
			g.patterns++
		}
		g.hidden = g.hidden || in.Category == "hidden-text"
		g.ind = append(g.ind, in)
	}
	for _, k := range order {
		g := groups[k]
		first := g.ind[0]
		sev := Low
		switch {
		case len(g.cats) >= 3:
			sev = Critical
		case len(g.cats) == 2 || g.hidden:
			sev = High
		case g.patterns > 0:
			sev = Medium
		}
		where := first.Server + " " + first.Subject
		if first.Tool != "" {
			where += " " + first.Tool
		}
		if first.Name != "" {
			where += "." + first.Name
		}
		var matches []string
		var ev []hardening.Evidence
		for _, in := range g.ind {
			m := in.Rule + ": " + in.Match
			if in.Decoded != "" {
				m += " (decodes to " + in.Decoded + ")"
			}
			matches = append(matches, m)
			ev = append(ev, in.Evidence)
		}
		add("tool-poisoning", "hardening/tool-poisoning", sev, "poisoning:"+k, where+": "+strings.Join(g.cats, ", "),
			"Indicators: "+strings.Join(matches, "; ")+".",
			"Read the description as the model would; remove instructions aimed at the model, hidden text and sensitive paths, or do not run this server.", ev...)
	}
}

// checks builds the checklist from the findings and what there was to check.
func checks(res *hardening.Result, fs []Finding, itemOf map[string]string) []Check {
	remote, servers := false, len(res.Sources) > 0
	for _, c := range res.Configs {
		for _, s := range c.Servers {
			servers = true
			remote = remote || s.URL != ""
		}
	}
	var listens bool
	for _, s := range res.Sources {
		listens = listens || len(s.Listens) > 0 || len(s.Transports) > 0
	}
	applies := map[string]bool{
		"authentication": remote || listens, "key-hygiene": true, "least-privilege": servers,
		"tool-poisoning": len(res.Tools) > 0 || len(res.Sources) > 0, "rug-pulls": servers,
		"shadowing": servers, "human-in-the-loop": servers, "transport": servers,
	}
	var out []Check
	for _, item := range checklist {
		c := Check{ID: item.id, Title: item.title, Status: "pass"}
		worst := Info
		for _, f := range fs {
			if itemOf[f.Fingerprint] != item.id {
				continue
			}
			c.Findings = append(c.Findings, f.Fingerprint)
			if f.Severity.Rank() > worst.Rank() {
				worst = f.Severity
			}
		}
		slices.Sort(c.Findings)
		switch {
		case worst.Rank() >= Low.Rank():
			c.Status = "fail"
			c.Summary = fmt.Sprintf("%d finding(s), the worst %s", len(c.Findings), worst)
		case !applies[item.id]:
			c.Status = "not-applicable"
			c.Summary = "nothing in the project to check"
		case len(c.Findings) > 0:
			c.Summary = fmt.Sprintf("passed, with %d note(s)", len(c.Findings))
		default:
			c.Summary = "passed"
		}
		out = append(out, c)
	}
	return out
}

// servers lists the MCP servers of the configs and the project's sources.
func servers(res *hardening.Result) []MCPServer {
	tools := map[string]int{}
	for _, t := range res.Tools {
		tools[t.Server]++
	}
	var out []MCPServer
	for _, c := range res.Configs {
		for _, s := range c.Servers {
			m := MCPServer{Name: s.Name, Client: s.Client, Transport: s.Transport, Tools: tools[s.Name], Position: position(s.Position)}
			switch l := s.Launcher; {
			case l != nil:
				m.Launch = l.Runner + " " + l.Package
				if l.Version != "" {
					m.Launch += "@" + l.Version
				}
				m.Pinned = &l.Pinned
			case s.URL != "":
				m.Launch = redactQuery(s.URL)
			default:
				m.Launch = s.Command
			}
			out = append(out, m)
		}
	}
	for _, s := range res.Sources {
		m := MCPServer{Name: s.Name, Client: "source (" + s.Language + ")", Tools: len(s.Tools), Position: position(s.Position)}
		for _, t := range s.Transports {
			m.Transport = t.Transport
		}
		out = append(out, m)
	}
	if out == nil {
		out = []MCPServer{}
	}
	slices.SortFunc(out, func(a, b MCPServer) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Name, b.Name))
	})
	return out
}

// pinnableServers counts the servers whose definitions a lockfile would hold.
func pinnableServers(l hardening.Lockfile) int {
	n := 0
	for _, s := range l.Servers {
		if len(s.Tools) > 0 || s.Instructions != "" {
			n++
		}
	}
	return n
}

func serverName(server, client string) string {
	if client == "" {
		return server
	}
	return server + " (" + client + ")"
}

// redactQuery drops a URL's query, where tokens hide.
func redactQuery(u string) string {
	if i := strings.IndexByte(u, '?'); i >= 0 {
		return u[:i] + "?…"
	}
	return u
}

func shortHash(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

func hEvidence(es ...hardening.Evidence) []Evidence {
	out := make([]Evidence, 0, len(es))
	for _, e := range es {
		if e.File == "" {
			continue
		}
		out = append(out, Evidence{Position: position(e.Position), Excerpt: e.Excerpt})
	}
	return out
}
