package hardening

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/project/projecttest"
)

var update = flag.Bool("update", false, "rewrite testdata/golden from the current output")

// fixtures lists the config files under testdata (the golden files aside).
func fixtures(t *testing.T) (fs.FS, []string) {
	t.Helper()
	fsys := os.DirFS("testdata")
	var files []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (p == "golden" || p == "projects") {
			return fs.SkipDir
		}
		if !d.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return fsys, files
}

// readAll reads every fixture.
func readAll(t *testing.T) ([]Config, []project.Warning) {
	t.Helper()
	fsys, _ := fixtures(t)
	return readConfigs(t, fsys)
}

// readConfigs indexes fsys and reads its client configs as Finish does.
// The warnings are the reader's and the index's about those files (their
// syntax), sorted.
func readConfigs(t testing.TB, fsys fs.FS) ([]Config, []project.Warning) {
	t.Helper()
	idx := projecttest.Walk(t, fsys)
	configs, warns := projectConfigs(idx)
	files := map[string]bool{}
	for _, f := range idx.Files(project.MCPConfig) {
		files[f.Path] = true
	}
	for _, w := range idx.Warnings() {
		if files[w.File] {
			warns = append(warns, w)
		}
	}
	project.SortWarnings(warns)
	return configs, warns
}

func find(t *testing.T, configs []Config, file, server string) Server {
	t.Helper()
	for _, c := range configs {
		if c.File != file {
			continue
		}
		for _, s := range c.Servers {
			if s.Name == server {
				return s
			}
		}
		t.Fatalf("%s: no server %q", file, server)
	}
	t.Fatalf("no config %s", file)
	return Server{}
}

// Each file is read as the client that reads it.
func TestClientOfFile(t *testing.T) {
	configs, _ := readAll(t)
	got := map[string]string{}
	for _, c := range configs {
		got[c.File] = c.Client
		for _, s := range c.Servers {
			if s.Client != c.Client {
				t.Errorf("%s: server %q has client %q, config has %q", c.File, s.Name, s.Client, c.Client)
			}
		}
	}
	want := map[string]string{
		"claude-code/.mcp.json":                             ClaudeCode,
		"claude-code-plugin/.mcp.json":                      ClaudeCode,
		"cursor/.cursor/mcp.json":                           Cursor,
		"vscode/.vscode/mcp.json":                           VSCode,
		"gemini/.gemini/settings.json":                      Gemini,
		"gemini-extension/gemini-extension.json":            Gemini,
		"codex/.codex/config.toml":                          Codex,
		"windsurf/.windsurf/mcp.json":                       Windsurf,
		"claude-desktop/claude_desktop_config.json":         ClaudeDesktop,
		"cline/cline_mcp_settings.json":                     Cline,
		"continue/.continue/config.yaml":                    Continue,
		"continue/.continue/mcpServers/playwright-mcp.yaml": Continue,
		"continue/.continue/mcpServers/brave.json":          Continue,
		"zed/.zed/settings.json":                            Zed,
		"claude-settings/.claude/settings.json":             ClaudeSettings,
		"kiro/.kiro/settings/mcp.json":                      Kiro,
		"roo/.roo/mcp.json":                                 Roo,
		"generic/mcp_config.json":                           Generic,
	}
	for file, client := range want {
		if got[file] != client {
			t.Errorf("%s: client %q, want %q", file, got[file], client)
		}
	}
	for _, tt := range []struct{ path, want string }{
		{"home/.codeium/windsurf/mcp_config.json", Windsurf},
		{".windsurf/mcp_config.json", Windsurf},
		{".gemini/antigravity/mcp_config.json", Generic},
		{"packages/app/.mcp.json", ClaudeCode},
		{".claude/settings.local.json", ClaudeSettings},
	} {
		if got, _ := clientOf(tt.path); got != tt.want {
			t.Errorf("clientOf(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}

// summary renders what the licence inventory and the checklist rely on most.
func summary(s Server) string {
	out := fmt.Sprintf("line %d %s", s.Position.Line, s.Transport)
	if l := s.Launcher; l != nil {
		out += fmt.Sprintf(" | %s %s %s", l.Runner, l.Ecosystem, l.Package)
		if l.Version != "" {
			out += " " + l.Version
		}
		if l.Pinned {
			out += " pinned"
		}
		out += fmt.Sprintf(" @%d:%d", l.Position.Line, l.Position.Col)
	}
	return out
}

func TestServers(t *testing.T) {
	configs, _ := readAll(t)
	tests := []struct{ file, server, want string }{
		{"claude-code/.mcp.json", "github", "line 3 stdio | npx npm @modelcontextprotocol/server-github @6:22"},
		{"claude-code/.mcp.json", "remote", "line 11 http"},
		{"claude-code/.mcp.json", "postgres", "line 18 stdio | npx npm @modelcontextprotocol/server-postgres 0.6.2 pinned @20:22"},
		{"claude-code/.mcp.json", "fetch", "line 22 stdio | uvx pypi mcp-server-fetch @23:18"}, // "command": "uvx mcp-server-fetch"
		{"claude-code/.mcp.json", "sentry", "line 25 sse"},
		{"claude-code/.mcp.json", "local-tools", "line 29 stdio"},
		{"claude-code-plugin/.mcp.json", "plugin-db", "line 2 stdio"},
		{"claude-code-plugin/.mcp.json", "plugin-api", "line 6 http"},
		{"cursor/.cursor/mcp.json", "brave-search", "line 10 stdio | npx npm @brave/brave-search-mcp-server 2.0.80 pinned @12:22"},
		{"cursor/.cursor/mcp.json", "remote-server", "line 17 http"},
		{"vscode/.vscode/mcp.json", "local", "line 13 stdio | npx npm pkg @16:22"},
		{"vscode/.vscode/mcp.json", "remote", "line 25 http"},
		{"vscode/.vscode/mcp.json", "github", "line 31 stdio | docker run container ghcr.io/github/github-mcp-server @33:75"},
		{"gemini/.gemini/settings.json", "pythonTools", "line 4 stdio"},
		{"gemini/.gemini/settings.json", "dockerizedServer", "line 20 stdio | docker run container my-mcp-server latest @30:9"},
		{"gemini/.gemini/settings.json", "httpServerWithAuth", "line 36 http"},
		{"gemini/.gemini/settings.json", "discoveredServer", "line 44 sse"},
		{"codex/.codex/config.toml", "docs", "line 3 stdio | npx npm mcp-server @5:15"},
		{"codex/.codex/config.toml", "figma", "line 10 http"},
		{"codex/.codex/config.toml", "github", "line 21 stdio | docker run container ghcr.io/github/github-mcp-server sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef pinned @26:3"},
		{"codex/.codex/config.toml", "time", "line 33 stdio | uvx pypi mcp-server-time @35:9"},
		{"windsurf/.windsurf/mcp.json", "figma", "line 11 http"},
		{"claude-desktop/claude_desktop_config.json", "filesystem", "line 4 stdio | npx npm @modelcontextprotocol/server-filesystem @8:9"},
		{"claude-desktop/claude_desktop_config.json", "sequential-thinking", "line 13 stdio | npx npm @modelcontextprotocol/server-sequential-thinking 2025.12.18 pinned @15:22"},
		{"claude-desktop/claude_desktop_config.json", "slack", "line 17 stdio | npx npm @modelcontextprotocol/server-slack 2025.4.25 pinned @19:35"},
		{"cline/cline_mcp_settings.json", "local-server", "line 3 stdio"},
		{"cline/cline_mcp_settings.json", "remote-server", "line 12 sse"}, // a url without a type is SSE in Cline
		{"cline/cline_mcp_settings.json", "streamable", "line 20 http"},
		{"continue/.continue/config.yaml", "SQLite MCP", "line 10 stdio | npx npm mcp-sqlite @14:9"},
		{"continue/.continue/config.yaml", "Remote", "line 16 http"},
		{"continue/.continue/mcpServers/playwright-mcp.yaml", "Browser search", "line 5 stdio | npx npm @playwright/mcp latest @8:9"},
		{"continue/.continue/mcpServers/brave.json", "brave-search", "line 3 stdio | npx npm @brave/brave-search-mcp-server 2.0.80 pinned @5:22"},
		{"zed/.zed/settings.json", "your-mcp-server", "line 5 stdio"},
		{"zed/.zed/settings.json", "postgres", "line 12 stdio | npx npm @modelcontextprotocol/server-postgres @15:24"},
		{"zed/.zed/settings.json", "remote", "line 20 http"},
		{"kiro/.kiro/settings/mcp.json", "aws-docs", "line 10 stdio | uvx pypi awslabs.aws-documentation-mcp-server latest @12:16"},
		{"roo/.roo/mcp.json", "git", "line 3 stdio | uvx pypi git+https://github.com/modelcontextprotocol/servers 0123456789abcdef0123456789abcdef01234567 pinned @5:26"},
		{"roo/.roo/mcp.json", "remote", "line 9 http"},
		{"roo/.roo/mcp.json", "untyped", "line 14 "}, // Roo rejects a url without a type
		{"generic/mcp_config.json", "context7", "line 3 http"},
		{"generic/mcp_config.json", "time", "line 6 stdio | docker run container mcp/time @8:37"},
		// The rest of a file survives the problems in it.
		{"bad/wrong-type/.mcp.json", "memory", "line 9 stdio | npx npm @modelcontextprotocol/server-memory @11:22"},
		{"bad/wrong-type/.mcp.json", "broken", "line 3 stdio"},
		{"bad/wrong-type/.mcp.json", "no-type", "line 15 "},
		{"bad/invalid-utf8/.cursor/mcp.json", "latin1", "line 3 stdio | npx npm mcp-server @5:22"},
		{"bad/invalid-utf8/.cursor/mcp.json", "fine", "line 8 stdio | uvx pypi mcp-server-fetch @10:16"},
		{"bad/toml/.codex/config.toml", "first", "line 1 stdio | npx npm mcp-server @3:15"},
		{"bad/yaml/.continue/config.yaml", "ok", "line 2 stdio"}, // read up to the line at fault
	}
	for _, tt := range tests {
		t.Run(tt.file+"#"+tt.server, func(t *testing.T) {
			if got := summary(find(t, configs, tt.file, tt.server)); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// Settings keep the position of their value, so a literal secret can be
// pointed at; placeholders are kept as written.
func TestSettingPositions(t *testing.T) {
	configs, _ := readAll(t)
	tests := []struct {
		file, server, kind, key, value string
		line, col                      int
	}{
		{"claude-code/.mcp.json", "github", "env", "GITHUB_TOKEN", "${GITHUB_TOKEN}", 8, 25},
		{"claude-code/.mcp.json", "remote", "headers", "Authorization", "Bearer ${API_TOKEN}", 15, 26},
		{"vscode/.vscode/mcp.json", "local", "env", "API_KEY", "${input:api-key}", 17, 26},
		{"gemini/.gemini/settings.json", "pythonTools", "env", "DATABASE_URL", "$DB_CONNECTION_STRING", 9, 25},
		{"codex/.codex/config.toml", "docs", "env", "API_KEY", "value", 6, 21},
		{"codex/.codex/config.toml", "github", "env", "GITHUB_PERSONAL_ACCESS_TOKEN", "ghp_0000000000000000000000000000000000000", 31, 32},
		{"codex/.codex/config.toml", "figma", "headers", "X-Team", "core", 13, 29},
		{"codex/.codex/config.toml", "figma", "envHeaders", "X-Key", "ENV_NAME", 14, 32},
		{"continue/.continue/config.yaml", "Remote", "headers", "Authorization", "Bearer ${{ secrets.MCP_TOKEN }}", 21, 24},
		{"claude-desktop/claude_desktop_config.json", "slack", "env", "SLACK_BOT_TOKEN", "xoxb-your-bot-token", 21, 28},
	}
	for _, tt := range tests {
		t.Run(tt.file+"#"+tt.server+"#"+tt.key, func(t *testing.T) {
			s := find(t, configs, tt.file, tt.server)
			list := map[string][]Setting{"env": s.Env, "headers": s.Headers, "envHeaders": s.EnvHeaders}[tt.kind]
			i := slices.IndexFunc(list, func(st Setting) bool { return st.Key == tt.key })
			if i < 0 {
				t.Fatalf("no %s %s in %+v", tt.kind, tt.key, list)
			}
			got := list[i]
			want := Setting{Key: tt.key, Value: tt.value, Position: project.Position{File: tt.file, Line: tt.line, Col: tt.col}}
			if got != want {
				t.Errorf("got  %+v\nwant %+v", got, want)
			}
		})
	}
}

// The fields the hardening checklist reads: approvals, tool filters,
// auth, disabled entries.
func TestChecklistFields(t *testing.T) {
	configs, _ := readAll(t)
	tests := []struct {
		file, server string
		check        func(Server) bool
	}{
		{"gemini/.gemini/settings.json", "nodeServer", func(s Server) bool {
			return s.Trust && slices.Equal(s.AutoApprove, []string{"*"}) && s.Cwd == "./mcp-servers/node"
		}},
		{"gemini/.gemini/settings.json", "filteredServer", func(s Server) bool {
			return slices.Equal(s.IncludeTools, []string{"data_processor", "file_reader", "safe_tool"}) && s.ExcludeTools == nil
		}},
		{"gemini/.gemini/settings.json", "googleCloudServer", func(s Server) bool {
			return s.OAuth != nil && s.OAuth.AuthProvider == "google_credentials" &&
				slices.Equal(s.OAuth.Scopes, []string{"https://www.googleapis.com/auth/userinfo.email"})
		}},
		{"cline/cline_mcp_settings.json", "local-server", func(s Server) bool {
			return slices.Equal(s.AutoApprove, []string{"tool1", "tool2"}) && !s.Disabled && !s.Trust
		}},
		{"roo/.roo/mcp.json", "git", func(s Server) bool {
			return slices.Equal(s.AutoApprove, []string{"git_log", "git_status"}) && slices.Equal(s.ExcludeTools, []string{"git_reset"})
		}},
		{"kiro/.kiro/settings/mcp.json", "aws-docs", func(s Server) bool {
			return slices.Equal(s.AutoApprove, []string{"search_documentation"})
		}},
		{"windsurf/.windsurf/mcp.json", "figma", func(s Server) bool {
			return s.Disabled && s.URL == "https://mcp.figma.com/mcp" && s.URLPos.Line == 12
		}},
		{"windsurf/.windsurf/mcp.json", "github", func(s Server) bool {
			return slices.Equal(s.ExcludeTools, []string{"delete_repository"})
		}},
		{"codex/.codex/config.toml", "figma", func(s Server) bool {
			return s.BearerTokenEnv == "FIGMA_OAUTH_TOKEN" && slices.Equal(s.IncludeTools, []string{"search"}) &&
				slices.Equal(s.ExcludeTools, []string{"delete"}) && !s.Disabled
		}},
		{"codex/.codex/config.toml", "docs", func(s Server) bool {
			return slices.Equal(s.EnvVars, []string{"API_KEY2"}) && s.Cwd == "/path"
		}},
		{"codex/.codex/config.toml", "github", func(s Server) bool { return s.ApprovalMode == "prompt" }},
		{"codex/.codex/config.toml", "time", func(s Server) bool { return s.Disabled }},
		{"vscode/.vscode/mcp.json", "local", func(s Server) bool {
			return s.Sandboxed && s.EnvFile == "${workspaceFolder}/.env"
		}},
		{"claude-code/.mcp.json", "fetch", func(s Server) bool { // one-string command, split
			return s.Command == "uvx" && slices.Equal(s.Args, []string{"mcp-server-fetch"}) && s.ArgPos[0] == s.CommandPos
		}},
		{"claude-code/.mcp.json", "postgres", func(s Server) bool {
			return len(s.Args) == 3 && s.Args[2] == "${DATABASE_URL:-postgresql://localhost/app}" && s.ArgPos[2].Line == 20 && s.ArgPos[2].Col == 69
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file+"#"+tt.server, func(t *testing.T) {
			if s := find(t, configs, tt.file, tt.server); !tt.check(s) {
				t.Errorf("unexpected server: %+v", s)
			}
		})
	}
}

func TestInputsAndApproval(t *testing.T) {
	configs, _ := readAll(t)
	for _, c := range configs {
		switch c.File {
		case "vscode/.vscode/mcp.json":
			want := []Input{{ID: "api-key", Type: "promptString", Description: "API key", Password: true,
				Position: project.Position{File: c.File, Line: 4, Col: 5}}}
			if !slices.Equal(c.Inputs, want) {
				t.Errorf("inputs = %+v, want %+v", c.Inputs, want)
			}
		case "claude-settings/.claude/settings.json":
			a := c.Approval
			if a == nil || !a.AllProjectServers || a.Position.Line != 10 ||
				!slices.Equal(a.EnabledServers, []string{"filesystem", "github"}) ||
				!slices.Equal(a.DisabledServers, []string{"sentry"}) ||
				!slices.Equal(a.AllowedTools, []string{"mcp__filesystem", "mcp__github__create_issue"}) {
				t.Errorf("approval = %+v", a)
			}
		default:
			if c.Approval != nil || (c.Inputs != nil && c.Client != VSCode) {
				t.Errorf("%s: unexpected approval %+v or inputs %+v", c.File, c.Approval, c.Inputs)
			}
		}
	}
}

// Bad input never stops the read: each problem is a warning with its
// position, and the rest of the file is read.
func TestWarnings(t *testing.T) {
	_, warns := readAll(t)
	got := map[string][]string{}
	for _, w := range warns {
		got[w.File] = append(got[w.File], w.String())
	}
	tests := map[string][]string{
		"bad/empty/.mcp.json": {"bad/empty/.mcp.json: empty file: no MCP servers"},
		"bad/invalid-utf8/.cursor/mcp.json": {
			"bad/invalid-utf8/.cursor/mcp.json:6:30: invalid UTF-8: 2 bytes read as '?'"},
		"bad/syntax/.vscode/mcp.json": {
			`bad/syntax/.vscode/mcp.json:5:7: invalid JSON: invalid character '"' after object value (expecting ',' or '}')`},
		"bad/toml/.codex/config.toml": {
			"bad/toml/.codex/config.toml:7:27: invalid TOML: array is incomplete (the rest of the file is not read)"},
		"bad/yaml/.continue/config.yaml": {
			"bad/yaml/.continue/config.yaml:4: invalid YAML: did not find expected '-' indicator; read up to the line before"},
		"bad/unknown-key/.mcp.json": {
			`bad/unknown-key/.mcp.json:2:3: unknown key "servers": claude-code reads mcpServers`},
		"bad/wrong-type/.mcp.json": {
			`bad/wrong-type/.mcp.json:5:15: server "broken": args: expected an array of strings, found a string`,
			`bad/wrong-type/.mcp.json:6:14: server "broken": env: expected an object, found an array`,
			`bad/wrong-type/.mcp.json:7:7: server "broken": unknown key "comand"`,
			`bad/wrong-type/.mcp.json:11:61: server "memory": args[2]: expected a string, found a number`,
			`bad/wrong-type/.mcp.json:12:23: server "memory": env.PORT: expected a string, found a number`,
			`bad/wrong-type/.mcp.json:14:22: server "not-an-object": expected an object, found a string`,
			`bad/wrong-type/.mcp.json:15:5: server "no-type": claude-code does not load a url without "type": "http" or "sse"`,
		},
		"roo/.roo/mcp.json": {
			`roo/.roo/mcp.json:14:5: server "untyped": roo does not load a url without "type": "http" or "sse"`},
	}
	for file, want := range tests {
		t.Run(file, func(t *testing.T) {
			if !slices.Equal(got[file], want) {
				t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got[file], "\n"), strings.Join(want, "\n"))
			}
		})
	}
	for file := range got {
		if _, ok := tests[file]; !ok {
			t.Errorf("unexpected warnings for %s:\n%s", file, strings.Join(got[file], "\n"))
		}
	}
}

// The rest of a file survives the problems in it (TestServers reads the
// good servers of the bad files); a value that is not UTF-8 is kept.
func TestBadFilesKeepGoodServers(t *testing.T) {
	configs, _ := readAll(t)
	s := find(t, configs, "bad/invalid-utf8/.cursor/mcp.json", "latin1")
	if len(s.Env) != 1 || s.Env[0].Value != "gr?? dich" {
		t.Errorf("invalid UTF-8 value = %+v, want each bad byte read as '?'", s.Env)
	}
}

// Warnings name keys and kinds, never values: a value may be a secret.
func TestWarningsDoNotEchoValues(t *testing.T) {
	const secret = "sk-proj-fake-secret-value"
	fsys := fstest.MapFS{
		// A raw tab makes the string an invalid JSON literal; the parser's
		// message would quote it.
		"a/.mcp.json":             {Data: []byte("{\"mcpServers\": {\"x\": {\"command\": \"npx\", \"env\": {\"K\": \"" + secret + "\t\"}}}}")},
		"b/.mcp.json":             {Data: []byte(`{"mcpServers": {"x": {"command": "npx", "env": {"K": ["` + secret + `"]}, "args": {"k": "` + secret + `"}}}}`)},
		"c/.codex/config.toml":    {Data: []byte("[mcp_servers.x]\nenv = { K = \"" + secret + "\n")},
		"d/.continue/config.yaml": {Data: []byte("mcpServers:\n  - name: x\n    env: \"" + secret + "\n")},
	}
	_, warns := readConfigs(t, fsys)
	if len(warns) < 4 {
		t.Fatalf("want a warning per file, got %v", warns)
	}
	_, fixtureWarns := readAll(t)
	for _, w := range append(warns, fixtureWarns...) {
		for _, v := range []string{secret, "sk-proj", "another-fake-secret", "typo", "npx -y something"} {
			if strings.Contains(w.Message, v) {
				t.Errorf("warning echoes a value: %s", w)
			}
		}
	}
}

// A project config that cannot be read gives no Config: the index says
// why, once, and the reader adds nothing. A user config that cannot be
// read is the reader's warning.
func TestConfigsUnreadable(t *testing.T) {
	fsys := fstest.MapFS{
		"bin/.mcp.json":       {Data: []byte("{\x00\x01}")},
		"ok/.cursor/mcp.json": {Data: []byte(`{"mcpServers": {}}`)},
	}
	configs, warns := readConfigs(t, fsys)
	if len(configs) != 1 || configs[0].File != "ok/.cursor/mcp.json" || configs[0].Servers != nil {
		t.Errorf("configs = %+v, want only the empty ok/.cursor/mcp.json", configs)
	}
	if len(warns) != 1 || warns[0].String() != "bin/.mcp.json: not read: binary file" {
		t.Errorf("warnings = %v, want the index's one about bin/.mcp.json", warns)
	}

	user := fstest.MapFS{
		"bin/.mcp.json":       {Data: []byte("{\x00\x01}")},
		"dir/.mcp.json/x":     {Data: []byte("{}")},
		"ok/.cursor/mcp.json": {Data: []byte(`{"mcpServers": {"a": {"command": "npx", "args": ["pkg@1.0.0"]}}}`)},
		"bad/.mcp.json":       {Data: []byte(`{"mcpServers": {`)},
	}
	configs, warns = userConfigs(user, []string{"ok/.cursor/mcp.json", "missing/.mcp.json", "bin/.mcp.json", "dir/.mcp.json", "bad/.mcp.json"})
	var got []string
	for _, c := range configs {
		got = append(got, fmt.Sprintf("%s user=%v servers=%d", c.File, c.User, len(c.Servers)))
	}
	if want := []string{"bad/.mcp.json user=true servers=0", "ok/.cursor/mcp.json user=true servers=1"}; !slices.Equal(got, want) {
		t.Errorf("user configs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var files []string
	for _, w := range warns {
		files = append(files, w.File)
		if w.File != "bad/.mcp.json" && !strings.HasPrefix(w.Message, "mcp config not read: ") ||
			w.File == "bad/.mcp.json" && !strings.HasPrefix(w.Message, "invalid JSON: ") {
			t.Errorf("warning %s", w)
		}
	}
	if want := []string{"bad/.mcp.json", "bin/.mcp.json", "dir/.mcp.json", "missing/.mcp.json"}; !slices.Equal(files, want) {
		t.Errorf("warnings for %v, want %v (sorted)", files, want)
	}
}

// JSON with duplicate keys keeps the last, as JSON.parse does; TOML tables
// and YAML anchors are read like the clients read them.
func TestFormats(t *testing.T) {
	fsys := fstest.MapFS{
		"dup/.mcp.json":                {Data: []byte(`{"mcpServers": {"a": {"command": "npx", "args": ["one"]}, "a": {"command": "npx", "args": ["two@1.0.0"]}}}`)},
		"dotted/.codex/config.toml":    {Data: []byte("mcp_servers.a.command = \"uvx\"\nmcp_servers.a.args = [\"pkg==1\"]\n[mcp_servers.\"b.c\"]\nurl = 'https://x/mcp'\n")},
		"anchor/.continue/config.yaml": {Data: []byte("base: &base\n  command: npx\n  args: [\"-y\", \"pkg@2.0.0\"]\nmcpServers:\n  - name: a\n    <<: *base\n  - *base\n")},
		"bom/.mcp.json":                {Data: []byte("\xef\xbb\xbf{\"mcpServers\": {\"a\": {\"command\": \"npx pkg\"}}}")},
	}
	configs, warns := readConfigs(t, fsys)
	var got []string
	for _, c := range configs {
		for _, s := range c.Servers {
			got = append(got, fmt.Sprintf("%s %s %s", c.File, s.Name, summary(s)))
		}
	}
	want := []string{
		"anchor/.continue/config.yaml  line 7 stdio | npx npm pkg 2.0.0 pinned @3:16",
		"anchor/.continue/config.yaml a line 5 stdio | npx npm pkg 2.0.0 pinned @3:16",
		"bom/.mcp.json a line 1 stdio | npx npm pkg @1:37",
		"dotted/.codex/config.toml a line 1 stdio | uvx pypi pkg 1 pinned @2:23",
		"dotted/.codex/config.toml b.c line 3 http",
		"dup/.mcp.json a line 1 stdio | npx npm two 1.0.0 pinned @1:92",
	}
	if !slices.Equal(got, want) {
		t.Errorf("servers:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var msgs []string
	for _, w := range warns {
		msgs = append(msgs, w.String())
	}
	wantWarns := []string{
		"anchor/.continue/config.yaml:7:5: mcpServers entry without a name",
		`dup/.mcp.json:1:59: duplicate key "a": the last one is used`,
	}
	if !slices.Equal(msgs, wantWarns) {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), strings.Join(wantWarns, "\n"))
	}
}

// The golden files hold the whole model of each fixture; run with -update
// after a deliberate change and review the diff.
func TestGolden(t *testing.T) {
	_, files := fixtures(t)
	all, allWarns := readAll(t)
	for _, file := range files {
		t.Run(file, func(t *testing.T) {
			var configs []Config
			for _, c := range all {
				if c.File == file {
					configs = append(configs, c)
				}
			}
			var warns []project.Warning
			for _, w := range allWarns {
				if w.File == file {
					warns = append(warns, w)
				}
			}
			goldenJSON(t, strings.ReplaceAll(file, "/", "__")+".golden", struct {
				Configs  []Config          `json:"configs"`
				Warnings []project.Warning `json:"warnings"`
			}{configs, warns})
		})
	}
}

// A wrong type in TOML points at the key when go-toml gives the value no
// offset (arrays).
func TestTOMLWrongTypePosition(t *testing.T) {
	fsys := fstest.MapFS{".codex/config.toml": {Data: []byte("[mcp_servers.a]\ncommand = \"npx\"\nenv = [\"A=1\"]\nargs = [\"-y\", [\"x\"]]\n")}}
	_, warns := readConfigs(t, fsys)
	var got []string
	for _, w := range warns {
		got = append(got, w.String())
	}
	want := []string{
		`.codex/config.toml:3:1: server "a": env: expected an object, found an array`,
		`.codex/config.toml:4:1: server "a": args[1]: expected a string, found an array`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// The project index hands every fixture to the reader: the paths it
// classifies as MCP configs and the clients this package knows agree.
func TestIndexClassifiesFixtures(t *testing.T) {
	fsys, files := fixtures(t)
	x := projecttest.Walk(t, fsys)
	var indexed []string
	for _, f := range x.Files(project.MCPConfig) {
		indexed = append(indexed, f.Path)
	}
	slices.Sort(files)
	if !slices.Equal(indexed, files) {
		t.Errorf("index MCP configs:\n%s\nfixtures:\n%s", strings.Join(indexed, "\n"), strings.Join(files, "\n"))
	}
}
