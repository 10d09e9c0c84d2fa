// Package explain gathers what the database holds of one event id, for
// `reconcile explain`: the event at its current price with the working of
// that price, step by step under the price-book version that priced it;
// what it was charged and where the charge came from; its ledger rows; the
// findings of the latest run that reconciled it; and the duplicate and
// rejected rows that carry the same id.
//
// Explain derives no figure of its own. The charge, its source and the
// difference are those current_usage shows, by the rule every report uses
// (SPEC §6 "One truth"); the ledger's counts and sums are those of the
// ledger_charges view the reconciliation reads; the working is the pricing
// core's (pricing.Version.Explain). The caller decides how to print it.
package explain

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/reconcile/reconcile/internal/pricing"
	"github.com/reconcile/reconcile/internal/store"
	"github.com/reconcile/reconcile/queries"
)

// ErrNotFound reports an id that no priced event, duplicate row or reject
// carries.
var ErrNotFound = errors.New("no event, duplicate or reject with the id")

// Explanation is what the database holds of one event id.
type Explanation struct {
	Event  *Event  // the event at its current price; nil when none with the id was priced
	Others []Other // the duplicate and rejected rows with the id, by kind, file and row
}

// Event is one event as current_usage shows it, with the working of its
// price.
type Event struct {
	EventID, VideoID, AccountID string
	CreatedAt                   time.Time
	Kind                        string
	Media, Model                sql.NullString
	Actor                       string
	IsAd                        bool
	DurationMS                  sql.NullInt64
	Images                      int64
	SourceFile                  string // the file and row it was read from, by run RunID
	RowNumber                   int64
	RunID                       string

	Version       *pricing.Version // the price-book version that priced it
	PricebookHash string           // the sha256 of the price book it is in
	Steps         []pricing.Step   // the working of its price, ending with the expected credits

	ExpectedCredits store.Decimal
	ExpectedMinutes int64
	// ChargeSource is where the charge came from: "ledger", "inline" or
	// "none" (priced_usage's charge_source).
	ChargeSource   string
	ChargedCredits store.Decimal // NULL when ChargeSource is none
	ChargedMinutes sql.NullInt64
	// InlineCredits and InlineMinutes are the render log's own charged
	// columns: the charge only when ChargeSource is inline.
	InlineCredits store.Decimal
	InlineMinutes sql.NullInt64
	DiffCredits   store.Decimal // charged (none as 0) − expected
	Ledger        Ledger
	Findings      []Finding // by category; none when the latest run that reconciled it found nothing
}

// Ledger is an event's ledger rows, counted and summed as its
// reconciliation counts them; zero when it has none.
type Ledger struct {
	Rows     int64
	Charging int64 // the rows that charge credits or video minutes
	Credits  store.Decimal
	Minutes  int64
}

// Finding is one discrepancy category the latest run that reconciled the
// event found.
type Finding struct {
	Category, Detail, RunID string
}

// Other is a row that carries the id but is not the priced event: a
// duplicate, or a reject.
type Other struct {
	What       string // "duplicate" or "rejected"
	SourceFile string
	RowNumber  int64
	Detail     string // the duplicate's detail, or the reject's reason and message
}

// Explain returns what db holds of the event id. It returns ErrNotFound
// when there is neither a priced event nor another row with the id.
func Explain(ctx context.Context, db *sql.DB, id string) (*Explanation, error) {
	var x Explanation
	e, versionName, err := event(ctx, db, id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return nil, err
	default:
		if err := work(ctx, db, e, versionName); err != nil {
			return nil, err
		}
		if err := findCharges(ctx, db, e); err != nil {
			return nil, err
		}
		x.Event = e
	}
	if x.Others, err = others(ctx, db, id); err != nil {
		return nil, err
	}
	if x.Event == nil && len(x.Others) == 0 {
		return nil, ErrNotFound
	}
	return &x, nil
}

// event reads the event at its current price and the name of the
// price-book version that priced it; sql.ErrNoRows when it was not priced.
func event(ctx context.Context, db *sql.DB, id string) (*Event, string, error) {
	var e Event
	var version string
	err := db.QueryRowContext(ctx, queries.ExplainEvent.Text, id).Scan(
		&e.EventID, &e.VideoID, &e.AccountID, &e.CreatedAt, &e.Kind, &e.Media, &e.Model, &e.Actor,
		&e.IsAd, &e.DurationMS, &e.Images, &e.ExpectedCredits, &e.ExpectedMinutes, &version, &e.ChargedCredits,
		&e.ChargedMinutes, &e.DiffCredits, &e.RunID, &e.SourceFile, &e.RowNumber, &e.PricebookHash,
		&e.ChargeSource, &e.InlineCredits, &e.InlineMinutes)
	return &e, version, err
}

// work finds the price-book version named version in the stored price book
// that priced e, and has the pricing core work out e's price under it.
func work(ctx context.Context, db *sql.DB, e *Event, version string) error {
	var yaml string
	if err := db.QueryRowContext(ctx, queries.ExplainPricebook.Text, e.PricebookHash).Scan(&yaml); err != nil {
		return fmt.Errorf("price book %s: %w", e.PricebookHash, err)
	}
	book, err := pricing.Parse(strings.NewReader(yaml))
	if err != nil {
		return fmt.Errorf("stored price book: %w", err)
	}
	for i := range book.Versions {
		if book.Versions[i].Name == version {
			e.Version = &book.Versions[i]
		}
	}
	if e.Version == nil {
		return fmt.Errorf("price book %s has no version %s", e.PricebookHash, version)
	}
	ev, err := pricing.EventNames(e.Kind, e.Media.String, e.Model.String, e.Actor, e.IsAd, e.DurationMS.Int64, e.Images)
	if err != nil {
		return err
	}
	e.Steps, err = e.Version.Explain(ev)
	return err
}

// findCharges reads e's ledger rows and the findings of the latest run that
// reconciled it.
func findCharges(ctx context.Context, db *sql.DB, e *Event) error {
	l := &e.Ledger
	err := db.QueryRowContext(ctx, queries.ExplainLedger.Text, e.EventID).Scan(&l.Rows, &l.Charging, &l.Credits, &l.Minutes)
	if err != nil {
		return fmt.Errorf("ledger: %w", err)
	}
	rows, err := db.QueryContext(ctx, queries.ExplainFindings.Text, e.EventID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var f Finding
		if err := rows.Scan(&f.Category, &f.Detail, &f.RunID); err != nil {
			return err
		}
		e.Findings = append(e.Findings, f)
	}
	return rows.Err()
}

// others reads the duplicate and rejected rows that carry the id.
func others(ctx context.Context, db *sql.DB, id string) ([]Other, error) {
	rows, err := db.QueryContext(ctx, queries.ExplainOthers.Text, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Other
	for rows.Next() {
		var o Other
		if err := rows.Scan(&o.What, &o.SourceFile, &o.RowNumber, &o.Detail); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}
