package license

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/vocab"
)

// summary renders components as "name@version[ dev] decl=… line=N" for comparison.
func summary(cs []Component) []string {
	return rendered(cs, func(c Component) string {
		s := c.Name + "@" + c.Version
		if c.Dev {
			s += " dev"
		}
		var decl []string
		for _, d := range c.Declared {
			decl = append(decl, d.Value)
		}
		if len(decl) > 0 {
			s += " decl=" + strings.Join(decl, "|")
		}
		if len(c.Locations) > 0 && c.Locations[0].Line > 0 {
			s += fmt.Sprintf(" line=%d", c.Locations[0].Line)
		}
		return s
	})
}

// lockCase is a lockfile a reader reads, the summary of the components it
// must give and the one warning it must give ("" for none).
type lockCase struct {
	file string
	want []string
	warn string
}

// checkLock runs read on each case's file of fsys, a subtest a file.
func checkLock(t *testing.T, fsys fstest.MapFS, read fileReader, cases []lockCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			cs, ws := readIn(t, fsys, read, tc.file)
			if got := summary(cs); !slices.Equal(got, tc.want) {
				t.Errorf("components:\n got %q\nwant %q", got, tc.want)
			}
			if tc.warn == "" && len(ws) > 0 || tc.warn != "" && (len(ws) != 1 || !strings.HasPrefix(ws[0].String(), tc.warn)) {
				t.Errorf("warnings = %v, want %q", ws, tc.warn)
			}
		})
	}
}

const lockV3 = `{
  "name": "agent",
  "version": "1.0.0",
  "lockfileVersion": 3,
  "requires": true,
  "packages": {
    "": {
      "name": "agent",
      "version": "1.0.0",
      "license": "UNLICENSED",
      "workspaces": ["packages/*"]
    },
    "node_modules/@n8n/config": {
      "version": "2.7.1",
      "license": "SEE LICENSE IN LICENSE.md"
    },
    "node_modules/debug": {
      "version": "4.4.3",
      "license": "MIT"
    },
    "node_modules/jest": {
      "version": "29.7.0",
      "dev": true,
      "license": "MIT"
    },
    "node_modules/tools": {
      "resolved": "packages/tools",
      "link": true
    },
    "node_modules/n8n/node_modules/debug": {
      "version": "4.3.4",
      "license": "MIT"
    },
    "node_modules/old": {
      "version": "1.0.0",
      "license": {"type": "BSD-3-Clause", "url": "http://example.com"}
    },
    "packages/tools": {
      "name": "tools",
      "version": "0.0.1",
      "license": "MIT"
    }
  }
}
`

const lockV1 = `{
  "name": "legacy",
  "lockfileVersion": 1,
  "requires": true,
  "dependencies": {
    "express": {
      "version": "4.17.1",
      "dependencies": {
        "debug": {
          "version": "2.6.9"
        }
      }
    },
    "mocha": {
      "version": "8.0.0",
      "dev": true
    },
    "string-width-cjs": {
      "version": "npm:string-width@4.2.3"
    },
    "local": {
      "version": "file:../local"
    }
  }
}
`

func TestReadNpmLock(t *testing.T) {
	fsys := fstest.MapFS{
		"package-lock.json":     {Data: []byte(lockV3)},
		"old/package-lock.json": {Data: []byte(lockV1)},
		"bad/package-lock.json": {Data: []byte("{\n  \"packages\": {\n    \"node_modules/x\": {\"version\": 1\n}")},
	}
	checkLock(t, fsys, readNpmLock, []lockCase{
		{"package-lock.json", []string{
			"@n8n/config@2.7.1 decl=SEE LICENSE IN LICENSE.md line=13",
			"debug@4.3.4 decl=MIT line=30",
			"debug@4.4.3 decl=MIT line=17",
			"jest@29.7.0 dev decl=MIT line=21",
			"old@1.0.0 decl=BSD-3-Clause line=34",
		}, ""},
		{"old/package-lock.json", []string{
			"debug@2.6.9 line=9",
			"express@4.17.1 line=6",
			"mocha@8.0.0 dev line=14",
			"string-width@4.2.3 line=18",
		}, ""},
		{"bad/package-lock.json", nil, "bad/package-lock.json:4:2: invalid JSON"}, // the index's warning
	})
	// Directories point at the installed package, for SEE LICENSE IN;
	// declarations at the entry's licence key.
	cs, _ := readIn(t, fsys, readNpmLock, "package-lock.json")
	for _, c := range cs {
		if c.Name == "@n8n/config" && (c.Dir != "node_modules/@n8n/config" || len(c.Declared) != 1 ||
			c.Declared[0].Position != (project.Position{File: "package-lock.json", Line: 15, Col: 7})) {
			t.Errorf("Dir = %q, declared %+v; want node_modules/@n8n/config, at package-lock.json:15:7", c.Dir, c.Declared)
		}
	}
	t.Run("values of the wrong kind", func(t *testing.T) {
		fsys := fstest.MapFS{"package-lock.json": {Data: []byte(`{"packages": {
  "node_modules/a": {"version": "1.0.0", "dev": "yes", "license": "MIT"},
  "node_modules/b": {"version": 2},
  "node_modules/c": "sk-not-a-table",
  "packages/d": "a workspace: not read"
}}`)}}
		cs, ws := readIn(t, fsys, readNpmLock, "package-lock.json")
		if got, want := summary(cs), []string{"a@1.0.0 decl=MIT line=2"}; !slices.Equal(got, want) {
			t.Errorf("components %q, want %q", got, want)
		}
		var warns []string
		for _, w := range ws {
			warns = append(warns, w.String())
		}
		want := []string{
			"package-lock.json:2:49: node_modules/a dev is a string, not a boolean",
			"package-lock.json:3:33: node_modules/b version is a number, not a string",
			"package-lock.json:4:21: node_modules/c is a string, not an object",
		}
		if !slices.Equal(warns, want) {
			t.Errorf("warnings %q, want %q", warns, want)
		}
	})
}

func TestReadInstalledNpm(t *testing.T) {
	fsys := fstest.MapFS{
		"node_modules/a/package.json": {Data: []byte("{\n  \"name\": \"a\",\n  \"version\": \"1.0.0\",\n  \"license\": \"MIT\"\n}")},
		"node_modules/b/package.json": {Data: []byte(`{"name":"b","version":"2.0.0","licenses":[{"type":"MIT"},{"type":"Apache-2.0"}]}`)},
		"node_modules/c/package.json": {Data: []byte(`{"version":"3.0.0","license":42}`)},
		"node_modules/d/package.json": {Data: []byte(`{"name": "d",`)},
		// The licence key of the package, not the first "license" in the
		// file; both fields, every shape npm has accepted.
		"node_modules/e/package.json": {Data: []byte(`{
  "name": "e",
  "keywords": ["license", {"license": "GPL-3.0"}],
  "version": "5.0.0",
  "license": {"TYPE": "ISC", "url": "https://example.com"},
  "licenses": ["MIT", [{"type": "BSD-2-Clause"}, null], {"type": 5}, {"url": "x"}, true]
}`)},
		"node_modules/f/package.json": {Data: []byte(`{"name": ["f"], "version": 6, "license": null}`)},
		"node_modules/g/package.json": {Data: []byte(`["not", "a", "manifest"]`)},
	}
	for _, tc := range []struct {
		dir   string
		want  string   // name@version
		decls []string // value@line:col
		warns []string // line:col: message
	}{
		{"node_modules/a", "a@1.0.0", []string{"MIT@4:3"}, nil},
		{"node_modules/b", "b@2.0.0", []string{"MIT@1:31", "Apache-2.0@1:31"}, nil},
		{"node_modules/c", "c@3.0.0", nil, nil},                                                    // a number is no licence; the name comes from the path
		{"node_modules/d", "", nil, []string{"1:14: invalid JSON: parsing value: unexpected EOF"}}, // the index's
		{"node_modules/e", "e@5.0.0", []string{"ISC@5:3", "MIT@6:3", "BSD-2-Clause@6:3", "@6:3"}, nil},
		{"node_modules/f", "f@", []string{"@1:31"}, []string{"1:10: name is an array, not a string", "1:28: version is a number, not a string"}},
		{"node_modules/g", "", nil, []string{"1:1: package.json is an array, not an object"}},
	} {
		t.Run(tc.dir, func(t *testing.T) {
			idx := index(t, fsys)
			c, ws := readInstalledNpm(idx, project.Package{Ecosystem: project.NPM, Dir: tc.dir, Manifest: tc.dir + "/package.json"}, false)
			ws = withIndexWarnings(idx, ws)
			got := ""
			if c.Name != "" {
				got = c.Name + "@" + c.Version
			}
			var decls, warns []string
			for _, d := range c.Declared {
				decls = append(decls, fmt.Sprintf("%s@%d:%d", d.Value, d.Line, d.Col))
				if d.File != tc.dir+"/package.json" || !strings.HasPrefix(d.Field, "package.json licen") {
					t.Errorf("declaration %+v", d)
				}
			}
			for _, w := range ws {
				warns = append(warns, fmt.Sprintf("%d:%d: %s", w.Line, w.Col, w.Message))
			}
			if got != tc.want || !slices.Equal(decls, tc.decls) || !slices.Equal(warns, tc.warns) {
				t.Errorf("got %s %q %q, want %s %q %q", got, decls, warns, tc.want, tc.decls, tc.warns)
			}
		})
	}
}

func TestReadNpmManifest(t *testing.T) {
	// The name appears first as the package's own name: each dependency
	// is where its key is.
	fsys := fstest.MapFS{"package.json": {Data: []byte(`{
  "name": "n8n",
  "dependencies": {"n8n": "2.8.4", "flowise": "^3.1.0", "tools": "workspace:*"},
  "optionalDependencies": {"sharp": null, "left-pad": ["1.3.0"]},
  "devDependencies": {"typescript": "~5.4.0"},
  "peerDependencies": "react"
}`)}}
	cs, ws := readIn(t, fsys, readNpmManifest, "package.json")
	want := []string{"flowise@ line=3", "n8n@2.8.4 line=3", "sharp@ line=4", "typescript@ dev line=5"}
	if got := summary(cs); !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if len(ws) != 1 || ws[0].String() != "package.json:4:55: optionalDependencies left-pad is an array, not a string" {
		t.Errorf("warnings %v", ws)
	}
}

const pnpmV9 = `lockfileVersion: '9.0'

importers:
  .:
    dependencies:
      express:
        specifier: ^4.19.0
        version: 4.19.2
    devDependencies:
      vitest:
        specifier: ^1.0.0
        version: 1.6.0(@types/node@20.0.0)

packages:

  express@4.19.2:
    resolution: {integrity: sha512-x}

  debug@2.6.9:
    resolution: {integrity: sha512-y}

  vitest@1.6.0:
    resolution: {integrity: sha512-z}

  '@types/node@20.0.0':
    resolution: {integrity: sha512-w}

snapshots:

  express@4.19.2:
    dependencies:
      debug: 2.6.9

  debug@2.6.9: {}

  vitest@1.6.0(@types/node@20.0.0):
    dependencies:
      '@types/node': 20.0.0

  '@types/node@20.0.0': {}
`

const pnpmV6 = `lockfileVersion: '6.0'

packages:

  /@babel/core@7.24.0:
    resolution: {integrity: sha512-a}
    dev: true

  /react@18.2.0(loose-envify@1.4.0):
    resolution: {integrity: sha512-b}
    dev: false
`

const pnpmV5 = `lockfileVersion: 5.4

packages:

  /@scope/pkg/1.0.0_react@18.2.0:
    resolution: {integrity: sha512-c}
    dev: false
`

func TestReadPnpmLock(t *testing.T) {
	fsys := fstest.MapFS{
		"v9/pnpm-lock.yaml":  {Data: []byte(pnpmV9)},
		"v6/pnpm-lock.yaml":  {Data: []byte(pnpmV6)},
		"v5/pnpm-lock.yaml":  {Data: []byte(pnpmV5)},
		"bad/pnpm-lock.yaml": {Data: []byte("lockfileVersion: '9.0'\npackages:\n  a: [\n")},
	}
	checkLock(t, fsys, readPnpmLock, []lockCase{
		{"v9/pnpm-lock.yaml", []string{"@types/node@20.0.0 dev line=25", "debug@2.6.9 line=19", "express@4.19.2 line=16", "vitest@1.6.0 dev line=22"}, ""},
		{"v6/pnpm-lock.yaml", []string{"@babel/core@7.24.0 dev line=5", "react@18.2.0 line=9"}, ""},
		{"v5/pnpm-lock.yaml", []string{"@scope/pkg@1.0.0 line=5"}, ""},
		{"bad/pnpm-lock.yaml", nil, "bad/pnpm-lock.yaml:3: invalid YAML"},
	})
}

const yarnV1 = `# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.
# yarn lockfile v1


"@babel/code-frame@^7.0.0", "@babel/code-frame@^7.10.4":
  version "7.12.13"
  resolved "https://registry.yarnpkg.com/@babel/code-frame/-/code-frame-7.12.13.tgz"
  dependencies:
    "@babel/highlight" "^7.12.13"

abab@^2.0.3, abab@^2.0.5:
  version "2.0.5"

string-width-cjs@npm:string-width@^4.2.0:
  version "4.2.3"
`

const yarnBerry = `# This file is generated by running "yarn install" inside your project.

__metadata:
  version: 6
  cacheKey: 8

"@babel/code-frame@npm:^7.0.0":
  version: 7.12.13
  resolution: "@babel/code-frame@npm:7.12.13"
  languageName: node
  linkType: hard

"agent@workspace:.":
  version: 0.0.0-use.local
  resolution: "agent@workspace:."
  languageName: unknown
  linkType: soft

"lodash@npm:^4.17.21":
  version: 4.17.21
  resolution: "lodash@npm:4.17.21"
  linkType: hard
`

func TestPnpmLicenseDeclaration(t *testing.T) {
	fsys := fstest.MapFS{"pnpm-lock.yaml": {Data: []byte("lockfileVersion: '6.0'\n\npackages:\n\n  /left-pad@1.3.0:\n    resolution: {integrity: sha512-a}\n    license: WTFPL\n")}}
	cs, ws := readIn(t, fsys, readPnpmLock, "pnpm-lock.yaml")
	want := Declaration{Value: "WTFPL", Field: "pnpm-lock.yaml license", Position: project.Position{File: "pnpm-lock.yaml", Line: 7, Col: 5}}
	if len(cs) != 1 || len(cs[0].Declared) != 1 || cs[0].Declared[0] != want || cs[0].Locations[0].Line != 5 || len(ws) > 0 {
		t.Errorf("got %+v %v, want one component at line 5 declaring %+v", cs, ws, want)
	}
}

func TestReadYarnLock(t *testing.T) {
	fsys := fstest.MapFS{
		"v1/yarn.lock":    {Data: []byte(yarnV1)},
		"berry/yarn.lock": {Data: []byte(yarnBerry)},
	}
	// Berry is YAML, which the index does not parse under this name: its
	// syntax errors are the reader's, worded as the index words them, and
	// what comes before the fault is read.
	fsys["broken/yarn.lock"] = &fstest.MapFile{Data: []byte(yarnBerry + "\n\"x@npm:1\": [\n")}
	checkLock(t, fsys, readYarnLock, []lockCase{
		{"v1/yarn.lock", []string{"@babel/code-frame@7.12.13 line=5", "abab@2.0.5 line=11", "string-width@4.2.3 line=14"}, ""},
		{"berry/yarn.lock", []string{"@babel/code-frame@7.12.13 line=7", "lodash@4.17.21 line=19"}, ""},
		{"broken/yarn.lock", []string{"@babel/code-frame@7.12.13 line=7", "lodash@4.17.21 line=19"}, "broken/yarn.lock:24: invalid YAML"},
	})
}

func TestMerge(t *testing.T) {
	pos := func(f string) []project.Position { return []project.Position{{File: f}} }
	got := merge([]Component{
		{Ecosystem: vocab.NPM, Name: "debug", Version: "4.4.3", Role: vocab.RoleLibrary, Locations: pos("package-lock.json")},
		{Ecosystem: vocab.NPM, Name: "debug", Version: "4.4.3", Role: vocab.RoleLibrary, Locations: pos("node_modules/debug/package.json"), Dir: "node_modules/debug", LicenseFiles: []string{"node_modules/debug/LICENSE"}},
		{Ecosystem: vocab.NPM, Name: "debug", Version: "", Role: vocab.RoleLibrary, Locations: pos("package.json")},
		{Ecosystem: vocab.NPM, Name: "debug", Version: "2.6.9", Role: vocab.RoleLibrary, Dev: true, Locations: pos("package-lock.json")},
		{Ecosystem: vocab.NPM, Name: "server", Version: "", Role: vocab.RoleMCPServer, Locations: pos(".mcp.json")},
		{Ecosystem: vocab.NPM, Name: "server", Version: "", Role: vocab.RoleLibrary, Dev: true, Locations: pos("package.json")},
	})
	var s []string
	for _, c := range got {
		var files []string
		for _, l := range c.Locations {
			files = append(files, l.File)
		}
		s = append(s, fmt.Sprintf("%s@%s %s dev=%v dir=%s locs=%s", c.Name, c.Version, c.Role, c.Dev, c.Dir, strings.Join(files, ",")))
	}
	want := []string{
		"debug@2.6.9 library dev=false dir= locs=package-lock.json,package.json", // the versionless manifest entry folds into the lowest version
		"debug@4.4.3 library dev=false dir=node_modules/debug locs=node_modules/debug/package.json,package-lock.json",
		"server@ mcp-server dev=false dir= locs=.mcp.json,package.json",
	}
	if !slices.Equal(s, want) {
		t.Errorf("merge:\n got %q\nwant %q", s, want)
	}
}

// A version spec names one version only as MAJOR.MINOR.PATCH: "2" is the
// range 2.x.x, so a manifest's "d3-dsv": "2" must not become d3-dsv@2.
func TestIsExactSemver(t *testing.T) {
	for spec, want := range map[string]bool{
		"1.3.0": true, "=1.3.0": true, "2.0.0-rc.1": true, "1.0.0+build.5": true, "10.20.30": true,
		"2": false, "1.2": false, "1.x": false, "1.2.x": false, "^1.2.3": false, "~1.2.3": false,
		">=1.2.3": false, "1.2.3 - 2.0.0": false, "1.2.3 || 2.0.0": false, "*": false, "": false,
		"latest": false, "v1.2.3": false, "1.2.3.4": false, "x.1.2": false,
	} {
		if got := isExactSemver(spec); got != want {
			t.Errorf("isExactSemver(%q) = %v, want %v", spec, got, want)
		}
	}
}
