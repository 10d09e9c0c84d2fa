package queries

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// The validated-view generator: the SQL expressions that read the columns
// of one input file, whatever types the file gives them, as SPEC §2 and §5
// type them. validate.sql and validate_ledger.sql take these expressions;
// package ingest decides which column of a file is which, and this file
// writes what reads it.

// ValueKind is how a column's value is read.
type ValueKind int

const (
	TextValue  ValueKind = iota // trimmed text; empty is absent
	EnumValue                   // trimmed, lower-cased text
	TimeValue                   // a timestamp, UTC
	BoolValue                   // is_ad
	IntValue                    // whole numbers
	MoneyValue                  // credits: DECIMAL(18,2), never rounded
)

var (
	intTypes     = regexp.MustCompile(`^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$`)
	decimalType  = regexp.MustCompile(`^DECIMAL\((\d+),(\d+)\)$`)
	floatTypes   = regexp.MustCompile(`^(FLOAT|DOUBLE)$`)
	nestedOrBlob = regexp.MustCompile(`^(BLOB|BIT|.*\[\]|.*\[\d+\]|STRUCT.*|MAP.*|UNION.*)$`)
)

// ReadAs returns the expression that reads src, of DuckDB type typ, as a
// value of kind. A NULL result for a non-NULL source means the value is
// malformed; the validation view turns that into a reason. When typ
// cannot hold such a value at all, expr is empty and want says what the
// column should hold.
func ReadAs(kind ValueKind, src, typ string) (expr, want string) {
	asText := "rc_text(" + src + ")"
	if typ != "VARCHAR" {
		asText = "rc_text(CAST(" + src + " AS VARCHAR))"
	}
	isInt := intTypes.MatchString(typ)
	isFloat := floatTypes.MatchString(typ)
	dec := decimalType.FindStringSubmatch(typ)

	switch kind {
	case TextValue, EnumValue:
		if nestedOrBlob.MatchString(typ) {
			return "", "text"
		}
		if kind == EnumValue {
			if typ == "VARCHAR" {
				return "rc_enum(" + src + ")", ""
			}
			return "lower(" + asText + ")", ""
		}
		return asText, ""
	case TimeValue:
		switch typ {
		case "TIMESTAMP":
			return src, ""
		case "TIMESTAMP WITH TIME ZONE":
			return "timezone('UTC', " + src + ")", ""
		case "TIMESTAMP_NS", "TIMESTAMP_MS", "TIMESTAMP_S":
			return "CAST(" + src + " AS TIMESTAMP)", ""
		case "VARCHAR":
			return "rc_ts(" + asText + ")", ""
		}
		return "", "a timestamp, or text like 2026-10-01T12:00:00Z"
	case BoolValue:
		switch {
		case typ == "BOOLEAN":
			return src, ""
		case typ == "VARCHAR" || isInt:
			return "rc_bool(" + asText + ")", ""
		}
		return "", "a boolean"
	case IntValue:
		switch {
		case isInt:
			return "TRY_CAST(" + src + " AS BIGINT)", ""
		case typ == "VARCHAR" || isFloat || dec != nil:
			return "rc_int(" + asText + ")", ""
		}
		return "", "an integer"
	case MoneyValue:
		switch {
		case isInt:
			return "TRY_CAST(" + src + " AS DECIMAL(18, 2))", ""
		case dec != nil && atoi(dec[2]) <= 2:
			return "TRY_CAST(" + src + " AS DECIMAL(18, 2))", ""
		case typ == "VARCHAR" || isFloat || dec != nil:
			return "rc_money(" + asText + ")", ""
		}
		return "", "a decimal"
	}
	return "", fmt.Sprintf("a value of kind %d, which has no reader", kind)
}

// Present says whether a source value is given: text that is not blank,
// or any non-NULL value of another type. A blank value is absent, as an
// empty one is.
func Present(src, typ string) string {
	if typ == "VARCHAR" {
		return "(rc_text(" + src + ") IS NOT NULL)"
	}
	return "(" + src + " IS NOT NULL)"
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// VersionCase is the expression that maps created_at to the index of the
// price-book version in force (the latest effective_from at or before it),
// or NULL before the first. froms must be in ascending order; they reach
// the SQL text as timestamp literals that Go formats.
func VersionCase(froms []time.Time) string {
	var b strings.Builder
	b.WriteString("CASE")
	for i := len(froms) - 1; i >= 0; i-- {
		fmt.Fprintf(&b, " WHEN created_at >= TIMESTAMP %s THEN %d",
			Literal(froms[i].UTC().Format("2006-01-02 15:04:05.999999")), i)
	}
	b.WriteString(" END")
	return b.String()
}

// ParquetColumn is the expression of a Parquet file's column at 0-based
// position i (DuckDB's #n counts from 1).
func ParquetColumn(i int) string { return fmt.Sprintf("#%d", i+1) }

// ParquetText is ParquetColumn as text.
func ParquetText(i int) string { return fmt.Sprintf("CAST(#%d AS VARCHAR)", i+1) }

// CSVColumn is the name csv_stage gives the column at 0-based position i
// of a CSV file: the columns are named by position so that no header text
// reaches SQL.
func CSVColumn(i int) string { return fmt.Sprintf("c%d", i) }

// CSVColumns is the columns = {...} list of csv_stage for a file of n
// columns, all read as text.
func CSVColumns(n int) string {
	cols := make([]string, n)
	for i := range cols {
		cols[i] = fmt.Sprintf("'%s': 'VARCHAR'", CSVColumn(i))
	}
	return strings.Join(cols, ", ")
}

// SourceColumn is one column an input reads, and the expression of it in
// a file, "" when the file lacks it.
type SourceColumn struct{ Name, Expr string }

// SourceColumns returns the select list, after rc_row, that names an
// input's columns s_<name> and takes raw as rc_raw, the row as CSV text.
func SourceColumns(cols []SourceColumn, raw string) string {
	var b strings.Builder
	for _, c := range cols {
		expr := c.Expr
		if expr == "" {
			expr = "NULL"
		}
		fmt.Fprintf(&b, ", %s AS s_%s", expr, c.Name)
	}
	fmt.Fprintf(&b, ", %s AS rc_raw", raw)
	return b.String()
}

// RawRow is the expression that rebuilds a row as CSV text for rc_raw
// from the text expressions of its fields, then, when more > 0, "…" and
// how many other columns there are.
func RawRow(fields []string, more int) string {
	parts := make([]string, 0, len(fields)+1)
	for _, f := range fields {
		parts = append(parts, "rc_csv_field("+f+")")
	}
	if more > 0 {
		parts = append(parts, Literal(fmt.Sprintf("…(%d more columns)", more)))
	}
	return "concat_ws(',', " + strings.Join(parts, ", ") + ")"
}
