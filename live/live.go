// Package live connects to MCP servers and pins what they answer
// (tools/list and the instructions) with the official Go MCP SDK. It is
// the one package of mcp-comply that starts processes and makes network
// calls, so nothing else links os/exec, net/http or the SDK: it runs only
// when the user asks for it (mcp-comply pin --live).
package live

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/mcp-comply/mcp-comply/hardening"
	"github.com/mcp-comply/mcp-comply/internal/secrets"
)

// Options tune Pin.
type Options struct {
	// Timeout bounds each server (connect and tools/list); default 30s.
	Timeout time.Duration
	// Getenv resolves placeholders (${VAR}, ${env:VAR}, $VAR) in a
	// server's declared env and headers, and PATH; default os.Getenv.
	Getenv func(string) string
	// HTTPClient is the base client for remote servers; default a client
	// with the Timeout.
	HTTPClient *http.Client
	// Transport, when set, replaces the connection to a server (tests use
	// in-memory transports); returning nil uses the normal one.
	Transport func(hardening.Server) mcp.Transport
}

// Pin connects to each server with the official Go MCP SDK and pins what
// it answers: tools/list and the instructions. It STARTS PROCESSES for
// stdio servers (with PATH and the server's declared env only, so the
// caller's secrets do not leak) and makes network requests for remote
// ones, so it runs only when the user asks for it, never from a scan.
// A server that cannot be reached is left out of the lockfile and its
// error joined into the returned error.
func Pin(ctx context.Context, servers []hardening.Server, opts Options) (hardening.Lockfile, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = 30 * time.Second
	}
	if opts.Getenv == nil {
		opts.Getenv = os.Getenv
	}
	var pinned []hardening.LockServer
	var errs []error
	for _, s := range servers {
		if s.Disabled {
			continue
		}
		ls, err := pinServer(ctx, s, opts)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: server %q: %w", s.Position, s.Name, err))
			continue
		}
		pinned = append(pinned, ls)
	}
	return hardening.MergeLocks(hardening.Lockfile{Servers: pinned}), errors.Join(errs...)
}

func pinServer(ctx context.Context, s hardening.Server, opts Options) (hardening.LockServer, error) {
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	var t mcp.Transport
	if opts.Transport != nil {
		t = opts.Transport(s)
	}
	if t == nil {
		var err error
		if t, err = liveTransport(ctx, s, opts); err != nil {
			return hardening.LockServer{}, err
		}
	}
	c := mcp.NewClient(&mcp.Implementation{Name: "mcp-comply", Version: "pin"}, nil)
	cs, err := c.Connect(ctx, t, nil)
	if err != nil {
		return hardening.LockServer{}, fmt.Errorf("connecting: %w", err)
	}
	defer cs.Close()
	ls := hardening.LockServer{Name: s.Name, Source: s.Position.File + "#" + s.Name, Mode: hardening.ModeLive, Tools: []hardening.LockTool{}}
	if res := cs.InitializeResult(); res != nil && res.Instructions != "" {
		ls.Instructions = hardening.InstructionsHash(res.Instructions)
	}
	for tool, err := range cs.Tools(ctx, nil) {
		if err != nil {
			return hardening.LockServer{}, fmt.Errorf("tools/list: %w", err)
		}
		h, err := liveToolHash(tool)
		if err != nil {
			return hardening.LockServer{}, err
		}
		ls.Tools = append(ls.Tools, hardening.LockTool{Name: tool.Name, SHA256: h})
	}
	return ls, nil
}

// liveToolHash hashes the canonical definition of a tool as the server
// sent it (through the SDK's types).
func liveToolHash(t *mcp.Tool) (string, error) {
	b, err := json.Marshal(t)
	if err != nil {
		return "", err
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return "", err
	}
	canon := map[string]any{}
	for _, k := range []string{"name", "title", "description", "inputSchema", "outputSchema", "annotations"} {
		if v, ok := m[k]; ok && v != nil && v != "" {
			canon[k] = v
		}
	}
	return hardening.DefinitionHash(canon), nil
}

// liveTransport builds the transport a client would use for a server.
func liveTransport(ctx context.Context, s hardening.Server, opts Options) (mcp.Transport, error) {
	switch {
	case s.Command != "":
		cmd := exec.CommandContext(ctx, s.Command, s.Args...)
		cmd.Env = liveEnv(s, opts.Getenv)
		cmd.Dir = s.Cwd
		return &mcp.CommandTransport{Command: cmd}, nil
	case s.URL != "":
		base := opts.HTTPClient
		if base == nil {
			base = &http.Client{Timeout: opts.Timeout}
		}
		hc := *base
		hc.Transport = headerTransport{base: base.Transport, headers: liveHeaders(s, opts.Getenv)}
		if s.Transport == hardening.SSE {
			return &mcp.SSEClientTransport{Endpoint: secrets.Expand(s.URL, opts.Getenv), HTTPClient: &hc}, nil
		}
		return &mcp.StreamableClientTransport{Endpoint: secrets.Expand(s.URL, opts.Getenv), HTTPClient: &hc, MaxRetries: -1, DisableStandaloneSSE: true}, nil
	}
	return nil, errors.New("neither a command nor a url")
}

// liveEnv is the environment of a stdio server: PATH, the declared env
// (placeholders resolved) and the names it inherits (Codex env_vars);
// nothing else of the caller's environment.
func liveEnv(s hardening.Server, getenv func(string) string) []string {
	env := []string{"PATH=" + getenv("PATH")}
	for _, e := range s.Env {
		env = append(env, e.Key+"="+secrets.Expand(e.Value, getenv))
	}
	for _, name := range s.EnvVars {
		env = append(env, name+"="+getenv(name))
	}
	return env
}

func liveHeaders(s hardening.Server, getenv func(string) string) http.Header {
	h := http.Header{}
	for _, kv := range s.Headers {
		h.Set(kv.Key, secrets.Expand(kv.Value, getenv))
	}
	for _, kv := range s.EnvHeaders {
		h.Set(kv.Key, getenv(kv.Value))
	}
	if s.BearerTokenEnv != "" {
		h.Set("Authorization", "Bearer "+getenv(s.BearerTokenEnv))
	}
	return h
}

// headerTransport adds a server's headers to each request.
type headerTransport struct {
	base    http.RoundTripper
	headers http.Header
}

func (t headerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	for k, v := range t.headers {
		r.Header[k] = v
	}
	base := t.base
	if base == nil {
		base = http.DefaultTransport
	}
	return base.RoundTrip(r)
}
