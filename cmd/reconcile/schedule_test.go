package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/reconcile/reconcile/internal/store"
)

// The scheduler itself (cron specs, the stop rule, skipped ticks, failed
// runs) is tested with a fake job in internal/schedule; these tests run
// reconcile schedule.

// patience is how long a test waits for something that should happen
// within a second or two: generous, for a loaded machine.
const patience = 60 * time.Second

// TestScheduleSignals sends real signals to reconcile schedule while its
// run waits for the database lock this test holds.
func TestScheduleSignals(t *testing.T) {
	if testing.Short() {
		t.Skip("runs reconcile")
	}
	for _, tc := range []struct {
		name    string
		grace   string
		then    func(t *testing.T, cmd *exec.Cmd, lock *store.Lock)
		want    string
		reports bool
	}{
		{"first SIGTERM lets the run finish", "5m", func(t *testing.T, _ *exec.Cmd, lock *store.Lock) {
			lock.Release()
		}, "schedule stopped: the run in flight finished", true},
		{"second SIGTERM cancels it", "5m", func(t *testing.T, cmd *exec.Cmd, _ *store.Lock) {
			if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
		}, "schedule stopped: the run in flight was cancelled (a second signal) and rolled back", false},
		{"grace ends", "1s", func(*testing.T, *exec.Cmd, *store.Lock) {},
			"schedule stopped: the run in flight was cancelled (--grace 1s passed) and rolled back", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.Mkdir(filepath.Join(dir, "in"), 0o755); err != nil {
				t.Fatal(err)
			}
			csv := "event_id,video_id,account_id,created_at,kind,media,model,actor,is_ad,duration_ms,images,charged_credits,charged_video_minutes\n" +
				"e1,v1,acct-1,2026-10-01T10:00:00Z,render,generative,pro,human,false,60000,,25.00,0\n"
			if err := os.WriteFile(filepath.Join(dir, "in", "a.csv"), []byte(csv), 0o644); err != nil {
				t.Fatal(err)
			}
			db := filepath.Join(dir, "r.duckdb")
			lock, err := store.AcquireLock(context.Background(), db, 0, "schedule_test")
			if err != nil {
				t.Fatal(err)
			}
			defer lock.Release()

			log := &syncBuffer{}
			cmd := exec.Command("reconcile", "schedule", "--cron", "@every 1h", "--run-now", "--grace", tc.grace,
				"--wait", "10m", "--input", "in", "--db", "r.duckdb", "--out", "out")
			cmd.Dir = dir
			cmd.Stderr = log
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			defer func() {
				if cmd.ProcessState == nil {
					cmd.Process.Kill()
					<-exited
				}
			}()

			log.waitFor(t, `msg="run starting"`)
			if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			log.waitFor(t, "stopping: letting the run in flight finish")
			tc.then(t, cmd, lock)
			select {
			case err := <-exited:
				if err != nil {
					t.Fatalf("reconcile schedule: %v, want exit 0; log:\n%s", err, log)
				}
			case <-time.After(patience):
				t.Fatalf("reconcile schedule still going after %s; log:\n%s", patience, log)
			}
			if !strings.Contains(log.String(), tc.want) {
				t.Errorf("log lacks %q:\n%s", tc.want, log)
			}
			_, err = os.Stat(filepath.Join(dir, "out", "latest", "discrepancies.csv"))
			if got := err == nil; got != tc.reports {
				t.Errorf("reports in out/latest: got %v, want %v", got, tc.reports)
			}
		})
	}
}

// syncBuffer is a log that a test reads while the code under test writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// waitFor waits until the log holds want.
func (s *syncBuffer) waitFor(t *testing.T, want string) {
	t.Helper()
	deadline := time.Now().Add(patience)
	for !strings.Contains(s.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("log lacks %q after %s:\n%s", want, patience, s)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
