package report

import (
	"math"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// sheet writes a short sheet top to bottom, cell by cell: the Summary, the
// Run sheet, and the Summary of rerate.xlsx. It keeps the first error, so a
// layout reads as a list of lines; done returns it, after sizing every
// column to the longest value written in it.
//
// Unlike the lists, these sheets are written with excelize's ordinary cell
// API, not streamed: they are a few dozen rows, and a sheet that holds a
// chart must be saved by the ordinary path, which writes the sheet's drawing
// element with the "r:" prefix that Excel itself writes. (A streamed sheet
// writes the model's elements with encoding/xml's generated prefix instead.)
type sheet struct {
	b      *book
	name   string
	row    int       // the last row written or skipped
	widths []float64 // per column, the widest value written, in characters
	err    error
}

// Column widths, in characters: a column is as wide as its widest value and
// a little margin, within these bounds. A longer text shows cut at the
// border on screen; its cell still holds all of it.
const (
	minColWidth = 8
	maxColWidth = 80
	colMargin   = 2
)

// spill is a cell whose text may run on over the empty cells to its right,
// as a title or a sentence does: it does not widen its column.
type spill struct{ v any }

// newSheet starts the sheet name, adding it to the workbook unless it is
// there already (Summary, the first sheet, always is).
func (b *book) newSheet(name string) (*sheet, error) {
	if idx, err := b.f.GetSheetIndex(name); err != nil {
		return nil, err
	} else if idx < 0 {
		if _, err := b.f.NewSheet(name); err != nil {
			return nil, err
		}
	}
	if err := b.printLayout(name); err != nil {
		return nil, err
	}
	return &sheet{b: b, name: name}, nil
}

// line writes the next row, a cell a value: nil is an empty cell, an
// excelize.Cell a value with its style, a spill a value that does not size
// its column. After an error it does nothing.
func (w *sheet) line(cells ...any) {
	w.row++
	for i, c := range cells {
		if w.err != nil || c == nil {
			continue
		}
		measure := true
		if s, ok := c.(spill); ok {
			c, measure = s.v, false
		}
		if c == nil {
			continue
		}
		ref, err := excelize.CoordinatesToCellName(i+1, w.row)
		if err != nil {
			w.err = err
			return
		}
		style := 0
		if styled, ok := c.(excelize.Cell); ok {
			c, style = styled.Value, styled.StyleID
			w.err = w.b.f.SetCellStyle(w.name, ref, ref, styled.StyleID)
		}
		if w.err == nil {
			w.err = w.b.f.SetCellValue(w.name, ref, c)
		}
		if measure {
			w.measure(i, shownWidth(c, style == w.b.bold || style == w.b.boldRight || style == w.b.boldCredits || style == w.b.boldCount))
		}
	}
}

func (w *sheet) measure(col int, width float64) {
	for len(w.widths) <= col {
		w.widths = append(w.widths, 0)
	}
	w.widths[col] = max(w.widths[col], width)
}

// shownWidth is about how many characters a value takes as the workbook's
// formats show it: credits with two places and thousands separators, counts
// with separators. Bold text is a little wider.
func shownWidth(v any, bold bool) float64 {
	var n int
	switch v := v.(type) {
	case string:
		n = utf8.RuneCountInString(v)
	case int64:
		n = len(groupThousands(strconv.FormatInt(v, 10)))
	case int:
		n = len(groupThousands(strconv.Itoa(v)))
	case float64:
		n = len(groupThousands(strconv.FormatFloat(v, 'f', 2, 64)))
	case time.Time:
		n = len(time.RFC3339)
	default:
		n = minColWidth
	}
	w := float64(n)
	if bold {
		w *= 1.1
	}
	return w
}

func (w *sheet) skip() { w.row++ }

func (w *sheet) heading(s string) { w.line(excelize.Cell{StyleID: w.b.bold, Value: s}) }

func (w *sheet) pair(label string, v any) { w.line(label, v) }

// text writes a label and a text that runs on over the empty cells to its
// right: a path or a hash does not widen the column of the numbers.
func (w *sheet) text(label, s string) { w.line(label, spill{w.b.text(s)}) }

// items writes a list of texts one a row, the label on the first, or
// "none" when there are none.
func (w *sheet) items(label string, items []string) {
	if len(items) == 0 {
		w.text(label, "none")
	}
	for i, it := range items {
		if i == 0 {
			w.text(label, it)
		} else {
			w.line(nil, spill{w.b.text(it)})
		}
	}
}

// pageBreak starts a new printed page below the last row.
func (w *sheet) pageBreak() {
	if w.err == nil {
		w.err = w.b.f.InsertPageBreak(w.name, "A"+strconv.Itoa(w.row+1))
	}
}

// done sizes the columns to what they hold and returns the first error of
// the sheet's rows.
func (w *sheet) done() error {
	for i, width := range w.widths {
		if w.err != nil || width == 0 {
			continue
		}
		col, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return err
		}
		width = min(max(math.Ceil(width)+colMargin, minColWidth), maxColWidth)
		w.err = w.b.f.SetColWidth(w.name, col, col, width)
	}
	return w.err
}

// rfc3339 is t in UTC as RFC 3339, or "" for the zero time.
func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
