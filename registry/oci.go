package registry

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/mcp-comply/mcp-comply/license"
)

// licensesLabel is the OCI image-spec annotation (and label) for the
// licence of the image's software, an SPDX expression.
const licensesLabel = "org.opencontainers.image.licenses"

// Media types of the manifests asked for, per the OCI image spec and
// Docker's manifest v2.
var manifestTypes = []string{
	"application/vnd.oci.image.index.v1+json",
	"application/vnd.oci.image.manifest.v1+json",
	"application/vnd.docker.distribution.manifest.list.v2+json",
	"application/vnd.docker.distribution.manifest.v2+json",
}

// image reads an image's licences label through the registry API (OCI
// distribution spec): the manifest of its tag or digest (for an index,
// the linux/amd64 manifest, else the first), then its config blob's
// Labels. Registries that want a token (Docker Hub) get one anonymously
// from the Bearer challenge of their 401.
func (c *Client) image(ctx context.Context, q license.Query) (license.Answer, error) {
	host, repo, ref := imageRef(q.Name, q.Version)
	base, ok := c.opts.Registries[host]
	switch {
	case ok:
	case host == "docker.io":
		base = dockerHub
	default:
		base = "https://" + host
	}
	base = strings.TrimSuffix(base, "/")
	manifestURL := base + "/v2/" + repo + "/manifests/" + ref
	mutable := !strings.HasPrefix(ref, "sha256:")
	return c.cached(manifestURL, mutable, func() (license.Answer, error) {
		a := license.Answer{URL: shown(manifestURL)}
		s := &ociSession{c: c, ctx: ctx}
		var m struct {
			Manifests []struct {
				Digest   string `json:"digest"`
				Platform struct {
					OS           string `json:"os"`
					Architecture string `json:"architecture"`
				} `json:"platform"`
			} `json:"manifests"`
			Config struct {
				Digest string `json:"digest"`
			} `json:"config"`
			Annotations map[string]string `json:"annotations"`
		}
		if err := s.getJSON(manifestURL, strings.Join(manifestTypes, ", "), &m); err != nil {
			return a, err
		}
		if v := m.Annotations[licensesLabel]; v != "" {
			a.Field, a.Declared = licensesLabel, v
			return a, nil
		}
		if len(m.Manifests) > 0 {
			digest := m.Manifests[0].Digest
			for _, e := range m.Manifests {
				if e.Platform.OS == "linux" && e.Platform.Architecture == "amd64" {
					digest = e.Digest
					break
				}
			}
			m.Manifests = nil
			if err := s.getJSON(base+"/v2/"+repo+"/manifests/"+digest, strings.Join(manifestTypes, ", "), &m); err != nil {
				return a, err
			}
			if v := m.Annotations[licensesLabel]; v != "" {
				a.Field, a.Declared = licensesLabel, v
				return a, nil
			}
		}
		if m.Config.Digest == "" {
			return a, errors.New("manifest without a config")
		}
		var cfg struct {
			Config struct {
				Labels map[string]string `json:"Labels"`
			} `json:"config"`
		}
		if err := s.getJSON(base+"/v2/"+repo+"/blobs/"+m.Config.Digest, "application/json", &cfg); err != nil {
			return a, err
		}
		if v := cfg.Config.Labels[licensesLabel]; v != "" {
			a.Field, a.Declared = licensesLabel, v
		}
		return a, nil
	})
}

// imageRef splits an image name and tag or digest the way docker does:
// no registry host means Docker Hub, a one-part Hub name is under
// library/, no tag means latest.
func imageRef(name, version string) (host, repo, ref string) {
	host, repo = "docker.io", name
	if first, rest, ok := strings.Cut(name, "/"); ok && (strings.ContainsAny(first, ".:") || first == "localhost") {
		host, repo = first, rest
	}
	if host == "docker.io" || host == "index.docker.io" {
		host = "docker.io"
		if !strings.Contains(repo, "/") {
			repo = "library/" + repo
		}
	}
	ref = version
	if ref == "" {
		ref = "latest"
	}
	return host, repo, ref
}

// ociSession carries the token one image's requests share.
type ociSession struct {
	c     *Client
	ctx   context.Context
	token string
}

// getJSON GETs u into v, answering a Bearer challenge once.
func (s *ociSession) getJSON(u, accept string, v any) error {
	h := http.Header{"Accept": {accept}}
	if s.token != "" {
		h.Set("Authorization", "Bearer "+s.token)
	}
	data, resp, err := s.c.get(s.ctx, u, h, maxDocument)
	if resp != nil && resp.StatusCode == http.StatusUnauthorized && s.token == "" {
		tok, terr := s.anonymousToken(resp.Header.Get("WWW-Authenticate"))
		if terr != nil {
			return fmt.Errorf("registry asks for authentication: %v", terr)
		}
		s.token = tok
		h.Set("Authorization", "Bearer "+tok)
		data, _, err = s.c.get(s.ctx, u, h, maxDocument)
	}
	if err != nil {
		return err
	}
	return json.Unmarshal(data, v)
}

// anonymousToken asks a Bearer challenge's realm for a pull token
// (Docker's token authentication specification).
func (s *ociSession) anonymousToken(challenge string) (string, error) {
	scheme, params, ok := strings.Cut(challenge, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", errors.New("no Bearer challenge")
	}
	vals := url.Values{}
	var realm string
	for _, p := range splitChallenge(params) {
		k, v, _ := strings.Cut(p, "=")
		v = strings.Trim(v, `"`)
		if k == "realm" {
			realm = v
		} else if k == "service" || k == "scope" {
			vals.Set(k, v)
		}
	}
	if realm == "" {
		return "", errors.New("challenge without a realm")
	}
	sep := "?"
	if strings.Contains(realm, "?") {
		sep = "&"
	}
	data, _, err := s.c.get(s.ctx, realm+sep+vals.Encode(), nil, maxDocument)
	if err != nil {
		return "", err
	}
	var t struct {
		Token       string `json:"token"`
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(data, &t); err != nil {
		return "", err
	}
	if t.Token == "" {
		t.Token = t.AccessToken
	}
	if t.Token == "" {
		return "", errors.New("token endpoint gave no token")
	}
	return t.Token, nil
}

// splitChallenge splits `k="v,w",k2="v"` on the commas outside quotes.
func splitChallenge(s string) []string {
	var out []string
	quoted, start := false, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			quoted = !quoted
		case ',':
			if !quoted {
				out = append(out, strings.TrimSpace(s[start:i]))
				start = i + 1
			}
		}
	}
	return append(out, strings.TrimSpace(s[start:]))
}
