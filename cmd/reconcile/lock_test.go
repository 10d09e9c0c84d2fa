package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/reconcile/reconcile/internal/failpoint"
	"github.com/reconcile/reconcile/internal/store"
)

// TestConcurrentRuns starts a run and, while it holds the database, a
// second one: the second fails at once naming the first's pid; the first
// succeeds; the second, run again, reads its file; nothing is lost.
func TestConcurrentRuns(t *testing.T) {
	dir := t.TempDir()
	const head = "event_id,video_id,account_id,created_at,kind,media,model,actor,is_ad,duration_ms,images,charged_credits,charged_video_minutes\n"
	for name, row := range map[string]string{
		"a.csv": "a1,v1,acct-1,2026-10-01T10:00:00Z,render,stock,,,,60000,,0.00,1\n",
		"b.csv": "b1,v1,acct-1,2026-10-01T10:00:00Z,render,stock,,,,60000,,0.00,1\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(head+row), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run := func(input string, env ...string) *exec.Cmd {
		cmd := exec.Command("reconcile", "run", "--input", input, "--db", "r.duckdb", "--out", "out-"+input)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), env...)
		return cmd
	}
	first := run("a.csv", failpoint.Env+"=after-load=sleep:3s")
	var firstOut strings.Builder
	first.Stdout, first.Stderr = &firstOut, &firstOut
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "r.duckdb")
	deadline := time.Now().Add(30 * time.Second)
	for !store.Held(db) {
		if time.Now().After(deadline) {
			t.Fatal("the first run never took the lock")
		}
		time.Sleep(20 * time.Millisecond)
	}

	start := time.Now()
	out, err := run("b.csv").CombinedOutput()
	if err == nil {
		t.Fatalf("the second run succeeded while the first held the database: %s", out)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("the second run took %s to fail; want at once", took)
	}
	msg := string(out)
	if !strings.Contains(msg, "in use by pid "+strconv.Itoa(first.Process.Pid)) || !strings.Contains(msg, "started ") {
		t.Errorf("the second run said %q; want the holder's pid %d and start time", msg, first.Process.Pid)
	}
	// A reader names the writer too, rather than DuckDB's "Conflicting
	// lock"; with --wait it reads once the run has ended.
	read := func(args ...string) *exec.Cmd {
		cmd := exec.Command("reconcile", append([]string{"sql", "--db", "r.duckdb", "--format", "csv"}, args...)...)
		cmd.Dir = dir
		return cmd
	}
	if out, err := read("SELECT 1 AS one").CombinedOutput(); err == nil || !strings.Contains(string(out), "in use by pid "+strconv.Itoa(first.Process.Pid)) ||
		!strings.Contains(string(out), "at step reading") || !strings.Contains(string(out), "--wait") || strings.Contains(string(out), "Conflicting lock") {
		t.Errorf("sql during a run: %v, %q; want it refused naming pid %d and its step, with a hint of --wait", err, out, first.Process.Pid)
	}
	waiter := read("--wait", "60s", "SELECT count(*) AS n FROM runs")
	var waited strings.Builder
	waiter.Stdout, waiter.Stderr = &waited, &waited
	if err := waiter.Start(); err != nil {
		t.Fatal(err)
	}
	if err := first.Wait(); err != nil {
		t.Fatalf("the first run failed: %v\n%s", err, firstOut.String())
	}
	if err := waiter.Wait(); err != nil || waited.String() != "n\n1\n" {
		t.Errorf("sql --wait: %v, %q; want it to read the first run once it ended", err, waited.String())
	}
	if out, err := run("b.csv", "").CombinedOutput(); err != nil {
		t.Fatalf("the second run, again: %v\n%s", err, out)
	}
	cmd := exec.Command("reconcile", "sql", "--db", "r.duckdb", "--format", "csv", "SELECT string_agg(event_id, ' ' ORDER BY event_id) AS ids FROM priced_usage")
	cmd.Dir = dir
	got, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != "ids\na1 b1\n" {
		t.Errorf("priced events = %q, want a1 and b1", got)
	}
}

// TestWaitForLock: with --wait the second run waits for the first and
// then succeeds.
func TestWaitForLock(t *testing.T) {
	dir := t.TempDir()
	const csv = "event_id,video_id,account_id,created_at,kind\n"
	if err := os.WriteFile(filepath.Join(dir, "a.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	lock, err := store.AcquireLock(t.Context(), filepath.Join(dir, "r.duckdb"), 0, "test")
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		time.Sleep(time.Second)
		lock.Release()
	}()
	cmd := exec.Command("reconcile", "run", "--input", "a.csv", "--db", "r.duckdb", "--wait", "30s")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("run --wait: %v\n%s", err, out)
	}
}
