package report

import (
	"fmt"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

const summarySheet = "Summary"

// writeSummary writes the Summary sheet: what was run, over what, how every
// input row ended, the totals, and the discrepancies by category with a
// chart of their amounts.
func writeSummary(b *book, s Summary) error {
	w, err := b.newSummary([]float64{44, 66, 28, 14})
	if err != nil {
		return err
	}
	w.line(excelize.Cell{StyleID: b.title, Value: "Reconciliation report"})
	w.skip()
	w.heading("Run")
	w.pair("run id", b.text(s.RunID))
	w.pair("started (UTC)", b.text(rfc3339(s.Started)))
	w.pair("finished (UTC)", b.text(rfc3339(s.Finished)))
	w.pair("period", b.text(s.Period))
	w.items("inputs", s.Inputs)
	w.items("ledger files", s.Ledgers)
	w.pair("charge source", b.text(s.ChargeSource))
	w.pair("price book", b.text(s.PriceBook))
	w.pair("price book sha256", b.text(s.PriceBookHash))
	w.pair("price book versions used", b.text(strings.Join(s.Versions, ", ")))
	// The tolerances may have more than two places; show them as given.
	w.pair("tolerance (credits)", s.Tolerance.InexactFloat64())
	w.line("relative tolerance", s.RelTolerance.InexactFloat64(),
		"a difference is flagged above tolerance + relative tolerance × |charged|")
	w.skip()

	w.heading("Rows")
	w.pair("rows read", s.RowsRead)
	w.pair("priced", s.Priced)
	w.pair("rejected", s.Rejected)
	w.pair("duplicates", s.Duplicates)
	sum := s.Priced + s.Rejected + s.Duplicates
	check := "ok: every row is accounted for"
	if sum != s.RowsRead {
		check = fmt.Sprintf("MISMATCH: %d rows unaccounted for", s.RowsRead-sum)
	}
	w.line("priced + rejected + duplicates = rows read", sum, check)
	w.line("late events (earlier closed periods)", s.LateEvents, "listed on the Late sheet")
	if len(s.Ledgers) > 0 {
		w.pair("ledger rows read", s.LedgerRows)
		w.pair("ledger rows taken", s.LedgerTaken)
		w.pair("ledger rows rejected", s.LedgerRejected)
		check := "ok: every ledger row is accounted for"
		if s.LedgerTaken+s.LedgerRejected != s.LedgerRows {
			check = fmt.Sprintf("MISMATCH: %d ledger rows unaccounted for", s.LedgerRows-s.LedgerTaken-s.LedgerRejected)
		}
		w.line("taken + rejected = ledger rows read", s.LedgerTaken+s.LedgerRejected, check)
	}
	w.line("events in the report", s.Events, "")
	w.skip()

	w.heading("Totals")
	w.pair("expected credits", b.cell(credits(s.ExpectedCredits)))
	w.pair("charged credits", b.cell(credits(s.ChargedCredits)))
	w.pair("net difference, charged − expected (credits)", b.cell(credits(s.DiffCredits)))
	w.pair("expected video minutes", s.ExpectedMinutes)
	w.pair("charged video minutes", s.ChargedMinutes)
	w.skip()

	// The category table and its chart print together, on a page of their own.
	if w.err == nil {
		w.err = b.f.InsertPageBreak(summarySheet, fmt.Sprintf("A%d", w.row+1))
	}
	w.heading("Discrepancies by category")
	w.line(
		excelize.Cell{StyleID: b.bold, Value: "category"},
		excelize.Cell{StyleID: b.bold, Value: "count"},
		excelize.Cell{StyleID: b.bold, Value: "amount (credits)"},
		excelize.Cell{StyleID: b.bold, Value: "video minutes"},
	)
	header := w.row
	for _, c := range s.Categories {
		w.line(b.text(c.Category), c.Count, b.cell(credits(c.Amount)), c.Minutes)
	}
	if w.err == nil && len(s.Categories) > 0 {
		w.err = addCategoryChart(b, header, w.row, w.row+2)
	}
	return w.done()
}

// summary writes a Summary sheet top to bottom: labelled values, one a row,
// in sections. It keeps the first error, so a layout reads as a list of
// lines; done returns it.
//
// Unlike the lists, a Summary is written with excelize's ordinary cell API,
// not streamed: it is a few dozen rows, and a sheet that holds a chart must
// be saved by the ordinary path, which writes the sheet's drawing element
// with the "r:" prefix that Excel itself writes. (A streamed sheet writes
// the model's elements with encoding/xml's generated prefix instead.)
type summary struct {
	b   *book
	row int // the last row written or skipped
	err error
}

// newSummary starts the sheet Summary with the given column widths.
func (b *book) newSummary(widths []float64) (*summary, error) {
	if err := b.printLayout(summarySheet); err != nil {
		return nil, err
	}
	for i, w := range widths {
		col, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return nil, err
		}
		if err := b.f.SetColWidth(summarySheet, col, col, w); err != nil {
			return nil, err
		}
	}
	return &summary{b: b}, nil
}

// line writes the next row, a cell a value: nil is an empty cell, an
// excelize.Cell a value with its style. After an error it does nothing.
func (w *summary) line(cells ...any) {
	w.row++
	for i, c := range cells {
		if w.err != nil || c == nil {
			continue
		}
		ref, err := excelize.CoordinatesToCellName(i+1, w.row)
		if err != nil {
			w.err = err
			return
		}
		if styled, ok := c.(excelize.Cell); ok {
			c = styled.Value
			w.err = w.b.f.SetCellStyle(summarySheet, ref, ref, styled.StyleID)
		}
		if w.err == nil {
			w.err = w.b.f.SetCellValue(summarySheet, ref, c)
		}
	}
}

func (w *summary) skip() { w.row++ }

func (w *summary) heading(s string) { w.line(excelize.Cell{StyleID: w.b.bold, Value: s}) }

func (w *summary) pair(label string, v any) { w.line(label, v) }

// items writes a list of texts one a row, the label on the first, or
// "none" when there are none.
func (w *summary) items(label string, items []string) {
	if len(items) == 0 {
		w.pair(label, "none")
	}
	for i, it := range items {
		if i == 0 {
			w.pair(label, w.b.text(it))
		} else {
			w.line(nil, w.b.text(it))
		}
	}
}

// done returns the first error of the sheet's rows.
func (w *summary) done() error { return w.err }

// rfc3339 is t in UTC as RFC 3339, or "" for the zero time.
func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
