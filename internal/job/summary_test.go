package job

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/reconcile/reconcile/internal/report"
	"github.com/reconcile/reconcile/internal/report/schematest"
)

// checkSummaryJSON checks the summary.json of a run against its schema, its
// counts, the database's rejects and accounts.csv.
func checkSummaryJSON(t *testing.T, cfg Config, res *Result) {
	t.Helper()
	raw := readFileT(t, filepath.Join(cfg.OutDir, "summary.json"))
	sch := schematest.Compile(t, "summary.schema.json", report.SummarySchema)
	if err := schematest.Validate(t, sch, raw); err != nil {
		t.Errorf("summary.json does not validate:\n%v", err)
	}

	var doc report.SummaryDoc
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.RunID != res.RunID || !doc.Checks.AllOK {
		t.Errorf("summary.json: run %s, all_ok %v; want run %s, all checks ok: %+v", doc.RunID, doc.Checks.AllOK, res.RunID, doc.Checks)
	}
	n := res.Counts
	if r := doc.Rows; r.RowsRead != n.RowsRead || r.Priced != n.Priced || r.Rejected != n.Rejected ||
		r.Duplicates != n.Duplicates || r.LedgerRows != n.LedgerRows || r.LedgerTaken != n.LedgerTaken ||
		r.LedgerRejected != n.LedgerRejected || r.Discrepancies != n.Discrepancies {
		t.Errorf("summary.json rows = %+v, want the run's counts %+v", r, n)
	}
	if w := cfg.Window; w != nil && (doc.Window.Period != w.Period || doc.Window.From == nil || !doc.Window.From.Equal(w.From) ||
		doc.Window.To == nil || !doc.Window.To.Equal(w.To)) {
		t.Errorf("summary.json window = %+v, want %+v", doc.Window, w)
	}

	// rejects_by_reason: the rejects table's reasons, adding up to the rows
	// rejected.
	db := openRO(t, cfg.DBPath)
	want := map[string]int64{}
	for _, r := range query(t, db, "SELECT reason, count(*) FROM rejects WHERE run_id = ? GROUP BY ALL", res.RunID) {
		want[r[0]] = atoi(t, r[1])
	}
	got := map[string]int64{}
	var rejected int64
	for _, r := range doc.RejectsByReason {
		got[r.Reason] = r.Count
		rejected += r.Count
	}
	if len(got) != len(want) {
		t.Errorf("rejects_by_reason = %v, want %v", got, want)
	}
	for reason, n := range want {
		if got[reason] != n {
			t.Errorf("rejects_by_reason %s = %d, want %d", reason, got[reason], n)
		}
	}
	if rejected != n.Rejected+n.LedgerRejected {
		t.Errorf("rejects_by_reason add up to %d, want %d + %d", rejected, n.Rejected, n.LedgerRejected)
	}

	// top_accounts: the largest to_refund + to_rebill of accounts.csv.
	rows := readCSV(t, filepath.Join(cfg.OutDir, "accounts.csv"))
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	type owed struct {
		id     string
		amount decimal.Decimal
	}
	var all []owed
	for _, r := range rows[1:] {
		a := decimal.RequireFromString(r[col["to_refund"]]).Add(decimal.RequireFromString(r[col["to_rebill"]]))
		if a.IsPositive() {
			all = append(all, owed{strings.TrimPrefix(r[col["account_id"]], "'"), a})
		}
	}
	slices.SortFunc(all, func(a, b owed) int {
		if c := b.amount.Cmp(a.amount); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
	all = all[:min(10, len(all))]
	if len(doc.TopAccounts) != len(all) {
		t.Fatalf("top_accounts has %d accounts, want %d", len(doc.TopAccounts), len(all))
	}
	for i, a := range doc.TopAccounts {
		if a.AccountID != all[i].id || !a.Amount.Equal(all[i].amount) {
			t.Errorf("top_accounts[%d] = %s %s, want %s %s", i, a.AccountID, a.Amount, all[i].id, all[i].amount)
		}
	}
	for _, name := range doc.Files {
		if _, err := os.Stat(filepath.Join(cfg.OutDir, name)); err != nil {
			t.Errorf("summary.json lists %s: %v", name, err)
		}
	}
}

func readFileT(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
