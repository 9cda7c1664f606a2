package license

import (
	"cmp"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/vocab"
)

// invRow is what the reader tests compare: identity, dev status and the
// line of the first location.
type invRow struct {
	Name, Version string
	Dev           bool
	Line          int
}

func (r invRow) String() string {
	return fmt.Sprintf("%s@%s dev=%v :%d", r.Name, r.Version, r.Dev, r.Line)
}

func invRows(cs []Component) []invRow {
	out := make([]invRow, len(cs))
	for i, c := range cs {
		out[i] = invRow{Name: c.Name, Version: c.Version, Dev: c.Dev}
		if len(c.Locations) > 0 {
			out[i].Line = c.Locations[0].Line
		}
	}
	return out
}

// wantWarning is a warning expected at a position, with a message that
// contains Has. Col 0 accepts any column.
type wantWarning struct {
	File      string
	Line, Col int
	Has       string
}

func checkInventory(t *testing.T, got []Component, ws []project.Warning, want []invRow, wantWs []wantWarning) {
	t.Helper()
	if g := invRows(got); !slices.Equal(g, want) {
		t.Errorf("components:\n got %v\nwant %v", g, want)
	}
	checkWarnings(t, ws, wantWs)
}

func checkWarnings(t *testing.T, ws []project.Warning, want []wantWarning) {
	t.Helper()
	if len(ws) != len(want) {
		t.Errorf("got %d warnings, want %d:\n%v", len(ws), len(want), ws)
		return
	}
	for i, w := range want {
		g := ws[i]
		if g.File != w.File || g.Line != w.Line || w.Col != 0 && g.Col != w.Col || !strings.Contains(g.Message, w.Has) {
			t.Errorf("warning %d = %v, want %s:%d:%d containing %q", i, g, w.File, w.Line, w.Col, w.Has)
		}
	}
}

// quotesNone fails when a warning's message quotes one of the values.
func quotesNone(t *testing.T, ws []project.Warning, values ...string) {
	t.Helper()
	for _, w := range ws {
		for _, v := range values {
			if strings.Contains(w.Message, v) {
				t.Errorf("a warning quotes a value from the file: %v", w)
			}
		}
	}
}

func TestPypiName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Django", "django"},
		{"Pydantic_Settings", "pydantic-settings"},
		{"zope.interface", "zope-interface"},
		{"Foo__Bar-._baz", "foo-bar-baz"},
		{" mcp ", "mcp"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got := pypiName(tc.in); got != tc.want {
				t.Errorf("pypiName(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestIsDevName(t *testing.T) {
	for _, tc := range []struct {
		name string
		dev  bool
	}{
		{"dev", true}, {"Dev", true}, {"test", true}, {"tests", true}, {"docs", true}, {"lint", true},
		{"requirements-dev", true}, {"test-requirements", true}, {"requirements_docs", true},
		{"dev-tools", true}, {"requirements", false}, {"prod", false}, {"server", false},
		{"redis", false}, {"main", false}, {"devops", false}, {"contest", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := isDevName(tc.name); got != tc.dev {
				t.Errorf("isDevName(%q) = %v, want %v", tc.name, got, tc.dev)
			}
		})
	}
}

func TestParsePEP508(t *testing.T) {
	for _, tc := range []struct {
		name, in     string
		want, pinned string
		marker, url  string
		errAt        int // 1-based column of the error; 0 for none
	}{
		{name: "bare", in: "sse-starlette", want: "sse-starlette"},
		{name: "pin", in: "pydantic==2.10.4", want: "pydantic", pinned: "2.10.4"},
		{name: "arbitrary equality", in: "pandas===2.2.3", want: "pandas", pinned: "2.2.3"},
		{name: "wildcard is a range", in: "numpy==1.26.*", want: "numpy"},
		{name: "range", in: "httpx>=0.27,<1", want: "httpx"},
		{name: "pin among clauses is a range", in: "foo>=1,==1.5", want: "foo"},
		{name: "extras and marker", in: `mcp[cli]==1.2.0 ; python_version >= "3.10"`, want: "mcp", pinned: "1.2.0", marker: `python_version >= "3.10"`},
		{name: "parenthesised", in: "httpx (>=0.27,<1.0)", want: "httpx"},
		{name: "parenthesised pin", in: "requests (==2.32.3)", want: "requests", pinned: "2.32.3"},
		{name: "local version", in: "torch==2.5.1+cpu", want: "torch", pinned: "2.5.1+cpu"},
		{name: "spaces around operator", in: "django >= 4.2, <5", want: "django"},
		{name: "url", in: "torch @ https://download.pytorch.org/whl/torch.whl ; sys_platform == 'linux'", want: "torch",
			url: "https://download.pytorch.org/whl/torch.whl", marker: "sys_platform == 'linux'"},
		{name: "no name", in: "=1.0", errAt: 1},
		{name: "unclosed extras", in: "requests[socks==2", errAt: 9},
		{name: "unclosed parenthesis", in: "numpy (>=1.26", errAt: 7},
		{name: "bad operator", in: "scipy => 1.14", errAt: 7},
		{name: "trailing text", in: "flask==3.1.0 extra", errAt: 14},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := parsePEP508(tc.in)
			if tc.errAt > 0 {
				se, ok := err.(*syntaxError)
				if !ok || se.Offset+1 != tc.errAt {
					t.Fatalf("parsePEP508(%q) error = %v, want a syntax error at column %d", tc.in, err, tc.errAt)
				}
				return
			}
			if err != nil {
				t.Fatalf("parsePEP508(%q): %v", tc.in, err)
			}
			if r.Name != tc.want || r.pinned() != tc.pinned || r.Marker != tc.marker || r.URL != tc.url {
				t.Errorf("parsePEP508(%q) = name %q pin %q marker %q url %q", tc.in, r.Name, r.pinned(), r.Marker, r.URL)
			}
		})
	}
}

var pyFS = os.DirFS("testdata/python")

// The requirements.txt of a FastAPI MCP server, as pip-compile writes it.
var prodRequirements = []invRow{
	{"annotated-types", "0.7.0", false, 10},
	{"anyio", "4.6.2.post1", false, 12},
	{"fastapi", "0.115.6", false, 16},
	{"httpx", "", false, 20},
	{"mcp", "1.2.0", false, 21},
	{"mcp-auth-helpers", "", false, 26}, // git URL with #egg=
	{"pydantic", "2.10.4", false, 22},
	{"pydantic-settings", "2.7.0", false, 23},
	{"sse-starlette", "", false, 25},
	{"uvicorn", "0.32.1", false, 24}, // range pinned by constraints.txt
}

func TestReadRequirements(t *testing.T) {
	withDev := func(extra ...invRow) []invRow {
		out := slices.Concat(prodRequirements, extra)
		sortInvRows(out)
		return out
	}
	checkReader(t, pyFS, readRequirements, []readerCase{
		{file: "requirements.txt", want: prodRequirements},
		{file: "requirements-dev.txt", want: withDev(
			invRow{"pytest", "8.3.4", true, 2}, invRow{"pytest-asyncio", "0.24.0", true, 3}, invRow{"ruff", "0.8.4", true, 4})},
		{file: "requirements/docs.txt", want: withDev(invRow{"mkdocs-material", "9.5.49", true, 2})},
		{file: "broken/requirements.txt",
			want: []invRow{
				{"django", "", false, 10},
				{"flask", "3.1.0", false, 1},
				{"orjson", "3.10.12", false, 12}, // from the wheel's file name
				{"pandas", "2.2.3", false, 9},
				{"torch", "2.5.1+cpu", false, 11}, // from the wheel URL
			},
			ws: []wantWarning{
				{"broken/requirements.txt", 3, 0, "included file broken/missing.txt not read"},
				{"broken/requirements.txt", 4, 0, "outside the project"},
				{"broken/requirements.txt", 5, 9, "unclosed extras list"},
				{"broken/requirements.txt", 6, 7, "unclosed version specifier"},
				{"broken/requirements.txt", 7, 1, "expected a package name"},
				{"broken/requirements.txt", 8, 0, "has no package name"},
				{"broken/requirements.txt", 13, 15, "unexpected text after the version"},
			}},
	})

	t.Run("constraint location is kept", func(t *testing.T) {
		got, _ := readIn(t, pyFS, readRequirements, "requirements.txt")
		i := slices.IndexFunc(got, func(c Component) bool { return c.Name == "uvicorn" })
		want := []project.Position{{File: "requirements.txt", Line: 24}, {File: "constraints.txt", Line: 2}}
		if i < 0 || !slices.Equal(got[i].Locations, want) {
			t.Errorf("uvicorn locations = %v, want %v", got, want)
		}
	})
	t.Run("constraints add no components", func(t *testing.T) {
		got, _ := readIn(t, pyFS, readRequirements, "requirements.txt")
		if slices.ContainsFunc(got, func(c Component) bool { return c.Name == "starlette" }) {
			t.Error("starlette, only in constraints.txt, was inventoried")
		}
	})
	t.Run("local directories are the project's own code", func(t *testing.T) {
		fsys := fstest.MapFS{"requirements.txt": {Data: []byte(`-e .
-e ./libs/shared#egg=shared
./libs/other
shared-tools @ file:///srv/app/libs/shared-tools
./vendor/acme_geo-1.4.0-py3-none-any.whl
acme-maps @ file:///srv/wheels/acme_maps-0.9.2-py3-none-any.whl
-e git+https://github.com/example-org/notes-sdk.git@v1.4.0#egg=notes-sdk
`)}}
		checkRead(t, fsys, readRequirements, "requirements.txt", []invRow{
			{"acme-geo", "1.4.0", false, 5},  // a local wheel is someone's build
			{"acme-maps", "0.9.2", false, 6}, // version from the wheel's name
			{"notes-sdk", "", false, 7},
		}, nil)
	})
	t.Run("warnings quote no value", func(t *testing.T) {
		fsys := fstest.MapFS{"requirements.txt": {Data: []byte(`git+https://ghp_0123456789abcdefghijklmnopqrstuvwxyzAB@github.com/org/private.git
-r https://user:s3cr3t@example.com/reqs.txt
flask>=3.0 ~ ghp_0123456789abcdefghijklmnopqrstuvwxyzAB
`)}}
		_, ws := readIn(t, fsys, readRequirements, "requirements.txt")
		checkWarnings(t, ws, []wantWarning{
			{"requirements.txt", 1, 0, "requirement has no package name"},
			{"requirements.txt", 2, 0, "remote requirements file not followed"},
			{"requirements.txt", 3, 0, "invalid requirement: unexpected text after the version"},
		})
		quotesNone(t, ws, "ghp_", "s3cr3t")
	})
	t.Run("include cycle", func(t *testing.T) {
		fsys := fstest.MapFS{
			"a-requirements.txt": {Data: []byte("-r b-requirements.txt\nfastapi==0.115.6\n")},
			"b-requirements.txt": {Data: []byte("-r a-requirements.txt\nhttpx==0.28.1\n")},
		}
		checkRead(t, fsys, readRequirements, "a-requirements.txt", []invRow{{"fastapi", "0.115.6", false, 2}, {"httpx", "0.28.1", false, 2}}, nil)
	})
}

// sortInvRows orders rows as SortComponents orders components.
func sortInvRows(rs []invRow) {
	slices.SortFunc(rs, func(a, b invRow) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.Version, b.Version))
	})
}

func TestReadPyProject(t *testing.T) {
	checkReader(t, pyFS, readPyProject, []readerCase{
		{file: "uv/pyproject.toml", want: []invRow{
			{"fastapi", "", false, 9},
			{"gunicorn", "23.0.0", false, 30}, // dependency group "prod": shipped
			{"httpx", "", false, 11},
			{"ipython", "", true, 37}, // tool.uv.dev-dependencies
			{"mcp", "1.2.0", false, 10},
			{"mypy", "", true, 26},
			{"pre-commit", "", true, 29}, // group "lint"
			{"pytest", "8.3.4", true, 18},
			{"redis", "", false, 17}, // extra "redis": shipped
			{"respx", "", true, 18},  // extra "test"
			{"ruff", "0.8.4", true, 25},
			{"uvicorn", "", false, 13},
			// shared-utils @ file:///… is local code
		}},
		{file: "poetry/pyproject.toml", want: []invRow{
			{"asyncpg", "", false, 14},
			{"black", "24.10.0", true, 27}, // a bare version is exact in Poetry
			{"fastapi", "", false, 11},
			{"gunicorn", "23.0.0", false, 30}, // group "server": shipped
			{"mcp", "1.2.0", false, 12},
			{"notes-sdk", "", false, 16},
			{"numpy", "", false, 17}, // different pins by environment
			{"pgvector", "0.3.6", false, 22},
			{"pylint", "", true, 33},
			{"pytest", "", true, 26},
			{"sqlalchemy", "2.0.36", false, 13},
			// python is the interpreter, shared-utils a path dependency
		}},
		{file: "broken/pyproject.toml",
			// What comes before the broken array is read: the dev group
			// before it, not the lint and prod groups nor the tables after.
			want: []invRow{
				{"fastapi", "", false, 9},
				{"httpx", "", false, 11},
				{"mypy", "", true, 26},
				{"pytest", "8.3.4", true, 18},
				{"redis", "", false, 17},
				{"respx", "", true, 18},
				{"ruff", "0.8.4", true, 25},
				{"uvicorn", "", false, 13},
			},
			ws: []wantWarning{
				// The string's position, and no echo of the requirement.
				{"broken/pyproject.toml", 10, 5, "invalid requirement in project.dependencies: unclosed extras list"},
				{"broken/pyproject.toml", 30, 1, "invalid TOML"}, // the index's warning
			}},
	})
	t.Run("table defined twice", func(t *testing.T) {
		// The tree reads a table defined twice as one.
		fsys := fstest.MapFS{"pyproject.toml": {Data: []byte("[project]\nname = \"x\"\ndependencies = [\"httpx==0.28.1\"]\n\n[project]\nversion = \"1.0\"\n")}}
		checkRead(t, fsys, readPyProject, "pyproject.toml", []invRow{{"httpx", "0.28.1", false, 3}}, nil)
	})
	t.Run("values of the wrong kind", func(t *testing.T) {
		fsys := fstest.MapFS{"pyproject.toml": {Data: []byte(`[project]
dependencies = ["httpx==0.28.1", 3]
optional-dependencies = "redis"

[tool.poetry.dependencies]
requests = 2
numpy = [{ version = "1.26.4" }, true]
black = "24.10.0"
`)}}
		got, ws := readIn(t, fsys, readPyProject, "pyproject.toml")
		checkInventory(t, got, ws, []invRow{{"black", "24.10.0", false, 8}, {"httpx", "0.28.1", false, 2}}, []wantWarning{
			{"pyproject.toml", 2, 34, "project.dependencies entry is a number, not a string"},
			{"pyproject.toml", 3, 25, "project.optional-dependencies is a string, not an object"},
			{"pyproject.toml", 6, 12, "dependency requests in tool.poetry.dependencies: expected a version string or a table, found a number"},
			{"pyproject.toml", 7, 0, "dependency numpy in tool.poetry.dependencies: expected a version string or a table, found a boolean"},
		})
		quotesNone(t, ws, "redis", "24.10")
	})
}

func TestReadPoetryLock(t *testing.T) {
	lock21 := []invRow{
		{"annotated-types", "0.7.0", false, 4},
		{"asyncpg", "0.30.0", false, 16},
		{"black", "24.10.0", true, 26},    // groups = ["dev"]
		{"click", "8.1.7", false, 42},     // groups = ["main", "dev"]
		{"gunicorn", "23.0.0", false, 54}, // groups = ["server"]
		{"notes-sdk", "1.4.0", false, 63},
		{"pytest", "8.3.4", true, 79}, // groups = ["dev", "test"]
		{"sqlalchemy", "2.0.36", false, 102},
		// shared-utils has a directory source: local code
	}
	checkReader(t, pyFS, readPoetryLock, []readerCase{
		{file: "poetry/poetry.lock", want: lock21},
		{file: "poetry-legacy/poetry.lock", want: []invRow{
			{"certifi", "2024.8.30", false, 2},
			{"mypy-extensions", "1.0.0", true, 10}, // category = "dev"
			{"requests", "2.32.3", false, 18},
		}},
		{file: "broken/poetry.lock",
			// The entries before the broken string are read, gunicorn's
			// name and version included; the rest of the file is not.
			want: slices.DeleteFunc(slices.Clone(lock21), func(r invRow) bool { return r.Line > 54 }),
			ws: []wantWarning{
				{"broken/poetry.lock", 56, 41, "basic strings cannot have new lines"},
				// The pyproject.toml beside it, read for the direct
				// dependencies: the index's warning, once.
				{"broken/pyproject.toml", 30, 1, "expected ',' or ']'"},
			}},
	})
}

func TestReadUvLock(t *testing.T) {
	want := []invRow{
		{"annotated-types", "0.7.0", false, 6}, // fastapi → pydantic
		{"anyio", "4.6.2.post1", false, 15},
		{"click", "8.1.7", false, 24}, // mcp[cli] → typer
		{"fastapi", "0.115.6", false, 29},
		{"gunicorn", "23.0.0", false, 39}, // dependency group "prod"
		{"httpx", "0.28.1", false, 47},
		{"idna", "3.10", false, 56},
		{"iniconfig", "2.0.0", true, 61}, // only via pytest
		{"mcp", "1.2.0", false, 66},
		{"packaging", "24.2", false, 82}, // via pytest (dev) and gunicorn (prod)
		{"pluggy", "1.5.0", true, 87},
		{"pydantic", "2.10.4", false, 92},
		{"pytest", "8.3.4", true, 101}, // group "dev" and extra "test"
		{"redis", "5.2.1", false, 111}, // extra "redis"
		{"respx", "0.21.1", true, 116}, // extra "test"
		{"ruff", "0.8.4", true, 121},
		{"sniffio", "1.3.1", false, 131},
		{"starlette", "0.41.3", false, 136},
		{"typer", "0.15.1", false, 144},
		{"typing-extensions", "4.12.2", false, 153},
		// weather-mcp-server is the project, shared-utils a directory source
	}
	t.Run("uv/uv.lock", func(t *testing.T) {
		checkRead(t, pyFS, readUvLock, "uv/uv.lock", want, nil)
	})
	t.Run("broken/uv.lock", func(t *testing.T) {
		// The file is read up to its first fault, in click's version:
		// click keeps its name, and without the workspace member, which
		// comes later, nothing is dev.
		checkRead(t, pyFS, readUvLock, "broken/uv.lock", []invRow{
			{"annotated-types", "0.7.0", false, 6},
			{"anyio", "4.6.2.post1", false, 15},
			{"click", "", false, 24},
		}, []wantWarning{
			{"broken/uv.lock", 25, 14, "invalid TOML"}, // the index's warning
		})
	})
	t.Run("no workspace member: nothing is dev", func(t *testing.T) {
		fsys := fstest.MapFS{"uv.lock": {Data: []byte(`version = 1
[[package]]
name = "pytest"
version = "8.3.4"
source = { registry = "https://pypi.org/simple" }
`)}}
		checkRead(t, fsys, readUvLock, "uv.lock", []invRow{{"pytest", "8.3.4", false, 3}}, nil)
	})
}

func TestReadDistInfo(t *testing.T) {
	idx := index(t, pyFS)
	const sp = "venv/lib/python3.12/site-packages/"
	type decl struct {
		Field, Value string
		Line         int
	}
	for _, tc := range []struct {
		dir           string
		name, version string
		decls         []decl
		files         []string
		ws            []wantWarning
	}{
		{dir: "acme_weather_client-2.3.0.dist-info", name: "acme-weather-client", version: "2.3.0",
			// The classifier is written twice (lines 9 and 12) and declared once.
			decls: []decl{{"METADATA License-Expression", "Apache-2.0", 6}, {"classifier", "License :: OSI Approved :: Apache Software License", 9}},
			files: []string{"licenses/LICENSE", "licenses/NOTICE"}},
		{dir: "tinyjson-1.0.2.dist-info", name: "tinyjson", version: "1.0.2",
			decls: []decl{{"classifier", "License :: OSI Approved :: MIT License", 9}}},
		{dir: "oldcrypto-0.9.1.dist-info", name: "oldcrypto", version: "0.9.1",
			// The licence text in License: is matched from the file, not declared.
			decls: []decl{{"classifier", "License :: OSI Approved :: BSD License", 18}},
			files: []string{"METADATA"}},
		{dir: "Data.Utils-1.4.dist-info", name: "data-utils", version: "1.4",
			decls: []decl{{"METADATA License", "BSD 3-Clause", 5}, {"classifier", "License :: OSI Approved :: BSD License", 7}},
			files: []string{"LICENSE.md"}}, // License-File at the folder root, found by the index too
		{dir: "mystery_pkg-0.1-py3.12.egg-info", name: "mystery-pkg", version: "0.1"}, // License: UNKNOWN
		{dir: "broken_meta-1.0.dist-info", name: "broken-meta", version: "1.0",
			decls: []decl{{"METADATA License-Expression", "MIT", 4}},
			ws: []wantWarning{
				{sp + "broken_meta-1.0.dist-info/METADATA", 0, 0, "no Name: name taken from the folder"},
				{sp + "broken_meta-1.0.dist-info/METADATA", 3, 0, "malformed metadata header"},
				{sp + "broken_meta-1.0.dist-info/METADATA", 5, 0, "License-File LICENSE.txt not found"},
			}},
	} {
		t.Run(tc.dir, func(t *testing.T) {
			i := slices.IndexFunc(idx.Packages, func(p project.Package) bool { return p.Dir == sp+tc.dir })
			if i < 0 {
				t.Fatalf("the index has no package %s", tc.dir)
			}
			c, ws := readDistInfo(idx, idx.Packages[i])
			if c.Ecosystem != vocab.PyPI || c.Name != tc.name || c.Version != tc.version || c.Role != vocab.RoleLibrary || c.Dir != sp+tc.dir {
				t.Errorf("got %s %s@%s role %s dir %s", c.Ecosystem, c.Name, c.Version, c.Role, c.Dir)
			}
			var decls []decl
			for _, d := range c.Declared {
				decls = append(decls, decl{d.Field, d.Value, d.Line})
				if d.File != idx.Packages[i].Manifest {
					t.Errorf("declaration %q points at %s", d.Value, d.File)
				}
			}
			if !slices.Equal(decls, tc.decls) {
				t.Errorf("declared %v, want %v", decls, tc.decls)
			}
			var files []string
			for _, f := range c.LicenseFiles {
				files = append(files, strings.TrimPrefix(f, sp+tc.dir+"/"))
			}
			if !slices.Equal(files, tc.files) {
				t.Errorf("licence files %v, want %v", files, tc.files)
			}
			checkWarnings(t, ws, tc.ws)
		})
	}
}

// TestPythonReadersSurviveBadInput feeds every reader files that are not
// what they claim to be: each must warn with the file name and not panic.
func TestPythonReadersSurviveBadInput(t *testing.T) {
	garbage := []byte("[[[\n= = =\n\"unterminated\n[package\nname = \n")
	fsys := fstest.MapFS{
		"binary":       {Data: []byte("\x00\x01\x02PK")},
		"empty":        {Data: nil},
		"empty.toml":   {Data: nil},
		"garbage":      {Data: garbage},
		"garbage.toml": {Data: garbage}, // the index parses TOML by the file's name
		"dir/x.txt":    {Data: []byte("x")},
	}
	readers := map[string]fileReader{
		"requirements": readRequirements, "pyproject": readPyProject,
		"poetry.lock": readPoetryLock, "uv.lock": readUvLock,
	}
	for name, read := range readers {
		ext := ".toml"
		if name == "requirements" {
			ext = ""
		}
		for _, file := range []string{"binary", "garbage" + ext, "missing", "dir"} {
			t.Run(name+"/"+file, func(t *testing.T) {
				_, ws := readIn(t, fsys, read, file)
				if len(ws) == 0 || ws[0].File != file {
					t.Errorf("warnings = %v, want one naming %s", ws, file)
				}
			})
		}
		t.Run(name+"/empty", func(t *testing.T) {
			if cs, ws := readIn(t, fsys, read, "empty"+ext); len(cs)+len(ws) != 0 {
				t.Errorf("empty file gave %v %v", cs, ws)
			}
		})
	}
	t.Run("dist-info/binary", func(t *testing.T) {
		idx := index(t, fsys)
		_, ws := readDistInfo(idx, project.Package{Ecosystem: project.PyPI, Dir: ".", Manifest: "binary"})
		ws = withIndexWarnings(idx, ws)
		if len(ws) != 1 || ws[0].File != "binary" {
			t.Errorf("warnings = %v", ws)
		}
	})
}
