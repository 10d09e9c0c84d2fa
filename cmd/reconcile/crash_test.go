package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/reconcile/reconcile/internal/failpoint"
)

// TestCrashAndRerun kills reconcile with SIGKILL at every failpoint of a
// month close, runs it again, and checks that the database and the reports
// equal those of a run that was never interrupted: nothing lost, nothing
// counted twice, no half-written file.
func TestCrashAndRerun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs reconcile about twenty times")
	}
	base := t.TempDir()
	if err := reconcileRun(t, base, ""); err != nil {
		t.Fatalf("uninterrupted run: %v", err)
	}
	want := snapshot(t, base)
	for _, point := range failpoint.Points {
		t.Run(point, func(t *testing.T) {
			dir := t.TempDir()
			err := reconcileRun(t, dir, point)
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
				t.Fatalf("run with failpoint %s: %v; want it killed there", point, err)
			}
			if err := reconcileRun(t, dir, ""); err != nil {
				t.Fatalf("rerun after the crash: %v", err)
			}
			got := snapshot(t, dir)
			for _, name := range sortedKeys(want) {
				if got[name] != want[name] {
					t.Errorf("%s differs from the uninterrupted run's:\ngot:\n%s\nwant:\n%s", name, clip(got[name]), clip(want[name]))
				}
			}
			for _, name := range sortedKeys(got) {
				if _, ok := want[name]; !ok {
					t.Errorf("%s is left over", name)
				}
			}
		})
	}
}

// reconcileRun closes October of a small input in dir, with the named
// failpoint armed (none when "").
func reconcileRun(t *testing.T, dir, point string) error {
	t.Helper()
	fixtures, err := filepath.Abs("../../fixtures")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("reconcile", "run", "--log-level", "warn",
		"--input", filepath.Join(fixtures, "render_logs", "2026-10-24_31.parquet"),
		"--input", filepath.Join(fixtures, "render_logs", "2026-10-15_23.csv.gz"),
		"--ledger", filepath.Join(fixtures, "ledger"),
		"--period", "2026-10", "--db", "r.duckdb", "--out", "out")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), failpoint.Env+"="+point)
	out, err := cmd.CombinedOutput()
	if err != nil && point == "" {
		t.Logf("reconcile run: %s", out)
	}
	return err
}

// snapshot reads what a run left: every table without the columns that
// name the run or the time, and every report file (the workbook as its
// cells, without the run's id and times).
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	s := map[string]string{}
	for name, q := range map[string]string{
		"priced_usage":  "SELECT * EXCLUDE (run_id) FROM priced_usage ORDER BY ALL",
		"discrepancies": "SELECT * EXCLUDE (run_id) FROM discrepancies ORDER BY ALL",
		"rejects":       "SELECT * EXCLUDE (run_id) FROM rejects ORDER BY ALL",
		"ledger":        "SELECT * EXCLUDE (run_id) FROM ledger ORDER BY ALL",
		"input_files":   "SELECT * EXCLUDE (run_id, ingested_at) FROM input_files ORDER BY ALL",
		"periods":       "SELECT period FROM periods",
		"closes":        "SELECT * EXCLUDE (close_id, closed_at) FROM close_snapshots ORDER BY ALL",
		"close_parts":   "SELECT (SELECT count(*) FROM close_categories), (SELECT count(*) FROM close_accounts), (SELECT count(*) FROM close_bridge)",
		"runs": `SELECT kind, status, inputs, ledgers, rows_read, priced, rejected, duplicates, ledger_rows,
		                discrepancies, late, staging_dir IS NULL AS finished FROM runs ORDER BY ALL`,
	} {
		cmd := exec.Command("reconcile", "sql", "--db", "r.duckdb", "--format", "csv", q)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v: %s", name, err, out)
		}
		s["table "+name] = string(out)
	}
	for name, text := range reportFiles(t, filepath.Join(dir, "out")) {
		s[name] = text
	}
	return s
}

// reportFiles is every report file in out, by "file NAME": the workbook as
// its cells, summary.json and summary.html without the lines that name the
// run or its times.
func reportFiles(t *testing.T, out string) map[string]string {
	t.Helper()
	s := map[string]string{}
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		p := filepath.Join(out, e.Name())
		if e.Name() == "reconciliation.xlsx" {
			s["file "+e.Name()] = workbookCells(t, p)
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if e.Name() == "summary.json" || e.Name() == "summary.html" || e.Name() == "adjustments.json" {
			b = withoutRunLines(b)
		}
		s["file "+e.Name()] = string(b)
	}
	return s
}

// withoutRunLines leaves out the lines of summary.json and summary.html
// that name the run (its close's id too) or its times.
func withoutRunLines(b []byte) []byte {
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if strings.Contains(l, `"run_id":`) || strings.Contains(l, `"id":`) || strings.Contains(l, `"close_id":`) || strings.Contains(l, `"started":`) ||
			strings.Contains(l, `"finished":`) || strings.Contains(l, `<p class="run">`) {
			continue
		}
		out = append(out, l)
	}
	return []byte(strings.Join(out, "\n"))
}

func workbookCells(t *testing.T, path string) string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer f.Close()
	var b strings.Builder
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString("== " + sheet + "\n")
		for _, r := range rows {
			if len(r) > 0 && (r[0] == "run id" || strings.HasPrefix(r[0], "started") || strings.HasPrefix(r[0], "finished") ||
				sheet == "Run" && r[0] == "close") { // the close's id is the run's
				continue
			}
			b.WriteString(strings.Join(r, "|") + "\n")
		}
	}
	return b.String()
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func clip(s string) string {
	if len(s) > 1500 {
		return s[:1500] + "…"
	}
	return s
}
