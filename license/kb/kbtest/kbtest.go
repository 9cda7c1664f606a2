// Package kbtest builds a knowledge base from YAML a test writes, in the
// shape of license/kb's data files, for the tests that judge licences
// against a few entries of their own.
package kbtest

import (
	"testing"
	"testing/fstest"

	"github.com/mcp-comply/mcp-comply/license/kb"
)

// Base is the knowledge base data holds, as one data file; a file that
// does not load fails the test.
func Base(t testing.TB, data string) *kb.Base {
	t.Helper()
	b, err := kb.Load(fstest.MapFS{"data/test.yaml": {Data: []byte(data)}})
	if err != nil {
		t.Fatal(err)
	}
	return b
}
