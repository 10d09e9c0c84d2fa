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

func TestWriteLedgerParquet(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "it's here")
	path := filepath.Join(dir, "ledger.parquet")
	c := october(1500, 4)
	c.ErrorRate = 0.2
	if _, err := WriteLedgerParquet(t.Context(), path, c); err == nil {
		t.Error("WriteLedgerParquet into a missing folder: no error")
	}
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	s, err := WriteLedgerParquet(t.Context(), path, c)
	if err != nil {
		t.Fatalf("WriteLedgerParquet: %v", err)
	}
	csvData, cs := generateLedger(t, c)
	if !reflect.DeepEqual(s, cs) {
		t.Errorf("WriteLedgerParquet stats %+v, WriteLedger stats %+v; want equal", s, cs)
	}

	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	from := " FROM read_parquet(" + queries.Literal(path) + ")"

	wantTypes := map[string]string{"charged_at": "TIMESTAMP", "credits": "DECIMAL(18,2)", "video_minutes": "INTEGER"}
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
	if got, want := strings.Join(names, ","), strings.Join(LedgerColumns(), ","); got != want {
		t.Errorf("columns %s, want %s", got, want)
	}

	// Every cell reads back as the CSV wrote it, charged_at as the instant
	// its text names.
	_, csvRows := readRows(t, csvData)
	got, err := db.Query("SELECT txn_id, event_id, account_id, strftime(charged_at, '%Y-%m-%dT%H:%M:%S.%g'), " +
		"CAST(credits AS VARCHAR), CAST(video_minutes AS VARCHAR)" + from)
	if err != nil {
		t.Fatal(err)
	}
	defer got.Close()
	n := 0
	for ; got.Next(); n++ {
		var rec [6]string
		if err := got.Scan(&rec[0], &rec[1], &rec[2], &rec[3], &rec[4], &rec[5]); err != nil {
			t.Fatal(err)
		}
		if n >= len(csvRows) {
			continue
		}
		r := csvRows[n]
		want := [6]string{r["txn_id"], r["event_id"], r["account_id"],
			parseStamp(t, r["charged_at"]).UTC().Format("2006-01-02T15:04:05.000"), r["credits"], r["video_minutes"]}
		if rec != want {
			t.Errorf("row %d: Parquet %q, want %q", n+1, rec, want)
			break
		}
	}
	if int64(n) != s.Rows {
		t.Errorf("%d rows in the Parquet file, want %d", n, s.Rows)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*part")); len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

func TestLedgerCSVToParquetChecksHeader(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "in.csv")
	swapped := "txn_id,event_id,account_id,charged_at,video_minutes,credits\n"
	if err := os.WriteFile(src, []byte(swapped), 0o644); err != nil {
		t.Fatal(err)
	}
	err := convert(t.Context(), src, filepath.Join(dir, "out.parquet"), ledgerColumns[:], queries.GenLedgerToParquet)
	if err == nil || !strings.Contains(err.Error(), "header") {
		t.Errorf("converting a ledger with swapped columns: error = %v, want one about the header", err)
	}
}
