// Package ingest turns render-log files (SPEC §2) into validated rows inside
// DuckDB, without passing them through Go one by one.
//
// For each input file it checks the header (required columns present, none
// duplicated), then defines a temporary view that reads the file by column
// position, converts each column from whatever type the file gives it, and
// names the first rule each row breaks (a reason code and a message). The
// views of all files are united in one view, [InputView], that the run's SQL
// reads: rows with a NULL reason are events, the others are rejects.
//
// CSV files are read by DuckDB with every column as text, a fixed dialect
// (RFC 4180, ',' and '"'), and rows that are not well-formed CSV (wrong
// number of fields, bad quoting, bytes that are not UTF-8) kept aside as
// rejects of their own rather than failing the file. Parquet files are read
// with their own types; a column whose type cannot hold its value (created_at
// as an integer, say) fails the file with an error naming the column.
//
// Row numbers count data rows from 1 in file order; the header of a CSV file
// is not counted (data row 1 is line 2 of a plain file).
package ingest
