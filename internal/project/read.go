package project

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"unicode/utf8"
)

// MaxFileSize caps what a reader loads from one project file. Lockfiles of
// large monorepos reach a few tens of MB; anything beyond this is not a file
// a person wrote and is skipped with a warning.
const MaxFileSize = 64 << 20

// ErrTooLarge and ErrBinary say why a file was not read.
var (
	ErrTooLarge = errors.New("file too large")
	ErrBinary   = errors.New("binary file")
)

// ReadFile reads a text file of at most limit bytes (MaxFileSize when limit
// is 0). It refuses files with NUL bytes in their first 8 KiB, which are
// binary whatever their name says.
func ReadFile(fsys fs.FS, name string, limit int64) ([]byte, error) {
	if limit <= 0 {
		limit = MaxFileSize
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var size int64 = -1
	if info, err := f.Stat(); err == nil {
		if info.IsDir() {
			return nil, fmt.Errorf("is a directory")
		}
		size = info.Size()
		if size > limit {
			return nil, fmt.Errorf("%w (%d bytes, limit %d)", ErrTooLarge, size, limit)
		}
	}
	buf := make([]byte, 0, max(size+1, 512))
	data, err := readAll(f, buf, limit)
	if err != nil {
		return nil, err
	}
	if bytes.IndexByte(data[:min(len(data), 8<<10)], 0) >= 0 {
		return nil, ErrBinary
	}
	return data, nil
}

func readAll(r io.Reader, b []byte, limit int64) ([]byte, error) {
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if int64(len(b)) > limit {
			return nil, fmt.Errorf("%w (limit %d bytes)", ErrTooLarge, limit)
		}
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// ReadInput reads a project file for a reader, or returns the warning that
// says why it could not: "<what> not read: file too large (…)".
func ReadInput(fsys fs.FS, file, what string) ([]byte, []Warning) {
	data, err := ReadFile(fsys, file, 0)
	if err != nil {
		return nil, []Warning{Warnf(Position{File: file}, "%s not read: %v", what, Cause(err))}
	}
	return data, nil
}

// Lines maps byte offsets of a file to 1-based line and column numbers.
type Lines struct{ starts []int }

// NewLines indexes the line starts of data.
func NewLines(data []byte) *Lines {
	starts := make([]int, 1, bytes.Count(data, []byte{'\n'})+1)
	for i, c := range data {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &Lines{starts: starts}
}

// Line returns the 1-based line of a byte offset.
func (l *Lines) Line(offset int) int {
	return sort.Search(len(l.starts), func(i int) bool { return l.starts[i] > offset })
}

// At returns the 1-based line and column of a byte offset.
func (l *Lines) At(offset int) (line, col int) {
	line = l.Line(offset)
	return line, offset - l.starts[line-1] + 1
}

// LineOf returns the 1-based line of a byte offset without an index; use
// Lines when asking many times about the same file.
func LineOf(data []byte, offset int) int {
	return bytes.Count(data[:min(offset, len(data))], []byte{'\n'}) + 1
}

// ValidUTF8 replaces invalid UTF-8 so text from the project is safe to keep
// in a report.
func ValidUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return string(bytes.ToValidUTF8([]byte(s), []byte("\uFFFD")))
}
