// Package source opens the project to scan as an io/fs.FS: a local directory
// as it is on disk, or a git repository at a revision read straight from the
// object store. Everything downstream reads only that FS, so the scan can
// never follow a symlink out of the project root and never checks anything out.
package source

import (
	"errors"

	"fmt"
	git "github.com/go-git/go-git/v5"
	"io/fs"
	"os"
	"time"
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
	// Path is the directory or repository as the user named it.
	Path string
	// Revision is the revision the user asked for (git only).
	Revision string
	// Commit is the full hash the revision resolved to (git only).
	Commit string
	// CommitTime is the committer time of Commit (git only); reports use it
	// as their date so that the same revision always renders the same bytes.
	CommitTime time.Time
	// Repo is the repository of a git source, for readers of its history.
	Repo *git.Repository
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

// Open opens path. With rev empty it reads the directory as it is, even when
// it is a git work tree. With rev set, path must be inside a git repository
// and the tree of that revision is read from the object store.
func Open(path, rev string) (*Source, error) {
	info, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s: %w", path, ErrNotFound)
		}
		return nil, err
	}
	if rev != "" {
		return openGit(path, rev)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("%s: not a directory (give the project's root directory)", path)
	}
	return OpenDir(path)
}

// OpenDir opens a directory through os.Root, which refuses any path or
// symlink that resolves outside it.
func OpenDir(dir string) (*Source, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &Source{FS: root.FS(), Kind: Directory, Path: dir, close: root.Close}, nil
}
