package residency

import (
	"bytes"
	"cmp"
	"embed"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// Geographies with a fixed meaning in Facts. Anything else is a zone of
// legal.yaml ("EEA+CH", "EU", "APAC"), an ISO 3166-1 alpha-2 country
// ("US", "CN", "GB"), or a country followed by the region in brackets
// ("DE (eu-central-1)"). Catalogue.Place reads them all.
const (
	Global  = "global"  // no location commitment: may be processed anywhere
	Local   = "local"   // self-hosted: wherever the project deploys it
	Unknown = "unknown" // not settled by what the scanner can see
	// Operator is the jurisdiction of a self-hosted service: the project's own.
	Operator = "operator"
)

// Special values of a catalogue entry's processing or storage.
const (
	fromRegion   = "region"   // the geography of the region found
	fromSKU      = "sku"      // the Azure deployment type decides
	fromDataZone = "datazone" // Azure DataZone*: the data zone of the region
)

// Catalogue is the embedded knowledge of providers, regions and legal
// geography. The zero value is not useful: use Default or LoadCatalogue.
type Catalogue struct {
	Providers []Provider `yaml:"providers"`
	Platforms []Platform `yaml:"platforms"`
	Zones     []Zone     `yaml:"zones"`
	Adequacy  []Adequacy `yaml:"adequacy"`
	Concern   []Concern  `yaml:"concern"`
	byID      map[string]*Provider
	exact     map[string]hostRef
	patterns  []hostPattern
	local     []hostRef // match: local rules
	regions   map[string]map[string]Region
	zones     map[string]*Zone
	adequacy  map[string]*Adequacy
	code      map[string][]callRef // last segment of a call name → rules
	envIndex  map[string][]envRef
	n8nNodes  map[string]*Provider
	n8nCreds  map[string]*Provider
	n8nShared map[string]bool // credential types other nodes share
	flowise   map[string]*Provider
	dify      map[string]*Provider
	langflow  map[string]*Provider
	platNames map[string]*Platform
}

// FactFields are the facts a provider, host, model or SKU entry states.
// Empty fields inherit from the enclosing entry.
type FactFields struct {
	Processing   string        `yaml:"processing,omitempty" json:"processing,omitempty"`
	Storage      string        `yaml:"storage,omitempty" json:"storage,omitempty"`
	Attestations []Attestation `yaml:"attestations,omitempty" json:"attestations,omitempty"`
	Notes        []string      `yaml:"notes,omitempty" json:"notes,omitempty"`
	Source       string        `yaml:"source,omitempty" json:"source,omitempty"`
	Checked      string        `yaml:"checked,omitempty" json:"checked,omitempty"`
}

// Provider is one service of the catalogue.
type Provider struct {
	ID   string `yaml:"id"`
	Name string `yaml:"name"`
	// Kind is llm, embeddings, vector-store, database, mcp-server or other.
	Kind string `yaml:"kind"`
	// Jurisdiction is the ISO country of the provider's home, "operator"
	// for self-hosted software, or "unknown".
	Jurisdiction string `yaml:"jurisdiction"`
	// Platform names the region table for {region} in hosts and for region
	// settings (aws, azure, gcp, alibaba).
	Platform string `yaml:"platform,omitempty"`
	// Local marks self-hosted runtimes.
	Local bool `yaml:"local,omitempty"`
	// Default is the host a client reaches when the project names only the
	// provider (an API key, an SDK constructor without a base URL).
	Default string `yaml:"default,omitempty"`
	// Locations map location values that are not regions to a geography
	// (Vertex "global", "eu", "us").
	Locations  map[string]string `yaml:"locations,omitempty"`
	FactFields `yaml:",inline"`
	Hosts      []HostRule  `yaml:"hosts,omitempty"`
	Models     []ModelRule `yaml:"models,omitempty"`
	SKUs       []SKURule   `yaml:"skus,omitempty"`
	Selectors  []Selector  `yaml:"selectors,omitempty"`
	Env        EnvNames    `yaml:"env,omitempty"`
	Code       []CallRule  `yaml:"code,omitempty"`
	N8n        N8nNames    `yaml:"n8n,omitempty"`
	Flowise    []string    `yaml:"flowise,omitempty"`
	// Dify are the model-provider names of Dify DSL exports ("openai",
	// the last segment of "langgenius/openai/openai"); Langflow the
	// component types and model-provider options of Langflow flows.
	Dify     []string `yaml:"dify,omitempty"`
	Langflow []string `yaml:"langflow,omitempty"`
}

// attestations lists every attestation the provider's entries state.
func (p *Provider) attestations() []Attestation {
	out := slices.Clone(p.Attestations)
	for _, h := range p.Hosts {
		out = append(out, h.Attestations...)
	}
	for _, m := range p.Models {
		out = append(out, m.Attestations...)
	}
	return out
}

// HostRule recognises a host of the provider.
type HostRule struct {
	// Match is an exact host, a "*." glob, a template with {region} and
	// {platform}, or "local" (loopback, private, container-network hosts)
	// together with Port.
	Match      string   `yaml:"match"`
	Port       int      `yaml:"port,omitempty"`
	Names      []string `yaml:"names,omitempty"` // host-name hints for local runtimes
	Platform   string   `yaml:"platform,omitempty"`
	FactFields `yaml:",inline"`
}

// ModelRule is a model-id prefix that decides where processing runs.
type ModelRule struct {
	Prefix     string `yaml:"prefix"`
	FactFields `yaml:",inline"`
}

// SKURule maps an Azure deployment type ("Global*" is a prefix) to where
// processing runs.
type SKURule struct {
	Match      string `yaml:"match"`
	Processing string `yaml:"processing"`
}

// Selector is an SDK argument that picks a host or a processing geography
// (openai-node dataResidency, Mistral server, Anthropic inference_geo).
type Selector struct {
	Args   []string                 `yaml:"args"`
	Values map[string]SelectorValue `yaml:"values"`
}

// SelectorValue is what one value of a Selector means.
type SelectorValue struct {
	Host       string `yaml:"host,omitempty"`
	Processing string `yaml:"processing,omitempty"`
}

// EnvNames are the environment variables that point at the provider.
type EnvNames struct {
	URL    []string `yaml:"url,omitempty"`    // base URL or host
	Key    []string `yaml:"key,omitempty"`    // set (non-empty) means the provider is used
	Region []string `yaml:"region,omitempty"` // region or location; alone it does not mean use
	Flag   []string `yaml:"flag,omitempty"`   // true / 1 means the provider is used
}

// CallRule is an SDK constructor or init call in source code. Name matches
// the call's dotted name or its last segments ("ChatOpenAI" matches
// "langchain_openai.ChatOpenAI"). Arg, when set, must be the first string
// argument (boto3.client("bedrock-runtime")). When lists arguments that
// must be present and not false ("vertexai") or end with a value
// ("Backend=BackendVertexAI").
type CallRule struct {
	Name string   `yaml:"name"`
	Arg  string   `yaml:"arg,omitempty"`
	When []string `yaml:"when,omitempty"`
}

// N8nNames are the n8n node types (without the package prefix) and
// credential types of the provider.
type N8nNames struct {
	Nodes       []string `yaml:"nodes,omitempty"`
	Credentials []string `yaml:"credentials,omitempty"`
	// Shared are credential types other n8n nodes use too (googleApi
	// serves Sheets, Docs and Drive as well as Vertex AI): they name the
	// provider only on the provider's own nodes.
	Shared []string `yaml:"shared,omitempty"`
}

// Platform is a cloud or hosting platform's region table.
type Platform struct {
	ID      string   `yaml:"id"`
	Name    string   `yaml:"name"`
	Source  string   `yaml:"source"`
	Checked string   `yaml:"checked"`
	Default string   `yaml:"default,omitempty"` // region used when none is set
	Note    string   `yaml:"note,omitempty"`
	Regions []Region `yaml:"regions"`
}

// Region is one region code of a platform.
type Region struct {
	Code    string `yaml:"code" json:"code"`
	Country string `yaml:"country" json:"country"`
	Name    string `yaml:"name" json:"name"`
}

// Zone is a named group of countries a provider may commit to.
type Zone struct {
	ID        string   `yaml:"id"`
	Name      string   `yaml:"name"`
	Countries []string `yaml:"countries"`
	Source    string   `yaml:"source"`
	Checked   string   `yaml:"checked"`
}

// Adequacy is an EU adequacy decision (GDPR Art. 45) for a third country.
type Adequacy struct {
	Country  string `yaml:"country" json:"country"`
	Name     string `yaml:"name" json:"name"`
	Decision string `yaml:"decision" json:"decision"`
	// Scope limits a partial decision (the US: DPF-certified organisations
	// only; Canada: commercial organisations). Empty means the whole country.
	Scope   string `yaml:"scope,omitempty" json:"scope,omitempty"`
	Source  string `yaml:"source" json:"source"`
	Checked string `yaml:"checked" json:"checked"`
}

// Concern is a market's list of countries whose access to the data its own
// law restricts (for the US: the countries of concern of 28 CFR Part 202).
type Concern struct {
	Market    string   `yaml:"market" json:"market"`
	Countries []string `yaml:"countries" json:"countries"`
	Law       string   `yaml:"law" json:"law"`
	Source    string   `yaml:"source" json:"source"`
	Checked   string   `yaml:"checked" json:"checked"`
}

type hostRef struct {
	p *Provider
	h *HostRule
}

type hostPattern struct {
	hostRef
	re      *regexp.Regexp
	literal int // characters outside captures: more is more specific
}

type callRef struct {
	p    *Provider
	rule CallRule
}

type envRef struct {
	p    *Provider
	role string // url, key, region, flag
}

//go:embed data/*.yaml
var data embed.FS

var defaultCatalogue = sync.OnceValues(func() (*Catalogue, error) { return LoadCatalogue(data) })

// Default returns the embedded catalogue, parsed once.
func Default() *Catalogue {
	c, err := defaultCatalogue()
	if err != nil {
		panic("residency: embedded catalogue is invalid: " + err.Error()) // caught by the package tests
	}
	return c
}

// LoadCatalogue reads and merges every data/*.yaml file of fsys.
func LoadCatalogue(fsys fs.FS) (*Catalogue, error) {
	names, err := fs.Glob(fsys, "data/*.yaml")
	if err != nil {
		return nil, err
	}
	c := &Catalogue{}
	for _, n := range names {
		raw, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		if err := c.merge(raw, n); err != nil {
			return nil, err
		}
	}
	return c, c.index()
}

// Extend returns a copy of the catalogue with the entries of extra YAML
// (the same shape as the embedded data files) added. A provider with the
// id of an embedded one replaces it, so a user can correct an entry.
func (c *Catalogue) Extend(extra []byte, name string) (*Catalogue, error) {
	out := &Catalogue{
		Providers: slices.Clone(c.Providers),
		Platforms: slices.Clone(c.Platforms),
		Zones:     slices.Clone(c.Zones),
		Adequacy:  slices.Clone(c.Adequacy),
		Concern:   slices.Clone(c.Concern),
	}
	var part Catalogue
	if err := decodeStrict(extra, &part); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	for _, p := range part.Providers {
		if i := slices.IndexFunc(out.Providers, func(q Provider) bool { return q.ID == p.ID }); i >= 0 {
			out.Providers[i] = p
			continue
		}
		out.Providers = append(out.Providers, p)
	}
	out.Platforms = append(out.Platforms, part.Platforms...)
	out.Zones = append(out.Zones, part.Zones...)
	out.Adequacy = append(out.Adequacy, part.Adequacy...)
	out.Concern = append(out.Concern, part.Concern...)
	return out, out.index()
}

func decodeStrict(raw []byte, v any) error {
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	return dec.Decode(v)
}

func (c *Catalogue) merge(raw []byte, name string) error {
	var part Catalogue
	if err := decodeStrict(raw, &part); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	c.Providers = append(c.Providers, part.Providers...)
	c.Platforms = append(c.Platforms, part.Platforms...)
	c.Zones = append(c.Zones, part.Zones...)
	c.Adequacy = append(c.Adequacy, part.Adequacy...)
	c.Concern = append(c.Concern, part.Concern...)
	return nil
}

// index builds the lookup tables and rejects duplicate ids and hosts.
func (c *Catalogue) index() error {
	sort.SliceStable(c.Providers, func(i, j int) bool { return c.Providers[i].ID < c.Providers[j].ID })
	c.byID = map[string]*Provider{}
	c.exact = map[string]hostRef{}
	c.patterns = nil
	c.local = nil
	c.code = map[string][]callRef{}
	c.envIndex = map[string][]envRef{}
	c.n8nNodes = map[string]*Provider{}
	c.n8nCreds = map[string]*Provider{}
	c.n8nShared = map[string]bool{}
	c.flowise = map[string]*Provider{}
	c.dify = map[string]*Provider{}
	c.langflow = map[string]*Provider{}
	texts := map[string]string{} // attestation id → its one text
	for i := range c.Providers {
		p := &c.Providers[i]
		if _, dup := c.byID[p.ID]; dup {
			return fmt.Errorf("provider %s is defined twice", p.ID)
		}
		c.byID[p.ID] = p
		for _, a := range p.attestations() {
			if t, seen := texts[a.ID]; seen && t != a.Text {
				return fmt.Errorf("provider %s: attestation %s has two texts: %q and %q", p.ID, a.ID, t, a.Text)
			}
			texts[a.ID] = a.Text
		}
		for j := range p.Hosts {
			h := &p.Hosts[j]
			ref := hostRef{p, h}
			switch {
			case h.Match == "local":
				c.local = append(c.local, ref)
			case strings.ContainsAny(h.Match, "*{"):
				re, lit, err := compileHost(h.Match)
				if err != nil {
					return fmt.Errorf("provider %s: host %q: %w", p.ID, h.Match, err)
				}
				c.patterns = append(c.patterns, hostPattern{ref, re, lit})
			default:
				key := strings.ToLower(h.Match)
				if prev, dup := c.exact[key]; dup {
					return fmt.Errorf("host %s belongs to both %s and %s", h.Match, prev.p.ID, p.ID)
				}
				c.exact[key] = ref
			}
		}
		for _, r := range p.Code {
			last := r.Name[strings.LastIndexByte(r.Name, '.')+1:]
			c.code[last] = append(c.code[last], callRef{p, r})
		}
		for role, names := range map[string][]string{"url": p.Env.URL, "key": p.Env.Key, "region": p.Env.Region, "flag": p.Env.Flag} {
			for _, n := range names {
				c.envIndex[n] = append(c.envIndex[n], envRef{p, role})
			}
		}
		for _, n := range p.N8n.Nodes {
			c.n8nNodes[n] = p
		}
		for _, n := range p.N8n.Credentials {
			c.n8nCreds[n] = p
		}
		for _, n := range p.N8n.Shared {
			c.n8nCreds[n] = p
			c.n8nShared[n] = true
		}
		for _, n := range p.Flowise {
			c.flowise[n] = p
		}
		for _, n := range p.Dify {
			c.dify[n] = p
		}
		for _, n := range p.Langflow {
			c.langflow[n] = p
		}
	}
	for k := range c.envIndex {
		sort.Slice(c.envIndex[k], func(i, j int) bool { return c.envIndex[k][i].p.ID < c.envIndex[k][j].p.ID })
	}
	// More literal characters first: "*.{region}-0.{platform}.cloud.qdrant.io"
	// is tried before "*.cloud.qdrant.io".
	sort.SliceStable(c.patterns, func(i, j int) bool { return c.patterns[i].literal > c.patterns[j].literal })
	c.regions = map[string]map[string]Region{}
	c.platNames = map[string]*Platform{}
	for i := range c.Platforms {
		pl := &c.Platforms[i]
		c.platNames[pl.ID] = pl
		if c.regions[pl.ID] == nil {
			c.regions[pl.ID] = map[string]Region{}
		}
		for _, r := range pl.Regions {
			c.regions[pl.ID][r.Code] = r
		}
	}
	c.zones = map[string]*Zone{}
	for i := range c.Zones {
		c.zones[c.Zones[i].ID] = &c.Zones[i]
	}
	c.adequacy = map[string]*Adequacy{}
	for i := range c.Adequacy {
		c.adequacy[c.Adequacy[i].Country] = &c.Adequacy[i]
	}
	return nil
}

// compileHost turns a host template into an anchored regexp. "*" spans one
// or more labels; {region} and {platform} capture within a label.
func compileHost(match string) (*regexp.Regexp, int, error) {
	var b strings.Builder
	b.WriteString(`^`)
	lit := 0
	for rest := strings.ToLower(match); rest != ""; {
		switch {
		case strings.HasPrefix(rest, "*"):
			b.WriteString(`[a-z0-9_-]+(?:\.[a-z0-9_-]+)*`)
			rest = rest[1:]
		case strings.HasPrefix(rest, "{region}"):
			b.WriteString(`(?P<region>[a-z0-9-]+?)`)
			rest = rest[len("{region}"):]
		case strings.HasPrefix(rest, "{platform}"):
			b.WriteString(`(?P<platform>[a-z0-9]+)`)
			rest = rest[len("{platform}"):]
		default:
			b.WriteString(regexp.QuoteMeta(rest[:1]))
			lit++
			rest = rest[1:]
		}
	}
	b.WriteString(`$`)
	re, err := regexp.Compile(b.String())
	return re, lit, err
}

// Provider looks a provider up by id.
func (c *Catalogue) Provider(id string) (*Provider, bool) {
	p, ok := c.byID[id]
	return p, ok
}

// hostMatch is the catalogue's reading of a host.
type hostMatch struct {
	p        *Provider
	h        *HostRule
	region   string
	platform string
}

// MatchHost finds the provider of a host name (lower case, no port). It
// returns the provider id, the region the host carries ("" if none) and
// ok. Local hosts are not matched here: their provider depends on the port.
func (c *Catalogue) MatchHost(host string) (provider, region string, ok bool) {
	m, ok := c.matchHost(host)
	if !ok {
		return "", "", false
	}
	return m.p.ID, m.region, true
}

func (c *Catalogue) matchHost(host string) (hostMatch, bool) {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if r, ok := c.exact[host]; ok {
		return hostMatch{p: r.p, h: r.h, platform: platformOf(r)}, true
	}
	for _, pt := range c.patterns {
		m := pt.re.FindStringSubmatch(host)
		if m == nil {
			continue
		}
		hm := hostMatch{p: pt.p, h: pt.h, platform: platformOf(pt.hostRef)}
		for i, name := range pt.re.SubexpNames() {
			switch name {
			case "region":
				hm.region = m[i]
			case "platform":
				hm.platform = m[i]
			}
		}
		return hm, true
	}
	return hostMatch{}, false
}

func platformOf(r hostRef) string {
	if r.h.Platform != "" {
		return r.h.Platform
	}
	return r.p.Platform
}

// matchLocal finds the self-hosted runtime of a local host and port: a
// host-name hint wins ("http://vllm:8000"), then the default port. hint
// is a provider id the context suggests (an Ollama constructor).
func (c *Catalogue) matchLocal(host string, port int, hint string) hostMatch {
	host = strings.ToLower(host)
	if hint != "" {
		if p, ok := c.byID[hint]; ok && p.Local {
			return hostMatch{p: p, h: firstLocal(p)}
		}
	}
	for _, r := range c.local {
		for _, n := range r.h.Names {
			if strings.Contains(host, n) {
				return hostMatch{p: r.p, h: r.h}
			}
		}
	}
	var hits []hostRef
	for _, r := range c.local {
		if r.h.Port == port {
			hits = append(hits, r)
		}
	}
	if len(hits) == 1 {
		return hostMatch{p: hits[0].p, h: hits[0].h}
	}
	p := c.byID["self-hosted"]
	return hostMatch{p: p, h: &HostRule{}}
}

func firstLocal(p *Provider) *HostRule {
	for i := range p.Hosts {
		if p.Hosts[i].Match == "local" {
			return &p.Hosts[i]
		}
	}
	return &HostRule{}
}

// Region returns a platform's region by code.
func (c *Catalogue) Region(platform, code string) (Region, bool) {
	r, ok := c.regions[platform][strings.ToLower(code)]
	return r, ok
}

// PlatformDefault is the region a platform uses when none is set
// (Render: oregon), with the note that says so.
func (c *Catalogue) PlatformDefault(platform string) (region, note string) {
	if p, ok := c.platNames[platform]; ok {
		return p.Default, p.Note
	}
	return "", ""
}

// Geography names the geography of a region: "DE (eu-central-1)", or
// "unknown" for a code the catalogue lacks.
func (c *Catalogue) Geography(platform, code string) string {
	if r, ok := c.Region(platform, code); ok {
		return r.Country + " (" + r.Code + ")"
	}
	return Unknown
}

// Adequate reports whether a third country has an EU adequacy decision
// and names it. A partial decision (the US under the Data Privacy
// Framework) is reported with its scope: use AdequacyDecision to read it
// apart. EEA countries are not third countries: see InEEA.
func (c *Catalogue) Adequate(country string) (decision string, ok bool) {
	a, ok := c.AdequacyDecision(country)
	if !ok {
		return "", false
	}
	if a.Scope != "" {
		return a.Decision + "; covers " + a.Scope, true
	}
	return a.Decision, true
}

// AdequacyDecision returns the adequacy decision of a country ("UK" reads
// as GB).
func (c *Catalogue) AdequacyDecision(country string) (Adequacy, bool) {
	a, ok := c.adequacy[isoCountry(country)]
	if !ok {
		return Adequacy{}, false
	}
	return *a, true
}

// OfConcern returns the restriction a market's law puts on a country's
// access to the data (for the US market, 28 CFR Part 202), if any.
func (c *Catalogue) OfConcern(market, country string) (Concern, bool) {
	cc := isoCountry(country)
	for _, x := range c.Concern {
		if x.Market == market && slices.Contains(x.Countries, cc) {
			return x, true
		}
	}
	return Concern{}, false
}

// InEEA reports whether a country is in the European Economic Area.
func (c *Catalogue) InEEA(country string) bool {
	z, ok := c.zones["EEA"]
	return ok && slices.Contains(z.Countries, isoCountry(country))
}

func isoCountry(s string) string {
	s = strings.ToUpper(strings.TrimSpace(s))
	if s == "UK" {
		return "GB"
	}
	return s
}

// Place is the reading of a geography for the judgement.
type Place struct {
	Geography string
	// Countries it may mean; empty for global, local and unknown.
	Countries []string
	// EEA: every country is in the EEA. Adequate: every country is in the
	// EEA or has a full adequacy decision. Partial: some country's decision
	// covers only part of it (the US: DPF-certified organisations).
	EEA, Adequate, Partial bool
	Global, Local, Unknown bool
}

// Place reads a geography string of Facts.
func (c *Catalogue) Place(geo string) Place {
	p := Place{Geography: geo}
	g := strings.TrimSpace(geo)
	if i := strings.Index(g, " ("); i >= 0 {
		g = g[:i]
	}
	switch g {
	case Global:
		p.Global = true
		return p
	case Local:
		p.Local = true
		return p
	case "", Unknown:
		p.Unknown = true
		return p
	}
	if z, ok := c.zones[g]; ok {
		p.Countries = slices.Clone(z.Countries)
	} else if len(g) == 2 || g == "UK" {
		p.Countries = []string{isoCountry(g)}
	} else {
		p.Unknown = true
		return p
	}
	p.EEA, p.Adequate = true, true
	for _, cc := range p.Countries {
		if c.InEEA(cc) {
			continue
		}
		p.EEA = false
		a, ok := c.AdequacyDecision(cc)
		switch {
		case !ok:
			p.Adequate = false
		case a.Scope != "":
			p.Partial = true
			p.Adequate = false
		}
	}
	return p
}

// resolve computes the facts of an endpoint from the catalogue: the
// provider's, overridden by the host's, the model prefix's, the SKU's and
// the SDK selector's, with "region" replaced by the region's geography.
func (c *Catalogue) resolve(m hostMatch, region, model, sku, selProcessing string) Facts {
	p := m.p
	f := FactFields{
		Processing: p.Processing, Storage: p.Storage,
		Attestations: p.Attestations, Notes: p.Notes, Source: p.Source, Checked: p.Checked,
	}
	if m.h != nil {
		f = overlay(f, m.h.FactFields)
	}
	platform := m.platform
	if platform == "" {
		platform = p.Platform
	}
	if platform == "" && region != "" { // Pinecone's ServerlessSpec: aws, gcp or azure
		for _, pl := range []string{"aws", "gcp", "azure"} {
			if _, ok := c.Region(pl, region); ok {
				platform = pl
				break
			}
		}
	}
	geo := func() string {
		if region == "" {
			return Unknown
		}
		if g, ok := p.Locations[strings.ToLower(region)]; ok {
			return g
		}
		return c.Geography(platform, region)
	}
	var extraAtt []Attestation
	var extraNotes []string
	if f.Processing == fromSKU {
		f.Processing = Unknown
		switch rule, ok := p.sku(sku); {
		case sku == "":
			extraAtt = append(extraAtt, Attestation{ID: AttestSKUUnset,
				Text: "The deployment type (SKU) of the " + p.Name + " deployment: Global* may process in any region, DataZone* within the EU or US data zone, Standard in the resource's region."})
		case !ok:
			extraNotes = append(extraNotes, "Deployment type "+sku+" is not in the catalogue.")
		default:
			f.Processing = rule.Processing
		}
	}
	for _, mr := range p.Models {
		if model != "" && strings.HasPrefix(strings.ToLower(model), mr.Prefix) {
			f = overlay(f, mr.FactFields)
			break
		}
	}
	if selProcessing != "" {
		f.Processing = selProcessing
	}
	if f.Processing == fromDataZone {
		f.Processing = c.dataZone(platform, region)
	}
	if f.Processing == fromRegion {
		f.Processing = geo()
	}
	if f.Storage == fromRegion {
		f.Storage = geo()
	}
	if (f.Processing == Unknown || f.Storage == Unknown) && region == "" && needsRegion(p, m.h) {
		extraAtt = append(extraAtt, Attestation{ID: AttestRegionUnset,
			Text: "The " + p.Name + " region, which the project does not set where the scanner can see it."})
	}
	if region != "" && geo() == Unknown {
		extraNotes = append(extraNotes, "Region "+region+" is not in the catalogue's "+platform+" table.")
	}
	out := Facts{
		Processing:   f.Processing,
		Storage:      f.Storage,
		Jurisdiction: p.Jurisdiction,
		Attestations: append(slices.Clone(f.Attestations), extraAtt...),
		Notes:        append(slices.Clone(f.Notes), extraNotes...),
		Source:       f.Source,
		Checked:      f.Checked,
	}
	return out
}

// needsRegion reports whether the facts of a provider's host depend on a
// region the host does not carry.
func needsRegion(p *Provider, h *HostRule) bool {
	proc, stor := p.Processing, p.Storage
	if h != nil {
		if h.Processing != "" {
			proc = h.Processing
		}
		if h.Storage != "" {
			stor = h.Storage
		}
	}
	return proc == fromRegion || stor == fromRegion || proc == fromSKU
}

// singlePlace is where a provider processes and stores data when every
// host it has says the same and nothing (a region, a deployment type, an
// SDK selector) can move it: DeepSeek's one host is in China. A
// credential of such a provider can only point there (or at a proxy).
func singlePlace(p *Provider) (processing, storage string, ok bool) {
	if p.Local || needsRegion(p, nil) || len(p.Selectors) > 0 || len(p.Models) > 0 || len(p.SKUs) > 0 || len(p.Hosts) == 0 {
		return "", "", false
	}
	for i := range p.Hosts {
		h := &p.Hosts[i]
		if needsRegion(p, h) || strings.Contains(h.Match, "{") || h.Match == "local" {
			return "", "", false
		}
		proc, stor := cmp.Or(h.Processing, p.Processing), cmp.Or(h.Storage, p.Storage)
		if i == 0 {
			processing, storage = proc, stor
		}
		if proc != processing || stor != storage {
			return "", "", false
		}
	}
	if processing == Unknown || processing == "" {
		return "", "", false
	}
	return processing, storage, true
}

// dataZone is the Azure data zone of a region: the EU for a resource in an
// EU member state, the US for one in the US, unknown otherwise.
func (c *Catalogue) dataZone(platform, region string) string {
	r, ok := c.Region(platform, region)
	if !ok {
		return Unknown
	}
	if z, ok := c.zones["EU"]; ok && slices.Contains(z.Countries, r.Country) {
		return "EU"
	}
	if r.Country == "US" {
		return "US"
	}
	return Unknown
}

func (p *Provider) sku(name string) (SKURule, bool) {
	for _, r := range p.SKUs {
		if m, ok := strings.CutSuffix(r.Match, "*"); ok && strings.HasPrefix(strings.ToLower(name), strings.ToLower(m)) || strings.EqualFold(r.Match, name) {
			return r, true
		}
	}
	return SKURule{}, false
}

// overlay lays the non-empty fields of b over a. A nil list inherits; an
// empty list ("attestations: []") clears.
func overlay(a, b FactFields) FactFields {
	if b.Processing != "" {
		a.Processing = b.Processing
	}
	if b.Storage != "" {
		a.Storage = b.Storage
	}
	if b.Attestations != nil {
		a.Attestations = b.Attestations
	}
	if b.Notes != nil {
		a.Notes = append(slices.Clone(a.Notes), b.Notes...)
	}
	if b.Source != "" {
		a.Source = b.Source
	}
	if b.Checked != "" {
		a.Checked = b.Checked
	}
	return a
}

// selector reads an SDK argument that picks a host or processing.
func (p *Provider) selector(arg, value string) (SelectorValue, bool) {
	for _, s := range p.Selectors {
		if slices.Contains(s.Args, arg) {
			v, ok := s.Values[strings.ToLower(value)]
			return v, ok
		}
	}
	return SelectorValue{}, false
}

// defaultHost fills the provider's default host for a region; a template
// whose region is unknown or not a table region gives "".
func (c *Catalogue) defaultHost(p *Provider, region string) string {
	if !strings.Contains(p.Default, "{region}") {
		return p.Default
	}
	if _, ok := c.Region(p.Platform, region); !ok {
		return ""
	}
	return strings.ReplaceAll(p.Default, "{region}", strings.ToLower(region))
}

// dataFiles lists the embedded data files, for the schema test.
func dataFiles() []string {
	names, _ := fs.Glob(data, "data/*.yaml")
	return names
}
