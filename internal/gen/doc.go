// Package gen generates synthetic render logs (SPEC §2) and their billing
// ledgers (SPEC §5) for tests, benchmarks and the shipped fixtures.
//
// A log is a month of render and edit events over a set of accounts, drawn
// from a PCG generator seeded by [Config.Seed]: the same Config always gives
// the same bytes. Rows are streamed as they are drawn, so memory does not grow
// with [Config.Events]; only events waiting to be written (a render's later
// edits, a duplicate sent again later) are held, and those only for a few
// simulated hours.
//
// The mix aims to look like a real month: about 70% renders (65% generative,
// of those 80% PRO and 20% ULTRA; 35% stock), 20% clip edits and 10% image
// edits; actors none 50%, human 20%, virtual_pro 15%, ai_avatar 15%; 8% ads;
// render lengths log-normal between 5 s and 10 min, clip edits 1–15 s;
// activity weighted to weekday working hours (UTC); a few accounts doing most
// of the work (Zipf). A render and its edits share a video_id, account, actor
// and ad flag.
//
// # Charges
//
// charged_credits and charged_video_minutes are what the pricing core
// (package pricing, SPEC §3) says the event costs, except for a fraction
// [Config.ErrorRate] of events that get exactly one known fault
// ([Category]): overcharged, undercharged, uncharged, minutes_mismatch or
// duplicate_event. [Stats] counts the faults injected, so a test can check
// that a reconciliation finds exactly them. The faults are drawn uniformly;
// one that does not fit the event drawn for it (an undercharge of an event
// costing under 0.50 credits, a minutes mismatch on anything but a stock
// render) waits for the next event it fits.
//
// # Billing ledger
//
// [WriteLedger] writes the billing ledger (SPEC §5) of the same log: the
// generator draws the same events from the same Config and hands them to
// the ledger writer instead of the CSV writer, and the ledger draws its own
// choices from a second PCG source, so the log is untouched. Every event the
// log charges (its inline columns are not empty) gets one row billing
// exactly those credits and video minutes, charged_at 1–30 s after
// created_at; a duplicate row of the log gets none. So by default a
// reconciliation against the ledger finds what one against the inline
// columns finds.
//
// On top of that, a fraction [Config.ErrorRate] of events draws one
// [LedgerFault], uniformly: a double charge (a second positive row of the
// same amount, half of them followed by a refund row that nets the event
// back to one charge), a partial refund of a correct charge, an orphan
// (rows for an event_id in no log, written next to the event that drew it)
// or a dropped charge (no row at all). Only an event whose inline charge is
// right gets a double charge, partial refund or dropped charge, so that each
// event shows as one known fault; one that does not fit waits for the next
// event it fits, as above. [LedgerStats] counts them, and
// [LedgerStats.Discrepancies] says what a ledger-mode reconciliation must
// find. Refund rows have negative credits (and minutes, where the charge
// had any) and come straight after the charge they refund, charged_at 1 hour
// to 3 days later. Every charged_at falls inside the month: one that would
// pass its end is held at the month's last millisecond. txn_ids are
// txn-<seed hash>-<n>, numbered in file order.
//
// [WriteCSV] writes the log as CSV; [WriteParquet] writes it as typed Parquet
// through DuckDB. [WriteLedgerParquet] does the same for the ledger.
// [WriteLogFile] and [WriteLedgerFile] write either to a file in a [Format]
// (CSV, gzipped CSV or Parquet), published only once complete.
package gen
