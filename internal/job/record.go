package job

import (
	"context"
	"fmt"

	"github.com/reconcile/reconcile/internal/ingest"
	"github.com/reconcile/reconcile/internal/report"
	"github.com/reconcile/reconcile/queries"
)

// counts says where the run's rows ended, and fails the run when they do
// not add up. It also returns the rows each input file held, by file_id.
func (r *runner) counts(ctx context.Context, duplicates int64) (Counts, map[int]int64, error) {
	c := Counts{Duplicates: duplicates}
	var logMalformed, ledgerMalformed int64
	err := r.conn.QueryRowContext(ctx, queries.RunCounts.Text, r.runID).
		Scan(&c.Priced, &c.Rejected, &c.LedgerTaken, &c.LedgerRejected, &logMalformed, &ledgerMalformed, &c.Late)
	if err != nil {
		return c, nil, fmt.Errorf("count rows: %w", err)
	}
	fileRows, err := r.rowsPerFile(ctx)
	if err != nil {
		return c, nil, fmt.Errorf("count rows: %w", err)
	}
	for id, n := range fileRows {
		if id < len(r.in.files) {
			c.RowsRead += n
		} else {
			c.LedgerRows += n
		}
	}
	if sh := r.cfg.Shard; sh != nil && sh.Count > 1 {
		other := func(q queries.Query, malformed int64) (int64, error) {
			n, err := r.count(ctx, q)
			if sh.Index != 0 { // rows that are not CSV are shard 0's
				n += malformed
			}
			return n, err
		}
		if len(r.in.files) > 0 {
			if c.OtherShards, err = other(queries.OtherShardRows, logMalformed); err != nil {
				return c, nil, fmt.Errorf("count rows: %w", err)
			}
		}
		if len(r.in.ledgers) > 0 {
			if c.LedgerOtherShards, err = other(queries.OtherShardLedgerRows, ledgerMalformed); err != nil {
				return c, nil, fmt.Errorf("count ledger rows: %w", err)
			}
		}
	}
	if c.Discrepancies, err = r.count(ctx, queries.FindingsCount); err != nil {
		return c, nil, fmt.Errorf("count discrepancies: %w", err)
	}
	if c.Priced+c.Rejected+c.Duplicates+c.OtherShards != c.RowsRead {
		return c, nil, fmt.Errorf("run %s: %w: %d priced + %d rejected + %d duplicates + %d of other shards ≠ %d rows read",
			r.runID, ErrCountMismatch, c.Priced, c.Rejected, c.Duplicates, c.OtherShards, c.RowsRead)
	}
	if c.LedgerTaken+c.LedgerRejected+c.LedgerOtherShards != c.LedgerRows {
		return c, nil, fmt.Errorf("run %s: %w: %d ledger rows taken + %d rejected + %d of other shards ≠ %d read",
			r.runID, ErrCountMismatch, c.LedgerTaken, c.LedgerRejected, c.LedgerOtherShards, c.LedgerRows)
	}
	return c, fileRows, nil
}

// record writes the runs row, keeps the price book, and closes the run's
// period.
func (r *runner) record(ctx context.Context, c Counts, fileRows map[int]int64, sources []report.SourceCount) error {
	paths := func(files []ingest.File) []string {
		out := make([]string, len(files))
		for i, f := range files {
			out[i] = f.Path
		}
		return out
	}
	if _, err := r.conn.ExecContext(ctx, queries.InsertPricebook.Text, r.hash, r.cfg.BookSource, string(r.cfg.BookYAML), r.runID); err != nil {
		return fmt.Errorf("record price book: %w", err)
	}
	from, to := r.cfg.Window.bounds()
	_, err := r.conn.ExecContext(ctx, queries.InsertRun.Text, r.runID, "run", r.started, r.cfg.now(), "succeeded",
		paths(r.in.files), paths(r.in.ledgers), r.cfg.BookSource, r.hash, chargeSource(sources),
		r.cfg.Tolerance.StringFixed(2), r.cfg.RelTolerance.String(), from, to,
		c.RowsRead, c.Priced, c.Rejected, c.Duplicates, c.LedgerRows, c.Discrepancies, c.Late, r.cfg.Version)
	if err != nil {
		return fmt.Errorf("record run: %w", err)
	}
	if r.cfg.Shard != nil {
		if _, err := r.conn.ExecContext(ctx, queries.SetShard.Text, r.cfg.Shard.String(), r.runID); err != nil {
			return fmt.Errorf("record run: %w", err)
		}
	}
	if err := r.recordFiles(ctx, fileRows); err != nil {
		return err
	}
	if w := r.cfg.Window; w != nil && w.Period != "" {
		if _, err := r.conn.ExecContext(ctx, queries.InsertPeriod.Text, w.Period, r.runID, r.cfg.now()); err != nil {
			return fmt.Errorf("close period %s: %w", w.Period, err)
		}
	}
	return nil
}

// recordFiles records the run's input files with their content hash and the
// rows each held, so that later runs skip them.
func (r *runner) recordFiles(ctx context.Context, rows map[int]int64) error {
	insert := func(id int, f ingest.File, fp ingest.Print, input string) error {
		_, err := r.conn.ExecContext(ctx, queries.InsertInputFile.Text,
			f.Path, input, fp.Size, fp.SHA256, rows[id], r.runID, r.cfg.now())
		return err
	}
	for i, f := range r.in.files {
		if err := insert(i, f, r.in.prints[i], "render_log"); err != nil {
			return fmt.Errorf("record input file %s: %w", f.Path, err)
		}
	}
	for i, f := range r.in.ledgers {
		if err := insert(len(r.in.files)+i, f, r.in.ledgerPrints[i], "ledger"); err != nil {
			return fmt.Errorf("record input file %s: %w", f.Path, err)
		}
	}
	return nil
}

// rowsPerFile counts the rows each input file held, whatever became of
// them (other shards' and malformed rows included), by file_id.
func (r *runner) rowsPerFile(ctx context.Context) (map[int]int64, error) {
	rows := map[int]int64{}
	sharded := r.cfg.Shard != nil && r.cfg.Shard.Count > 1 // then the views before the shard filter
	qs := []queries.Query{queries.MalformedRowsPerFile}
	if len(r.in.files) > 0 {
		qs = append(qs, pick(sharded, queries.AllShardsInputRowsPerFile, queries.InputRowsPerFile))
	}
	if len(r.in.ledgers) > 0 {
		qs = append(qs, pick(sharded, queries.AllShardsLedgerRowsPerFile, queries.LedgerRowsPerFile))
	}
	for _, q := range qs {
		res, err := r.conn.QueryContext(ctx, q.Text)
		if err != nil {
			return nil, err
		}
		for res.Next() {
			var id int
			var n int64
			if err := res.Scan(&id, &n); err != nil {
				res.Close()
				return nil, err
			}
			rows[id] += n
		}
		res.Close()
		if err := res.Err(); err != nil {
			return nil, err
		}
	}
	return rows, nil
}

// pick returns a if cond holds, else b.
func pick[T any](cond bool, a, b T) T {
	if cond {
		return a
	}
	return b
}
