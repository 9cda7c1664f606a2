package license

import (
	"context"
	"io/fs"
	"testing"

	"github.com/mcp-comply/mcp-comply/internal/project"
)

// index walks fsys as Collect's caller does.
func index(t testing.TB, fsys fs.FS) *project.Index {
	t.Helper()
	idx, err := project.Walk(context.Background(), fsys)
	if err != nil {
		t.Fatal(err)
	}
	return idx
}

// readIn runs a reader on one file of fsys as Collect does, through a
// fresh index: the components, then the reader's warnings with the index's
// (the files that could not be read or parsed), sorted.
func readIn(t testing.TB, fsys fs.FS, read fileReader, file string) ([]Component, []project.Warning) {
	t.Helper()
	idx := index(t, fsys)
	f := project.File{Path: file}
	for _, pf := range idx.Files() {
		if pf.Path == file {
			f = pf
		}
	}
	cs, ws := read(idx, f)
	return cs, withIndexWarnings(idx, ws)
}

func withIndexWarnings(idx *project.Index, ws []project.Warning) []project.Warning {
	ws = append(ws, idx.Warnings()...)
	project.SortWarnings(ws)
	return ws
}

// goModReader reads go.mod with a module cache.
func goModReader(modCache fs.FS) fileReader {
	return func(idx *project.Index, f project.File) ([]Component, []project.Warning) {
		return readGoMod(idx, f, modCache)
	}
}
