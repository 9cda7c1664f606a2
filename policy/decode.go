package policy

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/github/go-spdx/v2/spdxexp/spdxlicenses"
	"go.yaml.in/yaml/v3"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/suggest"
	"github.com/mcp-comply/mcp-comply/internal/tree"
	"github.com/mcp-comply/mcp-comply/license"
	"github.com/mcp-comply/mcp-comply/license/kb"
	"github.com/mcp-comply/mcp-comply/residency"
)

// layer is what one file sets; nil means it leaves a key to the files it
// extends (or to the default).
type layer struct {
	name        string
	uses        []compliance.Use
	market      compliance.Market
	online      *bool
	cmk         *bool
	limits      Limits
	verdictsAll *[]compliance.Verdict
	verdictsBy  map[compliance.Use][]compliance.Verdict
	severity    compliance.Severity
	cne         *bool
	allowIDs    *[]string
	allowCats   *[]compliance.Category
	denyIDs     *[]string
	denyCats    *[]compliance.Category
	guarantees  *[]compliance.Guarantee
	geographies *[]string
	providerIDs *[]string
	providerIDn []*tree.Node // where providerIDs are written
	exclude     []string
	firstParty  []string
	overrides   []compliance.LicenseOverride
	providers   []providerSource
	waivers     []compliance.Waiver
}

// providerSource is the catalogue entries one file adds: a file's YAML,
// or the inline list written as such.
type providerSource struct {
	data []byte
	name string // for errors: the file, or file:line:col of the inline list
	at   Error  // where the policy names them
}

// loader reads a policy file and the files it extends.
type loader struct {
	src   source
	errs  Errors
	files []string
	stack []string
}

func (l *loader) errorf(file string, n *tree.Node, format string, args ...any) {
	e := Error{File: file, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		e.Line, e.Col = n.Line, n.Col
	}
	l.errs = append(l.errs, e)
}

// file reads one policy file and what it extends, and returns the layers
// to merge, the extended files' first. at is the extends entry that named
// it (nil for the policy itself).
func (l *loader) file(name string, at *Error) []*layer {
	if i := slices.Index(l.stack, name); i >= 0 {
		chain := append(slices.Clone(l.stack[i:]), name)
		e := *at
		e.Msg = "extends cycle: " + strings.Join(chain, " → ")
		l.errs = append(l.errs, e)
		return nil
	}
	data, err := l.src.read(name)
	if err != nil {
		msg := "cannot read the policy file: " + cause(err)
		if at != nil {
			e := *at
			e.Msg = fmt.Sprintf("extends %s: cannot read it: %s", name, cause(err))
			l.errs = append(l.errs, e)
			return nil
		}
		l.errs = append(l.errs, Error{File: name, Msg: msg})
		return nil
	}
	if !slices.Contains(l.files, name) {
		l.files = append(l.files, name)
	}
	docs, terrs := tree.YAML(data, tree.Limits{MaxDepth: 64, MaxNodes: 100_000})
	for _, e := range terrs {
		msg, dup := strings.CutSuffix(e.Msg, ": the last one is used") // not in a policy: it is refused
		if dup {
			msg += ": a key is written once"
		}
		l.errs = append(l.errs, Error{File: name, Line: e.Line, Col: e.Col, Msg: msg})
	}
	if len(terrs) > 0 {
		return nil
	}
	if len(docs) > 1 {
		l.errorf(name, docs[1], "a policy file holds one YAML document; this is a second")
		return nil
	}
	if len(docs) == 0 || docs[0].Kind == tree.Null {
		return []*layer{{name: name}} // empty: the defaults
	}
	root := docs[0]
	// The decoder reads past values of the wrong type (the schema
	// reports them), so every fault of the file is reported at once.
	l.schemaErrors(name, root)
	l.stack = append(l.stack, name)
	defer func() { l.stack = l.stack[:len(l.stack)-1] }()
	var layers []*layer
	for _, n := range strings1(root.Get("extends")) {
		ref, err := l.src.resolve(name, n.Text)
		if err != nil {
			l.errorf(name, n, "extends %s", err)
			continue
		}
		at := Error{File: name, Line: n.Line, Col: n.Col}
		layers = append(layers, l.file(ref, &at)...)
	}
	return append(layers, l.decode(name, root))
}

// cause is an error without the path the message already names.
func cause(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	if errors.Is(err, fs.ErrNotExist) {
		return "no such file"
	}
	return err.Error()
}

// strings1 reads a string or a list of strings.
func strings1(n *tree.Node) []*tree.Node {
	switch {
	case n == nil:
		return nil
	case n.Kind == tree.String:
		return []*tree.Node{n}
	}
	return n.Items
}

func texts(ns []*tree.Node) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.Text
	}
	return out
}

func typed[T ~string](ns []*tree.Node) []T {
	out := make([]T, len(ns))
	for i, n := range ns {
		out[i] = T(n.Text)
	}
	return out
}

func list[T ~string](n *tree.Node) *[]T {
	if n == nil {
		return nil
	}
	v := typed[T](n.Items)
	return &v
}

// decode reads a file that passed the schema, checking what the schema
// cannot: licence ids and expressions, rule ids, globs, URLs.
func (l *loader) decode(name string, root *tree.Node) *layer {
	ly := &layer{name: name}
	pos := func(n *tree.Node) compliance.Position {
		return compliance.Position{File: name, Line: n.Line, Col: n.Col}
	}
	if n := root.Get("intended_uses"); n != nil {
		ly.uses = typed[compliance.Use](n.Items)
	}
	ly.market = compliance.Market(root.Str("market"))
	if n := root.Get("online"); n != nil {
		b := n.Text == "true"
		ly.online = &b
	}
	if n := root.Get("encryption").Get("customer_managed_keys"); n != nil {
		b := n.Text == "true"
		ly.cmk = &b
	}
	if n := root.Get("limits"); n != nil {
		ly.limits = limits(n)
	}
	if f := root.Get("fail_on"); f != nil {
		if v := f.Get("verdicts"); v != nil {
			if v.Kind == tree.Array {
				ly.verdictsAll = list[compliance.Verdict](v)
			} else {
				ly.verdictsBy = map[compliance.Use][]compliance.Verdict{}
				for _, m := range v.Members {
					ly.verdictsBy[compliance.Use(m.Key)] = typed[compliance.Verdict](m.Value.Items)
				}
			}
		}
		ly.severity = compliance.Severity(f.Str("severity"))
		if c := f.Get("could_not_evaluate"); c != nil {
			b := c.Text == "true"
			ly.cne = &b
		}
	}
	if lic := root.Get("licenses"); lic != nil {
		ids := func(set *tree.Node) *[]string {
			n := set.Get("ids")
			if n == nil {
				return nil
			}
			out := []string{}
			for _, it := range n.Items {
				if id, ok := l.licenseID(name, it, it.Text); ok {
					out = append(out, id)
				}
			}
			return &out
		}
		if a := lic.Get("allow"); a != nil {
			ly.allowIDs, ly.allowCats = ids(a), list[compliance.Category](a.Get("categories"))
		}
		if d := lic.Get("deny"); d != nil {
			ly.denyIDs, ly.denyCats = ids(d), list[compliance.Category](d.Get("categories"))
		}
	}
	if res := root.Get("residency"); res != nil {
		ly.guarantees = list[compliance.Guarantee](res.Get("guarantees"))
		if g := res.Get("geographies"); g != nil {
			for _, it := range g.Items {
				l.geography(name, it)
			}
			ly.geographies = list[string](g)
		}
		if p := res.Get("providers"); p != nil {
			ly.providerIDs, ly.providerIDn = list[string](p), p.Items
		}
	}
	for _, key := range []string{"exclude"} {
		if n := root.Get(key); n != nil {
			for _, it := range n.Items {
				if err := compliance.ValidPath(it.Text); err != nil {
					l.errorf(name, it, "exclude: %v", err)
				}
			}
			ly.exclude = texts(n.Items)
		}
	}
	if n := root.Get("first_party"); n != nil {
		ly.firstParty = texts(n.Items)
	}
	if n := root.Get("license_overrides"); n != nil {
		for _, it := range n.Items {
			o := compliance.LicenseOverride{Component: it.Str("component"), Reason: it.Str("reason"),
				Evidence: it.Str("evidence"), Source: pos(it)}
			if expr, ok := l.expression(name, it.Get("license")); ok {
				o.License = expr
			}
			ly.overrides = append(ly.overrides, o)
		}
	}
	if n := root.Get("providers"); n != nil {
		at := Error{File: name, Line: n.Line, Col: n.Col}
		if n.Kind == tree.String {
			ref, err := l.src.resolve(name, n.Text)
			if err != nil {
				l.errorf(name, n, "providers %s", err)
			} else if data, err := l.src.read(ref); err != nil {
				l.errorf(name, n, "providers %s: cannot read it: %s", ref, cause(err))
			} else {
				ly.providers = append(ly.providers, providerSource{data: data, name: ref, at: at})
			}
		} else {
			data, err := yaml.Marshal(map[string]any{"providers": n.Interface()})
			if err != nil {
				l.errorf(name, n, "providers: %v", err)
			} else {
				ly.providers = append(ly.providers, providerSource{data: data, at: at,
					name: project.Position{File: name, Line: n.Line, Col: n.Col}.String()})
			}
		}
	}
	if n := root.Get("waivers"); n != nil {
		rules := compliance.RuleIDs()
		for _, it := range n.Items {
			w := compliance.Waiver{Finding: it.Str("finding"), Rule: it.Str("rule"), Component: it.Str("component"),
				Path: it.Str("path"), Reason: it.Str("reason"), Owner: it.Str("owner"), Expires: it.Str("expires"), Source: pos(it)}
			if r := it.Get("rule"); r != nil && !slices.Contains(rules, r.Text) {
				l.errorf(name, r, "%q is not a rule%s", r.Text, or(suggest.DidYouMean(r.Text, rules), " (the rules are listed in compliance/rules.yaml and in every SARIF report)"))
			}
			if p := it.Get("path"); p != nil {
				if err := compliance.ValidPath(p.Text); err != nil {
					l.errorf(name, p, "path: %v", err)
				}
			}
			w.Uses = typed[compliance.Use](strings1(it.Get("use")))
			ly.waivers = append(ly.waivers, w)
		}
	}
	return ly
}

// limitKeys are the keys of limits: and the field each sets.
var limitKeys = map[string]func(*Limits) **int{
	"max_file_size":   func(l *Limits) **int { return &l.MaxFileSize },
	"max_source_size": func(l *Limits) **int { return &l.MaxSourceSize },
	"max_files":       func(l *Limits) **int { return &l.MaxFiles },
	"max_depth":       func(l *Limits) **int { return &l.MaxDepth },
	"max_nodes":       func(l *Limits) **int { return &l.MaxNodes },
	"history_limit":   func(l *Limits) **int { return &l.HistoryLimit },
}

// limits reads limits: (its types checked by the schema).
func limits(n *tree.Node) Limits {
	var l Limits
	for _, m := range n.Members {
		num, _ := m.Value.Interface().(json.Number)
		if f, err := num.Float64(); err == nil && limitKeys[m.Key] != nil && f == math.Trunc(f) && f < math.MaxInt32 {
			v := int(f) // 1e3 is a whole number too
			*limitKeys[m.Key](&l) = &v
		}
	}
	if d, err := time.ParseDuration(n.Str("timeout")); err == nil {
		l.Timeout = &d
	}
	return l
}

// over is l with the limits o sets replacing l's.
func (l Limits) over(o Limits) Limits {
	for _, field := range limitKeys {
		if v := *field(&o); v != nil {
			*field(&l) = v
		}
	}
	if o.Timeout != nil {
		l.Timeout = o.Timeout
	}
	return l
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// licenseID checks a licence id of the lists and returns it as the
// knowledge base or the SPDX list spells it.
func (l *loader) licenseID(file string, n *tree.Node, id string) (string, bool) {
	if lic, with, ok := strings.Cut(id, " WITH "); ok {
		a, okA := l.licenseID(file, n, strings.TrimSpace(lic))
		b, okB := exception(strings.TrimSpace(with))
		if !okB {
			l.errorf(file, n, "%q is not an SPDX licence exception", strings.TrimSpace(with))
		}
		return a + " WITH " + b, okA && okB
	}
	if c, ok := canonical(id); ok {
		return c, true
	}
	l.errorf(file, n, "%q is not an SPDX licence id%s", id, or(licenseSuggestion(id), "; write a licence the SPDX list lacks as LicenseRef-…"))
	return id, false
}

func canonical(id string) (string, bool) {
	if strings.HasPrefix(id, "LicenseRef-") || strings.HasPrefix(id, "DocumentRef-") {
		return id, true
	}
	if l, ok := kb.Default().License(id); ok && !strings.HasSuffix(id, "+") {
		return l.ID, true
	}
	if ok, c := spdxlicenses.IsActiveLicense(strings.TrimSuffix(id, "+")); ok {
		return c + id[len(strings.TrimSuffix(id, "+")):], true
	}
	if ok, c := spdxlicenses.IsDeprecatedLicense(id); ok {
		return c, true
	}
	return id, false
}

func exception(id string) (string, bool) {
	if ok, c := spdxlicenses.IsException(id); ok {
		return c, true
	}
	if l, ok := kb.Default().License(id); ok {
		return l.ID, true
	}
	return id, false
}

// licenseSuggestion is " (did you mean Apache-2.0?)" for a licence name
// the knowledge base knows as an alias, or an id a typo away.
func licenseSuggestion(id string) string {
	base := kb.Default()
	if expr, ok := base.Aliases[strings.ToLower(id)]; ok {
		return " (did you mean " + expr + "?)"
	}
	ids := spdxlicenses.GetLicenses()
	for _, l := range base.Licenses {
		ids = append(ids, l.ID)
	}
	return suggest.DidYouMean(id, ids)
}

// expression checks an override's SPDX expression and returns it with
// its ids spelled as the SPDX list does.
func (l *loader) expression(file string, n *tree.Node) (string, bool) {
	if n == nil {
		return "", false
	}
	e, err := license.ParseExpression(n.Text)
	if err != nil {
		l.errorf(file, n, "%q is not an SPDX expression: %v", n.Text, err)
		return "", false
	}
	ok := true
	var fix func(e *license.Expr)
	fix = func(e *license.Expr) {
		switch e.Op {
		case "":
			id, good := l.licenseID(file, n, e.ID)
			e.ID, ok = id, ok && good
		case "WITH":
			fix(e.Args[0])
			id, good := exception(e.ID)
			if !good {
				l.errorf(file, n, "%q is not an SPDX licence exception", e.ID)
			}
			e.ID, ok = id, ok && good
		default:
			for _, a := range e.Args {
				fix(a)
			}
		}
	}
	fix(e)
	return e.String(), ok
}

// geography checks a residency geography against the catalogue.
func (l *loader) geography(file string, n *tree.Node) {
	g := n.Text
	switch strings.ToLower(g) {
	case "local", "global", "unknown":
		return
	}
	if p := residency.Default().Place(g); !p.Unknown {
		return
	}
	l.errorf(file, n, "%q is not a geography: write an ISO country code (DE, FR), a zone of the provider catalogue (EU, EEA), or local, global or unknown", g)
}

// catalogue builds the provider catalogue from the policy's providers and
// checks the residency allow list's provider ids against it.
func (l *loader) catalogue(p *Policy, layers []*layer) {
	cat := residency.Default()
	extended := false
	for _, ly := range layers {
		for _, ps := range ly.providers {
			c, err := cat.Extend(ps.data, ps.name)
			if err != nil {
				e := ps.at
				e.Msg = "providers: " + strings.TrimPrefix(err.Error(), ps.name+": ")
				l.errs = append(l.errs, e)
				continue
			}
			cat, extended = c, true
		}
	}
	if extended {
		p.Catalogue = cat
	}
	var ids []string
	for _, pr := range cat.Providers {
		ids = append(ids, pr.ID)
	}
	for _, ly := range layers {
		for _, n := range ly.providerIDn {
			if !slices.Contains(ids, n.Text) {
				l.errorf(ly.name, n, "%q is not a provider of the catalogue%s", n.Text, or(suggest.DidYouMean(n.Text, ids), "; add it under providers"))
			}
		}
	}
}

// merge applies the layers in order, later ones winning: scalars and the
// lists of licenses and residency replace, the waivers, overrides,
// exclude, first_party and providers append, fail_on.verdicts replaces
// per use (a list replaces every use).
func merge(layers []*layer) *Policy {
	p := &Policy{}
	var all *[]compliance.Verdict
	by := map[compliance.Use][]compliance.Verdict{}
	g := &p.Gate
	var cne *bool
	for _, ly := range layers {
		if ly.uses != nil {
			p.Uses = ly.uses
		}
		if ly.market != "" {
			p.Market = ly.market
		}
		if ly.online != nil {
			p.Online = *ly.online
		}
		if ly.cmk != nil {
			p.CustomerManagedKeys = *ly.cmk
		}
		p.Limits = p.Limits.over(ly.limits)
		if ly.verdictsAll != nil {
			all, by = ly.verdictsAll, map[compliance.Use][]compliance.Verdict{}
		}
		for u, v := range ly.verdictsBy {
			by[u] = v
		}
		if ly.severity != "" {
			g.FailOn.Severity = ly.severity
		}
		if ly.cne != nil {
			cne = ly.cne
		}
		set(&g.Licenses.Allow.IDs, ly.allowIDs)
		set(&g.Licenses.Allow.Categories, ly.allowCats)
		set(&g.Licenses.Deny.IDs, ly.denyIDs)
		set(&g.Licenses.Deny.Categories, ly.denyCats)
		set(&g.Residency.Guarantees, ly.guarantees)
		set(&g.Residency.Geographies, ly.geographies)
		set(&g.Residency.Providers, ly.providerIDs)
		p.Exclude = append(p.Exclude, ly.exclude...)
		p.FirstParty = append(p.FirstParty, ly.firstParty...)
		p.LicenseOverrides = append(p.LicenseOverrides, ly.overrides...)
		g.Waivers = append(g.Waivers, ly.waivers...)
	}
	if all != nil || len(by) > 0 {
		g.FailOn.Verdicts = map[compliance.Use][]compliance.Verdict{}
		for _, u := range compliance.Uses {
			switch v, ok := by[u]; {
			case ok:
				g.FailOn.Verdicts[u] = v
			case all != nil:
				g.FailOn.Verdicts[u] = *all
			}
		}
	}
	g.FailOn.PassUnevaluated = cne != nil && !*cne
	return p
}

func set[T any](dst *[]T, v *[]T) {
	if v != nil {
		*dst = *v
	}
}
