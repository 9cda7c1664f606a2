package source

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// openGit resolves rev in the repository that contains dir and serves the
// tree of that commit. When dir is a subdirectory of the work tree, only that
// subdirectory is served, as it would be without --rev.
func openGit(dir, rev string) (*Source, error) {
	repo, err := plainOpen(dir)
	if err != nil {
		return nil, fmt.Errorf("%s: not a git repository (--rev needs one): %w", dir, err)
	}
	hash, err := resolve(repo, rev)
	if err != nil {
		return nil, fmt.Errorf("%s: cannot resolve revision %q: %w", dir, rev, err)
	}
	s, err := gitSource(repo, *hash, subdirectory(repo, dir), rev, new(sync.Mutex))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	s.Path, s.Name, s.Repo = dir, repoName(repo, dirName(dir)), repo
	return s, nil
}

// plainOpen opens the repository dir lies in (a work tree, one of its
// subdirectories, a linked work tree) or dir itself as a bare repository.
func plainOpen(dir string) (*git.Repository, error) {
	repo, err := git.PlainOpenWithOptions(dir, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if errors.Is(err, git.ErrRepositoryNotExists) {
		if bare, err2 := git.PlainOpen(dir); err2 == nil {
			return bare, nil
		}
	}
	return repo, err
}

// gitSource serves the tree of a commit, or its directory sub.
func gitSource(repo *git.Repository, hash plumbing.Hash, sub, rev string, mu *sync.Mutex) (*Source, error) {
	commit, err := repo.CommitObject(hash)
	if err != nil {
		return nil, fmt.Errorf("revision %q is not a commit: %w", cmpRev(rev), err)
	}
	tree, err := commit.Tree()
	if err != nil {
		return nil, fmt.Errorf("reading the tree of %s: %w", hash, err)
	}
	if sub != "" {
		tree, err = tree.Tree(sub)
		if err != nil {
			return nil, fmt.Errorf("%s does not exist at revision %q", sub, cmpRev(rev))
		}
	}
	return &Source{
		FS:         &treeFS{root: tree, mu: mu},
		Kind:       Git,
		Revision:   rev,
		Commit:     hash.String(),
		CommitTime: commit.Committer.When.UTC(),
		Subdir:     sub,
		repo:       repo,
	}, nil
}

// At opens another revision of a git source's repository (mcp-comply diff):
// the same directory of it, named as s is. A cloned repository serves only
// the revisions it fetched: name them in Options.Also.
func (s *Source) At(rev string) (*Source, error) {
	if s.repo == nil {
		return nil, fmt.Errorf("%s: not a git repository, so it has no revision %q", s.Path, rev)
	}
	hash, err := resolve(s.repo, rev)
	if err != nil {
		return nil, fmt.Errorf("%s: cannot resolve revision %q: %w", s.Path, cmpRev(rev), err)
	}
	mu := new(sync.Mutex)
	if t, ok := s.FS.(*treeFS); ok {
		mu = t.mu // revisions of one repository read one object store
	}
	out, err := gitSource(s.repo, *hash, s.Subdir, rev, mu)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.Path, err)
	}
	out.Path, out.Name, out.Repo = s.Path, s.Name, s.Repo
	return out, nil
}

// subdirectory returns dir relative to the work tree root, or "" for the root
// itself and for bare repositories.
func subdirectory(repo *git.Repository, dir string) string {
	wt, err := repo.Worktree()
	if err != nil {
		return ""
	}
	root, err1 := filepath.Abs(wt.Filesystem.Root())
	abs, err2 := filepath.Abs(dir)
	if err1 != nil || err2 != nil {
		return ""
	}
	if r, err := filepath.EvalSymlinks(root); err == nil {
		root = r
	}
	if a, err := filepath.EvalSymlinks(abs); err == nil {
		abs = a
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return ""
	}
	return filepath.ToSlash(rel)
}

// ErrSymlink is returned for symlinks in a git tree: a blob holding a target
// path is never followed, so a committed link cannot lead out of the tree.
var ErrSymlink = errors.New("symlink not followed")

// treeFS serves a git tree as a read-only fs.FS, safe for concurrent use
// (the index reads files in parallel): go-git's trees and object stores
// are not, so every read of one repository's objects holds its mutex.
type treeFS struct {
	root *object.Tree
	mu   *sync.Mutex
}

func (t *treeFS) Open(name string) (fs.File, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.open(name)
}

func (t *treeFS) open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if name == "." {
		return &treeDir{info: dirInfo("."), tree: t.root, mu: t.mu}, nil
	}
	entry, err := t.root.FindEntry(name)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	switch entry.Mode {
	case filemode.Dir:
		sub, err := t.root.Tree(name)
		if err != nil {
			return nil, &fs.PathError{Op: "open", Path: name, Err: err}
		}
		return &treeDir{info: dirInfo(path.Base(name)), tree: sub, mu: t.mu}, nil
	case filemode.Symlink:
		return nil, &fs.PathError{Op: "open", Path: name, Err: ErrSymlink}
	case filemode.Submodule:
		return nil, &fs.PathError{Op: "open", Path: name, Err: errors.New("submodule not read")}
	}
	blob, err := t.root.File(name)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	r, err := blob.Reader()
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return &treeFile{info: fileInfo{name: path.Base(name), size: blob.Size, mode: fileMode(entry.Mode)}, r: r, mu: t.mu}, nil
}

// ReadDir lists a directory without opening each entry.
func (t *treeFS) ReadDir(name string) ([]fs.DirEntry, error) {
	f, err := t.Open(name)
	if err != nil {
		return nil, err
	}
	d, ok := f.(*treeDir)
	if !ok {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errors.New("not a directory")}
	}
	return d.ReadDir(-1)
}

func fileMode(m filemode.FileMode) fs.FileMode {
	switch m {
	case filemode.Dir:
		return fs.ModeDir | 0o555
	case filemode.Symlink:
		return fs.ModeSymlink | 0o777
	case filemode.Submodule:
		return fs.ModeIrregular
	case filemode.Executable:
		return 0o555
	}
	return 0o444
}

type fileInfo struct {
	name string
	size int64
	mode fs.FileMode
}

func dirInfo(name string) fileInfo { return fileInfo{name: name, mode: fs.ModeDir | 0o555} }

func (i fileInfo) Name() string       { return i.name }
func (i fileInfo) Size() int64        { return i.size }
func (i fileInfo) Mode() fs.FileMode  { return i.mode }
func (i fileInfo) ModTime() time.Time { return time.Time{} }
func (i fileInfo) IsDir() bool        { return i.mode.IsDir() }
func (i fileInfo) Sys() any           { return nil }

type treeFile struct {
	info fileInfo
	r    io.ReadCloser
	mu   *sync.Mutex
}

func (f *treeFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *treeFile) Read(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.r.Read(p)
}

func (f *treeFile) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.r.Close()
}

type treeDir struct {
	info fileInfo
	tree *object.Tree
	next int
	mu   *sync.Mutex
}

func (d *treeDir) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *treeDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.info.name, Err: errors.New("is a directory")}
}
func (d *treeDir) Close() error { return nil }

// ReadDir lists entries in the tree's order, which git keeps sorted by name.
func (d *treeDir) ReadDir(n int) ([]fs.DirEntry, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	entries := d.tree.Entries[d.next:]
	if n > 0 && len(entries) > n {
		entries = entries[:n]
	}
	if n > 0 && len(entries) == 0 {
		return nil, io.EOF
	}
	out := make([]fs.DirEntry, 0, len(entries))
	for _, e := range entries {
		info := fileInfo{name: e.Name, mode: fileMode(e.Mode)}
		if e.Mode.IsFile() {
			if size, err := d.tree.Size(e.Name); err == nil {
				info.size = size
			}
		}
		out = append(out, fs.FileInfoToDirEntry(info))
	}
	d.next += len(entries)
	return out, nil
}
