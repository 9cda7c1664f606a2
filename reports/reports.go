// Package reports renders a finished *compliance.Report. Formats only
// render: every number and verdict they print is already in the report.
// One interface, one registry of format names; the CLI's --format flag and
// its error message come from Names.
//
// text and json live here; each other format is a subpackage that documents
// how the report maps onto its standard: markdown, sarif (SARIF 2.1.0 for
// GitHub code scanning), cyclonedx (a CycloneDX 1.6 SBOM), spdx (an SPDX
// 2.3 JSON SBOM) and pdf.
package reports

import (
	"fmt"
	"io"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/reports/cyclonedx"
	"github.com/mcp-comply/mcp-comply/reports/markdown"
	"github.com/mcp-comply/mcp-comply/reports/pdf"
	"github.com/mcp-comply/mcp-comply/reports/sarif"
	"github.com/mcp-comply/mcp-comply/reports/spdx"
)

// Formatter writes a report in one format.
type Formatter interface {
	Format(w io.Writer, r *compliance.Report) error
}

// Options are the rendering choices a format may honour.
type Options struct {
	// Color enables ANSI colour in the text format (the CLI sets it only
	// on a terminal without NO_COLOR).
	Color bool
	// Width is the text format's line width in columns; zero is
	// DefaultWidth. The CLI sets it to the terminal's width when standard
	// output is one.
	Width int
	// Date is the date a document carries: the PDF's cover and metadata,
	// the CycloneDX timestamp, the SPDX creation time. The CLI sets it from SOURCE_DATE_EPOCH, else
	// the commit time of the scanned revision, else the scan time. Zero
	// prints no date, and the PDF's metadata then say 1970-01-01, so output
	// stays reproducible.
	Date time.Time
}

type format struct {
	new func(Options) Formatter
	// binary formats are refused on a terminal.
	binary bool
	// suffixes of an output file name that select the format when
	// --format is not given.
	suffixes []string
}

var registry = map[string]format{
	"json":      {new: func(Options) Formatter { return JSON{} }, suffixes: []string{".json"}},
	"text":      {new: func(o Options) Formatter { return Text{Color: o.Color, Width: o.Width} }, suffixes: []string{".txt"}},
	"markdown":  {new: func(Options) Formatter { return markdown.Markdown{} }, suffixes: []string{".md", ".markdown"}},
	"sarif":     {new: func(Options) Formatter { return sarif.SARIF{} }, suffixes: []string{".sarif", ".sarif.json"}},
	"cyclonedx": {new: func(o Options) Formatter { return cyclonedx.BOM{Date: o.Date} }, suffixes: []string{".cdx.json", ".bom.json"}},
	"spdx":      {new: func(o Options) Formatter { return spdx.SPDX{Date: o.Date} }, suffixes: []string{".spdx.json"}},
	"pdf":       {new: func(o Options) Formatter { return pdf.PDF{Date: o.Date} }, binary: true, suffixes: []string{".pdf"}},
}

// Names lists the format names, sorted.
func Names() []string {
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// New returns the formatter for a format name.
func New(name string, opts Options) (Formatter, error) {
	f, ok := registry[strings.ToLower(name)]
	if !ok {
		return nil, fmt.Errorf("unknown format %q (expected one of %s)", name, strings.Join(Names(), ", "))
	}
	return f.new(opts), nil
}

// DiffFormatter writes a diff (mcp-comply diff) in one format.
type DiffFormatter interface {
	FormatDiff(w io.Writer, d *compliance.Diff) error
}

// diffRegistry holds the formats a diff is written in.
var diffRegistry = map[string]func(Options) DiffFormatter{
	"json":     func(Options) DiffFormatter { return JSON{} },
	"text":     func(o Options) DiffFormatter { return Text{Color: o.Color, Width: o.Width} },
	"markdown": func(Options) DiffFormatter { return markdown.Markdown{} },
}

// DiffNames lists the formats of a diff, sorted.
func DiffNames() []string {
	return slices.Sorted(maps.Keys(diffRegistry))
}

// NewDiff returns the formatter of a diff for a format name.
func NewDiff(name string, opts Options) (DiffFormatter, error) {
	f, ok := diffRegistry[strings.ToLower(name)]
	if !ok {
		return nil, fmt.Errorf("unknown format %q for a diff (expected one of %s)", name, strings.Join(DiffNames(), ", "))
	}
	return f(opts), nil
}

// Binary reports whether a format writes bytes that do not belong on a
// terminal.
func Binary(name string) bool { return registry[strings.ToLower(name)].binary }

// ForFile returns the format a file name asks for by its ending
// (report.pdf, results.sarif, bom.cdx.json, sbom.spdx.json), or "" when
// none does. The longest matching ending wins, so bom.cdx.json is
// cyclonedx, not json.
func ForFile(name string) string {
	base := strings.ToLower(filepath.Base(name))
	best, bestLen := "", 0
	for n, f := range registry {
		for _, s := range f.suffixes {
			if strings.HasSuffix(base, s) && len(s) > bestLen {
				best, bestLen = n, len(s)
			}
		}
	}
	return best
}
