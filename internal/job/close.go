package job

import (
	"context"
	"fmt"
	"time"

	"github.com/reconcile/reconcile/internal/report"
	"github.com/reconcile/reconcile/queries"
)

// snapshot records what this --period run reports as its close of period
// (close_snapshots, close_categories, close_accounts; queries/
// close_snapshot.sql), from the same queries as the reports, and returns
// the mark its Summary shows. Run after the findings, before the reports.
func (r *runner) snapshot(ctx context.Context, period string) (*report.CloseMark, error) {
	t := time.Now()
	defer func() { r.cfg.log().Debug("step", "query", "close_snapshot", "seconds", time.Since(t).Seconds()) }()
	resolved, credits, err := r.resolved(ctx)
	if err != nil {
		return nil, err
	}
	q, err := queries.CloseSnapshot.Fill(map[string]any{
		"Totals": queries.ReportTotals.Text, "Categories": queries.ReportCategories.Text, "Accounts": queries.ReportAccounts.Text,
		"Days": queries.ReportDays.Text, "Sources": queries.ReportSources.Text,
	})
	if err != nil {
		return nil, err
	}
	for i, stmt := range q.Statements() {
		var args []any
		if i == 0 { // rc_close takes the parameters; the rest read it
			args = []any{r.runID, period, r.cfg.now(), resolved, credits.StringFixed(2)}
		}
		if err := r.statement(ctx, "close_snapshot", i, stmt, args...); err != nil {
			return nil, fmt.Errorf("close %s: %w", period, err)
		}
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
	m := &report.CloseMark{ID: r.runID, Period: period}
	if err := r.conn.QueryRowContext(ctx, queries.CloseHash.Text, r.runID).Scan(&m.FiguresHash); err != nil {
		return nil, fmt.Errorf("close %s: %w", period, err)
	}
	return m, nil
}
