package main

import (
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/reconcile/reconcile/internal/report"
	"github.com/reconcile/reconcile/internal/store"
	"github.com/reconcile/reconcile/queries"
)

const sqlExample = `  reconcile sql "SELECT category, count(*), sum(diff_credits) FROM discrepancies GROUP BY ALL"
  reconcile sql --format csv "SELECT * FROM current_usage WHERE account_id = 'acct-0007'" > acct7.csv
  reconcile sql -f monthly.sql --format json

  # named queries: list them, then run one
  reconcile sql --list
  reconcile sql --query top_overcharged_accounts --param period=2026-10 --param limit=5`

func newSQLCmd(g *globals) *cobra.Command {
	var (
		db, format, file, named string
		params                  []string
		allowFiles, list        bool
		wait                    time.Duration
	)
	cmd := &cobra.Command{
		Use:   `sql [flags] "SELECT ..." | -f FILE.sql | --query NAME [--param NAME=VALUE]...`,
		Short: "Query the database, read-only",
		Long: `sql runs a query against the database and prints the result. The database is
opened read-only: statements that would change it are refused. Unless
--allow-files is given the query cannot read or write files either.

--query runs one of the named queries that come with reconcile, with its
parameters given as --param NAME=VALUE; --list describes them.`,
		Example: sqlExample,
		RunE: func(cmd *cobra.Command, args []string) error {
			switch format {
			case "table", "csv", "json":
			default:
				return usagef("--format %q: want table, csv or json", format)
			}
			if list {
				if named != "" || file != "" || len(args) > 0 || len(params) > 0 {
					return usagef("--list takes no query and no --param")
				}
				return listNamed(g.stdout)
			}
			if named != "" {
				if file != "" || len(args) > 0 {
					return usagef("give --query NAME, a query in quotes or -f FILE, only one")
				}
				q, qargs, err := namedQuery(named, params)
				if err != nil {
					return err
				}
				return runSQL(cmd, g, db, q.Name, q.SQL, qargs, format, allowFiles, wait)
			}
			if len(params) > 0 {
				return usagef("--param goes with --query NAME")
			}
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
				return usagef(`give one query in quotes, -f FILE.sql or --query NAME`)
			}
			return runSQL(cmd, g, db, "", query, nil, format, allowFiles, wait)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&db, "db", "reconcile.duckdb", "database file")
	fl.StringVar(&format, "format", "table", "output: table, csv (with a header row) or json")
	fl.StringVarP(&file, "file", "f", "", "read the query from FILE")
	fl.StringVar(&named, "query", "", "run the named query NAME (see --list)")
	fl.StringArrayVar(&params, "param", nil, "NAME=VALUE: a parameter of the named query (repeatable)")
	fl.BoolVar(&list, "list", false, "list the named queries with their parameters")
	fl.BoolVar(&allowFiles, "allow-files", false, "let the query read and write files (DuckDB external access)")
	fl.DurationVar(&wait, "wait", 0, waitHelp)
	return cmd
}

// namedQuery looks up a named query and binds its parameters by name, from
// --param values and the query's defaults. Every mistake is bad usage.
func namedQuery(name string, params []string) (queries.NamedQuery, []any, error) {
	q, ok := queries.Named(name)
	if !ok {
		var names []string
		for _, q := range queries.NamedList() {
			names = append(names, q.Name)
		}
		return q, nil, hinted{usagef("unknown query %q; the named queries are %s", name, strings.Join(names, ", ")),
			"reconcile sql --list describes them"}
	}
	given := map[string]string{}
	for _, kv := range params {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return q, nil, usagef("--param %q: want NAME=VALUE", kv)
		}
		if _, known := q.Param(k); !known {
			return q, nil, usagef("query %s has no parameter %q; %s", q.Name, k, paramNames(q))
		}
		if _, dup := given[k]; dup {
			return q, nil, usagef("--param %s given twice", k)
		}
		given[k] = v
	}
	var args []any
	for _, p := range q.Params {
		v, ok := given[p.Name]
		if !ok && !p.HasDefault {
			return q, nil, usagef("query %s needs --param %s=... (%s)", q.Name, p.Name, p.Help)
		}
		if !ok {
			v = p.Default
		}
		args = append(args, sql.Named(p.Name, v))
	}
	return q, args, nil
}

func paramNames(q queries.NamedQuery) string {
	if len(q.Params) == 0 {
		return "it takes none"
	}
	var names []string
	for _, p := range q.Params {
		names = append(names, p.Name)
	}
	return "it takes " + strings.Join(names, ", ")
}

// listNamed prints every named query: its name, what it answers, and its
// parameters with their defaults.
func listNamed(w io.Writer) error {
	var b strings.Builder
	for i, q := range queries.NamedList() {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(q.Name + "\n")
		wrap(&b, q.Description, "    ", 80)
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		for _, p := range q.Params {
			use := "--param " + p.Name + "=..."
			help := p.Help + " (required)"
			if p.HasDefault {
				use = "--param " + p.Name + "=" + p.Default
				help = p.Help
				if p.Default == "" {
					help += " (default: empty)"
				}
			}
			fmt.Fprintf(tw, "    %s\t%s\n", use, help)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	b.WriteString("\nrun one: reconcile sql --query NAME [--param NAME=VALUE]...\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// wrap writes text as lines of at most width bytes, each led by indent.
func wrap(b *strings.Builder, text, indent string, width int) {
	line := indent
	for _, word := range strings.Fields(text) {
		if line != indent && len(line)+1+len(word) > width {
			b.WriteString(line + "\n")
			line = indent
		}
		if line != indent {
			line += " "
		}
		line += word
	}
	if line != indent {
		b.WriteString(line + "\n")
	}
}

// runSQL runs query (the named query name, or an analyst's when name is
// empty) with args and prints its rows. Every statement is checked to be
// one that reads before any runs (store.ReadStatements); the results of
// several are printed one after the other, in the table format only.
func runSQL(cmd *cobra.Command, g *globals, db, name, query string, args []any, format string, allowFiles bool, wait time.Duration) error {
	ctx := cmd.Context()
	st, err := openReadOnly(ctx, db, allowFiles, wait)
	if err != nil {
		return err
	}
	defer st.Close()
	conn, err := st.DB.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	stmts, err := store.ReadStatements(ctx, conn, query, allowFiles)
	if err != nil {
		if errors.Is(err, store.ErrStatementRefused) {
			return hinted{err, "it runs " + store.Allowed}
		}
		return queryError(name, err)
	}
	if len(stmts) > 1 && format != "table" {
		return usagef("--format %s prints one result: give one statement, not %d", format, len(stmts))
	}
	for i, stmt := range stmts {
		if i > 0 {
			fmt.Fprintln(g.stdout)
		}
		if err := printQuery(ctx, conn, g, name, stmt, args, format); err != nil {
			return err
		}
	}
	return nil
}

// printQuery runs one statement and prints its rows.
func printQuery(ctx context.Context, conn *sql.Conn, g *globals, name, stmt string, args []any, format string) error {
	rows, err := conn.QueryContext(ctx, stmt, args...)
	if err != nil {
		return queryError(name, err)
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
			return queryError(name, err)
		}
		if err := out.row(vals); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return queryError(name, err)
	}
	return out.close()
}

// queryError says what went wrong with a query. A named query that refuses
// a parameter's value does so with a message starting "--param NAME=" (see
// package queries): that is bad usage.
func queryError(name string, err error) error {
	msg := err.Error()
	if strings.Contains(msg, "read-only mode") {
		return hinted{fmt.Errorf("refused: reconcile sql is read-only: %w", err), "only queries that read are allowed"}
	}
	if name == "" {
		return fmt.Errorf("query: %w", err)
	}
	if i := strings.Index(msg, "--param "); i >= 0 {
		return usagef("query %s: %s", name, oneLine(msg[i:]))
	}
	return fmt.Errorf("query %s: %w", name, err)
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
