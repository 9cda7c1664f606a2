package hardening

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/mcp-comply/mcp-comply/internal/project/projecttest"
)

// generatedProject has servers × tools Python tools with docstrings and
// parameters, one config running every server, and a dotenv file.
func generatedProject(servers, tools int) fstest.MapFS {
	fsys := fstest.MapFS{".env": {Data: []byte("LOG_LEVEL=debug\nAPI_URL=https://api.example.com\n")}}
	var cfg strings.Builder
	cfg.WriteString(`{"mcpServers": {`)
	for s := range servers {
		var b strings.Builder
		fmt.Fprintf(&b, "from mcp.server.fastmcp import FastMCP\nfrom pydantic import Field\n\nmcp = FastMCP(\"srv%d\", instructions=\"Server %d for the assistant.\")\n", s, s)
		for t := range tools {
			fmt.Fprintf(&b, "\n\n@mcp.tool()\ndef tool_%d_%d(query: str, limit: int = Field(default=10, description=\"At most this many results\")) -> str:\n", s, t)
			fmt.Fprintf(&b, "    \"\"\"Search the records of collection %d and return the matching rows as JSON.\n\n    Results are sorted by relevance; use limit to page.\n    \"\"\"\n    return \"\"\n", t)
		}
		b.WriteString("\n\nif __name__ == \"__main__\":\n    mcp.run()\n")
		fsys[fmt.Sprintf("servers/srv%d.py", s)] = &fstest.MapFile{Data: []byte(b.String())}
		if s > 0 {
			cfg.WriteString(",")
		}
		fmt.Fprintf(&cfg, `"srv%d": {"command": "python", "args": ["servers/srv%d.py"], "autoApprove": ["tool_%d_0"]}`, s, s, s)
	}
	cfg.WriteString("}}")
	fsys["cline_mcp_settings.json"] = &fstest.MapFile{Data: []byte(cfg.String())}
	return fsys
}

// BenchmarkScan scans a generated project of 20 servers with 50 tools
// each (1,000 tools).
func BenchmarkScan(b *testing.B) {
	fsys := generatedProject(20, 50)
	idx := projecttest.Walk(b, fsys)
	var tools int
	for b.Loop() {
		r, err := Scan(b.Context(), idx, Options{})
		if err != nil {
			b.Fatal(err)
		}
		tools = len(r.Tools)
	}
	if tools != 1000 {
		b.Fatalf("tools = %d, want 1000", tools)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(tools), "ns/tool")
}

// The generated project scans without an indicator: its descriptions are
// plain.
func TestGeneratedProject(t *testing.T) {
	r := scanFS(t, generatedProject(3, 4), Options{})
	if len(r.Tools) != 12 || len(r.Indicators) != 0 || len(r.Approvals) != 3 {
		t.Errorf("tools %d, indicators %v, approvals %d", len(r.Tools), r.Indicators, len(r.Approvals))
	}
}
