package job

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/duckdb/duckdb-go/v2"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/reconcile/reconcile/internal/gen"
	"github.com/reconcile/reconcile/queries"
)

// TestOneTruth closes a month against its ledger (the shipped fixtures,
// and a generated month) and reproduces every figure of its reports with
// the named query that README "Month close" documents for it, on the
// database alone: accounts.csv and the Accounts sheet with account_totals,
// daily.csv and the Daily sheet with daily_expected_vs_charged, the
// Summary's totals with month_summary and its category table with
// category_totals. The queries read current_usage and findings_latest,
// not what the run computed, so a report figure that takes another charge
// than the database shows fails here.
func TestOneTruth(t *testing.T) {
	generated := func(t *testing.T) (string, string) {
		dir := t.TempDir()
		month := gen.Config{Events: 20_000, Accounts: 60, Seed: 7, ErrorRate: 0.04,
			Month: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)}
		logs, ledger := filepath.Join(dir, "month.csv"), filepath.Join(dir, "ledger.csv")
		writeGenerated(t, logs, func(f *os.File) error { _, err := gen.WriteCSV(f, month); return err })
		writeGenerated(t, ledger, func(f *os.File) error { _, err := gen.WriteLedger(f, month); return err })
		return logs, ledger
	}
	for _, c := range []struct {
		name   string
		inputs func(t *testing.T) (logs, ledger string)
	}{
		{"shipped", func(*testing.T) (string, string) { return "../../fixtures/render_logs", "../../fixtures/ledger" }},
		{"generated", generated},
	} {
		t.Run(c.name, func(t *testing.T) {
			logs, ledger := c.inputs(t)
			cfg := config(t, logs)
			cfg.Ledgers = []string{ledger}
			w, _ := PeriodWindow("2026-10")
			cfg.Window = &w
			res, err := Run(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			db := openRO(t, cfg.DBPath)
			book := filepath.Join(cfg.OutDir, "reconciliation.xlsx")

			accounts := named(t, db, "account_totals")
			sameTable(t, "accounts.csv", readCSV(t, filepath.Join(cfg.OutDir, "accounts.csv")), accounts)
			sameTable(t, "Accounts sheet", sheetRows(t, book, "Accounts"), accounts)

			// daily.csv has the day's discrepancies where the query has the
			// minutes' difference: the first seven columns are the same.
			// The query calls its first column day, the reports date.
			daily := columns(named(t, db, "daily_expected_vs_charged"), 7)
			daily[0][0] = "date"
			sameTable(t, "daily.csv", columns(readCSV(t, filepath.Join(cfg.OutDir, "daily.csv")), 7), daily)
			sameTable(t, "Daily sheet", serialDates(columns(dropTotal(sheetRows(t, book, "Daily")), 7)), daily)

			s := res.Summary
			sum := named(t, db, "month_summary")
			row := map[string]string{}
			for i, name := range sum[0] {
				row[name] = sum[1][i]
			}
			for _, f := range []struct {
				name string
				got  decimal.Decimal
			}{
				{"events", decimal.NewFromInt(s.Events)},
				{"expected_credits", s.ExpectedCredits},
				{"charged_credits", s.ChargedCredits},
				{"net_credits", s.DiffCredits},
				{"to_refund", s.ToRefund},
				{"to_rebill", s.ToRebill},
				{"refund_within_tolerance", s.RefundWithinTolerance},
				{"rebill_within_tolerance", s.RebillWithinTolerance},
				{"leakage", s.Leakage},
				{"expected_video_minutes", decimal.NewFromInt(s.ExpectedMinutes)},
				{"charged_video_minutes", decimal.NewFromInt(s.ChargedMinutes)},
				{"discrepancies", decimal.NewFromInt(s.Discrepancies)},
				{"orphan_credits", s.OrphanCredits},
				{"duplicate_credits", s.DuplicateCredits},
			} {
				if want := decimal.RequireFromString(row[f.name]); !f.got.Equal(want) {
					t.Errorf("Summary %s = %s; month_summary says %s", f.name, f.got, want)
				}
			}
			if !s.ToRefund.Sub(s.ToRebill).Equal(s.DiffCredits) {
				t.Errorf("to_refund %s − to_rebill %s ≠ net %s", s.ToRefund, s.ToRebill, s.DiffCredits)
			}
			// The Summary's charged is the month's events in current_usage
			// plus the orphan charges (and, inline only, duplicate rows).
			direct := query(t, db, `SELECT (SELECT sum(charged_credits) FROM current_usage
				WHERE created_at >= '2026-10-01' AND created_at < '2026-11-01')::VARCHAR`)[0][0]
			if got := decimal.RequireFromString(direct).Add(s.OrphanCredits).Add(s.DuplicateCredits); !got.Equal(s.ChargedCredits) {
				t.Errorf("current_usage %s + orphans %s + duplicates %s ≠ Summary charged %s", direct, s.OrphanCredits, s.DuplicateCredits, s.ChargedCredits)
			}

			// The workbook's Summary shows the same money, in column C of
			// its first rows.
			sheet := map[string]string{}
			for _, r := range sheetRows(t, book, "Summary") {
				if len(r) > 2 && r[0] != "" && sheet[r[0]] == "" {
					sheet[r[0]] = r[2]
				}
			}
			for label, name := range map[string]string{
				"expected": "expected_credits", "charged": "charged_credits",
				"net difference (charged − expected)": "net_credits",
				"to refund (owed to customers)":       "to_refund", "to rebill (owed to us)": "to_rebill",
				"leakage (uncharged + undercharged)": "leakage",
			} {
				got, err := decimal.NewFromString(sheet[label])
				if want := decimal.RequireFromString(row[name]); err != nil || !got.Equal(want) {
					t.Errorf("Summary sheet %q = %q; month_summary %s says %s", label, sheet[label], name, want)
				}
			}

			// patterns.csv and the Patterns sheet are the named query
			// patterns (rank and run_id aside); adjustments.csv and the
			// Adjustments sheet are close_adjustments (the note aside).
			pats := named(t, db, "patterns", sql.Named("run", res.RunID))
			for i := range pats {
				pats[i] = pats[i][1:8]
			}
			pats[0][6] = "group"
			sameTable(t, "patterns.csv", readCSV(t, filepath.Join(cfg.OutDir, "patterns.csv")), pats)
			sameTable(t, "Patterns sheet", sheetRows(t, book, "Patterns"), pats)
			adj := query(t, db, `SELECT period, account_id, direction, amount::VARCHAR, 'credits' AS currency, adjusted_before::VARCHAR,
				events, categories, idempotency_key FROM close_adjustments WHERE close_id = ? ORDER BY account_id, direction`, res.RunID)
			adj = append([][]string{{"period", "account_id", "direction", "amount", "currency", "adjusted_before",
				"events", "categories", "idempotency_key"}}, adj...)
			sameTable(t, "adjustments.csv", columns(readCSV(t, filepath.Join(cfg.OutDir, "adjustments.csv")), 9), adj)
			sameTable(t, "Adjustments sheet", columns(sheetRows(t, book, "Adjustments"), 9), adj)

			cats := named(t, db, "category_totals")
			if len(cats)-1 != len(s.Categories) {
				t.Fatalf("category_totals has %d rows, the Summary %d", len(cats)-1, len(s.Categories))
			}
			for i, ct := range s.Categories {
				r := cats[i+1]
				if r[0] != ct.Category || r[1] != decimal.NewFromInt(ct.Count).String() ||
					!decimal.RequireFromString(r[2]).Equal(ct.Amount) || r[3] != decimal.NewFromInt(ct.Minutes).String() {
					t.Errorf("Summary %s %d %s %d; category_totals %v", ct.Category, ct.Count, ct.Amount, ct.Minutes, r)
				}
			}
		})
	}
}

// named runs a named query with period=2026-10 (when it has the
// parameter) and params, and returns its header row and rows as text.
func named(t *testing.T, db *sql.DB, name string, params ...any) [][]string {
	t.Helper()
	q, ok := queries.Named(name)
	if !ok {
		t.Fatalf("no named query %s", name)
	}
	if _, ok := q.Param("period"); ok {
		params = append(params, sql.Named("period", "2026-10"))
	}
	rows, err := db.Query(q.SQL, params...)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	out := [][]string{cols}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			switch v := v.(type) {
			case nil:
				row[i] = ""
			case duckdb.Decimal:
				row[i] = decimal.NewFromBigInt(v.Value, -int32(v.Scale)).StringFixed(int32(v.Scale))
			default:
				row[i] = fmt.Sprint(v)
			}
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// sameTable compares a report's rows with a query's, header included:
// numbers as numbers (1.50 = 1.5), text as text, formula-looking text with
// the report's leading quote taken off.
func sameTable(t *testing.T, what string, got, want [][]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s has %d rows; the query %d", what, len(got), len(want))
		return
	}
	bad := 0
	for i := range want {
		if len(got[i]) < len(want[i]) {
			t.Errorf("%s row %d has %d columns; the query %d", what, i, len(got[i]), len(want[i]))
			return
		}
		for j := range want[i] {
			g, w := strings.TrimPrefix(got[i][j], "'"), want[i][j]
			if g == w {
				continue
			}
			gd, err1 := decimal.NewFromString(g)
			wd, err2 := decimal.NewFromString(w)
			if err1 == nil && err2 == nil && gd.Equal(wd) {
				continue
			}
			if bad++; bad <= 5 {
				t.Errorf("%s row %d, %s: %q; the query says %q", what, i, want[0][j], got[i][j], w)
			}
		}
	}
}

// sheetRows reads a sheet of the workbook as raw cell values.
func sheetRows(t *testing.T, path, sheet string) [][]string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// dropTotal drops the Daily sheet's total row: the rows a query returns
// are the days.
func dropTotal(rows [][]string) [][]string {
	if n := len(rows); n > 1 && !strings.HasPrefix(rows[n-1][0], "20") {
		return rows[:n-1]
	}
	return rows
}

// serialDates turns the first column's Excel serial days into dates.
func serialDates(rows [][]string) [][]string {
	for _, r := range rows[1:] {
		if n, err := strconv.ParseFloat(r[0], 64); err == nil {
			if d, err := excelize.ExcelDateToTime(n, false); err == nil {
				r[0] = d.Format("2006-01-02")
			}
		}
	}
	return rows
}

// columns keeps the first n columns of every row.
func columns(rows [][]string, n int) [][]string {
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = r[:min(n, len(r))]
	}
	return out
}
