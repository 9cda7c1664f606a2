package hardening

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"hash/maphash"
	"io"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/mcp-comply/mcp-comply/internal/project"
)

// scan reads the blobs the trees listed and scans them, oldest first, for
// secrets. One goroutine reads the object store (go-git's is not safe for
// concurrent use) while this one scans what it read: the two costs
// overlap on two cores.
func (w *historyWalk) scan(ctx context.Context, blobs []historyBlob) error {
	keep := w.bound(blobs)
	type read struct {
		b    *historyBlob
		data []byte
		err  error
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := make(chan read, 32)
	done := make(chan struct{})
	defer func() { cancel(); <-done }() // the reader is done with the store
	go func() {
		defer close(done)
		defer close(ch)
		for i := range blobs {
			if !keep[i] {
				continue
			}
			size, err := w.blobs.size(blobs[i].hash)
			if err == nil && size > maxBlobSize {
				continue
			}
			var data []byte
			if err == nil {
				data, err = w.blobs.read(blobs[i].hash)
			}
			select {
			case ch <- read{&blobs[i], data, err}:
			case <-ctx.Done():
				return
			}
		}
	}()
	lines := newLineSet()
	w.at = map[string]int{}
	for r := range ch {
		if err := ctx.Err(); err != nil {
			return err
		}
		if r.err != nil {
			w.unreadable(r.b, r.err)
			continue
		}
		w.blob(r.b, r.data, lines)
	}
	return ctx.Err()
}

// bound marks the blobs to read: all of them, or under
// Options.MaxHistoryBytes the newest that fit in it (of at most
// maxBlobSize bytes).
func (w *historyWalk) bound(blobs []historyBlob) []bool {
	keep := make([]bool, len(blobs))
	if w.maxBytes <= 0 {
		for i := range keep {
			keep[i] = true
		}
		return keep
	}
	var total int64
	for i := len(blobs) - 1; i >= 0; i-- {
		size, err := w.blobs.size(blobs[i].hash)
		if err != nil || size > maxBlobSize {
			keep[i] = err != nil // read, so that the warning is the reader's
			continue
		}
		if w.maxBytes > 0 && total+size > w.maxBytes {
			w.cut("stopped at %s of blobs (the history byte limit); older changes were not searched", mib(w.maxBytes))
			break
		}
		total += size
		keep[i] = true
	}
	return keep
}

func mib(n int64) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

func (w *historyWalk) unreadable(b *historyBlob, err error) {
	w.warn(project.Position{File: b.path}, "git history: the file as commit %s left it cannot be read (%v); it was not searched for secrets",
		shortCommit(b.commit.c.Hash), err)
}

// blob scans the lines of one blob that no blob before held, and records
// the secrets the current tree does not hold, at the blob's commit.
func (w *historyWalk) blob(b *historyBlob, data []byte, lines *lineSet) {
	if binaryData(data) {
		return
	}
	w.hist.Blobs++
	w.hist.Bytes += int64(len(data))
	dotenv := dotenvName(b.path)
	text, pieces := lines.fresh(data, dotenv)
	if len(text) == 0 {
		return
	}
	at := linePos(b.path, data)
	pos := at
	if pieces != nil {
		pos = func(off int) project.Position { return at(pieces.orig(off)) }
	}
	c := b.commit
	// History blobs are not project files: scanned here, not by the index.
	for _, s := range textSecrets(text, dotenv, "history", pos) {
		if w.present[s.Hash] {
			continue
		}
		if _, ok := w.found[s.Hash]; ok {
			continue // found in an older blob, or earlier in this one
		}
		s.Commit, s.Removed, s.Shallow = c.c.Hash.String(), true, w.shallow[c.c.Hash]
		s.ID = factID("secret", "history", s.Rule, s.Hash)
		w.found[s.Hash], w.at[s.Hash] = s, c.order
	}
}

// blobSecrets are the secrets in a file of the history, read whole.
func blobSecrets(name string, data []byte) []Secret {
	return textSecrets(data, dotenvName(name), "history", linePos(name, data))
}

func dotenvName(name string) bool {
	return strings.HasPrefix(path.Base(name), ".env") || strings.HasSuffix(name, ".env")
}

func readBlob(b *object.Blob) ([]byte, error) {
	r, err := b.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(io.LimitReader(r, maxBlobSize+1))
}

// slicesSortSecrets orders the secrets found by the order of their
// commits (oldest first), then by file, line and hash.
func slicesSortSecrets(ss []Secret, at map[string]int) {
	slices.SortFunc(ss, func(a, b Secret) int {
		return cmp.Or(cmp.Compare(at[a.Hash], at[b.Hash]), cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Hash, b.Hash))
	})
}

// lineSet is the set of the lines of history scanned so far, by hash. A
// file's history is mostly the same lines again: each version's new lines
// are its change, and only they need scanning. A line is the same line
// only in the same kind of file (a dotenv file's are read differently).
type lineSet struct {
	seed maphash.Seed
	seen map[uint64]struct{}
	buf  []byte
}

func newLineSet() *lineSet {
	return &lineSet{seed: maphash.MakeSeed(), seen: map[uint64]struct{}{}}
}

// pieces place the text fresh returns in the blob: piece i starts at
// from[i] in the text and at orig[i] in the blob.
type pieces struct{ from, at []int }

// orig is the offset in the blob of an offset in the text.
func (p *pieces) orig(off int) int {
	i := sort.SearchInts(p.from, off+1) - 1
	return p.at[i] + off - p.from[i]
}

// fresh returns the lines of data not seen before, each whole with its
// line break, in order, and marks them seen: data itself when every line
// is new (pieces nil), else a copy (valid until the next call) and where
// its pieces lie in data. The delimiter lines of a private key are always
// kept, so a new key between them reads as one.
func (s *lineSet) fresh(data []byte, dotenv bool) ([]byte, *pieces) {
	var salt uint64
	if dotenv {
		salt = 0x9e3779b97f4a7c15
	}
	var p *pieces
	s.buf = s.buf[:0]
	keptTo := 0 // the end of the run of kept lines in data, while every line is kept
	for start := 0; start < len(data); {
		end := len(data)
		if i := bytes.IndexByte(data[start:], '\n'); i >= 0 {
			end = start + i + 1
		}
		line := data[start:end]
		h := maphash.Bytes(s.seed, bytes.TrimRight(line, "\r\n")) ^ salt
		_, old := s.seen[h]
		if old && bytes.Contains(line, []byte("-----")) {
			old = false // BEGIN and END lines of a private key
		}
		if !old {
			s.seen[h] = struct{}{}
		}
		switch {
		case p == nil && !old && keptTo == start:
			keptTo = end // still every line so far
		case p == nil && old:
			p = &pieces{}
			if keptTo > 0 {
				s.buf = append(s.buf, data[:keptTo]...)
				p.from, p.at = append(p.from, 0), append(p.at, 0)
			}
		case p != nil && !old:
			if n := len(p.from); n > 0 && p.at[n-1]+len(s.buf)-p.from[n-1] == start {
				s.buf = append(s.buf, line...) // the piece goes on
			} else {
				p.from, p.at = append(p.from, len(s.buf)), append(p.at, start)
				s.buf = append(s.buf, line...)
			}
		}
		start = end
	}
	if p == nil {
		return data, nil
	}
	return s.buf, p
}
