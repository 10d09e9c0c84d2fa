package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCloseReportAfterChanges is issue 13's acceptance line for
// reproducing a signed close: the shipped month is closed; then late
// events arrive (one of them the event of an orphan charge), late ledger
// rows (a charge and a refund, and a charge for a new orphan), and a
// re-rating. The month closed again now reports other figures, and
// `close report` still writes the first close's reports cell for cell, as
// it wrote them (the run's id and times aside).
func TestCloseReportAfterChanges(t *testing.T) {
	dir := t.TempDir()
	fixtures, err := filepath.Abs("../../fixtures")
	if err != nil {
		t.Fatal(err)
	}
	do := func(args ...string) string {
		t.Helper()
		code, stdout, stderr := reconcile(t, dir, nil, args...)
		if code != 0 {
			t.Fatalf("%s: exit %d:\n%s\n%s", strings.Join(args, " "), code, stdout, stderr)
		}
		return stdout
	}
	put := func(name, text string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	do("run", "--input", filepath.Join(fixtures, "render_logs"), "--ledger", filepath.Join(fixtures, "ledger"),
		"--period", "2026-10", "--db", "r.duckdb", "--out", "close1")
	list := do("close", "list", "--db", "r.duckdb", "--format", "csv")
	lines := strings.Split(strings.TrimSpace(list), "\n")
	if len(lines) != 2 {
		t.Fatalf("close list:\n%s", list)
	}
	closeID := strings.Split(lines[1], ",")[1]

	// The night after: late events (late-1 is the event of the orphan
	// charge the ledger below brings first), ledger rows, a re-rating.
	put("ledger-late.csv", "txn_id,event_id,account_id,charged_at,credits,video_minutes\n"+
		"txn-late-1,late-1,acct-0001,2026-10-20T10:00:00Z,20.00,0\n"+
		"txn-late-2,evt-1d07592c-1,acct-0028,2026-10-21T10:00:00Z,5.00,0\n"+
		"txn-late-3,evt-1d07592c-2,acct-0006,2026-10-21T11:00:00Z,-16.33,0\n"+
		"txn-late-4,never-priced,acct-0002,2026-10-22T10:00:00Z,9.99,0\n")
	do("run", "--ledger", "ledger-late.csv", "--db", "r.duckdb", "--out", "night1")
	put("late.csv", "event_id,video_id,account_id,created_at,kind,media,model,actor,is_ad,duration_ms,images,charged_credits,charged_video_minutes\n"+
		"late-1,v1,acct-0001,2026-10-19T10:00:00Z,render,generative,pro,,false,60000,,,\n"+
		"late-2,v2,acct-0003,2026-10-30T10:00:00Z,render,stock,,human,false,120000,,10.00,2\n")
	do("run", "--input", "late.csv", "--db", "r.duckdb", "--out", "night2")
	book, err := os.ReadFile(filepath.Join(fixtures, "pricebook.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	put("pro25.yaml", strings.Replace(string(book), "      pro: 20\n", "      pro: 25\n", 1))
	do("rerate", "--from", "2026-10-01", "--to", "2026-10-31", "--pricebook", "pro25.yaml", "--db", "r.duckdb", "--out", "rerate")
	do("run", "--period", "2026-10", "--db", "r.duckdb", "--out", "close2")

	first, second := reportFiles(t, filepath.Join(dir, "close1")), reportFiles(t, filepath.Join(dir, "close2"))
	if first["file summary.json"] == second["file summary.json"] {
		t.Fatal("the month closed again reports what the first close did: the changes changed nothing")
	}
	do("close", "report", closeID, "--db", "r.duckdb", "--out", "again")
	again := reportFiles(t, filepath.Join(dir, "again"))
	if len(again) != len(first) {
		t.Errorf("close report wrote %d files, the close %d", len(again), len(first))
	}
	for name, want := range first {
		if got := again[name]; got != want {
			t.Errorf("%s differs from the close's:\ngot:\n%s\nwant:\n%s", name, head(got), head(want))
		}
	}
	code, _, stderr := reconcile(t, dir, nil, "close", "report", "20000101T000000Z-000000", "--db", "r.duckdb", "--out", "none")
	if code != 1 || !strings.Contains(stderr, "no such close") {
		t.Errorf("an unknown close: exit %d, %s", code, stderr)
	}
}

func head(s string) string {
	if len(s) > 3000 {
		return s[:3000] + "…"
	}
	return s
}
