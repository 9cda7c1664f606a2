package hardening

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/go-git/go-billy/v5/memfs"
	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/memory"

	"github.com/mcp-comply/mcp-comply/internal/secrets"
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

// copyStore copies the repository's references and the objects keep
// selects into a new store: a shallow clone, or a store with an object
// lost.
func copyStore(t *testing.T, repo *git.Repository, keep func(plumbing.Hash) bool) *memory.Storage {
	t.Helper()
	dst := memory.NewStorage()
	iter, err := repo.Storer.IterEncodedObjects(plumbing.AnyObject)
	if err != nil {
		t.Fatal(err)
	}
	iter.ForEach(func(o plumbing.EncodedObject) error {
		if keep(o.Hash()) {
			_, err := dst.SetEncodedObject(o)
			return err
		}
		return nil
	})
	refs, _ := repo.Storer.IterReferences()
	refs.ForEach(func(r *plumbing.Reference) error { return dst.SetReference(r) })
	return dst
}

// reachable lists the objects of the first depth commits from hash: the
// commits, their trees and blobs, as a clone of that depth holds them.
func reachable(t *testing.T, repo *git.Repository, hash string, depth int) (map[plumbing.Hash]bool, plumbing.Hash) {
	t.Helper()
	keep := map[plumbing.Hash]bool{}
	c, err := repo.CommitObject(plumbing.NewHash(hash))
	if err != nil {
		t.Fatal(err)
	}
	var last plumbing.Hash
	for i := 0; i < depth && c != nil; i++ {
		keep[c.Hash], keep[c.TreeHash], last = true, true, c.Hash
		tree, _ := c.Tree()
		tree.Files().ForEach(func(f *object.File) error { keep[f.Blob.Hash] = true; return nil })
		walker := object.NewTreeWalker(tree, true, nil)
		for {
			_, e, err := walker.Next()
			if err != nil {
				break
			}
			keep[e.Hash] = true
		}
		walker.Close()
		c, _ = c.Parent(0)
	}
	return keep, last
}

// historyRepo commits a key to .mcp.json and removes it, then commits
// and removes another in config.json, and touches the README: five commits.
func historyRepo(t *testing.T) (repo *git.Repository, commits []string, first, second string) {
	of := fake()
	first, second = "ghp_"+of(alnum, 36), "gsk_"+of(alnum, 48)
	repo, err := git.Init(memory.NewStorage(), memfs.New())
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	for i, files := range []map[string]string{
		{".mcp.json": `{"mcpServers": {"gh": {"command": "npx", "env": {"GITHUB_TOKEN": "` + first + `"}}}}`},
		{".mcp.json": `{"mcpServers": {"gh": {"command": "npx", "env": {"GITHUB_TOKEN": "${GITHUB_TOKEN}"}}}}`},
		{"config.json": `{"groq": {"apiKey": "` + second + `"}}`},
		{"config.json": `{"groq": {"apiKey": "${GROQ_API_KEY}"}}`},
		{"README.md": "docs\n"},
	} {
		commits = append(commits, commitFiles(t, repo, "c", day.Add(time.Duration(i)*time.Hour), files))
	}
	return repo, commits, first, second
}

// headTree is the tree of historyRepo's last commit, as the scan reads it.
var headTree = fstest.MapFS{
	".mcp.json":   {Data: []byte(`{"mcpServers": {"gh": {"command": "npx", "env": {"GITHUB_TOKEN": "${GITHUB_TOKEN}"}}}}`)},
	"config.json": {Data: []byte(`{"groq": {"apiKey": "${GROQ_API_KEY}"}}`)},
	"README.md":   {Data: []byte("docs\n")},
}

func historySecretsOf(r *Result) []Secret {
	var out []Secret
	for _, s := range r.Secrets {
		if s.Where == "history" {
			out = append(out, s)
		}
	}
	return out
}

// The default checkout of GitHub Actions and GitLab CI is a shallow clone:
// the walk stops where its history ends, says so in a warning naming the
// commit and how far it searched, and reports what the history it has
// holds; at depth 1 there is no history to search.
func TestHistoryShallowClone(t *testing.T) {
	repo, commits, _, second := historyRepo(t)
	head := commits[4]
	for _, tc := range []struct {
		depth    int
		commits  int
		searched string
		found    []string // the keys reported, and where
		at       []string
		shallow  []bool
	}{
		{depth: 1, commits: 0, searched: "0 commits searched"},
		// c5, c4 diffed; c3, the boundary, searched whole: the Groq key, at c3, perhaps older.
		{depth: 3, commits: 3, searched: "3 commits, the last one's whole tree searched", found: []string{second}, at: []string{commits[2]}, shallow: []bool{true}},
		// the boundary c2 holds neither key (the first was removed in c2); c3 adds the second.
		{depth: 4, commits: 4, searched: "4 commits, the last one's whole tree searched", found: []string{second}, at: []string{commits[2]}, shallow: []bool{false}},
	} {
		t.Run(strconv.Itoa(tc.depth), func(t *testing.T) {
			keep, boundary := reachable(t, repo, head, tc.depth)
			store := copyStore(t, repo, func(h plumbing.Hash) bool { return keep[h] })
			if err := store.SetShallow([]plumbing.Hash{boundary}); err != nil {
				t.Fatal(err)
			}
			r, err := Scan(t.Context(), mustWalk(t, headTree), Options{History: store, Head: head})
			if err != nil {
				t.Fatalf("a shallow clone stopped the scan: %v", err)
			}
			if r.History.Commits != tc.commits || r.History.Shallow != boundary.String() {
				t.Errorf("history: %+v, want %d commits, shallow at %s", r.History, tc.commits, boundary)
			}
			if len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0].Message, "shallow") ||
				!strings.Contains(r.Warnings[0].Message, boundary.String()[:12]) || !strings.Contains(r.Warnings[0].Message, tc.searched) {
				t.Errorf("warnings: %v, want one naming the boundary %s and %q", r.Warnings, boundary.String()[:12], tc.searched)
			}
			hist := historySecretsOf(r)
			if len(hist) != len(tc.found) {
				t.Fatalf("history secrets: %+v, want %d", hist, len(tc.found))
			}
			for i, s := range hist {
				if s.Commit != tc.at[i] || s.Shallow != tc.shallow[i] || !strings.Contains(s.Redacted, tc.found[i][:4]) {
					t.Errorf("history secret %d: %+v, want at %s (shallow %v)", i, s, tc.at[i][:12], tc.shallow[i])
				}
			}
		})
	}
}

// A store that lost an object (not a shallow clone's boundary) is a
// warning naming the commit; the scan goes on with what it has.
func TestHistoryCorruptedStore(t *testing.T) {
	repo, commits, _, _ := historyRepo(t)
	head := commits[4]
	c3, _ := repo.CommitObject(plumbing.NewHash(commits[2]))
	c2, _ := repo.CommitObject(plumbing.NewHash(commits[1]))
	cfg, _ := c3.File("config.json")
	for _, tc := range []struct {
		name    string
		lost    plumbing.Hash
		want    string // in the one warning
		file    string // the warning's file
		commits int
		found   int
	}{
		{"parent commit", c2.Hash, "stopped at commit " + commits[2][:12] + ": its parent " + commits[1][:12] + " cannot be read", "", 2, 0},
		{"tree", c2.TreeHash, "stopped at commit " + commits[1][:12] + ": its tree cannot be read", "", 2, 0},
		{"blob", cfg.Blob.Hash, "the file as commit " + commits[2][:12] + " left it cannot be read", "config.json", 5, 1},
		{"nothing", plumbing.ZeroHash, "", "", 5, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			store := copyStore(t, repo, func(h plumbing.Hash) bool { return h != tc.lost })
			r, err := Scan(t.Context(), mustWalk(t, headTree), Options{History: store, Head: head})
			if err != nil {
				t.Fatalf("a lost object stopped the scan: %v", err)
			}
			if r.History.Commits != tc.commits || len(historySecretsOf(r)) != tc.found {
				t.Errorf("history %+v, secrets %+v", r.History, historySecretsOf(r))
			}
			if tc.want == "" {
				if len(r.Warnings) != 0 {
					t.Errorf("warnings: %v", r.Warnings)
				}
				return
			}
			if len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0].Message, tc.want) || r.Warnings[0].File != tc.file {
				t.Errorf("warnings: %v, want one at %q saying %q", r.Warnings, tc.file, tc.want)
			}
		})
	}
}

// In a subdirectory of a repository, the walk reads only that directory:
// a key removed from another folder, or still present in one, is none of
// the project's; paths are relative to the project, as the scan's are.
func TestHistorySubdirectory(t *testing.T) {
	of := fake()
	removedHere, removedThere, keptThere := "ghp_"+of(alnum, 36), "ghp_"+of(alnum, 36), "gsk_"+of(alnum, 48)
	repo, err := git.Init(memory.NewStorage(), memfs.New())
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	cfg := func(key string) string {
		return `{"mcpServers": {"gh": {"command": "npx", "env": {"GITHUB_TOKEN": "` + key + `"}}}}`
	}
	first := commitFiles(t, repo, "add", day, map[string]string{
		"apps/agent/.mcp.json": cfg(removedHere),
		"apps/other/.mcp.json": cfg(removedThere),
		"apps/other/.env":      "GROQ_API_KEY=" + keptThere + "\n",
	})
	head := commitFiles(t, repo, "remove", day.Add(time.Hour), map[string]string{
		"apps/agent/.mcp.json": cfg("${GITHUB_TOKEN}"),
		"apps/other/.mcp.json": cfg("${GITHUB_TOKEN}"),
	})
	fsys := fstest.MapFS{".mcp.json": {Data: []byte(cfg("${GITHUB_TOKEN}"))}}
	r := scanFS(t, fsys, Options{History: repo.Storer, Head: head, Subdir: "apps/agent"})
	hist := historySecretsOf(r)
	if len(hist) != 1 || hist[0].File != ".mcp.json" || hist[0].Commit != first || hist[0].Hash != secrets.Hash(removedHere) {
		t.Errorf("history secrets of apps/agent: %+v, want the one key removed from it, at .mcp.json", hist)
	}
	// A directory the project did not always have: the commits before it are empty.
	r = scanFS(t, fstest.MapFS{"x.txt": {Data: []byte("x")}}, Options{History: repo.Storer, Head: head, Subdir: "apps/new"})
	if len(historySecretsOf(r)) != 0 || r.History.Commits != 2 || len(r.Warnings) != 0 {
		t.Errorf("a directory without history: %+v, %v", r.History, r.Warnings)
	}
}

// A secret the head's tree still holds, in a file the scan of the tree
// does not read for secrets, was not removed: it is not reported as such.
func TestHistoryKeyStillInTheTree(t *testing.T) {
	of := fake()
	key := "ghp_" + of(alnum, 36)
	repo, err := git.Init(memory.NewStorage(), memfs.New())
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	notes := "# Setup\n\nGITHUB_TOKEN=" + key + "\n"
	commitFiles(t, repo, "notes", day, map[string]string{"docs/setup.md": notes})
	head := commitFiles(t, repo, "touch", day.Add(time.Hour), map[string]string{"README.md": "x\n"})
	fsys := fstest.MapFS{"docs/setup.md": {Data: []byte(notes)}, "README.md": {Data: []byte("x\n")}}
	r := scanFS(t, fsys, Options{History: repo.Storer, Head: head})
	for _, s := range historySecretsOf(r) {
		t.Errorf("a key still in the tree reported as removed: %+v", s)
	}
}

// plumbing writes commits straight into a store, without a work tree, so a
// test can build a long history quickly.
type plumbing_ struct {
	t     *testing.T
	store *memory.Storage
	when  time.Time
}

func (p *plumbing_) put(o interface {
	Encode(plumbing.EncodedObject) error
}) plumbing.Hash {
	p.t.Helper()
	obj := p.store.NewEncodedObject()
	if err := o.Encode(obj); err != nil {
		p.t.Fatal(err)
	}
	h, err := p.store.SetEncodedObject(obj)
	if err != nil {
		p.t.Fatal(err)
	}
	return h
}

// commit writes a commit of the files (name → content, at the root) with
// the parents given.
func (p *plumbing_) commit(files map[string]string, parents ...plumbing.Hash) plumbing.Hash {
	p.t.Helper()
	tree := &object.Tree{}
	for name, content := range files {
		obj := p.store.NewEncodedObject()
		obj.SetType(plumbing.BlobObject)
		w, _ := obj.Writer()
		w.Write([]byte(content))
		w.Close()
		h, err := p.store.SetEncodedObject(obj)
		if err != nil {
			p.t.Fatal(err)
		}
		tree.Entries = append(tree.Entries, object.TreeEntry{Name: name, Mode: filemode.Regular, Hash: h})
	}
	slices.SortFunc(tree.Entries, func(a, b object.TreeEntry) int { return strings.Compare(a.Name, b.Name) })
	p.when = p.when.Add(time.Minute)
	sig := object.Signature{Name: "dev", Email: "dev@example.com", When: p.when}
	return p.put(&object.Commit{Author: sig, Committer: sig, Message: "c", TreeHash: p.put(tree), ParentHashes: parents})
}

// By default the walk reads the whole history: a key removed more than a
// thousand commits ago (the old default bound) is found, at the commit
// that added it; the user's bound stops the walk with a note saying so.
func TestHistoryWholeByDefault(t *testing.T) {
	of := fake()
	key := "ghp_" + of(alnum, 36)
	p := &plumbing_{t: t, store: memory.NewStorage(), when: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}
	cfg := func(v string) string {
		return `{"mcpServers": {"gh": {"command": "npx", "env": {"GITHUB_TOKEN": "` + v + `"}}}}`
	}
	added := p.commit(map[string]string{".mcp.json": cfg(key), "README.md": "0\n"})
	head := p.commit(map[string]string{".mcp.json": cfg("${GITHUB_TOKEN}"), "README.md": "1\n"}, added)
	for i := 2; i < 1200; i++ {
		head = p.commit(map[string]string{".mcp.json": cfg("${GITHUB_TOKEN}"), "README.md": strconv.Itoa(i) + "\n"}, head)
	}
	if err := p.store.SetReference(plumbing.NewHashReference(plumbing.HEAD, head)); err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{".mcp.json": {Data: []byte(cfg("${GITHUB_TOKEN}"))}, "README.md": {Data: []byte("1199\n")}}

	r := scanFS(t, fsys, Options{History: p.store})
	hist := historySecretsOf(r)
	if len(hist) != 1 || hist[0].Commit != added.String() || hist[0].Hash != secrets.Hash(key) || hist[0].File != ".mcp.json" {
		t.Errorf("history secrets: %+v, want the key removed 1,199 commits ago, at %s", hist, added)
	}
	if r.History.Commits != 1200 || r.History.Cut != "" || len(r.Warnings) != 0 {
		t.Errorf("history: %+v, warnings %v: want all 1,200 commits, no cut", r.History, r.Warnings)
	}

	r = scanFS(t, fsys, Options{History: p.store, MaxCommits: 1000})
	if len(historySecretsOf(r)) != 0 {
		t.Errorf("the key is 1,199 commits old, beyond the bound of 1,000, yet: %+v", historySecretsOf(r))
	}
	if r.History.Commits != 1000 || !strings.Contains(r.History.Cut, "1000 commits") ||
		len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0].Message, r.History.Cut) {
		t.Errorf("bounded history: %+v, warnings %v: want the cut at 1,000 commits, and a warning saying so", r.History, r.Warnings)
	}
}

// A key added and removed on a branch, then merged, never reaches the
// first parents' trees: the walk reads every parent, and finds it at the
// branch's commit. A branch that never held it adds nothing.
func TestHistoryMergedBranch(t *testing.T) {
	of := fake()
	key := "gsk_" + of(alnum, 48)
	p := &plumbing_{t: t, store: memory.NewStorage(), when: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}
	root := p.commit(map[string]string{"README.md": "a\n"})
	main := p.commit(map[string]string{"README.md": "b\n"}, root)
	leak := p.commit(map[string]string{"README.md": "a\n", ".env": "GROQ_API_KEY=" + key + "\n"}, root)
	fix := p.commit(map[string]string{"README.md": "a\n", ".env": "GROQ_API_KEY=\n"}, leak)
	clean := p.commit(map[string]string{"README.md": "c\n", ".env": "GROQ_API_KEY=\n"}, root)
	fsys := fstest.MapFS{"README.md": {Data: []byte("b\n")}, ".env": {Data: []byte("GROQ_API_KEY=\n")}}
	for _, tc := range []struct {
		name   string
		branch plumbing.Hash
		want   int
		walked int
	}{{"leaked and fixed", fix, 1, 5}, {"clean", clean, 0, 4}} {
		t.Run(tc.name, func(t *testing.T) {
			merge := p.commit(map[string]string{"README.md": "b\n", ".env": "GROQ_API_KEY=\n"}, main, tc.branch)
			r := scanFS(t, fsys, Options{History: p.store, Head: merge.String()})
			hist := historySecretsOf(r)
			if len(hist) != tc.want || tc.want > 0 && (hist[0].Commit != leak.String() || hist[0].File != ".env") {
				t.Errorf("history secrets: %+v, want %d (at %s)", hist, tc.want, leak)
			}
			if r.History.Commits != tc.walked || r.History.Cut != "" {
				t.Errorf("history: %+v, want %d commits", r.History, tc.walked)
			}
		})
	}
}

// A file edited many times is read as its changes: a key added to a long
// file in a later version is found at its line, in the commit that added
// it; a second private key between the same delimiter lines as a first is
// still a key; a line a key sat on, later restored, is not found twice.
func TestHistoryVersionsOfAFile(t *testing.T) {
	of := fake()
	key, again := "ghp_"+of(alnum, 36), "gsk_"+of(alnum, 48)
	pem := func() string {
		s := "-----BEGIN RSA PRIVATE KEY-----\n"
		for range 6 {
			s += of(alnum+"+/", 64) + "\n"
		}
		return s + "-----END RSA PRIVATE KEY-----\n"
	}
	var doc []string
	for i := range 400 {
		doc = append(doc, "line "+strconv.Itoa(i)+" of the setup notes")
	}
	version := func(at int, extra string) string {
		lines := slices.Clone(doc)
		if extra != "" {
			lines = slices.Insert(lines, at, extra)
		}
		return strings.Join(lines, "\n") + "\n"
	}
	p := &plumbing_{t: t, store: memory.NewStorage(), when: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}
	c := p.commit(map[string]string{"notes.txt": version(0, ""), "id_rsa": pem()})
	keyed := p.commit(map[string]string{"notes.txt": version(300, "export GITHUB_TOKEN="+key), "id_rsa": pem()}, c)
	c = p.commit(map[string]string{"notes.txt": version(0, "")}, keyed)
	restored := p.commit(map[string]string{"notes.txt": version(300, "export GITHUB_TOKEN="+key) + "GROQ_API_KEY=" + again + "\n"}, c)
	head := p.commit(map[string]string{"notes.txt": version(0, "")}, restored)
	fsys := fstest.MapFS{"notes.txt": {Data: []byte(version(0, ""))}}

	r := scanFS(t, fsys, Options{History: p.store, Head: head.String()})
	var gh, groq, keys int
	for _, s := range historySecretsOf(r) {
		switch s.Rule {
		case "github-pat":
			gh++
			if s.Commit != keyed.String() || s.File != "notes.txt" || s.Line != 301 {
				t.Errorf("the GitHub token: %+v, want at notes.txt:301 in %s", s, keyed)
			}
		case "groq-api-key":
			groq++
			if s.Commit != restored.String() || s.Line != 402 {
				t.Errorf("the Groq key: %+v, want at notes.txt:402 in %s", s, restored)
			}
		case "private-key":
			keys++
			if s.File != "id_rsa" || s.Line != 1 {
				t.Errorf("a private key: %+v, want at id_rsa:1", s)
			}
		default:
			t.Errorf("unexpected: %+v", s)
		}
	}
	if gh != 1 || groq != 1 || keys != 2 {
		t.Errorf("found %d GitHub tokens, %d Groq keys, %d private keys; want 1, 1, 2: %+v", gh, groq, keys, historySecretsOf(r))
	}
}
