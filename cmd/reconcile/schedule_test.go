package main

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/reconcile/reconcile/internal/store"
)

// patience is how long a test waits for something that should happen
// within a second or two: generous, for a loaded machine.
const patience = 60 * time.Second

func TestCronSpecs(t *testing.T) {
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
			s, err := cronParser.Parse(tc.spec)
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
			if _, err := cronParser.Parse(spec); err == nil {
				t.Errorf("%q taken, want an error", spec)
			}
		})
	}
}

// TestSchedulerStop pins the signal rule: the first signal lets the run in
// flight finish; a second signal, the end of --grace, or --grace 0 cancels
// it.
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
			s := newTestScheduler(t, "@every 1h", log, run.run, sigs)
			s.grace = tc.grace
			s.runNow = true
			ctx, stop := context.WithCancelCause(context.Background())
			defer stop(nil)
			errc := make(chan error, 1)
			go func() { errc <- s.serve(ctx) }()

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
			waitErr(t, errc)
			log.waitFor(t, tc.want)
		})
	}

	t.Run("no run in flight", func(t *testing.T) {
		log := &syncBuffer{}
		sigs := make(chan os.Signal, 4)
		s := newTestScheduler(t, "@every 1h", log, func(context.Context) error { return nil }, sigs)
		ctx, stop := context.WithCancelCause(context.Background())
		errc := make(chan error, 1)
		go func() { errc <- s.serve(ctx) }()
		log.waitFor(t, "schedule started")
		sendStop(stop, sigs)
		waitErr(t, errc)
		log.waitFor(t, "schedule stopped: no run was in flight")
	})

	// A context ended by something else than a signal counts as the first
	// stop request: the first signal is then the second.
	t.Run("cancelled context then one signal", func(t *testing.T) {
		log := &syncBuffer{}
		run := newFakeRun()
		sigs := make(chan os.Signal, 4)
		s := newTestScheduler(t, "@every 1h", log, run.run, sigs)
		s.runNow = true
		ctx, cancel := context.WithCancel(context.Background())
		errc := make(chan error, 1)
		go func() { errc <- s.serve(ctx) }()
		run.waitStarted(t)
		cancel()
		log.waitFor(t, "stopping: letting the run in flight finish")
		sigs <- syscall.SIGINT
		waitErr(t, errc)
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
		s := newTestScheduler(t, "@every 1s", log, run.run, sigs)
		s.runNow = true
		s.grace = 0
		ctx, stop := context.WithCancelCause(context.Background())
		errc := make(chan error, 1)
		go func() { errc <- s.serve(ctx) }()
		run.waitStarted(t)
		log.waitFor(t, "skip: a tick came while the run before was still going")
		sendStop(stop, sigs)
		waitErr(t, errc)
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
				return hinted{errors.New("lock r.duckdb: held"), "wait for it"}
			case 3:
				close(third)
			}
			return nil
		}
		sigs := make(chan os.Signal, 4)
		s := newTestScheduler(t, "@every 1s", log, run, sigs)
		s.runNow = true
		ctx, stop := context.WithCancelCause(context.Background())
		errc := make(chan error, 1)
		go func() { errc <- s.serve(ctx) }()
		select {
		case <-third:
		case <-time.After(patience):
			t.Fatalf("no third run after %s; log:\n%s", patience, log)
		}
		sendStop(stop, sigs)
		waitErr(t, errc)
		log.waitFor(t, `level=ERROR msg="cron: panic" error=boom`)
		log.waitFor(t, `level=ERROR msg="run failed: the schedule goes on" error="lock r.duckdb: held"`)
		log.waitFor(t, `hint="wait for it"`)
	})
}

// TestScheduleSignals sends real signals to reconcile schedule while its
// run waits for the database lock this test holds.
func TestScheduleSignals(t *testing.T) {
	if testing.Short() {
		t.Skip("runs reconcile")
	}
	for _, tc := range []struct {
		name    string
		grace   string
		then    func(t *testing.T, cmd *exec.Cmd, lock *store.Lock)
		want    string
		reports bool
	}{
		{"first SIGTERM lets the run finish", "5m", func(t *testing.T, _ *exec.Cmd, lock *store.Lock) {
			lock.Release()
		}, "schedule stopped: the run in flight finished", true},
		{"second SIGTERM cancels it", "5m", func(t *testing.T, cmd *exec.Cmd, _ *store.Lock) {
			if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
		}, "schedule stopped: the run in flight was cancelled (a second signal) and rolled back", false},
		{"grace ends", "1s", func(*testing.T, *exec.Cmd, *store.Lock) {},
			"schedule stopped: the run in flight was cancelled (--grace 1s passed) and rolled back", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.Mkdir(filepath.Join(dir, "in"), 0o755); err != nil {
				t.Fatal(err)
			}
			csv := "event_id,video_id,account_id,created_at,kind,media,model,actor,is_ad,duration_ms,images,charged_credits,charged_video_minutes\n" +
				"e1,v1,acct-1,2026-10-01T10:00:00Z,render,generative,pro,human,false,60000,,25.00,0\n"
			if err := os.WriteFile(filepath.Join(dir, "in", "a.csv"), []byte(csv), 0o644); err != nil {
				t.Fatal(err)
			}
			db := filepath.Join(dir, "r.duckdb")
			lock, err := store.AcquireLock(context.Background(), db, 0, "schedule_test")
			if err != nil {
				t.Fatal(err)
			}
			defer lock.Release()

			log := &syncBuffer{}
			cmd := exec.Command("reconcile", "schedule", "--cron", "@every 1h", "--run-now", "--grace", tc.grace,
				"--wait", "10m", "--input", "in", "--db", "r.duckdb", "--out", "out")
			cmd.Dir = dir
			cmd.Stderr = log
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			defer func() {
				if cmd.ProcessState == nil {
					cmd.Process.Kill()
					<-exited
				}
			}()

			log.waitFor(t, `msg="run starting"`)
			if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			log.waitFor(t, "stopping: letting the run in flight finish")
			tc.then(t, cmd, lock)
			select {
			case err := <-exited:
				if err != nil {
					t.Fatalf("reconcile schedule: %v, want exit 0; log:\n%s", err, log)
				}
			case <-time.After(patience):
				t.Fatalf("reconcile schedule still going after %s; log:\n%s", patience, log)
			}
			if !strings.Contains(log.String(), tc.want) {
				t.Errorf("log lacks %q:\n%s", tc.want, log)
			}
			_, err = os.Stat(filepath.Join(dir, "out", "latest", "discrepancies.csv"))
			if got := err == nil; got != tc.reports {
				t.Errorf("reports in out/latest: got %v, want %v", got, tc.reports)
			}
		})
	}
}

func newTestScheduler(t *testing.T, spec string, log *syncBuffer, run func(context.Context) error, sigs chan os.Signal) *scheduler {
	t.Helper()
	sched, err := cronParser.Parse(spec)
	if err != nil {
		t.Fatal(err)
	}
	return &scheduler{
		spec:     spec,
		schedule: sched,
		grace:    time.Hour,
		log:      slog.New(slog.NewTextHandler(log, nil)),
		run:      run,
		signals:  sigs,
	}
}

// sendStop does what SIGTERM does to reconcile: signal.NotifyContext
// ends the context with the signal as its cause, and the scheduler's own
// channel gets the signal too.
func sendStop(stop context.CancelCauseFunc, sigs chan os.Signal) {
	sigs <- syscall.SIGTERM
	stop(errors.New("terminated signal received"))
}

func waitErr(t *testing.T, errc <-chan error) {
	t.Helper()
	select {
	case err := <-errc:
		if err != nil {
			t.Fatalf("serve: %v, want nil", err)
		}
	case <-time.After(patience):
		t.Fatalf("serve still going after %s", patience)
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
