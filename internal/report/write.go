package report

import (
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"slices"

	"github.com/reconcile/reconcile/internal/atomicfs"
)

// The names of the reports in the report folder.
const (
	workbookName      = "reconciliation.xlsx"
	dailyName         = "daily.csv"
	discrepanciesName = "discrepancies.csv"
	accountsName      = "accounts.csv"
	lateName          = "late.csv"
	bridgeName        = "bridge.csv"
	patternsName      = "patterns.csv"
	adjustmentsName   = "adjustments.csv"
	adjustmentsJSON   = "adjustments.json"
	shardsName        = "shards.csv"
	rejectsName       = "rejects.csv"
)

// runReportNames are the files Write publishes besides summary.json, as
// summary.json lists them.
var runReportNames = []string{workbookName, patternsName, dailyName, discrepanciesName, accountsName, lateName, bridgeName, adjustmentsName, adjustmentsJSON, rejectsName,
	summaryHTMLName}

// reportNames are the files Write publishes for s besides summary.json:
// runReportNames, and shards.csv for a combined month.
func reportNames(s Summary) []string {
	if len(s.Shards) == 0 {
		return runReportNames
	}
	names := slices.Clone(runReportNames)
	return slices.Insert(names, 2, shardsName) // after patterns.csv: the Shards sheet follows Patterns and Run
}

// Files are the paths of the reports Write published.
type Files struct {
	Workbook      string // reconciliation.xlsx
	Patterns      string // patterns.csv
	Shards        string // shards.csv, of a combined month; "" for another
	Daily         string // daily.csv
	Discrepancies string // discrepancies.csv
	Accounts      string // accounts.csv
	Late          string // late.csv
	Bridge        string // bridge.csv
	Adjustments   string // adjustments.csv
	AdjustJSON    string // adjustments.json
	Rejects       string // rejects.csv
	SummaryJSON   string // summary.json
	SummaryHTML   string // summary.html
}

// All lists the paths, workbook first, then the CSV files in the order of
// their sheets, then summary.json and summary.html.
func (f Files) All() []string {
	all := []string{f.Workbook, f.Patterns, f.Shards, f.Daily, f.Discrepancies, f.Accounts, f.Late, f.Bridge, f.Adjustments, f.AdjustJSON, f.Rejects, f.SummaryJSON, f.SummaryHTML}
	return slices.DeleteFunc(all, func(p string) bool { return p == "" })
}

// Write writes the reports of d into the folder dir, creating it if needed,
// and returns their paths. Each row sequence of d is read exactly once; a nil
// sequence is an empty list. The reports replace those already in dir only
// when all of them are complete: on error, dir is left as it was. Beside
// the workbook and the CSV files it writes summary.json ([SummaryDoc]) and
// summary.html, the Summary's figures for a machine and for a phone.
func Write(dir string, d Data) (Files, error) {
	err := writeReports(dir, workbookName, func(st *atomicfs.Files, b *book) error {
		// the Patterns sheet comes right after the Summary
		if err := writeList(st, b, patternTable, seqOf(d.Summary.Patterns)); err != nil {
			return err
		}
		if err := writeRun(b, d.Summary); err != nil {
			return wrapSheet(b, runSheet, err)
		}
		if len(d.Summary.Shards) > 0 { // a combined month
			if err := writeList(st, b, shardTable, seqOf(d.Summary.Shards)); err != nil {
				return err
			}
		}
		// The lists add up what the Summary checks its totals against, so
		// the Summary, the first sheet, is filled last.
		var t Tally
		if err := writeList(st, b, dailyTable, observe(d.Days, t.day)); err != nil {
			return err
		}
		if err := writeList(st, b, discrepancyTable, observe(d.Discrepancies, t.discrepancy)); err != nil {
			return err
		}
		if err := writeList(st, b, accountTable, observe(d.Accounts, t.account)); err != nil {
			return err
		}
		if err := writeList(st, b, lateTable, d.Late); err != nil {
			return err
		}
		if err := writeList(st, b, bridgeTable, bridgeLines(d.Summary.Close)); err != nil {
			return err
		}
		if err := writeList(st, b, adjustmentTable, adjustmentRows(d.Summary.Close)); err != nil {
			return err
		}
		adj, err := encodeDoc(NewAdjustmentsDoc(d.Summary.Close))
		if err != nil {
			return fmt.Errorf("write %s: %w", adjustmentsJSON, err)
		}
		if err := stageFile(st, adjustmentsJSON, adj); err != nil {
			return err
		}
		if err := writeList(st, b, rejectTable, d.Rejects); err != nil {
			return err
		}
		if err := writeSummary(b, d.Summary, t); err != nil {
			return wrapSheet(b, summarySheet, err)
		}
		doc, err := encodeDoc(NewSummaryDoc(d.Summary, t, reportNames(d.Summary)))
		if err != nil {
			return fmt.Errorf("write %s: %w", SummaryJSONName, err)
		}
		if err := stageFile(st, SummaryJSONName, doc); err != nil {
			return err
		}
		page, err := summaryHTML(d.Summary, t)
		if err != nil {
			return fmt.Errorf("write %s: %w", summaryHTMLName, err)
		}
		return stageFile(st, summaryHTMLName, page)
	})
	if err != nil {
		return Files{}, err
	}
	var shards string
	if len(d.Summary.Shards) > 0 {
		shards = filepath.Join(dir, shardsName)
	}
	return Files{
		Shards:        shards,
		Workbook:      filepath.Join(dir, workbookName),
		Patterns:      filepath.Join(dir, patternsName),
		Daily:         filepath.Join(dir, dailyName),
		Discrepancies: filepath.Join(dir, discrepanciesName),
		Accounts:      filepath.Join(dir, accountsName),
		Late:          filepath.Join(dir, lateName),
		Bridge:        filepath.Join(dir, bridgeName),
		Adjustments:   filepath.Join(dir, adjustmentsName),
		AdjustJSON:    filepath.Join(dir, adjustmentsJSON),
		Rejects:       filepath.Join(dir, rejectsName),
		SummaryJSON:   filepath.Join(dir, SummaryJSONName),
		SummaryHTML:   filepath.Join(dir, summaryHTMLName),
	}, nil
}

// stageFile writes a report of a few bytes, held whole, to its temporary
// file.
func stageFile(st *atomicfs.Files, name string, data []byte) error {
	out, err := st.Create(name)
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if _, err := out.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := out.Finish(); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

// writeReports writes a workbook named bookName and the CSV files that fill
// stages beside it into dir, then publishes them all, or on error none.
func writeReports(dir, bookName string, fill func(*atomicfs.Files, *book) error) (err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("report folder: %w", err)
	}
	st := atomicfs.InDir(dir)
	defer func() {
		if err != nil {
			st.Abort()
		}
	}()
	b, err := newBook(bookName)
	if err != nil {
		return fmt.Errorf("write %s: %w", bookName, err)
	}
	defer b.close()

	if err := fill(st, b); err != nil {
		return err
	}
	if err := writeBook(st, b); err != nil {
		return fmt.Errorf("write %s: %w", bookName, err)
	}
	return st.Commit()
}

// writeList reads rows once and writes each row both to the table's CSV
// file and to its sheet. The sheet is written on a goroutine of its own,
// in batches, while this one reads the rows and writes the CSV: excelize's
// row writer is half of a report's time, and reading the rows from DuckDB
// most of the rest (at 200,000 discrepancies, about 1 s each on this
// 2-core machine).
func writeList[T any](st *atomicfs.Files, b *book, t table[T], rows iter.Seq2[T, error]) error {
	fail := func(err error) error { return fmt.Errorf("write %s: %w", t.csv, err) }
	failSheet := func(err error) error { return wrapSheet(b, t.sheet, err) }
	out, err := st.Create(t.csv)
	if err != nil {
		return fail(err)
	}
	c, err := newCSVList(out, t.cols)
	if err != nil {
		return fail(err)
	}
	l, err := b.newList(t.sheet, t.csv, t.cols, t.total)
	if err != nil {
		return failSheet(err)
	}
	sheet := newSheetWriter(l)
	if rows != nil {
		for row, err := range rows {
			if err != nil {
				sheet.wait()
				return fail(err)
			}
			vs := t.row(row)
			if err := c.add(vs); err != nil {
				sheet.wait()
				return fail(err)
			}
			if !sheet.add(vs) {
				break // the sheet failed: wait says how
			}
		}
	}
	if err := sheet.wait(); err != nil {
		return failSheet(err)
	}
	if err := c.flush(); err != nil {
		return fail(err)
	}
	if err := out.Finish(); err != nil {
		return fail(err)
	}
	if err := l.finish(); err != nil {
		return failSheet(err)
	}
	return nil
}

// sheetBatch is how many rows go to a sheet's goroutine at a time.
const sheetBatch = 512

// sheetWriter adds rows to a list on a goroutine of its own.
type sheetWriter struct {
	l      *list
	batch  [][]value
	rows   chan [][]value
	failed chan struct{} // closed when adding a row failed
	done   chan error
}

func newSheetWriter(l *list) *sheetWriter {
	w := &sheetWriter{l: l, rows: make(chan [][]value, 4), failed: make(chan struct{}), done: make(chan error, 1)}
	go func() {
		var err error
		for batch := range w.rows {
			for _, vs := range batch {
				if err == nil {
					if err = l.add(vs); err != nil {
						close(w.failed)
					}
				}
			}
		}
		w.done <- err
	}()
	return w
}

// add queues a row; false when the sheet failed and takes no more.
func (w *sheetWriter) add(vs []value) bool {
	w.batch = append(w.batch, vs)
	if len(w.batch) < sheetBatch {
		return true
	}
	return w.send()
}

func (w *sheetWriter) send() bool {
	select {
	case w.rows <- w.batch:
		w.batch = make([][]value, 0, sheetBatch)
		return true
	case <-w.failed:
		return false
	}
}

// wait writes what is queued and returns the sheet's first error.
func (w *sheetWriter) wait() error {
	if len(w.batch) > 0 {
		w.send()
	}
	close(w.rows)
	return <-w.done
}

// wrapSheet says which sheet of which workbook failed.
func wrapSheet(b *book, sheet string, err error) error {
	return fmt.Errorf("write %s: sheet %s: %w", b.name, sheet, err)
}

// writeBook writes the finished workbook to its temporary file. Every sheet
// must be finished. The first sheet, the Summary, is the one the workbook
// opens on, as excelize.NewFile made it; SetActiveSheet would say so again
// at the cost of parsing back the XML of every streamed sheet (1.1 s of a
// run's 2.3 s of reports at 20,000 discrepancies).
func writeBook(st *atomicfs.Files, b *book) error {
	out, err := st.Create(b.name)
	if err != nil {
		return err
	}
	if err := b.f.Write(out); err != nil {
		return err
	}
	return out.Finish()
}
