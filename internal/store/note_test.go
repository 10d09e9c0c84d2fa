package store

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestProgressNote: the holder's step and rows reach the progress note,
// rows at most every noteEvery unless the step changes, and the note goes
// with the lock.
func TestProgressNote(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.duckdb")
	lock, err := AcquireLock(t.Context(), db, 0, "reconcile run")
	if err != nil {
		t.Fatal(err)
	}
	h, err := ReadHolder(db)
	if err != nil || h.PID != os.Getpid() || h.Command != "reconcile run" || h.Step != "" {
		t.Fatalf("ReadHolder after the lock = %+v, %v; want this pid, no step", h, err)
	}
	if err := lock.Step("reading"); err != nil {
		t.Fatal(err)
	}
	if err := lock.Rows(10); err != nil {
		t.Fatal(err)
	}
	if h, _ := ReadHolder(db); h.Step != "reading" || h.Rows != 0 {
		t.Errorf("note right after the step = %q, %d rows; want reading and the rows held back", h.Step, h.Rows)
	}
	if err := lock.Step("pricing"); err != nil {
		t.Fatal(err)
	}
	h, _ = ReadHolder(db)
	if h.Step != "pricing" || h.Rows != 10 || h.Updated.IsZero() {
		t.Errorf("note after the next step = %+v; want pricing, 10 rows, a time", h)
	}
	le := &LockedError{Path: "r.duckdb", Holder: h}
	if got := le.Error(); !strings.Contains(got, "at step pricing") {
		t.Errorf("LockedError = %q; want the step", got)
	}
	lock.note.written = time.Now().Add(-noteEvery)
	if err := lock.Rows(20); err != nil {
		t.Fatal(err)
	}
	if h, _ := ReadHolder(db); h.Rows != 20 {
		t.Errorf("rows noteEvery after the last write = %d; want 20", h.Rows)
	}
	if err := lock.Release(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(NotePath(db)); !os.IsNotExist(err) {
		t.Errorf("progress note after Release: %v; want it gone", err)
	}
}

// TestProgressNoteOfAnother: a note left by a holder that was killed is
// not read as the next holder's.
func TestProgressNoteOfAnother(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.duckdb")
	stale, _ := json.Marshal(Holder{PID: 1, Started: time.Now().UTC(), Command: "reconcile run", Step: "pricing"})
	if err := os.WriteFile(LockPath(db), stale, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(NotePath(db), stale, 0o644); err != nil {
		t.Fatal(err)
	}
	old, _ := json.Marshal(Holder{PID: 2, Started: time.Now().UTC(), Command: "reconcile run"})
	if err := os.WriteFile(LockPath(db), old, 0o644); err != nil {
		t.Fatal(err)
	}
	if h, err := ReadHolder(db); err != nil || h.PID != 2 || h.Step != "" {
		t.Errorf("ReadHolder = %+v, %v; want pid 2 without pid 1's step", h, err)
	}
}
