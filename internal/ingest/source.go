package ingest

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"text/template"

	"github.com/reconcile/reconcile/queries"
)

var (
	malformedTmpl = template.Must(template.New("csv_malformed").Parse(queries.Get("csv_malformed")))
	renumberTmpl  = template.Must(template.New("csv_renumber").Parse(queries.Get("csv_renumber")))
)

// ErrNotCSV reports a file DuckDB cannot read as CSV at all.
var ErrNotCSV = errors.New("not valid CSV")

func firstLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}

// csvSource stages a CSV file's rows as text in a temporary table, numbered
// in file order, sets its malformed rows aside in MalformedTable, and
// returns the select that reads the staged rows by position.
func csvSource(ctx context.Context, conn *sql.Conn, in *input, id int, f File) (string, layout, error) {
	header, err := csvHeader(f)
	if err != nil {
		return "", layout{}, fmt.Errorf("%s: %w", f.Path, err)
	}
	types := make([]string, len(header))
	cols := make([]string, len(header))
	for i := range header {
		types[i] = "VARCHAR"
		cols[i] = fmt.Sprintf("'c%d': 'VARCHAR'", i)
	}
	l, err := newLayout(f.Path, in.columns, header, types)
	if err != nil {
		return "", layout{}, err
	}
	table := fmt.Sprintf("rc_csv_%d", id)
	rejects := fmt.Sprintf("rc_csv_rejects_%d", id)
	// DuckDB's sniffer is off: the dialect is fixed by SPEC §2, and the
	// columns are named by position so that no header text reaches SQL.
	stage := fmt.Sprintf(`CREATE OR REPLACE TEMP TABLE %s AS
SELECT row_number() OVER () AS rc_row, *
FROM read_csv(%s, header = true, auto_detect = false, columns = {%s},
              delim = ',', quote = '"', escape = '"', strict_mode = true,
              ignore_errors = true, store_rejects = true,
              rejects_table = '%s', rejects_scan = '%s_scan')`,
		table, quote(f.Path), strings.Join(cols, ", "), rejects, rejects)
	if _, err := conn.ExecContext(ctx, stage); err != nil {
		if strings.Contains(err.Error(), "state machine reached an invalid state") {
			return "", layout{}, fmt.Errorf("%s: %w (it mixes line endings, or its quoting is broken beyond one row): %v", f.Path, ErrNotCSV, firstLine(err))
		}
		return "", layout{}, fmt.Errorf("%s: %w", f.Path, err)
	}
	var malformed int64
	if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM "+rejects).Scan(&malformed); err != nil {
		return "", layout{}, fmt.Errorf("%s: %w", f.Path, err)
	}
	if malformed > 0 {
		for _, t := range []*template.Template{malformedTmpl, renumberTmpl} {
			var b bytes.Buffer
			if err := t.Execute(&b, map[string]any{"FileID": id, "Rejects": rejects, "Table": table}); err != nil {
				return "", layout{}, err
			}
			if _, err := conn.ExecContext(ctx, b.String()); err != nil {
				return "", layout{}, fmt.Errorf("%s: set malformed rows aside: %w", f.Path, err)
			}
		}
	}
	name := func(i int) string { return fmt.Sprintf("c%d", i) }
	src := "SELECT rc_row" + sourceColumns(in, l, name, name) + " FROM " + table
	return src, l, nil
}

// parquetSource returns the select that reads a Parquet file by position,
// after checking its schema.
func parquetSource(ctx context.Context, conn *sql.Conn, in *input, f File) (string, layout, error) {
	read := "read_parquet(" + quote(f.Path) + ", file_row_number = true)"
	rows, err := conn.QueryContext(ctx, "DESCRIBE SELECT * FROM read_parquet("+quote(f.Path)+")")
	if err != nil {
		return "", layout{}, fmt.Errorf("%s: %w", f.Path, err)
	}
	defer rows.Close()
	var names, types []string
	for rows.Next() {
		var name, typ string
		var null, key, def, extra sql.NullString
		if err := rows.Scan(&name, &typ, &null, &key, &def, &extra); err != nil {
			return "", layout{}, fmt.Errorf("%s: %w", f.Path, err)
		}
		names = append(names, name)
		types = append(types, typ)
	}
	if err := rows.Err(); err != nil {
		return "", layout{}, fmt.Errorf("%s: %w", f.Path, err)
	}
	l, err := newLayout(f.Path, in.columns, names, types)
	if err != nil {
		return "", layout{}, err
	}
	ref := func(i int) string { return fmt.Sprintf("#%d", i+1) }
	text := func(i int) string { return fmt.Sprintf("CAST(#%d AS VARCHAR)", i+1) }
	src := "SELECT file_row_number + 1 AS rc_row" + sourceColumns(in, l, ref, text) + " FROM " + read
	return src, l, nil
}
