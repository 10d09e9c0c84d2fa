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
	Ledgers       []ingest.File
	PriceBookHash string
	ChargeSource  string
	Summary       *report.Summary // the head of the reports; nil when none were written
}

// Counts says where every input row ended.
type Counts struct {
	RowsRead, Priced, Rejected, Duplicates  int64 // render-log rows
	LedgerRows, LedgerTaken, LedgerRejected int64 // ledger rows
	Discrepancies, Late                     int64
}

// ErrCountMismatch reports a run whose rows do not add up: priced +
// rejected + duplicates must equal rows read, and ledger rows taken +
// rejected must equal ledger rows read. Such a run is not committed.
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
	r := &runner{cfg: cfg, runID: newRunID(started), started: started}
	if len(cfg.Inputs) > 0 {
		if r.files, err = ingest.Resolve(cfg.Inputs); err != nil {
			return nil, err
		}
	}
	if len(cfg.Ledgers) > 0 {
		if r.ledgers, err = ingest.Resolve(cfg.Ledgers); err != nil {
			return nil, err
		}
	}

	err = withStore(ctx, cfg.DBPath, func(conn *sql.Conn) (func() error, error) {
		r.conn = conn
		log.Info("run started", "run_id", r.runID, "files", len(r.files), "ledgers", len(r.ledgers), "db", cfg.DBPath)
		var stage string
		res, stage, err = r.do(ctx)
		if err != nil {
			if stage != "" {
				os.RemoveAll(stage)
			}
			return nil, err
		}
		return func() error {
			if stage == "" {
				return nil
			}
			if res.Reports, err = publish(stage, cfg.OutDir); err != nil {
				return fmt.Errorf("run %s committed, but its reports were not all written: %w", r.runID, err)
			}
			return nil
		}, nil
	})
	if err != nil {
		return nil, err
	}
	res.Duration = cfg.now().Sub(started)
	c := res.Counts
	log.Info("run committed", "run_id", r.runID, "rows_read", c.RowsRead, "priced", c.Priced,
		"rejected", c.Rejected, "duplicates", c.Duplicates, "ledger_rows", c.LedgerRows,
		"discrepancies", c.Discrepancies, "late", c.Late, "seconds", res.Duration.Seconds())
	return res, nil
}

// withStore opens the database, runs work inside one transaction, commits
// if work succeeds and then calls what work returned (to publish reports).
// On error it rolls back, and removes the database file if it created it.
func withStore(ctx context.Context, path string, work func(*sql.Conn) (func() error, error)) (err error) {
	_, statErr := os.Stat(path)
	created := errors.Is(statErr, os.ErrNotExist)
	st, err := store.Open(ctx, path)
	if err != nil {
		return err
	}
	committed := false
	defer func() {
		if cerr := st.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("close %s: %w", path, cerr)
		}
		if err != nil && created && !committed {
			os.Remove(path)
			os.Remove(path + ".wal")
		}
	}()
	conn, err := st.DB.Conn(ctx)
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() {
		if !committed {
			// A failed statement may have aborted the transaction already.
			_, _ = conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		}
	}()
	after, err := work(conn)
	if err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	committed = true
	return after()
}

// runner holds one run's state while its transaction is open.
type runner struct {
	cfg     Config
	conn    *sql.Conn
	runID   string
	started time.Time
	files   []ingest.File // render logs
	ledgers []ingest.File
	hash    string // of the price book
	ledger  bool   // charges come from the ledger
	dups    int64  // render-log rows recorded as duplicates
}

// do runs every step inside the transaction and writes the reports to a
// staging folder, returned for the caller to publish after the commit.
func (r *runner) do(ctx context.Context) (*Result, string, error) {
	sum := sha256.Sum256(r.cfg.BookYAML)
	r.hash = hex.EncodeToString(sum[:])
	if err := ingest.Prepare(ctx, r.conn); err != nil {
		return nil, "", err
	}
	nkeys, err := r.ingestLogs(ctx)
	if err != nil {
		return nil, "", err
	}
	if err := r.ingestLedger(ctx); err != nil {
		return nil, "", err
	}
	if err := r.reconcile(ctx); err != nil {
		return nil, "", err
	}
	c, err := r.counts(ctx)
	if err != nil {
		return nil, "", err
	}
	if err := r.record(ctx, c); err != nil {
		return nil, "", err
	}
	res := &Result{RunID: r.runID, Counts: c, PriceKeys: nkeys, Inputs: r.files, Ledgers: r.ledgers,
		PriceBookHash: r.hash, ChargeSource: r.chargeSource()}
	if r.cfg.OutDir == "" {
		return res, "", nil
	}
	stage, err := r.writeReports(ctx, c, res)
	return res, stage, err
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

// count runs a query that returns one number.
func (r *runner) count(ctx context.Context, query string, args ...any) (int64, error) {
	var n int64
	err := r.conn.QueryRowContext(ctx, query, args...).Scan(&n)
	return n, err
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
