package license

import (
	"io/fs"
	"slices"
	"testing"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/project/projecttest"
)

// index walks fsys as Collect's caller does.
func index(t testing.TB, fsys fs.FS) *project.Index { return projecttest.Walk(t, fsys) }

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

// rendered is each component as line renders it, sorted: what the
// summary and graph tests compare.
func rendered(cs []Component, line func(Component) string) []string {
	out := make([]string, 0, len(cs))
	for _, c := range cs {
		out = append(out, line(c))
	}
	slices.Sort(out)
	return out
}

// readerCase is one file a reader reads and what it must give: the
// components, as invRows, and the warnings.
type readerCase struct {
	file string
	want []invRow
	ws   []wantWarning
}

// checkReader runs read on each case's file of fsys, a subtest a file.
func checkReader(t *testing.T, fsys fs.FS, read fileReader, cases []readerCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) { checkRead(t, fsys, read, tc.file, tc.want, tc.ws) })
	}
}

// checkRead runs read on one file of fsys (readIn), compares what it
// gives (checkInventory) and returns the components.
func checkRead(t *testing.T, fsys fs.FS, read fileReader, file string, want []invRow, wantWs []wantWarning) []Component {
	t.Helper()
	got, ws := readIn(t, fsys, read, file)
	checkInventory(t, got, ws, want, wantWs)
	return got
}
