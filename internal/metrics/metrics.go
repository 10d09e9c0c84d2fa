// Package metrics writes a run's outcome as a Prometheus metrics file for
// node_exporter's textfile collector (--collector.textfile.directory).
//
// The file holds gauges named reconcile_*: when the last run ended, whether
// it committed, how long it took, and the figures of the last committed
// run's summary.json (rows by outcome, rejects by reason, discrepancies and
// their credits by category, the credit totals). The figures come from the
// same report.Summary that summary.json is made of, so the two agree; the
// README's "Notification and metrics" lists the names.
//
// A run that fails writes last_run_timestamp_seconds, last_run_duration_seconds
// and last_run_success 0, and carries every other metric over from the file
// already there: last_success_timestamp_seconds and the figures stay those
// of the last run that succeeded. A run that found nothing new to read
// succeeded without recording a run: it also sets last_success_timestamp_seconds,
// and carries last_commit_timestamp_seconds and the figures over.
//
// The file is written to a temporary name in its folder and renamed over
// the old one (internal/atomicfs), so the collector never reads half a
// file. It is made with client_golang's registry and encoded with expfmt,
// and read back with expfmt's parser.
package metrics

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"github.com/shopspring/decimal"

	"github.com/reconcile/reconcile/internal/atomicfs"
	"github.com/reconcile/reconcile/internal/report"
)

// The metrics a run sets whether it commits or fails.
const (
	LastRun        = "reconcile_last_run_timestamp_seconds"
	LastSuccess    = "reconcile_last_success_timestamp_seconds"
	LastDuration   = "reconcile_last_run_duration_seconds"
	LastRunSuccess = "reconcile_last_run_success"
	LastCommit     = "reconcile_last_commit_timestamp_seconds"
)

// Success writes the metrics file at path for a run that committed: its
// summary s and how long it took.
func Success(path string, s report.Summary, took time.Duration) error {
	r := prometheus.NewRegistry()
	ended := s.Finished
	runGauges(r, ended, took, true)
	successGauge(r, ended)
	gauge(r, LastCommit, "When the last run that committed (recorded a run and its figures) ended (Unix time).").Set(unix(ended))

	rows := gaugeVec(r, "reconcile_rows", "Render-log rows the last committed run read, by where they ended.", "outcome")
	rows.WithLabelValues("priced").Set(float64(s.Priced))
	rows.WithLabelValues("rejected").Set(float64(s.Rejected))
	rows.WithLabelValues("duplicate").Set(float64(s.Duplicates))
	ledger := gaugeVec(r, "reconcile_ledger_rows", "Billing-ledger rows the last committed run read, by where they ended.", "outcome")
	ledger.WithLabelValues("taken").Set(float64(s.LedgerTaken))
	ledger.WithLabelValues("rejected").Set(float64(s.LedgerRejected))
	rejects := gaugeVec(r, "reconcile_rejects", "Rows the last committed run rejected, render log and ledger, by reason code.", "reason")
	for _, rr := range s.RejectReasons {
		rejects.WithLabelValues(rr.Reason).Set(float64(rr.Count))
	}
	count := gaugeVec(r, "reconcile_discrepancies", "Discrepancies of the last committed run's report, by category (SPEC §6).", "category")
	amount := gaugeVec(r, "reconcile_discrepancy_credits", "The discrepancies' credits (charged − expected), by category.", "category")
	for _, c := range s.Categories {
		count.WithLabelValues(c.Category).Set(float64(c.Count))
		amount.WithLabelValues(c.Category).Set(credits(c.Amount))
	}
	for _, m := range []struct {
		name, help string
		value      decimal.Decimal
	}{
		{"reconcile_expected_credits", "Credits the last committed run's report expected, priced by the price book.", s.ExpectedCredits},
		{"reconcile_charged_credits", "Credits billing charged for the last committed run's report.", s.ChargedCredits},
		{"reconcile_to_refund_credits", "Credits owed back to customers (summary.json to_refund).", s.ToRefund},
		{"reconcile_to_rebill_credits", "Credits customers still owe (summary.json to_rebill).", s.ToRebill},
		{"reconcile_leakage_credits", "Credits billing failed to charge: uncharged and undercharged (summary.json leakage).", s.Leakage},
	} {
		gauge(r, m.name, m.help).Set(credits(m.value))
	}
	fams, err := r.Gather()
	if err != nil {
		return fmt.Errorf("metrics %s: %w", path, err)
	}
	return write(path, fams)
}

// Failure writes the metrics file at path for a run that ended at ended
// after took and committed nothing. The other metrics of the file already
// at path are kept. A file there that cannot be read is replaced all the
// same, and the error says it was.
func Failure(path string, ended time.Time, took time.Duration) error {
	r := prometheus.NewRegistry()
	runGauges(r, ended, took, false)
	return carry(path, r)
}

// NothingNew writes the metrics file at path for a run that ended at ended
// after took with nothing new to read: it succeeded, and recorded no run,
// so the figures and last_commit_timestamp_seconds of the file already at
// path are kept.
func NothingNew(path string, ended time.Time, took time.Duration) error {
	r := prometheus.NewRegistry()
	runGauges(r, ended, took, true)
	successGauge(r, ended)
	return carry(path, r)
}

// carry writes the metrics of r at path, with every other reconcile_
// metric of the file already there.
func carry(path string, r *prometheus.Registry) error {
	fams, err := r.Gather()
	if err != nil {
		return fmt.Errorf("metrics %s: %w", path, err)
	}
	prev, readErr := Read(path)
	if errors.Is(readErr, os.ErrNotExist) {
		readErr = nil
	}
	for name, f := range prev {
		if strings.HasPrefix(name, "reconcile_") && !slices.ContainsFunc(fams, func(g *dto.MetricFamily) bool { return g.GetName() == name }) {
			fams = append(fams, f)
		}
	}
	slices.SortFunc(fams, func(a, b *dto.MetricFamily) int { return strings.Compare(a.GetName(), b.GetName()) })
	if err := write(path, fams); err != nil {
		return err
	}
	if readErr != nil {
		return fmt.Errorf("the last success's metrics are lost: %w", readErr)
	}
	return nil
}

// Read parses the metrics file at path, keyed by metric name.
func Read(path string) (map[string]*dto.MetricFamily, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("metrics: %w", err)
	}
	defer f.Close()
	fams, err := Parse(f)
	if err != nil {
		return nil, fmt.Errorf("metrics %s: %w", path, err)
	}
	return fams, nil
}

// Parse reads metrics in Prometheus text format, keyed by metric name.
func Parse(r io.Reader) (map[string]*dto.MetricFamily, error) {
	p := expfmt.NewTextParser(model.UTF8Validation)
	return p.TextToMetricFamilies(r)
}

// runGauges registers the metrics of the run itself.
func runGauges(r *prometheus.Registry, ended time.Time, took time.Duration, ok bool) {
	gauge(r, LastRun, "When the last run ended, committed or failed (Unix time).").Set(unix(ended))
	gauge(r, LastDuration, "How long the last run took, committed or failed.").Set(took.Seconds())
	success := 0.0
	if ok {
		success = 1
	}
	gauge(r, LastRunSuccess, "1 if the last run committed or found nothing new, 0 if it failed.").Set(success)
}

func successGauge(r *prometheus.Registry, ended time.Time) {
	gauge(r, LastSuccess, "When the last run that did not fail ended: it committed, or found nothing new to read (Unix time).").Set(unix(ended))
}

func gauge(r *prometheus.Registry, name, help string) prometheus.Gauge {
	g := prometheus.NewGauge(prometheus.GaugeOpts{Name: name, Help: help})
	r.MustRegister(g) // each name once, fixed above: a clash is a bug here
	return g
}

func gaugeVec(r *prometheus.Registry, name, help, label string) *prometheus.GaugeVec {
	g := prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: name, Help: help}, []string{label})
	r.MustRegister(g)
	return g
}

// credits is an amount as a metric's value. Money is decimal everywhere
// else (STYLE §3); a Prometheus sample is a float64, so this edge, and only
// it, rounds the exact figure to the nearest float. The figures of
// summary.json have two decimals, which a float64 holds to well within a
// cent for any amount below 2^53 cents.
func credits(d decimal.Decimal) float64 { return d.InexactFloat64() }

func unix(t time.Time) float64 { return float64(t.UnixNano()) / 1e9 }

// write publishes fams at path in the text format, replacing the file
// there only once the new one is complete.
func write(path string, fams []*dto.MetricFamily) error {
	err := atomicfs.WriteFile(path, func(w io.Writer) error {
		enc := expfmt.NewEncoder(w, expfmt.NewFormat(expfmt.TypeTextPlain))
		for _, f := range fams {
			if err := enc.Encode(f); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("write metrics %s: %w", path, err)
	}
	return nil
}
