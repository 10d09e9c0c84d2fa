package job

import (
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reconcile/reconcile/queries"
)

// TestCloseSnapshot closes a month, then reads a late event and closes the
// month again. Each close records what its reports show, under the hash
// its Summary and summary.json carry; the first close stays as it was; the
// latest is the current one; and the same inputs closed in a new database
// give the same hash.
func TestCloseSnapshot(t *testing.T) {
	ctx := context.Background()
	cfg := config(t, write(t, "month.csv", month))
	w, err := PeriodWindow("2026-10")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Window = &w
	first, err := Run(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if first.Close == nil || first.Summary.Close == nil || first.Close.FiguresHash != first.Summary.Close.FiguresHash {
		t.Fatalf("close mark %+v, summary %+v", first.Close, first.Summary.Close)
	}
	s := first.Summary
	db := openRO(t, cfg.DBPath)
	got := query(t, db, `SELECT period, figures_sha256, events, expected_credits::VARCHAR, charged_credits::VARCHAR,
		to_refund::VARCHAR, to_rebill::VARCHAR, leakage::VARCHAR, discrepancies FROM close_snapshots WHERE close_id = ?`, first.RunID)
	want := []string{"2026-10", first.Close.FiguresHash, itoa(s.Events), s.ExpectedCredits.StringFixed(2), s.ChargedCredits.StringFixed(2),
		s.ToRefund.StringFixed(2), s.ToRebill.StringFixed(2), s.Leakage.StringFixed(2), itoa(s.Discrepancies)}
	if len(got) != 1 || strings.Join(got[0], " ") != strings.Join(want, " ") {
		t.Errorf("snapshot = %v, want %v", got, want)
	}
	if n := query(t, db, "SELECT count(*) FROM close_categories WHERE close_id = ?", first.RunID)[0][0]; n != itoa(int64(len(s.Categories))) {
		t.Errorf("%s categories in the snapshot, the Summary has %d", n, len(s.Categories))
	}
	accounts, err := os.ReadFile(filepath.Join(cfg.OutDir, "accounts.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows := strings.Count(string(accounts), "\n") - 1
	if n := query(t, db, "SELECT count(*) FROM close_accounts WHERE close_id = ?", first.RunID)[0][0]; n != itoa(int64(rows)) {
		t.Errorf("%s accounts in the snapshot, accounts.csv has %d", n, rows)
	}
	var doc struct {
		Close struct {
			ID            string `json:"id"`
			FiguresSHA256 string `json:"figures_sha256"`
		} `json:"close"`
	}
	raw, err := os.ReadFile(filepath.Join(cfg.OutDir, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &doc); err != nil || doc.Close.FiguresSHA256 != first.Close.FiguresHash || doc.Close.ID != first.RunID {
		t.Errorf("summary.json close = %+v (%v), want %s", doc.Close, err, first.Close.FiguresHash)
	}
	before := snapshots(t, cfg.DBPath, first.RunID)
	db.Close()

	// The same inputs closed in a new database: the same hash.
	again := config(t, cfg.Inputs...)
	again.Window = &w
	other, err := Run(ctx, again)
	if err != nil {
		t.Fatal(err)
	}
	if other.Close.FiguresHash != first.Close.FiguresHash {
		t.Errorf("the same close in a new database hashed %s, first %s", other.Close.FiguresHash, first.Close.FiguresHash)
	}

	// A late event, then the month closed again.
	cfg.Inputs = []string{write(t, "late.csv", header+"e20,v9,acct-9,2026-10-20T10:00:00Z,render,stock,,,,60000,,0.00,1\n")}
	cfg.Window = nil
	if _, err := Run(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	if after := snapshots(t, cfg.DBPath, first.RunID); after != before {
		t.Errorf("a later run changed the close:\nbefore %s\nafter  %s", before, after)
	}
	cfg.Inputs, cfg.Window = nil, &w
	second, err := Run(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if second.Close == nil || second.Close.FiguresHash == first.Close.FiguresHash {
		t.Fatalf("re-close: %+v, first %+v", second.Close, first.Close)
	}
	if after := snapshots(t, cfg.DBPath, first.RunID); after != before {
		t.Errorf("the re-close changed the first close:\nbefore %s\nafter  %s", before, after)
	}
	db = openRO(t, cfg.DBPath)
	closes, _ := queries.Named("closes")
	cur := query(t, db, "SELECT close_id, current FROM ("+closes.SQL+")", sql.Named("period", "2026-10"))
	if len(cur) != 2 || cur[0][0] != second.RunID || cur[0][1] != "true" || cur[1][0] != first.RunID || cur[1][1] != "false" {
		t.Errorf("closes = %v, want the second (current), then the first", cur)
	}
	if n := query(t, db, "SELECT events FROM close_snapshots WHERE close_id = ?", second.RunID)[0][0]; n != itoa(s.Events+1) {
		t.Errorf("the re-close counts %s events, want %d", n, s.Events+1)
	}
}

// snapshots is one close's rows, as text.
func snapshots(t *testing.T, path, closeID string) string {
	t.Helper()
	db := openRO(t, path)
	defer db.Close()
	var b strings.Builder
	for _, table := range []string{"close_snapshots", "close_categories", "close_accounts"} {
		for _, r := range query(t, db, "SELECT COLUMNS(*)::VARCHAR FROM "+table+" WHERE close_id = ? ORDER BY ALL", closeID) {
			b.WriteString(table + ": " + strings.Join(r, "|") + "\n")
		}
	}
	return b.String()
}
