// Package corpustest holds what the benchmarks and corpus tests share
// about the real trees some machines have installed under /work/corpus:
// where they are, a skip where one is not (CI has none), and the CPU time
// a benchmark reports beside its wall time.
package corpustest

import (
	"io/fs"
	"os"
	"testing"
)

const (
	// Src is a real, source-heavy tree: Flowise, the MCP reference
	// servers, the Python and TypeScript SDKs, github-mcp-server.
	Src = "/work/corpus/src"
	// N8n is n8n 2.8.4 installed from npm with its ~2,100 packages (see
	// BENCHMARKS.md).
	N8n = "/work/corpus/n8n"
)

// Dir returns dir, skipping tb when the machine does not have it.
func Dir(tb testing.TB, dir string) string {
	tb.Helper()
	if _, err := os.Stat(dir); err != nil {
		tb.Skip("no corpus at " + dir)
	}
	return dir
}

// FS is the tree at dir (os.DirFS), skipping tb when the machine does not
// have it.
func FS(tb testing.TB, dir string) fs.FS {
	tb.Helper()
	return os.DirFS(Dir(tb, dir))
}
