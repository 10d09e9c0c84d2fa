package report

import (
	"iter"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// BenchmarkWrite writes the reports of a month with 200,000 discrepancies,
// what a 10M-event run with 2% faults finds (make bench): the workbook's
// Discrepancies sheet and discrepancies.csv hold them all.
//
//	go test -run '^$' -bench Write -benchtime 3x -cpuprofile cpu.out ./internal/report
func BenchmarkWrite(b *testing.B) {
	const n = 200_000
	base := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	cats := []string{"overcharged", "undercharged", "uncharged", "minutes_mismatch", "duplicate_event"}
	rows := func(yield func(Discrepancy, error) bool) {
		for i := range n {
			d := Discrepancy{EventID: "evt-" + strconv.Itoa(i), AccountID: "acct-" + strconv.Itoa(i%500),
				CreatedAt: base.Add(time.Duration(i) * 13 * time.Second), Category: cats[i%len(cats)],
				ExpectedCredits: dec("12.50"), ChargedCredits: decPtr("10.00"), DiffCredits: dec("-2.50"),
				ExpectedMinutes: 2, ChargedMinutes: intPtr(2),
				Detail:     "charged 10.00 (inline), expected 12.50: 2.50 under (tolerance 0.01)",
				SourceFile: "/srv/renderlogs/2026-10/part-0007.parquet", RowNumber: int64(i + 2)}
			if !yield(d, nil) {
				return
			}
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		d := sampleData()
		d.Discrepancies = iter.Seq2[Discrepancy, error](rows)
		if _, err := Write(filepath.Join(b.TempDir(), "out"), d); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n), "discrepancies/op")
}
