package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestReadOnly(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "r.duckdb")
	st, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	other := filepath.Join(t.TempDir(), "x.csv")
	if err := os.WriteFile(other, []byte("a\n1\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	ro, err := OpenReadOnly(ctx, path, false)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	refused := []string{
		"DELETE FROM priced_usage",
		"DROP TABLE runs",
		"CREATE TABLE x (a INT)",
		"INSERT INTO meta VALUES ('a', 'b')",
		"SELECT * FROM read_csv('" + other + "')",
		"COPY runs TO '" + filepath.Join(t.TempDir(), "out.csv") + "'",
		"SET enable_external_access = true",
		"ATTACH '" + filepath.Join(t.TempDir(), "new.duckdb") + "' AS n",
	}
	for _, q := range refused {
		if _, err := ro.DB.ExecContext(ctx, q); err == nil {
			t.Errorf("read-only store ran %q", q)
		}
	}
	var n int
	if err := ro.DB.QueryRowContext(ctx, "SELECT count(*) FROM priced_usage").Scan(&n); err != nil {
		t.Errorf("read-only store cannot read: %v", err)
	}
}

func TestReadOnlyMissing(t *testing.T) {
	_, err := OpenReadOnly(context.Background(), filepath.Join(t.TempDir(), "none.duckdb"), false)
	if !errors.Is(err, ErrNoDatabase) {
		t.Errorf("err = %v, want ErrNoDatabase", err)
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "r.duckdb")
	st, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.DB.ExecContext(ctx, "UPDATE meta SET value = '99' WHERE key = 'schema_version'"); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if _, err := Open(ctx, path); err == nil {
		t.Error("opened a database with a newer schema version")
	}
}
