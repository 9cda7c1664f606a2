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
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/mcp-comply/mcp-comply/internal/project"
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
	return Component{Ecosystem: PyPI, Name: pypiName(name), Version: version, Role: Library, Dev: dev,
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
			return r, &syntaxError{i, fmt.Sprintf("unexpected %q after the version specifier", s[i:])}
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
			return &syntaxError{pos + lead, fmt.Sprintf("invalid version clause %q", c)}
		case len(m[0]) != len(c):
			rest := c[len(m[0]):]
			at := pos + lead + len(m[0]) + len(rest) - len(strings.TrimLeft(rest, " \t"))
			return &syntaxError{at, fmt.Sprintf("unexpected %q after version %s", strings.TrimSpace(rest), m[2])}
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
	fsys        fs.FS
	seen        map[string]bool
	out         []Component
	constraints map[string]Component // -c files: pins by name, not components
	warnings    []project.Warning
}

// readRequirements reads a pip requirements file, following -r and -c
// includes inside fsys. Constraint files pin versions of the requirements
// that leave them open; they add no components of their own.
func readRequirements(fsys fs.FS, file string) ([]Component, []project.Warning) {
	r := &reqReader{fsys: fsys, seen: map[string]bool{}, constraints: map[string]Component{}}
	r.read(file, false, project.Position{})
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
	data, err := project.ReadFile(r.fsys, file, 0)
	if err != nil {
		if from.File != "" {
			r.warn(from, "included file %s not read: %v", file, project.Cause(err))
		} else {
			r.warn(project.Position{File: file}, "requirements file not read: %v", project.Cause(err))
		}
		return
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
			r.warn(pos, "remote requirements file %s not followed", value)
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
			r.warn(pos, "requirement %q has no package name (add #egg=<name>): not inventoried", text)
		}
		return Component{}, false
	}
	c, ok, err := specComponent(text, pos, dev)
	if err != nil {
		var se *syntaxError
		if errors.As(err, &se) {
			pos.Col = se.Offset + 1
		}
		r.warn(pos, "invalid requirement %q: %v", text, err)
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

// ---------------------------------------------------------------- TOML helpers

// decodeTOML runs decode on the whole document. When that fails it runs it
// again on each table alone (an array-of-tables entry keeps its sub-tables),
// so a broken table costs only itself; each failure is a warning at its
// line. Chunks are padded with newlines so that the decoder's line numbers
// stay those of the file. decode must not keep anything from a failed call.
func decodeTOML(file string, data []byte, decode func(doc string) error) []project.Warning {
	err := decode(string(data))
	if err == nil {
		return nil
	}
	chunks := tomlChunks(data)
	if len(chunks) < 2 {
		return []project.Warning{tomlWarning(file, err)}
	}
	var ws []project.Warning
	for _, c := range chunks {
		if err := decode(strings.Repeat("\n", c.line-1) + c.text); err != nil {
			ws = append(ws, tomlWarning(file, err))
		}
	}
	if len(ws) == 0 {
		// Every table reads alone: the fault is between them (a table
		// defined twice). Report it; the tables were read.
		ws = append(ws, tomlWarning(file, err))
	}
	return ws
}

type tomlChunk struct {
	text string
	line int
}

// tomlChunks splits a document before each table header, keeping the
// sub-tables of an [[array]] entry with it. It reads headers only at the
// start of a line and does not track multi-line strings: it serves the
// fallback for documents that did not parse anyway.
func tomlChunks(data []byte) []tomlChunk {
	var chunks []tomlChunk
	var cur strings.Builder
	curLine, array := 1, ""
	lines := strings.SplitAfter(string(data), "\n")
	for i, l := range lines {
		if name, isArray, ok := tomlHeader(l); ok && !(array != "" && strings.HasPrefix(name, array+".")) {
			if cur.Len() > 0 {
				chunks = append(chunks, tomlChunk{cur.String(), curLine})
			}
			cur.Reset()
			curLine, array = i+1, ""
			if isArray {
				array = name
			}
		}
		cur.WriteString(l)
	}
	if cur.Len() > 0 {
		chunks = append(chunks, tomlChunk{cur.String(), curLine})
	}
	return chunks
}

// tomlHeader reads a table header line: "[a.b]" or "[[a.b]]", with the
// name's whitespace and quotes removed.
func tomlHeader(line string) (name string, array, ok bool) {
	l := strings.TrimSpace(line)
	if i := strings.Index(l, "#"); i >= 0 {
		l = strings.TrimSpace(l[:i])
	}
	if !strings.HasPrefix(l, "[") || !strings.HasSuffix(l, "]") || strings.Contains(l, ",") {
		return "", false, false // not a header, or a line of an array of arrays
	}
	array = strings.HasPrefix(l, "[[") && strings.HasSuffix(l, "]]")
	l = strings.Trim(l, "[]")
	l = strings.NewReplacer(" ", "", "\t", "", `"`, "", "'", "").Replace(l)
	return l, array, l != ""
}

var tomlLinePrefix = regexp.MustCompile(`^toml: line (\d+)(?: \(last key "[^"]*"\))?: `)

// tomlWarning turns a decoding error into a warning at its line (and
// column for syntax errors).
func tomlWarning(file string, err error) project.Warning {
	pos := project.Position{File: file}
	msg := err.Error()
	var pe toml.ParseError
	if errors.As(err, &pe) {
		pos.Line, pos.Col = pe.Position.Line, pe.Position.Col
		msg = pe.Message
		if pe.LastKey != "" {
			msg += " (after key " + pe.LastKey + ")"
		}
	} else if m := tomlLinePrefix.FindStringSubmatch(msg); m != nil {
		pos.Line, _ = strconv.Atoi(m[1])
		msg = strings.TrimPrefix(msg, "toml: ")
		msg = msg[strings.Index(msg, ": ")+2:]
	}
	return project.Warnf(pos, "invalid TOML: %s", msg)
}

// tomlText finds the lines of entries in a TOML document, which the
// decoder does not report. It searches text: a table's region runs from its
// header to the next header; entries are looked up by key and quoted value
// inside it, falling back to the whole file.
type tomlText struct {
	data   string
	lines  *project.Lines
	tables map[string][2]int // header name → [start, end) offsets
}

func newTOMLText(data []byte) *tomlText {
	t := &tomlText{data: string(data), lines: project.NewLines(data), tables: map[string][2]int{}}
	off, last := 0, ""
	for _, l := range strings.SplitAfter(t.data, "\n") {
		if name, _, ok := tomlHeader(l); ok {
			if r, ok := t.tables[last]; ok && r[1] == -1 {
				t.tables[last] = [2]int{r[0], off}
			}
			if _, dup := t.tables[name]; !dup {
				t.tables[name] = [2]int{off, -1}
				last = name
			}
		}
		off += len(l)
	}
	if r, ok := t.tables[last]; ok && r[1] == -1 {
		t.tables[last] = [2]int{r[0], len(t.data)}
	}
	return t
}

// line returns the line of needle in table: a key when isKey, else a
// quoted string value, searched after the line of the key after when one
// is given. With no needle it returns the table's header line. 0 when not
// found.
func (t *tomlText) line(table, after, needle string, isKey bool) int {
	r, found := t.tables[table]
	if needle == "" {
		if !found {
			return 0
		}
		return t.lines.Line(r[0])
	}
	start, end := 0, len(t.data)
	if found {
		start, end = r[0], r[1]
	}
	if after != "" {
		if i := t.keyOffset(start, end, after); i >= 0 {
			start = i
		}
	}
	i := -1
	if isKey {
		i = t.keyOffset(start, end, needle)
	} else {
		i = t.quotedOffset(start, end, needle)
	}
	if i < 0 {
		return 0
	}
	return t.lines.Line(i)
}

func (t *tomlText) keyOffset(start, end int, key string) int {
	for _, k := range []string{key, `"` + key + `"`, "'" + key + "'"} {
		re := regexp.MustCompile(`(?m)^[ \t]*` + regexp.QuoteMeta(k) + `[ \t]*[=.]`)
		if loc := re.FindStringIndex(t.data[start:end]); loc != nil {
			return start + loc[0]
		}
	}
	return -1
}

func (t *tomlText) quotedOffset(start, end int, s string) int {
	for _, q := range []string{`"` + s + `"`, "'" + s + "'"} {
		if i := strings.Index(t.data[start:end], q); i >= 0 {
			return start + i
		}
	}
	return -1
}

// lockEntryLines returns, for each [[package]] entry of a lockfile in
// order, the line of its name key (or of its header when it has none).
func lockEntryLines(data []byte) []int {
	var out []int
	inEntry := false
	for i, l := range strings.Split(string(data), "\n") {
		if name, array, ok := tomlHeader(l); ok {
			inEntry = array && name == "package"
			if inEntry {
				out = append(out, i+1)
			}
			continue
		}
		if inEntry && strings.HasPrefix(strings.TrimSpace(l), "name") {
			if k, _, ok := strings.Cut(l, "="); ok && strings.TrimSpace(k) == "name" {
				out[len(out)-1] = i + 1
				inEntry = false
			}
		}
	}
	return out
}

// ---------------------------------------------------------------- pyproject.toml

// pyProject is the part of pyproject.toml the inventory reads.
type pyProject struct {
	Project struct {
		Dependencies         []string            `toml:"dependencies"`
		OptionalDependencies map[string][]string `toml:"optional-dependencies"`
	} `toml:"project"`
	// PEP 735: entries are strings or {include-group = "…"} tables.
	DependencyGroups map[string][]any `toml:"dependency-groups"`
	Tool             struct {
		Poetry struct {
			Dependencies    map[string]any `toml:"dependencies"`
			DevDependencies map[string]any `toml:"dev-dependencies"`
			Group           map[string]struct {
				Dependencies map[string]any `toml:"dependencies"`
			} `toml:"group"`
		} `toml:"poetry"`
		UV struct {
			DevDependencies []string `toml:"dev-dependencies"`
		} `toml:"uv"`
		PDM struct {
			DevDependencies map[string][]string `toml:"dev-dependencies"`
		} `toml:"pdm"`
	} `toml:"tool"`
}

// readPyProject reads the dependencies a pyproject.toml declares. The
// project itself and its build requirements are not components.
func readPyProject(fsys fs.FS, file string) ([]Component, []project.Warning) {
	data, unread := project.ReadInput(fsys, file, "pyproject.toml")
	if unread != nil {
		return nil, unread
	}
	txt := newTOMLText(data)
	var out []Component
	var ws []project.Warning
	ws = append(ws, decodeTOML(file, data, func(doc string) error {
		var p pyProject
		if _, err := toml.Decode(doc, &p); err != nil {
			return err
		}
		cs, pws := pyProjectComponents(file, &p, txt)
		out, ws = append(out, cs...), append(ws, pws...)
		return nil
	})...)
	SortComponents(out)
	project.SortWarnings(ws)
	return out, ws
}

func pyProjectComponents(file string, p *pyProject, txt *tomlText) ([]Component, []project.Warning) {
	var out []Component
	var ws []project.Warning
	pep508 := func(specs []string, table, key string, dev bool) {
		for _, s := range specs {
			pos := project.Position{File: file, Line: txt.line(table, key, s, false)}
			c, ok, err := specComponent(s, pos, dev)
			if err != nil {
				ws = append(ws, project.Warnf(pos, "invalid requirement %q in %s: %v", s, table+"."+key, err))
			}
			if ok {
				out = append(out, c)
			}
		}
	}
	pep508(p.Project.Dependencies, "project", "dependencies", false)
	for _, extra := range sortedKeys(p.Project.OptionalDependencies) {
		table, key := "project.optional-dependencies", extra
		if _, ok := txt.tables[table]; !ok {
			table, key = "project", "optional-dependencies"
		}
		pep508(p.Project.OptionalDependencies[extra], table, key, isDevName(extra))
	}
	for _, group := range sortedKeys(p.DependencyGroups) {
		var specs []string
		for _, e := range p.DependencyGroups[group] {
			if s, ok := e.(string); ok {
				specs = append(specs, s) // {include-group = …} adds nothing new
			}
		}
		pep508(specs, "dependency-groups", group, isDevName(group))
	}
	pep508(p.Tool.UV.DevDependencies, "tool.uv", "dev-dependencies", true)
	for _, group := range sortedKeys(p.Tool.PDM.DevDependencies) {
		pep508(p.Tool.PDM.DevDependencies[group], "tool.pdm.dev-dependencies", group, true)
	}

	poetry := func(deps map[string]any, table string, dev bool) {
		for _, name := range sortedKeys(deps) {
			if name == "python" {
				continue // the interpreter constraint
			}
			pos := project.Position{File: file, Line: txt.line(table, "", name, true)}
			if pos.Line == 0 {
				pos.Line = txt.line(table+"."+name, "", "", false) // [tool.poetry.dependencies.name]
			}
			version, local, err := poetryConstraint(deps[name])
			if err != nil {
				ws = append(ws, project.Warnf(pos, "dependency %s in %s: %v", name, table, err))
				continue
			}
			if !local {
				out = append(out, pyComponent(name, version, dev, pos))
			}
		}
	}
	poetry(p.Tool.Poetry.Dependencies, "tool.poetry.dependencies", false)
	poetry(p.Tool.Poetry.DevDependencies, "tool.poetry.dev-dependencies", true)
	for _, group := range sortedKeys(p.Tool.Poetry.Group) {
		poetry(p.Tool.Poetry.Group[group].Dependencies, "tool.poetry.group."+group+".dependencies", isDevName(group))
	}
	return out, ws
}

var pep440Exact = regexp.MustCompile(`^v?[0-9]+(\.[0-9]+)*((a|b|rc)[0-9]+)?(\.post[0-9]+)?(\.dev[0-9]+)?(\+[A-Za-z0-9.]+)?$`)

// poetryConstraint reads a Poetry dependency value: a constraint string,
// a table with a version (or a path, git or url source), or a list of
// such tables for different environments. A bare version is exact in
// Poetry (python-poetry/poetry docs/dependency-specification.md, "Exact
// requirements", checked 2026-11-24).
func poetryConstraint(v any) (version string, local bool, err error) {
	switch v := v.(type) {
	case string:
		s := strings.TrimSpace(v)
		s = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(s, "=="), "="))
		if pep440Exact.MatchString(s) {
			return s, false, nil
		}
		return "", false, nil
	case map[string]any:
		if p, ok := v["path"].(string); ok {
			return "", !isArchive(p), nil
		}
		if s, ok := v["version"].(string); ok {
			return poetryConstraint(s)
		}
		return "", false, nil
	case []any:
		// Several constraints by environment: a pin only if they all agree.
		var pins []string
		for _, e := range v {
			p, local, err := poetryConstraint(e)
			if err != nil || local {
				return "", local, err
			}
			pins = append(pins, p)
		}
		if len(pins) > 0 && !slices.Contains(pins, "") && len(slices.Compact(slices.Clone(pins))) == 1 {
			return pins[0], false, nil
		}
		return "", false, nil
	}
	return "", false, fmt.Errorf("expected a version string or a table, found %T", v)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// ---------------------------------------------------------------- poetry.lock

type poetryLockPackage struct {
	Name     string   `toml:"name"`
	Version  string   `toml:"version"`
	Category string   `toml:"category"` // "main" or "dev", written before Poetry 1.5
	Groups   []string `toml:"groups"`   // written since Poetry 2.0 (lock-version 2.1)
	Source   struct {
		Type string `toml:"type"`
	} `toml:"source"`
}

// readPoetryLock reads poetry.lock. An entry is dev-only when its category
// is "dev" or when every group it belongs to has a dev name. Poetry 1.5 to
// 1.8 write neither (category was dropped in 1.5.0, see the Poetry
// changelog as cited in pyupio/dparse#67; groups came with Poetry 2.0,
// python-poetry/poetry#9427), so their entries count as shipped. Directory
// sources are the project's own code.
func readPoetryLock(fsys fs.FS, file string) ([]Component, []project.Warning) {
	data, unread := project.ReadInput(fsys, file, "lockfile")
	if unread != nil {
		return nil, unread
	}
	lines := lockEntryLines(data)
	var out []Component
	ws := decodeTOML(file, data, func(doc string) error {
		var lock struct {
			Package []poetryLockPackage `toml:"package"`
		}
		if _, err := toml.Decode(doc, &lock); err != nil {
			return err
		}
		first := entryIndex(lines, doc)
		for i, p := range lock.Package {
			if p.Source.Type == "directory" || p.Name == "" {
				continue
			}
			dev := p.Category == "dev" || len(p.Groups) > 0 && !slices.ContainsFunc(p.Groups, func(g string) bool { return !isDevName(g) })
			out = append(out, pyComponent(p.Name, p.Version, dev, project.Position{File: file, Line: lineAt(lines, first+i)}))
		}
		return nil
	})
	SortComponents(out)
	return out, ws
}

// entryIndex returns the index of the first [[package]] entry of doc among
// all entries: 0 for the whole file, else the number of entries before the
// chunk, counted from its padding.
func entryIndex(lines []int, doc string) int {
	start := len(doc) - len(strings.TrimLeft(doc, "\n")) + 1
	i, _ := slices.BinarySearch(lines, start)
	return i
}

func lineAt(lines []int, i int) int {
	if i < len(lines) {
		return lines[i]
	}
	return 0
}

// ---------------------------------------------------------------- uv.lock

type uvLockPackage struct {
	Name    string `toml:"name"`
	Version string `toml:"version"`
	Source  struct {
		Registry  string `toml:"registry"`
		Editable  string `toml:"editable"`
		Virtual   string `toml:"virtual"`
		Directory string `toml:"directory"`
		Path      string `toml:"path"`
		Git       string `toml:"git"`
		URL       string `toml:"url"`
	} `toml:"source"`
	Dependencies         []uvDep            `toml:"dependencies"`
	OptionalDependencies map[string][]uvDep `toml:"optional-dependencies"`
	DevDependencies      map[string][]uvDep `toml:"dev-dependencies"`

	line int
}

type uvDep struct {
	Name    string   `toml:"name"`
	Version string   `toml:"version"` // only when several versions are locked
	Extra   []string `toml:"extra"`
}

// root reports whether an entry is a workspace member: the project itself.
func (p *uvLockPackage) root() bool { return p.Source.Editable != "" || p.Source.Virtual != "" }

// readUvLock reads uv.lock. uv.lock does not mark dev packages, so the
// reader walks the graph from the workspace members: what their
// dependencies, their non-dev extras and their non-dev groups reach is
// shipped; what only dev groups reach is dev-only. Without a member to
// start from, everything counts as shipped.
func readUvLock(fsys fs.FS, file string) ([]Component, []project.Warning) {
	data, unread := project.ReadInput(fsys, file, "lockfile")
	if unread != nil {
		return nil, unread
	}
	lines := lockEntryLines(data)
	var pkgs []*uvLockPackage
	ws := decodeTOML(file, data, func(doc string) error {
		var lock struct {
			Package []uvLockPackage `toml:"package"`
		}
		if _, err := toml.Decode(doc, &lock); err != nil {
			return err
		}
		first := entryIndex(lines, doc)
		for i := range lock.Package {
			p := lock.Package[i]
			p.line = lineAt(lines, first+i)
			pkgs = append(pkgs, &p)
		}
		return nil
	})

	byName := map[string][]*uvLockPackage{}
	for _, p := range pkgs {
		p.Name = pypiName(p.Name)
		byName[p.Name] = append(byName[p.Name], p)
	}
	shipped := map[*uvLockPackage]bool{}
	seenExtra := map[string]bool{}
	var visit func(d uvDep)
	visit = func(d uvDep) {
		for _, p := range byName[pypiName(d.Name)] {
			if d.Version != "" && p.Version != d.Version {
				continue
			}
			if !shipped[p] {
				shipped[p] = true
				for _, dd := range p.Dependencies {
					visit(dd)
				}
			}
			for _, extra := range d.Extra {
				if k := p.Name + "@" + p.Version + "[" + extra + "]"; !seenExtra[k] {
					seenExtra[k] = true
					for _, dd := range p.OptionalDependencies[extra] {
						visit(dd)
					}
				}
			}
		}
	}
	hasRoot := false
	for _, p := range pkgs {
		if !p.root() {
			continue
		}
		hasRoot = true
		for _, d := range p.Dependencies {
			visit(d)
		}
		for _, extra := range sortedKeys(p.OptionalDependencies) {
			if !isDevName(extra) {
				for _, d := range p.OptionalDependencies[extra] {
					visit(d)
				}
			}
		}
		for _, group := range sortedKeys(p.DevDependencies) {
			if !isDevName(group) {
				for _, d := range p.DevDependencies[group] {
					visit(d)
				}
			}
		}
	}

	var out []Component
	for _, p := range pkgs {
		if p.root() || p.Source.Directory != "" || p.Name == "" {
			continue // the project and local path dependencies
		}
		out = append(out, pyComponent(p.Name, p.Version, hasRoot && !shipped[p], project.Position{File: file, Line: p.line}))
	}
	SortComponents(out)
	return out, ws
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
func readDistInfo(fsys fs.FS, pkg project.Package) (Component, []project.Warning) {
	file := pkg.Manifest
	data, unread := project.ReadInput(fsys, file, "metadata")
	if unread != nil {
		return Component{}, unread
	}
	headers, ws := parseMetadata(file, data)
	field := path.Base(file)
	c := Component{Ecosystem: PyPI, Role: Library, Dir: pkg.Dir}
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
			if f := findLicenseFile(fsys, pkg.Dir, h.value); f != "" {
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
			ws = append(ws, project.Warnf(project.Position{File: file, Line: i + 1}, "malformed metadata header %q: expected Name: value", truncate(line, 60)))
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

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
