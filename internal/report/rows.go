package report

import "iter"

// The lists of the reconciliation reports. Each list is one table with two
// renderings, a CSV file and a sheet; its columns are defined once here.

// table is one list: its CSV file, its sheet, its columns, and how a row
// becomes the values of those columns.
type table[T any] struct {
	csv   string
	sheet string
	cols  []column
	row   func(T) []value
	total bool // the sheet ends with a bold row that sums every number column
}

var dailyTable = table[Day]{csv: dailyName, sheet: "Daily", cols: []column{
	{"date", 12},
	{"events", 10},
	{"expected_credits", 17},
	{"charged_credits", 16},
	{"diff_credits", 13},
	{"expected_video_minutes", 23},
	{"charged_video_minutes", 22},
	{"discrepancies", 14},
}, row: dayRow, total: true}

func dayRow(d Day) []value {
	return []value{
		date(d.Date),
		integer(d.Events),
		credits(d.ExpectedCredits),
		credits(d.ChargedCredits),
		credits(d.DiffCredits),
		integer(d.ExpectedMinutes),
		integer(d.ChargedMinutes),
		integer(d.Discrepancies),
	}
}

// The category column holds the codes of SPEC §6, as discrepancies.csv and
// the database do, so that the sheet filters on the same words; only the
// Summary shows the categories' labels.
var discrepancyTable = table[Discrepancy]{csv: discrepanciesName, sheet: "Discrepancies", cols: []column{
	{"event_id", 24},
	{"account_id", 18},
	{"created_at", 20},
	{"category", 18},
	{"expected_credits", 17},
	{"charged_credits", 16},
	{"diff_credits", 13},
	{"expected_video_minutes", 23},
	{"charged_video_minutes", 22},
	{"detail", 72},
	{"source_file", 46},
	{"row_number", 12},
}, row: discrepancyRow}

func discrepancyRow(d Discrepancy) []value {
	return []value{
		text(d.EventID),
		text(d.AccountID),
		timestamp(d.CreatedAt),
		text(d.Category),
		credits(d.ExpectedCredits),
		creditsOrNull(d.ChargedCredits),
		credits(d.DiffCredits),
		integer(d.ExpectedMinutes),
		integerOrNull(d.ChargedMinutes),
		text(d.Detail),
		text(d.SourceFile),
		rowNumber(d.RowNumber),
	}
}

// The per-category counts follow SPEC §6's order of the categories.
var accountTable = table[Account]{csv: accountsName, sheet: "Accounts", cols: []column{
	{"account_id", 18},
	{"events", 10},
	{"expected_credits", 17},
	{"charged_credits", 16},
	{"diff_credits", 13},
	{"expected_video_minutes", 23},
	{"charged_video_minutes", 22},
	{"to_refund", 12},
	{"to_rebill", 12},
	{"discrepancies", 14},
	{"overcharged", 13},
	{"undercharged", 14},
	{"uncharged", 11},
	{"minutes_mismatch", 18},
	{"duplicate_event", 17},
	{"orphan_charge", 15},
	{"duplicate_charge", 18},
	{"account_mismatch", 18},
}, row: accountRow}

func accountRow(a Account) []value {
	return []value{
		text(a.AccountID),
		integer(a.Events),
		credits(a.ExpectedCredits),
		credits(a.ChargedCredits),
		credits(a.DiffCredits),
		integer(a.ExpectedMinutes),
		integer(a.ChargedMinutes),
		credits(a.ToRefund),
		credits(a.ToRebill),
		integer(a.Discrepancies),
		integer(a.Overcharged),
		integer(a.Undercharged),
		integer(a.Uncharged),
		integer(a.MinutesMismatch),
		integer(a.DuplicateEvent),
		integer(a.OrphanCharge),
		integer(a.DuplicateCharge),
		integer(a.AccountMismatch),
	}
}

var lateTable = table[LateEvent]{csv: lateName, sheet: "Late", cols: []column{
	{"event_id", 24},
	{"account_id", 18},
	{"created_at", 20},
	{"period", 9},
	{"expected_credits", 17},
	{"charged_credits", 16},
	{"charge_source", 14},
	{"charged_video_minutes", 22},
	{"diff_credits", 13},
	{"categories", 30},
	{"source_file", 46},
	{"row_number", 12},
}, row: lateRow}

func lateRow(e LateEvent) []value {
	return []value{
		text(e.EventID),
		text(e.AccountID),
		timestamp(e.CreatedAt),
		text(e.Period),
		credits(e.ExpectedCredits),
		creditsOrNull(e.ChargedCredits),
		text(e.ChargeSource),
		integerOrNull(e.ChargedMinutes),
		credits(e.DiffCredits),
		text(e.Categories),
		text(e.SourceFile),
		rowNumber(e.RowNumber),
	}
}

// patternTable lists the systematic causes of the findings, biggest first.
var patternTable = table[Pattern]{csv: patternsName, sheet: "Patterns", cols: []column{
	{"cause", 60},
	{"events", 10},
	{"group_findings", 15},
	{"credits", 14},
	{"video_minutes", 14},
	{"rule", 22},
	{"group", 60},
}, row: patternRow}

func patternRow(p Pattern) []value {
	return []value{
		text(p.Cause),
		integer(p.Events),
		integer(p.GroupFindings),
		credits(p.Credits),
		integer(p.Minutes),
		text(p.Rule),
		text(p.Group),
	}
}

// seqOf yields the rows of xs, for a list held whole.
func seqOf[T any](xs []T) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for _, x := range xs {
			if !yield(x, nil) {
				return
			}
		}
	}
}

// shardTable lists the shards of a combined month, with a total row.
var shardTable = table[ShardLine]{csv: shardsName, sheet: "Shards", cols: []column{
	{"shard", 8},
	{"run_id", 26},
	{"price_book_sha256", 66},
	{"rows", 10},
	{"rejected", 10},
	{"events", 10},
	{"expected_credits", 17},
	{"charged_credits", 16},
}, row: shardRow, total: true}

func shardRow(l ShardLine) []value {
	return []value{
		text(l.Shard),
		text(l.RunID),
		text(l.PriceBookHash),
		integer(l.Rows),
		integer(l.Rejected),
		integer(l.Events),
		credits(l.Expected),
		credits(l.Charged),
	}
}

// adjustmentTable lists what a close hands billing.
var adjustmentTable = table[Adjustment]{csv: adjustmentsName, sheet: "Adjustments", cols: []column{
	{"period", 9},
	{"account_id", 18},
	{"direction", 14},
	{"amount", 13},
	{"currency", 9},
	{"adjusted_before", 16},
	{"events", 10},
	{"categories", 36},
	{"idempotency_key", 66},
	{"note", 50},
}, row: adjustmentRow}

func adjustmentRow(a Adjustment) []value {
	note := ""
	if !a.AdjustedBefore.IsZero() {
		note = "the difference to " + a.AdjustedBefore.StringFixed(2) + " adjusted by earlier files"
	}
	return []value{
		text(a.Period),
		text(a.AccountID),
		text(a.Direction),
		credits(a.Amount),
		text("credits"),
		credits(a.AdjustedBefore),
		integer(a.Events),
		text(a.Categories),
		text(a.Key),
		text(note),
	}
}

// adjustmentRows are a close's adjustments; none for a report that is no
// close.
func adjustmentRows(c *CloseMark) iter.Seq2[Adjustment, error] {
	if c == nil {
		return seqOf[Adjustment](nil)
	}
	return seqOf(c.Adjustments)
}

// bridgeTable lists a re-close's bridge from the close before it; the
// lines are the named query bridge's, column for column.
var bridgeTable = table[BridgeLine]{csv: bridgeName, sheet: "Bridge", cols: []column{
	{"line", 70},
	{"events", 10},
	{"expected_credits", 17},
	{"charged_credits", 16},
	{"net_credits", 13},
	{"expected_minutes", 17},
	{"charged_minutes", 16},
}, row: bridgeRow}

func bridgeRow(l BridgeLine) []value {
	return []value{
		text(l.Line),
		integer(l.Events),
		credits(l.ExpectedCredits),
		credits(l.ChargedCredits),
		credits(l.NetCredits),
		integer(l.ExpectedMinutes),
		integer(l.ChargedMinutes),
	}
}

// bridgeLines are the lines of the bridge a close recorded; none for a
// report that is no re-close.
func bridgeLines(c *CloseMark) iter.Seq2[BridgeLine, error] {
	if c == nil || c.Bridge == nil {
		return seqOf[BridgeLine](nil)
	}
	return seqOf(c.Bridge.Lines)
}

var rejectTable = table[Reject]{csv: rejectsName, sheet: "Rejects", cols: []column{
	{"source_file", 46},
	{"row_number", 12},
	{"event_id", 24},
	{"reason", 22},
	{"message", 70},
	{"raw", 60},
}, row: rejectRow}

func rejectRow(r Reject) []value {
	return []value{
		text(r.SourceFile),
		rowNumber(r.RowNumber),
		text(r.EventID),
		text(r.Reason),
		text(r.Message),
		text(r.Raw),
	}
}
