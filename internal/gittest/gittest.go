// Package gittest makes git repositories for tests: a work tree in a
// directory, and commits of the files a test writes, at the time it names.
package gittest

import (
	"path"
	"testing"
	"time"

	"github.com/go-git/go-billy/v5/util"
	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Init makes an empty repository with its work tree in dir.
func Init(t testing.TB, dir string) *git.Repository {
	t.Helper()
	repo, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	return repo
}

// Commit writes files (slash-separated paths below the work tree's root,
// and their contents) into repo's work tree, stages every change and
// commits it with msg at when, one author who is also the committer. It
// returns the commit.
func Commit(t testing.TB, repo *git.Repository, files map[string]string, msg string, when time.Time) plumbing.Hash {
	t.Helper()
	wt, err := repo.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	for name, content := range files {
		if err := wt.Filesystem.MkdirAll(path.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := util.WriteFile(wt.Filesystem, name, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := wt.AddWithOptions(&git.AddOptions{All: true}); err != nil {
		t.Fatal(err)
	}
	sig := &object.Signature{Name: "t", Email: "t@example.com", When: when}
	h, err := wt.Commit(msg, &git.CommitOptions{Author: sig, Committer: sig})
	if err != nil {
		t.Fatal(err)
	}
	return h
}
