package hardening

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/shell"
	"github.com/mcp-comply/mcp-comply/internal/tree"
)

// serverKeys are the keys each client reads at the top level of its file.
var serverKeys = map[string][]string{
	VSCode:  {"servers"},
	Zed:     {"context_servers"},
	Codex:   {"mcp_servers"},
	Generic: {"mcpServers", "servers"},
}

// topKeys are the other top-level keys a dedicated MCP file may hold.
var topKeys = opts("$schema", "inputs", "name", "version", "schema")

// entryKeys are the keys some client reads in a server entry; a key none of
// them reads is reported, since it is likely a typo that disables something
// (research/mcp.md §2.2, the clients' docs and schemas).
var entryKeys = opts(
	"type", "transportType", "command", "args", "env", "envFile", "env_vars", "cwd",
	"url", "serverUrl", "httpUrl", "headers", "http_headers", "env_http_headers", "bearer_token_env_var",
	"bearer_token", "requestOptions", "oauth", "authProviderType", "targetAudience", "targetServiceAccount",
	"disabled", "enabled", "required", "autoApprove", "alwaysAllow", "trust", "sandboxEnabled", "sandbox",
	"default_tools_approval_mode", "tools", "includeTools", "excludeTools", "enabled_tools", "disabled_tools",
	"disabledTools", "timeout", "startup_timeout_sec", "startup_timeout_ms", "tool_timeout_sec",
	"connectionTimeout", "description", "name", "source", "settings", "dev", "gallery", "version", "watchPaths",
)

// readConfig reads one client config from its parsed file; broken says
// the file had a syntax error (which the parse reported), so a file
// without a value is not called empty.
func readConfig(doc *project.Doc, broken bool) (Config, []project.Warning) {
	client, dedicated := clientOf(doc.File)
	c := Config{File: doc.File, Client: client}
	r := &reader{doc: doc, client: client}
	root := doc.Root()
	if root == nil {
		if !broken {
			r.warnf(project.Position{File: doc.File}, "empty file: no MCP servers")
		}
		return c, r.warns
	}
	if root.Kind != tree.Object {
		r.warnf(r.pos(root), "expected an object at the top level, found %s", root.Kind)
		return c, r.warns
	}
	keys := serverKeys[client]
	if keys == nil {
		keys = []string{"mcpServers"}
	}
	found := false
	for _, key := range keys {
		if n := root.Get(key); n != nil {
			r.servers(key, n, &c)
			found = true
		}
	}
	switch {
	case !found && client == ClaudeCode && looksLikeServers(root):
		// A Claude Code plugin's .mcp.json may hold the server map itself.
		r.servers("", root, &c)
	case dedicated:
		for _, m := range root.Members {
			if !slices.Contains(keys, m.Key) && !topKeys[m.Key] {
				r.warnf(doc.KeyPos(m), "unknown key %q: %s reads %s", m.Key, client, strings.Join(keys, " or "))
			}
		}
	}
	if client == VSCode {
		c.Inputs = r.inputs(root.Get("inputs"))
	}
	if client == ClaudeSettings {
		c.Approval = r.approval(root)
	}
	slices.SortFunc(c.Servers, func(a, b Server) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.Position.Line, b.Position.Line))
	})
	return c, r.warns
}

// looksLikeServers reports a non-empty object whose values are all objects
// with a command or a url.
func looksLikeServers(n *tree.Node) bool {
	for _, m := range n.Members {
		if m.Value == nil || m.Value.Kind != tree.Object || m.Value.Get("command") == nil && m.Value.Get("url") == nil {
			return false
		}
	}
	return len(n.Members) > 0
}

// reader reads servers out of a parsed file, warning about wrong types.
type reader struct {
	doc    *project.Doc
	client string
	warns  []project.Warning
}

func (r *reader) pos(n *tree.Node) project.Position { return r.doc.Pos(n) }

func (r *reader) warnf(pos project.Position, format string, args ...any) {
	r.warns = append(r.warns, project.Warnf(pos, format, args...))
}

// servers reads a map of servers (name → entry), or the list of entries
// with a name that Continue uses.
func (r *reader) servers(key string, n *tree.Node, c *Config) {
	switch {
	case n == nil:
	case n.Kind == tree.Object:
		for _, m := range n.Members {
			if s, ok := r.server(m.Key, r.doc.KeyPos(m), m.Value); ok {
				c.Servers = append(c.Servers, s)
			}
		}
	case n.Kind == tree.Array && r.client == Continue:
		for _, e := range n.Items {
			if e == nil || e.Kind != tree.Object {
				r.wrongType(e, key+" entry", "an object")
				continue
			}
			name, _ := r.str(e.Get("name"), key+" entry name")
			if name == "" {
				r.warnf(r.pos(e), "%s entry without a name", key)
			}
			if s, ok := r.server(name, r.pos(e), e); ok {
				c.Servers = append(c.Servers, s)
			}
		}
	case n.Kind != tree.Null:
		want := "an object"
		if r.client == Continue {
			want = "a list or an object"
		}
		r.wrongType(n, key, want)
	}
}

// wrongType warns that n is not what the key should hold. It names the
// kinds, never the value.
func (r *reader) wrongType(n *tree.Node, what, want string) {
	if n == nil {
		return
	}
	r.warnf(r.pos(n), "%s: expected %s, found %s", what, want, n.Kind)
}

func (r *reader) server(name string, pos project.Position, n *tree.Node) (Server, bool) {
	s := Server{Name: name, Client: r.client, Position: pos}
	what := func(key string) string { return fmt.Sprintf("server %q: %s", name, key) }
	if n == nil || n.Kind != tree.Object {
		r.wrongType(n, fmt.Sprintf("server %q", name), "an object")
		return s, false
	}
	var typ, urlKey string
	var typPos project.Position
	for _, m := range n.Members {
		v, key := m.Value, m.Key
		switch key {
		case "type", "transportType":
			if t, ok := r.str(v, what(key)); ok && (key == "type" || typ == "") {
				typ, typPos = t, r.pos(v)
			}
		case "command":
			if v != nil && v.Kind == tree.Object && r.client == Zed {
				// Older Zed settings: "command": {"path", "args", "env"}.
				s.Command, _ = r.str(v.Get("path"), what("command.path"))
				s.CommandPos = r.posOr(v.Get("path"), v)
				s.Args, s.ArgPos = r.strList(v.Get("args"), what("command.args"))
				s.Env = r.settings(v.Get("env"), what("command.env"))
				continue
			}
			s.Command, _ = r.str(v, what(key))
			s.CommandPos = r.pos(v)
		case "args":
			s.Args, s.ArgPos = r.strList(v, what(key))
		case "env":
			s.Env = r.settings(v, what(key))
		case "envFile":
			s.EnvFile, _ = r.str(v, what(key))
		case "env_vars":
			s.EnvVars, _ = r.strList(v, what(key))
		case "cwd":
			s.Cwd, _ = r.str(v, what(key))
		case "url", "serverUrl", "httpUrl":
			if u, ok := r.str(v, what(key)); ok {
				if s.URL != "" {
					r.warnf(r.doc.KeyPos(m), "server %q: both %s and %s are set; %s is used", name, urlKey, key, key)
				}
				s.URL, s.URLPos, urlKey = u, r.pos(v), key
			}
		case "headers", "http_headers":
			s.Headers = append(s.Headers, r.settings(v, what(key))...)
		case "requestOptions": // Continue
			if r.object(v, what(key)) {
				s.Headers = append(s.Headers, r.settings(v.Get("headers"), what("requestOptions.headers"))...)
			}
		case "env_http_headers":
			s.EnvHeaders = r.settings(v, what(key))
		case "bearer_token_env_var":
			s.BearerTokenEnv, _ = r.str(v, what(key))
		case "bearer_token":
			if t, ok := r.str(v, what(key)); ok {
				s.Credentials = append(s.Credentials, Setting{Key: key, Value: t, Position: r.pos(v)})
			}
		case "oauth":
			s.OAuth, s.Credentials = r.oauth(v, what(key), s.OAuth, s.Credentials)
		case "authProviderType":
			if t, ok := r.str(v, what(key)); ok {
				if s.OAuth == nil {
					s.OAuth = &OAuth{}
				}
				s.OAuth.AuthProvider = t
			}
		case "disabled":
			s.Disabled = r.boolean(v, what(key)) || s.Disabled
		case "enabled":
			if v != nil && v.Kind == tree.Bool {
				s.Disabled = s.Disabled || v.Text == "false"
			} else {
				r.wrongType(v, what(key), "a boolean")
			}
		case "autoApprove", "alwaysAllow":
			tools, _ := r.strList(v, what(key))
			s.AutoApprove = append(s.AutoApprove, tools...)
		case "trust":
			s.Trust = r.boolean(v, what(key))
		case "sandboxEnabled":
			s.Sandboxed = r.boolean(v, what(key))
		case "default_tools_approval_mode":
			s.ApprovalMode, _ = r.str(v, what(key))
		case "includeTools", "enabled_tools":
			tools, _ := r.strList(v, what(key))
			s.IncludeTools = append(s.IncludeTools, tools...)
		case "excludeTools", "disabled_tools", "disabledTools":
			tools, _ := r.strList(v, what(key))
			s.ExcludeTools = append(s.ExcludeTools, tools...)
		default:
			if !entryKeys[key] {
				r.warnf(r.doc.KeyPos(m), "server %q: unknown key %q", name, key)
			}
		}
	}
	if s.Trust {
		s.AutoApprove = append(s.AutoApprove, "*")
	}
	r.splitCommandLine(&s, name)
	s.Transport = r.transport(&s, typ, typPos, urlKey)
	if s.Command != "" {
		r.launcher(&s)
	}
	sortSettings(s.Env, s.Headers, s.EnvHeaders, s.Credentials)
	for _, l := range []*[]string{&s.AutoApprove, &s.IncludeTools, &s.ExcludeTools, &s.EnvVars} {
		slices.Sort(*l)
		*l = slices.Compact(*l)
	}
	return s, true
}

// posOr is where n stands, or def when n is absent.
func (r *reader) posOr(n, def *tree.Node) project.Position {
	if n == nil {
		return r.pos(def)
	}
	return r.pos(n)
}

// splitCommandLine splits a command written with its arguments in one
// string ("npx -y pkg"), as some configs do, when no args are given.
func (r *reader) splitCommandLine(s *Server, name string) {
	if len(s.Args) > 0 || !strings.ContainsAny(strings.TrimSpace(s.Command), " \t") {
		return
	}
	words, err := shell.Split(s.Command)
	if err != nil {
		r.warnf(s.CommandPos, "server %q: command: %v", name, err)
		return
	}
	if len(words) == 0 {
		return
	}
	s.Command, s.Args = words[0], words[1:]
	s.ArgPos = make([]project.Position, len(s.Args))
	for i := range s.ArgPos {
		s.ArgPos[i] = s.CommandPos
	}
}

func (r *reader) launcher(s *Server) {
	argv := append([]string{s.Command}, s.Args...)
	l, i := parseLauncher(argv)
	if l == nil {
		return
	}
	l.Position = s.CommandPos
	if i > 0 && i-1 < len(s.ArgPos) {
		l.Position = s.ArgPos[i-1]
	}
	s.Launcher = l
}

// transport infers the transport as the client does: an explicit type
// wins; otherwise a command means stdio and a URL means what the client
// makes of it.
func (r *reader) transport(s *Server, typ string, typPos project.Position, urlKey string) string {
	name := s.Name
	if s.Command != "" && s.URL != "" {
		r.warnf(s.Position, "server %q: both command and %s are set", name, urlKey)
	}
	if urlKey == "httpUrl" { // Gemini: httpUrl is Streamable HTTP whatever else is set
		return HTTP
	}
	if typ != "" {
		switch strings.ToLower(typ) {
		case "stdio":
			return Stdio
		case "http", "streamable-http", "streamable-https", "streamablehttp", "streamable_http":
			return HTTP
		case "sse":
			return SSE
		case "ws", "websocket":
			return WS
		}
		r.warnf(typPos, "server %q: unknown transport type %q", name, typ)
		return ""
	}
	switch {
	case s.Command != "":
		return Stdio
	case s.URL == "":
		r.warnf(s.Position, "server %q: neither a command nor a url", name)
		return ""
	case r.client == Gemini || r.client == Cline:
		// Gemini: url is SSE (httpUrl is Streamable HTTP). Cline: a url
		// without a type is SSE (cline src/services/mcp/schemas.ts).
		return SSE
	case r.client == ClaudeCode || r.client == Roo:
		// Both reject a url entry without a type (Claude Code: "Does not
		// adhere to MCP server configuration schema"; Roo McpHub.ts).
		r.warnf(s.Position, "server %q: %s does not load a url without \"type\": \"http\" or \"sse\"", name, r.client)
		return ""
	}
	// VS Code documents trying Streamable HTTP first, then SSE; the other
	// clients are read the same way (not confirmed for each of them).
	return HTTP
}

// str reads a string. A number or a boolean is kept as text, with a
// warning, since clients reject it.
func (r *reader) str(n *tree.Node, what string) (string, bool) {
	switch {
	case n == nil || n.Kind == tree.Null:
		return "", false
	case n.Kind == tree.String:
		return n.Text, true
	case n.Kind == tree.Number || n.Kind == tree.Bool:
		r.wrongType(n, what, "a string")
		return n.Text, true
	}
	r.wrongType(n, what, "a string")
	return "", false
}

// is reports whether n is a value of kind k. An absent value or null is
// not, silently; a value of another kind is not, with a warning that what
// should be want ("a boolean").
func (r *reader) is(n *tree.Node, k tree.Kind, what, want string) bool {
	if n == nil || n.Kind == tree.Null {
		return false
	}
	if n.Kind != k {
		r.wrongType(n, what, want)
		return false
	}
	return true
}

func (r *reader) boolean(n *tree.Node, what string) bool {
	return r.is(n, tree.Bool, what, "a boolean") && n.Text == "true"
}

func (r *reader) object(n *tree.Node, what string) bool {
	return r.is(n, tree.Object, what, "an object")
}

// strList reads an array of strings and where each is written.
func (r *reader) strList(n *tree.Node, what string) ([]string, []project.Position) {
	if !r.is(n, tree.Array, what, "an array of strings") {
		return nil, nil
	}
	var out []string
	var pos []project.Position
	for i, e := range n.Items {
		if e == nil {
			continue
		}
		if s, ok := r.str(e, fmt.Sprintf("%s[%d]", what, i)); ok {
			out = append(out, s)
			pos = append(pos, r.pos(e))
		}
	}
	return out, pos
}

// settings reads an object of string values (env, headers).
func (r *reader) settings(n *tree.Node, what string) []Setting {
	if !r.object(n, what) {
		return nil
	}
	var out []Setting
	for _, m := range n.Members {
		if v, ok := r.str(m.Value, what+"."+m.Key); ok {
			out = append(out, Setting{Key: m.Key, Value: v, Position: r.pos(m.Value)})
		}
	}
	return out
}

// oauth reads Gemini's oauth object; a client secret goes to credentials.
func (r *reader) oauth(n *tree.Node, what string, o *OAuth, creds []Setting) (*OAuth, []Setting) {
	if !r.object(n, what) {
		return o, creds
	}
	if o == nil {
		o = &OAuth{}
	}
	o.Enabled = r.boolean(n.Get("enabled"), what+".enabled")
	o.ClientID, _ = r.str(n.Get("clientId"), what+".clientId")
	o.Scopes, _ = r.strList(n.Get("scopes"), what+".scopes")
	if v := n.Get("clientSecret"); v != nil {
		if sec, ok := r.str(v, what+".clientSecret"); ok {
			creds = append(creds, Setting{Key: "oauth.clientSecret", Value: sec, Position: r.pos(v)})
		}
	}
	return o, creds
}

// inputs reads VS Code's inputs list.
func (r *reader) inputs(n *tree.Node) []Input {
	if !r.is(n, tree.Array, "inputs", "an array") {
		return nil
	}
	var out []Input
	for i, e := range n.Items {
		what := fmt.Sprintf("inputs[%d]", i)
		if !r.object(e, what) {
			continue
		}
		in := Input{Position: r.pos(e)}
		in.ID, _ = r.str(e.Get("id"), what+".id")
		in.Type, _ = r.str(e.Get("type"), what+".type")
		in.Description, _ = r.str(e.Get("description"), what+".description")
		in.Password = r.boolean(e.Get("password"), what+".password")
		out = append(out, in)
	}
	slices.SortFunc(out, func(a, b Input) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// approval reads Claude Code's project approval settings; nil when the
// file sets none.
func (r *reader) approval(root *tree.Node) *Approval {
	a := &Approval{}
	if v := root.Get("enableAllProjectMcpServers"); v != nil {
		a.AllProjectServers = r.boolean(v, "enableAllProjectMcpServers")
		a.Position = r.pos(v)
	}
	a.EnabledServers, _ = r.strList(root.Get("enabledMcpjsonServers"), "enabledMcpjsonServers")
	a.DisabledServers, _ = r.strList(root.Get("disabledMcpjsonServers"), "disabledMcpjsonServers")
	if perms := root.Get("permissions"); r.object(perms, "permissions") {
		allow, _ := r.strList(perms.Get("allow"), "permissions.allow")
		for _, rule := range allow {
			if strings.HasPrefix(rule, "mcp__") {
				a.AllowedTools = append(a.AllowedTools, rule)
			}
		}
	}
	for _, l := range []*[]string{&a.EnabledServers, &a.DisabledServers, &a.AllowedTools} {
		slices.Sort(*l)
		*l = slices.Compact(*l)
	}
	if !a.AllProjectServers && a.Position.Line == 0 && a.EnabledServers == nil && a.DisabledServers == nil && a.AllowedTools == nil {
		return nil
	}
	return a
}

func sortSettings(lists ...[]Setting) {
	for _, l := range lists {
		slices.SortStableFunc(l, func(a, b Setting) int { return cmp.Compare(a.Key, b.Key) })
	}
}
