// Comparing a run's discrepancies, accounts.csv and Summary with the
// oracle's close, for TestOracleMonthClose.

package job

import (
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/reconcile/reconcile/internal/report"
)

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

// normNumber renders a number cell as the oracle renders its figures:
// credits with 2 places, counts as integers.
func normNumber(s string) string {
	if strings.Contains(s, ".") {
		return fixed(parseDec(s))
	}
	return strings.TrimSpace(s)
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
