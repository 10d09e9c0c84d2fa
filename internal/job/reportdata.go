package job

import (
	"context"
	"database/sql"
	"fmt"
	"iter"
	"strings"

	"github.com/reconcile/reconcile/internal/report"
	"github.com/reconcile/reconcile/internal/store"
	"github.com/reconcile/reconcile/queries"
)

// reportData reads what the run's reports show, inside the run's
// transaction.
func (r *runner) reportData(ctx context.Context, c Counts) (report.Data, error) {
	s := report.Summary{
		RunID:         r.runID,
		Started:       r.started,
		Finished:      r.cfg.now(),
		PriceBook:     r.cfg.BookSource,
		PriceBookHash: r.hash,
		Period:        "every event this run read",
		ChargeSource:  chargeSource,
		Tolerance:     r.cfg.Tolerance,
		RowsRead:      c.RowsRead,
		Priced:        c.Priced,
		Rejected:      c.Rejected,
		Duplicates:    c.Duplicates,
	}
	for _, f := range r.files {
		s.Inputs = append(s.Inputs, f.Path)
	}
	var exp, chg store.Decimal
	var versions string
	err := r.conn.QueryRowContext(ctx, queries.Get("report_totals"), r.runID).
		Scan(&exp, &chg, &s.ExpectedMinutes, &s.ChargedMinutes, &versions)
	if err != nil {
		return report.Data{}, fmt.Errorf("report totals: %w", err)
	}
	s.ExpectedCredits, s.ChargedCredits = exp.Decimal, chg.Decimal
	s.DiffCredits = chg.Sub(exp.Decimal)
	if versions != "" {
		s.Versions = strings.Split(versions, ", ")
	}
	rows, err := r.conn.QueryContext(ctx, queries.Get("report_categories"), r.runID)
	if err != nil {
		return report.Data{}, fmt.Errorf("report categories: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var ct report.CategoryTotal
		var amount store.Decimal
		var minutes int64
		if err := rows.Scan(&ct.Category, &ct.Count, &amount, &minutes); err != nil {
			return report.Data{}, fmt.Errorf("report categories: %w", err)
		}
		ct.Amount, ct.Minutes = amount.Decimal, minutes
		s.Categories = append(s.Categories, ct)
	}
	if err := rows.Err(); err != nil {
		return report.Data{}, fmt.Errorf("report categories: %w", err)
	}
	return report.Data{
		Summary:       s,
		Discrepancies: scanRows(ctx, r.conn, "report_discrepancies", r.runID, scanDiscrepancy),
		Accounts:      scanRows(ctx, r.conn, "report_accounts", r.runID, scanAccount),
		Rejects:       scanRows(ctx, r.conn, "report_rejects", r.runID, scanReject),
	}, nil
}

// scanRows runs a named query when the sequence is read and yields its rows.
func scanRows[T any](ctx context.Context, conn *sql.Conn, name string, runID string, scan func(*sql.Rows) (T, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		rows, err := conn.QueryContext(ctx, queries.Get(name), runID)
		if err != nil {
			yield(zero, fmt.Errorf("%s: %w", name, err))
			return
		}
		defer rows.Close()
		for rows.Next() {
			v, err := scan(rows)
			if err != nil {
				yield(zero, fmt.Errorf("%s: %w", name, err))
				return
			}
			if !yield(v, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(zero, fmt.Errorf("%s: %w", name, err))
		}
	}
}

func scanDiscrepancy(rows *sql.Rows) (report.Discrepancy, error) {
	var d report.Discrepancy
	var created sql.NullTime
	var exp, chg, diff store.Decimal
	var chgMin sql.NullInt64
	err := rows.Scan(&d.EventID, &d.AccountID, &created, &d.Category, &exp, &chg, &diff,
		&d.ExpectedMinutes, &chgMin, &d.Detail, &d.SourceFile, &d.RowNumber)
	if err != nil {
		return d, err
	}
	if created.Valid {
		d.CreatedAt = created.Time.UTC()
	}
	d.ExpectedCredits, d.ChargedCredits, d.DiffCredits = exp.Decimal, chg.Ptr(), diff.Decimal
	if chgMin.Valid {
		d.ChargedMinutes = &chgMin.Int64
	}
	return d, nil
}

func scanAccount(rows *sql.Rows) (report.Account, error) {
	var a report.Account
	var exp, chg, diff, refund, rebill store.Decimal
	err := rows.Scan(&a.AccountID, &a.Events, &exp, &chg, &diff, &a.ExpectedMinutes, &a.ChargedMinutes,
		&refund, &rebill, &a.Discrepancies)
	a.ExpectedCredits, a.ChargedCredits, a.DiffCredits = exp.Decimal, chg.Decimal, diff.Decimal
	a.ToRefund, a.ToRebill = refund.Decimal, rebill.Decimal
	return a, err
}

func scanReject(rows *sql.Rows) (report.Reject, error) {
	var j report.Reject
	var eventID sql.NullString
	err := rows.Scan(&j.SourceFile, &j.RowNumber, &eventID, &j.Reason, &j.Message, &j.Raw)
	j.EventID = eventID.String
	return j, err
}
