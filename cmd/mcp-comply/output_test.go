package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/mcp-comply/mcp-comply/reports"
)

// -o never destroys what the path is: a symlink is written through and
// stays a link, a FIFO is written and stays a FIFO, a device stays a
// device, a directory is refused, "-" is standard output.
func TestOutputNeverDestroys(t *testing.T) {
	dir := t.TempDir()

	// A link to a file and a dangling link: each is written through and
	// stays a link; a target that was there keeps its mode.
	for _, tc := range []struct {
		name, link, target string
		exists             bool
	}{
		{"symlink", "link.json", "real.json", true},
		{"dangling symlink", "dangling.json", "made-by-the-report.json", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			target := filepath.Join(dir, tc.target)
			if tc.exists {
				if err := os.WriteFile(target, []byte("old"), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			link := filepath.Join(dir, tc.link)
			if err := os.Symlink(tc.target, link); err != nil {
				t.Fatal(err)
			}
			if _, stderr, code := run(t, "report", "testdata/n8n-agent", "-o", link); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
				t.Fatalf("the symlink was replaced: %v %v", info, err)
			}
			data, _ := os.ReadFile(target)
			if err := reports.Validate(data); err != nil {
				t.Errorf("the link's target holds no report: %v", err)
			}
			if info, _ := os.Stat(target); tc.exists && info.Mode().Perm() != 0o600 {
				t.Errorf("the target's mode became %v, want it kept (0600)", info.Mode().Perm())
			}
		})
	}

	t.Run("fifo", func(t *testing.T) {
		fifo := filepath.Join(dir, "pipe")
		if err := syscall.Mkfifo(fifo, 0o600); err != nil {
			t.Skipf("no FIFOs here: %v", err)
		}
		got := make(chan []byte)
		go func() {
			f, err := os.Open(fifo)
			if err != nil {
				got <- nil
				return
			}
			data, _ := io.ReadAll(f)
			f.Close()
			got <- data
		}()
		if _, stderr, code := run(t, "report", "testdata/n8n-agent", "-o", fifo, "--format", "json"); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if err := reports.Validate(<-got); err != nil {
			t.Errorf("the reader of the FIFO got no report: %v", err)
		}
		if info, _ := os.Lstat(fifo); info.Mode()&os.ModeNamedPipe == 0 {
			t.Errorf("the FIFO was replaced by %v", info.Mode())
		}
	})

	t.Run("device", func(t *testing.T) {
		if _, stderr, code := run(t, "report", "testdata/n8n-agent", "-o", os.DevNull); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if info, err := os.Lstat(os.DevNull); err != nil || info.Mode()&os.ModeDevice == 0 {
			t.Fatalf("%s is no longer a device: %v %v", os.DevNull, info, err)
		}
	})

	t.Run("directory", func(t *testing.T) {
		_, stderr, code := run(t, "report", "testdata/n8n-agent", "-o", dir, "--format", "json")
		if code != exitError || !strings.Contains(stderr, dir+" is a directory") {
			t.Errorf("exit %d, %q", code, stderr)
		}
	})

	t.Run("stdout", func(t *testing.T) {
		stdout, stderr, code := run(t, "report", "testdata/n8n-agent", "-o", "-", "--format", "json")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if err := reports.Validate([]byte(stdout)); err != nil {
			t.Errorf("-o - wrote no JSON report to standard output: %v", err)
		}
		if _, err := os.Stat("-"); err == nil {
			os.Remove("-")
			t.Error("-o - wrote a file named -")
		}
	})
}

// A write error names the path the user gave, not the temporary file.
func TestOutputErrorNamesTheUsersPath(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "missing-dir", "r.json")
	_, stderr, code := run(t, "report", "testdata/n8n-agent", "-o", bad)
	if code != exitError || !strings.Contains(stderr, bad+": ") || strings.Contains(stderr, ".r.json.") {
		t.Errorf("exit %d, %q: want an error naming %s and no temporary file", code, stderr, bad)
	}
}

// The format comes from the file name; a name that is no format's is an
// error, never silent text.
func TestOutputUnknownExtension(t *testing.T) {
	out := filepath.Join(t.TempDir(), "r.html")
	_, stderr, code := run(t, "report", "testdata/n8n-agent", "-o", out)
	if code != exitUsage || !strings.Contains(stderr, ".html is not the file name of a format") {
		t.Errorf("exit %d, %q", code, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("r.html was written")
	}
}

// A failed render writes nothing: the old file stays whole.
func TestOutputKeepsTheOldFileOnFailure(t *testing.T) {
	out := filepath.Join(t.TempDir(), "r.json")
	if err := os.WriteFile(out, []byte("the previous report"), 0o644); err != nil {
		t.Fatal(err)
	}
	// --from a file that is not a report fails before anything is written.
	bogus := filepath.Join(t.TempDir(), "bogus.json")
	os.WriteFile(bogus, []byte(`{"schemaVersion": "1"}`), 0o644)
	if _, _, code := run(t, "report", "--from", bogus, "-o", out); code == 0 {
		t.Fatal("a bogus saved report rendered")
	}
	if data, _ := os.ReadFile(out); !bytes.Equal(data, []byte("the previous report")) {
		t.Errorf("the old file became %q", data)
	}
}
