package report

import (
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// writeSample writes the sample reports into a fresh folder.
func writeSample(t *testing.T) (string, Files) {
	t.Helper()
	d := sampleData()
	d.Days = once(t, "days", d.Days)
	d.Discrepancies = once(t, "discrepancies", d.Discrepancies)
	d.Accounts = once(t, "accounts", d.Accounts)
	d.Late = once(t, "late", d.Late)
	d.Rejects = once(t, "rejects", d.Rejects)
	dir := filepath.Join(t.TempDir(), "out") // Write creates it
	files, err := Write(dir, d)
	if err != nil {
		t.Fatalf("Write: %v", err)
	}
	return dir, files
}

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it)\ngot:\n%s\nwant:\n%s", name, got, want)
	}
}

func TestWriteGolden(t *testing.T) {
	dir, files := writeSample(t)
	want := Files{
		Workbook:      filepath.Join(dir, "reconciliation.xlsx"),
		Patterns:      filepath.Join(dir, "patterns.csv"),
		Daily:         filepath.Join(dir, "daily.csv"),
		Discrepancies: filepath.Join(dir, "discrepancies.csv"),
		Accounts:      filepath.Join(dir, "accounts.csv"),
		Late:          filepath.Join(dir, "late.csv"),
		Bridge:        filepath.Join(dir, "bridge.csv"),
		Adjustments:   filepath.Join(dir, "adjustments.csv"),
		AdjustJSON:    filepath.Join(dir, "adjustments.json"),
		Rejects:       filepath.Join(dir, "rejects.csv"),
		SummaryJSON:   filepath.Join(dir, "summary.json"),
		SummaryHTML:   filepath.Join(dir, "summary.html"),
	}
	if files != want {
		t.Errorf("Files = %+v, want %+v", files, want)
	}
	if got, want := files.All(), []string{want.Workbook, want.Patterns, want.Daily, want.Discrepancies, want.Accounts, want.Late, want.Bridge, want.Adjustments, want.AdjustJSON, want.Rejects, want.SummaryJSON, want.SummaryHTML}; !slices.Equal(got, want) {
		t.Errorf("All() = %q, want %q", got, want)
	}
	for _, name := range []string{"patterns.csv", "daily.csv", "discrepancies.csv", "accounts.csv", "late.csv", "bridge.csv", "adjustments.csv", "adjustments.json", "rejects.csv", "summary.json"} {
		t.Run(name, func(t *testing.T) {
			got, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			golden(t, name, got)
		})
	}
	t.Run("reconciliation.xlsx", func(t *testing.T) {
		golden(t, "reconciliation.xlsx.txt", dumpWorkbook(t, files.Workbook))
	})
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{"accounts.csv", "adjustments.csv", "adjustments.json", "bridge.csv", "daily.csv", "discrepancies.csv", "late.csv", "patterns.csv", "reconciliation.xlsx", "rejects.csv", "summary.html", "summary.json"}; !slices.Equal(names, want) {
		t.Errorf("folder holds %q, want %q", names, want)
	}
}

// dumpWorkbook is every cell value of every sheet as shown (number formats
// applied), one quoted value per cell, for a golden file.
func dumpWorkbook(t *testing.T, path string) []byte {
	t.Helper()
	f := openBook(t, path)
	var b strings.Builder
	for _, sheet := range f.GetSheetList() {
		fmt.Fprintf(&b, "== %s ==\n", sheet)
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for i, row := range rows {
			quoted := make([]string, len(row))
			for j, v := range row {
				quoted[j] = strconv.Quote(v)
			}
			fmt.Fprintf(&b, "%d: %s\n", i+1, strings.Join(quoted, " | "))
		}
	}
	return []byte(b.String())
}

func openBook(t *testing.T, path string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("open workbook: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestCSVRoundTrip(t *testing.T) {
	dir, _ := writeSample(t)
	for name, rows := range map[string]int{
		"daily.csv":         len(sampleDays()), // no total row: the CSV is data only
		"discrepancies.csv": len(sampleDiscrepancies()),
		"accounts.csv":      len(sampleAccounts()),
		"late.csv":          len(sampleLate()),
		"rejects.csv":       len(sampleRejects()),
	} {
		raw, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		records, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := len(records) - 1; got != rows {
			t.Errorf("%s: got %d rows after the header, want %d", name, got, rows)
		}
	}
}

func TestWorkbookLayout(t *testing.T) {
	_, files := writeSample(t)
	f := openBook(t, files.Workbook)

	// SPEC §7: Summary first, then Discrepancies, Accounts and Rejects in
	// that order; Run, Daily and Late sit where they keep that order.
	wantSheets := []string{"Summary", "Patterns", "Run", "Daily", "Discrepancies", "Accounts", "Late", "Bridge", "Adjustments", "Rejects"}
	if got := f.GetSheetList(); !slices.Equal(got, wantSheets) {
		t.Errorf("sheets %q, want %q", got, wantSheets)
	}
	if got := f.GetActiveSheetIndex(); got != 0 {
		t.Errorf("active sheet %d, want 0 (Summary)", got)
	}

	filters := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm._FilterDatabase" {
			filters[dn.Scope] = dn.RefersTo
		}
	}
	lists := []struct {
		sheet, filter string
	}{
		{"Daily", "'Daily'!$A$1:$H$4"}, // the total row, 5, outside
		{"Discrepancies", "'Discrepancies'!$A$1:$L$8"},
		{"Accounts", "'Accounts'!$A$1:$R$6"},
		{"Late", "'Late'!$A$1:$L$3"},
		{"Rejects", "'Rejects'!$A$1:$F$5"},
	}
	for _, l := range lists {
		t.Run(l.sheet, func(t *testing.T) {
			panes, err := f.GetPanes(l.sheet)
			if err != nil {
				t.Fatal(err)
			}
			if !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 0 || panes.TopLeftCell != "A2" {
				t.Errorf("panes %+v, want the header row frozen", panes)
			}
			if got := filters[l.sheet]; got != l.filter {
				t.Errorf("autofilter %q, want %q", got, l.filter)
			}
			if s := cellStyle(t, f, l.sheet, "A1"); s.Font == nil || !s.Font.Bold {
				t.Errorf("header A1 is not bold: %+v", s)
			}
		})
	}

	t.Run("credits are numbers shown #,##0.00, negatives red", func(t *testing.T) {
		for _, cell := range []string{"E2", "F2", "G2", "G3"} {
			checkNumber(t, f, "Discrepancies", cell)
			checkCreditFormat(t, f, "Discrepancies", cell)
		}
		if got := rawValue(t, f, "Discrepancies", "G3"); got != "-4.5" {
			t.Errorf("G3 holds %q, want -4.5", got)
		}
		if got := shown(t, f, "Discrepancies", "G3"); got != "-4.50" {
			t.Errorf("G3 shows %q, want -4.50", got)
		}
	})
	t.Run("missing charge is an empty cell", func(t *testing.T) {
		for _, cell := range []string{"F4", "I4"} {
			if got := rawValue(t, f, "Discrepancies", cell); got != "" {
				t.Errorf("%s holds %q, want empty", cell, got)
			}
		}
	})
	t.Run("integers", func(t *testing.T) {
		checkNumber(t, f, "Discrepancies", "H5")
		if got := rawValue(t, f, "Discrepancies", "H5"); got != "3" {
			t.Errorf("H5 holds %q, want 3", got)
		}
		// Counts and minutes are "#,##0"; a row number names a row and
		// keeps no separators.
		for _, c := range []struct{ sheet, cell string }{{"Discrepancies", "H5"}, {"Accounts", "B2"}, {"Daily", "B2"}} {
			if s := cellStyle(t, f, c.sheet, c.cell); s.NumFmt != countFormat {
				t.Errorf("%s!%s number format %d, want %d (#,##0)", c.sheet, c.cell, s.NumFmt, countFormat)
			}
		}
		if s := cellStyle(t, f, "Discrepancies", "L2"); s.NumFmt != 0 || s.CustomNumFmt != nil {
			t.Errorf("Discrepancies!L2 (row_number) format %d %v, want General", s.NumFmt, s.CustomNumFmt)
		}
	})
	t.Run("timestamps are dates in UTC", func(t *testing.T) {
		checkNumber(t, f, "Discrepancies", "C6")
		s := cellStyle(t, f, "Discrepancies", "C6")
		if s.CustomNumFmt == nil || *s.CustomNumFmt != "yyyy-mm-dd hh:mm:ss" {
			t.Errorf("C6 number format %v, want yyyy-mm-dd hh:mm:ss", s.CustomNumFmt)
		}
		if got := shown(t, f, "Discrepancies", "C6"); got != "2024-05-02 08:15:30" {
			t.Errorf("C6 shows %q, want 2024-05-02 08:15:30", got)
		}
	})
	t.Run("days are dates", func(t *testing.T) {
		checkNumber(t, f, "Daily", "A3")
		s := cellStyle(t, f, "Daily", "A3")
		if s.CustomNumFmt == nil || *s.CustomNumFmt != "yyyy-mm-dd" {
			t.Errorf("Daily!A3 number format %v, want yyyy-mm-dd", s.CustomNumFmt)
		}
		if got := shown(t, f, "Daily", "A3"); got != "2024-05-02" {
			t.Errorf("Daily!A3 shows %q, want 2024-05-02", got)
		}
	})
	t.Run("formula-like text is a quote-prefixed string", func(t *testing.T) {
		for _, c := range []struct{ sheet, cell, want string }{
			{"Discrepancies", "A2", `=HYPERLINK("http://x")`},
			{"Discrepancies", "A3", "+1"},
			{"Discrepancies", "B3", "-2"},
			{"Discrepancies", "A4", "@SUM(A1)"},
			{"Discrepancies", "A5", "\tev-4"},
			{"Discrepancies", "J7", "\rledger txn t-9 matches no event"},
			{"Accounts", "A3", "=1+1"},
			{"Rejects", "C4", "=cmd|' /C calc'!A0"},
			{"Late", "A3", "=ev-late-2"},
			{"Run", "B12", "-odd-name.parquet"},
		} {
			if got := shown(t, f, c.sheet, c.cell); got != c.want {
				t.Errorf("%s!%s = %q, want %q", c.sheet, c.cell, got, c.want)
			}
			// The lists are streamed with inline strings; the Summary,
			// written cell by cell, shares its strings.
			if typ, _ := f.GetCellType(c.sheet, c.cell); typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
				t.Errorf("%s!%s type %v, want a string", c.sheet, c.cell, typ)
			}
			if formula, _ := f.GetCellFormula(c.sheet, c.cell); formula != "" {
				t.Errorf("%s!%s has formula %q", c.sheet, c.cell, formula)
			}
			if !quotePrefixed(t, f, c.sheet, c.cell) {
				t.Errorf("%s!%s has no quotePrefix", c.sheet, c.cell)
			}
		}
		if quotePrefixed(t, f, "Discrepancies", "A6") {
			t.Errorf("Discrepancies!A6 (ev-5) is quote-prefixed, want plain text")
		}
	})
}

func cellStyle(t *testing.T, f *excelize.File, sheet, cell string) *excelize.Style {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	s, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// quotePrefixed reads the quotePrefix flag of a cell's format record, which
// excelize's Style does not show.
func quotePrefixed(t *testing.T, f *excelize.File, sheet, cell string) bool {
	t.Helper()
	cellStyle(t, f, sheet, cell) // loads the style sheet
	id, _ := f.GetCellStyle(sheet, cell)
	q := f.Styles.CellXfs.Xf[id].QuotePrefix
	return q != nil && *q
}

func shown(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func rawValue(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// checkCreditFormat fails unless the cell shows credits as every credit
// cell of the workbook does: "#,##0.00", a negative red.
func checkCreditFormat(t *testing.T, f *excelize.File, sheet, cell string) {
	t.Helper()
	s := cellStyle(t, f, sheet, cell)
	if s.CustomNumFmt == nil || *s.CustomNumFmt != "#,##0.00;[Red]-#,##0.00" {
		t.Errorf("%s!%s number format %d %v, want #,##0.00;[Red]-#,##0.00", sheet, cell, s.NumFmt, s.CustomNumFmt)
	}
}

// checkNumber fails unless the cell is a number cell holding a number.
func checkNumber(t *testing.T, f *excelize.File, sheet, cell string) {
	t.Helper()
	typ, err := f.GetCellType(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		t.Errorf("%s!%s type %v, want a number", sheet, cell, typ)
	}
	if _, err := strconv.ParseFloat(rawValue(t, f, sheet, cell), 64); err != nil {
		t.Errorf("%s!%s: %v", sheet, cell, err)
	}
}

// Excel repairs a sheet whose <col> elements are out of order.
func TestColumnWidths(t *testing.T) {
	_, files := writeSample(t)
	f := openBook(t, files.Workbook)
	for i, c := range discrepancyTable.cols {
		name, _ := excelize.ColumnNumberToName(i + 1)
		if w, err := f.GetColWidth("Discrepancies", name); err != nil || w != c.width {
			t.Errorf("Discrepancies column %s (%s) width %v, %v; want %v", name, c.name, w, err, c.width)
		}
	}
	colMin := regexp.MustCompile(`<col [^>]*\bmin="(\d+)"`)
	for i, sheet := range f.GetSheetList() {
		raw := unzipPart(t, files.Workbook, fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1))
		var mins []int
		for _, m := range colMin.FindAllStringSubmatch(raw, -1) {
			n, _ := strconv.Atoi(m[1])
			mins = append(mins, n)
		}
		if len(mins) == 0 || !slices.IsSorted(mins) {
			t.Errorf("%s: <col> elements %v, want ascending", sheet, mins)
		}
	}
}
