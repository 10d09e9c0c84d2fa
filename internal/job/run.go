package job

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/reconcile/reconcile/internal/failpoint"
	"github.com/reconcile/reconcile/internal/ingest"
	"github.com/reconcile/reconcile/internal/report"
	"github.com/reconcile/reconcile/internal/store"
	"github.com/reconcile/reconcile/queries"
)

// Result is what a run did. When NothingNew, no run was recorded: every
// input file had been read before, and there was no window to report.
type Result struct {
	RunID         string
	Counts        Counts
	Reports       []string // report files written
	ReportDir     string   // where they are
	PriceKeys     int      // distinct pricing inputs priced by the core
	Duration      time.Duration
	Inputs        []ingest.File
	Ledgers       []ingest.File
	Skipped       []Skipped // input files read by earlier runs
	NothingNew    bool
	ReportedBy    string // with NothingNew and a window: the run that reported it last
	PriceBookHash string
	ChargeSource  string
	Summary       *report.Summary   // the head of the reports (its Patterns too); nil when none were written
	Close         *report.CloseMark // the close snapshot a --period run recorded; nil otherwise
}

// Counts says where every input row ended.
type Counts struct {
	RowsRead, Priced, Rejected, Duplicates  int64 // render-log rows
	LedgerRows, LedgerTaken, LedgerRejected int64 // ledger rows
	OtherShards, LedgerOtherShards          int64 // rows left to other shards (--shard)
	Discrepancies, Late                     int64
}

// ErrCountMismatch reports a run whose rows do not add up: priced +
// rejected + duplicates must equal rows read, and ledger rows taken +
// rejected must equal ledger rows read. Such a run is not committed.
var ErrCountMismatch = errors.New("rows do not add up")

// Run performs one reconciliation as one transaction, holding the
// database's write lock. It first finishes what a run that died after its
// commit left undone (moving its reports into place), then reads only the
// input files no run has read. On error nothing is committed, a database
// the run created is removed, and reports already in the report folder
// stay as they were.
func Run(ctx context.Context, cfg Config) (res *Result, err error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	started := cfg.now()
	log := cfg.log()
	lap := stopwatch(log)
	files, ledgers, err := resolve(cfg)
	if err != nil {
		return nil, err
	}
	st, lock, done, err := openLocked(ctx, cfg.DBPath, cfg.Wait, cfg.Command, log)
	if err != nil {
		return nil, err
	}
	defer func() { err = done(err); lap("close") }()
	lap("open") // the lock, migrations, and what an earlier run left undone
	cfg.Progress = withNote(cfg.Progress, lock, log)

	cfg.progress().Step(stages[0], 0, len(stages)) // fingerprinting reads every input file whole
	in, skipped, err := fingerprint(ctx, st.DB, files, ledgers, cfg.Reingest, readProgress(cfg.progress(), files, ledgers), log)
	if err != nil {
		return nil, err
	}
	lap("fingerprint")
	if len(in.files) == 0 && len(in.ledgers) == 0 {
		nothing := cfg.Window == nil
		var by string
		if !nothing {
			if by, err = reportedBefore(ctx, st.DB, cfg); err != nil {
				return nil, err
			}
			nothing = by != ""
		}
		if nothing {
			log.Info("nothing new to read", "skipped", len(skipped), "reported_by", by)
			return &Result{NothingNew: true, Skipped: skipped, ReportedBy: by}, nil
		}
	}
	r := &runner{cfg: cfg, runID: newRunID(started), started: started, in: in,
		hash: bookHash(cfg.BookYAML), reportDir: reportDir(cfg, started, log)}

	log.Info("run started", "run_id", r.runID, "files", len(in.files), "ledgers", len(in.ledgers), "db", cfg.DBPath)
	c := change{what: "run", runID: r.runID, reportDir: r.reportDir, memoryLimit: cfg.MemoryLimit, log: log, lap: lap}
	load := func(conn *sql.Conn) error {
		r.conn = conn
		return r.load(ctx)
	}
	reports, err := c.commit(ctx, st, load, func(conn *sql.Conn) (stage string, err error) {
		res, stage, err = r.do(ctx)
		return stage, err
	})
	if err != nil {
		return nil, err
	}
	res.Skipped, res.ReportDir, res.Reports = skipped, r.reportDir, reports
	res.Duration = cfg.now().Sub(started)
	failpoint.Hit("before-finished")
	if err := finish(ctx, st.DB, r.runID, res.Duration); err != nil {
		return nil, err
	}
	log.Info("run committed", committedAttrs(res)...)
	return res, nil
}

// reportedBefore returns the run that reported this run's window with the
// same settings, if that run is the latest: nothing has changed since, so
// running it again (a retry after a crash, a second cron tick) would only
// repeat it.
func reportedBefore(ctx context.Context, db *sql.DB, cfg Config) (string, error) {
	var runID, hash, dir, shard string
	var from, to sql.NullTime
	var tol, rel store.Decimal
	err := db.QueryRowContext(ctx, queries.LastRun.Text).
		Scan(&runID, &from, &to, &tol, &rel, &hash, &dir, &shard)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read the last run: %w", err)
	}
	w := cfg.Window
	same := from.Valid && to.Valid && from.Time.Equal(w.From) && to.Time.Equal(w.To) &&
		tol.Equal(cfg.Tolerance) && rel.Equal(cfg.RelTolerance) &&
		hash == bookHash(cfg.BookYAML) && shard == cfg.Shard.String() &&
		(dir == cfg.OutDir || filepath.Dir(dir) == filepath.Clean(cfg.OutDir))
	if !same {
		return "", nil
	}
	return runID, nil
}

// resolve lists the input files the configuration names.
func resolve(cfg Config) (files, ledgers []ingest.File, err error) {
	if len(cfg.Inputs) > 0 {
		if files, err = ingest.Resolve(cfg.Inputs); err != nil {
			return nil, nil, err
		}
	}
	if len(cfg.Ledgers) > 0 {
		if ledgers, err = ingest.Resolve(cfg.Ledgers); err != nil {
			return nil, nil, err
		}
	}
	return files, ledgers, nil
}

// fingerprint hashes the input files and keeps those no earlier run read.
// read hears the size of each file read.
func fingerprint(ctx context.Context, db *sql.DB, files, ledgers []ingest.File, reingest bool, read func(int64), log *slog.Logger) (inputs, []Skipped, error) {
	var in inputs
	var skipped, skippedLedgers []Skipped
	var err error
	if in.files, in.prints, skipped, err = newFiles(ctx, db, "render_log", files, reingest, read); err != nil {
		return in, nil, err
	}
	if in.ledgers, in.ledgerPrints, skippedLedgers, err = newFiles(ctx, db, "ledger", ledgers, reingest, read); err != nil {
		return in, nil, err
	}
	skipped = append(skipped, skippedLedgers...)
	for _, s := range skipped {
		log.Info("input file read before: skipped", "file", s.Path, "run_id", s.RunID, "as", s.As)
	}
	return in, skipped, nil
}

// reportDir is where the run's reports go, "" for none; it removes what
// runs that never committed left beside them.
func reportDir(cfg Config, started time.Time, log *slog.Logger) string {
	if cfg.OutDir == "" {
		return ""
	}
	removeStale(cfg.OutDir, log)
	if cfg.PerRunDir {
		return filepath.Join(cfg.OutDir, started.Format("2006-01-02T150405Z"))
	}
	return cfg.OutDir
}

// openLocked takes the database's write lock, opens it, and finishes what
// an earlier run left undone. done writes the journal, closes and unlocks;
// given the caller's error, it also removes a database file that this call
// created. The lock keeps the progress note.
func openLocked(ctx context.Context, path string, wait time.Duration, command string, log *slog.Logger) (*store.Store, *store.Lock, func(error) error, error) {
	if command == "" {
		command = "reconcile"
	}
	lock, err := store.AcquireLock(ctx, path, wait, command)
	if err != nil {
		return nil, nil, nil, err
	}
	_, statErr := os.Stat(path)
	created := errors.Is(statErr, os.ErrNotExist)
	st, err := store.Open(ctx, path)
	if err != nil {
		lock.Release()
		return nil, nil, nil, err
	}
	done := func(err error) error {
		removed := err != nil && created
		if !removed {
			// After a failed run too: what recoverRuns finished is news.
			if jerr := writeJournal(context.WithoutCancel(ctx), st.DB, path, time.Now()); jerr != nil {
				log.Warn("the journal was not written: status shows no history while a run holds the database", "err", jerr)
			}
		}
		if cerr := st.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("close %s: %w", path, cerr)
		}
		if err != nil && created {
			os.Remove(path)
			os.Remove(path + ".wal")
			os.Remove(JournalPath(path))
		}
		lock.Release()
		return err
	}
	if err := recoverRuns(ctx, st.DB, log); err != nil {
		return nil, nil, nil, done(err)
	}
	return st, lock, done, nil
}

// prepared, set by tests only, runs after the run's macros are defined.
var prepared func(context.Context, *sql.Conn) error

// runner is one run inside its transaction: what it was given, fixed
// before the transaction opens. What each stage finds it returns to the
// next (do); the runner only counts statements for the profile.
type runner struct {
	cfg       Config
	conn      *sql.Conn
	runID     string
	started   time.Time
	in        inputs // the files no earlier run read
	hash      string // of the price book
	reportDir string // where the reports go; "" for none
	profiled  int    // statements profiled so far (Config.ProfileDir)
}

// inputs are the files a run reads, with their fingerprints.
type inputs struct {
	files, ledgers       []ingest.File // render logs, billing ledgers
	prints, ledgerPrints []ingest.Print
}

// stages are the phases of a run, in order, as the progress bar shows
// them: reading the input files (to fingerprint them, then DuckDB staging
// the CSV text), validating every render-log row (the scan), pricing and
// storing the events, reconciling them against the charges (the billing
// ledger read and stored first, the run recorded last), writing reports.
var stages = []string{"reading", "validating", "pricing", "reconciling", "writing reports"}

// stage tells the progress bar that stage i of do began.
func (r *runner) stage(i int) { r.cfg.progress().Step(stages[i], i, len(stages)) }

// do runs the stages inside the transaction, each taking what the ones
// before it found, and writes the reports to a staging folder, returned
// for the caller to publish after the commit.
func (r *runner) do(ctx context.Context) (*Result, string, error) {
	var p priced
	err := r.withoutFilterPushdown(ctx, func() error {
		scan, err := r.ingestLogs(ctx)
		if err != nil {
			return err
		}
		r.stage(2)
		p, err = r.price(ctx, scan)
		return err
	})
	if err != nil {
		return nil, "", err
	}
	failpoint.Hit("after-priced")
	r.stage(3)
	if err := r.ingestLedger(ctx); err != nil {
		return nil, "", err
	}
	if r.cfg.combined {
		if p.duplicates, err = r.combinedRows(ctx); err != nil {
			return nil, "", err
		}
	}
	sources, err := r.reconcile(ctx, p.duplicates)
	if err != nil {
		return nil, "", err
	}
	failpoint.Hit("after-findings")
	read := p.duplicates // the rows this run read that are duplicates
	if r.cfg.combined {
		read = 0 // a combined run reads none: its shards did
	}
	c, fileRows, err := r.counts(ctx, read)
	if err != nil {
		return nil, "", err
	}
	if r.cfg.combined {
		if c, err = r.combinedCounts(ctx, c, p.duplicates); err != nil {
			return nil, "", err
		}
	}
	if err := r.record(ctx, c, fileRows, sources); err != nil {
		return nil, "", err
	}
	m, err := r.matchedOrphans(ctx) // the close and the reports show it
	if err != nil {
		return nil, "", err
	}
	pats, err := r.patterns(ctx)
	if err != nil {
		return nil, "", err
	}
	var closed *report.CloseMark
	if w := r.cfg.Window; w != nil && w.Period != "" {
		if closed, err = r.snapshot(ctx, w.Period, m); err != nil {
			return nil, "", err
		}
	}
	res := &Result{RunID: r.runID, Counts: c, PriceKeys: p.keys, Inputs: r.in.files, Ledgers: r.in.ledgers,
		PriceBookHash: r.hash, ChargeSource: chargeSource(sources), Close: closed}
	if r.reportDir == "" {
		return res, "", nil
	}
	r.stage(4)
	t0 := time.Now()
	stage, summary, err := r.writeReports(ctx, c, sources, m, closed, pats)
	r.cfg.log().Debug("reports written", "seconds", time.Since(t0).Seconds())
	if err != nil {
		return res, stage, err
	}
	res.Summary = summary
	failpoint.Hit("after-reports")
	return res, stage, nil
}

// withoutFilterPushdown runs the passes over the validated input with
// DuckDB's filter pushdown off: it would copy the whole validation
// expression into each filter on reason, more than doubling the cost of a
// pass.
func (r *runner) withoutFilterPushdown(ctx context.Context, passes func() error) error {
	if _, err := r.conn.ExecContext(ctx, queries.NoFilterPushdown.Text); err != nil {
		return err
	}
	defer r.conn.ExecContext(context.WithoutCancel(ctx), queries.ResetOptimizers.Text)
	return passes()
}

// exec runs the statements of a query as a step of the run.
func (r *runner) exec(ctx context.Context, q queries.Query, args ...any) error {
	t := time.Now()
	for i, stmt := range q.Statements() {
		if err := r.statement(ctx, q.Name, i, stmt, args...); err != nil {
			return fmt.Errorf("%s: %w", q.Name, err)
		}
	}
	r.cfg.log().Debug("step", "query", q.Name, "seconds", time.Since(t).Seconds())
	return nil
}

// execParams runs the statements of a query whose first statement alone
// takes the parameters (it keeps them in a temporary table the others
// read), as a step of the run.
func (r *runner) execParams(ctx context.Context, q queries.Query, args ...any) error {
	t := time.Now()
	for i, stmt := range q.Statements() {
		if i > 0 {
			args = nil
		}
		if err := r.statement(ctx, q.Name, i, stmt, args...); err != nil {
			return fmt.Errorf("%s: %w", q.Name, err)
		}
	}
	r.cfg.log().Debug("step", "query", q.Name, "seconds", time.Since(t).Seconds())
	return nil
}

// count runs a query that returns one number.
func (r *runner) count(ctx context.Context, q queries.Query, args ...any) (int64, error) {
	var n int64
	if err := r.conn.QueryRowContext(ctx, q.Text, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("%s: %w", q.Name, err)
	}
	return n, nil
}

func newRunID(t time.Time) string {
	var b [3]byte
	_, _ = rand.Read(b[:])
	return t.UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b[:])
}
