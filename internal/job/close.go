package job

import (
	"context"
	"fmt"

	"github.com/reconcile/reconcile/internal/report"
	"github.com/reconcile/reconcile/queries"
)

// snapshot records what this --period run reports as its close of period
// (close_snapshots, close_categories, close_accounts; queries/
// close_snapshot.sql), from the same queries as the reports, and returns
// the mark its Summary shows. Run after the findings, before the reports.
func (r *runner) snapshot(ctx context.Context, period string, m matched) (*report.CloseMark, error) {
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
	mark := &report.CloseMark{ID: r.runID, Period: period}
	if err := r.conn.QueryRowContext(ctx, queries.CloseHash.Text, r.runID).Scan(&mark.FiguresHash); err != nil {
		return nil, fmt.Errorf("close %s: %w", period, err)
	}
	return mark, nil
}
