package report

import (
	"fmt"
	"iter"
	"os"
	"path/filepath"

	"github.com/reconcile/reconcile/internal/atomicfs"
)

// The names of the reports in the report folder.
const (
	workbookName      = "reconciliation.xlsx"
	dailyName         = "daily.csv"
	discrepanciesName = "discrepancies.csv"
	accountsName      = "accounts.csv"
	lateName          = "late.csv"
	rejectsName       = "rejects.csv"
)

// runReportNames are the files Write publishes besides summary.json, as
// summary.json lists them.
var runReportNames = []string{workbookName, dailyName, discrepanciesName, accountsName, lateName, rejectsName,
	summaryHTMLName}

// Files are the paths of the reports Write published.
type Files struct {
	Workbook      string // reconciliation.xlsx
	Daily         string // daily.csv
	Discrepancies string // discrepancies.csv
	Accounts      string // accounts.csv
	Late          string // late.csv
	Rejects       string // rejects.csv
	SummaryJSON   string // summary.json
	SummaryHTML   string // summary.html
}

// All lists the paths, workbook first, then the CSV files in the order of
// their sheets, then summary.json and summary.html.
func (f Files) All() []string {
	return []string{f.Workbook, f.Daily, f.Discrepancies, f.Accounts, f.Late, f.Rejects, f.SummaryJSON, f.SummaryHTML}
}

// Write writes the reports of d into the folder dir, creating it if needed,
// and returns their paths. Each row sequence of d is read exactly once; a nil
// sequence is an empty list. The reports replace those already in dir only
// when all of them are complete: on error, dir is left as it was. Beside
// the workbook and the CSV files it writes summary.json ([SummaryDoc]) and
// summary.html, the Summary's figures for a machine and for a phone.
func Write(dir string, d Data) (Files, error) {
	err := writeReports(dir, workbookName, func(st *atomicfs.Files, b *book) error {
		if err := writeRun(b, d.Summary); err != nil {
			return wrapSheet(b, runSheet, err)
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
		if err := writeList(st, b, rejectTable, d.Rejects); err != nil {
			return err
		}
		if err := writeSummary(b, d.Summary, t); err != nil {
			return wrapSheet(b, summarySheet, err)
		}
		doc, err := encodeDoc(NewSummaryDoc(d.Summary, t, runReportNames))
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
	return Files{
		Workbook:      filepath.Join(dir, workbookName),
		Daily:         filepath.Join(dir, dailyName),
		Discrepancies: filepath.Join(dir, discrepanciesName),
		Accounts:      filepath.Join(dir, accountsName),
		Late:          filepath.Join(dir, lateName),
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
// file and to its sheet.
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
	if rows != nil {
		for row, err := range rows {
			if err != nil {
				return fail(err)
			}
			vs := t.row(row)
			if err := c.add(vs); err != nil {
				return fail(err)
			}
			if err := l.add(vs); err != nil {
				return failSheet(err)
			}
		}
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
