package main

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/reconcile/reconcile/internal/job"
)

func newStatusCmd(g *globals) *cobra.Command {
	var db, format string
	var limit int
	cmd := &cobra.Command{
		Use:   "status [--db FILE] [--limit N] [--format text|json]",
		Short: "Show the last runs and whether one is running now",
		Long: `status prints the last runs of the database, newest first: when they ran, how
long they took, what they read and found, and their status ("committed" means
a run that died before its reports were all in place; the next run finishes
it). If a run holds the database now, it says which process, since when, and
the step it is at; the history then comes from the journal beside the
database (<db>.journal.json, written after each run), as DuckDB does not open
a database while a run writes it.`,
		Example: "  reconcile status\n  reconcile status --db /var/lib/reconcile/reconcile.duckdb --limit 30\n  reconcile status --format json",
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("status takes no arguments")
			}
			if limit < 1 {
				return usagef("--limit %d: want 1 or more", limit)
			}
			if format != "text" && format != "json" {
				return usagef("--format %q: want text or json", format)
			}
			s, err := job.ReadStatus(cmd.Context(), db, limit)
			if err != nil {
				return hintRead(err)
			}
			if format == "json" {
				return writeStatusJSON(g.stdout, s)
			}
			return writeStatusText(g.stdout, s, db)
		},
	}
	cmd.Flags().StringVar(&db, "db", "reconcile.duckdb", "database file")
	cmd.Flags().IntVar(&limit, "limit", 10, "how many runs to show")
	cmd.Flags().StringVar(&format, "format", "text", "output: text or json")
	return cmd
}

// writeStatusJSON prints s as JSON (the shape the README shows).
func writeStatusJSON(w io.Writer, s *job.Status) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(s); err != nil {
		return fmt.Errorf("status: %w", err)
	}
	return nil
}

// writeStatusText prints s for a terminal.
func writeStatusText(w io.Writer, s *job.Status, db string) error {
	if s.Unknown != nil {
		fmt.Fprintf(w, "running now: unknown (%v)\n", s.Unknown)
	}
	if r := s.Running; r != nil && r.PID == 0 {
		fmt.Fprintln(w, "running now: another reconcile holds the database")
	} else if r != nil {
		line := fmt.Sprintf("running now: pid %d (%s), started %s, %s ago", r.PID, r.Command,
			r.Started.Format(time.RFC3339), time.Since(r.Started).Round(time.Second))
		if r.Step != "" {
			line += ", at step " + r.Step
		}
		switch {
		case r.Rows == 1:
			line += ", 1 row read"
		case r.Rows > 1:
			line += fmt.Sprintf(", %d rows read", r.Rows)
		}
		fmt.Fprintln(w, line)
	}
	if s.Source == "journal" {
		if s.NoJournal != nil {
			fmt.Fprintf(w, "no history to show: the database is held by the run above, and %v\n", s.NoJournal)
			return nil
		}
		fmt.Fprintf(w, "history from %s, as of %s; the database is held by the run above\n",
			job.JournalPath(db), s.AsOf.UTC().Format(time.RFC3339))
	}
	if len(s.Runs) == 0 {
		fmt.Fprintln(w, "no runs yet")
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "run\tkind\tstatus\tstarted (UTC)\tseconds\tfiles\trows\tpriced\trejected\tduplicates\tledger rows\tdiscrepancies\tlate\twindow")
	for _, r := range s.Runs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%s\n",
			r.RunID, r.Kind, r.Status, r.Started, r.Seconds, r.Files, r.RowsRead, r.Priced, r.Rejected,
			r.Duplicates, r.LedgerRows, r.Discrepancies, r.Late, r.Window)
	}
	return tw.Flush()
}
