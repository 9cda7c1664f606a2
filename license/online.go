package license

import (
	"context"
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/vocab"
)

// online asks the registries for the licences of the components the tree
// left unknown (Options.Lookup), and resolves each answer the way the same
// statement in the tree would be: a declared licence through the aliases,
// classifiers through their table, a licence file's text through the
// matcher. What the tree says always wins; the registry only fills what
// it lacks. Each answer's evidence names its URL and the date it was
// fetched; a component whose version the project does not pin is looked
// up at its latest release, and the evidence says so.
func (r *resolver) online(ctx context.Context, lookup Lookup, cs []Component) {
	var at []int
	var qs []Query
	for i := range cs {
		c := &cs[i]
		if c.License.Known() || !lookupEcosystems[c.Ecosystem] {
			continue
		}
		q := Query{Ecosystem: c.Ecosystem, Name: c.Name, Version: c.Version}
		if !exactVersion(c.Ecosystem, c.Version) {
			if c.Ecosystem == vocab.Golang {
				continue // a Go module always has an exact version; the proxy has no "latest" licence to offer
			}
			q.Version = ""
		}
		qs = append(qs, q)
		at = append(at, i)
	}
	if len(qs) == 0 {
		return
	}
	for k, a := range lookup.Licenses(ctx, qs) {
		r.fromRegistry(&cs[at[k]], a)
	}
}

// lookupEcosystems are those a registry can answer for.
var lookupEcosystems = map[vocab.Ecosystem]bool{vocab.NPM: true, vocab.PyPI: true, vocab.Golang: true, vocab.Container: true}

// exactVersion reports whether v names one release: an npm exact semver,
// a Go module version, an image tag or digest, any non-empty Python
// version (the readers keep only pinned ones).
func exactVersion(eco vocab.Ecosystem, v string) bool {
	switch eco {
	case vocab.NPM:
		return isExactSemver(v)
	case vocab.Container:
		return v != "" && v != "latest"
	default:
		return v != ""
	}
}

// fromRegistry resolves c from one answer, keeping the evidence the tree
// gave (what was looked at and found wanting) before the registry's.
func (r *resolver) fromRegistry(c *Component, a Answer) {
	note := "registry metadata, fetched " + a.Fetched.UTC().Format("2006-01-02")
	if a.Version == "" {
		note += "; the project pins no version: the latest release's metadata"
	}
	at := project.Position{File: a.URL}
	if a.Err != "" {
		c.License.Evidence = append(c.License.Evidence, Evidence{Method: vocab.MethodNone, Position: at,
			Note: "registry lookup failed: " + a.Err})
		return
	}
	var found *Expr
	var method vocab.Method
	var evidence []Evidence
	if a.Declared != "" {
		e, m, ev := r.declaration(c, Declaration{Value: a.Declared, Field: a.Field, Position: at})
		ev.Note = strings.TrimPrefix(ev.Note+"; "+note, "; ")
		evidence = append(evidence, ev)
		found, method = e, m
	}
	if found == nil && len(a.Classifiers) > 0 {
		var es []*Expr
		for _, cl := range a.Classifiers {
			e, _, ev := r.declaration(c, Declaration{Value: cl, Field: "classifier", Position: at})
			ev.Note = strings.TrimPrefix(ev.Note+"; "+note, "; ")
			evidence = append(evidence, ev)
			if e != nil {
				es = append(es, e)
			}
		}
		if len(es) > 0 {
			found, method = conjoin(es), vocab.MethodAlias // as resolve reads several classifiers
		}
	}
	if found == nil && len(a.Text) > 0 {
		tm := matchText(a.Text)
		ev := textEvidence(a.URL, tm)
		ev.Note += "; " + a.TextFile + " in the " + note
		evidence = append(evidence, ev)
		if tm.expr != nil {
			found, method = tm.expr, vocab.MethodText
		}
	}
	if len(evidence) == 0 {
		evidence = append(evidence, Evidence{Method: vocab.MethodNone, Position: at, Note: note + ": states no licence"})
	}
	c.License.Evidence = append(c.License.Evidence, evidence...)
	if found != nil {
		c.License.Expression, c.License.Method = found.String(), method
	}
}
