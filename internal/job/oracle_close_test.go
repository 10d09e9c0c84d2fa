// The oracle's month close (SPEC §5–§6): its findings, accounts and
// Summary figures, for TestOracleMonthClose.

package job

import (
	"fmt"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
)

// oracleCategories are SPEC §6's categories in its order.
var oracleCategories = []string{"overcharged", "undercharged", "uncharged", "minutes_mismatch",
	"duplicate_event", "orphan_charge", "duplicate_charge", "account_mismatch"}

// noAmount are the categories whose Summary amount is 0: their event's
// difference is counted under another category or the tolerance.
var noAmount = map[string]bool{"minutes_mismatch": true, "duplicate_charge": true, "account_mismatch": true}

var oracleTolerance = decimal.RequireFromString("0.01")

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

func orZero(d *decimal.Decimal) decimal.Decimal {
	if d == nil {
		return decimal.Zero
	}
	return *d
}
