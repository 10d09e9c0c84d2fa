package job

import (
	"context"
	"fmt"
	"time"

	"github.com/reconcile/reconcile/internal/failpoint"
	"github.com/reconcile/reconcile/internal/ingest"
	"github.com/reconcile/reconcile/internal/pricing"
	"github.com/reconcile/reconcile/queries"
)

// ingestLogs moves the run's render-log rows from the validated input into
// the tables: rejects, priced events, and the duplicate rows, kept in
// rc_dup_rows until reconcile records them. Every pass over the input
// validates each row again, so it makes as few as it can: one scan for keys
// and repeated ids, one insert, and only when there are any, one pass for
// rejects, one for ids seen in earlier runs and one for repeated rows. It
// returns the number of pricing keys.
func (r *runner) ingestLogs(ctx context.Context) (int, error) {
	if len(r.files) == 0 {
		return 0, nil
	}
	book := r.cfg.Book
	first := book.Versions[0]
	opt := ingest.Options{
		FirstVersion:  fmt.Sprintf("%s, from %s", first.Name, first.EffectiveFrom.UTC().Format(time.RFC3339)),
		MaxDurationMS: pricing.MaxDurationMS,
		MaxImages:     pricing.MaxImages,
	}
	for _, v := range book.Versions {
		opt.VersionFroms = append(opt.VersionFroms, v.EffectiveFrom)
	}
	opt.ShardCount, opt.ShardIndex = r.cfg.Shard.filter()
	if err := ingest.Load(ctx, r.conn, r.files, 0, opt); err != nil {
		return 0, err
	}
	failpoint.Hit("after-load")

	// DuckDB's filter pushdown would copy the whole validation expression
	// into each filter on reason, more than doubling the cost of a pass.
	if _, err := r.conn.ExecContext(ctx, queries.NoFilterPushdown.Text); err != nil {
		return 0, err
	}
	defer r.conn.ExecContext(context.WithoutCancel(ctx), queries.ResetOptimizers.Text)

	if err := r.exec(ctx, queries.Scan); err != nil {
		return 0, err
	}
	var bad, dups, earlier int64
	err := r.conn.QueryRowContext(ctx, queries.ScanOutcome.Text).Scan(&bad, &dups, &earlier)
	if err != nil {
		return 0, fmt.Errorf("scan: %w", err)
	}
	if n, err := r.count(ctx, queries.ScanRows); err == nil {
		r.cfg.progress().Rows(n)
	}
	if bad > 0 {
		if err := r.exec(ctx, queries.InsertRejects, r.runID); err != nil {
			return 0, err
		}
	}
	failpoint.Hit("after-rejects")
	nkeys, err := priceKeys(ctx, r.conn, book)
	if err != nil {
		return 0, err
	}
	r.cfg.log().Debug("priced keys", "keys", nkeys)
	if earlier > 0 {
		if err := r.exec(ctx, queries.SeenBefore); err != nil {
			return 0, err
		}
		if dups, err = r.count(ctx, queries.DupIDs); err != nil {
			return 0, err
		}
	}
	dupRows := queries.NoDupRows
	if dups > 0 {
		dupRows = queries.DupRows
	}
	if err := r.exec(ctx, dupRows); err != nil {
		return 0, err
	}
	if err := r.exec(ctx, queries.InsertPriced, r.runID, r.hash); err != nil {
		return 0, err
	}
	if r.dups, err = r.count(ctx, queries.DupSkip); err != nil {
		return 0, err
	}
	return nkeys, nil
}

// ingestLedger moves the run's ledger rows into the ledger table, or into
// rejects.
func (r *runner) ingestLedger(ctx context.Context) error {
	if len(r.ledgers) == 0 {
		return nil
	}
	count, index := r.cfg.Shard.filter()
	if err := ingest.LoadLedger(ctx, r.conn, r.ledgers, len(r.files), count, index); err != nil {
		return err
	}
	return r.exec(ctx, queries.InsertLedger, r.runID)
}
