package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/robfig/cron/v3"
	"github.com/spf13/cobra"

	"github.com/reconcile/reconcile/internal/ingest"
)

const scheduleExample = `  # every night at 02:00 (the machine's time zone), reports in out/<run time>/ and out/latest
  reconcile schedule --cron "0 2 * * *" --input /data/logs/ --db /data/reconcile.duckdb --out /data/out/

  # 02:00 in Berlin, and once right away
  reconcile schedule --cron "CRON_TZ=Europe/Berlin 0 2 * * *" --run-now --input logs/ --out out/

  # every ten minutes; on SIGTERM give the run in flight a minute, then roll it back
  reconcile schedule --cron "@every 10m" --grace 1m --input 'incoming/*.csv.gz'`

// cronParser reads --cron: five fields (no seconds), the descriptors
// (@daily, @every 10m) and a CRON_TZ= prefix.
var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

type scheduleFlags struct {
	run    runFlags
	cron   string
	runNow bool
	grace  time.Duration
}

func newScheduleCmd(g *globals) *cobra.Command {
	var f scheduleFlags
	cmd := &cobra.Command{
		Use:   "schedule --cron SPEC --input PATH... [flags]",
		Short: "Keep running and do what run does at the times a cron spec names",
		Long: `schedule stays in the foreground and, at each time the cron spec names, does
what run does with the same flags: it reads the input files no run has read,
prices them, stores them and writes the reports. Each run's reports go to a
folder of their own, --out/<run time>/ (UTC), and --out/latest points at the
newest. A tick that finds no new file records no run and says "nothing new
to read". The database is locked only while a run is going.

The spec is five fields, minute hour day-of-month month day-of-week
("0 2 * * *" is 02:00 every day), or @yearly, @monthly, @weekly, @daily,
@hourly, or @every DURATION ("@every 10m"). It is in the machine's time zone
unless it starts with CRON_TZ=ZONE ("CRON_TZ=Europe/Berlin 0 2 * * *").
A bad spec exits 2 before anything runs.

A run that fails is logged at error level and commits nothing; the schedule
goes on, and the next run reads what it did not. A tick that comes while a
run is still going is skipped and logged ("skip"). --run-now runs once at
start, then keeps the schedule. --fail-on-discrepancy is for run only.

Stopping: on the first SIGINT or SIGTERM no new run starts, and a run in
flight is let finish. It is cancelled, and rolled back so that it commits
nothing, when a second signal comes or when --grace has passed since the
first; --grace 0 cancels it at once. schedule then exits 0, and its last log
line says whether a run was in flight and whether it finished or was
cancelled.

Exit codes: 0 stopped by a signal; 2 bad usage, spec or price book.`,
		Example: scheduleExample,
		RunE: func(cmd *cobra.Command, args []string) error {
			f.run.inputs = append(f.run.inputs, args...)
			return runSchedule(cmd.Context(), g, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.cron, "cron", "", `when to run: "MIN HOUR DOM MON DOW", @daily, @hourly, @every 10m...; a "CRON_TZ=ZONE " prefix sets the time zone`)
	fl.BoolVar(&f.runNow, "run-now", false, "also run once at start")
	fl.DurationVar(&f.grace, "grace", 5*time.Minute, "after SIGINT or SIGTERM, how long a run in flight may go on before it is cancelled (0: at once)")
	addRunFlags(fl, &f.run)
	_ = fl.MarkHidden("fail-on-discrepancy")
	return cmd
}

func runSchedule(ctx context.Context, g *globals, f scheduleFlags) error {
	if f.cron == "" {
		return usagef(`no --cron given: say when to run, e.g. --cron "0 2 * * *" or --cron @daily`)
	}
	sched, err := cronParser.Parse(f.cron)
	if err != nil {
		return usagef("--cron %q: %w", f.cron, err)
	}
	if f.grace < 0 {
		return usagef("--grace %s: want a duration of zero or more", f.grace)
	}
	if f.run.failOnDis {
		return usageError{hinted{
			errors.New("--fail-on-discrepancy is for run: a schedule goes on whatever a run finds"),
			"watch the discrepancies in --out/latest/, or run `reconcile run --fail-on-discrepancy` from a scheduler of your own",
		}}
	}
	cfg, err := runConfig(g, f.run)
	if err != nil {
		return err
	}
	cfg.PerRunDir = true
	cfg.Command = "reconcile schedule"

	// signal.NotifyContext ends ctx at the first signal and swallows the
	// ones after; this channel gets them all, so that stop can tell the
	// second.
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)

	s := &scheduler{
		spec:     f.cron,
		schedule: sched,
		grace:    f.grace,
		runNow:   f.runNow,
		log:      cfg.Log,
		signals:  sigs,
		run: func(ctx context.Context) error {
			_, err := runJob(ctx, g, cfg)
			if errors.Is(err, ingest.ErrNoInput) {
				// An input folder that is empty until the first file
				// lands is no failure of a schedule.
				fmt.Fprintf(g.stdout, "nothing new to read: %s\n", oneLine(err.Error()))
				cfg.Log.Info("nothing new to read", "reason", err.Error())
				return nil
			}
			return err
		},
	}
	return s.serve(ctx)
}

// scheduler runs one job at the times a cron schedule names until its
// context ends, then stops by the rule in schedule's help.
type scheduler struct {
	spec     string
	schedule cron.Schedule
	grace    time.Duration
	runNow   bool
	log      *slog.Logger
	run      func(context.Context) error // one run; its context is cancelled to roll it back
	signals  <-chan os.Signal            // the stop signals, delivered from before serve is called

	inFlight atomic.Int32
	mu       sync.Mutex
	lastEnd  string // how the last run to end after the stop began ended: finished, failed, cancelled
}

// serve runs the schedule. It returns nil once ctx has ended and no run is
// going; only a spec the parser refuses is an error.
func (s *scheduler) serve(ctx context.Context) error {
	if ctx.Err() != nil {
		return nil
	}
	runCtx, cancelRuns := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelRuns()

	c := cron.New(
		cron.WithParser(cronParser),
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
		err := s.run(runCtx)
		took := slog.Duration("took", time.Since(start).Round(time.Millisecond))
		switch {
		case err != nil && runCtx.Err() != nil:
			s.ended(ctx, "cancelled")
			s.log.Warn("run cancelled: it commits nothing", "error", err, took)
		case err != nil:
			s.ended(ctx, "failed")
			attrs := []any{"error", err, took}
			var h hinted
			if errors.As(err, &h) {
				attrs = append(attrs, "hint", h.hint)
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
	id, err := c.AddJob(s.spec, job)
	if err != nil {
		return usagef("--cron %q: %w", s.spec, err)
	}
	wrapped := c.Entry(id).WrappedJob // the one SkipIfStillRunning guards
	c.Start()
	attrs := append([]any{"spec", s.spec}, s.next(c.Entry(id).Next)...)
	s.log.Info("schedule started", append(attrs, "zone", s.zoneName(), "run_now", s.runNow, "grace", s.grace.String())...)

	runNowDone := make(chan struct{})
	if s.runNow {
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
	return s.stop(ctx, idle, cancelRuns)
}

// stop waits for the run in flight after ctx has ended: until idle is
// closed, cancelling the run at the second signal, when the grace has
// passed, or at once with no grace.
func (s *scheduler) stop(ctx context.Context, idle <-chan struct{}, cancelRuns func()) error {
	// When a signal ended ctx, that signal is in s.signals too. Such a
	// context has a cause of its own (which errors.Is takes for
	// context.Canceled); one cancelled otherwise has ctx.Err() as cause.
	signals := 0
	if cause := context.Cause(ctx); cause != ctx.Err() {
		signals = -1
	}
	busy := s.inFlight.Load() > 0
	var cancelledBy string
	var grace <-chan time.Time
	switch {
	case s.grace == 0:
		cancelledBy = "--grace 0"
		cancelRuns()
		if busy {
			s.log.Warn("stopping: cancelling the run in flight at once (--grace 0)")
		}
	default:
		// Armed even when no run seems busy: a --run-now run may be
		// just starting.
		t := time.NewTimer(s.grace)
		defer t.Stop()
		grace = t.C
		if busy {
			s.log.Info("stopping: letting the run in flight finish; a second signal cancels it", "grace", s.grace.String())
		}
	}
	for cancelledBy == "" {
		select {
		case <-idle:
			return s.stopped(busy, cancelledBy)
		case <-s.signals:
			if signals++; signals < 1 {
				continue
			}
			cancelledBy = "a second signal"
		case <-grace:
			cancelledBy = "--grace " + s.grace.String() + " passed"
		}
		s.log.Warn("stopping: cancelling the run in flight ("+cancelledBy+")", "grace", s.grace.String())
		cancelRuns()
	}
	<-idle
	return s.stopped(busy, cancelledBy)
}

// stopped logs the last line: whether a run was in flight and how it
// ended.
func (s *scheduler) stopped(busy bool, cancelledBy string) error {
	s.mu.Lock()
	end := s.lastEnd
	s.mu.Unlock()
	switch {
	case end == "cancelled":
		s.log.Info("schedule stopped: the run in flight was cancelled ("+cancelledBy+") and rolled back", "in_flight", end)
	case end == "failed":
		s.log.Info("schedule stopped: the run in flight failed", "in_flight", end)
	case end == "finished" && cancelledBy != "" && busy:
		s.log.Info("schedule stopped: the run in flight finished before the cancel ("+cancelledBy+") reached it", "in_flight", end)
	case end == "finished":
		s.log.Info("schedule stopped: the run in flight finished", "in_flight", end)
	default:
		s.log.Info("schedule stopped: no run was in flight", "in_flight", "none")
	}
	return nil
}

// ended notes how a run ended, if it ended after the stop began.
func (s *scheduler) ended(ctx context.Context, how string) {
	if ctx.Err() == nil {
		return
	}
	s.mu.Lock()
	s.lastEnd = how
	s.mu.Unlock()
}

// zone is the time zone the spec is read in.
func (s *scheduler) zone() *time.Location {
	if ss, ok := s.schedule.(*cron.SpecSchedule); ok {
		return ss.Location
	}
	return time.Local
}

// zoneName names the spec's zone; the machine's as "Local (CET)".
func (s *scheduler) zoneName() string {
	z := s.zone()
	if z == time.Local {
		return "Local (" + time.Now().In(z).Format("MST") + ")"
	}
	return z.String()
}

// next gives the log attributes of the next run time: in UTC, and in the
// spec's zone.
func (s *scheduler) next(t time.Time) []any {
	if t.IsZero() {
		return []any{"next", "never"}
	}
	return []any{"next", t.UTC().Format(time.RFC3339), "next_local", t.In(s.zone()).Format(time.RFC3339)}
}

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
