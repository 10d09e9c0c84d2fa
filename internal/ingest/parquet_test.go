package ingest

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/reconcile/reconcile/queries"
)

// writeParquet writes the rows of a SQL query to a Parquet file with DuckDB.
func writeParquet(t *testing.T, conn *sql.Conn, query string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "in.parquet")
	if _, err := conn.ExecContext(context.Background(), "COPY ("+query+") TO "+queries.Literal(p)+" (FORMAT parquet)"); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestParquetTypes(t *testing.T) {
	conn := openConn(t)
	p := writeParquet(t, conn, `
		SELECT * FROM (VALUES
		  ('e1', 'v1', 'a1', TIMESTAMPTZ '2026-10-01 12:00:00+02', 'render', 'generative', 'pro', 'human', true, 61000::BIGINT, 1, 25.00::DECIMAL(18,2), 0),
		  ('e2', 'v1', NULL, TIMESTAMPTZ '2026-10-01 12:00:00+00', 'render', 'stock', NULL, NULL, false, 1000::BIGINT, 1, 0.00::DECIMAL(18,2), 1),
		  ('e3', 'v1', 'a1', TIMESTAMPTZ '2026-10-01 12:00:00+00', 'render', 'stock', NULL, NULL, false, 0::BIGINT, 1, 0.00::DECIMAL(18,2), 1),
		  ('e4', 'v1', 'a1', TIMESTAMPTZ '2026-10-01 12:00:00+00', 'render', 'stock', NULL, NULL, false, 1000::BIGINT, 1, -1.00::DECIMAL(18,2), 1)
		) t(event_id, video_id, account_id, created_at, kind, media, model, actor, is_ad, duration_ms, images, charged_credits, charged_video_minutes)`)
	if err := load1(conn, []File{{Path: p, Format: Parquet}}); err != nil {
		t.Fatal(err)
	}
	rows, err := conn.QueryContext(context.Background(), "SELECT event_id, row_number, coalesce(reason, ''), strftime(created_at, '%H:%M') FROM "+InputView+" ORDER BY row_number")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	want := []struct {
		id     string
		row    int64
		reason string
		hhmm   string
	}{{"e1", 1, "", "10:00"}, {"e2", 2, "missing_value", "12:00"}, {"e3", 3, "nonpositive_duration", "12:00"}, {"e4", 4, "negative_amount", "12:00"}}
	i := 0
	for ; rows.Next(); i++ {
		var id, reason, hhmm string
		var row int64
		if err := rows.Scan(&id, &row, &reason, &hhmm); err != nil {
			t.Fatal(err)
		}
		if i >= len(want) {
			t.Fatalf("more rows than %d", len(want))
		}
		w := want[i]
		if id != w.id || row != w.row || reason != w.reason || hhmm != w.hhmm {
			t.Errorf("row %d = %s %d %q %s; want %s %d %q %s (UTC)", i, id, row, reason, hhmm, w.id, w.row, w.reason, w.hhmm)
		}
	}
	if i != len(want) {
		t.Errorf("got %d rows, want %d", i, len(want))
	}
}

func TestParquetWrongTypes(t *testing.T) {
	tests := []struct {
		name, query, column, reason string
	}{
		{"created_at as integer", `SELECT 'e1' event_id, 'v1' video_id, 'a1' account_id, 1727776800 created_at, 'render' kind`, "created_at", ""},
		{"duration as text", `SELECT 'e1' event_id, 'v1' video_id, 'a1' account_id, TIMESTAMP '2026-10-01' created_at, 'render' kind, 'stock' media, '12.5' duration_ms`, "", "bad_number"},
		{"credits as double", `SELECT 'e1' event_id, 'v1' video_id, 'a1' account_id, TIMESTAMP '2026-10-01' created_at, 'render' kind, 'stock' media, 1000 duration_ms, 12.345::DOUBLE charged_credits`, "", "bad_number"},
		{"credits as list", `SELECT 'e1' event_id, 'v1' video_id, 'a1' account_id, TIMESTAMP '2026-10-01' created_at, 'render' kind, [1, 2] charged_credits`, "charged_credits", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			conn := openConn(t)
			p := writeParquet(t, conn, tc.query)
			err := load1(conn, []File{{Path: p, Format: Parquet}})
			if tc.column != "" {
				var ce *ColumnError
				if !asErr(err, &ce) || ce.Column != tc.column {
					t.Fatalf("err = %v, want a ColumnError for %s", err, tc.column)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var reason sql.NullString
			if err := conn.QueryRowContext(context.Background(), "SELECT reason FROM "+InputView).Scan(&reason); err != nil {
				t.Fatal(err)
			}
			if reason.String != tc.reason {
				t.Errorf("reason = %q, want %q", reason.String, tc.reason)
			}
		})
	}
}
