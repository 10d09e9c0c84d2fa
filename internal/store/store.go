// Package store opens reconcile's DuckDB database: read-write for a run,
// with the schema of SPEC §7 in place, or read-only for analysts' queries.
package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/reconcile/reconcile/queries"
)

// SchemaVersion is the version of the tables this build writes. A database
// with a newer one was written by a newer reconcile.
const SchemaVersion = "10"

// ErrNoDatabase reports a read-only open of a database file that does not exist.
var ErrNoDatabase = errors.New("no database")

// Store is an open database.
type Store struct {
	DB   *sql.DB
	Path string
}

// Open opens (creating it if needed) the database at path for writing and
// makes sure its tables exist. Every connection works in UTC.
func Open(ctx context.Context, path string) (*Store, error) {
	// No statement of reconcile's depends on the order of a table's rows
	// (every report orders by its keys), so DuckDB need not keep it. A bare
	// 10M-row insert then writes its row groups as they fill instead of at
	// the checkpoint on close (0.1 s to close instead of 8 s); a run, whose
	// insert joins and validates, measured the same either way.
	db, err := openDB(path, url.Values{"preserve_insertion_order": {"false"}})
	if err != nil {
		return nil, err
	}
	s := &Store{DB: db, Path: path}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// OpenReadOnly opens an existing database so that nothing can change it.
// Unless allowFiles, the connection cannot read or write any file but the
// database (DuckDB's enable_external_access is off, and DuckDB refuses to turn it
// back on while the database is open).
func OpenReadOnly(ctx context.Context, path string, allowFiles bool) (*Store, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("open %s: %w", path, ErrNoDatabase)
	}
	opts := url.Values{"access_mode": {"READ_ONLY"}}
	if !allowFiles {
		opts.Set("enable_external_access", "false")
	}
	// While a run has the file open for writing, DuckDB refuses to open
	// it ("Conflicting lock"): name the run, as a writer waiting for the
	// lock does, rather than DuckDB's text.
	locked := func(err error) bool { return err != nil && strings.Contains(err.Error(), "Conflicting lock") }
	db, err := openDB(path, opts)
	if locked(err) {
		h, _ := ReadHolder(path)
		return nil, &LockedError{Path: path, Holder: h}
	}
	if err != nil {
		return nil, err
	}
	var v string
	err = db.QueryRowContext(ctx, queries.SchemaVersion.Text).Scan(&v)
	if locked(err) {
		db.Close()
		h, _ := ReadHolder(path)
		return nil, &LockedError{Path: path, Holder: h}
	}
	if err == nil && v != SchemaVersion {
		db.Close()
		return nil, fmt.Errorf("open %s: %w: it has schema version %s, this reconcile reads %s", path, ErrSchemaVersion, v, SchemaVersion)
	}
	return &Store{DB: db, Path: path}, nil
}

// ErrSchemaVersion reports a database that a read-only open cannot use as
// it is: an older one needs a run to migrate it, a newer one a newer
// reconcile.
var ErrSchemaVersion = errors.New("schema version differs")

func openDB(path string, opts url.Values) (*sql.DB, error) {
	connector, err := duckdb.NewConnector(path+"?"+opts.Encode(), func(execer driver.ExecerContext) error {
		_, err := execer.ExecContext(context.Background(), queries.SetUTC.Text, nil)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db := sql.OpenDB(connector)
	// One connection: DuckDB runs a statement on all cores by itself, and a
	// run's temporary tables and transaction live on one connection.
	db.SetMaxOpenConns(1)
	return db, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.DB.Close() }

func (s *Store) migrate(ctx context.Context) error {
	// One connection, one transaction: a migration that fails half way
	// leaves the database as it was.
	conn, err := s.DB.Conn(ctx)
	if err != nil {
		return fmt.Errorf("open %s: %w", s.Path, err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, queries.Begin.Text); err != nil {
		return fmt.Errorf("open %s: %w", s.Path, err)
	}
	if err := s.migrateIn(ctx, conn); err != nil {
		_, _ = conn.ExecContext(context.WithoutCancel(ctx), queries.Rollback.Text)
		return err
	}
	if _, err := conn.ExecContext(ctx, queries.Commit.Text); err != nil {
		_, _ = conn.ExecContext(context.WithoutCancel(ctx), queries.Rollback.Text)
		return fmt.Errorf("create tables in %s: %w", s.Path, err)
	}
	return nil
}

func (s *Store) migrateIn(ctx context.Context, conn *sql.Conn) error {
	if _, err := conn.ExecContext(ctx, queries.CreateMeta.Text); err != nil {
		return fmt.Errorf("create tables in %s: %w", s.Path, err)
	}
	var v string
	err := conn.QueryRowContext(ctx, queries.SchemaVersion.Text).Scan(&v)
	fresh := errors.Is(err, sql.ErrNoRows)
	if err != nil && !fresh {
		return fmt.Errorf("read schema version of %s: %w", s.Path, err)
	}
	if !fresh {
		have, err := strconv.Atoi(v)
		want, _ := strconv.Atoi(SchemaVersion)
		if err != nil || have > want {
			return fmt.Errorf("%s has schema version %s; this reconcile writes %s: use a newer reconcile", s.Path, v, SchemaVersion)
		}
		for ; have < want; have++ {
			if err := execAll(ctx, conn, queries.Migrations[have]); err != nil {
				return fmt.Errorf("migrate %s from schema version %d: %w", s.Path, have, err)
			}
		}
	}
	if err := execAll(ctx, conn, queries.Schema); err != nil {
		return fmt.Errorf("create tables in %s: %w", s.Path, err)
	}
	_, err = conn.ExecContext(ctx, queries.SetSchemaVersion.Text, SchemaVersion)
	return err
}

func execAll(ctx context.Context, conn *sql.Conn, q queries.Query) error {
	for _, stmt := range q.Statements() {
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			return err
		}
	}
	return nil
}
