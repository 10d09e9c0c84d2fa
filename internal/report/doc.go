// Package report writes the reports of one reconciliation run (SPEC §7) and
// of a re-rating.
//
// [Write] writes a run's reports:
//
//   - reconciliation.xlsx, a workbook with the sheets Summary (first and
//     active), Run, Daily, Discrepancies, Accounts, Late and Rejects;
//   - daily.csv, discrepancies.csv, accounts.csv, late.csv and rejects.csv,
//     the same rows as the five list sheets, with the same columns in the
//     same order.
//
// [WriteRerate] writes a re-rating's reports: rerate.xlsx (Summary,
// Accounts, Events), rerate_accounts.csv and rerate_events.csv.
//
// Both take row sequences that are read exactly once each, so a caller can
// stream millions of rows from the database: every row goes to its CSV file
// and to its sheet in the same pass. A nil sequence is an empty list.
//
// # Atomicity
//
// Every file is first written to a hidden temporary file in the target folder
// (".discrepancies.csv.tmp-123"), flushed to disk, and only when all of them
// are complete are they renamed over the final names (atomicfs.Files). If anything fails
// before that point, the temporary files are removed and the reports of the
// previous run are left exactly as they were. Each rename is atomic on its
// own; the renames follow one another, so a crash in the middle of them (not
// an error of this run) can leave a mix of old and new files.
//
// # CSV
//
// RFC 4180 as written by encoding/csv: UTF-8 without a byte-order mark,
// comma separated, a header row of snake_case names, "\n" line endings.
// Credits are written exactly with two decimals ("-1.50"), integers in
// decimal, timestamps in RFC 3339 UTC ("2024-05-01T12:00:00Z", fractional
// seconds kept when present). A missing value (nothing charged) is an empty
// field. The CSV files are the exact record; the workbook is for reading.
//
// # Workbook
//
// The list sheets have a bold, frozen header row and an autofilter over the
// rows. Credits are numbers shown "#,##0.00", a negative one red and signed
// ("#,##0.00;[Red]-#,##0.00"), on every sheet; counts and video minutes are
// integers shown "#,##0"; an input row number is a plain integer; timestamps
// are date cells shown as "yyyy-mm-dd hh:mm:ss" (UTC), days are date cells
// shown as "yyyy-mm-dd" ("2024-05-01" in the CSV files). Column headers and
// category values are the CSV files' codes ("minutes_mismatch"); only the
// Summary names the categories for a reader ("Minutes mismatch").
// Text is shown as in the CSV files except where a sheet cannot hold it: a
// character XML forbids (a NUL, most control characters, invalid UTF-8)
// becomes U+FFFD, and a text past Excel's 32,767 characters is cut.
//
// The Daily sheet ends with a bold total row, below the autofilter, that
// sums every number column over every day, added up exactly while the days
// stream by. daily.csv has no such row: the CSV files hold data alone.
//
// The list sheets are written with excelize's stream writer, so memory stays
// flat on large runs; the sheet XML spills to the system temporary folder
// ($TMPDIR), about 550 bytes a discrepancy row, until the workbook is
// zipped. Excel holds at most 1,048,576 rows in a sheet: a longer list is
// cut one row short of that (two for Daily, whose total row comes last and
// counts every day), and the last list row says so and names the CSV file
// that holds every row.
//
// The Summary, Run and rerate Summary sheets are a few dozen rows, written
// cell by cell, each column as wide as the longest value in it (within 8 and
// 80 characters; a sentence or a path runs on over the empty cells to its
// right instead).
//
// The Summary of reconciliation.xlsx is for a finance controller. Its first
// printed page says which period it covers; whether every render-log and
// ledger row is accounted for and whether the tie-outs hold (or MISMATCH, in
// red); expected, charged and net credits and video minutes, to refund, to
// rebill and the leakage (also as a share of expected credits); and the
// discrepancies by category: count, amount, video minutes and what the
// amount means, with a total row. The second page is a bar chart of the
// categories' amounts, one colour for what customers are owed back and one
// for what they owe us; it reads the table's labels and its amounts split by
// direction in two columns beside the table, outside the printed area, so
// it always shows what the table shows. The third page holds the tie-outs:
// the Daily sheet's charged total from the Summary's, the categories' sum
// and the differences within tolerance to the net difference, to refund −
// to rebill and the Accounts sheet's sums to it, events against discrepancy
// rows and events with findings, and the events by charge source. The lists
// are added up while they are written and the Summary is filled last, so
// these checks compare the Summary with the rows the sheets really hold.
//
// The Run sheet, second, holds what the run was: its id and times, the
// period, the input and ledger files, the charge source, the price book,
// its sha256 and the versions used, the tolerances and the row counts.
//
// # Formula injection
//
// A text value that a spreadsheet would run as a formula, one starting with
// "=", "+", "-", "@", a tab or a carriage return (SPEC §7), is neutralized:
// in the CSV files it is prefixed with a single quote (the OWASP advice); in
// the workbook it is written as a string cell, never a formula, with a cell
// style that carries Excel's quotePrefix flag, so the value stays exact and
// the cell stays text even when an analyst edits it. Numbers are never
// prefixed: a negative difference is a number, not text. [Neutralize] holds
// the rule for CSV.
package report
