package main

import (
	"context"
	"errors"
	"strconv"
	"unicode"

	"github.com/reconcile/reconcile/internal/store"
)

// openReadOnly opens the database for sql and explain, with a hint when
// there is none yet.
func openReadOnly(ctx context.Context, path string, allowFiles bool) (*store.Store, error) {
	st, err := store.OpenReadOnly(ctx, path, allowFiles)
	switch {
	case errors.Is(err, store.ErrNoDatabase):
		return nil, hinted{err, "run `reconcile run` first, or give --db"}
	case errors.Is(err, store.ErrSchemaVersion):
		return nil, hinted{err, "the next `reconcile run` migrates an older database; a newer one needs a newer reconcile"}
	}
	return st, err
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
