package job

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reconcile/reconcile/internal/gen"
)

// TestOracleMonthClose closes a generated October, with hand-made ledger
// cases on top, over two nights, and checks every finding, every account
// and the Summary against an oracle: a month close written again, in plain
// Go, from SPEC §5–§6 (see oracle.close). Only the pricing core is shared
// with the project; the oracle reads the same CSV files itself and uses
// none of the project's SQL.
//
// Night 1 reads the generated month, the hand-made events and every ledger
// (no window). The ledger already bills h-late, an event no render log
// holds yet: an orphan that night. Night 2 reads only the log holding
// h-late (and one more duplicate row of h-dup), no ledger, and closes
// --period 2026-10: h-late is reconciled against the ledger row stored on
// night 1, and the Summary counts it as an orphan resolved.
func TestOracleMonthClose(t *testing.T) {
	dir := t.TempDir()
	month := gen.Config{Events: 3000, Accounts: 25, Seed: 11, ErrorRate: 0.05,
		Month: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)}
	genLog, genLedger := filepath.Join(dir, "month.csv"), filepath.Join(dir, "month_ledger.csv")
	writeGenerated(t, genLog, func(f *os.File) error { _, err := gen.WriteCSV(f, month); return err })
	writeGenerated(t, genLedger, func(f *os.File) error { _, err := gen.WriteLedger(f, month); return err })
	handLog := write(t, "hand.csv", oracleHandLog)
	handLedger := write(t, "hand_ledger.csv", oracleHandLedger)
	lateLog := write(t, "late.csv", oracleLateLog)
	ctx := context.Background()
	o := newOracle()

	// Night 1: everything but h-late's render-log row; no window.
	o.readLog(t, 1, genLog)
	o.readLog(t, 1, handLog)
	o.readLedger(t, 1, genLedger)
	o.readLedger(t, 1, handLedger)
	want1 := o.close(1, nil)
	checkPlanned(t, "night 1", want1, night1Planned(), nil)
	cfg := config(t, genLog, handLog)
	cfg.Ledgers = []string{genLedger, handLedger}
	cfg.Now = func() time.Time { return time.Date(2026, 10, 31, 2, 0, 0, 0, time.UTC) }
	res1, err := Run(ctx, cfg)
	if err != nil {
		t.Fatalf("night 1: %v", err)
	}
	checkClose(t, "night 1", cfg, res1, want1)
	o.listed(want1)

	// Night 2: h-late's log only, no ledger file; the October close.
	o.readLog(t, 2, lateLog)
	w, err := PeriodWindow("2026-10")
	if err != nil {
		t.Fatal(err)
	}
	want2 := o.close(2, &w)
	checkPlanned(t, "night 2", want2, night2Planned(), night2PlannedAccounts)
	if n := len(want2.categoryCounts()); n != len(oracleCategories) {
		t.Fatalf("oracle: the October close shows %d of the %d categories; the test data must exercise all", n, len(oracleCategories))
	}
	cfg.Inputs, cfg.Ledgers, cfg.Window = []string{lateLog}, nil, &w
	cfg.Now = func() time.Time { return time.Date(2026, 11, 1, 2, 0, 0, 0, time.UTC) }
	res2, err := Run(ctx, cfg)
	if err != nil {
		t.Fatalf("night 2: %v", err)
	}
	checkClose(t, "night 2", cfg, res2, want2)
	if s := res2.Summary; s != nil && s.OrphansResolved != 1 {
		t.Errorf("night 2: OrphansResolved = %d, want 1 (h-late, an orphan on night 1)", s.OrphansResolved)
	}
}

// The hand-made cases. Accounts acct-h1 … acct-h8 are theirs alone; the
// generated month uses acct-0001 … acct-0025. Every row says what the
// ledger makes of it (expected credits / video minutes first).
const oracleHandLog = header +
	// 20.00: charged 20.00, then refunded 25.00: undercharged by 25.00
	"h-refund-big,hv1,acct-h1,2026-10-05T10:00:00Z,render,generative,pro,,false,60000,,,\n" +
	// 5.00 / 1: only a refund row (−5.00, −1): undercharged by 10.00 and minutes_mismatch, not uncharged
	"h-refund-only,hv2,acct-h1,2026-10-05T11:00:00Z,render,stock,,human,false,60000,,5.00,1\n" +
	// 20.00: charged 19.99 and 20.01: within tolerance, in to_rebill and to_refund
	"h-within-under,hv3,acct-h1,2026-10-05T12:00:00Z,render,generative,pro,,false,60000,,20.00,0\n" +
	"h-within-over,hv3,acct-h1,2026-10-05T12:01:00Z,render,generative,pro,,false,60000,,20.00,0\n" +
	// 20.00, charged inline but in no ledger row while the ledger covers October: uncharged
	"h-oct-nocharge,hv4,acct-h1,2026-10-05T13:00:00Z,render,generative,pro,,false,60000,,20.00,0\n" +
	// 0.00 / 1, charged right; written again below and on night 2: duplicates that carry nothing
	"h-dup,hv5,acct-h1,2026-10-05T14:00:00Z,render,stock,,,false,60000,,0.00,1\n" +
	// 0.00 / 1: two rows of 0.00 credits and 1 minute: duplicate_charge and minutes_mismatch
	"h-double-min,hv6,acct-h2,2026-10-06T10:00:00Z,render,stock,,,false,60000,,0.00,1\n" +
	// 10.00: charged to acct-h6: account_mismatch
	"h-acct-mis,hv7,acct-h5,2026-10-07T10:00:00Z,render,generative,pro,,false,30000,,10.00,0\n" +
	// 10.00: charged to acct-h5 and to acct-h6: overcharged, duplicate_charge, account_mismatch
	"h-acct-mis2,hv7,acct-h5,2026-10-07T10:05:00Z,render,generative,pro,,false,30000,,10.00,0\n" +
	// September, which no ledger row covers: the inline columns count.
	// 25.00 charged 25.00 inline; its duplicate below carries its own 25.00
	"h-sep-inline,hv8,acct-h8,2026-09-15T10:00:00Z,render,generative,pro,human,false,60000,,25.00,0\n" +
	// 0.60, nothing inline: uncharged
	"h-sep-none,hv8,acct-h8,2026-09-15T10:10:00Z,edit_image,,,,false,,3,,\n" +
	// 5.00 / 1, only minutes inline: charged 0.00 credits, undercharged by 5.00
	"h-sep-minonly,hv9,acct-h8,2026-09-15T11:00:00Z,render,stock,,human,false,60000,,,1\n" +
	// 10.00, 99.00 inline, but one ledger row (charged in October) of 10.00: the ledger's charge
	"h-sep-ledger,hv10,acct-h8,2026-09-15T12:00:00Z,render,generative,pro,,false,30000,,99.00,0\n" +
	"h-dup,hv5,acct-h1,2026-10-05T14:00:00Z,render,stock,,,false,60000,,0.00,1\n" +
	"h-sep-inline,hv8,acct-h8,2026-09-15T10:00:00Z,render,generative,pro,human,false,60000,,25.00,0\n"

const oracleHandLedger = ledgerHeader +
	"ht1,h-refund-big,acct-h1,2026-10-05T10:00:05Z,20.00,0\n" +
	"ht2,h-refund-big,acct-h1,2026-10-06T09:00:00Z,-25.00,0\n" + // a refund larger than the charge
	"ht3,h-refund-only,acct-h1,2026-10-06T09:00:00Z,-5.00,-1\n" + // a refund with no charge
	"ht4,h-within-under,acct-h1,2026-10-05T12:00:05Z,19.99,0\n" +
	"ht5,h-within-over,acct-h1,2026-10-05T12:01:05Z,20.01,0\n" +
	"ht6,h-dup,acct-h1,2026-10-05T14:00:05Z,0.00,1\n" +
	"ht7,h-double-min,acct-h2,2026-10-06T10:00:05Z,0.00,1\n" + // positive: it charges a minute
	"ht8,h-double-min,acct-h2,2026-10-06T10:00:06Z,0.00,1\n" +
	"ht9,h-acct-mis,acct-h6,2026-10-07T10:00:05Z,10.00,0\n" +
	"ht10,h-acct-mis2,acct-h5,2026-10-07T10:05:05Z,10.00,0\n" +
	"ht11,h-acct-mis2,acct-h6,2026-10-07T10:05:06Z,10.00,0\n" +
	"ht12,h-ghost-charge,acct-h3,2026-10-07T10:00:00Z,12.50,1\n" + // orphan of acct-h3 (its earliest row)
	"ht13,h-ghost-charge,acct-h4,2026-10-07T11:00:00Z,2.50,0\n" +
	"ht14,h-ghost-refund,acct-h4,2026-10-08T10:00:00Z,-7.25,0\n" + // a negative orphan: to_rebill of acct-h4
	"ht15,h-late,acct-h7,2026-10-20T10:00:20Z,45.00,0\n" + // for an event that arrives on night 2
	"ht16,h-sep-ledger,acct-h8,2026-10-01T00:00:10Z,10.00,0\n"

// oracleLateLog is night 2's render log: h-late (40.00, charged 45.00 on
// night 1's ledger: overcharged by 5.00) and a third row of h-dup.
const oracleLateLog = header +
	"h-late,hv11,acct-h7,2026-10-20T10:00:00Z,render,generative,ultra,,false,60000,,,\n" +
	"h-dup,hv5,acct-h1,2026-10-05T14:00:00Z,render,stock,,,false,60000,,0.00,1\n"

// octoberPlanned is what the oracle must make of the hand-made October
// events, as "event category" → finding (see finding.String).
func octoberPlanned() map[string]string {
	return map[string]string{
		"h-refund-big undercharged":      "acct-h1 credits 20.00/-5.00/-25.00 minutes 0/0",
		"h-refund-only undercharged":     "acct-h1 credits 5.00/-5.00/-10.00 minutes 1/-1",
		"h-refund-only minutes_mismatch": "acct-h1 credits 5.00/-5.00/-10.00 minutes 1/-1",
		"h-oct-nocharge uncharged":       "acct-h1 credits 20.00/NULL/-20.00 minutes 0/NULL",
		"h-dup duplicate_event":          "acct-h1 credits 0.00/NULL/0.00 minutes 0/NULL",
		"h-double-min minutes_mismatch":  "acct-h2 credits 0.00/0.00/0.00 minutes 1/2",
		"h-double-min duplicate_charge":  "acct-h2 credits 0.00/0.00/0.00 minutes 1/2",
		"h-acct-mis account_mismatch":    "acct-h5 credits 10.00/10.00/0.00 minutes 0/0",
		"h-acct-mis2 overcharged":        "acct-h5 credits 10.00/20.00/10.00 minutes 0/0",
		"h-acct-mis2 duplicate_charge":   "acct-h5 credits 10.00/20.00/10.00 minutes 0/0",
		"h-acct-mis2 account_mismatch":   "acct-h5 credits 10.00/20.00/10.00 minutes 0/0",
		"h-ghost-charge orphan_charge":   "acct-h3 credits 0.00/15.00/15.00 minutes 0/1",
		"h-ghost-refund orphan_charge":   "acct-h4 credits 0.00/-7.25/-7.25 minutes 0/0",
	}
}

func night1Planned() map[string]string {
	p := octoberPlanned()
	p["h-late orphan_charge"] = "acct-h7 credits 0.00/45.00/45.00 minutes 0/0"
	p["h-sep-inline duplicate_event"] = "acct-h8 credits 0.00/25.00/25.00 minutes 0/0"
	p["h-sep-none uncharged"] = "acct-h8 credits 0.60/NULL/-0.60 minutes 0/NULL"
	p["h-sep-minonly undercharged"] = "acct-h8 credits 5.00/0.00/-5.00 minutes 1/1"
	return p
}

func night2Planned() map[string]string {
	p := octoberPlanned()
	p["h-dup duplicate_event"] += "; " + p["h-dup duplicate_event"] // night 1's row and night 2's
	p["h-late overcharged"] = "acct-h7 credits 40.00/45.00/5.00 minutes 0/0"
	return p
}

// night2PlannedAccounts is what the oracle must make of the hand-made
// accounts in the October close; "" means the account is not listed.
var night2PlannedAccounts = map[string]string{
	"acct-h1": "events 6 expected 85.00 charged 30.00 to_refund 0.01 to_rebill 55.01",
	"acct-h3": "events 0 expected 0.00 charged 15.00 to_refund 15.00 to_rebill 0.00",
	"acct-h4": "events 0 expected 0.00 charged -7.25 to_refund 0.00 to_rebill 7.25",
	"acct-h5": "events 2 expected 20.00 charged 30.00 to_refund 10.00 to_rebill 0.00",
	"acct-h6": "", // charged by mistake: the charges count for acct-h5
	"acct-h7": "events 1 expected 40.00 charged 45.00 to_refund 5.00 to_rebill 0.00",
	"acct-h8": "", // September
}

// checkPlanned fails the test when the oracle's own findings for the
// hand-made events ("h-" ids), or its hand-made accounts, are not the ones
// planned: a check of the oracle, not of the project.
func checkPlanned(t *testing.T, night string, c *closing, planned map[string]string, accounts map[string]string) {
	t.Helper()
	got := map[string]string{}
	for k, v := range c.findingsByKey() {
		if strings.HasPrefix(k, "h-") {
			got[k] = v
		}
	}
	if d := diffMaps(got, planned); len(d) > 0 {
		t.Fatalf("oracle, %s: the hand-made findings are not the planned ones (a bug in the oracle or the plan):\n%s", night, strings.Join(d, "\n"))
	}
	for id, want := range accounts {
		got := ""
		if a, ok := c.accounts[id]; ok {
			got = fmt.Sprintf("events %d expected %s charged %s to_refund %s to_rebill %s",
				a.events, fixed(a.expected), fixed(a.charged), fixed(a.toRefund), fixed(a.toRebill))
		}
		if got != want {
			t.Fatalf("oracle, %s: account %s is %q, planned %q", night, id, got, want)
		}
	}
}

func writeGenerated(t *testing.T, path string, fill func(*os.File) error) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := fill(f); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// genCSV writes the render log c describes to path, and returns what the
// generator says it holds.
func genCSV(t *testing.T, path string, c gen.Config) gen.Stats {
	t.Helper()
	var st gen.Stats
	writeGenerated(t, path, func(f *os.File) (err error) { st, err = gen.WriteCSV(f, c); return err })
	return st
}
