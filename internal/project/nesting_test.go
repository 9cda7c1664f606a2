package project

import (
	"strings"
	"testing"
	"testing/fstest"
)

// A Terraform file nested past MaxHCLDepth is not handed to the HCL parser,
// which would overflow the stack: the index warns at the first bracket too
// deep and the scan goes on. Brackets in strings and comments do not count.
func TestHCLNestingBudget(t *testing.T) {
	deep := "locals {\n  a = " + strings.Repeat("(", 100_000) + "1" + strings.Repeat(")", 100_000) + "\n}\n"
	quoted := "locals {\n  a = \"" + strings.Repeat("(", 1000) + "\" # " + strings.Repeat("[", 1000) + "\n  /* " + strings.Repeat("{", 1000) + " */\n}\n"
	shallow := "locals {\n  a = " + strings.Repeat("(", MaxHCLDepth-1) + "1" + strings.Repeat(")", MaxHCLDepth-1) + "\n}\n"
	idx, _ := index(t, fstest.MapFS{
		"deep.tf":    {Data: []byte(deep)},
		"quoted.tf":  {Data: []byte(quoted)},
		"shallow.tf": {Data: []byte(shallow)},
	})
	if idx.Read("deep.tf") != nil {
		t.Error("deep.tf was read")
	}
	for _, f := range []string{"quoted.tf", "shallow.tf"} {
		if idx.Read(f) == nil {
			t.Errorf("%s was not read", f)
		}
	}
	ws := idx.Warnings()
	if len(ws) != 1 || ws[0].File != "deep.tf" || ws[0].Line != 2 || ws[0].Col != 6+MaxHCLDepth || !strings.Contains(ws[0].Message, "nested deeper than 256 levels") {
		t.Errorf("warnings = %+v, want one for deep.tf at 2:%d", ws, 6+MaxHCLDepth)
	}
}

// ReadText, the read of the all-text secret search, skips a binary file
// quietly; Read, the read of a reader expecting its kind, warns.
func TestReadTextQuietOnBinary(t *testing.T) {
	idx, _ := index(t, fstest.MapFS{
		"tool":         {Data: []byte("\x7fELF\x00\x00binary")},
		"package.json": {Data: []byte("{\x00}")},
	})
	if idx.ReadText("tool") != nil || idx.Read("package.json") != nil {
		t.Error("a binary file was read")
	}
	ws := idx.Warnings()
	if len(ws) != 1 || ws[0].File != "package.json" {
		t.Errorf("warnings = %+v, want one for package.json", ws)
	}
}
