package source

import (
	"errors"
	"io/fs"
	"os"
	"slices"
	"strings"
)

// rootFS is an os.Root as an fs.FS that also opens names that are not
// valid UTF-8. os.Root.FS refuses them (fs.ValidPath wants UTF-8), so a
// directory named "srv\xff" was skipped with "invalid argument" and the
// poisoned tool and the token inside it went unreported. The os.Root
// still refuses every path and symlink that leaves the root; rootFS only
// checks what fs.ValidPath checks besides the encoding: no empty, "." or
// ".." element, no leading or trailing slash, no backslash.
type rootFS struct{ root *os.Root }

func (r rootFS) Open(name string) (fs.File, error) {
	if !validName(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	return r.root.Open(name)
}

func (r rootFS) Stat(name string) (fs.FileInfo, error) {
	if !validName(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrInvalid}
	}
	return r.root.Stat(name)
}

func (r rootFS) ReadDir(name string) ([]fs.DirEntry, error) {
	f, err := r.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	d, ok := f.(fs.ReadDirFile)
	if !ok {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errors.New("not a directory")}
	}
	es, err := d.ReadDir(-1)
	slices.SortFunc(es, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) }) // as fs.ReadDir does
	return es, err
}

// validName is fs.ValidPath without its UTF-8 check.
func validName(name string) bool {
	if name == "." {
		return true
	}
	if name == "" || strings.ContainsRune(name, '\\') {
		return false
	}
	for elem := range strings.SplitSeq(name, "/") {
		if elem == "" || elem == "." || elem == ".." {
			return false
		}
	}
	return true
}
