package registry

import (
	"bufio"
	"bytes"
	"cmp"
	"os"
	"path/filepath"
	"strings"
)

// Settings reads the registries the user's own tools use, so that a
// private mirror is asked instead of the public registry:
//   - npm: the registry= and @scope:registry= lines and the
//     //host/path/:_authToken= lines of the .npmrc files given (the
//     project's first, then the user's), ${VAR} expanded from getenv; the
//     npm_config_registry variable wins;
//   - PyPI: PIP_INDEX_URL, else index-url in the pip.conf given; a simple
//     index URL (…/simple) is turned into its JSON API base (PyPI and
//     devpi serve /pypi/NAME/VERSION/json beside /simple);
//   - Go: the first proxy of GOPROXY ("off" or "direct" first means none;
//     unset means proxy.golang.org), and GOPRIVATE / GONOPROXY.
//
// cacheDir is where answers are kept ("" for none; UserCache gives the
// default).
func Settings(getenv func(string) string, npmrc [][]byte, pipConf []byte, cacheDir string) Options {
	o := Options{NPM: DefaultNPM, PyPI: DefaultPyPI, CacheDir: cacheDir, Scopes: map[string]string{}, Tokens: map[string]string{}}
	for _, data := range npmrc {
		for k, v := range iniPairs(data, "") {
			v = os.Expand(v, getenv)
			switch {
			case k == "registry":
				o.NPM = v
			case strings.HasPrefix(k, "@") && strings.HasSuffix(k, ":registry"):
				o.Scopes[strings.TrimSuffix(k, ":registry")] = v
			case strings.HasPrefix(k, "//") && strings.HasSuffix(k, ":_authToken"):
				o.Tokens[strings.TrimPrefix(strings.TrimSuffix(k, ":_authToken"), "//")] = v
			}
		}
	}
	if v := getenv("npm_config_registry"); v != "" {
		o.NPM = v
	}
	index := getenv("PIP_INDEX_URL")
	if index == "" {
		g := iniPairs(pipConf, "global")
		index = cmp.Or(g["index-url"], g["index_url"])
	}
	if index != "" {
		o.PyPI = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(index, "/"), "/simple"), "/")
	}
	proxy := getenv("GOPROXY")
	if proxy == "" {
		proxy = DefaultGoProxy
	}
	if first, _, _ := strings.Cut(strings.ReplaceAll(proxy, "|", ","), ","); first != "off" && first != "direct" {
		o.GoProxy = first
	}
	o.GoPrivate = strings.Trim(getenv("GONOPROXY")+","+getenv("GOPRIVATE"), ",")
	return o
}

// UserCache is the default cache directory: mcp-comply/registry in the
// user cache directory ("" when there is none).
func UserCache() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "mcp-comply", "registry")
}

// iniPairs reads key = value lines (.npmrc, pip.conf) of one section ("" is
// the top of the file, before any [section]); comments start with # or ;.
func iniPairs(data []byte, section string) map[string]string {
	out := map[string]string{}
	cur := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || line[0] == '#' || line[0] == ';':
		case line[0] == '[' && strings.HasSuffix(line, "]"):
			cur = strings.TrimSpace(line[1 : len(line)-1])
		case cur == section:
			if k, v, ok := strings.Cut(line, "="); ok {
				out[strings.TrimSpace(k)] = strings.Trim(strings.TrimSpace(v), `"'`)
			}
		}
	}
	return out
}
