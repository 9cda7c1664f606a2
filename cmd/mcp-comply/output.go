package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// writeOutput writes what render produces to the path the user named
// ("" or "-" for standard output), and never destroys what the path is:
//   - a new path or a regular file is replaced atomically: the output is
//     streamed to a temporary file beside it, renamed over it only once
//     whole, so a failed run leaves the old file (or nothing) and never
//     half a report;
//   - a symlink is written through: its target is replaced the same way
//     and the link stays a link;
//   - standard output, a device, a FIFO or a socket (/dev/null,
//     /dev/stdout, a named pipe) get the output once it is whole, since
//     there is nothing to rename over;
//   - a directory is refused.
//
// Errors name the user's path, never the temporary one.
func writeOutput(name string, stdout io.Writer, render func(io.Writer) error) error {
	if name == "" || name == "-" {
		return writeWhole(stdout, render)
	}
	target, info, err := resolveOutput(name)
	if err != nil {
		return fmt.Errorf("%s: %w", name, cause(err))
	}
	switch {
	case info == nil || info.Mode().IsRegular():
		err = replaceFile(target, info, render)
	case info.IsDir():
		return fmt.Errorf("%s is a directory: name a file to write the report to", name)
	default: // a device, a FIFO, a socket: write through
		err = writeThrough(target, render)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", name, cause(err))
	}
	return nil
}

// writeWhole renders into memory and writes only a whole output: a render
// that fails writes nothing.
func writeWhole(w io.Writer, render func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := render(&buf); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// resolveOutput follows symlinks to the file that is to be written; info
// is nil when that file does not exist yet (a new path, a dangling link).
func resolveOutput(name string) (target string, info fs.FileInfo, err error) {
	target = name
	for range 40 { // as many links as a kernel follows
		info, err = os.Lstat(target)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return target, nil, nil
		case err != nil:
			return "", nil, err
		case info.Mode()&fs.ModeSymlink == 0:
			return target, info, nil
		}
		link, err := os.Readlink(target)
		if err != nil {
			return "", nil, err
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(filepath.Dir(target), link)
		}
		target = link
	}
	return "", nil, errors.New("too many levels of symbolic links")
}

// replaceFile streams the output to a temporary file beside name and
// renames it over name, keeping the mode of the file it replaces.
func replaceFile(name string, old fs.FileInfo, render func(io.Writer) error) error {
	mode := fs.FileMode(0o644)
	if old != nil {
		mode = old.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	w := bufio.NewWriter(tmp)
	if err := render(w); err != nil {
		tmp.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(mode); err != nil { // CreateTemp makes it private
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}

func writeThrough(name string, render func(io.Writer) error) error {
	f, err := os.OpenFile(name, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if err := writeWhole(f, render); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// cause drops the op and path of a *fs.PathError or *os.LinkError, which
// may name the temporary file: the message names the user's path instead.
func cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
