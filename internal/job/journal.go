package job

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/reconcile/reconcile/internal/atomicfs"
)

// JournalRuns is how many runs the journal keeps.
const JournalRuns = 50

// Journal is a copy of the last runs of a database, written beside it
// after each run and re-rating so that `reconcile status` can show the
// history while a run holds the database and DuckDB will not open it. The
// database stays the source of truth: the journal holds what [History]
// returned from it, as of Updated.
type Journal struct {
	Version int       `json:"version"` // of this format: 1
	Updated time.Time `json:"updated"`
	Runs    []RunRow  `json:"runs"` // newest first, at most JournalRuns
}

// JournalPath is the journal of the database at path.
func JournalPath(path string) string { return path + ".journal.json" }

// writeJournal replaces the journal of the database at path with its last
// runs, read from db.
func writeJournal(ctx context.Context, db *sql.DB, path string, now time.Time) error {
	runs, err := History(ctx, db, JournalRuns)
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	if runs == nil {
		runs = []RunRow{}
	}
	b, err := json.MarshalIndent(Journal{Version: 1, Updated: now.UTC(), Runs: runs}, "", "  ")
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	err = atomicfs.WriteFile(JournalPath(path), func(w io.Writer) error {
		_, err := w.Write(append(b, '\n'))
		return err
	})
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	return nil
}

// ReadJournal reads the journal of the database at path.
func ReadJournal(path string) (Journal, error) {
	var j Journal
	b, err := os.ReadFile(JournalPath(path))
	if err != nil {
		return j, fmt.Errorf("read the journal: %w", err)
	}
	if err := json.Unmarshal(b, &j); err != nil {
		return j, fmt.Errorf("read the journal %s: %w", JournalPath(path), err)
	}
	if j.Version != 1 {
		return j, fmt.Errorf("read the journal %s: version %d, this reconcile reads 1", JournalPath(path), j.Version)
	}
	return j, nil
}
