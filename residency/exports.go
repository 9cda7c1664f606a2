package residency

import (
	"context"
	"sort"
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/host"
	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/tree"
)

// str is the value of key when it is a string, "" otherwise (a number or
// an object under a name the exports write as a string is not one).
func str(n *tree.Node, key string) string {
	if v := n.Get(key); v != nil && v.Kind == tree.String {
		return v.Text
	}
	return ""
}

// scanExports reads the n8n workflow exports, Flowise chatflow /
// agentflow exports, Langflow flows and Dify DSL exports the index told
// apart among the project's JSON and YAML files.
func (s *Scanner) scanExports(ctx context.Context, idx *project.Index) error {
	err := eachDoc(ctx, idx, func(_ project.File, d *project.Doc) {
		root := d.Root()
		if root == nil {
			return
		}
		flows := []*tree.Node{root}
		if root.Kind == tree.Array {
			flows = root.Items
		}
		for _, flow := range flows {
			nodes := flow.Get("nodes")
			if nodes == nil {
				continue
			}
			if nodes.Kind != tree.Array {
				s.warn(d.Pos(nodes), "export nodes is not a list: skipped")
				continue
			}
			for _, n := range nodes.Items {
				switch {
				case n.Kind != tree.Object:
					continue
				case n.Get("data").Get("inputs") != nil:
					s.flowiseNode(d, n.Get("data"))
				case str(n, "type") != "":
					s.n8nNode(d, n)
				}
			}
		}
	}, project.N8nWorkflow, project.FlowiseFlow)
	if err != nil {
		return err
	}
	err = eachDoc(ctx, idx, func(_ project.File, d *project.Doc) {
		for _, root := range d.Roots {
			s.difyNode(d, root, "", 0)
		}
	}, project.DifyApp)
	if err != nil {
		return err
	}
	return eachDoc(ctx, idx, func(_ project.File, d *project.Doc) {
		root := d.Root()
		flows := []*tree.Node{root}
		if isArray(root) {
			flows = root.Items
		}
		for _, flow := range flows {
			for _, n := range items(flow.Get("data").Get("nodes")) {
				s.langflowNode(d, n.Get("data"))
			}
		}
	}, project.LangflowFlow)
}

// difyNode reads a Dify DSL export: every model a node, the app's model
// configuration, a knowledge base's embedding or reranking model names
// ({provider: langgenius/openai/openai, name: gpt-4o}), and URLs of known
// hosts (HTTP request nodes). Dify keeps the provider credentials (and a
// custom base URL) in its database: the export names the provider only,
// so an endpoint is the provider's default host, as for a Flowise node
// without a base path.
func (s *Scanner) difyNode(d *project.Doc, n *tree.Node, key string, depth int) {
	if n == nil || depth > 64 {
		return
	}
	switch n.Kind {
	case tree.Object:
		for _, pair := range [][2]string{{"provider", "name"}, {"provider", "model"},
			{"reranking_provider_name", "reranking_model_name"}, {"embedding_model_provider", "embedding_model"}} {
			pv := n.Get(pair[0])
			if pv == nil || pv.Kind != tree.String {
				continue
			}
			name := pv.Text[strings.LastIndexByte(pv.Text, '/')+1:]
			if p := s.c.dify[name]; p != nil {
				g := sighting{hint: p, model: str(n, pair[1]), via: "dify", ev: nodeEv(d, pv), uses: []modelName{}}
				if mv := n.Get(pair[1]); mv != nil && mv.Kind == tree.String {
					s.names(&g, mv.Text, "dify", nodeEv(d, mv))
				}
				s.add(g)
			} else if mv := n.Get(pair[1]); mv != nil && mv.Kind == tree.String && difyModelObject(n, key, pair[1]) {
				s.namedBy(nil, name, mv.Text, "", "dify", nodeEv(d, mv))
			}
		}
		// The weights of a hybrid search name an embedding model too.
		if pv, mv := n.Get("embedding_provider_name"), n.Get("embedding_model_name"); pv != nil && pv.Kind == tree.String && mv != nil && mv.Kind == tree.String {
			name := pv.Text[strings.LastIndexByte(pv.Text, '/')+1:]
			s.namedBy(s.c.dify[name], name, mv.Text, "", "dify", nodeEv(d, mv))
		}
		for _, m := range n.Members {
			s.difyNode(d, m.Value, m.Key, depth+1)
		}
	case tree.Array:
		for _, v := range n.Items {
			s.difyNode(d, v, key, depth+1)
		}
	case tree.String:
		s.exportURL(d, n, key, "dify")
	}
}

// difyModelObject reports an object of a Dify export whose provider the
// catalogue does not know that is still a model's: a model name key
// other than "name", or a {provider, name} under a model key or beside a
// model's mode or parameters (a tool's {provider, name} is not one).
func difyModelObject(n *tree.Node, key, nameKey string) bool {
	if nameKey != "name" {
		return true
	}
	return strings.Contains(key, "model") || n.Get("mode") != nil || n.Get("completion_params") != nil || n.Get("model_type") != nil
}

// exportURL reads a string of an export that is a whole URL: an endpoint
// when the catalogue knows its host, and a transport to check.
func (s *Scanner) exportURL(d *project.Doc, n *tree.Node, key, via string) {
	if !isURLLiteral(n.Text) || strings.Contains(n.Text, "{{") {
		return
	}
	u, ok := parseEndpoint(n.Text, false)
	if !ok {
		return
	}
	ev := nodeEv(d, n)
	known := false
	if !host.Local(u.host) {
		if _, known = s.c.matchHost(u.host); known {
			s.add(sighting{url: u, hasURL: true, via: via, ev: ev})
		}
	}
	s.transportURL(u, key, ev, known || serviceKey(key))
}

// langflowURLFields are the template fields of Langflow components that
// hold the endpoint; langflowModelFields the model or deployment.
var (
	langflowURLFields   = []string{"openai_api_base", "base_url", "anthropic_api_url", "azure_endpoint", "mistral_api_base", "groq_api_base", "api_base", "endpoint_url", "url", "api_endpoint"}
	langflowModelFields = []string{"model_name", "model_id", "model", "azure_deployment"}
)

// langflowNode reads one component of a Langflow flow: its type
// ("OpenAIModel"), or for the generic Language Model and Agent components
// the provider they are set to, and the template's base URL, region and
// model values. A component the catalogue does not name still yields the
// URLs of known hosts in its template.
func (s *Scanner) langflowNode(d *project.Doc, data *tree.Node) {
	typ := data.Get("type")
	if typ == nil || typ.Kind != tree.String {
		return
	}
	tmpl := data.Get("node").Get("template")
	value := func(field string) (string, *tree.Node) {
		v := tmpl.Get(field).Get("value")
		if v == nil || v.Kind != tree.String || strings.TrimSpace(v.Text) == "" {
			return "", nil
		}
		return strings.TrimSpace(v.Text), v
	}
	ev := nodeEv(d, typ)
	p := s.c.langflow[typ.Text]
	if p == nil {
		for _, f := range []string{"provider", "agent_llm"} {
			if v, at := value(f); v != "" && s.c.langflow[v] != nil {
				p, ev = s.c.langflow[v], nodeEv(d, at)
				break
			}
		}
	}
	if p == nil {
		for _, m := range members(tmpl) {
			if v := m.Value.Get("value"); v != nil && v.Kind == tree.String {
				s.exportURL(d, v, m.Key, "langflow")
			}
		}
		for _, f := range langflowModelFields {
			if m, at := value(f); m != "" {
				s.namedBy(nil, typ.Text, m, "", "langflow", nodeEv(d, at))
				break
			}
		}
		return
	}
	g := sighting{hint: p, via: "langflow", ev: ev}
	s.nodeURL(&g, d, langflowURLFields, value)
	for _, f := range []string{"region_name", "region", "location"} {
		if r, at := value(f); r != "" {
			g.region = r
			s.addRegion(s.platformOf(p, r), p.ID, r, "langflow "+typ.Text+" "+f, nodeEv(d, at))
			break
		}
	}
	g.uses = []modelName{}
	for _, f := range langflowModelFields {
		if m, at := value(f); m != "" {
			g.model = m
			s.names(&g, m, "langflow", nodeEv(d, at))
			break
		}
	}
	s.add(g)
}

// nodeURL gives g the URL of an export node's provider: the first of the
// node's fields (value reads one) that holds an endpoint URL, its place
// added to g's evidence and its transport checked.
func (s *Scanner) nodeURL(g *sighting, d *project.Doc, fields []string, value func(string) (string, *tree.Node)) {
	for _, f := range fields {
		v, at := value(f)
		if v == "" {
			continue
		}
		if u, ok := parseEndpoint(v, false); ok {
			uev := nodeEv(d, at)
			g.url, g.hasURL = u, true
			g.extra = append(g.extra, uev)
			s.transportURL(u, f, uev, true)
			return
		}
	}
}

// stringsIn lists the string values under n with the key they sit under.
func stringsIn(n *tree.Node, key string, depth int, out *[]keyed) {
	if n == nil || depth > 16 {
		return
	}
	switch n.Kind {
	case tree.String:
		*out = append(*out, keyed{key, n})
	case tree.Object:
		for _, m := range n.Members {
			stringsIn(m.Value, m.Key, depth+1, out)
		}
	case tree.Array:
		for _, v := range n.Items {
			stringsIn(v, key, depth+1, out)
		}
	}
}

type keyed struct {
	key string
	n   *tree.Node
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

// n8nInert are the n8n node types that call nothing: a No Operation node
// passes its input on, a sticky note is a comment. Whatever parameters and
// credentials they carry (a published collection rewrites every node of
// its workflows to a No Operation and keeps them) send no data anywhere.
var n8nInert = map[string]bool{"n8n-nodes-base.noOp": true, "n8n-nodes-base.stickyNote": true}

func (s *Scanner) n8nNode(d *project.Doc, n *tree.Node) {
	typ := n.Get("type")
	if n8nInert[typ.Text] {
		return
	}
	short := typ.Text[strings.LastIndexByte(typ.Text, '.')+1:]
	ev := nodeEv(d, typ)
	p := s.c.n8nNodes[short]
	params := n.Get("parameters")
	var strs []keyed
	stringsIn(params, "", 0, &strs)
	var creds []string
	for _, m := range members(n.Get("credentials")) {
		creds = append(creds, m.Key)
	}
	sort.Strings(creds)
	if p == nil { // an HTTP Request with a predefined credential of a known provider
		if ct := str(params, "nodeCredentialType"); ct != "" && !s.c.n8nShared[ct] {
			p = s.c.n8nCreds[ct]
			creds = []string{ct}
		}
	}
	model := str(params, "model")
	if m := params.Get("model"); isObject(m) {
		model = str(m, "value")
	}
	uses := s.n8nModels(d, params)
	found := false
	for _, kv := range strs {
		u, ok := n8nURL(kv.n.Text)
		if !ok {
			continue
		}
		uev := nodeEv(d, kv.n)
		known := false
		if !host.Local(u.host) {
			_, known = s.c.matchHost(u.host)
		}
		switch {
		case short == "mcpClientTool" || short == "mcpClient":
			if kv.key == "endpointUrl" || kv.key == "sseEndpoint" {
				s.add(sighting{url: u, hasURL: true, mcp: true, via: "n8n", ev: uev})
				found = true
			}
		case p != nil || known:
			s.add(sighting{hint: p, url: u, hasURL: true, model: model, via: "n8n", ev: uev, uses: uses})
			found = true
		}
		s.transportURL(u, kv.key, uev, p != nil || known || short == "mcpClientTool")
	}
	if found {
		return
	}
	if p == nil {
		added := false
		for _, ct := range creds {
			// A shared credential (googleApi on a Google Sheets node) does
			// not make the node an AI endpoint.
			if cp := s.c.n8nCreds[ct]; cp != nil && !s.c.n8nShared[ct] {
				s.add(sighting{hint: cp, cred: ct, model: model, via: "n8n", ev: ev, uses: uses})
				added = true
			}
		}
		if !added {
			for _, u := range uses {
				s.namedBy(nil, short, u.name, "", "n8n", u.ev)
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
	s.add(sighting{hint: p, cred: cred, model: model, via: "n8n", ev: ev, uses: uses})
}

// n8nModelParams are the parameters of n8n nodes that name a model.
var n8nModelParams = []string{"model", "modelId", "modelName"}

// n8nModels are the models an n8n node's parameters name: a string or a
// resource locator ({"__rl": true, "value": "gpt-4o-mini"}); an
// expression ("={{ $json.model }}") is not read. Never nil, so that a
// node's sighting names no model where its parameters name none.
func (s *Scanner) n8nModels(d *project.Doc, params *tree.Node) []modelName {
	uses := []modelName{}
	for _, k := range n8nModelParams {
		v := params.Get(k)
		if isObject(v) {
			v = v.Get("value")
		}
		if v != nil && v.Kind == tree.String {
			if u, ok := s.nameAt(v.Text, "n8n", nodeEv(d, v)); ok {
				uses = append(uses, u)
			}
		}
	}
	return uses
}

// flowiseURLInputs are the inputs of Flowise components that hold the
// endpoint (research §2.3 and the components' source).
var flowiseURLInputs = []string{"basepath", "basePath", "baseUrl", "baseURL", "overrideEndpoint", "endpoint", "qdrantServerUrl", "supabaseProjUrl", "weaviateHost"}

func (s *Scanner) flowiseNode(d *project.Doc, data *tree.Node) {
	name := data.Get("name")
	if name == nil || name.Kind != tree.String {
		return
	}
	inputs := data.Get("inputs")
	s.flowiseComponent(d, name.Text, nodeEv(d, name), inputs)
	// Agentflow v2: {"llmModel": "chatOpenAI", "llmModelConfig": {…}}.
	for _, m := range members(inputs) {
		v := m.Value
		if v.Kind == tree.String && s.c.flowise[v.Text] != nil {
			if cfg := inputs.Get(m.Key + "Config"); isObject(cfg) {
				s.flowiseComponent(d, v.Text, nodeEv(d, v), cfg)
			}
		}
	}
}

func (s *Scanner) flowiseComponent(d *project.Doc, name string, ev Evidence, inputs *tree.Node) {
	p := s.c.flowise[name]
	value := func(k string) (string, *tree.Node) {
		v := inputs.Get(k)
		if v == nil || v.Kind != tree.String || strings.Contains(v.Text, "{{") {
			return "", nil
		}
		return strings.TrimSpace(v.Text), v
	}
	if p == nil {
		if m, at := flowiseModel(value); m != "" {
			s.namedBy(nil, name, m, "", "flowise", nodeEv(d, at))
		}
		var strs []keyed
		stringsIn(inputs, "", 0, &strs)
		for _, kv := range strs {
			if !isURLLiteral(kv.n.Text) {
				continue
			}
			if u, ok := parseEndpoint(kv.n.Text, false); ok && !host.Local(u.host) {
				if _, known := s.c.matchHost(u.host); known {
					s.add(sighting{url: u, hasURL: true, via: "flowise", ev: nodeEv(d, kv.n)})
				}
			}
		}
		return
	}
	g := sighting{hint: p, via: "flowise", ev: ev}
	s.nodeURL(&g, d, flowiseURLInputs, func(k string) (string, *tree.Node) {
		v, at := value(k)
		if k == "weaviateHost" && v != "" && !strings.Contains(v, "://") {
			scheme, _ := value("weaviateScheme")
			if scheme == "" {
				scheme = "https"
			}
			v = scheme + "://" + v
		}
		return v, at
	})
	if r, at := value("region"); r != "" {
		g.region = r
		s.addRegion(s.platformOf(p, r), p.ID, r, "flowise "+name+" region", nodeEv(d, at))
	}
	for _, k := range []string{"model", "modelName", "customModel", "customModelName"} {
		if m, _ := value(k); m != "" {
			g.model = m
			break
		}
	}
	g.uses = []modelName{}
	if m, at := flowiseModel(value); m != "" {
		s.names(&g, m, "flowise", nodeEv(d, at))
	}
	s.add(g)
}

// flowiseModel is the model a Flowise component's inputs name: a custom
// model name overrides the one picked from the list.
func flowiseModel(value func(string) (string, *tree.Node)) (string, *tree.Node) {
	for _, k := range []string{"customModelName", "customModel", "modelName", "model"} {
		if m, at := value(k); m != "" {
			return m, at
		}
	}
	return "", nil
}
