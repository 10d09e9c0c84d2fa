package queries

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// statementText matches a string literal that is, or begins, SQL: a
// statement's first word, or the clause that continues one.
var statementText = regexp.MustCompile(`^\s*\(?\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|COPY|SET|RESET|DROP|BEGIN|COMMIT|ROLLBACK|PRAGMA|DESCRIBE|SUMMARIZE|ATTACH|DETACH|WITH|ALTER|CHECKPOINT|INSTALL|LOAD|EXPORT|IMPORT|VACUUM|FROM|WHERE|UNION|GROUP BY|ORDER BY|JOIN|LIMIT)(\s|\(|$)`)

// notStatements are literals that read like SQL and are not statements:
// the read-only checker's keyword names (internal/store/readsql.go).
var notStatements = map[string]bool{
	"PRAGMA": true, "SELECT": true, "WITH": true, "FROM": true, "VALUES": true, "DESCRIBE": true,
	"SHOW": true, "SUMMARIZE": true, "EXPLAIN": true, "COPY": true, "SET": true,
}

// TestNoSQLOutside reads every Go file of the module outside this package
// (tests and the bench, which runs an analyst's own scripts, aside) and
// fails on a string literal that is SQL text: every statement the program
// runs is here.
func TestNoSQLOutside(t *testing.T) {
	checked := 0
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch {
			case path == "..":
			case path == filepath.Join("..", "queries"), path == filepath.Join("..", "bench"),
				d.Name() == "testdata", strings.HasPrefix(d.Name(), "."):
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		checked++
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil || notStatements[s] || !statementText.MatchString(s) {
				return true
			}
			first, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
			t.Errorf("%s: SQL text outside the queries package: %q; put it in a .sql file of queries/", fset.Position(lit.Pos()), first)
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 50 {
		t.Errorf("checked only %d files; is the walk still right?", checked)
	}
}

// TestNoSQLOutsideCanFail shows the pattern catches the forms SQL took in
// Go before it moved here.
func TestNoSQLOutsideCanFail(t *testing.T) {
	for _, s := range []string{"SELECT count(*) FROM rc_keys", "\n\tINSERT INTO x VALUES (?)", "SET memory_limit = '", " FROM ", "(SELECT 1)", "BEGIN TRANSACTION"} {
		if !statementText.MatchString(s) {
			t.Errorf("%q is not caught", s)
		}
	}
	for _, s := range []string{"ingest %s: %w", "select the rows", "CASE", "rc_prices_raw"} {
		if statementText.MatchString(s) {
			t.Errorf("%q is caught", s)
		}
	}
}
