package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// hostileCases are repositories built to stop a scanner: each one file that
// crashed, overflowed the stack or hung an earlier mcp-comply (issue 13).
// Each must give a report in every format, exit 0, and name the file it
// could not read in a warning where it gave up on one.
var hostileCases = []struct {
	name  string
	files map[string]string
	// warn is the file and the words of the warning the report must carry;
	// "" where the file is read and nothing is wrong enough to say.
	warnFile, warn string
}{
	{name: "empty package.json", files: map[string]string{"package.json": ""}},
	{name: "empty package-lock.json", files: map[string]string{"package.json": `{"name": "a"}`, "package-lock.json": ""}},
	{name: "empty npm-shrinkwrap.json", files: map[string]string{"npm-shrinkwrap.json": ""}},
	{name: "empty installed manifest", files: map[string]string{"node_modules/x/package.json": ""}},
	{name: "licence expression nested 3M deep",
		files: map[string]string{"node_modules/x/package.json": `{"name": "x", "version": "1.0.0", "license": "` +
			strings.Repeat("(", 3_000_000) + "MIT" + strings.Repeat(")", 3_000_000) + `"}`}},
	{name: "client config nested 1M deep", files: map[string]string{".cursor/mcp.json": strings.Repeat("[", 1_000_000) + strings.Repeat("]", 1_000_000)},
		warnFile: ".cursor/mcp.json", warn: "nested deeper than 1000 levels"},
	{name: "pyproject.toml of 3M nested arrays", files: map[string]string{"pyproject.toml": "a = " + strings.Repeat("[", 3_000_000) + strings.Repeat("]", 3_000_000) + "\n"},
		warnFile: "pyproject.toml", warn: "TOML nested deeper than"},
	{name: "Terraform of 100k nested parentheses", files: map[string]string{"main.tf": "locals {\n  a = " + strings.Repeat("(", 100_000) + "1" + strings.Repeat(")", 100_000) + "\n}\n"},
		warnFile: "main.tf", warn: "HCL nested deeper than 256 levels"},
	{name: "YAML alias bomb in compose", files: map[string]string{"docker-compose.yml": "services:\n  x:\n    image: nginx\n" + aliasBomb(10)},
		warnFile: "docker-compose.yml", warn: "YAML aliases expand beyond"},
	{name: "YAML alias bomb in Kubernetes", files: map[string]string{"k8s/deploy.yaml": "apiVersion: v1\nkind: ConfigMap\n" + aliasBomb(10)},
		warnFile: "k8s/deploy.yaml", warn: "YAML aliases expand beyond"},
	{name: "YAML alias bomb in Helm values", files: map[string]string{"chart/values.yaml": aliasBomb(10)},
		warnFile: "chart/values.yaml", warn: "YAML aliases expand beyond"},
	{name: "many YAML documents", files: map[string]string{"k8s/many.yaml": strings.Repeat("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n", 5000)}},
}

// aliasBomb is a YAML document of levels anchors, each a list of nine
// aliases of the one before: 9^levels nodes once expanded, 433 bytes at 10.
func aliasBomb(levels int) string {
	b := "a0: &a0 [x, x, x, x, x, x, x, x, x]\n"
	for i := 1; i <= levels; i++ {
		prev := "*a" + string(rune('0'+i-1))
		if i > 9 {
			prev = "*a9" + string(rune('0'+i-10))
		}
		name := "a" + string(rune('0'+i))
		if i > 9 {
			name = "a9" + string(rune('0'+i-10))
		}
		b += name + ": &" + name + " [" + strings.Repeat(prev+", ", 8) + prev + "]\n"
	}
	return b
}

func TestHostileRepositories(t *testing.T) {
	for _, tc := range hostileCases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for p, body := range tc.files {
				p = filepath.Join(dir, "repo", filepath.FromSlash(p))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			args := []string{"report", filepath.Join(dir, "repo")}
			for _, f := range reportFormats {
				args = append(args, "--format", f+"="+filepath.Join(dir, "out."+f))
			}
			_, stderr, code := run(t, args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			for _, f := range reportFormats {
				if fi, err := os.Stat(filepath.Join(dir, "out."+f)); err != nil || fi.Size() == 0 {
					t.Errorf("no %s report: %v", f, err)
				}
				// Nothing the hostile file holds is copied into a report whole.
				if fi, err := os.Stat(filepath.Join(dir, "out."+f)); err == nil && fi.Size() > 1<<20 {
					t.Errorf("%s report of %d bytes", f, fi.Size())
				}
			}
			var r struct {
				Warnings []struct{ File, Message string }
			}
			data, err := os.ReadFile(filepath.Join(dir, "out.json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(data, &r); err != nil {
				t.Fatal(err)
			}
			found := tc.warn == ""
			for _, w := range r.Warnings {
				if w.File == tc.warnFile && strings.Contains(w.Message, tc.warn) {
					found = true
				}
			}
			if !found {
				t.Errorf("warnings %+v, want one for %s saying %q", r.Warnings, tc.warnFile, tc.warn)
			}
		})
	}
}

var reportFormats = []string{"text", "json", "markdown", "sarif", "cyclonedx", "spdx", "pdf"}
