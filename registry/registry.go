// Package registry looks up the licences of components the project tree
// does not carry, in the metadata of the registries they come from: npm,
// PyPI, the Go module proxy (the module zip's licence file) and OCI
// registries (the org.opencontainers.image.licenses label). It implements
// license.Lookup.
//
// It is one of the three packages that open connections (with live and
// internal/source), and it is used only when the user asks (--online, or
// online: true in the policy file): offline is the default. The base URLs
// come from the user's own configuration (Settings: .npmrc, pip's
// index-url, GOPROXY), so private mirrors work; modules GOPRIVATE names are
// never sent to a proxy. Answers are cached on disk (the user cache
// directory), requests run in parallel under a timeout, and every answer
// names its URL and the date it was fetched.
package registry

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/mcp-comply/mcp-comply/internal/vocab"
	"github.com/mcp-comply/mcp-comply/license"
)

// Options say where the registries are and how to ask them.
type Options struct {
	// NPM is the npm registry's base URL; Scopes maps "@scope" to a
	// scope's own registry (.npmrc "@scope:registry="); Tokens maps a
	// registry's host and path ("registry.example.com/npm/") to its
	// _authToken, sent only to that registry.
	NPM    string
	Scopes map[string]string
	Tokens map[string]string
	// PyPI is the base of PyPI's JSON API (https://pypi.org: the
	// /pypi/NAME/VERSION/json documents).
	PyPI string
	// GoProxy is the module proxy's base URL ("" when GOPROXY is off or
	// direct only); GoPrivate holds the GOPRIVATE / GONOPROXY patterns of
	// modules never sent to it.
	GoProxy   string
	GoPrivate string
	// Registries maps an image registry's host to its base URL (docker.io
	// is served by https://registry-1.docker.io); other hosts are
	// https://HOST.
	Registries map[string]string
	// CacheDir holds cached answers; "" caches nothing.
	CacheDir string
	// Timeout bounds each request (default 10 s); Parallel the requests
	// under way at once (default 8).
	Timeout  time.Duration
	Parallel int
	// Client is the HTTP client (default: one with Timeout).
	Client *http.Client
	// Now dates the answers (default time.Now).
	Now func() time.Time
}

// Defaults of the public registries.
const (
	DefaultNPM     = "https://registry.npmjs.org"
	DefaultPyPI    = "https://pypi.org"
	DefaultGoProxy = "https://proxy.golang.org"
	dockerHub      = "https://registry-1.docker.io"
)

// mutableTTL is how long an answer that can change stays cached: an image
// tag's, and a "not found" (a version published later).
const mutableTTL = 24 * time.Hour

// Client answers license.Lookup queries.
type Client struct {
	opts Options
	http *http.Client
	now  func() time.Time
}

var _ license.Lookup = (*Client)(nil)

// New makes a Client; empty options take the public registries' defaults.
func New(opts Options) *Client {
	if opts.Timeout <= 0 {
		opts.Timeout = 10 * time.Second
	}
	if opts.Parallel <= 0 {
		opts.Parallel = 8
	}
	c := &Client{opts: opts, http: opts.Client, now: opts.Now}
	if c.http == nil {
		c.http = &http.Client{Timeout: opts.Timeout}
	}
	if c.now == nil {
		c.now = time.Now
	}
	return c
}

// Licenses looks up each query once (duplicates share the answer), up to
// Parallel at a time, and returns the answers in the order of qs. A query
// of an ecosystem without a registry, or one the options keep private,
// gets an answer with Err set; so does every failed request. Nothing is
// retried.
func (c *Client) Licenses(ctx context.Context, qs []license.Query) []license.Answer {
	out := make([]license.Answer, len(qs))
	first := map[license.Query]int{}
	var jobs []int
	for i, q := range qs {
		if _, ok := first[q]; ok {
			continue
		}
		first[q] = i
		jobs = append(jobs, i)
	}
	sem := make(chan struct{}, c.opts.Parallel)
	var wg sync.WaitGroup
	for _, i := range jobs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			out[i] = c.lookup(ctx, qs[i])
		}()
	}
	wg.Wait()
	for i, q := range qs {
		out[i] = out[first[q]]
	}
	return out
}

// lookup answers one query, from the cache when it can.
func (c *Client) lookup(ctx context.Context, q license.Query) license.Answer {
	var a license.Answer
	var err error
	switch q.Ecosystem {
	case vocab.NPM:
		a, err = c.npm(ctx, q)
	case vocab.PyPI:
		a, err = c.pypi(ctx, q)
	case vocab.Golang:
		a, err = c.goModule(ctx, q)
	case vocab.Container:
		a, err = c.image(ctx, q)
	default:
		err = fmt.Errorf("no registry for %s components", q.Ecosystem)
	}
	a.Query = q
	if err != nil {
		a.Err = err.Error()
	}
	return a
}

// errNotFound is a registry's 404: the name or version is not there.
var errNotFound = errors.New("not found")

// cached returns the answer stored for key, if it is fresh; fetch makes
// it otherwise, and its answer (a "not found" included, not other
// errors) is stored. mutable answers expire after mutableTTL.
func (c *Client) cached(key string, mutable bool, fetch func() (license.Answer, error)) (license.Answer, error) {
	var file string
	if c.opts.CacheDir != "" {
		sum := sha256.Sum256([]byte(key))
		file = filepath.Join(c.opts.CacheDir, hex.EncodeToString(sum[:16])+".json")
		if data, err := os.ReadFile(file); err == nil {
			var e cacheEntry
			if json.Unmarshal(data, &e) == nil && e.Key == key && e.fresh(c.now()) {
				if e.NotFound {
					return e.Answer, errNotFound
				}
				return e.Answer, nil
			}
		}
	}
	a, err := fetch()
	a.Fetched = c.now().UTC()
	if file != "" && (err == nil || errors.Is(err, errNotFound)) {
		e := cacheEntry{Key: key, Answer: a, NotFound: err != nil, Mutable: mutable || err != nil}
		writeCache(file, e) // a cache that cannot be written only costs time
	}
	return a, err
}

type cacheEntry struct {
	Key      string         `json:"key"`
	Answer   license.Answer `json:"answer"`
	NotFound bool           `json:"notFound,omitempty"`
	Mutable  bool           `json:"mutable,omitempty"`
}

func (e cacheEntry) fresh(now time.Time) bool {
	return !e.Mutable || now.Sub(e.Answer.Fetched) < mutableTTL
}

// writeCache writes through a temporary file, so a reader never sees half
// an entry.
func writeCache(file string, e cacheEntry) {
	data, err := json.Marshal(e)
	if err != nil {
		return
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), ".entry-*")
	if err != nil {
		return
	}
	_, werr := tmp.Write(data)
	if cerr := tmp.Close(); werr != nil || cerr != nil {
		os.Remove(tmp.Name())
		return
	}
	if os.Rename(tmp.Name(), file) != nil {
		os.Remove(tmp.Name())
	}
}

// get fetches u with the headers given, reading at most limit bytes of the
// body; a 404 or 410 (the Go proxy's) is errNotFound, any other status but 200 an error naming it.
func (c *Client) get(ctx context.Context, u string, header http.Header, limit int64) ([]byte, *http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, nil, err
	}
	for k, v := range header {
		req.Header[k] = v
	}
	req.Header.Set("User-Agent", "mcp-comply (licence lookup)")
	resp, err := c.http.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the URL is named by the caller, without credentials
		}
		return nil, nil, err
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone:
		return nil, resp, errNotFound
	case resp.StatusCode != http.StatusOK:
		return nil, resp, fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, resp, err
	}
	if int64(len(data)) > limit {
		return nil, resp, fmt.Errorf("answer larger than %d bytes", limit)
	}
	return data, resp, nil
}

// shown is u without its user information, for evidence.
func shown(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.User == nil {
		return u
	}
	p.User = nil
	return p.String()
}
