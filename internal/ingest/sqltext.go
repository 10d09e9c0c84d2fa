package ingest

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

var (
	intTypes     = regexp.MustCompile(`^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$`)
	decimalType  = regexp.MustCompile(`^DECIMAL\((\d+),(\d+)\)$`)
	floatTypes   = regexp.MustCompile(`^(FLOAT|DOUBLE)$`)
	nestedOrBlob = regexp.MustCompile(`^(BLOB|BIT|.*\[\]|.*\[\d+\]|STRUCT.*|MAP.*|UNION.*)$`)
)

// typedExpr returns the SQL expression that reads column c, whose source
// value is src with DuckDB type typ, as the type the render log needs. A NULL
// result for a non-NULL source means the value is malformed; the validation
// view turns that into a reason.
func typedExpr(file string, c column, src, typ string) (string, error) {
	bad := func(want string) (string, error) {
		return "", &ColumnError{File: file, Column: c.name, Reason: fmt.Sprintf("has type %s; want %s", typ, want)}
	}
	asText := "rc_text(" + src + ")"
	if typ != "VARCHAR" {
		asText = "rc_text(CAST(" + src + " AS VARCHAR))"
	}
	isInt := intTypes.MatchString(typ)
	isFloat := floatTypes.MatchString(typ)
	dec := decimalType.FindStringSubmatch(typ)

	switch c.kind {
	case textValue, enumValue:
		if nestedOrBlob.MatchString(typ) {
			return bad("text")
		}
		if c.kind == enumValue {
			if typ == "VARCHAR" {
				return "rc_enum(" + src + ")", nil
			}
			return "lower(" + asText + ")", nil
		}
		return asText, nil
	case timeValue:
		switch typ {
		case "TIMESTAMP":
			return src, nil
		case "TIMESTAMP WITH TIME ZONE":
			return "timezone('UTC', " + src + ")", nil
		case "TIMESTAMP_NS", "TIMESTAMP_MS", "TIMESTAMP_S":
			return "CAST(" + src + " AS TIMESTAMP)", nil
		case "VARCHAR":
			return "rc_ts(" + asText + ")", nil
		}
		return bad("a timestamp, or text like 2026-10-01T12:00:00Z")
	case boolValue:
		switch {
		case typ == "BOOLEAN":
			return src, nil
		case typ == "VARCHAR" || isInt:
			return "rc_bool(" + asText + ")", nil
		}
		return bad("a boolean")
	case intValue:
		switch {
		case isInt:
			return "TRY_CAST(" + src + " AS BIGINT)", nil
		case typ == "VARCHAR" || isFloat || dec != nil:
			return "rc_int(" + asText + ")", nil
		}
		return bad("an integer")
	case moneyValue:
		switch {
		case isInt:
			return "TRY_CAST(" + src + " AS DECIMAL(18, 2))", nil
		case dec != nil && atoi(dec[2]) <= 2:
			return "TRY_CAST(" + src + " AS DECIMAL(18, 2))", nil
		case typ == "VARCHAR" || isFloat || dec != nil:
			return "rc_money(" + asText + ")", nil
		}
		return bad("a decimal")
	}
	return "", fmt.Errorf("ingest: column %s has no reader", c.name)
}

// presentExpr says whether a source value is given: text that is not
// blank, or any non-NULL value of another type. A blank value is absent,
// as an empty one is.
func presentExpr(src, typ string) string {
	if typ == "VARCHAR" {
		return "(rc_text(" + src + ") IS NOT NULL)"
	}
	return "(" + src + " IS NOT NULL)"
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// VersionCase is the SQL expression that maps created_at to the index of
// the price-book version in force (the latest effective_from at or before
// it), or NULL before the first. froms must be in ascending order; they
// reach the SQL text as timestamp literals that Go formats.
func VersionCase(froms []time.Time) string {
	var b strings.Builder
	b.WriteString("CASE")
	for i := len(froms) - 1; i >= 0; i-- {
		fmt.Fprintf(&b, " WHEN created_at >= TIMESTAMP '%s' THEN %d",
			froms[i].UTC().Format("2006-01-02 15:04:05.999999"), i)
	}
	b.WriteString(" END")
	return b.String()
}
