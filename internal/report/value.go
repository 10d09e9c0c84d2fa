package report

import (
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// kind is what a value holds, and so how each file writes it.
type kind uint8

const (
	kindText kind = iota
	kindCredits
	kindInteger
	kindOrdinal // an integer that names rather than counts: no separators, never summed
	kindTime
	kindDate
)

// value is one field of a report row, typed once so that the CSV file and the
// sheet render the same row from the same values.
type value struct {
	kind    kind
	null    bool // nothing to show: an empty field and an empty cell
	text    string
	credits decimal.Decimal
	integer int64
	time    time.Time
}

func text(s string) value { return value{kind: kindText, text: s, null: s == ""} }

func credits(d decimal.Decimal) value { return value{kind: kindCredits, credits: d} }

func creditsOrNull(d *decimal.Decimal) value {
	if d == nil {
		return value{kind: kindCredits, null: true}
	}
	return credits(*d)
}

func integer(i int64) value { return value{kind: kindInteger, integer: i} }

func integerOrNull(i *int64) value {
	if i == nil {
		return value{kind: kindInteger, null: true}
	}
	return integer(*i)
}

// rowNumber is a row of an input file; rows count from 1, so 0 means the
// value has no input row (a ledger charge that matches no event).
func rowNumber(n int64) value {
	return value{kind: kindOrdinal, integer: n, null: n <= 0}
}

// timestamp is a point in time, shown in UTC; the zero time means unknown.
func timestamp(t time.Time) value {
	return value{kind: kindTime, time: t.UTC(), null: t.IsZero()}
}

// date is a UTC calendar day; the zero time means unknown.
func date(t time.Time) value {
	return value{kind: kindDate, time: t.UTC(), null: t.IsZero()}
}

// csvField is the value as a CSV field: exact, and neutralized when it is text.
func (v value) csvField() string {
	if v.null {
		return ""
	}
	switch v.kind {
	case kindCredits:
		return v.credits.StringFixed(2)
	case kindInteger, kindOrdinal:
		return strconv.FormatInt(v.integer, 10)
	case kindTime:
		return v.time.Format(time.RFC3339Nano)
	case kindDate:
		return v.time.Format(time.DateOnly)
	default:
		return Neutralize(v.text)
	}
}

// column is one column of a list: its header, the same in the CSV file and
// the sheet, and its width in the sheet (in characters).
type column struct {
	name  string
	width float64
}

// creditsText is an amount in a sentence, as a credit cell shows it:
// thousands separated, two places, "-" when negative ("-1,234.50").
func creditsText(d decimal.Decimal) string {
	return groupThousands(d.StringFixed(2))
}

// groupThousands puts a comma between each three digits of the whole part
// of a decimal number written in digits ("-1234567.5" → "-1,234,567.5").
func groupThousands(s string) string {
	sign, digits, frac := "", s, ""
	if strings.HasPrefix(digits, "-") {
		sign, digits = "-", digits[1:]
	}
	if i := strings.IndexByte(digits, '.'); i >= 0 {
		digits, frac = digits[:i], digits[i:]
	}
	var b strings.Builder
	b.WriteString(sign)
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	b.WriteString(frac)
	return b.String()
}
