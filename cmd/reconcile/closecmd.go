package main

import (
	"time"

	"github.com/spf13/cobra"

	"github.com/reconcile/reconcile/internal/job"
)

func newCloseCmd(g *globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "close",
		Short: "The month closes: what each --period run reported, kept as it was",
		Long: `A --period run is a month close: it records what it reported (its totals,
categories and accounts, and a sha256 over them and its findings list, which
its Summary shows) in close_snapshots, close_categories and close_accounts.
Later runs never change a close; closing a month again records a new one,
which becomes the month's current close.`,
	}
	cmd.AddCommand(newCloseListCmd(g))
	return cmd
}

func newCloseListCmd(g *globals) *cobra.Command {
	var db, period, format string
	var wait time.Duration
	cmd := &cobra.Command{
		Use:     "list [--period YYYY-MM] [--db FILE] [--format table|csv|json]",
		Short:   "List the month closes, newest first",
		Long:    "close list prints the month closes, newest first, as the named query closes does (reconcile sql --query closes).",
		Example: "  reconcile close list\n  reconcile close list --period 2026-10 --format json",
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("close list takes no arguments")
			}
			if period != "" {
				if _, err := job.PeriodWindow(period); err != nil {
					return usagef("--period %q: want YYYY-MM", period)
				}
			}
			q, qargs, err := namedQuery("closes", []string{"period=" + period})
			if err != nil {
				return err
			}
			return runSQL(cmd, g, db, q.Name, q.SQL, qargs, format, false, wait)
		},
	}
	cmd.Flags().StringVar(&db, "db", "reconcile.duckdb", "database file")
	cmd.Flags().StringVar(&period, "period", "", "only the closes of this month, YYYY-MM")
	cmd.Flags().StringVar(&format, "format", "table", "output: table, csv or json")
	cmd.Flags().DurationVar(&wait, "wait", 0, "while a run holds the database, wait this long for it")
	return cmd
}
