package hardening

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/filesystem"

	"github.com/mcp-comply/mcp-comply/internal/gittest"
)

// packedRepo is a repository whose objects are all in one packfile,
// written by go-git's repack with delta compression: versions of a file
// that grows, so later versions are deltas of earlier ones, in several
// directories. It returns the repository, its directory and its commits,
// oldest first.
func packedRepo(t *testing.T) (*git.Repository, string, []plumbing.Hash) {
	t.Helper()
	dir := t.TempDir()
	repo := gittest.Init(t, dir)
	when := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var body strings.Builder
	var commits []plumbing.Hash
	for i := range 12 {
		for j := range 40 {
			fmt.Fprintf(&body, "line %d of version %d: the quick brown fox jumps over the lazy dog\n", j, i)
		}
		files := map[string]string{"notes.txt": body.String(), fmt.Sprintf("dir%d/config.json", i%3): fmt.Sprintf(`{"version": %d}`, i)}
		commits = append(commits, gittest.Commit(t, repo, files, fmt.Sprintf("version %d", i), when.Add(time.Duration(i)*time.Hour)))
	}
	if err := repo.RepackObjects(&git.RepackConfig{}); err != nil {
		t.Fatal(err)
	}
	return repo, dir, commits
}

func packReader(t *testing.T, repo *git.Repository) *packBlobs {
	t.Helper()
	fsStore, ok := repo.Storer.(*filesystem.Storage)
	if !ok {
		t.Fatalf("store %T, want a filesystem store", repo.Storer)
	}
	r, err := openPacks(fsStore.Filesystem(), repo.Storer)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.packs) == 0 {
		t.Fatal("no packfile after repack")
	}
	t.Cleanup(r.close)
	return r
}

// Every object the pack reader reads is the object go-git reads: each
// commit, each tree, and each blob's size and content, deltas included.
func TestPackReaderAgreesWithGoGit(t *testing.T) {
	repo, _, commits := packedRepo(t)
	r := packReader(t, repo)
	store := storeBlobs{repo.Storer}
	deltas := 0
	for _, ch := range commits {
		c, err := r.commit(ch)
		if err != nil {
			t.Fatalf("commit %s: %v", ch, err)
		}
		want, _ := store.commit(ch)
		if c.TreeHash != want.TreeHash || c.Message != want.Message || len(c.ParentHashes) != len(want.ParentHashes) {
			t.Errorf("commit %s: tree %s %q, want %s %q", ch, c.TreeHash, c.Message, want.TreeHash, want.Message)
		}
		walkTree(t, r, store, c.TreeHash, &deltas)
	}
	if deltas == 0 {
		t.Error("no blob was stored as a delta: the test reads no delta chain")
	}
}

// walkTree compares a tree and every object below it, counting the blobs
// the pack stores as deltas.
func walkTree(t *testing.T, r *packBlobs, store storeBlobs, h plumbing.Hash, deltas *int) {
	t.Helper()
	tr, err := r.tree(h)
	if err != nil {
		t.Fatalf("tree %s: %v", h, err)
	}
	want, _ := store.tree(h)
	if len(tr.Entries) != len(want.Entries) {
		t.Fatalf("tree %s: %d entries, want %d", h, len(tr.Entries), len(want.Entries))
	}
	for i, e := range tr.Entries {
		if e != want.Entries[i] {
			t.Errorf("tree %s entry %d: %+v, want %+v", h, i, e, want.Entries[i])
		}
		if e.Mode.IsFile() {
			compareBlob(t, r, store, e.Hash, deltas)
		} else {
			walkTree(t, r, store, e.Hash, deltas)
		}
	}
}

func compareBlob(t *testing.T, r *packBlobs, store storeBlobs, h plumbing.Hash, deltas *int) {
	t.Helper()
	got, err := r.read(h)
	if err != nil {
		t.Fatalf("blob %s: %v", h, err)
	}
	want, err := store.read(h)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("blob %s: %d bytes differ from go-git's %d", h, len(got), len(want))
	}
	size, err := r.size(h)
	if err != nil || size != int64(len(want)) {
		t.Errorf("blob %s: size %d (%v), want %d", h, size, err, len(want))
	}
	if p, off := r.find(h); p != nil {
		if e, err := r.entry(p, off); err == nil && (e.typ == deltaOfs || e.typ == deltaRef) {
			*deltas++
		}
	}
}

// An object no packfile holds (a loose object written after the repack)
// is read through go-git, and one that exists nowhere is an error.
func TestPackReaderFallsBack(t *testing.T) {
	repo, _, _ := packedRepo(t)
	loose := gittest.Commit(t, repo, map[string]string{"later.txt": "written after the repack\n"}, "later", time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC))
	r := packReader(t, repo)
	if p, _ := r.find(loose); p != nil {
		t.Fatal("the commit after the repack is in a pack")
	}
	c, err := r.commit(loose)
	if err != nil || c.Message != "later" {
		t.Fatalf("loose commit: %v %+v", err, c)
	}
	tr, err := r.tree(c.TreeHash)
	if err != nil {
		t.Fatal(err)
	}
	e, err := tr.FindEntry("later.txt")
	if err != nil {
		t.Fatal(err)
	}
	if b, err := r.read(e.Hash); err != nil || string(b) != "written after the repack\n" {
		t.Errorf("loose blob: %q %v", b, err)
	}
	if _, err := r.read(plumbing.NewHash(strings.Repeat("ab", 20))); err == nil {
		t.Error("an object that exists nowhere read without error")
	}
}

// A packfile cut short is an error on read, never a panic or a wrong
// object.
func TestPackReaderTruncatedPack(t *testing.T) {
	repo, dir, commits := packedRepo(t)
	packs, err := filepath.Glob(filepath.Join(dir, ".git", "objects", "pack", "*.pack"))
	if err != nil || len(packs) != 1 {
		t.Fatalf("packs %v %v", packs, err)
	}
	data, err := os.ReadFile(packs[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(packs[0], data[:len(data)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := openPacks(repo.Storer.(*filesystem.Storage).Filesystem(), repo.Storer)
	if err != nil {
		return // refusing the pack is fine too
	}
	defer r.close()
	failed := 0
	for _, ch := range commits {
		c, err := r.commit(ch)
		if err != nil {
			failed++
			continue
		}
		var tr *object.Tree
		if tr, err = r.tree(c.TreeHash); err != nil {
			failed++
			continue
		}
		for _, e := range tr.Entries {
			if e.Mode.IsFile() {
				if _, err := r.read(e.Hash); err != nil {
					failed++
				}
			}
		}
	}
	if failed == 0 {
		t.Error("every object read from a packfile cut in half")
	}
}
