package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestDryRunShippedMonth is issue 13's acceptance line for what-if
// re-rating: the shipped month, closed as make run does, re-rated dry
// with PRO at 25 credits a minute, prints the spread, exits 3 with
// --max-change-pct 10, and leaves the database file as it was, byte for
// byte. Its figures are those a real re-rating then commits.
func TestDryRunShippedMonth(t *testing.T) {
	dir := t.TempDir()
	fixtures, err := filepath.Abs("../../fixtures")
	if err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := reconcile(t, dir, nil, "run", "--input", filepath.Join(fixtures, "render_logs"),
		"--ledger", filepath.Join(fixtures, "ledger"), "--period", "2026-10", "--db", "r.duckdb", "--out", "out"); code != 0 {
		t.Fatalf("run: exit %d:\n%s", code, stderr)
	}
	book, err := os.ReadFile(filepath.Join(fixtures, "pricebook.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	draft := bytes.Replace(book, []byte("      pro: 20\n"), []byte("      pro: 25\n"), 1)
	if bytes.Equal(draft, book) {
		t.Fatal("the fixture book has no 'pro: 20' line to change")
	}
	if err := os.WriteFile(filepath.Join(dir, "pro25.yaml"), draft, 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "r.duckdb")
	before := fileSum(t, db)
	dry := []string{"rerate", "--dry-run", "--db", "r.duckdb", "--from", "2026-10-01", "--to", "2026-10-31", "--pricebook", "pro25.yaml"}

	code, stdout, stderr := reconcile(t, dir, nil, append(dry, "--max-change-pct", "10")...)
	if code != 3 {
		t.Fatalf("dry run with --max-change-pct 10: exit %d, want 3:\n%s\n%s", code, stdout, stderr)
	}
	for _, want := range []string{
		`(?m)^dry run with pro25\.yaml \(sha256 [0-9a-f]{12}\): nothing was changed$`,
		`(?m)^events: 4005 in the window, \d+ would change$`,
		`(?m)^expected credits: 75506\.99 → \d+\.\d\d \(\+\d+\.\d\d, \+\d+\.\d\d%\)$`,
		`(?m)^change per account moved \(absolute\): p50 \d+\.\d\d%, p95 \d+\.\d\d%, max \d+\.\d\d% \(.+\)$`,
		`(?m)^biggest movers:$`,
		`(?m)^guard: \d+ accounts move more than 10%: exit 3$`,
	} {
		if !regexp.MustCompile(want).MatchString(stdout) {
			t.Errorf("stdout lacks %s:\n%s", want, stdout)
		}
	}
	if after := fileSum(t, db); after != before {
		t.Error("the dry run changed the database file")
	}
	if code, stdout, _ := reconcile(t, dir, nil, append(dry, "--max-change-pct", "30")...); code != 0 || !strings.Contains(stdout, "guard: no account moves more than 30%: pass") {
		t.Errorf("--max-change-pct 30: exit %d, want 0 and a pass:\n%s", code, stdout)
	}
	if code, stdout, _ := reconcile(t, dir, nil, append(dry, "--max-change-pct", "10", "--guard", "total")...); code != 3 || !strings.Contains(stdout, "guard: the total moves +") {
		t.Errorf("--guard total at 10%%: exit %d, want 3:\n%s", code, stdout)
	}

	// The dry run's figures are the committed re-rating's.
	code, stdout, stderr = reconcile(t, dir, nil, append(dry, "--format", "json")...)
	if code != 0 {
		t.Fatalf("dry run --format json: exit %d:\n%s", code, stderr)
	}
	var doc struct {
		Events      int64  `json:"events"`
		Changed     int64  `json:"events_changed"`
		NewExpected string `json:"new_expected_credits"`
		Accounts    []struct {
			AccountID   string `json:"account_id"`
			NewExpected string `json:"new_expected_credits"`
		} `json:"accounts"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("dry run JSON: %v\n%s", err, stdout)
	}
	if fileSum(t, db) != before {
		t.Error("the dry run changed the database file")
	}
	code, stdout, stderr = reconcile(t, dir, nil, "rerate", "--db", "r.duckdb", "--from", "2026-10-01", "--to", "2026-10-31",
		"--pricebook", "pro25.yaml", "--out", "rr")
	if code != 0 {
		t.Fatalf("rerate: exit %d:\n%s", code, stderr)
	}
	if want := regexp.MustCompile(`: (\d+) events examined, (\d+) changed; expected credits 75506\.99 → (\S+) `).FindStringSubmatch(stdout); want == nil ||
		want[1] != "4005" || want[2] != strconv.FormatInt(doc.Changed, 10) || want[3] != doc.NewExpected {
		t.Errorf("rerate said %q; the dry run said %d events, %d changed, new expected %s", stdout, doc.Events, doc.Changed, doc.NewExpected)
	}
	code, stdout, _ = reconcile(t, dir, nil, "sql", "--db", "r.duckdb", "--format", "json",
		"SELECT account_id, sum(expected_credits)::VARCHAR AS e FROM current_usage WHERE created_at >= '2026-10-01' AND created_at < '2026-11-01' GROUP BY ALL ORDER BY ALL")
	if code != 0 {
		t.Fatalf("sql: exit %d", code)
	}
	var after []struct {
		AccountID string `json:"account_id"`
		Expected  string `json:"e"`
	}
	if err := json.Unmarshal([]byte(stdout), &after); err != nil {
		t.Fatal(err)
	}
	if len(after) != len(doc.Accounts) {
		t.Fatalf("%d accounts after the re-rating, the dry run listed %d", len(after), len(doc.Accounts))
	}
	for i, a := range after {
		if d := doc.Accounts[i]; d.AccountID != a.AccountID || d.NewExpected != a.Expected {
			t.Errorf("account %s: %s after the re-rating; the dry run said %s %s", a.AccountID, a.Expected, d.AccountID, d.NewExpected)
		}
	}
}

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}
