package schedule

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// patience is how long a test waits for something that should happen
// within a second or two: generous, for a loaded machine.
const patience = 60 * time.Second

func TestSpecs(t *testing.T) {
	from := time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		spec string
		next time.Time // from 2026-07-01 12:00 UTC; zero: any
	}{
		{"0 2 * * *", time.Time{}},
		{"*/15 * * * 1-5", time.Time{}},
		{"@daily", time.Time{}},
		{"@hourly", time.Time{}},
		{"@every 10m", from.Add(10 * time.Minute)},
		{"CRON_TZ=Europe/Berlin 30 2 * * *", time.Date(2026, 7, 2, 0, 30, 0, 0, time.UTC)},
		{"CRON_TZ=UTC 0 2 1 * *", time.Date(2026, 8, 1, 2, 0, 0, 0, time.UTC)},
	} {
		t.Run(tc.spec, func(t *testing.T) {
			s, err := parseSpec(tc.spec)
			if err != nil {
				t.Fatalf("got %v, want the spec taken", err)
			}
			if got := s.Next(from); !tc.next.IsZero() && !got.Equal(tc.next) {
				t.Errorf("next run got %s, want %s", got.UTC(), tc.next)
			}
		})
	}
	for _, spec := range []string{
		"", "every night", "61 2 * * *", "0 25 * * *", "0 0 2 * * *", "* * * *",
		"@every", "@every 10", "@sometimes", "CRON_TZ=Nowhere/Atall 0 2 * * *",
	} {
		t.Run("bad "+spec, func(t *testing.T) {
			err := Config{Spec: spec, Grace: time.Minute}.Validate()
			if want := fmt.Sprintf("cron %q: ", spec); err == nil || !strings.HasPrefix(err.Error(), want) {
				t.Errorf("got %v, want an error starting %q", err, want)
			}
		})
	}
}

// TestConfig: New takes a Config that names when to run and what, and its
// errors name the field.
func TestConfig(t *testing.T) {
	job := func(context.Context) error { return nil }
	for _, tc := range []struct {
		name string
		cfg  Config
		want string // the error; "" none
	}{
		{"valid", Config{Spec: "@daily", Grace: time.Minute, Job: job}, ""},
		{"grace 0", Config{Spec: "0 2 * * *", Job: job}, ""},
		{"negative grace", Config{Spec: "@daily", Grace: -time.Second, Job: job}, "grace -1s: want a duration of zero or more"},
		{"no spec", Config{Job: job}, `cron "": `},
		{"no job", Config{Spec: "@daily"}, "schedule: no job to run"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.cfg)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("got %v, want no error", err)
			case tc.want != "" && (err == nil || !strings.HasPrefix(err.Error(), tc.want)):
				t.Errorf("got %v, want an error starting %q", err, tc.want)
			}
		})
	}
}

// TestSchedulerStop pins the signal rule: the first signal lets the run in
// flight finish; a second signal, the end of the grace, or a grace of 0
// cancels it.
func TestSchedulerStop(t *testing.T) {
	for _, tc := range []struct {
		name   string
		grace  time.Duration
		second bool   // send a second signal once the stop has begun
		finish bool   // let the run finish once the stop has begun
		want   string // in the last log line
	}{
		{"first signal lets the run finish", time.Hour, false, true, "schedule stopped: the run in flight finished"},
		{"second signal cancels the run", time.Hour, true, false, "schedule stopped: the run in flight was cancelled (a second signal) and rolled back"},
		{"grace ends", 100 * time.Millisecond, false, false, "schedule stopped: the run in flight was cancelled (--grace 100ms passed) and rolled back"},
		{"grace 0 cancels at once", 0, false, false, "schedule stopped: the run in flight was cancelled (--grace 0) and rolled back"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			log := &syncBuffer{}
			run := newFakeRun()
			sigs := make(chan os.Signal, 4)
			stop, done := serve(t, Config{Spec: "@every 1h", RunNow: true, Grace: tc.grace, Job: run.run}, log, sigs)

			runCtx := run.waitStarted(t)
			sendStop(stop, sigs)
			if tc.grace > 0 {
				log.waitFor(t, "stopping: letting the run in flight finish")
				if tc.grace > time.Second {
					time.Sleep(200 * time.Millisecond) // give a wrong cancel the time to show
					if runCtx.Err() != nil {
						t.Fatal("the first signal cancelled the run in flight")
					}
				}
			}
			if tc.second {
				sigs <- syscall.SIGTERM
			}
			if tc.finish {
				close(run.release)
			}
			waitServed(t, done)
			log.waitFor(t, tc.want)
		})
	}

	t.Run("no run in flight", func(t *testing.T) {
		log := &syncBuffer{}
		sigs := make(chan os.Signal, 4)
		stop, done := serve(t, Config{Spec: "@every 1h", Grace: time.Hour, Job: func(context.Context) error { return nil }}, log, sigs)
		log.waitFor(t, "schedule started")
		sendStop(stop, sigs)
		waitServed(t, done)
		log.waitFor(t, "schedule stopped: no run was in flight")
	})

	// A context ended by something else than a signal counts as the first
	// stop request: the first signal is then the second.
	t.Run("cancelled context then one signal", func(t *testing.T) {
		log := &syncBuffer{}
		run := newFakeRun()
		sigs := make(chan os.Signal, 4)
		stop, done := serve(t, Config{Spec: "@every 1h", RunNow: true, Grace: time.Hour, Job: run.run}, log, sigs)
		run.waitStarted(t)
		stop(nil) // a plain cancel: the cause is context.Canceled
		log.waitFor(t, "stopping: letting the run in flight finish")
		sigs <- syscall.SIGINT
		waitServed(t, done)
		log.waitFor(t, "cancelled (a second signal) and rolled back")
	})
}

// TestSchedulerKeepsGoing: a tick during a run is skipped and logged, and
// neither a failed run nor a panicking one ends the schedule.
func TestSchedulerKeepsGoing(t *testing.T) {
	t.Run("skip", func(t *testing.T) {
		log := &syncBuffer{}
		run := newFakeRun()
		sigs := make(chan os.Signal, 4)
		stop, done := serve(t, Config{Spec: "@every 1s", RunNow: true, Job: run.run}, log, sigs)
		run.waitStarted(t)
		log.waitFor(t, "skip: a tick came while the run before was still going")
		sendStop(stop, sigs)
		waitServed(t, done)
		if n := run.calls.Load(); n != 1 {
			t.Errorf("got %d runs, want 1: the ticks during it skipped", n)
		}
	})

	t.Run("failed and panicking runs", func(t *testing.T) {
		log := &syncBuffer{}
		var calls atomic.Int32
		third := make(chan struct{})
		run := func(context.Context) error {
			switch calls.Add(1) {
			case 1:
				panic("boom")
			case 2:
				return fmt.Errorf("run: %w", hinted{errors.New("lock r.duckdb: held"), "wait for it"})
			case 3:
				close(third)
			}
			return nil
		}
		sigs := make(chan os.Signal, 4)
		stop, done := serve(t, Config{Spec: "@every 1s", RunNow: true, Grace: time.Hour, Job: run}, log, sigs)
		select {
		case <-third:
		case <-time.After(patience):
			t.Fatalf("no third run after %s; log:\n%s", patience, log)
		}
		sendStop(stop, sigs)
		waitServed(t, done)
		log.waitFor(t, `level=ERROR msg="cron: panic" error=boom`)
		log.waitFor(t, `level=ERROR msg="run failed: the schedule goes on" error="run: lock r.duckdb: held"`)
		log.waitFor(t, `hint="wait for it"`)
	})
}

// hinted is an error with a hint, as the command line makes them.
type hinted struct {
	err  error
	hint string
}

func (e hinted) Error() string { return e.err.Error() }
func (e hinted) Hint() string  { return e.hint }

// serve starts Serve on a Scheduler of cfg that logs to log and listens on
// sigs. It returns the cancel of Serve's context and a channel closed when
// Serve returns.
func serve(t *testing.T, cfg Config, log *syncBuffer, sigs chan os.Signal) (context.CancelCauseFunc, <-chan struct{}) {
	t.Helper()
	cfg.Log = slog.New(slog.NewTextHandler(log, nil))
	cfg.Signals = sigs
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancelCause(context.Background())
	t.Cleanup(func() { stop(nil) })
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.Serve(ctx)
	}()
	return stop, done
}

// sendStop does what SIGTERM does to reconcile: signal.NotifyContext
// ends the context with the signal as its cause, and the scheduler's own
// channel gets the signal too.
func sendStop(stop context.CancelCauseFunc, sigs chan os.Signal) {
	sigs <- syscall.SIGTERM
	stop(errors.New("terminated signal received"))
}

func waitServed(t *testing.T, done <-chan struct{}) {
	t.Helper()
	select {
	case <-done:
	case <-time.After(patience):
		t.Fatalf("Serve still going after %s", patience)
	}
}

// fakeRun is a run that goes on until released or cancelled.
type fakeRun struct {
	calls   atomic.Int32
	started chan context.Context
	release chan struct{}
}

func newFakeRun() *fakeRun {
	return &fakeRun{started: make(chan context.Context, 16), release: make(chan struct{})}
}

func (f *fakeRun) run(ctx context.Context) error {
	f.calls.Add(1)
	f.started <- ctx
	select {
	case <-f.release:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (f *fakeRun) waitStarted(t *testing.T) context.Context {
	t.Helper()
	select {
	case ctx := <-f.started:
		return ctx
	case <-time.After(patience):
		t.Fatalf("no run started after %s", patience)
		return nil
	}
}

// syncBuffer is a log that a test reads while the code under test writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// waitFor waits until the log holds want.
func (s *syncBuffer) waitFor(t *testing.T, want string) {
	t.Helper()
	deadline := time.Now().Add(patience)
	for !strings.Contains(s.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("log lacks %q after %s:\n%s", want, patience, s)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
