package compliance

import (
	"strings"
	"testing"

	"github.com/mcp-comply/mcp-comply/hardening"
	"github.com/mcp-comply/mcp-comply/internal/project"
)

func secretAt(file string, line int, hash string, sample bool) hardening.Secret {
	return hardening.Secret{ID: "secret:" + file + hash, Rule: "github-pat", Description: "GitHub personal access token",
		Where: "source", Redacted: "ghp_…(redacted, 40 chars)", Hash: "sha256:" + hash, Sample: sample,
		Evidence: hardening.Evidence{Position: project.Position{File: file, Line: line}}}
}

// One value written in several files is one finding with each place as
// evidence; another value is another finding. A value only in tests and
// examples is low; the same value also in deployed code keeps its
// severity.
func TestSecretsJudged(t *testing.T) {
	res := &hardening.Result{Secrets: []hardening.Secret{
		secretAt("src/a.py", 3, "aaaa", false),
		secretAt("src/b.py", 7, "aaaa", false),
		secretAt("tests/test_a.py", 1, "aaaa", true),
		secretAt("src/c.py", 2, "bbbb", false),
		secretAt("tests/test_c.py", 5, "cccc", true),
		secretAt("examples/demo.py", 5, "cccc", true),
	}}
	r := &Report{}
	judgeHardening(r, res, Policy{Market: Global})
	got := map[string]Finding{}
	for _, f := range r.Findings {
		if f.Rule == "hardening/secret" {
			got[f.Detail[strings.Index(f.Detail, "sha256:"):]] = f
		}
	}
	if len(got) != 3 {
		t.Fatalf("%d secret findings, want 3 (one per value): %+v", len(got), r.Findings)
	}
	for hash, want := range map[string]struct {
		sev   Severity
		files int
		title string
	}{
		"sha256:aaaa.": {Critical, 3, "src/a.py, src/b.py, tests/test_a.py"},
		"sha256:bbbb.": {Critical, 1, "src/c.py"},
		"sha256:cccc.": {Low, 2, "tests/test_c.py, examples/demo.py"},
	} {
		f := got[hash]
		if f.Severity != want.sev || len(f.Evidence) != want.files || !strings.Contains(f.Title, want.title) {
			t.Errorf("%s: %s with %d places, %q; want %s, %d, naming %s", hash, f.Severity, len(f.Evidence), f.Title, want.sev, want.files, want.title)
		}
	}
	// A value written once keeps the fingerprint it had before values were grouped.
	single := secretAt("src/c.py", 2, "bbbb", false)
	if f := got["sha256:bbbb."]; f.Subject != single.ID {
		t.Errorf("subject %s, want %s", f.Subject, single.ID)
	}
}

// A local database's password in an example .env is low; the same rule
// in a real .env keeps its severity.
func TestDevPasswordJudged(t *testing.T) {
	dev := hardening.Secret{ID: "secret:dev", Rule: "db-url-password", Description: "password in a database URL", Where: "env-file",
		Hash: "sha256:dddd", Dev: true, Evidence: hardening.Evidence{Position: project.Position{File: ".env.example", Line: 1}}}
	prod := dev
	prod.ID, prod.Hash, prod.Dev, prod.File = "secret:prod", "sha256:eeee", false, "deploy/prod.env"
	r := &Report{}
	judgeHardening(r, &hardening.Result{Secrets: []hardening.Secret{dev, prod}}, Policy{Market: Global})
	sev := map[string]Severity{}
	for _, f := range r.Findings {
		sev[f.Subject] = f.Severity
	}
	if sev["secret:dev"] != Low || sev["secret:prod"] != Critical {
		t.Errorf("severities %v, want the example's low and the deployed one critical", sev)
	}
}
