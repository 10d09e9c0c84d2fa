package report

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

const summarySheet = "Summary"

// summary writes the Summary sheet: what was run, over what, how every input
// row ended, the totals, and the discrepancies by category.
type summary struct {
	b   *book
	sw  *excelize.StreamWriter
	row int
	err error // the first error of a row, so the layout reads top to bottom
}

func writeSummary(b *book, s Summary) error {
	if err := b.printLayout(summarySheet); err != nil {
		return err
	}
	sw, err := b.f.NewStreamWriter(summarySheet)
	if err != nil {
		return err
	}
	if err := setWidths(sw, []float64{44, 66, 28}); err != nil {
		return err
	}
	w := &summary{b: b, sw: sw}

	w.line(excelize.Cell{StyleID: b.title, Value: "Reconciliation report"})
	w.skip()
	w.heading("Run")
	w.pair("run id", b.text(s.RunID))
	w.pair("started (UTC)", b.text(rfc3339(s.Started)))
	w.pair("finished (UTC)", b.text(rfc3339(s.Finished)))
	w.pair("period", b.text(s.Period))
	if len(s.Inputs) == 0 {
		w.pair("inputs", "(none)")
	}
	for i, in := range s.Inputs {
		label := ""
		if i == 0 {
			label = "inputs"
		}
		w.pair(label, b.text(in))
	}
	w.pair("charge source", b.text(s.ChargeSource))
	w.pair("price book", b.text(s.PriceBook))
	w.pair("price book sha256", b.text(s.PriceBookHash))
	w.pair("price book versions used", b.text(strings.Join(s.Versions, ", ")))
	// The tolerance may have more than two places; show it as given.
	w.pair("tolerance (credits)", s.Tolerance.InexactFloat64())
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
	w.line(w.label("priced + rejected + duplicates = rows read"), sum, check)
	w.skip()

	w.heading("Totals")
	w.pair("expected credits", b.cell(credits(s.ExpectedCredits)))
	w.pair("charged credits", b.cell(credits(s.ChargedCredits)))
	w.pair("net difference, charged − expected (credits)", b.cell(credits(s.DiffCredits)))
	w.pair("expected video minutes", s.ExpectedMinutes)
	w.pair("charged video minutes", s.ChargedMinutes)
	w.skip()

	w.heading("Discrepancies by category")
	w.line(
		excelize.Cell{StyleID: b.bold, Value: "category"},
		excelize.Cell{StyleID: b.bold, Value: "count"},
		excelize.Cell{StyleID: b.bold, Value: "amount (credits)"},
		excelize.Cell{StyleID: b.bold, Value: "video minutes"},
	)
	for _, c := range s.Categories {
		w.line(b.text(c.Category), c.Count, b.cell(credits(c.Amount)), c.Minutes)
	}
	if w.err != nil {
		return w.err
	}
	return w.sw.Flush()
}

// line writes the next row; after an error it does nothing.
func (w *summary) line(cells ...any) {
	w.row++
	if w.err == nil {
		w.err = w.sw.SetRow("A"+strconv.Itoa(w.row), cells)
	}
}

func (w *summary) skip() { w.row++ }

func (w *summary) heading(s string) { w.line(excelize.Cell{StyleID: w.b.bold, Value: s}) }

func (w *summary) label(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (w *summary) pair(label string, v any) { w.line(w.label(label), v) }

// rfc3339 is t in UTC as RFC 3339, or "" for the zero time.
func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
