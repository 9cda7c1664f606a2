// Package golden compares a test's output with its golden file, or writes
// the file when the test runs with -update: one way to do it, and one
// message that says where the output differs and how to accept a change.
package golden

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"testing"
)

// Check compares got with the golden file at path; with update it writes
// got there instead. regen is the command that rewrites the file
// ("go test ./reports -update"), for the message a difference gets.
func Check(t testing.TB, path string, got []byte, update bool, regen string) {
	t.Helper()
	if update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run %s to create it)", err, regen)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s; if the change is intended, run %s and read the diff:\n%s",
			path, regen, FirstDiff(string(want), string(got)))
	}
}

// FirstDiff shows the first line where got differs from want, each side
// cut to 200 bytes.
func FirstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range max(len(w), len(g)) {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "line " + strconv.Itoa(i+1) + ":\n- " + clip(wl) + "\n+ " + clip(gl)
		}
	}
	return "(no line differs)"
}

func clip(s string) string {
	if len(s) > 200 {
		return s[:200] + "…"
	}
	return s
}
