// Package reports renders a finished *compliance.Report. Formats only
// render: every number and verdict they print is already in the report.
// One interface, one registry of format names; the CLI's --format flag and
// its error message come from Names.
package reports

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/mcp-comply/mcp-comply/compliance"
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
}

var registry = map[string]func(Options) Formatter{
	"json": func(Options) Formatter { return JSON{} },
	"text": func(o Options) Formatter { return Text{Color: o.Color} },
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
	mk, ok := registry[strings.ToLower(name)]
	if !ok {
		return nil, fmt.Errorf("unknown format %q (expected one of %s)", name, strings.Join(Names(), ", "))
	}
	return mk(opts), nil
}
