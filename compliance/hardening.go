package compliance

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/mcp-comply/mcp-comply/hardening"
	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/secrets"
)

// transportRules names the rule of each transport fact kind.
var transportRules = map[string]string{
	hardening.NoCredentials: "hardening/auth-missing", hardening.PlainHTTP: "hardening/plain-http",
	hardening.TokenInQuery: "hardening/token-in-query", hardening.ListenAllInterfaces: "hardening/listen-all-interfaces",
	hardening.DeprecatedSSE: "hardening/deprecated-sse", hardening.NonMCPPath: "hardening/non-mcp-path",
	hardening.LocalhostProtectionOff: "hardening/localhost-protection-off", hardening.NoOriginCheck: "hardening/no-origin-check",
}

// judgeHardening turns the hardening facts into the checklist, its
// findings and the server list.
func judgeHardening(r *Report, res *hardening.Result, p Policy) {
	m := p.Market
	var fs []Finding
	add := func(o observation, ev ...hardening.Evidence) {
		o.evidence = hEvidence(ev...)
		if f, ok := observe(o, m); ok {
			fs = append(fs, f)
		}
	}

	for _, t := range res.Transport {
		if t.Kind == "listen-all-interfaces" && t.Auth {
			continue // an authentication helper guards it
		}
		variant, form := "", t.Via
		switch {
		case t.Loopback:
			variant = "loopback" // on this machine: only local processes reach it
		case t.Kind == hardening.NoCredentials && !t.Own:
			// A third party's server: the client may run its OAuth flow
			// (nothing to configure), or it is a public read-only server.
			variant, form = "public", "public"
		}
		rule, ok := transportRules[t.Kind]
		if !ok {
			rule = "hardening/transport-" + t.Kind // no rule: observe says so, loudly
		}
		add(observation{rule: rule, variant: variant, form: form, subject: t.ID,
			values: map[string]string{"server": serverName(t.Server, t.Client), "value": t.Value}}, t.Evidence)
	}

	ignored := map[string]bool{}
	for _, e := range res.EnvFiles {
		ignored[e.Path] = e.Ignored
		if e.Ignored {
			continue
		}
		ev := e.References
		variant := "referenced"
		if e.Present {
			ev = append([]hardening.Evidence{{Position: project.Position{File: e.Path}}}, ev...)
			variant = ""
		}
		add(observation{rule: "hardening/env-not-ignored", variant: variant, subject: "env:" + e.Path,
			values: map[string]string{"file": e.Path}}, ev...)
	}
	for _, g := range secretGroups(res.Secrets, ignored) {
		s := g[0]
		values := map[string]string{"description": s.Description, "file": fileList(g), "redacted": s.Redacted, "hash": s.Hash,
			"commit": shortHash(s.Commit)}
		var ev []hardening.Evidence
		sample, dev := true, true
		for _, x := range g {
			ev = append(ev, x.Evidence)
			sample = sample && x.Sample
			dev = dev && x.Dev
		}
		if s.Removed {
			variant := ""
			switch {
			case sample:
				variant = "sample" // only ever in tests, fixtures or examples
			case s.Shallow:
				variant = "shallow" // at the end of a shallow clone's history: perhaps added earlier
			}
			add(observation{rule: "hardening/secret-in-history", variant: variant, form: cmp.Or(shallowForm(s), variant), subject: s.ID, values: values}, ev...)
			continue
		}
		holder := s.Key
		if s.Server != "" {
			holder = serverName(s.Server, s.Client) + " " + holder
		}
		values["holder"] = strings.TrimSpace(holder)
		variant := s.Rule
		switch {
		case sample:
			variant = "sample" // a test, fixture or example: shown or exercised, not deployed
		case dev:
			variant = "dev" // a local database's password in an example .env
		}
		add(observation{rule: "hardening/secret", variant: variant, form: s.Rule, subject: s.ID, values: values}, ev...)
	}

	for _, p := range res.Privileges {
		add(observation{rule: "hardening/excess-privilege", variant: p.Kind, subject: p.ID,
			values: map[string]string{"server": serverName(p.Server, p.Client), "kind": p.Kind, "match": p.Match}}, p.Evidence)
	}
	for _, t := range res.Tools {
		if !t.Annotated && !t.HintsComputed {
			add(observation{rule: "hardening/tool-without-annotations", subject: "annotations:" + t.Server + "/" + t.Tool,
				values: map[string]string{"tool": t.Server + "/" + t.Tool}}, t.Evidence)
		}
		if len(t.Acts) > 0 && !t.ReadOnly && !t.MarkedDestructive && !t.Confirms { // declared read-only: changes nothing
			variant := "unmarked"
			switch {
			case t.HintsComputed:
				variant = "computed" // its class's code sets the hints: confirm
			case !t.Annotated:
				variant = "unannotated"
			}
			add(observation{rule: "hardening/unconfirmed-action", variant: variant, subject: "hitl:" + t.Server + "/" + t.Tool,
				values: map[string]string{"tool": t.Server + "/" + t.Tool, "acts": strings.Join(t.Acts, ", ")}}, t.Evidence)
		}
	}

	for _, o := range poisoning(res.Indicators) {
		add(o.observation, o.evidence...)
	}

	for _, u := range res.Unpinned {
		l := u.Launcher
		add(observation{rule: "hardening/unpinned-launcher", variant: u.Reason, subject: u.ID,
			values: map[string]string{"server": serverName(u.Server, u.Client), "runner": l.Runner, "package": l.Package, "reason": u.Reason}}, u.Evidence)
	}
	for _, d := range res.Drift {
		subject := d.Server
		if d.Tool != "" {
			subject += "/" + d.Tool
		}
		add(observation{rule: "hardening/tool-drift", variant: d.Kind, subject: d.ID,
			values: map[string]string{"what": d.What, "subject": subject, "kind": d.Kind,
				"locked": cmp.Or(d.Locked, "nothing"), "current": cmp.Or(d.Current, "nothing")}}, d.Evidence)
	}
	if pinnable := pinnableServers(res.Sources); res.Lock == nil && len(pinnable) > 0 {
		// Where the unpinned definitions are: the servers that declare them.
		add(observation{rule: "hardening/no-lockfile", subject: "lockfile", values: map[string]string{"servers": strconv.Itoa(len(pinnable))}},
			pinnable...)
	}

	steer := steered(res.Indicators)
	for _, s := range res.Shadowing {
		subject := s.Server
		if s.Tool != "" {
			subject += "/" + s.Tool
		}
		variant := s.Kind
		switch {
		case s.Kind == hardening.NamesOtherTool && !steer[[2]string{s.Server, s.Tool}]:
			variant = "names-other-tool-only" // a cross-reference, with no instruction beside it
		case s.Kind == hardening.NameCollision && s.Apart:
			variant = "name-collision-apart" // servers deployed apart: no client sees both
		}
		add(observation{rule: "hardening/shadowing", variant: variant, subject: s.ID,
			values: map[string]string{"subject": cmp.Or(subject, s.Config), "kind": s.Kind,
				"text": s.Text, "match": s.Match, "tool": s.Tool, "others": strings.Join(s.Others, ", "),
				"sensitive": strings.Join(s.Sensitive, ", "), "unverified": strings.Join(s.Unverified, ", ")}}, s.Evidence)
	}

	for _, a := range res.Approvals {
		if a.Mechanism == hardening.ServersMechanism {
			add(observation{rule: "hardening/servers-auto-approved", subject: a.ID,
				values: map[string]string{"client": a.Client, "mechanism": a.Mechanism}}, a.Evidence)
			continue
		}
		var risky []string
		for _, t := range a.Covered {
			// Auto-approving a tool declared read-only is what the
			// checklist recommends.
			if !t.ReadOnly && (t.Destructive || t.OpenWorld || len(t.HighRisk) > 0) {
				risky = append(risky, t.Tool)
			}
		}
		allTools := slices.Contains(a.Tools, "*") || a.Server == "*" || a.Mechanism == "trust"
		if len(risky) == 0 && !allTools {
			continue
		}
		variant := ""
		if len(risky) == 0 {
			variant = "no-risky-tool" // everything approved, but no tool known to be risky
		}
		detail := "Approved by " + a.Mechanism
		if a.Value != "" {
			detail += " = " + a.Value
		}
		if len(risky) > 0 {
			detail += "; destructive, open-world or high-risk tools: " + strings.Join(risky, ", ")
		}
		add(observation{rule: "hardening/auto-approve", variant: variant, subject: a.ID,
			values: map[string]string{"server": serverName(a.Server, a.Client), "detail": detail}}, a.Evidence)
	}

	fs = dropExcluded(r, fs, p.Exclude)
	r.Findings = append(r.Findings, fs...)
	r.Hardening = &Hardening{Checks: checks(res, fs), Servers: servers(res)}
}

// secretGroups gathers the secrets to judge: one group per value (its
// rule and hash), in the tree and in history apart, so one credential
// written in several files is one finding with each place as evidence.
// A secret in a local, ignored .env is where secrets belong and is left
// out. Groups keep the order of the secrets; each group's first secret
// names it (its id is the finding's subject, so a value written once
// keeps the fingerprint it had).
func secretGroups(ss []hardening.Secret, ignored map[string]bool) [][]hardening.Secret {
	var order []string
	by := map[string][]hardening.Secret{}
	for _, s := range ss {
		if s.Where == "env-file" && ignored[s.File] {
			continue
		}
		k := strings.Join([]string{s.Rule, s.Hash, strconv.FormatBool(s.Removed)}, "\x00")
		if _, ok := by[k]; !ok {
			order = append(order, k)
		}
		by[k] = append(by[k], s)
	}
	out := make([][]hardening.Secret, len(order))
	for i, k := range order {
		out[i] = by[k]
	}
	return out
}

// fileList names the files of a group of secrets, in order, each once:
// the first three and how many more.
func fileList(g []hardening.Secret) string {
	var files []string
	for _, s := range g {
		if !slices.Contains(files, s.File) {
			files = append(files, s.File)
		}
	}
	if len(files) > 3 {
		return strings.Join(files[:3], ", ") + " and " + strconv.Itoa(len(files)-3) + " more files"
	}
	return strings.Join(files, ", ")
}

// shallowForm is the wording of a secret in history at the end of a
// shallow clone, whatever its severity.
func shallowForm(s hardening.Secret) string {
	if s.Shallow {
		return "shallow"
	}
	return ""
}

// poisoning rates the indicators of each description together. Strong
// indicators (structural: markup, role tokens, hidden text, parameters
// that carry files or the model's internals; patterns: phrases rarely
// innocent) rate by how many kinds of them one description carries; word
// lists (attention words, "you must use", "always include") are common in
// benign documentation: alone they are a note, several of them weak
// evidence, and beside two strong kinds they make it critical. The rating
// is the observation's variant.
func poisoning(inds []hardening.Indicator) []struct {
	observation
	evidence []hardening.Evidence
} {
	type group struct {
		strong, weak []string // categories
		hidden       bool     // structural hidden text
		ind          []hardening.Indicator
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
		if in.Class == "word-list" {
			if !slices.Contains(g.weak, in.Category) {
				g.weak = append(g.weak, in.Category)
			}
		} else if !slices.Contains(g.strong, in.Category) {
			g.strong = append(g.strong, in.Category)
		}
		g.hidden = g.hidden || in.Category == "hidden-text" && in.Class == "structural"
		g.ind = append(g.ind, in)
	}
	var out []struct {
		observation
		evidence []hardening.Evidence
	}
	for _, k := range order {
		g := groups[k]
		first := g.ind[0]
		rating := "word-list"
		switch s := len(g.strong); {
		case s >= 3 || s == 2 && len(g.weak) > 0:
			rating = "three-categories"
		case s == 2:
			rating = "two-categories"
		case s == 1 && g.hidden:
			rating = "hidden-text"
		case s == 1:
			rating = "pattern"
		case len(g.weak) >= 2:
			rating = "word-lists"
		}
		where := first.Server + " " + first.Subject
		if first.Tool != "" {
			where += " " + first.Tool
		}
		if first.Name != "" {
			where += "." + first.Name
		}
		var cats, matches []string
		var ev []hardening.Evidence
		for _, in := range g.ind {
			if !slices.Contains(cats, in.Category) {
				cats = append(cats, in.Category)
			}
			m := in.Rule + ": " + in.Match
			if in.Decoded != "" {
				m += " (decodes to " + in.Decoded + ")"
			}
			matches = append(matches, m)
			ev = append(ev, in.Evidence)
		}
		out = append(out, struct {
			observation
			evidence []hardening.Evidence
		}{observation{rule: "hardening/tool-poisoning", variant: rating, subject: "poisoning:" + k,
			values: map[string]string{"where": where, "categories": strings.Join(cats, ", "), "matches": strings.Join(matches, "; ")}}, ev})
	}
	return out
}

// steered are the tools (server and tool name) whose texts carry a strong
// poisoning indicator: a description that names another server's tools
// is shadowing when it also tells the model what to do, a cross-reference
// otherwise.
func steered(inds []hardening.Indicator) map[[2]string]bool {
	out := map[[2]string]bool{}
	for _, in := range inds {
		if in.Class != "word-list" && (in.Subject == "tool" || in.Subject == "param") {
			out[[2]string{in.Server, in.Tool}] = true
		}
	}
	return out
}

// checks builds the checklist from the findings and what there was to check.
func checks(res *hardening.Result, fs []Finding) []Check {
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
	// A server in the project's source whose tools none of the readers
	// could read passes the tool checks only for want of tools: say so
	// (pin --live lists the tools of the running server).
	unread := len(res.Sources) > 0 && len(res.Tools) == 0
	toolChecks := map[string]bool{"tool-poisoning": true, "shadowing": true, "human-in-the-loop": true}
	var out []Check
	for _, it := range rules().Checklist {
		c := Check{ID: it.ID, Title: it.Title, Status: "pass"}
		worst := Info
		for _, f := range fs {
			if item(f.Rule) != it.ID {
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
		case !applies[it.ID]:
			c.Status = "not-applicable"
			c.Summary = "nothing in the project to check"
		case unread && toolChecks[it.ID]:
			c.Summary = "passed, no tool read from source: confirm its tools"
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
			case s.Serves:
				m.Launch = "serves MCP at path " + s.Path // an n8n MCP Server Trigger
			case s.URL != "":
				m.Launch = secrets.RedactURL(s.URL)
			default:
				m.Launch = secrets.RedactText(s.Command)
			}
			out = append(out, m)
		}
	}
	for _, s := range res.Sources {
		m := MCPServer{Name: s.Name, Client: "source (" + s.Language + ")", Tools: len(s.Tools), Position: position(s.Position)}
		for _, t := range s.Transports {
			m.Transport = t.Transport
		}
		m.ToolDefinitions, m.InstructionsSHA256 = definitions(s)
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

// definitions are a source server's tools with the hashes of their
// definitions, and the hash of its instructions, as mcp-comply pin writes
// them. They are the server's own pin, not a lookup in the project's
// pins by name and file: two servers of one name in one file (a FastMCP
// sub-server named as its parent) each keep their own.
func definitions(s hardening.SourceServer) ([]ToolDefinition, string) {
	l := hardening.Pin([]hardening.SourceServer{s}).Servers[0]
	var out []ToolDefinition
	for _, t := range l.Tools {
		out = append(out, ToolDefinition{Name: t.Name, SHA256: t.SHA256})
	}
	return out, l.Instructions
}

// pinnableServers are the servers whose definitions a lockfile would
// hold, as evidence: where each is declared.
func pinnableServers(sources []hardening.SourceServer) []hardening.Evidence {
	var out []hardening.Evidence
	for _, s := range sources {
		if len(s.Tools) > 0 || s.Instructions != nil && s.Instructions.Text != "" {
			out = append(out, hardening.Evidence{Position: s.Position, Excerpt: s.Name})
		}
	}
	return out
}

func serverName(server, client string) string {
	if client == "" {
		return server
	}
	return server + " (" + client + ")"
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
