package gen

import (
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/reconcile/reconcile/internal/pricing"
)

// LedgerFault is a known fault given to the billing ledger (SPEC §5) of an
// event, on top of whatever the render log's inline columns say it was
// charged.
type LedgerFault uint8

// The ledger faults, each drawn with equal chance.
const (
	DoubleCharge  LedgerFault = iota // a second positive row of the same amount; half of them refunded later
	PartialRefund                    // a refund row of 0.50 credits up to all but 0.01 of a correct charge
	OrphanCharge                     // rows for an event_id that is in no log
	DroppedCharge                    // an event the log charges has no ledger row

	NumLedgerFaults = 4 // the number of ledger faults, for arrays indexed by LedgerFault
)

var ledgerFaultNames = [NumLedgerFaults]string{"double_charge", "partial_refund", "orphan_charge", "dropped_charge"}

// String returns the fault's name.
func (f LedgerFault) String() string {
	if int(f) < len(ledgerFaultNames) {
		return ledgerFaultNames[f]
	}
	return fmt.Sprintf("ledger_fault(%d)", int(f))
}

// LedgerStats counts what a generated ledger holds.
type LedgerStats struct {
	Log     Stats // the render log the ledger bills: what WriteCSV returns for the same Config
	Rows    int64 // ledger rows written (the header not counted), refunds and orphans included
	Refunds int64 // rows with negative credits
	Charged int64 // events of the log with at least one ledger row

	// Injected counts the events given each fault; for OrphanCharge, the
	// distinct orphan event_ids.
	Injected [NumLedgerFaults]int64

	// Refunded counts the double charges followed by a refund row that
	// nets the event back to one charge.
	Refunded int64

	// OrphanRows counts the rows of the orphans: each has a charge, and
	// about a third of those of 1.00 credits or more a partial refund too.
	OrphanRows int64
}

// Discrepancies returns, by SPEC §6 category name, the discrepancies that
// reconciling the log against this ledger must find, at any tolerance below
// 0.50 credits. The inline faults carry over (the ledger bills what the
// log's inline columns say), and each ledger fault adds its own:
//
//   - overcharged: the log's overcharges, and the double charges not refunded
//   - undercharged: the log's undercharges, and the partial refunds
//   - uncharged: the log's uncharged events, and the dropped charges
//   - minutes_mismatch, duplicate_event: the log's
//   - orphan_charge: one per orphan event_id, however many rows it has
//   - duplicate_charge: every double charge, refunded or not
func (s LedgerStats) Discrepancies() map[string]int64 {
	return map[string]int64{
		"overcharged":      s.Log.Injected[Overcharged] + s.Injected[DoubleCharge] - s.Refunded,
		"undercharged":     s.Log.Injected[Undercharged] + s.Injected[PartialRefund],
		"uncharged":        s.Log.Injected[Uncharged] + s.Injected[DroppedCharge],
		"minutes_mismatch": s.Log.Injected[MinutesMismatch],
		"duplicate_event":  s.Log.Injected[DuplicateEvent],
		"orphan_charge":    s.Injected[OrphanCharge],
		"duplicate_charge": s.Injected[DoubleCharge],
	}
}

// ledgerColumns are the ledger columns of SPEC §5, in the order WriteLedger
// writes them.
var ledgerColumns = [...]string{"txn_id", "event_id", "account_id", "charged_at", "credits", "video_minutes"}

// LedgerColumns returns the header WriteLedger writes: the ledger columns
// of SPEC §5 in order.
func LedgerColumns() []string { return append([]string(nil), ledgerColumns[:]...) }

// WriteLedger writes the billing ledger of the render log that c describes
// (the log WriteCSV writes for the same c) to w as CSV with a header row
// (see [LedgerColumns]), streaming it as the log is drawn. It returns what
// it wrote; on an error, LedgerStats counts the rows written before it.
func WriteLedger(w io.Writer, c Config) (LedgerStats, error) {
	if err := c.Validate(); err != nil {
		return LedgerStats{}, err
	}
	l := newLedger(c, w)
	err := l.cw.Write(ledgerColumns[:])
	if err == nil {
		err = l.g.run()
	}
	if err == nil {
		l.cw.Flush()
		err = l.cw.Error()
	}
	l.stats.Log = l.g.stats
	if err != nil {
		return l.stats, fmt.Errorf("gen: write ledger: %w", err)
	}
	return l.stats, nil
}

// ledger writes the billing ledger of the rows a generator emits.
type ledger struct {
	g *generator
	// r draws the ledger's own choices. The generator's source is left
	// alone, so that the log is the same one WriteCSV writes.
	r       *rand.Rand
	cw      *csv.Writer
	rec     [len(ledgerColumns)]string
	owed    [NumLedgerFaults]int
	orphans int64 // orphan event_ids so far, for their ids
	stats   LedgerStats
}

func newLedger(c Config, w io.Writer) *ledger {
	l := &ledger{
		g:  newGenerator(c),
		r:  rand.New(rand.NewPCG(splitmix64(c.Seed^0x6c65646765720000), c.Seed)),
		cw: csv.NewWriter(w),
	}
	l.g.emit = l.event
	return l
}

// The shape of the ledger's timing.
const (
	chargeDelayMin = time.Second // charged_at is created_at plus 1–30 s
	chargeDelayMax = 30 * time.Second
	doubleDelayMax = 2 * time.Minute // a double charge comes up to 2 min after the first
	refundDelayMin = time.Hour       // a refund, 1 hour to 3 days after the charge
	refundDelayMax = 72 * time.Hour
)

// ledgerFaultOrder is the order in which owed faults are tried on an
// event: the ones that fit fewest events first. OrphanCharge is not owed: it
// is written when drawn.
var ledgerFaultOrder = [...]LedgerFault{DoubleCharge, PartialRefund, DroppedCharge}

// event writes the ledger rows of one row of the log.
func (l *ledger) event(r *row) error {
	if r.repeat {
		return nil // a duplicate row of the log is billed once, with its event
	}
	if l.g.c.ErrorRate > 0 && l.r.Float64() < l.g.c.ErrorRate {
		f := LedgerFault(l.r.IntN(NumLedgerFaults))
		if f == OrphanCharge {
			if err := l.orphan(r.at); err != nil {
				return err
			}
		} else {
			l.owed[f]++
		}
	}
	if r.credits == "" && r.minutes == "" {
		return nil // uncharged in the log: nothing to bill
	}
	f, faulty := l.takeFault(r)
	if faulty {
		l.stats.Injected[f]++
	}
	if faulty && f == DroppedCharge {
		return nil
	}
	l.stats.Charged++
	account := l.g.accounts[r.account]
	at := l.after(r.at, chargeDelayMin, chargeDelayMax)
	if err := l.write(r.id, account, at, r.credits, r.minutes); err != nil {
		return err
	}
	if !faulty {
		return nil
	}
	switch f {
	case DoubleCharge:
		at = l.after(at, time.Second, doubleDelayMax)
		if err := l.write(r.id, account, at, r.credits, r.minutes); err != nil {
			return err
		}
		if l.r.IntN(2) == 0 {
			l.stats.Refunded++
			return l.refund(r.id, account, at, r.cents, r.mins)
		}
	case PartialRefund:
		back := pricing.Cents(50 + l.r.Int64N(int64(r.cents)-50))
		return l.refund(r.id, account, at, back, 0)
	}
	return nil
}

// takeFault returns an owed fault that fits r, if there is one. Only an
// event whose log charge is right gets one, so that each event shows as one
// known fault: the log's or the ledger's.
func (l *ledger) takeFault(r *row) (LedgerFault, bool) {
	if r.faulty || r.systematic {
		return 0, false
	}
	for _, f := range ledgerFaultOrder {
		if l.owed[f] > 0 && ledgerFits(f, r) {
			l.owed[f]--
			return f, true
		}
	}
	return 0, false
}

// ledgerFits reports whether fault f can be given to r without making it a
// different discrepancy: a double charge needs at least 0.50 credits to
// overcharge and no video minutes to get wrong; a partial refund takes
// 0.50 credits or more and leaves at least 0.01.
func ledgerFits(f LedgerFault, r *row) bool {
	switch f {
	case DoubleCharge:
		return r.cents >= 50 && r.mins == 0
	case PartialRefund:
		return r.cents >= 100
	}
	return true
}

// orphan writes the rows of a charge for an event that is in no log, made
// about when the event at t was: a charge of 0.20–60.00 credits, and, a
// third of the time when it is 1.00 or more, a partial refund of it.
func (l *ledger) orphan(t time.Time) error {
	l.orphans++
	l.stats.Injected[OrphanCharge]++
	id := "evt-" + l.g.idPrefix + "-orphan-" + strconv.FormatInt(l.orphans, 10)
	account := l.g.accounts[l.r.IntN(l.g.c.Accounts)+1]
	credits := pricing.Cents(20 + l.r.Int64N(6000-20+1))
	at := l.after(t, chargeDelayMin, chargeDelayMax)
	l.stats.OrphanRows++
	if err := l.write(id, account, at, credits.String(), "0"); err != nil {
		return err
	}
	if credits < 100 || l.r.IntN(3) != 0 {
		return nil
	}
	l.stats.OrphanRows++
	return l.refund(id, account, at, pricing.Cents(50+l.r.Int64N(int64(credits)-50)), 0)
}

// refund writes a refund of credits and minutes, some time after at.
func (l *ledger) refund(id, account string, at time.Time, credits pricing.Cents, minutes int64) error {
	l.stats.Refunds++
	at = l.after(at, refundDelayMin, refundDelayMax)
	return l.write(id, account, at, (-credits).String(), strconv.FormatInt(-minutes, 10))
}

// after returns an instant lo to hi after t, to the millisecond, kept
// inside the month, so that a period filter on charged_at keeps the whole
// ledger of the month.
func (l *ledger) after(t time.Time, lo, hi time.Duration) time.Time {
	ms := int64(lo/time.Millisecond) + l.r.Int64N(int64((hi-lo)/time.Millisecond)+1)
	return l.g.cal.clamp(t.Add(time.Duration(ms) * time.Millisecond))
}

// write writes one ledger row with the next txn_id; charged_at takes one of
// the created_at layouts.
func (l *ledger) write(id, account string, at time.Time, credits, minutes string) error {
	l.stats.Rows++
	rec := l.rec[:]
	rec[0] = "txn-" + l.g.idPrefix + "-" + strconv.FormatInt(l.stats.Rows, 10)
	rec[1] = id
	rec[2] = account
	rec[3], _ = stamp(at, l.r.Float64())
	rec[4], rec[5] = credits, minutes
	return l.cw.Write(rec)
}
