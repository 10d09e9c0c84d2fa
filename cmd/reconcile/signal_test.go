package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/reconcile/reconcile/internal/failpoint"
	"github.com/reconcile/reconcile/internal/store"
)

// TestSIGTERMDuringRun stops a real run with SIGTERM, as systemd and
// Kubernetes do at their time limits, while a failpoint holds it at
// pricing: exit 1, an error line that says it was stopped and by what,
// and nothing committed (the database it was creating is gone); the next
// run then does the work.
func TestSIGTERMDuringRun(t *testing.T) {
	dir := t.TempDir()
	const head = "event_id,video_id,account_id,created_at,kind,media,model,actor,is_ad,duration_ms,images,charged_credits,charged_video_minutes\n"
	if err := os.WriteFile(filepath.Join(dir, "a.csv"), []byte(head+"a1,v1,acct-1,2026-10-01T10:00:00Z,render,stock,,,,60000,,0.00,1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(env ...string) *exec.Cmd {
		cmd := exec.Command("reconcile", "run", "--input", "a.csv", "--db", "r.duckdb", "--out", "out")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), env...)
		return cmd
	}
	child := run(failpoint.Env + "=after-priced=sleep:2s")
	var out strings.Builder
	child.Stdout, child.Stderr = &out, &out
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "r.duckdb")
	deadline := time.Now().Add(60 * time.Second)
	for h, _ := store.ReadHolder(db); h.PID != child.Process.Pid || h.Step != "pricing"; h, _ = store.ReadHolder(db) {
		if time.Now().After(deadline) {
			_ = child.Process.Kill()
			t.Fatalf("the run never reached pricing: %+v\n%s", h, out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := child.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	err := child.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != exitFailed {
		t.Fatalf("after SIGTERM: %v, want exit 1\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "reconcile: stopped (terminated signal received)") ||
		!strings.Contains(out.String(), "commits nothing") {
		t.Errorf("after SIGTERM the output says:\n%s\nwant the stop and its cause named, and the hint", out.String())
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("the database the stopped run was creating is still there (%v)", err)
	}
	if b, err := run().CombinedOutput(); err != nil || !strings.Contains(string(b), "1 rows read: 1 priced") {
		t.Errorf("the next run: %v\n%s", err, b)
	}
}
