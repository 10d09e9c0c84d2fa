package ingest

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/reconcile/reconcile/internal/store"
)

// The fuzz targets below hold the SQL that reads render-log values
// (queries/macros.sql, queries/validate.sql) to references written in Go
// from SPEC §2 and the README's choices, one value at a time and then a
// whole CSV row through Load.
//
// A reference applies rules. specRules are the SPEC's; sqlRules are what
// the SQL does today where it differs, each difference a known bug. An
// input on which the SQL agrees with sqlRules but not with specRules is
// skipped, naming the difference, so that make test passes until the bug
// is fixed; the inputs that show each one are kept in testdata/fuzz. When
// a bug is fixed, drop its field from sqlRules and those inputs become
// regression cases.
type rules struct {
	// unicodeTrim: rc_text trims with DuckDB's trim(), which strips every
	// Unicode space separator (category Zs, such as U+00A0), but only for
	// a value with an ASCII space at one end; "\u00a0x" stays as it is,
	// "\u00a0x " becomes "x". The rule is spaces only.
	unicodeTrim bool
	// hour24: rc_ts takes 24:00:00 as midnight of the next day.
	hour24 bool
	// anyOffset: rc_ts takes any two digits in ±HH:MM, +99:99 being
	// 100 h 39 min. The rule is 00:00 to 23:59.
	anyOffset bool
	// blank: validate.sql asks whether a typed column's source value is
	// NULL, not its text, so a value of spaces only counts as present
	// and malformed: created_at bad_timestamp, is_ad bad_boolean,
	// duration_ms and images bad_number, charged_credits and
	// charged_video_minutes out_of_range. The rule is that a blank value
	// is absent, as it is for the text and enumeration columns.
	blank bool
}

var (
	specRules = rules{}
	sqlRules  = rules{}
)

// knownDifference skips the input when got, what the SQL gave, is not
// what the SPEC's rules give (spec) but is what the SQL's known bugs
// (sqlRules) give; the message names the bugs that make the difference.
func knownDifference[T comparable](t *testing.T, spec, got T, apply func(rules) T) {
	t.Helper()
	if spec == got || apply(sqlRules) != got {
		return
	}
	var bugs []string
	for _, b := range []struct {
		name string
		r    rules
	}{
		{"unicodeTrim", rules{unicodeTrim: true}},
		{"hour24", rules{hour24: true}},
		{"anyOffset", rules{anyOffset: true}},
		{"blank", rules{blank: true}},
	} {
		if apply(b.r) != spec {
			bugs = append(bugs, b.name)
		}
	}
	t.Skipf("known difference from the SPEC (rules.%s in fuzz_test.go): SQL gives %v, the SPEC %v", strings.Join(bugs, ", rules."), got, spec)
}

// fuzzConn returns a connection to a fresh in-memory DuckDB in UTC, for
// the whole of a fuzz target (each fuzzing process opens its own).
func fuzzConn(f *testing.F) *sql.Conn {
	f.Helper()
	ctx := context.Background()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { db.Close() })
	conn, err := db.Conn(ctx)
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { conn.Close() })
	if _, err := conn.ExecContext(ctx, "SET TimeZone = 'UTC'"); err != nil {
		f.Fatal(err)
	}
	return conn
}

// fuzzStmt prepares query, over the ingest macros, once per fuzz target.
func fuzzStmt(f *testing.F, query string) *sql.Stmt {
	f.Helper()
	conn := fuzzConn(f)
	if err := Prepare(context.Background(), conn); err != nil {
		f.Fatal(err)
	}
	st, err := conn.PrepareContext(context.Background(), query)
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { st.Close() })
	return st
}

// queryValue runs st on s and scans its columns into dst. DuckDB cannot
// bind text that is not UTF-8 (FuzzRow covers such bytes, as bad_encoding):
// it must refuse it, and the input is skipped.
func queryValue(t *testing.T, st *sql.Stmt, s string, dst ...any) {
	t.Helper()
	err := st.QueryRowContext(context.Background(), s).Scan(dst...)
	if !utf8.ValidString(s) {
		if err == nil {
			t.Fatalf("%q: text that is not UTF-8 was bound", s)
		}
		t.Skip("not UTF-8")
	}
	if err != nil {
		t.Fatalf("%q: %v", s, err)
	}
}

// shown is a value as the fuzz targets compare it: NULL or the value.
func shown(valid bool, v any) string {
	if !valid {
		return "NULL"
	}
	if t, ok := v.(time.Time); ok {
		return t.UTC().Format(time.RFC3339Nano)
	}
	return fmt.Sprint(v)
}

// agree fails unless got, what query gave for s, is what the SPEC's rules
// give (ref), skipping the input for a known difference.
func agree(t *testing.T, query, s, got string, ref func(rules) string) {
	t.Helper()
	want := ref(specRules)
	knownDifference(t, want, got, ref)
	if got != want {
		t.Fatalf("%s for %q = %s, want %s", query, s, got, want)
	}
}

// FuzzTimestamp holds rc_ts(rc_text(s)), created_at as text, to the
// SPEC's timestamp: NULL just when the reference rejects s, else the same
// instant.
func FuzzTimestamp(f *testing.F) {
	for _, s := range []string{
		"2026-10-01T10:00:00Z", "2026-10-01 10:00:00", "2026-10-01T10:00:00+02:00",
		"2026-10-01T10:00:00.123456789-05:30", " 2026-10-01T10:00:00.5Z  ", "2024-02-29T23:59:59Z",
		"0000-02-29T00:00:00Z", "0001-01-01T00:00:00+00:01", "9999-12-31T23:59:59-23:59",
		"2026-10-01T10:00:00.9999995Z", "2026-10-01", "2023-02-29T00:00:00Z", "2026-10-01T23:59:60Z",
		"2026-10-01t10:00:00z", "2026-10-01T10:00:00+0200", "2026-10-01T10:00:00.Z", "1790000000", "", "   ",
	} {
		f.Add(s)
	}
	const query = "SELECT rc_ts(rc_text(?))"
	st := fuzzStmt(f, query)
	f.Fuzz(func(t *testing.T, s string) {
		var got sql.NullTime
		queryValue(t, st, s, &got)
		agree(t, query, s, shown(got.Valid, got.Time), func(r rules) string {
			v, st := r.timestamp(s)
			return shown(st == valid, v)
		})
	})
}

// FuzzBoolean holds rc_bool(rc_text(s)), is_ad as text, to the SPEC's
// boolean.
func FuzzBoolean(f *testing.F) {
	for _, s := range []string{"true", "FALSE", "Yes", "nO", "1", "0", " true ", "01", "t", "y", "maybe", "", "  "} {
		f.Add(s)
	}
	const query = "SELECT rc_bool(rc_text(?))"
	st := fuzzStmt(f, query)
	f.Fuzz(func(t *testing.T, s string) {
		var got sql.NullBool
		queryValue(t, st, s, &got)
		agree(t, query, s, shown(got.Valid, got.Bool), func(r rules) string {
			v, st := r.boolean(s)
			return shown(st == valid, v)
		})
	})
}

// FuzzInteger holds rc_int(rc_text(s)) (duration_ms, images,
// charged_video_minutes as text) to the README's integer: a sign and
// digits that fit an int64.
func FuzzInteger(f *testing.F) {
	for _, s := range []string{
		"0", "+5", "-5", "007", " 42 ", "9223372036854775807", "9223372036854775808",
		"-9223372036854775808", "-9223372036854775809", "1e3", "12.5", "0x10", "1_000", "+", "-", "", "٣",
	} {
		f.Add(s)
	}
	// rc_is_int tells a malformed number (bad_number) from one out of
	// range.
	const query = "SELECT rc_int(s), rc_is_int(s) FROM (SELECT rc_text(?) AS s)"
	st := fuzzStmt(f, query)
	f.Fuzz(func(t *testing.T, s string) {
		var got sql.NullInt64
		var syntax sql.NullBool
		queryValue(t, st, s, &got, &syntax)
		agree(t, query, s, shown(got.Valid, got.Int64)+", "+shown(syntax.Valid, syntax.Bool), func(r rules) string {
			v, st, _ := r.integer(s)
			text, present := r.text(s)
			return shown(st == valid, v) + ", " + shown(present, intSyntax(text))
		})
	})
}

// FuzzDecimal holds rc_money(rc_text(s)), charged_credits as text, to the
// README's amount, exactly: at most 16 integer and 2 significant decimal
// digits, never rounded.
func FuzzDecimal(f *testing.F) {
	for _, s := range []string{
		"1.50", "1.500", "+5", "-3.00", "5.", ".5", "+.5", "-.05", "0", "-0", " 12.34 ", "007.10",
		"9999999999999999.99", "0000000000000000001234567890123456.78", "1.5000000000000000000000000000",
		"10000000000000000", "1.555", ".", "+", "1e3", "1,5", "0x10", "NaN", "inf", "١٢", "",
	} {
		f.Add(s)
	}
	// rc_is_decimal tells a malformed amount (bad_number) from one out of
	// range.
	const query = "SELECT rc_money(s), rc_is_decimal(s) FROM (SELECT rc_text(?) AS s)"
	st := fuzzStmt(f, query)
	f.Fuzz(func(t *testing.T, s string) {
		var got store.Decimal // exact, never through a float
		var syntax sql.NullBool
		queryValue(t, st, s, &got, &syntax)
		agree(t, query, s, shown(got.Valid, got.StringFixed(2))+", "+shown(syntax.Valid, syntax.Bool), func(r rules) string {
			v, st := r.money(s)
			text, present := r.text(s)
			_, _, _, syntax := decimalParts(text)
			// A valid amount has at most 2 decimals: StringFixed(2)
			// shows it whole.
			return shown(st == valid, v.StringFixed(2)) + ", " + shown(present, syntax)
		})
	})
}
