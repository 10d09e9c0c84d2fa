package report

import (
	"fmt"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

const summarySheet = "Summary"

// The Summary's columns. Each block keeps credits in column C, so that a
// reader's eye runs down one column of money from the totals through the
// categories to the tie-outs. The columns past noteCol are the chart's
// series, outside the printed area.
const (
	labelCol   = iota // A: what the row is
	countCol          // B: counts
	creditsCol        // C: credits
	minutesCol        // D: video minutes
	noteCol           // E: what it means, or how it ties out
	refundCol         // F: the chart's amounts owed to customers
	rebillCol         // G: the chart's amounts owed to us
)

// writeSummary writes the Summary sheet, for a finance controller: its
// first printed page says which period, whether every input row is
// accounted for and the tie-outs hold, the money (expected, charged, net, to
// refund, to rebill, leakage) and the discrepancies by category. The
// second page is a chart of the categories, the third the tie-outs: how
// each figure follows from the others and from the sheets, checked against
// the rows that t added up as they were written. The run's details (ids,
// files, hashes, tolerances) are on the Run sheet.
func writeSummary(b *book, s Summary, t Tally) error {
	ties := tieOuts(s, t) // first: the first page says whether they hold
	w, err := b.newSheet(summarySheet)
	if err != nil {
		return err
	}
	w.line(spill{excelize.Cell{StyleID: b.title, Value: "Reconciliation report"}})
	w.line("period", spill{b.boldText(s.Period)})
	if c := s.Close; c != nil {
		w.line("close", spill{b.boldText(fmt.Sprintf("%s, signed figures sha256 %s", c.Period, c.FiguresHash))})
	}
	w.line("render-log rows", spill{b.checked(rowCheck(s))})
	if len(s.Ledgers) > 0 {
		w.line("ledger rows", spill{b.checked(ledgerCheck(s))})
	}
	w.line("tie-outs", spill{b.checked(tieOutVerdict(ties))})
	w.skip()

	bold := func(s string) excelize.Cell { return excelize.Cell{StyleID: b.bold, Value: s} }
	boldCredits := func(d decimal.Decimal) excelize.Cell {
		return excelize.Cell{StyleID: b.boldCredits, Value: d.Round(2).InexactFloat64()}
	}
	money := func(d decimal.Decimal) any { return b.cell(credits(d)) }
	count := func(n int64) any { return b.cell(integer(n)) }
	right := func(s string) excelize.Cell { return excelize.Cell{StyleID: b.boldRight, Value: s} }
	w.line(bold("Money"), nil, right("credits"), right("video minutes"))
	w.line("expected", nil, money(s.ExpectedCredits), count(s.ExpectedMinutes))
	w.line("charged", nil, money(s.ChargedCredits), count(s.ChargedMinutes))
	w.line("net difference (charged − expected)", nil, boldCredits(s.DiffCredits),
		count(s.ChargedMinutes-s.ExpectedMinutes))
	w.line(bold("to refund (owed to customers)"), nil, boldCredits(s.ToRefund), nil,
		b.noteText("of which within tolerance (not flagged): "+creditsText(s.RefundWithinTolerance)))
	w.line(bold("to rebill (owed to us)"), nil, boldCredits(s.ToRebill), nil,
		b.noteText("of which within tolerance (not flagged): "+creditsText(s.RebillWithinTolerance)))
	w.line("leakage (uncharged + undercharged)", nil, money(s.Leakage), nil, b.noteText(leakageShare(s)))
	w.skip()

	w.line(bold("Discrepancies by category"), right("count"), right("amount (credits)"), right("video minutes"),
		nil, right("owed to customers"), right("owed to us"))
	header := w.row
	var rows int64
	var amounts decimal.Decimal
	for _, c := range s.Categories {
		rows += c.Count
		amounts = amounts.Add(c.Amount)
		cells := []any{b.text(categoryLabel(c.Category)), count(c.Count), money(c.Amount),
			count(c.Minutes), b.noteText(categoryNote(c)), nil, nil}
		switch direction(c.Amount) { // the chart's series: see addCategoryChart
		case owedToCustomers:
			cells[refundCol] = money(c.Amount)
		case owedToUs:
			cells[rebillCol] = money(c.Amount)
		}
		w.line(cells...)
	}
	last := w.row
	if len(s.Categories) > 0 {
		w.line(bold("total"), excelize.Cell{StyleID: b.boldCount, Value: rows}, boldCredits(amounts), nil,
			b.noteText("with the differences within tolerance, the net: see Tie-outs"))
	}

	// The second printed page is the chart, the third the tie-outs; a
	// block is never split across pages.
	w.pageBreak()
	chartAt := 0
	if len(s.Categories) > 0 {
		chartAt = w.row + 2
		w.row += 1 + chartRows
		w.pageBreak()
	}
	w.skip()
	w.line(excelize.Cell{StyleID: b.title, Value: "Tie-outs"})
	for i, g := range ties {
		if i > 0 {
			w.skip()
		}
		w.line(excelize.Cell{StyleID: b.bold, Value: g.title})
		for _, t := range g.rows {
			var label, n, d any = b.text(t.label), nil, nil
			if t.count != nil {
				n = count(*t.count)
			}
			if t.credits != nil {
				d = money(*t.credits)
			}
			if t.result {
				label = bold(t.label)
				if t.count != nil {
					n = excelize.Cell{StyleID: b.boldCount, Value: *t.count}
				}
				if t.credits != nil {
					d = boldCredits(*t.credits)
				}
			}
			note := b.noteText(t.text())
			if t.check == fails {
				note = excelize.Cell{StyleID: b.asideFail, Value: t.text()}
			}
			w.line(label, n, d, nil, note)
		}
	}
	if w.err == nil {
		w.err = b.printArea(summarySheet, noteCol, w.row)
	}
	// The chart comes last, once the columns have their widths: excelize
	// anchors it to the cells it covers when it is added.
	if err := w.done(); err != nil {
		return err
	}
	if chartAt > 0 {
		return addCategoryChart(b, header, last, chartAt)
	}
	return nil
}

// rowCheck is the line that says whether every render-log row ended in
// exactly one place (SPEC §2).
func rowCheck(s Summary) (string, bool) {
	sum := s.Priced + s.Rejected + s.Duplicates
	parts := fmt.Sprintf("%d priced + %d rejected + %d duplicates", s.Priced, s.Rejected, s.Duplicates)
	if sum != s.RowsRead {
		return fmt.Sprintf("MISMATCH: %d read, but %s = %d: %s unaccounted for",
			s.RowsRead, parts, sum, plural(s.RowsRead-sum, "row")), false
	}
	return fmt.Sprintf("ok: every row accounted for: %d read = %s", s.RowsRead, parts), true
}

// ledgerCheck is rowCheck for the ledger rows.
func ledgerCheck(s Summary) (string, bool) {
	sum := s.LedgerTaken + s.LedgerRejected
	parts := fmt.Sprintf("%d taken + %d rejected", s.LedgerTaken, s.LedgerRejected)
	if sum != s.LedgerRows {
		return fmt.Sprintf("MISMATCH: %d read, but %s = %d: %s unaccounted for",
			s.LedgerRows, parts, sum, plural(s.LedgerRows-sum, "ledger row")), false
	}
	return fmt.Sprintf("ok: every ledger row accounted for: %d read = %s", s.LedgerRows, parts), true
}

// tieOutVerdict says on the first page whether the tie-outs below hold.
func tieOutVerdict(ties []tieGroup) (string, bool) {
	bad, checks := failed(ties)
	if bad > 0 {
		return fmt.Sprintf("MISMATCH: %d of the %d checks below fail", bad, checks), false
	}
	return fmt.Sprintf("ok: the %d checks below hold", checks), true
}

// plural is n things: "1 row", "2 rows", "-1 rows".
func plural(n int64, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}

// leakageShare is the leakage as a share of the expected credits, to one
// place.
func leakageShare(s Summary) string {
	if !s.ExpectedCredits.IsPositive() {
		return "no expected credits"
	}
	pct := s.Leakage.Mul(decimal.NewFromInt(100)).Div(s.ExpectedCredits)
	return pct.StringFixed(1) + "% of expected credits"
}

// noteText is a note of the Summary's note column: text set off by an indent
// from the number before it.
func (b *book) noteText(s string) any {
	if s == "" || formulaLike(s) {
		return b.text(s)
	}
	return excelize.Cell{StyleID: b.aside, Value: s}
}

// checked is the text of a check as a cell: red and bold when it fails.
func (b *book) checked(text string, ok bool) any {
	if ok {
		return b.text(text)
	}
	return excelize.Cell{StyleID: b.note, Value: text}
}

// boldText is a bold text cell, unless it looks like a formula: then it is
// quote-prefixed, as b.text makes it, and plain.
func (b *book) boldText(s string) any {
	if s == "" || formulaLike(s) {
		return b.text(s)
	}
	return excelize.Cell{StyleID: b.bold, Value: s}
}

// printArea prints the sheet's columns A through the 0-based column last,
// rows 1 through rows.
func (b *book) printArea(sheet string, last, rows int) error {
	col, err := excelize.ColumnNumberToName(last + 1)
	if err != nil {
		return err
	}
	return b.f.SetDefinedName(&excelize.DefinedName{
		Name:     "_xlnm.Print_Area",
		RefersTo: fmt.Sprintf("'%s'!$A$1:$%s$%d", sheet, col, max(rows, 1)),
		Scope:    sheet,
	})
}
