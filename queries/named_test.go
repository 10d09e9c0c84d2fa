package queries_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reconcile/reconcile/internal/store"
	"github.com/reconcile/reconcile/queries"
)

// The named queries the README lists; more may come.
var wantNamed = []string{"account_events", "account_totals", "category_totals", "daily_expected_vs_charged",
	"month_summary", "rejects_by_reason", "runs", "top_overcharged_accounts"}

// fixedRows are the queries whose answer has a fixed shape, rows of zeros
// on an empty database: one row of totals, one row per category.
var fixedRows = map[string]int{"month_summary": 1, "category_totals": 8}

// sample gives a parameter without a default a value to run with.
var sample = map[string]string{"period": "2026-10", "account": "acct-1"}

// TestNamedRunOnEmptyDatabase parses every embedded named query and runs it,
// as `reconcile sql --query` does (read-only, no file access), on a database
// that holds only the schema: with defaults, and with each period empty.
func TestNamedRunOnEmptyDatabase(t *testing.T) {
	ro := emptyDB(t)
	list := queries.NamedList()
	for _, name := range wantNamed {
		if _, ok := queries.Named(name); !ok {
			t.Errorf("no named query %s", name)
		}
	}
	for _, q := range list {
		t.Run(q.Name, func(t *testing.T) {
			if q.Description == "" {
				t.Error("no description")
			}
			values := map[string]string{}
			for _, p := range q.Params {
				if p.Help == "" {
					t.Errorf("param %s: no help", p.Name)
				}
				if !p.HasDefault {
					v, ok := sample[p.Name]
					if !ok {
						t.Fatalf("param %s has no default; give it a sample value in this test", p.Name)
					}
					values[p.Name] = v
				}
			}
			runNamed(t, ro, q, values)
			if _, ok := q.Param("period"); ok {
				values["period"] = ""
				runNamed(t, ro, q, values)
			}
		})
	}
}

// TestNamedBadValue checks that a value a query cannot use stops it with a
// message naming the parameter, even when there is no row to look at.
func TestNamedBadValue(t *testing.T) {
	ro := emptyDB(t)
	for _, q := range queries.NamedList() {
		for _, bad := range []struct{ param, value string }{
			{"period", "2026-13"}, {"period", "October"}, {"limit", "-1"}, {"limit", "ten"}, {"run", "no-such-run"},
		} {
			if _, ok := q.Param(bad.param); !ok {
				continue
			}
			values := map[string]string{"account": "acct-1", "period": "2026-10"}
			values[bad.param] = bad.value
			_, err := query(ro, q, values)
			want := "--param " + bad.param + "=" + bad.value + ":"
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%s with %s=%q: got error %v, want one containing %q", q.Name, bad.param, bad.value, err, want)
			}
		}
	}
}

func TestParseNamed(t *testing.T) {
	q, err := queries.ParseNamed("x", "-- description: one\n--   two\n-- param: a the a\n--   more\n-- param: b=7 the b\n-- param: c= may be empty\nSELECT $a, $b, $c, '$d' -- $e\n")
	if err != nil {
		t.Fatal(err)
	}
	want := []queries.Param{
		{Name: "a", Help: "the a more"},
		{Name: "b", Default: "7", HasDefault: true, Help: "the b"},
		{Name: "c", Default: "", HasDefault: true, Help: "may be empty"},
	}
	if q.Description != "one two" {
		t.Errorf("description = %q, want %q", q.Description, "one two")
	}
	if len(q.Params) != len(want) {
		t.Fatalf("params = %+v, want %+v", q.Params, want)
	}
	for i := range want {
		if q.Params[i] != want[i] {
			t.Errorf("param %d = %+v, want %+v", i, q.Params[i], want[i])
		}
	}

	bad := []struct{ name, text, want string }{
		{"no description", "-- param: a x\nSELECT $a", "no -- description"},
		{"undeclared", "-- description: d\nSELECT $a", "declares no such parameter"},
		{"unused", "-- description: d\n-- param: a x\nSELECT 1", "never uses $a"},
		{"twice", "-- description: d\n-- param: a x\n-- param: a y\nSELECT $a", "declared twice"},
		{"bad param line", "-- description: d\n-- param: A x\nSELECT 1", "want -- param"},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			_, err := queries.ParseNamed("x", c.text)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want an error containing %q", err, c.want)
			}
		})
	}
}

func emptyDB(t *testing.T) *store.Store {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "empty.duckdb")
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	ro, err := store.OpenReadOnly(ctx, path, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ro.Close() })
	return ro
}

func runNamed(t *testing.T, st *store.Store, q queries.NamedQuery, values map[string]string) {
	t.Helper()
	n, err := query(st, q, values)
	if err != nil {
		t.Fatalf("with %v: %v", values, err)
	}
	if n != fixedRows[q.Name] {
		t.Errorf("with %v: %d rows from an empty database, want %d", values, n, fixedRows[q.Name])
	}
}

// query runs q with values (defaults filling the rest) and counts its rows.
func query(st *store.Store, q queries.NamedQuery, values map[string]string) (int, error) {
	var args []any
	for _, p := range q.Params {
		v, ok := values[p.Name]
		if !ok {
			v = p.Default
		}
		args = append(args, sql.Named(p.Name, v))
	}
	rows, err := st.DB.QueryContext(context.Background(), q.SQL, args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
	}
	return n, rows.Err()
}

// TestTopOvercharged pins what top_overcharged_accounts counts: a finding
// reported again by a later run counts once; an event the latest run judged
// clean counts nothing; an event both overcharged and charged twice counts
// once; a month outside the period not at all.
func TestTopOvercharged(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "r.duckdb")
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	setup := []string{
		// r1 priced every event, without a window; r2 reconciled October again.
		`INSERT INTO runs (run_id, started_at, status, inputs, pricebook_source, pricebook_hash, charge_source,
		                   tolerance, rows_read, priced, rejected, duplicates, discrepancies, reconcile_version,
		                   window_from, window_to, seq)
		 VALUES ('r1', '2026-11-01 10:00:00', 'succeeded', [], 'embedded', 'h', 'inline', 0.01, 0, 0, 0, 0, 0, 'dev', NULL, NULL, 1),
		        ('r2', '2026-11-02 10:00:00', 'succeeded', [], 'embedded', 'h', 'ledger', 0.01, 0, 0, 0, 0, 0, 'dev',
		         '2026-10-01', '2026-11-01', 2)`,
		// usage_entries is a view over these three (schema.sql).
		`INSERT INTO usage_batches VALUES (0, 'r1', 'a.csv', 'usage', NULL)`,
		`INSERT INTO usage_prices VALUES (0, 'edit_image', NULL, NULL, 'none', false, 1, 0, 0, 0, 0, 1, 1, 0, 'v1', 'h')`,
		`INSERT INTO usage_rows (event_id, video_id, account_id, created_at, row_number, batch_id, price_id)
		 SELECT event_id, 'v', account_id, created_at::TIMESTAMP, row_number() OVER (), 0, 0
		 FROM (VALUES ('e1', 'acct-a', '2026-10-05 10:00:00'), ('e2', 'acct-b', '2026-10-06 10:00:00'),
		              ('e3', 'acct-a', '2026-09-30 10:00:00'), ('e4', 'acct-b', '2026-10-07 10:00:00')) t(event_id, account_id, created_at)`,
		`INSERT INTO discrepancies (event_id, account_id, category, expected_credits, diff_credits,
		                            expected_video_minutes, detail, run_id, source_file, row_number)
		 VALUES ('e1', 'acct-a', 'overcharged', 1, 5.00, 0, '', 'r1', 'a.csv', 1),
		        ('e2', 'acct-b', 'overcharged', 1, 2.00, 0, '', 'r1', 'a.csv', 2),
		        ('e3', 'acct-a', 'overcharged', 1, 7.00, 0, '', 'r1', 'a.csv', 3),
		        ('e1', 'acct-a', 'duplicate_event', 0, 20.00, 0, '', 'r1', 'b.csv', 3),
		        ('e1', 'acct-a', 'overcharged', 1, 5.00, 0, '', 'r2', 'a.csv', 1),
		        ('e1', 'acct-a', 'duplicate_event', 0, 20.00, 0, '', 'r2', 'b.csv', 3),
		        ('e4', 'acct-b', 'overcharged', 1, 10.00, 0, '', 'r2', 'a.csv', 4),
		        ('e4', 'acct-b', 'duplicate_charge', 1, 10.00, 0, '', 'r2', 'a.csv', 4)`,
	}
	for _, s := range setup {
		if _, err := st.DB.ExecContext(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	ro, err := store.OpenReadOnly(ctx, path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	q, _ := queries.Named("top_overcharged_accounts")
	cases := []struct {
		period, limit string
		want          []string
	}{
		{"2026-10", "10", []string{"acct-a 1 5.00 1 20.00 25.00", "acct-b 1 10.00 0 0.00 10.00"}},
		{"", "10", []string{"acct-a 2 12.00 1 20.00 32.00", "acct-b 1 10.00 0 0.00 10.00"}},
		{"", "1", []string{"acct-a 2 12.00 1 20.00 32.00"}},
		{"2026-08", "10", nil},
	}
	for _, c := range cases {
		rows, err := ro.DB.QueryContext(ctx, "SELECT concat_ws(' ', *COLUMNS(*)) FROM ("+q.SQL+")",
			sql.Named("period", c.period), sql.Named("limit", c.limit))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			got = append(got, s)
		}
		rows.Close()
		if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("period %q limit %s:\ngot  %q\nwant %q", c.period, c.limit, got, c.want)
		}
	}
}
