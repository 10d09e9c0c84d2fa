// Command runsql runs a SQL script against a DuckDB database file, statement
// by statement, as the DuckDB command-line shell would (none is installed
// here). It links the same DuckDB as reconcile, through the same driver, so
// that `make bench` compares reconcile with a plain SQL script on equal terms.
//
//	go run ./bench/runsql -db plain.duckdb -var input=events.parquet -var out=out/discrepancies.csv bench/plain.sql
//
// Each -var NAME=VALUE is set as a DuckDB variable (SET VARIABLE NAME =
// 'VALUE', read in the script with getvariable('NAME')) and also replaces
// the placeholder {{NAME}} in the script with VALUE as a quoted SQL string
// literal, for the places DuckDB wants a literal (the target of COPY … TO).
// With -v it prints each statement's first line and time on stderr.
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	_ "github.com/duckdb/duckdb-go/v2" // the "duckdb" database/sql driver
)

type vars map[string]string

func (v vars) String() string { return fmt.Sprint(map[string]string(v)) }

func (v vars) Set(s string) error {
	name, value, ok := strings.Cut(s, "=")
	if !ok || name == "" || strings.ContainsFunc(name, func(r rune) bool {
		return !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	}) {
		return fmt.Errorf("want NAME=VALUE with NAME letters, digits and _; got %q", s)
	}
	v[name] = value
	return nil
}

func main() {
	vs := vars{}
	dbPath := flag.String("db", "", "DuckDB database file (created if missing); empty for an in-memory database")
	verbose := flag.Bool("v", false, "print each statement and its time on stderr")
	flag.Var(vs, "var", "NAME=VALUE: a DuckDB variable, and the value of the placeholder {{NAME}} (repeatable)")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: runsql [-db FILE] [-var NAME=VALUE]... [-v] SCRIPT.sql\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(context.Background(), *dbPath, flag.Arg(0), vs, *verbose); err != nil {
		fmt.Fprintf(os.Stderr, "runsql: %v\n", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, dbPath, script string, vs vars, verbose bool) error {
	text, err := os.ReadFile(script)
	if err != nil {
		return err
	}
	src := string(text)
	names := make([]string, 0, len(vs))
	for name := range vs {
		names = append(names, name)
	}
	sort.Strings(names)
	var setVars []string
	for _, name := range names {
		lit := quote(vs[name])
		src = strings.ReplaceAll(src, "{{"+name+"}}", lit)
		setVars = append(setVars, "SET VARIABLE "+name+" = "+lit)
	}
	if i := strings.Index(src, "{{"); i >= 0 {
		end := strings.Index(src[i:], "}}")
		if end < 0 {
			end = min(len(src[i:]), 20)
		} else {
			end += 2
		}
		return fmt.Errorf("%s: placeholder %s has no -var", script, src[i:i+end])
	}

	db, err := sql.Open("duckdb", dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	conn, err := db.Conn(ctx) // variables and settings belong to a connection
	if err != nil {
		return err
	}
	defer conn.Close()

	stmts := append(setVars, split(src)...)
	start := time.Now()
	for i, q := range stmts {
		t := time.Now()
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: statement %d (%s): %w", script, i+1, firstLine(q), err)
		}
		if verbose {
			fmt.Fprintf(os.Stderr, "%7.2fs  %s\n", time.Since(t).Seconds(), firstLine(q))
		}
	}
	if verbose {
		fmt.Fprintf(os.Stderr, "%7.2fs  total, %d statements\n", time.Since(start).Seconds(), len(stmts))
	}
	return nil
}

// quote returns s as a SQL string literal, its single quotes doubled.
func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// split cuts a script into statements at the semicolons outside string
// literals, quoted identifiers and comments. Statements that hold nothing
// but comments and space are dropped.
func split(src string) []string {
	var out []string
	start := 0
	code := false // the current statement has something besides comments
	emit := func(end int) {
		if code {
			out = append(out, strings.TrimSpace(src[start:end]))
		}
		start, code = end+1, false
	}
	for i := 0; i < len(src); i++ {
		switch c := src[i]; {
		case c == '\'' || c == '"':
			code = true
			for i++; i < len(src); i++ {
				if src[i] == c {
					if i+1 < len(src) && src[i+1] == c { // '' or "" inside
						i++
						continue
					}
					break
				}
			}
		case c == '-' && i+1 < len(src) && src[i+1] == '-':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			end := strings.Index(src[i+2:], "*/")
			if end < 0 {
				i = len(src)
			} else {
				i += 2 + end + 1
			}
		case c == ';':
			emit(i)
		case c != ' ' && c != '\t' && c != '\n' && c != '\r':
			code = true
		}
	}
	emit(len(src))
	return out
}

// firstLine is the first line of a statement that is not a comment, for
// messages.
func firstLine(q string) string {
	for line := range strings.SplitSeq(q, "\n") {
		if l := strings.TrimSpace(line); l != "" && !strings.HasPrefix(l, "--") {
			if len(l) > 70 {
				l = l[:67] + "..."
			}
			return l
		}
	}
	return ""
}
