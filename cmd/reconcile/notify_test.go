package main

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"

	"github.com/reconcile/reconcile/internal/metrics"
	"github.com/reconcile/reconcile/internal/report"
)

// hookPath is the secret part of the test webhook's URL: no log line may
// show it.
const hookPath = "/services/T0/B0/HOOKSECRET"

// hook is a webhook on the loopback that answers with status and hands
// each body it gets to bodies.
func hook(t *testing.T, status int) (url string, bodies chan []byte) {
	t.Helper()
	bodies = make(chan []byte, 16)
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		bodies <- b
		w.WriteHeader(status)
	}))
	t.Cleanup(s.Close)
	return s.URL + hookPath, bodies
}

// notifyDir is a folder with a day of render logs that has discrepancies
// and a reject.
func notifyDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	const csv = "event_id,video_id,account_id,created_at,kind,media,model,actor,is_ad,duration_ms,images,charged_credits,charged_video_minutes\n" +
		"e1,v1,acct-1,2026-10-01T10:00:00Z,render,generative,pro,human,false,60000,,25.00,0\n" +
		"e2,v1,acct-1,2026-10-01T10:05:00Z,edit_clip,,pro,,,5000,,1.67,\n" +
		"e3,v2,acct-2,2026-10-02T11:00:00Z,render,generative,ultra,,true,10000,,30.00,0\n" +
		"e4,v3,acct-3,2026-10-03T09:00:00Z,render,generative,pro,,,90000,,29.98,0\n" +
		"e5,v1,acct-1,2026-10-01T10:00:00Z,render,generative,mega,,,1000,,,\n"
	for _, d := range []string{"logs", "textfile"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "logs", "a.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// reconcile runs the command in dir and returns its exit code and output.
func reconcile(t *testing.T, dir string, env []string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command("reconcile", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, stdout.String(), stderr.String()
}

// received is the body the hook got, or a failure if it got none; the
// command has exited, so a POST it made has arrived.
func received(t *testing.T, bodies chan []byte) []byte {
	t.Helper()
	select {
	case b := <-bodies:
		return b
	default:
		t.Fatal("the webhook got no POST")
		return nil
	}
}

// runsIn is the number of runs the database in dir recorded.
func runsIn(t *testing.T, dir string) string {
	t.Helper()
	code, out, stderr := reconcile(t, dir, nil, "sql", "--db", "r.duckdb", "--format", "csv", "SELECT count(*) AS runs FROM runs")
	if code != 0 {
		t.Fatalf("reconcile sql: exit %d: %s", code, stderr)
	}
	return strings.TrimSpace(strings.TrimPrefix(out, "runs\n"))
}

// TestNotifyRun runs reconcile run with --notify and --metrics-file: the
// webhook gets summary.json plus a text line, the metrics file holds
// summary.json's figures; a run with nothing new tells nobody; a failed
// run posts a failure document and keeps the last success in the metrics.
func TestNotifyRun(t *testing.T) {
	dir := notifyDir(t)
	url, bodies := hook(t, http.StatusOK)
	prom := filepath.Join("textfile", "reconcile.prom")
	args := []string{"run", "--input", "logs", "--db", "r.duckdb", "--out", "out", "--notify", url, "--metrics-file", prom}
	code, stdout, stderr := reconcile(t, dir, nil, args...)
	if code != 0 {
		t.Fatalf("exit %d, want 0:\n%s%s", code, stdout, stderr)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "out", "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc report.SummaryDoc
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}

	// The payload: summary.json's fields as they are, and text.
	var got, want map[string]json.RawMessage
	if err := json.Unmarshal(received(t, bodies), &got); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	var text string
	_ = json.Unmarshal(got["text"], &text)
	wantText := "reconcile run " + doc.RunID + " (" + doc.Window.Description + "): " + strconv.FormatInt(doc.Rows.Discrepancies, 10) +
		" discrepancies, net " + signedCredits(doc.Credits.Net) + " credits, to refund " + doc.ToRefund.StringFixed(2) +
		", to rebill " + doc.ToRebill.StringFixed(2)
	if text != wantText {
		t.Errorf("text = %q, want %q", text, wantText)
	}
	delete(got, "text")
	if len(got) != len(want) {
		t.Errorf("payload has %d fields besides text, summary.json %d", len(got), len(want))
	}
	for k, v := range want {
		if !bytes.Equal(got[k], v) {
			t.Errorf("payload %s = %s, want summary.json's %s", k, got[k], v)
		}
	}
	if doc.Rows.Discrepancies == 0 || doc.Rows.Rejected == 0 {
		t.Fatalf("the test's logs should give discrepancies and rejects: %+v", doc.Rows)
	}

	// The metrics: summary.json's figures.
	fams, err := metrics.Read(filepath.Join(dir, prom))
	if err != nil {
		t.Fatal(err)
	}
	checkMetrics(t, fams, doc)
	checkFinished(t, fams, doc, metrics.LastRun, metrics.LastSuccess)
	if v := gaugeOf(t, fams, metrics.LastRunSuccess, "", ""); v != 1 {
		t.Errorf("after a commit %s = %v, want 1", metrics.LastRunSuccess, v)
	}

	// Nothing new: no run recorded, nothing posted; the metrics say the
	// job succeeded now, and keep the commit's time and figures.
	if code, stdout, stderr := reconcile(t, dir, nil, args...); code != 0 || !strings.Contains(stdout, "no run recorded") {
		t.Fatalf("second run: exit %d, want 0 and nothing new:\n%s%s", code, stdout, stderr)
	}
	if len(bodies) != 0 {
		t.Errorf("a run that recorded nothing posted %s", <-bodies)
	}
	if fams, err = metrics.Read(filepath.Join(dir, prom)); err != nil {
		t.Fatal(err)
	}
	checkMetrics(t, fams, doc)
	if s, c := gaugeOf(t, fams, metrics.LastSuccess, "", ""), gaugeOf(t, fams, metrics.LastCommit, "", ""); s <= c {
		t.Errorf("after nothing new %s = %v, want later than the commit's %v", metrics.LastSuccess, s, c)
	}
	if v := gaugeOf(t, fams, metrics.LastRunSuccess, "", ""); v != 1 {
		t.Errorf("after nothing new %s = %v, want 1", metrics.LastRunSuccess, v)
	}
	nothingNew := gaugeOf(t, fams, metrics.LastSuccess, "", "")

	// A failed run, the URL twice from RECONCILE_NOTIFY (one a line) this time.
	started := time.Now().UTC().Truncate(time.Second)
	code, _, stderr = reconcile(t, dir, []string{"RECONCILE_NOTIFY=" + url + "\n" + url},
		"run", "--input", "missing.csv", "--db", "r.duckdb", "--out", "out", "--metrics-file", prom)
	if code != exitFailed {
		t.Fatalf("a run of a missing file: exit %d, want 1:\n%s", code, stderr)
	}
	var f struct {
		Kind, Text, Error, Command, DB string
		ExitCode                       int `json:"exit_code"`
		Started                        time.Time
	}
	first := received(t, bodies)
	if second := received(t, bodies); !bytes.Equal(first, second) {
		t.Errorf("the two URLs got %s and %s, want the same document", first, second)
	}
	if err := json.Unmarshal(first, &f); err != nil {
		t.Fatal(err)
	}
	if f.Kind != "failure" || f.ExitCode != 1 || f.Command != "reconcile run" || f.DB != "r.duckdb" ||
		!strings.Contains(f.Error, "missing.csv") || !strings.Contains(f.Text, "reconcile run failed (exit 1)") ||
		f.Started.Before(started) {
		t.Errorf("failure document = %+v, want the failed run's", f)
	}
	fams, err = metrics.Read(filepath.Join(dir, prom))
	if err != nil {
		t.Fatal(err)
	}
	if v := gaugeOf(t, fams, metrics.LastRunSuccess, "", ""); v != 0 {
		t.Errorf("after a failure %s = %v, want 0", metrics.LastRunSuccess, v)
	}
	if v := gaugeOf(t, fams, metrics.LastSuccess, "", ""); v != nothingNew {
		t.Errorf("after a failure %s = %v, want the last success's %v", metrics.LastSuccess, v, nothingNew)
	}
	checkMetrics(t, fams, doc)
}

// checkMetrics compares each figure of the metrics file with summary.json.
func checkMetrics(t *testing.T, fams map[string]*dto.MetricFamily, doc report.SummaryDoc) {
	t.Helper()
	eq := func(name, label, value string, want float64) {
		t.Helper()
		if got := gaugeOf(t, fams, name, label, value); got != want {
			t.Errorf("%s{%s=%q} = %v, want summary.json's %v", name, label, value, got, want)
		}
	}
	eq("reconcile_rows", "outcome", "priced", float64(doc.Rows.Priced))
	eq("reconcile_rows", "outcome", "rejected", float64(doc.Rows.Rejected))
	eq("reconcile_rows", "outcome", "duplicate", float64(doc.Rows.Duplicates))
	eq("reconcile_ledger_rows", "outcome", "taken", float64(doc.Rows.LedgerTaken))
	eq("reconcile_ledger_rows", "outcome", "rejected", float64(doc.Rows.LedgerRejected))
	for _, r := range doc.RejectsByReason {
		eq("reconcile_rejects", "reason", r.Reason, float64(r.Count))
	}
	for _, c := range doc.Categories {
		eq("reconcile_discrepancies", "category", c.Category, float64(c.Count))
		eq("reconcile_discrepancy_credits", "category", c.Category, c.Credits.InexactFloat64())
	}
	eq("reconcile_expected_credits", "", "", doc.Credits.Expected.InexactFloat64())
	eq("reconcile_charged_credits", "", "", doc.Credits.Charged.InexactFloat64())
	eq("reconcile_to_refund_credits", "", "", doc.ToRefund.InexactFloat64())
	eq("reconcile_to_rebill_credits", "", "", doc.ToRebill.InexactFloat64())
	eq("reconcile_leakage_credits", "", "", doc.Leakage.InexactFloat64())
	checkFinished(t, fams, doc, metrics.LastCommit)
}

// checkFinished checks that each metric of names is the time summary.json
// says the run finished.
func checkFinished(t *testing.T, fams map[string]*dto.MetricFamily, doc report.SummaryDoc, names ...string) {
	t.Helper()
	for _, name := range names {
		// summary.json's finished is to the second, the metric is not.
		if v := gaugeOf(t, fams, name, "", ""); v < float64(doc.Finished.Unix()) || v >= float64(doc.Finished.Unix()+1) {
			t.Errorf("%s = %v, want within the second of summary.json's finished %s", name, v, doc.Finished)
		}
	}
}

// gaugeOf is the value of the gauge name whose label has value ("" for an
// unlabelled gauge).
func gaugeOf(t *testing.T, fams map[string]*dto.MetricFamily, name, label, value string) float64 {
	t.Helper()
	for _, m := range fams[name].GetMetric() {
		ls := m.GetLabel()
		if label == "" && len(ls) == 0 || len(ls) == 1 && ls[0].GetName() == label && ls[0].GetValue() == value {
			return m.GetGauge().GetValue()
		}
	}
	t.Errorf("no %s{%s=%q} in the metrics file", name, label, value)
	return math.NaN()
}

// TestNotifyFails runs against a webhook that fails and one that never
// answers: the run still exits 0 (3 with --fail-on-discrepancy), its data
// is committed, and the log warns naming the host, not the URL.
func TestNotifyFails(t *testing.T) {
	failing, _ := hook(t, http.StatusInternalServerError)
	release := make(chan struct{})
	hanging := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release // until the test ends
	}))
	t.Cleanup(hanging.Close)
	t.Cleanup(func() { close(release) }) // first: Close waits for the handler
	for _, tc := range []struct {
		name, url string
		extra     []string
		want      int
	}{
		{"a server that fails", failing, nil, 0},
		{"a server that hangs", hanging.URL + hookPath, nil, 0},
		{"a server that fails, --fail-on-discrepancy", failing, []string{"--fail-on-discrepancy"}, exitDiscrepancy},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := notifyDir(t)
			start := time.Now()
			args := append([]string{"run", "--input", "logs", "--db", "r.duckdb", "--out", "out",
				"--notify", tc.url, "--notify-timeout", "2s"}, tc.extra...)
			code, stdout, stderr := reconcile(t, dir, nil, args...)
			if code != tc.want {
				t.Fatalf("exit %d, want %d:\n%s%s", code, tc.want, stdout, stderr)
			}
			if took := time.Since(start); took > 45*time.Second {
				t.Errorf("the run took %s with --notify-timeout 2s", took)
			}
			if !strings.Contains(stderr, `level=WARN msg="notification failed" host=127.0.0.1:`) {
				t.Errorf("stderr has no warning naming the host:\n%s", stderr)
			}
			if strings.Contains(stderr, "HOOKSECRET") || strings.Contains(stdout, "HOOKSECRET") {
				t.Errorf("the webhook's secret path is in the output:\n%s%s", stdout, stderr)
			}
			if n := runsIn(t, dir); n != "1" {
				t.Errorf("runs recorded: %s, want 1: the run is committed whatever the webhook did", n)
			}
		})
	}
}

func signedCredits(c report.Credits) string {
	if c.IsPositive() {
		return "+" + c.StringFixed(2)
	}
	return c.StringFixed(2)
}
