package hardening

import (
	"bytes"
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/shell"
)

// Bad input never panics the config reader, whatever the format, and
// every position it states is inside the file. (The node tree is fuzzed
// in package tree.)
func FuzzReadConfig(f *testing.F) {
	fsys := os.DirFS("testdata")
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasPrefix(p, "golden/") {
			if data, err := fs.ReadFile(fsys, p); err == nil {
				f.Add(p, data)
			}
		}
		return nil
	})
	f.Fuzz(func(t *testing.T, file string, data []byte) {
		nlines := bytes.Count(data, []byte("\n")) + 1
		for _, name := range []string{file, ".mcp.json", ".codex/config.toml", ".continue/config.yaml", ".zed/settings.json"} {
			doc, ws := project.ParseDoc(name, data)
			c, cws := readConfig(doc, len(ws) > 0)
			var ps []project.Position
			for _, w := range cws {
				ps = append(ps, w.Position)
			}
			for _, s := range c.Servers {
				ps = append(append(ps, s.Position, s.CommandPos, s.URLPos), s.ArgPos...)
				for _, st := range append(append(slices.Clone(s.Env), s.Headers...), s.Credentials...) {
					ps = append(ps, st.Position)
				}
			}
			for _, p := range ps {
				if p == (project.Position{}) {
					continue // not written
				}
				if p.File != name || p.Line < 0 || p.Line > nlines || p.Col < 0 {
					t.Fatalf("%s: position %v outside the file of %d lines", name, p, nlines)
				}
			}
		}
	})
}

func FuzzParseLauncher(f *testing.F) {
	for _, s := range []string{"npx -y pkg@1.0.0", "docker run -i --rm -e X img:1", "uvx --from 'a[b]==1' c", "cmd /c sh -c \"go run m@v1.0.0\""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		if argv, err := shell.Split(line); err == nil {
			ParseLauncher(argv)
		}
	})
}
