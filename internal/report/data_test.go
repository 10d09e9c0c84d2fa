package report

import (
	"errors"
	"iter"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// The fixed data of the golden tests: every kind of value, formula-looking
// text in ids and free text, a missing charge, negative differences.

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func decPtr(s string) *decimal.Decimal { d := dec(s); return &d }

func intPtr(i int64) *int64 { return &i }

// sampleSummary ties out with the sample lists: the Daily sheet's total
// (148.00 charged) is the charged credits less the orphan charge (3.00) and
// the duplicate row (20.00); the accounts' to_refund and to_rebill add up to
// ToRefund and ToRebill, which include one difference within tolerance each
// (+0.01 on 2024-05-03, −0.01 on 2024-05-02); the categories' amounts and
// those two make the net difference.
func sampleSummary() Summary {
	return Summary{
		RunID:         "20240601T020000Z-7f3a",
		Started:       time.Date(2024, 6, 1, 2, 0, 0, 0, time.UTC),
		Finished:      time.Date(2024, 6, 1, 4, 2, 3, 0, time.FixedZone("CEST", 2*3600)),
		Inputs:        []string{"logs/2024-05-a.csv", "logs/2024-05-b.csv.gz", "-odd-name.parquet"},
		Ledgers:       []string{"ledger/2024-05.csv"},
		PriceBook:     "embedded v1",
		PriceBookHash: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
		Versions:      []string{"v1"},
		Period:        "2024-05: events created 2024-05-01 to 2024-05-31 (UTC)",
		ChargeSource:  "billing ledger",
		Tolerance:     dec("0.01"),
		RelTolerance:  dec("0.001"),
		LateEvents:    2,
		Close: &CloseMark{ID: "20240601T020000Z-7f3a", Period: "2024-05",
			FiguresHash: "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
			Bridge: &Bridge{From: "20240601T010000Z-1a2b", Lines: []BridgeLine{
				{"the close 20240601T010000Z-1a2b", 7, dec("141.67"), dec("158.00"), dec("16.33"), 6, 5},
				{"late events priced since", 1, dec("10.00"), dec("10.00"), dec("0"), 1, 1},
				{"ledger charges since, of events charged from the ledger then and now", 1, dec("0"), dec("3"), dec("3"), 0, 0},
				{"orphan ledger charges, now against then", -1, dec("0"), dec("-0.00"), dec("0"), 0, 0},
				{"now", 8, dec("151.67"), dec("171.00"), dec("19.33"), 7, 6},
			}},
			Adjustments: []Adjustment{
				{"2024-05", "acme", "credit_note", dec("2.51"), dec("0"), 2, "overcharged", "5e1f"},
				{"2024-05", "acme", "invoice_item", dec("-0.50"), dec("2.17"), 1, "uncharged", "77aa"},
				{"2024-05", "=1+1", "invoice_item", dec("0.01"), dec("0"), 0, "", "0b0b"},
			}},
		From:       time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC),
		To:         time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC),
		Month:      "2024-05",
		RowsRead:   13,
		Priced:     8,
		Rejected:   4,
		Duplicates: 1,

		LedgerRows:     9,
		LedgerTaken:    9,
		LedgerRejected: 0,
		Events:         8,

		ExpectedCredits: dec("151.67"),
		ChargedCredits:  dec("171.00"),
		DiffCredits:     dec("19.33"),
		ExpectedMinutes: 7,
		ChargedMinutes:  6,

		ToRefund:              dec("25.51"),
		ToRebill:              dec("6.18"),
		RefundWithinTolerance: dec("0.01"),
		RebillWithinTolerance: dec("0.01"),
		Leakage:               dec("6.17"),

		OrphanCredits:    dec("3.00"),
		DuplicateCredits: dec("20.00"),

		ChargeSources: []SourceCount{
			{Source: "ledger", Events: 7, Credits: dec("148.00")},
			{Source: "none", Events: 1, Credits: dec("0")},
		},
		OrphansResolved:        1,
		OrphansResolvedCredits: dec("5.00"),

		Discrepancies:      7,
		EventsWithFindings: 6,

		RejectReasons: []ReasonCount{{"bad_timestamp", 1}, {"missing_value", 1}, {"negative_amount", 1}, {"unknown_kind", 1}},

		Patterns: []Pattern{
			{"edit_clip ultra charged at the pro rate", "model_rate", "kind=edit_clip model=ultra", 2, 2, dec("-4.50"), 0},
			{"=cmd|' /C calc'!A0", "offset", "account==cmd", 1, 3, dec("2.50"), -1},
		},

		Categories: []CategoryTotal{
			{"overcharged", 1, dec("2.50"), 0},
			{"undercharged", 1, dec("-4.50"), 0},
			{"uncharged", 1, dec("-1.67"), 0},
			{"minutes_mismatch", 1, dec("0"), -2},
			{"duplicate_event", 1, dec("20.00"), 0},
			{"orphan_charge", 1, dec("3.00"), 0},
			{"duplicate_charge", 0, dec("0"), 0},
			{"account_mismatch", 1, dec("0"), 0},
		},
	}
}

func sampleDiscrepancies() []Discrepancy {
	may1 := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	return []Discrepancy{
		{EventID: `=HYPERLINK("http://x")`, AccountID: "acme", CreatedAt: may1, Category: "overcharged",
			ExpectedCredits: dec("10.00"), ChargedCredits: decPtr("12.5"), DiffCredits: dec("2.5"),
			ExpectedMinutes: 0, ChargedMinutes: intPtr(0), Detail: "charged 2.50 more than expected",
			SourceFile: "logs/2024-05-a.csv", RowNumber: 2},
		{EventID: "+1", AccountID: "-2", CreatedAt: may1.Add(time.Hour), Category: "undercharged",
			ExpectedCredits: dec("20"), ChargedCredits: decPtr("15.50"), DiffCredits: dec("-4.50"),
			ChargedMinutes: intPtr(0), Detail: "charged 4.50 less than expected",
			SourceFile: "logs/2024-05-a.csv", RowNumber: 3},
		{EventID: "@SUM(A1)", AccountID: "acme", CreatedAt: may1.Add(2 * time.Hour), Category: "uncharged",
			ExpectedCredits: dec("1.67"), ChargedCredits: nil, DiffCredits: dec("-1.67"),
			ChargedMinutes: nil, Detail: "no charge recorded",
			SourceFile: "logs/2024-05-a.csv", RowNumber: 4},
		{EventID: "\tev-4", AccountID: "globex", CreatedAt: may1.Add(3 * time.Hour), Category: "minutes_mismatch",
			ExpectedCredits: dec("0"), ChargedCredits: decPtr("0"), DiffCredits: dec("0"),
			ExpectedMinutes: 3, ChargedMinutes: intPtr(2), Detail: "-1 video minute",
			SourceFile: "logs/2024-05-b.csv.gz", RowNumber: 2},
		{EventID: "ev-5", AccountID: "globex",
			CreatedAt: time.Date(2024, 5, 2, 10, 15, 30, 250_000_000, time.FixedZone("CEST", 2*3600)),
			Category:  "duplicate_event", ExpectedCredits: dec("0"), ChargedCredits: decPtr("20.00"),
			DiffCredits: dec("20.00"), ChargedMinutes: intPtr(0),
			Detail:     "conflicting: duration_ms differs, \"quoted\", with a comma\nand a newline",
			SourceFile: "logs/2024-05-b.csv.gz", RowNumber: 7},
		{EventID: "ev-6", AccountID: "initech", Category: "orphan_charge",
			ExpectedCredits: dec("0"), ChargedCredits: decPtr("3"), DiffCredits: dec("3"),
			Detail: "\rledger txn t-9 matches no event"},
		{EventID: `=HYPERLINK("http://x")`, AccountID: "acme", CreatedAt: may1, Category: "account_mismatch",
			ExpectedCredits: dec("10.00"), ChargedCredits: decPtr("12.5"), DiffCredits: dec("2.5"),
			ChargedMinutes: intPtr(0), Detail: "ledger txn t-4 charged account globex",
			SourceFile: "logs/2024-05-a.csv", RowNumber: 2},
	}
}

func sampleAccounts() []Account {
	return []Account{
		{AccountID: "-2", Events: 1, ExpectedCredits: dec("20"), ChargedCredits: dec("15.5"),
			DiffCredits: dec("-4.5"), ToRebill: dec("4.5"), Discrepancies: 1, Undercharged: 1},
		{AccountID: "=1+1", Events: 2, ExpectedCredits: dec("0.2"), ChargedCredits: dec("0.19"),
			DiffCredits: dec("-0.01"), ToRebill: dec("0.01")},
		{AccountID: "acme", Events: 4, ExpectedCredits: dec("121.67"), ChargedCredits: dec("122.51"),
			DiffCredits: dec("0.84"), ToRefund: dec("2.51"), ToRebill: dec("1.67"), Discrepancies: 3,
			Overcharged: 1, Uncharged: 1, AccountMismatch: 1},
		{AccountID: "globex", Events: 1, ExpectedCredits: dec("9.8"), ChargedCredits: dec("29.8"),
			DiffCredits: dec("20"), ToRefund: dec("20"), ExpectedMinutes: 7, ChargedMinutes: 6,
			Discrepancies: 2, MinutesMismatch: 1, DuplicateEvent: 1},
		{AccountID: "initech", ChargedCredits: dec("3"), DiffCredits: dec("3"), ToRefund: dec("3"),
			Discrepancies: 1, OrphanCharge: 1},
	}
}

func sampleRejects() []Reject {
	return []Reject{
		{SourceFile: "logs/2024-05-a.csv", RowNumber: 9, EventID: "ev-9", Reason: "bad_timestamp",
			Message: `created_at "yesterday" is not a timestamp`,
			Raw:     "ev-9,vid-1,acme,yesterday,render,generative,pro,none,false,60000,,20"},
		{SourceFile: "logs/2024-05-a.csv", RowNumber: 10, EventID: "", Reason: "missing_value",
			Message: "event_id is empty", Raw: `,vid-2,acme,2024-05-03 10:00:00,render,stock`},
		{SourceFile: "logs/2024-05-b.csv.gz", RowNumber: 11, EventID: "=cmd|' /C calc'!A0", Reason: "negative_amount",
			Message: "charged_credits -5 is below zero", Raw: "=cmd|' /C calc'!A0,v,globex,2024-05-04,render,stock,,,,1000,,-5"},
		{SourceFile: "logs/2024-05-b.csv.gz", RowNumber: 12, EventID: "ev-12", Reason: "unknown_kind",
			Message: `kind "rénder" is not render, edit_image or edit_clip`, Raw: "ev-12,v,globex,2024-05-04,rénder\x00\x1b,stock"},
	}
}

// sampleDays add up to the sample's totals; 31.67 + 100.04 + 19.96 is not
// 151.67 in float64.
func sampleDays() []Day {
	day := func(d int) time.Time { return time.Date(2024, 5, d, 0, 0, 0, 0, time.UTC) }
	return []Day{
		{Date: day(1), Events: 4, ExpectedCredits: dec("31.67"), ChargedCredits: dec("28"),
			DiffCredits: dec("-3.67"), ExpectedMinutes: 3, ChargedMinutes: 2, Discrepancies: 4},
		{Date: day(2), Events: 3, ExpectedCredits: dec("100.04"), ChargedCredits: dec("100.03"),
			DiffCredits: dec("-0.01"), ExpectedMinutes: 4, ChargedMinutes: 4, Discrepancies: 1},
		{Date: day(3), Events: 1, ExpectedCredits: dec("19.96"), ChargedCredits: dec("19.97"),
			DiffCredits: dec("0.01")},
	}
}

func sampleLate() []LateEvent {
	return []LateEvent{
		{EventID: "ev-late-1", AccountID: "acme", CreatedAt: time.Date(2024, 4, 30, 23, 59, 59, 0, time.UTC),
			Period: "2024-04", ExpectedCredits: dec("5"), ChargedCredits: decPtr("5.00"), DiffCredits: dec("0"),
			ChargeSource: "ledger", ChargedMinutes: intPtr(0), SourceFile: "logs/2024-05-a.csv", RowNumber: 12},
		{EventID: "=ev-late-2", AccountID: "globex", CreatedAt: time.Date(2024, 4, 15, 8, 0, 0, 0, time.UTC),
			Period: "2024-04", ExpectedCredits: dec("1.5"), ChargedCredits: nil, DiffCredits: dec("-1.5"),
			ChargeSource: "none", ChargedMinutes: nil, Categories: "uncharged,minutes_mismatch", SourceFile: "logs/2024-05-b.csv.gz", RowNumber: 3},
	}
}

func sampleData() Data {
	return Data{
		Summary:       sampleSummary(),
		Days:          seqOf(sampleDays()),
		Discrepancies: seqOf(sampleDiscrepancies()),
		Accounts:      seqOf(sampleAccounts()),
		Late:          seqOf(sampleLate()),
		Rejects:       seqOf(sampleRejects()),
	}
}

func sampleRerate() Rerate {
	return Rerate{
		RunID:   "20240702T010000Z-rr01",
		Started: time.Date(2024, 7, 2, 1, 0, 0, 0, time.UTC),
		Window:  "2024-05 (2024-05-01T00:00:00Z to 2024-06-01T00:00:00Z)",
		OldBooks: []string{
			"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
			"60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752",
		},
		NewBook:     "books/v1.1-fixed.toml",
		NewBookHash: "fd61a03af4f77d870fc21e05e7e80678095c92d808cfb3b5c279ee04c74aca13",
		Examined:    8,
		Changed:     3,
		OldExpected: dec("151.67"),
		NewExpected: dec("149.17"),
		Accounts: seqOf([]RerateAccount{
			{AccountID: "=1+1", Events: 1, OldExpected: dec("0.2"), NewExpected: dec("0.2"),
				Change: dec("0"), OldMinutes: 3, NewMinutes: 2},
			{AccountID: "acme", Events: 2, OldExpected: dec("11.67"), NewExpected: dec("9.17"),
				Change: dec("-2.5"), OldMinutes: 2, NewMinutes: 1},
		}),
		Events: seqOf(sampleRerateEvents()),
		From:   time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC),
		To:     time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC),
	}
}

func sampleRerateEvents() []RerateEvent {
	may := func(d, h int) time.Time { return time.Date(2024, 5, d, h, 0, 0, 0, time.UTC) }
	return []RerateEvent{
		{EventID: "ev-1", AccountID: "acme", CreatedAt: may(1, 12), OldVersion: "v1", NewVersion: "v1.1",
			OldExpected: dec("10"), NewExpected: dec("7.5"), Change: dec("-2.50")},
		{EventID: "@ev-2", AccountID: "acme", CreatedAt: may(1, 14), OldVersion: "v1", NewVersion: "v1.1",
			OldExpected: dec("1.67"), NewExpected: dec("1.67"), Change: dec("0"), OldMinutes: 2, NewMinutes: 1},
		{EventID: "ev-3", AccountID: "=1+1", CreatedAt: may(2, 9), OldVersion: "v1", NewVersion: "v1.1",
			OldExpected: dec("0.20"), NewExpected: dec("0.2"), Change: dec("0"), OldMinutes: 3, NewMinutes: 2},
	}
}

// once fails the test when the sequence is read a second time.
func once[T any](t *testing.T, name string, seq iter.Seq2[T, error]) iter.Seq2[T, error] {
	read := false
	return func(yield func(T, error) bool) {
		if read {
			t.Errorf("%s read twice", name)
		}
		read = true
		seq(yield)
	}
}

var errBroken = errors.New("database connection lost")

// failAfter yields n rows of a slice, then an error.
func failAfter[T any](rows []T, n int) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for _, r := range rows[:n] {
			if !yield(r, nil) {
				return
			}
		}
		var zero T
		yield(zero, errBroken)
	}
}
