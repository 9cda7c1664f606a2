// Package project indexes a project in one walk and reads it once: it
// classifies the project's own files by kind (manifests, lockfiles,
// configs, workflow exports, source), records the installed third-party
// packages of vendored trees (node_modules, site-packages, virtualenvs, Go
// vendor/) for the licence inventory, and hands the analyzers each file
// read once under one size limit and one skip policy, parsed once: data
// files as positioned node trees (package tree), source as tokens or a Go
// syntax tree (package syntax). Analyzers read the index instead of the
// file system.
//
// The walk never follows a symlinked directory (no loops), refuses symlinks
// that leave the root (the source FS enforces it, the walk reports it) and
// never executes anything.
package project

import (
	"fmt"
	"io/fs"
	"sort"
	"sync"
)

// Position points into a file of the project. Line and Col are 1-based; zero
// means unknown.
type Position struct {
	File string `json:"file,omitempty"`
	Line int    `json:"line,omitempty"`
	Col  int    `json:"column,omitempty"`
}

func (p Position) String() string {
	switch {
	case p.Line > 0 && p.Col > 0:
		return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
	case p.Line > 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return p.File
}

// Warning is a problem with the input that did not stop the scan: a malformed
// manifest, a file too large to read, a symlink that was not followed.
type Warning struct {
	Position
	Message string `json:"message"`
}

func (w Warning) String() string { return w.Position.String() + ": " + w.Message }

// Warnf builds a Warning at pos.
func Warnf(pos Position, format string, args ...any) Warning {
	return Warning{Position: pos, Message: fmt.Sprintf(format, args...)}
}

// SortWarnings orders warnings by file, line, column and message so reports
// are deterministic whatever order the readers ran in.
func SortWarnings(ws []Warning) {
	sort.Slice(ws, func(i, j int) bool {
		a, b := ws[i], ws[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.Message < b.Message
	})
}

// File is one file of the project's own tree.
type File struct {
	Path string
	Kind Kind
	// Test marks test code and fixtures (a server defined in a test is
	// not one the project ships); Generated marks bundles, minified and
	// built output, which no analyzer reads.
	Test      bool
	Generated bool
}

// Ecosystem names a package ecosystem.
type Ecosystem string

const (
	NPM    Ecosystem = "npm"
	PyPI   Ecosystem = "pypi"
	Golang Ecosystem = "golang"
)

// Package is an installed third-party package inside a vendored tree.
type Package struct {
	Ecosystem Ecosystem
	// Dir is the package's directory.
	Dir string
	// Manifest is its metadata file: package.json, METADATA / PKG-INFO, or
	// vendor/modules.txt for Go.
	Manifest string
	// LicenseFiles are licence, copying and notice files in Dir (for Python,
	// also under the dist-info licenses/ folder), sorted.
	LicenseFiles []string
}

// Index is the result of the walk, and the one reader of its files.
type Index struct {
	fsys     fs.FS
	lim      Limits
	files    []File
	Packages []Package

	mu           sync.Mutex
	walkWarnings []Warning // the files and links the walk skipped, and why
	readWarnings []Warning // files that could not be read or parsed
	warned       map[string]bool
	cache        map[string]*cached
}

// FS is the file system the index was built from.
func (x *Index) FS() fs.FS { return x.fsys }

// Files returns the project's own files of the given kinds, sorted by path.
// With no kinds it returns all of them.
func (x *Index) Files(kinds ...Kind) []File {
	if len(kinds) == 0 {
		return x.files
	}
	var out []File
	for _, f := range x.files {
		for _, k := range kinds {
			if f.Kind == k {
				out = append(out, f)
				break
			}
		}
	}
	return out
}

// Has reports whether the project has a file at p (a project file, not one
// inside a vendored tree).
func (x *Index) Has(p string) bool {
	_, ok := x.search(p)
	return ok
}

func (x *Index) search(p string) (int, bool) {
	i := sort.Search(len(x.files), func(i int) bool { return x.files[i].Path >= p })
	return i, i < len(x.files) && x.files[i].Path == p
}
