package secrets

import (
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/mcp-comply/mcp-comply/internal/corpustest"
	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/project/projecttest"
)

type corpusFile struct {
	data   []byte
	dotenv bool
}

// loadCorpus reads the files of the source corpus (corpustest.Src; the
// corpus benchmarks and tests skip without it) that hardening.Scan gives
// to scanSecretsText: the index's source and dotenv files, binaries left out, at most 2 MiB each (hardening's maxSourceSize).
func loadCorpus(tb testing.TB) ([]corpusFile, int64) {
	fsys := corpustest.FS(tb, corpustest.Src)
	idx := projecttest.Walk(tb, fsys)
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
	files, size := loadCorpus(t)
	n := 0
	for i, f := range files {
		got, want := asOracle(ScanText(f.data, f.dotenv)), newOracle.scanText(f.data, f.dotenv)
		if !slices.Equal(got, want) {
			t.Errorf("file %d: ScanText gives %v, the oracle %v", i, rules(got), rules(want))
		}
		n += len(got)
	}
	t.Logf("%d files, %d bytes, %d matches, all the oracle's", len(files), size, n)
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

// benchLines runs f on every line of the corpus, in bytes per second and
// nanoseconds per line.
func benchLines(b *testing.B, f func(line string)) {
	lines, size := corpusLines(b)
	b.SetBytes(size)
	b.ResetTimer()
	for b.Loop() {
		for _, l := range lines {
			f(l)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(lines)), "ns/line")
}

// BenchmarkRedactText redacts every line of the corpus.
func BenchmarkRedactText(b *testing.B) {
	benchLines(b, func(l string) { RedactText(l) })
}

// BenchmarkExcerpt excerpts every line of the corpus.
func BenchmarkExcerpt(b *testing.B) {
	benchLines(b, func(l string) { Excerpt(l) })
}

// BenchmarkRedactTextPlain is one line with nothing suspicious in it.
func BenchmarkRedactTextPlain(b *testing.B) {
	line := "    return result.items.map(x => x.value) // the items, in order"
	for b.Loop() {
		RedactText(line)
	}
}

// residency/redact.go's Redact as it was, for the before figure of
// BenchmarkRedactText.
var (
	oldReURLPassword = regexp.MustCompile(`([a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@'"]*):([^@\s/'"]+)@`)
	oldReSecretPair  = regexp.MustCompile(`(?i)([a-z0-9_.-]*(?:key|token|secret|passw(?:or)?d|pwd|auth|credential|signature|sig)[a-z0-9_.-]*["']?\s*[:=]\s*["'` + "`" + `]?)([^"'` + "`" + `\s,;}&)]+)`)
	oldReBearer      = regexp.MustCompile(`(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{6,}`)
	oldReToken       = regexp.MustCompile(`\b(sk-ant-|sk-proj-|sk-|AKIA|ASIA|AIza|ghp_|gho_|ghs_|github_pat_|xox[abprs]-|hf_|pk_live_|sk_live_|r8_|gsk_|xai-|pcsk_)[A-Za-z0-9_\-]{8,}`)
	oldReJWT         = regexp.MustCompile(`\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*`)
	oldReOpaque      = regexp.MustCompile(`[A-Za-z0-9+/_=-]{40,}`)
)

func oldResidencyRedact(s string) string {
	lower := strings.ToLower(s)
	if strings.Contains(s, "://") && strings.Contains(s, "@") {
		s = oldReURLPassword.ReplaceAllString(s, "$1:***@")
	}
	if strings.Contains(s, "eyJ") {
		s = oldReJWT.ReplaceAllString(s, "eyJ***")
	}
	for _, p := range []string{"sk-", "AKIA", "ASIA", "AIza", "gh", "github_pat_", "xox", "hf_", "pk_live_", "sk_live_", "r8_", "gsk_", "xai-", "pcsk_"} {
		if strings.Contains(s, p) {
			s = oldReToken.ReplaceAllString(s, "$1***")
			break
		}
	}
	if strings.Contains(lower, "bearer") || strings.Contains(lower, "basic") {
		s = oldReBearer.ReplaceAllString(s, "$1 ***")
	}
	for _, w := range []string{"key", "token", "secret", "passw", "pwd", "auth", "credential", "sig"} {
		if strings.Contains(lower, w) {
			s = oldReSecretPair.ReplaceAllStringFunc(s, func(m string) string {
				sub := oldReSecretPair.FindStringSubmatch(m)
				if oldIsReference(sub[2]) || strings.HasSuffix(sub[2], "***") || len(sub[2]) <= 2 {
					return m
				}
				return sub[1] + "***"
			})
			break
		}
	}
	run := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; opaqueByte(c) || c == '=' {
			if run++; run >= 40 {
				return oldReOpaque.ReplaceAllStringFunc(s, func(m string) string {
					if strings.Count(m, "/") > 2 || strings.Count(m, "-") > 4 {
						return m
					}
					return "***"
				})
			}
			continue
		}
		run = 0
	}
	return s
}

func BenchmarkRedactTextOld(b *testing.B) {
	benchLines(b, func(l string) { oldResidencyRedact(l) })
}
