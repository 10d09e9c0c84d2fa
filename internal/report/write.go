package report

import (
	"fmt"
	"iter"
	"os"
	"path/filepath"
)

// The names of the reports in the report folder.
const (
	workbookName      = "reconciliation.xlsx"
	discrepanciesName = "discrepancies.csv"
	accountsName      = "accounts.csv"
	rejectsName       = "rejects.csv"
)

// Files are the paths of the reports Write published.
type Files struct {
	Workbook      string // reconciliation.xlsx
	Discrepancies string // discrepancies.csv
	Accounts      string // accounts.csv
	Rejects       string // rejects.csv
}

// All lists the paths, workbook first.
func (f Files) All() []string {
	return []string{f.Workbook, f.Discrepancies, f.Accounts, f.Rejects}
}

// Write writes the reports of d into the folder dir, creating it if needed,
// and returns their paths. Each row sequence of d is read exactly once; a nil
// sequence is an empty list. The reports replace those already in dir only
// when all four are complete: on error, dir is left as it was.
func Write(dir string, d Data) (files Files, err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Files{}, fmt.Errorf("report folder: %w", err)
	}
	st := &staging{dir: dir}
	defer func() {
		if err != nil {
			st.abort()
		}
	}()
	b, err := newBook()
	if err != nil {
		return Files{}, fmt.Errorf("write %s: %w", workbookName, err)
	}
	defer b.close()

	if err := writeSummary(b, d.Summary); err != nil {
		return Files{}, fmt.Errorf("write %s: sheet %s: %w", workbookName, summarySheet, err)
	}
	if err := writeList(st, b, discrepanciesName, "Discrepancies", discrepancyColumns, d.Discrepancies, discrepancyRow); err != nil {
		return Files{}, err
	}
	if err := writeList(st, b, accountsName, "Accounts", accountColumns, d.Accounts, accountRow); err != nil {
		return Files{}, err
	}
	if err := writeList(st, b, rejectsName, "Rejects", rejectColumns, d.Rejects, rejectRow); err != nil {
		return Files{}, err
	}
	if err := writeBook(st, b); err != nil {
		return Files{}, fmt.Errorf("write %s: %w", workbookName, err)
	}
	if err := st.commit(); err != nil {
		return Files{}, err
	}
	return Files{
		Workbook:      filepath.Join(dir, workbookName),
		Discrepancies: filepath.Join(dir, discrepanciesName),
		Accounts:      filepath.Join(dir, accountsName),
		Rejects:       filepath.Join(dir, rejectsName),
	}, nil
}

// writeList reads rows once and writes each row both to the CSV file csvName
// and to the sheet.
func writeList[T any](st *staging, b *book, csvName, sheet string, cols []column, rows iter.Seq2[T, error], values func(T) []value) error {
	fail := func(err error) error { return fmt.Errorf("write %s: %w", csvName, err) }
	failSheet := func(err error) error {
		return fmt.Errorf("write %s: sheet %s: %w", workbookName, sheet, err)
	}
	out, err := st.create(csvName)
	if err != nil {
		return fail(err)
	}
	c, err := newCSVList(out, cols)
	if err != nil {
		return fail(err)
	}
	l, err := b.newList(sheet, csvName, cols)
	if err != nil {
		return failSheet(err)
	}
	if rows != nil {
		for row, err := range rows {
			if err != nil {
				return fail(err)
			}
			vs := values(row)
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
	if err := out.finish(); err != nil {
		return fail(err)
	}
	if err := l.finish(); err != nil {
		return failSheet(err)
	}
	return nil
}

// writeBook writes the finished workbook to its temporary file. Every sheet
// must be finished.
func writeBook(st *staging, b *book) error {
	b.f.SetActiveSheet(0)
	out, err := st.create(workbookName)
	if err != nil {
		return err
	}
	if err := b.f.Write(out); err != nil {
		return err
	}
	return out.finish()
}
