package hardening

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// goServers scans a fixture project and returns its servers by name.
func goServers(t *testing.T, fixture string) map[string]SourceServer {
	t.Helper()
	out := map[string]SourceServer{}
	for _, s := range scanFixture(t, fixture).Sources {
		if _, dup := out[s.Name]; dup {
			t.Fatalf("two servers named %s", s.Name)
		}
		out[s.Name] = s
	}
	return out
}

func toolNames(s SourceServer) []string {
	var names []string
	for _, t := range s.Tools {
		names = append(names, t.Name)
	}
	return names
}

func findTool(t *testing.T, s SourceServer, name, description string) Tool {
	t.Helper()
	for _, tl := range s.Tools {
		if tl.Name == name && (description == "" || tl.Description == description) {
			return tl
		}
	}
	t.Fatalf("%s: no tool %s %q in %v", s.Name, name, description, toolNames(s))
	return Tool{}
}

// go-sdk tools built in constructors across a package, listed by a table
// and wrapped by a helper, are one server's, the one the package creates.
func TestGoToolsAcrossPackage(t *testing.T) {
	servers := goServers(t, "go-toolsets")
	if len(servers) != 1 {
		t.Fatalf("servers: %v", servers)
	}
	// the server's name is a parameter: the module path names it
	s, ok := servers["acme-mcp"]
	if !ok || s.File != "pkg/acme/server.go" {
		t.Fatalf("servers: %+v", servers)
	}
	want := []string{"delete_issue", "issue_read", "update_issue_body", "update_issue_title"}
	if got := toolNames(s); !slices.Equal(got, want) {
		t.Fatalf("tools %v, want %v (no unrelated Tool struct, no uncalled helper)", got, want)
	}
	// stdio from cmd/, which imports the package
	if len(s.Transports) != 1 || s.Transports[0].Transport != Stdio || s.Transports[0].File != "cmd/server/main.go" {
		t.Errorf("transports: %+v", s.Transports)
	}

	get := findTool(t, s, "issue_read", "")
	if get.Description != "Read one issue." || get.Annotations.Title != "Get issue" || !get.Annotations.ReadOnly() {
		t.Errorf("issue_read: %+v", get)
	}
	if get.File != "pkg/acme/issues.go" || get.Line != 16 {
		t.Errorf("issue_read at %v, want its mcp.Tool literal", get.Position)
	}
	if len(get.Params) != 1 || get.Params[0].Name != "number" || get.Params[0].Description != "the issue number" || !get.Params[0].Required {
		t.Errorf("issue_read params (from the typed handler): %+v", get.Params)
	}

	del := findTool(t, s, "delete_issue", "")
	if !del.Annotations.Destructive() || len(del.Params) != 2 {
		t.Fatalf("delete_issue: %+v", del)
	}
	if p := del.Params[0]; p.Name != "owner" || p.Type != "string" || !p.Required {
		t.Errorf("owner: %+v", p)
	}
	if p := del.Params[1]; p.Name != "number" || p.Description != "The issue number" || p.Required {
		t.Errorf("number: %+v", p)
	}

	// a helper's name parameter: each call is a tool, at the call
	title := findTool(t, s, "update_issue_title", "")
	if title.Description != "Update the title." || title.Line != 52 {
		t.Errorf("update_issue_title: %+v", title)
	}
}

// mark3labs tools built through wrappers are read at each wrapper call,
// with the options passed on; the server of cmd/ has them, not the
// example's.
func TestGoMark3Wrappers(t *testing.T) {
	servers := goServers(t, "mark3-wrappers")
	s, demo := servers["mcp-acme"], servers["mcp-acme-demo"]
	if s.File != "cmd/mcp-acme/main.go" || demo.File != "examples/demo.go" {
		t.Fatalf("servers: %+v", servers)
	}
	if len(demo.Tools) != 0 {
		t.Errorf("the example's server has tools: %v", toolNames(demo))
	}
	want := []string{"delete_dashboard", "manage_dashboards", "manage_dashboards", "search_dashboards"}
	if got := toolNames(s); !slices.Equal(got, want) {
		t.Fatalf("tools %v, want %v", got, want)
	}
	if len(s.Transports) != 1 || s.Transports[0].Transport != Stdio {
		t.Errorf("transports: %+v", s.Transports)
	}

	search := findTool(t, s, "search_dashboards", "")
	if search.Description != "Search dashboards by title." || search.Annotations.Title != "Search dashboards" || !search.Annotations.ReadOnly() {
		t.Errorf("search_dashboards: %+v", search)
	}
	if search.File != "tools/dashboards.go" || search.Line != 18 {
		t.Errorf("search_dashboards at %v, want the MustTool call", search.Position)
	}
	if len(search.Params) != 2 || search.Params[0].Name != "query" || search.Params[0].Description != "The text to search for, in titles" ||
		!search.Params[0].Required || search.Params[1].Name != "limit" || search.Params[1].Required {
		t.Errorf("search_dashboards params: %+v", search.Params)
	}

	read := findTool(t, s, "manage_dashboards", "Read dashboards.")
	write := findTool(t, s, "manage_dashboards", "Read and change dashboards.")
	if !read.Annotations.ReadOnly() || write.Annotations.ReadOnly() || !write.Annotations.Destructive() {
		t.Errorf("variants: %+v / %+v", read, write)
	}

	del := findTool(t, s, "delete_dashboard", "")
	if del.Description != "Delete a dashboard." || len(del.Params) != 1 || del.Params[0].Name != "uid" ||
		del.Params[0].Description != "The dashboard UID" || !del.Params[0].Required || del.Params[0].Type != "string" {
		t.Errorf("delete_dashboard: %+v", del)
	}
}

// A module's own tool type, converted to the SDK's, is a tool wherever a
// literal of it is; names computed by constant functions of another
// package are resolved; the conversion itself is not a tool.
func TestGoMirrorTools(t *testing.T) {
	servers := goServers(t, "go-mirror")
	s, ok := servers["kube-mcp"]
	if !ok || len(servers) != 1 {
		t.Fatalf("servers: %+v", servers)
	}
	want := []string{"mesh_status", "pods_list"}
	if got := toolNames(s); !slices.Equal(got, want) {
		t.Fatalf("tools %v, want %v (not the conversion, not the Prompt literal)", got, want)
	}
	pods := findTool(t, s, "pods_list", "")
	if pods.Description != "List pods." || pods.Annotations.Title != "Pods: List" || !pods.Annotations.ReadOnly() {
		t.Errorf("pods_list: %+v", pods)
	}
	mesh := findTool(t, s, "mesh_status", "")
	if mesh.Annotations.Title != "Mesh: Status" || !mesh.Annotations.ReadOnly() || mesh.File != "pkg/toolsets/mesh/mesh.go" {
		t.Errorf("mesh_status: %+v", mesh)
	}
}

// A name that does not evaluate outside a wrapper is read as written.
func TestGoNameAsWritten(t *testing.T) {
	fsys := projectFS(t, "go-mirror")
	fsys["pkg/toolsets/core/extra.go"] = &fstest.MapFile{Data: []byte("package core\n\nimport (\n\t\"os\"\n\n\t\"example.com/kube-mcp/pkg/api\"\n)\n\n" +
		"func Extra() api.Tool { return api.Tool{Name: os.Getenv(\"PREFIX\") + \"_extra\"} }\n")}
	r := scanFS(t, fsys, Options{})
	var names []string
	for _, s := range r.Sources {
		names = append(names, toolNames(s)...)
	}
	if !slices.Contains(names, `os.Getenv("PREFIX")_extra`) {
		t.Errorf("tools %v: want the computed part as written", names)
	}
	for _, n := range names {
		if strings.Contains(n, "tool.Tool.Name") {
			t.Errorf("the conversion was read as a tool: %v", names)
		}
	}
}

// A mark3labs server's instructions, prompt, resource, route and listener
// are read as the go-sdk's are; an MCP client's Start and a route to
// another handler are not; an Origin check in a file without the SDK
// counts for each server of the module that imports it, and makes no
// server of a module that has none.
func TestGoMark3Serving(t *testing.T) {
	servers := goServers(t, "mark3-serving")
	if names := slices.Sorted(maps.Keys(servers)); !slices.Equal(names, []string{"weather", "weather-official"}) {
		t.Fatalf("servers: %v (webapp/ serves no MCP)", names)
	}
	if o := servers["weather-official"].OriginCheck; o == nil || o.File != "security.go" {
		t.Errorf("weather-official's origin check: %+v", o)
	}
	s := servers["weather"]
	if s.Version != "1.2.0" || s.Instructions == nil || s.Instructions.Text != "Answer with the station's latest reading." {
		t.Errorf("server: %+v", s)
	}
	if len(s.Prompts) != 1 || s.Prompts[0].Name != "forecast_summary" || s.Prompts[0].Description != "Summarise the forecast for a city" {
		t.Errorf("prompts: %+v", s.Prompts)
	}
	if len(s.Resources) != 1 || s.Resources[0].URI != "weather://stations" || s.Resources[0].Name != "Stations" ||
		s.Resources[0].Description != "Every station with its coordinates" {
		t.Errorf("resources: %+v", s.Resources)
	}
	var paths []string
	for _, e := range s.Transports {
		if e.Transport != HTTP {
			t.Errorf("transport %+v, want Streamable HTTP", e)
		}
		paths = append(paths, e.Path)
	}
	if !slices.Equal(paths, []string{"", "/mcp"}) {
		t.Errorf("routes %q, want the transport and /mcp (not /metrics)", paths)
	}
	var addrs []string
	for _, l := range s.Listens {
		addrs = append(addrs, l.Address)
	}
	if !slices.Equal(addrs, []string{"127.0.0.1:9100", ":8080"}) || !s.Listens[1].AllInterfaces {
		t.Errorf("listens %+v, want the mux and the transport's Start (not the client's)", s.Listens)
	}
	if s.OriginCheck == nil || s.OriginCheck.File != "security.go" {
		t.Errorf("origin check: %+v", s.OriginCheck)
	}
	var kinds []string
	for _, f := range scanFixture(t, "mark3-serving").Transport {
		if f.Server == "weather" {
			kinds = append(kinds, f.Kind)
		}
	}
	if !slices.Equal(kinds, []string{ListenAllInterfaces}) {
		t.Errorf("transport facts %v, want only %s (the Origin is checked)", kinds, ListenAllInterfaces)
	}
}

// foxy-contexts' tools (go-foxy.txtar, after mcp-k8s-go: 0 of its 9
// tools were read): &mcp.Tool{…} of the framework's own mcp package.
func TestGoFoxyContexts(t *testing.T) {
	got, tools := scanTools(t, "go-foxy", func(s SourceServer) string { return s.Name })
	if want := []string{"list-k8s-namespaces"}; len(got) != 1 || !slices.Equal(got["k8s-mcp"], want) {
		t.Fatalf("servers and tools:\n got %v\nwant %v", got, want)
	}
	if d := tools["k8s-mcp/list-k8s-namespaces"].Description; d != "List Kubernetes namespaces using specific context" {
		t.Errorf("description %q", d)
	}
}
