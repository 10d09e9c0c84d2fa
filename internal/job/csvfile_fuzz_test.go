package job

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reconcile/reconcile/internal/ingest"
)

// rowsCovered checks that the rows a run took from one file (priced,
// rejected, or duplicates) carry the row numbers 1..n, each once.
func rowsCovered(t *testing.T, cfg Config, runID, file string, n int64) {
	t.Helper()
	db := openRO(t, cfg.DBPath)
	got := query(t, db, `SELECT count(*), count(DISTINCT row_number), coalesce(min(row_number), 1), coalesce(max(row_number), 0) FROM (
		SELECT row_number FROM usage_entries WHERE run_id = $1 AND source_file = $2 AND entry = 'usage'
		UNION ALL SELECT row_number FROM rejects WHERE run_id = $1 AND source_file = $2
		UNION ALL SELECT row_number FROM discrepancies WHERE run_id = $1 AND source_file = $2 AND category = 'duplicate_event')`, runID, file)[0]
	if atoi(t, got[0]) != n || atoi(t, got[1]) != n || got[2] != "1" || atoi(t, got[3]) != n {
		t.Errorf("%s: rows %s, distinct %s, from %s to %s; want each of 1..%d once", filepath.Base(file), got[0], got[1], got[2], got[3], n)
	}
}

// fileErrors are the errors a whole CSV file may fail with: each names
// what is wrong with the file. Anything else (an internal error, a
// constraint of a scratch table) is a defect.
var fileErrors = []error{ingest.ErrNotCSV, ingest.ErrRowCount, ingest.ErrNoHeader, ingest.ErrLongHeader, ingest.ErrBadGzip}

// FuzzCSVFile runs whole CSV files, of random quoting, line ends, lengths,
// BOM, blank lines and compression, and holds every run to the count
// rule: Go's own count of the file's records (ingest.Fingerprint) is the
// rows read, and each record is priced, rejected or a duplicate, under its
// own row number; or the run fails naming the file, with one of
// fileErrors, and commits nothing.
func FuzzCSVFile(f *testing.F) {
	good := "g1,v1,acct-1,2026-10-01T10:00:00Z,render,stock,,,,60000,,0.00,1\n"
	for _, s := range []struct {
		body              string
		end, blank, flags uint8
	}{
		{good + "g2,v1,acct-1,2026-10-01T10:00:00Z,edit_image,,,,,,2,1.00,\n", 0, 0, 0},
		{good + "\"g3\",\"v\n1\",acct-1,2026-10-01T10:00:00Z,render,stock,,,,\"6\"\"0\",,,\n", 1, 2, 1},
		{good + "bad,row\n\n\n" + good, 2, 1, 2},
		{"x,\"unclosed\n" + good, 0, 0, 3},
		{good + good + "g1,v1,acct-1,2026-10-01T10:00:00Z,render,stock,,,,61000,,0.00,1\n", 1, 3, 0},
		{"\n" + good + "\"\"\n  \n" + good, 0, 0, 2},
	} {
		f.Add(s.body, s.end, s.blank, s.flags)
	}
	f.Fuzz(func(t *testing.T, body string, end, blank, flags uint8) {
		if len(body) > 1<<16 {
			return
		}
		lineEnd := []string{"\n", "\r\n", "\r"}[end%3]
		var b strings.Builder
		if flags&1 != 0 {
			b.WriteString("\xEF\xBB\xBF")
		}
		b.WriteString(strings.Repeat(lineEnd, int(blank%4)))
		b.WriteString(strings.ReplaceAll(header+body, "\n", lineEnd))
		content := []byte(b.String())
		name := "f.csv"
		if flags&2 != 0 {
			var z bytes.Buffer
			zw := gzip.NewWriter(&z)
			zw.Write(content)
			zw.Close()
			content, name = z.Bytes(), "f.csv.gz"
		}
		p := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(p, content, 0o644); err != nil {
			t.Fatal(err)
		}
		cfg := config(t, p)
		cfg.OutDir = ""
		res, err := Run(context.Background(), cfg)
		if err != nil {
			for _, e := range fileErrors {
				if errors.Is(err, e) {
					if !strings.Contains(err.Error(), p) {
						t.Fatalf("error %q does not name the file", err)
					}
					return
				}
			}
			if ce := new(ingest.ColumnError); errors.As(err, &ce) {
				return
			}
			if me := new(ingest.MissingColumnError); errors.As(err, &me) {
				return
			}
			t.Fatalf("run failed with an error that is not the file's: %v", err)
		}
		pr, err := ingest.Fingerprint(ingest.File{Path: p, Format: map[bool]ingest.Format{false: ingest.CSV, true: ingest.CSVGzip}[flags&2 != 0]})
		if err != nil {
			t.Fatalf("the run read a file Fingerprint refuses: %v", err)
		}
		c := res.Counts
		if c.RowsRead != pr.Shape.Records {
			t.Fatalf("rows read %d, the file holds %d records", c.RowsRead, pr.Shape.Records)
		}
		if c.Priced+c.Rejected+c.Duplicates != c.RowsRead {
			t.Fatalf("counts %+v do not add up", c)
		}
		rowsCovered(t, cfg, res.RunID, p, c.RowsRead)
	})
}
