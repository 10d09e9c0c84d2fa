package main

import (
	"context"
	"errors"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/reconcile/reconcile/internal/store"
	"github.com/reconcile/reconcile/queries"
)

func newStatusCmd(g *globals) *cobra.Command {
	var db string
	var limit int
	cmd := &cobra.Command{
		Use:   "status [--db FILE] [--limit N]",
		Short: "Show the last runs and whether one is running now",
		Long: `status prints the last runs of the database, newest first: when they ran, how
long they took, what they read and found, and their status ("committed" means
a run that died before its reports were all in place; the next run finishes
it). If a run holds the database now, it says which process.`,
		Example: "  reconcile status\n  reconcile status --db /var/lib/reconcile/reconcile.duckdb --limit 30",
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("status takes no arguments")
			}
			if limit < 1 {
				return usagef("--limit %d: want 1 or more", limit)
			}
			return status(cmd.Context(), g, db, limit)
		},
	}
	cmd.Flags().StringVar(&db, "db", "reconcile.duckdb", "database file")
	cmd.Flags().IntVar(&limit, "limit", 10, "how many runs to show")
	return cmd
}

func status(ctx context.Context, g *globals, db string, limit int) error {
	held, err := store.CheckHeld(db)
	if err != nil {
		// Another user's lock file (mode 0600): not a run.
		fmt.Fprintf(g.stdout, "running now: unknown (%v)\n", err)
	}
	if held {
		h, err := store.ReadHolder(db)
		if err == nil {
			fmt.Fprintf(g.stdout, "running now: pid %d (%s), started %s, %s ago\n", h.PID, h.Command,
				h.Started.UTC().Format(time.RFC3339), time.Since(h.Started).Round(time.Second))
		} else {
			fmt.Fprintln(g.stdout, "running now: another reconcile holds the database")
		}
	}
	st, err := openReadOnly(ctx, db, false, 0)
	if err != nil {
		var le *store.LockedError
		if held && !errors.As(err, &le) {
			return hinted{fmt.Errorf("cannot read %s while a run writes it", db), "try again when the run has finished"}
		}
		return err
	}
	defer st.Close()
	rows, err := st.DB.QueryContext(ctx, queries.Status.Text, limit)
	if err != nil {
		return fmt.Errorf("status: %w", err)
	}
	defer rows.Close()
	tw := tabwriter.NewWriter(g.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "run\tkind\tstatus\tstarted (UTC)\tseconds\tfiles\trows\tpriced\trejected\tduplicates\tledger rows\tdiscrepancies\tlate\twindow")
	n := 0
	for rows.Next() {
		var runID, kind, stat, started, window string
		var seconds string
		var files, read, priced, rejected, dups, ledger, disc, late int64
		if err := rows.Scan(&runID, &kind, &stat, &started, &seconds, &files, &read, &priced, &rejected, &dups, &ledger, &disc, &late, &window); err != nil {
			return err
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%s\n",
			runID, kind, stat, started, seconds, files, read, priced, rejected, dups, ledger, disc, late, window)
		n++
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if n == 0 {
		fmt.Fprintln(g.stdout, "no runs yet")
		return nil
	}
	return tw.Flush()
}
