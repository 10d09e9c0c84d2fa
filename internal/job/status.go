package job

import (
	"context"
	"errors"
	"time"

	"github.com/reconcile/reconcile/internal/store"
)

// Status is what `reconcile status` shows: the run that holds the
// database, if any, and the last runs, from the database or, while a run
// holds it, from the journal.
type Status struct {
	Running *Running   `json:"running"` // null when no run holds the database
	Runs    []RunRow   `json:"runs"`    // newest first
	Source  string     `json:"source"`  // "database" or "journal"
	AsOf    *time.Time `json:"as_of,omitempty"`
	// Unknown says why status cannot tell whether a run holds the database.
	Unknown error `json:"-"`
	// NoJournal says why there is no history while a run holds the database.
	NoJournal error `json:"-"`
}

// Running is the run that holds the database, from the lock's notes. PID
// 0: another reconcile holds it and left no note.
type Running struct {
	PID     int        `json:"pid"`
	Command string     `json:"command"`
	Started time.Time  `json:"started"`
	Step    string     `json:"step"`
	Rows    int64      `json:"rows"`
	Updated *time.Time `json:"updated"` // null when the holder left no progress note
}

// ReadStatus finds out whether a run holds the database at db and reads
// its last limit runs. It does not open a database a run holds: a reader
// that has it open when the run opens it would fail the run.
func ReadStatus(ctx context.Context, db string, limit int) (*Status, error) {
	s := &Status{Runs: []RunRow{}}
	held, err := store.CheckHeld(db)
	s.Unknown = err // another user's lock file (mode 0600): not a run
	if held {
		s.Running = &Running{}
		if h, err := store.ReadHolder(db); err == nil {
			s.Running = &Running{PID: h.PID, Command: h.Command, Started: h.Started.UTC(), Step: h.Step, Rows: h.Rows}
			if !h.Updated.IsZero() {
				u := h.Updated.UTC()
				s.Running.Updated = &u
			}
		}
		s.fromJournal(db, limit)
		return s, nil
	}
	st, err := store.OpenReadOnly(ctx, db, false)
	var le *store.LockedError
	if errors.As(err, &le) { // a run took the database since CheckHeld
		s.fromJournal(db, limit)
		return s, nil
	}
	if err != nil {
		return nil, err
	}
	defer st.Close()
	runs, err := History(ctx, st.DB, limit)
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
func (s *Status) fromJournal(db string, limit int) {
	s.Source = "journal"
	j, err := ReadJournal(db)
	if err != nil {
		s.NoJournal = err
		return
	}
	s.AsOf = &j.Updated
	s.Runs = j.Runs[:min(limit, len(j.Runs))]
}
