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

func TestWriteRerateGolden(t *testing.T) {
	r := sampleRerate()
	r.Accounts = once(t, "rerate accounts", r.Accounts)
	r.Events = once(t, "rerate events", r.Events)
	dir := filepath.Join(t.TempDir(), "rerate") // WriteRerate creates it
	files, err := WriteRerate(dir, r)
	if err != nil {
		t.Fatalf("WriteRerate: %v", err)
	}
	want := RerateFiles{
		Workbook: filepath.Join(dir, "rerate.xlsx"),
		Accounts: filepath.Join(dir, "rerate_accounts.csv"),
		Events:   filepath.Join(dir, "rerate_events.csv"),
		Summary:  filepath.Join(dir, "summary.json"),
	}
	if files != want {
		t.Errorf("RerateFiles = %+v, want %+v", files, want)
	}
	if got := files.All(); !slices.Equal(got, []string{want.Workbook, want.Accounts, want.Events, want.Summary}) {
		t.Errorf("All() = %q", got)
	}
	for _, name := range []string{"rerate_accounts.csv", "rerate_events.csv"} {
		t.Run(name, func(t *testing.T) {
			got, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			golden(t, name, got)
		})
	}
	t.Run("summary.json", func(t *testing.T) {
		got, err := os.ReadFile(files.Summary)
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "rerate_summary.json", got)
	})
	t.Run("rerate.xlsx", func(t *testing.T) {
		golden(t, "rerate.xlsx.txt", dumpWorkbook(t, files.Workbook))
	})
	if got := slices.Sorted(maps.Keys(folder(t, dir))); !slices.Equal(got, []string{"rerate.xlsx", "rerate_accounts.csv", "rerate_events.csv", "summary.json"}) {
		t.Errorf("folder holds %q, want the three reports and summary.json alone", got)
	}

	f := openBook(t, files.Workbook)
	if got, want := f.GetSheetList(), []string{"Summary", "Accounts", "Events"}; !slices.Equal(got, want) {
		t.Errorf("sheets %q, want %q", got, want)
	}
	if got := f.GetActiveSheetIndex(); got != 0 {
		t.Errorf("active sheet %d, want 0 (Summary)", got)
	}
	for _, c := range []struct{ sheet, filter string }{
		{"Accounts", "'Accounts'!$A$1:$G$3"},
		{"Events", "'Events'!$A$1:$J$4"},
	} {
		if got := filterOf(f, c.sheet); got != c.filter {
			t.Errorf("%s autofilter %q, want %q", c.sheet, got, c.filter)
		}
		if panes, err := f.GetPanes(c.sheet); err != nil || !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("%s panes %+v, %v: want the header row frozen", c.sheet, panes, err)
		}
	}
	for _, c := range []struct{ sheet, cell string }{{"Events", "H2"}, {"Accounts", "E3"}} {
		checkNumber(t, f, c.sheet, c.cell)
		checkCreditFormat(t, f, c.sheet, c.cell)
	}
	for _, c := range []struct{ sheet, cell string }{{"Events", "A3"}, {"Accounts", "A2"}, {"Events", "B4"}} {
		if !quotePrefixed(t, f, c.sheet, c.cell) {
			t.Errorf("%s!%s holds formula-like text without quotePrefix", c.sheet, c.cell)
		}
	}
}

func TestWriteRerateKeepsOldReports(t *testing.T) {
	old := map[string][]byte{
		"rerate.xlsx":         []byte("the last re-rating"),
		"summary.json":        []byte(`{"kind": "rerate"}`),
		"rerate_accounts.csv": []byte("account_id\nold\n"),
		"rerate_events.csv":   []byte("event_id\nold\n"),
		"notes.txt":           []byte("left alone"),
	}
	same := func(a, b []byte) bool { return string(a) == string(b) }

	t.Run("events fail midway", func(t *testing.T) {
		dir := t.TempDir()
		writeFiles(t, dir, old)
		r := sampleRerate()
		r.Events = failAfter(sampleRerateEvents(), 2)
		_, err := WriteRerate(dir, r)
		if !errors.Is(err, errBroken) {
			t.Fatalf("WriteRerate error %v, want it to wrap %v", err, errBroken)
		}
		if want := "write rerate_events.csv: "; !strings.HasPrefix(err.Error(), want) {
			t.Errorf("WriteRerate error %q, want it to start %q", err, want)
		}
		if got := folder(t, dir); !maps.EqualFunc(got, old, same) {
			t.Errorf("folder holds %q after a failed write, want the old reports untouched",
				slices.Sorted(maps.Keys(got)))
		}
	})
	t.Run("success replaces them", func(t *testing.T) {
		dir := t.TempDir()
		writeFiles(t, dir, old)
		if _, err := WriteRerate(dir, sampleRerate()); err != nil {
			t.Fatal(err)
		}
		got := folder(t, dir)
		if names := slices.Sorted(maps.Keys(got)); !slices.Equal(names, slices.Sorted(maps.Keys(old))) {
			t.Errorf("folder holds %q, want the reports and notes.txt (no temporary file left)", names)
		}
		for name, b := range got {
			if replaced := !same(b, old[name]); replaced != (name != "notes.txt") {
				t.Errorf("%s replaced = %v", name, replaced)
			}
		}
	})
	t.Run("empty", func(t *testing.T) {
		files, err := WriteRerate(t.TempDir(), Rerate{}) // nil sequences are empty lists
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct{ path, want string }{
			{files.Accounts, "account_id,events_changed,old_expected_credits,new_expected_credits,change_credits,old_video_minutes,new_video_minutes\n"},
			{files.Events, "event_id,account_id,created_at,old_version,new_version,old_expected_credits,new_expected_credits,change_credits,old_video_minutes,new_video_minutes\n"},
		} {
			if b, err := os.ReadFile(c.path); err != nil || string(b) != c.want {
				t.Errorf("%s = %q, %v; want %q", filepath.Base(c.path), b, err, c.want)
			}
		}
	})
}
