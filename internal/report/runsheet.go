package report

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

const runSheet = "Run"

// writeRun writes the Run sheet, right after the Summary: what was run, over
// which files, with which price book and tolerances, and how many rows each
// step counted. An auditor or the on-call engineer reads it; the Summary
// keeps to the money. The run id and the times are rows of their own, their
// labels in column A, so that two runs' workbooks compare without them.
func writeRun(b *book, s Summary) error {
	w, err := b.newSheet(runSheet)
	if err != nil {
		return err
	}
	count := func(n int64) any { return b.cell(integer(n)) }
	w.line(spill{excelize.Cell{StyleID: b.title, Value: "Run details"}})
	w.skip()
	w.text("run id", s.RunID)
	w.text("started (UTC)", rfc3339(s.Started))
	w.text("finished (UTC)", rfc3339(s.Finished))
	w.text("period", s.Period)
	if c := s.Close; c != nil {
		if c.Bridge != nil {
			w.line("close", c.ID, spill{b.noteText(fmt.Sprintf("the month closed again: from the close %s to this one on the Bridge sheet", c.Bridge.From))})
		} else {
			w.line("close", c.ID, spill{b.noteText("the month's first close: nothing on the Bridge sheet")})
		}
	}
	w.skip()

	w.heading("Inputs")
	w.items("inputs", s.Inputs)
	w.items("ledger files", s.Ledgers)
	w.text("charge source", s.ChargeSource)
	w.skip()

	w.heading("Price book")
	w.text("price book", s.PriceBook)
	w.text("price book sha256", s.PriceBookHash)
	w.text("price book versions used", strings.Join(s.Versions, ", "))
	// The tolerances may have more than two places; show them as given.
	w.pair("tolerance (credits)", s.Tolerance.InexactFloat64())
	w.line("relative tolerance", s.RelTolerance.InexactFloat64(),
		spill{b.noteText("a difference is flagged above tolerance + relative tolerance × |charged|")})
	w.skip()

	w.heading("Rows")
	w.pair("rows read", count(s.RowsRead))
	w.pair("priced", count(s.Priced))
	w.pair("rejected", count(s.Rejected))
	w.pair("duplicates", count(s.Duplicates))
	if len(s.Ledgers) > 0 {
		w.pair("ledger rows read", count(s.LedgerRows))
		w.pair("ledger rows taken", count(s.LedgerTaken))
		w.pair("ledger rows rejected", count(s.LedgerRejected))
	}
	w.pair("events in the report", count(s.Events))
	w.line("late events (earlier closed periods)", count(s.LateEvents), spill{b.noteText("listed on the Late sheet")})
	return w.done()
}
