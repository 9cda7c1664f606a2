package project

import "testing"

// TestIsTest: the runners' file names and the test directories, conftest.py
// wherever it sits; names that only look alike are the project's code.
func TestIsTest(t *testing.T) {
	for _, p := range []string{"pkg/a_test.go", "src/test_api.py", "src/api_test.py", "web/a.test.ts", "web/a.spec.tsx",
		"conftest.py", "test-int/semantic/conftest.py", "src/app/conftest.py", "test-int/semantic/corpus.py",
		"tests-integration/run.py", "integration-tests/api.ts", "e2e/server.go", "web/__tests__/a.ts", "Tests/x.py",
		"packages/accuracy-tests/src/sdk/models.ts", "packages/eval-tests/src/lib/evalTypes.ts", "src/unit_tests/a.py"} {
		if !isTest(p) {
			t.Errorf("isTest(%q) = false", p)
		}
	}
	for _, p := range []string{"contest.py", "src/conftest_utils.py", "src/testing_utils.py", "src/testing.go",
		"pkg/testing/helpers.go", "integrations/openclaw/integration/client.py", "src/test.py", "src/attest.py",
		"latest/x.py", "contest/x.py", "test-data.json", "packages/test-utils/src/a.ts", "src/-tests/x.py"} {
		if isTest(p) {
			t.Errorf("isTest(%q) = true", p)
		}
	}
}

func TestIsSample(t *testing.T) {
	for _, p := range []string{"tests/conftest.py", "src/x/tests/test_a.py", "pkg/a_test.go", "testdata/app/.env",
		"examples/claude/.mcp.json", "src/Fixtures/config.json", "docs/samples/docker-compose.yml", "web/__mocks__/api.ts", "a/e2e/run.ts",
		"test-int/semantic/conftest.py", "evals/tasks/core/list-images-for-pods/artifacts/manifest.yaml",
		"src/cloudwatch-mcp-server/evals/core/eval_config.py"} {
		if !IsSample(p) {
			t.Errorf("IsSample(%q) = false", p)
		}
	}
	for _, p := range []string{".env", "src/server.py", ".mcp.json", "deploy/docker-compose.yml", "examples.md", "src/testing.go",
		"src/sampler/x.py", "latest/config.json", "contest.py", "src/evaluation/score.py", "pkg/evals.go"} {
		if IsSample(p) {
			t.Errorf("IsSample(%q) = true", p)
		}
	}
}

// TestIsCI: the pipeline files at the root where each service reads them;
// a workflow elsewhere, or a file beside the workflows, is none.
func TestIsCI(t *testing.T) {
	for _, p := range []string{".github/workflows/tests.yml", ".github/workflows/release.yaml", ".gitlab-ci.yml",
		".circleci/config.yml", "azure-pipelines.yml", "Jenkinsfile", ".buildkite/pipeline.yml"} {
		if !IsCI(p) {
			t.Errorf("IsCI(%q) = false", p)
		}
	}
	for _, p := range []string{"docs/.github/workflows/x.yml", ".github/dependabot.yml", ".github/workflows/README.md",
		"ci/docker-compose.yml", "deploy/azure-pipelines.yml", ".env", "src/server.py"} {
		if IsCI(p) {
			t.Errorf("IsCI(%q) = true", p)
		}
	}
}
