// Package queries holds reconcile's SQL: one statement or named query per
// .sql file, embedded in the binary and loaded once.
//
// Values go in as bind parameters. The few statements that must name a file
// for DuckDB to read or write, or a column by position, are templates
// (text/template) filled by their callers (ingest, export) with quoted
// literals only; [Literal] quotes a path.
package queries

import (
	"embed"
	"fmt"
	"io/fs"
	"strings"
)

//go:embed *.sql
var files embed.FS

var byName = load()

func load() map[string]string {
	m := make(map[string]string)
	entries, err := fs.ReadDir(files, ".")
	if err != nil {
		panic(err) // the embedded folder always exists
	}
	for _, e := range entries {
		b, err := files.ReadFile(e.Name())
		if err != nil {
			panic(err)
		}
		m[strings.TrimSuffix(e.Name(), ".sql")] = string(b)
	}
	return m
}

// Get returns the text of the query in NAME.sql. An unknown name is a
// programming error and panics; a test checks every name the code uses.
func Get(name string) string {
	q, ok := byName[name]
	if !ok {
		panic(fmt.Sprintf("queries: no query %q", name))
	}
	return q
}

// Lookup returns the text of the query in NAME.sql and whether it exists.
func Lookup(name string) (string, bool) {
	q, ok := byName[name]
	return q, ok
}

// Statements splits a file of several statements on lines holding only ";".
// Only the schema and macro files use it, and they are written that way.
func Statements(text string) []string {
	var out []string
	for _, part := range strings.Split(text, "\n;\n") {
		if s := strings.TrimSpace(part); s != "" && !onlyComments(s) {
			out = append(out, s)
		}
	}
	return out
}

func onlyComments(s string) bool {
	for _, line := range strings.Split(s, "\n") {
		if l := strings.TrimSpace(line); l != "" && !strings.HasPrefix(l, "--") {
			return false
		}
	}
	return true
}
