package license

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/mcp-comply/mcp-comply/internal/vocab"
)

// depGraph renders components as "name@version[ direct][ -> dep dep …]",
// the dependencies without their ecosystem, sorted by component.
func depGraph(cs []Component) []string {
	return rendered(cs, func(c Component) string {
		s := c.Name + "@" + c.Version
		if c.Direct {
			s += " direct"
		}
		if len(c.Dependencies) > 0 {
			var deps []string
			for _, d := range c.Dependencies {
				deps = append(deps, d[strings.IndexByte(d, ':')+1:])
			}
			s += " -> " + strings.Join(deps, " ")
		}
		return s
	})
}

func checkGraph(t *testing.T, cs []Component, want []string) {
	t.Helper()
	if got := depGraph(cs); !slices.Equal(got, want) {
		t.Errorf("graph:\n got %q\nwant %q", got, want)
	}
	for _, c := range cs {
		if !slices.IsSorted(c.Dependencies) || len(slices.Compact(slices.Clone(c.Dependencies))) != len(c.Dependencies) {
			t.Errorf("%s: dependencies %q are not sorted once each", c.Key(), c.Dependencies)
		}
	}
}

func TestNodeLookup(t *testing.T) {
	installed := map[string]string{}
	for _, p := range []string{"node_modules/ms", "node_modules/express", "node_modules/express/node_modules/ms",
		"node_modules/@scope/pkg", "packages/tools/node_modules/ms", "sub/node_modules/left-pad"} {
		installed[p] = p
	}
	for _, tc := range []struct{ from, name, want string }{
		{"", "ms", "node_modules/ms"},
		{".", "ms", "node_modules/ms"},
		{"node_modules/express", "ms", "node_modules/express/node_modules/ms"}, // the nested copy wins
		{"node_modules/express/node_modules/ms", "ms", "node_modules/express/node_modules/ms"},
		{"node_modules/@scope/pkg", "ms", "node_modules/ms"},
		{"packages/tools", "ms", "packages/tools/node_modules/ms"},
		{"packages/other", "ms", "node_modules/ms"},
		{"node_modules/express", "left-pad", ""}, // sub/ is not on the way up
		{"", "absent", ""},
	} {
		got, ok := nodeLookup(installed, tc.from, tc.name)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("nodeLookup(%q, %q) = %q, %v; want %q", tc.from, tc.name, got, ok, tc.want)
		}
	}
}

func TestLockGoverned(t *testing.T) {
	locks := map[string]bool{".": true, "apps/web": true}
	for dir, want := range map[string]bool{
		"node_modules/a":                        true,
		"node_modules/a/node_modules/b":         true,
		"packages/tools":                        true, // a workspace of the root lockfile
		"apps/web/node_modules/a":               true,
		"apps/web":                              true,
		"node_modules/.pnpm/a@1/node_modules/a": true,
		"elsewhere/node_modules/a":              true, // under the root
	} {
		if got := lockGoverned(dir, locks); got != want {
			t.Errorf("lockGoverned(%q) = %v, want %v", dir, got, want)
		}
	}
	if lockGoverned("node_modules/a", map[string]bool{"apps/web": true}) {
		t.Error("apps/web's lockfile governs the root's node_modules")
	}
	if lockGoverned(".", map[string]bool{"apps/web": true}) {
		t.Error("apps/web's lockfile governs the root package.json")
	}
}

// TestLockGraph reads the dependency graph each lockfile states: which
// packages the project depends on directly, and each edge resolved to the
// version installed.
func TestLockGraph(t *testing.T) {
	for _, tc := range []struct {
		name string
		dir  string // below testdata
		read fileReader
		file string
		want []string
	}{
		// An npm 10 lockfile of a workspace project: express keeps its own
		// debug and ms nested, the workspace packages/tools a debug of its
		// own; ts-jest peers jest (installed) and typescript (not installed).
		{"npm v3", "graph/npm", readNpmLock, "package-lock.json", []string{
			"debug@2.6.9 -> ms@2.0.0", // from express's folder: its own ms, not the hoisted one
			"debug@3.2.7 direct -> ms@2.1.3",
			"debug@4.4.0 direct -> ms@2.1.3",
			"express@4.21.2 direct -> debug@2.6.9 ms@2.0.0", // the nested copies win
			"jest@29.7.0 direct",
			"ms@2.0.0",
			"ms@2.1.3",
			"ts-jest@29.2.5 direct -> jest@29.7.0", // typescript is not installed: no edge
		}},
		// An npm 6 lockfile: nesting is the folder tree, requires the
		// ranges; the root's dependencies are only in package.json.
		{"npm v1", "graph/npm", readNpmLock, "legacy/package-lock.json", []string{
			"debug@2.6.9 -> ms@2.0.0",
			"debug@4.1.1 direct -> ms@2.1.2",
			"express@4.17.1 direct -> debug@2.6.9 ms@2.0.0", // the local folder's dependency
			"mocha@8.0.0 direct -> debug@4.1.1",             // supports-color is not installed
			"ms@2.0.0",
			"ms@2.1.2",
		}},
		// A pnpm 9 lockfile of a workspace: the peer suffix is in the
		// snapshot keys, tools is a workspace link; vitest's tinypool was
		// trimmed from the lockfile.
		{"pnpm v9", "graph/pnpm", readPnpmLock, "pnpm-lock.yaml", []string{
			"@langchain/core@0.3.40 direct -> js-tiktoken@1.0.19 zod@3.24.2",
			"base64-js@1.5.1",
			"js-tiktoken@1.0.19 -> base64-js@1.5.1",
			"openai@4.85.0 direct -> zod@3.24.2",
			"vitest@3.0.5 direct", // tinypool is not in the lockfile: no edge
			"zod@3.24.2 direct",   // the workspace package's
		}},
		// A pnpm 8 lockfile of a single project, with an alias.
		{"pnpm v6", "graph/pnpm", readPnpmLock, "single/pnpm-lock.yaml", []string{
			"debug@2.6.9 -> ms@2.0.0",
			"emoji-regex@8.0.0",
			"express@4.18.2 direct -> debug@2.6.9 ms@2.0.0",
			"ms@2.0.0",
			"string-width@4.2.3 direct -> emoji-regex@8.0.0", // through the alias
			"typescript@5.3.3 direct",
		}},
		// A Yarn 1 lockfile; its project's dependencies are in the
		// package.json beside it.
		{"yarn v1", "graph/yarn", readYarnLock, "v1/yarn.lock", []string{
			"chokidar@3.5.3 direct", // fsevents is not in the lockfile: no edge
			"debug@2.6.9 -> ms@2.0.0",
			"debug@4.3.4 direct -> ms@2.1.2",
			"express@4.18.2 direct -> debug@2.6.9 ms@2.0.0",
			"ms@2.0.0",
			"ms@2.1.2",
			"string-width@4.2.3 direct", // through the alias's descriptor; emoji-regex is not locked
		}},
		// A Yarn 4 lockfile of a workspace project.
		{"yarn berry", "graph/yarn", readYarnLock, "berry/yarn.lock", []string{
			"debug@4.3.4 direct -> ms@2.1.2",
			"ms@2.1.2",
			"zod@3.22.4 direct", // the workspace package's
		}},
		// Yarn 3 leaves out the default npm: protocol in dependencies
		// (lodash: ^4.17.21).
		{"yarn 3", "graph/yarn", readYarnLock, "yarn3/yarn.lock", []string{"@babel/code-frame@7.12.13", "lodash@4.17.21 direct"}},
		// A Poetry 2 lockfile: httpx's socks extra is asked for, its brotli
		// extra is not (brotli is locked for the project itself); httpcore
		// was trimmed; pandas needs numpy at two versions by Python version.
		{"poetry", "graph/poetry", readPoetryLock, "poetry.lock", []string{
			"agent-tools@0.3.0 direct -> httpx@0.28.1",
			"anyio@4.8.0 -> idna@3.10 sniffio@1.3.1 typing-extensions@4.12.2",
			"brotli@1.1.0 direct",
			"certifi@2025.1.31",
			// httpcore is not locked; brotli's extra is not asked for.
			"httpx@0.28.1 direct -> anyio@4.8.0 certifi@2025.1.31 idna@3.10 socksio@1.0.0",
			"idna@3.10",
			"numpy@1.26.4",
			"numpy@2.2.2",
			"pandas@2.2.3 direct -> numpy@1.26.4 numpy@2.2.2", // one locked version per environment
			"sniffio@1.3.1",
			"socksio@1.0.0",
			"typing-extensions@4.12.2",
		}},
		{"uv", "python", readUvLock, "uv/uv.lock", []string{
			"annotated-types@0.7.0",
			"anyio@4.6.2.post1 -> idna@3.10 sniffio@1.3.1",
			"click@8.1.7",
			"fastapi@0.115.6 direct -> pydantic@2.10.4 starlette@0.41.3 typing-extensions@4.12.2",
			"gunicorn@23.0.0 direct -> packaging@24.2", // dependency group "prod"
			"httpx@0.28.1 -> anyio@4.6.2.post1 idna@3.10",
			"idna@3.10",
			"iniconfig@2.0.0",
			"mcp@1.2.0 direct -> anyio@4.6.2.post1 httpx@0.28.1 pydantic@2.10.4 starlette@0.41.3 typer@0.15.1", // mcp[cli]
			"packaging@24.2",
			"pluggy@1.5.0",
			"pydantic@2.10.4 -> annotated-types@0.7.0 typing-extensions@4.12.2",
			"pytest@8.3.4 direct -> iniconfig@2.0.0 packaging@24.2 pluggy@1.5.0",
			"redis@5.2.1 direct", // extra "redis"
			"respx@0.21.1 direct",
			"ruff@0.8.4 direct",
			"sniffio@1.3.1",
			"starlette@0.41.3 -> anyio@4.6.2.post1",
			"typer@0.15.1 -> click@8.1.7 typing-extensions@4.12.2",
			"typing-extensions@4.12.2",
		}},
		// Several versions of numpy by Python version, an extra nobody asks for.
		{"uv markers", "graph/uv", readUvLock, "uv.lock", []string{
			"numexpr@2.10.2",
			"numpy@1.26.4",
			"numpy@2.2.2",
			"pandas@2.2.3 direct -> numpy@2.2.2", // the version named; no extra asked for, so no numexpr
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cs, ws := readIn(t, os.DirFS("testdata/"+tc.dir), tc.read, tc.file)
			if len(ws) > 0 {
				t.Errorf("warnings: %v", ws)
			}
			checkGraph(t, cs, tc.want)
		})
	}
}

func TestPnpmRef(t *testing.T) {
	for _, tc := range []struct {
		name, version string
		v5            bool
		want          string
	}{
		{"ms", "2.0.0", false, "ms@2.0.0"},
		{"openai", "4.85.0(zod@3.24.2)", false, "openai@4.85.0"},
		{"alias", "string-width@4.2.3", false, "string-width@4.2.3"},
		{"alias", "/string-width@4.2.3", false, "string-width@4.2.3"},
		{"alias", "/@scope/real@1.0.0(peer@1.0.0)", false, "@scope/real@1.0.0"},
		{"ms", "2.0.0_supports-color@7.2.0", true, "ms@2.0.0"},
		{"alias", "/@scope/real/1.0.0", true, "@scope/real@1.0.0"},
		{"tools", "link:packages/tools", false, ""},
		{"kit", "file:../kit", false, ""},
	} {
		if got := pnpmRef(tc.name, tc.version, tc.v5); got != tc.want {
			t.Errorf("pnpmRef(%q, %q, %v) = %q, want %q", tc.name, tc.version, tc.v5, got, tc.want)
		}
	}
}

func TestYarnDescriptors(t *testing.T) {
	for in, want := range map[string][]string{
		`abab@^2.0.3, abab@^2.0.5`:                           {"abab@^2.0.3", "abab@^2.0.5"},
		`"@babel/code-frame@^7.0.0", "@babel/code-frame@^7"`: {"@babel/code-frame@^7.0.0", "@babel/code-frame@^7"},
		`"range@>=1.0.0, <2", range@^1.5.0`:                  {"range@>=1.0.0, <2", "range@^1.5.0"},
	} {
		if got := yarnDescriptors(in); !slices.Equal(got, want) {
			t.Errorf("yarnDescriptors(%s) = %q, want %q", in, got, want)
		}
	}
}

func TestGoModGraph(t *testing.T) {
	t.Run("with module cache", func(t *testing.T) {
		cs, _ := readIn(t, goFS, goModReader(goModCache), "go.mod")
		checkGraph(t, cs, []string{
			"github.com/BurntSushi/toml@v1.6.0 direct",
			"github.com/google/uuid@v1.6.0",
			// mcp-go's go.mod in the cache: the versions the main go.mod
			// selects (cast's fork); testify is not in the build list.
			"github.com/mark3labs/mcp-go@v0.26.0 direct -> github.com/google/uuid@v1.6.0 github.com/spf13/cast@v1.7.2-0.20250101120000-abcdef123456 github.com/yosida95/uritemplate/v3@v3.0.2",
			"github.com/spf13/cast@v1.7.2-0.20250101120000-abcdef123456",
			"github.com/yosida95/uritemplate/v3@v3.0.2",
			"golang.org/x/sync@v0.11.0 direct",
		})
	})
	t.Run("without: only the direct ones", func(t *testing.T) {
		cs, _ := readIn(t, goFS, goModReader(nil), "go.mod")
		for _, c := range cs {
			if len(c.Dependencies) > 0 {
				t.Errorf("%s: edges %q without a module cache", c.Key(), c.Dependencies)
			}
		}
	})
	t.Run("the extracted go.mod when the cache has no .mod", func(t *testing.T) {
		cache := fstest.MapFS{
			"github.com/mark3labs/mcp-go@v0.26.0/go.mod":                {Data: []byte("module github.com/mark3labs/mcp-go\n\nrequire github.com/google/uuid v1.6.0\n")},
			"cache/download/github.com/!burnt!sushi/toml/@v/v1.6.0.mod": {Data: []byte("module github.com/BurntSushi/toml\n\nrequire github.com/google/uuid v1.5.0\n")},
			// A module's own replace directives do not apply.
			"github.com/!burnt!sushi/toml@v1.6.0/go.mod": {Data: []byte("module github.com/BurntSushi/toml\n\nrequire golang.org/x/sync v0.1.0\n")},
		}
		cs, _ := readIn(t, goFS, goModReader(cache), "go.mod")
		got := depGraph(cs)
		for _, want := range []string{
			"github.com/BurntSushi/toml@v1.6.0 direct -> github.com/google/uuid@v1.6.0", // the .mod wins over the extracted go.mod
			"github.com/mark3labs/mcp-go@v0.26.0 direct -> github.com/google/uuid@v1.6.0",
		} {
			if !slices.Contains(got, want) {
				t.Errorf("graph %q lacks %q", got, want)
			}
		}
	})
}

// TestInstalledGraph: without a lockfile, each installed package.json's
// dependencies are resolved the way Node resolves them; with one, the
// lockfile's edges are the graph.
func TestInstalledGraph(t *testing.T) {
	pkg := func(name, version, deps string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte(`{"name": "` + name + `", "version": "` + version + `", "license": "MIT"` + deps + `}`)}
	}
	tree := fstest.MapFS{
		"package.json": {Data: []byte(`{"name": "app", "private": true,
  "dependencies": {"debug": "^4.4.0", "express": "^4.21.2"}}`)},
		"node_modules/debug/package.json": pkg("debug", "4.4.0", `, "dependencies": {"ms": "^2.1.3"}, "peerDependencies": {"supports-color": "*"}`),
		"node_modules/express/package.json": pkg("express", "4.21.2",
			`, "dependencies": {"body-parser": "1.20.3", "debug": "2.6.9", "ms": "2.0.0"}, "devDependencies": {"mocha": "^10.0.0"}`),
		"node_modules/express/node_modules/debug/package.json": pkg("debug", "2.6.9", `, "dependencies": {"ms": "2.0.0"}`),
		"node_modules/express/node_modules/ms/package.json":    pkg("ms", "2.0.0", ""),
		"node_modules/mocha/package.json":                      pkg("mocha", "10.0.0", ""),
		"node_modules/ms/package.json":                         pkg("ms", "2.1.3", ""),
	}
	collect := func(fsys fstest.MapFS) []Component {
		inv, err := Collect(context.Background(), index(t, fsys), Options{KB: testBase(t)})
		if err != nil {
			t.Fatal(err)
		}
		return inv.Components
	}
	t.Run("no lockfile", func(t *testing.T) {
		checkGraph(t, collect(tree), []string{
			"debug@2.6.9 -> ms@2.0.0",
			"debug@4.4.0 direct -> ms@2.1.3",                // no supports-color installed
			"express@4.21.2 direct -> debug@2.6.9 ms@2.0.0", // its own copies; no body-parser; no devDependencies
			"mocha@10.0.0",
			"ms@2.0.0",
			"ms@2.1.3",
		})
	})
	t.Run("a lockfile governs", func(t *testing.T) {
		fsys := fstest.MapFS{"package-lock.json": {Data: []byte(`{"lockfileVersion": 3, "packages": {
  "": {"name": "app", "dependencies": {"debug": "^4.4.0", "express": "^4.21.2"}},
  "node_modules/debug": {"version": "4.4.0"},
  "node_modules/express": {"version": "4.21.2"},
  "node_modules/express/node_modules/debug": {"version": "2.6.9"},
  "node_modules/express/node_modules/ms": {"version": "2.0.0"},
  "node_modules/mocha": {"version": "10.0.0", "extraneous": true},
  "node_modules/ms": {"version": "2.1.3"}
}}`)}}
		for p, f := range tree {
			fsys[p] = f
		}
		checkGraph(t, collect(fsys), []string{
			"debug@2.6.9",
			"debug@4.4.0 direct",
			"express@4.21.2 direct",
			"mocha@10.0.0",
			"ms@2.0.0",
			"ms@2.1.3",
		})
	})
}

func TestMergeGraph(t *testing.T) {
	got := merge([]Component{
		{Ecosystem: vocab.NPM, Name: "debug", Version: "4.4.0", Dependencies: []string{"npm:ms@2.1.3"}},
		{Ecosystem: vocab.NPM, Name: "debug", Version: "4.4.0", Direct: true, Dependencies: []string{"npm:ms@2.1.3", "npm:supports-color@8.1.1"}},
		{Ecosystem: vocab.NPM, Name: "debug", Version: "2.6.9"},
		{Ecosystem: vocab.NPM, Name: "debug", Direct: true}, // package.json's range: 4.4.0 is the direct one
		{Ecosystem: vocab.NPM, Name: "ms", Version: "2.1.3"},
		{Ecosystem: vocab.NPM, Name: "ms", Version: "2.0.0"},
		{Ecosystem: vocab.NPM, Name: "ms", Direct: true}, // no version known to be direct: the lowest
	})
	finishGraph(got)
	checkGraph(t, got, []string{
		"debug@2.6.9",
		"debug@4.4.0 direct -> ms@2.1.3", // once; supports-color is not in the inventory
		"ms@2.0.0 direct",
		"ms@2.1.3",
	})
}
