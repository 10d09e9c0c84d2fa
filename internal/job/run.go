package job

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/reconcile/reconcile/internal/ingest"
	"github.com/reconcile/reconcile/internal/pricing"
	"github.com/reconcile/reconcile/internal/report"
	"github.com/reconcile/reconcile/internal/store"
	"github.com/reconcile/reconcile/queries"
)

// Result is what a committed run did.
type Result struct {
	RunID         string
	Counts        Counts
	Reports       []string // report files written
	PriceKeys     int      // distinct pricing inputs priced by the core
	Duration      time.Duration
	Inputs        []ingest.File
	PriceBookHash string
}

// Counts says where every input row ended.
type Counts struct {
	RowsRead, Priced, Rejected, Duplicates, Discrepancies int64
}

// ErrCountMismatch reports a run whose rows do not add up: priced +
// rejected + duplicates must equal rows read. Such a run is not committed.
var ErrCountMismatch = errors.New("rows do not add up")

// Run performs one reconciliation as one transaction. On error nothing is
// committed, a database the run created is removed, and reports already in
// the report folder stay as they were.
func Run(ctx context.Context, cfg Config) (res *Result, err error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	started := cfg.now()
	log := cfg.log()
	files, err := ingest.Resolve(cfg.Inputs)
	if err != nil {
		return nil, err
	}

	_, statErr := os.Stat(cfg.DBPath)
	created := errors.Is(statErr, os.ErrNotExist)
	st, err := store.Open(ctx, cfg.DBPath)
	if err != nil {
		return nil, err
	}
	defer func() {
		if cerr := st.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("close %s: %w", cfg.DBPath, cerr)
		}
		if err != nil && created {
			os.Remove(cfg.DBPath)
			os.Remove(cfg.DBPath + ".wal")
		}
	}()

	conn, err := st.DB.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", cfg.DBPath, err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	committed := false
	defer func() {
		if !committed {
			// A failed statement may have aborted the transaction already.
			_, _ = conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		}
	}()

	r := &runner{cfg: cfg, conn: conn, runID: newRunID(started), started: started, files: files}
	log.Info("run started", "run_id", r.runID, "files", len(files), "db", cfg.DBPath)
	res, stage, err := r.do(ctx)
	if err != nil {
		if stage != "" {
			os.RemoveAll(stage)
		}
		return nil, err
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		os.RemoveAll(stage)
		return nil, fmt.Errorf("commit: %w", err)
	}
	committed = true
	if stage != "" {
		if res.Reports, err = publish(stage, cfg.OutDir); err != nil {
			return nil, fmt.Errorf("run %s committed, but its reports were not all written: %w", r.runID, err)
		}
	}
	res.Duration = cfg.now().Sub(started)
	log.Info("run committed", "run_id", r.runID, "rows_read", res.Counts.RowsRead, "priced", res.Counts.Priced,
		"rejected", res.Counts.Rejected, "duplicates", res.Counts.Duplicates,
		"discrepancies", res.Counts.Discrepancies, "seconds", res.Duration.Seconds())
	return res, nil
}

// runner holds one run's state while its transaction is open.
type runner struct {
	cfg     Config
	conn    *sql.Conn
	runID   string
	started time.Time
	files   []ingest.File
	hash    string
}

// do runs every step inside the transaction and writes the reports to a
// staging folder, returned for the caller to publish after the commit.
func (r *runner) do(ctx context.Context) (*Result, string, error) {
	sum := sha256.Sum256(r.cfg.BookYAML)
	r.hash = hex.EncodeToString(sum[:])
	log := r.cfg.log()

	first := r.cfg.Book.Versions[0]
	opt := ingest.Options{
		FirstVersion:  fmt.Sprintf("%s, from %s", first.Name, first.EffectiveFrom.UTC().Format(time.RFC3339)),
		MaxDurationMS: pricing.MaxDurationMS,
		MaxImages:     pricing.MaxImages,
	}
	for _, v := range r.cfg.Book.Versions {
		opt.VersionFroms = append(opt.VersionFroms, v.EffectiveFrom)
	}
	if err := ingest.Load(ctx, r.conn, r.files, opt); err != nil {
		return nil, "", err
	}
	nkeys, err := r.ingest(ctx)
	if err != nil {
		return nil, "", err
	}
	log.Debug("priced keys", "keys", nkeys)
	if err := r.exec(ctx, "insert_discrepancies", r.runID, r.cfg.Tolerance.StringFixed(2)); err != nil {
		return nil, "", err
	}
	c, err := r.counts(ctx)
	if err != nil {
		return nil, "", err
	}
	if c.Priced+c.Rejected+c.Duplicates != c.RowsRead {
		return nil, "", fmt.Errorf("run %s: %w: %d priced + %d rejected + %d duplicates ≠ %d rows read",
			r.runID, ErrCountMismatch, c.Priced, c.Rejected, c.Duplicates, c.RowsRead)
	}
	if err := r.record(ctx, c); err != nil {
		return nil, "", err
	}
	res := &Result{RunID: r.runID, Counts: c, PriceKeys: nkeys, Inputs: r.files, PriceBookHash: r.hash}
	if r.cfg.OutDir == "" {
		return res, "", nil
	}
	stage, err := r.writeReports(ctx, c)
	return res, stage, err
}

// ingest moves the run's rows from the validated input into the tables:
// rejects, priced events and duplicates. Every pass over the input
// validates each row again, so it makes as few as it can: one scan for
// keys and repeated ids, one insert, and only when there are any, one pass
// for rejects, one for ids seen in earlier runs and one for repeated rows.
// It returns the number of pricing keys.
func (r *runner) ingest(ctx context.Context) (int, error) {
	// DuckDB's filter pushdown would copy the whole validation expression
	// into each filter on reason, more than doubling the cost of a pass.
	if _, err := r.conn.ExecContext(ctx, "SET disabled_optimizers = 'filter_pushdown'"); err != nil {
		return 0, err
	}
	defer r.conn.ExecContext(context.WithoutCancel(ctx), "RESET disabled_optimizers")

	if err := r.exec(ctx, "scan"); err != nil {
		return 0, err
	}
	var bad, dups, earlier int64
	err := r.conn.QueryRowContext(ctx, `SELECT
		(SELECT coalesce(sum(n), 0) FROM rc_scan WHERE is_key AND NOT ok),
		(SELECT count(*) FROM rc_dup_ids),
		(SELECT count(*) FROM (SELECT 1 FROM priced_usage LIMIT 1))`).Scan(&bad, &dups, &earlier)
	if err != nil {
		return 0, fmt.Errorf("scan: %w", err)
	}
	if err := r.exec(ctx, "insert_malformed", r.runID); err != nil {
		return 0, err
	}
	if bad > 0 {
		if err := r.exec(ctx, "insert_rejects", r.runID); err != nil {
			return 0, err
		}
	}
	nkeys, err := priceKeys(ctx, r.conn, r.cfg.Book)
	if err != nil {
		return 0, err
	}
	if earlier > 0 {
		if err := r.exec(ctx, "seen_before"); err != nil {
			return 0, err
		}
		if err := r.conn.QueryRowContext(ctx, "SELECT count(*) FROM rc_dup_ids").Scan(&dups); err != nil {
			return 0, err
		}
	}
	dupRows := "no_dup_rows"
	if dups > 0 {
		dupRows = "dup_rows"
	}
	if err := r.exec(ctx, dupRows); err != nil {
		return 0, err
	}
	if err := r.exec(ctx, "insert_priced", r.runID, r.hash); err != nil {
		return 0, err
	}
	if dups > 0 {
		if err := r.exec(ctx, "insert_duplicates", r.runID); err != nil {
			return 0, err
		}
	}
	return nkeys, nil
}

// exec runs the statements of a named query.
func (r *runner) exec(ctx context.Context, name string, args ...any) error {
	t := time.Now()
	for _, stmt := range queries.Statements(queries.Get(name)) {
		if _, err := r.conn.ExecContext(ctx, stmt, args...); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	r.cfg.log().Debug("step", "query", name, "seconds", time.Since(t).Seconds())
	return nil
}

func (r *runner) counts(ctx context.Context) (Counts, error) {
	var c Counts
	err := r.conn.QueryRowContext(ctx, queries.Get("run_counts"), r.runID).
		Scan(&c.RowsRead, &c.Priced, &c.Rejected, &c.Duplicates, &c.Discrepancies)
	if err != nil {
		return c, fmt.Errorf("count rows: %w", err)
	}
	return c, nil
}

// record writes the runs row and keeps the price book.
func (r *runner) record(ctx context.Context, c Counts) error {
	inputs := make([]string, len(r.files))
	for i, f := range r.files {
		inputs[i] = f.Path
	}
	if _, err := r.conn.ExecContext(ctx, queries.Get("insert_pricebook"), r.hash, r.cfg.BookSource, string(r.cfg.BookYAML), r.runID); err != nil {
		return fmt.Errorf("record price book: %w", err)
	}
	_, err := r.conn.ExecContext(ctx, queries.Get("insert_run"), r.runID, r.started, r.cfg.now(), "succeeded",
		inputs, r.cfg.BookSource, r.hash, chargeSource, r.cfg.Tolerance.StringFixed(2),
		c.RowsRead, c.Priced, c.Rejected, c.Duplicates, c.Discrepancies, r.cfg.Version)
	if err != nil {
		return fmt.Errorf("record run: %w", err)
	}
	return nil
}

const chargeSource = "inline columns (charged_credits, charged_video_minutes)"

// writeReports writes the run's reports into a fresh staging folder beside
// the report folder.
func (r *runner) writeReports(ctx context.Context, c Counts) (string, error) {
	if err := os.MkdirAll(r.cfg.OutDir, 0o755); err != nil {
		return "", fmt.Errorf("report folder: %w", err)
	}
	stage, err := os.MkdirTemp(r.cfg.OutDir, ".staging-")
	if err != nil {
		return "", fmt.Errorf("report folder: %w", err)
	}
	data, err := r.reportData(ctx, c)
	if err != nil {
		return stage, err
	}
	if _, err := report.Write(stage, data); err != nil {
		return stage, err
	}
	return stage, nil
}

// publish moves the staged reports into the report folder, each by an
// atomic rename, and removes the staging folder.
func publish(stage, out string) ([]string, error) {
	entries, err := os.ReadDir(stage)
	if err != nil {
		return nil, err
	}
	var files []string
	for _, e := range entries {
		dst := filepath.Join(out, e.Name())
		if err := os.Rename(filepath.Join(stage, e.Name()), dst); err != nil {
			return files, err
		}
		files = append(files, dst)
	}
	return files, os.Remove(stage)
}

func newRunID(t time.Time) string {
	var b [3]byte
	_, _ = rand.Read(b[:])
	return t.UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b[:])
}
