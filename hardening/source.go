package hardening

import (
	"bytes"
	"cmp"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/graph"
	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/secrets"
	"github.com/mcp-comply/mcp-comply/internal/syntax"
)

// Languages of server sources, as syntax.Lang names them.
const (
	Python     = "python"
	TypeScript = "typescript"
	JavaScript = "javascript"
	Go         = "go"
)

// SourceServer is an MCP server defined in the project's own source code:
// its tools, prompts, resources and instructions as the code writes them,
// and how it is served. A server is one SDK server object with what is
// registered on it across the project's files: a Python or JavaScript
// module that registers tools on a server it is passed (or imports)
// joins the server of the file that creates it (pyProject, jsProject);
// two server objects in one file are two servers.
//
// The Python, TypeScript and JavaScript readers work on the tokens of
// package syntax, not on a syntax tree: they find the SDK calls by name
// and read literal arguments, with the module's string constants (and
// Python Enum members, JavaScript object constants) resolved, a
// registered function's docstring read from the module that defines it,
// and helper functions that register a tool named by their parameter
// followed to their calls. A description built at run time (a format
// call, a template literal with a computed ${…}) is kept as written in
// the source. Go sources are read from the syntax tree the index parsed
// (what parsed of a file with a syntax error); constants of the same
// file are resolved.
type SourceServer struct {
	ID string `json:"id"`
	// Name is the name the code gives the server, or the file's base name.
	Name     string `json:"name"`
	Version  string `json:"version,omitempty"`
	Language string `json:"language"`
	Evidence
	Instructions *Text      `json:"instructions,omitempty"`
	Tools        []Tool     `json:"tools,omitempty"`
	Prompts      []Item     `json:"prompts,omitempty"`
	Resources    []Item     `json:"resources,omitempty"`
	Transports   []Endpoint `json:"transports,omitempty"`
	Listens      []Listen   `json:"listens,omitempty"`
	// Auth names the authentication helpers the file uses
	// (RequireBearerToken, requireBearerAuth, token_verifier …); empty
	// when none is seen.
	Auth []string `json:"auth,omitempty"`
	// LocalhostProtectionOff is where a Go server sets
	// DisableLocalhostProtection: true (go-sdk StreamableHTTPOptions or
	// SSEOptions), turning off its DNS-rebinding protection.
	LocalhostProtectionOff *Evidence `json:"localhostProtectionOff,omitempty"`
	// OriginCheck is set when a Go server's file validates Origin: an
	// http.NewCrossOriginProtection wrapper, a CrossOriginProtection
	// option or a read of the Origin header. go-sdk v1.8 does not check
	// Origin by default (docs/mcpgodebug.md).
	OriginCheck *Evidence `json:"originCheck,omitempty"`

	py *pyInfo // for the project pass over Python files
	js *jsInfo // and over JavaScript and TypeScript files
	// rustServing marks a Rust file that only serves a server another file
	// defines (rustProject).
	rustServing bool
}

// Text is a piece of text the model reads, with where it is written.
type Text struct {
	Text string `json:"text"`
	Evidence
}

// Item is a prompt or a resource.
type Item struct {
	Name        string `json:"name"`
	URI         string `json:"uri,omitempty"`
	Description string `json:"description,omitempty"`
	Evidence
}

// Tool is a tool definition read from a server's source (or, in live mode,
// from its tools/list answer).
type Tool struct {
	Server      string  `json:"server"`
	Name        string  `json:"name"`
	Title       string  `json:"title,omitempty"`
	Description string  `json:"description,omitempty"`
	Params      []Param `json:"params,omitempty"`
	// InputSchema and OutputSchema are set in live mode, where the server
	// gives them whole; from source, the input schema is built from Params.
	InputSchema  any         `json:"inputSchema,omitempty"`
	OutputSchema any         `json:"outputSchema,omitempty"`
	Annotations  Annotations `json:"annotations,omitzero"`
	// HintsComputed says the tool's hints are set by code the scanner does
	// not run: a tool class that declares none of its own inherits them
	// from its base class (mongodb-mcp-server's ToolBase derives them from
	// the class's operationType), or a hint's value is an expression
	// (mcp-server-motherduck's "readOnlyHint": read_only). Annotations
	// then say nothing either way about the hints so set.
	HintsComputed bool `json:"hintsComputed,omitempty"`
	// DocSwaps are the texts a Python server assigns to the tool
	// function's __doc__ after registering it (fn.__doc__ = …, often under
	// a condition), in source order: the rug-pull pattern, where the
	// docstring read today is not what the code means the model to read
	// later. Which one the model reads depends on the run (a poisoned swap
	// after the third call, a reset tool that swaps the original back), so
	// each is kept.
	DocSwaps []Text `json:"docSwaps,omitempty"`
	Evidence
	fn string // the Python function registered, for the project pass
	// Hash is the SHA-256 of the tool's canonical definition (see Pin).
	Hash string `json:"hash"`
}

// Param is a tool parameter.
type Param struct {
	Name        string `json:"name"`
	Type        string `json:"type,omitempty"`
	Description string `json:"description,omitempty"`
	Required    bool   `json:"required,omitempty"`
	project.Position
}

// Annotations are a tool's hints. A nil hint is absent, which the MCP
// schema reads as its default: readOnlyHint false, destructiveHint true,
// idempotentHint false, openWorldHint true (schema 2025-11-25
// ToolAnnotations).
type Annotations struct {
	Title           string `json:"title,omitempty"`
	ReadOnlyHint    *bool  `json:"readOnlyHint,omitempty"`
	DestructiveHint *bool  `json:"destructiveHint,omitempty"`
	IdempotentHint  *bool  `json:"idempotentHint,omitempty"`
	OpenWorldHint   *bool  `json:"openWorldHint,omitempty"`
}

// ReadOnly, Destructive and OpenWorld are the hints with the spec's
// defaults applied. destructiveHint means something only when the tool is
// not read-only.
func (a Annotations) ReadOnly() bool { return a.ReadOnlyHint != nil && *a.ReadOnlyHint }
func (a Annotations) Destructive() bool {
	return !a.ReadOnly() && (a.DestructiveHint == nil || *a.DestructiveHint)
}
func (a Annotations) OpenWorld() bool { return a.OpenWorldHint == nil || *a.OpenWorldHint }

// Endpoint is a transport a source server is served over.
type Endpoint struct {
	// Transport is Stdio, HTTP or SSE.
	Transport string `json:"transport"`
	// Path is the HTTP path the code routes to it, when written.
	Path string `json:"path,omitempty"`
	Evidence
}

// Listen is an address a source server listens on.
type Listen struct {
	// Address is as written ("0.0.0.0:8080", ":8080", "127.0.0.1"); empty
	// when the code does not say (Node's listen(port) binds every
	// interface) or computes it.
	Address string `json:"address,omitempty"`
	// AllInterfaces is set for 0.0.0.0, ::, an empty host (host.AllInterfaces)
	// and Node's listen without a host.
	AllInterfaces bool `json:"allInterfaces"`
	// Resolved is false when the address is computed at run time.
	Resolved bool `json:"resolved"`
	Evidence
}

func ptr[T any](v T) *T { return &v }

// mcpMarkers are the strings a file must hold to be read as an MCP server:
// the SDK imports. Everything else is skipped after one byte search. A
// Python file is read whole: its imports, helpers and registrations may
// make another file a server (pyProject).
var mcpMarkers = map[syntax.Lang][]string{
	syntax.TypeScript: {"@modelcontextprotocol/sdk", "McpServer", "mcp-framework", "fastmcp", "toolName", "inputSchema"},
	syntax.JavaScript: {"@modelcontextprotocol/sdk", "McpServer", "mcp-framework", "fastmcp", "toolName", "inputSchema"},
	syntax.Rust:       {"rmcp"},
}

// readSource reads the servers a Python, JavaScript, TypeScript or Rust
// source file defines (a Go file's are read by the project pass, goPackages),
// none when it defines none. A file
// defines one server, or one per server object it creates and registers
// on.
func readSource(f *project.SourceFile) []SourceServer {
	s, _ := readSourceFile(f)
	return s
}

// readSourceFile is readSource with, for a Python file, what the project
// pass keeps of it (nil when the file is not read).
func readSourceFile(f *project.SourceFile) ([]SourceServer, *pyFile) {
	lang := f.Lang()
	found := lang == syntax.Python // read by its imports and calls (readPython)
	for _, m := range mcpMarkers[lang] {
		if bytes.Contains(f.Data, []byte(m)) {
			found = true
			break
		}
	}
	if !found {
		return nil, nil
	}
	var servers []*SourceServer
	var info *pyFile
	switch {
	case f.Code != nil && lang == syntax.Python:
		servers, info = (&code{File: f.Code, src: f}).readPython()
	case f.Code != nil && (lang == syntax.JavaScript || lang == syntax.TypeScript):
		servers = (&code{File: f.Code, src: f}).readJS()
	case f.Code != nil && lang == syntax.Rust:
		servers = (&code{File: f.Code, src: f}).readRust()
	}
	var out []SourceServer
	names := map[string]int{}
	for _, s := range servers {
		s.Language = lang.String()
		if s.Name == "" {
			s.Name = strings.TrimSuffix(path.Base(f.Path), path.Ext(f.Path))
		}
		if s.File == "" {
			s.Position = project.Position{File: f.Path, Line: 1}
		}
		id := s.Name
		if names[s.Name]++; names[s.Name] > 1 {
			id = fmt.Sprintf("%s#%d", s.Name, names[s.Name]) // two servers of one name in one file
		}
		s.ID = factID("server", f.Path, id)
		s.finish()
		out = append(out, *s)
	}
	return out, info
}

// finish names the server on each tool, hashes the tools and sorts.
func (s *SourceServer) finish() {
	s.own()
	for i := range s.Tools {
		t := &s.Tools[i]
		t.Server = s.Name
		t.Description = cleanDoc(t.Description)
		for j := range t.DocSwaps {
			t.DocSwaps[j].Text = cleanDoc(t.DocSwaps[j].Text)
		}
		t.Hash = ToolHash(*t)
	}
	if s.Instructions != nil {
		s.Instructions.Excerpt = secrets.Excerpt(s.Instructions.Text)
	}
	slices.SortStableFunc(s.Tools, func(a, b Tool) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.Line, b.Line)) })
	byName := func(a, b Item) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.Line, b.Line)) }
	slices.SortStableFunc(s.Prompts, byName)
	slices.SortStableFunc(s.Resources, byName)
	slices.SortStableFunc(s.Transports, func(a, b Endpoint) int { return cmp.Compare(a.Line, b.Line) })
	slices.SortStableFunc(s.Listens, func(a, b Listen) int { return cmp.Compare(a.Line, b.Line) })
	slices.Sort(s.Auth)
	s.Auth = slices.Compact(s.Auth)
}

// own copies the texts the server keeps out of its file: the tokens'
// texts are slices of the whole source, which the index drops after its
// pass over the source unless a fact holds on to it.
func (s *SourceServer) own() {
	c := strings.Clone
	s.Name, s.Version = c(s.Name), c(s.Version)
	if s.Instructions != nil {
		s.Instructions.Text = c(s.Instructions.Text)
	}
	for i := range s.Tools {
		t := &s.Tools[i]
		t.Name, t.Title, t.Description, t.Annotations.Title = c(t.Name), c(t.Title), c(t.Description), c(t.Annotations.Title)
		t.DocSwaps = slices.Clone(t.DocSwaps)
		for j := range t.DocSwaps {
			t.DocSwaps[j].Text = c(t.DocSwaps[j].Text)
		}
		for j := range t.Params {
			p := &t.Params[j]
			p.Name, p.Type, p.Description = c(p.Name), c(p.Type), c(p.Description)
		}
	}
	for _, items := range [][]Item{s.Prompts, s.Resources} {
		for i := range items {
			items[i].Name, items[i].URI, items[i].Description = c(items[i].Name), c(items[i].URI), c(items[i].Description)
		}
	}
	for i := range s.Transports {
		s.Transports[i].Path = c(s.Transports[i].Path)
	}
	for i := range s.Listens {
		s.Listens[i].Address = c(s.Listens[i].Address)
	}
	for i := range s.Auth {
		s.Auth[i] = c(s.Auth[i])
	}
}

// cleanDoc removes the common indentation of a docstring and its blank
// first and last lines, as Python's inspect.cleandoc does.
func cleanDoc(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	indent := -1
	for _, l := range lines[1:] {
		if t := strings.TrimLeft(l, " \t"); t != "" {
			if n := len(l) - len(t); indent < 0 || n < indent {
				indent = n
			}
		}
	}
	lines[0] = strings.TrimLeft(lines[0], " \t")
	for i := 1; i < len(lines); i++ {
		if indent > 0 && len(lines[i]) >= indent {
			lines[i] = lines[i][indent:]
		} else {
			lines[i] = strings.TrimLeft(lines[i], " \t")
		}
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// jsonType maps a source type name to a JSON Schema type.
func jsonType(t string) string {
	t = strings.TrimSpace(t)
	if i := strings.IndexAny(t, "[<|"); i > 0 {
		t = strings.TrimSpace(t[:i])
	}
	switch strings.ToLower(t) {
	case "str", "string":
		return "string"
	case "int", "integer", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64":
		return "integer"
	case "float", "float32", "float64", "number", "decimal":
		return "number"
	case "bool", "boolean":
		return "boolean"
	case "list", "tuple", "set", "array", "sequence":
		return "array"
	case "dict", "object", "mapping", "record", "map":
		return "object"
	}
	return t
}

// serverObjects finds the files that create server objects (the servers
// named reports): each such file's first server object, the files sorted,
// and the files each reaches through edges (the imports among the
// project's modules), itself included. A project pass joins a module's
// anonymous server into the server object of a file that reaches it.
func serverObjects(servers []SourceServer, edges map[string][]string, named func(*SourceServer) bool) (objects map[string]int, files []string, reached map[string]map[string]bool) {
	objects = map[string]int{}
	for k := range servers {
		if s := &servers[k]; named(s) {
			if _, ok := objects[s.File]; !ok {
				objects[s.File] = k
				files = append(files, s.File)
			}
		}
	}
	slices.Sort(files)
	reached = map[string]map[string]bool{}
	for _, f := range files {
		reached[f] = map[string]bool{}
		graph.Mark(edges, reached[f], f)
	}
	return objects, files, reached
}

// besideReach finds, for each server file, the modules that the modules
// importing it reach: the server of a factory module (createServer.ts
// returns new Server(…)) is made by the module that calls the factory,
// and the handler modules that module imports too register on it
// (shadcn-ui-mcp-server's server/index.ts imports createServer.ts and
// handler.ts). A project pass joins an anonymous server by it only when
// no server file reaches it directly.
func besideReach(files []string, edges map[string][]string) map[string]map[string]bool {
	isServer := map[string]bool{}
	for _, f := range files {
		isServer[f] = true
	}
	importers := map[string][]string{}
	for p, ms := range edges {
		for _, m := range ms {
			if isServer[m] && m != p {
				importers[m] = append(importers[m], p)
			}
		}
	}
	out := map[string]map[string]bool{}
	for _, f := range files {
		slices.Sort(importers[f])
		out[f] = map[string]bool{}
		graph.Mark(edges, out[f], importers[f]...)
	}
	return out
}

// nearest is the file of files whose set in holds file, the one sharing
// the most directories with it; "" when none does.
func nearest(files []string, in map[string]map[string]bool, file string) string {
	best, bestScore := "", -1
	for _, f := range files {
		if score := commonDirs(f, file); in[f][file] && score > bestScore {
			best, bestScore = f, score
		}
	}
	return best
}

// rename names the server and its tools' server; its id stays.
func (s *SourceServer) rename(name string) {
	s.Name = name
	for i := range s.Tools {
		s.Tools[i].Server = name
	}
}

// absorb adds what a server joined into s registers: its tools, prompts,
// resources and auth helpers (settleJoined puts them in order).
func (s *SourceServer) absorb(sub *SourceServer) {
	s.Tools = append(s.Tools, sub.Tools...)
	s.Prompts = append(s.Prompts, sub.Prompts...)
	s.Resources = append(s.Resources, sub.Resources...)
	s.Auth = append(s.Auth, sub.Auth...)
}

// prefix names the tools and prompts of a server mounted with a prefix
// as their parent's clients see them: prefix_name (FastMCP's mount
// namespace). Resources keep their URIs.
func (s *SourceServer) prefix(p string) {
	if p == "" {
		return
	}
	for i := range s.Tools {
		s.Tools[i].Name = p + "_" + s.Tools[i].Name
	}
	for i := range s.Prompts {
		s.Prompts[i].Name = p + "_" + s.Prompts[i].Name
	}
}

// settleJoined puts a server that a project pass joined from several
// modules in order: every tool names the server, tools, prompts and
// resources sorted by name then place, each auth helper once.
func (s *SourceServer) settleJoined() {
	for i := range s.Tools {
		s.Tools[i].Server = s.Name
	}
	slices.SortStableFunc(s.Tools, func(a, b Tool) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line))
	})
	byName := func(a, b Item) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line))
	}
	slices.SortStableFunc(s.Prompts, byName)
	slices.SortStableFunc(s.Resources, byName)
	slices.Sort(s.Auth)
	s.Auth = slices.Compact(s.Auth)
}
