package report

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// staging is a set of reports being written to temporary files in one folder.
// Nothing under a final name changes until commit; abort removes every
// temporary file.
type staging struct {
	dir   string
	files []*staged
}

// staged is one report: its open temporary file and the name it will take.
type staged struct {
	*os.File
	final string
}

// create opens a temporary file in the folder for the report named name.
func (s *staging) create(name string) (*staged, error) {
	f, err := os.CreateTemp(s.dir, "."+name+".tmp-*")
	if err != nil {
		return nil, err
	}
	st := &staged{File: f, final: filepath.Join(s.dir, name)}
	s.files = append(s.files, st)
	return st, nil
}

// finish flushes a complete temporary file to disk and closes it.
func (st *staged) finish() error {
	if err := st.Chmod(FileMode()); err != nil {
		return err
	}
	if err := st.Sync(); err != nil {
		return err
	}
	return st.Close()
}

// commit renames every temporary file over its final name, then syncs the
// folder so the renames survive a crash. Every file must be finished.
func (s *staging) commit() error {
	for _, st := range s.files {
		if err := os.Rename(st.Name(), st.final); err != nil {
			return fmt.Errorf("publish %s: %w", filepath.Base(st.final), err)
		}
	}
	s.files = nil
	// The reports are in place; a folder that cannot be synced (some
	// systems refuse) does not make them less complete.
	_ = syncDir(s.dir)
	return nil
}

// abort closes and removes the temporary files that were not committed.
func (s *staging) abort() {
	for _, st := range s.files {
		_ = st.Close() // already closed when finished; the error says so
		_ = os.Remove(st.Name())
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
