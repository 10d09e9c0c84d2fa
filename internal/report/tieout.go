package report

import (
	"fmt"
	"iter"

	"github.com/shopspring/decimal"
)

// Tally is what the list sheets added up while their rows streamed by, so
// that the Summary, written last, can check its totals against the sheets
// that show the rows instead of only repeating what it was given; and the
// accounts that owe or are owed the most, for summary.json and summary.html.
// Write fills one; [NewSummaryDoc] reads it.
type Tally struct {
	dayEvents     int64
	dayExpected   decimal.Decimal
	dayCharged    decimal.Decimal
	discrepancies int64           // rows, every one, shown on the sheet or cut
	refund        decimal.Decimal // the Accounts sheet's to_refund, summed
	rebill        decimal.Decimal // and its to_rebill
	top           []TopAccount    // the largest amounts, at most topAccounts, largest first
}

func (t *Tally) day(d Day) {
	t.dayEvents += d.Events
	t.dayExpected = t.dayExpected.Add(d.ExpectedCredits)
	t.dayCharged = t.dayCharged.Add(d.ChargedCredits)
}

func (t *Tally) discrepancy(Discrepancy) { t.discrepancies++ }

func (t *Tally) account(a Account) {
	t.refund = t.refund.Add(a.ToRefund)
	t.rebill = t.rebill.Add(a.ToRebill)
	t.top = keepTop(t.top, a)
}

// observe passes every row of rows to see on its way through; a nil
// sequence stays nil, an empty list.
func observe[T any](rows iter.Seq2[T, error], see func(T)) iter.Seq2[T, error] {
	if rows == nil {
		return nil
	}
	return func(yield func(T, error) bool) {
		for row, err := range rows {
			if err == nil {
				see(row)
			}
			if !yield(row, err) {
				return
			}
		}
	}
}

// check is whether a tie-out line is a check, and if so whether it holds.
type check uint8

const (
	unchecked check = iota // a figure with its explanation
	holds
	fails
)

func verdict(ok bool) check {
	if ok {
		return holds
	}
	return fails
}

// tieOut is one line of the Summary's tie-outs.
type tieOut struct {
	label   string
	count   *int64           // column B
	credits *decimal.Decimal // column C
	note    string           // column E: what it is, how it ties out, or why it does not
	check   check
	result  bool // the line a sum comes to: bold
}

// text is the note as the sheet shows it: a check says first whether it
// holds.
func (t tieOut) text() string {
	switch t.check {
	case holds:
		return "ok: " + t.note
	case fails:
		return "MISMATCH: " + t.note
	}
	return t.note
}

// tieGroup is a few tie-out lines that read as one sum, top to bottom.
type tieGroup struct {
	title string
	rows  []tieOut
}

// failed counts the checks among groups that do not hold, and the checks.
func failed(groups []tieGroup) (failed, checks int) {
	for _, g := range groups {
		for _, t := range g.rows {
			if t.check != unchecked {
				checks++
			}
			if t.check == fails {
				failed++
			}
		}
	}
	return failed, checks
}

func countOf(n int64) *int64 { return &n }

func amountOf(d decimal.Decimal) *decimal.Decimal { return &d }

// tieOuts are the Summary's tie-out lines: every place where a figure of
// the Summary can be reached another way, from the sheets or from its other
// figures, with the differences that are meant to be and why.
func tieOuts(s Summary, t Tally) []tieGroup {
	groups := []tieGroup{dailyTies(s, t), netTies(s, t), eventTies(s, t)}
	if g := sourceTies(s); len(g.rows) > 0 {
		groups = append(groups, g)
	}
	if g := rejectTies(s); len(g.rows) > 0 {
		groups = append(groups, g)
	}
	return groups
}

// dailyTies: the Daily sheet holds the events' charges; orphan charges and
// duplicate rows have no event day of their own.
func dailyTies(s Summary, t Tally) tieGroup {
	c := creditsText
	daily := s.ChargedCredits.Sub(s.OrphanCredits).Sub(s.DuplicateCredits)
	note := "the total row of the Daily sheet"
	if !t.dayCharged.Equal(daily) {
		note = "the Daily sheet's total row is " + c(t.dayCharged)
	}
	expNote := "= expected credits: only events have a price"
	if !t.dayExpected.Equal(s.ExpectedCredits) {
		expNote = fmt.Sprintf("the Daily sheet's total row is %s, expected credits %s", c(t.dayExpected), c(s.ExpectedCredits))
	}
	return tieGroup{"Daily sheet vs charged", []tieOut{
		{label: "charged", credits: amountOf(s.ChargedCredits)},
		{label: "less orphan charges", credits: amountOf(s.OrphanCredits),
			note: "ledger rows of no event: they belong to no event day"},
		{label: "less duplicate-row charges", credits: amountOf(s.DuplicateCredits),
			note: "rows that repeat an event: they belong to no event day"},
		{label: "Daily sheet charged", credits: amountOf(daily), note: note,
			check: verdict(t.dayCharged.Equal(daily)), result: true},
		{label: "Daily sheet expected", credits: amountOf(t.dayExpected), note: expNote,
			check: verdict(t.dayExpected.Equal(s.ExpectedCredits))},
	}}
}

// netTies: the categories' amounts and the differences too small to flag
// make the net difference, and so do to refund and to rebill.
func netTies(s Summary, t Tally) tieGroup {
	c := creditsText
	var categories decimal.Decimal
	for _, ct := range s.Categories {
		categories = categories.Add(ct.Amount)
	}
	net := categories.Add(s.RefundWithinTolerance).Sub(s.RebillWithinTolerance)
	netNote := "= charged − expected"
	if !net.Equal(s.DiffCredits) {
		netNote = "the net difference is " + c(s.DiffCredits)
	}
	owed := s.ToRefund.Sub(s.ToRebill)
	within := "none"
	if !s.RefundWithinTolerance.IsZero() || !s.RebillWithinTolerance.IsZero() {
		within = fmt.Sprintf("+%s / −%s", c(s.RefundWithinTolerance), c(s.RebillWithinTolerance))
	}
	owedNote := "= net difference; of which within tolerance (not flagged): " + within
	if !owed.Equal(s.DiffCredits) {
		owedNote = "the net difference is " + c(s.DiffCredits)
	}
	accountsOK := t.refund.Equal(s.ToRefund) && t.rebill.Equal(s.ToRebill)
	accountsNote := fmt.Sprintf("to_refund %s, to_rebill %s: as above", c(t.refund), c(t.rebill))
	if !accountsOK {
		accountsNote = fmt.Sprintf("to_refund %s, to_rebill %s; above: %s, %s",
			c(t.refund), c(t.rebill), c(s.ToRefund), c(s.ToRebill))
	}
	return tieGroup{"Categories vs net difference", []tieOut{
		{label: "sum of category amounts", credits: amountOf(categories),
			note: "the amount column of the category table"},
		{label: "plus within tolerance, to refund", credits: amountOf(s.RefundWithinTolerance),
			note: "differences of at most the tolerance: not flagged"},
		{label: "less within tolerance, to rebill", credits: amountOf(s.RebillWithinTolerance),
			note: "differences of at most the tolerance: not flagged"},
		{label: "net difference", credits: amountOf(net), note: netNote,
			check: verdict(net.Equal(s.DiffCredits)), result: true},
		{label: "to refund − to rebill", credits: amountOf(owed), note: owedNote,
			check: verdict(owed.Equal(s.DiffCredits))},
		{label: "Accounts sheet to_refund − to_rebill", credits: amountOf(t.refund.Sub(t.rebill)), note: accountsNote,
			check: verdict(accountsOK)},
	}}
}

// eventTies: events, the rows that list findings, and the events among
// them are three different counts.
func eventTies(s Summary, t Tally) tieGroup {
	var categoryRows int64
	for _, ct := range s.Categories {
		categoryRows += ct.Count
	}
	eventsNote := "= the events of the Daily sheet"
	if t.dayEvents != s.Events {
		eventsNote = fmt.Sprintf("the Daily sheet counts %d events", t.dayEvents)
	}
	rowsOK := t.discrepancies == s.Discrepancies && categoryRows == s.Discrepancies
	rowsNote := "= the Discrepancies sheet's rows = the category counts"
	if !rowsOK {
		rowsNote = fmt.Sprintf("the Discrepancies sheet has %d rows, the categories count %d", t.discrepancies, categoryRows)
	}
	g := tieGroup{"Events vs findings", []tieOut{
		{label: "events in the report", count: countOf(s.Events), note: eventsNote,
			check: verdict(t.dayEvents == s.Events)},
		{label: "discrepancy rows", count: countOf(s.Discrepancies), note: rowsNote, check: verdict(rowsOK)},
		{label: "events with findings", count: countOf(s.EventsWithFindings),
			note: "an event can have several categories; duplicate rows and orphans are not events"},
	}}
	if s.LateEvents > 0 {
		g.rows = append(g.rows, tieOut{label: "late events, of closed periods", count: countOf(s.LateEvents),
			note: "not in this report's totals: listed on the Late sheet"})
	}
	return g
}

// chargeSourceLabels name the sources of SourceCount.
var chargeSourceLabels = map[string]struct{ label, note string }{
	"ledger": {"charged from the ledger", "the sum of each event's ledger rows"},
	"inline": {"charged inline", "the render log's charged_credits and charged_video_minutes"},
	"none":   {"not charged", "no charge recorded: uncharged when a price is due"},
}

// sourceTies: where the events' charges came from, and the events that
// arrived for charges an earlier run could not place.
func sourceTies(s Summary) tieGroup {
	g := tieGroup{title: "Charge sources"}
	var events int64
	for _, src := range s.ChargeSources {
		events += src.Events
		l, ok := chargeSourceLabels[src.Source]
		if !ok {
			l.label = "charged from " + src.Source
		}
		g.rows = append(g.rows, tieOut{label: l.label, count: countOf(src.Events),
			credits: amountOf(src.Credits), note: l.note})
	}
	if len(s.ChargeSources) > 0 {
		note := "= the events of every source"
		if events != s.Events {
			note = fmt.Sprintf("the sources count %d events", events)
		}
		g.rows = append(g.rows, tieOut{label: "events in the report", count: countOf(s.Events), note: note,
			check: verdict(events == s.Events), result: true})
	}
	if s.OrphansResolved > 0 {
		g.rows = append(g.rows, tieOut{label: "orphan charges now matched",
			count: countOf(s.OrphansResolved), credits: amountOf(s.OrphansResolvedCredits),
			note: "earlier orphan charges now matched to their event, which has arrived"})
	}
	return g
}

// rejectTies: the run's rejected rows by reason, which together are the
// render log's and the ledger's rejected rows, the Rejects sheet.
func rejectTies(s Summary) tieGroup {
	g := tieGroup{title: "Rejected rows by reason"}
	want := s.Rejected + s.LedgerRejected
	if want == 0 && len(s.RejectReasons) == 0 {
		return g
	}
	var rows int64
	for _, r := range s.RejectReasons {
		rows += r.Count
		g.rows = append(g.rows, tieOut{label: r.Reason, count: countOf(r.Count)})
	}
	note := fmt.Sprintf("= %d render-log + %d ledger rows rejected: the Rejects sheet", s.Rejected, s.LedgerRejected)
	if rows != want {
		note = fmt.Sprintf("the reasons count %d rows, but %d render-log + %d ledger rows were rejected",
			rows, s.Rejected, s.LedgerRejected)
	}
	g.rows = append(g.rows, tieOut{label: "rejected rows", count: countOf(rows), note: note,
		check: verdict(rows == want), result: true})
	return g
}
