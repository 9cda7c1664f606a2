package residency

import (
	"context"
	"path"
	"slices"
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/project"
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

// scanSource reads the project's Go, Python and JS / TS files, each once.
func (s *scanner) scanSource(ctx context.Context, idx *project.Index) error {
	for i, f := range idx.Files(project.Source) {
		if i%64 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if isGenerated(f.Path) {
			continue
		}
		data, err := project.ReadFile(s.fsys, f.Path, 4<<20)
		if err != nil {
			s.warn(project.Position{File: f.Path}, "source file not read: %v", project.Cause(err))
			continue
		}
		d := newDoc(f.Path, data)
		var facts codeFacts
		switch path.Ext(f.Path) {
		case ".go":
			var ws []project.Warning
			facts, ws = lexGo(f.Path, data)
			s.warnings = append(s.warnings, ws...)
		case ".py":
			facts = lexSource(string(data), langPython)
		default:
			facts = lexSource(string(data), langJS)
		}
		s.code(d, facts)
	}
	return nil
}

// isGenerated skips bundles and minified files: built output, not the
// project's own code.
func isGenerated(p string) bool {
	b := path.Base(p)
	if strings.Contains(b, ".min.") || strings.HasSuffix(b, ".bundle.js") || strings.HasSuffix(b, ".d.ts") {
		return true
	}
	for _, dir := range []string{"dist/", "build/", "out/", ".output/", "coverage/"} {
		if strings.HasPrefix(p, dir) || strings.Contains(p, "/"+dir) {
			return true
		}
	}
	return false
}

// code turns one file's calls and strings into sightings, region settings
// and crypto settings.
func (s *scanner) code(d *doc, cf codeFacts) {
	consumed := map[int]bool{} // string offsets read as a constructor's URL
	for _, cs := range cf.calls {
		if p, ok := s.matchCall(cs); ok {
			s.constructor(d, cs, p, consumed)
			continue
		}
		s.regionCall(d, cs)
	}
	for _, lit := range cf.strs {
		if reBedrockModel.MatchString(lit.value) {
			s.add(sighting{hint: s.c.byID["bedrock"], model: lit.value, via: "source", ev: d.at(lit.off)})
			continue
		}
		if consumed[lit.off] || !isURLLiteral(lit.value) {
			continue
		}
		u, ok := parseEndpoint(lit.value, false)
		if !ok {
			continue
		}
		ev := d.at(lit.off)
		key := lit.key
		if key == "" && lit.call >= 0 {
			key = envReadName(cf.calls[lit.call])
		}
		hint := s.c.keyHint(key)
		switch {
		case !isLocalHost(u.host):
			if _, known := s.c.matchHost(u.host); known || hint != nil {
				s.add(sighting{hint: hint, url: u, hasURL: true, via: "source", ev: ev})
				s.transportURL(u, key, ev, true)
				continue
			}
		default:
			if hint == nil {
				hint = localHintFromName(s.c, key)
			}
			if hint != nil || u.port == 11434 || baseURLArgs[norm(key)] {
				s.add(sighting{hint: hint, url: u, hasURL: true, via: "source", ev: ev})
			}
		}
		s.transportURL(u, key, ev, false)
	}
	s.cryptoRules(d, cf)
}

// envReadName is the variable a call reads with a default:
// os.getenv("OPENAI_BASE_URL", "https://…") gives OPENAI_BASE_URL.
func envReadName(cs callSite) string {
	last := strings.ToLower(cs.name[strings.LastIndexByte(cs.name, '.')+1:])
	if (last == "getenv" || last == "get" || last == "lookupenv") && len(cs.pos) > 0 && cs.pos[0].str {
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
func (s *scanner) matchCall(cs callSite) (*Provider, bool) {
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
	for k, v := range cs.args {
		if norm(k) == want {
			return v, true
		}
	}
	return argVal{}, false
}

// constructor adds the sighting of a provider SDK call.
func (s *scanner) constructor(d *doc, cs callSite, p *Provider, consumed map[int]bool) {
	g := sighting{hint: p, via: "source", ev: d.at(cs.off)}
	keys := make([]string, 0, len(cs.args))
	for k := range cs.args {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		v := cs.args[k]
		n := norm(k)
		switch {
		case urlArgs[n] && v.str && !g.hasURL:
			if u, ok := parseEndpoint(v.text, p.Local); ok {
				g.url, g.hasURL = u, true
				consumed[v.off] = true
				s.transportURL(u, k, d.at(v.off), true)
			}
		case regionArgs[n] && v.str && g.region == "":
			g.region = v.text
			s.addRegion(s.platformOf(p, v.text), p.ID, v.text, cs.name+"("+k+")", d.at(v.off))
		case modelArgs[n] && v.str && g.model == "":
			g.model = v.text
		}
		if sel, ok := p.selector(k, v.text); ok {
			g.selHost, g.selProc = sel.Host, sel.Processing
		}
	}
	if g.hasURL {
		g.selHost = ""
	}
	s.add(g)
}

// platformOf is the platform of a region value for a provider: its own,
// or for providers without one the first table that knows the code.
func (s *scanner) platformOf(p *Provider, region string) string {
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
func (s *scanner) regionCall(d *doc, cs callSite) {
	for k, v := range cs.args {
		if !regionArgs[norm(k)] || !v.str {
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
		s.addRegion(pl, svc, v.text, cs.name+"("+k+")", d.at(v.off))
	}
}
