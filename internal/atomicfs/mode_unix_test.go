//go:build unix

package atomicfs

import (
	"syscall"
	"testing"
)

// TestUmask: the umask read from /proc is the process's own.
func TestUmask(t *testing.T) {
	old := syscall.Umask(0o027)
	defer syscall.Umask(old)
	if got := readUmask(); got != 0o027 {
		t.Fatalf("readUmask = %#o, want 027", got)
	}
	if got := fileMode &^ readUmask(); got != 0o640 {
		t.Errorf("report mode under umask 027 = %#o, want 0640", got)
	}
	if got := dirMode &^ readUmask(); got != 0o750 {
		t.Errorf("folder mode under umask 027 = %#o, want 0750", got)
	}
}
