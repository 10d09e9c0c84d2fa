package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/reconcile/reconcile/internal/pricing"
	"github.com/reconcile/reconcile/internal/store"
	"github.com/reconcile/reconcile/queries"
)

const explainExample = `  reconcile explain evt-2026-10-000123
  reconcile explain --db month.duckdb evt-2026-10-000123`

func newExplainCmd(g *globals) *cobra.Command {
	var (
		db   string
		wait time.Duration
	)
	cmd := &cobra.Command{
		Use:   "explain [--db FILE] EVENT_ID",
		Short: "Show how one event was priced and why it is (or is not) a discrepancy",
		Long: `explain prints one event's price component by component, with the arithmetic,
the price book version and its hash, what was charged, and the discrepancy
categories the event fell in. Duplicate and rejected rows with the same id
are listed too.`,
		Example: explainExample,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("give one EVENT_ID")
			}
			st, err := openReadOnly(cmd.Context(), db, false, wait)
			if err != nil {
				return err
			}
			defer st.Close()
			return explain(cmd.Context(), st.DB, args[0], g.stdout)
		},
	}
	cmd.Flags().StringVar(&db, "db", "reconcile.duckdb", "database file")
	cmd.Flags().DurationVar(&wait, "wait", 0, waitHelp)
	return cmd
}

// storedEvent is an event as current_usage shows it.
type storedEvent struct {
	eventID, videoID, accountID, kind, actor, version, hash, runID, file string
	source                                                               string // of the charge: ledger, inline, none
	media, model                                                         sql.NullString
	created                                                              time.Time
	isAd                                                                 bool
	duration                                                             sql.NullInt64
	images, row, minutes                                                 int64
	expected, charged, diff, inline                                      store.Decimal
	chargedMinutes, inlineMinutes                                        sql.NullInt64
}

func explain(ctx context.Context, db *sql.DB, id string, w io.Writer) error {
	var e storedEvent
	err := db.QueryRowContext(ctx, queries.ExplainEvent.Text, id).Scan(
		&e.eventID, &e.videoID, &e.accountID, &e.created, &e.kind, &e.media, &e.model, &e.actor,
		&e.isAd, &e.duration, &e.images, &e.expected, &e.minutes, &e.version, &e.charged,
		&e.chargedMinutes, &e.diff, &e.runID, &e.file, &e.row, &e.hash, &e.source, &e.inline, &e.inlineMinutes)
	var b bytes.Buffer
	switch {
	case errors.Is(err, sql.ErrNoRows):
		fmt.Fprintf(&b, "event %s was not priced\n", printable(id))
	case err != nil:
		return fmt.Errorf("explain %s: %w", printable(id), err)
	default:
		if err := explainPrice(ctx, db, &e, &b); err != nil {
			return err
		}
	}
	found := err == nil
	more, err := explainOthers(ctx, db, id, &b)
	if err != nil {
		return err
	}
	if !found && !more {
		return fmt.Errorf("no event, duplicate or reject with id %s", printable(id))
	}
	_, err = w.Write(b.Bytes())
	return err
}

func explainPrice(ctx context.Context, db *sql.DB, e *storedEvent, b *bytes.Buffer) error {
	var yaml string
	if err := db.QueryRowContext(ctx, "SELECT yaml FROM pricebooks WHERE pricebook_hash = ?", e.hash).Scan(&yaml); err != nil {
		return fmt.Errorf("explain %s: price book %s: %w", printable(e.eventID), e.hash, err)
	}
	book, err := pricing.Parse(strings.NewReader(yaml))
	if err != nil {
		return fmt.Errorf("explain %s: stored price book: %w", printable(e.eventID), err)
	}
	var v *pricing.Version
	for i := range book.Versions {
		if book.Versions[i].Name == e.version {
			v = &book.Versions[i]
		}
	}
	if v == nil {
		return fmt.Errorf("explain %s: price book %s has no version %s", printable(e.eventID), e.hash, e.version)
	}
	ev, err := pricing.EventNames(e.kind, e.media.String, e.model.String, e.actor, e.isAd, e.duration.Int64, e.images)
	if err != nil {
		return fmt.Errorf("explain %s: %w", printable(e.eventID), err)
	}
	steps, err := v.Explain(ev)
	if err != nil {
		return fmt.Errorf("explain %s: %w", printable(e.eventID), err)
	}

	fmt.Fprintf(b, "event      %s\n", printable(e.eventID))
	fmt.Fprintf(b, "account    %s   video %s\n", printable(e.accountID), printable(e.videoID))
	fmt.Fprintf(b, "created    %s\n", e.created.UTC().Format(time.RFC3339Nano))
	fmt.Fprintf(b, "what       %s\n", describe(e))
	fmt.Fprintf(b, "source     %s row %d (run %s)\n", printable(e.file), e.row, e.runID)
	fmt.Fprintf(b, "price book %s, effective from %s, sha256 %s\n\n", v.Name,
		v.EffectiveFrom.UTC().Format(time.RFC3339), e.hash)
	tw := tabwriter.NewWriter(b, 0, 0, 3, ' ', 0)
	for _, s := range steps {
		fmt.Fprintf(tw, "  %s\t%s\n", s.Name, s.Arithmetic)
	}
	tw.Flush()

	// The charge shown is the one current_usage, the reports and the
	// export show (SPEC §6 "One truth"); the other source is shown beside
	// it when it holds something, so a difference between the two is seen.
	charged := "nothing"
	if e.source != "none" {
		charged = fmt.Sprintf("%s credits, %s video minutes", decOr(e.charged, "0.00"), intOr(e.chargedMinutes, "0"))
	}
	fmt.Fprintf(b, "\nexpected   %s credits, %d video minutes\n", e.expected.StringFixed(2), e.minutes)
	fmt.Fprintf(b, "charged    %s (%s)\n", charged, chargeSourceText[e.source])
	var nrows, positive int64
	var credits store.Decimal
	var minutes int64
	err = db.QueryRowContext(ctx, `SELECT coalesce(any_value(ledger_rows), 0), coalesce(any_value(positive_rows), 0),
		coalesce(any_value(credits), 0)::DECIMAL(38, 2), coalesce(any_value(video_minutes), 0)::BIGINT
		FROM ledger_charges WHERE event_id = ?`, e.eventID).Scan(&nrows, &positive, &credits, &minutes)
	if err != nil {
		return fmt.Errorf("explain %s: ledger: %w", printable(e.eventID), err)
	}
	if nrows > 0 {
		fmt.Fprintf(b, "ledger     %s credits, %d video minutes: %s, %d of them charging\n",
			credits.StringFixed(2), minutes, plural(nrows, "row"), positive)
	}
	if e.source != "inline" && (e.inline.Valid || e.inlineMinutes.Valid) {
		fmt.Fprintf(b, "render log %s credits, %s video minutes (its own charged columns; not the charge)\n",
			decOr(e.inline, "0.00"), intOr(e.inlineMinutes, "0"))
	}
	fmt.Fprintf(b, "difference %s credits (charged − expected)\n", signed(e.diff))
	// The findings of the latest run that reconciled the event
	// (findings_latest): a month close after the nightly run that priced
	// it, say.
	rows, err := db.QueryContext(ctx, `SELECT category, detail, run_id FROM findings_latest
		WHERE event_id = $1 AND category NOT IN ('duplicate_event', 'orphan_charge')
		ORDER BY category`, e.eventID)
	if err != nil {
		return fmt.Errorf("explain %s: %w", printable(e.eventID), err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var cat, detail, run string
		if err := rows.Scan(&cat, &detail, &run); err != nil {
			return err
		}
		fmt.Fprintf(b, "category   %s: %s (run %s)\n", cat, detail, run)
		n++
	}
	if n == 0 {
		fmt.Fprintf(b, "category   none: the latest run that reconciled it found no discrepancy\n")
	}
	return rows.Err()
}

// explainOthers lists the duplicate and rejected rows that carry the id,
// and says whether there were any.
func explainOthers(ctx context.Context, db *sql.DB, id string, b *bytes.Buffer) (bool, error) {
	rows, err := db.QueryContext(ctx, queries.ExplainOthers.Text, id)
	if err != nil {
		return false, fmt.Errorf("explain %s: %w", printable(id), err)
	}
	defer rows.Close()
	any := false
	for rows.Next() {
		var what, file, detail string
		var row int64
		if err := rows.Scan(&what, &file, &row, &detail); err != nil {
			return false, err
		}
		fmt.Fprintf(b, "%-10s %s row %d: %s\n", what, printable(file), row, printable(detail))
		any = true
	}
	return any, rows.Err()
}

// chargeSourceText says where an event's charge came from (priced_usage's
// charge_source).
var chargeSourceText = map[string]string{
	"ledger": "billing ledger: the sum of the event's ledger rows",
	"inline": "render log's charged columns",
	"none":   "no charge recorded",
}

func describe(e *storedEvent) string {
	parts := []string{e.kind}
	if e.media.Valid {
		parts = append(parts, e.media.String)
	}
	if e.model.Valid {
		parts = append(parts, e.model.String)
	}
	parts = append(parts, "actor "+e.actor)
	if e.isAd {
		parts = append(parts, "ad")
	}
	if e.duration.Valid {
		parts = append(parts, fmt.Sprintf("%d ms", e.duration.Int64))
	}
	if e.kind == "edit_image" {
		parts = append(parts, fmt.Sprintf("%d images", e.images))
	}
	return strings.Join(parts, ", ")
}

// plural is n and the noun, with an s unless n is 1.
func plural(n int64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func decOr(d store.Decimal, null string) string {
	if !d.Valid {
		return null
	}
	return d.StringFixed(2)
}

func intOr(n sql.NullInt64, null string) string {
	if !n.Valid {
		return null
	}
	return fmt.Sprint(n.Int64)
}

func signed(d store.Decimal) string {
	if d.IsPositive() {
		return "+" + d.StringFixed(2)
	}
	return d.StringFixed(2)
}
