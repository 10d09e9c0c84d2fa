// Package queries owns reconcile's SQL. Every statement the program runs is
// text in this package's .sql files, embedded in the binary, and reached
// through a typed identifier (statements.go): a missing or misspelt file
// panics when the package initialises, so any test of any package that
// imports it fails before a run could.
//
// A file holds one statement, a script of statements separated by lines
// holding only ";", or several named statements, each introduced by a line
// "-- name: Name" (the way sqlc writes them). Values go in as bind
// parameters. The few statements that must name a file for DuckDB to read,
// a table of the run's own, or a column by position are templates
// (text/template); a value reaches their text only through Literal.
package queries

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"strings"
	"text/template"
)

//go:embed *.sql
var files embed.FS

// A Query is one statement or script of this package.
type Query struct {
	Name string // the file name without .sql, or the name of a section
	Text string
}

// Statements returns the statements of q, split as Statements splits.
func (q Query) Statements() []string { return Statements(q.Text) }

// A Template is a statement whose text is filled per run (text/template).
// Inside it, {{lit .X}} writes X as a SQL string literal.
type Template struct {
	name string
	t    *template.Template
}

// Fill executes the template with data and returns the statement.
func (t Template) Fill(data any) (Query, error) {
	var b bytes.Buffer
	if err := t.t.Execute(&b, data); err != nil {
		return Query{}, fmt.Errorf("query %s: %w", t.name, err)
	}
	return Query{Name: t.name, Text: b.String()}, nil
}

// Name is the template's name.
func (t Template) Name() string { return t.name }

// Literal returns s as a SQL string literal. It is the one way a value that
// cannot be a bind parameter (a file path for DuckDB's table functions, a
// setting) becomes SQL text.
func Literal(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

var (
	byName = load()
	used   = map[string]bool{}
)

const sectionMark = "-- name: "

// load reads every .sql file. A file whose first line is a section mark is
// split into its sections, named by the marks.
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
		text := string(b)
		if !strings.HasPrefix(text, sectionMark) {
			m[strings.TrimSuffix(e.Name(), ".sql")] = text
			continue
		}
		for _, part := range strings.Split(text, "\n"+sectionMark) {
			part = strings.TrimPrefix(part, sectionMark)
			name, body, _ := strings.Cut(part, "\n")
			name = strings.TrimSpace(name)
			if _, dup := m[name]; dup || name == "" {
				panic(fmt.Sprintf("queries: %s: section %q named twice or empty", e.Name(), name))
			}
			m[name] = body
		}
	}
	return m
}

// get returns the query NAME; an unknown name panics at init.
func get(name string) Query {
	q, ok := byName[name]
	if !ok {
		panic(fmt.Sprintf("queries: no query %q", name))
	}
	used[name] = true
	return Query{Name: name, Text: q}
}

// tmpl returns the query NAME as a template.
func tmpl(name string) Template {
	q := get(name)
	t := template.Must(template.New(name).Option("missingkey=error").Funcs(template.FuncMap{"lit": Literal}).Parse(q.Text))
	return Template{name: name, t: t}
}

// Statements splits a script on lines holding only ";".
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
