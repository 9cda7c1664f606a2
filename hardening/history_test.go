package hardening

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/go-git/go-billy/v5/memfs"
	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/memory"
)

// commitFiles writes files into the work tree (an empty content removes
// the file) and commits them.
func commitFiles(t *testing.T, repo *git.Repository, msg string, when time.Time, files map[string]string) string {
	t.Helper()
	wt, err := repo.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	for name, content := range files {
		if content == "" {
			if _, err := wt.Remove(name); err != nil {
				t.Fatal(err)
			}
			continue
		}
		f, err := wt.Filesystem.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write([]byte(content)); err != nil {
			t.Fatal(err)
		}
		f.Close()
		if _, err := wt.Add(name); err != nil {
			t.Fatal(err)
		}
	}
	sig := &object.Signature{Name: "dev", Email: "dev@example.com", When: when}
	h, err := wt.Commit(msg, &git.CommitOptions{Author: sig, Committer: sig})
	if err != nil {
		t.Fatal(err)
	}
	return h.String()
}

// A key committed and later removed is found in history, once, at the
// commit that added it; a key still in the tree is not repeated; the
// bounds stop the walk with a note.
func TestHistorySecrets(t *testing.T) {
	of := fake()
	removed := "ghp_" + of(alnum, 36)
	kept := "gsk_" + of(alnum, 48)
	repo, err := git.Init(memory.NewStorage(), memfs.New())
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	first := commitFiles(t, repo, "add config", day, map[string]string{
		".mcp.json":         `{"mcpServers": {"gh": {"command": "npx", "env": {"GITHUB_TOKEN": "` + removed + `"}}}}`,
		"node_modules/x.js": "const k = '" + "ghp_" + of(alnum, 36) + "'",
	})
	commitFiles(t, repo, "use a placeholder", day.Add(time.Hour), map[string]string{
		".mcp.json": `{"mcpServers": {"gh": {"command": "npx", "env": {"GITHUB_TOKEN": "${GITHUB_TOKEN}"}}}}`,
		".env":      "GROQ_API_KEY=" + kept + "\n",
	})
	commitFiles(t, repo, "touch", day.Add(2*time.Hour), map[string]string{"README.md": "docs\n"})

	// The scanned tree is HEAD: the .env key is there, the GitHub token is not.
	fsys := fstest.MapFS{
		".mcp.json": {Data: []byte(`{"mcpServers": {"gh": {"command": "npx", "env": {"GITHUB_TOKEN": "${GITHUB_TOKEN}"}}}}`)},
		".env":      {Data: []byte("GROQ_API_KEY=" + kept + "\n")},
		"README.md": {Data: []byte("docs\n")},
	}
	r := scanFS(t, fsys, Options{History: repo.Storer})
	var hist []Secret
	for _, s := range r.Secrets {
		if s.Where == "history" {
			hist = append(hist, s)
		}
	}
	if len(hist) != 1 {
		t.Fatalf("history secrets: %+v", hist)
	}
	h := hist[0]
	if h.Rule != "github-pat" || h.Commit != first || !h.Removed || h.File != ".mcp.json" || h.Line != 1 || strings.Contains(h.Excerpt, removed) {
		t.Errorf("history secret: %+v", h)
	}
	if r.History == nil || r.History.Commits != 3 || r.History.Cut != "" || r.History.Blobs != 4 {
		t.Errorf("history: %+v", r.History)
	}

	r = scanFS(t, fsys, Options{History: repo.Storer, MaxCommits: 2})
	if r.History.Commits != 2 || !strings.Contains(r.History.Cut, "2 commits") {
		t.Errorf("bounded history: %+v", r.History)
	}
	for _, s := range r.Secrets {
		if s.Where == "history" {
			t.Errorf("the commit that added the key was beyond the bound, yet: %+v", s)
		}
	}
	if _, err := Scan(t.Context(), mustWalk(t, fsys), Options{History: repo.Storer, Head: "no-such-branch"}); err == nil {
		t.Error("an unknown head is an error")
	}
}
