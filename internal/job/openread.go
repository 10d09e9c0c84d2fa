package job

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/reconcile/reconcile/internal/store"
)

// OpenToRead opens the database at path to read it (sql, explain, export,
// close, bridge, a dry run), with the memory limit a run takes. It does not
// open a database whose lock a run holds, even before the run has opened
// it: DuckDB would then refuse the run. While a run holds it, it waits up
// to wait for the run to end; then the error is a *store.LockedError
// naming the run and its step.
func OpenToRead(ctx context.Context, path string, allowFiles bool, wait time.Duration) (*store.Store, error) {
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
		return nil, err
	}
	if err := limitMemory(ctx, st.DB); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

// readConn opens the database at path to read it (OpenToRead), on one
// connection (its temporary tables live there); done closes both.
func readConn(ctx context.Context, path string, wait time.Duration) (conn *sql.Conn, done func(), err error) {
	st, err := OpenToRead(ctx, path, false, wait)
	if err != nil {
		return nil, nil, err
	}
	conn, err = st.DB.Conn(ctx)
	if err != nil {
		st.Close()
		return nil, nil, fmt.Errorf("open %s: %w", path, err)
	}
	return conn, func() { conn.Close(); st.Close() }, nil
}
