//go:build unix

package ingest

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestResolveRefusesSpecialFiles: a FIFO, or a link to a device, among the
// inputs is an error at once (it would block in open, or be read forever,
// while the run holds the lock); a link to a regular file is read.
func TestResolveRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.csv")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
	zero := filepath.Join(dir, "zero.csv")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	real := filepath.Join(dir, "real.csv")
	if err := os.WriteFile(real, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.csv")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	for path, kind := range map[string]string{fifo: "named pipe", zero: "character device"} {
		_, err := Resolve([]string{path})
		if !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), kind) {
			t.Errorf("Resolve(%s) = %v, want ErrNotRegular naming it, a %s", path, err, kind)
		}
	}
	if _, err := Resolve([]string{dir}); !errors.Is(err, ErrNotRegular) {
		t.Errorf("Resolve of a folder holding a FIFO = %v, want ErrNotRegular", err)
	}
	if got, err := Resolve([]string{link}); err != nil || len(got) != 1 {
		t.Errorf("Resolve(link to a file) = %v, %v; want it read", got, err)
	}
}
