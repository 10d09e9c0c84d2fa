package store

import (
	"context"
	"errors"
	"reflect"
	"testing"
)

func TestSplitStatements(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"SELECT 1", []string{"SELECT 1"}},
		{"SELECT 1; SELECT 2;", []string{"SELECT 1", "SELECT 2"}},
		{"SELECT 'a;b', \"c;d\"; SELECT 2", []string{"SELECT 'a;b', \"c;d\"", "SELECT 2"}},
		{"SELECT 'it''s;'; SELECT 2", []string{"SELECT 'it''s;'", "SELECT 2"}},
		{"SELECT E'it\\';s'; SELECT 2", []string{"SELECT E'it\\';s'", "SELECT 2"}},
		{"SELECT $$a;b$$, $x$c;d$x$; SELECT 2", []string{"SELECT $$a;b$$, $x$c;d$x$", "SELECT 2"}},
		{"SELECT $1; SELECT 2", []string{"SELECT $1", "SELECT 2"}},
		{"-- lead; comment\nSELECT 1 -- trailing; comment\n; /* a; b */ SELECT 2", []string{"SELECT 1 -- trailing; comment", "SELECT 2"}},
		{"-- only a comment\n;  ;\n", nil},
		{"SELECT 'unclosed; SELECT 2", []string{"SELECT 'unclosed; SELECT 2"}},
	} {
		if got := SplitStatements(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("SplitStatements(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestReadStatements(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, t.TempDir()+"/r.duckdb")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	conn, err := st.DB.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, q := range []string{"SELECT 1", "WITH a AS (SELECT 1) SELECT * FROM a", "FROM runs", "VALUES (1)",
		"DESCRIBE runs", "SHOW TABLES", "SUMMARIZE runs", "EXPLAIN SELECT 1", "EXPLAIN ANALYZE SELECT 1",
		"PRAGMA table_info('runs')", "pragma version", "SELECT 1; SELECT 2"} {
		if _, err := ReadStatements(ctx, conn, q, false); err != nil {
			t.Errorf("%q refused: %v", q, err)
		}
	}
	for _, q := range []string{"CALL enable_logging(level := 'trace')", "CALL pragma_version()", "SET threads = 1",
		"PRAGMA threads = 1", "PRAGMA enable_profiling", "INSERT INTO meta VALUES ('a', 'b')", "DELETE FROM runs",
		"CREATE TABLE x (a INT)", "DROP VIEW priced_usage", "ATTACH ':memory:' AS m", "DETACH m", "CHECKPOINT",
		"BEGIN TRANSACTION", "LOAD parquet", "INSTALL httpfs", "EXPORT DATABASE 'x'", "VACUUM", "SET VARIABLE v = 1",
		"SELECT 1; DELETE FROM runs", "COPY runs TO 'r.csv'"} {
		_, err := ReadStatements(ctx, conn, q, false)
		if !errors.Is(err, ErrStatementRefused) {
			t.Errorf("%q: err %v, want it refused", q, err)
		}
	}
	if _, err := ReadStatements(ctx, conn, "COPY runs TO 'r.csv'", true); err != nil {
		t.Errorf("COPY with files refused: %v", err)
	}
	var n int
	if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM meta WHERE key = 'a'").Scan(&n); err != nil || n != 0 {
		t.Errorf("a checked statement ran: %d rows, %v", n, err)
	}
}
