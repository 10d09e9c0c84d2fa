package job

import (
	"context"
	"fmt"
	"strings"

	"github.com/reconcile/reconcile/internal/report"
	"github.com/reconcile/reconcile/queries"
)

// reconcile records the run's findings (SPEC §6) in discrepancies: its
// duplicate rows, the discrepancies of the events in scope, and orphan
// charges; then it sets apart, in rc_findings, those its report shows.
// Every event takes its charge by the rule of the priced_usage view, not
// by a mode of the run. It returns the scope's events by charge source.
func (r *runner) reconcile(ctx context.Context, duplicates int64) ([]report.SourceCount, error) {
	// Rows that are not CSV have no account: they are shard 0's.
	if count, index := r.cfg.Shard.filter(); count <= 1 || index == 0 {
		if err := r.exec(ctx, queries.InsertMalformed, r.runID); err != nil {
			return nil, err
		}
	}
	from, to := r.cfg.Window.bounds()
	if duplicates > 0 {
		if err := r.exec(ctx, queries.InsertDuplicates, r.runID); err != nil {
			return nil, err
		}
	}
	if r.cfg.Window != nil {
		if err := r.exec(ctx, queries.WindowDuplicates, r.runID, from, to); err != nil {
			return nil, err
		}
	}
	if err := r.scope(ctx, from, to); err != nil {
		return nil, err
	}
	if err := r.exec(ctx, queries.Findings, r.runID); err != nil {
		return nil, err
	}
	// Orphans need ledger rows; a database billed inline has none.
	if n, err := r.count(ctx, queries.AnyLedger); err != nil {
		return nil, err
	} else if n > 0 {
		if err := r.exec(ctx, queries.Orphans, r.runID, from, to); err != nil {
			return nil, err
		}
	}
	if err := r.exec(ctx, queries.ReportFindings, r.runID, from, to); err != nil {
		return nil, err
	}
	return r.chargeSources(ctx)
}

// chargeSources reads how many of the scope's events took their charge
// from each source (SPEC §6, "One truth"), for the Summary and the runs
// table.
func (r *runner) chargeSources(ctx context.Context) ([]report.SourceCount, error) {
	sources, err := collect(ctx, r.conn, queries.ReportSources, nil, scanSource)
	if err != nil {
		return nil, fmt.Errorf("charge sources: %w", err)
	}
	return sources, nil
}

// chargeSource says in words where the report's charges came from, event
// by event: "3880 events from the billing ledger, 125 with no charge
// recorded".
func chargeSource(sources []report.SourceCount) string {
	if len(sources) == 0 {
		return "no events"
	}
	words := map[string]string{
		"ledger": "from the billing ledger",
		"inline": "from the render log's charged columns",
		"none":   "with no charge recorded",
	}
	parts := make([]string, len(sources))
	for i, sc := range sources {
		parts[i] = fmt.Sprintf("%d events %s", sc.Events, words[sc.Source])
	}
	return strings.Join(parts, ", ")
}

// maxSlices bounds the slices the scope reads the run's rows in, one per
// DuckDB thread (scope.sql says why).
const maxSlices = 16

// scope defines rc_scope, the events the run reconciles. When no event
// was ever re-rated it reads usage_entries' usage rows directly: the
// current_entries view costs two more passes over the table. Without a
// window it reads only this run's rows and those of the events whose
// ledger rows it read, so that a nightly run's passes over the scope do
// not grow with the database.
func (r *runner) scope(ctx context.Context, from, to any) error {
	corrected, err := r.count(ctx, queries.AnyCorrection)
	if err != nil {
		return fmt.Errorf("scope: %w", err)
	}
	threads, err := r.count(ctx, queries.Threads)
	if err != nil {
		return fmt.Errorf("scope: %w", err)
	}
	q, err := queries.Scope.Fill(struct {
		Corrected, Narrow, LedgerNow bool
		RunID                        string
		Slices                       []struct{}
	}{
		Corrected: corrected > 0,
		Narrow:    corrected == 0 && r.cfg.Window == nil,
		LedgerNow: len(r.in.ledgers) > 0,
		RunID:     r.runID,
		Slices:    make([]struct{}, min(max(threads, 1), maxSlices)),
	})
	if err != nil {
		return err
	}
	// rc_params takes the parameters; the rest read it
	return r.execParams(ctx, q, r.runID, from, to, r.cfg.Tolerance.StringFixed(2), r.cfg.RelTolerance.String())
}
