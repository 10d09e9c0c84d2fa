// Command bench is what `make bench` runs: it times reconcile end to end
// against the plain DuckDB SQL script an analyst would write instead
// (bench/plain.sql, bench/plain_csv.sql) and against a bare CREATE TABLE AS
// of the file (bench/ctas.sql), each as a whole process, and
// checks the results against the targets of the speed-and-scale issue.
//
//	make bench                       # 10,000,000 events; several minutes
//	make bench BENCH_EVENTS=1000000  # everything scaled down to 1,000,000
//
// make builds bin/reconcile and bin/runsql first; this program builds
// nothing. It generates its inputs into bench/data/ with `reconcile gen`
// when they are missing (N events as Parquet, N/5 as CSV, N/10 and 3N/10 as
// Parquet for the memory curve, and 3N/100 new events of the same month for
// the nightly run, from another seed), then:
//
//  1. checks on 20,000 events that plain.sql prices like reconcile: the same
//     events, the same expected credits and minutes event by event, the same
//     discrepancies per category, from Parquet and from CSV;
//  2. runs, each on a fresh database and out folder: reconcile run and
//     plain.sql on the N-event Parquet file; the nightly run (the 3N/100-event
//     file into a copy of the N-event database: only that run is timed);
//     reconcile run and plain_csv.sql on the CSV file; reconcile run on the
//     N/10 and 3N/10 files;
//  3. runs the pricing core's Go benchmarks on one core;
//  4. prints wall time, events per second and peak RSS of every run, the
//     ratios, and each target with PASS or MISS.
//
// Peak RSS is the process's own maximum resident set (getrusage, ru_maxrss),
// read when it exits. "other CPU" is the CPU time the whole machine spent
// during a run beyond the run's own (from /proc/stat): other work on a
// shared machine shows there. Before each timed run the driver waits (up to
// -quiet-wait) until the rest of the machine is quiet, and a run during
// which other processes still took more than a quarter of a CPU is run
// again (up to -attempts in all); the least disturbed attempt is reported.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	_ "github.com/duckdb/duckdb-go/v2" // the "duckdb" database/sql driver
)

type options struct {
	events    int
	reconcile string
	runsql    string
	goCmd     string
	data      string
	keep      bool
	quietWait time.Duration
	attempts  int
}

func main() {
	var o options
	flag.IntVar(&o.events, "events", 10_000_000, "events of the full run; the other inputs scale with it")
	flag.StringVar(&o.reconcile, "reconcile", "bin/reconcile", "the reconcile binary")
	flag.StringVar(&o.runsql, "runsql", "bin/runsql", "the runsql binary (go build -o bin/runsql ./bench/runsql)")
	flag.StringVar(&o.goCmd, "go", "go", "the go command, for the pricing benchmark")
	flag.StringVar(&o.data, "data", "bench/data", "folder for the generated inputs and the runs' databases")
	flag.BoolVar(&o.keep, "keep", false, "keep the runs' databases and reports (bench/data/work/)")
	flag.IntVar(&o.attempts, "attempts", 3, "run a timed run again, up to this many times in all, while other processes use over a quarter of a CPU during it")
	flag.DurationVar(&o.quietWait, "quiet-wait", 2*time.Minute, "before each timed run, wait up to this long for the rest of the machine to use under a quarter of a CPU")
	flag.Parse()
	if flag.NArg() != 0 || o.events < 100_000 {
		fmt.Fprintln(os.Stderr, "usage: bench [-events N (at least 100000)] [-reconcile FILE] [-runsql FILE] [-go CMD] [-data DIR] [-keep]")
		os.Exit(2)
	}
	if err := run(context.Background(), o); err != nil {
		fmt.Fprintf(os.Stderr, "bench: %v\n", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, o options) error {
	for _, p := range []string{o.reconcile, o.runsql, "bench/plain.sql", "bench/plain_csv.sql", "bench/ctas.sql"} {
		if _, err := os.Stat(p); err != nil {
			return fmt.Errorf("%w (run it from the repository root, through make bench)", err)
		}
	}
	if err := checkScriptsAgree("bench/plain.sql", "bench/plain_csv.sql"); err != nil {
		return err
	}
	work := filepath.Join(o.data, "work")
	if err := os.RemoveAll(work); err != nil {
		return err
	}
	if err := os.MkdirAll(work, 0o755); err != nil {
		return err
	}
	if !o.keep {
		defer os.RemoveAll(work)
	}

	n := o.events
	b := &bench{o: o, work: work}
	b.header(ctx)

	// Inputs.
	section("inputs (generated with reconcile gen when missing)")
	full := b.dataset(n, 1, "parquet")
	csvSet := b.dataset(n/5, 1, "csv")
	curve := []dataset{b.dataset(n/10, 1, "parquet"), b.dataset(3*n/10, 1, "parquet")}
	nightly := b.dataset(3*n/100, 2, "parquet")
	small := b.dataset(20_000, 1, "parquet")
	smallCSV := b.dataset(20_000, 1, "csv")
	for _, d := range []*dataset{&full, &csvSet, &curve[0], &curve[1], &nightly, &small, &smallCSV} {
		if err := b.generate(ctx, d); err != nil {
			return err
		}
	}

	// Agreement of plain.sql with reconcile.
	section("does plain.sql price like reconcile? (20,000 events)")
	if err := b.agree(ctx, small, smallCSV); err != nil {
		return err
	}

	// Timed runs.
	section("timed runs (each a whole process on a fresh database)")
	var results []result
	// measure runs one timed run in a fresh folder (made ready by prepare,
	// when given) and, when other work on the machine took more than a
	// quarter of a CPU meanwhile, runs it again, up to b.o.attempts times in
	// all: the least disturbed attempt is the one reported.
	measure := func(dirName string, prepare func(dir string) error, timed func(dir string) (result, error)) error {
		var best result
		for attempt := 1; ; attempt++ {
			dir := b.fresh(dirName)
			if prepare != nil {
				if err := prepare(dir); err != nil {
					return err
				}
			}
			r, err := timed(dir)
			if err != nil {
				return err
			}
			if attempt == 1 || r.other < best.other {
				best = r
			}
			line := fmt.Sprintf("  %-40s %7.1f s  %6.0f MiB peak RSS  %s", r.name+" ("+r.input.String()+")", r.wall.Seconds(), mib(r.rssKiB), r.summary)
			if r.waited >= time.Second {
				line += fmt.Sprintf("\n  %-40s (waited %.0f s for other work on the machine to stop first)", "", r.waited.Seconds())
			}
			fmt.Println(line)
			if r.other <= r.wall/4 || attempt >= b.o.attempts {
				break
			}
			fmt.Printf("  %-40s (other processes used %.1f s of CPU meanwhile: running it again)\n", "", r.other.Seconds())
		}
		results = append(results, best)
		return nil
	}
	reconcileIn := func(name string, d dataset, note string) func(dir string) (result, error) {
		return func(dir string) (result, error) { return b.reconcileRun(ctx, name, d, dir, note) }
	}
	plainIn := func(name string, d dataset, script string) func(dir string) (result, error) {
		return func(dir string) (result, error) { return b.plainRun(ctx, name, d, script, dir) }
	}
	if err := measure("reconcile-full", nil, reconcileIn("reconcile run", full, "")); err != nil {
		return err
	}
	if err := measure("plain-full", nil, plainIn("plain.sql", full, "bench/plain.sql")); err != nil {
		return err
	}
	if err := measure("ctas-full", nil, func(dir string) (result, error) { return b.ctasRun(ctx, full, dir) }); err != nil {
		return err
	}
	// The nightly run: a copy of the N-event database, then 3N/100 new
	// events into it. Only that run is timed.
	copyFull := func(dir string) error {
		return copyFile(filepath.Join(work, "reconcile-full", "db.duckdb"), filepath.Join(dir, "db.duckdb"))
	}
	if err := measure("reconcile-nightly", copyFull, reconcileIn("reconcile run, nightly", nightly, "into the "+human(n)+"-event database")); err != nil {
		return err
	}
	if err := measure("reconcile-csv", nil, reconcileIn("reconcile run", csvSet, "")); err != nil {
		return err
	}
	if err := measure("plain-csv", nil, plainIn("plain_csv.sql", csvSet, "bench/plain_csv.sql")); err != nil {
		return err
	}
	for i, d := range curve {
		if err := measure(fmt.Sprintf("reconcile-curve-%d", i), nil, reconcileIn("reconcile run", d, "")); err != nil {
			return err
		}
	}

	// The pricing core.
	section("pricing core: go test -run='^$' -bench=. -benchmem -cpu 1 ./internal/pricing (built with go test -c, run when the machine is quiet)")
	pricingRate, pricingBench, err := b.pricing(ctx)
	if err != nil {
		return err
	}

	b.report(results, pricingRate, pricingBench)
	return nil
}

type bench struct {
	o    options
	work string
}

func section(title string) { fmt.Printf("\n== %s\n", title) }

// fresh returns an empty folder for a run under the work folder.
func (b *bench) fresh(name string) string {
	dir := filepath.Join(b.work, name)
	if err := os.RemoveAll(dir); err != nil {
		panic(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		panic(err)
	}
	return dir
}
