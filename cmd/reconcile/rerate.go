package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/reconcile/reconcile/internal/job"
	"github.com/reconcile/reconcile/internal/report"
	"github.com/reconcile/reconcile/internal/store"
)

const rerateExample = `  # October was priced with a PRO rate that was wrong: re-price it
  reconcile rerate --from 2026-10-01 --to 2026-10-31 --pricebook corrected.yaml --out out/rerate-2026-10/

  # What would a draft book do? Fail when any account moves more than 10%
  reconcile rerate --dry-run --from 2026-10-01 --to 2026-10-31 --pricebook draft.yaml --max-change-pct 10`

type rerateFlags struct {
	db, from, to, pricebook, out string
	outcome                      outcomeFlags // --notify
	whatIf                       whatIfFlags  // --dry-run
}

func newRerateCmd(g *globals) *cobra.Command {
	var f rerateFlags
	cmd := &cobra.Command{
		Use:   "rerate --from DATE [--to DATE] --pricebook FILE [flags]",
		Short: "Re-price stored events with a corrected price book, keeping the earlier prices",
		Long: `rerate re-prices the events created from --from to --to (UTC days, both
included; no --to: no end) with a corrected price book. An event whose price
changes gets two new rows in priced_usage: a reversal of its current price
and a correction with the new one (as the FinOps FOCUS spec records
corrections). No row is overwritten, so every earlier report can be
reproduced; current_usage shows each event's current price. The report of
what changed goes to --out: rerate.xlsx, rerate_accounts.csv and
rerate_events.csv. Running it again with the same book changes nothing.
--notify URL posts its summary.json, or a failure document, to a webhook.

With --dry-run it changes nothing (the database is opened read-only) and
prints what the price book would do instead: per account the events it
changes and the expected credits before and after, the spread of the
accounts' percentage changes, and the biggest movers. --max-change-pct P
then exits 3 when any account's expected credits move by more than P percent
either way (--guard total: when the window's total does), so that a draft
price book can be checked before it ships.`,
		Example: rerateExample,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("rerate takes no arguments")
			}
			if f.pricebook == "" {
				return usagef("give --pricebook FILE: the corrected price book")
			}
			if f.from == "" {
				return usagef("give --from DATE")
			}
			if f.whatIf.dryRun {
				return whatIf(cmd.Context(), g, f)
			}
			if err := f.whatIf.onlyWithDryRun(cmd); err != nil {
				return err
			}
			out, err := newOutcome(g, f.outcome, "reconcile rerate", f.db)
			if err != nil {
				return err
			}
			started := time.Now()
			res, err := rerate(cmd.Context(), g, f)
			if err != nil {
				out.failed(cmd.Context(), started, err)
				return err
			}
			// No metrics: rerate has no --metrics-file (README).
			out.committed(cmd.Context(), summaryJSONOf(res.Reports), nil, 0)
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.db, "db", "reconcile.duckdb", "database file")
	fl.StringVar(&f.from, "from", "", "first day to re-price, YYYY-MM-DD (UTC)")
	fl.StringVar(&f.to, "to", "", "last day to re-price, included (default: no end)")
	fl.StringVar(&f.pricebook, "pricebook", "", "the corrected price book YAML")
	fl.StringVar(&f.out, "out", "out", "folder for the re-rating report")
	addNotifyFlags(fl, &f.outcome)
	addWhatIfFlags(fl, &f.whatIf)
	return cmd
}

// rerate re-prices as f says and says what it did on stdout.
func rerate(ctx context.Context, g *globals, f rerateFlags) (*job.RerateResult, error) {
	cfg, err := rerateConfig(g, f)
	if err != nil {
		return nil, err
	}
	res, err := job.Rerate(ctx, cfg)
	if errors.Is(err, store.ErrNoDatabase) {
		return nil, hinted{err, "run `reconcile run` first, or give --db"}
	}
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(g.stdout, "rerate %s: %d events examined, %d changed; expected credits %s → %s (%s)\n",
		res.RunID, res.Examined, res.Changed, res.OldExpected.StringFixed(2), res.NewExpected.StringFixed(2),
		signed(store.Decimal{Decimal: res.NewExpected.Sub(res.OldExpected), Valid: true}))
	for _, r := range res.Reports {
		fmt.Fprintf(g.stdout, "wrote %s\n", r)
	}
	return res, nil
}

// rerateConfig is the re-rating f asks for.
func rerateConfig(g *globals, f rerateFlags) (job.RerateConfig, error) {
	cfg := job.RerateConfig{DBPath: f.db, OutDir: f.out, Version: version}
	var err error
	if cfg.From, err = time.Parse(time.DateOnly, f.from); err != nil {
		return cfg, usagef("--from %q: want YYYY-MM-DD", f.from)
	}
	if f.to != "" {
		w, err := job.DateWindow(f.from, f.to)
		if err != nil {
			return cfg, usagef("--%w", err)
		}
		cfg.To = &w.To
	}
	if cfg.Book, cfg.BookYAML, cfg.BookSource, err = loadBook(f.pricebook); err != nil {
		return cfg, err
	}
	if cfg.Log, err = g.logger(); err != nil {
		return cfg, err
	}
	return cfg, nil
}

// summaryJSONOf is the summary.json among the reports, "" for none.
func summaryJSONOf(reports []string) string {
	for _, r := range reports {
		if filepath.Base(r) == report.SummaryJSONName {
			return r
		}
	}
	return ""
}
