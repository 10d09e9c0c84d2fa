package store

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reconcile/reconcile/queries"
)

// schema4 makes a database as reconcile wrote it at schema version 4
// (testdata/schema_4.sql is that release's schema.sql), then runs more.
func schema4(t *testing.T, more ...string) string {
	t.Helper()
	text, err := os.ReadFile("testdata/schema_4.sql")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "v4.duckdb")
	db, err := sql.Open("duckdb", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	stmts := append(queries.Statements(string(text)), "INSERT INTO meta VALUES ('schema_version', '4')")
	for _, stmt := range append(stmts, more...) {
		if _, err := db.Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	return path
}

// An event priced at schema 4 kept its inline charge in priced_usage's
// charged_credits even when the ledger charged it otherwise. After the
// migration priced_usage shows the ledger's charge, and the inline one
// under its own name.
func TestMigrateFromVersion4(t *testing.T) {
	path := schema4(t,
		`INSERT INTO priced_usage (event_id, video_id, account_id, created_at, kind, media, model, actor, is_ad,
		     duration_ms, images, billable_seconds, billable_minutes, generative_credits, actor_credits, edit_credits,
		     expected_credits, expected_video_minutes, pricebook_version, charged_credits, charged_video_minutes,
		     diff_credits, run_id, source_file, row_number, pricebook_hash)
		 VALUES ('e1', 'v1', 'a1', '2026-10-01 10:00:00', 'render', 'generative', 'pro', 'none', false,
		     60000, 1, 60, 1, 20.00, 0, 0, 20.00, 0, 'v1', 999.00, 0, 979.00, 'r1', 'a.csv', 1, 'h'),
		        ('e2', 'v1', 'a1', '2026-09-01 10:00:00', 'render', 'generative', 'pro', 'none', false,
		     60000, 1, 60, 1, 20.00, 0, 0, 20.00, 0, 'v1', 25.00, NULL, 5.00, 'r1', 'a.csv', 2, 'h')`,
		`INSERT INTO ledger VALUES ('t1', 'e1', 'a1', '2026-10-01 10:00:01', 20.00, 0, 'l.csv', 1, 'r1')`,
		// two runs in one second, the later one with the smaller id
		`INSERT INTO runs (run_id, started_at, status, inputs, pricebook_source, pricebook_hash, charge_source,
		     tolerance, rows_read, priced, rejected, duplicates, discrepancies, reconcile_version)
		 VALUES ('20261101T020000Z-ff', '2026-11-01 02:00:00.1', 'succeeded', [], 'e', 'h', 'x', 0.01, 0, 0, 0, 0, 0, 'v'),
		        ('20261101T020000Z-00', '2026-11-01 02:00:00.2', 'succeeded', [], 'e', 'h', 'x', 0.01, 0, 0, 0, 0, 0, 'v')`)
	st, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rows, err := st.DB.Query(`SELECT event_id, charge_source, charged_credits::VARCHAR, charged_video_minutes,
		diff_credits::VARCHAR, inline_charged_credits::VARCHAR FROM priced_usage ORDER BY event_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var id, source, charged, diff, inline string
		var minutes int64
		if err := rows.Scan(&id, &source, &charged, &minutes, &diff, &inline); err != nil {
			t.Fatal(err)
		}
		got = append(got, strings.Join([]string{id, source, charged, diff, inline}, " "))
	}
	want := []string{
		"e1 ledger 20.00 0.00 999.00", // the ledger's charge, not the render log's
		"e2 inline 25.00 5.00 25.00",  // September: no ledger row covers it
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("after migration:\ngot  %q\nwant %q", got, want)
	}
	var version string
	if err := st.DB.QueryRow("SELECT value FROM meta WHERE key = 'schema_version'").Scan(&version); err != nil || version != SchemaVersion {
		t.Errorf("schema version %q (%v), want %s", version, err, SchemaVersion)
	}
	var order string
	if err := st.DB.QueryRow("SELECT string_agg(run_id, ' ' ORDER BY seq) FROM runs").Scan(&order); err != nil ||
		order != "20261101T020000Z-ff 20261101T020000Z-00" {
		t.Errorf("runs in seq order: %q (%v), want them in the order they started", order, err)
	}
	if _, err := st.DB.Exec("SELECT count(*) FROM findings_latest"); err != nil {
		t.Errorf("findings_latest after migration: %v", err)
	}
}

// A migration that fails half way leaves the database as it was: here
// migrate_5 drops current_usage, then cannot rename a table that is not
// there; the view must still be there afterwards, at version 4.
func TestFailedMigrationChangesNothing(t *testing.T) {
	path := schema4(t, "DROP VIEW current_usage", "ALTER TABLE priced_usage RENAME TO kept_aside",
		"CREATE VIEW current_usage AS SELECT * FROM kept_aside")
	if st, err := Open(context.Background(), path); err == nil {
		st.Close()
		t.Fatal("opened a database whose migration cannot succeed")
	}
	db, err := sql.Open("duckdb", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var version string
	if err := db.QueryRow("SELECT value FROM meta WHERE key = 'schema_version'").Scan(&version); err != nil || version != "4" {
		t.Errorf("schema version %q (%v), want 4", version, err)
	}
	if _, err := db.Exec("SELECT * FROM current_usage"); err != nil {
		t.Errorf("current_usage gone after a failed migration: %v", err)
	}
}
