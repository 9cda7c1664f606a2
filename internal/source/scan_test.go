package source_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	git "github.com/go-git/go-git/v5"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/internal/gittest"
	"github.com/mcp-comply/mcp-comply/internal/source"
)

// A GitHub token's shape, not a real token.
const key = "ghp_" + "R9xT2mQ7vL4kP8wZ3nB6yH1cJ5dG0sAeF2uK"

func mcpJSON(token string) string {
	return `{"mcpServers": {"github": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8"], "env": {"GITHUB_PERSONAL_ACCESS_TOKEN": "` + token + `"}}}}`
}

// commit commits files as the i-th commit, an hour after the one before.
func commit(t *testing.T, repo *git.Repository, i int, files map[string]string) {
	t.Helper()
	gittest.Commit(t, repo, files, "c", time.Unix(1700000000+int64(i)*3600, 0))
}

// scan analyses a source as the CLI does for --rev.
func scan(t *testing.T, s *source.Source) *compliance.Report {
	t.Helper()
	cfg := compliance.Config{Input: compliance.Input{Source: compliance.SourceInfo{Kind: string(s.Kind), Path: s.Path, Subdir: s.Subdir, Commit: s.Commit}}}
	if s.Repo != nil {
		cfg.Input.History, cfg.Input.Head = s.Repo.Storer, s.Commit
	}
	r, err := compliance.Analyze(t.Context(), s.FS, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func historyFindings(r *compliance.Report) []compliance.Finding {
	var out []compliance.Finding
	for _, f := range r.Findings {
		if f.Rule == "hardening/secret-in-history" {
			out = append(out, f)
		}
	}
	return out
}

// --rev in a shallow clone, as actions/checkout makes one (fetch-depth 1,
// or deeper): the report is written, with a warning naming the commit
// where the clone's history ends, and what that history holds is found.
func TestRevInAShallowClone(t *testing.T) {
	if _, err := os.Stat("/usr/bin/git-upload-pack"); err != nil {
		t.Skip("cloning a file:// URL runs git-upload-pack, which is not installed")
	}
	dir := t.TempDir()
	repo := gittest.Init(t, dir)
	commit(t, repo, 0, map[string]string{"README.md": "x\n"})
	commit(t, repo, 1, map[string]string{".mcp.json": mcpJSON(key)})
	commit(t, repo, 2, map[string]string{".mcp.json": mcpJSON("${GITHUB_TOKEN}")})
	commit(t, repo, 3, map[string]string{"README.md": "y\n"})

	for _, tc := range []struct {
		depth    int
		findings int
		detail   string
	}{
		{1, 0, ""},
		{3, 1, "where the shallow clone's history ends"}, // the key is in the boundary's tree
		{4, 1, "Added in commit"},                        // the boundary is the root's child: the walk sees the key added
	} {
		clone := filepath.Join(t.TempDir(), "checkout")
		if _, err := git.PlainClone(clone, false, &git.CloneOptions{URL: "file://" + filepath.ToSlash(dir), Depth: tc.depth}); err != nil {
			t.Fatal(err)
		}
		s, err := source.Open(clone, "HEAD")
		if err != nil {
			t.Fatal(err)
		}
		r := scan(t, s)
		var shallow []string
		for _, w := range r.Warnings {
			if strings.Contains(w.Message, "the clone is shallow") {
				shallow = append(shallow, w.String())
			}
		}
		if tc.depth < 4 && len(shallow) != 1 {
			t.Errorf("depth %d: warnings %v, want one saying where the shallow clone's history ends", tc.depth, r.Warnings)
		}
		fs := historyFindings(r)
		if len(fs) != tc.findings || tc.findings > 0 && !strings.Contains(fs[0].Detail, tc.detail) {
			t.Errorf("depth %d: history findings %+v, want %d saying %q", tc.depth, fs, tc.findings, tc.detail)
		}
	}
}

// --rev on a subdirectory reports the history of that subdirectory only,
// with paths as the rest of the report writes them.
func TestRevOnASubdirectory(t *testing.T) {
	dir := t.TempDir()
	repo := gittest.Init(t, dir)
	other := "ghp_" + "Q8wE4rT6yU2iO0pA5sD7fG9hJ1kL3zX5cV7b"
	commit(t, repo, 0, map[string]string{"agent/.mcp.json": mcpJSON(key), "other/.mcp.json": mcpJSON(other), "kept/.mcp.json": mcpJSON(other)})
	commit(t, repo, 1, map[string]string{"agent/.mcp.json": mcpJSON("${GITHUB_TOKEN}"), "other/.mcp.json": mcpJSON("${GITHUB_TOKEN}")})
	s, err := source.Open(filepath.Join(dir, "agent"), "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	fs := historyFindings(scan(t, s))
	if len(fs) != 1 || fs[0].Evidence[0].File != ".mcp.json" {
		t.Errorf("history findings of agent/: %+v, want the one key removed from it, at .mcp.json", fs)
	}
}

// revision is a Source as the CLI hands it to compliance.DiffRevisions.
func revision(s *source.Source) compliance.Revision {
	return compliance.Revision{FS: s.FS, Source: compliance.SourceInfo{Kind: string(s.Kind), Path: s.Path, Revision: s.Revision,
		Commit: s.Commit, CommitTime: s.CommitTime.Format(time.RFC3339), Subdir: s.Subdir}}
}

// mcp-comply diff on a local repository and on its file:// URL: each
// revision read from the object store with its own tree and commit time,
// judged under one Config; the relicensing to BUSL is the rug pull.
func TestDiffTwoRevisions(t *testing.T) {
	dir := t.TempDir()
	repo := gittest.Init(t, dir)
	pkg := func(license string) map[string]string {
		return map[string]string{"package.json": `{"name": "app", "dependencies": {"cache": "1.0.0"}}`,
			"node_modules/cache/package.json": `{"name": "cache", "version": "1.0.0", "license": "` + license + `"}`}
	}
	commit(t, repo, 0, pkg("MIT"))
	h, _ := repo.Head()
	repo.CreateTag("v1", h.Hash(), nil)
	commit(t, repo, 1, pkg("BUSL-1.1"))
	h, _ = repo.Head()
	repo.CreateTag("v2", h.Hash(), nil)

	targets := []string{dir}
	if _, err := os.Stat("/usr/bin/git-upload-pack"); err == nil {
		targets = append(targets, "file://"+filepath.ToSlash(dir))
	}
	for _, target := range targets {
		old, err := source.OpenContext(t.Context(), target, "v1", source.Options{Also: []string{"v2"}})
		if err != nil {
			t.Fatal(err)
		}
		cur, err := old.At("v2")
		if err != nil {
			t.Fatal(err)
		}
		d, err := compliance.DiffRevisions(t.Context(), compliance.Config{}, revision(old), revision(cur))
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Components) != 1 || !d.Components[0].RugPull || d.Summary.WorseVerdicts == 0 {
			t.Errorf("%s: components %+v, summary %+v", target, d.Components, d.Summary)
		}
		if d.Old.Revision != "v1" || d.New.Revision != "v2" || d.Old.CommitTime == d.New.CommitTime || d.Old.Commit == d.New.Commit {
			t.Errorf("%s: old %+v, new %+v", target, d.Old, d.New)
		}
	}
}
