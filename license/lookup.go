package license

import (
	"context"
	"time"

	"github.com/mcp-comply/mcp-comply/internal/vocab"
)

// Lookup finds the licences of components the tree does not carry in the
// package registries' metadata. Package registry implements it over the
// network; it is set only when the user asks for online lookups
// (--online), so a nil Lookup is the offline default.
type Lookup interface {
	Licenses(ctx context.Context, qs []Query) []Answer
}

// Query names one component version to look up; an empty Version asks
// for the latest release (npm, PyPI) or tag (images).
type Query struct {
	Ecosystem vocab.Ecosystem
	Name      string
	Version   string
}

// Answer is what a registry states of one queried component: a declared
// licence (npm's and PyPI's metadata, an OCI image's
// org.opencontainers.image.licenses label), or the text of a licence file
// (a Go module zip's LICENSE), with where it came from and when.
type Answer struct {
	Query
	// Declared is the licence the metadata states, as written.
	Declared string
	// Field names where Declared was read ("license", "licenses",
	// "license_expression", "org.opencontainers.image.licenses").
	Field string
	// Classifiers are a Python package's "License ::" trove classifiers.
	Classifiers []string
	// Text is a licence file's content and TextFile its name in the
	// archive.
	Text     []byte
	TextFile string
	// URL is the document the answer was read from (credentials removed).
	URL string
	// Fetched is when the registry answered (a cached answer keeps its
	// first date).
	Fetched time.Time
	// Err says why there is no answer ("not found", a timeout …).
	Err string
}
