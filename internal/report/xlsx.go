package report

import (
	"archive/zip"
	"io"

	kflate "github.com/klauspost/compress/flate"
	"github.com/xuri/excelize/v2"
)

// book is the workbook being written, with the cell styles its sheets share.
type book struct {
	f    *excelize.File
	name string // its file name, for errors and the staging file

	title       int // the Summary heading
	bold        int // header rows, section labels and total rows
	boldRight   int // the header of a number column of the Summary
	credits     int // credit amounts: creditFormat
	boldCredits int // credit amounts in a total row
	count       int // counts and minutes: "#,##0"
	boldCount   int // counts and minutes in a total row
	time        int // timestamps: "yyyy-mm-dd hh:mm:ss"
	date        int // days: "yyyy-mm-dd"
	quoted      int // text that looks like a formula: quotePrefix
	note        int // the row that says a list was cut, and a failed check
	aside       int // a Summary note, set off from the number before it
	asideFail   int // a Summary note of a check that fails
}

// creditFormat shows every credit amount of the workbook: thousands
// separated, two places, a negative amount red and signed, so that money
// owed to us stands out even when printed in black and white.
const creditFormat = "#,##0.00;[Red]-#,##0.00"

// countFormat is Excel's built-in "#,##0", for counts and video minutes.
const countFormat = 3

// newZipWriter is the zip writer of every workbook: archive/zip with
// klauspost/compress's deflate, which compresses the sheets at
// DefaultCompression about twice as fast as compress/flate for a file a
// few percent larger. Deflating the sheets is the workbook's largest cost
// (BenchmarkWrite: 200,000 discrepancies).
func newZipWriter(w io.Writer) excelize.ZipWriter {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return kflate.NewWriter(out, kflate.DefaultCompression)
	})
	return zw
}

// newBook starts the workbook named name, whose first sheet is Summary.
func newBook(name string) (*book, error) {
	f := excelize.NewFile()
	f.SetZipWriter(newZipWriter)
	b := &book{f: f, name: name}
	if err := f.SetSheetName(f.GetSheetName(0), summarySheet); err != nil {
		return nil, b.fail(err)
	}
	styles := []struct {
		id    *int
		style excelize.Style
	}{
		{&b.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}},
		{&b.bold, excelize.Style{Font: &excelize.Font{Bold: true}}},
		{&b.boldRight, excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Horizontal: "right"}}},
		{&b.credits, excelize.Style{CustomNumFmt: ptr(creditFormat)}},
		{&b.boldCredits, excelize.Style{CustomNumFmt: ptr(creditFormat), Font: &excelize.Font{Bold: true}}},
		{&b.count, excelize.Style{NumFmt: countFormat}},
		{&b.boldCount, excelize.Style{NumFmt: countFormat, Font: &excelize.Font{Bold: true}}},
		{&b.time, excelize.Style{CustomNumFmt: ptr("yyyy-mm-dd hh:mm:ss")}},
		{&b.date, excelize.Style{CustomNumFmt: ptr("yyyy-mm-dd")}},
		{&b.quoted, excelize.Style{NumFmt: 49}}, // built-in "@", text
		{&b.note, excelize.Style{Font: &excelize.Font{Bold: true, Italic: true, Color: "C00000"}}},
		{&b.aside, excelize.Style{Alignment: &excelize.Alignment{Horizontal: "left", Indent: 2}}},
		{&b.asideFail, excelize.Style{
			Font:      &excelize.Font{Bold: true, Italic: true, Color: "C00000"},
			Alignment: &excelize.Alignment{Horizontal: "left", Indent: 2},
		}},
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
		return excelize.Cell{StyleID: b.count, Value: v.integer}
	case kindOrdinal:
		return v.integer
	case kindTime:
		return excelize.Cell{StyleID: b.time, Value: v.time}
	case kindDate:
		return excelize.Cell{StyleID: b.date, Value: v.time}
	default:
		return b.text(v.text)
	}
}

// boldCell is the value as a cell of a total row.
func (b *book) boldCell(v value) any {
	switch {
	case v.null:
		return nil
	case v.kind == kindCredits:
		return excelize.Cell{StyleID: b.boldCredits, Value: v.credits.Round(2).InexactFloat64()}
	case v.kind == kindInteger:
		return excelize.Cell{StyleID: b.boldCount, Value: v.integer}
	case v.kind == kindText && !formulaLike(v.text):
		return excelize.Cell{StyleID: b.bold, Value: v.text}
	default:
		return b.cell(v)
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
