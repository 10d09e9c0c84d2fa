package job

import (
	"bytes"
	"context"
	"fmt"
	"text/template"

	"github.com/reconcile/reconcile/queries"
)

// reconcile records the run's findings (SPEC §6) in discrepancies: its
// duplicate rows, the discrepancies of the events in scope, and orphan
// charges; then it sets apart, in rc_findings, those its report shows.
func (r *runner) reconcile(ctx context.Context) error {
	// Rows that are not CSV have no account: they are shard 0's.
	if count, index := r.cfg.Shard.filter(); count <= 1 || index == 0 {
		if err := r.exec(ctx, "insert_malformed", r.runID); err != nil {
			return err
		}
	}
	from, to := r.cfg.Window.bounds()
	var err error
	if r.ledger, err = r.ledgerMode(ctx); err != nil {
		return err
	}
	if r.dups > 0 {
		if err := r.exec(ctx, "insert_duplicates", r.runID, r.ledger); err != nil {
			return err
		}
	}
	if r.cfg.Window != nil {
		if err := r.exec(ctx, "window_duplicates", r.runID, from, to, r.ledger); err != nil {
			return err
		}
	}
	if err := r.scope(ctx, from, to); err != nil {
		return err
	}
	tol, rel := r.cfg.Tolerance.StringFixed(2), r.cfg.RelTolerance.String()
	if err := r.exec(ctx, "findings", r.runID, tol, rel, r.ledger); err != nil {
		return err
	}
	if r.ledger {
		if err := r.exec(ctx, "orphans", r.runID, from, to); err != nil {
			return err
		}
	}
	return r.exec(ctx, "report_findings", r.runID, from, to)
}

// ledgerMode says whether charges come from the billing ledger: when the
// run read a ledger, or when its window holds ledger charges read before.
// Otherwise they come from the render log's inline columns.
func (r *runner) ledgerMode(ctx context.Context) (bool, error) {
	if len(r.ledgers) > 0 {
		return true, nil
	}
	if r.cfg.Window == nil {
		return false, nil
	}
	n, err := r.count(ctx, "SELECT count(*) FROM (SELECT 1 FROM ledger WHERE charged_at >= $1 AND charged_at < $2 LIMIT 1)",
		r.cfg.Window.From, r.cfg.Window.To)
	if err != nil {
		return false, fmt.Errorf("ledger mode: %w", err)
	}
	return n > 0, nil
}

func (r *runner) chargeSource() string {
	if r.ledger {
		return "billing ledger (the sum of each event's ledger rows)"
	}
	return "inline columns (charged_credits, charged_video_minutes)"
}

var scopeTmpl = template.Must(template.New("scope").Parse(queries.Get("scope")))

// scope defines rc_scope, the events the run reconciles. When no event
// was ever re-rated it reads priced_usage's usage rows directly: the
// current_usage view costs two more passes over the table.
func (r *runner) scope(ctx context.Context, from, to any) error {
	corrected, err := r.count(ctx, "SELECT count(*) FROM (SELECT 1 FROM priced_usage WHERE entry = 'correction' LIMIT 1)")
	if err != nil {
		return fmt.Errorf("scope: %w", err)
	}
	usage := "(SELECT * FROM priced_usage WHERE entry = 'usage')"
	if corrected > 0 {
		usage = "current_usage"
	}
	var b bytes.Buffer
	if err := scopeTmpl.Execute(&b, map[string]string{"Usage": usage}); err != nil {
		return err
	}
	for i, stmt := range queries.Statements(b.String()) {
		var args []any
		if i == 0 { // rc_params takes the parameters; the rest read it
			args = []any{r.runID, from, to, r.ledger}
		}
		if _, err := r.conn.ExecContext(ctx, stmt, args...); err != nil {
			return fmt.Errorf("scope: %w", err)
		}
	}
	return nil
}
