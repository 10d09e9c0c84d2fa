package job

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/reconcile/reconcile/internal/atomicfs"
	"github.com/reconcile/reconcile/internal/failpoint"
	"github.com/reconcile/reconcile/queries"
)

// stagingPrefix names the folders where a run writes its reports before
// its commit.
const stagingPrefix = ".staging-"

// newStaging makes a staging folder in out (created if missing), on the
// same file system as the reports so that moving them is a rename; with
// PerRunDir it is published as it is.
func newStaging(out string) (string, error) {
	stage, err := atomicfs.MkdirStage(out, stagingPrefix)
	if err != nil {
		return "", fmt.Errorf("report folder: %w", err)
	}
	return stage, nil
}

// publish moves a run's staged reports into place and returns their paths.
// When the reports have a folder of their own (dir is not the staging
// folder's parent), the whole folder is renamed to dir and the link
// "latest" beside it is pointed at it. Otherwise each file is renamed into
// dir. Each rename is atomic, and publish can be repeated after a crash: it
// moves what is left.
func publish(stage, dir string) ([]string, error) {
	parent := filepath.Dir(stage)
	if filepath.Clean(dir) != filepath.Clean(parent) {
		if err := os.Rename(stage, dir); err != nil {
			return nil, err
		}
		if err := pointLatest(parent, dir); err != nil {
			return nil, err
		}
		return listFiles(dir)
	}
	return atomicfs.MoveFiles(stage, dir, func(i int) {
		if i == 0 {
			failpoint.Hit("mid-publish")
		}
	})
}

// pointLatest makes parent/latest a link to dir, replacing the old link by
// a rename so that readers always find one.
func pointLatest(parent, dir string) error {
	tmp := filepath.Join(parent, ".latest-"+filepath.Base(dir))
	_ = os.Remove(tmp)
	if err := os.Symlink(filepath.Base(dir), tmp); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(parent, "latest"))
}

func listFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var files []string
	for _, e := range entries {
		files = append(files, filepath.Join(dir, e.Name()))
	}
	return files, nil
}

// finish marks a run succeeded, its reports in place.
func finish(ctx context.Context, db *sql.DB, runID string, took time.Duration) error {
	_, err := db.ExecContext(ctx, queries.MarkSucceeded.Text, took.Seconds(), runID)
	if err != nil {
		return fmt.Errorf("run %s: mark succeeded: %w", runID, err)
	}
	return nil
}

// recoverRuns finishes the runs that committed but died before their
// reports were all in place: it moves what is left of their staging
// folders. Then it removes the staging folders of runs that never
// committed, beside the reports of the runs it knows.
func recoverRuns(ctx context.Context, db *sql.DB, log *slog.Logger) error {
	rows, err := db.QueryContext(ctx, queries.CommittedRuns.Text)
	if err != nil {
		return fmt.Errorf("recover: %w", err)
	}
	type pending struct{ runID, dir, stage string }
	var todo []pending
	for rows.Next() {
		var p pending
		var dir, stage sql.NullString
		if err := rows.Scan(&p.runID, &dir, &stage); err != nil {
			rows.Close()
			return fmt.Errorf("recover: %w", err)
		}
		p.dir, p.stage = dir.String, stage.String
		todo = append(todo, p)
	}
	rows.Close()
	for _, p := range todo {
		if _, err := os.Stat(p.stage); err == nil {
			if _, err := publish(p.stage, p.dir); err != nil {
				return fmt.Errorf("recover run %s: move its reports into %s: %w", p.runID, p.dir, err)
			}
		} else if !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("recover run %s: %w", p.runID, err)
		}
		log.Info("finished an interrupted run: its reports are in place", "run_id", p.runID, "reports", p.dir)
		if err := finish(ctx, db, p.runID, 0); err != nil {
			return err
		}
	}
	return nil
}

// removeStale removes the staging folders in out that no committed run
// owns: what runs that died before their commit left behind. The caller
// holds the lock, and recoverRuns has run.
func removeStale(out string, log *slog.Logger) {
	entries, err := os.ReadDir(out)
	if err != nil {
		return
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), stagingPrefix) || strings.HasPrefix(e.Name(), ".latest-") {
			p := filepath.Join(out, e.Name())
			log.Info("removing what an interrupted run left", "path", p)
			os.RemoveAll(p)
		}
	}
}
