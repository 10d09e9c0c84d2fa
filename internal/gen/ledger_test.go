package gen

import (
	"bytes"
	"math"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/reconcile/reconcile/internal/pricing"
)

// generateLedger returns the ledger CSV of c and its stats, failing the test
// on error.
func generateLedger(t *testing.T, c Config) ([]byte, LedgerStats) {
	t.Helper()
	var buf bytes.Buffer
	s, err := WriteLedger(&buf, c)
	if err != nil {
		t.Fatalf("WriteLedger: %v", err)
	}
	return buf.Bytes(), s
}

func TestWriteLedgerIsDeterministic(t *testing.T) {
	a, sa := generateLedger(t, october(3000, 7))
	b, sb := generateLedger(t, october(3000, 7))
	if !bytes.Equal(a, b) {
		t.Error("two runs with seed 7 wrote different ledgers")
	}
	if !reflect.DeepEqual(sa, sb) {
		t.Errorf("two runs with seed 7 gave stats %+v and %+v", sa, sb)
	}
	c, _ := generateLedger(t, october(3000, 8))
	if bytes.Equal(a, c) {
		t.Error("seeds 7 and 8 wrote the same ledger")
	}
}

func TestWriteLedgerHeader(t *testing.T) {
	data, _ := generateLedger(t, october(10, 1))
	first, _, _ := strings.Cut(string(data), "\n")
	want := "txn_id,event_id,account_id,charged_at,credits,video_minutes"
	if first != want {
		t.Errorf("header = %q, want %q", first, want)
	}
	if got := strings.Join(LedgerColumns(), ","); got != want {
		t.Errorf("LedgerColumns() = %q, want %q", got, want)
	}
}

// billing is what the ledger rows of one event_id add up to.
type billing struct {
	rows, positive, refunds int64
	credits                 pricing.Cents
	minutes                 int64
	account                 string
	first                   time.Time // earliest charged_at
}

var (
	credits2 = regexp.MustCompile(`^-?[0-9]+\.[0-9]{2}$`)
	txnID    = regexp.MustCompile(`^txn-[0-9a-f]{8}-[0-9]+$`)
)

// sumLedger checks the cells of every ledger row and adds them up by
// event_id. It also returns the event_ids in order of their first row.
func sumLedger(t *testing.T, c Config, rows []map[string]string) (map[string]*billing, []string) {
	t.Helper()
	end := c.Month.AddDate(0, 1, 0)
	txns := map[string]bool{}
	bills := map[string]*billing{}
	var order []string
	for _, r := range rows {
		if !txnID.MatchString(r["txn_id"]) || txns[r["txn_id"]] {
			t.Errorf("txn_id %q is malformed or used twice", r["txn_id"])
		}
		txns[r["txn_id"]] = true
		if !credits2.MatchString(r["credits"]) {
			t.Fatalf("%s: credits %q is not a decimal with two places", r["txn_id"], r["credits"])
		}
		credits := parseCents(t, strings.TrimPrefix(r["credits"], "-"))
		if strings.HasPrefix(r["credits"], "-") {
			credits = -credits
		}
		minutes, err := strconv.ParseInt(r["video_minutes"], 10, 64)
		if err != nil {
			t.Fatalf("%s: video_minutes %q: %v", r["txn_id"], r["video_minutes"], err)
		}
		if (credits < 0 && minutes > 0) || (credits >= 0 && minutes < 0) {
			t.Errorf("%s: credits %s with video minutes %d; a refund refunds both or neither", r["txn_id"], credits, minutes)
		}
		at := parseStamp(t, r["charged_at"])
		if at.Before(c.Month) || !at.Before(end) {
			t.Errorf("%s: charged_at %s is outside the month", r["txn_id"], r["charged_at"])
		}
		b := bills[r["event_id"]]
		if b == nil {
			b = &billing{account: r["account_id"], first: at}
			bills[r["event_id"]] = b
			order = append(order, r["event_id"])
		}
		if r["account_id"] != b.account {
			t.Errorf("%s: account %s, but an earlier row of %s has %s", r["txn_id"], r["account_id"], r["event_id"], b.account)
		}
		b.rows++
		b.credits += credits
		b.minutes += minutes
		switch {
		case credits > 0:
			b.positive++
		case credits < 0:
			b.refunds++
		}
		if at.Before(b.first.Truncate(time.Second)) {
			t.Errorf("%s: a later row of %s is charged at %s, before its first", r["txn_id"], r["event_id"], r["charged_at"])
		}
	}
	return bills, order
}

// TestLedgerMatchesPricing reconciles a generated log against its ledger as
// SPEC §6 says for ledger mode (tolerance 0.01), repricing every event with
// the pricing core, and checks that it finds exactly the discrepancies
// LedgerStats.Discrepancies names. It also sorts each ledger fault out of
// the data by comparing the ledger with the log's inline charge, and checks
// the counts against LedgerStats.
func TestLedgerMatchesPricing(t *testing.T) {
	for _, rate := range []float64{0, 0.1} {
		c := october(20000, 31)
		c.ErrorRate = rate
		logData, logStats := generate(t, c)
		data, s := generateLedger(t, c)
		if !reflect.DeepEqual(s.Log, logStats) {
			t.Fatalf("rate %v: LedgerStats.Log = %+v, WriteCSV stats %+v; want the same log", rate, s.Log, logStats)
		}
		_, logRows := readRows(t, logData)
		_, ledRows := readRows(t, data)
		if int64(len(ledRows)) != s.Rows {
			t.Errorf("rate %v: %d ledger rows, Stats.Rows = %d", rate, len(ledRows), s.Rows)
		}
		bills, order := sumLedger(t, c, ledRows)

		found := map[string]int64{}
		var faults [NumLedgerFaults]int64
		var refunded, charged, refunds, orphanRows int64
		seen := map[string]bool{}
		for _, r := range logRows {
			id := r["event_id"]
			if seen[id] {
				found["duplicate_event"]++
				continue
			}
			seen[id] = true
			b := priceRow(t, r)
			inline := r["charged_credits"] != "" || r["charged_video_minutes"] != ""
			bill, billed := bills[id]
			if !billed {
				if b.Expected > 0 || b.VideoMinutes > 0 {
					found["uncharged"]++
				}
				if inline {
					faults[DroppedCharge]++
				}
				continue
			}
			charged++
			refunds += bill.refunds
			if !inline {
				t.Errorf("rate %v: %s is billed but its log row charges nothing", rate, id)
			}
			if bill.account != r["account_id"] {
				t.Errorf("rate %v: %s billed to %s, its log row says %s", rate, id, bill.account, r["account_id"])
			}
			if at := parseStamp(t, r["created_at"]); bill.first.Before(at.Truncate(time.Second)) {
				t.Errorf("rate %v: %s charged at %s, before it was created at %s", rate, id, bill.first, r["created_at"])
			}
			switch diff := bill.credits - b.Expected; {
			case diff > 1:
				found["overcharged"]++
			case -diff > 1:
				found["undercharged"]++
			}
			if bill.minutes != b.VideoMinutes {
				found["minutes_mismatch"]++
			}
			if bill.positive > 1 {
				found["duplicate_charge"]++
			}

			logCharge := parseCents(t, r["charged_credits"])
			logMinutes, _ := strconv.ParseInt(r["charged_video_minutes"], 10, 64)
			switch {
			case bill.rows == 1 && bill.credits == logCharge && bill.minutes == logMinutes:
				// the log's charge, billed once
			case bill.positive == 2 && bill.refunds == 0 && bill.credits == 2*logCharge:
				faults[DoubleCharge]++
			case bill.positive == 2 && bill.refunds == 1 && bill.credits == logCharge && bill.minutes == logMinutes:
				faults[DoubleCharge]++
				refunded++
			case bill.positive == 1 && bill.refunds == 1 && bill.credits > 0 && bill.credits <= logCharge-50 && bill.minutes == logMinutes:
				faults[PartialRefund]++
			default:
				t.Errorf("rate %v: %s billed %+v, charged %s / %d in the log; want one of the known faults", rate, id, *bill, logCharge, logMinutes)
			}
		}
		for _, id := range order {
			if bill := bills[id]; !seen[id] {
				found["orphan_charge"]++
				faults[OrphanCharge]++
				orphanRows += bill.rows
				refunds += bill.refunds
			}
		}

		want := s.Discrepancies()
		for cat, n := range want {
			if found[cat] != n {
				t.Errorf("rate %v: reconciling found %d %s, Discrepancies() says %d", rate, found[cat], cat, n)
			}
		}
		if len(found) > len(want) {
			t.Errorf("rate %v: reconciling found %v, want only the categories of %v", rate, found, want)
		}
		if faults != s.Injected {
			t.Errorf("rate %v: the ledger holds faults %v, Stats.Injected = %v", rate, faults, s.Injected)
		}
		if refunded != s.Refunded || charged != s.Charged || refunds != s.Refunds || orphanRows != s.OrphanRows {
			t.Errorf("rate %v: counted refunded %d, charged %d, refunds %d, orphan rows %d; Stats %+v",
				rate, refunded, charged, refunds, orphanRows, s)
		}
		if rate == 0 && (len(ledRows) != int(charged) || s.Log.Faulty() != 0) {
			t.Errorf("rate 0: %d ledger rows for %d charged events; want one each", len(ledRows), charged)
		}
	}
}

func TestLedgerFaultsFollowErrorRate(t *testing.T) {
	for _, rate := range []float64{0, 0.05, 0.2} {
		c := october(20000, 13)
		c.ErrorRate = rate
		_, s := generateLedger(t, c)
		per := rate * float64(c.Events) / NumLedgerFaults
		for f, n := range s.Injected {
			if math.Abs(float64(n)-per) > 0.35*per+10 {
				t.Errorf("ErrorRate %v: %v injected %d times, want about %.0f", rate, LedgerFault(f), n, per)
			}
		}
		if d := s.Injected[DoubleCharge]; s.Refunded > d || (d > 20 && (s.Refunded == 0 || s.Refunded == d)) {
			t.Errorf("ErrorRate %v: %d of %d double charges refunded; want about half", rate, s.Refunded, d)
		}
	}
}

func TestLedgerFaultNames(t *testing.T) {
	want := []string{"double_charge", "partial_refund", "orphan_charge", "dropped_charge", "ledger_fault(4)"}
	for i, w := range want {
		if got := LedgerFault(i).String(); got != w {
			t.Errorf("LedgerFault(%d) = %q, want %q", i, got, w)
		}
	}
}

func TestWriteLedgerValidatesConfig(t *testing.T) {
	c := october(10, 1)
	c.Accounts = 0
	if _, err := WriteLedger(&bytes.Buffer{}, c); err == nil || !strings.Contains(err.Error(), "Accounts:") {
		t.Errorf("WriteLedger with no accounts: error = %v, want one naming Accounts", err)
	}
}

func TestWriteLedgerReportsWriteErrors(t *testing.T) {
	_, err := WriteLedger(&failingWriter{n: 10_000}, october(5000, 1))
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("WriteLedger to a failing writer: error = %v, want disk full", err)
	}
}
