package compliance

import (
	"io/fs"
	"slices"
	"sync"
)

// excludeFS hides the paths a policy's Exclude globs match: a directory
// listing leaves them out, and opening, reading or stating one finds
// nothing, so no reader of the project sees them. It records what the
// listings left out, per glob.
type excludeFS struct {
	fsys     fs.FS
	patterns []string
	mu       sync.Mutex
	kept     []map[string]bool // per pattern, the paths listings left out
}

func newExcludeFS(fsys fs.FS, patterns []string) *excludeFS {
	e := &excludeFS{fsys: fsys, patterns: patterns, kept: make([]map[string]bool, len(patterns))}
	for i := range e.kept {
		e.kept[i] = map[string]bool{}
	}
	return e
}

// match returns the index of the first glob that matches name, or -1.
func (e *excludeFS) match(name string) int {
	if name == "." {
		return -1
	}
	return slices.IndexFunc(e.patterns, func(p string) bool { return MatchPath(p, name) })
}

func (e *excludeFS) hidden(op, name string) error {
	if e.match(name) >= 0 {
		return &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
	}
	return nil
}

func (e *excludeFS) Open(name string) (fs.File, error) {
	if err := e.hidden("open", name); err != nil {
		return nil, err
	}
	return e.fsys.Open(name)
}

func (e *excludeFS) Stat(name string) (fs.FileInfo, error) {
	if err := e.hidden("stat", name); err != nil {
		return nil, err
	}
	return fs.Stat(e.fsys, name)
}

func (e *excludeFS) ReadFile(name string) ([]byte, error) {
	if err := e.hidden("open", name); err != nil {
		return nil, err
	}
	return fs.ReadFile(e.fsys, name)
}

func (e *excludeFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if err := e.hidden("open", name); err != nil {
		return nil, err
	}
	entries, err := fs.ReadDir(e.fsys, name)
	out := entries[:0:0]
	for _, d := range entries {
		p := d.Name()
		if name != "." {
			p = name + "/" + p
		}
		if i := e.match(p); i >= 0 {
			e.mu.Lock()
			e.kept[i][p] = true
			e.mu.Unlock()
			continue
		}
		out = append(out, d)
	}
	return out, err
}

// exclusions says what each glob kept out.
func (e *excludeFS) exclusions() []Exclusion {
	out := make([]Exclusion, len(e.patterns))
	for i, p := range e.patterns {
		paths := make([]string, 0, len(e.kept[i]))
		for k := range e.kept[i] {
			paths = append(paths, k)
		}
		slices.Sort(paths)
		out[i] = Exclusion{Pattern: p, Paths: len(paths), Examples: paths[:min(3, len(paths))]}
	}
	return out
}

// dropExcluded removes the findings whose every piece of evidence lies in
// an excluded path (what the walk cannot keep out: the git history),
// counting each against the first glob that matches its first file in
// r.Inputs.Excluded.
func dropExcluded(r *Report, fs []Finding, patterns []string) []Finding {
	if len(patterns) == 0 {
		return fs
	}
	return slices.DeleteFunc(fs, func(f Finding) bool {
		first := -1
		for _, ev := range f.Evidence {
			i := slices.IndexFunc(patterns, func(p string) bool { return ev.File != "" && MatchPath(p, ev.File) })
			if i < 0 {
				return false
			}
			if first < 0 {
				first = i
			}
		}
		if first < 0 || first >= len(r.Inputs.Excluded) {
			return false
		}
		r.Inputs.Excluded[first].Findings++
		return true
	})
}
