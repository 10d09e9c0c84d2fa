package report

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// The Daily sheet's last row sums the rows above it, exactly, in bold, below
// the autofilter; daily.csv holds the days alone.
func TestDailyTotal(t *testing.T) {
	_, files := writeSample(t)
	f := openBook(t, files.Workbook)
	rows, err := f.GetRows("Daily", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	days := len(sampleDays())
	if len(rows) != days+2 {
		t.Fatalf("Daily has %d rows, want a header, %d days and a total", len(rows), days)
	}
	total := rows[len(rows)-1]
	if total[0] != "total" {
		t.Errorf("last row starts %q, want total", total[0])
	}
	for col := 1; col < len(dailyTable.cols); col++ {
		var sum decimal.Decimal
		for _, r := range rows[1 : 1+days] {
			sum = sum.Add(decimal.RequireFromString(r[col]))
		}
		got := decimal.RequireFromString(total[col])
		if !got.Equal(sum) {
			t.Errorf("total %s = %s, want the sum of the days %s", dailyTable.cols[col].name, got, sum)
		}
		cell := fmt.Sprintf("%c%d", 'A'+col, len(rows))
		checkNumber(t, f, "Daily", cell)
		if s := cellStyle(t, f, "Daily", cell); s.Font == nil || !s.Font.Bold {
			t.Errorf("total %s is not bold", cell)
		}
	}
	// 31.67 + 100.04 + 19.96 is 151.67000000000002 in float64: the total is
	// added up in decimal and only then made a cell.
	if got := rawValue(t, f, "Daily", fmt.Sprintf("C%d", len(rows))); got != "151.67" {
		t.Errorf("total expected_credits holds %q, want 151.67", got)
	}
	checkCreditFormat(t, f, "Daily", fmt.Sprintf("C%d", len(rows)))

	raw, err := os.ReadFile(files.Daily)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), "total") {
		t.Errorf("daily.csv has a total row, want the days alone:\n%s", raw)
	}
}

// A cut Daily sheet still ends with the total, of every day, and stays
// within the sheet's row limit.
func TestDailyTotalCut(t *testing.T) {
	defer func(n int) { sheetRowLimit = n }(sheetRowLimit)
	sheetRowLimit = 5

	for _, tt := range []struct {
		days     int
		wantRows []string // column A of each row
	}{
		{3, []string{"date", "2024-01-01", "2024-01-02", "2024-01-03", "total"}},
		{4, []string{"date", "2024-01-01", "2024-01-02", "list cut at 2 rows (of 4): the full list is in daily.csv", "total"}},
	} {
		t.Run(fmt.Sprint(tt.days, " days"), func(t *testing.T) {
			days := make([]Day, tt.days)
			for i := range days {
				days[i] = Day{Date: time.Date(2024, 1, 1+i, 0, 0, 0, 0, time.UTC), Events: 1, ExpectedCredits: dec("0.10")}
			}
			d := sampleData()
			d.Days = seqOf(days)
			files, err := Write(t.TempDir(), d)
			if err != nil {
				t.Fatal(err)
			}
			f := openBook(t, files.Workbook)
			rows, err := f.GetRows("Daily")
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range rows {
				got = append(got, r[0])
			}
			if strings.Join(got, "\n") != strings.Join(tt.wantRows, "\n") {
				t.Errorf("Daily column A:\n%q\nwant\n%q", got, tt.wantRows)
			}
			last := rows[len(rows)-1]
			if want := fmt.Sprint(tt.days); last[1] != want {
				t.Errorf("total events %s, want %s (every day, shown or not)", last[1], want)
			}
		})
	}
}
