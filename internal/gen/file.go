package gen

import (
	"bufio"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/reconcile/reconcile/internal/atomicfs"
)

// Format is a file format gen writes, named as the file extension ingest
// reads.
type Format string

// The formats gen writes.
const (
	CSV     Format = "csv"
	CSVGz   Format = "csv.gz"
	Parquet Format = "parquet"
)

// FormatOf returns the format path's extension names (.csv, .csv.gz or
// .parquet, in any case) and whether it names one.
func FormatOf(path string) (Format, bool) {
	lower := strings.ToLower(path)
	switch {
	case strings.HasSuffix(lower, ".csv.gz"):
		return CSVGz, true
	case strings.HasSuffix(lower, ".csv"):
		return CSV, true
	case strings.HasSuffix(lower, ".parquet"):
		return Parquet, true
	}
	return "", false
}

// WriteLogFile writes the render log that c describes to the file at path
// in format f, making path's folder if needed. The file appears at path
// only once it is complete; on an error path is left as it was.
func WriteLogFile(ctx context.Context, path string, f Format, c Config) (Stats, error) {
	var stats Stats
	err := writeFile(path, f, func(w io.Writer) (err error) {
		stats, err = WriteCSV(w, c)
		return err
	}, func(path string) (err error) {
		stats, err = WriteParquet(ctx, path, c)
		return err
	})
	if err != nil {
		return stats, fmt.Errorf("write %s: %w", path, err)
	}
	return stats, nil
}

// WriteLedgerFile writes the billing ledger of the log that c describes to
// the file at path in format f, as [WriteLogFile] writes the log.
func WriteLedgerFile(ctx context.Context, path string, f Format, c Config) (LedgerStats, error) {
	var stats LedgerStats
	err := writeFile(path, f, func(w io.Writer) (err error) {
		stats, err = WriteLedger(w, c)
		return err
	}, func(path string) (err error) {
		stats, err = WriteLedgerParquet(ctx, path, c)
		return err
	})
	if err != nil {
		return stats, fmt.Errorf("write ledger %s: %w", path, err)
	}
	return stats, nil
}

// writeFile makes path's folder and writes the file in format f: through
// writeCSV (gzipped for CSVGz) under a temporary name then renamed, or
// with writeParquet, which renames its own temporary file.
func writeFile(path string, f Format, writeCSV func(io.Writer) error, writeParquet func(path string) error) error {
	if f != CSV && f != CSVGz && f != Parquet {
		return fmt.Errorf("gen: format %q: want csv, csv.gz or parquet", f)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	if f == Parquet {
		return writeParquet(path)
	}
	return atomicfs.WriteFile(path, func(out io.Writer) error {
		bw := bufio.NewWriterSize(out, 1<<20)
		var w io.Writer = bw
		var zw *gzip.Writer
		if f == CSVGz {
			// No name and no time in the header: the same log gives the same bytes.
			zw = gzip.NewWriter(bw)
			w = zw
		}
		if err := writeCSV(w); err != nil {
			return err
		}
		if zw != nil {
			if err := zw.Close(); err != nil {
				return err
			}
		}
		return bw.Flush()
	})
}
