package job

import (
	"context"
	"reflect"
	"strings"
	"testing"
)

const ledgerHeader = "txn_id,event_id,account_id,charged_at,credits,video_minutes\n"

// categories returns a run's findings as "event_id:category" strings.
func categories(t *testing.T, cfg Config, runID string) map[string]bool {
	t.Helper()
	db := openRO(t, cfg.DBPath)
	out := map[string]bool{}
	for _, r := range query(t, db, "SELECT event_id || ':' || category FROM discrepancies WHERE run_id = ?", runID) {
		out[r[0]] = true
	}
	return out
}

// TestLedgerCases builds a ledger by hand: a refund that nets a double
// charge back to the price, an orphan, a double charge left standing, and
// an event charged in the ledger but not inline.
func TestLedgerCases(t *testing.T) {
	// Each event is a one-minute stock render: 0 credits, 1 video minute;
	// with a human actor: 5.00 credits.
	ev := func(id, charged, minutes string) string {
		return id + ",v1,acct-1,2026-10-05T10:00:00Z,render,stock,,human,,60000,," + charged + "," + minutes + "\n"
	}
	logs := write(t, "logs.csv", header+
		ev("refunded", "5.00", "1")+
		ev("double", "5.00", "1")+
		ev("ledger-only", "", "")+ // nothing inline: uncharged in inline mode
		ev("fine", "5.00", "1")+
		ev("missing", "5.00", "1")) // charged inline, absent from the ledger
	ledger := write(t, "ledger.csv", ledgerHeader+
		"t1,refunded,acct-1,2026-10-05T10:00:05Z,5.00,1\n"+
		"t2,refunded,acct-1,2026-10-05T10:00:06Z,5.00,1\n"+
		"t3,refunded,acct-1,2026-10-06T09:00:00Z,-5.00,-1\n"+ // nets the double charge to the price
		"t4,double,acct-1,2026-10-05T10:00:05Z,5.00,1\n"+
		"t5,double,acct-1,2026-10-05T10:00:06Z,5.00,1\n"+
		"t6,ledger-only,acct-1,2026-10-05T10:00:05Z,5.00,1\n"+
		"t7,fine,acct-1,2026-10-05T10:00:05Z,5.00,1\n"+
		"t8,ghost,acct-2,2026-10-07T10:00:00Z,12.50,0\n"+ // orphan
		"t9,ghost,acct-2,2026-10-07T10:00:01Z,2.50,0\n"+ // orphan, same id: one finding
		"t7,fine,acct-1,2026-10-05T10:00:05Z,5.00,1\n"+ // repeated txn_id: rejected
		"t10,fine,acct-1,not-a-time,5.00,1\n") // rejected
	cfg := config(t, logs)
	cfg.Ledgers = []string{ledger}
	res, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if c := res.Counts; c.LedgerRows != 11 || c.LedgerTaken != 9 || c.LedgerRejected != 2 {
		t.Errorf("ledger counts = %+v, want 11 read, 9 taken, 2 rejected", c)
	}
	got := categories(t, cfg, res.RunID)
	want := map[string]bool{
		"refunded:duplicate_charge": true,
		"double:duplicate_charge":   true,
		"double:overcharged":        true,
		"double:minutes_mismatch":   true, // two video minutes charged for one
		"missing:uncharged":         true,
		"ghost:orphan_charge":       true,
	}
	for k := range want {
		if !got[k] {
			t.Errorf("missing finding %s", k)
		}
	}
	for k := range got {
		if !want[k] {
			t.Errorf("unexpected finding %s", k)
		}
	}
	db := openRO(t, cfg.DBPath)
	orphan := query(t, db, "SELECT charged_credits::VARCHAR, account_id FROM discrepancies WHERE category = 'orphan_charge'")
	if len(orphan) != 1 || orphan[0][0] != "15.00" || orphan[0][1] != "acct-2" {
		t.Errorf("orphan = %v, want one finding of 15.00 for acct-2", orphan)
	}
	reasons := query(t, db, "SELECT reason FROM rejects WHERE input = 'ledger' ORDER BY reason")
	if len(reasons) != 2 || reasons[0][0] != "bad_timestamp" || reasons[1][0] != "duplicate_txn" {
		t.Errorf("ledger rejects = %v, want bad_timestamp and duplicate_txn", reasons)
	}
	if !strings.Contains(res.ChargeSource, "ledger") || !strings.Contains(res.Summary.ChargeSource, "ledger") {
		t.Errorf("charge source = %q, want the ledger", res.ChargeSource)
	}
	checkTieOut(t, cfg, res, ledgerWithin)
}

// ledgerWithin sums the ledger-based differences of a run's events that no
// credit category flagged.
const ledgerWithin = `SELECT sum(coalesce(l.credits, 0) - u.expected_credits)::VARCHAR
	FROM current_usage u LEFT JOIN (SELECT event_id, sum(credits) AS credits FROM ledger GROUP BY ALL) l USING (event_id)
	WHERE u.run_id = ? AND u.event_id NOT IN (SELECT event_id FROM discrepancies WHERE run_id = ? AND category IN ('overcharged', 'undercharged', 'uncharged'))`

// TestWindowAndLate checks the report window: a ledger row for an event
// outside the window is not an orphan, and an event of a closed period that
// arrives later is priced, marked late and listed, while the closed
// period's findings stay as they were.
func TestWindowAndLate(t *testing.T) {
	ev := func(id, day string) string {
		return id + ",v1,acct-1,2026-" + day + "T10:00:00Z,render,stock,,,,60000,,0.00,1\n"
	}
	cfg := config(t, write(t, "sep-oct.csv", header+ev("sep1", "09-30")+ev("oct1", "10-01")+ev("oct2", "10-02")))
	cfg.Ledgers = []string{write(t, "ledger.csv", ledgerHeader+
		"t1,sep1,acct-1,2026-10-01T00:00:10Z,0.00,1\n"+ // charged in October for a September event
		"t2,oct1,acct-1,2026-10-01T10:00:05Z,0.00,1\n"+
		"t3,oct2,acct-1,2026-10-02T10:00:05Z,0.00,1\n")}
	w, err := PeriodWindow("2026-10")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Window = &w
	res, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if n := res.Counts.Discrepancies; n != 0 {
		t.Errorf("October close found %d discrepancies, want 0: %v", n, categories(t, cfg, res.RunID))
	}
	if s := res.Summary; s.ExpectedMinutes != 2 || s.ChargedMinutes != 2 {
		t.Errorf("October has %d expected / %d charged minutes, want 2 and 2 (sep1 is outside)", s.ExpectedMinutes, s.ChargedMinutes)
	}
	closedFindings := dump(t, cfg.DBPath)

	// A nightly run in November brings an October event: late.
	cfg.Window = nil
	cfg.Ledgers = nil
	cfg.Inputs = []string{write(t, "nov.csv", header+ev("oct9", "10-09")+ev("nov1", "11-01"))}
	res2, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if res2.Counts.Late != 1 {
		t.Errorf("late = %d, want 1", res2.Counts.Late)
	}
	late := readCSV(t, cfg.OutDir+"/late.csv")
	if len(late) != 2 || late[1][0] != "oct9" || late[1][3] != "2026-10" {
		t.Errorf("late.csv = %v, want oct9 of 2026-10", late)
	}
	db := openRO(t, cfg.DBPath)
	if got := query(t, db, "SELECT event_id FROM priced_usage WHERE is_late"); len(got) != 1 || got[0][0] != "oct9" {
		t.Errorf("late events = %v, want oct9", got)
	}
	// The October run's records are untouched.
	for _, line := range strings.Split(closedFindings, "\n") {
		if strings.HasPrefix(line, "discrepancies:") && !strings.Contains(dump(t, cfg.DBPath), line) {
			t.Errorf("closed period's finding changed: %s", line)
		}
	}
}

// TestLedgerSumsPastOneRow runs ledger rows that each fit their columns
// but whose sums per event do not: two of 9999999999999999.99 credits, two
// of 2147483647 minutes, and two orphans of each. The run completes, the
// findings carry the exact sums, and the reports tie out.
func TestLedgerSumsPastOneRow(t *testing.T) {
	ev := func(id string) string {
		return id + ",v1,acct-1,2026-10-05T10:00:00Z,render,stock,,human,,60000,,,\n"
	}
	logs := write(t, "logs.csv", header+ev("big-credits")+ev("big-minutes"))
	const most = "9999999999999999.99"
	ledger := write(t, "ledger.csv", ledgerHeader+
		"t1,big-credits,acct-1,2026-10-05T10:00:05Z,"+most+",1\n"+
		"t2,big-credits,acct-1,2026-10-05T10:00:06Z,"+most+",0\n"+
		"t3,big-minutes,acct-1,2026-10-05T10:00:05Z,5.00,2147483647\n"+
		"t4,big-minutes,acct-1,2026-10-05T10:00:06Z,0,2147483647\n"+
		"t5,ghost,acct-2,2026-10-07T10:00:00Z,"+most+",2147483647\n"+
		"t6,ghost,acct-2,2026-10-07T10:00:01Z,"+most+",2147483647\n")
	cfg := config(t, logs)
	cfg.Ledgers = []string{ledger}
	w, err := PeriodWindow("2026-10")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Window = &w
	res, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	db := openRO(t, cfg.DBPath)
	got := query(t, db, `SELECT event_id, category, charged_credits::VARCHAR, charged_video_minutes::VARCHAR FROM discrepancies
		WHERE run_id = ? AND category IN ('overcharged', 'orphan_charge', 'minutes_mismatch') ORDER BY ALL`, res.RunID)
	want := [][]string{
		{"big-credits", "overcharged", "19999999999999999.98", "1"},
		{"big-minutes", "minutes_mismatch", "5.00", "4294967294"},
		{"ghost", "orphan_charge", "19999999999999999.98", "4294967294"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("findings\n%v\nwant\n%v", got, want)
	}
	if s := res.Summary; s.ChargedCredits.String() != "40000000000000004.96" || s.ChargedMinutes != 2*4294967294+1 {
		t.Errorf("charged %s credits, %d minutes; want 40000000000000004.96 and %d", s.ChargedCredits, s.ChargedMinutes, 2*4294967294+1)
	}
	checkTieOut(t, cfg, res, ledgerWithin)
}

// TestLedgerLaterWithoutWindow: a run without a window that reads only a
// ledger reconciles the events an earlier run priced whose ledger rows it
// read, and no other: its scope is its own rows and those events.
func TestLedgerLaterWithoutWindow(t *testing.T) {
	ev := func(id, charged string) string {
		return id + ",v1,acct-1,2026-10-05T10:00:00Z,render,stock,,human,,60000,," + charged + ",1\n"
	}
	logs := write(t, "logs.csv", header+ev("overbilled", "5.00")+ev("fine", "5.00")+ev("untouched", "9.00"))
	cfg := config(t, logs)
	first, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	ledger := write(t, "ledger.csv", ledgerHeader+
		"t1,overbilled,acct-1,2026-10-05T10:00:05Z,7.50,1\n"+
		"t2,fine,acct-1,2026-10-05T10:00:05Z,5.00,1\n")
	cfg.Inputs = nil
	cfg.Ledgers = []string{ledger}
	second, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	// The ledger's month is now covered: "untouched" has no ledger row,
	// but this run did not read one for it, so it is not in its scope.
	want := map[string]bool{"overbilled:overcharged": true}
	if got := categories(t, cfg, second.RunID); !reflect.DeepEqual(got, want) {
		t.Errorf("second run's findings = %v, want %v", got, want)
	}
	if got, want := categories(t, cfg, first.RunID), map[string]bool{"untouched:overcharged": true}; !reflect.DeepEqual(got, want) {
		t.Errorf("first run's findings = %v, want %v", got, want)
	}
}
