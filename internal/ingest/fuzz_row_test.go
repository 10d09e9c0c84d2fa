// FuzzRow: one CSV row of any fields through Load, against rules.row.

package ingest

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/reconcile/reconcile/internal/pricing"
	"github.com/reconcile/reconcile/internal/store"
)

// fuzzRows are rows for FuzzRow, one of each kind of good row and of each
// reason.
var fuzzRows = []string{
	"e1,v1,a1,2026-10-01T10:00:00Z,render,generative,pro,human,false,60000,,20.00,0",
	"e1,v1,a1,2026-10-01 10:00:00,render,stock,,,,61000,,,2",
	"e1,v1,a1,2026-10-01T10:00:00+02:00,edit_image,,,,,,3,0.60,",
	"e1,v1,a1,2026-10-01T10:00:00.123456Z,EDIT_CLIP,,Pro,,no,5000,,1.67,0",
	"e1,v1,a1,2026-10-01T10:00:00Z,render,generative,ultra,ai_avatar,yes,1,1000000,9999999999999999.99,2147483647",
	`e1," v 1 ",a1,2026-10-01T10:00:00Z,render,stock,,virtual_pro,1,+1000,,"1,5",1`,
	",v1,a1,2026-10-01T10:00:00Z,render,stock,,,,1000,,,1",
	"e1,v1,  ,2026-10-01T10:00:00Z,render,stock,,,,1000,,,1",
	"e1,v1,a1,,render,stock,,,,1000,,,1",
	"e1,v1,a1,2023-02-29T00:00:00Z,render,stock,,,,1000,,,1",
	"e1,v1,a1,2026-10-01T10:00:00Z,transcode,stock,,,,1000,,,1",
	"e1,v1,a1,2026-10-01T10:00:00Z,render,hologram,,,,1000,,,1",
	"e1,v1,a1,2026-10-01T10:00:00Z,render,,pro,,,1000,,,1",
	"e1,v1,a1,2026-10-01T10:00:00Z,render,generative,mega,,,1000,,,",
	"e1,v1,a1,2026-10-01T10:00:00Z,edit_clip,,,,,1000,,,",
	"e1,v1,a1,2026-10-01T10:00:00Z,render,stock,,robot,,1000,,,1",
	"e1,v1,a1,2026-10-01T10:00:00Z,render,stock,,,maybe,1000,,,1",
	"e1,v1,a1,2026-10-01T10:00:00Z,render,stock,,,,1e3,,,1",
	"e1,v1,a1,2026-10-01T10:00:00Z,render,stock,,,,0,,,1",
	"e1,v1,a1,2026-10-01T10:00:00Z,render,stock,,,,99999999999999999999,,,1",
	"e1,v1,a1,2026-10-01T10:00:00Z,edit_image,,,,,-5,0,,",
	"e1,v1,a1,2026-10-01T10:00:00Z,render,stock,,,,1000,,1.555,1",
	"e1,v1,a1,2026-10-01T10:00:00Z,render,stock,,,,1000,,1000000000000000000000,1",
	"e1,v1,a1,2026-10-01T10:00:00Z,render,stock,,,,1000,,-3.00,1",
	"e1,v1,a1,2026-10-01T10:00:00Z,render,stock,,,,1000,,0,-1",
	"e1,v1,a1,2026-10-01T10:00:00Z,render,stock,,,,1000,,0,2147483648",
	"e1,v1,a1,2023-06-01T00:00:00Z,render,stock,,,,1000,,,1",
	"\"e\n1\",\"v\r\n1\",\"a,\"\"1\",2026-10-01T10:00:00Z,render,stock,,,,1000,,,1",
	"e\x001,v1,a1,2026-10-01T10:00:00Z,render,stock,,,,1000,,,1",
	"e1,v1,a1,2026-10-01T10:00:00Z,render,stock,,,,1000,,1\x00,1",
	"e\xff1,v1,a1,2026-10-01T10:00:00Z,render,stock,,,,1000,,,1",
}

// FuzzRow writes one data row of any 13 fields, as encoding/csv quotes
// them, under the render-log header, and loads it as a run does. Load
// never fails on such a file; exactly one row comes out, row 1; a row
// that is not UTF-8 is set aside as bad_encoding, any other is in
// InputView with raw giving back its fields; the reason is a documented
// code with a message, the one the reference (rules.row) names; and a good
// row has the reference's typed values and prices with the pricing core,
// as the run prices it.
func FuzzRow(f *testing.F) {
	for _, line := range fuzzRows {
		rec, err := csv.NewReader(strings.NewReader(line)).Read()
		if err != nil || len(rec) != len(logColumns) {
			f.Fatalf("seed %q: %v", line, err)
		}
		f.Add(rec[0], rec[1], rec[2], rec[3], rec[4], rec[5], rec[6], rec[7], rec[8], rec[9], rec[10], rec[11], rec[12])
	}
	ctx := context.Background()
	conn := fuzzConn(f)
	dir := f.TempDir()
	book := pricing.Default()
	opt := Options{
		FirstVersion:  book.Versions[0].Name,
		MaxDurationMS: pricing.MaxDurationMS,
		MaxImages:     pricing.MaxImages,
	}
	for _, v := range book.Versions {
		opt.VersionFroms = append(opt.VersionFroms, v.EffectiveFrom)
	}
	names := make([]string, len(logColumns))
	for i, c := range logColumns {
		names[i] = c.name
	}
	n := 0
	f.Fuzz(func(t *testing.T, eventID, videoID, accountID, createdAt, kind, media, model, actor, isAd, durationMS, images, credits, minutes string) {
		fields := []string{eventID, videoID, accountID, createdAt, kind, media, model, actor, isAd, durationMS, images, credits, minutes}
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		if err := w.WriteAll([][]string{names, fields}); err != nil {
			t.Fatal(err)
		}
		n++ // a new name for each file: DuckDB may cache what it read by name
		path := filepath.Join(dir, fmt.Sprintf("row%d.csv", n))
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		defer os.Remove(path)

		// As a run does: one transaction, rolled back here so that the
		// connection starts clean for the next input.
		if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
			t.Fatal(err)
		}
		defer conn.ExecContext(ctx, "ROLLBACK")
		if err := Prepare(ctx, conn); err != nil {
			t.Fatal(err)
		}
		if err := Load(ctx, conn, []File{{Path: path, Format: CSV}}, 0, opt); err != nil {
			t.Fatalf("Load of one well-formed row: %v\nfile: %q", err, b.String())
		}
		got := readFuzzRow(t, conn)
		if got.rowNumber != 1 {
			t.Errorf("row_number = %d, want 1", got.rowNumber)
		}
		if !slices.Contains(reasons, got.reason.String) && got.reason.Valid {
			t.Errorf("reason %q is not a documented reason code", got.reason.String)
		}
		if got.reason.Valid != (got.message.String != "") {
			t.Errorf("reason %v with message %q", got.reason, got.message.String)
		}
		if !slices.ContainsFunc(fields, func(s string) bool { return !utf8.ValidString(s) }) {
			if got.malformed {
				t.Fatalf("a well-formed CSV row was set aside: %s (%s)\nfile: %q", got.reason.String, got.message.String, b.String())
			}
		} else {
			if !got.malformed || got.reason.String != "bad_encoding" {
				t.Fatalf("a row that is not UTF-8: reason %v, want bad_encoding set aside\nfile: %q", got.reason, b.String())
			}
			return
		}

		// raw is the row as read.
		back, err := csv.NewReader(strings.NewReader(got.raw)).Read()
		crlf := strings.NewReplacer("\r\n", "\n")
		if err != nil || !slices.EqualFunc(back, fields, func(a, b string) bool { return crlf.Replace(a) == crlf.Replace(b) }) {
			t.Errorf("raw %q reads as %q (%v), want %q", got.raw, back, err, fields)
		}

		want := specRules.row(fields, book)
		knownDifference(t, want, got.line, func(r rules) string { return r.row(fields, book) })
		if got.line != want {
			t.Fatalf("row %q\n got %s (%s)\nwant %s", fields, got.line, got.message.String, want)
		}
		if got.reason.Valid {
			return
		}

		// A good row prices, as the run prices it: by its duration rounded
		// up to whole seconds, which gives the price of its duration.
		v := &book.Versions[got.version]
		e, err := pricing.EventNames(got.kind, got.media.String, got.model.String, got.actor, got.isAd, got.duration.Int64, got.images)
		if err != nil {
			t.Fatalf("a good row's names: %v", err)
		}
		price, err := v.Price(e)
		if err != nil {
			t.Fatalf("a good row does not price: %+v: %v", e, err)
		}
		wantKey := sql.NullInt64{}
		if got.kind == "render" || got.kind == "edit_clip" {
			wantKey = sql.NullInt64{Int64: pricing.CeilToSecond(got.duration.Int64), Valid: true}
		}
		if got.durationKey != wantKey {
			t.Fatalf("duration_key = %v, want %v", got.durationKey, wantKey)
		}
		e.DurationMS = got.durationKey.Int64
		if byKey, err := v.Price(e); err != nil || byKey != price {
			t.Fatalf("priced by duration_key: %+v, %v; by duration_ms: %+v", byKey, err, price)
		}
	})
}

// fuzzRow is the one row that Load made of a file, from InputView or
// MalformedTable.
type fuzzRow struct {
	malformed       bool
	rowNumber       int64
	reason, message sql.NullString
	raw             string
	line            string // the reason or, for a good row, its typed values (rules.row)

	kind, actor  string
	media, model sql.NullString
	isAd         bool
	duration     sql.NullInt64
	images       int64
	durationKey  sql.NullInt64
	version      int
}

func readFuzzRow(t *testing.T, conn *sql.Conn) fuzzRow {
	t.Helper()
	ctx := context.Background()
	var (
		r, good                     fuzzRow
		n                           int
		eventID, videoID, accountID sql.NullString
		created                     sql.NullTime
		kind, actor                 sql.NullString
		isAd                        sql.NullBool
		images                      sql.NullInt64
		credits                     store.Decimal
		minutes                     sql.NullInt64
		version                     sql.NullInt64
		raw                         sql.NullString
	)
	// One query of the view: planning it costs more than the rest of a run
	// on one row.
	rows, err := conn.QueryContext(ctx, `SELECT row_number, reason, message, raw, event_id, video_id, account_id, created_at,
		kind, media, model, actor, is_ad, duration_ms, images, charged_credits, charged_video_minutes, version_idx, duration_key
		FROM `+InputView)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		n++
		err := rows.Scan(&good.rowNumber, &good.reason, &good.message, &raw, &eventID, &videoID, &accountID, &created,
			&kind, &good.media, &good.model, &actor, &isAd, &good.duration, &images, &credits, &minutes, &version, &good.durationKey)
		if err != nil {
			t.Fatal(err)
		}
		r = good
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		t.Fatal(err)
	}
	rows, err = conn.QueryContext(ctx, "SELECT row_number, reason, message, raw FROM "+MalformedTable)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		n++
		r = fuzzRow{malformed: true}
		if err := rows.Scan(&r.rowNumber, &r.reason, &r.message, &r.raw); err != nil {
			t.Fatal(err)
		}
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Fatalf("%d rows in %s and %s, want 1", n, InputView, MalformedTable)
	}
	if r.malformed {
		r.line = "reason " + r.reason.String
		return r
	}
	r.raw = raw.String
	if r.reason.Valid {
		r.line = "reason " + r.reason.String
		return r
	}
	if !eventID.Valid || !videoID.Valid || !accountID.Valid || !created.Valid || !kind.Valid || !actor.Valid || !isAd.Valid || !images.Valid || !version.Valid {
		t.Fatalf("a good row with a NULL required value: %v %v %v %v %v %v %v %v %v", eventID, videoID, accountID, created, kind, actor, isAd, images, version)
	}
	r.kind, r.actor, r.isAd, r.images, r.version = kind.String, actor.String, isAd.Bool, images.Int64, int(version.Int64)
	r.line = rowLine(eventID.String, videoID.String, accountID.String, created.Time, r.kind, r.media, r.model, r.actor,
		r.isAd, r.duration, r.images, credits, minutes, r.version)
	return r
}
