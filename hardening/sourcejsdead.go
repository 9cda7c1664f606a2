package hardening

import (
	"strings"

	"github.com/mcp-comply/mcp-comply/internal/syntax"
)

// Tool objects no module uses. A TypeScript server's tools are often
// objects exported one per module and collected by a registry module
// (apify's tools/index.ts lists them in arrays); an object exported but
// imported by no module and named nowhere else in its own is dead code,
// and its tool is never listed (apify's removeTool, helpTool and
// abortActorRun). Only a module the project imports by name is judged: a
// namespace import, export * or require() of it may use any export.

// jsExport is a module's top-level exported constant whose name the
// module itself never uses again: the lines its declaration spans.
type jsExport struct {
	name     string
	from, to int
}

// jsUnusedExports finds the file's exported constants (export const X
// … = value in the first column, a top-level statement as formatted code
// writes one) named only where they are declared.
func (p *code) jsUnusedExports() []jsExport {
	var out []jsExport
	for i := range p.Tokens {
		if !p.Is(i, syntax.Name, "export") || p.Tokens[i].Col != 1 || !(p.Is(i+1, syntax.Name, "const") || p.Is(i+1, syntax.Name, "let")) || !p.Is(i+2, syntax.Name, "") {
			continue
		}
		name := p.Tokens[i+2].Text
		eq := i + 3
		for eq < len(p.Tokens) && !p.Is(eq, syntax.Punct, "=") && p.Tokens[eq].Col != 1 {
			eq++
		}
		if !p.Is(eq, syntax.Punct, "=") || !p.Is(eq+1, syntax.Punct, "{") && !p.Is(eq+1, syntax.Punct, "[") {
			continue
		}
		if end := p.Match(eq + 1); end < len(p.Tokens) {
			out = append(out, jsExport{name: strings.Clone(name), from: p.Tokens[i].Line, to: p.Tokens[end].Line})
		}
	}
	if len(out) == 0 {
		return nil
	}
	uses := map[string]int{}
	for _, e := range out {
		uses[e.name] = 0
	}
	for i := range p.Tokens {
		if t := &p.Tokens[i]; t.Kind == syntax.Name {
			if n, ok := uses[t.Text]; ok {
				uses[t.Text] = n + 1
			}
		}
	}
	kept := out[:0]
	for _, e := range out {
		if uses[e.name] == 1 {
			kept = append(kept, e)
		}
	}
	return kept
}

// jsUse is what the project's modules import of one another: the
// exports imported by name (file + "\x00" + name), the modules some
// module imports by name at all, and the modules used whole (a namespace
// import, export * from, require() or import()).
type jsUse struct {
	named, byName, whole map[string]bool
}

// add records what file f imports from the project's modules.
func (u *jsUse) add(f *syntax.File, file string) {
	if u.named == nil {
		u.named, u.byName, u.whole = map[string]bool{}, map[string]bool{}, map[string]bool{}
	}
	mark := func(set map[string]bool, spec, name string) {
		for _, m := range jsSpecFiles(spec, file) {
			set[m+name] = true
		}
	}
	for i := range f.Tokens {
		switch {
		case (f.Is(i, syntax.Name, "require") || f.Is(i, syntax.Name, "import")) && f.Is(i+1, syntax.Punct, "(") && f.Is(i+2, syntax.String, "") && strings.HasPrefix(f.Tokens[i+2].Text, "."):
			mark(u.whole, f.Tokens[i+2].Text, "")
		case (f.Is(i, syntax.Name, "import") || f.Is(i, syntax.Name, "export")) && !f.Is(i-1, syntax.Punct, "."):
			// The clause: names, braces, commas, * and as, up to from "…".
			var names []string
			star := false
			j := i + 1
			for ; j < len(f.Tokens) && j < i+400; j++ {
				t := &f.Tokens[j]
				if t.Kind == syntax.Name && t.Text == "from" || t.Kind == syntax.Punct && t.Text != "{" && t.Text != "}" && t.Text != "," && t.Text != "*" || t.Kind != syntax.Name && t.Kind != syntax.Punct {
					break
				}
				switch {
				case t.Kind == syntax.Punct && t.Text == "*":
					star = true
				case t.Kind == syntax.Name && t.Text != "as" && t.Text != "type" && !f.Is(j-1, syntax.Name, "as"):
					names = append(names, t.Text)
				}
			}
			if !f.Is(j, syntax.Name, "from") || !f.Is(j+1, syntax.String, "") || !strings.HasPrefix(f.Tokens[j+1].Text, ".") {
				continue
			}
			spec := f.Tokens[j+1].Text
			if star {
				mark(u.whole, spec, "")
			}
			mark(u.byName, spec, "")
			for _, n := range names {
				mark(u.named, spec, "\x00"+n)
			}
		}
	}
}

// dead reports an export of file that no module uses.
func (u *jsUse) dead(file, name string) bool {
	return u.byName[file] && !u.whole[file] && !u.named[file+"\x00"+name]
}

// dropDead removes from s the tools of its exports no module uses.
func (u *jsUse) dropDead(s *SourceServer) {
	if len(s.js.exports) == 0 {
		return
	}
	kept := s.Tools[:0]
	for _, t := range s.Tools {
		if !u.deadAt(s.js.exports, t.File, t.Line) {
			kept = append(kept, t)
		}
	}
	s.Tools = kept
}

func (u *jsUse) deadAt(exports []jsExport, file string, line int) bool {
	for _, e := range exports {
		if line >= e.from && line <= e.to {
			return u.dead(file, e.name)
		}
	}
	return false
}
