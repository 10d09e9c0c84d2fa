package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// TestCloseReportAfterChanges is issue 13's acceptance line for
// reproducing a signed close: the shipped month is closed; then late
// events arrive (one of them the event of an orphan charge), late ledger
// rows (a charge and a refund, and a charge for a new orphan), and a
// re-rating. The month closed again now reports other figures, and
// `close report` still writes the first close's reports cell for cell, as
// it wrote them (the run's id and times aside).
func TestCloseReportAfterChanges(t *testing.T) {
	dir := t.TempDir()
	fixtures, err := filepath.Abs("../../fixtures")
	if err != nil {
		t.Fatal(err)
	}
	do := func(args ...string) string {
		t.Helper()
		code, stdout, stderr := reconcile(t, dir, nil, args...)
		if code != 0 {
			t.Fatalf("%s: exit %d:\n%s\n%s", strings.Join(args, " "), code, stdout, stderr)
		}
		return stdout
	}
	put := func(name, text string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	do("run", "--input", filepath.Join(fixtures, "render_logs"), "--ledger", filepath.Join(fixtures, "ledger"),
		"--period", "2026-10", "--db", "r.duckdb", "--out", "close1")
	list := do("close", "list", "--db", "r.duckdb", "--format", "csv")
	lines := strings.Split(strings.TrimSpace(list), "\n")
	if len(lines) != 2 {
		t.Fatalf("close list:\n%s", list)
	}
	closeID := strings.Split(lines[1], ",")[1]

	// The night after: late events (late-1 is the event of the orphan
	// charge the ledger below brings first), ledger rows, a re-rating.
	put("ledger-late.csv", "txn_id,event_id,account_id,charged_at,credits,video_minutes\n"+
		"txn-late-1,late-1,acct-0001,2026-10-20T10:00:00Z,20.00,0\n"+
		"txn-late-2,evt-1d07592c-1,acct-0028,2026-10-21T10:00:00Z,5.00,0\n"+
		"txn-late-3,evt-1d07592c-2,acct-0006,2026-10-21T11:00:00Z,-16.33,0\n"+
		"txn-late-4,never-priced,acct-0002,2026-10-22T10:00:00Z,9.99,0\n")
	do("run", "--ledger", "ledger-late.csv", "--db", "r.duckdb", "--out", "night1")
	put("late.csv", "event_id,video_id,account_id,created_at,kind,media,model,actor,is_ad,duration_ms,images,charged_credits,charged_video_minutes\n"+
		"late-1,v1,acct-0001,2026-10-19T10:00:00Z,render,generative,pro,,false,60000,,,\n"+
		"late-2,v2,acct-0003,2026-10-30T10:00:00Z,render,stock,,human,false,120000,,10.00,2\n")
	do("run", "--input", "late.csv", "--db", "r.duckdb", "--out", "night2")
	book, err := os.ReadFile(filepath.Join(fixtures, "pricebook.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	put("pro25.yaml", strings.Replace(string(book), "      pro: 20\n", "      pro: 25\n", 1))
	do("rerate", "--from", "2026-10-01", "--to", "2026-10-31", "--pricebook", "pro25.yaml", "--db", "r.duckdb", "--out", "rerate")
	do("run", "--period", "2026-10", "--db", "r.duckdb", "--out", "close2")

	first, second := reportFiles(t, filepath.Join(dir, "close1")), reportFiles(t, filepath.Join(dir, "close2"))
	if first["file summary.json"] == second["file summary.json"] {
		t.Fatal("the month closed again reports what the first close did: the changes changed nothing")
	}
	do("close", "report", closeID, "--db", "r.duckdb", "--out", "again")
	again := reportFiles(t, filepath.Join(dir, "again"))
	if len(again) != len(first) {
		t.Errorf("close report wrote %d files, the close %d", len(again), len(first))
	}
	for name, want := range first {
		if got := again[name]; got != want {
			t.Errorf("%s differs from the close's:\ngot:\n%s\nwant:\n%s", name, head(got), head(want))
		}
	}
	bridge := func(account string) string {
		return do("bridge", "--period", "2026-10", "--from-close", closeID, "--account", account, "--db", "r.duckdb", "--format", "csv")
	}
	checkBridge(t, bridge(""), do("sql", "--query", "month_summary", "--param", "period=2026-10", "--db", "r.duckdb", "--format", "csv"))

	// The re-close's reports hold the bridge from the first close to it
	// (nothing changed since): its Bridge sheet, bridge.csv and
	// summary.json; the first close's have none. close report writes the
	// re-close's again, bridge and all.
	if got, want := first["file bridge.csv"], "line,events,expected_credits,charged_credits,net_credits,expected_minutes,charged_minutes\n"; got != want {
		t.Errorf("the first close's bridge.csv = %q, want the header alone", got)
	}
	if got, want := second["file bridge.csv"], bridge(""); got != want {
		t.Errorf("the re-close's bridge.csv:\n%s\nwant what reconcile bridge says:\n%s", got, want)
	}
	if !strings.Contains(second["file reconciliation.xlsx"], "== Bridge\nline|events|") ||
		!strings.Contains(second["file reconciliation.xlsx"], "\nnow|4,007|86,257.23|") {
		t.Errorf("the re-close's Bridge sheet:\n%s", head(second["file reconciliation.xlsx"]))
	}
	if !strings.Contains(second["file summary.json"], `"from_close": "`+closeID+`"`) {
		t.Errorf("the re-close's summary.json has no bridge from %s:\n%s", closeID, head(second["file summary.json"]))
	}
	list = do("close", "list", "--db", "r.duckdb", "--format", "csv")
	lines = strings.Split(strings.TrimSpace(list), "\n")
	if len(lines) != 3 {
		t.Fatalf("close list:\n%s", list)
	}
	reclose := strings.Split(lines[1], ",")[1] // newest first
	do("close", "report", reclose, "--db", "r.duckdb", "--out", "again2")
	for name, want := range second {
		if got := reportFiles(t, filepath.Join(dir, "again2"))[name]; got != want {
			t.Errorf("the re-close's %s written again differs:\ngot:\n%s\nwant:\n%s", name, head(got), head(want))
		}
	}
	// Per account, from its row of the close's Accounts sheet to its row
	// now: the accounts of the late events (acct-0001, acct-0003), of the
	// late charge and refund (acct-0028, acct-0006), of the new orphan
	// (acct-0002), and one the night left alone.
	accounts, err := csv.NewReader(strings.NewReader(do("sql", "--query", "account_totals", "--param", "period=2026-10",
		"--db", "r.duckdb", "--format", "csv"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, acct := range []string{"acct-0001", "acct-0002", "acct-0003", "acct-0006", "acct-0028", "acct-0040"} {
		var now []string
		for _, r := range accounts {
			if r[0] == acct {
				now = r
			}
		}
		if now == nil {
			t.Errorf("account_totals has no %s", acct)
			continue
		}
		sumsTo(t, acct, bridge(acct), now)
	}
	checkAdjustments(t, first["file adjustments.csv"], second["file adjustments.csv"], first["file accounts.csv"], second["file accounts.csv"])
	code, _, stderr := reconcile(t, dir, nil, "close", "report", "20000101T000000Z-000000", "--db", "r.duckdb", "--out", "none")
	if code != 1 || !strings.Contains(stderr, "no such close") {
		t.Errorf("an unknown close: exit %d, %s", code, stderr)
	}
}

// checkBridge checks the bridge from the first close of
// TestCloseReportAfterChanges to now: every column of its lines sums from
// the close to now, now is month_summary's, and each line moves what was
// planted.
func checkBridge(t *testing.T, bridge, summary string) {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(bridge)).ReadAll()
	if err != nil || len(rows) < 3 {
		t.Fatalf("bridge: %v\n%s", err, bridge)
	}
	t.Logf("bridge:\n%s", bridge)
	cols := rows[0]
	byLine := map[string][]string{}
	for _, r := range rows[1:] {
		byLine[r[0]] = r
	}
	ms, err := csv.NewReader(strings.NewReader(summary)).ReadAll()
	if err != nil || len(ms) != 2 {
		t.Fatalf("month_summary: %v\n%s", err, summary)
	}
	now := byLine["now"]
	for _, c := range []struct{ bridge, summary int }{{1, 0}, {2, 1}, {3, 2}, {4, 3}, {5, 10}, {6, 11}} {
		if !decimal.RequireFromString(now[c.bridge]).Equal(decimal.RequireFromString(ms[1][c.summary])) {
			t.Errorf("now %s = %s, month_summary %s = %s", cols[c.bridge], now[c.bridge], ms[0][c.summary], ms[1][c.summary])
		}
	}
	sumsTo(t, "the month", bridge, nil)
	want := map[string][2]string{ // line: events, charged credits
		"late events priced since": {"2", "20.00"},
		"ledger charges since, of events charged from the ledger then and now": {"1", "5.00"},
		"ledger refunds since, of events charged from the ledger then and now": {"1", "-16.33"},
		"orphan ledger charges, now against then":                              {"1", "9.99"},
		"duplicate rows, now against then":                                     {"0", "0.00"},
	}
	for line, w := range want {
		if r := byLine[line]; r == nil || r[1] != w[0] || r[3] != w[1] {
			t.Errorf("%s: %v, want %s events, %s credits charged", line, r, w[0], w[1])
		}
	}
	var rerates int
	for line, r := range byLine {
		if strings.HasPrefix(line, "re-rating ") {
			rerates++
			if r[1] == "0" || r[3] != "0.00" || decimal.RequireFromString(r[2]).IsZero() {
				t.Errorf("%s: %v, want events whose expected credits moved, nothing charged", line, r)
			}
		}
	}
	if rerates != 1 {
		t.Errorf("%d re-rating lines, want 1", rerates)
	}
}

// sumsTo checks that every column of a bridge's lines sums from the close
// to now, and, given the account's account_totals row, that now is it.
func sumsTo(t *testing.T, what, bridge string, totals []string) {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(bridge)).ReadAll()
	if err != nil || len(rows) < 3 {
		t.Fatalf("%s: bridge: %v\n%s", what, err, bridge)
	}
	cols, lines, now := rows[0], rows[1:len(rows)-1], rows[len(rows)-1]
	for k := 1; k < len(cols); k++ {
		var sum decimal.Decimal
		for i, r := range lines {
			if k == 1 && i > 0 && !strings.HasPrefix(r[0], "late events") {
				continue // the events a line moves: only late events add some
			}
			sum = sum.Add(decimal.RequireFromString(r[k]))
		}
		if !sum.Equal(decimal.RequireFromString(now[k])) {
			t.Errorf("%s: %s: the lines sum to %s, now is %s", what, cols[k], sum, now[k])
		}
	}
	if totals == nil {
		return
	}
	// account_totals: account_id, events, expected, charged, diff, expected minutes, charged minutes
	for _, c := range []struct{ bridge, totals int }{{1, 1}, {2, 2}, {3, 3}, {4, 4}, {5, 5}, {6, 6}} {
		if !decimal.RequireFromString(now[c.bridge]).Equal(decimal.RequireFromString(totals[c.totals])) {
			t.Errorf("%s: now %s = %s, account_totals says %s", what, cols[c.bridge], now[c.bridge], totals[c.totals])
		}
	}
}

func head(s string) string {
	if len(s) > 3000 {
		return s[:3000] + "…"
	}
	return s
}

// checkAdjustments is issue 14's import acceptance line, with a fake
// billing importer that skips a key it has seen. Importing the first
// close's adjustments.csv twice leaves every account adjusted by its
// to_refund − to_rebill of that close; importing the re-close's file
// then (and the first file once more) leaves it adjusted by its figures
// of the re-close: never by more.
func checkAdjustments(t *testing.T, firstAdj, secondAdj, firstAccounts, secondAccounts string) {
	t.Helper()
	seen := map[string]bool{}
	balance := map[string]decimal.Decimal{}
	imp := func(file string) {
		rows, err := csv.NewReader(strings.NewReader(file)).ReadAll()
		if err != nil || len(rows) < 2 {
			t.Fatalf("adjustments.csv: %v\n%s", err, file)
		}
		// period,account_id,direction,amount,currency,adjusted_before,events,categories,idempotency_key,note
		for _, r := range rows[1:] {
			if seen[r[8]] {
				continue
			}
			seen[r[8]] = true
			amount := decimal.RequireFromString(r[3])
			if r[2] == "invoice_item" {
				amount = amount.Neg()
			}
			balance[r[1]] = balance[r[1]].Add(amount)
		}
	}
	want := func(what, accounts string) {
		t.Helper()
		rows, err := csv.NewReader(strings.NewReader(accounts)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		// account_id, …, to_refund (7), to_rebill (8)
		n := 0
		for _, r := range rows[1:] {
			owed := decimal.RequireFromString(r[7]).Sub(decimal.RequireFromString(r[8]))
			if !balance[r[0]].Equal(owed) {
				t.Errorf("%s: %s adjusted by %s, its to_refund − to_rebill is %s", what, r[0], balance[r[0]], owed)
			}
			n++
		}
		if n != len(balance) {
			t.Errorf("%s: %d accounts adjusted, the Accounts sheet has %d", what, len(balance), n)
		}
	}
	imp(firstAdj)
	imp(firstAdj)
	want("the first close's file, imported twice", firstAccounts)
	imp(secondAdj)
	imp(firstAdj)
	want("and the re-close's", secondAccounts)
	if !strings.Contains(secondAdj, "adjusted by earlier files") {
		t.Errorf("the re-close's adjustments.csv does not say it holds differences:\n%s", head(secondAdj))
	}
}
