// Package atomicfs publishes files and folders so that a reader never
// finds one half written, and a failed write leaves the last good one in
// place (STYLE §8).
//
// A file is written under a hidden temporary name beside its final one
// (".NAME.tmp-123"), given its published mode ([FileMode]), flushed to disk
// with fsync, and only then renamed over the final name: [WriteFile] for
// one file written through an io.Writer, [WriteFileAt] for one a writer
// such as DuckDB's COPY makes by name, [Files] for several that are
// published together. On an error the temporary files are removed.
//
// A folder of files is made in a staging folder ([MkdirStage]) on the
// same file system as its target, and its entries are then moved into
// place by rename: [MoveFiles] moves each file into a folder, [MoveInto]
// moves subfolders in, each replacing the one of the same name. Each
// rename is atomic on its own; the renames follow one another, so a crash
// in the middle of them leaves some entries moved and the others still
// staged, which is why MoveFiles can be run again to finish the job.
package atomicfs

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// WriteFile writes the file at path through write. The file appears at
// path, replacing any there, only once write has returned nil and the file
// is on disk; on an error path is left as it was and no temporary file
// stays. The folder must exist.
func WriteFile(path string, write func(io.Writer) error) (err error) {
	s := InDir(filepath.Dir(path))
	defer func() {
		if err != nil {
			s.Abort()
		}
	}()
	f, err := s.Create(filepath.Base(path))
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		return err
	}
	if err := f.Finish(); err != nil {
		return err
	}
	return s.Commit()
}

// WriteFileAt is [WriteFile] for a writer that takes a file name rather
// than an io.Writer, such as DuckDB's COPY: write gets the name of an empty
// temporary file beside path to overwrite.
func WriteFileAt(path string, write func(tmp string) error) (err error) {
	s := InDir(filepath.Dir(path))
	defer func() {
		if err != nil {
			s.Abort()
		}
	}()
	f, err := s.Create(filepath.Base(path))
	if err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := write(f.Name()); err != nil {
		return err
	}
	// Open what the writer made again, to sync it.
	made, err := os.OpenFile(f.Name(), os.O_RDWR, 0)
	if err != nil {
		return err
	}
	f.File = made
	if err := f.Finish(); err != nil {
		return err
	}
	return s.Commit()
}

// Files is a set of files written under temporary names in one folder.
// Nothing under a final name changes until Commit; Abort removes every
// temporary file.
type Files struct {
	dir   string
	files []*File
}

// InDir returns an empty set of files to write in the folder dir, which
// must exist.
func InDir(dir string) *Files {
	return &Files{dir: dir}
}

// File is one file of a [Files]: its open temporary file and the name it
// will take.
type File struct {
	*os.File
	final string
}

// Create opens a temporary file in the folder for the file named name.
func (s *Files) Create(name string) (*File, error) {
	f, err := os.CreateTemp(s.dir, "."+name+".tmp-*")
	if err != nil {
		return nil, err
	}
	st := &File{File: f, final: filepath.Join(s.dir, name)}
	s.files = append(s.files, st)
	return st, nil
}

// Finish gives a complete temporary file its published mode, flushes it
// to disk and closes it.
func (f *File) Finish() error {
	if err := f.Chmod(FileMode()); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	return f.Close()
}

// Commit renames every temporary file over its final name, then syncs the
// folder so the renames survive a crash. Every file must be finished.
func (s *Files) Commit() error {
	for _, f := range s.files {
		if err := os.Rename(f.Name(), f.final); err != nil {
			return fmt.Errorf("publish %s: %w", filepath.Base(f.final), err)
		}
	}
	s.files = nil
	// The files are in place; a folder that cannot be synced (some systems
	// refuse) does not make them less complete.
	_ = syncDir(s.dir)
	return nil
}

// Abort closes and removes the temporary files that were not committed.
func (s *Files) Abort() {
	for _, f := range s.files {
		_ = f.Close() // already closed when finished; the error says so
		_ = os.Remove(f.Name())
	}
	s.files = nil
}

// syncDir flushes a folder's entries to disk.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	return errors.Join(d.Sync(), d.Close())
}
