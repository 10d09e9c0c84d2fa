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
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/reconcile/reconcile/internal/pricing"
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

// state is whether a text value is absent (empty after trimming), valid
// or invalid.
type state int

const (
	absent state = iota
	valid
	invalid
)

// text is rc_text: the value without surrounding spaces; empty is absent.
func (r rules) text(s string) (string, bool) {
	t := strings.Trim(s, " ")
	if r.unicodeTrim && t != s {
		t = strings.TrimFunc(s, func(c rune) bool { return unicode.Is(unicode.Zs, c) })
	}
	return t, t != ""
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// timestamp reads created_at (SPEC §2, README): exactly
// YYYY-MM-DD[T ]HH:MM:SS[.fraction of 1 to 9 digits][Z|±HH:MM], no zone
// meaning UTC, returned in UTC. The date is a real day of the proleptic
// Gregorian calendar, years 0000 to 9999 (0000 is a leap year, as in ISO
// 8601 and Go); the time is 00:00:00 to 23:59:59 (no leap second, no
// 24:00:00); an offset is 00:00 to 23:59. A TIMESTAMP holds microseconds:
// fraction digits past the sixth are cut off, never rounded, as DuckDB's
// cast does.
func (r rules) timestamp(s string) (time.Time, state) {
	s, ok := r.text(s)
	if !ok {
		return time.Time{}, absent
	}
	if len(s) < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') || s[13] != ':' || s[16] != ':' {
		return time.Time{}, invalid
	}
	var n [6]int // year, month, day, hour, minute, second
	for i, at := range [...][2]int{{0, 4}, {5, 7}, {8, 10}, {11, 13}, {14, 16}, {17, 19}} {
		if !isDigits(s[at[0]:at[1]]) {
			return time.Time{}, invalid
		}
		n[i], _ = strconv.Atoi(s[at[0]:at[1]])
	}
	rest := s[19:]
	micros := 0
	if strings.HasPrefix(rest, ".") {
		end := 1
		for end < len(rest) && rest[end] >= '0' && rest[end] <= '9' {
			end++
		}
		if end == 1 || end > 10 {
			return time.Time{}, invalid
		}
		micros, _ = strconv.Atoi((rest[1:end] + "00000")[:6])
		rest = rest[end:]
	}
	offset := 0 // minutes east of UTC
	switch {
	case rest == "" || rest == "Z":
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && isDigits(rest[1:3]) && rest[3] == ':' && isDigits(rest[4:6]):
		h, _ := strconv.Atoi(rest[1:3])
		m, _ := strconv.Atoi(rest[4:6])
		if (h > 23 || m > 59) && !r.anyOffset {
			return time.Time{}, invalid
		}
		offset = h*60 + m
		if rest[0] == '-' {
			offset = -offset
		}
	default:
		return time.Time{}, invalid
	}
	year, month, day, hour, minute, second := n[0], time.Month(n[1]), n[2], n[3], n[4], n[5]
	if month < 1 || month > 12 || day < 1 || day > time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC).Day() {
		return time.Time{}, invalid
	}
	midnight := r.hour24 && hour == 24 && minute == 0 && second == 0 && micros == 0
	if (hour > 23 && !midnight) || minute > 59 || second > 59 {
		return time.Time{}, invalid
	}
	t := time.Date(year, month, day, hour, minute, second, micros*1000, time.UTC) // 24:00 is the next day
	return t.Add(-time.Duration(offset) * time.Minute), valid
}

// boolean reads is_ad: true/false, 1/0, yes/no in any case.
func (r rules) boolean(s string) (bool, state) {
	s, ok := r.text(s)
	if !ok {
		return false, absent
	}
	switch strings.ToLower(s) {
	case "true", "1", "yes":
		return true, valid
	case "false", "0", "no":
		return false, valid
	}
	return false, invalid
}

// intSyntax is the README's integer: an optional sign and ASCII digits.
func intSyntax(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	return isDigits(s)
}

// integer reads a whole number (duration_ms, images, minutes): an
// optional sign and digits that fit an int64. outOfRange is true for the
// right syntax with a value beyond int64.
func (r rules) integer(s string) (v int64, st state, outOfRange bool) {
	s, ok := r.text(s)
	if !ok {
		return 0, absent, false
	}
	if !intSyntax(s) {
		return 0, invalid, false
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, invalid, true
	}
	return v, valid, false
}

// decimalParts splits a plain decimal (README: an optional sign, digits,
// an optional fraction; "5." and ".5" are decimals, "." is not) into its
// sign and its integer and fraction digits.
func decimalParts(s string) (neg bool, whole, frac string, ok bool) {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg, s = s[0] == '-', s[1:]
	}
	whole, frac, _ = strings.Cut(s, ".")
	if (whole != "" && !isDigits(whole)) || (frac != "" && !isDigits(frac)) || (whole == "" && frac == "") {
		return false, "", "", false
	}
	return neg, whole, frac, true
}

// money reads charged_credits: a plain decimal of at most 16 integer
// digits (leading zeros aside) and 2 decimals (trailing zeros aside),
// exact; anything else is invalid, never rounded. A negative amount is
// valid here (the row is then negative_amount).
func (r rules) money(s string) (decimal.Decimal, state) {
	s, ok := r.text(s)
	if !ok {
		return decimal.Decimal{}, absent
	}
	neg, whole, frac, ok := decimalParts(s)
	whole, frac = strings.TrimLeft(whole, "0"), strings.TrimRight(frac, "0")
	if !ok || len(whole) > 16 || len(frac) > 2 {
		return decimal.Decimal{}, invalid
	}
	text := "0" + whole + "." + frac + "0"
	if neg {
		text = "-" + text
	}
	return decimal.RequireFromString(text), valid
}

// enum reads kind, media, model and actor: trimmed, in lower case.
func (r rules) enum(s string) (string, state) {
	s, ok := r.text(s)
	if !ok {
		return "", absent
	}
	return strings.ToLower(s), valid
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

// reasons are the reason codes a render-log row can carry (SPEC §2, README).
var reasons = []string{
	"missing_value", "bad_timestamp", "bad_number", "bad_boolean", "nonpositive_duration",
	"unknown_kind", "unknown_media", "unknown_model", "unknown_actor", "model_required",
	"negative_amount", "no_price_version", "out_of_range", "bad_encoding", "wrong_field_count", "malformed_row",
}

// row reads one render-log row, its fields in logColumns order, as SPEC §2
// and the README say: the first rule it breaks, in the order of the
// columns (a NUL byte in an id first, the price-book version last), and
// for a good row its typed values with the defaults applied. It returns
// both as one line of text, to compare with what the SQL gives.
func (r rules) row(fields []string, book *pricing.Book) string {
	eventID, hasEvent := r.text(fields[0])
	videoID, hasVideo := r.text(fields[1])
	accountID, hasAccount := r.text(fields[2])
	created, createdState := r.timestamp(fields[3])
	kind, kindState := r.enum(fields[4])
	media, mediaState := r.enum(fields[5])
	model, modelState := r.enum(fields[6])
	actor, actorState := r.enum(fields[7])
	isAd, isAdState := r.boolean(fields[8])
	duration, durationState, durationRange := r.integer(fields[9])
	images, imagesState, imagesRange := r.integer(fields[10])
	credits, creditsState := r.money(fields[11])
	minutes, minutesState, _ := r.integer(fields[12])
	blank := func(i int) bool {
		_, present := r.text(fields[i])
		return r.blank && !present && fields[i] != ""
	}
	version := -1
	for i, v := range book.Versions {
		if !created.Before(v.EffectiveFrom) {
			version = i
		}
	}
	needsModel := (kind == "render" && media == "generative") || kind == "edit_clip"
	needsDuration := kind == "render" || kind == "edit_clip"
	// chargeReason is the reason for a malformed charge: bad_number for
	// the wrong syntax, negative_amount for a negative one, out_of_range
	// for one too large (fits: within its digits, so bad_number).
	chargeReason := func(i int, syntax, fits bool) string {
		text, _ := r.text(fields[i])
		switch {
		case blank(i):
			return "out_of_range"
		case !syntax:
			return "bad_number"
		case strings.HasPrefix(text, "-"):
			return "negative_amount"
		case fits:
			return "bad_number"
		}
		return "out_of_range"
	}
	creditsText, _ := r.text(fields[11])
	minutesText, _ := r.text(fields[12])
	_, creditsWhole, _, creditsSyntax := decimalParts(creditsText)
	reason := func() string {
		switch {
		case strings.Contains(eventID+videoID+accountID, "\x00"):
			return "bad_encoding"
		case !hasEvent || !hasVideo || !hasAccount:
			return "missing_value"
		case createdState == invalid || blank(3):
			return "bad_timestamp"
		case createdState == absent:
			return "missing_value"
		case kindState == absent:
			return "missing_value"
		case !slices.Contains([]string{"render", "edit_image", "edit_clip"}, kind):
			return "unknown_kind"
		case mediaState == valid && media != "generative" && media != "stock":
			return "unknown_media"
		case kind == "render" && mediaState == absent:
			return "missing_value"
		case modelState == valid && model != "pro" && model != "ultra":
			return "unknown_model"
		case needsModel && modelState == absent:
			return "model_required"
		case actorState == valid && !slices.Contains([]string{"none", "human", "virtual_pro", "ai_avatar"}, actor):
			return "unknown_actor"
		case isAdState == invalid || blank(8):
			return "bad_boolean"
		case durationState == invalid || blank(9):
			if durationRange {
				return "out_of_range"
			}
			return "bad_number"
		case needsDuration && durationState == absent:
			return "missing_value"
		case needsDuration && duration <= 0:
			return "nonpositive_duration"
		case durationState == valid && duration > pricing.MaxDurationMS:
			return "out_of_range"
		case imagesState == invalid || blank(10):
			if imagesRange {
				return "out_of_range"
			}
			return "bad_number"
		case imagesState == valid && (images < 1 || images > pricing.MaxImages):
			return "out_of_range"
		case creditsState == invalid || blank(11):
			// Within 16 integer digits, the fraction is at fault.
			return chargeReason(11, creditsSyntax, len(strings.TrimLeft(creditsWhole, "0")) <= 16)
		case creditsState == valid && credits.IsNegative():
			return "negative_amount"
		case minutesState == invalid || blank(12):
			return chargeReason(12, intSyntax(minutesText), false)
		case minutesState == valid && minutes < 0:
			return "negative_amount"
		case minutesState == valid && minutes > 1<<31-1: // an INTEGER column
			return "out_of_range"
		case version < 0:
			return "no_price_version"
		}
		return ""
	}()
	if reason != "" {
		return "reason " + reason
	}
	if actorState == absent {
		actor = "none"
	}
	if imagesState == absent {
		images = 1
	}
	return rowLine(eventID, videoID, accountID, created, kind, nullStr(media), nullStr(model), actor, isAd,
		sql.NullInt64{Int64: duration, Valid: durationState == valid}, images,
		store.Decimal{Decimal: credits, Valid: creditsState == valid},
		sql.NullInt64{Int64: minutes, Valid: minutesState == valid}, version)
}

func nullStr(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

// rowLine is a good row's typed values as one line of text.
func rowLine(eventID, videoID, accountID string, created time.Time, kind string, media, model sql.NullString, actor string,
	isAd bool, duration sql.NullInt64, images int64, credits store.Decimal, minutes sql.NullInt64, version int) string {
	null := func(valid bool, v string) string {
		if !valid {
			return "NULL"
		}
		return v
	}
	return fmt.Sprintf("event_id=%q video_id=%q account_id=%q created_at=%s kind=%s media=%s model=%s actor=%s is_ad=%t duration_ms=%s images=%d charged_credits=%s charged_video_minutes=%s version=%d",
		eventID, videoID, accountID, created.UTC().Format(time.RFC3339Nano), kind,
		null(media.Valid, media.String), null(model.Valid, model.String), actor, isAd,
		null(duration.Valid, strconv.FormatInt(duration.Int64, 10)), images,
		null(credits.Valid, credits.StringFixed(2)), null(minutes.Valid, strconv.FormatInt(minutes.Int64, 10)), version)
}

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
