// Package projecttest holds what the analyzers' tests and benchmarks share
// about the project index: Walk, a fixture tree indexed as a scan indexes
// it, a walk that fails failing the test.
package projecttest

import (
	"io/fs"
	"testing"

	"github.com/mcp-comply/mcp-comply/internal/project"
)

// Walk indexes fsys (project.Walk, with the test's context); an error
// fails the test.
func Walk(t testing.TB, fsys fs.FS) *project.Index {
	t.Helper()
	idx, err := project.Walk(t.Context(), fsys)
	if err != nil {
		t.Fatal(err)
	}
	return idx
}
