package queries

import "strings"

// Literal returns s as a SQL string literal, its single quotes doubled. It
// is the one way a file path reaches SQL text, in the few places DuckDB
// takes a file only as a literal and not as a bind parameter: the target
// of COPY, the files of a table function such as read_csv or
// parquet_file_metadata. The templates of this package receive their paths
// through it.
func Literal(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
