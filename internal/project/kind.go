package project

import (
	"bytes"
	"path"
	"slices"
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/tree"
)

// Kind classifies a project file by what reads it.
type Kind uint8

const (
	Other Kind = iota
	NpmManifest
	NpmLock // package-lock.json, npm-shrinkwrap.json
	PnpmLock
	YarnLock
	GoMod
	PythonRequirements
	PyProject
	PoetryLock
	UvLock
	PythonMetadata // PKG-INFO of the project itself
	Dockerfile
	Compose
	HelmChart
	HelmValues
	YAML // other YAML: Kubernetes manifests, CI files, app configs
	JSON // other JSON
	// N8nWorkflow and FlowiseFlow are JSON exports of the engines, told
	// apart by their content once, for every analyzer.
	N8nWorkflow
	FlowiseFlow
	// DifyApp is a Dify DSL export (app YAML with its mode) and LangflowFlow a
	// Langflow flow (JSON whose data holds generic nodes), told apart the
	// same way.
	DifyApp
	LangflowFlow
	MCPConfig
	EnvFile
	Terraform
	RenderYAML
	LicenseText
	Source
	// Modelfile is an Ollama Modelfile: the model a FROM line builds on.
	Modelfile
)

var kindNames = [...]string{
	Other: "other", NpmManifest: "npm-manifest", NpmLock: "npm-lock", PnpmLock: "pnpm-lock",
	YarnLock: "yarn-lock", GoMod: "go-mod", PythonRequirements: "python-requirements",
	PyProject: "pyproject", PoetryLock: "poetry-lock", UvLock: "uv-lock", PythonMetadata: "python-metadata",
	Dockerfile: "dockerfile", Compose: "compose", HelmChart: "helm-chart", HelmValues: "helm-values",
	YAML: "yaml", JSON: "json", N8nWorkflow: "n8n-workflow", FlowiseFlow: "flowise-flow",
	DifyApp: "dify-app", LangflowFlow: "langflow-flow", MCPConfig: "mcp-config", EnvFile: "env", Terraform: "terraform",
	RenderYAML: "render-yaml", LicenseText: "license-text", Source: "source", Modelfile: "modelfile",
}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "other"
}

// mcpConfigPaths are the client configuration files that MCP clients read
// from a project, matched on the path's tail (see research/mcp.md §2.1).
var mcpConfigPaths = []string{
	".mcp.json", ".cursor/mcp.json", ".vscode/mcp.json", ".gemini/settings.json",
	".codex/config.toml", ".windsurf/mcp.json", "claude_desktop_config.json",
	"cline_mcp_settings.json", ".zed/settings.json", "mcp_config.json",
	".kiro/settings/mcp.json", ".roo/mcp.json",
	// A Gemini CLI extension's manifest: its mcpServers are those of
	// .gemini/settings.json.
	"gemini-extension.json",
}

// classify names the kind of a file from its path. siblings reports whether
// a file of that name sits in the same directory (Helm values are only
// values files next to a Chart.yaml).
func classify(p string, sibling func(name string) bool) Kind {
	base := path.Base(p)
	lower := strings.ToLower(base)
	for _, tail := range mcpConfigPaths {
		if p == tail || strings.HasSuffix(p, "/"+tail) {
			return MCPConfig
		}
	}
	if isClaudeSettings(p) || isContinueConfig(p) {
		return MCPConfig
	}
	switch lower {
	case "package.json":
		return NpmManifest
	case "package-lock.json", "npm-shrinkwrap.json":
		return NpmLock
	case "pnpm-lock.yaml":
		return PnpmLock
	case "yarn.lock":
		return YarnLock
	case "go.mod":
		return GoMod
	case "pyproject.toml":
		return PyProject
	case "poetry.lock":
		return PoetryLock
	case "uv.lock":
		return UvLock
	case "pkg-info":
		return PythonMetadata
	case "chart.yaml":
		return HelmChart
	case "render.yaml":
		return RenderYAML
	case "dockerfile", "containerfile":
		return Dockerfile
	case "modelfile":
		return Modelfile
	}
	ext := path.Ext(lower)
	switch {
	case strings.HasPrefix(lower, "dockerfile.") || strings.HasSuffix(lower, ".dockerfile"):
		return Dockerfile
	case ext == ".modelfile" || strings.HasPrefix(lower, "modelfile.") && !knownExt[ext] && !sourceExt[ext]:
		return Modelfile // llama3.modelfile, Modelfile.llama3
	case (strings.HasPrefix(lower, "docker-compose") || strings.HasPrefix(lower, "compose")) && (ext == ".yml" || ext == ".yaml"):
		return Compose
	case ext == ".txt" && (strings.Contains(lower, "requirements") || path.Base(path.Dir(p)) == "requirements"):
		return PythonRequirements
	case lower == ".env" || strings.HasPrefix(lower, ".env.") || ext == ".env":
		return EnvFile
	case ext == ".tf" || strings.HasSuffix(lower, ".tf.json"):
		return Terraform
	case isLicenseName(lower):
		return LicenseText
	case ext == ".yaml" || ext == ".yml":
		if isIssueForm(p) {
			return Other
		}
		if strings.HasPrefix(lower, "values") && sibling("Chart.yaml") {
			return HelmValues
		}
		return YAML
	case ext == ".json":
		return JSON
	}
	if sourceExt[ext] {
		return Source
	}
	return Other
}

// isIssueForm reports GitHub's issue and discussion forms and their
// chooser config (.github/ISSUE_TEMPLATE/config.yml): pages shown to
// people filing an issue, whose URLs are links (a community forum), not
// anything the project configures or calls.
func isIssueForm(p string) bool {
	return strings.HasPrefix(p, ".github/ISSUE_TEMPLATE/") || strings.HasPrefix(p, ".github/DISCUSSION_TEMPLATE/")
}

// knownExt are extensions another kind reads: Modelfile.json is JSON.
var knownExt = map[string]bool{".json": true, ".yaml": true, ".yml": true, ".toml": true, ".md": true, ".txt": true, ".tf": true}

var sourceExt = map[string]bool{
	".go": true, ".py": true, ".js": true, ".mjs": true, ".cjs": true, ".jsx": true,
	".ts": true, ".mts": true, ".cts": true, ".tsx": true, ".rs": true,
}

// isLicenseName matches LICENSE, LICENCE, COPYING and NOTICE files with any
// suffix (LICENSE.md, LICENSE-MIT, COPYING.txt, LICENSE_EE.md).
func isLicenseName(lower string) bool {
	for _, prefix := range []string{"license", "licence", "copying", "notice", "unlicense"} {
		if strings.HasPrefix(lower, prefix) {
			rest := lower[len(prefix):]
			return rest == "" || strings.ContainsRune(".-_", rune(rest[0]))
		}
	}
	return false
}

// isClaudeSettings matches .claude/settings.json and .claude/settings.local.json.
func isClaudeSettings(p string) bool {
	dir, base := path.Split(p)
	return strings.HasSuffix(dir, ".claude/") && strings.HasPrefix(base, "settings") && strings.HasSuffix(base, ".json")
}

// isContinueConfig matches .continue/config.{yaml,json} and .continue/mcpServers/*.
func isContinueConfig(p string) bool {
	if strings.Contains(p, ".continue/mcpServers/") {
		ext := path.Ext(p)
		return ext == ".yaml" || ext == ".yml" || ext == ".json"
	}
	return strings.HasSuffix(p, ".continue/config.yaml") || strings.HasSuffix(p, ".continue/config.json")
}

// IsLicenseFile reports whether a file name is a licence, copying or notice file.
func IsLicenseFile(name string) bool { return isLicenseName(strings.ToLower(name)) }

// testNames are the test runners' file names, matched on the base name:
// Go's _test.go, pytest's test_*.py and *_test.py and its conftest.py
// (fixtures and hooks, test code wherever it sits), and the *.test.* and
// *.spec.* of Jest, Vitest and Mocha.
var testNames = []string{"*_test.*", "test_*.py", "conftest.py", "*.test.*", "*.spec.*"}

// testDirs are the directories of test code: the usual names and the
// integration and end-to-end suites kept beside them (basic-memory's
// test-int), and any suite named kind-tests or kind_tests
// (mongodb-mcp-server's accuracy-tests, eval-tests, browser-tests). Not
// "testing", "test-utils" or "integration": a package of test helpers
// and an integration with another product are the project's code.
var testDirs = []string{"test", "tests", "__tests__", "e2e", "test-int", "tests-integration"}

// isTest reports test code and fixtures: a file named as testNames say,
// or under one of testDirs.
func isTest(p string) bool {
	base := path.Base(p)
	for _, pat := range testNames {
		if ok, _ := path.Match(pat, base); ok {
			return true
		}
	}
	for _, d := range strings.Split(path.Dir(p), "/") {
		d = strings.ToLower(d)
		if slices.Contains(testDirs, d) || len(d) > 6 && (strings.HasSuffix(d, "-tests") || strings.HasSuffix(d, "_tests")) {
			return true
		}
	}
	return false
}

// inDir reports whether a directory of p is named (in any case) as one of dirs.
func inDir(p string, dirs []string) bool {
	for _, d := range strings.Split(path.Dir(p), "/") {
		if slices.Contains(dirs, strings.ToLower(d)) {
			return true
		}
	}
	return false
}

// sampleDirs are the directories whose files show or exercise the project
// rather than configure it, beside testDirs: fixtures, examples, samples,
// mocks, and the evaluation suites of AI projects (evals/: tasks, their
// artifacts and the judge models that score them).
var sampleDirs = []string{"testdata", "fixture", "fixtures", "__fixtures__",
	"example", "examples", "sample", "samples", "mock", "mocks", "__mocks__", "evals"}

// IsSample reports a file of tests, fixtures, examples or samples: a test
// file (as File.Test marks it) or any file under one of sampleDirs. What
// such a file holds is kept apart from what the project deploys.
func IsSample(p string) bool {
	return isTest(p) || inDir(p, sampleDirs)
}

// ciFiles are the pipeline definitions of the CI services a repository
// configures in its tree (GitHub Actions, GitLab CI, CircleCI, Azure
// Pipelines, Bitbucket Pipelines, Travis CI, Jenkins, Buildkite, Drone),
// as path patterns from the root.
var ciFiles = []string{".github/workflows/*.yml", ".github/workflows/*.yaml", ".gitlab-ci.yml", ".circleci/config.yml",
	"azure-pipelines.yml", "bitbucket-pipelines.yml", ".travis.yml", "Jenkinsfile", ".buildkite/*.yml", ".drone.yml"}

// IsCI reports a CI pipeline definition. What a pipeline's jobs call (an
// LLM a test job reaches with a key from the CI's secrets) is the
// pipeline's, not what the project deploys; a literal secret in one is
// still a leak, so only the residency endpoints take this into account.
func IsCI(p string) bool {
	for _, pat := range ciFiles {
		if ok, _ := path.Match(pat, p); ok {
			return true
		}
	}
	return false
}

// isGenerated reports bundles, minified files, type declarations and
// built output: not the project's own code.
func isGenerated(p string) bool {
	b := path.Base(p)
	if strings.Contains(b, ".min.") || strings.HasSuffix(b, ".bundle.js") || strings.HasSuffix(b, ".d.ts") {
		return true
	}
	for _, dir := range []string{"dist/", "build/", "out/", ".output/", "coverage/"} {
		if strings.HasPrefix(p, dir) || strings.Contains(p, "/"+dir) {
			return true
		}
	}
	return false
}

// classifyExports tells n8n workflow and Flowise flow exports among the
// project's JSON files by their content. Only files that name "nodes" are
// parsed; the parse of an export is kept for its readers.
func (x *Index) classifyExports() {
	for i := range x.files {
		f := &x.files[i]
		if f.Kind == YAML {
			x.classifyDify(f)
			continue
		}
		if f.Kind != JSON {
			continue
		}
		data, err := ReadFile(x.fsys, f.Path, MaxFileSize)
		if err != nil || !bytes.Contains(data, []byte(`"nodes"`)) {
			continue // not read here; a reader that wants it will say why
		}
		c := x.entry(f.Path)
		c.once.Do(func() { c.data, c.doc = data, x.parse(f.Path, data, jsonFormat, nil) })
		if k := exportKind(c.doc.Root()); k != JSON {
			f.Kind = k
		}
	}
}

// classifyDify tells a Dify DSL export among the YAML files by the shape
// every export has: a top-level app mapping naming the app and its mode
// (one of difyModes), and the workflow graph or the model configuration
// that mode runs on. "kind: app" and version: came later (DSL 0.1.0);
// older exports have neither, so kind may be absent but never another
// value. Only files with a top-level "app:" line are parsed here.
func (x *Index) classifyDify(f *File) {
	data, err := ReadFile(x.fsys, f.Path, MaxFileSize)
	if err != nil || !bytes.HasPrefix(bytes.TrimPrefix(data, []byte("\uFEFF")), []byte("app:")) && !bytes.Contains(data, []byte("\napp:")) {
		return
	}
	c := x.entry(f.Path)
	c.once.Do(func() { c.data, c.doc = data, x.parse(f.Path, data, yamlFormat, nil) })
	for _, root := range c.doc.Roots {
		if isDifyApp(root) {
			f.Kind = DifyApp
			return
		}
	}
}

// difyModes are the app modes a Dify export names: workflow and
// advanced-chat (chatflow) run a graph, the others a model_config.
var difyModes = []string{"workflow", "advanced-chat", "chat", "agent-chat", "completion"}

// isDifyApp reads one document. A Helm values or compose v1 file with a
// top-level app: has no Dify mode, or no graph or model beside it; an
// export that says "kind: app" may name a mode newer than difyModes.
func isDifyApp(root *tree.Node) bool {
	app := root.Get("app")
	k := root.Get("kind")
	if k != nil && k.Text != "app" || app == nil || app.Kind != tree.Object || app.Get("name") == nil {
		return false
	}
	if mode := app.Str("mode"); mode == "" || k == nil && !slices.Contains(difyModes, mode) {
		return false
	}
	graph := root.Get("workflow").Get("graph")
	model := root.Get("model_config").Get("model")
	return graph != nil && graph.Kind == tree.Object || model != nil && model.Kind == tree.Object
}

// exportKind reads an export (or a list of them): n8n's nodes are typed
// n8n-nodes-* or @n8n/*; a Flowise node's data names the component and
// holds its inputs (or its category and base classes).
func exportKind(root *tree.Node) Kind {
	flows := []*tree.Node{root}
	if root != nil && root.Kind == tree.Array {
		flows = root.Items
	}
	for _, flow := range flows {
		nodes := flow.Get("nodes")
		if nodes == nil {
			// Langflow: {"data": {"nodes": [{"type": "genericNode",
			// "data": {"type": "OpenAIModel", "node": {"template": …}}}]}}
			var lf []*tree.Node
			if ln := flow.Get("data").Get("nodes"); ln != nil && ln.Kind == tree.Array {
				lf = ln.Items
			}
			for _, n := range lf {
				if n.Str("type") == "genericNode" && n.Get("data").Get("node").Get("template") != nil {
					return LangflowFlow
				}
			}
		}
		if nodes == nil || nodes.Kind != tree.Array {
			continue
		}
		for _, n := range nodes.Items {
			if t := n.Str("type"); strings.HasPrefix(t, "n8n-nodes-") || strings.HasPrefix(t, "@n8n/") {
				return N8nWorkflow
			}
			data := n.Get("data")
			if data.Str("name") == "" {
				continue
			}
			if in := data.Get("inputs"); in != nil && in.Kind == tree.Object ||
				data.Str("category") != "" && data.Get("baseClasses") != nil {
				return FlowiseFlow
			}
		}
	}
	return JSON
}
