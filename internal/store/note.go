package store

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/reconcile/reconcile/internal/atomicfs"
)

// NotePath is the progress note of the database at path: the note of the
// lock's holder (a [Holder]) with the step it is at and the input rows it
// has read so far. The lock file itself only carries the holder's note as
// it was when the lock was taken: it is the file the lock is on, so it
// cannot be replaced by a rename, and rewritten in place a reader could
// find it half written. The progress note is replaced whole at each change
// (atomicfs), so a reader finds the last one or the one before.
func NotePath(path string) string { return path + ".progress.json" }

// noteEvery is how often a change in rows alone is written: a run tells of
// its rows as often as it likes, and the note costs nothing for it.
const noteEvery = 500 * time.Millisecond

// note is the progress note a lock keeps.
type note struct {
	mu      sync.Mutex
	path    string
	holder  Holder
	written time.Time // when the note was last written
	pending bool      // rows changed since
}

// Step records that the holder began the named step, in the progress
// note, at once. An error says the note could not be written; the lock
// holds all the same.
func (l *Lock) Step(name string) error {
	if l == nil || l.note == nil {
		return nil
	}
	n := l.note
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.holder.Step == name && !n.pending {
		return nil
	}
	n.holder.Step = name
	return n.write(time.Now())
}

// Rows records that the holder has read rows input rows so far, in the
// progress note: at once if the last write is noteEvery ago, else with the
// next write.
func (l *Lock) Rows(rows int64) error {
	if l == nil || l.note == nil {
		return nil
	}
	n := l.note
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.holder.Rows == rows {
		return nil
	}
	n.holder.Rows = rows
	now := time.Now()
	if now.Sub(n.written) < noteEvery {
		n.pending = true
		return nil
	}
	return n.write(now)
}

// write replaces the progress note with the holder's; n.mu is held.
func (n *note) write(now time.Time) error {
	n.holder.Updated = now.UTC()
	b, err := json.Marshal(n.holder)
	if err != nil {
		return fmt.Errorf("progress note %s: %w", n.path, err)
	}
	err = atomicfs.WriteFile(n.path, func(w io.Writer) error {
		_, err := w.Write(append(b, '\n'))
		return err
	})
	if err != nil {
		return fmt.Errorf("progress note: %w", err)
	}
	n.written, n.pending = now, false
	return nil
}

// remove deletes the progress note, before the lock is released.
func (n *note) remove() {
	if n != nil {
		_ = os.Remove(n.path)
	}
}

// readNote returns the progress note of h's lock when the note is h's:
// the same process, started at the same time. A note left by a holder
// that was killed is another's, and ignored.
func readNote(path string, h Holder) (Holder, bool) {
	b, err := os.ReadFile(NotePath(path))
	if err != nil {
		return h, false
	}
	var p Holder
	if err := json.Unmarshal(b, &p); err != nil || p.PID != h.PID || !p.Started.Equal(h.Started) {
		return h, false
	}
	return p, true
}
