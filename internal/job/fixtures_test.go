package job

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"

	"github.com/shopspring/decimal"
)

// TestFixtures runs the shipped month and checks the counts its README
// gives, and that the reports' totals tie out.
func TestFixtures(t *testing.T) {
	cfg := config(t, "../../fixtures/render_logs")
	res, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	// fixtures/README.md: rows read, priced, rejected, duplicates, discrepancies.
	want := Counts{RowsRead: 4075, Priced: 4005, Rejected: 29, Duplicates: 41, Discrepancies: 245}
	if res.Counts != want {
		t.Errorf("counts = %+v, want %+v (fixtures/README.md)", res.Counts, want)
	}
	db := openRO(t, cfg.DBPath)
	reasons := map[string]int{}
	for _, r := range query(t, db, "SELECT reason, count(*) FROM rejects GROUP BY ALL") {
		reasons[r[0]] = int(atoi(t, r[1]))
	}
	for _, reason := range []string{"missing_value", "bad_timestamp", "bad_number", "bad_boolean",
		"nonpositive_duration", "unknown_kind", "unknown_media", "unknown_model", "unknown_actor",
		"model_required", "negative_amount", "no_price_version", "out_of_range"} {
		if reasons[reason] < 2 {
			t.Errorf("fixtures give %d rejects of %s, want at least 2", reasons[reason], reason)
		}
	}
	checkSummaryJSON(t, cfg, res)
	checkTieOut(t, cfg, res, "SELECT sum(diff_credits)::VARCHAR FROM priced_usage WHERE run_id = ? AND event_id NOT IN (SELECT event_id FROM discrepancies WHERE run_id = ? AND category IN ('overcharged', 'undercharged', 'uncharged'))")
}

// checkTieOut checks a run's reports add up: the Summary's totals equal
// the sums of accounts.csv, and the category amounts plus the differences
// within tolerance (withinQuery, given the run id twice) equal the net
// difference; the category minutes equal charged − expected minutes.
func checkTieOut(t *testing.T, cfg Config, res *Result, withinQuery string) {
	t.Helper()
	s := res.Summary
	if s == nil {
		t.Fatal("no summary")
	}
	rows := readCSV(t, filepath.Join(cfg.OutDir, "accounts.csv"))
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	sum := func(name string) decimal.Decimal {
		var total decimal.Decimal
		for _, r := range rows[1:] {
			total = total.Add(decimal.RequireFromString(r[col[name]]))
		}
		return total
	}
	for _, c := range []struct {
		name string
		want decimal.Decimal
	}{
		{"expected_credits", s.ExpectedCredits},
		{"charged_credits", s.ChargedCredits},
		{"diff_credits", s.DiffCredits},
		{"expected_video_minutes", decimal.NewFromInt(s.ExpectedMinutes)},
		{"charged_video_minutes", decimal.NewFromInt(s.ChargedMinutes)},
	} {
		if got := sum(c.name); !got.Equal(c.want) {
			t.Errorf("accounts.csv %s sums to %s; the Summary says %s", c.name, got, c.want)
		}
	}
	if !s.ChargedCredits.Sub(s.ExpectedCredits).Equal(s.DiffCredits) {
		t.Errorf("charged %s − expected %s ≠ net difference %s", s.ChargedCredits, s.ExpectedCredits, s.DiffCredits)
	}
	var amounts decimal.Decimal
	var minutes int64
	for _, c := range s.Categories {
		amounts = amounts.Add(c.Amount)
		minutes += c.Minutes
	}
	db := openRO(t, cfg.DBPath)
	within := decimal.Zero
	if got := query(t, db, withinQuery, res.RunID, res.RunID); got[0][0] != "NULL" {
		within = decimal.RequireFromString(got[0][0])
	}
	if got := amounts.Add(within); !got.Equal(s.DiffCredits) {
		t.Errorf("categories %s + within tolerance %s = %s, want the net difference %s", amounts, within, got, s.DiffCredits)
	}
	if minutes != s.ChargedMinutes-s.ExpectedMinutes {
		t.Errorf("category minutes sum to %d, want charged − expected = %d", minutes, s.ChargedMinutes-s.ExpectedMinutes)
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestFixturesLedger closes the shipped October against the shipped ledger
// and checks the counts fixtures/README.md gives, and the tie-out.
func TestFixturesLedger(t *testing.T) {
	cfg := config(t, "../../fixtures/render_logs")
	cfg.Ledgers = []string{"../../fixtures/ledger"}
	w, _ := PeriodWindow("2026-10")
	cfg.Window = &w
	res, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	want := Counts{RowsRead: 4075, Priced: 4005, Rejected: 29, Duplicates: 41,
		LedgerRows: 4126, LedgerTaken: 4121, LedgerRejected: 5, Discrepancies: 526}
	if res.Counts != want {
		t.Errorf("counts = %+v, want %+v (fixtures/README.md)", res.Counts, want)
	}
	got := map[string]int64{}
	for _, c := range res.Summary.Categories {
		got[c.Category] = c.Count
	}
	for cat, n := range map[string]int64{"overcharged": 70, "undercharged": 115, "uncharged": 125,
		"minutes_mismatch": 52, "duplicate_event": 41, "orphan_charge": 62, "duplicate_charge": 61} {
		if got[cat] != n {
			t.Errorf("%s: %d, want %d (fixtures/README.md)", cat, got[cat], n)
		}
	}
	checkTieOut(t, cfg, res, ledgerWithin)
	checkSummaryJSON(t, cfg, res)
}
