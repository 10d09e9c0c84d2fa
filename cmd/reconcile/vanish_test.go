package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reconcile/reconcile/internal/failpoint"
	"github.com/reconcile/reconcile/internal/store"
)

// TestInputVanishes removes the input file while a run is under way, after
// the run opened it. A Parquet file is read again by later passes: the run
// fails naming it and commits nothing. A CSV file was read whole at the
// start: the run completes with every row.
func TestInputVanishes(t *testing.T) {
	fixtures, err := filepath.Abs("../../fixtures/render_logs")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, file string
		fails      bool
	}{
		{"parquet", "2026-10-24_31.parquet", true},
		{"csv", "2026-10-01_14.csv", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			b, err := os.ReadFile(filepath.Join(fixtures, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			input := filepath.Join(dir, tc.file)
			if err := os.WriteFile(input, b, 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command("reconcile", "run", "--input", tc.file, "--db", "r.duckdb", "--out", "out")
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), failpoint.Env+"=after-load=sleep:2s")
			var out strings.Builder
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(30 * time.Second)
			for !store.Held(filepath.Join(dir, "r.duckdb")) && time.Now().Before(deadline) {
				time.Sleep(10 * time.Millisecond)
			}
			time.Sleep(500 * time.Millisecond) // into the pause after loading
			if err := os.Remove(input); err != nil {
				t.Fatal(err)
			}
			err = cmd.Wait()
			msg := out.String()
			if !tc.fails {
				if err != nil {
					t.Fatalf("run failed: %v\n%s", err, msg)
				}
				if !strings.Contains(msg, "1851 rows read") {
					t.Errorf("output %q; want all 1851 rows read", msg)
				}
				return
			}
			if err == nil {
				t.Fatalf("run succeeded without its file:\n%s", msg)
			}
			if !strings.Contains(msg, "reconcile: ") || !strings.Contains(msg, tc.file) {
				t.Errorf("error %q does not name %s", msg, tc.file)
			}
			if _, err := os.Stat(filepath.Join(dir, "r.duckdb")); !os.IsNotExist(err) {
				t.Errorf("the failed first run left a database behind")
			}
			if _, err := os.Stat(filepath.Join(dir, "out", "reconciliation.xlsx")); !os.IsNotExist(err) {
				t.Errorf("the failed run left reports")
			}
		})
	}
}
