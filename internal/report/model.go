package report

import (
	"iter"
	"time"

	"github.com/shopspring/decimal"
)

// Data is everything one run's reports show. The row sequences are read
// once each, in order, so a caller can stream them from the database.
type Data struct {
	Summary       Summary
	Discrepancies iter.Seq2[Discrepancy, error]
	Accounts      iter.Seq2[Account, error]
	Rejects       iter.Seq2[Reject, error]
	Days          iter.Seq2[Day, error]       // the Daily sheet and daily.csv
	Late          iter.Seq2[LateEvent, error] // the Late sheet and late.csv
}

// CloseMark names the close snapshot a --period run recorded of what it
// reports (the close_snapshots table): its id (the run's) and the sha256
// over its figures and findings list.
type CloseMark struct {
	ID, Period, FiguresHash string
	Bridge                  *Bridge // a re-close: from the month's close before; nil for its first

	// Adjustments are what the close hands billing (close_adjustments):
	// adjustments.csv and adjustments.json.
	Adjustments []Adjustment
}

// Adjustment is one line of adjustments.csv: what is left to adjust of
// one account's to_refund (a credit note) or to_rebill (an invoice item)
// after the month's earlier closes' files.
type Adjustment struct {
	Period         string
	AccountID      string
	Direction      string          // credit_note or invoice_item
	Amount         decimal.Decimal // negative: takes back part of what an earlier file adjusted
	AdjustedBefore decimal.Decimal // what the month's earlier files adjusted
	Events         int64
	Categories     string
	Key            string // the idempotency key
}

// Bridge is how a month's figures moved from one close to the next: the
// named query bridge's lines as the later close recorded them
// (close_bridge), the earlier close's figures first and the later's last.
// The Bridge sheet and bridge.csv list them.
type Bridge struct {
	From  string // the earlier close's id
	Lines []BridgeLine
}

// BridgeLine is one cause of a bridge, or its first or last line. Each
// column of the lines between sums exactly from the first line to the
// last; Events counts the events a line moves.
type BridgeLine struct {
	Line            string
	Events          int64
	ExpectedCredits decimal.Decimal
	ChargedCredits  decimal.Decimal
	NetCredits      decimal.Decimal // charged − expected
	ExpectedMinutes int64
	ChargedMinutes  int64
}

// Summary is the head of the workbook: what was run, over what, and the totals.
type Summary struct {
	RunID         string
	Started       time.Time
	Finished      time.Time
	Inputs        []string // render-log files this run read, in order
	Ledgers       []string // ledger files this run read, in order
	PriceBook     string   // where the price book came from ("embedded v1" or a path)
	PriceBookHash string   // sha256 of the price book bytes, hex
	Versions      []string // price book versions that priced at least one event
	Period        string   // the window the report covers, in words ("all events of this run")
	ChargeSource  string   // where charged amounts came from: inline columns or the billing ledger
	Tolerance     decimal.Decimal
	RelTolerance  decimal.Decimal // a difference is flagged above Tolerance + RelTolerance × |charged|
	LateEvents    int64           // events of closed periods this run read (the Late sheet)
	Close         *CloseMark      // the close this report is, for a --period run; nil otherwise

	// The window as times, when the report has one (--period, --from/--to):
	// From inclusive, To exclusive; both zero without a window. Month is
	// YYYY-MM when the window is a --period.
	From, To time.Time
	Month    string

	RowsRead   int64 // input rows, every file
	Priced     int64 // rows priced as events
	Rejected   int64 // rows rejected
	Duplicates int64 // rows recorded as duplicate_event

	LedgerRows     int64 // ledger rows read, every file
	LedgerTaken    int64 // ledger rows stored
	LedgerRejected int64 // ledger rows rejected
	Events         int64 // events the report covers (its window, or this run's)

	ExpectedCredits decimal.Decimal
	ChargedCredits  decimal.Decimal
	DiffCredits     decimal.Decimal // charged − expected
	ExpectedMinutes int64
	ChargedMinutes  int64

	// Who owes what (SPEC §6), summed over the report's accounts, so that
	// ToRefund − ToRebill = DiffCredits exactly. ToRefund: what customers
	// are owed back (overcharges, charged duplicate rows, orphan charges);
	// ToRebill: what they still owe (undercharges, uncharged events, orphan
	// refunds). Both include the differences within tolerance, which are
	// not findings: RefundWithinTolerance and RebillWithinTolerance say how
	// much of each.
	ToRefund              decimal.Decimal
	ToRebill              decimal.Decimal
	RefundWithinTolerance decimal.Decimal
	RebillWithinTolerance decimal.Decimal
	// Leakage is what billing failed to charge: the uncharged and
	// undercharged amounts, as a positive number.
	Leakage decimal.Decimal

	// Charges that belong to no event of the report, and so are in the
	// Summary's charged totals but not in the Daily sheet: orphan ledger
	// charges (net, refunds negative) and what duplicate rows carried
	// (inline charges only).
	OrphanCredits    decimal.Decimal
	OrphanMinutes    int64
	DuplicateCredits decimal.Decimal
	DuplicateMinutes int64

	// ChargeSources counts the report's events by where their charge came
	// from: "ledger", "inline", "none" (in that order, zero counts left out).
	ChargeSources []SourceCount

	// OrphansResolved counts the report's events whose ledger rows an
	// earlier run listed as orphan_charge: the event has arrived since, and
	// is now reconciled against those rows.
	OrphansResolved        int64
	OrphansResolvedCredits decimal.Decimal

	Discrepancies      int64 // discrepancy rows of the report (the Discrepancies sheet)
	EventsWithFindings int64 // distinct events among them (duplicate rows and orphans are not events)

	Categories []CategoryTotal // every category, in SPEC §6 order, zero rows included

	// RejectReasons counts the run's rejected rows, render log and ledger,
	// by reason code, most first and ties by reason: the Rejects sheet's
	// rows, so that together they make Rejected + LedgerRejected.
	RejectReasons []ReasonCount

	// Patterns are the systematic causes of the findings, biggest first
	// (the Patterns sheet).
	Patterns []Pattern

	// Shards are the shards a combined month was made of (reconcile
	// combine), by index: the Shards sheet and shards.csv. None otherwise.
	Shards []ShardLine
}

// ShardLine is one shard of a combined month: the render-log rows of its
// accounts (priced, rejected or duplicate: every shard reads every row,
// and counts those of the others apart), of them rejected, and its events
// of the report with their expected and charged credits as the combined
// month has them. Each column sums to the combined month's figure.
type ShardLine struct {
	Shard, RunID, PriceBookHash string
	Rows, Rejected, Events      int64
	Expected, Charged           decimal.Decimal
}

// Pattern is one systematic cause behind the report's findings (package
// patterns): a row of the Patterns sheet and patterns.csv.
type Pattern struct {
	Cause         string          // in words
	Rule          string          // the kind of hypothesis
	Group         string          // the dimensions of its group of findings
	Events        int64           // findings it explains exactly
	GroupFindings int64           // findings of the group
	Credits       decimal.Decimal // charged − expected over the findings it explains
	Minutes       int64           // charged − expected video minutes over them
}

// ReasonCount is the number of rejected rows with one reason code.
type ReasonCount struct {
	Reason string
	Count  int64
}

// SourceCount is the number of events whose charge came from one source,
// and what they were charged.
type SourceCount struct {
	Source  string // ledger, inline or none
	Events  int64
	Credits decimal.Decimal
}

// CategoryTotal counts the discrepancies of one category and sums their
// diff_credits (charged − expected) and video minutes, so that the
// categories tie out to the totals. For minutes_mismatch, whose credits the
// credit categories already count, Amount is zero. Minutes sums charged −
// expected video minutes for minutes_mismatch, uncharged and
// duplicate_event, and is 0 for the others.
type CategoryTotal struct {
	Category string
	Count    int64
	Amount   decimal.Decimal
	Minutes  int64
}

// Discrepancy is one row of the Discrepancies sheet and discrepancies.csv.
// Charged values are nil where nothing was charged.
type Discrepancy struct {
	EventID         string
	AccountID       string
	CreatedAt       time.Time // zero when unknown
	Category        string
	ExpectedCredits decimal.Decimal
	ChargedCredits  *decimal.Decimal
	DiffCredits     decimal.Decimal
	ExpectedMinutes int64
	ChargedMinutes  *int64
	Detail          string
	SourceFile      string
	RowNumber       int64
}

// Account is one row of the Accounts sheet and accounts.csv.
type Account struct {
	AccountID       string
	Events          int64
	ExpectedCredits decimal.Decimal
	ChargedCredits  decimal.Decimal
	DiffCredits     decimal.Decimal // charged − expected
	ExpectedMinutes int64
	ChargedMinutes  int64
	ToRefund        decimal.Decimal // owed back: overcharges, charged duplicate rows, orphan charges (≥ 0)
	ToRebill        decimal.Decimal // still owed: undercharges, uncharged events, orphan refunds (≥ 0)
	Discrepancies   int64
	// Discrepancy rows per category, in SPEC §6 order.
	Overcharged, Undercharged, Uncharged, MinutesMismatch int64
	DuplicateEvent, OrphanCharge, DuplicateCharge         int64
	AccountMismatch                                       int64
}

// Day is one row of the Daily sheet and daily.csv: the events created on
// one UTC day.
type Day struct {
	Date            time.Time // midnight UTC
	Events          int64
	ExpectedCredits decimal.Decimal
	ChargedCredits  decimal.Decimal
	DiffCredits     decimal.Decimal // charged − expected
	ExpectedMinutes int64
	ChargedMinutes  int64
	Discrepancies   int64
}

// LateEvent is an event of a period that an earlier run had already
// reported (closed), read by this run: one row of the Late sheet and
// late.csv. The closed period's report is not rewritten; its late events
// are listed here.
type LateEvent struct {
	EventID         string
	AccountID       string
	CreatedAt       time.Time
	Period          string // the closed period, YYYY-MM
	ExpectedCredits decimal.Decimal
	ChargedCredits  *decimal.Decimal
	DiffCredits     decimal.Decimal
	ChargeSource    string // ledger, inline or none
	ChargedMinutes  *int64
	Categories      string // the event's discrepancy categories, comma separated; "" if none
	SourceFile      string
	RowNumber       int64
}

// Reject is one row of the Rejects sheet and rejects.csv.
type Reject struct {
	SourceFile string
	RowNumber  int64
	EventID    string
	Reason     string
	Message    string
	Raw        string
}

// Rerate is what a re-rating changed (reconcile rerate): the head of
// rerate.xlsx, then the per-account and per-event changes.
type Rerate struct {
	RunID       string
	Started     time.Time
	Window      string // the created_at window re-priced, in words
	OldBooks    []string
	NewBook     string // where the corrected book came from
	NewBookHash string
	Examined    int64 // events in the window
	Changed     int64 // events whose price changed
	OldExpected decimal.Decimal
	NewExpected decimal.Decimal
	Accounts    iter.Seq2[RerateAccount, error]
	Events      iter.Seq2[RerateEvent, error]

	// The window re-priced: From inclusive, To exclusive; To is zero when
	// the window has no end.
	From, To time.Time
}

// RerateAccount is one account's change: rerate_accounts.csv.
type RerateAccount struct {
	AccountID   string
	Events      int64 // events whose price changed
	OldExpected decimal.Decimal
	NewExpected decimal.Decimal
	Change      decimal.Decimal // new − old
	OldMinutes  int64
	NewMinutes  int64
}

// RerateEvent is one event's change: rerate_events.csv.
type RerateEvent struct {
	EventID     string
	AccountID   string
	CreatedAt   time.Time
	OldVersion  string
	NewVersion  string
	OldExpected decimal.Decimal
	NewExpected decimal.Decimal
	Change      decimal.Decimal // new − old
	OldMinutes  int64
	NewMinutes  int64
}
