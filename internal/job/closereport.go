package job

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/reconcile/reconcile/internal/report"
	"github.com/reconcile/reconcile/internal/store"
	"github.com/reconcile/reconcile/queries"
)

// ErrNoClose reports a close id that no close snapshot has.
var ErrNoClose = errors.New("no such close")

// CloseReports writes the reports of the close closeID into outDir again,
// from the database: its Summary, categories, accounts, days, charge
// sources and late events from its snapshot, its findings and rejects
// from the rows it stored, its run's facts from the runs table. They are
// the close's reports cell for cell, whatever came after it (late events,
// ledger rows, re-ratings); only the run's finish time is the one the
// runs table recorded. The database is opened read-only.
func CloseReports(ctx context.Context, dbPath, closeID, outDir string) ([]string, error) {
	conn, done, err := readConn(ctx, dbPath, 0)
	if err != nil {
		return nil, err
	}
	defer done()
	data, err := closeData(ctx, conn, closeID)
	if err != nil {
		return nil, err
	}
	stage, err := newStaging(outDir)
	if err != nil {
		return nil, err
	}
	if _, err := report.Write(stage, data); err != nil {
		os.RemoveAll(stage)
		return nil, err
	}
	return publish(stage, outDir)
}

// closeData reads what the close's reports show.
func closeData(ctx context.Context, conn *sql.Conn, closeID string) (report.Data, error) {
	s := report.Summary{RunID: closeID}
	var period, inputs, ledgers, versions string
	var finished sql.NullTime
	var tol, rel, exp, chg, refund, rebill, refundWithin, rebillWithin, orphans, dups, leakage, resolved store.Decimal
	var c report.CloseMark
	err := conn.QueryRowContext(ctx, queries.CloseOf.Text, closeID).Scan(&period, &s.Started, &finished,
		&s.PriceBook, &s.PriceBookHash, &s.ChargeSource, &tol, &rel, &s.RowsRead, &s.Priced, &s.Rejected,
		&s.Duplicates, &s.LateEvents, &s.LedgerRows, &s.LedgerTaken, &s.LedgerRejected, &inputs, &ledgers,
		&exp, &chg, &s.ExpectedMinutes, &s.ChargedMinutes, &versions, &s.Events, &refund, &rebill,
		&refundWithin, &rebillWithin, &orphans, &s.OrphanMinutes, &dups, &s.DuplicateMinutes, &leakage,
		&s.Discrepancies, &s.EventsWithFindings, &s.OrphansResolved, &resolved, &c.FiguresHash)
	if errors.Is(err, sql.ErrNoRows) {
		return report.Data{}, fmt.Errorf("%w: %s (reconcile close list shows the closes)", ErrNoClose, closeID)
	}
	if err != nil {
		return report.Data{}, fmt.Errorf("read close %s: %w", closeID, err)
	}
	w, err := PeriodWindow(period)
	if err != nil {
		return report.Data{}, fmt.Errorf("close %s: %w", closeID, err)
	}
	c.ID, c.Period = closeID, period
	s.Close = &c
	s.Started, s.Finished = s.Started.UTC(), finished.Time.UTC()
	s.Period, s.From, s.To, s.Month = w.String(), w.From, w.To, w.Period
	s.Tolerance, s.RelTolerance = tol.Decimal, rel.Decimal
	if err := json.Unmarshal([]byte(inputs), &s.Inputs); err != nil {
		return report.Data{}, fmt.Errorf("close %s: inputs: %w", closeID, err)
	}
	if err := json.Unmarshal([]byte(ledgers), &s.Ledgers); err != nil {
		return report.Data{}, fmt.Errorf("close %s: ledgers: %w", closeID, err)
	}
	s.ExpectedCredits, s.ChargedCredits = exp.Decimal, chg.Decimal
	s.DiffCredits = chg.Sub(exp.Decimal)
	s.ToRefund, s.ToRebill = refund.Decimal, rebill.Decimal
	s.RefundWithinTolerance, s.RebillWithinTolerance = refundWithin.Decimal, rebillWithin.Decimal
	s.OrphanCredits, s.DuplicateCredits, s.Leakage = orphans.Decimal, dups.Decimal, leakage.Decimal
	s.OrphansResolvedCredits = resolved.Decimal
	if versions != "" {
		s.Versions = strings.Split(versions, ", ")
	}
	for l, err := range scanRows(ctx, conn, queries.CloseBridgeOf, []any{closeID}, scanBridgeLine) {
		if err != nil {
			return report.Data{}, err
		}
		if c.Bridge == nil {
			c.Bridge = &report.Bridge{From: l.from}
		}
		c.Bridge.Lines = append(c.Bridge.Lines, l.BridgeLine)
	}
	if c.Adjustments, err = collect(ctx, conn, queries.AdjustmentsOf, []any{closeID}, scanAdjustment); err != nil {
		return report.Data{}, err
	}
	if s.Patterns, err = collect(ctx, conn, queries.PatternsOf, []any{closeID}, scanPattern); err != nil {
		return report.Data{}, err
	}
	if s.Categories, err = collect(ctx, conn, queries.CloseCatsOf, []any{closeID}, scanCategory); err != nil {
		return report.Data{}, err
	}
	if s.ChargeSources, err = collect(ctx, conn, queries.CloseSrcsOf, []any{closeID}, scanSource); err != nil {
		return report.Data{}, err
	}
	if s.RejectReasons, err = collect(ctx, conn, queries.ReportRejectReasons, []any{closeID}, scanReasonCount); err != nil {
		return report.Data{}, err
	}
	// The close's findings: the discrepancies it stored, within its
	// window, as report_findings chose them for its reports.
	if _, err := conn.ExecContext(ctx, queries.ReportFindings.Statements()[0], closeID, w.From, w.To); err != nil {
		return report.Data{}, fmt.Errorf("close %s: findings: %w", closeID, err)
	}
	return report.Data{
		Summary:       s,
		Days:          scanRows(ctx, conn, queries.CloseDaysOf, []any{closeID}, scanDay),
		Discrepancies: scanRows(ctx, conn, queries.ReportDiscrepancies, nil, scanDiscrepancy),
		Accounts:      scanRows(ctx, conn, queries.CloseAccsOf, []any{closeID}, scanAccount),
		Late:          scanRows(ctx, conn, queries.CloseLateOf, []any{closeID}, scanLate),
		Rejects:       scanRows(ctx, conn, queries.ReportRejects, []any{closeID}, scanReject),
	}, nil
}

// CurrentClose returns the id of the current close of period (its latest),
// or ErrNoClose. While a run holds the database it waits up to wait.
func CurrentClose(ctx context.Context, dbPath, period string, wait time.Duration) (string, error) {
	conn, done, err := readConn(ctx, dbPath, wait)
	if err != nil {
		return "", err
	}
	defer done()
	var id string
	err = conn.QueryRowContext(ctx, queries.CurrentClose.Text, period).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("%w of %s: a --period run closes a month", ErrNoClose, period)
	}
	if err != nil {
		return "", fmt.Errorf("read the closes of %s: %w", period, err)
	}
	return id, nil
}

// closeBridgeLine is a row of close_bridge: a line and the close it
// starts from.
type closeBridgeLine struct {
	report.BridgeLine
	from string
}

func scanBridgeLine(rows *sql.Rows) (closeBridgeLine, error) {
	var l closeBridgeLine
	var exp, chg, net store.Decimal
	err := rows.Scan(&l.from, &l.Line, &l.Events, &exp, &chg, &net, &l.ExpectedMinutes, &l.ChargedMinutes)
	l.ExpectedCredits, l.ChargedCredits, l.NetCredits = exp.Decimal, chg.Decimal, net.Decimal
	return l, err
}
