// What the header says about the binary, the machine and DuckDB.

package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// header says what was measured, on what.
func (b *bench) header(ctx context.Context) {
	fmt.Printf("reconcile benchmark, %s\n", time.Now().UTC().Format("2006-01-02 15:04 MST"))
	if out, err := exec.CommandContext(ctx, b.o.reconcile, "--version").Output(); err == nil {
		fmt.Printf("binary:  %s (%s)\n", b.o.reconcile, strings.TrimSpace(string(out)))
	}
	fmt.Printf("machine: %s, %d CPUs, %s RAM; %s/%s\n", cpuModel(), runtime.NumCPU(), memTotal(), runtime.GOOS, runtime.GOARCH)
	if v, err := duckdbVersion(ctx); err == nil {
		fmt.Printf("duckdb:  %s (the same library in reconcile and runsql)\n", v)
	}
	fmt.Printf("load:    %s at the start (1, 5, 15 min)\n", loadAvg())
	fmt.Printf("sizes:   N = %s events; CSV N/5; memory curve N/10, 3N/10, N; nightly 3N/100 new events\n", human(b.o.events))
}

func duckdbVersion(ctx context.Context) (string, error) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return "", err
	}
	defer db.Close()
	var v string
	err = db.QueryRowContext(ctx, "SELECT version()").Scan(&v)
	return v, err
}

func loadAvg() string {
	text, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(text))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

func cpuModel() string {
	text, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	for line := range strings.SplitSeq(string(text), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}

func memTotal() string {
	text, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return "?"
	}
	for line := range strings.SplitSeq(string(text), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "MemTotal:" {
			kib, _ := strconv.ParseInt(f[1], 10, 64)
			return fmt.Sprintf("%.1f GiB", float64(kib)/(1<<20))
		}
	}
	return "?"
}
