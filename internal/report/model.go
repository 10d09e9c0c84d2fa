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
}

// Summary is the head of the workbook: what was run, over what, and the totals.
type Summary struct {
	RunID         string
	Started       time.Time
	Finished      time.Time
	Inputs        []string // input files, in the order they were read
	PriceBook     string   // where the price book came from ("embedded v1" or a path)
	PriceBookHash string   // sha256 of the price book bytes, hex
	Versions      []string // price book versions that priced at least one event
	Period        string   // the window the report covers, in words ("all events of this run")
	ChargeSource  string   // where charged amounts came from ("inline columns")
	Tolerance     decimal.Decimal

	RowsRead   int64 // input rows, every file
	Priced     int64 // rows priced as events
	Rejected   int64 // rows rejected
	Duplicates int64 // rows recorded as duplicate_event

	ExpectedCredits decimal.Decimal
	ChargedCredits  decimal.Decimal
	DiffCredits     decimal.Decimal // charged − expected
	ExpectedMinutes int64
	ChargedMinutes  int64

	Categories []CategoryTotal // every category, in SPEC §6 order, zero rows included
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
	ToRefund        decimal.Decimal // sum of overcharges (≥ 0)
	ToRebill        decimal.Decimal // sum of undercharges and uncharged (≥ 0)
	Discrepancies   int64
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
