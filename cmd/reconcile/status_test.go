package main

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/reconcile/reconcile/internal/failpoint"
	"github.com/reconcile/reconcile/internal/job"
	"github.com/reconcile/reconcile/internal/store"
)

// statusJSON is the output of status --format json.
type statusJSON struct {
	Running *struct {
		PID     int        `json:"pid"`
		Command string     `json:"command"`
		Started time.Time  `json:"started"`
		Step    string     `json:"step"`
		Rows    int64      `json:"rows"`
		Updated *time.Time `json:"updated"`
	} `json:"running"`
	Runs   []job.RunRow `json:"runs"`
	Source string       `json:"source"`
}

// TestStatusDuringRun: while a run holds the database, status --format
// json shows it, its pid and step, and the earlier runs from the journal,
// with exit 0; sql and explain name the holder and its step, and sql --wait reads
// once the run has ended. Killed, the run leaves nothing in the way of the
// next one.
func TestStatusDuringRun(t *testing.T) {
	dir := t.TempDir()
	const head = "event_id,video_id,account_id,created_at,kind,media,model,actor,is_ad,duration_ms,images,charged_credits,charged_video_minutes\n"
	for _, id := range []string{"a", "b", "c"} {
		row := id + "1,v1,acct-1,2026-10-01T10:00:00Z,render,stock,,,,60000,,0.00,1\n"
		if err := os.WriteFile(filepath.Join(dir, id+".csv"), []byte(head+row), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	reconcile := func(env []string, args ...string) *exec.Cmd {
		cmd := exec.Command("reconcile", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), env...)
		return cmd
	}
	status := func() statusJSON {
		t.Helper()
		out, err := reconcile([]string{"RECONCILE_DB=r.duckdb"}, "status", "--format", "json").Output()
		if err != nil {
			t.Fatalf("status --format json: %v\n%s", err, out)
		}
		var s statusJSON
		if err := json.Unmarshal(out, &s); err != nil {
			t.Fatalf("status --format json printed %s: %v", out, err)
		}
		return s
	}
	if out, err := reconcile(nil, "run", "--input", "a.csv", "--db", "r.duckdb").CombinedOutput(); err != nil {
		t.Fatalf("first run: %v\n%s", err, out)
	}
	before := status()
	if before.Running != nil || before.Source != "database" || len(before.Runs) != 1 {
		t.Fatalf("status after the first run = %+v; want one run from the database, none running", before)
	}

	child := reconcile([]string{failpoint.Env + "=after-priced=sleep:60s"}, "run", "--input", "b.csv", "--db", "r.duckdb")
	var childOut strings.Builder
	child.Stdout, child.Stderr = &childOut, &childOut
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	killed := false
	defer func() {
		if !killed {
			_ = child.Process.Kill()
			_ = child.Wait()
		}
	}()
	db := filepath.Join(dir, "r.duckdb")
	deadline := time.Now().Add(60 * time.Second)
	for h, _ := store.ReadHolder(db); h.PID != child.Process.Pid || h.Step != "pricing"; h, _ = store.ReadHolder(db) {
		if time.Now().After(deadline) {
			t.Fatalf("the run's note never said pricing: %+v\n%s", h, childOut.String())
		}
		time.Sleep(20 * time.Millisecond)
	}

	during := status()
	r := during.Running
	if r == nil || r.PID != child.Process.Pid || r.Command != "reconcile run" || r.Step != "pricing" || r.Rows != 1 || r.Updated == nil {
		t.Errorf("running = %+v; want pid %d, reconcile run, at pricing, 1 row", r, child.Process.Pid)
	}
	if during.Source != "journal" || !reflect.DeepEqual(during.Runs, before.Runs) {
		t.Errorf("during the run: source %q, runs %+v; want the journal's, equal to the database's %+v", during.Source, during.Runs, before.Runs)
	}
	text, err := reconcile(nil, "status", "--db", "r.duckdb").Output()
	if err != nil || !strings.Contains(string(text), "at step pricing") || !strings.Contains(string(text), "history from r.duckdb.journal.json, as of ") ||
		!strings.Contains(string(text), before.Runs[0].RunID) {
		t.Errorf("status during the run: %v\n%s\nwant the step, the journal named and the first run", err, text)
	}
	out, err := reconcile(nil, "sql", "--db", "r.duckdb", "SELECT 1").CombinedOutput()
	if code := exitCode(err); code != 1 || !strings.Contains(string(out), "in use by pid "+strconv.Itoa(child.Process.Pid)+" (reconcile run)") ||
		!strings.Contains(string(out), "at step pricing") || !strings.Contains(string(out), "hint: ") {
		t.Errorf("sql during the run: exit %d, %q; want exit 1 naming pid %d and its step, with a hint", code, out, child.Process.Pid)
	}
	out, err = reconcile(nil, "explain", "--db", "r.duckdb", "a1").CombinedOutput()
	if code := exitCode(err); code != 1 || !strings.Contains(string(out), "at step pricing") {
		t.Errorf("explain during the run: exit %d, %q; want exit 1 naming the run's step", code, out)
	}
	waiter := reconcile(nil, "sql", "--db", "r.duckdb", "--wait", "60s", "--format", "csv", "SELECT count(*) AS n FROM runs")
	var waited strings.Builder
	waiter.Stdout, waiter.Stderr = &waited, &waited
	if err := waiter.Start(); err != nil {
		t.Fatal(err)
	}

	if err := child.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = child.Wait()
	killed = true
	if err := waiter.Wait(); err != nil || waited.String() != "n\n1\n" {
		t.Errorf("sql --wait: %v, %q; want it to read the one committed run once the run was killed", err, waited.String())
	}
	if out, err := reconcile(nil, "run", "--input", "b.csv", "--input", "c.csv", "--db", "r.duckdb").CombinedOutput(); err != nil {
		t.Fatalf("the run after the killed one: %v\n%s", err, out)
	}
	after := status()
	if after.Running != nil || after.Source != "database" || len(after.Runs) != 2 || after.Runs[0].RowsRead != 2 {
		t.Errorf("status after the next run = %+v; want two runs from the database, the newest of 2 rows, none running", after)
	}
	j, err := job.ReadJournal(db)
	if err != nil || !reflect.DeepEqual(j.Runs, after.Runs) {
		t.Errorf("journal after the next run: %+v, %v; want the database's %+v", j.Runs, err, after.Runs)
	}
}

// exitCode is the exit code of a finished command's error.
func exitCode(err error) int {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}
