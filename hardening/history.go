package hardening

import (
	"cmp"
	"container/heap"
	"context"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage/filesystem"

	"github.com/mcp-comply/mcp-comply/internal/project"
)

// maxBlobSize is the largest blob of history read: larger ones are data,
// bundles or media, not where credentials are written.
const maxBlobSize = 1 << 20

// skipDirs are the directories the history walk never descends into:
// vendored and built trees, large and full of other people's hashes.
var skipDirs = map[string]bool{"node_modules": true, "vendor": true, ".venv": true, "venv": true,
	"site-packages": true, "dist": true, "build": true}

// skipFiles are never searched for secrets, in the tree or in history:
// the lockfiles (large, changed by every dependency update, and full of
// hashes) and the baselines of secret scanners (detect-secrets'
// .secrets.baseline, .gitleaksignore), which hold hashes and fingerprints
// of secrets by design, not the secrets.
var skipFiles = map[string]bool{"package-lock.json": true, "npm-shrinkwrap.json": true, "yarn.lock": true,
	"pnpm-lock.yaml": true, "go.sum": true, "poetry.lock": true, "uv.lock": true, "Cargo.lock": true,
	"composer.lock": true, ".secrets.baseline": true, ".gitleaksignore": true}

// binaryExts are extensions of files that are binary by format; the other
// blobs are read and skipped when they hold a NUL byte.
var binaryExts = map[string]bool{".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".ico": true,
	".webp": true, ".bmp": true, ".pdf": true, ".zip": true, ".gz": true, ".tgz": true, ".jar": true,
	".woff": true, ".woff2": true, ".ttf": true, ".otf": true, ".eot": true, ".mp3": true, ".mp4": true,
	".mov": true, ".webm": true, ".wasm": true, ".so": true, ".dylib": true, ".dll": true, ".exe": true,
	".pyc": true, ".class": true}

// skipHistory reports the file paths not worth reading in history:
// vendored trees, lockfiles and binary formats.
func skipHistory(p string) bool {
	dir, base := path.Split(p)
	for d := range strings.SplitSeq(strings.TrimSuffix(dir, "/"), "/") {
		if skipDirs[d] {
			return true
		}
	}
	return skipFiles[base] || binaryExts[strings.ToLower(path.Ext(base))]
}

// historySecrets looks for the secrets the current tree no longer holds
// in every commit reachable from the head (all parents, not only the
// first), as `git log --all` does from one ref. It reads each commit
// once, each distinct tree once (a subtree unchanged since a commit
// already read is never descended again) and each distinct blob once, at
// the first commit that holds it (parents before children), so a secret
// is reported once, at the oldest commit found to add it. Of the blobs, it
// scans only the lines no blob read before held (line.go): the history of
// a file edited a thousand times is read as its changes. With
// Options.Subdir it reads only that directory of each commit, with paths
// relative to it, as the rest of the scan writes them.
//
// The walk has no bound but the user's (Options.MaxCommits, the newest
// commits by commit time; Options.MaxHistoryBytes, the newest blobs): a
// bound hit is History.Cut and a warning. It stops, with a warning, at
// the boundary of a shallow clone (the store's shallow commits: their
// parents were never fetched), and at a commit whose parent, or the
// parent's tree, cannot be read (a corrupted store); a tree or a blob it
// cannot read is a warning and the walk goes on. Only an unknown head and
// a cancelled context are errors.
func historySecrets(ctx context.Context, opts Options, current []Secret) ([]Secret, *History, []project.Warning, error) {
	head := orDefault(opts.Head, "HEAD")
	h, err := resolveHead(opts.History, head)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("history: cannot resolve %q: %w", head, err)
	}
	store, done := objectStore(opts.History)
	defer done()
	blobs := newBlobReader(opts.History, store)
	defer blobs.close()
	commit, err := object.GetCommit(store, h)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("history: %s is not a commit: %w", head, err)
	}
	w := &historyWalk{store: store, blobs: blobs, subdir: strings.Trim(opts.Subdir, "/"), shallow: shallowCommits(opts.History),
		present: map[string]bool{}, found: map[string]Secret{}, seen: map[plumbing.Hash]bool{},
		hist: &History{Head: h.String()}, maxCommits: opts.MaxCommits, maxBytes: opts.MaxHistoryBytes}
	for _, s := range current {
		w.present[s.Hash] = true
	}
	if err := w.commits(ctx, commit); err != nil {
		return nil, nil, nil, err
	}
	listed, err := w.trees(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := w.scan(ctx, listed); err != nil {
		return nil, nil, nil, err
	}
	return w.stillThere(commit), w.hist, w.warnings, nil
}

// objectStore is the store the walk reads objects from: for a repository
// on disk, a second handle on its object store that keeps the packfiles
// open (go-git's default handle opens the packfile again for every object
// read) with a larger cache of delta bases; done closes it.
func objectStore(s storer.Storer) (storer.EncodedObjectStorer, func()) {
	fsStore, ok := s.(*filesystem.Storage)
	if !ok {
		return s, func() {}
	}
	fast := filesystem.NewStorageWithOptions(fsStore.Filesystem(), cache.NewObjectLRU(256*cache.MiByte),
		filesystem.Options{KeepDescriptors: true})
	return fast, func() { fast.Close() }
}

// historyWalk is the state of one history walk.
type historyWalk struct {
	store      storer.EncodedObjectStorer
	blobs      blobReader
	subdir     string
	shallow    map[plumbing.Hash]bool
	present    map[string]bool // secrets of the current tree, by hash
	found      map[string]Secret
	at         map[string]int // the order of the commit each found secret is at
	seen       map[plumbing.Hash]bool
	hist       *History
	maxCommits int
	maxBytes   int64
	warnings   []project.Warning

	searched []*histCommit          // the commits searched, newest first by commit time
	index    map[plumbing.Hash]int  // their places in searched
	bases    []plumbing.Hash        // trees of the commits the search starts after: known, not searched
	boundary *histCommit            // the first shallow boundary met
	queued   map[plumbing.Hash]bool // commits met so far
}

// histCommit is a commit of the walk with the tree it reads (the Subdir
// of its tree; zero when the commit has no such directory).
type histCommit struct {
	c     *object.Commit
	tree  plumbing.Hash
	order int // its place in the order the trees are read, parents first
}

func (w *historyWalk) warn(pos project.Position, format string, args ...any) {
	w.warnings = append(w.warnings, project.Warnf(pos, format, args...))
}

// cut records why the walk did not reach every commit (the first reason
// met) and warns of it.
func (w *historyWalk) cut(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if w.hist.Cut == "" {
		w.hist.Cut = msg
	}
	w.warn(project.Position{}, "git history: %s", msg)
}

// stop ends the walk at a commit it cannot read past.
func (w *historyWalk) stop(c *object.Commit, format string, args ...any) {
	w.cut("stopped at commit %s: %s; older commits were not searched", shortCommit(c.Hash), fmt.Sprintf(format, args...))
}

// commits lists the commits to search, newest first by commit time (as
// git log orders them), from the head down to the root commits, the
// user's bound, a shallow clone's boundary or a commit that cannot be
// read past.
func (w *historyWalk) commits(ctx context.Context, head *object.Commit) error {
	w.index, w.queued = map[plumbing.Hash]int{}, map[plumbing.Hash]bool{head.Hash: true}
	tree, err := w.tree(head)
	if err != nil {
		w.stop(head, "its tree cannot be read: %v", err)
		return nil
	}
	q := &commitQueue{{c: head, tree: tree}}
	for q.Len() > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		if w.maxCommits > 0 && len(w.searched) >= w.maxCommits {
			w.cut("stopped after %s (the history limit); older commits were not searched", plural(w.maxCommits, "commit"))
			for _, hc := range *q {
				w.bases = append(w.bases, hc.tree)
			}
			break
		}
		hc := heap.Pop(q).(*histCommit)
		c := hc.c
		if c.NumParents() > 0 && w.shallow[c.Hash] {
			if w.boundary == nil {
				w.boundary = hc
				w.hist.Shallow = c.Hash.String()
			}
			if c.Hash != head.Hash { // at the head of a clone of depth 1, nothing is older than the tree
				w.add(hc)
			}
			continue
		}
		parents, ok := w.parents(c)
		if !ok {
			w.bases = append(w.bases, hc.tree) // what it holds is known to its children
			continue
		}
		w.add(hc)
		for _, p := range parents {
			if !w.queued[p.c.Hash] {
				w.queued[p.c.Hash] = true
				heap.Push(q, p)
			}
		}
	}
	w.hist.Commits = len(w.searched)
	if b := w.boundary; b != nil {
		searched := plural(w.hist.Commits, "commit")
		if w.hist.Commits > 0 {
			searched += ", the last one's whole tree"
		}
		w.cut("the clone is shallow: its history ends at commit %s; %s searched, older commits were not "+
			"(clone the full history to search them, e.g. fetch-depth: 0 on GitHub Actions, GIT_DEPTH: 0 on GitLab CI)",
			shortCommit(b.c.Hash), searched)
	}
	return nil
}

func (w *historyWalk) add(hc *histCommit) {
	w.index[hc.c.Hash] = len(w.searched)
	w.searched = append(w.searched, hc)
}

// parents reads a commit's parents and their trees; false, with the walk
// stopped there, when one cannot be read: the commit's changes are then
// unknown.
func (w *historyWalk) parents(c *object.Commit) ([]*histCommit, bool) {
	out := make([]*histCommit, 0, len(c.ParentHashes))
	for _, ph := range c.ParentHashes {
		if i, ok := w.index[ph]; ok { // read already (not possible by commit time, but clocks lie)
			out = append(out, w.searched[i])
			continue
		}
		p, err := w.blobs.commit(ph)
		if err != nil {
			w.stop(c, "its parent %s cannot be read: %v", shortCommit(ph), err)
			return nil, false
		}
		tree, err := w.tree(p)
		if err != nil {
			w.stop(p, "its tree cannot be read: %v", err)
			return nil, false
		}
		out = append(out, &histCommit{c: p, tree: tree})
	}
	return out, true
}

// tree is the hash of the commit's tree, or of its Subdir; zero when the
// commit has no such directory. A tree that cannot be read is found here,
// not later.
func (w *historyWalk) tree(c *object.Commit) (plumbing.Hash, error) {
	h := c.TreeHash
	t, err := w.blobs.tree(h)
	if err != nil || w.subdir == "" {
		return h, err
	}
	for name := range strings.SplitSeq(w.subdir, "/") {
		i := slices.IndexFunc(t.Entries, func(e object.TreeEntry) bool { return e.Name == name })
		if i < 0 || t.Entries[i].Mode != filemode.Dir {
			return plumbing.ZeroHash, nil
		}
		h = t.Entries[i].Hash
		if t, err = w.blobs.tree(h); err != nil {
			return plumbing.ZeroHash, err
		}
	}
	return h, nil
}

// historyBlob is a blob to scan: its first path, at the first commit that
// holds it.
type historyBlob struct {
	hash   plumbing.Hash
	path   string
	commit *histCommit
}

// trees reads the trees of the commits searched, parents before children,
// and lists each blob at the first commit and path that holds it. The
// trees of the commits the search starts after are read first, and what
// they hold is not listed: it is older than the search.
func (w *historyWalk) trees(ctx context.Context) ([]historyBlob, error) {
	for _, t := range w.bases {
		w.walkTree(ctx, t, "", nil, nil)
	}
	var blobs []historyBlob
	for i, hc := range w.topological() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		hc.order = i
		blobs = w.walkTree(ctx, hc.tree, "", hc, blobs)
	}
	return blobs, ctx.Err()
}

// topological orders the commits searched parents first: oldest commit
// time first, each commit's searched parents before it.
func (w *historyWalk) topological() []*histCommit {
	n := len(w.searched)
	out := make([]*histCommit, 0, n)
	state := make([]uint8, n) // 0 new, 1 its parents are being ordered, 2 ordered
	var stack []int
	for i := n - 1; i >= 0; i-- {
		stack = append(stack[:0], i)
		for len(stack) > 0 {
			top := stack[len(stack)-1]
			switch state[top] {
			case 0:
				state[top] = 1
				ps := w.searched[top].c.ParentHashes
				for j := len(ps) - 1; j >= 0; j-- {
					if k, ok := w.index[ps[j]]; ok && state[k] == 0 {
						stack = append(stack, k)
					}
				}
			case 1:
				state[top] = 2
				out = append(out, w.searched[top])
				stack = stack[:len(stack)-1]
			default:
				stack = stack[:len(stack)-1]
			}
		}
	}
	return out
}

// walkTree lists the blobs of tree h (at dir) not seen before, at hc; with
// hc nil it only marks them seen. A tree seen before is not descended.
func (w *historyWalk) walkTree(ctx context.Context, h plumbing.Hash, dir string, hc *histCommit, blobs []historyBlob) []historyBlob {
	if h.IsZero() || w.seen[h] {
		return blobs
	}
	w.seen[h] = true
	t, err := w.blobs.tree(h)
	if err != nil {
		at := "the tree"
		if hc != nil {
			at = "commit " + shortCommit(hc.c.Hash) + "'s tree"
		}
		w.warn(project.Position{File: strings.TrimSuffix(dir, "/")}, "git history: a directory of %s cannot be read (%v); it was not searched for secrets", at, err)
		return blobs
	}
	for _, e := range t.Entries {
		switch {
		case e.Mode == filemode.Dir:
			if !skipDirs[e.Name] {
				blobs = w.walkTree(ctx, e.Hash, dir+e.Name+"/", hc, blobs)
			}
		case e.Mode.IsFile() && e.Mode != filemode.Symlink:
			if w.seen[e.Hash] || skipFiles[e.Name] || binaryExts[strings.ToLower(path.Ext(e.Name))] {
				continue
			}
			w.seen[e.Hash] = true
			if hc != nil {
				blobs = append(blobs, historyBlob{hash: e.Hash, path: dir + e.Name, commit: hc})
			}
		}
	}
	return blobs
}

// stillThere drops the secrets found whose file in the head's tree still
// holds them: the scan of the tree does not read every kind of file for
// secrets (a pyproject.toml, a Markdown file), and a secret still there
// was not removed. The rest are the walk's result, oldest commit first.
func (w *historyWalk) stillThere(head *object.Commit) []Secret {
	var root *object.Tree
	if h, err := w.tree(head); err == nil && !h.IsZero() {
		root, _ = object.GetTree(w.store, h)
	}
	held := map[string]map[string]bool{}
	var out []Secret
	for _, s := range w.found {
		if root != nil {
			hashes, ok := held[s.File]
			if !ok {
				hashes = map[string]bool{}
				if f, err := root.File(s.File); err == nil && f.Size <= maxBlobSize {
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
	slicesSortSecrets(out, w.at)
	return out
}

// commitQueue orders commits newest first by commit time, then by hash.
type commitQueue []*histCommit

func (q commitQueue) Len() int { return len(q) }
func (q commitQueue) Less(i, j int) bool {
	a, b := q[i].c, q[j].c
	if c := b.Committer.When.Compare(a.Committer.When); c != 0 {
		return c < 0
	}
	return cmp.Compare(a.Hash.String(), b.Hash.String()) < 0
}
func (q commitQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *commitQueue) Push(x any)   { *q = append(*q, x.(*histCommit)) }
func (q *commitQueue) Pop() any {
	old := *q
	x := old[len(old)-1]
	*q = old[:len(old)-1]
	return x
}

// shallowCommits are the commits whose parents a shallow clone did not
// fetch, as the store records them.
func shallowCommits(store storer.Storer) map[plumbing.Hash]bool {
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
