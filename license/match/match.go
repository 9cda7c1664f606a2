// Package match identifies licences in licence texts.
//
// It wraps google/licensecheck with a curated set of its built-in licences
// (the ones real dependency trees use) plus embedded templates for the
// licences licensecheck does not know: n8n's Sustainable Use License and
// Enterprise License, Elastic-2.0, BUSL-1.1, FSL-1.1, the Dify Open Source
// License, the Flowise and Activepieces commercial licences, and the
// carve-out preambles ("notices") that put parts of a product under one of
// those. Returned ids are SPDX ids where SPDX has one, LicenseRef-… ids
// otherwise, and notice-… ids for notices.
//
// Matching is word based and strict: a text matches only when all of a
// licence's words are there in order, apart from the variations its
// template allows and the wording variants curated.go declares (words that
// change no term, seen in real copies). So a file that merely mentions a
// licence does not match, and a licence with a reworded clause does not
// either; Coverage tells how much of the text the matches explain.
//
// Reading a Result: the licence of a file is its License matches. A Notice
// says that some paths of the product are under another licence; it does not
// change the licence of the file it is in. When a LicenseRef-dify-open-source
// match is present, it is the licence of the whole file: the Apache-2.0 match
// beside it is the base licence the Dify conditions amend, not a choice.
// Coverage says how much of the file the licence matches explain; a low one
// means most of the file is something else (argparse's Python licence file
// matches HPND on its last 8 %), so the rest of it is unknown, not absent.
package match

import (
	"cmp"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/google/licensecheck"
)

// Kind says what a match is.
type Kind uint8

const (
	// License is a licence text, a licence header or a known licence URL
	// (a URL alone covers few words, so its Coverage stays low).
	License Kind = iota + 1
	// Notice is a carve-out preamble that puts some paths of a product under
	// another licence; it does not change the file's own licence.
	Notice
)

func (k Kind) String() string {
	switch k {
	case License:
		return "license"
	case Notice:
		return "notice"
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Match is one licence or notice found in a text; Start/End are byte offsets.
type Match struct {
	ID         string
	Kind       Kind
	Start, End int
}

// Result of scanning one text.
type Result struct {
	Matches []Match // in text order
	// Coverage is the percent of the text's words covered by licence (not
	// notice) matches, 0..100.
	Coverage float64
}

// Scan identifies the licences and notices in text. It is safe for
// concurrent use. The first call compiles the patterns, about 0.2 s on a
// 2-core machine (see BenchmarkBuild); later calls take some 30 µs per KB.
func Scan(text []byte) Result {
	if len(text) == 0 {
		return Result{}
	}
	cov := scanner().Scan(text)
	var r Result
	var licenseWords, noticeWords int
	for _, m := range cov.Match {
		id := normalize(m.ID)
		kind := kindOf(id)
		r.Matches = append(r.Matches, Match{ID: id, Kind: kind, Start: m.Start, End: m.End})
		if n := countWords(text[m.Start:m.End]); kind == Notice {
			noticeWords += n
		} else {
			licenseWords += n
		}
	}
	// licensecheck's Percent counts every match; take the notices' share out
	// of it. Exact without notices; with them it is off only by the words
	// licensecheck skips inside matches (HTML tags, Markdown link targets).
	if licenseWords > 0 {
		r.Coverage = cov.Percent * float64(licenseWords) / float64(licenseWords+noticeWords)
	}
	slices.SortStableFunc(r.Matches, func(a, b Match) int { return cmp.Compare(a.Start, b.Start) })
	return r
}

// IDs returns every id Scan can return, notices included, sorted.
func IDs() []string {
	return slices.Clone(catalog().ids)
}

// countWords counts runs of letters and digits, as licensecheck splits words.
func countWords(b []byte) int {
	n := 0
	in := false
	for _, r := range string(b) {
		w := unicode.IsLetter(r) || unicode.IsDigit(r)
		if w && !in {
			n++
		}
		in = w
	}
	return n
}

//go:embed templates/*.lre
var templateFS embed.FS

// template is one embedded licence or notice pattern.
type template struct {
	id  string // file name without .lre
	lre string
}

// templates reads the embedded patterns, sorted by id.
func templates() []template {
	names, err := fs.Glob(templateFS, "templates/*.lre")
	if err != nil {
		panic(err) // the pattern is a constant
	}
	var ts []template
	for _, name := range names {
		b, err := templateFS.ReadFile(name)
		if err != nil {
			panic(err) // embedded files are always readable
		}
		ts = append(ts, template{id: strings.TrimSuffix(path.Base(name), ".lre"), lre: string(b)})
	}
	return ts
}

// kindOf tells notices from licences by the id prefix the templates use.
func kindOf(id string) Kind {
	if strings.HasPrefix(id, "notice-") {
		return Notice
	}
	return License
}

// set is the curated scanner input and the ids it can return.
type set struct {
	licenses []licensecheck.License
	ids      []string
}

// catalog selects the curated built-ins and adds the templates. Cheap: no
// pattern is compiled here.
var catalog = sync.OnceValue(func() set {
	var s set
	for _, l := range licensecheck.BuiltinLicenses() {
		if curated[l.ID] {
			s.licenses = append(s.licenses, widen(l))
		}
	}
	for _, t := range templates() {
		s.licenses = append(s.licenses, licensecheck.License{ID: t.id, LRE: t.lre})
	}
	s.licenses = append(s.licenses, customURLs...)
	for _, l := range s.licenses {
		s.ids = append(s.ids, normalize(l.ID))
	}
	slices.Sort(s.ids)
	s.ids = slices.Compact(s.ids)
	return s
})

// build compiles the curated set into a scanner.
func build() (*licensecheck.Scanner, error) {
	return licensecheck.NewScanner(catalog().licenses)
}

// scanner is built once, on first use. The patterns are embedded and
// covered by tests, so a failure here is a bug in this package.
var scanner = sync.OnceValue(func() *licensecheck.Scanner {
	s, err := build()
	if err != nil {
		panic("license/match: " + err.Error())
	}
	return s
})

// Prepare compiles the patterns now rather than on the first Scan, so that
// a caller can overlap the compile with other work (go match.Prepare()).
func Prepare() { scanner() }
