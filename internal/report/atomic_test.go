package report

import (
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// oldReports fills dir with the reports of an earlier run.
func oldReports(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	old := map[string][]byte{
		"reconciliation.xlsx": []byte("the workbook of the last good run"),
		"daily.csv":           []byte("date\n2024-04-01\n"),
		"discrepancies.csv":   []byte("event_id\nold-1\n"),
		"accounts.csv":        []byte("account_id\nold\n"),
		"late.csv":            []byte("event_id\nold-late\n"),
		"bridge.csv":          []byte("line\nthe close old\n"),
		"patterns.csv":        []byte("cause\nold\n"),
		"adjustments.csv":     []byte("period\nold\n"),
		"adjustments.json":    []byte(`{"kind": "adjustments"}`),
		"rejects.csv":         []byte("source_file\nold.csv\n"),
		"summary.json":        []byte(`{"run_id": "the last good run"}`),
		"summary.html":        []byte("<p>the last good run</p>"),
		"notes.txt":           []byte("not a report: left alone"),
	}
	writeFiles(t, dir, old)
	return old
}

// writeFiles writes each file of files into dir.
func writeFiles(t *testing.T, dir string, files map[string][]byte) {
	t.Helper()
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// folder reads every file of dir.
func folder(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]byte{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		got[e.Name()] = b
	}
	return got
}

func TestWriteFailureKeepsOldReports(t *testing.T) {
	tests := []struct {
		name    string
		data    func() Data
		wantErr string
	}{
		{"rejects fail midway", func() Data {
			d := sampleData()
			d.Rejects = failAfter(sampleRejects(), 2)
			return d
		}, "write rejects.csv: "},
		{"days fail first", func() Data {
			d := sampleData()
			d.Days = failAfter(sampleDays(), 0)
			return d
		}, "write daily.csv: "},
		{"discrepancies fail first", func() Data {
			d := sampleData()
			d.Discrepancies = failAfter(sampleDiscrepancies(), 0)
			return d
		}, "write discrepancies.csv: "},
		{"late events fail midway", func() Data {
			d := sampleData()
			d.Late = failAfter(sampleLate(), 1)
			return d
		}, "write late.csv: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			old := oldReports(t, dir)
			_, err := Write(dir, tt.data())
			if !errors.Is(err, errBroken) {
				t.Fatalf("Write error %v, want it to wrap %v", err, errBroken)
			}
			if !strings.HasPrefix(err.Error(), tt.wantErr) {
				t.Errorf("Write error %q, want it to start %q", err, tt.wantErr)
			}
			got := folder(t, dir)
			if !maps.EqualFunc(got, old, func(a, b []byte) bool { return string(a) == string(b) }) {
				t.Errorf("folder holds %q after a failed write, want the old reports untouched: %q",
					slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(old)))
			}
		})
	}
}

func TestWriteReplacesOldReports(t *testing.T) {
	dir := t.TempDir()
	old := oldReports(t, dir)
	if _, err := Write(dir, sampleData()); err != nil {
		t.Fatal(err)
	}
	got := folder(t, dir)
	if names, want := slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(old)); !slices.Equal(names, want) {
		t.Errorf("folder holds %q, want %q (no temporary file left)", names, want)
	}
	for name, b := range got {
		if same := string(b) == string(old[name]); same != (name == "notes.txt") {
			t.Errorf("%s replaced = %v, want %v", name, !same, name != "notes.txt")
		}
		info, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if name != "notes.txt" && info.Mode().Perm() != 0o644 {
			t.Errorf("%s mode %v, want 0644", name, info.Mode().Perm())
		}
	}
}

func TestWriteEmpty(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b") // created with its parents
	files, err := Write(dir, Data{})            // nil sequences are empty lists
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ path, want string }{
		{files.Daily, "date,events,expected_credits,charged_credits,diff_credits,expected_video_minutes,charged_video_minutes,discrepancies\n"},
		{files.Late, "event_id,account_id,created_at,period,expected_credits,charged_credits,charge_source,charged_video_minutes,diff_credits,categories,source_file,row_number\n"},
		{files.Discrepancies, "event_id,account_id,created_at,category,expected_credits,charged_credits,diff_credits,expected_video_minutes,charged_video_minutes,detail,source_file,row_number\n"},
		{files.Accounts, "account_id,events,expected_credits,charged_credits,diff_credits,expected_video_minutes,charged_video_minutes,to_refund,to_rebill,discrepancies,overcharged,undercharged,uncharged,minutes_mismatch,duplicate_event,orphan_charge,duplicate_charge,account_mismatch\n"},
		{files.Patterns, "cause,events,group_findings,credits,video_minutes,rule,group\n"},
		{files.Adjustments, "period,account_id,direction,amount,currency,adjusted_before,events,categories,idempotency_key,note\n"},
		{files.Bridge, "line,events,expected_credits,charged_credits,net_credits,expected_minutes,charged_minutes\n"},
		{files.Rejects, "source_file,row_number,event_id,reason,message,raw\n"},
	} {
		b, err := os.ReadFile(c.path)
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != c.want {
			t.Errorf("%s = %q, want %q", filepath.Base(c.path), b, c.want)
		}
	}
	f := openBook(t, files.Workbook)
	for _, sheet := range []string{"Patterns", "Daily", "Late", "Bridge", "Adjustments", "Rejects"} {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1 {
			t.Errorf("%s has %d rows, want the header alone (no total of nothing)", sheet, len(rows))
		}
	}
	if got := filterOf(f, "Rejects"); got != "'Rejects'!$A$1:$F$1" {
		t.Errorf("Rejects autofilter %q, want the header row", got)
	}
	if got := filterOf(f, "Daily"); got != "'Daily'!$A$1:$H$1" {
		t.Errorf("Daily autofilter %q, want the header row", got)
	}
	if parts := zipParts(t, files.Workbook, "xl/charts/"); len(parts) != 0 {
		t.Errorf("workbook with no categories has charts %q, want none", parts)
	}
}
