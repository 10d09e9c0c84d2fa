package report

import (
	"fmt"
	"testing"

	"github.com/xuri/excelize/v2"
)

// sheetFigures are the figures of a workbook's Summary sheet as it shows
// them ("1,712.70"), by the names summary.html gives them (data-figure):
// the money, the categories and their total, the rejects by reason, and
// the checks' sentences ("check-tie-outs").
func sheetFigures(t *testing.T, f *excelize.File, s Summary) map[string]string {
	t.Helper()
	got := map[string]string{}
	cell := func(label, col string, within int) string {
		row, _ := labelRow(t, f, summarySheet, label, within)
		return shown(t, f, summarySheet, fmt.Sprintf("%s%d", col, row))
	}
	for _, m := range []struct{ label, key string }{
		{"expected", "expected"},
		{"charged", "charged"},
		{"net difference (charged − expected)", "net"},
		{"to refund (owed to customers)", "to-refund"},
		{"to rebill (owed to us)", "to-rebill"},
		{"leakage (uncharged + undercharged)", "leakage"},
	} {
		got[m.key] = cell(m.label, "C", firstPage)
		if v := cell(m.label, "D", firstPage); v != "" {
			got[m.key+"-minutes"] = v
		}
	}
	for _, ct := range s.Categories {
		label := categoryLabel(ct.Category)
		got["category-"+ct.Category+"-count"] = cell(label, "B", firstPage)
		got["category-"+ct.Category+"-credits"] = cell(label, "C", firstPage)
		got["category-"+ct.Category+"-minutes"] = cell(label, "D", firstPage)
	}
	got["total-count"] = cell("total", "B", firstPage)
	got["total-credits"] = cell("total", "C", firstPage)
	got["check-render-log-rows"] = cell("render-log rows", "B", firstPage)
	got["check-tie-outs"] = cell("tie-outs", "B", firstPage)
	if len(s.Ledgers) > 0 {
		got["check-ledger-rows"] = cell("ledger rows", "B", firstPage)
	}
	const anywhere = 1000
	for _, r := range s.RejectReasons {
		got["reject-"+r.Reason] = cell(r.Reason, "B", anywhere)
	}
	if len(s.RejectReasons) > 0 {
		got["rejects-total"] = cell("rejected rows", "B", anywhere)
	}
	return got
}
