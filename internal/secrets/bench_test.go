package secrets

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/mcp-comply/mcp-comply/internal/project"
)

// corpusDir is a real, source-heavy tree (Flowise, the MCP reference
// servers, the Python and TypeScript SDKs, github-mcp-server); CI has
// none, so the corpus benchmarks and tests skip without it.
const corpusDir = "/work/corpus/src"

type corpusFile struct {
	data   []byte
	dotenv bool
}

// loadCorpus reads the files hardening.Scan gives to scanSecretsText: the
// index's source and dotenv files, binaries left out, at most 2 MiB each (hardening's maxSourceSize).
func loadCorpus(tb testing.TB) ([]corpusFile, int64) {
	if _, err := os.Stat(corpusDir); err != nil {
		tb.Skip("no corpus at " + corpusDir)
	}
	fsys := os.DirFS(corpusDir)
	idx, err := project.Walk(context.Background(), fsys)
	if err != nil {
		tb.Fatal(err)
	}
	var files []corpusFile
	var size int64
	for _, f := range idx.Files(project.Source, project.EnvFile) {
		data, err := project.ReadFile(fsys, f.Path, 2<<20)
		if err != nil {
			if !errors.Is(err, project.ErrBinary) {
				tb.Logf("%s: %v", f.Path, err)
			}
			continue
		}
		files = append(files, corpusFile{data, f.Kind == project.EnvFile})
		size += int64(len(data))
	}
	return files, size
}

// BenchmarkScanText scans the corpus; BenchmarkScanTextOld runs the old
// hardening logic (the oracle) the same way, for the before figure.
func BenchmarkScanText(b *testing.B) {
	files, size := loadCorpus(b)
	b.SetBytes(size)
	b.ResetTimer()
	for b.Loop() {
		for _, f := range files {
			ScanText(f.data, f.dotenv)
		}
	}
}

func BenchmarkScanTextOld(b *testing.B) {
	files, size := loadCorpus(b)
	b.SetBytes(size)
	o := oracle{isPlaceholder: oldIsPlaceholder}
	b.ResetTimer()
	for b.Loop() {
		for _, f := range files {
			o.scanText(f.data, f.dotenv)
		}
	}
}

// generatedText is source-like text with a secret every few hundred lines.
func generatedText(lines int) []byte {
	g := newFakeGen()
	var b strings.Builder
	for i := range lines {
		switch i % 10 {
		case 0:
			b.WriteString("import { Client } from \"@modelcontextprotocol/sdk/client/index.js\";\n")
		case 1:
			b.WriteString("const apiKey = process.env.OPENAI_API_KEY; // the key comes from the environment\n")
		case 2:
			b.WriteString("  const path = `/api/v1/tokens/${id}`; const url = \"https://api.example.com/v1/auth\";\n")
		case 3:
			b.WriteString("    if (!token) throw new Error(\"missing token: set the authorization header\");\n")
		case 4:
			b.WriteString("def handler(event, context):  # they key the cache by the request path\n")
		case 5:
			b.WriteString("    return {\"statusCode\": 200, \"body\": json.dumps({\"max_tokens\": 4096, \"ok\": True})}\n")
		case 6:
			b.WriteString("| `DATABASE_URL` | postgres://localhost:5432/app | the database the server reads |\n")
		default:
			b.WriteString("        for (const [key, value] of Object.entries(headers)) { request.setHeader(key, value); }\n")
		}
		if i%300 == 299 {
			b.WriteString("GITHUB_TOKEN = \"ghp_" + g.of(alnum, 36) + "\"\nconst secret = '" + g.of(alnum, 32) + "';\n")
		}
	}
	return []byte(b.String())
}

func BenchmarkScanTextGenerated(b *testing.B) {
	text := generatedText(20000)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		ScanText(text, false)
	}
}

func BenchmarkScanTextGeneratedOld(b *testing.B) {
	text := generatedText(20000)
	b.SetBytes(int64(len(text)))
	o := oracle{isPlaceholder: oldIsPlaceholder}
	for b.Loop() {
		o.scanText(text, false)
	}
}

// On the corpus, ScanText gives the oracle's matches file by file.
func TestScanTextCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus comparison in -short mode")
	}
	files, _ := loadCorpus(t)
	n := 0
	for i, f := range files {
		got, want := asOracle(ScanText(f.data, f.dotenv)), newOracle.scanText(f.data, f.dotenv)
		if !slices.Equal(got, want) {
			t.Errorf("file %d: ScanText gives %v, the oracle %v", i, rules(got), rules(want))
		}
		n += len(got)
	}
	t.Logf("%d files, %d matches, all the oracle's", len(files), n)
}

func TestGeneratedMatchesOracle(t *testing.T) {
	text := generatedText(3000)
	got, want := asOracle(ScanText(text, false)), newOracle.scanText(text, false)
	if !slices.Equal(got, want) || len(got) != 20 {
		t.Errorf("generated text: ScanText gives %d matches, the oracle %d (want 20)", len(got), len(want))
	}
}

// corpusLines are the corpus's lines, at most 4,000 bytes each (minified
// files aside), as the readers would excerpt them.
func corpusLines(b *testing.B) ([]string, int64) {
	files, _ := loadCorpus(b)
	var lines []string
	var size int64
	for _, f := range files {
		for _, l := range strings.Split(string(f.data), "\n") {
			if len(l) <= 4000 {
				lines = append(lines, l)
				size += int64(len(l))
			}
		}
	}
	return lines, size
}

// BenchmarkRedactText redacts every line of the corpus.
func BenchmarkRedactText(b *testing.B) {
	lines, size := corpusLines(b)
	b.SetBytes(size)
	b.ResetTimer()
	for b.Loop() {
		for _, l := range lines {
			RedactText(l)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(lines)), "ns/line")
}

// BenchmarkExcerpt excerpts every line of the corpus.
func BenchmarkExcerpt(b *testing.B) {
	lines, size := corpusLines(b)
	b.SetBytes(size)
	b.ResetTimer()
	for b.Loop() {
		for _, l := range lines {
			Excerpt(l)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(lines)), "ns/line")
}

// BenchmarkRedactTextPlain is one line with nothing suspicious in it.
func BenchmarkRedactTextPlain(b *testing.B) {
	line := "    return result.items.map(x => x.value) // the items, in order"
	for b.Loop() {
		RedactText(line)
	}
}
