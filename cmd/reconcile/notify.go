package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/spf13/pflag"

	"github.com/reconcile/reconcile/internal/job"
	"github.com/reconcile/reconcile/internal/metrics"
	"github.com/reconcile/reconcile/internal/notify"
	"github.com/reconcile/reconcile/internal/report"
)

// secretAnnotation marks a flag whose values are secrets (a webhook URL is
// its own credential): reconcile config shows them redacted.
const secretAnnotation = "reconcile/secret"

// outcomeFlags are the flags that tell others how a run ended: run and
// schedule have them all (through addRunFlags), rerate --notify.
type outcomeFlags struct {
	notify        []string
	notifyTimeout time.Duration
	metricsFile   string
}

// isSecret says whether f carries secretAnnotation.
func isSecret(f *pflag.Flag) bool { return len(f.Annotations[secretAnnotation]) > 0 }

// redactAll is the URLs of a secret flag as reconcile config shows them:
// scheme and host only.
func redactAll(urls []string) []string {
	out := make([]string, len(urls))
	for i, u := range urls {
		out[i] = notify.Redact(u)
	}
	return out
}

func addNotifyFlags(fl *pflag.FlagSet, f *outcomeFlags) {
	fl.StringArrayVar(&f.notify, "notify", nil, "POST the summary (or, on failure, a failure document) as JSON to this webhook URL when the run ends (repeatable; Slack incoming webhooks work)")
	fl.DurationVar(&f.notifyTimeout, "notify-timeout", notify.DefaultTimeout, "how long each --notify URL may take, retries included")
	_ = fl.SetAnnotation("notify", secretAnnotation, []string{"true"})
}

func addOutcomeFlags(fl *pflag.FlagSet, f *outcomeFlags) {
	addNotifyFlags(fl, f)
	fl.StringVar(&f.metricsFile, "metrics-file", "", "write Prometheus metrics of the run to this file (for node_exporter's textfile collector: a .prom file in its folder)")
}

// outcome tells the --notify URLs and the --metrics-file how a run ended.
// Neither changes the run's result: a failure to tell is a warning in the
// log, and the exit code stays the run's own.
type outcome struct {
	notifier    *notify.Notifier
	metricsFile string
	command     string // "reconcile run"
	db          string
	log         *slog.Logger
}

// newOutcome checks the flags; a bad URL or timeout is a usage error that
// names the URL by its host only.
func newOutcome(g *globals, f outcomeFlags, command, db string) (*outcome, error) {
	log, err := g.logger()
	if err != nil {
		return nil, err
	}
	if f.notifyTimeout <= 0 {
		return nil, usagef("--notify-timeout %s: want more than 0", f.notifyTimeout)
	}
	n, err := notify.New(notify.Config{URLs: f.notify, Timeout: f.notifyTimeout, Log: log})
	if err != nil {
		return nil, usagef("--notify %w", err)
	}
	return &outcome{notifier: n, metricsFile: f.metricsFile, command: command, db: db, log: log}, nil
}

// committed tells of a run that committed: the summary.json it wrote at
// summaryJSON, and for the metrics its summary (nil writes none: rerate's).
func (o *outcome) committed(ctx context.Context, summaryJSON string, s *report.Summary, took time.Duration) {
	if o.metricsFile != "" && s != nil {
		if err := metrics.Success(o.metricsFile, *s, took); err != nil {
			o.log.Warn("metrics file not written", "error", err.Error())
		}
	}
	if o.notifier == nil {
		return
	}
	if summaryJSON == "" {
		o.log.Warn("nothing to notify: the run wrote no summary.json (no --out)")
		return
	}
	raw, err := os.ReadFile(summaryJSON)
	if err == nil {
		raw, err = notify.RunPayload(raw)
	}
	if err != nil {
		o.log.Warn("notification not sent", "error", fmt.Sprintf("read %s: %v", summaryJSON, err))
		return
	}
	o.send(ctx, raw)
}

// failed tells of a run started at started that failed with err: it
// committed nothing.
func (o *outcome) failed(ctx context.Context, started time.Time, err error) {
	err = stoppedBy(ctx, err)
	if o.metricsFile != "" {
		if err := metrics.Failure(o.metricsFile, time.Now(), time.Since(started)); err != nil {
			o.log.Warn("metrics file not written", "error", err.Error())
		}
	}
	if o.notifier == nil {
		return
	}
	doc, jerr := notify.NewFailure(o.command, o.db, started, err, exitCodeOf(err)).JSON()
	if jerr != nil {
		o.log.Warn("notification not sent", "error", jerr.Error())
		return
	}
	o.send(ctx, doc)
}

// send posts doc; Send logs each URL's outcome. A run cancelled by a
// signal is still told of, within --notify-timeout.
func (o *outcome) send(ctx context.Context, doc []byte) {
	_ = o.notifier.Send(context.WithoutCancel(ctx), doc)
}

// ran tells of one run of run or schedule: res and err are what runJob
// returned. A run that found nothing new recorded no run: it tells nobody,
// and the metrics file says it succeeded and keeps the last commit's figures.
func (o *outcome) ran(ctx context.Context, started time.Time, res *job.Result, err error) {
	switch {
	case err != nil:
		o.failed(ctx, started, err)
	case res.NothingNew:
		// Succeeded, recorded nothing: no news to send, but the metrics
		// say the job is alive (last_success) while the figures stay.
		if o.metricsFile != "" {
			if err := metrics.NothingNew(o.metricsFile, time.Now(), time.Since(started)); err != nil {
				o.log.Warn("metrics file not written", "error", err.Error())
			}
		}
		o.log.Debug("nothing new: no notification")
	default:
		o.committed(ctx, summaryJSONOf(res.Reports), res.Summary, res.Duration)
	}
}

// exitCodeOf is the exit code err makes (SPEC §8).
func exitCodeOf(err error) int {
	var u usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errDiscrepancies):
		return exitDiscrepancy
	case errors.As(err, &u):
		return exitUsage
	}
	return exitFailed
}
