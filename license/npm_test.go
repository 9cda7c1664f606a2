package license

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/mcp-comply/mcp-comply/internal/project"
)

// summary renders components as "name@version[ dev] decl=… line=N" for comparison.
func summary(cs []Component) []string {
	var out []string
	for _, c := range cs {
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
		out = append(out, s)
	}
	slices.Sort(out)
	return out
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
	for _, tc := range []struct {
		file string
		want []string
		warn string
	}{
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
		{"bad/package-lock.json", nil, "bad/package-lock.json:4:1: invalid JSON"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			cs, ws := readNpmLock(fsys, tc.file)
			if got := summary(cs); !slices.Equal(got, tc.want) {
				t.Errorf("components:\n got %q\nwant %q", got, tc.want)
			}
			if tc.warn == "" && len(ws) > 0 || tc.warn != "" && (len(ws) != 1 || !strings.HasPrefix(ws[0].String(), tc.warn)) {
				t.Errorf("warnings = %v, want %q", ws, tc.warn)
			}
		})
	}
	// Directories point at the installed package, for SEE LICENSE IN.
	cs, _ := readNpmLock(fsys, "package-lock.json")
	for _, c := range cs {
		if c.Name == "@n8n/config" && c.Dir != "node_modules/@n8n/config" {
			t.Errorf("Dir = %q, want node_modules/@n8n/config", c.Dir)
		}
	}
}

func TestReadInstalledNpm(t *testing.T) {
	fsys := fstest.MapFS{
		"node_modules/a/package.json": {Data: []byte("{\n  \"name\": \"a\",\n  \"version\": \"1.0.0\",\n  \"license\": \"MIT\"\n}")},
		"node_modules/b/package.json": {Data: []byte(`{"name":"b","version":"2.0.0","licenses":[{"type":"MIT"},{"type":"Apache-2.0"}]}`)},
		"node_modules/c/package.json": {Data: []byte(`{"version":"3.0.0","license":42}`)},
		"node_modules/d/package.json": {Data: []byte(`{"name": "d",`)},
	}
	for _, tc := range []struct {
		dir, want, warn string
	}{
		{"node_modules/a", "a@1.0.0 decl=MIT line=4", ""},
		{"node_modules/b", "b@2.0.0 decl=MIT|Apache-2.0 line=1", ""},
		{"node_modules/c", "c@3.0.0", ""}, // a number is no licence; the name comes from the path
		{"node_modules/d", "", "invalid JSON"},
	} {
		t.Run(tc.dir, func(t *testing.T) {
			c, ws := readInstalledNpm(fsys, project.Package{Ecosystem: project.NPM, Dir: tc.dir, Manifest: tc.dir + "/package.json"})
			got := ""
			if c.Name != "" {
				got = summary([]Component{c})[0]
				// summary takes the location line; report the declaration line instead
				if len(c.Declared) > 0 {
					got = strings.Split(got, " line=")[0] + fmt.Sprintf(" line=%d", c.Declared[0].Line)
				}
			}
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
			if (tc.warn == "") != (len(ws) == 0) || tc.warn != "" && !strings.Contains(ws[0].Message, tc.warn) {
				t.Errorf("warnings = %v, want %q", ws, tc.warn)
			}
		})
	}
}

func TestReadNpmManifest(t *testing.T) {
	fsys := fstest.MapFS{"package.json": {Data: []byte(`{
  "name": "agent",
  "dependencies": {"n8n": "2.8.4", "flowise": "^3.1.0", "tools": "workspace:*"},
  "devDependencies": {"typescript": "~5.4.0"}
}`)}}
	cs, ws := readNpmManifest(fsys, "package.json")
	want := []string{"flowise@ line=3", "n8n@2.8.4 line=3", "typescript@ dev line=4"}
	if got := summary(cs); !slices.Equal(got, want) || len(ws) > 0 {
		t.Errorf("got %q %v, want %q", got, ws, want)
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
	for _, tc := range []struct {
		file string
		want []string
		warn string
	}{
		{"v9/pnpm-lock.yaml", []string{"@types/node@20.0.0 dev line=25", "debug@2.6.9 line=19", "express@4.19.2 line=16", "vitest@1.6.0 dev line=22"}, ""},
		{"v6/pnpm-lock.yaml", []string{"@babel/core@7.24.0 dev line=5", "react@18.2.0 line=9"}, ""},
		{"v5/pnpm-lock.yaml", []string{"@scope/pkg@1.0.0 line=5"}, ""},
		{"bad/pnpm-lock.yaml", nil, "bad/pnpm-lock.yaml:3: invalid YAML"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			cs, ws := readPnpmLock(fsys, tc.file)
			if got := summary(cs); !slices.Equal(got, tc.want) {
				t.Errorf("components:\n got %q\nwant %q", got, tc.want)
			}
			if tc.warn == "" && len(ws) > 0 || tc.warn != "" && (len(ws) != 1 || !strings.HasPrefix(ws[0].String(), tc.warn)) {
				t.Errorf("warnings = %v, want %q", ws, tc.warn)
			}
		})
	}
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

func TestReadYarnLock(t *testing.T) {
	fsys := fstest.MapFS{
		"v1/yarn.lock":    {Data: []byte(yarnV1)},
		"berry/yarn.lock": {Data: []byte(yarnBerry)},
	}
	for _, tc := range []struct {
		file string
		want []string
	}{
		{"v1/yarn.lock", []string{"@babel/code-frame@7.12.13 line=5", "abab@2.0.5 line=11", "string-width@4.2.3 line=14"}},
		{"berry/yarn.lock", []string{"@babel/code-frame@7.12.13 line=7", "lodash@4.17.21 line=19"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			cs, ws := readYarnLock(fsys, tc.file)
			if got := summary(cs); !slices.Equal(got, tc.want) || len(ws) > 0 {
				t.Errorf("got %q %v, want %q", got, ws, tc.want)
			}
		})
	}
}

func TestMerge(t *testing.T) {
	pos := func(f string) []project.Position { return []project.Position{{File: f}} }
	got := merge([]Component{
		{Ecosystem: NPM, Name: "debug", Version: "4.4.3", Role: Library, Locations: pos("package-lock.json")},
		{Ecosystem: NPM, Name: "debug", Version: "4.4.3", Role: Library, Locations: pos("node_modules/debug/package.json"), Dir: "node_modules/debug", LicenseFiles: []string{"node_modules/debug/LICENSE"}},
		{Ecosystem: NPM, Name: "debug", Version: "", Role: Library, Locations: pos("package.json")},
		{Ecosystem: NPM, Name: "debug", Version: "2.6.9", Role: Library, Dev: true, Locations: pos("package-lock.json")},
		{Ecosystem: NPM, Name: "server", Version: "", Role: MCPServer, Locations: pos(".mcp.json")},
		{Ecosystem: NPM, Name: "server", Version: "", Role: Library, Dev: true, Locations: pos("package.json")},
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
