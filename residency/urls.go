package residency

import (
	"net/url"
	"strconv"
	"strings"
)

// endpointURL is a URL or host[:port] read from the project.
type endpointURL struct {
	raw    string
	scheme string
	host   string // lower case, no port
	port   int
	path   string
}

// parseEndpoint reads s as an endpoint: a URL with a scheme and a host, or
// for values that are hosts by convention (OLLAMA_HOST=0.0.0.0:11434) a
// bare host[:port] when bare is true. Values with placeholders in the host
// (${VAR}, {{ }}) and anything with spaces are not endpoints.
func parseEndpoint(s string, bare bool) (endpointURL, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 2048 || strings.ContainsAny(s, " \t\n\"'<>") {
		return endpointURL{}, false
	}
	if !strings.Contains(s, "://") {
		if !bare {
			return endpointURL{}, false
		}
		s = "http://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		// A password from the environment ("mongodb://app:${MONGO_PASSWORD}@db…")
		// is not valid userinfo; the host after it still is one.
		u, err = url.Parse(withoutUserinfo(s))
	}
	if err != nil || u.Host == "" || u.Opaque != "" {
		return endpointURL{}, false
	}
	host := strings.ToLower(u.Hostname())
	if host == "" || strings.ContainsAny(host, "${}%*") {
		return endpointURL{}, false
	}
	e := endpointURL{raw: s, scheme: strings.ToLower(u.Scheme), host: host, path: u.Path}
	if p := u.Port(); p != "" {
		e.port, _ = strconv.Atoi(p)
	}
	if e.port == 0 {
		switch e.scheme {
		case "http", "ws":
			e.port = 80
		case "https", "wss":
			e.port = 443
		}
	}
	return e, true
}

// withoutUserinfo drops the user and password of a URL.
func withoutUserinfo(s string) string {
	i := strings.Index(s, "://")
	if i < 0 {
		return s
	}
	rest := s[i+3:]
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	if at := strings.LastIndexByte(rest[:end], '@'); at >= 0 {
		return s[:i+3] + rest[at+1:]
	}
	return s
}

// isURLLiteral reports whether a whole string value is a URL: the only
// strings the extractors read as endpoints, so prose and docstrings that
// mention a URL are not endpoints.
func isURLLiteral(s string) bool {
	i := strings.Index(s, "://")
	if i <= 0 || i > 12 {
		return false
	}
	for _, r := range s[:i] {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '+' || r == '.' || r == '-') {
			return false
		}
	}
	return !strings.ContainsAny(s, " \t\n")
}

// isDocsURL is a link to documentation, not an API endpoint.
func isDocsURL(e endpointURL) bool {
	p := strings.ToLower(e.path)
	return strings.HasPrefix(p, "/docs") || strings.HasPrefix(e.host, "docs.") || strings.HasPrefix(e.host, "platform.") && strings.Contains(p, "/docs")
}
