// Package gen generates synthetic render logs (SPEC §2) for tests, benchmarks
// and the shipped fixtures.
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
// [WriteCSV] writes the log as CSV; [WriteParquet] writes it as typed Parquet
// through DuckDB.
package gen
