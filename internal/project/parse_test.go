package project

import (
	"context"
	"io/fs"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
)

// countingFS counts the opens of each file.
type countingFS struct {
	fs.FS
	mu    sync.Mutex
	opens map[string]int
}

func (c *countingFS) Open(name string) (fs.File, error) {
	c.mu.Lock()
	c.opens[name]++
	c.mu.Unlock()
	return c.FS.Open(name)
}

func index(t *testing.T, files fstest.MapFS) (*Index, *countingFS) {
	t.Helper()
	c := &countingFS{FS: files, opens: map[string]int{}}
	idx, err := Walk(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	return idx, c
}

func TestReadOnceParseOnce(t *testing.T) {
	idx, c := index(t, fstest.MapFS{
		"docker-compose.yml": {Data: []byte("services:\n  db:\n    image: postgres:16\n  bad: [\n")},
		"README.md":          {Data: []byte("# x\n")},
	})
	a, b := idx.Doc("docker-compose.yml"), idx.Doc("docker-compose.yml")
	if a == nil || a != b || &idx.Read("docker-compose.yml")[0] != &a.Data[0] {
		t.Fatal("two readers of one file got two reads")
	}
	if n := c.opens["docker-compose.yml"]; n != 1 {
		t.Errorf("docker-compose.yml opened %d times, want once", n)
	}
	if got := a.Root().Lookup("services", "db", "image").Text; got != "postgres:16" {
		t.Errorf("image %q", got)
	}
	ws := idx.Warnings()
	if len(ws) != 1 || ws[0].File != "docker-compose.yml" || ws[0].Line == 0 || !strings.Contains(ws[0].Message, "invalid YAML") {
		t.Errorf("warnings %v, want one invalid-YAML warning with its line", ws)
	}
	if idx.Doc("README.md") != nil {
		t.Error("a Markdown file parsed as data")
	}
}

func TestReadLimits(t *testing.T) {
	big := strings.Repeat("x = 1\n", MaxSourceSize/6+1)
	idx, _ := index(t, fstest.MapFS{"big.py": {Data: []byte(big)}, "bin.json": {Data: []byte("{\x00}")}})
	if idx.Read("bin.json") != nil {
		t.Error("a binary file was read")
	}
	var seen []string
	if err := idx.EachSource(context.Background(), func(s *SourceFile) { seen = append(seen, s.Path) }); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 0 {
		t.Errorf("visited %v: a source file over MaxSourceSize is not read", seen)
	}
	ws := idx.Warnings()
	if len(ws) != 2 || !strings.Contains(ws[0].String(), "big.py: not read: file too large") || !strings.Contains(ws[1].String(), "bin.json: not read: binary file") {
		t.Errorf("warnings %v", ws)
	}
}

// One pass: every visitor sees each source file once, in path order, the
// same parse; generated files are skipped, tests are marked.
func TestEachSource(t *testing.T) {
	idx, c := index(t, fstest.MapFS{
		"b/server.py":         {Data: []byte("from mcp.server.fastmcp import FastMCP\nmcp = FastMCP('x')\n")},
		"a/main.go":           {Data: []byte("package main\nfunc main() {\n")},
		"c/app.ts":            {Data: []byte("const URL = 'https://api.openai.com/v1'\n")},
		"dist/bundle.js":      {Data: []byte("var a=1")},
		"tests/test_tools.py": {Data: []byte("x = 1\n")},
	})
	var first, second []*SourceFile
	err := idx.EachSource(context.Background(),
		func(s *SourceFile) { first = append(first, s) },
		func(s *SourceFile) { second = append(second, s) })
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for i, s := range first {
		paths = append(paths, s.Path)
		if second[i] != s {
			t.Errorf("%s: the visitors got different parses", s.Path)
		}
		if c.opens[s.Path] != 1 {
			t.Errorf("%s opened %d times", s.Path, c.opens[s.Path])
		}
	}
	if strings.Join(paths, " ") != "a/main.go b/server.py c/app.ts tests/test_tools.py" {
		t.Errorf("visited %v", paths)
	}
	if first[0].Go == nil || first[0].Go.AST == nil || first[1].Code == nil || len(first[2].Code.Tokens) == 0 {
		t.Error("a file came without its parse")
	}
	if !first[3].Test || first[1].Test {
		t.Error("test files are not marked as such")
	}
	if ws := idx.Warnings(); len(ws) != 1 || ws[0].File != "a/main.go" || !strings.Contains(ws[0].Message, "Go syntax error") {
		t.Errorf("warnings %v, want the Go syntax error once", ws)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := idx.EachSource(ctx, func(*SourceFile) {}); err == nil {
		t.Error("a cancelled pass returned no error")
	}
}

// Exports are told apart by their content, once, for every analyzer.
func TestExportKinds(t *testing.T) {
	idx, _ := index(t, fstest.MapFS{
		"flows/n8n.json":     {Data: []byte(`{"nodes": [{"type": "n8n-nodes-base.httpRequest", "parameters": {}}], "connections": {}}`)},
		"flows/flowise.json": {Data: []byte(`{"nodes": [{"id": "a", "data": {"name": "chatOpenAI", "inputs": {"modelName": "gpt-4o"}}}], "edges": []}`)},
		"flows/many.json":    {Data: []byte(`[{"nodes": [{"type": "@n8n/n8n-nodes-langchain.agent"}]}]`)},
		"data/graph.json":    {Data: []byte(`{"nodes": [{"id": 1}], "links": []}`)},
		"tsconfig.json":      {Data: []byte(`{"compilerOptions": {}}`)},
	})
	want := map[string]Kind{"flows/n8n.json": N8nWorkflow, "flows/flowise.json": FlowiseFlow, "flows/many.json": N8nWorkflow,
		"data/graph.json": JSON, "tsconfig.json": JSON}
	for _, f := range idx.Files() {
		if f.Kind != want[f.Path] {
			t.Errorf("%s: %s, want %s", f.Path, f.Kind, want[f.Path])
		}
	}
}
