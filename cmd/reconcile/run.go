package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/reconcile/reconcile/internal/job"
	"github.com/reconcile/reconcile/internal/pricing"
	"github.com/reconcile/reconcile/internal/report"
	"github.com/reconcile/reconcile/internal/store"
)

const runExample = `  # reconcile a month of render logs with the embedded v1 price book
  reconcile run --input logs/2026-10/ --db reconcile.duckdb --out out/

  # month close: October against the billing ledger
  reconcile run --ledger ledger/2026-10.csv --period 2026-10 --out close/2026-10/

  # several inputs, a price book of your own, fail the job if anything is off
  reconcile run --input a.csv b.csv.gz 'more/*.parquet' --pricebook prices.yaml --fail-on-discrepancy`

type runFlags struct {
	inputs       []string
	ledgers      []string
	pricebook    string
	db           string
	out          string
	period       string
	from, to     string
	tolerance    string
	relTolerance string
	failOnDis    bool
	failOn       []string
	wait         time.Duration
	reingest     bool
	shard        string
	memoryLimit  string
	profile      string
	outcome      outcomeFlags // --notify, --metrics-file
}

func newRunCmd(g *globals) *cobra.Command {
	var f runFlags
	cmd := &cobra.Command{
		Use:   "run --input PATH... [flags]",
		Short: "Ingest render logs, price them, store them and report discrepancies",
		Long: `run reads render logs (CSV, CSV.gz or Parquet; files, folders or globs), prices
every event with the price book version in force when it happened, stores
events, rejects and discrepancies in the database as one transaction, and
writes reconciliation.xlsx, discrepancies.csv, accounts.csv and rejects.csv.

Every flag can also be a RECONCILE_ variable (--memory-limit is
RECONCILE_MEMORY_LIMIT) or a key of the YAML file --config names; the
command line wins, then the variable, then the file. reconcile config run
shows what a run would use and where each value came from.

A run that fails commits nothing and leaves earlier reports in place.
--notify URL posts summary.json (or a failure document) to a webhook, and
--metrics-file writes Prometheus metrics for node_exporter, once the run
has ended; neither changes the exit code.
Exit codes: 0 done, 1 failed (nothing committed), 2 bad usage or price book,
3 discrepancies found and --fail-on-discrepancy given, or a --fail-on rule
holds (discrepancies>N, CATEGORY>N, leakage>P% or leakage>X, to_refund>X,
to_rebill>X, pattern; repeatable; each rule that holds is logged).`,
		Example: runExample,
		// The paths after the flags are --input values (then not also those of RECONCILE_INPUT or --config).
		Annotations: map[string]string{argsFlagAnnotation: "input"},
		RunE: func(cmd *cobra.Command, args []string) error {
			f.inputs = append(f.inputs, args...)
			return runRun(cmd, g, f)
		},
	}
	addRunFlags(cmd.Flags(), &f)
	return cmd
}

func runRun(cmd *cobra.Command, g *globals, f runFlags) error {
	out, err := newOutcome(g, f.outcome, "reconcile run", f.db)
	if err != nil {
		return err
	}
	started := time.Now()
	res, err := runOnce(cmd, g, f)
	out.ran(cmd.Context(), started, res, err) // before the exit code: it stays the run's
	if err != nil {
		return err
	}
	if f.failOnDis && res.Counts.Discrepancies > 0 {
		return errDiscrepancies
	}
	return failOn(g, f.failOn, res.Summary)
}

// failOn returns errDiscrepancies (exit 3) when a --fail-on rule holds on
// the run's report, after logging each rule that holds.
func failOn(g *globals, rules []string, s *report.Summary) error {
	if len(rules) == 0 || s == nil {
		return nil
	}
	log, err := g.logger()
	if err != nil {
		return err
	}
	failed := false
	for _, text := range rules {
		r, err := report.ParseFailRule(text) // checked before the run
		if err != nil {
			return usageError{err}
		}
		if holds, says := r.Holds(s); holds {
			log.Warn("--fail-on "+text+": "+says, "rule", text)
			failed = true
		}
	}
	if failed {
		return errDiscrepancies
	}
	return nil
}

// runOnce is one run of `reconcile run`.
func runOnce(cmd *cobra.Command, g *globals, f runFlags) (*job.Result, error) {
	// A progress bar on a terminal only, and not under JSON logs (those
	// are for a log shipper).
	var pb *progressBar
	if g.logFormat == "text" {
		if pb = newProgressBar(g.stderr); pb != nil {
			g.logOut = pb
		}
	}
	cfg, err := runConfig(g, f)
	if err != nil {
		return nil, err
	}
	cfg.Command = "reconcile run"
	if pb != nil {
		cfg.Progress = pb
	}
	return runJob(cmd.Context(), g, cfg)
}

// addRunFlags defines the flags of run, which schedule shares.
func addRunFlags(fl *pflag.FlagSet, f *runFlags) {
	fl.StringArrayVar(&f.inputs, "input", nil, "render-log file, folder or glob (repeatable; more paths may follow)")
	fl.StringArrayVar(&f.ledgers, "ledger", nil, "billing-ledger file, folder or glob (repeatable); charges then come from the ledger")
	fl.StringVar(&f.period, "period", "", "report the events created in this month, YYYY-MM (UTC), and close it")
	fl.StringVar(&f.from, "from", "", "report the events created from this day, YYYY-MM-DD (UTC)")
	fl.StringVar(&f.to, "to", "", "... to this day, included")
	fl.StringVar(&f.pricebook, "pricebook", "", "price book YAML (default: the embedded v1 book)")
	fl.StringVar(&f.db, "db", "reconcile.duckdb", "database file")
	fl.StringVar(&f.out, "out", "out", "report folder")
	fl.StringVar(&f.tolerance, "tolerance", "0.01", "credits a charge may differ by without being flagged")
	fl.StringVar(&f.relTolerance, "rel-tolerance", "0", "a further fraction of the charged credits it may differ by (0.001 = 0.1%)")
	fl.BoolVar(&f.failOnDis, "fail-on-discrepancy", false, "exit 3 when the run finds discrepancies")
	fl.StringArrayVar(&f.failOn, "fail-on", nil, "exit 3 when a rule holds on the report (repeatable): discrepancies>N, CATEGORY>N (uncharged>100), leakage>P% or leakage>X credits, to_refund>X, to_rebill>X, pattern")
	fl.DurationVar(&f.wait, "wait", 0, "wait this long for another run holding the database (default: fail at once)")
	fl.BoolVar(&f.reingest, "reingest", false, "read again an input file whose content changed since a run read it")
	fl.StringVar(&f.shard, "shard", "", "I/N: price only the accounts of shard I of N (md5 of account_id mod N)")
	fl.StringVar(&f.memoryLimit, "memory-limit", "", "memory DuckDB may use before it spills to <db>.tmp (e.g. 2GB; default: 60% of the container's or machine's memory, at most 640MB)")
	fl.StringVar(&f.profile, "profile", "", "write DuckDB's profile of each statement (EXPLAIN ANALYZE's tree) into this folder")
	addOutcomeFlags(fl, &f.outcome)
}

// runConfig turns the run flags into a job configuration.
func runConfig(g *globals, f runFlags) (job.Config, error) {
	log, err := g.logger()
	if err != nil {
		return job.Config{}, err
	}
	window, err := windowFlags(f.period, f.from, f.to)
	if err != nil {
		return job.Config{}, err
	}
	for _, text := range f.failOn {
		if _, err := report.ParseFailRule(text); err != nil {
			return job.Config{}, usageError{err}
		}
	}
	if len(f.inputs) == 0 && len(f.ledgers) == 0 && window == nil {
		return job.Config{}, usagef("no input: give --input PATH, --ledger PATH or --period YYYY-MM")
	}
	tol, err := decimal.NewFromString(f.tolerance)
	if err != nil || tol.IsNegative() {
		return job.Config{}, usagef("--tolerance %q: want a decimal of zero or more credits", f.tolerance)
	}
	rel, err := decimal.NewFromString(f.relTolerance)
	if err != nil || rel.IsNegative() || rel.GreaterThan(decimal.NewFromInt(1)) {
		return job.Config{}, usagef("--rel-tolerance %q: want a fraction from 0 to 1", f.relTolerance)
	}
	book, raw, source, err := loadBook(f.pricebook)
	if err != nil {
		return job.Config{}, err
	}
	var shard *job.Shard
	if f.shard != "" {
		if shard, err = job.ParseShard(f.shard); err != nil {
			return job.Config{}, usagef("--%w", err)
		}
	}
	cfg := job.Config{
		Shard:        shard,
		MemoryLimit:  f.memoryLimit,
		ProfileDir:   f.profile,
		Inputs:       f.inputs,
		Ledgers:      f.ledgers,
		Window:       window,
		RelTolerance: rel,
		Book:         book,
		BookYAML:     raw,
		BookSource:   source,
		DBPath:       f.db,
		OutDir:       f.out,
		Tolerance:    tol,
		Version:      version,
		Wait:         f.wait,
		Reingest:     f.reingest,
		Log:          log,
	}
	if err := cfg.Validate(); err != nil {
		return job.Config{}, usageError{err}
	}
	return cfg, nil
}

// runJob runs one reconciliation and says what it did on stdout.
func runJob(ctx context.Context, g *globals, cfg job.Config) (*job.Result, error) {
	res, err := job.Run(ctx, cfg)
	if bar, ok := cfg.Progress.(interface{ Done() }); ok {
		bar.Done() // before the results, below the bar
	}
	var locked *store.LockedError
	switch {
	case errors.As(err, &locked):
		return nil, hinted{err, "wait for it to finish, or give --wait 30m to wait"}
	case errors.Is(err, job.ErrChangedFile):
		return nil, hinted{err, "give --reingest to read it again (its rows become duplicates of the ones read before), or restore the file"}
	case err != nil:
		return nil, err
	}
	for _, s := range res.Skipped {
		if s.As != "" {
			fmt.Fprintf(g.stdout, "skipped %s: the same content as %s, read by run %s\n", s.Path, s.As, s.RunID)
		} else {
			fmt.Fprintf(g.stdout, "skipped %s: read by run %s\n", s.Path, s.RunID)
		}
	}
	if res.NothingNew {
		if res.ReportedBy != "" {
			fmt.Fprintf(g.stdout, "nothing new: run %s reported %s with the same settings, and nothing changed since; no run recorded\n",
				res.ReportedBy, cfg.Window)
		} else if len(res.Skipped) == 0 {
			fmt.Fprintf(g.stdout, "nothing new to read: no input files in %s; no run recorded\n", strings.Join(append(cfg.Inputs, cfg.Ledgers...), " "))
		} else {
			fmt.Fprintf(g.stdout, "nothing new to read: all %d input files were read by earlier runs; no run recorded\n", len(res.Skipped))
		}
		return res, nil
	}
	c := res.Counts
	fmt.Fprintf(g.stdout, "run %s: %d rows read: %d priced, %d rejected, %d duplicates; %d discrepancies\n",
		res.RunID, c.RowsRead, c.Priced, c.Rejected, c.Duplicates, c.Discrepancies)
	if cfg.Shard != nil {
		fmt.Fprintf(g.stdout, "shard %s: %d render-log rows and %d ledger rows belong to other shards\n",
			cfg.Shard, c.OtherShards, c.LedgerOtherShards)
	}
	if len(cfg.Ledgers) > 0 {
		fmt.Fprintf(g.stdout, "ledger: %d rows read: %d taken, %d rejected\n", c.LedgerRows, c.LedgerTaken, c.LedgerRejected)
	}
	if c.Late > 0 {
		fmt.Fprintf(g.stdout, "%d late events of closed periods (see the Late sheet)\n", c.Late)
	}
	fmt.Fprintf(g.stdout, "charges: %s\n", res.ChargeSource)
	for _, r := range res.Reports {
		fmt.Fprintf(g.stdout, "wrote %s\n", r)
	}
	return res, nil
}

// windowFlags turns --period or --from/--to into a report window; nil
// when none is given.
func windowFlags(period, from, to string) (*job.Window, error) {
	switch {
	case period != "" && (from != "" || to != ""):
		return nil, usagef("give --period or --from/--to, not both")
	case period != "":
		w, err := job.PeriodWindow(period)
		if err != nil {
			return nil, usagef("--%w", err)
		}
		return &w, nil
	case from != "" || to != "":
		if from == "" || to == "" {
			return nil, usagef("give both --from and --to")
		}
		w, err := job.DateWindow(from, to)
		if err != nil {
			return nil, usagef("--%w", err)
		}
		return &w, nil
	}
	return nil, nil
}

// loadBook reads the price book at path, or the embedded one when path is
// empty. A malformed book is a usage error (exit 2) naming the key.
func loadBook(path string) (*pricing.Book, []byte, string, error) {
	if path == "" {
		return pricing.Default(), pricing.DefaultYAML, "embedded v1", nil
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, "", usageError{fmt.Errorf("price book: %w", err)}
	}
	book, err := pricing.Parse(bytes.NewReader(raw))
	if err != nil {
		return nil, nil, "", usageError{fmt.Errorf("price book %s: %w", path, err)}
	}
	return book, raw, path, nil
}
