package hardening

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// Every user-level path is read as its client's config.
func TestUserConfigPaths(t *testing.T) {
	env := map[string]string{"APPDATA": `C:\Users\dev\AppData\Roaming`, "CODEX_HOME": "/opt/codex"}
	getenv := func(k string) string { return env[k] }
	for _, goos := range []string{"linux", "darwin", "windows"} {
		t.Run(goos, func(t *testing.T) {
			paths := UserConfigPaths("/home/dev", goos, getenv)
			if !slices.IsSorted(paths) {
				t.Error("paths are not sorted")
			}
			for _, p := range paths {
				client, _ := clientOf(filepath.ToSlash(strings.ReplaceAll(p, `\`, "/")))
				base := filepath.Base(p)
				if client == Generic && base != "mcp_config.json" && base != "mcp-config.json" {
					t.Errorf("%s is read as a generic file", p)
				}
			}
			if !slices.Contains(paths, filepath.Join("/opt/codex", "config.toml")) {
				t.Errorf("CODEX_HOME not honoured: %v", paths)
			}
		})
	}
}

// User configs are read next to the project's and marked.
func TestScanUserConfigs(t *testing.T) {
	user := fstest.MapFS{"home/dev/.cursor/mcp.json": {Data: []byte(`{"mcpServers": {"mine": {"command": "npx", "args": ["-y", "some-mcp"]}}}`)}}
	r := scanFS(t, fstest.MapFS{"README.md": {}}, Options{UserFS: user, UserConfigs: []string{"home/dev/.cursor/mcp.json"}})
	if len(r.Configs) != 1 || !r.Configs[0].User || r.Configs[0].Client != Cursor || len(r.Unpinned) != 1 {
		t.Errorf("configs %+v, unpinned %+v", r.Configs, r.Unpinned)
	}
}
