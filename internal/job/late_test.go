package job

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// TestLateShowsTheLedgerCharge closes October against a ledger, then
// closes November with late October events and their ledger rows. The
// Late sheet must show each late event's charge as its reconciliation
// used it (the ledger's, never the render log's own columns), and its
// categories must agree with that charge.
func TestLateShowsTheLedgerCharge(t *testing.T) {
	// A generative pro render of one minute: 20.00 credits, 0 minutes.
	ev := func(id, at, inline string) string {
		return id + ",v1,acct-1," + at + ",render,generative,pro,,,60000,," + inline + ",0\n"
	}
	cfg := config(t, write(t, "oct.csv", header+ev("oct1", "2026-10-05T10:00:00Z", "20.00")))
	cfg.Ledgers = []string{write(t, "oct_ledger.csv", ledgerHeader+"t1,oct1,acct-1,2026-10-05T10:00:05Z,20.00,0\n")}
	oct, _ := PeriodWindow("2026-10")
	cfg.Window = &oct
	// Runs are ordered by their start (issue 10 makes the order of two runs
	// in one instant monotonic): give each night its own.
	cfg.Now = func() time.Time { return time.Date(2026, 11, 1, 2, 0, 0, 0, time.UTC) }
	if _, err := Run(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}

	cfg.Inputs = []string{write(t, "nov.csv", header+
		ev("late-ok", "2026-10-20T10:00:00Z", "999.00")+ // the ledger charged 20.00: no finding
		ev("late-over", "2026-10-21T10:00:00Z", "20.00")+ // the ledger charged 30.00: overcharged
		ev("late-none", "2026-10-22T10:00:00Z", "20.00")+ // no ledger row, October is billed by the ledger: uncharged
		ev("nov1", "2026-11-02T10:00:00Z", "20.00"))}
	cfg.Ledgers = []string{write(t, "nov_ledger.csv", ledgerHeader+
		"t2,late-ok,acct-1,2026-11-01T09:00:00Z,20.00,0\n"+
		"t3,late-over,acct-1,2026-11-01T09:00:00Z,30.00,0\n"+
		"t4,nov1,acct-1,2026-11-02T10:00:05Z,20.00,0\n")}
	nov, _ := PeriodWindow("2026-11")
	cfg.Window = &nov
	cfg.Now = func() time.Time { return time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC) }
	res, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if res.Counts.Late != 3 {
		t.Errorf("late = %d, want 3", res.Counts.Late)
	}
	rows := readCSV(t, cfg.OutDir+"/late.csv")
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	got := map[string]string{}
	for _, r := range rows[1:] {
		get := func(name string) string { return r[col[name]] }
		got[get("event_id")] = strings.Join([]string{get("charged_credits"), get("charge_source"),
			get("diff_credits"), get("categories")}, " ")
		// The category column and the charged column never contradict.
		diff := decimal.RequireFromString(get("diff_credits"))
		cats := get("categories")
		switch {
		case get("charged_credits") == "":
			if !strings.Contains(cats, "uncharged") {
				t.Errorf("%s: nothing charged, categories %q", get("event_id"), cats)
			}
		case diff.GreaterThan(decimal.RequireFromString("0.01")) != strings.Contains(cats, "overcharged"),
			diff.LessThan(decimal.RequireFromString("-0.01")) != strings.Contains(cats, "undercharged"):
			t.Errorf("%s: difference %s, categories %q", get("event_id"), diff, cats)
		}
	}
	want := map[string]string{
		"late-ok":   "20.00 ledger 0.00 ",
		"late-over": "30.00 ledger 10.00 overcharged",
		"late-none": " none -20.00 uncharged",
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("late.csv %s: %q, want %q", id, got[id], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("late.csv lists %v, want %d events", got, len(want))
	}
	// The November report covers November only: the late events' findings
	// are in the database (findings_latest), not in its Discrepancies.
	db := openRO(t, cfg.DBPath)
	if n := query(t, db, "SELECT count(*) FROM findings_latest WHERE event_id IN ('late-over', 'late-none')")[0][0]; n != "2" {
		t.Errorf("findings_latest holds %s findings of the late events, want 2", n)
	}
	if res.Counts.Discrepancies != 0 {
		t.Errorf("November's report has %d discrepancies, want 0", res.Counts.Discrepancies)
	}
}
