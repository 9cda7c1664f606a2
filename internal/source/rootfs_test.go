package source

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// A directory opened for a scan reads names that are not valid UTF-8 (a
// repository may hold them; os.Root.FS refused them), and still refuses
// what leaves the root: "..", a symlink out.
func TestOpenDirNamesNotUTF8(t *testing.T) {
	dir := t.TempDir()
	bad := "srv\xff"
	if err := os.MkdirAll(filepath.Join(dir, bad), 0o755); err != nil {
		t.Skipf("this file system refuses non-UTF-8 names: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, bad, "server.py"), []byte("x = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/etc", filepath.Join(dir, "out")); err != nil {
		t.Fatal(err)
	}
	s, err := OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var seen []string
	if err := fs.WalkDir(s.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		seen = append(seen, p)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	want := []string{".", "out", bad, bad + "/server.py"}
	if len(seen) != len(want) {
		t.Fatalf("walk = %q, want %q", seen, want)
	}
	for i := range want {
		if seen[i] != want[i] {
			t.Fatalf("walk = %q, want %q", seen, want)
		}
	}
	if data, err := fs.ReadFile(s.FS, bad+"/server.py"); err != nil || string(data) != "x = 1\n" {
		t.Errorf("ReadFile = %q, %v", data, err)
	}
	for _, p := range []string{"../x", bad + "/../../x", "/etc/passwd", "out/passwd", "a//b", `a\b`} {
		if _, err := s.FS.Open(p); err == nil {
			t.Errorf("Open(%q) succeeded", p)
		}
	}
}
