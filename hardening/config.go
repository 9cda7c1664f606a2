package hardening

import (
	"cmp"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/tree"
)

// Client names, as used in Config.Client and Server.Client.
const (
	ClaudeCode     = "claude-code"     // .mcp.json
	Cursor         = "cursor"          // .cursor/mcp.json
	VSCode         = "vscode"          // .vscode/mcp.json
	Gemini         = "gemini"          // .gemini/settings.json
	Codex          = "codex"           // .codex/config.toml
	Windsurf       = "windsurf"        // .windsurf/mcp.json, windsurf/mcp_config.json
	ClaudeDesktop  = "claude-desktop"  // claude_desktop_config.json
	Cline          = "cline"           // cline_mcp_settings.json
	Continue       = "continue"        // .continue/config.yaml, .continue/mcpServers/*
	Zed            = "zed"             // .zed/settings.json
	ClaudeSettings = "claude-settings" // .claude/settings.json, settings.local.json
	Kiro           = "kiro"            // .kiro/settings/mcp.json
	Roo            = "roo"             // .roo/mcp.json
	Generic        = "generic"         // mcp_config.json and other files in the mcpServers shape
	N8n            = "n8n"             // MCP Client Tool and MCP Server Trigger nodes of an n8n workflow export
)

// Transports, as used in Server.Transport.
const (
	Stdio = "stdio"
	HTTP  = "http" // Streamable HTTP (MCP 2025-03-26 and later)
	SSE   = "sse"  // HTTP+SSE, deprecated since MCP 2025-03-26
	WS    = "ws"   // WebSocket (Claude Code)
)

// Config is one parsed client config file.
type Config struct {
	File   string `json:"file"`
	Client string `json:"client"`
	// User marks a user-level config of this machine (Options.UserConfigs)
	// rather than one the project commits.
	User bool `json:"user,omitempty"`
	// Servers are sorted by name, then position.
	Servers []Server `json:"servers,omitempty"`
	// Inputs are the values VS Code prompts for (${input:id}), sorted by id.
	Inputs []Input `json:"inputs,omitempty"`
	// Approval holds the project-level approvals of Claude Code settings
	// files; nil for other files.
	Approval *Approval `json:"approval,omitempty"`
}

// Server is one MCP server entry of a client config.
type Server struct {
	Name   string `json:"name"`
	Client string `json:"client"`
	// Position is the entry's key (or, in a YAML list, the entry).
	Position project.Position `json:"position"`
	// Transport is Stdio, HTTP, SSE or WS, inferred as the client does; ""
	// when the client would not load the entry (a warning says why).
	Transport string `json:"transport,omitempty"`

	// Command and Args start a stdio server. A command written as one
	// line with its arguments is split into the two.
	Command    string             `json:"command,omitempty"`
	CommandPos project.Position   `json:"commandPos,omitzero"`
	Args       []string           `json:"args,omitempty"`
	ArgPos     []project.Position `json:"argPos,omitempty"` // ArgPos[i] is where Args[i] is written
	Env        []Setting          `json:"env,omitempty"`
	// EnvVars are names the server inherits from the client's environment
	// (Codex env_vars).
	EnvVars []string `json:"envVars,omitempty"`
	// EnvFile is a dotenv file the client loads into Env (VS Code envFile).
	EnvFile string `json:"envFile,omitempty"`
	Cwd     string `json:"cwd,omitempty"`
	// Launcher is the package or image the command starts; nil when it runs
	// local code or a program that is not a package runner.
	Launcher *Launcher `json:"launcher,omitempty"`

	// URL and Headers reach a remote server.
	URL     string           `json:"url,omitempty"`
	URLPos  project.Position `json:"urlPos,omitzero"`
	Headers []Setting        `json:"headers,omitempty"`
	// EnvHeaders map a header to the environment variable holding its
	// value (Codex env_http_headers).
	EnvHeaders []Setting `json:"envHeaders,omitempty"`
	// BearerTokenEnv names the environment variable holding the bearer
	// token (Codex bearer_token_env_var).
	BearerTokenEnv string `json:"bearerTokenEnv,omitempty"`
	OAuth          *OAuth `json:"oauth,omitempty"`
	// Credentials are other values the entry holds that are secrets by
	// their key: Codex bearer_token, Gemini oauth.clientSecret.
	Credentials []Setting `json:"credentials,omitempty"`
	// AuthCredential is the kind of credential the client keeps in its own
	// store and sends (an n8n node's authentication: bearerAuth,
	// headerAuth, multipleHeadersAuth, mcpOAuth2Api).
	AuthCredential string `json:"authCredential,omitempty"`
	// Serves is set for a server the project itself serves through its
	// client (an n8n MCP Server Trigger): Path is where.
	Serves bool   `json:"serves,omitempty"`
	Path   string `json:"path,omitempty"`

	// Disabled is set by disabled: true (Cline, Roo; also seen in Kiro
	// and Windsurf files) or enabled: false (Codex).
	Disabled bool `json:"disabled,omitempty"`
	// AutoApprove lists the tools called without asking: autoApprove
	// (Cline; also seen in Kiro files), alwaysAllow (Roo); "*" when Trust
	// is set.
	AutoApprove []string `json:"autoApprove,omitempty"`
	// Trust is Gemini's trust: true, which bypasses every confirmation.
	Trust bool `json:"trust,omitempty"`
	// Sandboxed is VS Code's sandboxEnabled; VS Code then auto-approves the
	// server's tool calls inside the sandbox.
	Sandboxed bool `json:"sandboxed,omitempty"`
	// ApprovalMode is Codex default_tools_approval_mode as written
	// ("prompt", "approve" …); what each value allows is not confirmed
	// against Codex's documentation, so it is not mapped to AutoApprove.
	ApprovalMode string `json:"approvalMode,omitempty"`
	// IncludeTools and ExcludeTools filter the server's tools (Gemini
	// includeTools/excludeTools, Codex enabled_tools/disabled_tools,
	// disabledTools of Roo, also seen in Windsurf and Kiro files).
	IncludeTools []string `json:"includeTools,omitempty"`
	ExcludeTools []string `json:"excludeTools,omitempty"`
}

// Setting is a key/value with the value's position, so a literal secret can
// be pointed at.
type Setting struct {
	Key      string           `json:"key"`
	Value    string           `json:"value"`
	Position project.Position `json:"position"`
}

// OAuth is a server's OAuth client configuration (Gemini oauth and
// authProviderType). Its client secret, when written, is in
// Server.Credentials.
type OAuth struct {
	Enabled      bool     `json:"enabled,omitempty"`
	ClientID     string   `json:"clientId,omitempty"`
	Scopes       []string `json:"scopes,omitempty"`
	AuthProvider string   `json:"authProvider,omitempty"`
}

// Input is a VS Code input: a value the editor prompts for and stores, used
// as ${input:id}.
type Input struct {
	ID          string           `json:"id"`
	Type        string           `json:"type,omitempty"`
	Description string           `json:"description,omitempty"`
	Password    bool             `json:"password,omitempty"`
	Position    project.Position `json:"position"`
}

// Approval is what Claude Code project settings approve without asking.
type Approval struct {
	// AllProjectServers is enableAllProjectMcpServers: every server of the
	// project's .mcp.json runs without the user approving it.
	AllProjectServers bool             `json:"allProjectServers,omitempty"`
	Position          project.Position `json:"position,omitzero"`         // of enableAllProjectMcpServers
	EnabledServers    []string         `json:"enabledServers,omitempty"`  // enabledMcpjsonServers
	DisabledServers   []string         `json:"disabledServers,omitempty"` // disabledMcpjsonServers
	// AllowedTools are permissions.allow rules for MCP tools ("mcp__github",
	// "mcp__github__create_issue"), which run without asking.
	AllowedTools []string `json:"allowedTools,omitempty"`
}

// projectConfigs reads the project's client configs, parsed by the
// index. A file that cannot be read gives no Config (the index says why);
// one that does not parse still yields its Config with what came before
// the fault. Configs are sorted by file, warnings by position.
func projectConfigs(idx *project.Index) ([]Config, []project.Warning) {
	files := idx.Files(project.MCPConfig)
	docs := make([]*project.Doc, 0, len(files))
	for _, f := range files {
		if d := idx.Doc(f.Path); d != nil {
			docs = append(docs, d)
		}
	}
	broken := map[string]bool{} // files with a syntax error
	for _, w := range idx.Warnings() {
		broken[w.File] = true
	}
	var configs []Config
	var warns []project.Warning
	for _, d := range docs {
		c, ws := readConfig(d, broken[d.File])
		configs = append(configs, c)
		warns = append(warns, ws...)
	}
	project.SortWarnings(warns)
	return configs, warns
}

// userConfigs reads user-level client configs of this machine (slash
// paths of fsys) as the index parses the project's, marked User. A file
// that cannot be read is a warning.
func userConfigs(fsys fs.FS, files []string) ([]Config, []project.Warning) {
	var configs []Config
	var warns []project.Warning
	for _, name := range files {
		data, err := project.ReadFile(fsys, name, 0)
		if err != nil {
			warns = append(warns, project.Warnf(project.Position{File: name}, "mcp config not read: %v", project.Cause(err)))
			continue
		}
		d, ws := project.ParseDoc(name, data)
		c, cws := readConfig(d, len(ws) > 0)
		c.User = true
		configs = append(configs, c)
		warns = append(append(warns, ws...), cws...)
	}
	slices.SortFunc(configs, func(a, b Config) int { return cmp.Compare(a.File, b.File) })
	project.SortWarnings(warns)
	return configs, warns
}

// clientOf names the client that reads a config file, and whether the file
// holds only MCP configuration (so an unknown top-level key is worth a
// warning) rather than being a general settings file.
func clientOf(p string) (client string, dedicated bool) {
	dir, base := path.Split(p)
	tail := func(t string) bool { return p == t || strings.HasSuffix(p, "/"+t) }
	switch {
	case base == ".mcp.json" || base == "managed-mcp.json":
		return ClaudeCode, true
	case base == ".claude.json":
		// User scope of Claude Code: the top-level mcpServers; the
		// per-project entries under projects.<path> are not read.
		return ClaudeCode, false
	case tail("Code/User/mcp.json") || tail("Code - Insiders/User/mcp.json"):
		return VSCode, true
	case tail(".copilot/mcp-config.json"):
		return Generic, true
	case tail(".cursor/mcp.json"):
		return Cursor, true
	case tail(".vscode/mcp.json"):
		return VSCode, true
	case tail(".gemini/settings.json") || base == "gemini-extension.json":
		return Gemini, false
	case tail(".codex/config.toml") || tail("codex/config.toml"):
		return Codex, false
	case tail(".windsurf/mcp.json"):
		return Windsurf, true
	case base == "mcp_config.json" && strings.Contains(dir, "windsurf/"): // .windsurf/, .codeium/windsurf/
		return Windsurf, true
	case base == "claude_desktop_config.json":
		return ClaudeDesktop, false
	case base == "cline_mcp_settings.json":
		return Cline, true
	case tail(".zed/settings.json") || tail("zed/settings.json") || tail("Zed/settings.json"):
		return Zed, false
	case tail(".kiro/settings/mcp.json"):
		return Kiro, true
	case tail(".roo/mcp.json"):
		return Roo, true
	case strings.HasSuffix(dir, ".claude/") && strings.HasPrefix(base, "settings"):
		return ClaudeSettings, false
	case strings.Contains("/"+dir, "/.continue/mcpServers/"):
		return Continue, true
	case strings.Contains("/"+dir, "/.continue/"):
		return Continue, false
	case base == "mcp_config.json":
		return Generic, true
	}
	return Generic, false
}

// n8n node types of MCP (n8n-nodes-langchain 2.x: McpClientTool,
// McpClient, McpTrigger).
const (
	n8nMCPClientTool = "@n8n/n8n-nodes-langchain.mcpClientTool"
	n8nMCPClient     = "@n8n/n8n-nodes-langchain.mcpClient"
	n8nMCPTrigger    = "@n8n/n8n-nodes-langchain.mcpTrigger"
)

// n8nConfigs reads the MCP nodes of the project's n8n workflow exports,
// one Config per workflow file that has any: an MCP Client Tool (or MCP
// Client) node is a server the workflow's agent reaches (endpointUrl, or
// sseEndpoint before version 1.1; the transport serverTransport says, by
// default SSE up to version 1.1 and Streamable HTTP from 1.2; the
// authentication the node names), an MCP Server Trigger node a server the
// workflow serves at its path (Serves). Read from n8n-nodes-langchain
// 2.8.1's node descriptions, 2026-12-02.
func n8nConfigs(idx *project.Index) []Config {
	var out []Config
	for _, f := range idx.Files(project.N8nWorkflow) {
		doc := idx.Doc(f.Path)
		if doc == nil {
			continue
		}
		c := Config{File: f.Path, Client: N8n}
		for _, root := range doc.Roots {
			flows := []*tree.Node{root}
			if root.Kind == tree.Array {
				flows = root.Items
			}
			for _, wf := range flows {
				for _, n := range items(wf.Get("nodes")) {
					if s, ok := n8nServer(f.Path, n); ok {
						c.Servers = append(c.Servers, s)
					}
				}
			}
		}
		if len(c.Servers) > 0 {
			slices.SortFunc(c.Servers, func(a, b Server) int {
				return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.Position.Line, b.Position.Line))
			})
			out = append(out, c)
		}
	}
	return out
}

// n8nServer is the server of an MCP node.
func n8nServer(file string, n *tree.Node) (Server, bool) {
	typ := n.Str("type")
	if typ != n8nMCPClientTool && typ != n8nMCPClient && typ != n8nMCPTrigger {
		return Server{}, false
	}
	p := n.Get("parameters")
	s := Server{Name: cmp.Or(n.Str("name"), typ), Client: N8n, Position: project.Position{File: file, Line: n.Line, Col: n.Col}}
	if auth := p.Str("authentication"); auth != "" && auth != "none" {
		s.AuthCredential = auth
	}
	if typ == n8nMCPTrigger {
		s.Serves, s.Transport, s.Path = true, HTTP, p.Str("path")
		return s, true
	}
	u := p.Member("endpointUrl")
	if u == nil {
		u = p.Member("sseEndpoint")
	}
	if u != nil && u.Value.Kind == tree.String {
		s.URL, s.URLPos = strings.TrimPrefix(u.Value.Text, "="), project.Position{File: file, Line: u.Value.Line, Col: u.Value.Col}
	}
	var version float64
	if v := n.Get("typeVersion"); v != nil {
		version, _ = strconv.ParseFloat(v.Text, 64)
	}
	switch p.Str("serverTransport") {
	case "httpStreamable":
		s.Transport = HTTP
	case "sse":
		s.Transport = SSE
	default:
		s.Transport = SSE
		if version >= 1.2 {
			s.Transport = HTTP
		}
	}
	if p.Str("include") == "selected" {
		for _, t := range items(p.Get("includeTools")) {
			s.IncludeTools = append(s.IncludeTools, t.Text)
		}
	}
	for _, t := range items(p.Get("excludeTools")) {
		s.ExcludeTools = append(s.ExcludeTools, t.Text)
	}
	return s, true
}

// items are an array's items; none for anything else or nothing.
func items(n *tree.Node) []*tree.Node {
	if n == nil || n.Kind != tree.Array {
		return nil
	}
	return n.Items
}
