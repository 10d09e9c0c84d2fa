package gen

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"strings"

	_ "github.com/duckdb/duckdb-go/v2" // the "duckdb" database/sql driver

	"github.com/reconcile/reconcile/internal/atomicfs"
	"github.com/reconcile/reconcile/queries"
)

// WriteParquet writes the render log that c describes to a Parquet file at
// path, with typed columns: created_at TIMESTAMP (UTC), is_ad BOOLEAN,
// duration_ms BIGINT, images INTEGER, charged_credits DECIMAL(18,2),
// charged_video_minutes INTEGER, the rest VARCHAR; empty cells are NULL. It
// writes the CSV of [WriteCSV] to a temporary file and converts it with
// [CSVToParquet]. The file appears at path only once it is complete.
func WriteParquet(ctx context.Context, path string, c Config) (Stats, error) {
	if err := c.Validate(); err != nil {
		return Stats{}, err
	}
	var stats Stats
	err := viaCSV(path, func(w io.Writer) (err error) {
		stats, err = WriteCSV(w, c)
		return err
	}, func(src string) error { return CSVToParquet(ctx, src, path) })
	return stats, err
}

// WriteLedgerParquet writes the billing ledger that c describes to a
// Parquet file at path, with typed columns: charged_at TIMESTAMP (UTC),
// credits DECIMAL(18,2), video_minutes INTEGER, the rest VARCHAR. It writes
// the CSV of [WriteLedger] to a temporary file and converts it through
// DuckDB. The file appears at path only once it is complete.
func WriteLedgerParquet(ctx context.Context, path string, c Config) (LedgerStats, error) {
	if err := c.Validate(); err != nil {
		return LedgerStats{}, err
	}
	var stats LedgerStats
	err := viaCSV(path, func(w io.Writer) (err error) {
		stats, err = WriteLedger(w, c)
		return err
	}, func(src string) error { return convert(ctx, src, path, ledgerColumns[:], queries.GenLedgerToParquet) })
	return stats, err
}

// viaCSV writes a CSV file with write to a temporary file, then hands its
// name to convert, which makes the Parquet file at path from it.
func viaCSV(path string, write func(io.Writer) error, convert func(src string) error) error {
	tmp, err := os.CreateTemp("", "reconcile-gen-*.csv")
	if err != nil {
		return fmt.Errorf("gen: write parquet: %w", err)
	}
	defer os.Remove(tmp.Name())
	bw := bufio.NewWriterSize(tmp, 1<<20)
	if err := write(bw); err != nil {
		tmp.Close()
		return err
	}
	err = bw.Flush()
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("gen: write parquet %s: %w", path, err)
	}
	return convert(tmp.Name())
}

// CSVToParquet converts the render-log CSV at src, whose header is exactly
// [Columns] in that order, to typed Parquet at dst, as [WriteParquet]
// describes. It writes to a temporary name beside dst and renames it when
// DuckDB is done.
func CSVToParquet(ctx context.Context, src, dst string) error {
	return convert(ctx, src, dst, columns[:], queries.GenToParquet)
}

// convert runs the COPY statement q, whose {{src}} and {{dst}} stand for
// the two paths, to turn the CSV at src, whose header must be exactly
// header, into Parquet at dst. DuckDB writes a temporary file beside dst,
// renamed to dst once complete.
func convert(ctx context.Context, src, dst string, header []string, t queries.Template) error {
	// DuckDB maps the typed columns by position, so a header in another
	// order would silently swap them.
	if err := checkHeader(src, header); err != nil {
		return fmt.Errorf("gen: convert %s to parquet: %w", src, err)
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return fmt.Errorf("gen: convert %s to parquet: open duckdb: %w", src, err)
	}
	defer db.Close()
	conn, err := db.Conn(ctx) // SET applies to one connection
	if err != nil {
		return fmt.Errorf("gen: convert %s to parquet: %w", src, err)
	}
	defer conn.Close()
	// Read offset-less timestamps as UTC (SPEC §2), whatever the machine's zone.
	if _, err := conn.ExecContext(ctx, queries.SetUTC.Text); err != nil {
		return fmt.Errorf("gen: convert %s to parquet: %w", src, err)
	}
	err = atomicfs.WriteFileAt(dst, func(part string) error {
		q, err := t.Fill(map[string]string{"Src": src, "Dst": part})
		if err == nil {
			_, err = conn.ExecContext(ctx, q.Text)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("gen: convert %s to parquet: %w", src, err)
	}
	return nil
}

// checkHeader reports whether the first line of the CSV file at path is
// header.
func checkHeader(path string, header []string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	line, err := bufio.NewReader(f).ReadString('\n')
	if err != nil && line == "" {
		return fmt.Errorf("read header: %w", err)
	}
	if got, want := strings.TrimRight(line, "\r\n"), strings.Join(header, ","); got != want {
		return fmt.Errorf("header is %q; want %q", got, want)
	}
	return nil
}
