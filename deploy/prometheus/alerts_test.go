// Package prometheus_test checks reconcile-alerts.yaml without promtool: the
// file decodes strictly into the shape of a Prometheus rules file (an
// unknown or misspelt field is an error), each alert has what an on-call
// reader needs, and every metric an expression names is one that
// internal/metrics writes. The expressions themselves are not parsed as
// PromQL: the parser is in github.com/prometheus/prometheus, too large a
// module to add for one test; run promtool check rules for that.
package prometheus_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"

	"github.com/reconcile/reconcile/internal/metrics"
	"github.com/reconcile/reconcile/internal/report"
)

// rulesFile is the format of a Prometheus rules file, alerting rules only.
type rulesFile struct {
	Groups []struct {
		Name  string `yaml:"name"`
		Rules []struct {
			Alert       string            `yaml:"alert"`
			Expr        string            `yaml:"expr"`
			For         string            `yaml:"for"`
			Labels      map[string]string `yaml:"labels"`
			Annotations map[string]string `yaml:"annotations"`
		} `yaml:"rules"`
	} `yaml:"groups"`
}

func TestAlerts(t *testing.T) {
	raw, err := os.ReadFile("reconcile-alerts.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	var f rulesFile
	if err := dec.Decode(&f); err != nil {
		t.Fatalf("reconcile-alerts.yaml: %v", err)
	}
	written := writtenMetrics(t)
	exprs := map[string]string{}
	for _, g := range f.Groups {
		if g.Name == "" || len(g.Rules) == 0 {
			t.Errorf("group %q: want a name and rules", g.Name)
		}
		for _, r := range g.Rules {
			exprs[r.Alert] = r.Expr
			if r.Alert == "" || strings.TrimSpace(r.Expr) == "" {
				t.Errorf("rule %q: want an alert name and an expression", r.Alert)
			}
			if d, err := time.ParseDuration(r.For); err != nil || d <= 0 {
				t.Errorf("%s: for %q: want a duration", r.Alert, r.For)
			}
			if r.Labels["severity"] == "" || r.Annotations["summary"] == "" || r.Annotations["description"] == "" {
				t.Errorf("%s: want a severity label and summary and description annotations", r.Alert)
			}
			if strings.Count(r.Expr, "(") != strings.Count(r.Expr, ")") {
				t.Errorf("%s: unbalanced parentheses in %q", r.Alert, r.Expr)
			}
			for _, name := range regexp.MustCompile(`reconcile_[a-z_]+`).FindAllString(r.Expr, -1) {
				if !written[name] {
					t.Errorf("%s: %s is no metric that --metrics-file writes", r.Alert, name)
				}
			}
		}
	}
	for alert, want := range map[string][]string{
		"ReconcileNoSuccess":     {"time() - " + metrics.LastSuccess + " > 26 * 3600", "absent(" + metrics.LastSuccess + ")"},
		"ReconcileLastRunFailed": {metrics.LastRunSuccess + " == 0"},
		"ReconcileNoNewData":     {"time() - " + metrics.LastCommit + " > 26 * 3600"},
	} {
		expr, ok := exprs[alert]
		if !ok {
			t.Errorf("no alert %s", alert)
		}
		for _, w := range want {
			if !strings.Contains(expr, w) {
				t.Errorf("%s: expression %q, want it to hold %q", alert, expr, w)
			}
		}
	}
}

// writtenMetrics are the names of the metrics internal/metrics writes for a
// committed run.
func writtenMetrics(t *testing.T) map[string]bool {
	t.Helper()
	path := filepath.Join(t.TempDir(), "reconcile.prom")
	s := report.Summary{Finished: time.Now(), ExpectedCredits: decimal.Zero,
		Categories: []report.CategoryTotal{{Category: "overcharged"}}, RejectReasons: []report.ReasonCount{{Reason: "x", Count: 1}}}
	if err := metrics.Success(path, s, time.Second); err != nil {
		t.Fatal(err)
	}
	fams, err := metrics.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for n := range fams {
		names[n] = true
	}
	return names
}
