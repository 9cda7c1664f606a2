package license

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/vocab"
	"github.com/mcp-comply/mcp-comply/license/kb"
	"github.com/mcp-comply/mcp-comply/license/kb/kbtest"
)

// engineBase is a catalogue with the shapes attribution must handle.
func engineBase(t *testing.T) *kb.Base {
	t.Helper()
	const data = `licenses:
  - {id: SUL-1.0, name: SUL, category: fair-code, source: https://example.com/sul, checked: 2026-11-24, uses: {}}
  - {id: Apache-2.0, name: Apache, category: permissive, source: https://example.com/apache, checked: 2026-11-24, uses: {}}
  - {id: MIT, name: MIT, category: permissive, source: https://example.com/mit, checked: 2026-11-24, uses: {}}
  - {id: Commons-Clause, name: CC, category: source-available, exception: true, source: https://example.com/cc, checked: 2026-11-24, uses: {}}
  - {id: LicenseRef-UNLICENSED, name: UNLICENSED, category: commercial, source: https://example.com/u, checked: 2026-11-24, uses: {}}
  - {id: LicenseRef-n8n-enterprise, name: n8n EE, category: commercial, source: https://example.com/ee, checked: 2026-11-24, uses: {}}
  - {id: BSD-3-Clause, name: BSD, category: permissive, source: https://example.com/bsd, checked: 2026-11-24, uses: {}}
  - {id: SSPL-1.0, name: SSPL, category: source-available, source: https://example.com/sspl, checked: 2026-11-24, uses: {}}
engines:
  - id: n8n
    name: n8n
    main: n8n
    npm: [n8n, n8n-workflow, "@n8n/*", "@n8n_io/*"]
    bundled: ["@n8n_io/*"]
    images: [n8nio/n8n, docker.n8n.io/n8nio/n8n]
    licenses:
      - {expression: Apache-2.0 WITH Commons-Clause, before: 0.169.0, source: https://example.com/a, checked: 2026-11-24}
      - {expression: SUL-1.0, from: 0.169.0, since: 2022-03-17, source: https://example.com/b, checked: 2026-11-24}
    scopes:
      - {match: "*.ee.*", expression: LicenseRef-n8n-enterprise, note: enterprise files, source: https://example.com/c, checked: 2026-11-24}
      - {match: "*.ee", expression: LicenseRef-n8n-enterprise, note: enterprise dirs, source: https://example.com/c, checked: 2026-11-24}
  - id: langchain
    name: LangChain
    npm: ["@langchain/*"]
    licenses: [{expression: MIT, source: https://example.com/d, checked: 2026-11-24}]
  - id: langgraph
    name: LangGraph
    npm: ["@langchain/langgraph"]
    licenses: [{expression: MIT, source: https://example.com/e, checked: 2026-11-24}]
  - id: redis
    name: Redis
    kind: service
    images: [redis]
    licenses:
      - {expression: BSD-3-Clause, before: 7.4.0, source: https://example.com/f, checked: 2026-11-24}
      - {expression: SSPL-1.0, from: 7.4.0, source: https://example.com/g, checked: 2026-11-24}
`
	return kbtest.Base(t, data)
}

func TestEngineOf(t *testing.T) {
	base := engineBase(t)
	for _, tc := range []struct {
		eco  vocab.Ecosystem
		name string
		want string
	}{
		{vocab.NPM, "n8n", "n8n"},
		{vocab.NPM, "@n8n/config", "n8n"},
		{vocab.NPM, "n8n-nodes-acme", ""}, // a community node is not n8n
		{vocab.NPM, "@langchain/core", "langchain"},
		{vocab.NPM, "@langchain/langgraph", "langgraph"}, // the exact name beats LangChain's scope
		{vocab.Container, "docker.io/n8nio/n8n", "n8n"},
		{vocab.Container, "redis", "redis"},
		{vocab.EngineExport, "n8n", "n8n"},
	} {
		c := Component{Ecosystem: tc.eco, Name: tc.name}
		got := ""
		if e := engineOf(base, &c); e != nil {
			got = e.ID
		}
		if got != tc.want {
			t.Errorf("engineOf(%s %s) = %q, want %q", tc.eco, tc.name, got, tc.want)
		}
	}
}

func TestAttributeEngines(t *testing.T) {
	base := engineBase(t)
	fsys := fstest.MapFS{
		"node_modules/n8n/dist/sso.ee/saml.js":            {},
		"node_modules/n8n/dist/license.ee.js":             {},
		"node_modules/n8n/dist/workflow.js":               {},
		"node_modules/n8n/node_modules/dep/x.ee.js":       {}, // a nested dependency is not n8n's code
		"node_modules/n8n-workflow/dist/expression.ee.js": {}, // only the main package is walked
		"node_modules/@n8n_io/license-sdk/package.json":   {},
		"node_modules/@n8n/typeorm/package.json":          {},
		"docker-compose.yml":                              {},
		"workflows/support.json":                          {},
	}
	resolved := func(expr string) Resolution {
		if expr == "" {
			return Resolution{Method: vocab.MethodNone}
		}
		return Resolution{Expression: expr, Method: vocab.MethodDeclared}
	}
	pos := []project.Position{{File: "package-lock.json", Line: 3}}
	comps := []Component{
		{Ecosystem: vocab.NPM, Name: "n8n", Version: "2.8.4", Dir: "node_modules/n8n", License: resolved("SUL-1.0"), Locations: pos},
		{Ecosystem: vocab.NPM, Name: "n8n-workflow", Version: "2.8.0", License: resolved(""), Locations: pos},
		{Ecosystem: vocab.NPM, Name: "@n8n_io/license-sdk", Version: "2.25.0", License: resolved("LicenseRef-UNLICENSED"), Locations: pos},
		{Ecosystem: vocab.NPM, Name: "@n8n/typeorm", Version: "0.3.20", License: resolved("MIT"), Locations: pos},
		{Ecosystem: vocab.Container, Name: "redis", Version: "7", Role: vocab.RoleImage, License: resolved(""), Locations: []project.Position{{File: "docker-compose.yml", Line: 4}}},
		{Ecosystem: vocab.EngineExport, Name: "n8n", Role: vocab.RoleRuntime, License: resolved(""), Locations: []project.Position{{File: "workflows/support.json", Line: 1}}},
	}
	engines := attributeEngines(index(t, fsys), base, comps)
	if len(engines) != 2 || engines[0].ID != "n8n" || engines[1].ID != "redis" {
		t.Fatalf("engines = %+v", engines)
	}
	n8n, redis := engines[0], engines[1]
	if n8n.Version != "2.8.4" || n8n.License != "SUL-1.0" || n8n.Catalogue.Expression != "SUL-1.0" || n8n.Kind != "engine" || n8n.Components != 5 {
		t.Errorf("n8n = %+v", n8n)
	}
	byName := map[string]Component{}
	for _, c := range comps {
		byName[string(c.Ecosystem)+":"+c.Name] = c
	}
	if c := byName["npm:n8n-workflow"]; c.License.Expression != "SUL-1.0" || c.License.Method != vocab.MethodCatalogue {
		t.Errorf("an n8n package without metadata = %+v, want SUL-1.0 from the catalogue", c.License)
	}
	if c := byName["npm:@n8n_io/license-sdk"]; c.License.Expression != "SUL-1.0" || !strings.Contains(c.License.Evidence[len(c.License.Evidence)-1].Note, "judged under n8n's licence") {
		t.Errorf("the vendor's unlicensed SDK = %+v, want judged under SUL-1.0 with a note", c.License)
	}
	if c := byName["npm:@n8n/typeorm"]; c.License.Expression != "MIT" {
		t.Errorf("declared metadata must win over the catalogue: %+v", c.License)
	}
	if c := byName["engine:n8n"]; c.License.Expression != "SUL-1.0" {
		t.Errorf("the export's engine = %+v, want SUL-1.0", c.License)
	}
	var files []string
	for _, s := range n8n.Scopes {
		files = append(files, s.Match+"="+strings.Join(s.Examples, ","))
	}
	// The two n8n patterns share a licence: one scope, each file once.
	if got := strings.Join(files, " "); got != "*.ee.*, *.ee=node_modules/n8n/dist/license.ee.js,node_modules/n8n/dist/sso.ee/saml.js" || n8n.Scopes[0].Files != 2 {
		t.Errorf("scopes = %s (%d files)", got, n8n.Scopes[0].Files)
	}
	if redis.Kind != "service" || redis.License != "SSPL-1.0" || len(redis.Notes) == 0 || !strings.Contains(redis.Notes[0], "follows the newest 7.x release") {
		t.Errorf("redis:7 = %+v, want SSPL-1.0 (the newest 7.x) with a note on the floating tag", redis)
	}
}

// TestMainComponentIsAPackageOrImage: an export named like the engine
// ("n8n") carries no version and must not stand in for the image that does.
func TestMainComponentIsAPackageOrImage(t *testing.T) {
	base := engineBase(t)
	e, _ := base.Engine("n8n")
	comps := []Component{
		{Ecosystem: vocab.EngineExport, Name: "n8n", Role: vocab.RoleRuntime},
		{Ecosystem: vocab.Container, Name: "docker.n8n.io/n8nio/n8n", Version: "1.98.1", Role: vocab.RoleImage},
	}
	if m := mainComponent(e, comps, []int{0, 1}); m == nil || m.Version != "1.98.1" {
		t.Errorf("main component = %+v, want the image 1.98.1", m)
	}
}

func TestCatalogueLicense(t *testing.T) {
	base := engineBase(t)
	n8n, _ := base.Engine("n8n")
	for _, tc := range []struct {
		main *Component
		want string
		note string
	}{
		{&Component{Ecosystem: vocab.NPM, Name: "n8n", Version: "0.150.0"}, "Apache-2.0 WITH Commons-Clause", ""},
		{&Component{Ecosystem: vocab.NPM, Name: "n8n", Version: "1.0.0"}, "SUL-1.0", ""},
		{&Component{Ecosystem: vocab.Container, Name: "n8nio/n8n", Version: "latest"}, "SUL-1.0", "version unknown"},
		{&Component{Ecosystem: vocab.Container, Name: "n8nio/n8n", Version: "0.160.0-debian"}, "Apache-2.0 WITH Commons-Clause", ""},
		{&Component{Ecosystem: vocab.EngineExport, Name: "n8n"}, "SUL-1.0", "version unknown"},
		{nil, "SUL-1.0", "version unknown"},
	} {
		got, note := catalogueLicense(n8n, tc.main)
		if got.Expression != tc.want || !strings.Contains(note, tc.note) || tc.note == "" && note != "" {
			t.Errorf("catalogueLicense(%+v) = %q, %q; want %q, %q", tc.main, got.Expression, note, tc.want, tc.note)
		}
	}
}

func TestReadEngineExport(t *testing.T) {
	fsys := fstest.MapFS{
		"n8n.json":       {Data: []byte(`{"name":"wf","nodes":[{"type":"n8n-nodes-base.webhook","parameters":{}}],"connections":{}}`)},
		"n8n-all.json":   {Data: []byte(`[{"nodes":[{"type":"@n8n/n8n-nodes-langchain.agent"}],"connections":{"a":{}}}]`)},
		"flowise.json":   {Data: []byte(`{"nodes":[{"id":"x","data":{"name":"chatOpenAI","category":"Chat Models","baseClasses":["ChatOpenAI"]}}],"edges":[{"source":"x"}]}`)},
		"dify/app.yml":   {Data: []byte("app:\n  mode: advanced-chat\n  name: Support\nkind: app\nversion: 0.1.5\nworkflow:\n  graph:\n    nodes: []\n")},
		"deploy/app.yml": {Data: []byte("kind: app\nmetadata:\n  name: web\n")}, // says kind: app, is no Dify DSL
		"langflow.json":  {Data: []byte(`{"data":{"nodes":[{"id":"OpenAIModel-1","type":"genericNode","data":{"type":"OpenAIModel","node":{"template":{}}}}],"edges":[]},"name":"RAG"}`)},
		"tsconfig.json":  {Data: []byte(`{"compilerOptions":{"strict":true}}`)},
		"graph.json":     {Data: []byte(`{"nodes":[{"id":1}],"edges":[]}`)}, // a graph, not a Flowise flow
		// Trailing commas are JSONC; the fault is the missing comma.
		"broken.json": {Data: []byte("{\n  \"nodes\": [{\"type\": \"n8n-nodes-base.set\"},],\n  \"connections\": {} \"x\"\n}")},
	}
	for file, want := range map[string]string{"n8n.json": "n8n", "n8n-all.json": "n8n", "flowise.json": "flowise",
		"dify/app.yml": "dify", "deploy/app.yml": "", "langflow.json": "langflow",
		"tsconfig.json": "", "graph.json": "", "broken.json": ""} {
		cs, ws := readIn(t, fsys, readEngineExport, file)
		got := ""
		if len(cs) == 1 {
			got = cs[0].Name
			if loc := cs[0].Locations; len(loc) != 1 || loc[0] != (project.Position{File: file, Line: 1}) {
				t.Errorf("%s: locations %v", file, loc)
			}
		}
		if got != want {
			t.Errorf("%s: engine %q, want %q", file, got, want)
		}
		// A broken export is the index's one warning, at its line.
		ws = slices.DeleteFunc(ws, func(w project.Warning) bool { return w.File != file })
		if wantWs := file == "broken.json"; wantWs != (len(ws) > 0) || wantWs && (len(ws) != 1 || ws[0].Line != 3) {
			t.Errorf("%s: warnings %v", file, ws)
		}
	}
}
