package registry

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mcp-comply/mcp-comply/internal/vocab"
	"github.com/mcp-comply/mcp-comply/license"
)

var day = time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)

// recorded is a local registry: npm and PyPI answers from testdata, Go
// module zips and an OCI registry built here. It counts the requests of
// each path and keeps their Authorization headers.
type recorded struct {
	*httptest.Server
	mu    sync.Mutex
	hits  map[string]int
	auths map[string]string
	zips  map[string][]byte
}

func newRecorded(t *testing.T) *recorded {
	r := &recorded{hits: map[string]int{}, auths: map[string]string{}, zips: map[string][]byte{}}
	r.Server = httptest.NewServer(http.HandlerFunc(r.serve))
	t.Cleanup(r.Close)
	return r
}

func (r *recorded) serve(w http.ResponseWriter, req *http.Request) {
	p := req.URL.EscapedPath()
	r.mu.Lock()
	r.hits[p]++
	r.auths[p] = req.Header.Get("Authorization")
	r.mu.Unlock()
	switch {
	case strings.HasPrefix(p, "/npm/"), strings.HasPrefix(p, "/scoped/"):
		_, rest, _ := strings.Cut(p[1:], "/")
		r.file(w, filepath.Join("testdata", "npm", strings.Replace(rest, "%2f", "+", 1)+".json"))
	case strings.HasPrefix(p, "/pypi/") && strings.HasSuffix(p, "/json"):
		r.file(w, filepath.Join("testdata", strings.TrimSuffix(p[1:], "/json")+".json"))
	case strings.HasPrefix(p, "/go/"):
		if z, ok := r.zips[strings.TrimPrefix(p, "/go/")]; ok {
			w.Write(z)
			return
		}
		http.Error(w, "not found: unknown revision", http.StatusGone)
	case strings.HasPrefix(p, "/token"):
		if req.URL.Query().Get("scope") == "repository:library/postgres:pull" {
			fmt.Fprint(w, `{"token":"anon-pull"}`)
			return
		}
		http.Error(w, "denied", http.StatusForbidden)
	case strings.HasPrefix(p, "/v2/"):
		r.oci(w, req, p)
	default:
		http.NotFound(w, req)
	}
}

func (r *recorded) file(w http.ResponseWriter, name string) {
	data, err := os.ReadFile(name)
	if err != nil {
		http.NotFound(w, nil)
		return
	}
	w.Write(data)
}

// oci serves library/postgres:16 as Docker Hub does: a token first, then
// an index whose linux/amd64 manifest names a config with the label.
func (r *recorded) oci(w http.ResponseWriter, req *http.Request, p string) {
	if req.Header.Get("Authorization") != "Bearer anon-pull" {
		w.Header().Set("WWW-Authenticate", fmt.Sprintf(`Bearer realm="%s/token",service="registry.test",scope="repository:library/postgres:pull"`, r.URL))
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	switch p {
	case "/v2/library/postgres/manifests/16":
		fmt.Fprint(w, `{"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
			{"digest":"sha256:arm","platform":{"os":"linux","architecture":"arm64"}},
			{"digest":"sha256:amd","platform":{"os":"linux","architecture":"amd64"}}]}`)
	case "/v2/library/postgres/manifests/sha256:amd":
		fmt.Fprint(w, `{"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"digest":"sha256:cfg"}}`)
	case "/v2/library/postgres/blobs/sha256:cfg":
		fmt.Fprint(w, `{"config":{"Labels":{"org.opencontainers.image.licenses":"PostgreSQL"}}}`)
	default:
		http.NotFound(w, req)
	}
}

func moduleZip(t *testing.T, prefix string, files map[string]string) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for name, text := range files {
		f, err := z.Create(prefix + name)
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte(text))
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func (r *recorded) client(t *testing.T, cache string) *Client {
	return New(Options{
		NPM: r.URL + "/npm", PyPI: r.URL, GoProxy: r.URL + "/go", GoPrivate: "corp.example.com",
		Scopes:     map[string]string{"@corp": r.URL + "/scoped"},
		Tokens:     map[string]string{strings.TrimPrefix(r.URL, "http://") + "/scoped/": "s3cret"},
		Registries: map[string]string{"docker.io": r.URL},
		CacheDir:   cache, Now: func() time.Time { return day },
	})
}

func q(eco vocab.Ecosystem, name, version string) license.Query {
	return license.Query{Ecosystem: eco, Name: name, Version: version}
}

func TestLicenses(t *testing.T) {
	r := newRecorded(t)
	r.zips["github.com/!burnt!sushi/toml/@v/v1.4.0.zip"] = moduleZip(t, "github.com/BurntSushi/toml@v1.4.0/", map[string]string{
		"COPYING": "other", "LICENSE": "The MIT License (MIT)", "sub/LICENSE": "not the module's",
	})
	r.zips["example.com/bare/@v/v1.0.0.zip"] = moduleZip(t, "example.com/bare@v1.0.0/", map[string]string{"go.mod": "module example.com/bare"})
	c := r.client(t, "")
	qs := []license.Query{
		q(vocab.NPM, "ms", "2.1.3"),
		q(vocab.NPM, "@modelcontextprotocol/server-github", "2025.4.8"),
		q(vocab.NPM, "json-schema", "0.2.3"),
		q(vocab.NPM, "uglify-js", "1.3.5"),
		q(vocab.NPM, "left-pad", "9.9.9"),
		q(vocab.NPM, "ms", ""),
		q(vocab.PyPI, "requests", "2.31.0"),
		q(vocab.PyPI, "attrs", "25.3.0"),
		q(vocab.PyPI, "oldpkg", "1.0"),
		q(vocab.Golang, "github.com/BurntSushi/toml", "v1.4.0"),
		q(vocab.Golang, "example.com/bare", "v1.0.0"),
		q(vocab.Golang, "example.com/gone", "v1.0.0"),
		q(vocab.Golang, "corp.example.com/secret/lib", "v1.0.0"),
		q(vocab.Container, "postgres", "16"),
		q(vocab.EngineExport, "n8n", "1.0.0"),
	}
	got := c.Licenses(context.Background(), qs)
	type want struct{ declared, field, text, err string }
	wants := []want{
		{declared: "MIT", field: "license"},
		{declared: "MIT", field: "license"},
		{declared: "AFLv2.1 OR BSD", field: "licenses"},
		{}, // states no licence: an answer, not an error
		{err: "not found"},
		{declared: "MIT", field: "license"}, // the latest dist-tag
		{declared: "Apache 2.0", field: "license"},
		{declared: "MIT", field: "license_expression"},
		{text: "Permission is hereby granted"},
		{text: "The MIT License (MIT)"},
		{},
		{err: "not found"},
		{err: "private module (GOPRIVATE): not sent to the proxy"},
		{declared: "PostgreSQL", field: "org.opencontainers.image.licenses"},
		{err: "no registry for engine components"},
	}
	for i, w := range wants {
		a := got[i]
		if a.Query != qs[i] || a.Declared != w.declared || a.Field != w.field || a.Err != w.err || !strings.Contains(string(a.Text), w.text) {
			t.Errorf("%v: got declared %q field %q text %.30q err %q; want %+v", qs[i], a.Declared, a.Field, a.Text, a.Err, w)
		}
		if a.Err == "" && (a.URL == "" || !a.Fetched.Equal(day)) {
			t.Errorf("%v: answer without its source (%q) or date (%v)", qs[i], a.URL, a.Fetched)
		}
	}
	if got[6].Classifiers[0] != "License :: OSI Approved :: Apache Software License" || len(got[6].Classifiers) != 1 {
		t.Errorf("requests classifiers = %q", got[6].Classifiers)
	}
	if got[9].TextFile != "LICENSE" {
		t.Errorf("toml licence file = %q, want the module root's LICENSE", got[9].TextFile)
	}
	for p := range r.hits {
		if strings.Contains(p, "corp.example.com") {
			t.Errorf("a GOPRIVATE module reached the proxy: %s", p)
		}
	}
}

// A scope's own registry gets the scope's packages and its token; the
// public registry never sees the token.
func TestScopedRegistryToken(t *testing.T) {
	r := newRecorded(t)
	c := r.client(t, "")
	c.Licenses(context.Background(), []license.Query{
		q(vocab.NPM, "@corp/server-github", "2025.4.8"), q(vocab.NPM, "ms", "2.1.3"),
	})
	if r.hits["/scoped/@corp%2fserver-github/2025.4.8"] != 1 {
		t.Fatalf("the scope's registry was not asked: %v", r.hits)
	}
	if got := r.auths["/scoped/@corp%2fserver-github/2025.4.8"]; got != "Bearer s3cret" {
		t.Errorf("scope registry auth = %q", got)
	}
	if got := r.auths["/npm/ms/2.1.3"]; got != "" {
		t.Errorf("the public registry got a token: %q", got)
	}
}

// Duplicates are asked once, and the answers keep the order of the queries.
func TestParallelOnce(t *testing.T) {
	r := newRecorded(t)
	c := r.client(t, "")
	var qs []license.Query
	for i := range 40 {
		qs = append(qs, []license.Query{q(vocab.NPM, "ms", "2.1.3"), q(vocab.PyPI, "attrs", "25.3.0")}[i%2])
	}
	got := c.Licenses(context.Background(), qs)
	for i, a := range got {
		if a.Query != qs[i] {
			t.Fatalf("answer %d is for %v, want %v", i, a.Query, qs[i])
		}
	}
	if r.hits["/npm/ms/2.1.3"] != 1 || r.hits["/pypi/attrs/25.3.0/json"] != 1 {
		t.Errorf("hits = %v, want one request each", r.hits)
	}
}

// A cached answer is used without the network and keeps the date it was
// fetched; an image tag's answer expires after a day, a version's never.
func TestCache(t *testing.T) {
	r := newRecorded(t)
	cache := t.TempDir()
	qs := []license.Query{q(vocab.NPM, "ms", "2.1.3"), q(vocab.Container, "postgres", "16"), q(vocab.NPM, "left-pad", "9.9.9")}
	r.client(t, cache).Licenses(context.Background(), qs)
	r.Close()

	later := New(Options{NPM: r.URL + "/npm", Registries: map[string]string{"docker.io": r.URL}, CacheDir: cache,
		Now: func() time.Time { return day.Add(2 * time.Hour) }})
	got := later.Licenses(context.Background(), qs)
	if got[0].Declared != "MIT" || !got[0].Fetched.Equal(day) || got[1].Declared != "PostgreSQL" || got[2].Err != "not found" {
		t.Errorf("from the cache: %+v", got)
	}

	muchLater := New(Options{NPM: r.URL + "/npm", Registries: map[string]string{"docker.io": r.URL}, CacheDir: cache,
		Now: func() time.Time { return day.Add(25 * time.Hour) }})
	got = muchLater.Licenses(context.Background(), qs)
	if got[0].Declared != "MIT" {
		t.Errorf("a version's answer expired: %+v", got[0])
	}
	if got[1].Err == "" || got[2].Err == "not found" {
		t.Errorf("a tag's answer and a not-found must be asked again after a day: %+v / %+v", got[1], got[2])
	}
}

// A registry that does not answer in time is an error on that component,
// not a hung scan.
func TestTimeout(t *testing.T) {
	block := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-block }))
	defer slow.Close()
	defer close(block)
	c := New(Options{NPM: slow.URL, Timeout: 50 * time.Millisecond})
	a := c.Licenses(context.Background(), []license.Query{q(vocab.NPM, "ms", "2.1.3")})[0]
	if a.Err == "" || strings.Contains(a.Err, slow.URL) && strings.Contains(a.Err, "@") {
		t.Errorf("err = %q", a.Err)
	}
}

func TestSettings(t *testing.T) {
	env := map[string]string{"NPM_TOKEN": "tok", "PIP_INDEX_URL": "https://pypi.corp.example/root/pypi/+simple/", "GOPROXY": "https://goproxy.corp.example,https://proxy.golang.org,direct", "GOPRIVATE": "*.corp.example"}
	project := []byte("registry=https://npm.corp.example/\n@mcp:registry=https://mcp.corp.example/npm/\n//npm.corp.example/:_authToken=${NPM_TOKEN}\n")
	user := []byte("; user file\nregistry = https://ignored.example/\n")
	o := Settings(func(k string) string { return env[k] }, [][]byte{user, project}, nil, "")
	if o.NPM != "https://npm.corp.example/" || o.Scopes["@mcp"] != "https://mcp.corp.example/npm/" || o.Tokens["npm.corp.example/"] != "tok" {
		t.Errorf("npm settings = %q %v %v", o.NPM, o.Scopes, o.Tokens)
	}
	if o.PyPI != "https://pypi.corp.example/root/pypi/+simple" {
		t.Errorf("PyPI = %q", o.PyPI)
	}
	if o.GoProxy != "https://goproxy.corp.example" || o.GoPrivate != "*.corp.example" {
		t.Errorf("Go = %q %q", o.GoProxy, o.GoPrivate)
	}

	env = map[string]string{"GOPROXY": "direct"}
	pip := []byte("[global]\nindex-url = https://mirror.example/simple\n[install]\nindex-url = https://no.example/simple\n")
	o = Settings(func(k string) string { return env[k] }, nil, pip, "")
	if o.GoProxy != "" || o.NPM != DefaultNPM || o.PyPI != "https://mirror.example" {
		t.Errorf("defaults: %q %q %q", o.GoProxy, o.NPM, o.PyPI)
	}
	o = Settings(func(string) string { return "" }, nil, nil, "")
	if o.GoProxy != DefaultGoProxy || o.PyPI != DefaultPyPI {
		t.Errorf("unset GOPROXY/pip: %q %q", o.GoProxy, o.PyPI)
	}
}

func TestImageRef(t *testing.T) {
	for _, c := range []struct{ name, version, host, repo, ref string }{
		{"postgres", "16", "docker.io", "library/postgres", "16"},
		{"mcp/github", "", "docker.io", "mcp/github", "latest"},
		{"ghcr.io/github/github-mcp-server", "v1", "ghcr.io", "github/github-mcp-server", "v1"},
		{"localhost:5000/app", "sha256:abc", "localhost:5000", "app", "sha256:abc"},
	} {
		h, r, ref := imageRef(c.name, c.version)
		if h != c.host || r != c.repo || ref != c.ref {
			t.Errorf("imageRef(%q, %q) = %q %q %q", c.name, c.version, h, r, ref)
		}
	}
}
