package syntax

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/mcp-comply/mcp-comply/internal/corpustest"
)

type corpusFile struct {
	path string
	lang Lang
	src  []byte
}

func readCorpus(tb testing.TB) []corpusFile {
	tb.Helper()
	var files []corpusFile
	err := filepath.WalkDir(corpustest.Dir(tb, corpustest.Src), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		lang := LangOf(p)
		if lang == 0 {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		files = append(files, corpusFile{p, lang, src})
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return files
}

// Every corpus file lexes (or parses) within the invariants; BenchmarkLex
// says how fast.
func TestCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	files := readCorpus(t)
	for _, cf := range files {
		if cf.lang == Go {
			if g, _ := ParseGo(cf.src); g.AST != nil {
				for _, d := range g.AST.Decls {
					_ = d.Pos()
				}
			}
			continue
		}
		f := Lex(cf.lang, cf.src)
		checkLexed(t, f)
		f.Constants()
	}
	t.Logf("%d files", len(files))
}

// BenchmarkLex lexes every Python, JavaScript and TypeScript file of the
// corpus (b.SetBytes: MB/s is source read per second).
func BenchmarkLex(b *testing.B) {
	var files []corpusFile
	for _, cf := range readCorpus(b) {
		if cf.lang != Go {
			files = append(files, cf)
		}
	}
	for _, lang := range []Lang{Python, JavaScript, TypeScript, 0} {
		name := lang.String()
		if lang == 0 {
			name = "all"
		}
		b.Run(name, func(b *testing.B) {
			var n int64
			for _, cf := range files {
				if lang == 0 || cf.lang == lang {
					n += int64(len(cf.src))
				}
			}
			b.SetBytes(n)
			for b.Loop() {
				for _, cf := range files {
					if lang == 0 || cf.lang == lang {
						Lex(cf.lang, cf.src)
					}
				}
			}
		})
	}
}

// BenchmarkParseGo parses the corpus's Go files, for comparison.
func BenchmarkParseGo(b *testing.B) {
	var files [][]byte
	var n int64
	for _, cf := range readCorpus(b) {
		if cf.lang == Go {
			files = append(files, cf.src)
			n += int64(len(cf.src))
		}
	}
	b.SetBytes(n)
	for b.Loop() {
		for _, src := range files {
			ParseGo(src)
		}
	}
}
