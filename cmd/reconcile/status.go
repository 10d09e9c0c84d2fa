package main

import (
	"context"
	"errors"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/reconcile/reconcile/internal/job"
	"github.com/reconcile/reconcile/internal/store"
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
	runs, err := job.History(ctx, st.DB, limit)
	if err != nil {
		return err
	}
	if len(runs) == 0 {
		fmt.Fprintln(g.stdout, "no runs yet")
		return nil
	}
	tw := tabwriter.NewWriter(g.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "run\tkind\tstatus\tstarted (UTC)\tseconds\tfiles\trows\tpriced\trejected\tduplicates\tledger rows\tdiscrepancies\tlate\twindow")
	for _, r := range runs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%s\n",
			r.RunID, r.Kind, r.Status, r.Started, r.Seconds, r.Files, r.RowsRead, r.Priced, r.Rejected,
			r.Duplicates, r.LedgerRows, r.Discrepancies, r.Late, r.Window)
	}
	return tw.Flush()
}
