package project

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
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

// DisplayPath is a path for a report: a name that is not valid UTF-8
// (which a repository may hold and the scan reads) with each invalid byte
// written \xNN, so it is shown as it is rather than as U+FFFD.
func DisplayPath(p string) string {
	if utf8.ValidString(p) {
		return p
	}
	var b strings.Builder
	for i := 0; i < len(p); {
		r, n := utf8.DecodeRuneInString(p[i:])
		if r == utf8.RuneError && n == 1 {
			fmt.Fprintf(&b, `\x%02x`, p[i])
		} else {
			b.WriteString(p[i : i+n])
		}
		i += n
	}
	return b.String()
}

// ValidUTF8 replaces invalid UTF-8 so text from the project is safe to keep
// in a report.
func ValidUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return string(bytes.ToValidUTF8([]byte(s), []byte("\uFFFD")))
}
