package metrics

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/shopspring/decimal"

	"github.com/reconcile/reconcile/internal/report"
)

var finished = time.Date(2026, 11, 1, 2, 0, 5, 0, time.UTC)

func summary() report.Summary {
	d := decimal.RequireFromString
	return report.Summary{
		RunID: "r1", Finished: finished,
		Priced: 7, Rejected: 2, Duplicates: 1, LedgerTaken: 4, LedgerRejected: 1,
		ExpectedCredits: d("90.60"), ChargedCredits: d("99.97"), ToRefund: d("10.00"), ToRebill: d("0.63"), Leakage: d("0.62"),
		Categories: []report.CategoryTotal{
			{Category: "overcharged", Count: 1, Amount: d("10.00")},
			{Category: "undercharged", Count: 1, Amount: d("-0.02")},
			{Category: "orphan_charge", Count: 0, Amount: decimal.Zero},
		},
		RejectReasons: []report.ReasonCount{{Reason: "unknown_model", Count: 2}, {Reason: "bad_ledger_row", Count: 1}},
	}
}

// value is the sample of fams named name whose label (if any) has the
// value want; ok false when there is none.
func value(fams map[string]*dto.MetricFamily, name string, label ...string) (float64, bool) {
	f, ok := fams[name]
	if !ok {
		return 0, false
	}
	for _, m := range f.GetMetric() {
		if len(label) == 0 && len(m.GetLabel()) == 0 {
			return m.GetGauge().GetValue(), true
		}
		for _, l := range m.GetLabel() {
			if len(label) == 2 && l.GetName() == label[0] && l.GetValue() == label[1] {
				return m.GetGauge().GetValue(), true
			}
		}
	}
	return 0, false
}

func TestSuccess(t *testing.T) {
	path := filepath.Join(t.TempDir(), "reconcile.prom")
	if err := Success(path, summary(), 1500*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	fams, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		label []string
		want  float64
	}{
		{LastRun, nil, float64(finished.Unix())},
		{LastSuccess, nil, float64(finished.Unix())},
		{LastDuration, nil, 1.5},
		{LastCommit, nil, float64(finished.Unix())},
		{LastRunSuccess, nil, 1},
		{"reconcile_rows", []string{"outcome", "priced"}, 7},
		{"reconcile_rows", []string{"outcome", "rejected"}, 2},
		{"reconcile_rows", []string{"outcome", "duplicate"}, 1},
		{"reconcile_ledger_rows", []string{"outcome", "taken"}, 4},
		{"reconcile_ledger_rows", []string{"outcome", "rejected"}, 1},
		{"reconcile_rejects", []string{"reason", "unknown_model"}, 2},
		{"reconcile_rejects", []string{"reason", "bad_ledger_row"}, 1},
		{"reconcile_discrepancies", []string{"category", "overcharged"}, 1},
		{"reconcile_discrepancies", []string{"category", "orphan_charge"}, 0},
		{"reconcile_discrepancy_credits", []string{"category", "overcharged"}, 10},
		{"reconcile_discrepancy_credits", []string{"category", "undercharged"}, -0.02},
		{"reconcile_expected_credits", nil, 90.60},
		{"reconcile_charged_credits", nil, 99.97},
		{"reconcile_to_refund_credits", nil, 10},
		{"reconcile_to_rebill_credits", nil, 0.63},
		{"reconcile_leakage_credits", nil, 0.62},
	} {
		got, ok := value(fams, tc.name, tc.label...)
		if !ok || got != tc.want {
			t.Errorf("%s%v = %v (present %v), want %v", tc.name, tc.label, got, ok, tc.want)
		}
		if fams[tc.name].GetType() != dto.MetricType_GAUGE || fams[tc.name].GetHelp() == "" {
			t.Errorf("%s: type %s, help %q; want a gauge with help", tc.name, fams[tc.name].GetType(), fams[tc.name].GetHelp())
		}
	}
	if len(fams) != 15 {
		t.Errorf("%d metrics, want 15", len(fams))
	}
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil || len(entries) != 1 {
		t.Errorf("folder holds %v (%v), want only reconcile.prom", entries, err)
	}
}

// want is a metric's expected value: name, its label pair or nil.
type want struct {
	name  string
	label []string
	value float64
}

// TestAfterTheSuccess writes a committed run's metrics, then a later run's
// that failed or found nothing new: each sets the run's own metrics and
// keeps the figures (and the times it does not set) of the file there.
func TestAfterTheSuccess(t *testing.T) {
	later := finished.Add(24 * time.Hour)
	for _, tc := range []struct {
		name  string
		write func(path string) error
		want  []want
	}{
		{"failure", func(path string) error { return Failure(path, later, 3*time.Second) }, []want{
			{LastRun, nil, float64(later.Unix())},
			{LastRunSuccess, nil, 0},
			{LastDuration, nil, 3},
			{LastSuccess, nil, float64(finished.Unix())},
			{LastCommit, nil, float64(finished.Unix())},
		}},
		{"nothing new", func(path string) error { return NothingNew(path, later, 2*time.Second) }, []want{
			{LastRun, nil, float64(later.Unix())},
			{LastRunSuccess, nil, 1},
			{LastDuration, nil, 2},
			{LastSuccess, nil, float64(later.Unix())},
			{LastCommit, nil, float64(finished.Unix())},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "reconcile.prom")
			if err := Success(path, summary(), time.Second); err != nil {
				t.Fatal(err)
			}
			if err := tc.write(path); err != nil {
				t.Fatal(err)
			}
			fams, err := Read(path)
			if err != nil {
				t.Fatal(err)
			}
			figures := []want{{"reconcile_rows", []string{"outcome", "priced"}, 7}, {"reconcile_to_refund_credits", nil, 10}}
			for _, w := range append(tc.want, figures...) {
				if got, ok := value(fams, w.name, w.label...); !ok || got != w.value {
					t.Errorf("%s%v = %v (present %v), want %v", w.name, w.label, got, ok, w.value)
				}
			}
			if len(fams) != 15 {
				t.Errorf("%d metrics, want the 15 of the success", len(fams))
			}
		})
	}
}

func TestFailureFirst(t *testing.T) {
	for _, tc := range []struct {
		name, before, wantErr string
	}{
		{"no file before", "", ""},
		{"a file that does not parse", "reconcile_rows{outcome= 1\n", "the last success's metrics are lost"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "reconcile.prom")
			if tc.before != "" {
				if err := os.WriteFile(path, []byte(tc.before), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			err := Failure(path, finished, time.Second)
			if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Errorf("Failure: %v, want error %q", err, tc.wantErr)
			}
			fams, err := Read(path)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := fams[LastSuccess]; ok {
				t.Errorf("%s present with no success before", LastSuccess)
			}
			if got, ok := value(fams, LastRunSuccess); !ok || got != 0 {
				t.Errorf("%s = %v (present %v), want 0", LastRunSuccess, got, ok)
			}
		})
	}
}

func TestWriteFailsInAMissingFolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no", "reconcile.prom")
	if err := Success(path, summary(), time.Second); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("Success into a missing folder: %v, want an error naming %s", err, path)
	}
}
