package job

import (
	"log/slog"

	"github.com/reconcile/reconcile/internal/store"
)

// noted is the Progress a run tells: the caller's (a progress bar, or
// nobody), and the lock's progress note, so that `reconcile status` can
// say the step a run is at and the rows it has read, with or without a
// terminal.
type noted struct {
	Progress
	lock *store.Lock
	log  *slog.Logger
}

// withNote returns p told of each step and row count as it is, and the
// lock's note too.
func withNote(p Progress, lock *store.Lock, log *slog.Logger) Progress {
	if p == nil {
		p = noProgress{}
	}
	return noted{Progress: p, lock: lock, log: log}
}

// Step implements Progress.
func (n noted) Step(name string, done, total int) {
	if err := n.lock.Step(name); err != nil {
		n.log.Debug("progress note not written", "err", err)
	}
	n.Progress.Step(name, done, total)
}

// Rows implements Progress.
func (n noted) Rows(rows int64) {
	if err := n.lock.Rows(rows); err != nil {
		n.log.Debug("progress note not written", "err", err)
	}
	n.Progress.Rows(rows)
}

// Read implements ReadProgress when the caller's Progress does.
func (n noted) Read(done, total int64) {
	if rp, ok := n.Progress.(ReadProgress); ok {
		rp.Read(done, total)
	}
}
