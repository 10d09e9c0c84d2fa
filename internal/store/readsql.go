package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/duckdb/duckdb-go/v2"
)

// ErrStatementRefused reports a statement of a kind an ad-hoc query may not
// run.
var ErrStatementRefused = errors.New("refused: reconcile sql is read-only")

// queryWords are the first words of the queries ReadStatements lets
// through.
var queryWords = []string{"SELECT", "WITH", "FROM", "VALUES", "DESCRIBE", "SHOW", "SUMMARIZE", "EXPLAIN"}

// Allowed says which statements ReadStatements lets through.
var Allowed = strings.Join(queryWords, ", ") + ", PRAGMA " + strings.Join(readPragmas, ", ") + "; COPY with --allow-files"

// readWords are the keywords a statement that reads may start with.
var readWords = append(slices.Clone(queryWords), "PRAGMA", "COPY", "TABLE")

// readPragmas are the PRAGMAs an ad-hoc query may run: those that only
// describe the database.
var readPragmas = []string{"database_size", "functions", "metadata_info", "show", "show_databases",
	"show_tables", "show_tables_expanded", "storage_info", "table_info", "version", "platform"}

// ReadStatements splits text into its statements and checks that each is
// one that reads: a query (SELECT, WITH, FROM, VALUES, and DESCRIBE, SHOW
// and SUMMARIZE, which DuckDB plans as queries), EXPLAIN, or a PRAGMA that
// describes (readPragmas); and with files, COPY, which writes only files.
// DuckDB prepares each alone, on conn, to give its type; nothing runs. An
// allow-list rather than a deny-list: a CALL of enable_logging aborted the
// whole process in DuckDB.
func ReadStatements(ctx context.Context, conn *sql.Conn, text string, files bool) ([]string, error) {
	stmts := SplitStatements(text)
	if len(stmts) == 0 {
		return nil, errors.New("no statement")
	}
	for i, s := range stmts {
		var typ duckdb.StmtType
		err := conn.Raw(func(dc any) error {
			c, ok := dc.(*duckdb.Conn)
			if !ok {
				return fmt.Errorf("not a DuckDB connection: %T", dc)
			}
			p, err := c.PrepareContext(ctx, s)
			if err != nil {
				return err
			}
			defer p.Close()
			typ, err = p.(*duckdb.Stmt).StatementType()
			return err
		})
		if err != nil {
			// A statement DuckDB cannot even bind has no type: a DELETE
			// from a view (usage_entries is one) fails there. Unless it
			// starts as a statement that reads does, it is refused as one
			// that writes, not reported with DuckDB's binder error.
			if !slices.Contains(readWords, firstWord(s)) {
				err = fmt.Errorf("%w: %s is not a statement that only reads", ErrStatementRefused, firstWord(s))
			}
			return nil, statementError(len(stmts), i, err)
		}
		switch typ {
		case duckdb.STATEMENT_TYPE_SELECT, duckdb.STATEMENT_TYPE_EXPLAIN:
			continue
		case duckdb.STATEMENT_TYPE_COPY:
			if files {
				continue
			}
		case duckdb.STATEMENT_TYPE_PRAGMA:
			if slices.Contains(readPragmas, pragmaName(s)) {
				continue
			}
		}
		return nil, statementError(len(stmts), i, fmt.Errorf("%w: %s is not a statement that only reads", ErrStatementRefused, firstWord(s)))
	}
	return stmts, nil
}

func statementError(n, i int, err error) error {
	if n == 1 {
		return err
	}
	return fmt.Errorf("statement %d of %d: %w", i+1, n, err)
}

// firstWord is the keyword a statement starts with, upper case.
func firstWord(s string) string {
	f := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '(' || r == ';' })
	if len(f) == 0 {
		return "it"
	}
	return strings.ToUpper(f[0])
}

// pragmaName is the name of a PRAGMA statement, lower case: "table_info"
// of "PRAGMA table_info('runs')".
func pragmaName(s string) string {
	if firstWord(s) != "PRAGMA" {
		return ""
	}
	rest := strings.TrimSpace(s[len("PRAGMA"):])
	end := strings.IndexFunc(rest, func(r rune) bool {
		return !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	})
	if end < 0 {
		end = len(rest)
	}
	return strings.ToLower(rest[:end])
}

// SplitStatements splits SQL text on the semicolons that end statements:
// those outside '…' and E'…' strings, "…" identifiers, $tag$…$tag$
// strings, -- and /* */ comments. Pieces holding only space and comments
// are dropped; comments leading a statement are removed.
func SplitStatements(text string) []string {
	var out []string
	start := 0
	emit := func(end int) {
		if s := strings.TrimSpace(stripLeadingComments(text[start:end])); s != "" {
			out = append(out, s)
		}
		start = end + 1
	}
	for i := 0; i < len(text); i++ {
		switch c := text[i]; {
		case c == ';':
			emit(i)
		case c == '\'' || c == '"':
			backslash := c == '\'' && i > 0 && (text[i-1] == 'E' || text[i-1] == 'e') && (i < 2 || !isIdent(text[i-2]))
			i = closing(text, i, c, backslash)
		case c == '-' && i+1 < len(text) && text[i+1] == '-':
			if j := strings.IndexByte(text[i:], '\n'); j >= 0 {
				i += j
			} else {
				i = len(text)
			}
		case c == '/' && i+1 < len(text) && text[i+1] == '*':
			if j := strings.Index(text[i+2:], "*/"); j >= 0 {
				i += j + 3
			} else {
				i = len(text)
			}
		case c == '$' && (i == 0 || !isIdent(text[i-1])):
			if j := strings.IndexByte(text[i+1:], '$'); j >= 0 && isTag(text[i+1:i+1+j]) {
				tag := text[i : i+j+2]
				if k := strings.Index(text[i+len(tag):], tag); k >= 0 {
					i += len(tag) + k + len(tag) - 1
				} else {
					i = len(text)
				}
			}
		}
	}
	if start < len(text) {
		emit(len(text))
	}
	return out
}

// closing returns the index of the quote that closes the one at i: a
// doubled quote is one character, and in an E'…' string a backslash
// escapes what follows it.
func closing(text string, i int, q byte, backslash bool) int {
	for j := i + 1; j < len(text); j++ {
		switch {
		case backslash && text[j] == '\\':
			j++
		case text[j] == q && j+1 < len(text) && text[j+1] == q:
			j++
		case text[j] == q:
			return j
		}
	}
	return len(text)
}

func isIdent(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func isTag(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isIdent(s[i]) || (i == 0 && s[i] >= '0' && s[i] <= '9') {
			return false
		}
	}
	return true
}

// stripLeadingComments removes the space and comments before a statement.
func stripLeadingComments(s string) string {
	for {
		s = strings.TrimLeft(s, " \t\r\n")
		switch {
		case strings.HasPrefix(s, "--"):
			if j := strings.IndexByte(s, '\n'); j >= 0 {
				s = s[j+1:]
			} else {
				return ""
			}
		case strings.HasPrefix(s, "/*"):
			if j := strings.Index(s, "*/"); j >= 0 {
				s = s[j+2:]
			} else {
				return ""
			}
		default:
			return s
		}
	}
}
