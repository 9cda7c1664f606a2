package registry

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"strings"

	"golang.org/x/mod/module"

	"github.com/mcp-comply/mcp-comply/license"
)

// Size limits of what a registry answers.
const (
	maxDocument   = 8 << 20  // a metadata document
	maxModuleZip  = 64 << 20 // a Go module zip (the proxy caps them at 500 MB)
	maxLicenseLen = 1 << 20  // a licence file inside it
)

// npm reads the version document GET {registry}/{name}/{version} (the
// latest version's when the query names none): its "license" (a string
// or, in old packages, {"type": …}) or its old "licenses" array, several
// of which mean a choice.
func (c *Client) npm(ctx context.Context, q license.Query) (license.Answer, error) {
	base := c.opts.NPM
	if scope, _, ok := strings.Cut(q.Name, "/"); ok && strings.HasPrefix(scope, "@") {
		if b, ok := c.opts.Scopes[scope]; ok {
			base = b
		}
	}
	if base == "" {
		base = DefaultNPM
	}
	version := q.Version
	if version == "" {
		version = "latest" // the dist-tag; its answer changes with each release
	}
	u := strings.TrimSuffix(base, "/") + "/" + strings.Replace(q.Name, "/", "%2f", 1) + "/" + url.PathEscape(version)
	return c.cached(u, q.Version == "", func() (license.Answer, error) {
		h := http.Header{"Accept": {"application/json"}}
		if tok := c.npmToken(base); tok != "" {
			h.Set("Authorization", "Bearer "+tok)
		}
		data, _, err := c.get(ctx, u, h, maxDocument)
		if err != nil {
			return license.Answer{URL: shown(u)}, err
		}
		var doc struct {
			License  json.RawMessage   `json:"license"`
			Licenses []json.RawMessage `json:"licenses"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			return license.Answer{URL: shown(u)}, fmt.Errorf("not an npm version document: %v", err)
		}
		a := license.Answer{URL: shown(u)}
		if l := npmLicense(doc.License); l != "" {
			a.Field, a.Declared = "license", l
		} else if len(doc.Licenses) > 0 {
			var names []string
			for _, l := range doc.Licenses {
				if n := npmLicense(l); n != "" {
					names = append(names, n)
				}
			}
			if len(names) > 0 {
				a.Field, a.Declared = "licenses", strings.Join(names, " OR ")
			}
		}
		return a, nil
	})
}

// npmLicense reads a license value: "MIT", or {"type": "MIT", "url": …}.
func npmLicense(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return strings.TrimSpace(s)
	}
	var o struct {
		Type string `json:"type"`
	}
	if json.Unmarshal(raw, &o) == nil {
		return strings.TrimSpace(o.Type)
	}
	return ""
}

// npmToken is the _authToken .npmrc gives for the registry at base
// ("//host/path/:_authToken="), matched by the longest prefix.
func (c *Client) npmToken(base string) string {
	key := strings.TrimPrefix(strings.TrimPrefix(base, "https:"), "http:")
	key = strings.TrimPrefix(key, "//")
	best, tok := -1, ""
	for k, v := range c.opts.Tokens {
		if strings.HasPrefix(key+"/", k) && len(k) > best {
			best, tok = len(k), v
		}
	}
	return tok
}

// pypi reads GET {pypi}/pypi/{name}/{version}/json (/pypi/{name}/json,
// the latest release, when the query names no version): the PEP 639
// license_expression, else the license field (a name, or in some packages
// the whole licence text), and the "License ::" classifiers.
func (c *Client) pypi(ctx context.Context, q license.Query) (license.Answer, error) {
	base := c.opts.PyPI
	if base == "" {
		base = DefaultPyPI
	}
	u := strings.TrimSuffix(base, "/") + "/pypi/" + url.PathEscape(q.Name) + "/json"
	if q.Version != "" {
		u = strings.TrimSuffix(base, "/") + "/pypi/" + url.PathEscape(q.Name) + "/" + url.PathEscape(q.Version) + "/json"
	}
	return c.cached(u, q.Version == "", func() (license.Answer, error) {
		data, _, err := c.get(ctx, u, http.Header{"Accept": {"application/json"}}, maxDocument)
		if err != nil {
			return license.Answer{URL: shown(u)}, err
		}
		var doc struct {
			Info struct {
				License     string   `json:"license"`
				Expression  string   `json:"license_expression"`
				Classifiers []string `json:"classifiers"`
			} `json:"info"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			return license.Answer{URL: shown(u)}, fmt.Errorf("not a PyPI JSON document: %v", err)
		}
		a := license.Answer{URL: shown(u)}
		for _, cl := range doc.Info.Classifiers {
			if strings.HasPrefix(cl, "License ::") {
				a.Classifiers = append(a.Classifiers, cl)
			}
		}
		switch l := strings.TrimSpace(doc.Info.License); {
		case strings.TrimSpace(doc.Info.Expression) != "":
			a.Field, a.Declared = "license_expression", strings.TrimSpace(doc.Info.Expression)
		case strings.Contains(l, "\n") || len(l) > 200:
			a.Text, a.TextFile = []byte(l), "license" // the field holds the text itself
		case l != "":
			a.Field, a.Declared = "license", l
		}
		return a, nil
	})
}

// goModule reads the module zip GET {proxy}/{module}/@v/{version}.zip and
// returns the licence file at its root (LICENSE, LICENCE, COPYING, in
// that order of preference), to be matched like any licence text.
func (c *Client) goModule(ctx context.Context, q license.Query) (license.Answer, error) {
	if c.opts.GoProxy == "" {
		return license.Answer{}, errors.New("no Go module proxy (GOPROXY is off or direct)")
	}
	if module.MatchPrefixPatterns(c.opts.GoPrivate, q.Name) {
		return license.Answer{}, errors.New("private module (GOPRIVATE): not sent to the proxy")
	}
	mod, err := module.EscapePath(q.Name)
	if err != nil {
		return license.Answer{}, err
	}
	ver, err := module.EscapeVersion(q.Version)
	if err != nil {
		return license.Answer{}, err
	}
	u := strings.TrimSuffix(c.opts.GoProxy, "/") + "/" + mod + "/@v/" + ver + ".zip"
	return c.cached(u, false, func() (license.Answer, error) {
		data, _, err := c.get(ctx, u, nil, maxModuleZip)
		if err != nil {
			return license.Answer{URL: shown(u)}, err
		}
		z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return license.Answer{URL: shown(u)}, fmt.Errorf("not a module zip: %v", err)
		}
		prefix := q.Name + "@" + q.Version + "/"
		var best *zip.File
		rank := func(f *zip.File) int {
			name := strings.ToUpper(strings.TrimPrefix(f.Name, prefix))
			for i, p := range []string{"LICENSE", "LICENCE", "COPYING"} {
				if name == p || strings.HasPrefix(name, p+".") {
					return i
				}
			}
			return -1
		}
		for _, f := range z.File {
			if !strings.HasPrefix(f.Name, prefix) || strings.Contains(strings.TrimPrefix(f.Name, prefix), "/") {
				continue
			}
			if r := rank(f); r >= 0 && (best == nil || r < rank(best) || r == rank(best) && f.Name < best.Name) {
				best = f
			}
		}
		a := license.Answer{URL: shown(u)}
		if best == nil {
			return a, nil // a module without a licence file: the answer is that nothing is stated
		}
		rc, err := best.Open()
		if err != nil {
			return a, err
		}
		defer rc.Close()
		text, err := io.ReadAll(io.LimitReader(rc, maxLicenseLen))
		if err != nil {
			return a, err
		}
		a.Text, a.TextFile = text, path.Base(best.Name)
		return a, nil
	})
}
