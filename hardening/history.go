package hardening

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/utils/merkletrie"
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
// once, at the oldest commit found to add it. It never uses go-git's
// path-filtered log, which diffs every commit per path and takes minutes
// (research/libs.md §2).
func historySecrets(ctx context.Context, opts Options, current []Secret) ([]Secret, *History, error) {
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
		return nil, nil, fmt.Errorf("history: cannot resolve %q: %w", head, err)
	}
	hist := &History{Head: h.String()}
	present := map[string]bool{}
	for _, s := range current {
		present[s.Hash] = true
	}
	found := map[string]Secret{}
	var order []string
	seen := map[plumbing.Hash]bool{}
	commit, err := object.GetCommit(store, h)
	if err != nil {
		return nil, nil, fmt.Errorf("history: %s is not a commit: %w", head, err)
	}
	for commit != nil {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		if hist.Commits >= maxCommits {
			hist.Cut = fmt.Sprintf("stopped after %d commits (MaxCommits); older commits were not searched", maxCommits)
			break
		}
		hist.Commits++
		tree, err := commit.Tree()
		if err != nil {
			return nil, nil, fmt.Errorf("history: tree of %s: %w", commit.Hash, err)
		}
		var parent *object.Commit
		var parentTree *object.Tree
		if commit.NumParents() > 0 {
			if parent, err = commit.Parent(0); err != nil {
				return nil, nil, fmt.Errorf("history: parent of %s: %w", commit.Hash, err)
			}
			if parentTree, err = parent.Tree(); err != nil {
				return nil, nil, fmt.Errorf("history: tree of %s: %w", parent.Hash, err)
			}
		}
		changes, err := object.DiffTreeWithOptions(ctx, parentTree, tree, &object.DiffTreeOptions{})
		if err != nil {
			return nil, nil, fmt.Errorf("history: diff of %s: %w", commit.Hash, err)
		}
		for _, ch := range changes {
			action, err := ch.Action()
			if err != nil || action == merkletrie.Delete {
				continue
			}
			name, blobHash := ch.To.Name, ch.To.TreeEntry.Hash
			if seen[blobHash] || skipHistory(name) || !ch.To.TreeEntry.Mode.IsFile() {
				continue
			}
			seen[blobHash] = true
			blob, err := object.GetBlob(store, blobHash)
			if err != nil || blob.Size > maxBlobSize {
				continue
			}
			if hist.Bytes+blob.Size > maxBytes {
				hist.Cut = fmt.Sprintf("stopped at %d MiB of blobs (MaxHistoryBytes); older changes were not searched", maxBytes>>20)
				break
			}
			data, err := readBlob(blob)
			if err != nil || bytes.IndexByte(data[:min(len(data), 8<<10)], 0) >= 0 {
				continue
			}
			hist.Blobs++
			hist.Bytes += int64(len(data))
			// History blobs are not project files: scanned here, not by the index.
			dotenv := strings.HasPrefix(path.Base(name), ".env") || strings.HasSuffix(name, ".env")
			for _, s := range textSecrets(data, dotenv, "history", linePos(name, data)) {
				if present[s.Hash] {
					continue
				}
				s.Commit, s.Removed = commit.Hash.String(), true
				s.ID = factID("secret", "history", s.Rule, s.Hash)
				if _, ok := found[s.Hash]; !ok {
					order = append(order, s.Hash)
				}
				found[s.Hash] = s // the walk goes back in time: keep the oldest
			}
		}
		if hist.Cut != "" {
			break
		}
		commit = parent
	}
	var out []Secret
	for _, k := range order {
		out = append(out, found[k])
	}
	return out, hist, nil
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
