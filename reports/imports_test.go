package reports

import (
	"go/build"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

const module = "github.com/mcp-comply/mcp-comply/"

// TestFormatsImportOnlyTheModel keeps the formats standing on the report
// model alone: no package under reports (tests included) imports a
// package of this module other than compliance and reports' own (and two
// leaf helpers: the tests' golden-file helper, internal/golden, and the
// JSON Schema loader internal/schema), so none reaches the
// analyzers (license, license/kb, residency, hardening, internal/project)
// for a type or a value. Output libraries are free.
func TestFormatsImportOnlyTheModel(t *testing.T) {
	packages := 0
	err := filepath.WalkDir(".", func(dir string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if d.Name() == "testdata" {
			return filepath.SkipDir
		}
		pkg, err := build.ImportDir(dir, build.ImportComment)
		if _, none := err.(*build.NoGoError); none {
			return nil
		}
		if err != nil {
			return err
		}
		packages++
		for _, imports := range [][]string{pkg.Imports, pkg.TestImports, pkg.XTestImports} {
			for _, path := range imports {
				own, ok := strings.CutPrefix(path, module)
				if ok && own != "compliance" && own != "reports" && own != "internal/golden" && own != "internal/schema" && !strings.HasPrefix(own, "reports/") {
					t.Errorf("reports/%s imports %s: a format reads the report model (package compliance) only",
						filepath.ToSlash(dir), path)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if packages < 9 {
		t.Errorf("checked %d packages under reports, want every format (json and text, markdown, sarif, cyclonedx, spdx, pdf) and their helpers", packages)
	}
}
