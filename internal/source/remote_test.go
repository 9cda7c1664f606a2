package source

import (
	"errors"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/mcp-comply/mcp-comply/internal/gittest"
)

// needUploadPack skips a test that clones by file:// URL where go-git's
// file transport has no git-upload-pack to run.
func needUploadPack(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git-upload-pack"); err != nil {
		if _, err := exec.LookPath("git"); err != nil {
			t.Skip("cloning a file:// URL runs git-upload-pack, which is not installed")
		}
	}
}

// remoteRepo is a repository to clone: three commits on main, a
// lightweight tag v1 and an annotated tag v2, a branch "feature" with a
// commit of its own.
type remoteRepo struct {
	dir, url                  string
	first, second, head, feat plumbing.Hash
	t1                        time.Time
}

func newRemote(t *testing.T) remoteRepo {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "support-bot")
	repo := gittest.Init(t, dir)
	r := remoteRepo{dir: dir, url: "file://" + filepath.ToSlash(dir), t1: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)}
	r.first = gittest.Commit(t, repo, map[string]string{"package.json": `{"license":"MIT"}`}, "first", r.t1)
	r.second = gittest.Commit(t, repo, map[string]string{"package.json": `{"license":"Apache-2.0"}`}, "second", r.t1.Add(time.Hour))
	r.head = gittest.Commit(t, repo, map[string]string{"package.json": `{"license":"BUSL-1.1"}`}, "third", r.t1.Add(2*time.Hour))
	if _, err := repo.CreateTag("v1", r.first, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := repo.CreateTag("support-bot@1.0.0", r.first, nil); err != nil { // a monorepo's tag, which go-git's revision parser refuses
		t.Fatal(err)
	}
	sig := &object.Signature{Name: "t", Email: "t@example.com", When: r.t1}
	if _, err := repo.CreateTag("v2", r.second, &git.CreateTagOptions{Tagger: sig, Message: "v2"}); err != nil {
		t.Fatal(err)
	}
	wt, _ := repo.Worktree()
	if err := wt.Checkout(&git.CheckoutOptions{Hash: r.first, Branch: plumbing.NewBranchReferenceName("feature"), Create: true}); err != nil {
		t.Fatal(err)
	}
	r.feat = gittest.Commit(t, repo, map[string]string{"package.json": `{"license":"SSPL-1.0"}`}, "feature", r.t1.Add(3*time.Hour))
	if err := wt.Checkout(&git.CheckoutOptions{Branch: plumbing.NewBranchReferenceName("master")}); err != nil {
		t.Fatal(err)
	}
	return r
}

func readLicense(t *testing.T, s *Source) string {
	t.Helper()
	b, err := fs.ReadFile(s.FS, "package.json")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A git URL is cloned into memory at the revision asked for: the default
// branch, a branch a shallow clone of it would not fetch, a lightweight or
// annotated tag, a commit hash. Without History the clone is shallow and
// offers no history to walk; with it, the whole history is there.
func TestOpenURL(t *testing.T) {
	needUploadPack(t)
	r := newRemote(t)
	for _, tc := range []struct {
		rev    string
		commit plumbing.Hash
		want   string
	}{
		{"", r.head, "BUSL-1.1"},
		{"HEAD", r.head, "BUSL-1.1"},
		{"feature", r.feat, "SSPL-1.0"},
		{"refs/heads/feature", r.feat, "SSPL-1.0"},
		{"v1", r.first, `"MIT"`},
		{"v2", r.second, "Apache-2.0"},
		{"support-bot@1.0.0", r.first, `"MIT"`},
		{"refs/tags/v2", r.second, "Apache-2.0"},
		{r.second.String(), r.second, "Apache-2.0"},
		{"master~2", r.first, `"MIT"`},
	} {
		t.Run(tc.rev, func(t *testing.T) {
			s, err := OpenContext(t.Context(), r.url, tc.rev, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if got := readLicense(t, s); !strings.Contains(got, tc.want) {
				t.Errorf("package.json = %s, want %s", got, tc.want)
			}
			if s.Kind != Git || s.Commit != tc.commit.String() || s.Revision != tc.rev || s.Path != r.url || s.Name != "support-bot" || s.Subdir != "" {
				t.Errorf("source: kind %s, commit %s, revision %q, path %q, name %q", s.Kind, s.Commit, s.Revision, s.Path, s.Name)
			}
			if s.CommitTime.IsZero() {
				t.Error("no commit time")
			}
			if s.Repo != nil {
				t.Error("a clone without Options.History offers a history to walk")
			}
		})
	}

	// Depth 1 where no history is needed: the clone is shallow.
	s, err := OpenContext(t.Context(), r.url, "", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if shallow, _ := s.repo.Storer.Shallow(); len(shallow) != 1 || shallow[0] != r.head {
		t.Errorf("a clone for one revision: shallow commits %v, want [%s]", shallow, r.head)
	}
	if !s.CommitTime.Equal(r.t1.Add(2 * time.Hour)) {
		t.Errorf("commit time %v", s.CommitTime)
	}

	// History: the whole of it, for the walk.
	s, err = OpenContext(t.Context(), r.url, "HEAD", Options{History: true})
	if err != nil {
		t.Fatal(err)
	}
	if shallow, _ := s.Repo.Storer.Shallow(); s.Repo == nil || len(shallow) != 0 {
		t.Fatalf("a clone with history is shallow at %v", shallow)
	}
	if _, err := s.Repo.CommitObject(r.first); err != nil {
		t.Errorf("the root commit is not in a clone with history: %v", err)
	}
}

// Two revisions of one clone (mcp-comply diff): each is fetched, and each
// Source has its own tree, commit and commit time; a revision not asked for
// is not in a shallow clone.
func TestOpenURLTwoRevisions(t *testing.T) {
	needUploadPack(t)
	r := newRemote(t)
	old, err := OpenContext(t.Context(), r.url, "v1", Options{Also: []string{"feature"}})
	if err != nil {
		t.Fatal(err)
	}
	cur, err := old.At("feature")
	if err != nil {
		t.Fatal(err)
	}
	if old.Commit != r.first.String() || cur.Commit != r.feat.String() || !cur.CommitTime.After(old.CommitTime) ||
		cur.Path != old.Path || cur.Name != old.Name || cur.Revision != "feature" {
		t.Errorf("old %s at %v, new %s %q at %v", old.Commit, old.CommitTime, cur.Commit, cur.Revision, cur.CommitTime)
	}
	if !strings.Contains(readLicense(t, old), "MIT") || !strings.Contains(readLicense(t, cur), "SSPL") {
		t.Error("the two revisions do not have their own trees")
	}
	if _, err := old.At("v2"); err == nil {
		t.Error("a shallow clone served a revision it was not asked to fetch")
	}
}

// A local repository: At opens another revision of the same directory.
func TestAtLocal(t *testing.T) {
	r := newRemote(t)
	os.MkdirAll(filepath.Join(r.dir, "sub"), 0o755)
	s, err := Open(r.dir, "v1")
	if err != nil {
		t.Fatal(err)
	}
	o, err := s.At("v2")
	if err != nil {
		t.Fatal(err)
	}
	if at, err := s.At("support-bot@1.0.0"); err != nil || at.Commit != r.first.String() {
		t.Errorf("a tag with @ in a local repository: %v", err)
	}
	if o.Commit != r.second.String() || !strings.Contains(readLicense(t, o), "Apache") || o.Repo == nil {
		t.Errorf("At v2: commit %s", o.Commit)
	}
	d, err := Open(r.dir, "")
	if err != nil {
		t.Fatal(err)
	}
	if o, err := d.At("v1"); err != nil || o.Commit != r.first.String() {
		t.Errorf("At from a work tree: %v", err)
	}
	if _, err := OpenDir(t.TempDir()); err != nil {
		t.Fatal(err)
	}
	plain, _ := OpenDir(t.TempDir())
	if _, err := plain.At("HEAD"); err == nil {
		t.Error("At on a directory outside git: want an error")
	}
}

// Credentials never show: not in the Source, not in an error, whether they
// come from the URL or the environment.
func TestCredentialsNeverPrinted(t *testing.T) {
	needUploadPack(t)
	r := newRemote(t)
	// file:// with user information: the clone reads the path, the Source
	// names the URL without it.
	withUser := "file://tok3n-user:s3cr3t-pass@localhost" + filepath.ToSlash(r.dir)
	s, err := OpenContext(t.Context(), withUser, "", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Path != "file://localhost"+filepath.ToSlash(r.dir) || strings.Contains(s.Path+s.Name+s.Revision, "s3cr3t") || strings.Contains(s.Path+s.Name, "tok3n") {
		t.Errorf("source facts show the credentials: path %q, name %q", s.Path, s.Name)
	}

	// A port nothing listens on refuses at once: no connection is made.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	env := map[string]string{"GIT_TOKEN": "glpat-envtoken-9f8e7d6c"}
	for _, u := range []string{
		"https://tok3n-user:s3cr3t-pass@" + addr + "/acme/private.git?private_token=qu3ry-s3cr3t",
		"https://ghp_us3rnam3t0k3n@" + addr + "/acme/private.git",
		"https://" + addr + "/acme/private.git",
		"http://tok3n-user:s3cr3t-pass@" + addr + "/acme/private.git",
		"ssh://tok3n-user:s3cr3t-pass@" + addr + "/acme/private.git",
	} {
		_, err := OpenContext(t.Context(), u, "", Options{Getenv: func(k string) string { return env[k] }})
		if err == nil {
			t.Fatalf("%s: cloned from nothing", Redact(u))
		}
		msg := err.Error()
		for _, secret := range []string{"tok3n", "s3cr3t", "us3rnam3t0k3n", "qu3ry", "envtoken"} {
			if strings.Contains(msg, secret) {
				t.Errorf("the error shows a credential (%s): %s", secret, msg)
			}
		}
		var ce *CloneError
		if !errors.As(err, &ce) || strings.Contains(msg, "\n") || !strings.Contains(msg, Redact(u)) || !strings.HasPrefix(Redact(u), strings.SplitN(u, "//", 2)[0]+"//"+addr) {
			t.Errorf("want a one-line *CloneError naming %s, got %T: %s", Redact(u), err, msg)
		}
	}
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"https://user:pass@github.com/acme/bot.git?token=x#frag": "https://github.com/acme/bot.git",
		"https://ghp_abc@github.com/acme/bot":                    "https://github.com/acme/bot",
		"ssh://git@github.com:22/acme/bot.git":                   "ssh://github.com:22/acme/bot.git",
		"git@github.com:acme/bot.git":                            "github.com:acme/bot.git",
		"file:///srv/git/bot.git":                                "file:///srv/git/bot.git",
		"https://us%er:p@ss@host/x":                              "https://host/x",
		"/local/path":                                            "/local/path",
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIsURL(t *testing.T) {
	for in, want := range map[string]bool{
		"https://github.com/acme/bot": true, "ssh://git@host/x": true, "git@github.com:acme/bot.git": true,
		"file:///srv/git/bot": true, "./relative": false, "/abs/path": false, "dir/with:colon": false, "C:\\work\\x": false,
		"testdata/eu-agent": false,
	} {
		if got := IsURL(in); got != want {
			t.Errorf("IsURL(%q) = %v, want %v", in, got, want)
		}
	}
}

// A URL that is not a git URL, or names no repository, is one line naming it.
func TestOpenURLErrors(t *testing.T) {
	needUploadPack(t)
	missing := "file://" + filepath.ToSlash(filepath.Join(t.TempDir(), "nothing-here"))
	_, err := OpenContext(t.Context(), missing, "", Options{})
	if err == nil || !strings.Contains(err.Error(), missing) || strings.Contains(err.Error(), "\n") {
		t.Errorf("a missing repository: %v", err)
	}
	r := newRemote(t)
	_, err = OpenContext(t.Context(), r.url, "no-such-tag", Options{})
	if err == nil || !strings.Contains(err.Error(), `"no-such-tag"`) {
		t.Errorf("an unknown revision: %v", err)
	}
	_, err = OpenContext(t.Context(), "ftp://host/x", "", Options{})
	if err == nil || !strings.Contains(err.Error(), "not a git URL") {
		t.Errorf("an ftp URL: %v", err)
	}
}

var _ = config.RefSpec("")
