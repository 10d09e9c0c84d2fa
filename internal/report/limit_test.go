package report

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"testing"

	"github.com/xuri/excelize/v2"
)

// filterOf is the autofilter range of a sheet, from its defined name.
func filterOf(f *excelize.File, sheet string) string {
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm._FilterDatabase" && dn.Scope == sheet {
			return dn.RefersTo
		}
	}
	return ""
}

func TestSheetRowLimit(t *testing.T) {
	defer func(n int) { sheetRowLimit = n }(sheetRowLimit)
	sheetRowLimit = 5 // a header and four rows

	rejects := func(n int) []Reject {
		rs := make([]Reject, n)
		for i := range rs {
			rs[i] = Reject{SourceFile: "in.csv", RowNumber: int64(i + 2), Reason: "bad_number"}
		}
		return rs
	}
	tests := []struct {
		name      string
		rows      int
		wantRows  int    // rows of the sheet, header and note included
		wantLast  string // column A of the last row
		wantRange string
	}{
		{"fewer than the limit", 3, 4, "in.csv", "'Rejects'!$A$1:$F$4"},
		{"exactly the limit", 4, 5, "in.csv", "'Rejects'!$A$1:$F$5"},
		{"one over", 5, 5, "list cut at 3 rows (of 5): the full list is in rejects.csv", "'Rejects'!$A$1:$F$4"},
		{"far over", 50, 5, "list cut at 3 rows (of 50): the full list is in rejects.csv", "'Rejects'!$A$1:$F$4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := sampleData()
			d.Rejects = seqOf(rejects(tt.rows))
			files, err := Write(t.TempDir(), d)
			if err != nil {
				t.Fatal(err)
			}
			f := openBook(t, files.Workbook)
			rows, err := f.GetRows("Rejects")
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != tt.wantRows {
				t.Fatalf("sheet has %d rows, want %d", len(rows), tt.wantRows)
			}
			if got := rows[len(rows)-1][0]; got != tt.wantLast {
				t.Errorf("last row says %q, want %q", got, tt.wantLast)
			}
			if got := filterOf(f, "Rejects"); got != tt.wantRange {
				t.Errorf("autofilter %q, want %q (the note row outside it)", got, tt.wantRange)
			}
			want := fmt.Sprint(tt.rows + 1) // input rows are numbered from 2
			if tt.rows <= 4 {
				if got := rows[len(rows)-1][1]; got != want {
					t.Errorf("last row number %q, want %q", got, want)
				}
			}

			raw, err := os.ReadFile(files.Rejects)
			if err != nil {
				t.Fatal(err)
			}
			records, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if got := len(records) - 1; got != tt.rows {
				t.Errorf("rejects.csv has %d rows, want all %d", got, tt.rows)
			}
		})
	}

	t.Run("discrepancies name their file", func(t *testing.T) {
		d := sampleData() // seven discrepancies
		files, err := Write(t.TempDir(), d)
		if err != nil {
			t.Fatal(err)
		}
		f := openBook(t, files.Workbook)
		got, err := f.GetCellValue("Discrepancies", "A5")
		if err != nil {
			t.Fatal(err)
		}
		if want := "list cut at 3 rows (of 7): the full list is in discrepancies.csv"; got != want {
			t.Errorf("A5 = %q, want %q", got, want)
		}
	})
}
