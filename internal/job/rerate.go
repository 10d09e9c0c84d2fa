package job

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/reconcile/reconcile/internal/ingest"
	"github.com/reconcile/reconcile/internal/pricing"
	"github.com/reconcile/reconcile/internal/report"
	"github.com/reconcile/reconcile/internal/store"
	"github.com/reconcile/reconcile/queries"
)

// RerateConfig is what a re-rating needs: the window of created_at to
// re-price and the corrected price book.
type RerateConfig struct {
	From       time.Time  // inclusive, UTC
	To         *time.Time // exclusive; nil: no end
	Book       *pricing.Book
	BookYAML   []byte
	BookSource string
	DBPath     string
	OutDir     string // the re-rating report; empty writes none
	Version    string
	Log        *slog.Logger
	Now        func() time.Time
}

// RerateResult is what a committed re-rating did.
type RerateResult struct {
	RunID                    string
	Examined, Changed        int64           // events in the window; whose price changed
	OldExpected, NewExpected decimal.Decimal // the window's expected credits before and after
	Reports                  []string
}

// ErrUnpriceable reports events the corrected book has no version for.
var ErrUnpriceable = errors.New("the corrected price book has no version for some events")

// Rerate re-prices the stored events of a window with a corrected price
// book, as one transaction. Each event whose price changes gets a reversal
// of its current price and a correction with the new one (FinOps FOCUS);
// no row is overwritten. Re-rating twice with the same book changes
// nothing the second time.
func Rerate(ctx context.Context, cfg RerateConfig) (_ *RerateResult, err error) {
	if cfg.Book == nil || cfg.DBPath == "" {
		return nil, errors.New("rerate: a price book and a database are required")
	}
	if _, err := os.Stat(cfg.DBPath); err != nil {
		return nil, fmt.Errorf("rerate: %w", store.ErrNoDatabase)
	}
	now := func() time.Time {
		if cfg.Now != nil {
			return cfg.Now().UTC()
		}
		return time.Now().UTC()
	}
	started := now()
	hash := bookHash(cfg.BookYAML)
	res := &RerateResult{RunID: newRunID(started)}
	var to any
	if cfg.To != nil {
		to = *cfg.To
	}
	log := cfg.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	st, lock, done, err := openLocked(ctx, cfg.DBPath, 0, "reconcile rerate", log)
	if err != nil {
		return nil, err
	}
	defer func() { err = done(err) }()
	_ = lock.Step("rerating") // for status; the note is for people
	c := change{what: "rerate", runID: res.RunID, reportDir: cfg.OutDir, log: log}
	res.Reports, err = c.commit(ctx, st, nil, func(conn *sql.Conn) (stage string, err error) {
		if res.Examined, err = priceWindow(ctx, conn, cfg, to); err != nil {
			return "", err
		}
		for _, stmt := range queries.RerateChanges.Statements() {
			if _, err := conn.ExecContext(ctx, stmt, res.RunID, hash); err != nil {
				return "", fmt.Errorf("rerate: %w", err)
			}
		}
		var oldTotal, change store.Decimal
		err = conn.QueryRowContext(ctx, queries.RerateTotals.Text).
			Scan(&res.Changed, &oldTotal, &change)
		if err != nil {
			return "", fmt.Errorf("rerate: %w", err)
		}
		res.OldExpected, res.NewExpected = oldTotal.Decimal, oldTotal.Add(change.Decimal)
		if _, err := conn.ExecContext(ctx, queries.InsertPricebook.Text, hash, cfg.BookSource, string(cfg.BookYAML), res.RunID); err != nil {
			return "", fmt.Errorf("rerate: record price book: %w", err)
		}
		_, err = conn.ExecContext(ctx, queries.InsertRerate.Text, res.RunID, started, now(), cfg.BookSource, hash,
			cfg.From, to, res.Examined, res.Changed, cfg.Version)
		if err != nil {
			return "", fmt.Errorf("rerate: record run: %w", err)
		}
		if cfg.OutDir == "" {
			return "", nil
		}
		return rerateReport(ctx, conn, cfg, res, started, hash)
	})
	if err != nil {
		return nil, err
	}
	if err := finish(ctx, st.DB, res.RunID, now().Sub(started)); err != nil {
		return nil, err
	}
	log.Info("rerate committed", rerateAttrs(res)...)
	return res, nil
}

// priceWindow reads the window's events at their current price into
// rc_rerate and prices their keys with cfg's book into rc_prices; it
// returns how many events the window holds. It writes temporary tables
// only.
func priceWindow(ctx context.Context, conn *sql.Conn, cfg RerateConfig, to any) (int64, error) {
	if err := ingest.Prepare(ctx, conn); err != nil { // the SQL macros
		return 0, err
	}
	var froms []time.Time
	for _, v := range cfg.Book.Versions {
		froms = append(froms, v.EffectiveFrom)
	}
	q, err := queries.Rerate.Fill(map[string]any{"Version": queries.VersionCase(froms)})
	if err != nil {
		return 0, err
	}
	for _, stmt := range q.Statements() {
		if _, err := conn.ExecContext(ctx, stmt, cfg.From, to); err != nil {
			return 0, fmt.Errorf("rerate: %w", err)
		}
	}
	var examined, unpriced int64
	if err := conn.QueryRowContext(ctx, queries.RerateExamined.Text).Scan(&examined, &unpriced); err != nil {
		return 0, fmt.Errorf("rerate: %w", err)
	}
	if unpriced > 0 {
		return 0, fmt.Errorf("rerate: %w: %d events were created before its first version (%s)",
			ErrUnpriceable, unpriced, cfg.Book.Versions[0].EffectiveFrom.Format(time.RFC3339))
	}
	if _, err := priceKeys(ctx, conn, cfg.Book); err != nil {
		return 0, fmt.Errorf("rerate: %w", err)
	}
	return examined, nil
}

// rerateReport writes the re-rating's report into a staging folder beside
// the report folder and returns it.
func rerateReport(ctx context.Context, conn *sql.Conn, cfg RerateConfig, res *RerateResult, started time.Time, hash string) (string, error) {
	stage, err := newStaging(cfg.OutDir)
	if err != nil {
		return "", err
	}
	var old string
	err = conn.QueryRowContext(ctx, queries.RerateOldBooks.Text).Scan(&old)
	if err != nil {
		return stage, fmt.Errorf("rerate report: %w", err)
	}
	window := "events created from " + cfg.From.Format(time.DateOnly)
	if cfg.To != nil {
		window += " to " + cfg.To.Add(-time.Nanosecond).Format(time.DateOnly)
	}
	r := report.Rerate{
		RunID:       res.RunID,
		Started:     started,
		Window:      window + " (UTC)",
		NewBook:     cfg.BookSource,
		NewBookHash: hash,
		Examined:    res.Examined,
		Changed:     res.Changed,
		OldExpected: res.OldExpected,
		NewExpected: res.NewExpected,
		Accounts:    scanRows(ctx, conn, queries.RerateAccounts, nil, scanRerateAccount),
		Events:      scanRows(ctx, conn, queries.RerateEvents, nil, scanRerateEvent),
		From:        cfg.From,
	}
	if cfg.To != nil {
		r.To = *cfg.To
	}
	if old != "" {
		r.OldBooks = strings.Split(old, ",")
	}
	if _, err := report.WriteRerate(stage, r); err != nil {
		return stage, err
	}
	return stage, nil
}
