package residency

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/host"
	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/secrets"
)

// Scanner collects sightings from every file, then resolves them against
// the catalogue and merges them into endpoints. It is used from one
// goroutine: Source for each source file of the index's one pass, then
// Finish once.
type Scanner struct {
	c         *Catalogue
	sightings []sighting
	// fromSource are the source files' sightings, kept apart so that
	// Finish lists them after the other files', as the notes of a merged
	// endpoint have always been ordered.
	fromSource []sighting
	regions    []RegionValue
	hosting    []Hosting
	settings   []Setting
	warnings   []project.Warning
	envs       []envVar
	// urlVarSet names providers whose base-URL variable the project sets:
	// a constructor without a base URL then follows that variable.
	urlVarSet map[string]bool
	accounts  []azAccount
	deploys   []azDeployment
	// models are the models named with no endpoint sighting (models.go);
	// modelValues remembers which values are model names.
	models      []modelAlone
	modelValues map[string]checkedName
	// picks memoises regionsFor: provider, platform and file to choices.
	picks         map[string][]regionPick
	regionsByFile map[string][]RegionValue
	// facts is the memory of the facts of the source file being read,
	// kept from one file to the next.
	facts codeFacts
	// inTest: the source file being read is test code or a fixture, whose
	// connection strings a missing TLS option says nothing about.
	inTest bool
}

// NewScanner prepares a scan with the options' catalogue (and its
// extension); opts.Remotes are Scan's, Finish takes its own.
func NewScanner(opts Options) (*Scanner, error) {
	c := opts.Catalogue
	if c == nil {
		c = Default()
	}
	if len(opts.Extra) > 0 {
		var err error
		if c, err = c.Extend(opts.Extra, cmp.Or(opts.ExtraFile, "catalogue extension")); err != nil {
			return nil, err
		}
	}
	return &Scanner{c: c, urlVarSet: map[string]bool{}}, nil
}

// Finish reads every other kind of file the scan reads (env files,
// compose, Kubernetes and Helm YAML, render.yaml, Terraform, n8n and
// Flowise exports), adds the remote MCP servers of the project's client
// configs, and resolves what the scan saw into the result. Call it once,
// after the source pass.
func (s *Scanner) Finish(ctx context.Context, idx *project.Index, remotes []Remote) (*Result, error) {
	steps := []func(context.Context, *project.Index) error{
		s.scanEnvFiles, s.scanCompose, s.scanYAML, s.scanRender, s.scanTerraform, s.scanHosting, s.scanExports,
		s.scanOllamaFiles,
	}
	for _, step := range steps {
		if err := step(ctx, idx); err != nil {
			return nil, err
		}
	}
	s.sightings = append(s.sightings, s.fromSource...)
	s.fromSource = nil
	for _, r := range remotes {
		s.remote(r)
	}
	s.envSettings()
	return s.result(), nil
}

// lineText is a file whose lines evidence quotes: a project.Doc or a
// project.SourceFile.
type lineText interface{ LineText(line int) string }

// lineEvidence is the evidence at a position, its excerpt the whole line,
// redacted (secrets.Excerpt).
func lineEvidence(pos project.Position, f lineText) Evidence {
	return Evidence{Position: pos, Excerpt: secrets.Excerpt(f.LineText(pos.Line))}
}

// textDoc is a file read as text (an env file, Terraform): a Doc without
// node trees, for the line texts of evidence.
func textDoc(path string, data []byte) *project.Doc {
	return &project.Doc{File: path, Data: data}
}

// atLine is the evidence at a line and column (1-based) of a text file.
func atLine(d *project.Doc, line, col int) Evidence {
	return lineEvidence(project.Position{File: d.File, Line: line, Col: col}, d)
}

func (s *Scanner) warn(pos project.Position, format string, args ...any) {
	s.warnings = append(s.warnings, project.Warnf(pos, format, args...))
}

// sighting is one raw observation of an endpoint before resolution.
type sighting struct {
	hint    *Provider // the provider the context names, if any
	url     endpointURL
	hasURL  bool
	region  string
	model   string
	sku     string
	selHost string // host chosen by an SDK selector (dataResidency: "eu")
	selProc string // processing chosen by an SDK selector (inference_geo)
	cred    string // n8n credential type, when only the type is known
	weak    bool   // only a key or flag: the default host unless the project names another
	mcp     bool
	via     string
	ev      Evidence
	extra   []Evidence // region settings and other supporting evidence
	notes   []string
	uses    []modelName // the models it names, each where it is named
}

// add records a sighting; a model it names is named where the sighting
// is, unless its reader set the places (uses not nil, empty for none).
func (s *Scanner) add(g sighting) {
	if g.model != "" && g.uses == nil {
		s.names(&g, g.model, g.via, g.ev)
	}
	s.sightings = append(s.sightings, g)
}

// addRegion records a region setting.
func (s *Scanner) addRegion(platform, service, value, key string, ev Evidence) {
	value = strings.TrimSpace(value)
	if secrets.IsPlaceholder(value) {
		return
	}
	s.regions = append(s.regions, RegionValue{Platform: platform, Service: service, Value: value, Key: key, Evidence: ev})
}

// addHosting records a region the project deploys to.
func (s *Scanner) addHosting(platform, region string, ev Evidence) {
	if secrets.IsPlaceholder(region) {
		return
	}
	s.hosting = append(s.hosting, Hosting{Platform: platform, Region: region, Geography: s.c.Geography(platform, region), Evidence: []Evidence{ev}})
}

// addSetting records an encryption or transport setting: the rule, the
// setting to change and the value found (redacted), the evidence, the
// variant of the rule's wording (form; "" for its default) and the values
// the wording names, as name, value pairs.
func (s *Scanner) addSetting(area, rule, key, value string, ev Evidence, form string, with ...string) {
	st := Setting{Area: area, Rule: rule, Key: key, Value: secrets.RedactValue(key, value), Form: form, Evidence: ev}
	for i := 0; i+1 < len(with); i += 2 {
		if st.With == nil {
			st.With = map[string]string{}
		}
		st.With[with[i]] = with[i+1]
	}
	s.settings = append(s.settings, st)
}

// remote adds a remote MCP server from a client config.
func (s *Scanner) remote(r Remote) {
	u, ok := parseEndpoint(r.URL, false)
	if !ok {
		return
	}
	ev := Evidence{Position: r.Position, Excerpt: secrets.Excerpt(secrets.RedactURL(r.URL))}
	s.add(sighting{url: u, hasURL: true, mcp: true, via: "mcp-config", ev: ev})
	s.transportURL(u, "url", ev, true)
}

// result resolves every sighting and sorts the output.
func (s *Scanner) result() *Result {
	explicit := map[string]bool{} // providers seen with a URL
	var eps []Endpoint
	var models []ModelUse
	for _, g := range s.sightings {
		if g.weak {
			continue
		}
		got := s.resolve(g)
		for i, e := range got {
			explicit[e.Provider] = true
			eps = append(eps, e)
			models = append(models, modelUses(g.uses, g.hint, "", &got[i], true)...)
		}
		if len(got) == 0 {
			models = append(models, modelUses(g.uses, g.hint, "", nil, false)...)
		}
	}
	// A key or flag alone means the provider's default host, unless the
	// project names the provider's endpoint elsewhere; for regional
	// providers it still tells which region the env selects.
	for _, g := range s.sightings {
		if !g.weak {
			continue
		}
		named := explicit[g.hint.ID] || s.urlVarSet[g.hint.ID]
		for _, e := range s.resolve(g) {
			kept := !named || needsRegion(g.hint, nil) && e.Region != ""
			if kept {
				eps = append(eps, e)
			}
			models = append(models, modelUses(g.uses, g.hint, "", &e, kept)...)
		}
	}
	endpoints := mergeEndpoints(eps)
	ix := newEndpointIndex(endpoints)
	for _, m := range s.models {
		hint := m.hint
		if hint == nil && m.near {
			if e := ix.clientBefore(m.modelName); e != nil {
				hint = s.c.byID[e.Provider]
			}
		}
		models = append(models, modelUses([]modelName{m.modelName}, hint, m.other, nil, false)...)
	}
	ix.link(models)
	r := &Result{
		Endpoints: endpoints,
		Models:    mergeModels(models),
		Hosting:   mergeHosting(s.hosting),
		Regions:   s.regions,
		Settings:  s.settings,
		Warnings:  s.warnings,
	}
	slices.SortFunc(r.Regions, func(a, b RegionValue) int {
		return cmp.Or(cmp.Compare(a.Platform, b.Platform), cmp.Compare(a.Service, b.Service), cmp.Compare(a.Value, b.Value),
			cmp.Compare(a.Evidence.File, b.Evidence.File), cmp.Compare(a.Evidence.Line, b.Evidence.Line), cmp.Compare(a.Key, b.Key))
	})
	r.Regions = slices.Compact(r.Regions)
	slices.SortFunc(r.Settings, func(a, b Setting) int {
		return cmp.Or(cmp.Compare(a.Evidence.File, b.Evidence.File), cmp.Compare(a.Evidence.Line, b.Evidence.Line),
			cmp.Compare(a.Rule, b.Rule), cmp.Compare(a.Key, b.Key), cmp.Compare(a.Value, b.Value), cmp.Compare(a.Form, b.Form))
	})
	r.Settings = slices.CompactFunc(r.Settings, func(a, b Setting) bool {
		return a.Area == b.Area && a.Rule == b.Rule && a.Key == b.Key && a.Value == b.Value && a.Form == b.Form &&
			a.Evidence == b.Evidence && maps.Equal(a.With, b.With)
	})
	project.SortWarnings(r.Warnings)
	r.Warnings = slices.Compact(r.Warnings)
	return r
}

// resolve turns a sighting into endpoints: one, or one per candidate
// region when the project sets the region differently in several places.
func (s *Scanner) resolve(g sighting) []Endpoint {
	var m hostMatch
	hostName := ""
	var notes []string
	switch {
	case g.hasURL:
		if isDocsURL(g.url) {
			return nil
		}
		hostName = g.url.host
		var ok bool
		switch {
		case host.Local(hostName):
			hint := ""
			if g.hint != nil {
				hint = g.hint.ID
			}
			m = s.c.matchLocal(hostName, g.url.port, hint)
			if g.hint != nil && !g.hint.Local && m.p.ID == "self-hosted" {
				notes = append(notes, "Configured as the base URL of a "+g.hint.Name+" client: a self-hosted or proxy endpoint.")
			}
		default:
			m, ok = s.c.matchHost(hostName)
			if !ok {
				switch {
				case g.mcp:
					m = hostMatch{p: s.c.byID["mcp-remote"]}
				case g.hint != nil:
					m = hostMatch{p: s.c.byID["unlisted"]}
					notes = append(notes, "Configured as the base URL of a "+g.hint.Name+" client.")
				default:
					return nil
				}
			}
		}
	case g.selHost != "":
		hostName = g.selHost
		var ok bool
		if m, ok = s.c.matchHost(hostName); !ok {
			return nil
		}
	case g.hint != nil:
		m = hostMatch{p: g.hint}
		if h := defaultRule(g.hint); h != nil {
			m.h = h
		}
	default:
		return nil
	}
	if m.p == nil {
		return nil
	}
	p := m.p
	regions := []regionPick{{value: m.region}}
	if m.region == "" && g.region != "" {
		regions = []regionPick{{value: g.region}}
	}
	var accts []azPick
	// A credential known only by type decides its own region: the
	// project's env does not apply to it.
	if regions[0].value == "" && g.cred == "" {
		if p.ID == "azure-openai" {
			accts = s.azureFor(hostName)
		} else if needsRegion(p, m.h) {
			file := g.ev.File
			if g.via == "terraform" {
				// A Terraform module is its directory: a .tfvars file
				// takes the region its module's provider sets.
				file = tfModuleScope + path.Dir(file)
			}
			regions = s.regionsFor(p, m.platform, file)
		}
	}
	var out []Endpoint
	build := func(rp regionPick, sku, model string, extra []Evidence, extraNotes []string) {
		h := hostName
		if !g.hasURL && g.selHost == "" && g.cred == "" {
			h = s.c.defaultHost(p, rp.value)
		}
		mm := m
		if h != hostName && h != "" {
			if hm, ok := s.c.matchHost(h); ok && hm.p == p {
				mm = hm
			}
		}
		if model == "" {
			model = g.model
		}
		if sku == "" {
			sku = g.sku
		}
		facts := s.c.resolve(mm, rp.value, model, sku, g.selProc)
		if g.cred != "" && !p.Local {
			// The credential may point at any of the provider's places; a
			// provider with one place (DeepSeek: China) is there, and
			// otherwise only a model prefix (Bedrock eu.) still settles
			// processing.
			def := ""
			if p.Default != "" && !strings.Contains(p.Default, "{") {
				def = " (default " + p.Default + ")"
			}
			text := "The n8n credential of type " + g.cred + " decides the host and region" + def + ": confirm the credential's region."
			if proc, stor, one := singlePlace(p); one {
				facts.Processing, facts.Storage = proc, stor
				text = "The n8n credential of type " + g.cred + " decides the host" + def + ": " + p.Name +
					" has one processing place (" + proc + "); confirm the credential does not point at a proxy."
			} else if !needsRegion(p, nil) {
				facts.Processing, facts.Storage = Unknown, Unknown
			}
			facts.Attestations = slices.DeleteFunc(facts.Attestations, func(a Attestation) bool { return a.ID == AttestRegionUnset })
			facts.Attestations = append([]Attestation{{ID: AttestN8nCredential, Text: text}}, facts.Attestations...)
		}
		facts.Notes = append(facts.Notes, notes...)
		facts.Notes = append(facts.Notes, g.notes...)
		facts.Notes = append(facts.Notes, extraNotes...)
		facts.Notes = dedupe(facts.Notes)
		facts.Attestations = dedupeAttestations(facts.Attestations)
		kind := p.Kind
		if g.mcp {
			kind = "mcp-server"
		}
		if len(p.Models) == 0 && len(p.SKUs) == 0 {
			model = ""
		}
		e := Endpoint{
			Provider: p.ID, ProviderName: p.Name, Kind: kind, Host: h,
			Region: rp.value, Model: model, SKU: sku, Via: []string{g.via},
			Credential: g.cred, Facts: facts,
			Evidence: append(append([]Evidence{g.ev}, g.extra...), append(rp.ev, extra...)...),
		}
		if g.hasURL {
			e.URL = secrets.RedactURL(g.url.raw)
		}
		out = append(out, e)
	}
	if len(accts) > 0 {
		for _, a := range accts {
			build(regionPick{value: a.location, ev: a.ev}, a.sku, a.model, a.extra, a.notes)
		}
		return out
	}
	for _, rp := range regions {
		var n []string
		if len(regions) > 1 {
			n = []string{fmt.Sprintf("The project sets the %s region to %d different values; each is listed as its own endpoint.", p.Name, len(regions))}
		}
		build(rp, "", "", nil, n)
	}
	return out
}

// defaultRule is the host rule of a provider's default host.
func defaultRule(p *Provider) *HostRule {
	for i := range p.Hosts {
		if p.Hosts[i].Match == p.Default {
			return &p.Hosts[i]
		}
	}
	return nil
}

// tfModuleScope prefixes a directory for regionsFor: the regions set in
// any file of that Terraform module apply first.
const tfModuleScope = "module:"

type regionPick struct {
	value string
	ev    []Evidence
}

// regionsFor lists the distinct region values that apply to a provider:
// the ones in the same file first, then the project's. A setting applies
// when it is for the provider or is the platform's default (Service "").
func (s *Scanner) regionsFor(p *Provider, platform, file string) []regionPick {
	if platform == "" {
		platform = p.Platform
	}
	key := p.ID + "|" + platform + "|" + file
	if r, ok := s.picks[key]; ok {
		return r
	}
	if s.picks == nil {
		s.picks = map[string][]regionPick{}
	}
	r := s.pickRegions(p, platform, file)
	s.picks[key] = r
	return r
}

func (s *Scanner) pickRegions(p *Provider, platform, file string) []regionPick {
	applies := func(r RegionValue) bool {
		if r.Service == p.ID {
			return true
		}
		return r.Service == "" && r.Platform == platform && platform != ""
	}
	if s.regionsByFile == nil {
		s.regionsByFile = map[string][]RegionValue{}
		for _, r := range s.regions {
			s.regionsByFile[r.Evidence.File] = append(s.regionsByFile[r.Evidence.File], r)
		}
	}
	pick := func(list []RegionValue) []regionPick {
		byValue := map[string]*regionPick{}
		var order []string
		for _, r := range list {
			if !applies(r) {
				continue
			}
			v := strings.ToLower(r.Value)
			if byValue[v] == nil {
				byValue[v] = &regionPick{value: v}
				order = append(order, v)
			}
			byValue[v].ev = append(byValue[v].ev, r.Evidence)
		}
		slices.Sort(order)
		out := make([]regionPick, 0, len(order))
		for _, v := range order {
			out = append(out, *byValue[v])
		}
		return out
	}
	same := s.regionsByFile[file]
	if dir, ok := strings.CutPrefix(file, tfModuleScope); ok {
		same = nil
		for _, r := range s.regions {
			if path.Dir(r.Evidence.File) == dir {
				same = append(same, r)
			}
		}
	}
	if r := pick(same); len(r) > 0 {
		return r
	}
	key := p.ID + "|" + platform + "|*"
	if r, ok := s.picks[key]; ok {
		return r
	}
	r := pick(s.regions)
	if len(r) == 0 {
		r = []regionPick{{}}
	}
	s.picks[key] = r
	return r
}

func dedupe(xs []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// dedupeAttestations keeps the first attestation of each id.
func dedupeAttestations(as []Attestation) []Attestation {
	var out []Attestation
	for _, a := range as {
		if !slices.ContainsFunc(out, func(b Attestation) bool { return b.ID == a.ID }) {
			out = append(out, a)
		}
	}
	return out
}

// mergeBy merges the items of one key into the first of them, in the
// order first seen.
func mergeBy[T any, K comparable](xs []T, key func(*T) K, merge func(into, x *T)) []T {
	byKey := map[K]int{}
	var out []T
	for i := range xs {
		k := key(&xs[i])
		if j, ok := byKey[k]; ok {
			merge(&out[j], &xs[i])
			continue
		}
		byKey[k] = len(out)
		out = append(out, xs[i])
	}
	return out
}

// mergeEndpoints merges endpoints with the same key and sorts them.
func mergeEndpoints(eps []Endpoint) []Endpoint {
	out := mergeBy(eps, (*Endpoint).Key, func(m, e *Endpoint) {
		m.Via = append(m.Via, e.Via...)
		m.Evidence = append(m.Evidence, e.Evidence...)
		if m.URL == "" || e.URL != "" && e.URL < m.URL {
			m.URL = e.URL
		}
		m.Facts.Notes = dedupe(append(m.Facts.Notes, e.Facts.Notes...))
		m.Facts.Attestations = dedupeAttestations(append(m.Facts.Attestations, e.Facts.Attestations...))
	})
	for i := range out {
		slices.Sort(out[i].Via)
		out[i].Via = slices.Compact(out[i].Via)
		out[i].Evidence = sortEvidence(out[i].Evidence)
	}
	slices.SortFunc(out, func(a, b Endpoint) int { return cmp.Compare(a.Key(), b.Key()) })
	return out
}

func mergeHosting(hs []Hosting) []Hosting {
	out := mergeBy(hs, func(h *Hosting) string { return h.Platform + "|" + strings.ToLower(h.Region) },
		func(into, h *Hosting) { into.Evidence = append(into.Evidence, h.Evidence...) })
	for i := range out {
		out[i].Evidence = sortEvidence(out[i].Evidence)
	}
	slices.SortFunc(out, func(a, b Hosting) int {
		return cmp.Or(cmp.Compare(a.Platform, b.Platform), cmp.Compare(a.Region, b.Region))
	})
	return out
}
