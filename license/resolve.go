package license

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/mcp-comply/mcp-comply/internal/lines"
	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/vocab"
	"github.com/mcp-comply/mcp-comply/license/kb"
	"github.com/mcp-comply/mcp-comply/license/match"
)

// MinCoverage is the share of a licence file's words (in percent) that
// known licence texts must cover before the file is taken as that licence.
// Below it, the rest of the file may add terms we cannot read, so the
// licence stays unknown (fail closed) with the partial match as evidence.
const MinCoverage = 75

// maxLicenseText caps how much of a licence file is read and matched.
const maxLicenseText = 1 << 20

// resolver resolves components' licences, reading each licence file once,
// through the index (or from the module cache).
type resolver struct {
	idx  *project.Index
	base *kb.Base
	// modCache serves "gomodcache:" paths (see gomod.go).
	modCache fs.FS

	mu    sync.Mutex
	texts map[string]*licenseText // licence file path → what it says
}

// licenseText is a licence file, read and matched once per scan.
type licenseText struct {
	once sync.Once
	tm   textMatch
	// meta is, for Python core metadata, the licence expression the
	// License field opens with before notice text; ok when there is one.
	meta   normalized
	metaEv Evidence
	metaOK bool
}

type textMatch struct {
	expr     *Expr
	coverage float64
	ids      []string // licence ids matched, in order
	notices  []string // notice ids matched (carve-outs of other paths)
	// proprietary: no licence text, but a notice that reserves all rights
	// and grants none (expr is then Proprietary).
	proprietary bool
	err         error
}

// Proprietary is the licence of code whose notice reserves all rights and
// grants none ("Copyright … All rights reserved."): the knowledge base's
// entry for a package that grants no licence (npm's UNLICENSED).
const Proprietary = "LicenseRef-UNLICENSED"

// A proprietary notice is short (a licence that also says "All rights
// reserved", as BSD's copyright lines do, is matched as that licence
// first), says all rights are reserved, and grants no permission.
const maxReservedText = 4 << 10

var (
	allRightsReserved = regexp.MustCompile(`(?i)\ball\s+rights\s+reserved\b`)
	grantsRights      = regexp.MustCompile(`(?i)\b(permission\s+is\s+(hereby\s+)?granted|licen[cs]ed\s+under|you\s+may\s+(use|copy|redistribute))\b`)
)

// errNotRead stands for a file the index could not read; its warning says
// why.
var errNotRead = errors.New("see the warnings")

func newResolver(idx *project.Index, opts Options) *resolver {
	return &resolver{idx: idx, base: opts.KB, modCache: opts.GoModCache, texts: map[string]*licenseText{}}
}

var seeLicenseIn = regexp.MustCompile(`(?i)^\(?\s*see\s+licen[cs]e\s+in\s+(.+?)\s*\)?$`)

// declarationRank orders declarations: the installed package's own
// metadata first, then lockfiles, then Python classifiers, which are the
// vaguest statement a package can make.
func declarationRank(d Declaration) int {
	switch {
	case strings.HasPrefix(d.Field, "package.json"), strings.HasSuffix(d.Field, "License-Expression"):
		return 0
	case d.Field == "classifier":
		return 3
	case strings.Contains(d.Field, "METADATA"), strings.Contains(d.Field, "PKG-INFO"):
		return 2
	}
	return 1
}

// resolve sets c.License from its declarations, then its licence files.
// The engine catalogue fills what is still unknown afterwards.
func (r *resolver) resolve(c *Component) {
	if c.License.Known() {
		return
	}
	// Readers and merges deliver declarations in no particular order; the
	// evidence must come out the same every run.
	decls := slices.Clone(c.Declared)
	slices.SortFunc(decls, func(a, b Declaration) int {
		return cmp.Or(declarationRank(a)-declarationRank(b), cmp.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line), cmp.Compare(a.Value, b.Value), cmp.Compare(a.Field, b.Field))
	})

	var found *Expr
	var method vocab.Method
	var evidence []Evidence
	var classifiers []*Expr
	for _, d := range decls {
		e, m, ev := r.declaration(c, d)
		evidence = append(evidence, ev)
		if e == nil {
			continue
		}
		if d.Field == "classifier" {
			classifiers = append(classifiers, e)
			continue
		}
		if found == nil {
			found, method = e, m
		} else if found.String() != e.String() {
			evidence[len(evidence)-1].Note = strings.TrimPrefix(evidence[len(evidence)-1].Note+"; ", "; ") +
				"differs from " + found.String() + ", which was declared with higher precedence"
		}
	}
	if found != nil && method != vocab.MethodText {
		c.TextConflicts = r.conflicts(c, found, decls)
	}
	if found == nil && len(classifiers) > 0 {
		// Several licence classifiers do not say whether the licences are
		// alternatives or all apply; AND is the reading that cannot
		// understate an obligation.
		found, method = conjoin(classifiers), vocab.MethodAlias
	}
	if found == nil {
		for _, f := range c.LicenseFiles {
			if isNoticeFile(f) {
				continue
			}
			t := r.text(f)
			if t.metaOK && found == nil {
				found, method = t.meta.Expr, t.meta.Method
				evidence = append(evidence, t.metaEv)
				continue
			}
			tm := t.tm
			ev := textEvidence(f, tm)
			evidence = append(evidence, ev)
			if tm.expr != nil && found == nil {
				found, method = tm.expr, vocab.MethodText
			} else if tm.expr != nil && found.String() != tm.expr.String() {
				// Several licence files: all apply unless they say otherwise.
				found = conjoin([]*Expr{found, tm.expr})
			}
		}
	}
	if found == nil {
		if e, ev, ok := r.readmeLicense(c.Dir); ok {
			found, method = e, vocab.MethodText
			evidence = append(evidence, ev)
		}
	}
	c.License = Resolution{Method: vocab.MethodNone, Evidence: evidence}
	if found != nil {
		c.License.Expression = found.String()
		c.License.Method = method
	}
}

// declaration reads one declared licence statement.
func (r *resolver) declaration(c *Component, d Declaration) (*Expr, vocab.Method, Evidence) {
	ev := Evidence{Method: vocab.MethodNone, Position: d.Position, Value: project.ValidUTF8(d.Value)}
	if d.Field == "classifier" {
		id, ok := r.base.Classifiers[strings.TrimSpace(d.Value)]
		if !ok {
			ev.Note = "classifier names no single licence"
			return nil, vocab.MethodNone, ev
		}
		e, err := ParseExpression(id)
		if err != nil {
			return nil, vocab.MethodNone, ev
		}
		ev.Method, ev.Note = vocab.MethodAlias, "classifier read as "+id
		return e, vocab.MethodAlias, ev
	}
	if m := seeLicenseIn.FindStringSubmatch(strings.TrimSpace(d.Value)); m != nil {
		return r.seeFile(c, m[1], ev)
	}
	n, ok := normalize(r.base, d.Value)
	if !ok {
		if tm := matchText([]byte(d.Value)); tm.expr != nil && looksLikeURL(d.Value) {
			ev.Method, ev.Note = vocab.MethodAlias, "licence URL read as "+tm.expr.String()
			return tm.expr, vocab.MethodAlias, ev
		}
		ev.Note = "not a licence expression"
		return nil, vocab.MethodNone, ev
	}
	ev.Method, ev.Note = n.Method, n.Note
	return n.Expr, n.Method, ev
}

// seeFile follows "SEE LICENSE IN <file>" to the file in the package's
// directory and matches its text.
func (r *resolver) seeFile(c *Component, name string, ev Evidence) (*Expr, vocab.Method, Evidence) {
	name = strings.Trim(name, `"' `)
	if c.Dir == "" || strings.Contains(name, "..") || path.IsAbs(name) {
		ev.Note = "refers to " + name + ", which is not available"
		return nil, vocab.MethodNone, ev
	}
	file := path.Join(c.Dir, name)
	if root := path.Clean(name); c.Workspace != "" && !r.idx.Has(file) && r.idx.Has(root) {
		// A workspace package without a licence file of its own: the
		// repository's, at the project root, is the one it points to.
		ev.Note = "no " + file + "; the project root's " + root
		file = root
	}
	if !r.idx.Has(file) {
		// Not found by the walk: ask the FS whether it is there at all,
		// so that a missing file is a note here, not a read warning.
		if _, err := fs.Stat(r.idx.FS(), file); err != nil {
			ev.Note = fmt.Sprintf("refers to %s: %v", file, project.Cause(err))
			return nil, vocab.MethodNone, ev
		}
	}
	tm := r.matchFile(file)
	if tm.err != nil {
		ev.Note = fmt.Sprintf("refers to %s: %v", file, tm.err)
		return nil, vocab.MethodNone, ev
	}
	text := textEvidence(file, tm)
	ev.Method, ev.Note = vocab.MethodText, strings.TrimPrefix(ev.Note+"; ", "; ")+"refers to "+file+"; "+text.Note
	ev.Coverage = tm.coverage
	if tm.expr == nil {
		return nil, vocab.MethodNone, ev
	}
	return tm.expr, vocab.MethodText, ev
}

// matchFile reads and matches a licence file once per scan.
func (r *resolver) matchFile(file string) textMatch { return r.text(file).tm }

// text reads a licence file once per scan, through the index or, for a
// "gomodcache:" path, from the module cache, and matches it.
func (r *resolver) text(file string) *licenseText {
	r.mu.Lock()
	t, ok := r.texts[file]
	if !ok {
		t = &licenseText{}
		r.texts[file] = t
	}
	r.mu.Unlock()
	t.once.Do(func() { r.load(t, file) })
	return t
}

func (r *resolver) load(t *licenseText, file string) {
	var data []byte
	var err error
	switch rest, ok := strings.CutPrefix(file, GoModCachePrefix); {
	case !ok:
		if data = r.idx.Read(file); data == nil {
			err = errNotRead
		} else if len(data) > maxLicenseText {
			err = fmt.Errorf("%w (%d bytes, limit %d)", project.ErrTooLarge, len(data), maxLicenseText)
		}
	case r.modCache == nil:
		err = fs.ErrNotExist
	default:
		data, err = project.ReadFile(r.modCache, rest, maxLicenseText)
	}
	if err != nil {
		t.tm = textMatch{err: err}
		return
	}
	if base := path.Base(file); base == "METADATA" || base == "PKG-INFO" {
		t.meta, t.metaEv, t.metaOK = r.metadataExpression(file, data)
		data = metadataLicense(data) // the rest is the package's description
	}
	t.tm = matchText(data)
}

// matchText identifies the licences in a text. Notices (a preamble putting
// other paths under another licence) are kept apart: they do not change the
// licence of the file's own scope.
func matchText(data []byte) textMatch {
	res := match.Scan(data)
	tm := textMatch{coverage: res.Coverage}
	for _, m := range res.Matches {
		if m.Kind == match.Notice {
			if !slices.Contains(tm.notices, m.ID) {
				tm.notices = append(tm.notices, m.ID)
			}
			continue
		}
		if !slices.Contains(tm.ids, m.ID) {
			tm.ids = append(tm.ids, m.ID)
		}
	}
	if len(tm.ids) == 0 && len(data) <= maxReservedText && allRightsReserved.Match(data) && !grantsRights.Match(data) {
		// A short copyright notice that reserves every right and grants
		// none: the code is proprietary, not of an unknown licence.
		tm.proprietary = true
		tm.expr = &Expr{ID: Proprietary}
		return tm
	}
	if len(tm.ids) > 0 && tm.coverage >= MinCoverage {
		args := make([]*Expr, len(tm.ids))
		for i, id := range tm.ids {
			args[i] = &Expr{ID: id}
		}
		tm.expr = conjoin(args)
	}
	return tm
}

// textEvidence records a text match, partial or not.
func textEvidence(file string, tm textMatch) Evidence {
	ev := Evidence{Method: vocab.MethodText, Position: project.Position{File: file}, Coverage: round1(tm.coverage)}
	switch {
	case tm.err != nil:
		ev.Method, ev.Note = vocab.MethodNone, "not read: "+tm.err.Error()
	case tm.proprietary:
		ev.Value = tm.expr.String()
		ev.Note = "all rights reserved and no licence granted: proprietary"
	case tm.expr != nil:
		ev.Value = tm.expr.String()
		ev.Note = fmt.Sprintf("text matches %s (%.0f%% of the file)", ev.Value, tm.coverage)
	case len(tm.ids) > 0:
		ev.Method, ev.Value = vocab.MethodNone, strings.Join(tm.ids, ", ")
		ev.Note = fmt.Sprintf("only %.0f%% of the file matches %s; the rest may add terms", tm.coverage, ev.Value)
	default:
		ev.Method, ev.Note = vocab.MethodNone, "no known licence text"
	}
	if len(tm.notices) > 0 {
		ev.Note += "; the file also puts some paths under another licence (" + strings.Join(tm.notices, ", ") + ")"
	}
	return ev
}

func round1(f float64) float64 { return float64(int(f*10+0.5)) / 10 }

// conjoin joins expressions with AND, flattening and dropping duplicates.
func conjoin(es []*Expr) *Expr {
	var args []*Expr
	seen := map[string]bool{}
	for _, e := range es {
		parts := []*Expr{e}
		if e.Op == "AND" {
			parts = e.Args
		}
		for _, p := range parts {
			if s := p.String(); !seen[s] {
				seen[s] = true
				args = append(args, p)
			}
		}
	}
	if len(args) == 1 {
		return args[0]
	}
	return &Expr{Op: "AND", Args: args}
}

// isNoticeFile reports whether a licence-ish file is an attribution notice
// (NOTICE, NOTICE.txt), which does not state a licence of its own.
func isNoticeFile(p string) bool {
	return strings.HasPrefix(strings.ToLower(path.Base(p)), "notice")
}

func looksLikeURL(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}

// GoModCachePrefix marks licence file paths that live in the Go module
// cache rather than in the project (see Options.GoModCache).
const GoModCachePrefix = "gomodcache:"

// metadataLicense returns the License field of Python core metadata, which
// setuptools fills with a whole licence text, continuation lines included.
func metadataLicense(data []byte) []byte {
	var out []byte
	in := false
	for _, line := range bytes.Split(data, []byte("\n")) {
		switch {
		case len(line) == 0:
			return out // the headers end at the first blank line
		case bytes.HasPrefix(line, []byte("License:")):
			in = true
			out = append(out, bytes.TrimSpace(line[len("License:"):])...)
			out = append(out, '\n')
		case in && (line[0] == ' ' || line[0] == '\t'):
			out = append(out, bytes.TrimSpace(line)...)
			out = append(out, '\n')
		default:
			in = false
		}
	}
	return out
}

// metadataExpression reads a License field that opens with a licence
// expression and goes on with notice text ("BSD-3-Clause" then the
// copyright lines), as some build backends write it.
func (r *resolver) metadataExpression(file string, data []byte) (normalized, Evidence, bool) {
	first, _, _ := bytes.Cut(metadataLicense(data), []byte("\n"))
	n, ok := normalize(r.base, string(first))
	if !ok {
		return normalized{}, Evidence{}, false
	}
	line := 0
	if i := bytes.Index(data, []byte("\nLicense:")); i >= 0 {
		line = lines.Of(data, i+1)
	}
	return n, Evidence{Method: n.Method, Position: project.Position{File: file, Line: line}, Value: string(first),
		Note: "the License field opens with this expression, then notice text"}, true
}

// conflicts are the licence files of c whose text is a licence the
// declared expression does not name at all. A file that names the declared
// licence's own words (MIT's grant, Apache's title …) agrees without being
// matched, so a large tree costs one substring search per file; notice
// files, partial matches and texts that share a licence with the
// declaration (LICENSE-MIT beside LICENSE-APACHE for "MIT OR Apache-2.0")
// are no conflict.
func (r *resolver) conflicts(c *Component, declared *Expr, decls []Declaration) []TextConflict {
	if len(c.LicenseFiles) == 0 {
		return nil
	}
	var ids []string
	for _, id := range declared.Leaves() {
		ids = append(ids, licenceFamily(id))
	}
	var at project.Position
	for _, d := range decls {
		if d.Field != "classifier" {
			at = d.Position
			break
		}
	}
	var out []TextConflict
	for _, f := range c.LicenseFiles {
		if isNoticeFile(f) || path.Base(f) == "METADATA" || path.Base(f) == "PKG-INFO" {
			continue
		}
		if data := r.idx.Read(f); data != nil && agrees(ids, data) {
			return nil // one file is the declared licence: the others are parts under theirs
		}
		tm := r.text(f).tm
		if tm.expr == nil || tm.proprietary {
			continue
		}
		if slices.ContainsFunc(tm.expr.Leaves(), func(id string) bool { return slices.Contains(ids, licenceFamily(id)) }) {
			return nil
		}
		out = append(out, TextConflict{Declared: declared.String(), Declaration: at, File: f, Text: tm.expr.String(), Coverage: round1(tm.coverage)})
	}
	return out
}

// licenceFamily is a licence id without the GNU "-only" / "-or-later"
// suffix: the text of LGPL-3.0-only and of LGPL-3.0-or-later is one, the
// choice is made by the notice, so the text cannot disagree with either.
func licenceFamily(id string) string {
	return strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(id, "-only"), "-or-later"), "+")
}

// signature is a phrase that opens the licence's own text: a file whose
// first kilobyte holds it is that licence's text, so it cannot disagree.
// (Only the opening counts: FSL-1.1-MIT and FSL-1.1-ALv2 quote MIT's grant
// and Apache's name at their end, as the licence they change into.)
var signature = map[string]string{
	"MIT":          "permission is hereby granted, free of charge",
	"ISC":          "permission to use, copy, modify, and/or distribute this software for any purpose",
	"Apache-2.0":   "apache license",
	"BSD-2-Clause": "redistribution and use in source and binary forms",
	"BSD-3-Clause": "redistribution and use in source and binary forms",
	"0BSD":         "permission to use, copy, modify, and/or distribute this software for any purpose",
}

func agrees(ids []string, data []byte) bool {
	if len(data) > 1<<10 {
		data = data[:1<<10]
	}
	lower := bytes.ToLower(data)
	for _, id := range ids {
		if sig, ok := signature[id]; ok && bytes.Contains(lower, []byte(sig)) {
			return true
		}
	}
	return false
}
