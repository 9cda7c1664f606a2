package license

// Python inventory: requirements files, pyproject.toml (PEP 621, PEP 735,
// Poetry, uv and PDM dev lists), poetry.lock, uv.lock and the METADATA of
// installed distributions.
//
// Names are PEP 503-normalised. Version is the exact version when the file
// pins one (a lockfile entry, ==/=== in a requirement, a bare Poetry
// version) and "" for a range.
//
// Dev follows one rule, chosen to fail closed: a dependency is dev-only
// when it comes from a list that says so (tool.poetry.dev-dependencies,
// tool.uv.dev-dependencies, tool.pdm.dev-dependencies, poetry.lock
// category = "dev") or from a group, extra or requirements file whose name
// is a dev word (see isDevName). Any other group counts as shipped, PEP 735
// dependency groups included: nothing stops a project from deploying with
// `uv sync --group prod` or `poetry install`, which installs every
// non-optional Poetry group, and a dependency wrongly marked dev would hide
// its licence from the checks. A requirements entry takes the dev status of
// the file it is written in, not of the file that includes it.
//
// Local directories are the project's own code, not dependencies: `-e .`,
// `-e ./libs/x#egg=x`, `name @ file:///…/dir`, Poetry path dependencies and
// uv/Poetry directory and editable sources are skipped, like local
// replacements in go.mod. Local wheels and sdists are someone's build and
// are kept. Build requirements
// ([build-system] requires) are not shipped and are not read.

import (
	"errors"
	"io/fs"
	"maps"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/tree"
	"github.com/mcp-comply/mcp-comply/internal/vocab"
)

// pypiName normalises a distribution name as PEP 503 does: lower case, runs
// of "-", "_" and "." become one "-".
func pypiName(name string) string {
	var b strings.Builder
	sep := false
	for _, r := range strings.ToLower(strings.TrimSpace(name)) {
		if r == '-' || r == '_' || r == '.' {
			sep = true
			continue
		}
		if sep && b.Len() > 0 {
			b.WriteByte('-')
		}
		sep = false
		b.WriteRune(r)
	}
	return b.String()
}

// devWords name groups, extras and requirements files that hold
// development-only dependencies.
var devWords = map[string]bool{
	"dev": true, "devel": true, "develop": true, "development": true,
	"test": true, "tests": true, "testing": true,
	"doc": true, "docs": true, "documentation": true,
	"lint": true, "linting": true, "linters": true,
}

// isDevName reports whether a group, extra or file name is made of words
// separated by - _ . of which one is a dev word: "dev", "test-utils",
// "requirements-dev", "docs_build".
func isDevName(name string) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return r == '-' || r == '_' || r == '.' }) {
		if devWords[w] {
			return true
		}
	}
	return false
}

func pyComponent(name, version string, dev bool, pos project.Position) Component {
	return Component{Ecosystem: vocab.PyPI, Name: pypiName(name), Version: version, Role: vocab.RoleLibrary, Dev: dev,
		Locations: []project.Position{pos}}
}

// ---------------------------------------------------------------- PEP 508

// requirement is a parsed PEP 508 dependency specifier.
type requirement struct {
	Name    string
	Clauses []string // "==1.2.3", ">=2,<3" split on commas, spaces removed
	URL     string   // the direct reference after "@"
	Marker  string
}

// pinned returns the exact version a requirement asks for: the operand of
// its single "==" (without a wildcard) or "===" clause; "" for a range.
func (r requirement) pinned() string {
	if len(r.Clauses) != 1 {
		return ""
	}
	c := r.Clauses[0]
	switch {
	case strings.HasPrefix(c, "==="):
		return c[3:]
	case strings.HasPrefix(c, "==") && !strings.Contains(c, "*"):
		return c[2:]
	}
	return ""
}

// syntaxError is a problem at a byte offset of the parsed text.
type syntaxError struct {
	Offset int
	Msg    string
}

func (e *syntaxError) Error() string { return e.Msg }

var (
	pep508Name = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?`)
	pep440Op   = regexp.MustCompile(`^(===|==|~=|!=|<=|>=|<|>)\s*([A-Za-z0-9_.*+!-]+)`)
)

// parsePEP508 parses the subset of PEP 508 that real files use: a name,
// extras, a version specifier (bare or parenthesised) or "@ URL", and an
// environment marker after ";" (kept as written, not evaluated).
func parsePEP508(s string) (requirement, error) {
	var r requirement
	i := skipSpace(s, 0)
	m := pep508Name.FindString(s[i:])
	if m == "" {
		return r, &syntaxError{i, "expected a package name"}
	}
	r.Name = m
	i = skipSpace(s, i+len(m))
	if i < len(s) && s[i] == '[' {
		end := strings.IndexByte(s[i:], ']') // extras add nothing to the inventory
		if end < 0 {
			return r, &syntaxError{i, "unclosed extras list: missing ']'"}
		}
		i = skipSpace(s, i+end+1)
	}
	switch {
	case i < len(s) && s[i] == '@':
		rest := s[i+1:]
		// A marker after a URL must be preceded by whitespace (PEP 508).
		if j := strings.Index(rest, " ;"); j >= 0 {
			r.Marker = strings.TrimSpace(rest[j+2:])
			rest = rest[:j]
		}
		r.URL = strings.TrimSpace(rest)
		if r.URL == "" {
			return r, &syntaxError{i, "expected a URL after '@'"}
		}
		return r, nil
	case i < len(s) && s[i] == '(':
		end := strings.IndexByte(s[i:], ')')
		if end < 0 {
			return r, &syntaxError{i, "unclosed version specifier: missing ')'"}
		}
		if err := r.parseSpec(s[i+1:i+end], i+1); err != nil {
			return r, err
		}
		i = skipSpace(s, i+end+1)
	default:
		end := len(s)
		if j := strings.IndexByte(s[i:], ';'); j >= 0 {
			end = i + j
		}
		if err := r.parseSpec(s[i:end], i); err != nil {
			return r, err
		}
		i = end
	}
	if i < len(s) {
		if s[i] != ';' {
			return r, &syntaxError{i, "unexpected text after the version specifier"}
		}
		r.Marker = strings.TrimSpace(s[i+1:])
	}
	return r, nil
}

// parseSpec reads comma-separated version clauses; off is the offset of
// spec in the whole requirement, for error positions.
func (r *requirement) parseSpec(spec string, off int) error {
	if strings.TrimSpace(spec) == "" {
		return nil
	}
	pos := off
	for _, part := range strings.Split(spec, ",") {
		lead := len(part) - len(strings.TrimLeft(part, " \t"))
		c := strings.TrimSpace(part)
		m := pep440Op.FindStringSubmatch(c)
		switch {
		case m == nil:
			return &syntaxError{pos + lead, "invalid version clause"}
		case len(m[0]) != len(c):
			rest := c[len(m[0]):]
			at := pos + lead + len(m[0]) + len(rest) - len(strings.TrimLeft(rest, " \t"))
			return &syntaxError{at, "unexpected text after the version"}
		}
		r.Clauses = append(r.Clauses, m[1]+m[2])
		pos += len(part) + 1
	}
	return nil
}

func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

// ---------------------------------------------------------------- requirements files

// reqReader reads one requirements file and the files it includes.
type reqReader struct {
	idx         *project.Index
	seen        map[string]bool
	out         []Component
	constraints map[string]Component // -c files: pins by name, not components
	warnings    []project.Warning
}

// readRequirements reads a pip requirements file, following -r and -c
// includes inside the project. Constraint files pin versions of the
// requirements that leave them open; they add no components of their own.
func readRequirements(idx *project.Index, file project.File) ([]Component, []project.Warning) {
	r := &reqReader{idx: idx, seen: map[string]bool{}, constraints: map[string]Component{}}
	r.read(file.Path, false, project.Position{})
	for i := range r.out {
		c := &r.out[i]
		if pin, ok := r.constraints[c.Name]; ok && c.Version == "" {
			c.Version = pin.Version
			c.Locations = append(c.Locations, pin.Locations...)
		}
	}
	SortComponents(r.out)
	project.SortWarnings(r.warnings)
	return r.out, r.warnings
}

func (r *reqReader) warn(pos project.Position, format string, args ...any) {
	r.warnings = append(r.warnings, project.Warnf(pos, format, args...))
}

// reqFileIsDev applies the dev rule to a requirements file's name
// (requirements-dev.txt, test-requirements.txt, requirements/docs.txt).
func reqFileIsDev(file string) bool {
	return isDevName(strings.TrimSuffix(path.Base(file), path.Ext(file)))
}

// read reads one file; from is the include line that led here (zero for
// the file the caller asked for).
func (r *reqReader) read(file string, constraint bool, from project.Position) {
	if r.seen[file] {
		return // included twice, or a cycle: read once
	}
	r.seen[file] = true
	if from.File != "" && !r.idx.Has(file) {
		// Say so at the include; the index has nothing to say about a
		// file that is not there.
		if _, err := fs.Stat(r.idx.FS(), file); err != nil {
			r.warn(from, "included file %s not read: %v", file, project.Cause(err))
			return
		}
	}
	data := r.idx.Read(file)
	if data == nil {
		return // the index says why
	}
	dev := reqFileIsDev(file)
	for _, l := range logicalLines(data) {
		pos := project.Position{File: file, Line: l.line}
		text := l.text
		if strings.HasPrefix(text, "-") {
			r.option(file, text, pos, dev)
			continue
		}
		c, ok := r.requirementLine(text, pos, dev)
		if !ok {
			continue
		}
		if constraint {
			if c.Version != "" {
				r.constraints[c.Name] = c
			}
			continue
		}
		r.out = append(r.out, c)
	}
}

// reqLine is a logical line of a requirements file: continuations joined,
// comments removed, with the line it starts on.
type reqLine struct {
	text string
	line int
}

var reqComment = regexp.MustCompile(`(^|\s+)#.*$`)

// logicalLines joins backslash continuations and strips comments, the way
// pip preprocesses a requirements file.
func logicalLines(data []byte) []reqLine {
	var out []reqLine
	var cur strings.Builder
	start := 0
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimRight(line, "\r")
		if start == 0 {
			start = i + 1
		}
		if body, ok := strings.CutSuffix(line, `\`); ok && !reqComment.MatchString(line) {
			cur.WriteString(body)
			cur.WriteByte(' ')
			continue
		}
		cur.WriteString(line)
		if text := strings.TrimSpace(reqComment.ReplaceAllString(cur.String(), "")); text != "" {
			out = append(out, reqLine{text: project.ValidUTF8(text), line: start})
		}
		cur.Reset()
		start = 0
	}
	return out
}

// option handles a line starting with "-": includes, editable installs and
// the pip options that say nothing about what is installed.
func (r *reqReader) option(file, text string, pos project.Position, dev bool) {
	name, value := splitOption(text)
	switch name {
	case "-r", "--requirement", "-c", "--constraint":
		if value == "" {
			r.warn(pos, "%s without a file name", name)
			return
		}
		if strings.Contains(value, "://") {
			r.warn(pos, "remote requirements file not followed")
			return
		}
		target := path.Join(path.Dir(file), value)
		if path.IsAbs(value) || target == ".." || strings.HasPrefix(target, "../") {
			r.warn(pos, "included file %s is outside the project: not followed", value)
			return
		}
		r.read(target, name == "-c" || name == "--constraint", pos)
	case "-e", "--editable":
		if c, ok := r.requirementLine(value, pos, dev); ok {
			r.out = append(r.out, c)
		}
	}
}

// splitOption splits "-r file", "-rfile", "--requirement=file" and
// "--requirement file" into the option and its value.
func splitOption(text string) (name, value string) {
	if strings.HasPrefix(text, "--") {
		name, value, _ = strings.Cut(text, "=")
		if n, v, ok := strings.Cut(name, " "); ok {
			name, value = n, strings.TrimSpace(v+value)
		}
		return name, strings.TrimSpace(value)
	}
	if len(text) < 2 {
		return text, ""
	}
	return text[:2], strings.TrimSpace(text[2:])
}

var (
	perRequirementOption = regexp.MustCompile(`\s--[a-z]`)
	pep508URLForm        = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*\s*(\[[^\]]*\])?\s*@`)
	eggFragment          = regexp.MustCompile(`[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)`)
	wheelFile            = regexp.MustCompile(`([A-Za-z0-9][A-Za-z0-9._]*)-([0-9][^-/]*)(?:-[0-9][^-/]*)?-[^-/]+-[^-/]+-[^-/]+\.whl$`)
)

// requirementLine reads a requirement: a PEP 508 specifier, or a URL or
// path with the name in an #egg= fragment or a wheel file name. A local
// directory is the project's own code, named or not.
func (r *reqReader) requirementLine(text string, pos project.Position, dev bool) (Component, bool) {
	if loc := perRequirementOption.FindStringIndex(text); loc != nil {
		text = strings.TrimSpace(text[:loc[0]]) // --hash=…, --config-settings …
	}
	if !pep508URLForm.MatchString(text) && isURLOrPath(text) {
		if m := eggFragment.FindStringSubmatch(text); m != nil && !isLocalDir(text) {
			return pyComponent(m[1], "", dev, pos), true
		}
		if name, version, ok := wheelName(text); ok {
			return pyComponent(name, version, dev, pos), true
		}
		if !isLocalDir(text) {
			r.warn(pos, "requirement has no package name (add #egg=<name>): not inventoried")
		}
		return Component{}, false
	}
	c, ok, err := specComponent(text, pos, dev)
	if err != nil {
		var se *syntaxError
		if errors.As(err, &se) {
			pos.Col = se.Offset + 1
		}
		r.warn(pos, "invalid requirement: %v", err)
	}
	return c, ok
}

// specComponent turns a PEP 508 specifier into a component. ok is false
// for a local directory, the project's own code.
func specComponent(spec string, pos project.Position, dev bool) (c Component, ok bool, err error) {
	req, err := parsePEP508(spec)
	if err != nil || isLocalDir(req.URL) {
		return Component{}, false, err
	}
	version := req.pinned()
	if name, v, ok := wheelName(req.URL); ok && pypiName(name) == pypiName(req.Name) {
		version = v
	}
	return pyComponent(req.Name, version, dev, pos), true, nil
}

// wheelName reads the name and version from a wheel's file name at the end
// of a path or URL (name-version[-build]-python-abi-platform.whl).
func wheelName(s string) (name, version string, ok bool) {
	s, _, _ = strings.Cut(s, "#")
	if u, err := url.PathUnescape(s); err == nil {
		s = u // torch-2.5.1%2Bcpu-… in download URLs
	}
	m := wheelFile.FindStringSubmatch(s)
	if m == nil {
		return "", "", false
	}
	return m[1], m[2], true
}

// isURLOrPath reports whether a requirements line is a URL, an archive or
// a local path rather than a PEP 508 specifier.
func isURLOrPath(s string) bool {
	scheme, _, ok := strings.Cut(s, "://")
	return ok && !strings.ContainsAny(scheme, " @;[(") || isLocalPath(s) || isArchive(s)
}

func isLocalPath(s string) bool {
	return s == "." || strings.HasPrefix(s, "./") || strings.HasPrefix(s, "../") || strings.HasPrefix(s, "/") ||
		strings.HasPrefix(s, "file:")
}

func isArchive(s string) bool {
	s, _, _ = strings.Cut(s, "#")
	for _, ext := range []string{".whl", ".tar.gz", ".tgz", ".tar.bz2", ".zip"} {
		if strings.HasSuffix(s, ext) {
			return true
		}
	}
	return false
}

// isLocalDir reports whether a requirement points at a local directory: the
// project's own code (a local wheel or sdist is someone's build and counts).
func isLocalDir(s string) bool { return isLocalPath(s) && !isArchive(s) }

// ---------------------------------------------------------------- pyproject.toml

// readPyProject reads the dependencies a pyproject.toml declares: PEP 621
// dependencies and extras, PEP 735 groups, Poetry's tables and the uv and
// PDM dev lists. The project itself and its build requirements are not
// components.
func readPyProject(idx *project.Index, file project.File) ([]Component, []project.Warning) {
	d := idx.Doc(file.Path)
	root := d.Root()
	if root == nil {
		return nil, nil
	}
	f := &fields{doc: d}
	var out []Component
	// pep508 reads a list of PEP 508 specifiers; what names it in
	// warnings. A PEP 735 group may include another ({include-group = …}),
	// which adds nothing new.
	pep508 := func(list *tree.Node, what string, dev, group bool) {
		if !f.is(list, tree.Array, what) {
			return
		}
		for _, item := range list.Items {
			if group && item.Kind == tree.Object {
				continue
			}
			if !f.is(item, tree.String, what+" entry") {
				continue
			}
			c, ok, err := specComponent(item.Text, project.Position{File: d.File, Line: item.Line}, dev)
			if err != nil {
				f.ws = append(f.ws, project.Warnf(d.Pos(item), "invalid requirement in %s: %v", what, err))
			}
			if ok {
				out = append(out, c)
			}
		}
	}
	proj := f.get(root, "project", tree.Object, "project")
	pep508(proj.Get("dependencies"), "project.dependencies", false, false)
	for _, m := range sortedMembers(f.get(proj, "optional-dependencies", tree.Object, "project.optional-dependencies")) {
		pep508(m.Value, "project.optional-dependencies."+m.Key, isDevName(m.Key), false)
	}
	for _, m := range sortedMembers(f.get(root, "dependency-groups", tree.Object, "dependency-groups")) {
		pep508(m.Value, "dependency-groups."+m.Key, isDevName(m.Key), true)
	}
	tool := f.get(root, "tool", tree.Object, "tool")
	pep508(tool.Lookup("uv", "dev-dependencies"), "tool.uv.dev-dependencies", true, false)
	for _, m := range sortedMembers(f.get(tool.Get("pdm"), "dev-dependencies", tree.Object, "tool.pdm.dev-dependencies")) {
		pep508(m.Value, "tool.pdm.dev-dependencies."+m.Key, true, false)
	}

	poetryDeps := func(deps *tree.Node, table string, dev bool) {
		for _, m := range sortedMembers(deps) {
			if m.Key == "python" {
				continue // the interpreter constraint
			}
			version, local, bad := poetryConstraint(m.Value)
			if bad != nil {
				f.ws = append(f.ws, project.Warnf(d.Pos(bad), "dependency %s in %s: expected a version string or a table, found %s", m.Key, table, bad.Kind))
				continue
			}
			if !local {
				out = append(out, pyComponent(m.Key, version, dev, f.line(m)))
			}
		}
	}
	poetry := f.get(tool, "poetry", tree.Object, "tool.poetry")
	poetryDeps(f.get(poetry, "dependencies", tree.Object, "tool.poetry.dependencies"), "tool.poetry.dependencies", false)
	poetryDeps(f.get(poetry, "dev-dependencies", tree.Object, "tool.poetry.dev-dependencies"), "tool.poetry.dev-dependencies", true)
	for _, g := range sortedMembers(f.get(poetry, "group", tree.Object, "tool.poetry.group")) {
		table := "tool.poetry.group." + g.Key + ".dependencies"
		if f.is(g.Value, tree.Object, "tool.poetry.group."+g.Key) {
			poetryDeps(f.get(g.Value, "dependencies", tree.Object, table), table, isDevName(g.Key))
		}
	}
	for i := range out {
		out[i].Direct = true // the project's own manifest
	}
	SortComponents(out)
	project.SortWarnings(f.ws)
	return out, f.ws
}

// sortedMembers is the members of an object by key.
func sortedMembers(n *tree.Node) []*tree.Member {
	ms := slices.Clone(membersOf(n))
	slices.SortFunc(ms, func(a, b *tree.Member) int { return strings.Compare(a.Key, b.Key) })
	return ms
}

var pep440Exact = regexp.MustCompile(`^v?[0-9]+(\.[0-9]+)*((a|b|rc)[0-9]+)?(\.post[0-9]+)?(\.dev[0-9]+)?(\+[A-Za-z0-9.]+)?$`)

// poetryConstraint reads a Poetry dependency value: a constraint string,
// a table with a version (or a path, git or url source), or a list of
// such tables for different environments. A bare version is exact in
// Poetry (python-poetry/poetry docs/dependency-specification.md, "Exact
// requirements", checked 2026-11-24). bad is the value of another kind,
// when there is one.
func poetryConstraint(v *tree.Node) (version string, local bool, bad *tree.Node) {
	switch v.Kind {
	case tree.String:
		s := strings.TrimSpace(v.Text)
		s = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(s, "=="), "="))
		if pep440Exact.MatchString(s) {
			return s, false, nil
		}
		return "", false, nil
	case tree.Object:
		if p := v.Get("path"); p != nil && p.Kind == tree.String {
			return "", !isArchive(p.Text), nil
		}
		if s := v.Get("version"); s != nil && s.Kind == tree.String {
			return poetryConstraint(s)
		}
		return "", false, nil
	case tree.Array:
		// Several constraints by environment: a pin only if they all agree.
		var pins []string
		for _, e := range v.Items {
			p, local, bad := poetryConstraint(e)
			if bad != nil || local {
				return "", local, bad
			}
			pins = append(pins, p)
		}
		if len(pins) > 0 && !slices.Contains(pins, "") && len(slices.Compact(slices.Clone(pins))) == 1 {
			return pins[0], false, nil
		}
		return "", false, nil
	}
	return "", false, v
}

// ---------------------------------------------------------------- poetry.lock

// readPoetryLock reads poetry.lock. An entry is dev-only when its category
// is "dev" or when every group it belongs to has a dev name. Poetry 1.5 to
// 1.8 write neither (category was dropped in 1.5.0, see the Poetry
// changelog as cited in pyupio/dparse#67; groups came with Poetry 2.0,
// python-poetry/poetry#9427), so their entries count as shipped. Directory
// sources are the project's own code.
//
// Edges: [package.dependencies] names each dependency; an optional one
// only counts when an extra that lists it ([package.extras]) is asked for
// by a dependency table of the lockfile. A name the lockfile does not
// lock is no edge; a name locked at several versions (for different
// environments) is an edge to each. poetry.lock records nothing of the
// project: the dependencies of the pyproject.toml beside it, and of the
// directory sources, are Direct.
func readPoetryLock(idx *project.Index, file project.File) ([]Component, []project.Warning) {
	d := idx.Doc(file.Path)
	f := &fields{doc: d}
	var out []Component
	var own []*tree.Node // the dependency tables of the directory sources
	type locked struct {
		comp   int
		deps   *tree.Node
		extras *tree.Node
	}
	var entries []locked
	byName := map[string][]int{}
	requested := map[string]bool{} // name + "[" + extra + "]"
	for _, p := range lockPackages(f, d.Root()) {
		deps := f.get(p, "dependencies", tree.Object, "package dependencies")
		for _, m := range membersOf(deps) {
			for _, x := range poetryExtras(m.Value) {
				requested[pypiName(m.Key)+"["+x+"]"] = true
			}
		}
		name := p.Member("name")
		if name == nil || !f.is(name.Value, tree.String, "package name") || name.Value.Text == "" {
			continue
		}
		if f.str(p.Get("source"), "type", "package source type") == "directory" {
			own = append(own, deps)
			continue
		}
		var groups []string
		if gs := f.get(p, "groups", tree.Array, "package groups"); gs != nil {
			for _, g := range gs.Items {
				if f.is(g, tree.String, "package group") {
					groups = append(groups, g.Text)
				}
			}
		}
		dev := f.str(p, "category", "package category") == "dev" ||
			len(groups) > 0 && !slices.ContainsFunc(groups, func(g string) bool { return !isDevName(g) })
		c := pyComponent(name.Value.Text, f.str(p, "version", "package version"), dev, f.line(name))
		byName[c.Name] = append(byName[c.Name], len(out))
		entries = append(entries, locked{len(out), deps, p.Get("extras")})
		out = append(out, c)
	}
	for _, e := range entries {
		c := &out[e.comp]
		wanted := map[string]bool{} // the optional dependencies an extra asked for lists
		for _, x := range membersOf(e.extras) {
			if requested[c.Name+"["+x.Key+"]"] && x.Value.Kind == tree.Array {
				for _, it := range x.Value.Items {
					wanted[pypiName(pep508Name.FindString(scalarText(it)))] = true
				}
			}
		}
		for _, m := range membersOf(e.deps) {
			dep := pypiName(m.Key)
			if poetryOptional(m.Value) && !wanted[dep] {
				continue
			}
			for _, to := range byName[dep] {
				c.Dependencies = append(c.Dependencies, out[to].Key())
			}
		}
	}
	direct := func(name string) {
		for _, to := range byName[pypiName(name)] {
			out[to].Direct = true
		}
	}
	for _, deps := range own {
		for _, m := range membersOf(deps) {
			direct(m.Key)
		}
	}
	if manifest := path.Join(path.Dir(file.Path), "pyproject.toml"); idx.Has(manifest) {
		declared, _ := readPyProject(idx, project.File{Path: manifest, Kind: project.PyProject}) // its warnings are its reader's
		for _, c := range declared {
			direct(c.Name)
		}
	}
	sortEdges(out)
	SortComponents(out)
	project.SortWarnings(f.ws)
	return out, f.ws
}

// poetryExtras are the extras a poetry.lock dependency asks for: the
// extras of its table, or of each table of a list of them.
func poetryExtras(v *tree.Node) []string {
	var out []string
	for _, t := range poetryTables(v) {
		if xs := t.Get("extras"); xs != nil && xs.Kind == tree.Array {
			for _, x := range xs.Items {
				if s := scalarText(x); s != "" {
					out = append(out, s)
				}
			}
		}
	}
	return out
}

// poetryOptional reports whether a poetry.lock dependency is optional
// (installed only with an extra): every table of it says optional = true.
func poetryOptional(v *tree.Node) bool {
	ts := poetryTables(v)
	return len(ts) > 0 && !slices.ContainsFunc(ts, func(t *tree.Node) bool { return t.Str("optional") != "true" })
}

// poetryTables is a dependency's table, or its list of tables (one per
// environment); none for a bare constraint string.
func poetryTables(v *tree.Node) []*tree.Node {
	switch v.Kind {
	case tree.Object:
		return []*tree.Node{v}
	case tree.Array:
		return slices.DeleteFunc(slices.Clone(v.Items), func(t *tree.Node) bool { return t.Kind != tree.Object })
	}
	return nil
}

// lockPackages is the [[package]] tables of a lockfile.
func lockPackages(f *fields, root *tree.Node) []*tree.Node {
	var out []*tree.Node
	if ps := f.get(root, "package", tree.Array, "package"); ps != nil {
		for _, p := range ps.Items {
			if f.is(p, tree.Object, "package entry") {
				out = append(out, p)
			}
		}
	}
	return out
}

// ---------------------------------------------------------------- uv.lock

type uvLockPackage struct {
	name, version        string
	root, directory      bool // a workspace member (the project); a local directory
	dependencies         []uvDep
	optionalDependencies map[string][]uvDep
	devDependencies      map[string][]uvDep
	pos                  project.Position
}

type uvDep struct {
	name    string
	version string // only when several versions are locked
	extra   []string
}

// readUvLock reads uv.lock. uv.lock does not mark dev packages, so the
// reader walks the graph from the workspace members: what their
// dependencies, their non-dev extras and their non-dev groups reach is
// shipped; what only dev groups reach is dev-only. Without a member to
// start from, everything counts as shipped.
func readUvLock(idx *project.Index, file project.File) ([]Component, []project.Warning) {
	d := idx.Doc(file.Path)
	f := &fields{doc: d}
	var pkgs []*uvLockPackage
	for _, e := range lockPackages(f, d.Root()) {
		p := &uvLockPackage{pos: project.Position{File: d.File, Line: e.Line}}
		if m := e.Member("name"); m != nil {
			p.pos.Line = m.Line
			if f.is(m.Value, tree.String, "package name") {
				p.name = pypiName(m.Value.Text)
			}
		}
		p.version = f.str(e, "version", "package version")
		if src := f.get(e, "source", tree.Object, "package source"); src != nil {
			p.root = f.str(src, "editable", "source editable") != "" || f.str(src, "virtual", "source virtual") != ""
			p.directory = f.str(src, "directory", "source directory") != ""
		}
		p.dependencies = uvDeps(f, f.get(e, "dependencies", tree.Array, "package dependencies"))
		p.optionalDependencies = uvDepTable(f, f.get(e, "optional-dependencies", tree.Object, "package optional-dependencies"))
		p.devDependencies = uvDepTable(f, f.get(e, "dev-dependencies", tree.Object, "package dev-dependencies"))
		pkgs = append(pkgs, p)
	}

	byName := map[string][]*uvLockPackage{}
	for _, p := range pkgs {
		byName[p.name] = append(byName[p.name], p)
	}
	shipped := map[*uvLockPackage]bool{}
	seenExtra := map[string]bool{}
	var visit func(d uvDep)
	visit = func(d uvDep) {
		for _, p := range byName[pypiName(d.name)] {
			if d.version != "" && p.version != d.version {
				continue
			}
			if !shipped[p] {
				shipped[p] = true
				for _, dd := range p.dependencies {
					visit(dd)
				}
			}
			for _, extra := range d.extra {
				if k := p.name + "@" + p.version + "[" + extra + "]"; !seenExtra[k] {
					seenExtra[k] = true
					for _, dd := range p.optionalDependencies[extra] {
						visit(dd)
					}
				}
			}
		}
	}
	hasRoot := false
	for _, p := range pkgs {
		if !p.root {
			continue
		}
		hasRoot = true
		for _, d := range p.dependencies {
			visit(d)
		}
		for _, extra := range slices.Sorted(maps.Keys(p.optionalDependencies)) {
			if !isDevName(extra) {
				for _, d := range p.optionalDependencies[extra] {
					visit(d)
				}
			}
		}
		for _, group := range slices.Sorted(maps.Keys(p.devDependencies)) {
			if !isDevName(group) {
				for _, d := range p.devDependencies[group] {
					visit(d)
				}
			}
		}
	}

	var out []Component
	comps := map[*uvLockPackage]int{}
	for _, p := range pkgs {
		if p.root || p.directory || p.name == "" {
			continue // the project and local path dependencies
		}
		comps[p] = len(out)
		out = append(out, pyComponent(p.name, p.version, hasRoot && !shipped[p], p.pos))
	}
	uvGraph(pkgs, byName, comps, out)
	SortComponents(out)
	project.SortWarnings(f.ws)
	return out, f.ws
}

// uvGraph records the edges of a uv.lock: a package depends on its
// dependencies and on the optional dependencies of the extras some
// dependency asks of it; a name names the one package locked under it, or
// the version the dependency gives when several are. What the project's
// members and local directories depend on (dependencies, extras, groups)
// is Direct. comps maps each package that is a component to its index in
// out.
func uvGraph(pkgs []*uvLockPackage, byName map[string][]*uvLockPackage, comps map[*uvLockPackage]int, out []Component) {
	resolve := func(d uvDep, visit func(int)) {
		for _, p := range byName[pypiName(d.name)] {
			if i, ok := comps[p]; ok && (d.version == "" || p.version == d.version) {
				visit(i)
			}
		}
	}
	requested := map[string]bool{} // name@version[extra]
	for _, p := range pkgs {
		p.eachDep(func(d uvDep) {
			for _, x := range d.extra {
				resolve(d, func(i int) { requested[out[i].Key()+"["+x+"]"] = true })
			}
		})
	}
	for _, p := range pkgs {
		i, ok := comps[p]
		if !ok {
			p.eachDep(func(d uvDep) { resolve(d, func(to int) { out[to].Direct = true }) })
			continue
		}
		c := &out[i]
		edge := func(to int) { c.Dependencies = append(c.Dependencies, out[to].Key()) }
		for _, d := range p.dependencies {
			resolve(d, edge)
		}
		for _, x := range slices.Sorted(maps.Keys(p.optionalDependencies)) {
			if requested[c.Key()+"["+x+"]"] {
				for _, d := range p.optionalDependencies[x] {
					resolve(d, edge)
				}
			}
		}
	}
	sortEdges(out)
}

// eachDep calls fn with each dependency a package lists: its dependencies,
// those of each of its extras and of each of its dependency groups.
func (p *uvLockPackage) eachDep(fn func(uvDep)) {
	for _, d := range p.dependencies {
		fn(d)
	}
	for _, table := range [...]map[string][]uvDep{p.optionalDependencies, p.devDependencies} {
		for _, k := range slices.Sorted(maps.Keys(table)) {
			for _, d := range table[k] {
				fn(d)
			}
		}
	}
}

// uvDeps reads a list of dependency tables {name, version, extra}.
func uvDeps(f *fields, list *tree.Node) []uvDep {
	if list == nil {
		return nil
	}
	out := make([]uvDep, 0, len(list.Items))
	for _, it := range list.Items {
		if !f.is(it, tree.Object, "dependency") {
			continue
		}
		d := uvDep{name: f.str(it, "name", "dependency name"), version: f.str(it, "version", "dependency version")}
		if extras := f.get(it, "extra", tree.Array, "dependency extra"); extras != nil {
			for _, x := range extras.Items {
				if f.is(x, tree.String, "dependency extra") {
					d.extra = append(d.extra, x.Text)
				}
			}
		}
		out = append(out, d)
	}
	return out
}

// uvDepTable reads a table of dependency lists by extra or group.
func uvDepTable(f *fields, t *tree.Node) map[string][]uvDep {
	if t == nil {
		return nil
	}
	out := make(map[string][]uvDep, len(t.Members))
	for _, m := range t.Members {
		if f.is(m.Value, tree.Array, m.Key+" dependencies") {
			out[m.Key] = uvDeps(f, m.Value)
		}
	}
	return out
}

// ---------------------------------------------------------------- installed distributions

// maxLicenseField is the longest License value taken as a licence name. A
// longer or multi-line value is a licence text pasted into the field.
const maxLicenseField = 200

// readDistInfo reads an installed distribution's METADATA (or PKG-INFO):
// its name and version, the licence it declares and its licence files.
//
// License-Expression (PEP 639) and a short License are declared with Field
// "<METADATA|PKG-INFO> <header>", each License classifier with Field
// "classifier" and the whole classifier as value. A License value that is a
// whole licence text is not declared: when the distribution has no licence
// file, the METADATA path itself goes into LicenseFiles so that the
// resolver matches the text. "UNKNOWN", the placeholder setuptools before
// 62.2 wrote for a missing field (pypa/setuptools#2747,
// diazona/setuptools-pyproject-migration#57), is no statement and is
// dropped. License-File entries are
// looked up in the licenses/ folder (PEP 639) and then in the dist-info
// folder itself (older wheels), and join the licence files the index found.
func readDistInfo(idx *project.Index, pkg project.Package) (Component, []project.Warning) {
	file := pkg.Manifest
	data := idx.Read(file)
	if data == nil {
		return Component{}, nil // the index says why
	}
	headers, ws := parseMetadata(file, data)
	field := path.Base(file)
	c := Component{Ecosystem: vocab.PyPI, Role: vocab.RoleLibrary, Dir: pkg.Dir}
	var licenseText bool
	licenseFiles := slices.Clone(pkg.LicenseFiles)
	for _, h := range headers {
		pos := project.Position{File: file, Line: h.line}
		switch strings.ToLower(h.name) {
		case "name":
			c.Name = pypiName(h.value)
			c.Locations = []project.Position{pos}
		case "version":
			c.Version = h.value
		case "license-expression":
			c.Declared = append(c.Declared, Declaration{Value: h.value, Field: field + " License-Expression", Position: pos})
		case "license":
			switch {
			case h.value == "" || strings.EqualFold(h.value, "UNKNOWN"):
			case strings.Contains(h.value, "\n") || len(h.value) > maxLicenseField:
				licenseText = true
			default:
				c.Declared = append(c.Declared, Declaration{Value: h.value, Field: field + " License", Position: pos})
			}
		case "classifier":
			if strings.HasPrefix(h.value, "License ::") {
				c.Declared = append(c.Declared, Declaration{Value: h.value, Field: "classifier", Position: pos})
			}
		case "license-file":
			if f := findLicenseFile(idx.FS(), pkg.Dir, h.value); f != "" {
				licenseFiles = append(licenseFiles, f)
			} else {
				ws = append(ws, project.Warnf(pos, "License-File %s not found in %s", h.value, pkg.Dir))
			}
		}
	}
	if c.Name == "" {
		name, version := distInfoName(pkg.Dir)
		if name == "" {
			return Component{}, append(ws, project.Warnf(project.Position{File: file}, "metadata has no Name: not inventoried"))
		}
		ws = append(ws, project.Warnf(project.Position{File: file}, "metadata has no Name: name taken from the folder"))
		c.Name = pypiName(name)
		c.Locations = []project.Position{{File: file}}
		if c.Version == "" {
			c.Version = version
		}
	}
	seen := map[string]bool{}
	c.Declared = slices.DeleteFunc(c.Declared, func(d Declaration) bool {
		k := d.Field + "\x00" + d.Value
		dup := seen[k]
		seen[k] = true
		return dup
	})
	slices.Sort(licenseFiles)
	licenseFiles = slices.Compact(licenseFiles)
	if licenseText && len(licenseFiles) == 0 {
		licenseFiles = []string{file}
	}
	c.LicenseFiles = licenseFiles
	project.SortWarnings(ws)
	return c, ws
}

type metadataHeader struct {
	name, value string
	line        int
}

// parseMetadata reads the RFC 822-style header block of a METADATA or
// PKG-INFO file. Continuation lines (starting with white space) extend the
// previous value, one line each; the body after the first blank line (the
// long description) is not read.
func parseMetadata(file string, data []byte) ([]metadataHeader, []project.Warning) {
	var hs []metadataHeader
	var ws []project.Warning
	for i, raw := range strings.Split(string(data), "\n") {
		line := strings.TrimRight(raw, "\r")
		if line == "" {
			break // the header block ends at the first empty line
		}
		if line[0] == ' ' || line[0] == '\t' {
			if len(hs) > 0 {
				h := &hs[len(hs)-1]
				// Old setuptools indented continuations by 8 spaces or
				// "       |"; a line of spaces is a blank line of the value.
				cont := strings.TrimPrefix(strings.TrimSpace(line), "|")
				h.value += "\n" + strings.TrimSpace(cont)
			}
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok || strings.ContainsAny(name, " \t") {
			ws = append(ws, project.Warnf(project.Position{File: file, Line: i + 1}, "malformed metadata header: expected Name: value"))
			continue
		}
		hs = append(hs, metadataHeader{name: name, value: project.ValidUTF8(strings.TrimSpace(value)), line: i + 1})
	}
	for i := range hs {
		hs[i].value = strings.TrimRight(hs[i].value, "\n ")
	}
	return hs, ws
}

// findLicenseFile resolves a License-File entry inside the dist-info
// folder: under licenses/ first (PEP 639), then at the folder's root.
func findLicenseFile(fsys fs.FS, dir, name string) string {
	name = path.Clean(strings.TrimSpace(name))
	if name == "." || path.IsAbs(name) || name == ".." || strings.HasPrefix(name, "../") {
		return ""
	}
	for _, p := range []string{path.Join(dir, "licenses", name), path.Join(dir, name)} {
		if info, err := fs.Stat(fsys, p); err == nil && info.Mode().IsRegular() {
			return p
		}
	}
	return ""
}

// distInfoName splits "foo_bar-1.2.0.dist-info" into name and version.
func distInfoName(dir string) (name, version string) {
	base := path.Base(dir)
	base = strings.TrimSuffix(strings.TrimSuffix(base, ".dist-info"), ".egg-info")
	parts := strings.Split(base, "-") // name-version[-pyX.Y] for egg-info
	if len(parts) > 1 {
		version = parts[1]
	}
	return parts[0], version
}
