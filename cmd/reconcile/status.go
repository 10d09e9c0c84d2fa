package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/reconcile/reconcile/internal/job"
	"github.com/reconcile/reconcile/internal/store"
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
			s, err := readStatus(cmd.Context(), db, limit)
			if err != nil {
				return err
			}
			if format == "json" {
				return s.writeJSON(g.stdout)
			}
			return s.writeText(g.stdout, db)
		},
	}
	cmd.Flags().StringVar(&db, "db", "reconcile.duckdb", "database file")
	cmd.Flags().IntVar(&limit, "limit", 10, "how many runs to show")
	cmd.Flags().StringVar(&format, "format", "text", "output: text or json")
	return cmd
}

// statusReport is what status shows, from the database or, while a run
// holds it, from the journal.
type statusReport struct {
	Running *running     `json:"running"` // null when no run holds the database
	Runs    []job.RunRow `json:"runs"`    // newest first
	Source  string       `json:"source"`  // "database" or "journal"
	AsOf    *time.Time   `json:"as_of,omitempty"`
	// unknown says why status cannot tell whether a run holds the database.
	unknown error
	// noJournal says why there is no history while a run holds the database.
	noJournal error
}

// running is the run that holds the database, from the lock's notes.
type running struct {
	PID     int        `json:"pid"`
	Command string     `json:"command"`
	Started time.Time  `json:"started"`
	Step    string     `json:"step"`
	Rows    int64      `json:"rows"`
	Updated *time.Time `json:"updated"` // null when the holder left no progress note
}

// readStatus finds out whether a run holds the database and reads the
// last limit runs. It does not open a database a run holds: a reader that
// has it open when the run opens it would fail the run.
func readStatus(ctx context.Context, db string, limit int) (*statusReport, error) {
	s := &statusReport{Runs: []job.RunRow{}}
	held, err := store.CheckHeld(db)
	s.unknown = err // another user's lock file (mode 0600): not a run
	if held {
		s.Running = &running{}
		if h, err := store.ReadHolder(db); err == nil {
			s.Running = &running{PID: h.PID, Command: h.Command, Started: h.Started.UTC(), Step: h.Step, Rows: h.Rows}
			if !h.Updated.IsZero() {
				u := h.Updated.UTC()
				s.Running.Updated = &u
			}
		}
		return s, s.fromJournal(db, limit)
	}
	st, err := openReadOnly(ctx, db, false, 0)
	var le *store.LockedError
	if errors.As(err, &le) { // a run took the database since CheckHeld
		return s, s.fromJournal(db, limit)
	}
	if err != nil {
		return nil, err
	}
	defer st.Close()
	runs, err := job.History(ctx, st.DB, limit)
	if err != nil {
		return nil, err
	}
	s.Source = "database"
	if runs != nil {
		s.Runs = runs
	}
	return s, nil
}

// fromJournal fills the history from the journal. A missing or unreadable
// journal is no error: the run is what status is asked about.
func (s *statusReport) fromJournal(db string, limit int) error {
	s.Source = "journal"
	j, err := job.ReadJournal(db)
	if err != nil {
		s.noJournal = err
		return nil
	}
	s.AsOf = &j.Updated
	s.Runs = j.Runs[:min(limit, len(j.Runs))]
	return nil
}

func (s *statusReport) writeJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(s); err != nil {
		return fmt.Errorf("status: %w", err)
	}
	return nil
}

func (s *statusReport) writeText(w io.Writer, db string) error {
	if s.unknown != nil {
		fmt.Fprintf(w, "running now: unknown (%v)\n", s.unknown)
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
		if s.noJournal != nil {
			fmt.Fprintf(w, "no history to show: the database is held by the run above, and %v\n", s.noJournal)
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
