package ingest

import (
	"context"
	"database/sql"
	"testing"
)

func TestLedgerReasons(t *testing.T) {
	const head = "txn_id,event_id,account_id,charged_at,credits,video_minutes\n"
	tests := []struct {
		name, row, reason, credits string
		minutes                    int64
	}{
		{"charge", "t1,e1,a1,2026-10-01T10:00:05Z,20.00,0", "", "20.00", 0},
		{"refund", "t1,e1,a1,2026-10-01T10:00:05Z,-20.00,-1", "", "-20.00", -1},
		{"minutes empty", "t1,e1,a1,2026-10-01T10:00:05Z,5,", "", "5.00", 0},
		{"empty txn", ",e1,a1,2026-10-01T10:00:05Z,20.00,0", "missing_value", "", 0},
		{"empty credits", "t1,e1,a1,2026-10-01T10:00:05Z,,0", "missing_value", "", 0},
		{"bad time", "t1,e1,a1,yesterday,20.00,0", "bad_timestamp", "", 0},
		{"exponent", "t1,e1,a1,2026-10-01T10:00:05Z,1e3,0", "bad_number", "", 0},
		{"three decimals", "t1,e1,a1,2026-10-01T10:00:05Z,1.234,0", "bad_number", "", 0},
		{"huge", "t1,e1,a1,2026-10-01T10:00:05Z,123456789012345678901,0", "out_of_range", "", 0},
		{"minutes fraction", "t1,e1,a1,2026-10-01T10:00:05Z,1.00,1.5", "bad_number", "", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			conn := openConn(t)
			p := writeFile(t, "ledger.csv", head+tc.row+"\n")
			if err := Prepare(context.Background(), conn); err != nil {
				t.Fatal(err)
			}
			if err := LoadLedger(context.Background(), conn, []File{{Path: p, Format: CSV}}, 0, 0, 0); err != nil {
				t.Fatal(err)
			}
			var reason, message, credits sql.NullString
			var minutes int64
			err := conn.QueryRowContext(context.Background(), "SELECT reason, message, credits::VARCHAR, video_minutes FROM "+LedgerView).Scan(&reason, &message, &credits, &minutes)
			if err != nil {
				t.Fatal(err)
			}
			if reason.String != tc.reason {
				t.Errorf("reason = %q (%s), want %q", reason.String, message.String, tc.reason)
			}
			if tc.reason == "" && (credits.String != tc.credits || minutes != tc.minutes) {
				t.Errorf("credits, minutes = %s, %d; want %s, %d", credits.String, minutes, tc.credits, tc.minutes)
			}
		})
	}
}

func TestLedgerMissingColumn(t *testing.T) {
	conn := openConn(t)
	p := writeFile(t, "ledger.csv", "txn_id,event_id,account_id,charged_at\nt1,e1,a1,2026-10-01T10:00:05Z\n")
	if err := Prepare(context.Background(), conn); err != nil {
		t.Fatal(err)
	}
	err := LoadLedger(context.Background(), conn, []File{{Path: p, Format: CSV}}, 0, 0, 0)
	var mc *MissingColumnError
	if !asErr(err, &mc) || mc.Column != "credits" {
		t.Fatalf("err = %v, want a missing credits column", err)
	}
}
