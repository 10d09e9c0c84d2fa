package report

import (
	"fmt"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// sheetRowLimit is the most rows a sheet holds, header included: Excel's
// limit. Tests lower it to exercise the cut.
var sheetRowLimit = excelize.TotalRows

// book is the workbook being written, with the cell styles its sheets share.
type book struct {
	f *excelize.File

	title   int // the Summary heading
	bold    int // header rows and section labels
	credits int // credit amounts: "0.00"
	time    int // timestamps: "yyyy-mm-dd hh:mm:ss"
	quoted  int // text that looks like a formula: quotePrefix
	note    int // the row that says a list was cut
}

// newBook starts a workbook whose first sheet is Summary.
func newBook() (*book, error) {
	f := excelize.NewFile()
	b := &book{f: f}
	if err := f.SetSheetName(f.GetSheetName(0), summarySheet); err != nil {
		return nil, b.fail(err)
	}
	styles := []struct {
		id    *int
		style excelize.Style
	}{
		{&b.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}},
		{&b.bold, excelize.Style{Font: &excelize.Font{Bold: true}}},
		{&b.credits, excelize.Style{NumFmt: 2}}, // built-in "0.00"
		{&b.time, excelize.Style{CustomNumFmt: ptr("yyyy-mm-dd hh:mm:ss")}},
		{&b.quoted, excelize.Style{NumFmt: 49}}, // built-in "@", text
		{&b.note, excelize.Style{Font: &excelize.Font{Bold: true, Italic: true, Color: "C00000"}}},
	}
	for _, s := range styles {
		id, err := f.NewStyle(&s.style)
		if err != nil {
			return nil, b.fail(err)
		}
		*s.id = id
	}
	// excelize's Style has no quotePrefix, but its cell format record does:
	// set the flag on the record NewStyle just made. Excel then shows the
	// cell as text and keeps it text when it is edited, while the value
	// stays exactly what the log said (no apostrophe in the value).
	f.Styles.CellXfs.Xf[b.quoted].QuotePrefix = ptr(true)
	return b, nil
}

func (b *book) fail(err error) error {
	_ = b.f.Close()
	return err
}

// printLayout prints a sheet landscape, one page wide. It must come before
// the sheet's stream writer, which writes the sheet properties first.
func (b *book) printLayout(sheet string) error {
	err := b.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: ptr(true)})
	if err != nil {
		return err
	}
	return b.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
		Orientation: ptr("landscape"),
		FitToWidth:  ptr(1),
		FitToHeight: ptr(0), // as many pages down as the rows need
	})
}

// close releases the temporary files excelize keeps for streamed sheets.
func (b *book) close() error { return b.f.Close() }

func ptr[T any](v T) *T { return &v }

// cell is the value as a sheet cell. Credits become float64 only here, at
// the last moment, because a cell can hold nothing else: a 2-decimal amount
// is rounded first, and excelize writes a float64 in its shortest form, so
// the file holds "1.67", not a binary approximation, for any amount under
// 15 significant digits. The CSV files remain the exact record.
func (b *book) cell(v value) any {
	if v.null {
		return nil
	}
	switch v.kind {
	case kindCredits:
		return excelize.Cell{StyleID: b.credits, Value: v.credits.Round(2).InexactFloat64()}
	case kindInteger:
		return v.integer
	case kindTime:
		return excelize.Cell{StyleID: b.time, Value: v.time}
	default:
		return b.text(v.text)
	}
}

// text is a text cell: a string cell, never a formula, and a quotePrefix cell
// when the text looks like one.
func (b *book) text(s string) any {
	switch {
	case s == "":
		return nil
	case formulaLike(s):
		return excelize.Cell{StyleID: b.quoted, Value: s}
	default:
		return s
	}
}

// list is a sheet being streamed: a bold frozen header row, then one row per
// report row, cut at sheetRowLimit.
type list struct {
	b       *book
	sw      *excelize.StreamWriter
	name    string
	csvName string // the file that holds every row, named in the cut note
	cols    int

	row     int   // the last row written
	total   int64 // report rows seen, written or not
	pending []any // a row held back for the sheet's last row
	cut     bool
}

// newList adds the sheet name to the workbook and writes its header.
func (b *book) newList(name, csvName string, cols []column) (*list, error) {
	if _, err := b.f.NewSheet(name); err != nil {
		return nil, err
	}
	if err := b.printLayout(name); err != nil {
		return nil, err
	}
	// A printed list repeats its header row on every page.
	err := b.f.SetDefinedName(&excelize.DefinedName{
		Name:     "_xlnm.Print_Titles",
		RefersTo: fmt.Sprintf("'%s'!$1:$1", name),
		Scope:    name,
	})
	if err != nil {
		return nil, err
	}
	sw, err := b.f.NewStreamWriter(name)
	if err != nil {
		return nil, err
	}
	widths := make([]float64, len(cols))
	header := make([]any, len(cols))
	for i, c := range cols {
		widths[i] = c.width
		header[i] = excelize.Cell{StyleID: b.bold, Value: c.name}
	}
	if err := setWidths(sw, widths); err != nil {
		return nil, err
	}
	err = sw.SetPanes(&excelize.Panes{
		Freeze:      true,
		YSplit:      1,
		TopLeftCell: "A2",
		ActivePane:  "bottomLeft",
		Selection:   []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	})
	if err != nil {
		return nil, err
	}
	l := &list{b: b, sw: sw, name: name, csvName: csvName, cols: len(cols)}
	return l, l.write(header)
}

// setWidths sets the widths of the first columns, before any row. The stream
// writer puts each new column first in <cols>, and Excel wants them in
// ascending order, so they are set last column first.
func setWidths(sw *excelize.StreamWriter, widths []float64) error {
	for i := len(widths) - 1; i >= 0; i-- {
		if err := sw.SetColWidth(i+1, i+1, widths[i]); err != nil {
			return err
		}
	}
	return nil
}

func (l *list) write(cells []any) error {
	l.row++
	return l.sw.SetRow("A"+strconv.Itoa(l.row), cells)
}

// add writes one report row. The sheet's last row is held back until the
// next row shows whether the list fits or must be cut there.
func (l *list) add(vs []value) error {
	l.total++
	if l.cut {
		return nil
	}
	cells := make([]any, len(vs))
	for i, v := range vs {
		cells[i] = l.b.cell(v)
	}
	switch {
	case l.row+1 < sheetRowLimit:
		return l.write(cells)
	case l.pending == nil:
		l.pending = cells
	default:
		l.pending, l.cut = nil, true
	}
	return nil
}

// finish writes the held-back row or the cut note, sets the autofilter over
// the header and the data rows, and ends the sheet.
func (l *list) finish() error {
	if l.pending != nil {
		if err := l.write(l.pending); err != nil {
			return err
		}
	}
	last := l.row
	if l.cut {
		shown := l.row - 1
		msg := fmt.Sprintf("list cut at %d rows (of %d): the full list is in %s", shown, l.total, l.csvName)
		if err := l.write([]any{excelize.Cell{StyleID: l.b.note, Value: msg}}); err != nil {
			return err
		}
	}
	lastCol, err := excelize.ColumnNumberToName(l.cols)
	if err != nil {
		return err
	}
	// The stream writer has no autofilter of its own. Until Flush, the
	// sheet's model is shared with the workbook, and Flush writes its
	// autoFilter element, so File.AutoFilter set here lands in the sheet.
	ref := fmt.Sprintf("A1:%s%d", lastCol, last)
	if err := l.b.f.AutoFilter(l.name, ref, nil); err != nil {
		return err
	}
	return l.sw.Flush()
}
