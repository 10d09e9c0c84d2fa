package report

import (
	"bufio"
	"encoding/csv"
	"io"
)

// csvList is a CSV report being written: a header row, then one record per
// report row.
type csvList struct {
	buf    *bufio.Writer
	w      *csv.Writer
	record []string // reused: csv.Writer does not keep it
}

func newCSVList(out io.Writer, cols []column) (*csvList, error) {
	// csv.Writer writes straight into a *bufio.Writer it is given.
	buf := bufio.NewWriterSize(out, 64<<10)
	c := &csvList{buf: buf, w: csv.NewWriter(buf), record: make([]string, len(cols))}
	for i, col := range cols {
		c.record[i] = col.name
	}
	return c, c.w.Write(c.record)
}

func (c *csvList) add(vs []value) error {
	for i, v := range vs {
		c.record[i] = v.csvField()
	}
	return c.w.Write(c.record)
}

// flush writes out what is buffered and reports any write error.
func (c *csvList) flush() error {
	c.w.Flush()
	return c.w.Error()
}
