package report

import (
	"fmt"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// sheetRowLimit is the most rows a sheet holds, header included: Excel's
// limit. Tests lower it to exercise the cut.
var sheetRowLimit = excelize.TotalRows

// list is a sheet being streamed: a bold frozen header row, then one row per
// report row, cut short of sheetRowLimit, then for some lists a bold total
// row.
type list struct {
	b       *book
	sw      *excelize.StreamWriter
	name    string
	csvName string // the file that holds every row, named in the cut note
	cols    int
	limit   int   // the last row a report row or the cut note may take
	sums    *sums // the total row being added up, or nil for none

	row     int   // the last row written
	total   int64 // report rows seen, written or not
	pending []any // a row held back for the list's last row
	cut     bool
}

// newList adds the sheet name to the workbook and writes its header. With
// total, the sheet ends with a row that sums every number column.
func (b *book) newList(name, csvName string, cols []column, total bool) (*list, error) {
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
	l := &list{b: b, sw: sw, name: name, csvName: csvName, cols: len(cols), limit: sheetRowLimit}
	if total {
		l.sums = newSums(len(cols))
		l.limit-- // the total row comes after the list, cut or not
	}
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

// add writes one report row. The list's last row is held back until the
// next row shows whether the list fits or must be cut there. Every row counts
// in the total, shown or not.
func (l *list) add(vs []value) error {
	l.total++
	if l.sums != nil {
		l.sums.add(vs)
	}
	if l.cut {
		return nil
	}
	cells := make([]any, len(vs))
	for i, v := range vs {
		cells[i] = l.b.cell(v)
	}
	switch {
	case l.row+1 < l.limit:
		return l.write(cells)
	case l.pending == nil:
		l.pending = cells
	default:
		l.pending, l.cut = nil, true
	}
	return nil
}

// finish writes the held-back row or the cut note and the total row, sets
// the autofilter over the header and the report rows, and ends the sheet.
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
	// An empty list is its header alone: a total of nothing says nothing.
	if l.sums != nil && l.total > 0 {
		vs := l.sums.row()
		cells := make([]any, len(vs))
		for i, v := range vs {
			cells[i] = l.b.boldCell(v)
		}
		if err := l.write(cells); err != nil {
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
	// The total row stays outside, so sorting the list leaves it last.
	ref := fmt.Sprintf("A1:%s%d", lastCol, last)
	if err := l.b.f.AutoFilter(l.name, ref, nil); err != nil {
		return err
	}
	return l.sw.Flush()
}
