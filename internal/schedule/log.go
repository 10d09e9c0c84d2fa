package schedule

import (
	"context"
	"log/slog"
)

// cronLogger gives the cron's log lines to slog: its info lines (start,
// wake, run) at the level given, its errors (a recovered panic) as errors.
type cronLogger struct {
	log  *slog.Logger
	info slog.Level
}

func (l cronLogger) Info(msg string, keysAndValues ...any) {
	l.log.Log(context.Background(), l.info, "cron: "+msg, keysAndValues...)
}

func (l cronLogger) Error(err error, msg string, keysAndValues ...any) {
	l.log.Error("cron: "+msg, append([]any{"error", err}, keysAndValues...)...)
}

// skipLogger says why SkipIfStillRunning skipped a tick (its one line is
// "skip").
type skipLogger struct{ log *slog.Logger }

func (l skipLogger) Info(msg string, keysAndValues ...any) {
	l.log.Warn(msg+": a tick came while the run before was still going", keysAndValues...)
}

func (l skipLogger) Error(err error, msg string, keysAndValues ...any) {
	l.log.Error(msg, append([]any{"error", err}, keysAndValues...)...)
}
