package license

import (
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/mcp-comply/mcp-comply/internal/project"
)

var (
	goFS       = os.DirFS("testdata/golang")
	goModCache = os.DirFS("testdata/golang/modcache")
)

func TestReadGoMod(t *testing.T) {
	// Requirements of an MCP server in Go. internal-kit is replaced by a
	// local directory: the project's own code.
	want := []invRow{
		{"github.com/BurntSushi/toml", "v1.6.0", false, 8},
		{"github.com/google/uuid", "v1.6.0", false, 15},
		{"github.com/mark3labs/mcp-go", "v0.26.0", false, 10},
		{"github.com/spf13/cast", "v1.7.2-0.20250101120000-abcdef123456", false, 16}, // replaced by a fork
		{"github.com/yosida95/uritemplate/v3", "v3.0.2", false, 17},
		{"golang.org/x/sync", "v0.11.0", false, 11}, // replaced at v0.10.0 only
	}
	t.Run("with module cache", func(t *testing.T) {
		got := checkRead(t, goFS, goModReader(goModCache), "go.mod", want, []wantWarning{
			{"go.mod", 0, 0, "github.com/yosida95/uritemplate/v3@v3.0.2"},
		})
		type files struct {
			dir   string
			files []string
		}
		wantFiles := map[string]files{
			// Upper case is escaped in the cache; COPYING counts.
			"github.com/BurntSushi/toml": {"github.com/!burnt!sushi/toml@v1.6.0", []string{"COPYING"}},
			// Only the module root: server/LICENSE is not the module's licence.
			"github.com/mark3labs/mcp-go": {"github.com/mark3labs/mcp-go@v0.26.0", []string{"LICENSE"}},
			// The replacement's folder, not the required version's.
			"golang.org/x/sync":     {"golang.org/x/sync@v0.11.0", []string{"LICENSE"}},
			"github.com/spf13/cast": {"github.com/example-fork/cast@v1.7.2-0.20250101120000-abcdef123456", []string{"LICENSE"}},
			// Not in the cache: nothing to read.
			"github.com/yosida95/uritemplate/v3": {},
		}
		for _, c := range got {
			w, ok := wantFiles[c.Name]
			if !ok {
				continue
			}
			var wantDir string
			var wantLF []string
			if w.dir != "" {
				wantDir = GoModCachePrefix + w.dir
				for _, f := range w.files {
					wantLF = append(wantLF, wantDir+"/"+f)
				}
			}
			if c.Dir != wantDir || !slices.Equal(c.LicenseFiles, wantLF) {
				t.Errorf("%s: dir %q files %v, want %q %v", c.Name, c.Dir, c.LicenseFiles, wantDir, wantLF)
			}
			// The contract with the resolver: past the prefix, each path
			// opens in the module cache.
			for _, f := range c.LicenseFiles {
				if _, err := fs.Stat(goModCache, strings.TrimPrefix(f, GoModCachePrefix)); err != nil {
					t.Errorf("%s: %v", f, err)
				}
			}
		}
	})
	t.Run("replace line is a location", func(t *testing.T) {
		got, _ := readIn(t, goFS, goModReader(nil), "go.mod")
		i := slices.IndexFunc(got, func(c Component) bool { return c.Name == "golang.org/x/sync" })
		wantLocs := []project.Position{{File: "go.mod", Line: 11}, {File: "go.mod", Line: 22}}
		if i < 0 {
			t.Fatal("golang.org/x/sync not inventoried")
		}
		if !slices.Equal(got[i].Locations, wantLocs) {
			t.Errorf("x/sync locations = %v, want %v", got[i].Locations, wantLocs)
		}
	})
	t.Run("without module cache", func(t *testing.T) {
		for _, c := range checkRead(t, goFS, goModReader(nil), "go.mod", want, nil) {
			if c.Dir != "" || c.LicenseFiles != nil {
				t.Errorf("%s: dir %q files %v without a module cache", c.Name, c.Dir, c.LicenseFiles)
			}
		}
	})
	t.Run("broken/go.mod", func(t *testing.T) {
		// Bad lines are dropped and the rest is read.
		checkRead(t, goFS, goModReader(nil), "broken/go.mod",
			[]invRow{
				{"github.com/google/uuid", "v1.6.0", false, 6},
				{"github.com/pkg/errors", "v0.9.1", false, 13},
				{"golang.org/x/text", "v0.21.0", false, 8},
			},
			[]wantWarning{
				{"broken/go.mod", 7, 2, `require github.com/spf13/cast: version "1.7.1" invalid`},
				{"broken/go.mod", 11, 0, "unknown directive: frobnicate"},
			})
	})
	t.Run("main module and local replacements are skipped", func(t *testing.T) {
		fsys := fstest.MapFS{"go.mod": {Data: []byte(`module example.com/app

go 1.24

require (
	example.com/app v0.0.0
	example.com/lib v1.0.0
	example.com/other v1.2.0
)

replace example.com/lib v1.0.0 => ./lib
replace example.com/other v1.1.0 => example.com/fork v9.0.0
`)}}
		// The replace for v1.1.0 does not apply to v1.2.0.
		checkRead(t, fsys, goModReader(nil), "go.mod", []invRow{{"example.com/other", "v1.2.0", false, 8}}, nil)
	})
	t.Run("syntax error", func(t *testing.T) {
		fsys := fstest.MapFS{"go.mod": {Data: []byte("module example.com/app\n\nrequire (\n\texample.com/a v1.0.0\n\"unterminated\n")}}
		_, ws := readIn(t, fsys, goModReader(nil), "go.mod")
		if len(ws) == 0 || ws[0].File != "go.mod" || ws[0].Line == 0 {
			t.Errorf("warnings = %v, want one with a line", ws)
		}
	})
	t.Run("not readable", func(t *testing.T) {
		checkRead(t, fstest.MapFS{"go.mod": {Data: []byte("module x\x00")}}, goModReader(nil), "go.mod", nil, []wantWarning{{"go.mod", 0, 0, "binary"}})
	})
}
