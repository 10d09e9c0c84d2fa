// Package schedule runs one job, again and again, at the times a cron spec
// names, until it is told to stop; it is what `reconcile schedule` does
// around each run (SPEC §8), kept apart from the command line so that it
// can be tested with a fake job.
//
// The spec is five fields, minute hour day-of-month month day-of-week (no
// seconds), or a descriptor (@daily, @every 10m), read in the machine's
// time zone unless it starts with CRON_TZ=ZONE.
//
// Runs never overlap: a tick that comes while a run is still going is
// skipped and logged ("skip"). A run that fails, or panics, is logged and
// the schedule goes on.
//
// Stopping: when the context given to [Scheduler.Serve] ends, no new run
// starts and a run in flight is let finish. It is cancelled (its context
// ends, so that it rolls back) when a second stop signal comes, when
// [Config.Grace] has passed, or at once with no grace. Serve then returns,
// and its last log line says whether a run was in flight and how it ended.
//
// The package does not listen for signals itself: the process does, and
// hands them in on [Config.Signals].
package schedule
