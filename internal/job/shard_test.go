package job

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/reconcile/reconcile/internal/gen"
)

// TestShardsUnion runs a generated month with its ledger once, and again
// as four shards into four databases, and checks that the union of the
// shards' rows equals the single run's, row for row.
func TestShardsUnion(t *testing.T) {
	dir := t.TempDir()
	c := gen.Config{Events: 3000, Accounts: 60, Seed: 7, ErrorRate: 0.05, Month: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)}
	logs := filepath.Join(dir, "logs.csv")
	ledger := filepath.Join(dir, "ledger.csv")
	for path, write := range map[string]func(f *os.File) error{
		logs:   func(f *os.File) error { _, err := gen.WriteCSV(f, c); return err },
		ledger: func(f *os.File) error { _, err := gen.WriteLedger(f, c); return err },
	} {
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := write(f); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	// Rows of every outcome, and one that is not CSV (shard 0's).
	bad, err := os.ReadFile(logs)
	if err != nil {
		t.Fatal(err)
	}
	bad = append(bad, "x1,v1,acct-x,yesterday,render,stock,,,,60000,,0.00,1\nx2,too,few\n"...)
	if err := os.WriteFile(logs, bad, 0o644); err != nil {
		t.Fatal(err)
	}

	tables := map[string]string{
		"priced_usage":  "SELECT COLUMNS(* EXCLUDE (run_id))::VARCHAR FROM priced_usage",
		"discrepancies": "SELECT COLUMNS(* EXCLUDE (run_id))::VARCHAR FROM discrepancies",
		"rejects":       "SELECT COLUMNS(* EXCLUDE (run_id))::VARCHAR FROM rejects",
		"ledger":        "SELECT COLUMNS(* EXCLUDE (run_id))::VARCHAR FROM ledger",
	}
	single := closeMonth(t, logs, ledger, nil)
	var shards []Config
	for i := range 4 {
		shards = append(shards, closeMonth(t, logs, ledger, &Shard{Index: i, Count: 4}))
	}
	for name, q := range tables {
		want := sortedRows(t, single.DBPath, q)
		var got []string
		for _, s := range shards {
			got = append(got, sortedRows(t, s.DBPath, q)...)
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s: the shards hold %d rows, the single run %d; first difference:\n%s", name, len(got), len(want), firstDiff(got, want))
		}
		if len(want) == 0 {
			t.Errorf("%s: no rows to compare", name)
		}
	}
}

// closeMonth closes October of logs against ledger, as shard (nil: all
// of it), into a database of its own.
func closeMonth(t *testing.T, logs, ledger string, shard *Shard) Config {
	t.Helper()
	cfg := config(t, logs)
	cfg.Ledgers = []string{ledger}
	w, _ := PeriodWindow("2026-10")
	cfg.Window = &w
	cfg.Shard = shard
	res, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatalf("shard %v: %v", shard, err)
	}
	if shard != nil && res.Counts.OtherShards == 0 {
		t.Errorf("shard %v left no rows to other shards", shard)
	}
	return cfg
}

// sortedRows runs q on the database at path and returns its rows as
// text, sorted.
func sortedRows(t *testing.T, path, q string) []string {
	t.Helper()
	db := openRO(t, path)
	defer db.Close()
	var out []string
	for _, r := range query(t, db, q) {
		out = append(out, strings.Join(r, "|"))
	}
	slices.Sort(out)
	return out
}

func firstDiff(a, b []string) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return "shards: " + a[i] + "\nsingle: " + b[i]
		}
	}
	return "(one is a prefix of the other)"
}
