package hardening

import (
	"testing"
	"time"

	"github.com/mcp-comply/mcp-comply/internal/corpustest"
	"github.com/mcp-comply/mcp-comply/internal/project/projecttest"
)

// BenchmarkScanCorpus scans the source corpus (corpustest.Src), each run
// on a fresh index (the walk is not timed), and reports the CPU time per
// scan besides the wall time: the machine is shared, and CPU time is what
// a scan costs.
func BenchmarkScanCorpus(b *testing.B) {
	fsys := corpustest.FS(b, corpustest.Src)
	var cpu time.Duration
	var secrets, servers int
	for b.Loop() {
		b.StopTimer()
		idx := projecttest.Walk(b, fsys)
		b.StartTimer()
		start := corpustest.CPUTime()
		r, err := Scan(b.Context(), idx, Options{})
		if err != nil {
			b.Fatal(err)
		}
		cpu += corpustest.CPUTime() - start
		secrets, servers = len(r.Secrets), len(r.Sources)
	}
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N)/1e6, "cpu-ms/op")
	b.ReportMetric(float64(secrets), "secrets")
	b.ReportMetric(float64(servers), "servers")
}
