package job

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"
)

// corpusCase is one hostile input and what a run must make of it: either
// fail naming the file (fail is a piece of the message) and leave the
// database as it was, or account for every row: priced, or rejected with
// these reasons.
type corpusCase struct {
	name    string
	file    func(t *testing.T, dir string) string // the input's path
	fail    string
	priced  int64
	reasons map[string]int64
}

func corpusFile(name string) func(*testing.T, string) string {
	return func(t *testing.T, dir string) string {
		b, err := os.ReadFile(filepath.Join("testdata", "corpus", name))
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
}

func madeFile(name string, content func(t *testing.T, path string)) func(*testing.T, string) string {
	return func(t *testing.T, dir string) string {
		p := filepath.Join(dir, name)
		content(t, p)
		return p
	}
}

const goodRow = "g1,v1,acct-1,2026-10-01T10:00:00Z,render,stock,,,,60000,,0.00,1\n"

// parquetOf writes the rows of a query as a Parquet file.
func parquetOf(query string) func(t *testing.T, path string) {
	return func(t *testing.T, path string) {
		db, err := sql.Open("duckdb", "")
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.Exec("COPY (" + query + ") TO '" + strings.ReplaceAll(path, "'", "''") + "' (FORMAT parquet)"); err != nil {
			t.Fatal(err)
		}
	}
}

func truncated(write func(t *testing.T, path string), keep float64) func(t *testing.T, path string) {
	return func(t *testing.T, path string) {
		write(t, path)
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, b[:int(float64(len(b))*keep)], 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func gzipOf(content string) func(t *testing.T, path string) {
	return func(t *testing.T, path string) {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		for range 2000 {
			zw.Write([]byte(content))
		}
		zw.Close()
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

var corpus = []corpusCase{
	{name: "empty file", file: corpusFile("empty.csv"), fail: "no header row"},
	{name: "header only", file: corpusFile("header_only.csv")},
	{name: "duplicated column", file: corpusFile("duplicated_column.csv"), fail: `column "kind" appears more than once`},
	{name: "CRLF line ends", file: corpusFile("crlf.csv"), priced: 3},
	{name: "mixed line ends", file: corpusFile("mixed_line_ends.csv"), fail: "not valid CSV"},
	{name: "quoted fields with newlines and commas", file: corpusFile("quoted_fields.csv"), priced: 2},
	{name: "too many and too few fields", file: corpusFile("field_counts.csv"), priced: 1,
		reasons: map[string]int64{"wrong_field_count": 2}},
	{name: "non-UTF-8 bytes", file: corpusFile("non_utf8.csv"), priced: 1, reasons: map[string]int64{"bad_encoding": 1}},
	{name: "NUL bytes", file: corpusFile("nul_bytes.csv"), priced: 1, reasons: map[string]int64{"bad_encoding": 1, "bad_number": 1}},
	{name: "numbers", file: corpusFile("numbers.csv"), priced: 2,
		reasons: map[string]int64{"bad_number": 4, "out_of_range": 3}},
	{name: "timestamps", file: corpusFile("timestamps.csv"), priced: 5,
		reasons: map[string]int64{"bad_timestamp": 3, "no_price_version": 1}},
	{name: "a 1 MB field", file: madeFile("big_field.csv", func(t *testing.T, p string) {
		row := "f1," + strings.Repeat("v", 1<<20) + ",acct-1,2026-10-01T10:00:00Z,render,stock,,,,60000,,0.00,1\n"
		os.WriteFile(p, []byte(header+row+goodRow), 0o644)
	}), priced: 2},
	{name: "a 3 MB row", file: madeFile("long_row.csv", func(t *testing.T, p string) {
		row := "f1," + strings.Repeat("v", 3<<20) + ",acct-1,2026-10-01T10:00:00Z,render,stock,,,,60000,,0.00,1\n"
		os.WriteFile(p, []byte(header+goodRow+row+goodRow), 0o644)
	}), priced: 1, reasons: map[string]int64{"row_too_long": 1}},
	{name: "a 40 MB row, past DuckDB's buffer", file: madeFile("longer_row.csv", func(t *testing.T, p string) {
		row := "f1,v1,acct-1,2026-10-01T10:00:00Z,render,stock,,,,60000,," + strings.Repeat("9", 40<<20) + ",1\n"
		os.WriteFile(p, []byte(header+row+goodRow+strings.Replace(goodRow, "g1", "g2", 1)), 0o644)
	}), priced: 2, reasons: map[string]int64{"row_too_long": 1}},
	{name: "millions of blank lines in a small gzip", file: madeFile("blank.csv.gz", func(t *testing.T, p string) {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write([]byte(header + goodRow))
		zw.Write(bytes.Repeat([]byte("\n"), 3_000_000))
		zw.Write([]byte("bad,row\n" + strings.Replace(goodRow, "g1", "g2", 1)))
		zw.Close()
		os.WriteFile(p, b.Bytes(), 0o644)
	}), priced: 2, reasons: map[string]int64{"wrong_field_count": 1}},
	{name: "blank lines before the header", file: madeFile("leading_blank.csv", func(t *testing.T, p string) {
		os.WriteFile(p, []byte("\n\n"+header+goodRow), 0o644)
	}), priced: 1},
	{name: "CR-only line ends", file: madeFile("cr.csv", func(t *testing.T, p string) {
		os.WriteFile(p, []byte(strings.ReplaceAll(header+goodRow+"bad\n"+strings.Replace(goodRow, "g1", "g2", 1), "\n", "\r")), 0o644)
	}), priced: 2, reasons: map[string]int64{"wrong_field_count": 1}},
	{name: "a header row of 3 MB", file: madeFile("long_header.csv", func(t *testing.T, p string) {
		os.WriteFile(p, []byte(strings.TrimSuffix(header, "\n")+","+strings.Repeat("x", 3<<20)+"\n"+goodRow), 0o644)
	}), fail: "header row too long"},
	{name: "truncated csv.gz", file: madeFile("cut.csv.gz", truncated(gzipOf(header+goodRow), 0.5)), fail: "not a complete gzip file"},
	{name: "not gzip at all", file: madeFile("fake.csv.gz", func(t *testing.T, p string) {
		os.WriteFile(p, []byte(header+goodRow), 0o644)
	}), fail: "not a complete gzip file"},
	{name: "truncated Parquet", file: madeFile("cut.parquet", truncated(parquetOf(
		"SELECT 'e' || i AS event_id, 'v' AS video_id, 'a' AS account_id, TIMESTAMP '2026-10-01' AS created_at, 'render' AS kind, 'stock' AS media, 60000 AS duration_ms FROM range(1000) t(i)"), 0.6)),
		fail: "cut.parquet"},
	{name: "Parquet duration as text", file: madeFile("text_duration.parquet", parquetOf(
		"SELECT 'e1' AS event_id, 'v' AS video_id, 'a' AS account_id, TIMESTAMP '2026-10-01' AS created_at, 'render' AS kind, 'stock' AS media, '60000' AS duration_ms UNION ALL SELECT 'e2', 'v', 'a', TIMESTAMP '2026-10-01', 'render', 'stock', 'sixty'")),
		priced: 1, reasons: map[string]int64{"bad_number": 1}},
	{name: "Parquet created_at as integer", file: madeFile("int_time.parquet", parquetOf(
		"SELECT 'e1' AS event_id, 'v' AS video_id, 'a' AS account_id, 1727776800 AS created_at, 'render' AS kind")),
		fail: `column "created_at" has type INTEGER`},
	{name: "a duration of 2^63 − 1 ms", file: madeFile("max_duration.csv", func(t *testing.T, p string) {
		os.WriteFile(p, []byte(header+strings.Replace(goodRow, ",60000,", ",9223372036854775807,", 1)), 0o644)
	}), reasons: map[string]int64{"out_of_range": 1}},
	{name: "Parquet BIGINT extremes", file: madeFile("extremes.parquet", parquetOf(
		"SELECT 'e1' AS event_id, 'v' AS video_id, 'a' AS account_id, TIMESTAMP '2026-10-01' AS created_at, 'render' AS kind, 'stock' AS media, 9223372036854775807 AS duration_ms, 1 AS images, 9223372036854775807 AS charged_video_minutes "+
			"UNION ALL SELECT 'e2', 'v', 'a', TIMESTAMP '2026-10-01', 'edit_image', NULL, NULL, 9223372036854775807, 1 "+
			"UNION ALL SELECT 'e3', 'v', 'a', TIMESTAMP '2026-10-01', 'render', 'stock', -9223372036854775808, 1, 1 "+
			"UNION ALL SELECT 'e4', 'v', 'a', TIMESTAMP '2026-10-01', 'render', 'stock', 60000, 1, 9223372036854775807")),
		reasons: map[string]int64{"out_of_range": 3, "nonpositive_duration": 1}},
	{name: "4,000 extra columns", file: madeFile("wide.csv", func(t *testing.T, p string) {
		var b strings.Builder
		extra := func(f func(i int) string) string {
			var e strings.Builder
			for i := range 4000 {
				e.WriteString("," + f(i))
			}
			return e.String()
		}
		b.WriteString(strings.TrimSuffix(header, "\n") + extra(func(i int) string { return fmt.Sprintf("x%d", i) }) + "\n")
		for i := range 300 {
			row := strings.Replace(strings.TrimSuffix(goodRow, "\n"), "g1", fmt.Sprintf("w%d", i), 1)
			if i == 7 {
				row = strings.Replace(row, "render", "bogus", 1)
			}
			b.WriteString(row + extra(func(int) string { return "abc" }) + "\n")
		}
		os.WriteFile(p, []byte(b.String()), 0o644)
	}), priced: 299, reasons: map[string]int64{"unknown_kind": 1}},
	{name: "a Parquet column named file_row_number", file: madeFile("frn.parquet", parquetOf(
		"SELECT 'e' || i AS event_id, 'v' AS video_id, 'a' AS account_id, TIMESTAMP '2026-10-01' AS created_at, CASE WHEN i = 2 THEN 'bogus' ELSE 'render' END AS kind, 'stock' AS media, 60000 AS duration_ms, 99 - i AS file_row_number FROM range(5) t(i)")),
		priced: 4, reasons: map[string]int64{"unknown_kind": 1}},
	{name: "a Parquet file with kind and KIND", file: madeFile("kind_twice.parquet", func(t *testing.T, p string) {
		// DuckDB writes a second KIND as KIND_1: write KINX, then rename
		// it in the footer (same length, so nothing else moves).
		parquetOf("SELECT 'e1' AS event_id, 'v' AS video_id, 'a' AS account_id, TIMESTAMP '2026-10-01' AS created_at, 'render' AS kind, 'edit_image' AS \"KINX\", 'stock' AS media, 60000 AS duration_ms")(t, p)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(p, bytes.ReplaceAll(b, []byte("KINX"), []byte("KIND")), 0o644)
	}), fail: `column "kind" appears more than once in the schema`},
	{name: "a file name holding SQL", file: madeFile("x'); DROP TABLE priced_usage; --.csv", func(t *testing.T, p string) {
		os.WriteFile(p, []byte(header+goodRow), 0o644)
	}), priced: 1},
	{name: "a file name with glob characters", file: madeFile("day[1]*?.parquet", parquetOf(
		"SELECT 'e1' AS event_id, 'v' AS video_id, 'a' AS account_id, TIMESTAMP '2026-10-01' AS created_at, 'render' AS kind, 'stock' AS media, 60000 AS duration_ms")),
		priced: 1},
	{name: "a file that does not exist", file: func(t *testing.T, dir string) string { return filepath.Join(dir, "gone.csv") },
		fail: "gone.csv"},
}

// TestCorpus runs every hostile input of the corpus.
func TestCorpus(t *testing.T) {
	for _, tc := range corpus {
		t.Run(tc.name, func(t *testing.T) {
			cfg := config(t, write(t, "base.csv", header+"b1,v1,acct-1,2026-10-01T10:00:00Z,render,stock,,,,60000,,0.00,1\n"))
			cfg.MemoryLimit = "640MB" // the command's default
			if _, err := Run(context.Background(), cfg); err != nil {
				t.Fatal(err)
			}
			before := dump(t, cfg.DBPath)
			cfg.Inputs = []string{tc.file(t, t.TempDir())}
			res, err := Run(context.Background(), cfg)
			if tc.fail != "" {
				if err == nil {
					t.Fatalf("run succeeded: %+v; want it to fail with %q", res.Counts, tc.fail)
				}
				if !strings.Contains(err.Error(), tc.fail) || !strings.Contains(err.Error(), filepath.Base(cfg.Inputs[0])) {
					t.Errorf("error %q does not say %q and name the file", err, tc.fail)
				}
				if after := dump(t, cfg.DBPath); after != before {
					t.Errorf("a failed run changed the database")
				}
				return
			}
			if err != nil {
				t.Fatalf("run failed: %v", err)
			}
			c := res.Counts
			if c.Priced+c.Rejected+c.Duplicates != c.RowsRead {
				t.Errorf("counts %+v do not add up", c)
			}
			if c.Priced != tc.priced {
				t.Errorf("priced %d, want %d", c.Priced, tc.priced)
			}
			db := openRO(t, cfg.DBPath)
			got := map[string]int64{}
			for _, r := range query(t, db, "SELECT reason, count(*) FROM rejects WHERE run_id = ? GROUP BY ALL", res.RunID) {
				got[r[0]] = atoi(t, r[1])
			}
			if len(got) != len(tc.reasons) {
				t.Errorf("rejects %v, want %v", got, tc.reasons)
			}
			for reason, n := range tc.reasons {
				if got[reason] != n {
					t.Errorf("rejects %v, want %v", got, tc.reasons)
					break
				}
			}
			rowsCovered(t, cfg, res.RunID, cfg.Inputs[0], c.RowsRead)
			if got := query(t, db, "SELECT count(*) FROM priced_usage"); got[0][0] == "0" {
				t.Error("priced_usage is empty: a table was dropped?")
			}
		})
	}
}
