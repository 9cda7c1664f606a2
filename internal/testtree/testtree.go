// Package testtree makes the file tree a test writes as a map (slash
// path → content): in memory (MapFS) for the analyzers that read an
// fs.FS, or on disk for the tests that need a real directory (a walk
// through os.Root, the CLI on a path), with the symlinks of the fixture;
// each file written or failing the test.
package testtree

import (
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

// MapFS is files (slash path → content) as an in-memory file system.
func MapFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for p, content := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(content)}
	}
	return fsys
}

// Write writes files (slash path → content) under root, making the
// directories they need; an error fails the test.
func Write(t testing.TB, root string, files map[string]string) {
	t.Helper()
	for p, content := range files {
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// New writes files (slash path → content) under a new temporary
// directory (t.TempDir) and returns it.
func New(t testing.TB, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	Write(t, root, files)
	return root
}

// Links makes symlinks (slash path → target, the target as written)
// under root; where the system makes none, the test is skipped.
func Links(t testing.TB, root string, links map[string]string) {
	t.Helper()
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(root, filepath.FromSlash(name))); err != nil {
			t.Skip("symlinks not supported:", err)
		}
	}
}
