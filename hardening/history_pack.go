package hardening

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"container/list"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/idxfile"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/go-git/go-git/v5/storage/filesystem/dotgit"
)

// blobReader reads blobs for the history walk. go-git reads a packed
// object by inflating it into a buffer, copying it, and hashing it again
// to cache it: for the thousands of versions of a repository's files that
// costs more than scanning them. packBlobs reads the packfiles itself,
// resolves delta chains through a cache of the objects it resolved, and
// leaves every object it does not find in a packfile (a loose object, an
// alternate's) to the store.
type blobReader interface {
	// size is the size of a blob, read from its header.
	size(h plumbing.Hash) (int64, error)
	// read is a blob's content.
	read(h plumbing.Hash) ([]byte, error)
	// commit and tree read and decode a commit and a tree (a tree read
	// so cannot read its subtrees: FindEntry and File are not for it).
	commit(h plumbing.Hash) (*object.Commit, error)
	tree(h plumbing.Hash) (*object.Tree, error)
	close()
}

// newBlobReader reads the packfiles of a repository on disk, and any other
// store through go-git.
func newBlobReader(s storer.Storer, objects storer.EncodedObjectStorer) blobReader {
	if fsStore, ok := s.(*filesystem.Storage); ok {
		if r, err := openPacks(fsStore.Filesystem(), objects); err == nil {
			return r
		}
	}
	return storeBlobs{objects}
}

// storeBlobs reads blobs through go-git's store.
type storeBlobs struct{ store storer.EncodedObjectStorer }

func (s storeBlobs) size(h plumbing.Hash) (int64, error) { return s.store.EncodedObjectSize(h) }
func (s storeBlobs) close()                              {}
func (s storeBlobs) commit(h plumbing.Hash) (*object.Commit, error) {
	return object.GetCommit(s.store, h)
}
func (s storeBlobs) tree(h plumbing.Hash) (*object.Tree, error) { return object.GetTree(s.store, h) }

func (s storeBlobs) read(h plumbing.Hash) ([]byte, error) {
	o, err := s.store.EncodedObject(plumbing.BlobObject, h)
	if err != nil {
		return nil, err
	}
	r, err := o.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	data := make([]byte, o.Size())
	_, err = io.ReadFull(r, data)
	return data, err
}

// packBlobs reads objects from a repository's packfiles.
type packBlobs struct {
	packs    []*pack
	fallback storeBlobs
	cache    *objectCache
	zr       io.ReadCloser
	br       bytes.Reader
	buf      []byte // the entry read last
}

// pack is a packfile, its index, and the offsets of its entries in order
// (ends), which bound each entry's compressed data.
type pack struct {
	idx  *idxfile.MemoryIndex
	f    billy.File
	size int64
	ends []int64
}

// end is where the entry at off ends: the next entry, or the checksum.
func (p *pack) end(off int64) int64 {
	i, _ := slices.BinarySearch(p.ends, off+1)
	if i < len(p.ends) {
		return p.ends[i]
	}
	return p.size - 20
}

func openPacks(fs billy.Filesystem, fallback storer.EncodedObjectStorer) (*packBlobs, error) {
	dir := dotgit.New(fs)
	hashes, err := dir.ObjectPacks()
	if err != nil {
		return nil, err
	}
	r := &packBlobs{fallback: storeBlobs{fallback}, cache: newObjectCache(96 << 20)}
	for _, h := range hashes {
		p, err := openPack(dir, h)
		if err != nil {
			r.close()
			return nil, err
		}
		r.packs = append(r.packs, p)
	}
	return r, nil
}

func openPack(dir *dotgit.DotGit, h plumbing.Hash) (*pack, error) {
	f, err := dir.ObjectPackIdx(h)
	if err != nil {
		return nil, err
	}
	idx := idxfile.NewMemoryIndex()
	err = idxfile.NewDecoder(bufio.NewReader(f)).Decode(idx)
	f.Close()
	if err != nil {
		return nil, err
	}
	pf, err := dir.ObjectPack(h)
	if err != nil {
		return nil, err
	}
	size, err := pf.Seek(0, io.SeekEnd)
	if err != nil {
		pf.Close()
		return nil, err
	}
	p := &pack{idx: idx, f: pf, size: size}
	entries, err := idx.Entries()
	if err != nil {
		pf.Close()
		return nil, err
	}
	for {
		e, err := entries.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			pf.Close()
			return nil, err
		}
		p.ends = append(p.ends, int64(e.Offset))
	}
	slices.Sort(p.ends)
	return p, nil
}

func (r *packBlobs) close() {
	for _, p := range r.packs {
		p.f.Close()
	}
}

// find is the pack and offset of an object; nil when no pack holds it.
func (r *packBlobs) find(h plumbing.Hash) (*pack, int64) {
	for _, p := range r.packs {
		if off, err := p.idx.FindOffset(h); err == nil {
			return p, off
		}
	}
	return nil, 0
}

func (r *packBlobs) size(h plumbing.Hash) (int64, error) {
	p, off := r.find(h)
	if p == nil {
		return r.fallback.size(h)
	}
	e, err := r.entry(p, off)
	if err != nil {
		return 0, err
	}
	if e.typ != deltaOfs && e.typ != deltaRef {
		return e.size, nil
	}
	// A delta states the size of its base, then of its target.
	var head [20]byte
	n, err := r.inflate(e, head[:])
	if err != nil && n == 0 {
		return 0, err
	}
	b := head[:n]
	for range 2 {
		v, k := binary.Uvarint(b) // a delta's sizes are little-endian base-128
		if k <= 0 {
			return 0, errBadPack
		}
		b = b[k:]
		e.size = int64(v)
	}
	return e.size, nil
}

func (r *packBlobs) read(h plumbing.Hash) ([]byte, error) {
	p, off := r.find(h)
	if p == nil {
		return r.fallback.read(h)
	}
	_, data, err := r.object(p, off, 0)
	return data, err
}

func (r *packBlobs) commit(h plumbing.Hash) (*object.Commit, error) {
	return decodeFrom(r, h, plumbing.CommitObject, r.fallback.commit)
}

func (r *packBlobs) tree(h plumbing.Hash) (*object.Tree, error) {
	return decodeFrom(r, h, plumbing.TreeObject, r.fallback.tree)
}

// decodeFrom decodes the object h of type want from a pack into a commit
// or a tree; an object no pack holds is the fallback's.
func decodeFrom[T any, P interface {
	*T
	Decode(plumbing.EncodedObject) error
}](r *packBlobs, h plumbing.Hash, want plumbing.ObjectType, fallback func(plumbing.Hash) (P, error)) (P, error) {
	o, err := r.decoded(h, want)
	if o == nil {
		return fallback(h)
	}
	v := P(new(T))
	if err == nil {
		err = v.Decode(o)
	}
	return v, err
}

// decoded is the object h of type want from a pack, to decode; nil when
// no pack holds it.
func (r *packBlobs) decoded(h plumbing.Hash, want plumbing.ObjectType) (*plumbing.MemoryObject, error) {
	p, off := r.find(h)
	if p == nil {
		return nil, nil
	}
	o := &plumbing.MemoryObject{}
	typ, data, err := r.object(p, off, 0)
	if err != nil {
		return o, err
	}
	if typ != want {
		return o, plumbing.ErrInvalidType
	}
	o.SetType(typ)
	o.Write(data)
	return o, nil
}

var errBadPack = errors.New("malformed packfile entry")

// Packfile entry types (gitformat-pack).
const (
	deltaOfs = 6
	deltaRef = 7
)

// packEntry is the header of a packfile entry: its type, its size (of the
// delta, for a delta), where its compressed data starts, and its base.
type packEntry struct {
	typ      byte
	size     int64
	data     int64
	base     int64 // deltaOfs: the base's offset
	baseHash plumbing.Hash
}

// entry reads the entry at off into r.buf and parses its header.
func (r *packBlobs) entry(p *pack, off int64) (packEntry, error) {
	end := p.end(off)
	if end <= off || end > p.size {
		return packEntry{}, errBadPack
	}
	if n := int(end - off); cap(r.buf) < n {
		r.buf = make([]byte, n)
	} else {
		r.buf = r.buf[:n]
	}
	if _, err := p.f.ReadAt(r.buf, off); err != nil && err != io.EOF {
		return packEntry{}, err
	}
	b := r.buf
	c := b[0]
	e := packEntry{typ: (c >> 4) & 7, size: int64(c & 15)}
	i, shift := 1, uint(4)
	for c&0x80 != 0 {
		if i >= len(b) {
			return e, errBadPack
		}
		c = b[i]
		i++
		e.size |= int64(c&0x7f) << shift
		shift += 7
	}
	switch e.typ {
	case deltaOfs:
		if i >= len(b) {
			return e, errBadPack
		}
		c = b[i]
		i++
		rel := int64(c & 0x7f)
		for c&0x80 != 0 {
			if i >= len(b) {
				return e, errBadPack
			}
			c = b[i]
			i++
			rel = (rel+1)<<7 | int64(c&0x7f)
		}
		if rel <= 0 || rel > off {
			return e, errBadPack
		}
		e.base = off - rel
	case deltaRef:
		if i+20 > len(b) {
			return e, errBadPack
		}
		copy(e.baseHash[:], b[i:i+20])
		i += 20
	case 1, 2, 3, 4:
	default:
		return e, errBadPack
	}
	e.data = int64(i)
	return e, nil
}

// inflate reads the data of the entry entry read last into buf (at most
// len(buf) bytes).
func (r *packBlobs) inflate(e packEntry, buf []byte) (int, error) {
	r.br.Reset(r.buf[e.data:])
	var err error
	if r.zr == nil {
		r.zr, err = zlib.NewReader(&r.br)
	} else {
		err = r.zr.(zlib.Resetter).Reset(&r.br, nil)
	}
	if err != nil {
		return 0, err
	}
	return io.ReadFull(r.zr, buf)
}

// object is the type and content of the entry at off, its delta chain
// resolved.
func (r *packBlobs) object(p *pack, off int64, depth int) (plumbing.ObjectType, []byte, error) {
	if typ, data, ok := r.cache.get(p, off); ok {
		return typ, data, nil
	}
	if depth > 10000 {
		return 0, nil, fmt.Errorf("%w: a delta chain loops", errBadPack)
	}
	e, err := r.entry(p, off)
	if err != nil {
		return 0, nil, err
	}
	raw := make([]byte, e.size)
	if _, err := r.inflate(e, raw); err != nil {
		return 0, nil, fmt.Errorf("inflating the object at %d: %w", off, err)
	}
	typ, data := plumbing.ObjectType(e.typ), raw
	if e.typ == deltaOfs || e.typ == deltaRef {
		base := e.base
		if e.typ == deltaRef {
			var ok bool
			if base, ok = offsetIn(p, e.baseHash); !ok {
				return 0, nil, fmt.Errorf("%w: the base %s of a delta is not in its pack", errBadPack, e.baseHash)
			}
		}
		var src []byte
		if typ, src, err = r.object(p, base, depth+1); err != nil {
			return 0, nil, err
		}
		if data, err = patch(src, raw); err != nil {
			return 0, nil, fmt.Errorf("the delta at %d: %w", off, err)
		}
	}
	r.cache.put(p, off, typ, data)
	return typ, data, nil
}

func offsetIn(p *pack, h plumbing.Hash) (int64, bool) {
	off, err := p.idx.FindOffset(h)
	return off, err == nil
}

// patch applies a git delta to src.
func patch(src, delta []byte) ([]byte, error) {
	leb := func() (int, bool) {
		v, k := binary.Uvarint(delta)
		if k <= 0 || v > math.MaxInt {
			return 0, false
		}
		delta = delta[k:]
		return int(v), true
	}
	srcSize, ok1 := leb()
	dstSize, ok2 := leb()
	if !ok1 || !ok2 || srcSize != len(src) {
		return nil, errBadPack
	}
	dst := make([]byte, 0, dstSize)
	for len(delta) > 0 {
		cmd := delta[0]
		delta = delta[1:]
		switch {
		case cmd&0x80 != 0: // copy from src
			// Bits 0-3 of cmd say which of four offset bytes follow, bits
			// 4-6 which of three size bytes: seven little-endian bytes in all.
			var x uint64
			for i := range 7 {
				if cmd&(1<<i) != 0 {
					if len(delta) == 0 {
						return nil, errBadPack
					}
					x |= uint64(delta[0]) << (8 * i)
					delta = delta[1:]
				}
			}
			off, size := int(x&0xffffffff), int(x>>32)
			if size == 0 {
				size = 0x10000
			}
			if off+size > len(src) || len(dst)+size > dstSize {
				return nil, errBadPack
			}
			dst = append(dst, src[off:off+size]...)
		case cmd != 0: // insert
			n := int(cmd)
			if n > len(delta) || len(dst)+n > dstSize {
				return nil, errBadPack
			}
			dst = append(dst, delta[:n]...)
			delta = delta[n:]
		default:
			return nil, errBadPack
		}
	}
	if len(dst) != dstSize {
		return nil, errBadPack
	}
	return dst, nil
}

// objectCache keeps the objects resolved last, up to a number of bytes:
// the bases the next deltas of a chain need.
type objectCache struct {
	max, used int
	order     *list.List // of cacheKey, most recent first
	items     map[cacheKey]*list.Element
}

type cacheKey struct {
	p   *pack
	off int64
}

type cacheItem struct {
	key  cacheKey
	typ  plumbing.ObjectType
	data []byte
}

func newObjectCache(max int) *objectCache {
	return &objectCache{max: max, order: list.New(), items: map[cacheKey]*list.Element{}}
}

func (c *objectCache) get(p *pack, off int64) (plumbing.ObjectType, []byte, bool) {
	e, ok := c.items[cacheKey{p, off}]
	if !ok {
		return 0, nil, false
	}
	c.order.MoveToFront(e)
	it := e.Value.(*cacheItem)
	return it.typ, it.data, true
}

func (c *objectCache) put(p *pack, off int64, typ plumbing.ObjectType, data []byte) {
	if len(data) > c.max/4 {
		return
	}
	k := cacheKey{p, off}
	if _, ok := c.items[k]; ok {
		return
	}
	c.items[k] = c.order.PushFront(&cacheItem{k, typ, data})
	c.used += len(data)
	for c.used > c.max {
		last := c.order.Back()
		it := last.Value.(*cacheItem)
		c.order.Remove(last)
		delete(c.items, it.key)
		c.used -= len(it.data)
	}
}
