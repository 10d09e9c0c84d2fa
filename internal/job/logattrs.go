package job

import (
	"github.com/shopspring/decimal"
)

// committedAttrs are the fields of a run's "run committed" log line: where
// its rows ended and, when it wrote reports, the money figures of their
// Summary, so that a log search answers "how much" without the workbook.
// Amounts are strings with two decimals: exact, and not turned into a
// float by a JSON reader.
func committedAttrs(res *Result) []any {
	n := res.Counts
	attrs := []any{"run_id", res.RunID, "rows_read", n.RowsRead, "priced", n.Priced,
		"rejected", n.Rejected, "duplicates", n.Duplicates, "ledger_rows", n.LedgerRows,
		"discrepancies", n.Discrepancies, "late", n.Late}
	if s := res.Summary; s != nil {
		attrs = append(attrs, "expected", credits(s.ExpectedCredits), "charged", credits(s.ChargedCredits),
			"net", credits(s.DiffCredits), "to_refund", credits(s.ToRefund), "to_rebill", credits(s.ToRebill),
			"leakage", credits(s.Leakage))
	}
	return append(attrs, "seconds", res.Duration.Seconds())
}

// rerateAttrs are the fields of a re-rating's "rerate committed" log line.
func rerateAttrs(res *RerateResult) []any {
	return []any{"run_id", res.RunID, "examined", res.Examined, "changed", res.Changed,
		"old_expected", credits(res.OldExpected), "new_expected", credits(res.NewExpected),
		"change", credits(res.NewExpected.Sub(res.OldExpected))}
}

// credits is an amount of credits as a log shows it.
func credits(d decimal.Decimal) string { return d.StringFixed(2) }
