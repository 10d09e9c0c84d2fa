package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/gofrs/flock"
)

// Holder says who holds a database's write lock and, from its progress
// note ([NotePath]), how far it has got.
type Holder struct {
	PID     int       `json:"pid"`
	Started time.Time `json:"started"`
	Command string    `json:"command"`
	Step    string    `json:"step,omitempty"`   // the step it is at: "reading", "pricing", …; "" before the first
	Rows    int64     `json:"rows,omitempty"`   // input rows known read so far
	Updated time.Time `json:"updated,omitzero"` // when the progress note was last written
}

// LockedError reports a database whose write lock another process holds.
type LockedError struct {
	Path   string
	Holder Holder // zero when the holder left no note
}

func (e *LockedError) Error() string {
	if e.Holder.PID == 0 {
		return fmt.Sprintf("database %s is in use by another reconcile", e.Path)
	}
	msg := fmt.Sprintf("database %s is in use by pid %d (%s), started %s", e.Path, e.Holder.PID,
		e.Holder.Command, e.Holder.Started.UTC().Format(time.RFC3339))
	if e.Holder.Step != "" {
		msg += ", at step " + e.Holder.Step
	}
	return msg
}

// Lock is the write lock of a database: one writer at a time. It is an
// advisory lock (flock) on the file <db>.lock, which also holds a note of
// the holder so that others can name it. The kernel releases it when the
// process ends, however it ends. While it is held, [Lock.Step] and
// [Lock.Rows] keep a progress note beside it ([NotePath]).
type Lock struct {
	fl   *flock.Flock
	note *note
}

// LockPath is the lock file of the database at path.
func LockPath(path string) string { return path + ".lock" }

// AcquireLock takes the write lock of the database at path. If another
// process holds it, it retries until wait has passed, then returns a
// *LockedError naming the holder; wait 0 fails at once.
func AcquireLock(ctx context.Context, path string, wait time.Duration, command string) (*Lock, error) {
	fl := flock.New(LockPath(path))
	ok, err := fl.TryLock()
	// A reader asking whether a run holds the lock (CheckHeld) takes it
	// shared for an instant: a few quick tries keep that from failing a
	// run that does not wait.
	for try := 0; err == nil && !ok && wait == 0 && try < 5; try++ {
		time.Sleep(10 * time.Millisecond)
		ok, err = fl.TryLock()
	}
	if err == nil && !ok && wait > 0 {
		wctx, cancel := context.WithTimeout(ctx, wait)
		defer cancel()
		ok, err = fl.TryLockContext(wctx, 250*time.Millisecond)
		if errors.Is(err, context.DeadlineExceeded) {
			err = nil
		}
	}
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if !ok {
		h, _ := ReadHolder(path)
		return nil, &LockedError{Path: path, Holder: h}
	}
	h := Holder{PID: os.Getpid(), Started: time.Now().UTC(), Command: command}
	b, _ := json.Marshal(h)
	// The note replaces the previous holder's in the same file: the lock
	// is on the file itself, and writing it through another descriptor
	// leaves the lock where it is.
	_ = os.WriteFile(LockPath(path), append(b, '\n'), 0o644)
	l := &Lock{fl: fl, note: &note{path: NotePath(path), holder: h}}
	_ = l.note.write(time.Now()) // replaces a killed holder's at once
	return l, nil
}

// Release removes the progress note and gives the lock up.
func (l *Lock) Release() error {
	if l == nil {
		return nil
	}
	l.note.remove()
	return l.fl.Unlock()
}

// ReadHolder reads the note of the last holder of a database's lock, with
// its step and rows from the progress note when that is the same
// holder's.
func ReadHolder(path string) (Holder, error) {
	var h Holder
	b, err := os.ReadFile(LockPath(path))
	if err != nil {
		return h, err
	}
	if err := json.Unmarshal([]byte(strings.TrimSpace(string(b))), &h); err != nil {
		return h, fmt.Errorf("read the lock note of %s: %w", path, err)
	}
	h, _ = readNote(path, h)
	return h, nil
}

// Held says whether another process holds the lock now. A lock file this
// process may not open (another user's, mode 0600) is not a held lock: see
// CheckHeld for the error.
func Held(path string) bool {
	held, _ := CheckHeld(path)
	return held
}

// CheckHeld says whether another process holds the lock now, or why it
// cannot tell: a lock file it may not open says nothing about a run.
func CheckHeld(path string) (bool, error) {
	if _, err := os.Stat(LockPath(path)); err != nil {
		return false, nil
	}
	fl := flock.New(LockPath(path))
	ok, err := fl.TryRLock()
	if err != nil {
		return false, fmt.Errorf("cannot tell whether a run holds %s: %w", path, err)
	}
	if !ok {
		return true, nil
	}
	_ = fl.Unlock()
	return false, nil
}
