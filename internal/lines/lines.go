// Package lines maps byte offsets of a text to 1-based line and column
// numbers. It is the one line index the parsers and readers share: the
// tokenizer, the node tree, the index's file readers and the secret scanner
// all report positions through it.
package lines

import (
	"bytes"
	"sort"
)

// Index holds the offsets at which the lines of a text start.
type Index struct{ starts []int }

// New indexes the line starts of data.
func New(data []byte) *Index {
	starts := make([]int, 1, bytes.Count(data, []byte{'\n'})+1)
	for i, c := range data {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &Index{starts: starts}
}

// Line returns the 1-based line of a byte offset. Offsets past the end
// belong to the last line.
func (x *Index) Line(offset int) int {
	return sort.Search(len(x.starts), func(i int) bool { return x.starts[i] > offset })
}

// At returns the 1-based line and column (in bytes) of a byte offset.
func (x *Index) At(offset int) (line, col int) {
	line = x.Line(max(offset, 0))
	return line, max(offset, 0) - x.starts[line-1] + 1
}

// Start returns the offset at which a 1-based line starts, or -1 when the
// text has no such line.
func (x *Index) Start(line int) int {
	if line < 1 || line > len(x.starts) {
		return -1
	}
	return x.starts[line-1]
}

// Count is the number of lines (a text without a newline has one).
func (x *Index) Count() int { return len(x.starts) }

// Of returns the 1-based line of a byte offset without building an index;
// use an Index when asking many times about the same text.
func Of(data []byte, offset int) int {
	return bytes.Count(data[:min(max(offset, 0), len(data))], []byte{'\n'}) + 1
}
