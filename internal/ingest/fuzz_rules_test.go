// The SPEC's reading of one render-log value, in Go: the references that
// FuzzTimestamp, FuzzBoolean, FuzzInteger and FuzzDecimal hold the SQL to.

package ingest

import (
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/shopspring/decimal"
)

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
