package gen

import (
	"io"
	"testing"
)

// BenchmarkWriteCSV reports the cost of one generated event.
func BenchmarkWriteCSV(b *testing.B) {
	c := october(b.N, 42)
	b.ReportAllocs()
	b.ResetTimer()
	if _, err := WriteCSV(io.Discard, c); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkWriteLedger reports the cost of one generated event's ledger.
func BenchmarkWriteLedger(b *testing.B) {
	c := october(b.N, 42)
	b.ReportAllocs()
	b.ResetTimer()
	if _, err := WriteLedger(io.Discard, c); err != nil {
		b.Fatal(err)
	}
}
