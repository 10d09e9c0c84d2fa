package job

import (
	"context"
	"database/sql"
	"fmt"
	"github.com/shopspring/decimal"
	"iter"
	"strings"

	"github.com/reconcile/reconcile/internal/report"
	"github.com/reconcile/reconcile/internal/store"
	"github.com/reconcile/reconcile/queries"
)

// writeReports writes the run's reports into a fresh staging folder beside
// the report folder, and returns the folder and the reports' Summary.
func (r *runner) writeReports(ctx context.Context, c Counts, sources []report.SourceCount, m matched, closed *report.CloseMark, pats []report.Pattern) (string, *report.Summary, error) {
	stage, err := newStaging(r.cfg.OutDir)
	if err != nil {
		return "", nil, err
	}
	data, err := r.reportData(ctx, c, sources)
	if err != nil {
		return stage, nil, err
	}
	data.Summary.OrphansResolved, data.Summary.OrphansResolvedCredits = m.events, m.credits
	data.Summary.Close = closed
	data.Summary.Patterns = pats
	if r.cfg.combined {
		if data.Summary.Shards, err = r.shardLines(ctx); err != nil {
			return stage, nil, err
		}
	}
	if _, err := report.Write(stage, data); err != nil {
		return stage, nil, err
	}
	return stage, &data.Summary, nil
}

// reportData reads what the run's reports show, inside the run's
// transaction: the scope (rc_scope) and the findings (rc_findings).
func (r *runner) reportData(ctx context.Context, c Counts, sources []report.SourceCount) (report.Data, error) {
	s := report.Summary{
		RunID:          r.runID,
		Started:        r.started,
		Finished:       r.cfg.now(),
		PriceBook:      r.cfg.BookSource,
		PriceBookHash:  r.hash,
		Period:         r.cfg.Window.String(),
		ChargeSource:   chargeSource(sources),
		Tolerance:      r.cfg.Tolerance,
		RelTolerance:   r.cfg.RelTolerance,
		RowsRead:       c.RowsRead,
		Priced:         c.Priced,
		Rejected:       c.Rejected,
		Duplicates:     c.Duplicates,
		LateEvents:     c.Late,
		LedgerRows:     c.LedgerRows,
		LedgerTaken:    c.LedgerTaken,
		LedgerRejected: c.LedgerRejected,
	}
	if w := r.cfg.Window; w != nil {
		s.From, s.To, s.Month = w.From, w.To, w.Period
	}
	for _, f := range r.in.files {
		s.Inputs = append(s.Inputs, f.Path)
	}
	for _, f := range r.in.ledgers {
		s.Ledgers = append(s.Ledgers, f.Path)
	}
	var exp, chg, refund, rebill, refundWithin, rebillWithin, orphans, dups, leakage store.Decimal
	var versions string
	err := r.conn.QueryRowContext(ctx, queries.ReportTotals.Text).
		Scan(&exp, &chg, &s.ExpectedMinutes, &s.ChargedMinutes, &versions, &s.Events,
			&refund, &rebill, &refundWithin, &rebillWithin, &orphans, &s.OrphanMinutes,
			&dups, &s.DuplicateMinutes, &leakage, &s.Discrepancies, &s.EventsWithFindings)
	if err != nil {
		return report.Data{}, fmt.Errorf("report totals: %w", err)
	}
	s.ExpectedCredits, s.ChargedCredits = exp.Decimal, chg.Decimal
	s.DiffCredits = chg.Sub(exp.Decimal)
	s.ToRefund, s.ToRebill = refund.Decimal, rebill.Decimal
	s.RefundWithinTolerance, s.RebillWithinTolerance = refundWithin.Decimal, rebillWithin.Decimal
	s.OrphanCredits, s.DuplicateCredits, s.Leakage = orphans.Decimal, dups.Decimal, leakage.Decimal
	s.ChargeSources = sources
	if versions != "" {
		s.Versions = strings.Split(versions, ", ")
	}
	if s.Categories, err = collect(ctx, r.conn, queries.ReportCategories, nil, scanCategory); err != nil {
		return report.Data{}, err
	}
	if s.RejectReasons, err = collect(ctx, r.conn, queries.ReportRejectReasons, []any{r.runID}, scanReasonCount); err != nil {
		return report.Data{}, err
	}
	return report.Data{
		Summary:       s,
		Days:          scanRows(ctx, r.conn, queries.ReportDays, nil, scanDay),
		Discrepancies: scanRows(ctx, r.conn, queries.ReportDiscrepancies, nil, scanDiscrepancy),
		Accounts:      scanRows(ctx, r.conn, queries.ReportAccounts, nil, scanAccount),
		Late:          scanRows(ctx, r.conn, queries.ReportLate, []any{r.runID}, scanLate),
		Rejects:       scanRows(ctx, r.conn, queries.ReportRejects, []any{r.runID}, scanReject),
	}, nil
}

// matched is what the report's events matched of the orphan charges
// earlier runs listed: the events have arrived since, and are reconciled
// against those ledger rows.
type matched struct {
	events  int64
	credits decimal.Decimal
}

// matchedOrphans reads matched, once for the close and the reports. Most
// databases have no earlier orphans, and then the scope is not read again.
func (r *runner) matchedOrphans(ctx context.Context) (matched, error) {
	var m matched
	n, err := r.count(ctx, queries.EarlierOrphans, r.runID)
	if err != nil || n == 0 {
		return m, err
	}
	var credits store.Decimal
	if err := r.conn.QueryRowContext(ctx, queries.ReportResolved.Text, r.runID).Scan(&m.events, &credits); err != nil {
		return m, fmt.Errorf("resolved orphans: %w", err)
	}
	m.credits = credits.Decimal
	return m, nil
}

// collect runs a named query and returns its rows, for a list held whole.
func collect[T any](ctx context.Context, conn *sql.Conn, q queries.Query, args []any, scan func(*sql.Rows) (T, error)) ([]T, error) {
	var out []T
	for v, err := range scanRows(ctx, conn, q, args, scan) {
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// scanRows runs a named query when the sequence is read and yields its rows.
func scanRows[T any](ctx context.Context, conn *sql.Conn, q queries.Query, args []any, scan func(*sql.Rows) (T, error)) iter.Seq2[T, error] {
	name := q.Name
	return func(yield func(T, error) bool) {
		var zero T
		rows, err := conn.QueryContext(ctx, q.Text, args...)
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
