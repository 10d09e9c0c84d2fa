package queries

import (
	"testing"
	"time"
)

func TestReadAs(t *testing.T) {
	for _, c := range []struct {
		kind      ValueKind
		typ, want string // want: the expression, or what the column should hold
		refused   bool
	}{
		{TextValue, "VARCHAR", "rc_text(s)", false},
		{TextValue, "BIGINT", "rc_text(CAST(s AS VARCHAR))", false},
		{TextValue, "BLOB", "text", true},
		{TextValue, "INTEGER[]", "text", true},
		{EnumValue, "VARCHAR", "rc_enum(s)", false},
		{EnumValue, "INTEGER", "lower(rc_text(CAST(s AS VARCHAR)))", false},
		{TimeValue, "TIMESTAMP", "s", false},
		{TimeValue, "TIMESTAMP WITH TIME ZONE", "timezone('UTC', s)", false},
		{TimeValue, "TIMESTAMP_MS", "CAST(s AS TIMESTAMP)", false},
		{TimeValue, "VARCHAR", "rc_ts(rc_text(s))", false},
		{TimeValue, "DATE", "a timestamp, or text like 2026-10-01T12:00:00Z", true},
		{BoolValue, "BOOLEAN", "s", false},
		{BoolValue, "TINYINT", "rc_bool(rc_text(CAST(s AS VARCHAR)))", false},
		{BoolValue, "DOUBLE", "a boolean", true},
		{IntValue, "UBIGINT", "TRY_CAST(s AS BIGINT)", false},
		{IntValue, "DOUBLE", "rc_int(rc_text(CAST(s AS VARCHAR)))", false},
		{IntValue, "BOOLEAN", "an integer", true},
		{MoneyValue, "DECIMAL(18,2)", "TRY_CAST(s AS DECIMAL(18, 2))", false},
		{MoneyValue, "DECIMAL(18,3)", "rc_money(rc_text(CAST(s AS VARCHAR)))", false},
		{MoneyValue, "INTEGER", "TRY_CAST(s AS DECIMAL(18, 2))", false},
		{MoneyValue, "TIMESTAMP", "a decimal", true},
	} {
		expr, want := ReadAs(c.kind, "s", c.typ)
		got := expr
		if c.refused {
			got = want
		}
		if got != c.want || (expr == "") != c.refused {
			t.Errorf("ReadAs(%d, s, %s) = %q, %q; want %q (refused %v)", c.kind, c.typ, expr, want, c.want, c.refused)
		}
	}
}

func TestVersionCase(t *testing.T) {
	froms := []time.Time{time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 10, 15, 12, 0, 0, 500000000, time.UTC)}
	want := "CASE WHEN created_at >= TIMESTAMP '2026-10-15 12:00:00.5' THEN 1 WHEN created_at >= TIMESTAMP '2026-01-01 00:00:00' THEN 0 END"
	if got := VersionCase(froms); got != want {
		t.Errorf("VersionCase =\n%s\nwant\n%s", got, want)
	}
}

func TestSourceColumnsAndRawRow(t *testing.T) {
	got := SourceColumns([]SourceColumn{{"event_id", "#1"}, {"media", ""}}, RawRow([]string{ParquetText(0)}, 2))
	want := ", #1 AS s_event_id, NULL AS s_media, concat_ws(',', rc_csv_field(CAST(#1 AS VARCHAR)), '…(2 more columns)') AS rc_raw"
	if got != want {
		t.Errorf("SourceColumns =\n%s\nwant\n%s", got, want)
	}
	if got := CSVColumns(2); got != "'c0': 'VARCHAR', 'c1': 'VARCHAR'" {
		t.Errorf("CSVColumns(2) = %s", got)
	}
}
