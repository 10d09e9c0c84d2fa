package job

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/reconcile/reconcile/internal/patterns"
	"github.com/reconcile/reconcile/internal/pricing"
	"github.com/reconcile/reconcile/internal/store"
	"github.com/reconcile/reconcile/queries"
)

// Patterns names the systematic causes of the month period's findings as
// they stand (findings_latest, current_usage), biggest first, priced again
// with book. The database is opened to read.
func Patterns(ctx context.Context, dbPath, period string, book *pricing.Book) ([]patterns.Pattern, error) {
	w, err := PeriodWindow(period)
	if err != nil {
		return nil, err
	}
	conn, done, err := readConn(ctx, dbPath, 0)
	if err != nil {
		return nil, err
	}
	defer done()
	return monthPatterns(ctx, conn, w.From, w.To, book)
}

func monthPatterns(ctx context.Context, conn *sql.Conn, from, to time.Time, book *pricing.Book) ([]patterns.Pattern, error) {
	var findings []patterns.Finding
	for f, err := range scanRows(ctx, conn, queries.PatternFindings, []any{from, to}, scanPatternFinding) {
		if err != nil {
			return nil, err
		}
		findings = append(findings, f)
	}
	days := map[string]int64{}
	for d, err := range scanRows(ctx, conn, queries.PatternDays, []any{from, to}, scanDayCount) {
		if err != nil {
			return nil, err
		}
		days[d.day.UTC().Format(time.DateOnly)] = d.n
	}
	return patterns.Find(book, findings, days)
}

type dayCount struct {
	day time.Time
	n   int64
}

func scanDayCount(rows *sql.Rows) (dayCount, error) {
	var d dayCount
	return d, rows.Scan(&d.day, &d.n)
}

func scanPatternFinding(rows *sql.Rows) (patterns.Finding, error) {
	var f patterns.Finding
	var kind, media, model, actor string
	var isAd bool
	var duration, images int64
	var exp store.Decimal
	var chg sql.Null[store.Decimal]
	if err := rows.Scan(&f.EventID, &f.CreatedAt, &kind, &media, &model, &actor, &isAd, &duration, &images,
		&exp, &f.ExpectedMinutes, &chg, &f.ChargedMinutes); err != nil {
		return f, err
	}
	e, err := pricing.EventNames(kind, media, model, actor, isAd, duration, images)
	if err != nil {
		return f, fmt.Errorf("event %s: %w", f.EventID, err)
	}
	f.Event, f.CreatedAt = e, f.CreatedAt.UTC()
	f.Expected = cents(exp)
	if chg.Valid {
		c := cents(chg.V)
		f.Charged = &c
	}
	return f, nil
}

// cents is a stored amount of credits (two decimals) as pricing.Cents.
func cents(d store.Decimal) pricing.Cents {
	return pricing.Cents(d.Shift(2).IntPart())
}
