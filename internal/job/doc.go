// Package job runs one reconciliation (SPEC §1): it ingests render logs,
// prices them, records events, rejects, duplicates and discrepancies in the
// database, and writes the reports, all as one transaction. A run that fails
// commits nothing and leaves the last good reports where they were.
package job
