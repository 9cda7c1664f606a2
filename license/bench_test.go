package license

import (
	"context"
	"testing"

	"github.com/mcp-comply/mcp-comply/internal/corpustest"
	"github.com/mcp-comply/mcp-comply/internal/project/projecttest"
)

// BenchmarkCollectN8n walks and inventories the installed n8n tree: the
// lockfile, ~2,100 installed package.json files and their licence texts.
func BenchmarkCollectN8n(b *testing.B) {
	fsys := corpustest.FS(b, corpustest.N8n)
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
