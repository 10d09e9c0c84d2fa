package report

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// firstPage is how many rows of the Summary a controller reads first: its
// first printed page and screen.
const firstPage = 25

// labelRow is the first row of sheet whose column A says label, within the
// first rows, and its cells as shown; it fails the test when there is none.
func labelRow(t *testing.T, f *excelize.File, sheet, label string, within int) (int, []string) {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows[:min(within, len(rows))] {
		if len(r) > 0 && r[0] == label {
			return i + 1, append(r, make([]string, 8)...) // empty cells past the last
		}
	}
	t.Fatalf("%s has no row %q in its first %d rows", sheet, label, within)
	return 0, nil
}

func TestSummaryFirstPage(t *testing.T) {
	s := sampleSummary()
	if !s.ToRefund.Sub(s.ToRebill).Equal(s.DiffCredits) {
		t.Fatalf("sample: to refund %s − to rebill %s ≠ net %s", s.ToRefund, s.ToRebill, s.DiffCredits)
	}
	_, files := writeSample(t)
	f := openBook(t, files.Workbook)

	for _, c := range []struct {
		label      string
		col        string // the cell that holds the figure
		want       string // as shown
		raw        string // as stored, for a number; "" for text
		note, kind string
	}{
		{label: "period", col: "B", want: s.Period},
		{label: "render-log rows", col: "B", want: "ok: every row accounted for: 13 read = 8 priced + 4 rejected + 1 duplicates"},
		{label: "ledger rows", col: "B", want: "ok: every ledger row accounted for: 9 read = 9 taken + 0 rejected"},
		{label: "tie-outs", col: "B", want: "ok: the 9 checks below hold"},
		{label: "expected", col: "C", want: "151.67", raw: "151.67", kind: "credits"},
		{label: "charged", col: "C", want: "171.00", raw: "171", kind: "credits"},
		{label: "net difference (charged − expected)", col: "C", want: "19.33", raw: "19.33", kind: "credits"},
		{label: "to refund (owed to customers)", col: "C", want: "25.51", raw: "25.51", kind: "credits",
			note: "of which within tolerance (not flagged): 0.01"},
		{label: "to rebill (owed to us)", col: "C", want: "6.18", raw: "6.18", kind: "credits",
			note: "of which within tolerance (not flagged): 0.01"},
		{label: "leakage (uncharged + undercharged)", col: "C", want: "6.17", raw: "6.17", kind: "credits",
			note: "4.1% of expected credits"}, // 6.17 / 151.67 = 4.07 %
		{label: "Undercharged", col: "C", want: "-4.50", raw: "-4.5", kind: "credits", note: "charged below the price: owed to us"},
		{label: "Minutes mismatch", col: "C", want: "0.00", raw: "0", kind: "credits",
			note: "no amount of its own: counted under overcharged/undercharged"},
		{label: "Duplicate charge", col: "B", want: "0", raw: "0", kind: "count",
			note: "no amount of its own: counted under overcharged/undercharged"},
		{label: "Account mismatch", col: "B", want: "1", raw: "1", kind: "count",
			note: "no amount of its own: counted under overcharged/undercharged"},
		{label: "total", col: "C", want: "19.33", raw: "19.33", kind: "credits"},
	} {
		t.Run(c.label, func(t *testing.T) {
			row, cells := labelRow(t, f, "Summary", c.label, firstPage)
			cell := fmt.Sprintf("%s%d", c.col, row)
			if got := shown(t, f, "Summary", cell); got != c.want {
				t.Errorf("%s shows %q, want %q", cell, got, c.want)
			}
			if c.raw != "" {
				checkNumber(t, f, "Summary", cell)
				if got := rawValue(t, f, "Summary", cell); got != c.raw {
					t.Errorf("%s holds %q, want %q", cell, got, c.raw)
				}
			}
			switch c.kind {
			case "credits":
				checkCreditFormat(t, f, "Summary", cell)
			case "count":
				if st := cellStyle(t, f, "Summary", cell); st.NumFmt != countFormat {
					t.Errorf("%s number format %d, want #,##0", cell, st.NumFmt)
				}
			}
			if c.note != "" && cells[noteCol] != c.note {
				t.Errorf("row %d note %q, want %q", row, cells[noteCol], c.note)
			}
		})
	}

	// The table lists every category, by its label, in SPEC §6 order.
	row, _ := labelRow(t, f, "Summary", "Discrepancies by category", firstPage)
	var labels []string
	for i := range s.Categories {
		labels = append(labels, shown(t, f, "Summary", fmt.Sprintf("A%d", row+1+i)))
	}
	want := []string{"Overcharged", "Undercharged", "Uncharged", "Minutes mismatch", "Duplicate event",
		"Orphan charge", "Duplicate charge", "Account mismatch"}
	if !slices.Equal(labels, want) {
		t.Errorf("categories %q, want %q", labels, want)
	}
	if last := row + len(s.Categories) + 1; last > firstPage { // and the total row
		t.Errorf("the category table ends on row %d, want it on the first page (%d rows)", last, firstPage)
	}

	// The run's details are on the Run sheet, not among the money.
	rows, err := f.GetRows("Summary")
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		for _, v := range r {
			if strings.Contains(v, s.RunID) || strings.Contains(v, s.PriceBookHash) {
				t.Errorf("Summary row %d holds %q: the run's details belong on the Run sheet", i+1, v)
			}
		}
	}
}

// The tie-outs below the chart: each figure with the numbers it comes from.
func TestSummaryTieOutRows(t *testing.T) {
	_, files := writeSample(t)
	f := openBook(t, files.Workbook)
	for _, c := range []struct {
		label, count, credits, note string
	}{
		{"charged", "", "171.00", ""},
		{"less orphan charges", "", "3.00", "ledger rows of no event: they belong to no event day"},
		{"less duplicate-row charges", "", "20.00", "rows that repeat an event: they belong to no event day"},
		{"Daily sheet charged", "", "148.00", "ok: the total row of the Daily sheet"},
		{"sum of category amounts", "", "19.33", "the amount column of the category table"},
		{"plus within tolerance, to refund", "", "0.01", "differences of at most the tolerance: not flagged"},
		{"less within tolerance, to rebill", "", "0.01", "differences of at most the tolerance: not flagged"},
		{"net difference", "", "19.33", "ok: = charged − expected"},
		{"to refund − to rebill", "", "19.33", "ok: = net difference; of which within tolerance (not flagged): +0.01 / −0.01"},
		{"Accounts sheet to_refund − to_rebill", "", "19.33", "ok: to_refund 25.51, to_rebill 6.18: as above"},
		{"events in the report", "8", "", "ok: = the events of the Daily sheet"},
		{"discrepancy rows", "7", "", "ok: = the Discrepancies sheet's rows = the category counts"},
		{"events with findings", "6", "", "an event can have several categories; duplicate rows and orphans are not events"},
		{"charged from the ledger", "7", "148.00", "the sum of each event's ledger rows"},
		{"not charged", "1", "0.00", "no charge recorded: uncharged when a price is due"},
		{"orphan charges now matched", "1", "5.00", "earlier orphan charges now matched to their event, which has arrived"},
		{"late events, of closed periods", "2", "", "not in this report's totals: listed on the Late sheet"},
	} {
		// The first row of the label below the first page: "charged" and
		// "net difference" are figures of the money block too.
		rows, err := f.GetRows("Summary")
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(rows[firstPage:], func(r []string) bool { return len(r) > 0 && r[0] == c.label })
		if i < 0 {
			t.Errorf("no tie-out %q", c.label)
			continue
		}
		r := append(rows[firstPage+i], make([]string, 8)...)
		if got := []string{r[countCol], r[creditsCol], r[noteCol]}; !slices.Equal(got, []string{c.count, c.credits, c.note}) {
			t.Errorf("tie-out %q: count, credits, note %q, want %q", c.label, got, []string{c.count, c.credits, c.note})
		}
	}
}

// A Summary that does not tie out says so on its first page, in red, and
// names the check that fails.
func TestSummaryMismatch(t *testing.T) {
	d := sampleData()
	d.Summary.RowsRead = 14                               // one row more than priced + rejected + duplicates
	d.Summary.LedgerRows = 10                             // one more than taken + rejected
	d.Summary.ChargedCredits = dec("172.00")              // the Daily sheet still says 148.00
	d.Summary.ToRefund = d.Summary.ToRefund.Add(dec("1")) // and the accounts still 25.51
	files, err := Write(t.TempDir(), d)
	if err != nil {
		t.Fatal(err)
	}
	f := openBook(t, files.Workbook)
	for _, c := range []struct{ label, want string }{
		{"render-log rows", "MISMATCH: 14 read, but 8 priced + 4 rejected + 1 duplicates = 13: 1 row unaccounted for"},
		{"ledger rows", "MISMATCH: 10 read, but 9 taken + 0 rejected = 9: 1 ledger row unaccounted for"},
		{"tie-outs", "MISMATCH: 3 of the 9 checks below fail"},
	} {
		row, _ := labelRow(t, f, "Summary", c.label, firstPage)
		cell := fmt.Sprintf("B%d", row)
		if got := shown(t, f, "Summary", cell); got != c.want {
			t.Errorf("%s = %q, want %q", cell, got, c.want)
		}
		if s := cellStyle(t, f, "Summary", cell); s.Font == nil || !s.Font.Bold || s.Font.Color != "C00000" {
			t.Errorf("%s is not red and bold: %+v", cell, s.Font)
		}
	}
	rows, err := f.GetRows("Summary")
	if err != nil {
		t.Fatal(err)
	}
	var failures []string
	for _, r := range rows[firstPage:] {
		if len(r) > noteCol && strings.HasPrefix(r[noteCol], "MISMATCH") {
			failures = append(failures, r[0]+": "+r[noteCol])
		}
	}
	want := []string{
		"Daily sheet charged: MISMATCH: the Daily sheet's total row is 148.00",
		"to refund − to rebill: MISMATCH: the net difference is 19.33",
		"Accounts sheet to_refund − to_rebill: MISMATCH: to_refund 25.51, to_rebill 6.18; above: 26.51, 6.18",
	}
	if !slices.Equal(failures, want) {
		t.Errorf("failed tie-outs:\n%s\nwant:\n%s", strings.Join(failures, "\n"), strings.Join(want, "\n"))
	}
}

// tieOuts is pure: every check holds on the sample, and each breaks when
// the figure it checks moves.
func TestTieOuts(t *testing.T) {
	sampleTally := func() Tally {
		var t Tally
		for _, d := range sampleDays() {
			t.day(d)
		}
		for _, d := range sampleDiscrepancies() {
			t.discrepancy(d)
		}
		for _, a := range sampleAccounts() {
			t.account(a)
		}
		return t
	}
	for _, tt := range []struct {
		name   string
		change func(*Summary, *Tally)
		fails  []string // the labels of the checks that fail
	}{
		{"the sample ties out", func(*Summary, *Tally) {}, nil},
		{"a day's charge lost", func(_ *Summary, t *Tally) { t.dayCharged = t.dayCharged.Sub(dec("0.01")) },
			[]string{"Daily sheet charged"}},
		{"orphan charges not told", func(s *Summary, _ *Tally) { s.OrphanCredits = dec("0") },
			[]string{"Daily sheet charged"}},
		{"a day's price lost", func(_ *Summary, t *Tally) { t.dayExpected = t.dayExpected.Sub(dec("1")) },
			[]string{"Daily sheet expected"}},
		{"a category amount off", func(s *Summary, _ *Tally) {
			s.Categories = slices.Clone(s.Categories)
			s.Categories[0].Amount = dec("2.49")
		}, []string{"net difference"}},
		{"within tolerance left out", func(s *Summary, _ *Tally) { s.RefundWithinTolerance = dec("0") },
			[]string{"net difference"}},
		{"to rebill off", func(s *Summary, _ *Tally) { s.ToRebill = dec("6.17") },
			[]string{"to refund − to rebill", "Accounts sheet to_refund − to_rebill"}},
		{"an account's refund lost", func(_ *Summary, t *Tally) { t.refund = dec("0") },
			[]string{"Accounts sheet to_refund − to_rebill"}},
		{"a day's events miscounted", func(_ *Summary, t *Tally) { t.dayEvents++ },
			[]string{"events in the report"}},
		{"a discrepancy row more", func(_ *Summary, t *Tally) { t.discrepancies++ },
			[]string{"discrepancy rows"}},
		{"a charge source short", func(s *Summary, _ *Tally) {
			s.ChargeSources = []SourceCount{{Source: "ledger", Events: 7}}
		}, []string{"events in the report"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, ty := sampleSummary(), sampleTally()
			tt.change(&s, &ty)
			var failing []string
			for _, g := range tieOuts(s, ty) {
				for _, r := range g.rows {
					if r.check == fails {
						failing = append(failing, r.label)
					}
				}
			}
			if !slices.Equal(failing, tt.fails) {
				t.Errorf("failing checks %q, want %q", failing, tt.fails)
			}
		})
	}
}

func TestRunSheet(t *testing.T) {
	_, files := writeSample(t)
	f := openBook(t, files.Workbook)
	s := sampleSummary()
	for _, c := range []struct{ label, want string }{
		{"run id", s.RunID},
		{"started (UTC)", "2024-06-01T02:00:00Z"},
		{"finished (UTC)", "2024-06-01T02:02:03Z"},
		{"period", s.Period},
		{"inputs", "logs/2024-05-a.csv"},
		{"ledger files", "ledger/2024-05.csv"},
		{"charge source", s.ChargeSource},
		{"price book", "embedded v1"},
		{"price book sha256", s.PriceBookHash},
		{"price book versions used", "v1"},
		{"tolerance (credits)", "0.01"},
		{"relative tolerance", "0.001"},
		{"rows read", "13"},
		{"ledger rows read", "9"},
		{"late events (earlier closed periods)", "2"},
	} {
		if _, cells := labelRow(t, f, "Run", c.label, 100); cells[1] != c.want {
			t.Errorf("Run %q = %q, want %q", c.label, cells[1], c.want)
		}
	}
}

// The Summary's columns are as wide as what they hold, within bounds; the
// printed page is its columns A to E, without the chart's series.
func TestSummaryColumns(t *testing.T) {
	_, files := writeSample(t)
	f := openBook(t, files.Workbook)
	for _, c := range []struct {
		col      string
		min, max float64
	}{
		{"A", 36, 45}, // "Accounts sheet to_refund − to_rebill", 36 characters
		{"B", minColWidth, 10},
		{"C", 17, 22}, // "amount (credits)", bold
		{"E", 60, maxColWidth},
	} {
		w, err := f.GetColWidth("Summary", c.col)
		if err != nil {
			t.Fatal(err)
		}
		if w < c.min || w > c.max {
			t.Errorf("Summary column %s width %v, want %v to %v", c.col, w, c.min, c.max)
		}
	}
	var area string
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Area" && dn.Scope == "Summary" {
			area = dn.RefersTo
		}
	}
	rows, err := f.GetRows("Summary")
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("'Summary'!$A$1:$E$%d", len(rows)); area != want {
		t.Errorf("print area %q, want %q", area, want)
	}
}

func TestCreditsText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"0", "0.00"},
		{"0.004", "0.00"},
		{"1.5", "1.50"},
		{"-1.5", "-1.50"},
		{"999.99", "999.99"},
		{"-999.99", "-999.99"},
		{"1000", "1,000.00"},
		{"-1234567.891", "-1,234,567.89"},
		{"123456789012.34", "123,456,789,012.34"},
	} {
		if got := creditsText(dec(c.in)); got != c.want {
			t.Errorf("creditsText(%s) = %q, want %q", c.in, got, c.want)
		}
	}
}
