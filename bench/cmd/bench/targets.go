// The targets of the speed-and-scale issue, and the report of the runs
// against them.

package main

import (
	"fmt"
	"math"
	"os"
	"text/tabwriter"
	"time"
)

// The targets of the issue.
const (
	targetRatio       = 1.00    // reconcile wall time ÷ plain SQL wall time, Parquet and CSV
	targetRSSKiB      = 1 << 20 // peak RSS of reconcile at N events: 1 GiB
	targetRSSExponent = 0.5     // RSS ∝ N^b between N/10 and N: 10× the input at most ~3.2× the memory
	targetPricing     = 100e6   // pricing core, events per second on one core
	targetIncremental = 0.10    // nightly run of 3N/100 new events ÷ the full N-event run
)

// report prints the table of runs and the targets.
func (b *bench) report(results []result, pricingRate float64, pricingBench string) {
	section("results")
	const row = "  %-23s %-12s %11s %7s %10s %9s %6s %7s %7s %13s\n"
	fmt.Printf(row, "run", "input", "events", "wall s", "events/s", "peak RSS", "CPU s", "other", "db", "discrepancies")
	fmt.Printf(row, "", "", "", "", "", "MiB", "", "CPU s", "MiB", "")
	noisy := false
	for _, r := range results {
		other := fmt.Sprintf("%.1f", r.other.Seconds())
		if r.other > r.wall/4 {
			other += "*"
			noisy = true
		}
		fmt.Printf(row, r.name, r.input, group(int64(r.events)), fmt.Sprintf("%.1f", r.wall.Seconds()),
			group(int64(math.Round(r.eventsPerSec()))), fmt.Sprintf("%.0f", mib(r.rssKiB)), fmt.Sprintf("%.1f", r.cpu.Seconds()),
			other, fmt.Sprintf("%.0f", float64(r.dbBytes)/(1<<20)), group(r.findings))
	}
	fmt.Println("  events/s: distinct events priced ÷ wall time. other CPU s: what the rest of the machine used meanwhile.")
	if noisy {
		fmt.Println("  * other processes used more than a quarter of a CPU during the run: its time is not reliable.")
	}

	find := func(name, format string, events int) result {
		for _, r := range results {
			if r.name == name && r.input.format == format && r.input.events == events {
				return r
			}
		}
		panic("no result " + name)
	}
	n := b.o.events
	recPq, plainPq := find("reconcile run", "parquet", n), find("plain.sql", "parquet", n)
	recCSV, plainCSV := find("reconcile run", "csv", n/5), find("plain_csv.sql", "csv", n/5)
	ctas := find("bare CTAS", "parquet", n)
	nightly := find("reconcile run, nightly", "parquet", 3*n/100)
	c1, c3 := find("reconcile run", "parquet", n/10), find("reconcile run", "parquet", 3*n/10)

	section("ratios")
	pqRatio := recPq.wall.Seconds() / plainPq.wall.Seconds()
	csvRatio := recCSV.wall.Seconds() / plainCSV.wall.Seconds()
	incRatio := nightly.wall.Seconds() / recPq.wall.Seconds()
	fmt.Printf("  reconcile / plain SQL, %s: wall %.2f×, peak RSS %.2f×\n", recPq.input, pqRatio, float64(recPq.rssKiB)/float64(plainPq.rssKiB))
	fmt.Printf("  reconcile / plain SQL, %s: wall %.2f×, peak RSS %.2f×\n", recCSV.input, csvRatio, float64(recCSV.rssKiB)/float64(plainCSV.rssKiB))
	fmt.Printf("  reconcile / bare CTAS of the file, %s: wall %.2f× (the CTAS: %.1f s)\n", recPq.input, recPq.wall.Seconds()/ctas.wall.Seconds(), ctas.wall.Seconds())
	fmt.Printf("  nightly run of %s new events into the %s database / the full %s run: wall %.3f×\n", human(nightly.events), human(n), human(n), incRatio)
	exp := math.Log(float64(recPq.rssKiB)/float64(c1.rssKiB)) / math.Log(float64(recPq.events)/float64(c1.events))
	fmt.Printf("  reconcile peak RSS: %s %.0f MiB, %s %.0f MiB, %s %.0f MiB: %.1f× the memory for %.0f× the events (RSS ∝ N^%.2f)\n",
		human(c1.events), mib(c1.rssKiB), human(c3.events), mib(c3.rssKiB), human(recPq.events), mib(recPq.rssKiB),
		float64(recPq.rssKiB)/float64(c1.rssKiB), float64(recPq.events)/float64(c1.events), exp)

	section("targets")
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "target\tmeasured\tgoal\t")
	check := func(what, measured, goal string, pass bool) {
		verdict := "MISS"
		if pass {
			verdict = "PASS"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", what, measured, goal, verdict)
	}
	check(fmt.Sprintf("end to end, %s: reconcile / plain SQL wall time", recPq.input), fmt.Sprintf("%.2f×", pqRatio), fmt.Sprintf("≤ %.2f×", targetRatio), pqRatio <= targetRatio)
	check(fmt.Sprintf("end to end, %s: reconcile / plain SQL wall time", recCSV.input), fmt.Sprintf("%.2f×", csvRatio), fmt.Sprintf("≤ %.2f×", targetRatio), csvRatio <= targetRatio)
	check(fmt.Sprintf("peak RSS of reconcile run at %s events", human(n)), fmt.Sprintf("%.0f MiB", mib(recPq.rssKiB)), "≤ 1024 MiB", recPq.rssKiB <= targetRSSKiB)
	check(fmt.Sprintf("peak RSS growth, %s → %s events (RSS ∝ N^b)", human(c1.events), human(n)), fmt.Sprintf("b = %.2f", exp), fmt.Sprintf("b ≤ %.1f", targetRSSExponent), exp <= targetRSSExponent)
	check("pricing core, events/s on one core ("+pricingBench+")", group(int64(pricingRate)), "≥ 100,000,000", pricingRate >= targetPricing)
	check(fmt.Sprintf("nightly run of %s new events into %s / full %s run", human(nightly.events), human(n), human(n)), fmt.Sprintf("%.3f×", incRatio), fmt.Sprintf("≤ %.2f×", targetIncremental), incRatio <= targetIncremental)
	tw.Flush()
	fmt.Printf("\nload at the end: %s (1, 5, 15 min)\n", loadAvg())
	var other, wall time.Duration
	for _, r := range results {
		other, wall = other+r.other, wall+r.wall
	}
	if other > 10*time.Second {
		fmt.Printf("note: other processes used %.0f s of CPU during the %.0f s of timed runs (the \"other CPU\" column): the machine was shared\n", other.Seconds(), wall.Seconds())
	}
}
