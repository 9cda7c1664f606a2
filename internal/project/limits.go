package project

import "github.com/mcp-comply/mcp-comply/internal/tree"

// Limits bound what the scan reads of a tree: a file's size, the number of
// files, and how much one parse may build. A zero field takes its default.
// Hitting a bound is a warning naming what was not read, never a silent
// cut.
type Limits struct {
	// MaxFileSize caps a data file, MaxSourceSize a source file, in bytes
	// (defaults MaxFileSize and MaxSourceSize).
	MaxFileSize   int64
	MaxSourceSize int64
	// MaxFiles caps the project files the walk records (default
	// DefaultMaxFiles); the rest of the tree is not read.
	MaxFiles int
	// Tree bounds each parse: nesting depth and values (tree.Limits).
	Tree tree.Limits
}

// DefaultMaxFiles is the default of Limits.MaxFiles: the largest monorepos
// scanned here hold under 100,000 files of their own.
const DefaultMaxFiles = 500_000

func (l Limits) withDefaults() Limits {
	if l.MaxFileSize <= 0 {
		l.MaxFileSize = MaxFileSize
	}
	if l.MaxSourceSize <= 0 {
		l.MaxSourceSize = MaxSourceSize
	}
	if l.MaxFiles <= 0 {
		l.MaxFiles = DefaultMaxFiles
	}
	return l
}

// sizeLimit is the size limit of a file of kind k.
func (l Limits) sizeLimit(k Kind) int64 {
	if k == Source {
		return l.MaxSourceSize
	}
	return l.MaxFileSize
}
