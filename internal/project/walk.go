package project

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// skipDirs are never entered: version-control metadata and caches that hold
// nothing a project ships or configures.
var skipDirs = map[string]bool{
	".git": true, ".hg": true, ".svn": true, "__pycache__": true,
	".mypy_cache": true, ".pytest_cache": true, ".ruff_cache": true, ".tox": true,
	".next": true, ".turbo": true, ".cache": true,
}

// Walk indexes fsys in one pass, within the default Limits.
func Walk(ctx context.Context, fsys fs.FS) (*Index, error) { return WalkLimits(ctx, fsys, Limits{}) }

// WalkLimits indexes fsys in one pass; lim bounds what the index records
// and reads.
func WalkLimits(ctx context.Context, fsys fs.FS, lim Limits) (*Index, error) {
	lim = lim.withDefaults()
	w := &walker{ctx: ctx, fsys: fsys, x: &Index{fsys: fsys, lim: lim}}
	if err := w.dir("."); err != nil && err != errTooManyFiles {
		return nil, err
	}
	sort.Slice(w.x.files, func(i, j int) bool { return w.x.files[i].Path < w.x.files[j].Path })
	sort.Slice(w.x.Packages, func(i, j int) bool { return w.x.Packages[i].Dir < w.x.Packages[j].Dir })
	SortWarnings(w.x.walkWarnings)
	w.x.classifyExports()
	return w.x, nil
}

// errTooManyFiles ends a walk that reached Limits.MaxFiles.
var errTooManyFiles = errors.New("too many files")

type walker struct {
	ctx  context.Context
	fsys fs.FS
	x    *Index
}

func join(dir, name string) string {
	if dir == "." {
		return name
	}
	return dir + "/" + name
}

func (w *walker) warn(p, format string, args ...any) {
	w.x.walkWarnings = append(w.x.walkWarnings, Warnf(Position{File: p}, format, args...))
}

// readDir lists dir; a directory that cannot be read is a warning, not a failure.
func (w *walker) readDir(dir string) []fs.DirEntry {
	entries, err := fs.ReadDir(w.fsys, dir)
	if err != nil {
		w.warn(dir, "directory skipped: %v", Cause(err))
		return nil
	}
	return entries
}

// resolve classifies an entry, looking through a symlink: a link to a file
// inside the root is read as that file; a link to a directory is not
// followed (it could loop); a link leaving the root is refused by the FS.
func (w *walker) resolve(p string, e fs.DirEntry, note bool) (isDir, ok bool) {
	if e.Type()&fs.ModeSymlink == 0 {
		return e.IsDir(), e.Type().IsRegular() || e.IsDir()
	}
	info, err := fs.Stat(w.fsys, p)
	switch {
	case err != nil:
		if note {
			w.warn(p, "symlink skipped: %v", Cause(err))
		}
		return false, false
	case info.IsDir():
		if note {
			w.warn(p, "symlinked directory not followed")
		}
		return false, false
	}
	return false, info.Mode().IsRegular()
}

func (w *walker) dir(dir string) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	entries := w.readDir(dir)
	names := make(map[string]bool, len(entries))
	for _, e := range entries {
		names[e.Name()] = true
	}
	sibling := func(name string) bool { return names[name] }
	for _, e := range entries {
		name := e.Name()
		p := join(dir, name)
		isDir, ok := w.resolve(p, e, true)
		if !ok {
			if e.Type()&(fs.ModeSymlink|fs.ModeDir) == 0 && !e.Type().IsRegular() {
				w.warn(p, "not a regular file: skipped")
			}
			continue
		}
		if !isDir {
			if len(w.x.files) == w.x.lim.MaxFiles {
				w.warn(p, "more than %d files: this file and the rest of the tree are not read (raise the limit with --max-files)", w.x.lim.MaxFiles)
				return errTooManyFiles
			}
			k := classify(p, sibling)
			w.x.files = append(w.x.files, File{Path: p, Kind: k, Test: isTest(p), Generated: k == Source && isGenerated(p)})
			continue
		}
		var err error
		switch {
		case skipDirs[name]:
		case name == "node_modules":
			err = w.nodeModules(p)
		case name == "site-packages" || name == "dist-packages":
			w.sitePackages(p)
		case name == "vendor" && dir == "." || name == "vendor" && names["go.mod"]:
			w.goVendor(p)
		case w.isVirtualenv(p, name):
			w.virtualenv(p)
		default:
			err = w.dir(p)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// isVirtualenv recognises a Python virtual environment by its pyvenv.cfg or,
// for venvs created without one, by the conventional names.
func (w *walker) isVirtualenv(p, name string) bool {
	if name == ".venv" || name == "venv" {
		return true
	}
	_, err := fs.Stat(w.fsys, p+"/pyvenv.cfg")
	return err == nil
}

// nodeModules records each package directory of an npm, Yarn or pnpm tree:
// its package.json and licence files, then the nested node_modules. It does
// not descend into a package's own files, which is what keeps a 250k-file
// tree cheap. Symlinks (workspace links, pnpm's links into .pnpm) are not
// followed; pnpm's store under .pnpm is read directly instead.
func (w *walker) nodeModules(nm string) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	for _, e := range w.readDir(nm) {
		name := e.Name()
		p := join(nm, name)
		if !e.IsDir() {
			continue // .bin links, .package-lock.json, .modules.yaml, links
		}
		switch {
		case name == ".pnpm":
			for _, v := range w.readDir(p) {
				if v.IsDir() && v.Name() != "node_modules" {
					if err := w.nodeModules(join(p, v.Name()) + "/node_modules"); err != nil {
						return err
					}
				}
			}
		case strings.HasPrefix(name, "@"):
			for _, s := range w.readDir(p) {
				if s.IsDir() {
					if err := w.npmPackage(join(p, s.Name())); err != nil {
						return err
					}
				}
			}
		case strings.HasPrefix(name, "."):
			// .bin, .cache, .vite and other tool state
		default:
			if err := w.npmPackage(p); err != nil {
				return err
			}
		}
	}
	return nil
}

func (w *walker) npmPackage(dir string) error {
	pkg := Package{Ecosystem: NPM, Dir: dir}
	nested := false
	for _, e := range w.readDir(dir) {
		name := e.Name()
		switch {
		case name == "package.json" && !e.IsDir():
			pkg.Manifest = join(dir, name)
		case name == "node_modules" && e.IsDir():
			nested = true
		case !e.IsDir() && IsLicenseFile(name):
			pkg.LicenseFiles = append(pkg.LicenseFiles, join(dir, name))
		}
	}
	if pkg.Manifest != "" {
		w.x.Packages = append(w.x.Packages, pkg)
	}
	if nested {
		return w.nodeModules(join(dir, "node_modules"))
	}
	return nil
}

// virtualenv finds the site-packages folders of a virtual environment
// (lib/pythonX.Y/site-packages on Unix, Lib/site-packages on Windows).
func (w *walker) virtualenv(venv string) {
	for _, lib := range []string{"lib", "Lib", "lib64"} {
		libDir := join(venv, lib)
		if _, err := fs.Stat(w.fsys, libDir); err != nil {
			continue
		}
		for _, e := range w.readDir(libDir) {
			switch {
			case e.IsDir() && e.Name() == "site-packages":
				w.sitePackages(join(libDir, e.Name()))
			case e.IsDir() && strings.HasPrefix(e.Name(), "python"):
				sp := join(join(libDir, e.Name()), "site-packages")
				if _, err := fs.Stat(w.fsys, sp); err == nil {
					w.sitePackages(sp)
				}
			}
		}
		if lib == "lib" {
			break // lib64 is usually a link to lib
		}
	}
}

// sitePackages records each installed distribution by its .dist-info (or
// legacy .egg-info) folder; the packages' code is not walked.
func (w *walker) sitePackages(sp string) {
	for _, e := range w.readDir(sp) {
		name := e.Name()
		if !e.IsDir() || !(strings.HasSuffix(name, ".dist-info") || strings.HasSuffix(name, ".egg-info")) {
			continue
		}
		dir := join(sp, name)
		pkg := Package{Ecosystem: PyPI, Dir: dir}
		for _, f := range w.readDir(dir) {
			switch {
			case !f.IsDir() && (f.Name() == "METADATA" || f.Name() == "PKG-INFO"):
				pkg.Manifest = join(dir, f.Name())
			case !f.IsDir() && IsLicenseFile(f.Name()):
				pkg.LicenseFiles = append(pkg.LicenseFiles, join(dir, f.Name()))
			case f.IsDir() && (f.Name() == "licenses" || f.Name() == "license_files"):
				w.licenseTree(join(dir, f.Name()), &pkg)
			}
		}
		if pkg.Manifest != "" {
			sort.Strings(pkg.LicenseFiles)
			w.x.Packages = append(w.x.Packages, pkg)
		}
	}
}

// licenseTree adds every file under a PEP 639 licenses/ folder.
func (w *walker) licenseTree(dir string, pkg *Package) {
	for _, e := range w.readDir(dir) {
		p := join(dir, e.Name())
		if e.IsDir() {
			w.licenseTree(p, pkg)
		} else if e.Type().IsRegular() {
			pkg.LicenseFiles = append(pkg.LicenseFiles, p)
		}
	}
}

// goVendor records the modules listed in vendor/modules.txt, each with the
// licence files at its root.
func (w *walker) goVendor(vendor string) {
	manifest := join(vendor, "modules.txt")
	data, err := fs.ReadFile(w.fsys, manifest)
	if err != nil {
		return // a vendor/ folder of another ecosystem: licence inventory only via its own manifests
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "# ") || strings.HasPrefix(line, "# explicit") {
			continue
		}
		fields := strings.Fields(line[2:])
		if len(fields) < 1 || strings.Contains(fields[0], "=>") {
			continue
		}
		dir := path.Clean(join(vendor, fields[0]))
		if !strings.HasPrefix(dir, vendor+"/") {
			continue
		}
		pkg := Package{Ecosystem: Golang, Dir: dir, Manifest: manifest}
		entries, err := fs.ReadDir(w.fsys, dir)
		if err != nil {
			continue // listed but not vendored (no packages used)
		}
		for _, e := range entries {
			if !e.IsDir() && IsLicenseFile(e.Name()) {
				pkg.LicenseFiles = append(pkg.LicenseFiles, join(dir, e.Name()))
			}
		}
		w.x.Packages = append(w.x.Packages, pkg)
	}
}

// Cause drops the op and path of a *fs.PathError: a warning already names
// the file, so "open x: file too large" would say it twice.
func Cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
