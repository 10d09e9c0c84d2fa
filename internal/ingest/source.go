package ingest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/reconcile/reconcile/queries"
)

// ErrNotCSV reports a file DuckDB cannot read as CSV at all.
var ErrNotCSV = errors.New("not valid CSV")

func firstLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}

// csvSource stages a CSV file's rows as text in a temporary table, numbered
// in file order, sets its malformed rows aside in MalformedTable, and
// returns the select that reads the staged rows by position. The rows
// DuckDB read, staged and malformed, must be the records Go counted
// (Shape.Records), or the file fails.
func csvSource(ctx context.Context, conn *sql.Conn, in *input, id int, f File) (string, layout, error) {
	fail := func(err error) (string, layout, error) { return "", layout{}, fmt.Errorf("%s: %w", f.Path, err) }
	if f.Print == nil {
		p, err := Fingerprint(f)
		if err != nil {
			return fail(err)
		}
		f.Print = &p
	}
	shape := f.Print.Shape
	header := shape.Header
	types := make([]string, len(header))
	for i := range header {
		types[i] = "VARCHAR"
	}
	l, err := newLayout(f.Path, "header", in.columns, header, types)
	if err != nil {
		return "", layout{}, err
	}
	read, prefixes := f.Path, []string(nil)
	if shape.needsCopy() {
		if read, prefixes, err = normalizedCopy(f, shape); err != nil {
			return fail(err)
		}
		defer os.Remove(read)
	}
	table := fmt.Sprintf("rc_csv_%d", id)
	rejects := fmt.Sprintf("rc_csv_rejects_%d", id)
	name := queries.CSVColumn
	// The staged table holds the columns rc_raw shows (and so those the
	// input reads): a table column takes memory of its own.
	keep := []string{"*"}
	if l.width > rawColumns {
		keep = keep[:0]
		for _, i := range l.rawPositions() {
			keep = append(keep, name(i))
		}
	}
	stage, err := queries.CSVStage.Fill(map[string]any{"Table": table, "Keep": strings.Join(keep, ", "), "Path": read,
		"Columns": queries.CSVColumns(len(header)), "MaxLine": 2 * MaxRowBytes, "Compression": compression(f, read), "Rejects": rejects})
	if err != nil {
		return fail(err)
	}
	if _, err := conn.ExecContext(ctx, stage.Text); err != nil {
		if strings.Contains(err.Error(), "state machine reached an invalid state") {
			return fail(fmt.Errorf("%w (its quoting is broken beyond one row): %v", ErrNotCSV, firstLine(err)))
		}
		return fail(err)
	}
	var staged, malformed int64
	names := map[string]any{"FileID": id, "Rejects": rejects, "Table": table}
	counts, err := queries.CSVStagedCounts.Fill(names)
	if err == nil {
		err = conn.QueryRowContext(ctx, counts.Text).Scan(&staged, &malformed)
	}
	if err != nil {
		return fail(err)
	}
	if staged+malformed != shape.Records {
		return fail(fmt.Errorf("%w: DuckDB read %d rows (%d well-formed, %d malformed), the file holds %d: %s",
			ErrRowCount, staged+malformed, staged, malformed, shape.Records, rowCountHint(f, shape)))
	}
	if fi, err := os.Stat(f.Path); err == nil && fi.Size() != f.Print.Size {
		return fail(fmt.Errorf("%w: %d bytes when hashed, %d now", ErrChangedWhileRead, f.Print.Size, fi.Size()))
	}
	if malformed > 0 {
		for _, t := range []queries.Template{queries.CSVMalformed, queries.CSVRenumber} {
			q, err := t.Fill(names)
			if err != nil {
				return "", layout{}, err
			}
			if _, err := conn.ExecContext(ctx, q.Text); err != nil {
				return fail(fmt.Errorf("set malformed rows aside: %w", err))
			}
		}
	}
	if err := markLong(ctx, conn, id, shape.Long, prefixes); err != nil {
		return fail(err)
	}
	src, err := queries.CSVStagedSource.Fill(map[string]any{"Columns": sourceColumns(in, l, name, rawRow(l, name)), "Table": table})
	if err != nil {
		return fail(err)
	}
	return src.Text, l, nil
}

// ErrRowCount reports a CSV file of which DuckDB read other rows than Go
// counted.
var ErrRowCount = errors.New("row count differs")

// rowCountHint says what might make DuckDB's rows differ from Go's.
func rowCountHint(f File, s *Shape) string {
	if s.Unterminated {
		return "a quoted field is never closed"
	}
	return "its quoting is broken beyond one row, or it changed while it was read"
}

// compression is the compression DuckDB is told a file has: a normalized
// copy is plain text.
func compression(f File, read string) string {
	if f.Format == CSVGzip && read == f.Path {
		return "gzip"
	}
	return "none"
}

// markLong turns the rejects of the long records' markers into
// row_too_long rejects, with the record's first bytes as raw.
func markLong(ctx context.Context, conn *sql.Conn, id int, long []LongRow, prefixes []string) error {
	for i, r := range long {
		res, err := conn.ExecContext(ctx, queries.MarkLongRow.Text,
			fmt.Sprintf("row of %d bytes; a row may hold at most %d (2 MiB); raw holds its first %d bytes", r.Bytes, MaxRowBytes, prefixBytes),
			prefixes[i], id, r.Row)
		if err != nil {
			return fmt.Errorf("set long rows aside: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("%w: row %d of %d bytes is not among DuckDB's rejects", ErrRowCount, r.Row, r.Bytes)
		}
	}
	return nil
}

// parquetSource returns the select that reads a Parquet file by position,
// after checking its schema. The names are the file's own (parquet_schema):
// DuckDB renames a second "KIND" to "KIND_1", which would hide a column
// named twice.
func parquetSource(ctx context.Context, conn *sql.Conn, in *input, f File) (string, layout, error) {
	fail := func(err error) (string, layout, error) { return "", layout{}, fmt.Errorf("%s: %w", f.Path, err) }
	names, err := parquetNames(ctx, conn, f.Path)
	if err != nil {
		return fail(err)
	}
	describe, err := queries.ParquetTypes.Fill(f.Path)
	if err != nil {
		return fail(err)
	}
	rows, err := conn.QueryContext(ctx, describe.Text)
	if err != nil {
		return fail(err)
	}
	defer rows.Close()
	var types []string
	for rows.Next() {
		var name, typ string
		var null, key, def, extra sql.NullString
		if err := rows.Scan(&name, &typ, &null, &key, &def, &extra); err != nil {
			return fail(err)
		}
		types = append(types, typ)
	}
	if err := rows.Err(); err != nil {
		return fail(err)
	}
	if len(types) != len(names) {
		return fail(fmt.Errorf("its schema has %d top-level columns, DuckDB reads %d", len(names), len(types)))
	}
	l, err := newLayout(f.Path, "schema", in.columns, names, types)
	if err != nil {
		return "", layout{}, err
	}
	// The row number is DuckDB's file_row_number, unless the file has a
	// column of that name (an extra column, ignored like any other).
	rowNumberColumn := false
	for _, n := range names {
		rowNumberColumn = rowNumberColumn || strings.EqualFold(n, "file_row_number")
	}
	src, err := queries.ParquetSource.Fill(map[string]any{"RowNumberColumn": rowNumberColumn, "Path": f.Path,
		"Columns": sourceColumns(in, l, queries.ParquetColumn, rawRow(l, queries.ParquetText))})
	if err != nil {
		return fail(err)
	}
	return src.Text, l, nil
}

// parquetNames returns the names of a Parquet file's top-level columns, as
// its schema spells them. parquet_schema lists the schema tree depth
// first, the root first.
func parquetNames(ctx context.Context, conn *sql.Conn, path string) ([]string, error) {
	schema, err := queries.ParquetSchema.Fill(path)
	if err != nil {
		return nil, err
	}
	rows, err := conn.QueryContext(ctx, schema.Text)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type element struct {
		name     string
		children int64
	}
	var tree []element
	for rows.Next() {
		var e element
		if err := rows.Scan(&e.name, &e.children); err != nil {
			return nil, err
		}
		tree = append(tree, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(tree) == 0 {
		return nil, errors.New("no schema")
	}
	// skip returns the index after the subtree at i.
	var skip func(i int) int
	skip = func(i int) int {
		next := i + 1
		for range tree[i].children {
			if next >= len(tree) {
				return next
			}
			next = skip(next)
		}
		return next
	}
	var names []string
	for i, k := 1, int64(0); k < tree[0].children && i < len(tree); k++ {
		names = append(names, tree[i].name)
		i = skip(i)
	}
	return names, nil
}
