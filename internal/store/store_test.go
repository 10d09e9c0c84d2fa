package store

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestReadOnly(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "r.duckdb")
	st, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	other := filepath.Join(t.TempDir(), "x.csv")
	if err := os.WriteFile(other, []byte("a\n1\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	ro, err := OpenReadOnly(ctx, path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	refused := []string{
		"DELETE FROM priced_usage",
		"DROP TABLE runs",
		"CREATE TABLE x (a INT)",
		"INSERT INTO meta VALUES ('a', 'b')",
		"SELECT * FROM read_csv('" + other + "')",
		"COPY runs TO '" + filepath.Join(t.TempDir(), "out.csv") + "'",
		"SET enable_external_access = true",
		"ATTACH '" + filepath.Join(t.TempDir(), "new.duckdb") + "' AS n",
	}
	for _, q := range refused {
		if _, err := ro.DB.ExecContext(ctx, q); err == nil {
			t.Errorf("read-only store ran %q", q)
		}
	}
	var n int
	if err := ro.DB.QueryRowContext(ctx, "SELECT count(*) FROM priced_usage").Scan(&n); err != nil {
		t.Errorf("read-only store cannot read: %v", err)
	}
}

func TestReadOnlyMissing(t *testing.T) {
	_, err := OpenReadOnly(context.Background(), filepath.Join(t.TempDir(), "none.duckdb"), false)
	if !errors.Is(err, ErrNoDatabase) {
		t.Errorf("err = %v, want ErrNoDatabase", err)
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "r.duckdb")
	st, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.DB.ExecContext(ctx, "UPDATE meta SET value = '99' WHERE key = 'schema_version'"); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if _, err := Open(ctx, path); err == nil {
		t.Error("opened a database with a newer schema version")
	}
}

// TestMigrateFromVersion1 opens a database with the first release's
// tables and checks that it gains the new columns and tables, data kept.
func TestMigrateFromVersion1(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v1.duckdb")
	db, err := sql.Open("duckdb", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		"CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)",
		"INSERT INTO meta VALUES ('schema_version', '1')",
		"CREATE TABLE runs (run_id VARCHAR PRIMARY KEY, started_at TIMESTAMP NOT NULL, finished_at TIMESTAMP, status VARCHAR NOT NULL, inputs VARCHAR[] NOT NULL, pricebook_source VARCHAR NOT NULL, pricebook_hash VARCHAR NOT NULL, charge_source VARCHAR NOT NULL, tolerance DECIMAL(18,2) NOT NULL, rows_read BIGINT NOT NULL, priced BIGINT NOT NULL, rejected BIGINT NOT NULL, duplicates BIGINT NOT NULL, discrepancies BIGINT NOT NULL, reconcile_version VARCHAR NOT NULL)",
		"CREATE TABLE priced_usage (event_id VARCHAR NOT NULL, video_id VARCHAR NOT NULL, account_id VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL, kind VARCHAR NOT NULL, media VARCHAR, model VARCHAR, actor VARCHAR NOT NULL, is_ad BOOLEAN NOT NULL, duration_ms BIGINT, images INTEGER NOT NULL, billable_seconds BIGINT NOT NULL, billable_minutes BIGINT NOT NULL, generative_credits DECIMAL(18,2) NOT NULL, actor_credits DECIMAL(18,2) NOT NULL, edit_credits DECIMAL(18,2) NOT NULL, expected_credits DECIMAL(18,2) NOT NULL, expected_video_minutes INTEGER NOT NULL, pricebook_version VARCHAR NOT NULL, charged_credits DECIMAL(18,2), charged_video_minutes INTEGER, diff_credits DECIMAL(18,2) NOT NULL, run_id VARCHAR NOT NULL, source_file VARCHAR NOT NULL, row_number BIGINT NOT NULL, pricebook_hash VARCHAR NOT NULL)",
		"INSERT INTO priced_usage VALUES ('e1','v1','a1','2026-10-01','render','stock',NULL,'none',false,60000,1,60,1,0,0,0,0,1,'v1',0,1,0,'r1','a.csv',1,'h')",
		"CREATE TABLE rejects (source_file VARCHAR NOT NULL, row_number BIGINT NOT NULL, event_id VARCHAR, reason VARCHAR NOT NULL, message VARCHAR NOT NULL, raw VARCHAR NOT NULL, run_id VARCHAR NOT NULL)",
	} {
		if _, err := db.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	st, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var entry, version string
	var late bool
	if err := st.DB.QueryRow("SELECT entry, is_late FROM current_usage WHERE event_id = 'e1'").Scan(&entry, &late); err != nil {
		t.Fatal(err)
	}
	if err := st.DB.QueryRow("SELECT value FROM meta WHERE key = 'schema_version'").Scan(&version); err != nil {
		t.Fatal(err)
	}
	if entry != "usage" || late || version != SchemaVersion {
		t.Errorf("after migration: entry %q late %v version %s", entry, late, version)
	}
	if _, err := st.DB.Exec("SELECT txn_id FROM ledger"); err != nil {
		t.Errorf("no ledger table after migration: %v", err)
	}
}

func TestLock(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "r.duckdb")
	first, err := AcquireLock(ctx, path, 0, "reconcile run")
	if err != nil {
		t.Fatal(err)
	}
	if !Held(path) {
		t.Error("Held = false while the lock is held")
	}
	_, err = AcquireLock(ctx, path, 0, "reconcile run")
	var le *LockedError
	if !errors.As(err, &le) || le.Holder.PID != os.Getpid() || le.Holder.Command != "reconcile run" {
		t.Fatalf("second lock: err = %v, want a LockedError naming this process", err)
	}
	if !strings.Contains(err.Error(), "pid ") || !strings.Contains(err.Error(), "started ") {
		t.Errorf("message %q does not name the pid and start time", err)
	}
	start := time.Now()
	go func() {
		time.Sleep(300 * time.Millisecond)
		first.Release()
	}()
	second, err := AcquireLock(ctx, path, 5*time.Second, "reconcile run")
	if err != nil {
		t.Fatalf("waiting lock: %v", err)
	}
	if time.Since(start) < 250*time.Millisecond {
		t.Error("the waiting lock did not wait")
	}
	second.Release()
	if Held(path) {
		t.Error("Held = true after release")
	}
}

// A lock file that cannot be opened (another user's, mode 0600; here a
// folder in its place) is not a held lock: CheckHeld says it cannot tell,
// and Held is false, so status does not report a run that is not there.
func TestUnreadableLockIsNotHeld(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.duckdb")
	if err := os.Mkdir(LockPath(path), 0o755); err != nil {
		t.Fatal(err)
	}
	held, err := CheckHeld(path)
	if held || err == nil || !strings.Contains(err.Error(), "cannot tell whether a run holds") {
		t.Errorf("CheckHeld = %v, %v; want false and an error that says it cannot tell", held, err)
	}
	if Held(path) {
		t.Error("Held: true for a lock file nobody holds")
	}
}
