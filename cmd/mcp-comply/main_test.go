package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/mcp-comply/mcp-comply/reports"
)

var update = flag.Bool("update", false, "rewrite the golden reports in testdata/golden")

// env is the environment the tests run the CLI in: no module cache of this
// machine, no colour, so output does not depend on where the test runs.
func env(key string) string {
	switch key {
	case "GOMODCACHE":
		return filepath.Join(os.TempDir(), "mcp-comply-test-no-gomodcache")
	case "NO_COLOR":
		return "1"
	}
	return ""
}

// run executes the CLI in-process from the repository root.
func run(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Run(context.Background(), args, &out, &errb, env)
	return out.String(), errb.String(), code
}

func TestMain(m *testing.M) {
	flag.Parse()
	version = "test" // the tool version is part of every report
	if err := os.Chdir("../.."); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}

// fixtures are the sample projects under testdata/ with golden reports,
// and the flags each is reported with.
var fixtures = []struct {
	name string
	args []string
}{
	{"n8n-agent", nil},
	{"flowise-chatbot", nil},
	{"python-mcp-server", nil},
	{"go-mcp-gateway", nil},
	{"mixed-licences", nil},
	{"eu-agent", []string{"--market", "eu"}},
}

func TestGoldenReports(t *testing.T) {
	for _, fx := range fixtures {
		name := fx.name
		for _, format := range []string{"json", "text"} {
			t.Run(name+"/"+format, func(t *testing.T) {
				args := append([]string{"report", "testdata/" + name, "--format", format}, fx.args...)
				stdout, stderr, code := run(t, args...)
				if code != 0 {
					t.Fatalf("exit %d: %s", code, stderr)
				}
				if format == "json" {
					if err := reports.Validate([]byte(stdout)); err != nil {
						t.Fatal(err)
					}
				}
				golden := filepath.Join("testdata", "golden", name+"."+ext(format))
				if *update {
					if err := os.WriteFile(golden, []byte(stdout), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test ./cmd/mcp-comply -update to create it)", err)
				}
				if stdout != string(want) {
					t.Errorf("report differs from %s; if the change is intended, run go test ./cmd/mcp-comply -update and read the diff:\n%s",
						golden, firstDiff(string(want), stdout))
				}
			})
		}
	}
}

func ext(format string) string {
	if format == "text" {
		return "txt"
	}
	return format
}

// firstDiff shows the first differing line with its neighbours.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "line " + strconv.Itoa(i+1) + ":\n- " + wl + "\n+ " + gl
		}
	}
	return "(no line differs)"
}

func TestDeterministic(t *testing.T) {
	a, _, _ := run(t, "report", "testdata/n8n-agent", "--format", "json")
	b, _, _ := run(t, "report", "testdata/n8n-agent", "--format", "json")
	if a != b || a == "" {
		t.Error("two runs on the same input wrote different bytes")
	}
}

func TestUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"unknown flag", []string{"report", "--colour"}, "unknown flag: --colour"},
		{"unknown use", []string{"report", "testdata/n8n-agent", "--use", "resell"}, `unknown use "resell"`},
		{"unknown format", []string{"report", "testdata/n8n-agent", "--format", "xml"}, `unknown format "xml" (expected one of json, text)`},
		{"unknown market", []string{"report", "testdata/n8n-agent", "--market", "mars"}, `unknown market "mars"`},
		{"missing path", []string{"report", "testdata/no-such-project"}, "testdata/no-such-project: no such file or directory"},
		{"two paths", []string{"report", "a", "b"}, "report takes one PATH"},
		{"rev outside a repository", []string{"report", t.TempDir(), "--rev", "HEAD"}, "not a git repository"},
		{"unknown command", []string{"reprot"}, "unknown command"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, code := run(t, tc.args...)
			if code != exitUsage {
				t.Errorf("exit code %d, want %d", code, exitUsage)
			}
			if !strings.Contains(stderr, tc.want) || strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
				t.Errorf("stderr = %q, want one line containing %q", stderr, tc.want)
			}
			if stdout != "" {
				t.Errorf("stdout = %q, want nothing", stdout)
			}
		})
	}
}

func TestOutputFile(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "report.json")
	if _, stderr, code := run(t, "report", "testdata/n8n-agent", "-o", out, "--use", "saas"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := reports.Validate(data); err != nil {
		t.Errorf("-o report.json did not write a JSON report: %v", err)
	}
	info, _ := os.Stat(out)
	if info.Mode().Perm() != 0o644 {
		t.Errorf("report mode %v, want 0644", info.Mode().Perm())
	}
	// A failed write leaves nothing behind.
	bad := filepath.Join(dir, "missing-dir", "r.json")
	if _, _, code := run(t, "report", "testdata/n8n-agent", "-o", bad); code != exitError {
		t.Errorf("writing into a missing directory: exit %d, want %d", code, exitError)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestGitRevision(t *testing.T) {
	dir := t.TempDir()
	repo, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	write := func(body string) {
		os.WriteFile(filepath.Join(dir, "package.json"), []byte(body), 0o644)
		wt, _ := repo.Worktree()
		wt.Add("package.json")
		wt.Commit("c", &git.CommitOptions{Author: &object.Signature{Name: "t", Email: "t@example.com", When: time.Unix(1700000000, 0)}})
	}
	write(`{"name":"app","dependencies":{"left-pad":"1.3.0"}}`)
	head, _ := repo.Head()
	first := head.Hash().String()
	write(`{"name":"app","dependencies":{"left-pad":"1.3.0","n8n":"2.8.4"}}`)

	stdout, stderr, code := run(t, "report", dir, "--rev", first, "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, `"commit": "`+first+`"`) || strings.Contains(stdout, `"name": "n8n"`) {
		t.Errorf("--rev %s did not scan that commit's tree", first[:8])
	}
	if !strings.Contains(stdout, `"commitTime": "2023-11-14T22:13:20Z"`) {
		t.Error("report lacks the commit time")
	}
}

// TestBadInputKeepsGoing runs the report on a project whose files are
// broken in every way the scan meets in the wild: each problem becomes a
// warning at its file and line, and the rest of the project is still read.
func TestBadInputKeepsGoing(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	files := map[string]string{
		"package.json":                   "{\n  \"name\": \"app\",\n  \"dependencies\": {\"left-pad\": \"1.3.0\",}\n}\n",
		"package-lock.json":              "{\x00\x01binary",
		"docker-compose.yml":             "services:\n  web:\n    image: nginx:1.27\n  db: [unclosed\n",
		"workflows/broken.json":          "{\"nodes\": [{\"type\": \"n8n-nodes-base.set\"}],\n \"connections\": {}\n garbage",
		"node_modules/bad/package.json":  "{\"name\": \"bad\", \"version\": ",
		"node_modules/ok/package.json":   `{"name": "ok", "version": "2.0.0", "license": "MIT"}`,
		"requirements.txt":               "requests==2.32.3\n-r missing.txt\n",
		outside + "/secret/package.json": `{"name": "secret", "license": "MIT"}`,
	}
	for p, content := range files {
		full := p
		if !filepath.IsAbs(p) {
			full = filepath.Join(dir, p)
		}
		os.MkdirAll(filepath.Dir(full), 0o755)
		os.WriteFile(full, []byte(content), 0o644)
	}
	os.Symlink(filepath.Join(outside, "secret"), filepath.Join(dir, "node_modules", "escape"))
	os.Symlink(filepath.Join(outside, "secret", "package.json"), filepath.Join(dir, "linked.json"))
	os.Symlink(".", filepath.Join(dir, "loop"))

	stdout, stderr, code := run(t, "report", dir, "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if err := reports.Validate([]byte(stdout)); err != nil {
		t.Fatal(err)
	}
	r, err := reports.ReadJSON(strings.NewReader(stdout))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range r.Inventory.Components {
		names = append(names, c.Name)
	}
	got := strings.Join(names, ",")
	if !strings.Contains(got, "ok") || !strings.Contains(got, "nginx") || !strings.Contains(got, "requests") {
		t.Errorf("the readable parts were not inventoried: %s", got)
	}
	if strings.Contains(got, "secret") {
		t.Error("a package outside the project, reached through a symlink, was read")
	}
	warned := map[string]string{}
	for _, w := range r.Warnings {
		warned[w.File] += w.String() + "\n"
	}
	for file, want := range map[string]string{
		"package.json":                  "package.json:3:",
		"package-lock.json":             "binary",
		"docker-compose.yml":            "docker-compose.yml:4",
		"workflows/broken.json":         "workflows/broken.json:3",
		"node_modules/bad/package.json": "invalid JSON",
		"linked.json":                   "symlink",
		"loop":                          "not followed",
	} {
		if !strings.Contains(warned[file], want) {
			t.Errorf("no warning for %s containing %q; got %q", file, want, warned[file])
		}
	}
}
