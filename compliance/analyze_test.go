package compliance

import (
	"cmp"
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/mcp-comply/mcp-comply/internal/project/projecttest"
)

// BenchmarkAnalyze runs the whole analysis on the n8n sample project, or
// on the tree MCP_COMPLY_BENCH_TREE names (a real one, for a profile:
// MCP_COMPLY_BENCH_TREE=../../corpus/n8n go test ./compliance -bench Analyze
// -cpuprofile cpu.prof). The CLI's figures come from bench/run.sh and
// bench/compare.sh (see BENCHMARKS.md).
func BenchmarkAnalyze(b *testing.B) {
	root, err := os.OpenRoot(cmp.Or(os.Getenv("MCP_COMPLY_BENCH_TREE"), "../testdata/n8n-agent"))
	if err != nil {
		b.Fatal(err)
	}
	defer root.Close()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Analyze(context.Background(), root.FS(), Config{}); err != nil {
			b.Fatal(err)
		}
	}
}

// analyze scans a sample project under testdata/ with cfg, as the CLI
// opens a directory.
func analyze(t *testing.T, sample string, cfg Config) *Report {
	t.Helper()
	root, err := os.OpenRoot(filepath.Join("../testdata", sample))
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	r, err := Analyze(t.Context(), root.FS(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestAnalyzeSample(t *testing.T) {
	r := analyze(t, "n8n-agent", Config{Policy: Policy{Uses: []Use{SaaS, Internal, SaaS}}})
	if len(r.Inputs.Uses) != 2 || r.Inputs.Uses[0] != Internal || r.Inputs.Uses[1] != SaaS {
		t.Errorf("uses = %v, want [internal saas]: report order, no duplicates", r.Inputs.Uses)
	}
	want := map[Use]Verdict{Internal: Allowed, SaaS: Prohibited}
	for _, v := range r.Verdicts {
		if v.Verdict != want[v.Use] {
			t.Errorf("%s = %s, want %s", v.Use, v.Verdict, want[v.Use])
		}
	}
	if r.Tool.Version != "devel" || r.Inputs.Market != Global || r.SchemaVersion != SchemaVersion {
		t.Errorf("defaults not applied: %+v %+v", r.Tool, r.Inputs)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Analyze(ctx, os.DirFS("../testdata/n8n-agent"), Config{}); err == nil {
		t.Error("a cancelled context did not stop the analysis")
	}
}

func TestOneWarningPerFault(t *testing.T) {
	pos := Position{File: "docker-compose.yml", Line: 5}
	r := &Report{Warnings: []Warning{
		{Position: pos, Message: "invalid compose file: found unexpected end of stream"},
		{Position: pos, Message: "invalid YAML: found unexpected end of stream"},
		{Position: pos, Message: "service api: image is not a string"},
		{Position: Position{File: "other.yml", Line: 5}, Message: "invalid YAML: found unexpected end of stream"},
	}}
	finish(r, "")
	if len(r.Warnings) != 3 {
		t.Errorf("warnings = %v, want the two readers' reports of one fault merged, the rest kept", r.Warnings)
	}
}

// TestEveryFindingHasAPlace runs every sample: each finding points at a
// file (GitHub code scanning needs a location on every result) and the
// report describes each rule its findings name, as the table does.
func TestEveryFindingHasAPlace(t *testing.T) {
	samples, err := os.ReadDir("../testdata")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range samples {
		if !s.IsDir() || s.Name() == "golden" {
			continue
		}
		t.Run(s.Name(), func(t *testing.T) {
			r := analyze(t, s.Name(), Config{})
			described := map[string]RuleInfo{}
			for _, ri := range r.Rules {
				described[ri.ID] = ri
			}
			for _, f := range r.Findings {
				if len(f.Evidence) == 0 || f.Evidence[0].File == "" {
					t.Errorf("%s %s has no place: %+v", f.Rule, f.Subject, f.Evidence)
				}
				want, _ := Rule(f.Rule)
				if got, ok := described[f.Rule]; !ok || got != want {
					t.Errorf("rule %s described as %+v, want %+v", f.Rule, got, want)
				}
			}
			if len(r.Rules) > len(r.Findings) {
				t.Errorf("%d rules for %d findings: rules no finding names", len(r.Rules), len(r.Findings))
			}
		})
	}
}

// TestFindingWithoutEvidence: finish points a finding that brings no
// evidence at where its subject is declared, else at the project's file.
func TestFindingWithoutEvidence(t *testing.T) {
	r := &Report{
		Inventory: Inventory{Components: []Component{{ID: "npm:left-pad@1.3.0",
			Locations: []Position{{File: "package-lock.json", Line: 12, Col: 5}, {File: "package.json", Line: 3}}}}},
		Findings: []Finding{
			{Rule: "license/unidentified", Severity: High, Subject: "npm:left-pad@1.3.0"},
			{Rule: "hardening/no-lockfile", Severity: Medium, Subject: "project"},
			{Rule: "license/use-unknown", Severity: High, Subject: "npm:left-pad@1.3.0",
				Evidence: []Evidence{{Position: Position{File: "LICENSE"}}}},
		},
	}
	finish(r, "pyproject.toml")
	got := map[string][]Evidence{}
	for _, f := range r.Findings {
		got[f.Rule] = f.Evidence
	}
	for rule, want := range map[string]Position{
		"license/unidentified":  {File: "package-lock.json", Line: 12, Col: 5},
		"hardening/no-lockfile": {File: "pyproject.toml"},
		"license/use-unknown":   {File: "LICENSE"},
	} {
		if ev := got[rule]; len(ev) != 1 || ev[0].Position != want {
			t.Errorf("%s evidence %+v, want %v", rule, ev, want)
		}
	}
	if len(r.Rules) != 3 || r.Rules[0].ID != "hardening/no-lockfile" || r.Rules[0].HelpURI == "" {
		t.Errorf("rules %+v, want the three rules named, sorted, as the table describes them", r.Rules)
	}
}

func TestProjectFile(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files []string
		want  string
	}{
		{"the root manifest", []string{".mcp.json", "apps/web/package.json", "pyproject.toml", "src/app.py"}, "pyproject.toml"},
		{"package.json before the others", []string{"go.mod", "package.json", "requirements.txt"}, "package.json"},
		{"a manifest below the root", []string{"README.md", "apps/web/package.json", "docs/x.md"}, "apps/web/package.json"},
		{"an MCP client config", []string{".cursor/mcp.json", "README.md"}, ".cursor/mcp.json"},
		{"else the first file", []string{"b.md", "a.txt"}, "a.txt"},
		{"no file", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for _, f := range tc.files {
				fsys[f] = &fstest.MapFile{Data: []byte("{}\n")}
			}
			idx := projecttest.Walk(t, fsys)
			if got := projectFile(idx); got != tc.want {
				t.Errorf("projectFile = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestProjectLicense(t *testing.T) {
	for _, tc := range []struct {
		name, file, body, want string
	}{
		{"package.json", "package.json", `{"name": "a", "license": "Apache-2.0"}`, "Apache-2.0"},
		{"npm's UNLICENSED as written", "package.json", `{"name": "a", "license": "UNLICENSED"}`, "UNLICENSED"},
		{"PEP 639", "pyproject.toml", "[project]\nname = \"a\"\nlicense = \"MIT OR Apache-2.0\"\n", "MIT OR Apache-2.0"},
		{"PEP 621 text", "pyproject.toml", "[project]\nname = \"a\"\nlicense = {text = \"BSD-3-Clause\"}\n", "BSD-3-Clause"},
		{"Poetry", "pyproject.toml", "[tool.poetry]\nname = \"a\"\nlicense = \"MIT\"\n", "MIT"},
		{"none declared", "package.json", `{"name": "a"}`, ""},
		{"a licence file alone is not a declaration", "LICENSE", "MIT License", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			idx := projecttest.Walk(t, fstest.MapFS{tc.file: {Data: []byte(tc.body)}})
			if got := projectLicense(idx); got != tc.want {
				t.Errorf("projectLicense = %q, want %q", got, tc.want)
			}
		})
	}
}

// A pyproject.toml that names no project (a tool's settings alone, or
// one that did not parse) leaves the name to the directory.
func TestProjectNameWithoutPackageName(t *testing.T) {
	for _, body := range []string{"[tool.ruff]\nline-length = 100\n", "[project]\nversion = \"1\"\n", "a = [[[\n"} {
		idx := projecttest.Walk(t, fstest.MapFS{"pyproject.toml": {Data: []byte(body)}})
		if got := projectName(idx, SourceInfo{Name: "agent"}); got != "agent" {
			t.Errorf("%q: projectName = %q, want the directory's name", body, got)
		}
	}
}

func TestTopLevel(t *testing.T) {
	inv := Inventory{Components: []Component{{ID: "a"}, {ID: "b"}, {ID: "c"}}}
	if got := inv.TopLevel(); len(got) != 3 {
		t.Errorf("without edges TopLevel = %v, want every component", got)
	}
	inv.Components[0].Dependencies = []string{"b", "a"}
	inv.Components[1].Dependencies = []string{"c"}
	if got := inv.TopLevel(); len(got) != 1 || got[0] != "a" {
		t.Errorf("TopLevel = %v, want [a]: b and c are a's and b's", got)
	}
	inv.Components = append(inv.Components, Component{ID: "d", Dependencies: []string{"e"}}, Component{ID: "e", Dependencies: []string{"d"}})
	if got := inv.TopLevel(); len(got) != 2 || got[0] != "a" || got[1] != "d" {
		t.Errorf("TopLevel = %v, want [a d]: the cycle d, e is reached from d", got)
	}
}

// TestTopLevelDirect: the components the project depends on directly come
// first, a depended-on one included; what they do not reach follows as
// before.
func TestTopLevelDirect(t *testing.T) {
	inv := Inventory{Components: []Component{
		{ID: "image"}, // nothing depends on it, it depends on nothing
		{ID: "lib", Dependencies: []string{"util"}}, // not direct: reached from app
		{ID: "util", Direct: true},                  // direct, although lib depends on it
		{ID: "app", Direct: true, Dependencies: []string{"lib"}},
		{ID: "orphan", Dependencies: []string{"lib"}}, // no lockfile edge leads to it
		{ID: "x", Dependencies: []string{"y"}}, {ID: "y", Dependencies: []string{"x"}},
	}}
	if got, want := inv.TopLevel(), []string{"util", "app", "image", "orphan", "x"}; !slices.Equal(got, want) {
		t.Errorf("TopLevel = %v, want %v", got, want)
	}
}
