package source

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/go-git/go-git/v5/config"

	"github.com/mcp-comply/mcp-comply/internal/gittest"
)

func TestOpenGitRevision(t *testing.T) {
	dir := t.TempDir()
	repo := gittest.Init(t, dir)
	t1 := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	first := gittest.Commit(t, repo, map[string]string{
		"package.json":     `{"license":"MIT"}`,
		"sub/package.json": `{"license":"Apache-2.0"}`,
	}, "first", t1)
	if _, err := repo.CreateTag("v1", first, nil); err != nil {
		t.Fatal(err)
	}
	gittest.Commit(t, repo, map[string]string{"package.json": `{"license":"SUL-1.0"}`}, "second", t1.Add(time.Hour))
	// An uncommitted change: --rev must not see it.
	os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"license":"dirty"}`), 0o644)

	for _, tc := range []struct {
		name, path, rev, file, want string
	}{
		{"tag", dir, "v1", "package.json", `{"license":"MIT"}`},
		{"head", dir, "HEAD", "package.json", `{"license":"SUL-1.0"}`},
		{"subdirectory", filepath.Join(dir, "sub"), "v1", "package.json", `{"license":"Apache-2.0"}`},
		{"work tree without rev", dir, "", "package.json", `{"license":"dirty"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src, err := Open(tc.path, tc.rev)
			if err != nil {
				t.Fatal(err)
			}
			defer src.Close()
			got, err := fs.ReadFile(src.FS, tc.file)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("%s = %s, want %s", tc.file, got, tc.want)
			}
			if tc.rev != "" && (src.Commit == "" || src.CommitTime.IsZero()) {
				t.Errorf("git source lacks commit (%q) or commit time (%v)", src.Commit, src.CommitTime)
			}
		})
	}

	src, err := Open(dir, "v1")
	if err != nil {
		t.Fatal(err)
	}
	if !src.CommitTime.Equal(t1) {
		t.Errorf("commit time = %v, want %v", src.CommitTime, t1)
	}
	entries, err := fs.ReadDir(src.FS, ".")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != 2 || names[0] != "package.json" || names[1] != "sub" {
		t.Errorf("root entries = %v, want [package.json sub]", names)
	}
	if err := fstestRead(src.FS); err != nil {
		t.Error(err)
	}
	if err := fstest.TestFS(src.FS, "package.json", "sub/package.json"); err != nil {
		t.Errorf("git tree FS does not behave as an fs.FS: %v", err)
	}
}

// fstestRead walks the FS and reads every file, as the index will.
func fstestRead(fsys fs.FS) error {
	return fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			_, err = fs.ReadFile(fsys, p)
		}
		return err
	})
}

func TestGitSymlinkNotFollowed(t *testing.T) {
	dir := t.TempDir()
	repo := gittest.Init(t, dir)
	if err := os.Symlink("/etc/passwd", filepath.Join(dir, "passwd.json")); err != nil {
		t.Skip("symlinks not supported")
	}
	gittest.Commit(t, repo, map[string]string{"a.txt": "a"}, "link", time.Unix(0, 0))
	src, err := Open(dir, "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	_, err = fs.ReadFile(src.FS, "passwd.json")
	if !errors.Is(err, ErrSymlink) {
		t.Errorf("reading a committed symlink: err = %v, want ErrSymlink", err)
	}
	entries, _ := fs.ReadDir(src.FS, ".")
	for _, e := range entries {
		if e.Name() == "passwd.json" && e.Type()&fs.ModeSymlink == 0 {
			t.Errorf("symlink entry reported as %v", e.Type())
		}
	}
}

func TestOpenErrors(t *testing.T) {
	if _, err := Open(filepath.Join(t.TempDir(), "missing"), ""); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing path: err = %v, want ErrNotFound", err)
	}
	if _, err := Open(t.TempDir(), "HEAD"); err == nil {
		t.Error("--rev on a directory that is not a repository: want an error")
	}
	dir := t.TempDir()
	repo := gittest.Init(t, dir)
	gittest.Commit(t, repo, map[string]string{"a": "a"}, "c", time.Unix(0, 0))
	if _, err := Open(dir, "no-such-tag"); err == nil {
		t.Error("unknown revision: want an error")
	}
}

// A directory in a git work tree knows where it lies in the repository,
// the work tree's HEAD (the report's date) and the project's name.
func TestOpenDirInAWorkTree(t *testing.T) {
	dir := t.TempDir()
	repo := gittest.Init(t, dir)
	when := time.Date(2026, 5, 4, 3, 2, 1, 0, time.UTC)
	head := gittest.Commit(t, repo, map[string]string{"apps/agent/package.json": `{"name":"agent"}`}, "first", when)
	if _, err := repo.CreateRemote(&config.RemoteConfig{Name: "origin", URLs: []string{"git@github.com:acme/support-bot.git"}}); err != nil {
		t.Fatal(err)
	}
	s, err := Open(filepath.Join(dir, "apps", "agent"), "")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Kind != Directory || s.Subdir != "apps/agent" || s.Commit != head.String() || !s.CommitTime.Equal(when) || s.Name != "support-bot" {
		t.Errorf("got kind %s, subdir %q, commit %s at %v, name %q", s.Kind, s.Subdir, s.Commit, s.CommitTime, s.Name)
	}
	plain := filepath.Join(t.TempDir(), "my-agent")
	os.Mkdir(plain, 0o755)
	s2, err := Open(plain, "")
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if s2.Subdir != "" || s2.Commit != "" || s2.Name != "my-agent" {
		t.Errorf("outside a repository: subdir %q, commit %q, name %q", s2.Subdir, s2.Commit, s2.Name)
	}
}

// The index reads files in parallel: a git tree serves them safely (go-git's
// trees fill a map on first lookup, and its object stores are not meant
// for concurrent use).
func TestGitTreeConcurrentReads(t *testing.T) {
	dir := t.TempDir()
	repo := gittest.Init(t, dir)
	files := map[string]string{}
	for i := range 200 {
		files[fmt.Sprintf("d%d/f%d.json", i%7, i)] = strings.Repeat(fmt.Sprint(i), 100)
	}
	gittest.Commit(t, repo, files, "many", time.Unix(0, 0))
	for range 5 {
		src, err := Open(dir, "HEAD")
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for g := range 8 {
			wg.Go(func() {
				i := g
				for name, want := range files {
					i++
					if i%2 == 0 {
						if _, err := fs.ReadDir(src.FS, path.Dir(name)); err != nil {
							t.Error(err)
						}
					}
					if got, err := fs.ReadFile(src.FS, name); err != nil || string(got) != want {
						t.Errorf("%s: %v", name, err)
					}
				}
			})
		}
		wg.Wait()
	}
}
