package hardening

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"slices"
)

// LockFileName is the tool-pin lockfile a project commits, named like the
// package managers' lockfiles (package-lock.json) so reviewers know it is
// generated and meant to be committed; research/mcp.md §0.2 suggests it.
const LockFileName = "mcp-lock.json"

// LockVersion is the lockfile format version.
const LockVersion = 1

// Lockfile pins the tool definitions and instructions of MCP servers: a
// SHA-256 per tool over its canonical definition and one over the
// server's instructions. Tool order, parameter order and whitespace do not
// change a hash; any change of text, hidden characters included, does.
type Lockfile struct {
	Version int          `json:"version"`
	Servers []LockServer `json:"servers"`
}

// LockServer is one pinned server.
type LockServer struct {
	Name string `json:"name"`
	// Source is the file that defines the server (static pins) or the
	// config entry it was reached through ("<config file>#<server>", live
	// pins).
	Source string `json:"source"`
	// Mode is "source" (read from code) or "live" (tools/list): the two
	// see a different input schema, so their hashes are not compared.
	Mode         string     `json:"mode"`
	Instructions string     `json:"instructions,omitempty"`
	Tools        []LockTool `json:"tools"`
}

// LockTool is one pinned tool.
type LockTool struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
}

// Lockfile modes.
const (
	ModeSource = "source"
	ModeLive   = "live"
)

// canonicalTool is what a tool's hash covers (ToB mcp-context-protector's
// design, research/mcp.md §0.2): name, title, description, input and output
// schema, annotations.
func canonicalTool(t Tool) map[string]any {
	m := map[string]any{"name": t.Name}
	if t.Title != "" {
		m["title"] = t.Title
	}
	if t.Description != "" {
		m["description"] = t.Description
	}
	if t.InputSchema != nil {
		m["inputSchema"] = t.InputSchema
	} else {
		m["inputSchema"] = paramsSchema(t.Params)
	}
	if t.OutputSchema != nil {
		m["outputSchema"] = t.OutputSchema
	}
	if a := annotationsMap(t.Annotations); len(a) > 0 {
		m["annotations"] = a
	}
	return m
}

// paramsSchema is the JSON Schema the parameters read from source stand
// for.
func paramsSchema(ps []Param) map[string]any {
	props := map[string]any{}
	var required []string
	for _, p := range ps {
		prop := map[string]any{}
		if p.Type != "" {
			prop["type"] = p.Type
		}
		if p.Description != "" {
			prop["description"] = p.Description
		}
		props[p.Name] = prop
		if p.Required {
			required = append(required, p.Name)
		}
	}
	s := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		slices.Sort(required)
		s["required"] = required
	}
	return s
}

func annotationsMap(a Annotations) map[string]any {
	m := map[string]any{}
	if a.Title != "" {
		m["title"] = a.Title
	}
	for k, v := range map[string]*bool{"readOnlyHint": a.ReadOnlyHint, "destructiveHint": a.DestructiveHint,
		"idempotentHint": a.IdempotentHint, "openWorldHint": a.OpenWorldHint} {
		if v != nil {
			m[k] = *v
		}
	}
	return m
}

// canonicalJSON marshals v with sorted object keys, no insignificant
// whitespace and no HTML escaping. Arrays keep their order, except the
// "required" lists of schemas, which are sets.
func canonicalJSON(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(normalize(v))
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// normalize turns a value decoded from JSON (or built here) into maps and
// slices encoding/json sorts, and sorts "required" lists.
func normalize(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			if k == "required" {
				if list, ok := e.([]any); ok {
					strs := make([]string, 0, len(list))
					for _, x := range list {
						if s, ok := x.(string); ok {
							strs = append(strs, s)
						}
					}
					if len(strs) == len(list) {
						slices.Sort(strs)
						out[k] = strs
						continue
					}
				}
			}
			out[k] = normalize(e)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = normalize(e)
		}
		return out
	}
	return v
}

func sha(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Canonical is the tool's canonical definition: name, title,
// description, input schema, output schema and annotations as JSON with
// sorted keys and no insignificant whitespace. Strings are hashed as
// written, without Unicode normalisation, so a hidden character changes
// the hash.
func (t Tool) Canonical() []byte { return canonicalJSON(canonicalTool(t)) }

// ToolHash is the SHA-256 of a tool's canonical definition.
func ToolHash(t Tool) string { return sha(t.Canonical()) }

// DefinitionHash is the SHA-256 of a tool definition given as JSON values
// (what a server answers to tools/list), in the canonical form ToolHash
// uses: live pins hash what the server sent.
func DefinitionHash(def map[string]any) string { return sha(canonicalJSON(def)) }

// InstructionsHash is the SHA-256 of a server's instructions.
func InstructionsHash(s string) string { return sha([]byte(s)) }

// Pin builds the lockfile of the servers read from source.
func Pin(servers []SourceServer) Lockfile {
	l := Lockfile{Version: LockVersion}
	for _, s := range servers {
		ls := LockServer{Name: s.Name, Source: s.File, Mode: ModeSource, Tools: []LockTool{}}
		if s.Instructions != nil && s.Instructions.Text != "" {
			ls.Instructions = InstructionsHash(s.Instructions.Text)
		}
		for _, t := range s.Tools {
			h := t.Hash
			if h == "" {
				h = ToolHash(t)
			}
			ls.Tools = append(ls.Tools, LockTool{Name: t.Name, SHA256: h})
		}
		l.Servers = append(l.Servers, ls)
	}
	l.sort()
	return l
}

// MergeLocks joins lockfiles, such as the pins read from source and
// those fetched live, into one.
func MergeLocks(ls ...Lockfile) Lockfile {
	out := Lockfile{Version: LockVersion}
	for _, l := range ls {
		out.Servers = append(out.Servers, l.Servers...)
	}
	out.sort()
	return out
}

func (l *Lockfile) sort() {
	if l.Servers == nil {
		l.Servers = []LockServer{}
	}
	for i := range l.Servers {
		slices.SortFunc(l.Servers[i].Tools, func(a, b LockTool) int {
			return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.SHA256, b.SHA256))
		})
	}
	slices.SortFunc(l.Servers, func(a, b LockServer) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.Source, b.Source), cmp.Compare(a.Mode, b.Mode))
	})
}

// WriteLock writes a lockfile: sorted, indented, the same bytes for the
// same pins.
func WriteLock(w io.Writer, l Lockfile) error {
	l.Version = LockVersion
	l.sort()
	b, err := json.MarshalIndent(l, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// ReadLock reads a lockfile and checks its shape.
func ReadLock(r io.Reader) (Lockfile, error) {
	var l Lockfile
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&l); err != nil {
		return Lockfile{}, fmt.Errorf("%s: %w (regenerate it with mcp-comply pin)", LockFileName, err)
	}
	if l.Version != LockVersion {
		return Lockfile{}, fmt.Errorf("%s: version %d, expected %d (regenerate it with mcp-comply pin)", LockFileName, l.Version, LockVersion)
	}
	for i, s := range l.Servers {
		if s.Name == "" || (s.Mode != ModeSource && s.Mode != ModeLive) {
			return Lockfile{}, fmt.Errorf("%s: servers[%d]: expected a name and a mode of %q or %q (regenerate it with mcp-comply pin)", LockFileName, i, ModeSource, ModeLive)
		}
		for j, t := range s.Tools {
			if t.Name == "" || len(t.SHA256) != 64 {
				return Lockfile{}, fmt.Errorf("%s: servers[%d].tools[%d]: expected a name and a 64-digit sha256 (regenerate it with mcp-comply pin)", LockFileName, i, j)
			}
		}
	}
	l.sort()
	return l, nil
}

// Drift kinds.
const (
	DriftChanged     = "changed"
	DriftAdded       = "added"
	DriftRemoved     = "removed"
	DriftNotCompared = "not-compared"
)

// Drift is a difference between the committed lockfile and the current
// definitions: a changed, added or removed tool, changed instructions, an
// added or removed server, or a pinned server that could not be compared
// (pinned live, now read from source, or the reverse).
type Drift struct {
	ID     string `json:"id"`
	Kind   string `json:"kind"`
	Server string `json:"server"`
	Source string `json:"source,omitempty"`
	// Tool is empty for the server's instructions or the whole server.
	Tool string `json:"tool,omitempty"`
	// What is "tool", "instructions" or "server".
	What    string `json:"what"`
	Locked  string `json:"locked,omitempty"`
	Current string `json:"current,omitempty"`
	Evidence
}

// DriftBetween compares the committed lockfile with the current pins.
func DriftBetween(lock, current Lockfile) []Drift {
	key := func(s LockServer) string { return s.Name + "\x00" + s.Source }
	cur := map[string]LockServer{}
	for _, s := range current.Servers {
		cur[key(s)] = s
	}
	var out []Drift
	add := func(d Drift) {
		d.ID = factID("drift", d.Kind, d.Server, d.Source, d.What, d.Tool)
		out = append(out, d)
	}
	modes := map[string]bool{}
	for _, s := range current.Servers {
		modes[s.Mode] = true
	}
	locked := map[string]bool{}
	for _, ls := range lock.Servers {
		locked[key(ls)] = true
		cs, ok := cur[key(ls)]
		switch {
		case !ok && !modes[ls.Mode]:
			// Pinned live, read from source now (or the reverse): the
			// current pins cannot speak for it.
			add(Drift{Kind: DriftNotCompared, Server: ls.Name, Source: ls.Source, What: "server", Locked: ls.Mode})
			continue
		case !ok:
			add(Drift{Kind: DriftRemoved, Server: ls.Name, Source: ls.Source, What: "server"})
			continue
		case cs.Mode != ls.Mode:
			add(Drift{Kind: DriftNotCompared, Server: ls.Name, Source: ls.Source, What: "server", Locked: ls.Mode, Current: cs.Mode})
			continue
		}
		if ls.Instructions != cs.Instructions {
			d := Drift{Kind: DriftChanged, Server: ls.Name, Source: ls.Source, What: "instructions", Locked: ls.Instructions, Current: cs.Instructions}
			if ls.Instructions == "" {
				d.Kind = DriftAdded
			} else if cs.Instructions == "" {
				d.Kind = DriftRemoved
			}
			add(d)
		}
		ct := map[string]string{}
		for _, t := range cs.Tools {
			ct[t.Name] = t.SHA256
		}
		lt := map[string]bool{}
		for _, t := range ls.Tools {
			lt[t.Name] = true
			h, ok := ct[t.Name]
			switch {
			case !ok:
				add(Drift{Kind: DriftRemoved, Server: ls.Name, Source: ls.Source, What: "tool", Tool: t.Name, Locked: t.SHA256})
			case h != t.SHA256:
				add(Drift{Kind: DriftChanged, Server: ls.Name, Source: ls.Source, What: "tool", Tool: t.Name, Locked: t.SHA256, Current: h})
			}
		}
		for _, t := range cs.Tools {
			if !lt[t.Name] {
				add(Drift{Kind: DriftAdded, Server: ls.Name, Source: ls.Source, What: "tool", Tool: t.Name, Current: t.SHA256})
			}
		}
	}
	for _, cs := range current.Servers {
		if !locked[key(cs)] {
			add(Drift{Kind: DriftAdded, Server: cs.Name, Source: cs.Source, What: "server"})
		}
	}
	slices.SortFunc(out, func(a, b Drift) int {
		return cmp.Or(cmp.Compare(a.Server, b.Server), cmp.Compare(a.Source, b.Source), cmp.Compare(a.What, b.What),
			cmp.Compare(a.Tool, b.Tool), cmp.Compare(a.Kind, b.Kind))
	})
	return out
}
