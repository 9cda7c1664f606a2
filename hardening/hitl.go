package hardening

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/project"
)

// AutoApproval is a setting that lets tools run without asking the user,
// joined with the tools it covers when the server's source is in the
// project.
type AutoApproval struct {
	ID     string `json:"id"`
	Client string `json:"client"`
	// Server is the server the approval is for; "*" for every server of
	// the project (enableAllProjectMcpServers).
	Server string `json:"server"`
	// Tools are the approved tool names; "*" means all of them. An
	// approval of servers (ServersMechanism) approves none: the client
	// still asks before each tool call.
	Tools []string `json:"tools"`
	// Mechanism is autoApprove (Cline, Kiro; alwaysAllow in Roo), trust
	// (Gemini: bypasses every confirmation), permissions.allow (Claude Code
	// settings), sandboxEnabled (VS Code auto-approves tool calls in the
	// sandbox), enableAllProjectMcpServers (ServersMechanism: Claude Code
	// starts every server of the project's .mcp.json without asking) or
	// default_tools_approval_mode (Codex; what each value allows is not
	// confirmed against Codex's docs).
	Mechanism string `json:"mechanism"`
	// Value is the setting's value where it is not a boolean or a list.
	Value string `json:"value,omitempty"`
	// Covered are the known tools the approval covers.
	Covered []ToolRisk `json:"covered,omitempty"`
	Evidence
}

// ServersMechanism is Claude Code's enableAllProjectMcpServers: it
// approves the servers of the project's .mcp.json, those a later commit
// adds or changes too, so none is confirmed before it starts; tool calls
// still ask ("Claude Code prompts before calling any MCP tool",
// code.claude.com/docs/en/mcp, checked 2026-12-07; research/mcp.md ISO-01).
const ServersMechanism = "enableAllProjectMcpServers"

// ToolRisk is a tool of a server read from source, with its hints under
// the spec's defaults (absent readOnlyHint: may write; absent
// destructiveHint: destructive; absent openWorldHint: open world), the
// high-risk words in its name, and the approvals that let it run without
// asking.
type ToolRisk struct {
	Server      string `json:"server"`
	Tool        string `json:"tool"`
	ReadOnly    bool   `json:"readOnly"`
	Destructive bool   `json:"destructive"`
	OpenWorld   bool   `json:"openWorld"`
	// Annotated is false when the tool declares no hint at all, so every
	// value above is the spec's default.
	Annotated bool `json:"annotated"`
	// HintsComputed: the hints are set by code the scanner does not run
	// (Tool.HintsComputed), so the values above are unknown.
	HintsComputed bool     `json:"hintsComputed,omitempty"`
	HighRisk      []string `json:"highRisk,omitempty"`
	// Acts are the words by which the tool acts on outside state: sends,
	// pays, deletes, runs (actionWords): those of its name unless the name
	// starts with a reading verb (get_emails reads mail), and the verb its
	// description starts with ("Deletes the file …").
	Acts []string `json:"acts,omitempty"`
	// MarkedDestructive is set when the tool declares destructiveHint:
	// true, so a client that honours hints asks before each call.
	MarkedDestructive bool `json:"markedDestructive,omitempty"`
	// Confirms is set when the tool has a confirmation step of its own: a
	// parameter named confirm, confirmed, confirmation or
	// require_confirmation, or a description that asks for the user's
	// confirmation.
	Confirms bool `json:"confirms,omitempty"`
	// AutoApprovedBy lists the ids of the approvals that cover the tool;
	// empty means every call asks the user, as far as the configs say.
	AutoApprovedBy []string `json:"autoApprovedBy,omitempty"`
	Evidence
}

// highRiskWords mark tool names that act on the world in a way a person
// should confirm: money (pay, transfer, charge, refund, withdraw),
// messages sent as the user (send, email, mail, post, publish), data loss
// (delete, remove, drop, destroy, purge, truncate, wipe, reset, overwrite),
// code and commands (exec, execute, shell, command, run, eval, deploy,
// kill, shutdown). Matched on the words of the name.
var highRiskWords = map[string]bool{
	"pay": true, "payment": true, "transfer": true, "charge": true, "refund": true, "withdraw": true, "wire": true,
	"send": true, "email": true, "mail": true, "post": true, "publish": true, "tweet": true,
	"delete": true, "remove": true, "drop": true, "destroy": true, "purge": true, "truncate": true, "wipe": true, "reset": true, "overwrite": true,
	"exec": true, "execute": true, "shell": true, "command": true, "run": true, "eval": true, "deploy": true, "kill": true, "shutdown": true,
}

var nameWords = regexp.MustCompile(`[A-Z]?[a-z]+|[A-Z]+(?:[^a-z]|$)|[0-9]+`)

// words splits a name into lower-case words: snake, kebab and camel case.
func words(name string) []string {
	var out []string
	for _, w := range nameWords.FindAllString(name, -1) {
		out = append(out, strings.ToLower(strings.Trim(w, "_-. ")))
	}
	return out
}

func riskWords(name string) []string {
	var out []string
	for _, w := range words(name) {
		if highRiskWords[w] && !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

func toolRisk(t Tool) ToolRisk {
	a := t.Annotations
	return ToolRisk{Server: t.Server, Tool: t.Name, ReadOnly: a.ReadOnly(), Destructive: a.Destructive(), OpenWorld: a.OpenWorld(),
		Annotated:     a.ReadOnlyHint != nil || a.DestructiveHint != nil || a.IdempotentHint != nil || a.OpenWorldHint != nil,
		HintsComputed: t.HintsComputed,
		HighRisk:      riskWords(t.Name), Acts: acts(t), MarkedDestructive: a.DestructiveHint != nil && *a.DestructiveHint && !a.ReadOnly(),
		Confirms: confirms(t), Evidence: Evidence{Position: t.Position}}
}

// actionWords are the verbs of tools that act on the world in a way a
// person should confirm: money, messages sent as the user, data loss,
// code and commands. The nouns of highRiskWords (email, mail, shell,
// command) are not among them: get_emails reads.
var actionWords = map[string]bool{
	"pay": true, "transfer": true, "charge": true, "refund": true, "withdraw": true, "wire": true,
	"send": true, "post": true, "publish": true, "tweet": true, "reply": true, "forward": true,
	"delete": true, "remove": true, "drop": true, "destroy": true, "purge": true, "truncate": true, "wipe": true, "reset": true, "overwrite": true,
	"exec": true, "execute": true, "run": true, "eval": true, "deploy": true, "kill": true, "shutdown": true, "terminate": true,
}

// motionWords make "forward" after them a direction: a browser's
// go_forward moves through history, it forwards nothing (go_run still runs);
// so does "back" or "back or" before it (mcp-chrome's
// chrome_go_back_or_forward).
var motionWords = map[string]bool{"go": true, "navigate": true, "scroll": true}

// direction reports words before "forward" that make it a direction.
func direction(before []string) bool {
	n := len(before)
	return n > 0 && (motionWords[before[n-1]] || before[n-1] == "back") ||
		n > 1 && before[n-2] == "back" && (before[n-1] == "or" || before[n-1] == "and")
}

// readingVerbs start the names of tools that read: list_deleted_files
// deletes nothing.
var readingVerbs = map[string]bool{
	"get": true, "list": true, "read": true, "search": true, "find": true, "fetch": true, "query": true, "describe": true,
	"show": true, "view": true, "check": true, "count": true, "lookup": true, "inspect": true, "preview": true, "validate": true,
}

// verb is a description's first word as a verb: lower case, the
// third-person s dropped ("Deletes" → delete, "Pushes" → push).
func verb(w string) string {
	w = strings.ToLower(w)
	for _, suf := range []string{"ches", "shes", "sses", "xes"} {
		if strings.HasSuffix(w, suf) {
			return strings.TrimSuffix(w, "es")
		}
	}
	if strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
		return strings.TrimSuffix(w, "s")
	}
	return w
}

// acts are the action words of a tool's name and description.
func acts(t Tool) []string {
	var out []string
	add := func(w string) {
		if actionWords[w] && !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	if ws := words(t.Name); len(ws) > 0 && !readingVerbs[ws[0]] {
		for i, w := range ws {
			if w != "forward" || !direction(ws[:i]) {
				add(w)
			}
		}
	}
	if first, rest, _ := strings.Cut(strings.TrimSpace(t.Description), " "); first != "" {
		if v := verb(strings.Trim(first, ".,:;!")); !runsSearches(v, rest) {
			add(v)
		}
	}
	return out
}

// runsSearches reports a description that runs or executes searches
// ("Run multiple web searches in parallel", jina's parallel_search_web):
// searching reads. A query stays an action: an SQL query may write.
func runsSearches(verb, rest string) bool {
	if verb != "run" && verb != "execute" {
		return false
	}
	ws := strings.Fields(strings.ToLower(rest))
	for _, w := range ws[:min(len(ws), 4)] {
		if w = strings.Trim(w, ".,:;!"); w == "search" || w == "searches" {
			return true
		}
	}
	return false
}

var (
	confirmParam = regexp.MustCompile(`(?i)^(?:confirm|confirmed|confirmation|require_?confirmation|i_?understand)$`)
	confirmText  = regexp.MustCompile(`(?i)\b(?:ask(?:s|ing)? (?:the )?user (?:to confirm|for (?:confirmation|approval))|(?:requires?|after|with|needs?) (?:explicit |the user's |user )?(?:confirmation|approval)|confirm with the user)\b`)
)

// confirms reports a tool with a confirmation step of its own.
func confirms(t Tool) bool {
	for _, p := range t.Params {
		if confirmParam.MatchString(p.Name) {
			return true
		}
	}
	return confirmText.MatchString(t.Description)
}

// approvals states what each config lets run without asking.
func approvals(c Config) []AutoApproval {
	var out []AutoApproval
	add := func(a AutoApproval) {
		slices.Sort(a.Tools)
		a.Tools = slices.Compact(a.Tools)
		a.ID = factID("approval", c.File, a.Server, a.Mechanism, strings.Join(a.Tools, ","), a.Value)
		out = append(out, a)
	}
	for _, s := range c.Servers {
		ev := Evidence{Position: s.Position, Excerpt: s.Name}
		if s.Trust {
			add(AutoApproval{Client: s.Client, Server: s.Name, Tools: []string{"*"}, Mechanism: "trust", Evidence: ev})
		}
		var listed []string
		for _, t := range s.AutoApprove {
			if t != "*" || !s.Trust {
				listed = append(listed, t)
			}
		}
		if len(listed) > 0 {
			mech := "autoApprove"
			if s.Client == Roo {
				mech = "alwaysAllow"
			}
			add(AutoApproval{Client: s.Client, Server: s.Name, Tools: listed, Mechanism: mech, Evidence: ev})
		}
		if s.Sandboxed {
			add(AutoApproval{Client: s.Client, Server: s.Name, Tools: []string{"*"}, Mechanism: "sandboxEnabled", Evidence: ev})
		}
		if s.ApprovalMode != "" && s.ApprovalMode != "prompt" {
			add(AutoApproval{Client: s.Client, Server: s.Name, Tools: []string{"*"}, Mechanism: "default_tools_approval_mode", Value: s.ApprovalMode, Evidence: ev})
		}
	}
	if a := c.Approval; a != nil {
		ev := Evidence{Position: a.Position}
		if a.Position.File == "" {
			ev.File = c.File
		}
		if a.AllProjectServers {
			add(AutoApproval{Client: c.Client, Server: "*", Mechanism: ServersMechanism, Evidence: ev})
		}
		byServer := map[string][]string{}
		var servers []string
		for _, rule := range a.AllowedTools {
			rest := strings.TrimPrefix(rule, "mcp__")
			srv, tool, ok := strings.Cut(rest, "__")
			if !ok || tool == "" {
				tool = "*"
			}
			if _, seen := byServer[srv]; !seen {
				servers = append(servers, srv)
			}
			byServer[srv] = append(byServer[srv], tool)
		}
		for _, srv := range servers {
			add(AutoApproval{Client: c.Client, Server: srv, Tools: byServer[srv], Mechanism: "permissions.allow", Evidence: Evidence{Position: project.Position{File: c.File}}})
		}
	}
	return out
}

// linkSource finds the source server a config entry runs: by the file or
// directory its command line names (relative to the config's workspace),
// allowing for built output (dist/, build/, .js for .ts), or by its name.
func linkSource(c Config, s Server, sources []SourceServer) *SourceServer {
	if s.Command != "" && s.Launcher == nil {
		base := configRoot(c)
		for _, w := range s.Args {
			if strings.HasPrefix(w, "-") || w == "" {
				continue
			}
			cand := path.Clean(resolveRef(base, w))
			for i := range sources {
				if sameSource(cand, sources[i].File) {
					return &sources[i]
				}
			}
		}
	}
	norm := func(n string) string { return strings.ToLower(strings.NewReplacer("_", "-", " ", "-").Replace(n)) }
	for i := range sources {
		if norm(sources[i].Name) == norm(s.Name) {
			return &sources[i]
		}
	}
	return nil
}

// sameSource reports whether a path named on a command line is the source
// file (or its directory, or its built output).
func sameSource(cand, file string) bool {
	if cand == file || cand == path.Dir(file) {
		return true
	}
	strip := func(p string) string {
		for _, ext := range []string{".ts", ".mts", ".js", ".mjs", ".cjs", ".py", ".go"} {
			p = strings.TrimSuffix(p, ext)
		}
		for _, d := range []string{"dist/", "build/", "out/", "lib/", "src/"} {
			p = strings.Replace(p, d, "", 1)
		}
		return p
	}
	return strip(cand) == strip(file)
}
