package source

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/transport"
	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"
	"github.com/go-git/go-git/v5/storage/memory"
)

// A git URL is cloned into memory (go-git's memory storage, no work tree,
// nothing written to disk) and read from the object store like a local
// revision. It is the one network call mcp-comply makes outside package
// live, and only because the user gave a URL.
//
// Credentials come from the environment (Options.Getenv) and from the URL
// itself, and are never printed: every error, and every fact of the
// Source, names the URL without its user information, query or fragment
// (Redact).
//
// For https, the token sent as the password of basic auth is the first set of:
//
//	GIT_TOKEN       any host (user name GIT_USERNAME, default "git")
//	GITHUB_TOKEN    github.com, or the host of GITHUB_SERVER_URL (GitHub Enterprise in Actions)
//	GH_TOKEN        the same hosts (the gh CLI's variable)
//	GITLAB_TOKEN    gitlab.com, or the host of CI_SERVER_HOST (GitLab CI)
//	CI_JOB_TOKEN    the host of CI_SERVER_HOST, as gitlab-ci-token
//
// These are the variables GitHub Actions, GitLab CI and the tools people
// use there (gh, glab, Trivy's repo mode) read; unlike Trivy, a
// host's token is sent to that host only. A URL that carries its own user
// information uses it instead. Plain http sends no token from the
// environment. ssh authenticates as go-git does: through the SSH agent
// (SSH_AUTH_SOCK), checking ~/.ssh/known_hosts. A file:// URL is cloned
// through the system's git-upload-pack, as go-git's file transport does.

// Options tune OpenContext. The zero value clones shallow and reads no
// credentials from the environment.
type Options struct {
	// History asks for the history behind the revision: a clone fetches
	// it all (otherwise only the revision's commit, depth 1), and
	// Source.Repo is set for the history walk.
	History bool
	// Also names further revisions the caller will open with At (mcp-comply
	// diff): a clone fetches them too.
	Also []string
	// Getenv reads the credentials the package documentation lists; nil
	// reads none.
	Getenv func(string) string
}

// schemes are the URL schemes a git URL may have.
var schemes = []string{"https", "http", "ssh", "git", "git+ssh", "ssh+git", "file"}

// scpLike matches git's scp-like syntax, user@host:path: a user, a host
// without a slash, a colon, a path.
var scpLike = regexp.MustCompile(`^[A-Za-z0-9._~-]+@[A-Za-z0-9.-]+:[^/\\]`)

// IsURL reports whether target names a git repository by URL
// (https://…, ssh://…, git@host:owner/repo, file://…) rather than a path.
func IsURL(target string) bool {
	if scheme, _, ok := strings.Cut(target, "://"); ok {
		return !strings.ContainsAny(scheme, `/\`)
	}
	return scpLike.MatchString(target)
}

// Redact returns a git URL fit to print: without user information (a
// token is often written as the user or the password), query or
// fragment. Anything that does not parse is cut to what follows its last
// "@".
func Redact(raw string) string {
	if scheme, rest, ok := strings.Cut(raw, "://"); ok {
		if u, err := url.Parse(raw); err == nil && u.Host != "" || err == nil && u.Scheme == "file" {
			u.User, u.RawQuery, u.ForceQuery, u.Fragment, u.RawFragment = nil, "", false, "", ""
			return u.String()
		}
		if i := strings.LastIndexByte(rest, '@'); i >= 0 {
			rest = rest[i+1:]
		}
		rest, _, _ = strings.Cut(rest, "?")
		rest, _, _ = strings.Cut(rest, "#")
		return scheme + "://" + rest
	}
	if i := strings.LastIndexByte(raw, '@'); i >= 0 && scpLike.MatchString(raw) {
		return raw[i+1:]
	}
	return raw
}

// remoteName names a cloned repository: its path on the host
// ("acme/support-bot", "group/sub/project"), or a file:// repository's
// directory name.
func remoteName(ep *transport.Endpoint) string {
	p := strings.TrimSuffix(strings.Trim(ep.Path, "/"), ".git")
	p = strings.TrimSuffix(p, "/.git")
	if ep.Protocol == "file" {
		p = path.Base(p)
	}
	if p == "" || p == "." {
		return ep.Host
	}
	return p
}

// openURL clones the repository at raw into memory, fetching what rev and
// opts.Also need, and serves rev's tree.
func openURL(ctx context.Context, raw, rev string, opts Options) (*Source, error) {
	shown := Redact(raw)
	ep, err := transport.NewEndpoint(raw)
	if err != nil || !slices.Contains(schemes, ep.Protocol) {
		return nil, fmt.Errorf("%s: not a git URL (expected https://, ssh://, git@host:owner/repo or file://)", shown)
	}
	auth, secrets := credentials(ep, opts.Getenv)
	if u, err := url.Parse(raw); err == nil { // a query or fragment may carry a token too
		secrets = append(secrets, nonEmpty(u.RawQuery, u.Fragment)...)
		for _, vs := range u.Query() {
			secrets = append(secrets, vs...)
		}
	}
	fail := func(what string, err error) error { return cloneError(shown, what, err, ep, secrets, opts.Getenv) }

	repo, err := git.Init(memory.NewStorage(), nil)
	if err != nil {
		return nil, fail("cloning", err)
	}
	remote, err := repo.CreateRemote(&config.RemoteConfig{Name: "origin", URLs: []string{raw}})
	if err != nil {
		return nil, fail("cloning", err)
	}
	refs, err := remote.ListContext(ctx, &git.ListOptions{Auth: auth})
	if err != nil {
		return nil, fail("cloning", err)
	}
	revs := append([]string{rev}, opts.Also...)
	depth := 1
	if opts.History {
		depth = 0
	}
	if err := fetch(ctx, repo, refs, revs, depth, auth); err != nil {
		return nil, fail("cloning", err)
	}
	hash, err := resolve(repo, rev)
	if err != nil {
		return nil, fmt.Errorf("%s: cannot resolve revision %q: %w", shown, cmpRev(rev), err)
	}
	s, err := gitSource(repo, *hash, "", rev, new(sync.Mutex))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", shown, err)
	}
	s.Path, s.Revision, s.Name = shown, rev, remoteName(ep)
	if opts.History {
		s.Repo = repo
	}
	return s, nil
}

func cmpRev(rev string) string {
	if rev == "" {
		return "HEAD"
	}
	return rev
}

// fetch fetches each revision: a branch or tag the remote advertises, by
// its name, at depth (0 is the whole history); a commit hash, exactly
// where the server allows it. Anything else (an expression such as
// main~2, a hash the server will not serve by itself) fetches every branch
// and tag in full, for the revision to resolve in the clone.
func fetch(ctx context.Context, repo *git.Repository, refs []*plumbing.Reference, revs []string, depth int, auth transport.AuthMethod) error {
	var specs []config.RefSpec
	var hashes []config.RefSpec
	all := false
	for _, rev := range revs {
		if name, ok := advertised(refs, cmpRev(rev)); ok {
			specs = append(specs, config.RefSpec("+"+name+":"+name))
			continue
		}
		if plumbing.IsHash(rev) {
			hashes = append(hashes, config.RefSpec(rev+":refs/mcp-comply/"+rev))
			continue
		}
		all = true
	}
	run := func(specs []config.RefSpec, depth int) error {
		err := repo.FetchContext(ctx, &git.FetchOptions{RemoteName: "origin", RefSpecs: specs, Depth: depth, Auth: auth, Tags: git.NoTags})
		if errors.Is(err, git.NoErrAlreadyUpToDate) {
			return nil
		}
		return err
	}
	if len(hashes) > 0 && !all {
		err := run(hashes, depth)
		if errors.Is(err, git.ErrExactSHA1NotSupported) {
			all = true
		} else if err != nil {
			return err
		}
	}
	if all {
		return run([]config.RefSpec{"+HEAD:HEAD", "+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"}, 0)
	}
	if len(specs) == 0 {
		return nil
	}
	return run(slices.Compact(specs), depth)
}

// advertised finds the remote reference a revision names, as git resolves
// a name: itself, then refs/NAME, refs/tags/NAME, refs/heads/NAME.
func advertised(refs []*plumbing.Reference, rev string) (string, bool) {
	names := map[plumbing.ReferenceName]bool{}
	for _, r := range refs {
		names[r.Name()] = true
	}
	for _, n := range []string{rev, "refs/" + rev, "refs/tags/" + rev, "refs/heads/" + rev} {
		if names[plumbing.ReferenceName(n)] {
			return n, true
		}
	}
	return "", false
}

// resolve resolves a revision: a commit hash (in a clone, one fetched
// exactly lies under refs/mcp-comply/), a reference by name as git looks
// it up (itself, refs/NAME, refs/tags/NAME, refs/heads/NAME,
// refs/remotes/NAME; go-git's parser refuses names such as
// flowise@3.1.2), else an expression (main~2, v1^{commit}).
func resolve(repo *git.Repository, rev string) (*plumbing.Hash, error) {
	rev = cmpRev(rev)
	if plumbing.IsHash(rev) {
		if _, err := repo.CommitObject(plumbing.NewHash(rev)); err == nil {
			h := plumbing.NewHash(rev)
			return &h, nil
		}
	}
	for _, name := range []string{rev, "refs/" + rev, "refs/tags/" + rev, "refs/heads/" + rev, "refs/remotes/" + rev} {
		ref, err := repo.Reference(plumbing.ReferenceName(name), true)
		if err != nil {
			continue
		}
		h := ref.Hash()
		if tag, err := repo.TagObject(h); err == nil { // an annotated tag: its commit
			c, err := tag.Commit()
			if err != nil {
				return nil, err
			}
			h = c.Hash
		}
		return &h, nil
	}
	return repo.ResolveRevision(plumbing.Revision(rev))
}

// credentials picks the authentication for an endpoint, and lists the
// secret strings that no message may show.
func credentials(ep *transport.Endpoint, getenv func(string) string) (transport.AuthMethod, []string) {
	secrets := nonEmpty(ep.Password)
	if ep.Protocol == "https" || ep.Protocol == "http" {
		secrets = nonEmpty(ep.User, ep.Password) // a token is often the user name
	}
	if ep.Protocol != "https" || ep.User != "" || ep.Password != "" || getenv == nil {
		return nil, secrets // go-git uses the URL's own user information, or the SSH agent
	}
	user, token := tokenFor(ep.Host, getenv)
	if token == "" {
		return nil, secrets
	}
	return &githttp.BasicAuth{Username: user, Password: token}, append(secrets, token)
}

// tokenFor is the user and token of the package documentation's table for
// a host.
func tokenFor(host string, getenv func(string) string) (user, token string) {
	host = strings.ToLower(host)
	if t := getenv("GIT_TOKEN"); t != "" {
		return cmpOr(getenv("GIT_USERNAME"), "git"), t
	}
	if host == "github.com" || host == hostOf(getenv("GITHUB_SERVER_URL")) {
		if t := cmpOr(getenv("GITHUB_TOKEN"), getenv("GH_TOKEN")); t != "" {
			return "x-access-token", t
		}
	}
	ci := strings.ToLower(getenv("CI_SERVER_HOST"))
	if host == "gitlab.com" || host == ci {
		if t := getenv("GITLAB_TOKEN"); t != "" {
			return "oauth2", t
		}
	}
	if host == ci && ci != "" {
		if t := getenv("CI_JOB_TOKEN"); t != "" {
			return "gitlab-ci-token", t
		}
	}
	return "", ""
}

// tokenHint names the variables that would authenticate to a host.
func tokenHint(host string, getenv func(string) string) string {
	host = strings.ToLower(host)
	vars := []string{"GIT_TOKEN"}
	switch {
	case host == "github.com" || getenv != nil && host == hostOf(getenv("GITHUB_SERVER_URL")):
		vars = append(vars, "GITHUB_TOKEN")
	case host == "gitlab.com" || getenv != nil && host == strings.ToLower(getenv("CI_SERVER_HOST")):
		vars = append(vars, "GITLAB_TOKEN")
	}
	return strings.Join(vars, " or ")
}

func hostOf(u string) string {
	if p, err := url.Parse(u); err == nil {
		return strings.ToLower(p.Hostname())
	}
	return ""
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// CloneError is a git URL that could not be cloned. Its message names the
// URL redacted and says why on one line, with every credential masked;
// errors.Is still matches the cause (transport.ErrAuthenticationRequired,
// a context error), but the cause itself, whose text may hold a token, is
// not reachable through it.
type CloneError struct {
	// URL is the URL redacted.
	URL   string
	msg   string
	cause error
}

func (e *CloneError) Error() string { return e.msg }

// Is matches the cause.
func (e *CloneError) Is(target error) bool { return errors.Is(e.cause, target) }

func cloneError(shown, what string, err error, ep *transport.Endpoint, secrets []string, getenv func(string) string) error {
	var why string
	switch {
	case errors.Is(err, transport.ErrAuthenticationRequired), errors.Is(err, transport.ErrAuthorizationFailed):
		why = err.Error()
		if ep.Protocol == "https" {
			why += fmt.Sprintf(" (set %s to a token that can read it)", tokenHint(ep.Host, getenv))
		}
	case errors.Is(err, transport.ErrRepositoryNotFound):
		why = "repository not found, or not visible with the credentials given"
	case errors.Is(err, transport.ErrEmptyRemoteRepository):
		why = "the repository is empty"
	default:
		why = err.Error()
	}
	return &CloneError{URL: shown, msg: fmt.Sprintf("%s %s: %s", what, shown, mask(why, secrets)), cause: err}
}

// userinfo matches the user information of a URL in a message.
var userinfo = regexp.MustCompile(`//[^/@\s]*@`)

// mask drops the user information of any URL in a message, replaces each
// secret, as written and URL-escaped, longest first, with "***", and makes
// the message one line. Secrets shorter than four characters are left to
// the first step: alone, masking them would mangle the words around
// ("tok" in "private_token"), and go-git writes credentials only in URLs.
func mask(msg string, secrets []string) string {
	msg = userinfo.ReplaceAllString(msg, "//")
	var forms []string
	for _, s := range secrets {
		if len(s) >= 4 {
			forms = append(forms, s, url.QueryEscape(s), url.PathEscape(s))
		}
	}
	slices.SortFunc(forms, func(a, b string) int { return len(b) - len(a) })
	for _, f := range forms {
		msg = strings.ReplaceAll(msg, f, "***")
	}
	return strings.Join(strings.Fields(msg), " ")
}
