package hardening

import (
	"io/fs"
	"os"
	"strings"
	"testing"
)

// Bad input never panics, whatever the format.
func FuzzParseConfig(f *testing.F) {
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
		for _, name := range []string{file, ".mcp.json", ".codex/config.toml", ".continue/config.yaml", ".zed/settings.json"} {
			parseConfig(name, append([]byte(nil), data...))
		}
	})
}

func FuzzParseLauncher(f *testing.F) {
	for _, s := range []string{"npx -y pkg@1.0.0", "docker run -i --rm -e X img:1", "uvx --from 'a[b]==1' c", "cmd /c sh -c \"go run m@v1.0.0\""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		if argv, err := splitCommand(line); err == nil {
			ParseLauncher(argv)
		}
	})
}
