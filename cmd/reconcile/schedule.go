package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/reconcile/reconcile/internal/ingest"
	"github.com/reconcile/reconcile/internal/schedule"
)

const scheduleExample = `  # every night at 02:00 (the machine's time zone), reports in out/<run time>/ and out/latest
  reconcile schedule --cron "0 2 * * *" --input /data/logs/ --db /data/reconcile.duckdb --out /data/out/

  # 02:00 in Berlin, and once right away
  reconcile schedule --cron "CRON_TZ=Europe/Berlin 0 2 * * *" --run-now --input logs/ --out out/

  # every ten minutes; on SIGTERM give the run in flight a minute, then roll it back
  reconcile schedule --cron "@every 10m" --grace 1m --input 'incoming/*.csv.gz'`

// scheduleFlags are run's flags and, in sched, the schedule's own.
type scheduleFlags struct {
	run   runFlags
	sched schedule.Config
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
run is still going is skipped and logged ("skip"). Each run that commits or
fails is told to --notify and --metrics-file as run tells it; a tick that
finds nothing new notifies nobody, and the metrics file says it succeeded.
--run-now runs once at start, then keeps the schedule. --fail-on-discrepancy is for run only.

Stopping: on the first SIGINT or SIGTERM no new run starts, and a run in
flight is let finish. It is cancelled, and rolled back so that it commits
nothing, when a second signal comes or when --grace has passed since the
first; --grace 0 cancels it at once. schedule then exits 0, and its last log
line says whether a run was in flight and whether it finished or was
cancelled.

Exit codes: 0 stopped by a signal; 2 bad usage, spec or price book.`,
		Example: scheduleExample,
		// The paths after the flags are --input values (then not also those of RECONCILE_INPUT or --config).
		Annotations: map[string]string{argsFlagAnnotation: "input"},
		RunE: func(cmd *cobra.Command, args []string) error {
			f.run.inputs = append(f.run.inputs, args...)
			return runSchedule(cmd.Context(), g, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.sched.Spec, "cron", "", `when to run: "MIN HOUR DOM MON DOW", @daily, @hourly, @every 10m...; a "CRON_TZ=ZONE " prefix sets the time zone`)
	fl.BoolVar(&f.sched.RunNow, "run-now", false, "also run once at start")
	fl.DurationVar(&f.sched.Grace, "grace", 5*time.Minute, "after SIGINT or SIGTERM, how long a run in flight may go on before it is cancelled (0: at once)")
	addRunFlags(fl, &f.run)
	_ = fl.MarkHidden("fail-on-discrepancy")
	_ = fl.MarkHidden("fail-on")
	return cmd
}

func runSchedule(ctx context.Context, g *globals, f scheduleFlags) error {
	sc := f.sched
	if sc.Spec == "" {
		return usagef(`no --cron given: say when to run, e.g. --cron "0 2 * * *" or --cron @daily`)
	}
	if err := sc.Validate(); err != nil { // before runConfig: a bad spec is named first
		return usagef("--%w", err)
	}
	if f.run.failOnDis || len(f.run.failOn) > 0 {
		flag := "--fail-on-discrepancy"
		if !f.run.failOnDis {
			flag = "--fail-on"
		}
		return usageError{hinted{
			fmt.Errorf("%s is for run: a schedule goes on whatever a run finds", flag),
			"watch the discrepancies in --out/latest/, or run `reconcile run " + flag + "` from a scheduler of your own",
		}}
	}
	cfg, err := runConfig(g, f.run)
	if err != nil {
		return err
	}
	cfg.PerRunDir = true
	cfg.Command = "reconcile schedule"
	out, err := newOutcome(g, f.run.outcome, cfg.Command, cfg.DBPath)
	if err != nil {
		return err
	}

	// signal.NotifyContext (in Main) ends ctx at the first signal and swallows
	// the ones after; this channel gets them all, so the second can be told.
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)

	sc.Log = cfg.Log
	sc.Signals = sigs
	sc.Job = func(ctx context.Context) error {
		started := time.Now()
		res, err := runJob(ctx, g, cfg)
		if errors.Is(err, ingest.ErrNoInput) {
			// An input folder empty until the first file lands is no failure.
			fmt.Fprintf(g.stdout, "nothing new to read: %s\n", oneLine(err.Error()))
			cfg.Log.Info("nothing new to read", "reason", err.Error())
			return nil
		}
		out.ran(ctx, started, res, err)
		return err
	}
	s, err := schedule.New(sc)
	if err != nil {
		return err
	}
	s.Serve(ctx)
	return nil
}
