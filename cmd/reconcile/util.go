package main

import (
	"context"
	"errors"
	"strconv"
	"time"
	"unicode"

	"github.com/reconcile/reconcile/internal/job"
	"github.com/reconcile/reconcile/internal/store"
)

// waitHelp is the help of the --wait flag of the commands that read.
const waitHelp = "while a run writes the database, wait up to this long for it to end (e.g. 30m); 0 fails at once, naming the run"

// openReadOnly opens the database for sql, explain and export
// (job.OpenToRead), with a hint when it cannot: none yet, or a run holds
// it past wait.
func openReadOnly(ctx context.Context, path string, allowFiles bool, wait time.Duration) (*store.Store, error) {
	st, err := job.OpenToRead(ctx, path, allowFiles, wait)
	if err != nil {
		return nil, hintRead(err)
	}
	return st, nil
}

// hintRead adds to an error of opening a database to read it what to do.
func hintRead(err error) error {
	var locked *store.LockedError
	switch {
	case errors.As(err, &locked):
		return hinted{err, "a run is writing it; read it when the run ends (reconcile status shows how far it is), or give --wait 30m to wait for that"}
	case errors.Is(err, store.ErrNoDatabase):
		return hinted{err, "run `reconcile run` first, or give --db"}
	case errors.Is(err, store.ErrSchemaVersion):
		return hinted{err, "the next `reconcile run` migrates an older database; a newer one needs a newer reconcile"}
	}
	return err
}

// printable returns s as it is when every rune prints, else quoted with Go
// escapes, so that an id from a hostile file cannot move the cursor, clear
// the screen or hide text on a terminal.
func printable(s string) string {
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return strconv.Quote(s)
		}
	}
	return s
}
