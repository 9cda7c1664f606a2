package hardening

import (
	"cmp"
	"path"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"

	"github.com/mcp-comply/mcp-comply/internal/project"
)

// EnvFile is a dotenv file the project holds or a config loads, and
// whether .gitignore keeps it out of the repository. When the scanned tree
// is a git revision, a present file is a committed one whatever
// .gitignore says.
type EnvFile struct {
	Path    string `json:"path"`
	Present bool   `json:"present"`
	Ignored bool   `json:"ignored"`
	// References are the config entries that load it.
	References []Evidence `json:"references,omitempty"`
}

// exampleEnv reports a dotenv template meant to be committed: one that
// shows the variables to set rather than sets them (.env.example,
// .env.sample, env.template, .env.dist, .env.defaults, .env.schema).
func exampleEnv(p string) bool {
	base := strings.ToLower(path.Base(p))
	for _, s := range []string{"example", "sample", "template", "dist", "defaults", "schema"} {
		if strings.Contains(base, s) {
			return true
		}
	}
	return false
}

// ignoreMatcher reads every .gitignore of the project (each applies to
// its directory) and .git/info/exclude when the tree has one (the walk
// skips .git, so that one is read from the index's file system, quietly).
func ignoreMatcher(idx *project.Index) gitignore.Matcher {
	var ps []gitignore.Pattern
	add := func(data []byte, domain []string) {
		for _, line := range strings.Split(string(data), "\n") {
			line = strings.TrimRight(line, "\r")
			if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
				continue
			}
			ps = append(ps, gitignore.ParsePattern(line, domain))
		}
	}
	if data, err := project.ReadFile(idx.FS(), ".git/info/exclude", 0); err == nil {
		add(data, nil)
	}
	for _, f := range idx.Files() {
		if path.Base(f.Path) != ".gitignore" {
			continue
		}
		var domain []string
		if dir := path.Dir(f.Path); dir != "." {
			domain = strings.Split(dir, "/")
		}
		if data := idx.Read(f.Path); data != nil {
			add(data, domain)
		}
	}
	return gitignore.NewMatcher(ps)
}

// envFiles lists the project's dotenv files (templates aside) and those
// the configs load.
func envFiles(idx *project.Index, configs []Config) []EnvFile {
	m := ignoreMatcher(idx)
	byPath := map[string]*EnvFile{}
	get := func(p string) *EnvFile {
		if e, ok := byPath[p]; ok {
			return e
		}
		e := &EnvFile{Path: p, Ignored: m.Match(strings.Split(p, "/"), false)}
		byPath[p] = e
		return e
	}
	for _, f := range idx.Files(project.EnvFile) {
		if !exampleEnv(f.Path) {
			get(f.Path).Present = true
		}
	}
	for _, c := range configs {
		if c.User {
			continue
		}
		for _, s := range c.Servers {
			for _, ref := range envFileRefs(c, s) {
				if strings.HasPrefix(ref.File, "/") || strings.HasPrefix(ref.File, "~") || strings.HasPrefix(ref.File, "$") {
					continue // outside the project
				}
				e := get(ref.File)
				e.Present = e.Present || idx.Has(ref.File)
				ref.Position = s.Position
				e.References = append(e.References, ref)
			}
		}
	}
	var out []EnvFile
	for _, e := range byPath {
		out = append(out, *e)
	}
	slices.SortFunc(out, func(a, b EnvFile) int { return cmp.Compare(a.Path, b.Path) })
	return out
}
