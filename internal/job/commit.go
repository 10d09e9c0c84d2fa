package job

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"

	"github.com/reconcile/reconcile/internal/failpoint"
	"github.com/reconcile/reconcile/internal/store"
	"github.com/reconcile/reconcile/queries"
)

// change is one command that changes the database and writes reports: a
// run or a re-rating.
type change struct {
	what        string // "run", "rerate", as errors name it
	runID       string
	reportDir   string // where its reports go; "" for none
	memoryLimit string // "" for DefaultMemoryLimit
	log         *slog.Logger
	lap         func(stage string) // times the stages; may be nil
}

// commit is the skeleton every change shares. stage (may be nil) runs
// first, on the connection work will use, with the memory limit set, before
// the transaction: it may only fill temporary tables, which DuckDB then
// holds as committed rows (a scan of rows a transaction has not committed
// yet gets one thread). work runs inside one transaction; it changes the
// tables and writes the reports to a staging folder, which is recorded as
// the change's before the commit, so that if the process dies after the
// commit the next run moves the reports. After the commit the reports move
// into place. On error nothing is committed and the staging folder is
// removed; reports already in the report folder stay as they were.
func (c change) commit(ctx context.Context, st *store.Store, before func(conn *sql.Conn) error, work func(conn *sql.Conn) (stage string, err error)) ([]string, error) {
	lap := c.lap
	if lap == nil {
		lap = func(string) {}
	}
	var stage string
	prepare := func(conn *sql.Conn) error {
		if err := setMemoryLimit(ctx, conn, c.memoryLimit, c.log); err != nil {
			return err
		}
		if before == nil {
			return nil
		}
		err := before(conn)
		lap("load")
		return err
	}
	err := inTx(ctx, st, prepare, func(conn *sql.Conn) error {
		var err error
		stage, err = work(conn)
		if err == nil && stage != "" {
			_, err = conn.ExecContext(ctx, queries.MarkCommitted.Text, c.reportDir, stage, c.runID)
		}
		if err != nil && stage != "" {
			os.RemoveAll(stage)
		}
		lap("work")
		return err
	})
	if err != nil {
		return nil, err
	}
	lap("commit")
	failpoint.Hit("after-commit")
	var reports []string
	if stage != "" {
		if reports, err = publish(stage, c.reportDir); err != nil {
			return nil, fmt.Errorf("%s %s committed, but its reports were not all moved into place (the next run will): %w", c.what, c.runID, err)
		}
	}
	lap("publish")
	return reports, nil
}

// inTx runs before, then work inside one transaction, on one connection,
// and commits if both succeed. before may only create and fill temporary
// tables (they live with the connection, never in the database file).
func inTx(ctx context.Context, st *store.Store, before, work func(*sql.Conn) error) error {
	conn, err := st.DB.Conn(ctx)
	if err != nil {
		return fmt.Errorf("open %s: %w", st.Path, err)
	}
	defer conn.Close()
	if before != nil {
		if err := before(conn); err != nil {
			return err
		}
	}
	return inTxConn(ctx, conn, func() error {
		if err := work(conn); err != nil {
			return err
		}
		failpoint.Hit("before-commit")
		return nil
	})
}

// inTxConn runs work inside one transaction on conn, and commits if it
// succeeds.
func inTxConn(ctx context.Context, conn *sql.Conn, work func() error) error {
	if _, err := conn.ExecContext(ctx, queries.Begin.Text); err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := work(); err != nil {
		// A failed statement may have aborted the transaction already.
		_, _ = conn.ExecContext(context.WithoutCancel(ctx), queries.Rollback.Text)
		return err
	}
	if _, err := conn.ExecContext(ctx, queries.Commit.Text); err != nil {
		_, _ = conn.ExecContext(context.WithoutCancel(ctx), queries.Rollback.Text)
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
