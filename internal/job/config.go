package job

import (
	"errors"
	"log/slog"
	"time"

	"github.com/shopspring/decimal"

	"github.com/reconcile/reconcile/internal/pricing"
)

// Config is what a run needs. Inputs, Book and DBPath are required.
type Config struct {
	Inputs     []string      // files, directories or globs (SPEC §2)
	Book       *pricing.Book // the price book
	BookYAML   []byte        // its bytes, kept in the database and hashed
	BookSource string        // where it came from, for people
	DBPath     string
	OutDir     string          // reports; empty writes none
	Tolerance  decimal.Decimal // credits; a difference equal to it is not flagged
	Version    string          // of reconcile, recorded with the run
	Log        *slog.Logger
	Now        func() time.Time // the clock; time.Now when nil
}

// Validate checks the configuration before anything is opened.
func (c *Config) Validate() error {
	switch {
	case len(c.Inputs) == 0:
		return errors.New("no --input given")
	case c.Book == nil || len(c.BookYAML) == 0:
		return errors.New("no price book")
	case c.DBPath == "":
		return errors.New("no --db given")
	case c.Tolerance.IsNegative():
		return errors.New("--tolerance is below zero")
	}
	return nil
}

func (c *Config) now() time.Time {
	if c.Now != nil {
		return c.Now().UTC()
	}
	return time.Now().UTC()
}

func (c *Config) log() *slog.Logger {
	if c.Log != nil {
		return c.Log
	}
	return slog.New(slog.DiscardHandler)
}
