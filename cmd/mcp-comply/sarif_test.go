package main

import (
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/mcp-comply/mcp-comply/internal/gittest"
)

// TestSARIFFromASubdirectory scans a project that lies in a directory of
// its git repository, by a relative and by an absolute path: the SARIF is
// the same, its URIs relative to the repository's root.
func TestSARIFFromASubdirectory(t *testing.T) {
	repoDir := t.TempDir()
	gittest.Commit(t, gittest.Init(t, repoDir), map[string]string{"apps/agent/package.json": `{"name": "agent", "dependencies": {"n8n": "2.8.4"}}`}, "c", time.Unix(1700000000, 0))
	project := filepath.Join(repoDir, "apps", "agent")

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
