package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/reconcile/reconcile/internal/job"
	"github.com/reconcile/reconcile/internal/store"
)

const rerateExample = `  # October was priced with a PRO rate that was wrong: re-price it
  reconcile rerate --from 2026-10-01 --to 2026-10-31 --pricebook corrected.yaml --out out/rerate-2026-10/`

func newRerateCmd(g *globals) *cobra.Command {
	var db, from, to, pricebook, out string
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
rerate_events.csv. Running it again with the same book changes nothing.`,
		Example: rerateExample,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("rerate takes no arguments")
			}
			if pricebook == "" {
				return usagef("give --pricebook FILE: the corrected price book")
			}
			if from == "" {
				return usagef("give --from DATE")
			}
			cfg := job.RerateConfig{DBPath: db, OutDir: out, Version: version}
			var err error
			if cfg.From, err = time.Parse(time.DateOnly, from); err != nil {
				return usagef("--from %q: want YYYY-MM-DD", from)
			}
			if to != "" {
				w, err := job.DateWindow(from, to)
				if err != nil {
					return usagef("--%w", err)
				}
				cfg.To = &w.To
			}
			if cfg.Book, cfg.BookYAML, cfg.BookSource, err = loadBook(pricebook); err != nil {
				return err
			}
			if cfg.Log, err = g.logger(); err != nil {
				return err
			}
			res, err := job.Rerate(cmd.Context(), cfg)
			if errors.Is(err, store.ErrNoDatabase) {
				return hinted{err, "run `reconcile run` first, or give --db"}
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(g.stdout, "rerate %s: %d events examined, %d changed; expected credits %s → %s (%s)\n",
				res.RunID, res.Examined, res.Changed, res.OldExpected.StringFixed(2), res.NewExpected.StringFixed(2),
				signed(store.Decimal{Decimal: res.NewExpected.Sub(res.OldExpected), Valid: true}))
			for _, r := range res.Reports {
				fmt.Fprintf(g.stdout, "wrote %s\n", r)
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&db, "db", "reconcile.duckdb", "database file")
	fl.StringVar(&from, "from", "", "first day to re-price, YYYY-MM-DD (UTC)")
	fl.StringVar(&to, "to", "", "last day to re-price, included (default: no end)")
	fl.StringVar(&pricebook, "pricebook", "", "the corrected price book YAML")
	fl.StringVar(&out, "out", "out", "folder for the re-rating report")
	return cmd
}
