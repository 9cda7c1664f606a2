package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// TestSARIFFromASubdirectory scans a project that lies in a directory of
// its git repository, by a relative and by an absolute path: the SARIF is
// the same, its URIs relative to the repository's root.
func TestSARIFFromASubdirectory(t *testing.T) {
	repoDir := t.TempDir()
	repo, err := git.PlainInit(repoDir, false)
	if err != nil {
		t.Fatal(err)
	}
	project := filepath.Join(repoDir, "apps", "agent")
	os.MkdirAll(project, 0o755)
	os.WriteFile(filepath.Join(project, "package.json"), []byte(`{"name": "agent", "dependencies": {"n8n": "2.8.4"}}`), 0o644)
	wt, _ := repo.Worktree()
	wt.Add("apps/agent/package.json")
	if _, err := wt.Commit("c", &git.CommitOptions{Author: &object.Signature{Name: "t", Email: "t@example.com", When: time.Unix(1700000000, 0)}}); err != nil {
		t.Fatal(err)
	}

	abs, _, code := run(t, "report", project, "--format", "sarif")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	t.Chdir(repoDir)
	rel, _, _ := run(t, "report", "apps/agent", "--format", "sarif")
	if rel != abs {
		t.Error("the SARIF of apps/agent differs from the SARIF of its absolute path")
	}
	var log struct {
		Runs []struct {
			Results []struct {
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI       string `json:"uri"`
							URIBaseID string `json:"uriBaseId"`
						} `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(abs), &log); err != nil || len(log.Runs) != 1 || len(log.Runs[0].Results) == 0 {
		t.Fatalf("no results: %v", err)
	}
	for _, res := range log.Runs[0].Results {
		if a := res.Locations[0].PhysicalLocation.ArtifactLocation; a.URI != "apps/agent/package.json" || a.URIBaseID != "%SRCROOT%" {
			t.Errorf("location %+v, want apps/agent/package.json from %%SRCROOT%%", a)
		}
	}
}
