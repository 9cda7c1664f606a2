// The architecture of mcp-comply, checked: the import rules the package
// documentation promises. go/packages runs `go list`, offline.
package mcpcomply_test

import (
	"go/ast"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"
)

const module = "github.com/mcp-comply/mcp-comply"

func load(t *testing.T) []*packages.Package {
	t.Helper()
	pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedName | packages.NeedImports | packages.NeedDeps}, "./...")
	if err != nil {
		t.Fatal(err)
	}
	return pkgs
}

// deps lists every package p links, itself excluded.
func deps(p *packages.Package) map[string]bool {
	seen := map[string]bool{}
	var visit func(*packages.Package)
	visit = func(p *packages.Package) {
		for path, q := range p.Imports {
			if !seen[path] {
				seen[path] = true
				visit(q)
			}
		}
	}
	visit(p)
	return seen
}

func under(path string, prefixes ...string) bool {
	for _, pre := range prefixes {
		if path == module+"/"+pre || strings.HasPrefix(path, module+"/"+pre+"/") {
			return true
		}
	}
	return false
}

func TestArchitecture(t *testing.T) {
	for _, p := range load(t) {
		imports := map[string]bool{}
		for path := range p.Imports {
			imports[path] = true
		}
		// go/parser is called from one package: every Go file is parsed once.
		if imports["go/parser"] && p.PkgPath != module+"/internal/syntax" {
			t.Errorf("%s imports go/parser: parse Go through internal/syntax (the project index hands out the AST)", p.PkgPath)
		}
		// Formatters render the report model; they never reach into an analyzer.
		if under(p.PkgPath, "reports") {
			for path := range imports {
				if under(path, "license", "residency", "hardening", "aiuse") {
					t.Errorf("formatter %s imports analyzer %s: put what it needs into the report model", p.PkgPath, path)
				}
			}
		}
		// The analyzers and the judgement never start a process, open a
		// connection or speak MCP: that is package live's, run on request.
		if under(p.PkgPath, "compliance", "license", "residency", "hardening", "aiuse") {
			d := deps(p)
			for _, bad := range []string{"os/exec", "net/http", "github.com/modelcontextprotocol/go-sdk/mcp"} {
				if d[bad] {
					t.Errorf("%s links %s", p.PkgPath, bad)
				}
			}
		}
		// One TOML library.
		if imports["github.com/BurntSushi/toml"] {
			t.Errorf("%s imports BurntSushi/toml: TOML is read with pelletier/go-toml through internal/tree", p.PkgPath)
		}
	}
}

// Every package says what it is for in a package comment: ARCHITECTURE.md
// is the map, the package comments are the legend.
func TestEveryPackageHasADocComment(t *testing.T) {
	pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedName | packages.NeedSyntax | packages.NeedFiles}, "./...")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pkgs {
		if len(p.GoFiles) == 0 { // the module root holds only this test
			continue
		}
		if !slices.ContainsFunc(p.Syntax, func(f *ast.File) bool { return f.Doc != nil }) {
			t.Errorf("%s has no package comment", p.PkgPath)
		}
	}
}
