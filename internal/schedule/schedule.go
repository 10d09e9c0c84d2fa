package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/robfig/cron/v3"
)

// cronParser reads a spec: five fields (no seconds), the descriptors
// (@daily, @every 10m) and a CRON_TZ= prefix.
var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// Config says when a Scheduler runs its job and how it stops.
type Config struct {
	// Spec is the cron spec (see the package doc).
	Spec string
	// RunNow runs the job once at start too, then keeps the schedule.
	RunNow bool
	// Grace is how long a run in flight may go on once the stop has begun
	// before it is cancelled; 0 cancels it at once.
	Grace time.Duration

	// Job is one run. Its context is cancelled to roll it back. An error
	// with a Hint() string method in its chain has the hint logged too.
	Job func(context.Context) error
	// Log gets the schedule's lines; nil logs nothing.
	Log *slog.Logger
	// Signals delivers the stop signals, from before Serve is called. When
	// the context given to Serve ends with a cause of its own, as one from
	// signal.NotifyContext does, the signal that ended it is taken to be on
	// Signals too, and so the next one is the second. Nil: no second signal.
	Signals <-chan os.Signal
}

// Validate checks the fields a user gives, Spec and Grace; its errors name
// the field ("cron ...", "grace ...").
func (c Config) Validate() error {
	if _, err := parseSpec(c.Spec); err != nil {
		return err
	}
	if c.Grace < 0 {
		return fmt.Errorf("grace %s: want a duration of zero or more", c.Grace)
	}
	return nil
}

func parseSpec(spec string) (cron.Schedule, error) {
	s, err := cronParser.Parse(spec)
	if err != nil {
		return nil, fmt.Errorf("cron %q: %w", spec, err)
	}
	return s, nil
}

// Scheduler runs one job at the times a cron spec names until the context
// given to Serve ends, then stops by the rule in the package doc.
type Scheduler struct {
	cfg      Config
	schedule cron.Schedule
	log      *slog.Logger

	inFlight atomic.Int32
	mu       sync.Mutex
	lastEnd  string // how the last run to end after the stop began ended: finished, failed, cancelled
}

// New makes a Scheduler of a valid Config with a Job.
func New(cfg Config) (*Scheduler, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.Job == nil {
		return nil, errors.New("schedule: no job to run")
	}
	sched, err := parseSpec(cfg.Spec)
	if err != nil {
		return nil, err
	}
	log := cfg.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Scheduler{cfg: cfg, schedule: sched, log: log}, nil
}

// Serve runs the schedule until ctx has ended and no run is going. It is
// meant to be called once.
func (s *Scheduler) Serve(ctx context.Context) {
	if ctx.Err() != nil {
		return
	}
	runCtx, cancelRuns := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelRuns()

	c := cron.New(
		cron.WithLogger(cronLogger{s.log, slog.LevelDebug}),
		// Recover inside SkipIfStillRunning: a panicking run must still
		// hand back the token that lets the next tick run.
		cron.WithChain(cron.SkipIfStillRunning(skipLogger{s.log}), cron.Recover(cronLogger{s.log, slog.LevelInfo})),
	)
	var id cron.EntryID
	job := cron.FuncJob(func() {
		s.inFlight.Add(1)
		defer s.inFlight.Add(-1)
		start := time.Now()
		s.log.Info("run starting")
		err := s.cfg.Job(runCtx)
		took := slog.Duration("took", time.Since(start).Round(time.Millisecond))
		switch {
		case err != nil && runCtx.Err() != nil:
			s.ended(ctx, "cancelled")
			s.log.Warn("run cancelled: it commits nothing", "error", err, took)
		case err != nil:
			s.ended(ctx, "failed")
			attrs := []any{"error", err, took}
			var h interface{ Hint() string }
			if errors.As(err, &h) {
				attrs = append(attrs, "hint", h.Hint())
			}
			s.log.Error("run failed: the schedule goes on", attrs...)
		default:
			s.ended(ctx, "finished")
			if ctx.Err() != nil {
				s.log.Info("run finished", took)
			} else {
				s.log.Info("run finished", append([]any{took}, s.next(c.Entry(id).Next)...)...)
			}
		}
	})
	id = c.Schedule(s.schedule, job)
	wrapped := c.Entry(id).WrappedJob // the one SkipIfStillRunning guards
	c.Start()
	attrs := append([]any{"spec", s.cfg.Spec}, s.next(c.Entry(id).Next)...)
	s.log.Info("schedule started", append(attrs, "zone", s.zoneName(), "run_now", s.cfg.RunNow, "grace", s.cfg.Grace.String())...)

	runNowDone := make(chan struct{})
	if s.cfg.RunNow {
		go func() {
			defer close(runNowDone)
			wrapped.Run()
		}()
	} else {
		close(runNowDone)
	}

	<-ctx.Done()
	stopped := c.Stop()
	idle := make(chan struct{})
	go func() {
		<-stopped.Done()
		<-runNowDone
		close(idle)
	}()
	s.stop(ctx, idle, cancelRuns)
}

// zone is the time zone the spec is read in.
func (s *Scheduler) zone() *time.Location {
	if ss, ok := s.schedule.(*cron.SpecSchedule); ok {
		return ss.Location
	}
	return time.Local
}

// zoneName names the spec's zone; the machine's as "Local (CET)".
func (s *Scheduler) zoneName() string {
	z := s.zone()
	if z == time.Local {
		return "Local (" + time.Now().In(z).Format("MST") + ")"
	}
	return z.String()
}

// next gives the log attributes of the next run time: in UTC, and in the
// spec's zone.
func (s *Scheduler) next(t time.Time) []any {
	if t.IsZero() {
		return []any{"next", "never"}
	}
	return []any{"next", t.UTC().Format(time.RFC3339), "next_local", t.In(s.zone()).Format(time.RFC3339)}
}
