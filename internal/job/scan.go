package job

import (
	"database/sql"

	"github.com/reconcile/reconcile/internal/report"
	"github.com/reconcile/reconcile/internal/store"
)

// The scan functions read one row of a report query into a report type.

func scanCategory(rows *sql.Rows) (report.CategoryTotal, error) {
	var ct report.CategoryTotal
	var amount store.Decimal
	err := rows.Scan(&ct.Category, &ct.Count, &amount, &ct.Minutes)
	ct.Amount = amount.Decimal
	return ct, err
}

func scanDiscrepancy(rows *sql.Rows) (report.Discrepancy, error) {
	var d report.Discrepancy
	var created sql.NullTime
	var exp, chg, diff store.Decimal
	var chgMin sql.NullInt64
	err := rows.Scan(&d.EventID, &d.AccountID, &created, &d.Category, &exp, &chg, &diff,
		&d.ExpectedMinutes, &chgMin, &d.Detail, &d.SourceFile, &d.RowNumber)
	if created.Valid {
		d.CreatedAt = created.Time.UTC()
	}
	d.ExpectedCredits, d.ChargedCredits, d.DiffCredits = exp.Decimal, chg.Ptr(), diff.Decimal
	if chgMin.Valid {
		d.ChargedMinutes = &chgMin.Int64
	}
	return d, err
}

func scanAccount(rows *sql.Rows) (report.Account, error) {
	var a report.Account
	var exp, chg, diff, refund, rebill store.Decimal
	err := rows.Scan(&a.AccountID, &a.Events, &exp, &chg, &diff, &a.ExpectedMinutes, &a.ChargedMinutes,
		&refund, &rebill, &a.Discrepancies, &a.Overcharged, &a.Undercharged, &a.Uncharged,
		&a.MinutesMismatch, &a.DuplicateEvent, &a.OrphanCharge, &a.DuplicateCharge, &a.AccountMismatch)
	a.ExpectedCredits, a.ChargedCredits, a.DiffCredits = exp.Decimal, chg.Decimal, diff.Decimal
	a.ToRefund, a.ToRebill = refund.Decimal, rebill.Decimal
	return a, err
}

func scanDay(rows *sql.Rows) (report.Day, error) {
	var d report.Day
	var exp, chg, diff store.Decimal
	err := rows.Scan(&d.Date, &d.Events, &exp, &chg, &diff, &d.ExpectedMinutes, &d.ChargedMinutes, &d.Discrepancies)
	d.Date = d.Date.UTC()
	d.ExpectedCredits, d.ChargedCredits, d.DiffCredits = exp.Decimal, chg.Decimal, diff.Decimal
	return d, err
}

func scanLate(rows *sql.Rows) (report.LateEvent, error) {
	var l report.LateEvent
	var exp, chg, diff store.Decimal
	var minutes sql.NullInt64
	err := rows.Scan(&l.EventID, &l.AccountID, &l.CreatedAt, &l.Period, &exp, &chg, &diff,
		&l.ChargeSource, &minutes, &l.Categories, &l.SourceFile, &l.RowNumber)
	l.CreatedAt = l.CreatedAt.UTC()
	l.ExpectedCredits, l.ChargedCredits, l.DiffCredits = exp.Decimal, chg.Ptr(), diff.Decimal
	if minutes.Valid {
		l.ChargedMinutes = &minutes.Int64
	}
	return l, err
}

func scanReject(rows *sql.Rows) (report.Reject, error) {
	var j report.Reject
	var eventID sql.NullString
	err := rows.Scan(&j.SourceFile, &j.RowNumber, &eventID, &j.Reason, &j.Message, &j.Raw)
	j.EventID = eventID.String
	return j, err
}

func scanRerateAccount(rows *sql.Rows) (report.RerateAccount, error) {
	var a report.RerateAccount
	var old, cur, change store.Decimal
	err := rows.Scan(&a.AccountID, &a.Events, &old, &cur, &change, &a.OldMinutes, &a.NewMinutes)
	a.OldExpected, a.NewExpected, a.Change = old.Decimal, cur.Decimal, change.Decimal
	return a, err
}

func scanRerateEvent(rows *sql.Rows) (report.RerateEvent, error) {
	var e report.RerateEvent
	var old, cur, change store.Decimal
	err := rows.Scan(&e.EventID, &e.AccountID, &e.CreatedAt, &e.OldVersion, &e.NewVersion, &old, &cur, &change,
		&e.OldMinutes, &e.NewMinutes)
	e.CreatedAt = e.CreatedAt.UTC()
	e.OldExpected, e.NewExpected, e.Change = old.Decimal, cur.Decimal, change.Decimal
	return e, err
}

func scanReasonCount(rows *sql.Rows) (report.ReasonCount, error) {
	var rc report.ReasonCount
	err := rows.Scan(&rc.Reason, &rc.Count)
	return rc, err
}

func scanSource(rows *sql.Rows) (report.SourceCount, error) {
	var sc report.SourceCount
	var credits store.Decimal
	err := rows.Scan(&sc.Source, &sc.Events, &credits)
	sc.Credits = credits.Decimal
	return sc, err
}
