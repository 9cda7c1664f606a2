package license

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/mcp-comply/mcp-comply/internal/project"
	"github.com/mcp-comply/mcp-comply/internal/vocab"
)

func TestResolveDeclarations(t *testing.T) {
	fsys := fstest.MapFS{
		"node_modules/js-nacl/README.md": {Data: []byte("# js-nacl\n\nBindings.\n\n## License\n\njs-nacl is written by Tony Garnock-Jones\nand is licensed under the [MIT\nlicense](http://opensource.org/licenses/MIT):\n\n## Other\n")},
		"node_modules/quiet/README.md":   {Data: []byte("# quiet\n\nNo licence section here. Released under the MIT license? Not in a License section.\n")},
	}
	res := newResolver(index(t, fsys), Options{KB: testBase(t)})
	decl := func(value, field string, line int) Declaration {
		return Declaration{Value: value, Field: field, Position: project.Position{File: "f", Line: line}}
	}
	for _, tc := range []struct {
		name   string
		c      Component
		want   string
		method vocab.Method
		note   string // a substring of some evidence note
	}{
		{"spdx id", Component{Declared: []Declaration{decl("MIT", "package.json license", 4)}}, "MIT", vocab.MethodDeclared, ""},
		{"alias", Component{Declared: []Declaration{decl("MIT License", "package.json license", 4)}}, "MIT", vocab.MethodAlias, `"MIT License" read as MIT`},
		{"installed package.json outranks the lockfile",
			Component{Declared: []Declaration{decl("Apache-2.0", "package-lock.json license", 9), decl("MIT", "package.json license", 4)}},
			"MIT", vocab.MethodDeclared, "differs from MIT"},
		{"classifiers only when nothing else",
			Component{Declared: []Declaration{decl("License :: OSI Approved :: MIT License", "classifier", 3), decl("Apache-2.0", "METADATA License", 2)}},
			"Apache-2.0", vocab.MethodDeclared, ""},
		{"several classifiers all apply",
			Component{Declared: []Declaration{decl("License :: OSI Approved :: MIT License", "classifier", 3), decl("License :: OSI Approved :: BSD License", "classifier", 4)}},
			"MIT", vocab.MethodAlias, "classifier names no single licence"},
		{"see licence in a file that is missing",
			Component{Dir: "node_modules/gone", Declared: []Declaration{decl("SEE LICENSE IN LICENSE.md", "package.json license", 5)}},
			"", vocab.MethodNone, "refers to node_modules/gone/LICENSE.md"},
		{"see licence in, outside the package", Component{Dir: "node_modules/x", Declared: []Declaration{decl("SEE LICENSE IN ../../secrets.txt", "package.json license", 5)}},
			"", vocab.MethodNone, "not available"},
		{"not an expression", Component{Declared: []Declaration{decl("BSD", "package.json license", 4)}}, "", vocab.MethodNone, "not a licence expression"},
		{"readme licence section", Component{Dir: "node_modules/js-nacl"}, "MIT", vocab.MethodText, "stated in the README's License section"},
		{"readme without a licence section", Component{Dir: "node_modules/quiet"}, "", vocab.MethodNone, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.c
			res.resolve(&c)
			if c.License.Expression != tc.want || c.License.Method != tc.method {
				t.Errorf("resolved %q by %s, want %q by %s; evidence %+v", c.License.Expression, c.License.Method, tc.want, tc.method, c.License.Evidence)
			}
			if tc.note == "" {
				return
			}
			for _, ev := range c.License.Evidence {
				if strings.Contains(ev.Note, tc.note) {
					return
				}
			}
			t.Errorf("no evidence note contains %q: %+v", tc.note, c.License.Evidence)
		})
	}
}

// TestResolveIsDeterministic feeds the same declarations in different
// orders, as merges of map-ordered readers do, and expects one evidence list.
func TestResolveIsDeterministic(t *testing.T) {
	res := newResolver(index(t, fstest.MapFS{}), Options{KB: testBase(t)})
	decls := []Declaration{
		{Value: "MIT", Field: "package-lock.json license", Position: project.Position{File: "package-lock.json", Line: 6698}},
		{Value: "MIT", Field: "package-lock.json license", Position: project.Position{File: "package-lock.json", Line: 5459}},
		{Value: "MIT", Field: "package.json license", Position: project.Position{File: "node_modules/b/package.json", Line: 10}},
		{Value: "MIT", Field: "package.json license", Position: project.Position{File: "node_modules/a/package.json", Line: 10}},
	}
	var first string
	for i := range 8 {
		shuffled := append([]Declaration(nil), decls[i%4:]...)
		shuffled = append(shuffled, decls[:i%4]...)
		c := Component{Declared: shuffled}
		res.resolve(&c)
		got := fmt.Sprint(c.License.Evidence)
		if i == 0 {
			first = got
		} else if got != first {
			t.Fatalf("evidence order depends on input order:\n%s\n%s", first, got)
		}
	}
}
