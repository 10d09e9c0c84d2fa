//go:build unix

package job

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestReportModes: a run's report folder (its own with PerRunDir, as the
// schedule makes) and its reports take the modes 0755 and 0644 narrowed by
// the umask, like the files beside them; the folder used to be 0700, so
// that other users could not read out/latest.
func TestReportModes(t *testing.T) {
	old := syscall.Umask(0o027)
	defer syscall.Umask(old)
	cfg := config(t, write(t, "a.csv", month))
	cfg.PerRunDir = true
	res, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Dir(res.Reports[0])
	if dir == cfg.OutDir {
		t.Fatalf("reports in %s, want a folder of their own", dir)
	}
	check := func(path string, want fs.FileMode) {
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := info.Mode().Perm(); got != want {
			t.Errorf("%s: mode %#o, want %#o", path, got, want)
		}
	}
	check(dir, 0o750)
	for _, p := range res.Reports {
		check(p, 0o640)
	}
}
