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

	"github.com/reconcile/reconcile/internal/explain"
	"github.com/reconcile/reconcile/internal/store"
)

const explainExample = `  reconcile explain evt-2026-10-000123
  reconcile explain --db month.duckdb evt-2026-10-000123`

func newExplainCmd(g *globals) *cobra.Command {
	var (
		db   string
		wait time.Duration
	)
	cmd := &cobra.Command{
		Use:   "explain [--db FILE] [--wait DURATION] EVENT_ID",
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
			return runExplain(cmd.Context(), st.DB, args[0], g.stdout)
		},
	}
	cmd.Flags().StringVar(&db, "db", "reconcile.duckdb", "database file")
	cmd.Flags().DurationVar(&wait, "wait", 0, waitHelp)
	return cmd
}

// runExplain prints what the database holds of the event id.
func runExplain(ctx context.Context, db *sql.DB, id string, w io.Writer) error {
	x, err := explain.Explain(ctx, db, id)
	switch {
	case errors.Is(err, explain.ErrNotFound):
		return fmt.Errorf("no event, duplicate or reject with id %s", printable(id))
	case err != nil:
		return fmt.Errorf("explain %s: %w", printable(id), err)
	}
	var b bytes.Buffer
	if x.Event == nil {
		fmt.Fprintf(&b, "event %s was not priced\n", printable(id))
	} else {
		printEvent(&b, x.Event)
	}
	for _, o := range x.Others {
		fmt.Fprintf(&b, "%-10s %s row %d: %s\n", o.What, printable(o.SourceFile), o.RowNumber, printable(o.Detail))
	}
	_, err = w.Write(b.Bytes())
	return err
}

// printEvent prints the event's price component by component, its charge
// and the categories it fell in.
func printEvent(b *bytes.Buffer, e *explain.Event) {
	fmt.Fprintf(b, "event      %s\n", printable(e.EventID))
	fmt.Fprintf(b, "account    %s   video %s\n", printable(e.AccountID), printable(e.VideoID))
	fmt.Fprintf(b, "created    %s\n", e.CreatedAt.UTC().Format(time.RFC3339Nano))
	fmt.Fprintf(b, "what       %s\n", describe(e))
	fmt.Fprintf(b, "source     %s row %d (run %s)\n", printable(e.SourceFile), e.RowNumber, e.RunID)
	fmt.Fprintf(b, "price book %s, effective from %s, sha256 %s\n\n", e.Version.Name,
		e.Version.EffectiveFrom.UTC().Format(time.RFC3339), e.PricebookHash)
	tw := tabwriter.NewWriter(b, 0, 0, 3, ' ', 0)
	for _, s := range e.Steps {
		fmt.Fprintf(tw, "  %s\t%s\n", s.Name, s.Arithmetic)
	}
	tw.Flush()

	// The charge shown is the one current_usage, the reports and the
	// export show (SPEC §6 "One truth"); the other source is shown beside
	// it when it holds something, so a difference between the two is seen.
	charged := "nothing"
	if e.ChargeSource != "none" {
		charged = fmt.Sprintf("%s credits, %s video minutes", decOr(e.ChargedCredits, "0.00"), intOr(e.ChargedMinutes, "0"))
	}
	fmt.Fprintf(b, "\nexpected   %s credits, %d video minutes\n", e.ExpectedCredits.StringFixed(2), e.ExpectedMinutes)
	fmt.Fprintf(b, "charged    %s (%s)\n", charged, chargeSourceText[e.ChargeSource])
	if l := e.Ledger; l.Rows > 0 {
		fmt.Fprintf(b, "ledger     %s credits, %d video minutes: %s, %d of them charging\n",
			l.Credits.StringFixed(2), l.Minutes, plural(l.Rows, "row"), l.Charging)
	}
	if e.ChargeSource != "inline" && (e.InlineCredits.Valid || e.InlineMinutes.Valid) {
		fmt.Fprintf(b, "render log %s credits, %s video minutes (its own charged columns; not the charge)\n",
			decOr(e.InlineCredits, "0.00"), intOr(e.InlineMinutes, "0"))
	}
	fmt.Fprintf(b, "difference %s credits (charged − expected)\n", signed(e.DiffCredits))
	// The findings of the latest run that reconciled the event
	// (findings_latest): a month close after the nightly run that priced
	// it, say.
	for _, f := range e.Findings {
		fmt.Fprintf(b, "category   %s: %s (run %s)\n", f.Category, f.Detail, f.RunID)
	}
	if len(e.Findings) == 0 {
		fmt.Fprintf(b, "category   none: the latest run that reconciled it found no discrepancy\n")
	}
}

// chargeSourceText says where an event's charge came from (priced_usage's
// charge_source).
var chargeSourceText = map[string]string{
	"ledger": "billing ledger: the sum of the event's ledger rows",
	"inline": "render log's charged columns",
	"none":   "no charge recorded",
}

func describe(e *explain.Event) string {
	parts := []string{e.Kind}
	if e.Media.Valid {
		parts = append(parts, e.Media.String)
	}
	if e.Model.Valid {
		parts = append(parts, e.Model.String)
	}
	parts = append(parts, "actor "+e.Actor)
	if e.IsAd {
		parts = append(parts, "ad")
	}
	if e.DurationMS.Valid {
		parts = append(parts, fmt.Sprintf("%d ms", e.DurationMS.Int64))
	}
	if e.Kind == "edit_image" {
		parts = append(parts, fmt.Sprintf("%d images", e.Images))
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
