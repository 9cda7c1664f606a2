package hardening

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// UserConfigPaths lists where the MCP clients keep their user-level and
// machine-wide configs on this kind of system (research/mcp.md §2.1),
// for --user-configs. home is the user's home directory, goos a GOOS
// value, getenv reads APPDATA, CLAUDE_CONFIG_DIR and CODEX_HOME. The
// paths may not exist; ExistingUserConfigs keeps those that do.
func UserConfigPaths(home, goos string, getenv func(string) string) []string {
	j := filepath.Join
	paths := []string{
		j(home, ".claude.json"), j(home, ".claude", "settings.json"),
		j(home, ".cursor", "mcp.json"),
		j(home, ".codeium", "windsurf", "mcp_config.json"),
		j(home, ".gemini", "settings.json"), j(home, ".gemini", "antigravity", "mcp_config.json"),
		j(home, ".continue", "config.yaml"), j(home, ".continue", "config.json"),
		j(home, ".kiro", "settings", "mcp.json"),
		j(home, ".copilot", "mcp-config.json"),
		j(home, ".cline", "data", "settings", "cline_mcp_settings.json"),
		j(home, ".config", "zed", "settings.json"),
	}
	if d := getenv("CLAUDE_CONFIG_DIR"); d != "" {
		paths = append(paths, j(d, ".claude.json"), j(d, "settings.json"))
	}
	codex := j(home, ".codex")
	if d := getenv("CODEX_HOME"); d != "" {
		codex = d
	}
	paths = append(paths, j(codex, "config.toml"))
	// The per-application directory of Claude Desktop, VS Code and the
	// Cline extension inside it.
	var appDirs []string
	switch goos {
	case "darwin":
		support := j(home, "Library", "Application Support")
		appDirs = []string{support}
		paths = append(paths, j(support, "Zed", "settings.json"), "/Library/Application Support/ClaudeCode/managed-mcp.json", "/etc/codex/config.toml")
	case "windows":
		if d := getenv("APPDATA"); d != "" {
			appDirs = []string{d}
		}
		paths = append(paths, `C:\Program Files\ClaudeCode\managed-mcp.json`)
	default:
		appDirs = []string{j(home, ".config")}
		paths = append(paths, "/etc/claude-code/managed-mcp.json", "/etc/codex/config.toml")
	}
	for _, d := range appDirs {
		paths = append(paths, j(d, "Claude", "claude_desktop_config.json"))
		for _, code := range []string{"Code", "Code - Insiders", "Cursor", "Windsurf"} {
			if code == "Code" || code == "Code - Insiders" {
				paths = append(paths, j(d, code, "User", "mcp.json"))
			}
			paths = append(paths, j(d, code, "User", "globalStorage", "saoudrizwan.claude-dev", "settings", "cline_mcp_settings.json"))
		}
	}
	slices.Sort(paths)
	return slices.Compact(paths)
}

// ExistingUserConfigs keeps the absolute Unix paths that name regular
// files and returns them relative to the file system root, with that
// root as an fs.FS, ready for Options.UserFS and Options.UserConfigs.
func ExistingUserConfigs(paths []string) (fs.FS, []string) {
	var out []string
	for _, p := range paths {
		if !strings.HasPrefix(p, "/") {
			continue
		}
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			out = append(out, strings.TrimPrefix(filepath.ToSlash(p), "/"))
		}
	}
	return os.DirFS("/"), out
}
