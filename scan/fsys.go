package scan

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// treeFS is the scanned tree as the parsers that read more than one file
// see it (GitLab includes, Terraform modules, templatefile): paths are
// slash-separated and relative to the scan root, nothing outside the root
// is reachable (os.Root refuses escapes), symbolic links are not followed
// and no file larger than the size limit is read.
type treeFS struct {
	root *os.Root
	fsys fs.FS
	max  int64
}

// openTree opens dir as a treeFS. The caller closes it.
func openTree(dir string, max int64) (*treeFS, error) {
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("open scan root: %w", err)
	}
	return &treeFS{root: r, fsys: r.FS(), max: max}, nil
}

// Close releases the root directory.
func (t *treeFS) Close() error { return t.root.Close() }

// Open opens a file or directory that is not a symbolic link.
func (t *treeFS) Open(name string) (fs.File, error) {
	if err := t.refuseLink("open", name); err != nil {
		return nil, err
	}
	return t.fsys.Open(name)
}

// ReadDir lists a directory, sorted by name (fs.ReadDirFS, used by fs.Glob).
func (t *treeFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if err := t.refuseLink("readdir", name); err != nil {
		return nil, err
	}
	return fs.ReadDir(t.fsys, name)
}

// Stat describes a file without following a final symbolic link.
func (t *treeFS) Stat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrInvalid}
	}
	return t.root.Lstat(name)
}

// ReadFile reads a whole file within the size limit (fs.ReadFileFS).
func (t *treeFS) ReadFile(name string) ([]byte, error) {
	f, err := t.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, t.max+1))
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	if int64(len(b)) > t.max {
		return nil, &fs.PathError{Op: "read", Path: name,
			Err: fmt.Errorf("%w: larger than the %d-byte limit (raise it with --max-file-size)", errTooLarge, t.max)}
	}
	return b, nil
}

// errSymlink marks a symbolic link the scanner does not follow.
var errSymlink = errors.New("symbolic link not followed")

// errIrregular marks a named pipe, socket or device: the scanner reads
// regular files only (opening a pipe would block the scan forever).
var errIrregular = errors.New("not a regular file")

// refuseLink fails when name is a symbolic link, a named pipe, socket or
// device: a link may leave the repository or loop, and the walk does not
// follow links either; opening a pipe blocks.
func (t *treeFS) refuseLink(op, name string) error {
	if !fs.ValidPath(name) {
		return &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	if name == "." {
		return nil
	}
	info, err := t.root.Lstat(name)
	if err != nil {
		return err
	}
	if info.Mode()&fs.ModeSymlink != 0 {
		return &fs.PathError{Op: op, Path: name, Err: errSymlink}
	}
	if !info.IsDir() && !info.Mode().IsRegular() {
		return &fs.PathError{Op: op, Path: name, Err: errIrregular}
	}
	return nil
}
