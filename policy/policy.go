// Package policy reads the policy file mcp-comply check judges a project
// by, mcp-comply.yaml: it parses the YAML through internal/tree (every
// value keeps its line and column), validates it against the embedded
// JSON Schema (schema.json, draft 2020-12), resolves extends, and turns it
// into compliance configuration: the part that changes the analysis
// (Configure: intended uses, market, exclude, first_party,
// license_overrides, providers), the scan's limits (Limits, which the
// CLI's flags override) and the gate (Policy.Gate, judged by
// compliance.Gate.Check).
//
// Every fault is an Error that names file:line:col, the bad value and
// what is allowed; Load reports them all at once, sorted by file and
// position (Errors). The keys, their defaults and the merge rules of
// extends are in schema.json's descriptions and the commented example
// testdata/example/mcp-comply.yaml; Init writes a starter policy from a
// report.
package policy

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/mcp-comply/mcp-comply/compliance"
	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/residency"
)

// FileName is the policy file's name at the root of a project.
const FileName = "mcp-comply.yaml"

// maxSize bounds a policy file: a policy is written by people.
const maxSize = 1 << 20

// Policy is a policy file, its extends resolved.
type Policy struct {
	// Files are the files read: the policy first, then the files it
	// extends, each once, as the errors name them. Empty: no policy file,
	// the defaults.
	Files []string
	// Uses and Market are the policy's intended uses and market (empty
	// when it names none; --use and --market override them).
	Uses   []compliance.Use
	Market compliance.Market
	// Online asks the package registries for the licences the tree does
	// not carry (online: true; mcp-comply --online turns it on too).
	Online bool
	// CustomerManagedKeys asks for data at rest under the project's own
	// keys (encryption: customer_managed_keys: true): a resource encrypted
	// only with the cloud's default key fails (compliance.Policy).
	CustomerManagedKeys bool
	// Limits are the scan's bounds the policy sets (limits:); a flag of
	// the same name given on the command line wins.
	Limits Limits
	// Exclude, FirstParty and LicenseOverrides go to compliance.Config's
	// Policy.
	Exclude          []string
	FirstParty       []string
	LicenseOverrides []compliance.LicenseOverride
	// Catalogue is the embedded provider catalogue with the policy's
	// providers added; nil when it adds none.
	Catalogue *residency.Catalogue
	// Gate is what fails the report: fail_on, licenses, residency,
	// waivers. Its Files are the policy's.
	Gate compliance.Gate
}

// Limits are the bounds of a scan a policy sets, each nil when no file
// sets it (the flag's default holds). Sizes are in MiB, as the flags take
// them.
type Limits struct {
	MaxFileSize, MaxSourceSize   *int
	MaxFiles, MaxDepth, MaxNodes *int
	HistoryLimit                 *int
	Timeout                      *time.Duration
}

// Configure sets what the policy changes in an analysis: the uses and the
// market when it names them, the exclude globs, the first-party patterns
// and the licence overrides (added to what cfg holds), the provider
// catalogue when it adds providers. Flags that override the policy
// (--use, --market, --providers) are applied after it.
func (p *Policy) Configure(cfg *compliance.Config) {
	if len(p.Uses) > 0 {
		cfg.Policy.Uses = slices.Clone(p.Uses)
	}
	if p.Market != "" {
		cfg.Policy.Market = p.Market
	}
	cfg.Policy.CustomerManagedKeys = cfg.Policy.CustomerManagedKeys || p.CustomerManagedKeys
	cfg.Policy.Exclude = append(cfg.Policy.Exclude, p.Exclude...)
	cfg.Policy.FirstParty = append(cfg.Policy.FirstParty, p.FirstParty...)
	cfg.Policy.LicenseOverrides = append(cfg.Policy.LicenseOverrides, p.LicenseOverrides...)
	if p.Catalogue != nil {
		cfg.Knowledge.Residency = p.Catalogue
	}
}

// Error is one fault of a policy file.
type Error struct {
	File string
	// Line and Col are 1-based; zero when the fault is the whole file's.
	Line, Col int
	Msg       string
}

func (e Error) Error() string {
	return project.Position{File: e.File, Line: e.Line, Col: e.Col}.String() + ": " + e.Msg
}

// Errors are every fault Load found, sorted by file and position; its
// message is one line each.
type Errors []Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

func (es Errors) sorted() Errors {
	slices.SortStableFunc(es, func(a, b Error) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col), cmp.Compare(a.Msg, b.Msg))
	})
	return slices.CompactFunc(es, func(a, b Error) bool { return a == b })
}

// Find reads the project's policy file (FileName at the root of fsys),
// or returns the defaults (a Policy with no Files) when there is none.
// Its extends may name only files inside fsys.
func Find(fsys fs.FS) (*Policy, error) {
	if _, err := fs.Stat(fsys, FileName); errors.Is(err, fs.ErrNotExist) {
		return &Policy{}, nil
	}
	return Load(fsys, FileName)
}

// Load reads the policy file name of fsys (a project's root): extends and
// providers files are read from fsys too, so nothing outside it is read.
func Load(fsys fs.FS, name string) (*Policy, error) {
	return load(fsSource{fsys}, name)
}

// LoadFile reads a policy file the user names (mcp-comply check
// --config): its extends and providers files are paths relative to it,
// wherever they are.
func LoadFile(name string) (*Policy, error) {
	return load(osSource{}, name)
}

// source reads policy files and resolves the paths they name.
type source interface {
	read(name string) ([]byte, error)
	// resolve names the file ref, written in the file from, stands for.
	resolve(from, ref string) (string, error)
}

type fsSource struct{ fsys fs.FS }

func (s fsSource) read(name string) ([]byte, error) {
	return project.ReadFile(s.fsys, name, maxSize)
}

func (s fsSource) resolve(from, ref string) (string, error) {
	p := path.Join(path.Dir(from), ref)
	if path.IsAbs(ref) || strings.HasPrefix(ref, "~") || !fs.ValidPath(p) {
		return "", fmt.Errorf("%q is outside the project's root: a policy inside the project may only name files inside it (give a shared policy with --config)", ref)
	}
	return p, nil
}

type osSource struct{}

func (osSource) read(name string) ([]byte, error) {
	return project.ReadFile(os.DirFS(filepath.Dir(name)), filepath.Base(name), maxSize)
}

func (osSource) resolve(from, ref string) (string, error) {
	if filepath.IsAbs(ref) {
		return filepath.Clean(ref), nil
	}
	return filepath.Join(filepath.Dir(from), filepath.FromSlash(ref)), nil
}

func load(src source, name string) (*Policy, error) {
	l := &loader{src: src}
	layers := l.file(name, nil)
	p := merge(layers)
	p.Files = l.files
	p.Gate.Files = l.files
	l.catalogue(p, layers)
	if len(l.errs) > 0 {
		return nil, l.errs.sorted()
	}
	return p, nil
}
