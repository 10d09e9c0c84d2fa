package job

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/reconcile/reconcile/internal/ingest"
	"github.com/reconcile/reconcile/internal/pricing"
	"github.com/reconcile/reconcile/internal/store"
)

const header = "event_id,video_id,account_id,created_at,kind,media,model,actor,is_ad,duration_ms,images,charged_credits,charged_video_minutes\n"

// month is a small render log with one row of each outcome.
const month = header +
	"e1,v1,acct-1,2026-10-01T10:00:00Z,render,generative,pro,human,false,60000,,25.00,0\n" + // exact
	"e2,v1,acct-1,2026-10-01T10:05:00Z,edit_clip,,pro,,,5000,,1.67,\n" + // exact
	"e3,v2,acct-2,2026-10-02T10:00:00Z,render,stock,,human,false,180000,,15.00,2\n" + // minutes_mismatch
	"e4,v3,acct-2,2026-10-02T11:00:00Z,render,generative,ultra,,true,10000,,30.00,0\n" + // overcharged (ad: 30 s)
	"e5,v3,acct-2,2026-10-02T11:00:00Z,edit_image,,,,,,3,,\n" + // uncharged
	"e6,v4,acct-3,2026-10-03T09:00:00Z,render,generative,pro,,,90000,,29.99,0\n" + // 30.00 − 0.01: within tolerance
	"e7,v4,acct-3,2026-10-03T09:00:00Z,render,generative,pro,,,90000,,29.98,0\n" + // undercharged by 0.02
	"e1,v1,acct-1,2026-10-01T10:00:00Z,render,generative,pro,human,false,61000,,25.00,0\n" + // conflicting duplicate
	"e8,v1,acct-1,2026-10-01T10:00:00Z,render,generative,mega,,,1000,,,\n" // unknown_model

func config(t *testing.T, inputs ...string) Config {
	t.Helper()
	dir := t.TempDir()
	return Config{
		Inputs:     inputs,
		Book:       pricing.Default(),
		BookYAML:   pricing.DefaultYAML,
		BookSource: "embedded v1",
		DBPath:     filepath.Join(dir, "r.duckdb"),
		OutDir:     filepath.Join(dir, "out"),
		Tolerance:  decimal.RequireFromString("0.01"),
		Version:    "test",
		Now:        func() time.Time { return time.Date(2026, 11, 1, 2, 0, 0, 0, time.UTC) },
	}
}

func write(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func query(t *testing.T, db *sql.DB, q string, args ...any) [][]string {
	t.Helper()
	rows, err := db.Query(q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out [][]string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = v.String
			if !v.Valid {
				row[i] = "NULL"
			}
		}
		out = append(out, row)
	}
	return out
}

func openRO(t *testing.T, path string) *sql.DB {
	t.Helper()
	st, err := store.OpenReadOnly(context.Background(), path, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st.DB
}

func TestRunOutcomes(t *testing.T) {
	cfg := config(t, write(t, "month.csv", month))
	res, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	want := Counts{RowsRead: 9, Priced: 7, Rejected: 1, Duplicates: 1, Discrepancies: 5}
	if res.Counts != want {
		t.Errorf("counts = %+v, want %+v", res.Counts, want)
	}
	db := openRO(t, cfg.DBPath)
	got := query(t, db, "SELECT event_id, category, diff_credits::VARCHAR, coalesce(conflicting::VARCHAR, '') FROM discrepancies ORDER BY event_id, category")
	wantRows := []string{
		"e1 duplicate_event 25.00 true",
		"e3 minutes_mismatch 0.00 ",
		"e4 overcharged 10.00 ",
		"e5 uncharged -0.60 ",
		"e7 undercharged -0.02 ",
	}
	if len(got) != len(wantRows) {
		t.Fatalf("discrepancies = %v, want %v", got, wantRows)
	}
	for i, r := range got {
		if s := strings.Join(r, " "); s != wantRows[i] {
			t.Errorf("discrepancy %d = %q, want %q", i, s, wantRows[i])
		}
	}
	// The stored price of every event equals the pricing core's.
	for _, r := range query(t, db, "SELECT kind, coalesce(media, ''), coalesce(model, ''), actor, is_ad, coalesce(duration_ms, 0), images, expected_credits::VARCHAR, expected_video_minutes FROM priced_usage") {
		ev, err := pricing.EventNames(r[0], r[1], r[2], r[3], r[4] == "true", atoi(t, r[5]), atoi(t, r[6]))
		if err != nil {
			t.Fatal(err)
		}
		b, err := pricing.Default().Versions[0].Price(ev)
		if err != nil {
			t.Fatal(err)
		}
		if b.Expected.String() != r[7] || b.VideoMinutes != atoi(t, r[8]) {
			t.Errorf("%v: stored %s credits %s minutes, core says %s and %d", r, r[7], r[8], b.Expected, b.VideoMinutes)
		}
	}
	if len(res.Reports) != 12 {
		t.Errorf("reports = %v, want 12 files (10 reports, summary.json, summary.html)", res.Reports)
	}
}

func atoi(t *testing.T, s string) int64 {
	t.Helper()
	d, err := decimal.NewFromString(s)
	if err != nil {
		t.Fatal(err)
	}
	return d.IntPart()
}

// TestDuplicatesAcrossRuns checks that an event seen in an earlier run is
// not priced again: its new row is a duplicate.
func TestDuplicatesAcrossRuns(t *testing.T) {
	cfg := config(t, write(t, "a.csv", header+"e1,v1,acct-1,2026-10-01T10:00:00Z,render,stock,,,,60000,,0.00,1\n"))
	if _, err := Run(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	cfg.Inputs = []string{write(t, "b.csv", header+
		"e1,v1,acct-1,2026-10-01T10:00:00Z,render,stock,,,,60000,,0.00,1\n"+
		"e2,v1,acct-1,2026-10-01T10:00:00Z,render,stock,,,,60000,,0.00,1\n")}
	res, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Counts{RowsRead: 2, Priced: 1, Rejected: 0, Duplicates: 1, Discrepancies: 1}); res.Counts != want {
		t.Errorf("second run counts = %+v, want %+v", res.Counts, want)
	}
	db := openRO(t, cfg.DBPath)
	if got := query(t, db, "SELECT count(*) FROM priced_usage WHERE event_id = 'e1'"); got[0][0] != "1" {
		t.Errorf("e1 priced %s times, want once", got[0][0])
	}
	if got := query(t, db, "SELECT conflicting FROM discrepancies WHERE category = 'duplicate_event'"); got[0][0] != "false" {
		t.Errorf("identical duplicate marked conflicting=%s", got[0][0])
	}
}

// dump returns every table's rows as text, to compare a database before and
// after a run.
func dump(t *testing.T, path string) string {
	t.Helper()
	db := openRO(t, path)
	var b strings.Builder
	for _, table := range []string{"runs", "pricebooks", "priced_usage", "discrepancies", "rejects"} {
		for _, r := range query(t, db, "SELECT COLUMNS(*)::VARCHAR FROM "+table+" ORDER BY ALL") {
			b.WriteString(table + ": " + strings.Join(r, "|") + "\n")
		}
	}
	db.Close()
	return b.String()
}

// TestFailedRunCommitsNothing checks that a run failing on its second file
// leaves the database and the reports as they were.
func TestFailedRunCommitsNothing(t *testing.T) {
	cfg := config(t, write(t, "month.csv", month))
	if _, err := Run(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	before := dump(t, cfg.DBPath)
	report := filepath.Join(cfg.OutDir, "discrepancies.csv")
	reportBefore, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}

	good := write(t, "more.csv", header+"e9,v9,acct-9,2026-10-05T10:00:00Z,render,stock,,,,60000,,0.00,1\n")
	bad := write(t, "nokind.csv", "event_id,video_id,account_id,created_at\ne10,v1,a1,2026-10-01T10:00:00Z\n")
	cfg.Inputs = []string{good, bad}
	_, err = Run(context.Background(), cfg)
	var mc *ingest.MissingColumnError
	if !errors.As(err, &mc) || mc.File != bad || mc.Column != "kind" {
		t.Fatalf("err = %v, want a missing column kind in %s", err, bad)
	}
	if after := dump(t, cfg.DBPath); after != before {
		t.Errorf("database changed by a failed run:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	if got, _ := os.ReadFile(report); string(got) != string(reportBefore) {
		t.Error("discrepancies.csv changed by a failed run")
	}
	entries, _ := os.ReadDir(cfg.OutDir)
	if len(entries) != 12 {
		t.Errorf("report folder holds %d entries after a failed run, want the 12 reports", len(entries))
	}
}

// TestFailedFirstRunLeavesNoDatabase checks that a run that created the
// database file and failed removes it.
func TestFailedFirstRunLeavesNoDatabase(t *testing.T) {
	cfg := config(t, write(t, "nokind.csv", "event_id,video_id,account_id,created_at\n"))
	if _, err := Run(context.Background(), cfg); err == nil {
		t.Fatal("run succeeded on a file with no kind column")
	}
	if _, err := os.Stat(cfg.DBPath); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("database file left behind: %v", err)
	}
}

// TestDuplicateRules checks SPEC §2's order: earliest run, then file
// order, then row; a rejected row never makes a later good row a duplicate.
func TestDuplicateRules(t *testing.T) {
	row := func(id, dur, charged string) string {
		return id + ",v1,acct-1,2026-10-01T10:00:00Z,render,stock,,,," + dur + ",," + charged + ",1\n"
	}
	cfg := config(t, write(t, "a.csv", header+row("e1", "60000", "0.00")))
	if _, err := Run(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	second := write(t, "b.csv", header+
		row("e1", "60000", "0.00")+ // seen in run 1: duplicate
		row("e1", "61000", "0.00")+ // seen in run 1: duplicate, conflicting
		row("e2", "abc", "0.00")+ // rejected
		row("e2", "60000", "0.00")+ // the event e2
		row("e3", "60000", "0.00"))
	third := write(t, "c.csv", header+
		row("e3", "60000", "5.00")+ // after b.csv in file order: duplicate
		row("e2", "60000", "0.00")) // duplicate of b.csv row 4
	cfg.Inputs = []string{second, third}
	res, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Counts{RowsRead: 7, Priced: 2, Rejected: 1, Duplicates: 4, Discrepancies: 4}); res.Counts != want {
		t.Errorf("counts = %+v, want %+v", res.Counts, want)
	}
	db := openRO(t, cfg.DBPath)
	got := query(t, db, `SELECT event_id, row_number, conflicting::VARCHAR, diff_credits::VARCHAR, detail
		FROM discrepancies WHERE run_id = ? ORDER BY source_file, row_number`, res.RunID)
	wantIDs := []string{"e1 1 false 0.00", "e1 2 true 0.00", "e3 1 true 5.00", "e2 2 false 0.00"}
	if len(got) != len(wantIDs) {
		t.Fatalf("duplicates = %v, want %v", got, wantIDs)
	}
	for i, r := range got {
		if s := strings.Join(r[:4], " "); s != wantIDs[i] {
			t.Errorf("duplicate %d = %q, want %q (%s)", i, s, wantIDs[i], r[4])
		}
	}
	if d := got[0][4]; !strings.Contains(d, "a.csv row 1 (run ") {
		t.Errorf("detail %q does not name the earlier run's row", d)
	}
	if d := got[3][4]; !strings.Contains(d, "b.csv row 4;") {
		t.Errorf("detail %q does not name b.csv row 4", d)
	}
	priced := query(t, db, "SELECT event_id, source_file FROM priced_usage WHERE run_id = ? ORDER BY event_id", res.RunID)
	if len(priced) != 2 || priced[0][0] != "e2" || priced[1][0] != "e3" || priced[0][1] != second || priced[1][1] != second {
		t.Errorf("priced = %v, want e2 and e3 from %s", priced, second)
	}
}
