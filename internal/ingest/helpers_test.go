package ingest

import (
	"context"
	"database/sql"
	"errors"
)

func asErr[T error](err error, target *T) bool { return errors.As(err, target) }

func errorsIs(err, target error) bool { return errors.Is(err, target) }

// load1 prepares conn and loads render-log files into InputView.
func load1(conn *sql.Conn, files []File) error {
	if err := Prepare(context.Background(), conn); err != nil {
		return err
	}
	return Load(context.Background(), conn, files, 0, testOpts)
}
