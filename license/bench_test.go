package license

import (
	"context"
	"os"
	"testing"

	"github.com/mcp-comply/mcp-comply/internal/project/projecttest"
)

// n8nCorpus is n8n 2.8.4 installed from npm with its ~2,100 packages (see
// BENCHMARKS.md); the benchmark skips without it.
const n8nCorpus = "/work/corpus/n8n"

// BenchmarkCollectN8n walks and inventories the installed n8n tree: the
// lockfile, ~2,100 installed package.json files and their licence texts.
func BenchmarkCollectN8n(b *testing.B) {
	if _, err := os.Stat(n8nCorpus); err != nil {
		b.Skip("n8n corpus not installed")
	}
	fsys := os.DirFS(n8nCorpus)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		idx := projecttest.Walk(b, fsys)
		inv, err := Collect(ctx, idx, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if len(inv.Components) < 1500 {
			b.Fatalf("%d components", len(inv.Components))
		}
	}
}
