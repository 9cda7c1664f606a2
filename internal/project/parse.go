package project

import (
	"context"
	"errors"
	"go/token"
	"path"
	"runtime"
	"strings"
	"sync"

	"github.com/mcp-comply/mcp-comply/internal/lines"
	"github.com/mcp-comply/mcp-comply/internal/syntax"
	"github.com/mcp-comply/mcp-comply/internal/tree"
)

// Each file of the project's own tree is read once and parsed once,
// however many analyzers look at it: data files (JSON, YAML, TOML) into
// positioned node trees kept for every reader (Doc), source files into
// tokens or a Go syntax tree handed to every visitor in one pass
// (EachSource) and then dropped, so a large tree never holds all its
// parsed sources at once. A file that cannot be read or parsed gives one
// warning, whoever asked.

// MaxSourceSize is the size limit of a source file: beyond it a file is
// generated, not written by a person. Every other file has MaxFileSize.
const MaxSourceSize = 4 << 20

// cached is what the index keeps of one project file.
type cached struct {
	once sync.Once
	data []byte
	doc  *Doc
}

// Doc is a data file parsed into positioned node trees.
type Doc struct {
	File string
	Data []byte
	// Roots holds one node for JSON and TOML, one per document for YAML;
	// nil entries are never kept. A file that did not parse keeps what
	// came before the fault.
	Roots []*tree.Node
	lines linesOnce
}

// Root is the first document, or nil.
func (d *Doc) Root() *tree.Node {
	if d == nil || len(d.Roots) == 0 {
		return nil
	}
	return d.Roots[0]
}

// Pos is where a node stands in the file.
func (d *Doc) Pos(n *tree.Node) Position {
	if n == nil {
		return Position{File: d.File}
	}
	return Position{File: d.File, Line: n.Line, Col: n.Col}
}

// KeyPos is where an object member's key stands.
func (d *Doc) KeyPos(m *tree.Member) Position {
	return Position{File: d.File, Line: m.Line, Col: m.Col}
}

// LineText is the text of a 1-based line, for evidence excerpts.
func (d *Doc) LineText(line int) string { return d.lines.text(d.Data, line) }

// SourceFile is a source file, read and parsed once.
type SourceFile struct {
	File
	Data []byte
	// Code holds the tokens of a Python, JavaScript or TypeScript file;
	// Go its syntax tree (nil when nothing of it parsed).
	Code  *syntax.File
	Go    *syntax.GoFile
	lines linesOnce
}

// Lang is the file's language.
func (s *SourceFile) Lang() syntax.Lang { return syntax.LangOf(s.Path) }

// Pos is the position of a byte offset.
func (s *SourceFile) Pos(off int) Position {
	l, c := s.lines.index(s.Data).At(off)
	return Position{File: s.Path, Line: l, Col: c}
}

// GoPos is the position of a Go syntax node's token.
func (s *SourceFile) GoPos(p token.Pos) Position {
	l, c := s.Go.Pos(p)
	return Position{File: s.Path, Line: l, Col: c}
}

// LineText is the text of a 1-based line, for evidence excerpts.
func (s *SourceFile) LineText(line int) string { return s.lines.text(s.Data, line) }

// linesOnce builds a file's line index on the first position asked, so
// files without findings cost nothing more than their parse.
type linesOnce struct {
	once sync.Once
	idx  *lines.Index
}

func (l *linesOnce) index(data []byte) *lines.Index {
	l.once.Do(func() { l.idx = lines.New(data) })
	return l.idx
}

func (l *linesOnce) text(data []byte, line int) string {
	x := l.index(data)
	start := x.Start(line)
	if start < 0 {
		return ""
	}
	end := len(data)
	if next := x.Start(line + 1); next > 0 {
		end = next - 1
	}
	return ValidUTF8(strings.TrimSuffix(string(data[start:end]), "\r"))
}

func (x *Index) entry(p string) *cached {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.cache == nil {
		x.cache = map[string]*cached{}
	}
	c, ok := x.cache[p]
	if !ok {
		c = &cached{}
		x.cache[p] = c
	}
	return c
}

// warnOnce records a warning about reading or parsing a file; the same
// fault is recorded once whichever analyzer met it.
func (x *Index) warnOnce(w Warning) {
	x.mu.Lock()
	defer x.mu.Unlock()
	key := w.String()
	if x.warned == nil {
		x.warned = map[string]bool{}
	}
	if !x.warned[key] {
		x.warned[key] = true
		x.readWarnings = append(x.readWarnings, w)
	}
}

// Warnings are the files and links the walk skipped and the files that
// could not be read or parsed, sorted; call it after the analyzers ran.
func (x *Index) Warnings() []Warning {
	x.mu.Lock()
	out := append(append([]Warning(nil), x.walkWarnings...), x.readWarnings...)
	x.mu.Unlock()
	SortWarnings(out)
	return out
}

// kindOf is the kind of a project file, Other for files outside the
// project's own tree (an installed package's manifest).
func (x *Index) kindOf(p string) (Kind, bool) {
	if f, ok := x.file(p); ok {
		return f.Kind, true
	}
	return Other, false
}

// ReadText is Read for a reader that searches any text (the secret search
// of every file): a binary file is not text to search, so it gives nil
// without a warning; other faults warn as Read does.
func (x *Index) ReadText(p string) []byte {
	kind, _ := x.kindOf(p)
	data, err := ReadFile(x.fsys, p, x.lim.sizeLimit(kind))
	if errors.Is(err, ErrBinary) {
		return nil
	}
	if err != nil {
		x.warnOnce(Warnf(Position{File: p}, "not read: %v", Cause(err)))
	}
	return data
}

// Read returns a file's bytes, read once for a project file. A file that
// cannot be read (too large, binary, gone) gives one warning and nil.
func (x *Index) Read(p string) []byte {
	kind, own := x.kindOf(p)
	if !own {
		data, err := ReadFile(x.fsys, p, x.lim.sizeLimit(kind))
		if err != nil {
			x.warnOnce(Warnf(Position{File: p}, "not read: %v", Cause(err)))
		}
		return data
	}
	c := x.entry(p)
	c.once.Do(func() { c.data, c.doc = x.load(p, kind) })
	return c.data
}

// Doc returns a data file parsed into node trees, parsed once for a
// project file; nil when it cannot be read. Syntax errors are warnings at
// their position, and the part before the fault is kept.
func (x *Index) Doc(p string) *Doc {
	kind, own := x.kindOf(p)
	if !own {
		data, doc := x.load(p, kind)
		if data == nil {
			return nil
		}
		return doc
	}
	c := x.entry(p)
	c.once.Do(func() { c.data, c.doc = x.load(p, kind) })
	return c.doc
}

// DocKeys is Doc for a reader that needs only some members of a JSON
// file's top-level object: the manifest of an installed package, of which
// the licence reader reads the name, version, licence and dependencies.
// The file is read and checked whole, with the warnings Doc gives, but
// only the members named in keys become nodes (tree.JSONKeys), which
// keeps an npm tree's thousands of manifests cheap. A project file is
// parsed whole and kept, as Doc does, for its other readers; a file of
// another format is parsed whole.
func (x *Index) DocKeys(p string, keys ...string) *Doc {
	kind, own := x.kindOf(p)
	if own {
		return x.Doc(p)
	}
	data, doc := x.loadKeys(p, kind, keys)
	if data == nil {
		return nil
	}
	return doc
}

// load reads a file and, for a data format, parses it.
func (x *Index) load(p string, kind Kind) ([]byte, *Doc) { return x.loadKeys(p, kind, nil) }

// loadKeys is load keeping, of a JSON file's top-level object, only the
// members named in keys (all with keys nil).
func (x *Index) loadKeys(p string, kind Kind, keys []string) ([]byte, *Doc) {
	data, err := ReadFile(x.fsys, p, x.lim.sizeLimit(kind))
	if err != nil {
		x.warnOnce(Warnf(Position{File: p}, "not read: %v", Cause(err)))
		return nil, nil
	}
	if kind == Terraform {
		if at := hclTooDeep(data, MaxHCLDepth); at >= 0 {
			line, col := lines.New(data).At(at)
			x.warnOnce(Warnf(Position{File: p, Line: line, Col: col}, "HCL nested deeper than %d levels: file not read", MaxHCLDepth))
			return nil, nil
		}
	}
	f := formatOf(p)
	if f == noFormat {
		return data, nil
	}
	return data, x.parse(p, data, f, keys)
}

func (x *Index) parse(p string, data []byte, f format, keys []string) *Doc {
	d, ws := parseDoc(p, data, f, keys, x.lim.Tree)
	for _, w := range ws {
		x.warnOnce(w)
	}
	return d
}

type format uint8

const (
	noFormat format = iota
	jsonFormat
	yamlFormat
	tomlFormat
)

// formatOf is the data format of a file by its name.
func formatOf(p string) format {
	base := strings.ToLower(path.Base(p))
	switch base {
	case "poetry.lock", "uv.lock", "pipfile":
		return tomlFormat
	case ".mcp.json", "package-lock.json", "npm-shrinkwrap.json":
		return jsonFormat
	}
	switch path.Ext(base) {
	case ".json", ".jsonc", ".json5":
		return jsonFormat
	case ".yaml", ".yml":
		return yamlFormat
	case ".toml":
		return tomlFormat
	}
	return noFormat
}

// ParseDoc parses data files that are not the project's (a user-level
// client config of this machine) the way the index parses the project's:
// the format from the name, syntax errors as warnings.
func ParseDoc(file string, data []byte) (*Doc, []Warning) {
	f := formatOf(file)
	if f == noFormat {
		f = jsonFormat
	}
	return parseDoc(file, data, f, nil, tree.Limits{})
}

// parseDoc parses a data file; keys, when not nil, are the members of a
// JSON file's top-level object to keep (tree.JSONKeys).
func parseDoc(p string, data []byte, f format, keys []string, lim tree.Limits) (*Doc, []Warning) {
	d := &Doc{File: p, Data: data}
	var errs []tree.Error
	switch f {
	case jsonFormat:
		var root *tree.Node
		if keys != nil {
			root, errs = tree.JSONKeys(data, lim, keys)
		} else {
			root, errs = tree.JSON(data, lim)
		}
		if root != nil {
			d.Roots = []*tree.Node{root}
		}
	case yamlFormat:
		d.Roots, errs = tree.YAML(data, lim)
	case tomlFormat:
		var root *tree.Node
		root, errs = tree.TOML(data, lim)
		if root != nil {
			d.Roots = []*tree.Node{root}
		}
	}
	var ws []Warning
	for _, e := range errs {
		ws = append(ws, Warnf(Position{File: p, Line: e.Line, Col: e.Col}, "%s", e.Msg))
	}
	return d, ws
}

// EachSource reads and parses every source file of the project once, in
// path order, and hands each to every visitor before the next: the
// analyzers share one pass and the parsed file is dropped after it.
// Generated files (bundles, minified and built output) are skipped.
// Files are parsed on as many goroutines as there are CPUs; visitors are
// called on one, in order, so they need no locking.
func (x *Index) EachSource(ctx context.Context, visit ...func(*SourceFile)) error {
	var files []File
	for _, f := range x.Files(Source) {
		if !f.Generated {
			files = append(files, f)
		}
	}
	workers := max(1, min(runtime.GOMAXPROCS(0), len(files)))
	slots := make([]chan *SourceFile, len(files))
	for i := range slots {
		slots[i] = make(chan *SourceFile, 1)
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				slots[i] <- x.source(files[i])
			}
		}()
	}
	// Feed at most a few files ahead of the visitors, which bounds the
	// parsed files held at once.
	ahead := make(chan struct{}, 2*workers)
	go func() {
		defer close(next)
		for i := range files {
			select {
			case ahead <- struct{}{}:
			case <-ctx.Done():
				return
			}
			next <- i
		}
	}()
	var err error
	for i := range files {
		if err = ctx.Err(); err != nil {
			break
		}
		src := <-slots[i]
		<-ahead
		if src == nil {
			continue
		}
		for _, v := range visit {
			v(src)
		}
	}
	if err != nil { // let the workers finish what they hold
		go func() {
			for range ahead {
			}
		}()
	}
	wg.Wait()
	return err
}

// source reads and parses one source file; nil when it cannot be read.
func (x *Index) source(f File) *SourceFile {
	data, err := ReadFile(x.fsys, f.Path, x.lim.MaxSourceSize)
	if err != nil {
		x.warnOnce(Warnf(Position{File: f.Path}, "not read: %v", Cause(err)))
		return nil
	}
	s := &SourceFile{File: f, Data: data}
	switch lang := syntax.LangOf(f.Path); lang {
	case syntax.Go:
		g, perr := syntax.ParseGo(data)
		if perr != nil {
			x.warnOnce(Warnf(Position{File: f.Path, Line: perr.Line, Col: perr.Col}, "Go syntax error: %s; read up to it", perr.Msg))
		}
		if g != nil && g.AST != nil {
			s.Go = g
		}
	default:
		s.Code = syntax.Lex(lang, data)
	}
	return s
}

// file finds a project file by path.
func (x *Index) file(p string) (File, bool) {
	i, ok := x.search(p)
	if !ok {
		return File{}, false
	}
	return x.files[i], true
}
