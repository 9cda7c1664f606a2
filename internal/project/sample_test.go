package project

import "testing"

func TestIsSample(t *testing.T) {
	for _, p := range []string{"tests/conftest.py", "src/x/tests/test_a.py", "pkg/a_test.go", "testdata/app/.env",
		"examples/claude/.mcp.json", "src/Fixtures/config.json", "docs/samples/docker-compose.yml", "web/__mocks__/api.ts", "a/e2e/run.ts"} {
		if !IsSample(p) {
			t.Errorf("IsSample(%q) = false", p)
		}
	}
	for _, p := range []string{".env", "src/server.py", ".mcp.json", "deploy/docker-compose.yml", "examples.md", "src/testing.go",
		"src/sampler/x.py", "latest/config.json"} {
		if IsSample(p) {
			t.Errorf("IsSample(%q) = true", p)
		}
	}
}
