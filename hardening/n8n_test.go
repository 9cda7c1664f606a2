package hardening

import (
	"testing"
	"testing/fstest"
)

// n8n's MCP nodes are servers of the checklist: an MCP Client Tool is a
// server the workflow reaches, with the transport its version and
// serverTransport give and the authentication it names; an MCP Server
// Trigger a server the workflow serves, open unless it names one. Other
// nodes are not servers.
func TestN8nMCPNodes(t *testing.T) {
	workflow := `{
  "name": "MCP workflow",
  "nodes": [
    {"parameters": {"endpointUrl": "https://mcp.example.com/mcp", "authentication": "bearerAuth", "include": "selected", "includeTools": ["search"]},
     "name": "Docs MCP", "type": "@n8n/n8n-nodes-langchain.mcpClientTool", "typeVersion": 1.2, "position": [0, 0]},
    {"parameters": {"sseEndpoint": "https://old.example.com/sse"},
     "name": "Old MCP", "type": "@n8n/n8n-nodes-langchain.mcpClientTool", "typeVersion": 1, "position": [0, 200]},
    {"parameters": {"path": "support-tools"},
     "name": "Open trigger", "type": "@n8n/n8n-nodes-langchain.mcpTrigger", "typeVersion": 2, "position": [0, 400]},
    {"parameters": {"path": "guarded", "authentication": "headerAuth"},
     "name": "Guarded trigger", "type": "@n8n/n8n-nodes-langchain.mcpTrigger", "typeVersion": 2, "position": [0, 600]},
    {"parameters": {"url": "https://api.example.com"}, "name": "HTTP", "type": "n8n-nodes-base.httpRequest", "typeVersion": 4.2, "position": [0, 800]}
  ],
  "connections": {}
}`
	res := scanFS(t, fstest.MapFS{"workflows/mcp.json": {Data: []byte(workflow)}}, Options{})
	if len(res.Configs) != 1 || res.Configs[0].Client != N8n {
		t.Fatalf("configs %+v, want one n8n config", res.Configs)
	}
	got := map[string]Server{}
	for _, s := range res.Configs[0].Servers {
		got[s.Name] = s
	}
	if len(got) != 4 {
		t.Fatalf("%d servers, want the 4 MCP nodes: %+v", len(got), got)
	}
	if s := got["Docs MCP"]; s.Transport != HTTP || s.URL != "https://mcp.example.com/mcp" || s.AuthCredential != "bearerAuth" || len(s.IncludeTools) != 1 {
		t.Errorf("Docs MCP: %+v", s)
	}
	if s := got["Old MCP"]; s.Transport != SSE || s.URL != "https://old.example.com/sse" || s.AuthCredential != "" {
		t.Errorf("Old MCP: %+v", s)
	}
	if s := got["Open trigger"]; !s.Serves || s.Path != "support-tools" {
		t.Errorf("Open trigger: %+v", s)
	}
	kinds := map[string][]string{}
	for _, f := range res.Transport {
		kinds[f.Server] = append(kinds[f.Server], f.Kind)
	}
	has := func(server, kind string) bool {
		for _, k := range kinds[server] {
			if k == kind {
				return true
			}
		}
		return false
	}
	if !has("Open trigger", NoCredentials) || has("Guarded trigger", NoCredentials) || has("Docs MCP", NoCredentials) {
		t.Errorf("no-credentials facts %v: want the open trigger's only", kinds)
	}
	if !has("Old MCP", DeprecatedSSE) || !has("Old MCP", NoCredentials) {
		t.Errorf("Old MCP facts %v: want deprecated-sse and no-credentials", kinds["Old MCP"])
	}
	for _, f := range res.Transport {
		if f.Server == "Open trigger" && !f.Own {
			t.Error("the open trigger is not the project's own server")
		}
	}
}
