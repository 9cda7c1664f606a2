package compliance_test

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/internal/secrets"
	"github.com/mcp-comply/mcp-comply/internal/testtree"
)

// The fuzz targets of the readers (issue 13): each puts arbitrary bytes at
// the path one reader reads, runs the whole analysis, and checks what a
// user relies on, not only that nothing panics: the analysis ends without
// an error, every position it reports in the file lies inside the file,
// and no secret the file holds is shown in an excerpt. Seeds are the
// samples' files of that name, cut to 4 KB so each execution stays fast.

// fuzzedReaders names, per target, where the bytes go and the file name of
// the samples that seed it. Files besides the fuzzed one make the reader
// take it (a Chart.yaml beside Helm values, pyvenv.cfg for a venv).
var fuzzedReaders = map[string]struct {
	path, seed string
	beside     map[string]string
}{
	"package-lock":    {path: "package-lock.json", seed: "package-lock.json", beside: map[string]string{"package.json": `{"name": "a"}`}},
	"yarn-lock":       {path: "yarn.lock", seed: "yarn.lock", beside: map[string]string{"package.json": `{"name": "a"}`}},
	"pnpm-lock":       {path: "pnpm-lock.yaml", seed: "pnpm-lock.yaml", beside: map[string]string{"package.json": `{"name": "a"}`}},
	"npm-manifest":    {path: "node_modules/x/package.json", seed: "package.json"},
	"go-mod":          {path: "go.mod", seed: "go.mod"},
	"requirements":    {path: "requirements.txt", seed: "requirements.txt"},
	"pyproject":       {path: "pyproject.toml", seed: "pyproject.toml"},
	"poetry-lock":     {path: "poetry.lock", seed: "poetry.lock"},
	"uv-lock":         {path: "uv.lock", seed: "uv.lock"},
	"metadata":        {path: ".venv/lib/python3.12/site-packages/x-1.0.dist-info/METADATA", seed: "METADATA", beside: map[string]string{".venv/pyvenv.cfg": "home = /usr/bin\n"}},
	"compose":         {path: "docker-compose.yml", seed: "docker-compose.yml"},
	"dockerfile":      {path: "Dockerfile", seed: "Dockerfile"},
	"kubernetes":      {path: "k8s/deploy.yaml", seed: "deployment.yaml"},
	"helm-values":     {path: "chart/values.yaml", seed: "values.yaml", beside: map[string]string{"chart/Chart.yaml": "apiVersion: v2\nname: c\nversion: 1.0.0\n"}},
	"terraform":       {path: "main.tf", seed: "main.tf"},
	"dotenv":          {path: ".env", seed: ".env"},
	"render":          {path: "render.yaml", seed: "render.yaml"},
	"engine-export":   {path: "flows/export.json", seed: "*.json"},
	"mcp-lock":        {path: "mcp-lock.json", seed: "mcp-lock.json"},
	"client-config":   {path: ".cursor/mcp.json", seed: "mcp.json"},
	"python-server":   {path: "server.py", seed: "*.py"},
	"ts-server":       {path: "server.ts", seed: "*.ts"},
	"go-server":       {path: "main.go", seed: "main.go"},
	"licence-text":    {path: "node_modules/x/LICENSE", seed: "LICENSE", beside: map[string]string{"node_modules/x/package.json": `{"name": "x", "version": "1.0.0"}`}},
	"spdx-expression": {path: "node_modules/x/package.json", seed: ""},
}

func FuzzPackageLock(f *testing.F)  { fuzzReader(f, "package-lock") }
func FuzzYarnLock(f *testing.F)     { fuzzReader(f, "yarn-lock") }
func FuzzPnpmLock(f *testing.F)     { fuzzReader(f, "pnpm-lock") }
func FuzzNpmManifest(f *testing.F)  { fuzzReader(f, "npm-manifest") }
func FuzzGoMod(f *testing.F)        { fuzzReader(f, "go-mod") }
func FuzzRequirements(f *testing.F) { fuzzReader(f, "requirements") }
func FuzzPyproject(f *testing.F)    { fuzzReader(f, "pyproject") }
func FuzzPoetryLock(f *testing.F)   { fuzzReader(f, "poetry-lock") }
func FuzzUvLock(f *testing.F)       { fuzzReader(f, "uv-lock") }
func FuzzMetadata(f *testing.F)     { fuzzReader(f, "metadata") }
func FuzzCompose(f *testing.F)      { fuzzReader(f, "compose") }
func FuzzDockerfile(f *testing.F)   { fuzzReader(f, "dockerfile") }
func FuzzKubernetes(f *testing.F)   { fuzzReader(f, "kubernetes") }
func FuzzHelmValues(f *testing.F)   { fuzzReader(f, "helm-values") }
func FuzzTerraform(f *testing.F)    { fuzzReader(f, "terraform") }
func FuzzDotenv(f *testing.F)       { fuzzReader(f, "dotenv") }
func FuzzRender(f *testing.F)       { fuzzReader(f, "render") }
func FuzzEngineExport(f *testing.F) { fuzzReader(f, "engine-export") }
func FuzzMCPLock(f *testing.F)      { fuzzReader(f, "mcp-lock") }
func FuzzClientConfig(f *testing.F) { fuzzReader(f, "client-config") }
func FuzzPythonServer(f *testing.F) { fuzzReader(f, "python-server") }
func FuzzTSServer(f *testing.F)     { fuzzReader(f, "ts-server") }
func FuzzGoServer(f *testing.F)     { fuzzReader(f, "go-server") }
func FuzzLicenceText(f *testing.F)  { fuzzReader(f, "licence-text") }

// FuzzSPDXExpression fuzzes the declared licence of an installed package:
// the expression parser and the normalisation behind it.
func FuzzSPDXExpression(f *testing.F) {
	for _, s := range []string{"MIT", "(MIT OR Apache-2.0) AND BSD-3-Clause", "GPL-2.0-only WITH Classpath-exception-2.0", "Apache 2", "SEE LICENSE IN LICENSE.md", "((MIT"} {
		f.Add(s)
	}
	r := fuzzedReaders["spdx-expression"]
	f.Fuzz(func(t *testing.T, expr string) {
		manifest, err := json.Marshal(map[string]string{"name": "x", "version": "1.0.0", "license": expr})
		if err != nil {
			t.Skip()
		}
		checkAnalysis(t, r.path, manifest, nil)
	})
}

// maxSeed bounds a seed and maxInput what a target analyses: the fuzzer
// grows inputs, and a whole analysis of a large one takes seconds under
// its instrumentation.
const (
	maxSeed  = 4 << 10
	maxInput = 16 << 10
)

func fuzzReader(f *testing.F, name string) {
	r, ok := fuzzedReaders[name]
	if !ok {
		f.Fatalf("no reader %q", name)
	}
	for _, s := range seeds(f, r.seed) {
		f.Add(s)
	}
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxInput {
			t.Skip() // the bounds on large inputs have tests of their own (cmd's hostile suite)
		}
		checkAnalysis(t, r.path, data, r.beside)
	})
}

// seeds are the samples' files whose name matches pattern, at most four,
// each cut to maxSeed bytes.
func seeds(f testing.TB, pattern string) [][]byte {
	if pattern == "" {
		return nil
	}
	var out [][]byte
	filepath.WalkDir("../testdata", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || len(out) >= 4 || strings.Contains(p, "golden") {
			return nil
		}
		if ok, _ := filepath.Match(pattern, d.Name()); !ok {
			return nil
		}
		data, err := os.ReadFile(p)
		if err == nil {
			out = append(out, data[:min(len(data), maxSeed)])
		}
		return nil
	})
	return out
}

// checkAnalysis analyses a project of data at path (and the files beside
// it) and checks the report.
func checkAnalysis(t *testing.T, path string, data []byte, beside map[string]string) {
	fsys := testtree.MapFS(beside)
	fsys[path] = &fstest.MapFile{Data: data}
	r, err := compliance.Analyze(t.Context(), fsys, compliance.Config{})
	if err != nil {
		t.Fatalf("Analyze: %v", err)
	}
	out, err := json.Marshal(r)
	if err != nil {
		t.Fatalf("the report does not marshal: %v", err)
	}
	lines := bytes.Count(data, []byte("\n")) + 1
	var doc any
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	var shown []string
	walkReport(doc, func(obj map[string]any) {
		if obj["file"] == path {
			if l, ok := obj["line"].(float64); ok && (l < 0 || int(l) > lines) {
				t.Errorf("position %v:%v outside the file's %d lines", path, l, lines)
			}
			if c, ok := obj["column"].(float64); ok && (c < 0 || int(c) > len(data)+1) {
				t.Errorf("column %v outside the file's %d bytes", c, len(data))
			}
		}
		for _, k := range []string{"excerpt", "value", "launch", "url"} {
			if s, ok := obj[k].(string); ok {
				shown = append(shown, s)
			}
		}
	})
	for _, m := range secrets.Find(data) {
		secret := string(data[m.Start:m.End])
		if len(secret) < 12 || secrets.IsPlaceholder(secret) {
			continue
		}
		for _, s := range shown {
			if strings.Contains(s, secret) {
				t.Errorf("the %s found in the file is shown: %q", m.Rule.ID, s)
			}
		}
	}
}

// walkReport calls fn on every object of a decoded JSON document.
func walkReport(v any, fn func(map[string]any)) {
	switch x := v.(type) {
	case map[string]any:
		fn(x)
		for _, e := range x {
			walkReport(e, fn)
		}
	case []any:
		for _, e := range x {
			walkReport(e, fn)
		}
	}
}
