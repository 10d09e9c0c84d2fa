package job

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/reconcile/reconcile/internal/report"
	"github.com/reconcile/reconcile/internal/store"
	"github.com/reconcile/reconcile/queries"
)

// snapshot records what this --period run reports as its close of period
// (close_snapshots, close_categories, close_accounts; queries/
// close_snapshot.sql), from the same queries as the reports, and returns
// the mark its Summary shows. Run after the findings, before the reports.
func (r *runner) snapshot(ctx context.Context, period string, m matched) (*report.CloseMark, error) {
	// first, while the month's current close is still the one before
	bridge, err := r.bridge(ctx, period)
	if err != nil {
		return nil, fmt.Errorf("close %s: %w", period, err)
	}
	q, err := queries.CloseSnapshot.Fill(map[string]any{
		"Totals": queries.ReportTotals.Text, "Categories": queries.ReportCategories.Text, "Accounts": queries.ReportAccounts.Text,
		"Days": queries.ReportDays.Text, "Sources": queries.ReportSources.Text,
	})
	if err != nil {
		return nil, err
	}
	// rc_close takes the parameters; the rest read it
	if err := r.execParams(ctx, q, r.runID, period, r.cfg.now(), m.events, m.credits.StringFixed(2)); err != nil {
		return nil, fmt.Errorf("close %s: %w", period, err)
	}
	late, err := queries.CloseLate.Fill(map[string]any{"Late": queries.ReportLate.Text})
	if err != nil {
		return nil, err
	}
	if err := r.exec(ctx, late, r.runID); err != nil {
		return nil, fmt.Errorf("close %s: %w", period, err)
	}
	if err := r.exec(ctx, queries.CloseSign); err != nil {
		return nil, fmt.Errorf("close %s: %w", period, err)
	}
	mark := &report.CloseMark{ID: r.runID, Period: period, Bridge: bridge}
	if err := r.conn.QueryRowContext(ctx, queries.CloseHash.Text, r.runID).Scan(&mark.FiguresHash); err != nil {
		return nil, fmt.Errorf("close %s: %w", period, err)
	}
	if err := r.exec(ctx, queries.CloseAdjust); err != nil {
		return nil, fmt.Errorf("close %s: %w", period, err)
	}
	if mark.Adjustments, err = collect(ctx, r.conn, queries.AdjustmentsOf, []any{r.runID}, scanAdjustment); err != nil {
		return nil, fmt.Errorf("close %s: %w", period, err)
	}
	return mark, nil
}

// bridge records, for a re-close, the bridge from the month's close before
// to this run's figures (the named query bridge, before this run's close
// is recorded, so that its current close is the one before) in
// close_bridge, and returns it; nil for a month's first close. At 10M
// events it costs a re-close about as long as reconcile bridge takes.
func (r *runner) bridge(ctx context.Context, period string) (*report.Bridge, error) {
	var from string
	err := r.conn.QueryRowContext(ctx, queries.CurrentClose.Text, period).Scan(&from)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil // the month's first close: nothing to bridge from
	}
	if err != nil {
		return nil, fmt.Errorf("bridge: the close before: %w", err)
	}
	q, ok := queries.Named("bridge")
	if !ok {
		return nil, fmt.Errorf("no named query bridge")
	}
	rows, err := r.conn.QueryContext(ctx, q.SQL, sql.Named("period", period), sql.Named("close", from), sql.Named("account", ""))
	if err != nil {
		return nil, fmt.Errorf("bridge: %w", err)
	}
	var lines []report.BridgeLine
	for rows.Next() {
		var l report.BridgeLine
		var exp, chg, net store.Decimal
		if err := rows.Scan(&l.Line, &l.Events, &exp, &chg, &net, &l.ExpectedMinutes, &l.ChargedMinutes); err != nil {
			rows.Close()
			return nil, fmt.Errorf("bridge: %w", err)
		}
		l.ExpectedCredits, l.ChargedCredits, l.NetCredits = exp.Decimal, chg.Decimal, net.Decimal
		lines = append(lines, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("bridge: %w", err)
	}
	rows.Close()
	for i, l := range lines {
		_, err := r.conn.ExecContext(ctx, queries.InsertBridge.Text, r.runID, from, i+1, l.Line, l.Events,
			l.ExpectedCredits.StringFixed(2), l.ChargedCredits.StringFixed(2), l.NetCredits.StringFixed(2),
			l.ExpectedMinutes, l.ChargedMinutes)
		if err != nil {
			return nil, fmt.Errorf("bridge: %w", err)
		}
	}
	return &report.Bridge{From: from, Lines: lines}, nil
}

// scanAdjustment reads a line of what a close handed billing
// (adjustments_of).
func scanAdjustment(rows *sql.Rows) (report.Adjustment, error) {
	var a report.Adjustment
	var amount, before store.Decimal
	err := rows.Scan(&a.Period, &a.AccountID, &a.Direction, &amount, &before, &a.Events, &a.Categories, &a.Key)
	a.Amount, a.AdjustedBefore = amount.Decimal, before.Decimal
	return a, err
}
