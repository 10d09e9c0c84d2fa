package job

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/reconcile/reconcile/queries"
)

// statement runs statement i of a step. With Config.ProfileDir it first
// asks DuckDB to write the statement's profile (the tree EXPLAIN ANALYZE
// prints, with each operator's time and rows) to <dir>/<seq>-<step>-<i>.txt,
// so that a slow step can be read operator by operator on a real run.
func (r *runner) statement(ctx context.Context, step string, i int, stmt string, args ...any) error {
	if r.cfg.ProfileDir == "" {
		_, err := r.conn.ExecContext(ctx, stmt, args...)
		return err
	}
	if r.profiled == 0 {
		if err := os.MkdirAll(r.cfg.ProfileDir, 0o755); err != nil {
			return fmt.Errorf("profile: %w", err)
		}
	}
	r.profiled++
	file := filepath.Join(r.cfg.ProfileDir, fmt.Sprintf("%02d-%s-%d.txt", r.profiled, step, i))
	on, err := queries.ProfileTo.Fill(file)
	if err != nil {
		return err
	}
	for _, set := range on.Statements() {
		if _, err := r.conn.ExecContext(ctx, set); err != nil {
			return fmt.Errorf("profile: %w", err)
		}
	}
	_, err = r.conn.ExecContext(ctx, stmt, args...)
	if _, derr := r.conn.ExecContext(context.WithoutCancel(ctx), queries.ProfileOff.Text); derr != nil && err == nil {
		err = fmt.Errorf("profile: %w", derr)
	}
	return err
}

// stopwatch returns a function that logs, at debug level, the seconds
// since its previous call (or since stopwatch) under the name of the stage
// that just ended.
func stopwatch(log *slog.Logger) func(stage string) {
	t := time.Now()
	return func(stage string) {
		log.Debug("stage", "name", stage, "seconds", time.Since(t).Seconds())
		t = time.Now()
	}
}
