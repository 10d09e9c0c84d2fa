package job

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/reconcile/reconcile/queries"
)

// RunRow is one run of the runs table as status lists it, its times and
// window already in words: Started "2006-01-02 15:04:05" (UTC), Seconds
// with one decimal ("" while not finished), Window "2026-10-01..2026-10-31"
// or "". Its JSON is that of `status --format json` and the journal.
type RunRow struct {
	RunID         string `json:"run_id"`
	Kind          string `json:"kind"`
	Status        string `json:"status"`
	Started       string `json:"started"`
	Seconds       string `json:"seconds"`
	Files         int64  `json:"files"`
	RowsRead      int64  `json:"rows"`
	Priced        int64  `json:"priced"`
	Rejected      int64  `json:"rejected"`
	Duplicates    int64  `json:"duplicates"`
	LedgerRows    int64  `json:"ledger_rows"`
	Discrepancies int64  `json:"discrepancies"`
	Late          int64  `json:"late"`
	Window        string `json:"window"`
}

// History returns the last n runs, newest first.
func History(ctx context.Context, db *sql.DB, n int) ([]RunRow, error) {
	rows, err := db.QueryContext(ctx, queries.Status.Text, n)
	if err != nil {
		return nil, fmt.Errorf("status: %w", err)
	}
	defer rows.Close()
	var out []RunRow
	for rows.Next() {
		var r RunRow
		if err := rows.Scan(&r.RunID, &r.Kind, &r.Status, &r.Started, &r.Seconds, &r.Files, &r.RowsRead,
			&r.Priced, &r.Rejected, &r.Duplicates, &r.LedgerRows, &r.Discrepancies, &r.Late, &r.Window); err != nil {
			return nil, fmt.Errorf("status: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
