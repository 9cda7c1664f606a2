//go:build unix

package hardening

import (
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/mcp-comply/mcp-comply/internal/project/projecttest"
)

// corpusDir is a real, source-heavy tree (Flowise, the MCP reference
// servers, the Python and TypeScript SDKs, github-mcp-server); CI has
// none, so BenchmarkScanCorpus skips without it.
const corpusDir = "/work/corpus/src"

// BenchmarkScanCorpus scans the corpus, each run on a fresh index (the
// walk is not timed), and reports the CPU time per scan besides the wall
// time: the machine is shared, and CPU time is what a scan costs.
func BenchmarkScanCorpus(b *testing.B) {
	if _, err := os.Stat(corpusDir); err != nil {
		b.Skip("no corpus at " + corpusDir)
	}
	fsys := os.DirFS(corpusDir)
	var cpu time.Duration
	var secrets, servers int
	for b.Loop() {
		b.StopTimer()
		idx := projecttest.Walk(b, fsys)
		b.StartTimer()
		start := cpuTime()
		r, err := Scan(b.Context(), idx, Options{})
		if err != nil {
			b.Fatal(err)
		}
		cpu += cpuTime() - start
		secrets, servers = len(r.Secrets), len(r.Sources)
	}
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N)/1e6, "cpu-ms/op")
	b.ReportMetric(float64(secrets), "secrets")
	b.ReportMetric(float64(servers), "servers")
}

// cpuTime is the CPU time of the process, GC included.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		panic(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
