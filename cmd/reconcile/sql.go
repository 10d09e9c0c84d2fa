package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/reconcile/reconcile/internal/report"
)

const sqlExample = `  reconcile sql "SELECT category, count(*), sum(diff_credits) FROM discrepancies GROUP BY ALL"
  reconcile sql --format csv "SELECT * FROM priced_usage WHERE account_id = 'acct-0007'" > acct7.csv
  reconcile sql -f monthly.sql --format json`

func newSQLCmd(g *globals) *cobra.Command {
	var (
		db, format, file string
		allowFiles       bool
	)
	cmd := &cobra.Command{
		Use:   `sql [flags] "SELECT ..." | -f FILE.sql`,
		Short: "Query the database, read-only",
		Long: `sql runs a query against the database and prints the result. The database is
opened read-only: statements that would change it are refused. Unless
--allow-files is given the query cannot read or write files either.`,
		Example: sqlExample,
		RunE: func(cmd *cobra.Command, args []string) error {
			var query string
			switch {
			case file != "" && len(args) > 0:
				return usagef("give a query or -f FILE, not both")
			case file != "":
				b, err := os.ReadFile(file)
				if err != nil {
					return usagef("read %s: %w", file, err)
				}
				query = string(b)
			case len(args) == 1:
				query = args[0]
			default:
				return usagef(`give one query in quotes, or -f FILE.sql`)
			}
			switch format {
			case "table", "csv", "json":
			default:
				return usagef("--format %q: want table, csv or json", format)
			}
			return runSQL(cmd, g, db, query, format, allowFiles)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&db, "db", "reconcile.duckdb", "database file")
	fl.StringVar(&format, "format", "table", "output: table, csv (with a header row) or json")
	fl.StringVarP(&file, "file", "f", "", "read the query from FILE")
	fl.BoolVar(&allowFiles, "allow-files", false, "let the query read and write files (DuckDB external access)")
	return cmd
}

func runSQL(cmd *cobra.Command, g *globals, db, query, format string, allowFiles bool) error {
	st, err := openReadOnly(cmd.Context(), db, allowFiles)
	if err != nil {
		return err
	}
	defer st.Close()
	rows, err := st.DB.QueryContext(cmd.Context(), query)
	if err != nil {
		if strings.Contains(err.Error(), "read-only mode") {
			return hinted{fmt.Errorf("refused: reconcile sql is read-only: %w", err), "only queries that read are allowed"}
		}
		return fmt.Errorf("query: %w", err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	out := newSQLWriter(format, g.stdout, cols)
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("query: %w", err)
		}
		if err := out.row(vals); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("query: %w", err)
	}
	return out.close()
}

// sqlWriter prints query results in one format.
type sqlWriter struct {
	format string
	cols   []string
	tw     *tabwriter.Writer
	cw     *csv.Writer
	w      io.Writer
	n      int
}

func newSQLWriter(format string, w io.Writer, cols []string) *sqlWriter {
	s := &sqlWriter{format: format, cols: cols, w: w}
	switch format {
	case "table":
		s.tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(s.tw, strings.Join(cols, "\t"))
	case "csv":
		s.cw = csv.NewWriter(w)
		_ = s.cw.Write(cols)
	case "json":
		fmt.Fprint(w, "[")
	}
	return s
}

func (s *sqlWriter) row(vals []any) error {
	s.n++
	switch s.format {
	case "table":
		cells := make([]string, len(vals))
		for i, v := range vals {
			cells[i] = printable(strings.ReplaceAll(formatValue(v, "NULL"), "\t", " "))
		}
		_, err := fmt.Fprintln(s.tw, strings.Join(cells, "\t"))
		return err
	case "csv":
		cells := make([]string, len(vals))
		for i, v := range vals {
			cells[i] = formatValue(v, "")
			if _, isText := v.(string); isText {
				cells[i] = report.Neutralize(cells[i])
			}
		}
		return s.cw.Write(cells)
	default:
		// An object with the columns in query order (a map would sort them).
		var b []byte
		for i, v := range vals {
			k, err := json.Marshal(s.cols[i])
			if err != nil {
				return err
			}
			val, err := json.Marshal(jsonValue(v))
			if err != nil {
				return err
			}
			if i > 0 {
				b = append(b, ", "...)
			}
			b = append(append(append(b, k...), ": "...), val...)
		}
		b = append(append([]byte{'{'}, b...), '}')
		sep := ",\n"
		if s.n == 1 {
			sep = "\n"
		}
		_, err := fmt.Fprintf(s.w, "%s  %s", sep, b)
		return err
	}
}

func (s *sqlWriter) close() error {
	switch s.format {
	case "table":
		return s.tw.Flush()
	case "csv":
		s.cw.Flush()
		return s.cw.Error()
	}
	_, err := fmt.Fprintln(s.w, "\n]")
	return err
}
