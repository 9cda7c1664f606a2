package license

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/mcp-comply/mcp-comply/internal/vocab"
)

// The MCP servers a config launches without installing them (npx, uvx,
// docker) get their licence from the bundled catalogue offline, each by
// its own version: a version the catalogue's sources do not cover stays
// unknown, and no catalogue entry becomes an engine of the project.
func TestMCPServerCatalogue(t *testing.T) {
	server := func(eco vocab.Ecosystem, name, version string) Component {
		return Component{Ecosystem: eco, Name: name, Version: version, Role: vocab.RoleMCPServer}
	}
	extra := []Component{
		server(vocab.NPM, "@modelcontextprotocol/server-github", ""),
		server(vocab.NPM, "@modelcontextprotocol/server-filesystem", "2025.8.21"),
		server(vocab.NPM, "@modelcontextprotocol/server-memory", "2026.8.31"),
		server(vocab.NPM, "@modelcontextprotocol/server-everything", "2026.4.1"), // between the verified ranges
		server(vocab.PyPI, "mcp-server-fetch", ""),
		server(vocab.PyPI, "basic-memory", "0.14.0"),
		server(vocab.Container, "ghcr.io/github/github-mcp-server", ""),
		server(vocab.NPM, "@sentry/mcp-server", "0.20.0"),
		server(vocab.NPM, "some-unlisted-mcp", "1.0.0"),
	}
	inv, err := Collect(context.Background(), index(t, fstest.MapFS{}), Options{Extra: extra})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"@modelcontextprotocol/server-github":     "MIT",
		"@modelcontextprotocol/server-filesystem": "MIT",
		"@modelcontextprotocol/server-memory":     "Apache-2.0 AND MIT",
		"@modelcontextprotocol/server-everything": "",
		"mcp-server-fetch":                        "MIT",
		"basic-memory":                            "AGPL-3.0-or-later",
		"ghcr.io/github/github-mcp-server":        "MIT",
		"@sentry/mcp-server":                      "FSL-1.1-ALv2",
		"some-unlisted-mcp":                       "",
	}
	for _, c := range inv.Components {
		if got := c.License.Expression; got != want[c.Name] {
			t.Errorf("%s %s: %q, want %q", c.Name, c.Version, got, want[c.Name])
		}
		if c.License.Known() {
			note := c.License.Evidence[len(c.License.Evidence)-1].Note
			if !strings.HasPrefix(note, "MCP server catalogue: ") || c.Version == "" && !strings.Contains(note, "version unknown") {
				t.Errorf("%s: evidence %q", c.Name, note)
			}
		}
	}
	if len(inv.Engines) != 0 {
		t.Errorf("catalogue servers made engines: %+v", inv.Engines)
	}
}
