package residency

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"sort"
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/project"
)

// jnode is a JSON value with the byte offset where it starts, so that
// evidence from exports has a line and column.
type jnode struct {
	kind  byte // '{', '[', 's' string, 'v' other scalar
	str   string
	off   int
	keys  []string
	vals  []*jnode // object values (parallel to keys) or array items
	kOffs []int
}

func (n *jnode) get(key string) *jnode {
	if n == nil || n.kind != '{' {
		return nil
	}
	for i, k := range n.keys {
		if k == key {
			return n.vals[i]
		}
	}
	return nil
}

func (n *jnode) text(key string) string {
	if v := n.get(key); v != nil && v.kind == 's' {
		return v.str
	}
	return ""
}

// parseJSON reads a JSON document into jnodes. A syntax error returns the
// offset at fault.
func parseJSON(data []byte) (*jnode, int, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	start := func() int {
		off := int(dec.InputOffset())
		for off < len(data) && strings.IndexByte(" \t\r\n,:", data[off]) >= 0 {
			off++
		}
		return off
	}
	var read func(depth int) (*jnode, error)
	read = func(depth int) (*jnode, error) {
		if depth > 256 {
			return nil, errors.New("nested too deeply")
		}
		off := start()
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case json.Delim:
			n := &jnode{kind: byte(t), off: off}
			for dec.More() {
				if t == '{' {
					koff := start()
					kt, err := dec.Token()
					if err != nil {
						return nil, err
					}
					k, _ := kt.(string)
					n.keys = append(n.keys, k)
					n.kOffs = append(n.kOffs, koff)
				}
				v, err := read(depth + 1)
				if err != nil {
					return nil, err
				}
				n.vals = append(n.vals, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			return n, nil
		case string:
			return &jnode{kind: 's', str: t, off: off}, nil
		default:
			return &jnode{kind: 'v', str: strings.ToLower(jsonScalar(t)), off: off}, nil
		}
	}
	root, err := read(0)
	if err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, int(se.Offset), err
		}
		return nil, int(dec.InputOffset()), err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return root, 0, nil // trailing data: the document itself was read
	}
	return root, 0, nil
}

func jsonScalar(t any) string {
	switch x := t.(type) {
	case json.Number:
		return x.String()
	case bool:
		if x {
			return "true"
		}
		return "false"
	}
	return "null"
}

// scanExports reads n8n workflow exports and Flowise chatflow / agentflow
// exports among the project's JSON files.
func (s *scanner) scanExports(ctx context.Context, idx *project.Index) error {
	for _, f := range idx.Files(project.N8nWorkflow, project.FlowiseFlow) {
		if err := ctx.Err(); err != nil {
			return err
		}
		data, err := project.ReadFile(s.fsys, f.Path, 0)
		if err != nil || !bytes.Contains(data, []byte(`"nodes"`)) {
			continue // not an export: nothing to say about it
		}
		d := newDoc(f.Path, data)
		root, off, err := parseJSON(data)
		if err != nil {
			ev := d.at(min(off, max(len(data)-1, 0)))
			s.warn(ev.Position, "invalid JSON in export: %s; file skipped", strings.TrimPrefix(err.Error(), "json: "))
			continue
		}
		flows := []*jnode{root}
		if root.kind == '[' {
			flows = root.vals
		}
		for _, flow := range flows {
			nodes := flow.get("nodes")
			if nodes == nil {
				continue
			}
			if nodes.kind != '[' {
				s.warn(d.at(nodes.off).Position, "export nodes is not a list: skipped")
				continue
			}
			for _, n := range nodes.vals {
				switch {
				case n.kind != '{':
					continue
				case n.get("data") != nil && n.get("data").get("inputs") != nil:
					s.flowiseNode(d, n.get("data"))
				case n.text("type") != "":
					s.n8nNode(d, n)
				}
			}
		}
	}
	return nil
}

// stringsIn lists the string values under n with the key they sit under.
func stringsIn(n *jnode, key string, depth int, out *[]keyed) {
	if n == nil || depth > 16 {
		return
	}
	switch n.kind {
	case 's':
		*out = append(*out, keyed{key, n})
	case '{':
		for i, k := range n.keys {
			stringsIn(n.vals[i], k, depth+1, out)
		}
	case '[':
		for _, v := range n.vals {
			stringsIn(v, key, depth+1, out)
		}
	}
}

type keyed struct {
	key string
	n   *jnode
}

// n8nURL reads a parameter as a URL: n8n marks expressions with a leading
// "=", which is dropped when the rest is a plain URL.
func n8nURL(v string) (endpointURL, bool) {
	v = strings.TrimPrefix(v, "=")
	if strings.Contains(v, "{{") || !isURLLiteral(v) {
		return endpointURL{}, false
	}
	return parseEndpoint(v, false)
}

func (s *scanner) n8nNode(d *doc, n *jnode) {
	typ := n.get("type")
	short := typ.str[strings.LastIndexByte(typ.str, '.')+1:]
	ev := d.at(typ.off)
	p := s.c.n8nNodes[short]
	params := n.get("parameters")
	var strs []keyed
	stringsIn(params, "", 0, &strs)
	var creds []string
	if c := n.get("credentials"); c != nil {
		creds = append(creds, c.keys...)
	}
	sort.Strings(creds)
	if p == nil { // an HTTP Request with a predefined credential of a known provider
		if ct := params.text("nodeCredentialType"); ct != "" {
			p = s.c.n8nCreds[ct]
			creds = []string{ct}
		}
	}
	model := params.text("model")
	if m := params.get("model"); m != nil && m.kind == '{' {
		model = m.text("value")
	}
	found := false
	for _, kv := range strs {
		u, ok := n8nURL(kv.n.str)
		if !ok {
			continue
		}
		uev := d.at(kv.n.off)
		known := false
		if !isLocalHost(u.host) {
			_, known = s.c.matchHost(u.host)
		}
		switch {
		case short == "mcpClientTool" || short == "mcpClient":
			if kv.key == "endpointUrl" || kv.key == "sseEndpoint" {
				s.add(sighting{url: u, hasURL: true, mcp: true, via: "n8n", ev: uev})
				found = true
			}
		case p != nil || known:
			s.add(sighting{hint: p, url: u, hasURL: true, model: model, via: "n8n", ev: uev})
			found = true
		}
		s.transportURL(u, kv.key, uev, p != nil || known || short == "mcpClientTool")
	}
	if found {
		return
	}
	if p == nil {
		for _, ct := range creds {
			if cp := s.c.n8nCreds[ct]; cp != nil {
				s.add(sighting{hint: cp, cred: ct, model: model, via: "n8n", ev: ev})
			}
		}
		return
	}
	// A provider node without a URL: its credential decides host and region.
	cred := ""
	for _, ct := range creds {
		if s.c.n8nCreds[ct] == p {
			cred = ct
			break
		}
	}
	if cred == "" && len(creds) == 1 {
		cred = creds[0]
	}
	s.add(sighting{hint: p, cred: cred, model: model, via: "n8n", ev: ev})
}

// flowiseURLInputs are the inputs of Flowise components that hold the
// endpoint (research §2.3 and the components' source).
var flowiseURLInputs = []string{"basepath", "basePath", "baseUrl", "baseURL", "overrideEndpoint", "endpoint", "qdrantServerUrl", "supabaseProjUrl", "weaviateHost"}

func (s *scanner) flowiseNode(d *doc, data *jnode) {
	name := data.get("name")
	if name == nil || name.kind != 's' {
		return
	}
	inputs := data.get("inputs")
	s.flowiseComponent(d, name.str, d.at(name.off), inputs)
	// Agentflow v2: {"llmModel": "chatOpenAI", "llmModelConfig": {…}}.
	for i, k := range inputs.keys {
		v := inputs.vals[i]
		if v.kind == 's' && s.c.flowise[v.str] != nil {
			if cfg := inputs.get(k + "Config"); cfg != nil && cfg.kind == '{' {
				s.flowiseComponent(d, v.str, d.at(v.off), cfg)
			}
		}
	}
}

func (s *scanner) flowiseComponent(d *doc, name string, ev Evidence, inputs *jnode) {
	p := s.c.flowise[name]
	value := func(k string) (string, int) {
		v := inputs.get(k)
		if v == nil || v.kind != 's' || strings.Contains(v.str, "{{") {
			return "", 0
		}
		return strings.TrimSpace(v.str), v.off
	}
	if p == nil {
		var strs []keyed
		stringsIn(inputs, "", 0, &strs)
		for _, kv := range strs {
			if !isURLLiteral(kv.n.str) {
				continue
			}
			if u, ok := parseEndpoint(kv.n.str, false); ok && !isLocalHost(u.host) {
				if _, known := s.c.matchHost(u.host); known {
					s.add(sighting{url: u, hasURL: true, via: "flowise", ev: d.at(kv.n.off)})
				}
			}
		}
		return
	}
	g := sighting{hint: p, via: "flowise", ev: ev}
	for _, k := range flowiseURLInputs {
		v, off := value(k)
		if v == "" {
			continue
		}
		if k == "weaviateHost" && !strings.Contains(v, "://") {
			scheme, _ := value("weaviateScheme")
			if scheme == "" {
				scheme = "https"
			}
			v = scheme + "://" + v
		}
		if u, ok := parseEndpoint(v, false); ok {
			g.url, g.hasURL = u, true
			uev := d.at(off)
			g.extra = append(g.extra, uev)
			s.transportURL(u, k, uev, true)
			break
		}
	}
	if r, off := value("region"); r != "" {
		g.region = r
		s.addRegion(s.platformOf(p, r), p.ID, r, "flowise "+name+" region", d.at(off))
	}
	for _, k := range []string{"model", "modelName", "customModel", "customModelName"} {
		if m, _ := value(k); m != "" {
			g.model = m
			break
		}
	}
	s.add(g)
}
