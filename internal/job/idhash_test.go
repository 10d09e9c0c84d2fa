package job

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reconcile/reconcile/internal/gen"
	"github.com/reconcile/reconcile/queries"
)

// TestIDHashCollisions runs the same inputs twice, the second time with
// rc_id_hash giving every event id one of five numbers, so that nearly
// every row's id shares its number with a repeated id and insert_priced
// sets apart rows that are events. The two databases must hold the same
// events, duplicates, discrepancies and rejects: dup_rows puts such rows
// back by their ids.
func TestIDHashCollisions(t *testing.T) {
	gp := filepath.Join(t.TempDir(), "gen.csv")
	genMonth := gen.Config{Events: 2000, Accounts: 20, Seed: 7, ErrorRate: 0.05, Month: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)}
	writeGenerated(t, gp, func(f *os.File) error { _, err := gen.WriteCSV(f, genMonth); return err })
	row := func(id, dur string) string {
		return id + ",v1,acct-1,2026-10-01T10:00:00Z,render,stock,,,," + dur + ",,0.00,1\n"
	}
	first := write(t, "a.csv", month)
	second := write(t, "b.csv", header+row("e1", "60000")+row("e2", "abc")+row("e2", "60000")+
		row("e9", "60000")+row("e10", "60000")+row("e9", "61000"))

	runAll := func(collide bool) (string, []string) {
		t.Helper()
		if collide {
			prepared = func(ctx context.Context, conn *sql.Conn) error {
				_, err := conn.ExecContext(ctx, queries.IDHashCollisions.Text)
				return err
			}
			defer func() { prepared = nil }()
		}
		cfg := config(t, first, gp)
		var ids []string
		for _, in := range [][]string{{first, gp}, {second}} {
			cfg.Inputs = in
			res, err := Run(context.Background(), cfg)
			if err != nil {
				t.Fatalf("collide=%v: %v", collide, err)
			}
			ids = append(ids, res.RunID)
		}
		return outcome(t, cfg.DBPath, ids), ids
	}
	plain, _ := runAll(false)
	collided, _ := runAll(true)
	if plain != collided {
		t.Errorf("ids sharing a number changed the outcome:\nplain:\n%s\ncollided:\n%s", head(plain), head(collided))
	}
	if !strings.Contains(plain, "discrepancies|duplicate_event|") {
		t.Error("the inputs have no duplicate_event: the test checks nothing")
	}
}

// outcome is what the runs stored, with their run ids replaced by their
// order, for comparing two databases.
func outcome(t *testing.T, path string, runIDs []string) string {
	t.Helper()
	db := openRO(t, path)
	defer db.Close()
	var b strings.Builder
	for _, q := range []string{
		"SELECT 'priced_usage', event_id, source_file, row_number, expected_credits, run_id FROM priced_usage",
		"SELECT 'discrepancies', category, event_id, source_file, row_number, conflicting, detail, run_id FROM discrepancies",
		"SELECT 'rejects', source_file, row_number, reason FROM rejects",
		"SELECT 'batches', source_file, entry, run_id, count(*) FROM usage_batches b LEFT JOIN usage_rows u USING (batch_id) GROUP BY ALL",
	} {
		for _, r := range query(t, db, "SELECT COLUMNS(*)::VARCHAR FROM ("+q+") ORDER BY ALL") {
			b.WriteString(strings.Join(r, "|") + "\n")
		}
	}
	s := b.String()
	for i, id := range runIDs {
		s = strings.ReplaceAll(s, id, "run"+string(rune('A'+i)))
	}
	return s
}

func head(s string) string {
	if len(s) > 4000 {
		return s[:4000] + "…"
	}
	return s
}
