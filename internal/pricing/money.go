package pricing

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/shopspring/decimal"
)

// Cents is an amount of credits in hundredths of a credit: Cents(1234) is
// 12.34 credits. Every price the package returns is a whole number of cents
// (SPEC §3.4).
type Cents int64

// String formats c as a decimal with exactly two places: "12.34", "0.05",
// "-1.50".
func (c Cents) String() string {
	var buf [24]byte
	return string(appendFixed(buf[:0], int64(c), 2))
}

// Decimal returns c as an exact decimal number of credits.
func (c Cents) Decimal() decimal.Decimal { return decimal.New(int64(c), -2) }

// Rate is a price-book rate in millionths of a credit: Rate(20_000_000) is
// 20 credits. A rate is per minute or per image, as its field says.
type Rate int64

// rateScale is the number of Rate units in one credit.
const rateScale = 1_000_000

// MaxRate is the largest rate a price book may give: one billion credits.
// With MaxDurationMS and MaxImages it bounds every price well inside an
// int64 count of cents.
const MaxRate Rate = 1_000_000_000 * rateScale

// String formats r as a decimal with no more places than it needs: "20",
// "0.2", "0.125".
func (r Rate) String() string {
	var buf [32]byte
	b := appendFixed(buf[:0], int64(r), 6)
	i := len(b)
	for b[i-1] == '0' {
		i--
	}
	if b[i-1] == '.' {
		i--
	}
	return string(b[:i])
}

// Decimal returns r as an exact decimal number of credits.
func (r Rate) Decimal() decimal.Decimal { return decimal.New(int64(r), -6) }

// appendFixed appends v ÷ 10^places as a decimal with exactly places digits
// after the point.
func appendFixed(b []byte, v int64, places int) []byte {
	u := uint64(v)
	if v < 0 {
		b = append(b, '-')
		u = -u // also right for math.MinInt64
	}
	var digits [24]byte
	d := strconv.AppendUint(digits[:0], u, 10)
	for len(d) <= places { // at least one digit before the point
		d = append([]byte{'0'}, d...)
	}
	n := len(d) - places
	b = append(b, d[:n]...)
	b = append(b, '.')
	return append(b, d[n:]...)
}

// ParseRate reads a rate from its decimal text, such as "20" or "0.20". It
// accepts plain decimal notation only (no sign, exponent or separators), at
// most six significant decimal places (trailing zeros beyond the sixth are
// allowed), and values from 0 to MaxRate. Its errors read as a sentence
// about the value, for a caller to prefix with where the value came from.
func ParseRate(s string) (Rate, error) {
	if s == "" {
		return 0, errors.New("missing rate")
	}
	if s[0] == '-' {
		return 0, fmt.Errorf("negative rate %s", s)
	}
	intPart, frac, dot := s, "", false
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			intPart, frac, dot = s[:i], s[i+1:], true
			break
		}
	}
	if intPart == "" || (dot && frac == "") || !allDigits(intPart) || !allDigits(frac) {
		return 0, fmt.Errorf("rate %q is not a plain decimal number like 20 or 0.20", s)
	}
	for len(frac) > 6 && frac[len(frac)-1] == '0' {
		frac = frac[:len(frac)-1]
	}
	if len(frac) > 6 {
		return 0, fmt.Errorf("rate %s has more than 6 decimal places", s)
	}
	for len(intPart) > 1 && intPart[0] == '0' {
		intPart = intPart[1:]
	}
	if len(intPart) > 10 {
		return 0, fmt.Errorf("rate %s is above the maximum %s", s, MaxRate)
	}
	var v int64
	for _, c := range intPart {
		v = v*10 + int64(c-'0')
	}
	for i := 0; i < 6; i++ {
		v *= 10
		if i < len(frac) {
			v += int64(frac[i] - '0')
		}
	}
	if Rate(v) > MaxRate {
		return 0, fmt.Errorf("rate %s is above the maximum %s", s, MaxRate)
	}
	return Rate(v), nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
