package ingest

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
)

var testOpts = Options{
	VersionFroms:  []time.Time{time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)},
	FirstVersion:  "v1, from 2024-01-01T00:00:00Z",
	MaxDurationMS: 1e12,
	MaxImages:     1e6,
}

// openConn returns a connection to a fresh in-memory DuckDB in UTC.
func openConn(t *testing.T) *sql.Conn {
	t.Helper()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if _, err := conn.ExecContext(context.Background(), "SET TimeZone = 'UTC'"); err != nil {
		t.Fatal(err)
	}
	return conn
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const header = "event_id,video_id,account_id,created_at,kind,media,model,actor,is_ad,duration_ms,images,charged_credits,charged_video_minutes\n"

// TestReasons checks that each SPEC §2 rule names the right reason code,
// one row at a time.
func TestReasons(t *testing.T) {
	tests := []struct {
		name, row, reason string
	}{
		{"good generative render", "e1,v1,a1,2026-10-01T10:00:00Z,render,generative,pro,human,false,60000,,20.00,0", ""},
		{"good stock render, defaults", "e1,v1,a1,2026-10-01 10:00:00,render,stock,,,,61000,,,2", ""},
		{"good edit_image", "e1,v1,a1,2026-10-01T10:00:00+02:00,edit_image,,,,,,3,0.60,", ""},
		{"good clip, upper case enum", "e1,v1,a1,2026-10-01T10:00:00.123456Z,EDIT_CLIP,,Pro,,no,5000,,1.67,0", ""},
		{"money with trailing zeros", "e1,v1,a1,2026-10-01T10:00:00Z,render,stock,,,,1000,,1.500,1", ""},
		{"plus sign", "e1,v1,a1,2026-10-01T10:00:00Z,render,stock,,,,+1000,,,1", ""},
		{"empty event_id", ",v1,a1,2026-10-01T10:00:00Z,render,stock,,,,1000,,,1", "missing_value"},
		{"blank account_id", "e1,v1,  ,2026-10-01T10:00:00Z,render,stock,,,,1000,,,1", "missing_value"},
		{"empty created_at", "e1,v1,a1,,render,stock,,,,1000,,,1", "missing_value"},
		{"bad timestamp", "e1,v1,a1,2026-13-40T00:00:00Z,render,stock,,,,1000,,,1", "bad_timestamp"},
		{"date only", "e1,v1,a1,2026-10-01,render,stock,,,,1000,,,1", "bad_timestamp"},
		{"not a leap year", "e1,v1,a1,2023-02-29T00:00:00Z,render,stock,,,,1000,,,1", "bad_timestamp"},
		{"empty kind", "e1,v1,a1,2026-10-01T10:00:00Z,,stock,,,,1000,,,1", "missing_value"},
		{"unknown kind", "e1,v1,a1,2026-10-01T10:00:00Z,transcode,stock,,,,1000,,,1", "unknown_kind"},
		{"unknown media", "e1,v1,a1,2026-10-01T10:00:00Z,render,hologram,,,,1000,,,1", "unknown_media"},
		{"render without media", "e1,v1,a1,2026-10-01T10:00:00Z,render,,pro,,,1000,,,1", "missing_value"},
		{"unknown model", "e1,v1,a1,2026-10-01T10:00:00Z,render,generative,mega,,,1000,,,", "unknown_model"},
		{"generative without model", "e1,v1,a1,2026-10-01T10:00:00Z,render,generative,,,,1000,,,", "model_required"},
		{"clip without model", "e1,v1,a1,2026-10-01T10:00:00Z,edit_clip,,,,,1000,,,", "model_required"},
		{"unknown actor", "e1,v1,a1,2026-10-01T10:00:00Z,render,stock,,robot,,1000,,,1", "unknown_actor"},
		{"bad boolean", "e1,v1,a1,2026-10-01T10:00:00Z,render,stock,,,maybe,1000,,,1", "bad_boolean"},
		{"exponent", "e1,v1,a1,2026-10-01T10:00:00Z,render,stock,,,,1e3,,,1", "bad_number"},
		{"hex", "e1,v1,a1,2026-10-01T10:00:00Z,render,stock,,,,0x10,,,1", "bad_number"},
		{"fractional duration", "e1,v1,a1,2026-10-01T10:00:00Z,render,stock,,,,12.5,,,1", "bad_number"},
		{"render without duration", "e1,v1,a1,2026-10-01T10:00:00Z,render,stock,,,,,,,1", "missing_value"},
		{"zero duration", "e1,v1,a1,2026-10-01T10:00:00Z,render,stock,,,,0,,,1", "nonpositive_duration"},
		{"negative duration", "e1,v1,a1,2026-10-01T10:00:00Z,edit_clip,,pro,,,-5000,,,", "nonpositive_duration"},
		{"duration too long", "e1,v1,a1,2026-10-01T10:00:00Z,render,stock,,,,2000000000000,,,1", "out_of_range"},
		{"duration overflows", "e1,v1,a1,2026-10-01T10:00:00Z,render,stock,,,,99999999999999999999,,,1", "out_of_range"},
		{"zero images", "e1,v1,a1,2026-10-01T10:00:00Z,edit_image,,,,,,0,,", "out_of_range"},
		{"comma decimal", "e1,v1,a1,2026-10-01T10:00:00Z,render,stock,,,,1000,,\"1,50\",1", "bad_number"},
		{"three decimals", "e1,v1,a1,2026-10-01T10:00:00Z,render,stock,,,,1000,,1.555,1", "bad_number"},
		{"huge credits", "e1,v1,a1,2026-10-01T10:00:00Z,render,stock,,,,1000,,1000000000000000000000000000000,1", "out_of_range"},
		{"exponent credits", "e1,v1,a1,2026-10-01T10:00:00Z,render,stock,,,,1000,,1e30,1", "bad_number"},
		{"negative credits", "e1,v1,a1,2026-10-01T10:00:00Z,render,stock,,,,1000,,-3.00,1", "negative_amount"},
		{"negative minutes", "e1,v1,a1,2026-10-01T10:00:00Z,render,stock,,,,1000,,0,-1", "negative_amount"},
		{"before the price book", "e1,v1,a1,2023-06-01T00:00:00Z,render,stock,,,,1000,,,1", "no_price_version"},
		{"year 1", "e1,v1,a1,0001-01-01T00:00:00Z,render,stock,,,,1000,,,1", "no_price_version"},
		{"year 9999", "e1,v1,a1,9999-12-31T23:59:59Z,render,stock,,,,1000,,,1", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			conn := openConn(t)
			p := writeFile(t, "in.csv", header+tc.row+"\n")
			if err := load1(conn, []File{{Path: p, Format: CSV}}); err != nil {
				t.Fatal(err)
			}
			var reason, message sql.NullString
			var row int64
			err := conn.QueryRowContext(context.Background(), "SELECT row_number, reason, message FROM "+InputView).Scan(&row, &reason, &message)
			if err != nil {
				t.Fatal(err)
			}
			if reason.String != tc.reason {
				t.Errorf("reason = %q (%s), want %q", reason.String, message.String, tc.reason)
			}
			if tc.reason != "" && message.String == "" {
				t.Errorf("reason %s has no message", tc.reason)
			}
			if row != 1 {
				t.Errorf("row_number = %d, want 1", row)
			}
		})
	}
}

// TestMalformedRows checks that rows which are not well-formed CSV are set
// aside with their row numbers, and that the good rows after them keep
// theirs.
func TestMalformedRows(t *testing.T) {
	conn := openConn(t)
	good := "e%d,v1,a1,2026-10-01T10:00:00Z,render,stock,,,,1000,,,1\n"
	body := header +
		strings.ReplaceAll(good, "%d", "1") + // row 1
		"e2,too,few\n" + // row 2
		strings.ReplaceAll(good, "%d", "3") + // row 3
		"e4,v1,a1,2026-10-01T10:00:00Z,render,stock,,,,1000,,,1,extra\n" + // row 4
		"e5,\"multi\nline\",a1,2026-10-01T10:00:00Z,render,stock,,,,1000,,,1\n" + // row 5
		strings.ReplaceAll(good, "%d", "6") // row 6
	p := writeFile(t, "in.csv", body)
	if err := load1(conn, []File{{Path: p, Format: CSV}}); err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	rows, err := conn.QueryContext(context.Background(), "SELECT event_id, row_number FROM "+InputView)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		var n int64
		if err := rows.Scan(&id, &n); err != nil {
			t.Fatal(err)
		}
		got[id] = n
	}
	rows.Close()
	want := map[string]int64{"e1": 1, "e3": 3, "e5": 5, "e6": 6}
	for id, n := range want {
		if got[id] != n {
			t.Errorf("%s: row_number = %d, want %d", id, got[id], n)
		}
	}
	var malformed []string
	rows, err = conn.QueryContext(context.Background(), "SELECT row_number || ':' || reason FROM "+MalformedTable+" ORDER BY row_number")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		rows.Scan(&s)
		malformed = append(malformed, s)
	}
	rows.Close()
	if strings.Join(malformed, " ") != "2:wrong_field_count 4:wrong_field_count" {
		t.Errorf("malformed = %v, want rows 2 and 4 wrong_field_count", malformed)
	}
}

// TestHeader checks the header rules: any case, a BOM, extra columns, and
// the errors for a missing or duplicated required column.
func TestHeader(t *testing.T) {
	row := "e1,v1,a1,2026-10-01T10:00:00Z,render,stock,,,,1000,,,1\n"
	t.Run("bom, case and extra column", func(t *testing.T) {
		conn := openConn(t)
		h := "\ufeffEVENT_ID,Video_Id,account_id,created_at,Kind,media,model,actor,is_ad,duration_ms,images,charged_credits,charged_video_minutes,region\n"
		p := writeFile(t, "in.csv", h+strings.TrimSuffix(row, "\n")+",eu\n")
		if err := load1(conn, []File{{Path: p, Format: CSV}}); err != nil {
			t.Fatal(err)
		}
		var id string
		var reason sql.NullString
		if err := conn.QueryRowContext(context.Background(), "SELECT event_id, reason FROM "+InputView).Scan(&id, &reason); err != nil {
			t.Fatal(err)
		}
		if id != "e1" || reason.Valid {
			t.Errorf("got %q, %v; want e1 with no reason", id, reason)
		}
	})
	t.Run("missing column", func(t *testing.T) {
		conn := openConn(t)
		p := writeFile(t, "nokind.csv", "event_id,video_id,account_id,created_at\ne1,v1,a1,2026-10-01T10:00:00Z\n")
		err := load1(conn, []File{{Path: p, Format: CSV}})
		var mc *MissingColumnError
		if !asErr(err, &mc) || mc.Column != "kind" || mc.File != p {
			t.Fatalf("err = %v, want a MissingColumnError for kind in %s", err, p)
		}
		if !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), `"kind"`) {
			t.Errorf("message %q does not name the file and the column", err)
		}
	})
	t.Run("duplicated column", func(t *testing.T) {
		conn := openConn(t)
		p := writeFile(t, "dup.csv", strings.Replace(header, "media", "Kind", 1)+row)
		err := load1(conn, []File{{Path: p, Format: CSV}})
		var ce *ColumnError
		if !asErr(err, &ce) || ce.Column != "kind" {
			t.Fatalf("err = %v, want a ColumnError for kind", err)
		}
	})
	t.Run("empty file", func(t *testing.T) {
		conn := openConn(t)
		p := writeFile(t, "empty.csv", "")
		err := load1(conn, []File{{Path: p, Format: CSV}})
		if !errorsIs(err, ErrNoHeader) {
			t.Fatalf("err = %v, want ErrNoHeader", err)
		}
	})
	t.Run("a file that grew after it was hashed", func(t *testing.T) {
		for _, blank := range []string{"", "\n"} { // read as it is, and from a normalized copy
			conn := openConn(t)
			p := writeFile(t, "grows.csv", header+blank+row)
			f := File{Path: p, Format: CSV}
			pr, err := Fingerprint(f)
			if err != nil {
				t.Fatal(err)
			}
			f.Print = &pr
			fh, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			fh.WriteString(strings.Replace(row, "e1", "e2", 1))
			fh.Close()
			err = load1(conn, []File{f})
			if !errorsIs(err, ErrRowCount) && !errorsIs(err, ErrChangedWhileRead) {
				t.Fatalf("err = %v, want the rows read to differ from the rows hashed", err)
			}
			if !strings.Contains(err.Error(), p) {
				t.Errorf("message %q does not name the file", err)
			}
		}
	})
}
