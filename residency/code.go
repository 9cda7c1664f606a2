package residency

import (
	"slices"
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/host"
	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/syntax"
)

// Argument names, compared without case and underscores: "base_url",
// "baseURL" and "BaseURL" are one name.
var (
	urlArgs = set("baseurl", "apibase", "openaiapibase", "azureendpoint", "endpoint", "basepath",
		"host", "serverurl", "url", "apiurl", "anthropicbaseurl", "baseapiurl", "openaibaseurl")
	regionArgs = set("region", "regionname", "location", "awsregion", "awsregionname", "vertexlocation")
	modelArgs  = set("model", "modelid", "modelname", "model_id", "deploymentname", "azuredeployment")
	// baseURLArgs name an API base URL outside a known constructor; a
	// local URL under one of these names is a self-hosted endpoint.
	baseURLArgs = set("baseurl", "apibase", "openaiapibase", "basepath", "llmbaseurl", "inferenceurl")
	// configCalls set a region for every client of the platform.
	configCalls = set("session", "loaddefaultconfig", "update", "config", "newsession")
)

func set(xs ...string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}

var normReplacer = strings.NewReplacer("_", "", "-", "")

func norm(k string) string {
	return strings.ToLower(normReplacer.Replace(k))
}

// cryptoKeys are the keys of key/value pairs the crypto rules read,
// normalised.
var cryptoKeys = set("verify", "checkhostname", "rejectunauthorized", "insecureskipverify", "minversion", "sslversion",
	"nodetlsrejectunauthorized")

// cryptoKey reports a key in cryptoKeys. The length of the normalised key
// is counted first, without building it: most keys of a file are not one.
func cryptoKey(k string) bool {
	n := 0
	for i := 0; i < len(k); i++ {
		if k[i] != '_' && k[i] != '-' {
			n++
		}
	}
	switch n {
	case 6, 10, 13, 18, 25:
		return cryptoKeys[norm(k)]
	}
	return false
}

// The facts read from one source file, the same for every language: the
// Go reader (goast.go) and the token reader (tokens.go) each fill them,
// the rules below read them.

// argVal is a value written in the source: a string (str) — a literal or
// what Str makes of a constant expression — or the text of an identifier,
// keyword or number.
type argVal struct {
	text string
	str  bool
	off  int
	// expr is 1 + the token where the argument this value starts begins,
	// when the whole argument may be a string constant expression (a
	// constant's name, literals joined, a template): codeFacts.resolve
	// reads it then. 0 when the value is final.
	expr int
}

// callSite is a call with the literal arguments written in it. Keyword
// arguments, object-literal keys and Go struct fields inside the call's
// parentheses are flattened into args, in the order written (the first
// of a key wins).
type callSite struct {
	name string
	off  int
	args []kvPair
	pos  []argVal
}

// lazy reports a call with a value resolve may settle.
func (cs *callSite) lazy() bool {
	for _, a := range cs.args {
		if a.val.expr != 0 {
			return true
		}
	}
	for _, v := range cs.pos {
		if v.expr != 0 {
			return true
		}
	}
	return false
}

// setArg adds an argument unless the call has one of that key.
func (cs *callSite) setArg(key string, v argVal) {
	for _, a := range cs.args {
		if a.key == key {
			return
		}
	}
	cs.args = append(cs.args, kvPair{key: key, val: v})
}

// strLit is a string literal, the key it is assigned to (keyword, object
// key, variable) and the innermost call it is an argument of (-1: none).
type strLit struct {
	value string
	off   int
	key   string
	call  int
}

// kvPair is a key: value or key=value written in the file, whatever it is
// inside of (TLS options objects, keyword arguments), or an argument of a
// call.
type kvPair struct {
	key string
	val argVal
}

// codeFacts is what one pass over a source file yields.
type codeFacts struct {
	// code is the token file the facts come from, for resolve; nil for Go,
	// whose values are final.
	code   *syntax.File
	calls  []callSite
	strs   []strLit // the literals that are URLs or Bedrock model ids
	kvs    []kvPair // the pairs whose key a crypto rule reads
	idents []argVal // identifiers the crypto rules ask about
	// tlsConfigs are Go tls.Config literals and whether they set MinVersion.
	tlsConfigs []tlsConfig
}

// reset empties the facts for the next file and keeps their memory: the
// facts of a file never outlive its visit.
func (cf *codeFacts) reset() {
	cf.code = nil
	cf.calls, cf.strs, cf.kvs, cf.idents, cf.tlsConfigs = cf.calls[:0], cf.strs[:0], cf.kvs[:0], cf.idents[:0], cf.tlsConfigs[:0]
}

// resolve settles the arguments of call i that may be string constant
// expressions (argVal.expr): an argument that syntax.File.Str reads as a
// string takes that value, where the argument starts. Only the calls a
// rule reads are resolved: Str reads the module's constants, which most
// files never need.
func (cf *codeFacts) resolve(i int) {
	cs := &cf.calls[i]
	for k := range cs.args {
		cf.resolveVal(&cs.args[k].val)
	}
	for k := range cs.pos {
		cf.resolveVal(&cs.pos[k])
	}
}

func (cf *codeFacts) resolveVal(v *argVal) {
	if v.expr == 0 || cf.code == nil {
		return
	}
	start := v.expr - 1
	v.expr = 0
	if s, off, ok := cf.code.Str(start, argEnd(cf.code, start)); ok {
		*v = argVal{text: s, str: true, off: off}
	}
}

// addCall appends a call, reusing the argument lists of the call that
// held its place in an earlier file; it returns the call's index.
func (cf *codeFacts) addCall(name string, off int) int {
	n := len(cf.calls)
	if n < cap(cf.calls) {
		cf.calls = cf.calls[:n+1]
		cs := &cf.calls[n]
		*cs = callSite{name: name, off: off, args: cs.args[:0], pos: cs.pos[:0]}
		return n
	}
	cf.calls = append(cf.calls, callSite{name: name, off: off})
	return n
}

type tlsConfig struct {
	off        int
	minVersion bool
}

// watched reports the identifiers read as facts wherever they appear.
func watched(name string) bool {
	switch name {
	case "MODE_ECB", "ECB", "_create_unverified_context", "CERT_NONE",
		"PROTOCOL_TLSv1", "PROTOCOL_TLSv1_1", "PROTOCOL_SSLv3", "PROTOCOL_SSLv23":
		return true
	}
	return false
}

// addStr records a string literal when a rule can read it: a URL, a
// Bedrock model id, a "provider:model" id or a model key's value (see
// Scanner.code).
func (cf *codeFacts) addStr(l strLit) {
	if strings.Contains(l.value, "://") || isBedrockModel(l.value) || isCodeModelKey(l.key) || qualified(l.value) {
		cf.strs = append(cf.strs, l)
	}
}

// addKV records a key/value pair when a rule reads its key (cryptoKeys).
func (cf *codeFacts) addKV(key string, v argVal) {
	if cryptoKey(key) {
		cf.kvs = append(cf.kvs, kvPair{key: key, val: v})
	}
}

// Source reads one source file of the index's pass (idx.EachSource): its
// calls and strings become sightings, region settings and crypto
// settings.
func (s *Scanner) Source(f *project.SourceFile) {
	cf := &s.facts
	cf.reset()
	switch {
	case f.Go != nil:
		goFacts(f.Go, cf)
	case f.Code != nil:
		tokenFacts(f.Code, cf)
	default:
		return
	}
	// The sightings of source go after the other files' (see fromSource).
	others := s.sightings
	s.sightings = s.fromSource
	s.inTest = f.Test
	s.code(f, *cf)
	s.inTest = false
	s.fromSource, s.sightings = s.sightings, others
}

// code turns one file's calls and strings into sightings, region settings
// and crypto settings.
func (s *Scanner) code(f *project.SourceFile, cf codeFacts) {
	evAt := func(off int) Evidence { return lineEvidence(f.Pos(off), f) }
	consumed := map[int]bool{} // string offsets read as a constructor's URL
	for i := range cf.calls {
		if cf.calls[i].lazy() && s.readsCall(&cf.calls[i]) {
			cf.resolve(i)
		}
	}
	// Models named in a constructor ride on its sighting; the others are
	// named alone, once per place (a literal is both a call's argument
	// and a string of the file).
	modelAt := map[int]bool{}
	// A "provider:model" id names its provider wherever it is written,
	// init_chat_model's argument or a settings default.
	for _, lit := range cf.strs {
		if p, model, ok := s.qualifiedModel(lit.value); ok && !f.Test {
			modelAt[lit.off] = true
			s.add(sighting{hint: p, model: model, via: "source", ev: evAt(lit.off)})
		}
	}
	for _, cs := range cf.calls {
		if p, ok := s.matchCall(cs); ok {
			s.constructor(evAt, cs, p, consumed, modelAt)
			continue
		}
		s.regionCall(evAt, cs)
		if !f.Test {
			s.callModels(evAt, cs, modelAt)
		}
	}
	for _, lit := range cf.strs {
		if isBedrockModel(lit.value) {
			g := sighting{hint: s.c.byID["bedrock"], model: lit.value, via: "source", ev: evAt(lit.off)}
			if f.Test {
				g.uses = []modelName{} // a test's model id is not one the product uses
			}
			s.add(g)
			modelAt[lit.off] = true
			continue
		}
		if isCodeModelKey(lit.key) && !modelAt[lit.off] && !f.Test {
			modelAt[lit.off] = true
			if u, ok := s.nameAt(lit.value, "source", evAt(lit.off)); ok {
				hint := s.modelHint(cf, lit.call)
				u.near = hint == nil && lit.call >= 0 && strings.Contains(cf.calls[lit.call].name, ".")
				s.alone(modelAlone{modelName: u, hint: hint})
			}
			continue
		}
		if consumed[lit.off] || !isURLLiteral(lit.value) {
			continue
		}
		u, ok := parseEndpoint(lit.value, false)
		if !ok {
			continue
		}
		key := lit.key
		if key == "" && lit.call >= 0 {
			key = envReadName(cf.calls[lit.call])
		}
		hint := s.c.keyHint(key)
		var ev *Evidence // built when something is reported: most URLs in code are links
		evOf := func() Evidence {
			if ev == nil {
				e := evAt(lit.off)
				ev = &e
			}
			return *ev
		}
		switch {
		case !host.Local(u.host):
			if _, known := s.c.matchHost(u.host); known || hint != nil {
				s.add(sighting{hint: hint, url: u, hasURL: true, via: "source", ev: evOf()})
				s.transportURL(u, key, evOf(), true)
				continue
			}
		default:
			if hint == nil {
				hint = localHintFromName(s.c, key)
			}
			if hint != nil || u.port == 11434 || baseURLArgs[norm(key)] {
				s.add(sighting{hint: hint, url: u, hasURL: true, via: "source", ev: evOf()})
			}
		}
		if u.scheme != "http" && u.scheme != "https" { // the plain-HTTP check is for API endpoints only
			s.transportURL(u, key, evOf(), false)
		}
	}
	s.cryptoRules(evAt, cf, f.Lang(), f.Data, f.LineText)
}

// readsCall reports a call some rule reads the values of: a provider
// constructor's name (the catalogue's code rules), a crypto call, an
// environment read, or a call with a region argument.
func (s *Scanner) readsCall(cs *callSite) bool {
	last := cs.name[strings.LastIndexByte(cs.name, '.')+1:]
	if len(s.c.code[last]) > 0 || cryptoCallLast[last] || envReader(last) {
		return true
	}
	if _, ok := modelCall(cs.name); ok {
		return true
	}
	for _, a := range cs.args {
		if regionArgs[norm(a.key)] || isCodeModelKey(a.key) {
			return true
		}
	}
	return false
}

func envReader(last string) bool {
	switch strings.ToLower(last) {
	case "getenv", "get", "lookupenv":
		return true
	}
	return false
}

// envReadName is the variable a call reads with a default:
// os.getenv("OPENAI_BASE_URL", "https://…") gives OPENAI_BASE_URL.
func envReadName(cs callSite) string {
	if envReader(cs.name[strings.LastIndexByte(cs.name, '.')+1:]) && len(cs.pos) > 0 && cs.pos[0].str {
		return cs.pos[0].text
	}
	return ""
}

// keyHint is the provider a variable or argument name points at
// (OPENAI_BASE_URL → openai).
func (c *Catalogue) keyHint(key string) *Provider {
	for _, r := range c.envIndex[key] {
		if r.role == "url" {
			return r.p
		}
	}
	return nil
}

// matchCall finds the provider constructor a call is. Rules with an Arg or
// When condition are tried before plain names.
func (s *Scanner) matchCall(cs callSite) (*Provider, bool) {
	if cs.name == "" {
		return nil, false
	}
	last := cs.name[strings.LastIndexByte(cs.name, '.')+1:]
	refs := s.c.code[last]
	if len(refs) == 0 {
		return nil, false
	}
	ordered := slices.Clone(refs)
	slices.SortStableFunc(ordered, func(a, b callRef) int {
		return boolInt(a.rule.Arg == "" && len(a.rule.When) == 0) - boolInt(b.rule.Arg == "" && len(b.rule.When) == 0)
	})
	for _, r := range ordered {
		if !nameMatches(cs.name, r.rule.Name) {
			continue
		}
		if r.rule.Arg != "" {
			first := ""
			if len(cs.pos) > 0 && cs.pos[0].str {
				first = cs.pos[0].text
			} else if v, ok := argNamed(cs, "service_name"); ok {
				first = v.text
			}
			if first != r.rule.Arg {
				continue
			}
		}
		if !whenHolds(cs, r.rule.When) {
			continue
		}
		return r.p, true
	}
	return nil, false
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// nameMatches: the rule's segments are the trailing segments of the call.
func nameMatches(call, rule string) bool {
	return call == rule || strings.HasSuffix(call, "."+rule)
}

func whenHolds(cs callSite, when []string) bool {
	for _, w := range when {
		key, want, hasWant := strings.Cut(w, "=")
		v, ok := argNamed(cs, key)
		if !ok {
			return false
		}
		if hasWant {
			if !strings.HasSuffix(v.text, want) {
				return false
			}
			continue
		}
		switch strings.ToLower(v.text) {
		case "false", "0", "none", "null", "undefined":
			return false
		}
	}
	return true
}

// argNamed finds an argument by normalised name.
func argNamed(cs callSite, name string) (argVal, bool) {
	want := norm(name)
	for _, a := range cs.args {
		if norm(a.key) == want {
			return a.val, true
		}
	}
	return argVal{}, false
}

// callModels names the models of a call that is not a provider
// constructor: a model argument (model="gpt-4o-mini" in a request), the
// first argument of a model call (modelCalls), the default of a model
// variable read from the environment (os.getenv("OPENAI_MODEL", "gpt-4o")).
func (s *Scanner) callModels(evAt func(int) Evidence, cs callSite, modelAt map[int]bool) {
	name := func(hint *Provider, v argVal, near bool) {
		if !v.str || modelAt[v.off] {
			return
		}
		modelAt[v.off] = true
		if u, ok := s.nameAt(v.text, "source", evAt(v.off)); ok {
			u.near = near && hint == nil
			s.alone(modelAlone{modelName: u, hint: hint})
		}
	}
	hint := s.callProvider(cs)
	// A method's model argument (client.chat.completions.create) is a
	// request to the client written just before it.
	method := strings.Contains(cs.name, ".")
	for _, a := range cs.args {
		if isCodeModelKey(a.key) {
			name(hint, a.val, method)
		}
	}
	if id, ok := modelCall(cs.name); ok && len(cs.pos) > 0 {
		// GenerativeModel("gemini-…") is a model of the Google client
		// written just before it, Vertex's or the Gemini API's.
		name(s.c.byID[id], cs.pos[0], id == "")
	}
	if v := envReadName(cs); v != "" && isModelVar(v) && len(cs.pos) > 1 {
		name(s.c.modelVarProvider(v), cs.pos[1], false)
	}
}

// callProvider is the provider a call's name shows: ollama.chat(…) is
// Ollama's (the ollama packages' module functions). nil when the name
// shows none.
func (s *Scanner) callProvider(cs callSite) *Provider {
	head, _, _ := strings.Cut(cs.name, ".")
	if head == "ollama" {
		return s.c.byID["ollama"]
	}
	return nil
}

// modelHint is the provider of the call a model literal is inside, when
// the call's name shows one; nil for a literal outside calls.
func (s *Scanner) modelHint(cf codeFacts, call int) *Provider {
	if call < 0 || call >= len(cf.calls) {
		return nil
	}
	if p, ok := s.matchCall(cf.calls[call]); ok {
		return p
	}
	return s.callProvider(cf.calls[call])
}

// constructor adds the sighting of a provider SDK call.
func (s *Scanner) constructor(evAt func(int) Evidence, cs callSite, p *Provider, consumed, modelAt map[int]bool) {
	g := sighting{hint: p, via: "source", ev: evAt(cs.off)}
	args := slices.Clone(cs.args)
	slices.SortStableFunc(args, func(a, b kvPair) int { return strings.Compare(a.key, b.key) })
	for _, a := range args {
		k, v := a.key, a.val
		n := norm(k)
		switch {
		case urlArgs[n] && v.str && !g.hasURL:
			if u, ok := parseEndpoint(v.text, p.Local); ok {
				g.url, g.hasURL = u, true
				consumed[v.off] = true
				s.transportURL(u, k, evAt(v.off), true)
			}
		case regionArgs[n] && v.str && g.region == "":
			g.region = v.text
			s.addRegion(s.platformOf(p, v.text), p.ID, v.text, cs.name+"("+k+")", evAt(v.off))
		case modelArgs[n] && v.str && g.model == "":
			g.model = v.text
		}
		// An Azure OpenAI client's deployment ({deployment: "gpt-4o-eu"})
		// is the model it serves.
		if (isCodeModelKey(k) || n == "deployment" && p.ID == "azure-openai") && v.str && !modelAt[v.off] && !s.inTest {
			modelAt[v.off] = true
			s.names(&g, v.text, "source", evAt(v.off))
		}
		if sel, ok := p.selector(k, v.text); ok {
			g.selHost, g.selProc = sel.Host, sel.Processing
		}
	}
	if g.hasURL {
		g.selHost = ""
	}
	if id, ok := modelCall(cs.name); ok && len(cs.pos) > 0 && cs.pos[0].str && !modelAt[cs.pos[0].off] && !s.inTest && (id == "" || id == p.ID) {
		modelAt[cs.pos[0].off] = true
		s.names(&g, cs.pos[0].text, "source", evAt(cs.pos[0].off))
	}
	if g.uses == nil {
		g.uses = []modelName{} // a constructor's model is named where it is written, or not at all
	}
	s.add(g)
}

// platformOf is the platform of a region value for a provider: its own,
// or for providers without one the first table that knows the code.
func (s *Scanner) platformOf(p *Provider, region string) string {
	if p != nil && p.Platform != "" {
		return p.Platform
	}
	for _, pl := range []string{"aws", "gcp", "azure"} {
		if _, ok := s.c.Region(pl, region); ok {
			return pl
		}
	}
	return ""
}

// regionCall records a region written in a call that is not a provider
// constructor: config.WithRegion("eu-central-1"), boto3.Session(region_name=…),
// new S3Client({region}).
func (s *Scanner) regionCall(evAt func(int) Evidence, cs callSite) {
	for _, a := range cs.args {
		k, v := a.key, a.val
		if !v.str || !regionArgs[norm(k)] {
			continue
		}
		pl := s.platformOf(nil, v.text)
		if pl == "" {
			continue
		}
		last := strings.ToLower(cs.name[strings.LastIndexByte(cs.name, '.')+1:])
		svc := last
		if configCalls[last] {
			svc = ""
		}
		s.addRegion(pl, svc, v.text, cs.name+"("+k+")", evAt(v.off))
	}
}
