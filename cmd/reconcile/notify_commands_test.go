package main

import (
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/reconcile/reconcile/internal/metrics"
	"github.com/reconcile/reconcile/internal/report"
)

// TestNotifySchedule runs reconcile schedule --run-now with --notify and
// --metrics-file: its run posts the summary.json of its own report folder
// (out/<run time>/) and writes the metrics, and the schedule still stops
// on SIGTERM with exit 0.
func TestNotifySchedule(t *testing.T) {
	if testing.Short() {
		t.Skip("runs reconcile")
	}
	dir := notifyDir(t)
	url, bodies := hook(t, http.StatusOK)
	prom := filepath.Join(dir, "textfile", "reconcile.prom")
	log := &syncBuffer{}
	cmd := exec.Command("reconcile", "schedule", "--cron", "@every 1h", "--run-now", "--input", "logs",
		"--db", "r.duckdb", "--out", "out", "--notify", url, "--metrics-file", prom)
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

	var body []byte
	select {
	case body = <-bodies:
	case err := <-exited:
		t.Fatalf("reconcile schedule exited (%v) before it posted; log:\n%s", err, log)
	case <-time.After(patience):
		t.Fatalf("no POST after %s; log:\n%s", patience, log)
	}
	var got struct {
		Text  string `json:"text"`
		RunID string `json:"run_id"`
	}
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "out", "latest", "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc report.SummaryDoc
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	if got.RunID != doc.RunID || got.Text == "" {
		t.Errorf("posted run %q, text %q; want out/latest/summary.json's run %s and a text", got.RunID, got.Text, doc.RunID)
	}
	// The metrics are written before the POST is sent.
	fams, err := metrics.Read(prom)
	if err != nil {
		t.Fatal(err)
	}
	checkMetrics(t, fams, doc)

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("reconcile schedule: %v, want exit 0; log:\n%s", err, log)
		}
	case <-time.After(patience):
		t.Fatalf("reconcile schedule still going after %s; log:\n%s", patience, log)
	}
}

// TestNotifyRerate: a re-rating posts its summary.json (kind rerate) with
// its text line.
func TestNotifyRerate(t *testing.T) {
	dir := notifyDir(t)
	url, bodies := hook(t, http.StatusOK)
	if code, _, stderr := reconcile(t, dir, nil, "run", "--input", "logs", "--db", "r.duckdb", "--out", "out"); code != 0 {
		t.Fatalf("run: exit %d:\n%s", code, stderr)
	}
	book, err := filepath.Abs(filepath.Join("..", "..", "fixtures", "pricebook.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	code, _, stderr := reconcile(t, dir, nil, "rerate", "--from", "2026-10-01", "--pricebook", book,
		"--db", "r.duckdb", "--out", "rerate", "--notify", url)
	if code != 0 {
		t.Fatalf("rerate: exit %d:\n%s", code, stderr)
	}
	var got struct {
		Kind, Text string
		RunID      string `json:"run_id"`
	}
	if err := json.Unmarshal(received(t, bodies), &got); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "rerate", "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc report.RerateDoc
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	want := "reconcile rerate " + doc.RunID + " (" + doc.Window.Description + "): 0 of " +
		strconv.FormatInt(doc.EventsExamined, 10) + " events re-priced, expected credits " +
		doc.OldExpected.StringFixed(2) + " → " + doc.NewExpected.StringFixed(2) + " (0.00)"
	if got.Kind != "rerate" || got.RunID != doc.RunID || got.Text != want {
		t.Errorf("posted %+v, want kind rerate, run %s, text %q", got, doc.RunID, want)
	}
}
