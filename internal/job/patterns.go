package job

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/reconcile/reconcile/internal/patterns"
	"github.com/reconcile/reconcile/internal/pricing"
	"github.com/reconcile/reconcile/internal/report"
	"github.com/reconcile/reconcile/internal/store"
	"github.com/reconcile/reconcile/queries"
)

// patterns names the systematic causes of the report's findings (package
// patterns, priced again with the run's price book), records them in the
// patterns table, and returns them for the Patterns sheet. Run after the
// findings, inside the run's transaction.
func (r *runner) patterns(ctx context.Context) ([]report.Pattern, error) {
	t0 := time.Now()
	findings, err := collect(ctx, r.conn, queries.PatternFindings, nil, scanPatternFinding)
	if err != nil {
		return nil, err
	}
	events := patterns.Events{PerDay: map[string]int64{}, PerFile: map[string]int64{}}
	for d, err := range scanRows(ctx, r.conn, queries.PatternDays, nil, scanDayCount) {
		if err != nil {
			return nil, err
		}
		events.PerDay[d.day.UTC().Format(time.DateOnly)] = d.n
	}
	// A file none of whose events was charged has only uncharged
	// findings: only such files are counted (most months have none).
	for _, file := range patterns.UnchargedFiles(findings) {
		n, err := r.count(ctx, queries.PatternFiles, file)
		if err != nil {
			return nil, err
		}
		events.PerFile[file] = n
	}
	read := time.Since(t0)
	found, err := patterns.Find(r.cfg.Book, findings, events)
	if err != nil {
		return nil, err
	}
	out := make([]report.Pattern, len(found))
	for i, p := range found {
		out[i] = report.Pattern{Cause: p.Cause, Rule: p.Rule, Group: p.Group, Events: p.Events, GroupFindings: p.InGroup,
			Credits: p.Credits.Decimal(), Minutes: p.Minutes}
		_, err := r.conn.ExecContext(ctx, queries.InsertPattern.Text, r.runID, i+1, p.Cause, p.Rule, p.Group, p.Events,
			p.InGroup, p.Credits.String(), p.Minutes)
		if err != nil {
			return nil, fmt.Errorf("record patterns: %w", err)
		}
	}
	r.cfg.log().Debug("patterns", "findings", len(findings), "patterns", len(out), "read_seconds", read.Seconds(),
		"seconds", time.Since(t0).Seconds())
	return out, nil
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
	if err := rows.Scan(&f.EventID, &f.AccountID, &f.CreatedAt, &f.SourceFile, &kind, &media, &model, &actor, &isAd, &duration, &images,
		&exp, &f.ExpectedMinutes, &chg, &f.ChargedMinutes, &f.CreditFinding); err != nil {
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

func scanPattern(rows *sql.Rows) (report.Pattern, error) {
	var p report.Pattern
	var credits store.Decimal
	err := rows.Scan(&p.Cause, &p.Rule, &p.Group, &p.Events, &p.GroupFindings, &credits, &p.Minutes)
	p.Credits = credits.Decimal
	return p, err
}
