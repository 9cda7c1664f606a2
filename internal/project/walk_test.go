package project

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mcp-comply/mcp-comply/internal/testtree"
)

func walk(t *testing.T, root string) *Index {
	t.Helper()
	r, err := os.OpenRoot(root)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	idx, err := Walk(context.Background(), r.FS())
	if err != nil {
		t.Fatal(err)
	}
	return idx
}

func TestClassify(t *testing.T) {
	none := func(string) bool { return false }
	chart := func(n string) bool { return n == "Chart.yaml" }
	for _, tc := range []struct {
		path    string
		sibling func(string) bool
		want    Kind
	}{
		{"package.json", none, NpmManifest},
		{"apps/web/package-lock.json", none, NpmLock},
		{"npm-shrinkwrap.json", none, NpmLock},
		{"pnpm-lock.yaml", none, PnpmLock},
		{"yarn.lock", none, YarnLock},
		{"go.mod", none, GoMod},
		{"requirements.txt", none, PythonRequirements},
		{"requirements-dev.txt", none, PythonRequirements},
		{"requirements/base.txt", none, PythonRequirements},
		{"notes.txt", none, Other},
		{"pyproject.toml", none, PyProject},
		{"poetry.lock", none, PoetryLock},
		{"uv.lock", none, UvLock},
		{"Dockerfile", none, Dockerfile},
		{"docker/Dockerfile.worker", none, Dockerfile},
		{"api.Dockerfile", none, Dockerfile},
		{"Modelfile", none, Modelfile},
		{"models/llama3.modelfile", none, Modelfile},
		{"models/Modelfile.dolphin", none, Modelfile},
		{"models/modelfile.py", none, Source},
		{"models/Modelfile.json", none, JSON},
		{"docs/modelfile.md", none, Other},
		{".github/ISSUE_TEMPLATE/config.yml", none, Other}, // links for people filing issues
		{".github/DISCUSSION_TEMPLATE/ideas.yaml", none, Other},
		{".github/dependabot.yml", none, YAML},
		{"docker-compose.yml", none, Compose},
		{"compose.prod.yaml", none, Compose},
		{"charts/app/values.yaml", chart, HelmValues},
		{"config/values.yaml", none, YAML},
		{"k8s/deploy.yaml", none, YAML},
		{"charts/app/Chart.yaml", chart, HelmChart},
		{"workflows/sync.json", none, JSON},
		{".mcp.json", none, MCPConfig},
		{".cursor/mcp.json", none, MCPConfig},
		{".vscode/mcp.json", none, MCPConfig},
		{"app/.gemini/settings.json", none, MCPConfig},
		{".codex/config.toml", none, MCPConfig},
		{".claude/settings.local.json", none, MCPConfig},
		{".continue/mcpServers/db.yaml", none, MCPConfig},
		{"claude_desktop_config.json", none, MCPConfig},
		{".env", none, EnvFile},
		{".env.production", none, EnvFile},
		{"main.tf", none, Terraform},
		{"render.yaml", none, RenderYAML},
		{"LICENSE", none, LicenseText},
		{"LICENSE.md", none, LicenseText},
		{"COPYING.txt", none, LicenseText},
		{"licenses.go", none, Source}, // a source file about licences is not a licence
		{"server.py", none, Source},
		{"src/index.ts", none, Source},
		{"image.png", none, Other},
	} {
		t.Run(tc.path, func(t *testing.T) {
			if got := classify(tc.path, tc.sibling); got != tc.want {
				t.Errorf("classify(%q) = %v, want %v", tc.path, got, tc.want)
			}
		})
	}
}

func TestWalkVendoredTrees(t *testing.T) {
	root := testtree.New(t, map[string]string{
		"package.json":                                                                `{"name":"app"}`,
		"package-lock.json":                                                           `{}`,
		"node_modules/.package-lock.json":                                             `{}`,
		"node_modules/.bin/tool":                                                      "#!/bin/sh",
		"node_modules/left-pad/package.json":                                          `{"name":"left-pad"}`,
		"node_modules/left-pad/LICENSE":                                               "MIT",
		"node_modules/left-pad/lib/deep/file.js":                                      "",
		"node_modules/left-pad/lib/package.json":                                      `{}`, // inside a package: not a package root
		"node_modules/@scope/pkg/package.json":                                        `{"name":"@scope/pkg"}`,
		"node_modules/@scope/pkg/LICENSE.md":                                          "text",
		"node_modules/@scope/pkg/node_modules/dep/package.json":                       `{"name":"dep"}`,
		"node_modules/.pnpm/ms@2.1.3/node_modules/ms/package.json":                    `{"name":"ms"}`,
		"node_modules/no-manifest/index.js":                                           "",
		".venv/pyvenv.cfg":                                                            "home = /usr",
		".venv/lib/python3.12/site-packages/fastmcp-2.3.0.dist-info/METADATA":         "Name: fastmcp",
		".venv/lib/python3.12/site-packages/fastmcp-2.3.0.dist-info/licenses/LICENSE": "Apache",
		".venv/lib/python3.12/site-packages/fastmcp/server.py":                        "",
		"vendor/modules.txt":                                                          "# golang.org/x/text v0.3.0\n## explicit\ngolang.org/x/text/unicode\n",
		"vendor/golang.org/x/text/LICENSE":                                            "BSD",
		"vendor/golang.org/x/text/unicode/a.go":                                       "package unicode",
		"go.mod":                                                                      "module app",
		".git/config":                                                                 "",
		"src/app.ts":                                                                  "",
	})
	idx := walk(t, root)

	var files []string
	for _, f := range idx.Files() {
		files = append(files, f.Path)
	}
	wantFiles := []string{"go.mod", "package-lock.json", "package.json", "src/app.ts"}
	if !slices.Equal(files, wantFiles) {
		t.Errorf("project files = %v, want %v (vendored trees and .git excluded)", files, wantFiles)
	}

	var pkgs []string
	for _, p := range idx.Packages {
		pkgs = append(pkgs, string(p.Ecosystem)+" "+p.Dir+" "+p.Manifest+" "+strings.Join(p.LicenseFiles, ","))
	}
	wantPkgs := []string{
		"pypi .venv/lib/python3.12/site-packages/fastmcp-2.3.0.dist-info .venv/lib/python3.12/site-packages/fastmcp-2.3.0.dist-info/METADATA .venv/lib/python3.12/site-packages/fastmcp-2.3.0.dist-info/licenses/LICENSE",
		"npm node_modules/.pnpm/ms@2.1.3/node_modules/ms node_modules/.pnpm/ms@2.1.3/node_modules/ms/package.json ",
		"npm node_modules/@scope/pkg node_modules/@scope/pkg/package.json node_modules/@scope/pkg/LICENSE.md",
		"npm node_modules/@scope/pkg/node_modules/dep node_modules/@scope/pkg/node_modules/dep/package.json ",
		"npm node_modules/left-pad node_modules/left-pad/package.json node_modules/left-pad/LICENSE",
		"golang vendor/golang.org/x/text vendor/modules.txt vendor/golang.org/x/text/LICENSE",
	}
	if !slices.Equal(pkgs, wantPkgs) {
		t.Errorf("packages:\n got %q\nwant %q", pkgs, wantPkgs)
	}
}

func TestWalkSymlinks(t *testing.T) {
	outside := testtree.New(t, map[string]string{"secret.txt": "outside"})
	root := testtree.New(t, map[string]string{"real/package.json": `{}`, "docker-compose.yml": "services: {}"})
	links := map[string]string{
		"escape.json":      filepath.Join(outside, "secret.txt"), // leaves the root
		"loop":             ".",                                  // a directory cycle
		"linked-dir":       "real",                               // a directory inside the root
		"compose.prod.yml": "docker-compose.yml",                 // a file inside the root
		"dangling.yml":     "missing.yml",
	}
	testtree.Links(t, root, links)
	idx := walk(t, root)

	var files []string
	for _, f := range idx.Files() {
		files = append(files, f.Path)
	}
	want := []string{"compose.prod.yml", "docker-compose.yml", "real/package.json"}
	if !slices.Equal(files, want) {
		t.Errorf("files = %v, want %v", files, want)
	}
	warned := map[string]string{}
	for _, w := range idx.Warnings() {
		warned[w.File] = w.Message
	}
	for _, p := range []string{"escape.json", "loop", "linked-dir", "dangling.yml"} {
		if warned[p] == "" {
			t.Errorf("no warning for skipped symlink %s; warnings: %v", p, idx.Warnings())
		}
	}
	if !strings.Contains(warned["escape.json"], "escapes") {
		t.Errorf("escaping link warning = %q, want it to say the path escapes the root", warned["escape.json"])
	}
}

func TestReadFileLimits(t *testing.T) {
	root := testtree.New(t, map[string]string{
		"big.json":  strings.Repeat("a", 2048),
		"bin.json":  "{\x00}",
		"good.json": `{"ok":true}`,
	})
	r, _ := os.OpenRoot(root)
	defer r.Close()
	if _, err := ReadFile(r.FS(), "big.json", 1024); err == nil || !strings.Contains(err.Error(), "too large") {
		t.Errorf("big file: err = %v, want too large", err)
	}
	if _, err := ReadFile(r.FS(), "bin.json", 0); err != ErrBinary {
		t.Errorf("binary file: err = %v, want ErrBinary", err)
	}
	if b, err := ReadFile(r.FS(), "good.json", 0); err != nil || string(b) != `{"ok":true}` {
		t.Errorf("good file: %q, %v", b, err)
	}
}

// TestDifyAndLangflowKinds: a Dify DSL export and a Langflow flow are told
// apart by content; a YAML file that only says "kind: app" and a JSON file
// with other nodes are not.
func TestDifyAndLangflowKinds(t *testing.T) {
	root := testtree.New(t, map[string]string{
		"dify/app.yml":     ("app:\n  mode: workflow\n  name: x\nkind: app\nversion: 0.3.0\nworkflow:\n  graph:\n    nodes: []\n"),
		"deploy/app.yml":   ("kind: app\nname: portal\n"),
		"flows/flow.json":  (`{"data": {"nodes": [{"id": "a", "type": "genericNode", "data": {"type": "OpenAIModel", "node": {"template": {}}}}], "edges": []}}`),
		"graph/graph.json": (`{"data": {"nodes": [{"id": "a", "type": "circle"}]}}`),
	})
	idx, err := Walk(context.Background(), os.DirFS(root))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Kind{"dify/app.yml": DifyApp, "deploy/app.yml": YAML, "flows/flow.json": LangflowFlow, "graph/graph.json": JSON}
	seen := 0
	for _, f := range idx.Files() {
		if k, ok := want[f.Path]; ok {
			seen++
			if f.Kind != k {
				t.Errorf("%s: kind %s, want %s", f.Path, f.Kind, k)
			}
		}
	}
	if seen != len(want) {
		t.Errorf("%d of the %d files indexed", seen, len(want))
	}
}

// TestDifyShape: a Dify export is told by its shape, with or without "kind:
// app": the testdata export predates that key. YAML with a top-level app:
// of other tools (Helm values, compose v1, a CI config whose app has a mode
// but no graph) and the manifests beside them stay YAML.
func TestDifyShape(t *testing.T) {
	fixture, err := os.ReadFile("testdata/dify/unmarked-workflow.yml")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Kind{
		"dify/unmarked.yml":        DifyApp,
		"dify/chat.yml":            DifyApp, // a chat app: model_config instead of a graph
		"deploy/values-prod.yaml":  YAML,    // Helm values without their Chart.yaml
		"deploy/stack.yml":         YAML,    // compose v1: services at the top level
		"ci/pipeline.yml":          YAML,
		"k8s/app.yaml":             YAML,
		".github/workflows/ci.yml": YAML,
		"api/openapi.yaml":         YAML,
		"dify/other-kind.yml":      YAML,
		"dify/newer-mode.yml":      DifyApp, // "kind: app" vouches for a mode newer than difyModes
		"dify/bom.yml":             DifyApp, // saved with a UTF-8 byte-order mark
	}
	root := testtree.New(t, map[string]string{
		"dify/unmarked.yml":        string(fixture),
		"dify/chat.yml":            "app:\n  mode: chat\n  name: Helper\nmodel_config:\n  model:\n    name: gpt-4o\n    provider: openai\n",
		"deploy/values-prod.yaml":  "app:\n  name: web\n  mode: production\nreplicaCount: 2\nimage:\n  repository: ghcr.io/acme/web\n",
		"deploy/stack.yml":         "app:\n  image: node:20\n  ports:\n  - 3000:3000\ndb:\n  image: postgres:16\n",
		"ci/pipeline.yml":          "app:\n  name: api\n  mode: workflow\nworkflow:\n  steps:\n  - build\n",
		"k8s/app.yaml":             "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  labels:\n    app: web\n",
		".github/workflows/ci.yml": "name: ci\non: push\njobs:\n  app:\n    runs-on: ubuntu-latest\n",
		"api/openapi.yaml":         "openapi: 3.0.0\ninfo:\n  title: app\npaths: {}\n",
		"dify/other-kind.yml":      "kind: Workflow\napp:\n  mode: workflow\n  name: x\nworkflow:\n  graph: {}\n",
		"dify/newer-mode.yml":      "kind: app\nversion: 0.3.0\napp:\n  mode: rag-pipeline\n  name: x\nworkflow:\n  graph:\n    nodes: []\n",
		"dify/bom.yml":             "\uFEFFapp:\n  mode: chat\n  name: Helper\nmodel_config:\n  model:\n    name: gpt-4o\n",
	})
	for _, f := range walk(t, root).Files() {
		if k, ok := want[f.Path]; ok {
			if f.Kind != k {
				t.Errorf("%s: kind %s, want %s", f.Path, f.Kind, k)
			}
			delete(want, f.Path)
		}
	}
	if len(want) > 0 {
		t.Errorf("not indexed: %v", want)
	}
}
