package main

import (
	"errors"
	"fmt"
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
	cmd.AddCommand(newCloseListCmd(g), newCloseReportCmd(g))
	return cmd
}

func newCloseReportCmd(g *globals) *cobra.Command {
	var db, out string
	cmd := &cobra.Command{
		Use:   "report CLOSE_ID --out DIR [--db FILE]",
		Short: "Write a close's reports again, as they were",
		Long: `close report writes the reports of a month close (its id is its run's, as
close list shows) into --out again, from the database, as the close wrote
them: the same cells and rows, whatever came after it (late events, late
ledger rows, re-ratings). Only the finish time may differ: it is the one
the runs table recorded. The database is opened read-only.`,
		Example: "  reconcile close report 20261101T020000Z-3be1df --out signed/2026-10/",
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("close report takes one close id (reconcile close list shows them)")
			}
			if out == "" {
				return usagef("give --out DIR: where the close's reports go")
			}
			reports, err := job.CloseReports(cmd.Context(), db, args[0], out)
			if errors.Is(err, job.ErrNoClose) {
				return hinted{err, "reconcile close list shows the closes"}
			}
			if err != nil {
				return hintRead(err)
			}
			for _, r := range reports {
				fmt.Fprintf(g.stdout, "wrote %s\n", r)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&db, "db", "reconcile.duckdb", "database file")
	cmd.Flags().StringVar(&out, "out", "", "folder for the reports")
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
			return printNamed(cmd, g, db, "closes", []string{"period=" + period}, format, wait)
		},
	}
	cmd.Flags().StringVar(&db, "db", "reconcile.duckdb", "database file")
	cmd.Flags().StringVar(&period, "period", "", "only the closes of this month, YYYY-MM")
	cmd.Flags().StringVar(&format, "format", "table", "output: table, csv or json")
	cmd.Flags().DurationVar(&wait, "wait", 0, waitHelp)
	return cmd
}

func newBridgeCmd(g *globals) *cobra.Command {
	var db, period, from, account, format string
	var wait time.Duration
	cmd := &cobra.Command{
		Use:   "bridge --period YYYY-MM [--from-close ID] [--account ID] [--db FILE] [--format table|csv|json]",
		Short: "From a month's close to its figures now, line by line by cause",
		Long: `bridge explains how a month's figures moved since its close: from the close's
figures (the month's current close, or --from-close ID) to the month's
figures now (those of reconcile sql --query month_summary), a line for each
cause, with its events, credits and minutes: late events priced since, each
re-rating since, ledger charges and refunds since, charge sources that
changed, orphan ledger charges and duplicate rows. Each column of the lines
sums exactly from the close to now. --account gives one account's bridge,
from its row of the close's Accounts sheet to its row now (account_totals).
It is the named query bridge.`,
		Example: "  reconcile bridge --period 2026-10\n  reconcile bridge --period 2026-10 --from-close 20261101T020000Z-3be1df --format csv > bridge.csv",
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("bridge takes no arguments")
			}
			if _, err := job.PeriodWindow(period); err != nil {
				return usagef("--period %q: want YYYY-MM", period)
			}
			if from == "" {
				id, err := job.CurrentClose(cmd.Context(), db, period, wait)
				if errors.Is(err, job.ErrNoClose) {
					return hinted{err, "reconcile close list shows the closes"}
				}
				if err != nil {
					return hintRead(err)
				}
				from = id
			}
			return printNamed(cmd, g, db, "bridge", []string{"period=" + period, "close=" + from, "account=" + account}, format, wait)
		},
	}
	cmd.Flags().StringVar(&db, "db", "reconcile.duckdb", "database file")
	cmd.Flags().StringVar(&period, "period", "", "the month, YYYY-MM")
	cmd.Flags().StringVar(&from, "from-close", "", "the close to start from (reconcile close list); default: the month's current close")
	cmd.Flags().StringVar(&account, "account", "", "one account's bridge")
	cmd.Flags().StringVar(&format, "format", "table", "output: table, csv or json")
	cmd.Flags().DurationVar(&wait, "wait", 0, waitHelp)
	return cmd
}

// printNamed runs the named query name with params and prints its rows, as
// reconcile sql --query does.
func printNamed(cmd *cobra.Command, g *globals, db, name string, params []string, format string, wait time.Duration) error {
	q, qargs, err := namedQuery(name, params)
	if err != nil {
		return err
	}
	return runSQL(cmd, g, db, q.Name, q.SQL, qargs, format, false, wait)
}
