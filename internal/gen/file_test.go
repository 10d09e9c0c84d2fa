package gen

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestFormatOf(t *testing.T) {
	tests := []struct {
		path string
		want Format
		ok   bool
	}{
		{"logs/a.csv", CSV, true},
		{"logs/A.CSV.GZ", CSVGz, true},
		{"a.csv.gz", CSVGz, true},
		{"a.Parquet", Parquet, true},
		{"a.gz", "", false},
		{"a.csv.bak", "", false},
		{"parquet", "", false},
	}
	for _, tt := range tests {
		if got, ok := FormatOf(tt.path); got != tt.want || ok != tt.ok {
			t.Errorf("FormatOf(%q) = %q, %v; want %q, %v", tt.path, got, ok, tt.want, tt.ok)
		}
	}
}

// TestWriteFiles: each format is written into a folder made for it, and
// holds what the streaming writers write; a failed write leaves the file
// before it and no temporary file.
func TestWriteFiles(t *testing.T) {
	c := october(300, 7)
	var wantLog, wantLedger bytes.Buffer
	if _, err := WriteCSV(&wantLog, c); err != nil {
		t.Fatal(err)
	}
	if _, err := WriteLedger(&wantLedger, c); err != nil {
		t.Fatal(err)
	}
	read := func(t *testing.T, path string, f Format) []byte {
		t.Helper()
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		switch f {
		case CSVGz:
			zr, err := gzip.NewReader(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if b, err = io.ReadAll(zr); err != nil {
				t.Fatal(err)
			}
		case Parquet:
			if !bytes.HasPrefix(b, []byte("PAR1")) {
				t.Errorf("%s does not start as Parquet does", path)
			}
			return nil
		}
		return b
	}
	for _, f := range []Format{CSV, CSVGz, Parquet} {
		t.Run(string(f), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "a", "b") // made with its parents
			logPath, ledgerPath := filepath.Join(dir, "log."+string(f)), filepath.Join(dir, "ledger."+string(f))
			stats, err := WriteLogFile(t.Context(), logPath, f, c)
			if err != nil {
				t.Fatal(err)
			}
			if stats.Events != int64(c.Events) {
				t.Errorf("stats count %d events, want %d", stats.Events, c.Events)
			}
			if _, err := WriteLedgerFile(t.Context(), ledgerPath, f, c); err != nil {
				t.Fatal(err)
			}
			if f != Parquet {
				if got := read(t, logPath, f); !bytes.Equal(got, wantLog.Bytes()) {
					t.Errorf("log file holds %d bytes unlike WriteCSV's %d", len(got), wantLog.Len())
				}
				if got := read(t, ledgerPath, f); !bytes.Equal(got, wantLedger.Bytes()) {
					t.Errorf("ledger file holds %d bytes unlike WriteLedger's %d", len(got), wantLedger.Len())
				}
			} else {
				read(t, logPath, f)
				read(t, ledgerPath, f)
			}

			// A failed write (a config that does not validate) keeps both files.
			before := map[string][]byte{}
			for _, p := range []string{logPath, ledgerPath} {
				before[p], _ = os.ReadFile(p)
			}
			bad := c
			bad.Accounts = 0
			if _, err := WriteLogFile(t.Context(), logPath, f, bad); err == nil {
				t.Error("WriteLogFile of a bad config: no error")
			}
			if _, err := WriteLedgerFile(t.Context(), ledgerPath, f, bad); err == nil {
				t.Error("WriteLedgerFile of a bad config: no error")
			}
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) != 2 {
				t.Errorf("folder holds %v, want the two files alone", entries)
			}
			for p, b := range before {
				if got, _ := os.ReadFile(p); !bytes.Equal(got, b) {
					t.Errorf("%s changed by a failed write", p)
				}
			}
		})
	}
}

func TestWriteFileUnknownFormat(t *testing.T) {
	dir := t.TempDir()
	if _, err := WriteLogFile(t.Context(), filepath.Join(dir, "log.txt"), "txt", october(10, 1)); err == nil {
		t.Error("WriteLogFile in format txt: no error")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("left %v, want nothing", entries)
	}
}
