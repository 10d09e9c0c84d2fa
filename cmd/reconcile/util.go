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

// openReadOnly opens the database for sql, explain, export and status,
// with a hint when there is none yet. While a run holds it, it waits up to
// wait for the run to end, then names the run and its step. It does not
// open a database whose lock a run holds, even before the run has opened
// it: DuckDB would then refuse the run.
func openReadOnly(ctx context.Context, path string, allowFiles bool, wait time.Duration) (*store.Store, error) {
	deadline := time.Now().Add(wait)
	var st *store.Store
	var err error
	var locked *store.LockedError
	for {
		if held, _ := store.CheckHeld(path); held {
			h, _ := store.ReadHolder(path)
			err = &store.LockedError{Path: path, Holder: h}
		} else {
			st, err = store.OpenReadOnly(ctx, path, allowFiles)
		}
		if !errors.As(err, &locked) || !time.Now().Before(deadline) {
			break
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(min(250*time.Millisecond, time.Until(deadline))):
		}
	}
	if err != nil {
		return nil, hintRead(err)
	}
	if err := job.LimitMemory(ctx, st.DB); err != nil {
		st.Close()
		return nil, err
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
