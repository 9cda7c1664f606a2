package hardening

import (
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/host"
	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/secrets"
)

// Privilege is a launch setting that gives a server more than it needs: a
// filesystem server rooted at / or a home directory, a shell command
// line, sudo, rm -rf, a privileged or host-mounted container, a broad
// OAuth scope.
type Privilege struct {
	ID string `json:"id"`
	// Kind is filesystem-root, shell-command, inline-code, pipe-to-shell,
	// sudo, rm-rf, eval, docker-privileged, docker-cap-add,
	// docker-host-mount, docker-socket, docker-host-namespace or
	// broad-scope.
	Kind   string `json:"kind"`
	Server string `json:"server"`
	Client string `json:"client"`
	// Match is what in the launch grants it: the flag, the command, the
	// path, the scope with what it grants.
	Match string `json:"match"`
	Evidence
}

// PrivilegeKinds lists every privilege kind, for the rule table's
// completeness test.
var PrivilegeKinds = []string{"filesystem-root", "shell-command", "inline-code", "pipe-to-shell", "sudo", "rm-rf", "eval",
	"docker-privileged", "docker-cap-add", "docker-host-mount", "docker-socket", "docker-host-namespace", "broad-scope"}

// UnpinnedReasons lists every value of Unpinned.Reason.
var UnpinnedReasons = []string{"no-version", "latest", "range", "ref"}

// Unpinned is a server launched from a package or image that can change
// under the same config: no version, a range, a tag such as latest, a
// branch.
type Unpinned struct {
	ID       string   `json:"id"`
	Server   string   `json:"server"`
	Client   string   `json:"client"`
	Launcher Launcher `json:"launcher"`
	// Reason is no-version, latest, range or ref.
	Reason string `json:"reason"`
	Evidence
}

// TransportFact is a fact about how a server is reached or served.
type TransportFact struct {
	ID string `json:"id"`
	// Kind is deprecated-sse, non-mcp-path, plain-http, token-in-query,
	// no-credentials (a remote server whose entry holds no auth header,
	// bearer variable, OAuth or query token; a client may still run an
	// OAuth flow at connect time), listen-all-interfaces,
	// localhost-protection-off or no-origin-check.
	Kind   string `json:"kind"`
	Server string `json:"server"`
	// Client is empty for a server read from source.
	Client string `json:"client,omitempty"`
	// URL is the server's URL with its secrets redacted
	// (secrets.RedactURL).
	URL string `json:"url,omitempty"`
	// Loopback is set for a URL or address on this machine (host.Loopback:
	// localhost, 127/8, ::1 and the unspecified 0.0.0.0 and ::).
	Loopback bool `json:"loopback,omitempty"`
	// Own is set for a URL on a host the project runs itself that is not
	// this machine (host.Local: a private address, a compose or
	// Kubernetes service, *.internal): no third party's OAuth stands in
	// front of it.
	Own bool `json:"own,omitempty"`
	// Auth is set, for listen-all-interfaces, when the server's file uses
	// an authentication helper.
	Auth bool `json:"auth,omitempty"`
	// Via says where the fact is read: "config" (the entry's transport),
	// "url" (its URL) or "source" (the server's own code).
	Via string `json:"via"`
	// Value is what the fact is about: the endpoint path of non-mcp-path,
	// the query parameter of token-in-query, the address of
	// listen-all-interfaces.
	Value string `json:"value,omitempty"`
	Evidence
}

// Transport fact kinds, the values of TransportFact.Kind.
const (
	DeprecatedSSE          = "deprecated-sse"
	NonMCPPath             = "non-mcp-path"
	PlainHTTP              = "plain-http"
	TokenInQuery           = "token-in-query"
	NoCredentials          = "no-credentials"
	ListenAllInterfaces    = "listen-all-interfaces"
	LocalhostProtectionOff = "localhost-protection-off"
	NoOriginCheck          = "no-origin-check"
)

// TransportKinds lists every transport fact kind, for the rule table's
// completeness test.
var TransportKinds = []string{DeprecatedSSE, NonMCPPath, PlainHTTP, TokenInQuery, NoCredentials,
	ListenAllInterfaces, LocalhostProtectionOff, NoOriginCheck}

func posOr(p, def project.Position) project.Position {
	if p.Line == 0 {
		return def
	}
	return p
}

// argv is a server's command line.
func argv(s Server) []string { return append([]string{s.Command}, s.Args...) }

func argPos(s Server, i int) project.Position {
	if i > 0 && i-1 < len(s.ArgPos) {
		return s.ArgPos[i-1]
	}
	return posOr(s.CommandPos, s.Position)
}

var (
	shells     = map[string]bool{"bash": true, "sh": true, "zsh": true, "dash": true, "ksh": true, "cmd": true, "powershell": true, "pwsh": true}
	shellFlags = map[string]bool{"-c": true, "-lc": true, "-ic": true, "/c": true, "/k": true, "-command": true, "-c:": true, "-encodedcommand": true}
	inlineCode = map[string][]string{"python": {"-c"}, "python3": {"-c"}, "node": {"-e", "--eval", "-p", "--print"}, "deno": {"eval"}, "bun": {"-e", "--eval"}, "ruby": {"-e"}, "perl": {"-e"}}
	pipeShell  = regexp.MustCompile(`(?i)\b(?:curl|wget|iwr|invoke-webrequest)\b[^|;&]*\|\s*(?:sudo\s+)?(?:ba|z|da)?sh\b|\b(?:curl|wget)\b[^|;&]*\|\s*(?:python3?|node|iex|invoke-expression)\b`)
	rmRF       = regexp.MustCompile(`(?i)\brm\s+(?:-[a-z]*r[a-z]*f[a-z]*|-[a-z]*f[a-z]*r[a-z]*|-r\s+-f|-f\s+-r|--recursive\s+--force|--force\s+--recursive)\b`)
	homePath   = regexp.MustCompile(`^(?:~|~/|\$HOME/?|\$\{HOME\}/?|%USERPROFILE%\\?|\$\{userHome\}/?|\$\{env:HOME\}/?|/home/[^/]+/?|/Users/[^/]+/?|/root/?|[A-Za-z]:\\Users\\[^\\]+\\?|[A-Za-z]:\\?)$`)
)

// privileges states what a server's launch line and OAuth settings grant.
func privileges(c Config, s Server) []Privilege {
	var out []Privilege
	add := func(kind, match string, pos project.Position, shown string) {
		p := Privilege{Kind: kind, Server: s.Name, Client: s.Client, Match: match,
			Evidence: Evidence{Position: pos, Excerpt: secrets.Excerpt(shown)}}
		p.ID = factID("privilege", c.File, s.Name, kind, match)
		out = append(out, p)
	}
	words := argv(s)
	line := strings.Join(words, " ")
	if s.Command != "" {
		prog := program(s.Command)
		for i, w := range words[1:] {
			lw := strings.ToLower(w)
			if shells[prog] && shellFlags[lw] && i+2 < len(words) {
				add("shell-command", prog+" "+w, argPos(s, i+1), prog+" "+w+" "+words[i+2])
			}
			if slices.Contains(inlineCode[prog], lw) && i+2 < len(words) {
				add("inline-code", prog+" "+w, argPos(s, i+1), prog+" "+w+" …")
			}
		}
		if m := pipeShell.FindString(line); m != "" {
			add("pipe-to-shell", m, posOr(s.CommandPos, s.Position), m)
		}
		if prog == "sudo" || regexp.MustCompile(`(?:^|[\s;&|])sudo\s`).MatchString(line) {
			add("sudo", "sudo", posOr(s.CommandPos, s.Position), line)
		}
		if m := rmRF.FindString(line); m != "" {
			add("rm-rf", m, posOr(s.CommandPos, s.Position), m)
		}
		if regexp.MustCompile(`(?:^|[\s;&|(])eval\s`).MatchString(line) || prog == "eval" {
			add("eval", "eval", posOr(s.CommandPos, s.Position), line)
		}
		if prog == "docker" || prog == "podman" {
			out = append(out, containerPrivileges(c, s, add)...)
		}
		if isFilesystemServer(s) {
			for i, w := range s.Args {
				if homePath.MatchString(w) || w == "/" || w == "\\" {
					add("filesystem-root", w, argPos(s, i+1), w)
				}
			}
		}
	}
	if s.OAuth != nil {
		for _, scope := range s.OAuth.Scopes {
			if reason, ok := broadScopes[strings.TrimRight(scope, "/")]; ok {
				add("broad-scope", scope+": "+reason, s.Position, scope)
			}
		}
	}
	return out
}

// broadScopes are OAuth scopes that grant a whole service. The MCP
// security best practices name "*", "all" and "full-access" (scope
// minimisation, research/mcp.md §3). The provider scopes, as their
// providers describe them (checked 2026-11-24): Google's drive scope
// "See, edit, create, and delete all of your Google Drive files" (Drive
// API scope constants); https://mail.google.com/ "Read, compose, send,
// and permanently delete all your email from Gmail" (Gmail API
// GmailScopes); GitHub's repo "Grants full access to public, internal,
// and private repositories" (docs.github.com, Scopes for OAuth apps).
var broadScopes = map[string]string{
	"*": "every scope", "all": "every scope", "full-access": "every scope", "full_access": "every scope",
	"https://www.googleapis.com/auth/drive": "all Google Drive files",
	"https://mail.google.com":               "all of Gmail, permanent deletion included",
	"repo":                                  "all repositories, private ones included (GitHub)",
}

// isFilesystemServer reports a server that serves files: its package,
// image or name says filesystem.
func isFilesystemServer(s Server) bool {
	name := strings.ToLower(s.Name)
	if s.Launcher != nil {
		name += " " + strings.ToLower(s.Launcher.Package)
	}
	return strings.Contains(name, "filesystem") || strings.Contains(name, "file-system") || strings.Contains(name, "server-files")
}

// containerPrivileges reads docker/podman run options.
func containerPrivileges(c Config, s Server, add func(kind, detail string, pos project.Position, shown string)) []Privilege {
	args := s.Args
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, val, hasVal := strings.Cut(a, "=")
		next := func() string {
			if hasVal {
				return val
			}
			if i+1 < len(args) {
				i++
				return args[i]
			}
			return ""
		}
		pos := argPos(s, i+1)
		switch name {
		case "--privileged":
			add("docker-privileged", "--privileged", pos, a)
		case "--cap-add":
			v := next()
			add("docker-cap-add", "--cap-add "+v, pos, "--cap-add "+v)
		case "-v", "--volume", "--mount":
			v := next()
			host := v
			if name == "--mount" {
				host = ""
				for _, kv := range strings.Split(v, ",") {
					if k, hv, ok := strings.Cut(kv, "="); ok && (k == "source" || k == "src") {
						host = hv
					}
				}
			} else if h, _, ok := strings.Cut(v, ":"); ok {
				host = h
			}
			switch {
			case strings.HasSuffix(host, "docker.sock"):
				add("docker-socket", v, pos, name+" "+v)
			case host == "/" || homePath.MatchString(host):
				add("docker-host-mount", v, pos, name+" "+v)
			}
		case "--network", "--net", "--pid", "--ipc", "--uts", "--userns":
			if v := next(); v == "host" {
				add("docker-host-namespace", name+" host", pos, name+" host")
			}
		}
	}
	return nil
}

// unpinned states a launcher that does not name one exact version.
func unpinned(c Config, s Server) *Unpinned {
	l := s.Launcher
	if l == nil || l.Pinned {
		return nil
	}
	reason := "range"
	switch {
	case l.Version == "":
		reason = "no-version"
	case l.Version == "latest" || strings.EqualFold(l.Version, "latest"):
		reason = "latest"
	case isGitSource(l.Package) || strings.Contains(l.Package, "://") || strings.Contains(l.Package, "/") && l.Ecosystem == "npm" && !strings.HasPrefix(l.Package, "@"):
		reason = "ref"
	}
	u := &Unpinned{Server: s.Name, Client: s.Client, Launcher: *l, Reason: reason,
		Evidence: Evidence{Position: posOr(l.Position, s.Position), Excerpt: secrets.Excerpt(strings.Join(argv(s), " "))}}
	u.ID = factID("unpinned", c.File, s.Name, l.Package, l.Version)
	return u
}

var (
	// authHeader matches header names that carry credentials.
	authHeader = regexp.MustCompile(`(?i)^(?:authorization|proxy-authorization|cookie|x-api-key|api-key|apikey|x-auth-token|x-access-token|.*-token|.*-api-key|.*-key|.*-secret)$`)
	// tokenParam matches query parameters that carry credentials.
	tokenParam = regexp.MustCompile(`(?i)^(?:token|access_token|accesstoken|id_token|api_key|apikey|api-key|key|auth|authorization|secret|client_secret|password|pass|pwd|sig|signature|jwt|bearer|session|sessionid)$`)
)

// configTransport states how a config reaches a remote server.
func configTransport(c Config, s Server) []TransportFact {
	if s.Serves {
		// A server the project serves through its client (an n8n MCP
		// Server Trigger): on the project's own host, open unless the
		// node names an authentication.
		if s.AuthCredential != "" {
			return nil
		}
		f := TransportFact{Kind: NoCredentials, Server: s.Name, Client: s.Client, Own: true, Via: "config", Value: s.Path,
			Evidence: Evidence{Position: s.Position, Excerpt: s.Name}}
		f.ID = factID("transport", c.File, s.Name, NoCredentials)
		return []TransportFact{f}
	}
	if s.URL == "" || s.Transport == Stdio || s.Transport == "" {
		return nil
	}
	u, err := url.Parse(s.URL)
	if err != nil || u.Host == "" || strings.Contains(u.Host, "${") {
		return nil
	}
	shown := secrets.RedactURL(s.URL)
	lb := host.Loopback(u.Hostname())
	pos := posOr(s.URLPos, s.Position)
	var out []TransportFact
	add := func(kind, via, value string) {
		f := TransportFact{Kind: kind, Server: s.Name, Client: s.Client, URL: shown, Loopback: lb, Own: !lb && host.Local(u.Hostname()), Via: via, Value: value,
			Evidence: Evidence{Position: pos, Excerpt: shown}}
		f.ID = factID("transport", c.File, s.Name, kind)
		out = append(out, f)
	}
	p := strings.TrimRight(u.Path, "/")
	switch {
	case s.Transport == SSE:
		add(DeprecatedSSE, "config", "")
	case strings.HasSuffix(p, "/sse"):
		add(DeprecatedSSE, "url", "")
	case s.Transport == HTTP && !strings.HasSuffix(p, "/mcp") && (u.Scheme == "http" || u.Scheme == "https"):
		add(NonMCPPath, "url", orRoot(u.Path))
	}
	if u.Scheme == "http" && !lb {
		add(PlainHTTP, "url", "")
	}
	queryToken := false
	for k := range u.Query() {
		if tokenParam.MatchString(k) {
			queryToken = true
			add(TokenInQuery, "url", k)
		}
	}
	hasAuth := queryToken || s.BearerTokenEnv != "" || len(s.EnvHeaders) > 0 || s.OAuth != nil || u.User != nil || s.AuthCredential != ""
	for _, h := range s.Headers {
		if authHeader.MatchString(h.Key) {
			hasAuth = true
		}
	}
	if !hasAuth {
		add(NoCredentials, "config", "")
	}
	return out
}

func orRoot(p string) string {
	if p == "" {
		return "/"
	}
	return p
}

// sourceTransport states how a server the project ships is served.
func sourceTransport(s *SourceServer) []TransportFact {
	var out []TransportFact
	add := func(kind, value string, ev Evidence, auth bool) {
		f := TransportFact{Kind: kind, Server: s.Name, Via: "source", Value: value, Evidence: ev, Auth: auth}
		f.ID = factID("transport", s.File, s.Name, kind, ev.Excerpt)
		out = append(out, f)
	}
	served, sse := false, false
	for _, e := range s.Transports {
		switch e.Transport {
		case SSE:
			served = true
			if sse {
				continue // one fact per server; the first place is enough
			}
			sse = true
			add(DeprecatedSSE, "", e.Evidence, false)
		case HTTP:
			served = true
			if e.Path != "" && !strings.HasSuffix(strings.TrimRight(e.Path, "/"), "/mcp") {
				add(NonMCPPath, e.Path, e.Evidence, false)
			}
		}
	}
	for _, l := range s.Listens {
		if l.AllInterfaces {
			add(ListenAllInterfaces, orDefault(l.Address, "no host given"), l.Evidence, len(s.Auth) > 0)
		}
	}
	if s.Language == Go && served {
		if s.LocalhostProtectionOff != nil {
			add(LocalhostProtectionOff, "", *s.LocalhostProtectionOff, false)
		}
		if s.OriginCheck == nil {
			ev := s.Evidence
			for _, e := range s.Transports {
				if e.Transport == HTTP || e.Transport == SSE {
					ev = e.Evidence
					break
				}
			}
			add(NoOriginCheck, "", ev, false)
		}
	}
	return out
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// envFileRefs are the dotenv files a server entry loads: VS Code envFile,
// --env-file options of docker, uv and node.
func envFileRefs(c Config, s Server) []Evidence {
	var out []Evidence
	base := configRoot(c)
	if s.EnvFile != "" {
		out = append(out, Evidence{Position: project.Position{File: resolveRef(base, s.EnvFile)}, Excerpt: s.EnvFile})
	}
	for i, a := range s.Args {
		name, val, ok := strings.Cut(a, "=")
		if name != "--env-file" {
			continue
		}
		if !ok && i+1 < len(s.Args) {
			val = s.Args[i+1]
		}
		if val != "" {
			out = append(out, Evidence{Position: project.Position{File: resolveRef(base, val)}, Excerpt: a})
		}
	}
	return out
}

// configRoot is the directory a config's relative paths start from: the
// workspace that holds .vscode/, .cursor/ …, or the file's directory.
func configRoot(c Config) string {
	dir := path.Dir(c.File)
	for _, d := range []string{".vscode", ".cursor", ".gemini", ".codex", ".windsurf", ".roo", ".kiro/settings", ".claude", ".zed", ".continue", ".continue/mcpServers"} {
		if dir == d {
			return "."
		}
		if strings.HasSuffix(dir, "/"+d) {
			return strings.TrimSuffix(dir, "/"+d)
		}
	}
	return dir
}

// resolveRef resolves a path written in a config against its workspace,
// reading ${workspaceFolder} and friends.
func resolveRef(base, p string) string {
	for _, v := range []string{"${workspaceFolder}", "${workspaceRoot}", "${projectRoot}", "${PWD}", "$PWD", "."} {
		if p == v {
			return base
		}
		if strings.HasPrefix(p, v+"/") {
			p = strings.TrimPrefix(p, v+"/")
			break
		}
	}
	if strings.HasPrefix(p, "/") || strings.HasPrefix(p, "~") || strings.HasPrefix(p, "$") {
		return p
	}
	return path.Join(base, p)
}
