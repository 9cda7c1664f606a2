package kb

import (
	"io/fs"
	"strings"
	"testing"
	"time"

	"github.com/github/go-spdx/v2/spdxexp"

	"github.com/mcp-comply/mcp-comply/internal/schemacheck"
)

// TestDataMatchesSchema validates every embedded data file against schema.json.
func TestDataMatchesSchema(t *testing.T) {
	sch := schemacheck.File(t, "schema.json", "kb.schema.json")
	files, _ := fs.Glob(data, "data/*.yaml")
	if len(files) == 0 {
		t.Fatal("no data files embedded")
	}
	schemacheck.CheckFiles(t, sch, data, files)
}

// TestIntegrity checks what the schema cannot: ids exist, dates are real and
// not in the future, every expression names only licences the base knows.
func TestIntegrity(t *testing.T) {
	b, err := Load(data)
	if err != nil {
		t.Fatal(err)
	}
	today := time.Now().Format(time.DateOnly)
	checkDate := func(where, d string) {
		if _, err := time.Parse(time.DateOnly, d); err != nil || d > today {
			t.Errorf("%s: checked date %q is not a real past date", where, d)
		}
	}
	for _, l := range b.Licenses {
		checkDate(l.ID, l.Checked)
		if strings.HasPrefix(l.ID, "LicenseRef-") {
			continue
		}
		if ok, _ := spdxexp.ValidateLicenses([]string{l.ID}); !ok && !l.Exception {
			t.Errorf("%s is neither on the SPDX list nor a LicenseRef- id", l.ID)
		}
	}
	known := func(where, expr string) {
		for _, id := range Leaves(expr) {
			if _, ok := b.License(id); !ok {
				t.Errorf("%s: expression %q names %s, which the knowledge base lacks", where, expr, id)
			}
		}
	}
	for alias, expr := range b.Aliases {
		known("alias "+alias, expr)
	}
	for cl, id := range b.Classifiers {
		known("classifier "+cl, id)
	}
	for _, e := range b.Engines {
		for _, v := range e.Licenses {
			known("engine "+e.ID, v.Expression)
			checkDate("engine "+e.ID, v.Checked)
		}
		for _, s := range e.Scopes {
			known("engine "+e.ID+" scope "+s.Match, s.Expression)
			checkDate("engine "+e.ID+" scope", s.Checked)
		}
	}
}
