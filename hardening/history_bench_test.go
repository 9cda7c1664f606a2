package hardening

import (
	"os"
	"testing"

	git "github.com/go-git/go-git/v5"
)

// BenchmarkHistory walks the whole history of the repository named by
// MCP_COMPLY_HISTORY_REPO (a clone on disk; skipped when unset), as
// bench/history.sh measures it end to end.
func BenchmarkHistory(b *testing.B) {
	dir := os.Getenv("MCP_COMPLY_HISTORY_REPO")
	if dir == "" {
		b.Skip("MCP_COMPLY_HISTORY_REPO is not set")
	}
	repo, err := git.PlainOpen(dir)
	if err != nil {
		b.Fatal(err)
	}
	var hist *History
	var found int
	for b.Loop() {
		s, h, _, err := historySecrets(b.Context(), Options{History: repo.Storer}, nil)
		if err != nil {
			b.Fatal(err)
		}
		hist, found = h, len(s)
	}
	b.ReportMetric(float64(hist.Commits), "commits")
	b.ReportMetric(float64(hist.Blobs), "blobs")
	b.ReportMetric(float64(hist.Bytes)/(1<<20), "MiB")
	b.ReportMetric(float64(found), "secrets")
}
