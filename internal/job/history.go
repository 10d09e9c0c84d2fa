package job

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/reconcile/reconcile/queries"
)

// RunRow is one run of the runs table as status lists it, its times and
// window already in words.
type RunRow struct {
	RunID, Kind, Status, Started, Seconds, Window string
	Files, RowsRead, Priced, Rejected, Duplicates int64
	LedgerRows, Discrepancies, Late               int64
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
