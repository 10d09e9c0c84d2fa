package job

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/reconcile/reconcile/internal/gen"
)

// shardedMonth writes a generated month and its ledger, with an event id
// repeated under other accounts (so that its rows land in other shards)
// and ledger rows charged to another account than their event's; it
// runs it once into one database and as four shards into four, and
// returns the single run's config and the shards' databases.
func shardedMonth(t *testing.T) (Config, []string) {
	t.Helper()
	dir := t.TempDir()
	c := gen.Config{Events: 3000, Accounts: 60, Seed: 7, ErrorRate: 0.05, Month: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)}
	logs, ledger := filepath.Join(dir, "logs.csv"), filepath.Join(dir, "ledger.csv")
	genCSV(t, logs, c)
	writeGenerated(t, ledger, func(f *os.File) error { _, err := gen.WriteLedger(f, c); return err })
	b, err := os.ReadFile(logs)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	var extra []string
	for i, acct := range []string{"acct-0001", "acct-0002", "acct-0003", "acct-0004", "acct-0005", "acct-0006"} {
		f := strings.Split(lines[1+i*97], ",")
		f[2] = acct // the same id under another account: another shard, mostly
		extra = append(extra, strings.Join(f, ","))
	}
	// and rows of every outcome, one of them not CSV (shard 0's)
	extra = append(extra, "x1,v1,acct-x,yesterday,render,stock,,,,60000,,0.00,1", "x2,too,few")
	if err := os.WriteFile(logs, []byte(string(b)+strings.Join(extra, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	lb, err := os.ReadFile(ledger)
	if err != nil {
		t.Fatal(err)
	}
	ll := strings.Split(strings.TrimSpace(string(lb)), "\n")
	for i := 1; i < 200; i += 40 { // charged to another account than the event's
		f := strings.Split(ll[i], ",")
		f[2] = "acct-0059"
		ll[i] = strings.Join(f, ",")
	}
	if err := os.WriteFile(ledger, []byte(strings.Join(ll, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	single := closeMonth(t, logs, ledger, nil)
	var dbs []string
	for i := range 4 {
		dbs = append(dbs, closeMonth(t, logs, ledger, &Shard{Index: i, Count: 4}).DBPath)
	}
	return single, dbs
}

// TestCombineShards stores four shards' databases into one, and checks
// that it holds what the single run stored, row for row: the events,
// the duplicate rows (among them the rows of an id two shards priced),
// the ledger and the rejects.
func TestCombineShards(t *testing.T) {
	single, dbs := shardedMonth(t)
	merged := filepath.Join(t.TempDir(), "month.duckdb")
	res, err := CombineShards(context.Background(), merged, []string{dbs[2], dbs[0], dbs[3], dbs[1]})
	if err != nil {
		t.Fatal(err)
	}
	if res.CrossShard == 0 {
		t.Error("no id was priced in two shards: the test plants none")
	}
	for i, s := range res.Shards {
		if s.Shard.Index != i || s.Shard.Count != 4 {
			t.Errorf("shards[%d] = %+v", i, s)
		}
	}
	for name, q := range map[string]string{
		"rows": `SELECT u.event_id, u.account_id, u.created_at::VARCHAR, u.row_number::VARCHAR, b.source_file, b.entry,
		                p.expected_credits::VARCHAR
		         FROM usage_rows u JOIN usage_batches b USING (batch_id) JOIN usage_prices p USING (price_id)`,
		"ledger":  "SELECT COLUMNS(* EXCLUDE (run_id))::VARCHAR FROM ledger",
		"rejects": "SELECT COLUMNS(* EXCLUDE (run_id))::VARCHAR FROM rejects",
	} {
		want, got := sortedRows(t, single.DBPath, q), sortedRows(t, merged, q)
		if !slices.Equal(got, want) {
			t.Errorf("%s: combined %d rows, the single run %d; first difference:\n%s", name, len(got), len(want), firstDiff(got, want))
		}
	}
}

// TestCombineRefuses: shards of different price books, a shard missing or
// given twice, a database of no shard are refused, named, and leave no
// database behind.
func TestCombineRefuses(t *testing.T) {
	single, dbs := shardedMonth(t)
	other := filepath.Join(t.TempDir(), "other.duckdb")
	cfg := config(t, "../../fixtures/render_logs")
	cfg.DBPath, cfg.Shard = other, &Shard{Index: 3, Count: 4}
	cfg.BookYAML = append(append([]byte{}, cfg.BookYAML...), "\n# another book\n"...)
	if _, err := Run(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		paths []string
		want  string
	}{
		{"a shard missing", dbs[:3], "shard 3/4 missing"},
		{"a shard twice", []string{dbs[0], dbs[1], dbs[2], dbs[3], dbs[1]}, "shard 1/4 is given twice: " + dbs[1] + ", " + dbs[1]},
		{"another price book", []string{dbs[0], dbs[1], dbs[2], other}, "was priced with price book"},
		{"no shard", []string{single.DBPath}, `holds runs of shards "none"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			merged := filepath.Join(t.TempDir(), "month.duckdb")
			_, err := CombineShards(context.Background(), merged, c.paths)
			if !errors.Is(err, ErrShards) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want ErrShards and %q", err, c.want)
			}
			if _, err := os.Stat(merged); err == nil {
				t.Error("a refused combine left its database behind")
			}
		})
	}
}

// TestCombineEqualsOneRun is issue 15's first acceptance line: the month
// of shardedMonth (ids repeated under other accounts, ledger rows charged
// to another account) run once and as four shards then combined gives the
// same discrepancies, accounts.csv, daily.csv and Summary figures.
func TestCombineEqualsOneRun(t *testing.T) {
	single, dbs := shardedMonth(t)
	cfg := config(t)
	w, _ := PeriodWindow("2026-10")
	cfg.Window = &w
	res, c, err := Combine(context.Background(), cfg, dbs)
	if err != nil {
		t.Fatal(err)
	}
	if c.CrossShard == 0 {
		t.Error("no id was priced in two shards")
	}
	findings := `SELECT event_id, account_id, category, expected_credits::VARCHAR, charged_credits::VARCHAR,
	                    diff_credits::VARCHAR, expected_video_minutes::VARCHAR, charged_video_minutes::VARCHAR,
	                    detail, created_at::VARCHAR, source_file, row_number::VARCHAR
	             FROM discrepancies WHERE run_id = (SELECT run_id FROM runs ORDER BY seq DESC LIMIT 1)`
	if got, want := sortedRows(t, cfg.DBPath, findings), sortedRows(t, single.DBPath, findings); !slices.Equal(got, want) {
		t.Errorf("discrepancies: combined %d, the single run %d; first difference:\n%s", len(got), len(want), firstDiff(got, want))
	}
	for _, name := range []string{"accounts.csv", "daily.csv", "discrepancies.csv", "rejects.csv", "patterns.csv"} {
		got, err1 := os.ReadFile(filepath.Join(cfg.OutDir, name))
		want, err2 := os.ReadFile(filepath.Join(single.OutDir, name))
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		slices.Sort(g)
		slices.Sort(w)
		if !slices.Equal(g, w) {
			t.Errorf("%s differs from the single run's; first difference:\n%s", name, firstDiff(g, w))
		}
	}
	single1 := openRO(t, single.DBPath)
	defer single1.Close()
	s := res.Summary
	for _, f := range []struct{ name, got string }{
		{"events", decimal.NewFromInt(s.Events).String()},
		{"expected_credits", s.ExpectedCredits.StringFixed(2)},
		{"charged_credits", s.ChargedCredits.StringFixed(2)},
		{"to_refund", s.ToRefund.StringFixed(2)},
		{"to_rebill", s.ToRebill.StringFixed(2)},
		{"leakage", s.Leakage.StringFixed(2)},
		{"discrepancies", decimal.NewFromInt(s.Discrepancies).String()},
	} {
		sum := named(t, single1, "month_summary")
		for i, col := range sum[0] {
			if col == f.name && sum[1][i] != f.got {
				t.Errorf("Summary %s: combined %s, the single run's month_summary %s", f.name, f.got, sum[1][i])
			}
		}
	}
	// The Shards sheet: each shard once, its columns summing to the month.
	if len(s.Shards) != 4 {
		t.Fatalf("Shards sheet: %d lines, want 4", len(s.Shards))
	}
	var nrows, events int64
	var expected decimal.Decimal
	for i, l := range s.Shards {
		if l.Shard != fmt.Sprintf("%d/4", i) {
			t.Errorf("Shards sheet line %d: shard %s", i, l.Shard)
		}
		nrows, events, expected = nrows+l.Rows, events+l.Events, expected.Add(l.Expected)
	}
	if nrows != s.RowsRead || events != s.Events || !expected.Equal(s.ExpectedCredits) {
		t.Errorf("Shards sheet sums to %d rows, %d events, %s credits; the month has %d, %d, %s", nrows, events, expected, s.RowsRead, s.Events, s.ExpectedCredits)
	}
	if _, err := os.Stat(filepath.Join(cfg.OutDir, "shards.csv")); err != nil {
		t.Error(err)
	}
	if _, err := os.Stat(filepath.Join(single.OutDir, "shards.csv")); err == nil {
		t.Error("one run wrote shards.csv")
	}
	// The rows, as one run read them.
	want := query(t, single1, "SELECT rows_read::VARCHAR, priced::VARCHAR, rejected::VARCHAR, duplicates::VARCHAR, ledger_rows::VARCHAR FROM runs")[0]
	got := []string{fmt.Sprint(s.RowsRead), fmt.Sprint(s.Priced), fmt.Sprint(s.Rejected), fmt.Sprint(s.Duplicates), fmt.Sprint(s.LedgerRows)}
	if !slices.Equal(got, want) {
		t.Errorf("rows read, priced, rejected, duplicates, ledger rows: combined %v, the single run %v", got, want)
	}
}
