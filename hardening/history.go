package hardening

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/utils/merkletrie"

	"github.com/mcp-comply/mcp-comply/internal/project"
)

// History bounds (Options.MaxCommits, Options.MaxHistoryBytes) and the
// largest blob read.
const (
	defaultMaxCommits = 1000
	defaultMaxBytes   = 64 << 20
	maxBlobSize       = 1 << 20
)

// skipHistory reports paths not worth reading in history: vendored trees
// and lockfiles, which are large and full of hashes.
func skipHistory(p string) bool {
	for _, d := range []string{"node_modules/", "vendor/", ".venv/", "venv/", "site-packages/", "dist/", "build/"} {
		if strings.HasPrefix(p, d) || strings.Contains(p, "/"+d) {
			return true
		}
	}
	switch path.Base(p) {
	case "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "go.sum", "poetry.lock", "uv.lock", "Cargo.lock", "composer.lock":
		return true
	}
	return false
}

// historySecrets walks the first parents from the head, diffs each commit's
// tree with its parent's, and scans each added or changed blob once (by
// hash). It reports the secrets the current tree no longer holds, each
// once, at the oldest commit found to add it. With Options.Subdir it reads
// only that directory of each commit, with paths relative to it, as the
// rest of the scan writes them. It never uses go-git's path-filtered log,
// which diffs every commit per path and takes minutes (research/libs.md §2).
//
// The walk stops, with a warning, at the boundary of a shallow clone (the
// store's shallow commits: their parents were never fetched), at a bound
// (MaxCommits, MaxHistoryBytes), and at a commit or tree it cannot read (a
// corrupted store); a blob it cannot read is a warning and the walk goes
// on. Only an unknown head and a cancelled context are errors.
func historySecrets(ctx context.Context, opts Options, current []Secret) ([]Secret, *History, []project.Warning, error) {
	store := opts.History
	head := orDefault(opts.Head, "HEAD")
	maxCommits := opts.MaxCommits
	if maxCommits <= 0 {
		maxCommits = defaultMaxCommits
	}
	maxBytes := opts.MaxHistoryBytes
	if maxBytes <= 0 {
		maxBytes = defaultMaxBytes
	}
	h, err := resolveHead(store, head)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("history: cannot resolve %q: %w", head, err)
	}
	commit, err := object.GetCommit(store, h)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("history: %s is not a commit: %w", head, err)
	}
	hist := &History{Head: h.String()}
	w := &historyWalk{store: store, subdir: strings.Trim(opts.Subdir, "/"), shallow: shallowCommits(store),
		present: map[string]bool{}, found: map[string]Secret{}, seen: map[plumbing.Hash]bool{}, hist: hist, maxBytes: maxBytes}
	for _, s := range current {
		w.present[s.Hash] = true
	}
	tree, err := w.tree(commit)
	if err != nil {
		w.stop(commit, "its tree cannot be read: %v", err)
	}
	headTree := tree
	for commit != nil && hist.Cut == "" {
		if err := ctx.Err(); err != nil {
			return nil, nil, nil, err
		}
		if hist.Commits >= maxCommits {
			hist.Cut = fmt.Sprintf("stopped after %d commits (MaxCommits); older commits were not searched", maxCommits)
			w.warn(project.Position{}, "git history: %s", hist.Cut)
			break
		}
		var parent *object.Commit
		var parentTree *object.Tree
		if commit.NumParents() > 0 {
			if w.shallow[commit.Hash] {
				w.boundary(ctx, commit, tree)
				break
			}
			if parent, err = commit.Parent(0); err != nil {
				w.stop(commit, "its parent %s cannot be read: %v", shortCommit(commit.ParentHashes[0]), err)
				break
			}
			if parentTree, err = w.tree(parent); err != nil {
				w.stop(parent, "its tree cannot be read: %v", err)
				break
			}
		}
		hist.Commits++
		if err := w.commit(ctx, commit, tree, parentTree); err != nil {
			if ctx.Err() != nil {
				return nil, nil, nil, ctx.Err()
			}
			w.stop(commit, "its changes cannot be read: %v", err)
			break
		}
		commit, tree = parent, parentTree
	}
	return w.stillThere(headTree), hist, w.warnings, nil
}

// stillThere drops the secrets found whose file in the head's tree still
// holds them: the scan of the tree does not read every kind of file for
// secrets (a pyproject.toml, a Markdown file), and a secret still there
// was not removed.
func (w *historyWalk) stillThere(head *object.Tree) []Secret {
	held := map[string]map[string]bool{}
	var out []Secret
	for _, k := range w.order {
		s := w.found[k]
		if head != nil {
			hashes, ok := held[s.File]
			if !ok {
				hashes = map[string]bool{}
				if f, err := head.File(s.File); err == nil && f.Size <= maxBlobSize {
					if data, err := readBlob(&f.Blob); err == nil {
						for _, t := range blobSecrets(s.File, data) {
							hashes[t.Hash] = true
						}
					}
				}
				held[s.File] = hashes
			}
			if hashes[s.Hash] {
				continue
			}
		}
		out = append(out, s)
	}
	return out
}

// boundary ends the walk at a commit whose parents a shallow clone did not
// fetch: its changes are unknown, so its whole tree is searched, and what
// it holds that the current tree does not is reported as found there
// (Secret.Shallow: it may have been added earlier). At the head itself (a
// clone of depth 1) there is nothing older than the current tree to search.
func (w *historyWalk) boundary(ctx context.Context, c *object.Commit, tree *object.Tree) {
	w.hist.Shallow = c.Hash.String()
	searched := plural(w.hist.Commits, "commit")
	if w.hist.Commits > 0 {
		w.hist.Commits++
		searched = plural(w.hist.Commits, "commit") + ", the last one's whole tree"
		if err := w.commit(ctx, c, tree, nil); err != nil {
			w.stop(c, "its tree cannot be read: %v", err)
			return
		}
	}
	w.hist.Cut = fmt.Sprintf("the clone is shallow: its history ends at commit %s; %s searched, older commits were not "+
		"(clone the full history to search them, e.g. fetch-depth: 0 on GitHub Actions, GIT_DEPTH: 0 on GitLab CI)",
		shortCommit(c.Hash), searched)
	w.warn(project.Position{}, "git history: %s", w.hist.Cut)
}

// historyWalk is the state of one history walk.
type historyWalk struct {
	store    storer.EncodedObjectStorer
	subdir   string
	shallow  map[plumbing.Hash]bool
	present  map[string]bool // secrets of the current tree, by hash
	found    map[string]Secret
	order    []string
	seen     map[plumbing.Hash]bool // blobs scanned
	hist     *History
	maxBytes int64
	warnings []project.Warning
}

func (w *historyWalk) warn(pos project.Position, format string, args ...any) {
	w.warnings = append(w.warnings, project.Warnf(pos, format, args...))
}

// stop ends the walk at a commit it cannot read past.
func (w *historyWalk) stop(c *object.Commit, format string, args ...any) {
	w.hist.Cut = fmt.Sprintf("stopped at commit %s: ", shortCommit(c.Hash)) + fmt.Sprintf(format, args...) +
		"; older commits were not searched"
	w.warn(project.Position{}, "git history: %s", w.hist.Cut)
}

// tree is the commit's tree, or its Subdir; nil when the commit has no
// such directory.
func (w *historyWalk) tree(c *object.Commit) (*object.Tree, error) {
	t, err := c.Tree()
	if err != nil || w.subdir == "" {
		return t, err
	}
	sub, err := t.Tree(w.subdir)
	if errors.Is(err, object.ErrDirectoryNotFound) || errors.Is(err, object.ErrEntryNotFound) {
		return nil, nil
	}
	return sub, err
}

// commit scans the blobs a commit adds or changes against its parent's
// tree (nil for a root commit).
func (w *historyWalk) commit(ctx context.Context, c *object.Commit, tree, parentTree *object.Tree) error {
	if tree == nil || parentTree != nil && parentTree.Hash == tree.Hash {
		return nil
	}
	changes, err := object.DiffTreeWithOptions(ctx, parentTree, tree, &object.DiffTreeOptions{})
	if err != nil {
		return err
	}
	for _, ch := range changes {
		action, err := ch.Action()
		if err != nil || action == merkletrie.Delete {
			continue
		}
		name, blobHash := ch.To.Name, ch.To.TreeEntry.Hash
		if w.seen[blobHash] || skipHistory(name) || !ch.To.TreeEntry.Mode.IsFile() {
			continue
		}
		w.seen[blobHash] = true
		blob, err := object.GetBlob(w.store, blobHash)
		if err != nil {
			w.warn(project.Position{File: name}, "git history: the file as commit %s left it cannot be read (%v); it was not searched for secrets", shortCommit(c.Hash), err)
			continue
		}
		if blob.Size > maxBlobSize {
			continue
		}
		if w.hist.Bytes+blob.Size > w.maxBytes {
			w.hist.Cut = fmt.Sprintf("stopped at %d MiB of blobs (MaxHistoryBytes); older changes were not searched", w.maxBytes>>20)
			w.warn(project.Position{}, "git history: %s", w.hist.Cut)
			return nil
		}
		data, err := readBlob(blob)
		if err != nil {
			w.warn(project.Position{File: name}, "git history: the file as commit %s left it cannot be read (%v); it was not searched for secrets", shortCommit(c.Hash), err)
			continue
		}
		if bytes.IndexByte(data[:min(len(data), 8<<10)], 0) >= 0 {
			continue
		}
		w.hist.Blobs++
		w.hist.Bytes += int64(len(data))
		// History blobs are not project files: scanned here, not by the index.
		for _, s := range blobSecrets(name, data) {
			if w.present[s.Hash] {
				continue
			}
			s.Commit, s.Removed, s.Shallow = c.Hash.String(), true, w.shallow[c.Hash]
			s.ID = factID("secret", "history", s.Rule, s.Hash)
			if _, ok := w.found[s.Hash]; !ok {
				w.order = append(w.order, s.Hash)
			}
			w.found[s.Hash] = s // the walk goes back in time: keep the oldest
		}
	}
	return nil
}

// blobSecrets are the secrets in a file of the history.
func blobSecrets(name string, data []byte) []Secret {
	dotenv := strings.HasPrefix(path.Base(name), ".env") || strings.HasSuffix(name, ".env")
	return textSecrets(data, dotenv, "history", linePos(name, data))
}

// shallowCommits are the commits whose parents a shallow clone did not
// fetch, as the store records them.
func shallowCommits(store storer.EncodedObjectStorer) map[plumbing.Hash]bool {
	out := map[plumbing.Hash]bool{}
	if ss, ok := store.(storer.ShallowStorer); ok {
		if hs, err := ss.Shallow(); err == nil {
			for _, h := range hs {
				out[h] = true
			}
		}
	}
	return out
}

func shortCommit(h plumbing.Hash) string { return h.String()[:12] }

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// resolveHead reads a full commit hash, or a reference name (HEAD,
// refs/heads/main, a branch or tag name) through the store's references.
func resolveHead(store storer.Storer, head string) (plumbing.Hash, error) {
	if plumbing.IsHash(head) {
		return plumbing.NewHash(head), nil
	}
	for _, name := range []plumbing.ReferenceName{plumbing.ReferenceName(head), plumbing.NewBranchReferenceName(head), plumbing.NewTagReferenceName(head)} {
		ref, err := storer.ResolveReference(store, name)
		if err != nil {
			continue
		}
		if tag, err := object.GetTag(store, ref.Hash()); err == nil { // an annotated tag
			return tag.Target, nil
		}
		return ref.Hash(), nil
	}
	return plumbing.ZeroHash, plumbing.ErrReferenceNotFound
}

func readBlob(b *object.Blob) ([]byte, error) {
	r, err := b.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(io.LimitReader(r, maxBlobSize+1))
}
