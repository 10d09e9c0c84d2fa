package gen

import (
	"database/sql"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/reconcile/reconcile/queries"
)

func TestWriteParquet(t *testing.T) {
	// A quote in the directory name checks that paths reach DuckDB quoted.
	dir := filepath.Join(t.TempDir(), "it's here")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "log.parquet")
	c := october(1500, 4)
	s, err := WriteParquet(t.Context(), path, c)
	if err != nil {
		t.Fatalf("WriteParquet: %v", err)
	}
	csvData, cs := generate(t, c)
	if !reflect.DeepEqual(s, cs) {
		t.Errorf("WriteParquet stats %+v, WriteCSV stats %+v; want equal", s, cs)
	}

	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	from := " FROM read_parquet(" + queries.Literal(path) + ")"

	wantTypes := map[string]string{
		"created_at": "TIMESTAMP", "is_ad": "BOOLEAN", "duration_ms": "BIGINT", "images": "INTEGER",
		"charged_credits": "DECIMAL(18,2)", "charged_video_minutes": "INTEGER",
	}
	rows, err := db.Query("SELECT column_name, column_type FROM (DESCRIBE SELECT *" + from + ")")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for rows.Next() {
		var name, typ string
		if err := rows.Scan(&name, &typ); err != nil {
			t.Fatal(err)
		}
		names = append(names, name)
		want, ok := wantTypes[name]
		if !ok {
			want = "VARCHAR"
		}
		if typ != want {
			t.Errorf("column %s has type %s, want %s", name, typ, want)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(names, ","), strings.Join(Columns(), ","); got != want {
		t.Errorf("columns %s, want %s", got, want)
	}

	var n int64
	if err := db.QueryRow("SELECT count(*)" + from).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != s.Rows {
		t.Errorf("%d rows in the Parquet file, want %d", n, s.Rows)
	}

	// Every created_at, whatever its text layout, names the same instant.
	_, csvRows := readRows(t, csvData)
	got, err := db.Query("SELECT strftime(created_at, '%Y-%m-%dT%H:%M:%S.%g') " + from)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; got.Next(); i++ {
		var ts string
		if err := got.Scan(&ts); err != nil {
			t.Fatal(err)
		}
		want := parseStamp(t, csvRows[i]["created_at"]).UTC().Format("2006-01-02T15:04:05.000")
		if ts != want {
			t.Errorf("row %d: Parquet created_at %s, want %s (from %q)", i+1, ts, want, csvRows[i]["created_at"])
			break
		}
	}

	if left, _ := filepath.Glob(filepath.Join(dir, ".*part")); len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

func TestCSVToParquetRefusesOtherHeader(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "in.csv")
	swapped := strings.Replace(strings.Join(Columns(), ","), "video_id,account_id", "account_id,video_id", 1)
	if err := os.WriteFile(src, []byte(swapped+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := CSVToParquet(t.Context(), src, filepath.Join(dir, "out.parquet"))
	if err == nil || !strings.Contains(err.Error(), "header") {
		t.Errorf("CSVToParquet with swapped columns: error = %v, want one about the header", err)
	}
}
