package job

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/reconcile/reconcile/internal/gen"
	"github.com/reconcile/reconcile/internal/pricing"
	"github.com/reconcile/reconcile/internal/report"
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

// checkClose compares one run with the oracle's close: the findings as the
// discrepancies table holds them for the run and as discrepancies.csv
// shows them, accounts.csv, and the Summary.
func checkClose(t *testing.T, night string, cfg Config, res *Result, want *closing) {
	t.Helper()
	wantFindings := want.findingsByKey()
	db := openRO(t, cfg.DBPath)
	var fromDB []finding
	for _, r := range query(t, db, `SELECT event_id, account_id, category, expected_credits::VARCHAR,
		charged_credits::VARCHAR, diff_credits::VARCHAR, expected_video_minutes::VARCHAR,
		charged_video_minutes::VARCHAR FROM discrepancies WHERE run_id = ?`, res.RunID) {
		fromDB = append(fromDB, parseFinding(t, r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]))
	}
	db.Close() // the next night's run needs the database
	reportFindings(t, night+", discrepancies table", fromDB, wantFindings)

	rows := readCSV(t, filepath.Join(cfg.OutDir, "discrepancies.csv"))
	col := columnIndex(rows[0])
	var fromCSV []finding
	for _, r := range rows[1:] {
		cell := func(name string) string { return cellOf(t, "discrepancies.csv", col, r, name) }
		fromCSV = append(fromCSV, parseFinding(t, cell("event_id"), cell("account_id"), cell("category"),
			cell("expected_credits"), cell("charged_credits"), cell("diff_credits"),
			cell("expected_video_minutes"), cell("charged_video_minutes")))
	}
	reportFindings(t, night+", discrepancies.csv", fromCSV, wantFindings)

	checkAccounts(t, night, readCSV(t, filepath.Join(cfg.OutDir, "accounts.csv")), want)
	if res.Summary == nil {
		t.Errorf("%s: no Summary", night)
		return
	}
	checkSummary(t, night, res.Summary, want)
}

// reportFindings reports where the project's findings differ from the
// oracle's, the first few in key order.
func reportFindings(t *testing.T, where string, got []finding, want map[string]string) {
	t.Helper()
	if d := diffMaps(byKey(got), want); len(d) > 0 {
		t.Errorf("%s: %d findings differ from the oracle's (%d found, %d wanted); the first:\n%s",
			where, len(d), len(got), countFindings(want), strings.Join(first(d, 8), "\n"))
	}
}

// accountColumns are the figures of accounts.csv the oracle computes.
var accountColumns = []string{"events", "expected_credits", "charged_credits", "diff_credits",
	"expected_video_minutes", "charged_video_minutes", "to_refund", "to_rebill", "discrepancies",
	"overcharged", "undercharged", "uncharged", "minutes_mismatch", "duplicate_event",
	"orphan_charge", "duplicate_charge", "account_mismatch"}

func checkAccounts(t *testing.T, night string, rows [][]string, want *closing) {
	t.Helper()
	col := columnIndex(rows[0])
	for _, name := range accountColumns {
		if _, ok := col[name]; !ok {
			t.Errorf("%s: accounts.csv has no column %s", night, name)
		}
	}
	got := map[string]map[string]string{}
	for _, r := range rows[1:] {
		cell := func(name string) string {
			if i, ok := col[name]; ok && i < len(r) {
				return r[i]
			}
			return ""
		}
		id := cell("account_id")
		fields := map[string]string{}
		for _, name := range accountColumns {
			if _, ok := col[name]; ok {
				fields[name] = normNumber(cell(name))
			}
		}
		got[id] = fields
		// to_refund − to_rebill = charged − expected = diff_credits (SPEC §6).
		exp, chg := parseDec(cell("expected_credits")), parseDec(cell("charged_credits"))
		net := parseDec(cell("to_refund")).Sub(parseDec(cell("to_rebill")))
		if !net.Equal(chg.Sub(exp)) || !parseDec(cell("diff_credits")).Equal(chg.Sub(exp)) {
			t.Errorf("%s: account %s: to_refund %s − to_rebill %s = %s and diff_credits %s; want both charged %s − expected %s = %s",
				night, id, cell("to_refund"), cell("to_rebill"), fixed(net), cell("diff_credits"),
				cell("charged_credits"), cell("expected_credits"), fixed(chg.Sub(exp)))
		}
	}
	ids := map[string]bool{}
	for id := range got {
		ids[id] = true
	}
	for id := range want.accounts {
		ids[id] = true
	}
	var diffs []string
	for _, id := range sortedKeys(ids) {
		g, gok := got[id]
		w, wok := want.accounts[id]
		switch {
		case !gok:
			diffs = append(diffs, fmt.Sprintf("account %s: not in accounts.csv; the oracle has %s", id, w.fields()))
		case !wok:
			diffs = append(diffs, fmt.Sprintf("account %s: in accounts.csv (%v), not in the oracle's close", id, g))
		default:
			wf := w.fields()
			for _, name := range accountColumns {
				if v, ok := g[name]; ok && v != wf[name] {
					diffs = append(diffs, fmt.Sprintf("account %s: %s = %s, want %s", id, name, v, wf[name]))
				}
			}
		}
	}
	if len(diffs) > 0 {
		t.Errorf("%s: accounts.csv differs from the oracle in %d places; the first:\n%s", night, len(diffs), strings.Join(first(diffs, 8), "\n"))
	}
}

func checkSummary(t *testing.T, night string, s *report.Summary, want *closing) {
	t.Helper()
	w := want.summary
	type figure struct{ name, got, want string }
	figs := []figure{
		{"ExpectedCredits", fixed(s.ExpectedCredits), fixed(w.expected)},
		{"ChargedCredits", fixed(s.ChargedCredits), fixed(w.charged)},
		{"DiffCredits", fixed(s.DiffCredits), fixed(w.charged.Sub(w.expected))},
		{"ToRefund", fixed(s.ToRefund), fixed(w.toRefund)},
		{"ToRebill", fixed(s.ToRebill), fixed(w.toRebill)},
		{"Leakage", fixed(s.Leakage), fixed(w.leakage)},
		{"Events", itoa(s.Events), itoa(w.events)},
		{"Discrepancies", itoa(s.Discrepancies), itoa(int64(len(want.findings)))},
		{"OrphansResolved", itoa(s.OrphansResolved), itoa(w.resolved)},
		// Beyond the brief, as internal/report/model.go defines them.
		{"ExpectedMinutes", itoa(s.ExpectedMinutes), itoa(w.expMin)},
		{"ChargedMinutes", itoa(s.ChargedMinutes), itoa(w.chgMin)},
		{"OrphansResolvedCredits", fixed(s.OrphansResolvedCredits), fixed(w.resolvedCredits)},
		{"RefundWithinTolerance", fixed(s.RefundWithinTolerance), fixed(w.refundWithin)},
		{"RebillWithinTolerance", fixed(s.RebillWithinTolerance), fixed(w.rebillWithin)},
		{"OrphanCredits", fixed(s.OrphanCredits), fixed(w.orphanCredits)},
		{"OrphanMinutes", itoa(s.OrphanMinutes), itoa(w.orphanMin)},
		{"DuplicateCredits", fixed(s.DuplicateCredits), fixed(w.dupCredits)},
		{"DuplicateMinutes", itoa(s.DuplicateMinutes), itoa(w.dupMin)},
		{"EventsWithFindings", itoa(s.EventsWithFindings), itoa(w.eventsWithFindings)},
	}
	var gotSources []string
	for _, sc := range s.ChargeSources {
		gotSources = append(gotSources, fmt.Sprintf("%s %d %s", sc.Source, sc.Events, fixed(sc.Credits)))
	}
	figs = append(figs, figure{"ChargeSources", strings.Join(gotSources, ", "), strings.Join(w.sources, ", ")})
	var gotCats []string
	for _, c := range s.Categories {
		gotCats = append(gotCats, fmt.Sprintf("%s %d %s", c.Category, c.Count, fixed(c.Amount)))
	}
	figs = append(figs, figure{"Categories (count, amount)", strings.Join(gotCats, ", "), strings.Join(w.categories, ", ")})
	for _, f := range figs {
		if f.got != f.want {
			t.Errorf("%s: Summary.%s = %s, want %s", night, f.name, f.got, f.want)
		}
	}
	// ToRefund − ToRebill = DiffCredits (internal/report/model.go).
	if !s.ToRefund.Sub(s.ToRebill).Equal(s.DiffCredits) {
		t.Errorf("%s: Summary ToRefund %s − ToRebill %s ≠ DiffCredits %s", night, fixed(s.ToRefund), fixed(s.ToRebill), fixed(s.DiffCredits))
	}
}

// oracleCategories are SPEC §6's categories in its order.
var oracleCategories = []string{"overcharged", "undercharged", "uncharged", "minutes_mismatch",
	"duplicate_event", "orphan_charge", "duplicate_charge", "account_mismatch"}

// noAmount are the categories whose Summary amount is 0: their event's
// difference is counted under another category or the tolerance.
var noAmount = map[string]bool{"minutes_mismatch": true, "duplicate_charge": true, "account_mismatch": true}

var oracleTolerance = decimal.RequireFromString("0.01")

// oracle is the independent month close: render-log rows and ledger rows
// as read so far, night by night.
type oracle struct {
	events map[string]*logRow // the first row of each event_id
	order  []string           // event ids in the order first read
	dups   []*logRow          // every later row of an event_id
	ledger []ledgerRow
	orphan map[string]bool // event ids an earlier night's report listed as orphan_charge
}

// logRow is one render-log row as the oracle reads it, priced.
type logRow struct {
	id, account      string
	created          time.Time
	credits, minutes string // the inline columns as written
	expected         decimal.Decimal
	expMin           int64
	night            int
}

type ledgerRow struct {
	event, account string
	at             time.Time
	credits        decimal.Decimal
	minutes        int64
	night          int
}

func newOracle() *oracle {
	return &oracle{events: map[string]*logRow{}, orphan: map[string]bool{}}
}

// readLog reads a render log: the first row of an event_id (earliest night,
// then file order) is the event, a later one a duplicate (SPEC §2). Every
// row must be valid: the test data holds no rejects.
func (o *oracle) readLog(t *testing.T, night int, path string) {
	t.Helper()
	rows := readCSV(t, path)
	col := columnIndex(rows[0])
	for n, r := range rows[1:] {
		cell := func(name string) string { return strings.TrimSpace(cellOf(t, path, col, r, name)) }
		where := fmt.Sprintf("oracle: %s row %d", path, n+1)
		created := parseStamp(t, where, cell("created_at"))
		isAd := false
		if s := cell("is_ad"); s != "" {
			var err error
			if isAd, err = strconv.ParseBool(s); err != nil {
				t.Fatalf("%s: is_ad: %v", where, err)
			}
		}
		dur, images := parseInt(t, where, cell("duration_ms"), 0), parseInt(t, where, cell("images"), 1)
		ev, err := pricing.EventNames(cell("kind"), cell("media"), cell("model"), cell("actor"), isAd, dur, images)
		if err != nil {
			t.Fatalf("%s: %v", where, err)
		}
		v, ok := pricing.Default().VersionAt(created)
		if !ok {
			t.Fatalf("%s: no price book version", where)
		}
		b, err := v.Price(ev)
		if err != nil {
			t.Fatalf("%s: %v", where, err)
		}
		row := &logRow{id: cell("event_id"), account: cell("account_id"), created: created,
			credits: cell("charged_credits"), minutes: cell("charged_video_minutes"),
			expected: b.Expected.Decimal(), expMin: b.VideoMinutes, night: night}
		if _, seen := o.events[row.id]; seen {
			o.dups = append(o.dups, row)
			continue
		}
		o.events[row.id] = row
		o.order = append(o.order, row.id)
	}
}

func (o *oracle) readLedger(t *testing.T, night int, path string) {
	t.Helper()
	rows := readCSV(t, path)
	col := columnIndex(rows[0])
	for n, r := range rows[1:] {
		cell := func(name string) string { return strings.TrimSpace(cellOf(t, path, col, r, name)) }
		where := fmt.Sprintf("oracle: %s row %d", path, n+1)
		credits, err := decimal.NewFromString(cell("credits"))
		if err != nil {
			t.Fatalf("%s: credits: %v", where, err)
		}
		o.ledger = append(o.ledger, ledgerRow{event: cell("event_id"), account: cell("account_id"),
			at: parseStamp(t, where, cell("charged_at")), credits: credits,
			minutes: parseInt(t, where, cell("video_minutes"), 0), night: night})
	}
}

// listed records the orphans a night's report listed, for OrphansResolved.
func (o *oracle) listed(c *closing) {
	for _, f := range c.findings {
		if f.category == "orphan_charge" {
			o.orphan[f.event] = true
		}
	}
}

// closing is the oracle's close of one night: its findings, its accounts
// and its Summary figures.
type closing struct {
	findings []finding
	accounts map[string]*oAccount
	summary  oSummary
}

type finding struct {
	event, account, category string
	expected, diff           decimal.Decimal
	charged                  *decimal.Decimal // nil: no charge
	expMin                   int64
	chgMin                   *int64
}

// String is the finding without its key: account, expected/charged/diff
// credits, expected/charged video minutes.
func (f finding) String() string {
	chg, chgMin := "NULL", "NULL"
	if f.charged != nil {
		chg = fixed(*f.charged)
	}
	if f.chgMin != nil {
		chgMin = itoa(*f.chgMin)
	}
	return fmt.Sprintf("%s credits %s/%s/%s minutes %d/%s", f.account, fixed(f.expected), chg, fixed(f.diff), f.expMin, chgMin)
}

type oAccount struct {
	events                                int64
	expected, charged, toRefund, toRebill decimal.Decimal
	expMin, chgMin                        int64
	categories                            map[string]int64
	discrepancies                         int64
}

// fields renders the account as accounts.csv's columns.
func (a *oAccount) fields() map[string]string {
	f := map[string]string{
		"events": itoa(a.events), "expected_credits": fixed(a.expected), "charged_credits": fixed(a.charged),
		"diff_credits": fixed(a.charged.Sub(a.expected)), "expected_video_minutes": itoa(a.expMin),
		"charged_video_minutes": itoa(a.chgMin), "to_refund": fixed(a.toRefund), "to_rebill": fixed(a.toRebill),
		"discrepancies": itoa(a.discrepancies),
	}
	for _, c := range oracleCategories {
		f[c] = itoa(a.categories[c])
	}
	return f
}

type oSummary struct {
	events, expMin, chgMin, resolved, eventsWithFindings, orphanMin, dupMin int64
	expected, charged, toRefund, toRebill, leakage, resolvedCredits         decimal.Decimal
	refundWithin, rebillWithin, orphanCredits, dupCredits                   decimal.Decimal
	sources, categories                                                     []string
}

// close reconciles what the oracle has read by the end of a night (SPEC
// §5–§6, as this project reads them). With no window it reports the
// night's own events, duplicate rows and ledger rows; with one, the events
// and duplicate rows created in it and the ledger rows charged in it.
func (o *oracle) close(night int, w *Window) *closing {
	c := &closing{accounts: map[string]*oAccount{}}
	account := func(id string) *oAccount {
		a, ok := c.accounts[id]
		if !ok {
			a = &oAccount{categories: map[string]int64{}}
			c.accounts[id] = a
		}
		return a
	}
	inScope := func(at time.Time, n int) bool {
		if w == nil {
			return n == night
		}
		return !at.Before(w.From) && at.Before(w.To)
	}
	rows := map[string][]ledgerRow{} // by event_id
	covered := map[string]bool{}     // UTC months with a ledger row charged in them
	for _, l := range o.ledger {
		rows[l.event] = append(rows[l.event], l)
		covered[l.at.Format("2006-01")] = true
	}
	// fromLedger says whether an event's charge comes from the ledger (its
	// rows, or none when its month is covered and it has none).
	fromLedger := func(e *logRow) bool {
		return len(rows[e.id]) > 0 || covered[e.created.Format("2006-01")]
	}
	s := &c.summary
	sources := map[string]int64{}
	sourceCredits := map[string]decimal.Decimal{}

	for _, id := range o.order {
		e := o.events[id]
		if !inScope(e.created, e.night) {
			continue
		}
		source, charged, chgMin := "none", (*decimal.Decimal)(nil), (*int64)(nil)
		switch {
		case len(rows[id]) > 0:
			source = "ledger"
			var sum decimal.Decimal
			var mins int64
			for _, l := range rows[id] {
				sum, mins = sum.Add(l.credits), mins+l.minutes
			}
			charged, chgMin = &sum, &mins
		case fromLedger(e):
		default:
			if charged, chgMin = inline(e); charged != nil {
				source = "inline"
			}
		}
		chg := orZero(charged)
		diff := chg.Sub(e.expected)
		flagged := false
		add := func(category string) {
			c.findings = append(c.findings, finding{event: id, account: e.account, category: category,
				expected: e.expected, charged: charged, diff: diff, expMin: e.expMin, chgMin: chgMin})
		}
		if source == "none" {
			if e.expected.IsPositive() || e.expMin > 0 {
				add("uncharged")
				flagged = true
			}
		} else {
			switch {
			case diff.GreaterThan(oracleTolerance):
				add("overcharged")
				flagged = true
			case diff.Neg().GreaterThan(oracleTolerance):
				add("undercharged")
				flagged = true
			}
			if *chgMin != e.expMin {
				add("minutes_mismatch")
			}
			positive, elsewhere := 0, false
			for _, l := range rows[id] {
				if l.credits.IsPositive() || l.minutes > 0 {
					positive++
				}
				elsewhere = elsewhere || l.account != e.account
			}
			if positive > 1 {
				add("duplicate_charge")
			}
			if elsewhere {
				add("account_mismatch")
			}
		}
		a := account(e.account)
		a.events++
		a.expected, a.charged = a.expected.Add(e.expected), a.charged.Add(chg)
		a.expMin += e.expMin
		if chgMin != nil {
			a.chgMin += *chgMin
		}
		if diff.IsPositive() {
			a.toRefund = a.toRefund.Add(diff)
		} else {
			a.toRebill = a.toRebill.Sub(diff)
		}
		if !flagged && diff.IsPositive() {
			s.refundWithin = s.refundWithin.Add(diff)
		} else if !flagged {
			s.rebillWithin = s.rebillWithin.Sub(diff)
		}
		s.events++
		s.expected, s.expMin = s.expected.Add(e.expected), s.expMin+e.expMin
		sources[source]++
		sourceCredits[source] = sourceCredits[source].Add(chg)
		if o.orphan[id] {
			s.resolved++
			s.resolvedCredits = s.resolvedCredits.Add(chg)
		}
	}

	// Duplicate rows: a charge of their own only when their event's is
	// inline (or none outside the ledger's months).
	for _, d := range o.dups {
		if !inScope(d.created, d.night) {
			continue
		}
		var charged *decimal.Decimal
		var chgMin *int64
		if !fromLedger(o.events[d.id]) {
			charged, chgMin = inline(d)
		}
		c.findings = append(c.findings, finding{event: d.id, account: d.account, category: "duplicate_event",
			charged: charged, diff: orZero(charged), chgMin: chgMin})
		a := account(d.account)
		a.charged, a.toRefund = a.charged.Add(orZero(charged)), a.toRefund.Add(orZero(charged))
		s.dupCredits = s.dupCredits.Add(orZero(charged))
		if chgMin != nil {
			a.chgMin += *chgMin
			s.dupMin += *chgMin
		}
	}

	// Orphans: ledger rows (of this night, or charged in the window) for
	// an event_id no render log has priced; one per event id, rows summed,
	// of the account of its earliest row.
	orphans := map[string][]ledgerRow{}
	for _, l := range o.ledger {
		if _, priced := o.events[l.event]; !priced && inScope(l.at, l.night) {
			orphans[l.event] = append(orphans[l.event], l)
		}
	}
	ids := map[string]bool{}
	for id := range orphans {
		ids[id] = true
	}
	for _, id := range sortedKeys(ids) {
		var net decimal.Decimal
		var mins int64
		earliest := orphans[id][0]
		for _, l := range orphans[id] {
			net, mins = net.Add(l.credits), mins+l.minutes
			if l.at.Before(earliest.at) {
				earliest = l
			}
		}
		c.findings = append(c.findings, finding{event: id, account: earliest.account, category: "orphan_charge",
			charged: &net, diff: net, chgMin: &mins})
		a := account(earliest.account)
		a.charged, a.chgMin = a.charged.Add(net), a.chgMin+mins
		if net.IsPositive() {
			a.toRefund = a.toRefund.Add(net)
		} else {
			a.toRebill = a.toRebill.Sub(net)
		}
		s.orphanCredits, s.orphanMin = s.orphanCredits.Add(net), s.orphanMin+mins
	}

	withFindings := map[string]bool{}
	count, amount := map[string]int64{}, map[string]decimal.Decimal{}
	for _, f := range c.findings {
		a := account(f.account)
		a.categories[f.category]++
		a.discrepancies++
		// Duplicate rows and orphans are not events (the Summary's tie-out
		// says so): they do not count as events with findings.
		if f.category != "duplicate_event" && f.category != "orphan_charge" {
			withFindings[f.event] = true
		}
		count[f.category]++
		if !noAmount[f.category] {
			amount[f.category] = amount[f.category].Add(f.diff)
		}
		if f.category == "uncharged" || f.category == "undercharged" {
			s.leakage = s.leakage.Sub(f.diff)
		}
	}
	for _, a := range c.accounts {
		s.charged, s.chgMin = s.charged.Add(a.charged), s.chgMin+a.chgMin
		s.toRefund, s.toRebill = s.toRefund.Add(a.toRefund), s.toRebill.Add(a.toRebill)
	}
	s.eventsWithFindings = int64(len(withFindings))
	for _, src := range []string{"ledger", "inline", "none"} {
		if sources[src] > 0 {
			s.sources = append(s.sources, fmt.Sprintf("%s %d %s", src, sources[src], fixed(sourceCredits[src])))
		}
	}
	for _, cat := range oracleCategories {
		s.categories = append(s.categories, fmt.Sprintf("%s %d %s", cat, count[cat], fixed(amount[cat])))
	}
	return c
}

// inline is a row's inline charge: nil when both columns are empty, else
// each column with an empty one as 0.
func inline(r *logRow) (*decimal.Decimal, *int64) {
	if r.credits == "" && r.minutes == "" {
		return nil, nil
	}
	credits := decimal.Zero
	if r.credits != "" {
		credits = decimal.RequireFromString(r.credits)
	}
	var minutes int64
	if r.minutes != "" {
		minutes, _ = strconv.ParseInt(r.minutes, 10, 64)
	}
	return &credits, &minutes
}

// findingsByKey groups the findings by "event_id category"; the findings
// of one key (duplicate rows) are sorted and joined with "; ".
func (c *closing) findingsByKey() map[string]string { return byKey(c.findings) }

func (c *closing) categoryCounts() map[string]int64 {
	n := map[string]int64{}
	for _, f := range c.findings {
		n[f.category]++
	}
	return n
}

func byKey(fs []finding) map[string]string {
	lists := map[string][]string{}
	for _, f := range fs {
		k := f.event + " " + f.category
		lists[k] = append(lists[k], f.String())
	}
	out := map[string]string{}
	for k, l := range lists {
		sort.Strings(l)
		out[k] = strings.Join(l, "; ")
	}
	return out
}

func countFindings(m map[string]string) int {
	n := 0
	for _, v := range m {
		n += strings.Count(v, "; ") + 1
	}
	return n
}

// diffMaps lists, in key order, the keys whose values differ.
func diffMaps(got, want map[string]string) []string {
	keys := map[string]bool{}
	for k := range got {
		keys[k] = true
	}
	for k := range want {
		keys[k] = true
	}
	var out []string
	for _, k := range sortedKeys(keys) {
		g, gok := got[k]
		w, wok := want[k]
		switch {
		case !gok:
			out = append(out, fmt.Sprintf("  %s: missing; want %s", k, w))
		case !wok:
			out = append(out, fmt.Sprintf("  %s: %s; want no such finding", k, g))
		case g != w:
			out = append(out, fmt.Sprintf("  %s: %s; want %s", k, g, w))
		}
	}
	return out
}

// parseFinding reads a finding as the database or a CSV file shows it; an
// empty or NULL charge is no charge.
func parseFinding(t *testing.T, event, account, category, expected, charged, diff, expMin, chgMin string) finding {
	t.Helper()
	f := finding{event: event, account: account, category: category,
		expected: parseDec(expected), diff: parseDec(diff)}
	where := "finding " + event + " " + category
	f.expMin = parseInt(t, where, expMin, 0)
	if charged != "" && charged != "NULL" {
		d := parseDec(charged)
		f.charged = &d
	}
	if chgMin != "" && chgMin != "NULL" {
		n := parseInt(t, where, chgMin, 0)
		f.chgMin = &n
	}
	return f
}

// parseStamp reads a created_at or charged_at (SPEC §2): an optional Z or
// offset, none meaning UTC.
func parseStamp(t *testing.T, where, s string) time.Time {
	t.Helper()
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999Z07:00",
		"2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999"} {
		if ts, err := time.Parse(layout, s); err == nil {
			return ts.UTC()
		}
	}
	t.Fatalf("%s: timestamp %q", where, s)
	return time.Time{}
}

func parseInt(t *testing.T, where, s string, empty int64) int64 {
	t.Helper()
	if s == "" {
		return empty
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatalf("%s: %v", where, err)
	}
	return n
}

// parseDec reads a credit amount; an empty or unreadable one is 0, which
// the comparisons then show.
func parseDec(s string) decimal.Decimal {
	d, err := decimal.NewFromString(strings.TrimSpace(s))
	if err != nil {
		return decimal.Zero
	}
	return d
}

// normNumber renders a number cell as the oracle renders its figures:
// credits with 2 places, counts as integers.
func normNumber(s string) string {
	if strings.Contains(s, ".") {
		return fixed(parseDec(s))
	}
	return strings.TrimSpace(s)
}

func columnIndex(header []string) map[string]int {
	col := map[string]int{}
	for i, name := range header {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(name, "\ufeff")))] = i
	}
	return col
}

func cellOf(t *testing.T, file string, col map[string]int, r []string, name string) string {
	t.Helper()
	i, ok := col[name]
	if !ok || i >= len(r) {
		t.Fatalf("%s: no column %s", file, name)
	}
	return r[i]
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

func orZero(d *decimal.Decimal) decimal.Decimal {
	if d == nil {
		return decimal.Zero
	}
	return *d
}

func fixed(d decimal.Decimal) string { return d.StringFixed(2) }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func first(lines []string, n int) []string {
	if len(lines) > n {
		return append(lines[:n:n], fmt.Sprintf("  … and %d more", len(lines)-n))
	}
	return lines
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
