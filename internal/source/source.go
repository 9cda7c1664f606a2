// Package source opens the project to scan as an io/fs.FS: a local directory
// as it is on disk, a git repository at a revision read straight from the
// object store, or a git URL cloned into memory (remote.go). Everything
// downstream reads only that FS, so the scan can never follow a symlink out
// of the project root and never checks anything out.
package source

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	git "github.com/go-git/go-git/v5"
)

// Kind says where the files come from.
type Kind string

const (
	Directory Kind = "directory"
	Git       Kind = "git"
)

// Source is an opened project.
type Source struct {
	FS   fs.FS
	Kind Kind
	// Path is the directory or repository as the user named it; a git URL
	// without its user information, query or fragment (Redact).
	Path string
	// Revision is the revision the user asked for (git only).
	Revision string
	// Commit is the full hash the revision resolved to, or for a directory
	// in a git work tree the work tree's HEAD (its files may differ from
	// it). CommitTime is its committer time: reports take it as their date,
	// so that the same commit always renders the same bytes.
	Commit     string
	CommitTime time.Time
	// Subdir is where the project lies in its repository: its path from
	// the work tree's root ("" at the root, or outside any repository).
	// Locations meant for the repository (SARIF for code scanning) are
	// relative to the root, whatever path the user typed.
	Subdir string
	// Name names the project: the repository of the origin remote, else
	// the directory's own name (never "."); for a git URL its path on the
	// host (owner/repo).
	Name string
	// Repo is the repository of a git source whose history is there to
	// read (a local repository, or a clone made with Options.History), for
	// the history walk; nil otherwise.
	Repo *git.Repository
	// repo is the repository of every git source, for At.
	repo *git.Repository
	// close releases what Open acquired.
	close func() error
}

// Close releases the directory handle or repository.
func (s *Source) Close() error {
	if s.close == nil {
		return nil
	}
	return s.close()
}

// ErrNotFound is returned when the path does not exist.
var ErrNotFound = errors.New("no such file or directory")

// Open opens path, or a git URL, with the zero Options.
func Open(path, rev string) (*Source, error) {
	return OpenContext(context.Background(), path, rev, Options{})
}

// OpenContext opens target: a directory, or a git URL (IsURL) cloned into
// memory. With rev empty a directory is read as it is, even when it is a
// git work tree, and a URL at its default branch. With rev set, a path must
// be inside a git repository and the tree of that revision is read from
// the object store. A URL that cannot be cloned is a *CloneError.
func OpenContext(ctx context.Context, target, rev string, opts Options) (*Source, error) {
	info, err := os.Stat(target)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) && IsURL(target) {
			return openURL(ctx, target, rev, opts)
		}
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s: %w", target, ErrNotFound)
		}
		return nil, err
	}
	if rev != "" {
		return openGit(target, rev)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("%s: not a directory (give the project's root directory)", target)
	}
	return OpenDir(target)
}

// OpenDir opens a directory through os.Root, which refuses any path or
// symlink that resolves outside it.
func OpenDir(dir string) (*Source, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	s := &Source{FS: rootFS{root}, Kind: Directory, Path: dir, close: root.Close, Name: dirName(dir)}
	if repo, err := plainOpen(dir); err == nil {
		s.repo = repo
		s.Subdir = subdirectory(repo, dir)
		s.Name = repoName(repo, s.Name)
		if head, err := repo.Head(); err == nil {
			if c, err := repo.CommitObject(head.Hash()); err == nil {
				s.Commit, s.CommitTime = c.Hash.String(), c.Committer.When.UTC()
			}
		}
	}
	return s, nil
}

// dirName is the name of a directory as given (".", "../x", an absolute
// path): its base name once made absolute.
func dirName(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	return filepath.Base(dir)
}

// repoName is the name of the origin remote's repository
// (https://github.com/org/agent.git, git@host:org/agent gives "agent"), or
// def when there is none.
func repoName(repo *git.Repository, def string) string {
	r, err := repo.Remote("origin")
	if err != nil || len(r.Config().URLs) == 0 {
		return def
	}
	u := strings.TrimSuffix(strings.TrimRight(r.Config().URLs[0], "/"), ".git")
	if i := strings.LastIndexAny(u, "/:"); i >= 0 && i+1 < len(u) {
		return u[i+1:]
	}
	return def
}
