package residency

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"github.com/mcp-comply/mcp-comply/internal/corpustest"
	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/project/projecttest"
)

// Generated source files, real-shaped: most files call no AI endpoint at
// all, some construct a client, some hold crypto.
var benchSources = []struct{ ext, src string }{
	{".py", "import os\nfrom openai import OpenAI\n\nclient = OpenAI(base_url=\"https://eu.api.openai.com/v1\")\n\n\ndef handler(event, context):\n    \"\"\"Answer one ticket.\"\"\"\n    # retry twice\n    return client.chat.completions.create(model=\"gpt-4o-mini\", messages=event[\"messages\"])\n"},
	{".ts", "import { z } from \"zod\";\n\nexport const Ticket = z.object({ id: z.string(), body: z.string() });\n\nexport function summarise(t: z.infer<typeof Ticket>): string {\n  // keep the first line\n  return t.body.split(\"\\n\")[0] ?? \"\";\n}\n"},
	{".go", "package svc\n\nimport \"strings\"\n\n// Normalise trims a ticket body.\nfunc Normalise(s string) string {\n\treturn strings.TrimSpace(strings.ReplaceAll(s, \"\\r\\n\", \"\\n\"))\n}\n"},
	{".js", "const { BedrockRuntimeClient } = require(\"@aws-sdk/client-bedrock-runtime\");\nconst client = new BedrockRuntimeClient({ region: \"eu-central-1\" });\nmodule.exports = { client };\n"},
}

func genProject(b *testing.B, n int) string {
	dir := b.TempDir()
	for i := 0; i < n; i++ {
		s := benchSources[i%len(benchSources)]
		sub := filepath.Join(dir, fmt.Sprintf("pkg%03d", i/100))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("f%05d%s", i, s.ext)), []byte(s.src), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}

// benchScan indexes fsys once and times the scan of the index; with
// files > 0 it reports the cost per file too.
func benchScan(b *testing.B, fsys fs.FS, files int) {
	idx := projecttest.Walk(b, fsys)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Scan(context.Background(), idx, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	if files > 0 {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(files), "ns/file")
	}
}

// BenchmarkScan10kSources scans a generated project of 10,000 source files
// and reports the cost per file; linear growth keeps ns/file flat.
func BenchmarkScan10kSources(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			fsys := os.DirFS(genProject(b, n))
			benchScan(b, fsys, n)
		})
	}
}

// BenchmarkScan10kSourcesInMemory is the same project in an fstest.MapFS:
// the scanner's own cost per file, without the file system's.
func BenchmarkScan10kSourcesInMemory(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			fsys := fstest.MapFS{}
			for i := 0; i < n; i++ {
				s := benchSources[i%len(benchSources)]
				fsys[fmt.Sprintf("pkg%03d/f%05d%s", i/100, i, s.ext)] = &fstest.MapFile{Data: []byte(s.src)}
			}
			benchScan(b, fsys, n)
		})
	}
}

// BenchmarkN8nTree scans the installed n8n tree of the spine benchmark
// (almost no files of its own: the scan must cost next to nothing).
func BenchmarkN8nTree(b *testing.B) {
	benchScan(b, corpustest.FS(b, corpustest.N8n), 0)
}

// BenchmarkSourceCorpus scans the source-heavy corpus, a fresh index for
// each run (as a real scan has), and reports the CPU time beside the wall
// time (the index parses on every CPU). scan is the residency scan alone;
// parse is the index's pass with no visitor, what every analyzer sharing
// the pass shares: scan minus parse is what residency adds to it.
func BenchmarkSourceCorpus(b *testing.B) {
	fsys := corpustest.FS(b, corpustest.Src)
	for _, bc := range []struct {
		name string
		run  func(*project.Index) error
	}{
		{"scan", func(idx *project.Index) error { _, err := scanIndex(idx, Options{}); return err }},
		{"parse", func(idx *project.Index) error {
			return idx.EachSource(context.Background(), func(*project.SourceFile) {})
		}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var cpu time.Duration
			for b.Loop() {
				b.StopTimer()
				idx := projecttest.Walk(b, fsys)
				before := corpustest.CPUTime()
				b.StartTimer()
				if err := bc.run(idx); err != nil {
					b.Fatal(err)
				}
				cpu += corpustest.CPUTime() - before
			}
			b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
		})
	}
}
