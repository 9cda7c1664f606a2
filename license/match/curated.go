package match

import (
	"strings"

	"github.com/google/licensecheck"
)

// curated lists the licensecheck v0.3.1 built-in ids the scanner compiles:
// the licences real npm, PyPI and Go dependency trees use, plus variants
// seen in the n8n and Flowise trees that extend one of them
// (BSD-2-Clause-Views, MITNFA) so that such a text is reported as itself and
// not as the licence it starts with. Both the text patterns and the URL-only
// entries of these ids are used. A licence not listed here comes out as no
// match, unless it merely appends a clause to a listed one: then it comes
// out as that licence with the clause uncovered (Coverage below 100).
//
// Compiling all 551 built-ins takes seconds; this set takes about 0.12 s,
// most of it the full GNU texts and SSPL, whose shared wording makes their
// combined automaton large (see BenchmarkBuild).
var curated = map[string]bool{
	"0BSD":                          true,
	"AGPL-3.0":                      true,
	"AGPL-3.0-only":                 true,
	"AGPL-3.0-or-later":             true,
	"Apache-2.0":                    true,
	"Artistic-2.0":                  true,
	"BSD-2-Clause":                  true,
	"BSD-2-Clause-Views":            true,
	"BSD-3-Clause":                  true,
	"BSL-1.0":                       true,
	"BlueOak-1.0.0":                 true,
	"CC-BY-3.0":                     true,
	"CC-BY-4.0":                     true,
	"CC-BY-SA-4.0":                  true,
	"CC0-1.0":                       true,
	"CommonsClause":                 true,
	"EPL-1.0":                       true,
	"EPL-2.0":                       true,
	"EUPL-1.1":                      true,
	"EUPL-1.2":                      true,
	"GPL-2.0":                       true,
	"GPL-2.0-only":                  true,
	"GPL-2.0-or-later":              true,
	"GPL-3.0":                       true,
	"GPL-3.0-only":                  true,
	"GPL-3.0-or-later":              true,
	"HPND":                          true,
	"ISC":                           true,
	"LGPL-2.1":                      true,
	"LGPL-2.1-only":                 true,
	"LGPL-2.1-or-later":             true,
	"LGPL-3.0":                      true,
	"LGPL-3.0-only":                 true,
	"LGPL-3.0-or-later":             true,
	"MIT":                           true,
	"MIT-0":                         true,
	"MIT-CMU":                       true,
	"MITNFA":                        true, // bowser's LICENSE
	"MPL-2.0":                       true,
	"MPL-2.0-no-copyleft-exception": true,
	"OFL-1.1":                       true,
	"PSF-2.0":                       true,
	"PolyForm-Noncommercial-1.0.0":  true,
	"PolyForm-Small-Business-1.0.0": true,
	"Python-2.0":                    true,
	"SSPL-1.0":                      true,
	"UPL-1.0":                       true,
	"Unicode-DFS-2016":              true,
	"Unlicense":                     true,
	"WTFPL":                         true,
	"X11":                           true,
	"Zlib":                          true,
}

// spdx maps licensecheck ids that are not SPDX ids to the id we report.
//
// licensecheck reports a bare GNU id (GPL-2.0, LGPL-2.1, AGPL-3.0 …) for the
// full licence text when no "version N only" or "or any later version"
// header came with it. We report the -only id: the text by itself grants
// only that version, so -only never claims more permission than the file
// gives (SPDX's own deprecated GPL-2.0 id was named "GNU General Public
// License v2.0 only"). GPL-2.0 §9 lets a program that names no version be
// used under any version; whoever relies on that must show it from the
// package's own headers, which the -or-later patterns match.
//
// CommonsClause is a rider, written "X WITH Commons-Clause"; SPDX has no id
// for it, so we use the name Trivy and licenseclassifier use.
var spdx = map[string]string{
	"AGPL-3.0":      "AGPL-3.0-only",
	"CommonsClause": "Commons-Clause",
	"GPL-2.0":       "GPL-2.0-only",
	"GPL-3.0":       "GPL-3.0-only",
	"LGPL-2.1":      "LGPL-2.1-only",
	"LGPL-3.0":      "LGPL-3.0-only",
}

// normalize returns the id we report for a licensecheck or template id.
func normalize(id string) string {
	if s, ok := spdx[id]; ok {
		return s
	}
	return id
}

// customURLs are licence URLs for the template licences. licensecheck only
// looks up http(s) URLs on .org and .com hosts, stored here without the
// scheme and lower-cased; so elastic.co and docs.n8n.io cannot be listed.
var customURLs = []licensecheck.License{
	// seeAlso of spdx/license-list-data json/details/BUSL-1.1.json, checked 2026-11-24.
	{ID: "BUSL-1.1", URL: "mariadb.com/bsl11"},
}

// variant is a wording that real copies of a built-in licence use and the
// built-in pattern lacks: old, a phrase of the pattern (it must occur once),
// becomes new, the same phrase with the other wording allowed (an LRE
// option stands on a line of its own). Only words
// that change nothing the licence grants or asks may be made optional, so
// a variant never lets a different licence through.
type variant struct {
	id, old, new string
	sample       string // the real copy that uses it (testdata/SOURCES.md)
}

// variants widen the built-in patterns, each declared once.
var variants = []variant{
	// "submitted to the Licensor" in the definition of "Contribution".
	{id: "Apache-2.0", old: "submitted to Licensor for", new: "submitted to\n((the))??\nLicensor for",
		sample: "apache-2.0-mcp-servers.txt"},
}

// widen returns l's pattern with its variants allowed.
func widen(l licensecheck.License) licensecheck.License {
	for _, v := range variants {
		if v.id == l.ID && l.LRE != "" {
			l.LRE = strings.Replace(l.LRE, v.old, v.new, 1)
		}
	}
	return l
}
