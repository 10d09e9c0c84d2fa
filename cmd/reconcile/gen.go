package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/reconcile/reconcile/internal/gen"
	"github.com/reconcile/reconcile/internal/pricing"
)

const genExample = `  # a month of 1,000,000 events as Parquet, and its billing ledger
  reconcile gen --events 1000000 --out logs/2026-10.parquet --ledger ledger/2026-10.csv

  # the same log as gzipped CSV: the same seed gives the same events
  reconcile gen --events 1000000 --out logs/2026-10.csv.gz

  # a second batch of the same month, with new event ids
  reconcile gen --events 300000 --seed 2 --out logs/2026-10-late.parquet`

type genFlags struct {
	events    int
	accounts  int
	seed      uint64
	errorRate float64
	month     string
	format    string
	out       string
	ledger    string
	faults    []string
}

func newGenCmd(g *globals) *cobra.Command {
	var f genFlags
	cmd := &cobra.Command{
		Use:   "gen --events N --out FILE [flags]",
		Short: "Generate a synthetic render log (and its billing ledger) for tests and benchmarks",
		Long: `gen writes a month of synthetic render and edit events (SPEC §2) to --out as
CSV, gzipped CSV or typed Parquet. The same flags always give the same bytes:
the events are drawn from a generator seeded by --seed. A fraction
--error-rate of the events gets one known fault in its charge (overcharged,
undercharged, uncharged, minutes_mismatch or duplicate_event), and the counts
are printed so that a reconciliation can be checked against them. --fault
plants a systematic fault as well: every event it matches is charged by its
wrong rule (ultra-clip-at-pro: ULTRA clip edits at the PRO rate;
no-actor-surcharge:ACTOR: renders with ACTOR without the actor surcharge;
uncharged-after:DAY: nothing charged from DAY on; minutes-rounded-down:
billable minutes of renders rounded down), gets no random fault, and is
counted on a "planted:" line. Event ids
carry a 32-bit hash of the seed, so logs of different seeds share no event id
(no two seeds from 0 to 100000 collide).

--ledger also writes the billing ledger (SPEC §5) of the same events, with
faults of its own (double charges, partial refunds, orphans, dropped charges).

Files are written under a temporary name beside the target and renamed when
complete.`,
		Example: genExample,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("gen takes no arguments (got %q); give the file with --out", args[0])
			}
			return runGen(cmd, g, f)
		},
	}
	fl := cmd.Flags()
	fl.IntVar(&f.events, "events", 0, "distinct events to generate (required); duplicate rows come on top")
	fl.IntVar(&f.accounts, "accounts", 500, "accounts acct-0001 … acct-N")
	fl.Uint64Var(&f.seed, "seed", 1, "generator seed: the same seed gives the same file")
	fl.Float64Var(&f.errorRate, "error-rate", 0.02, "fraction of events, 0 to 1, given a known fault")
	fl.StringVar(&f.month, "month", "2026-10", "month of the events, YYYY-MM (UTC)")
	fl.StringVar(&f.format, "format", "", "csv, csv.gz or parquet (default: from --out's extension)")
	fl.StringVar(&f.out, "out", "", "render-log file to write (required)")
	fl.StringVar(&f.ledger, "ledger", "", "also write the billing ledger of the same events to this file (.csv, .csv.gz or .parquet)")
	fl.StringArrayVar(&f.faults, "fault", nil, "plant a systematic fault, charging every event it matches by a wrong rule (repeatable): "+strings.Join(gen.FaultNames, ", "))
	return cmd
}

func runGen(cmd *cobra.Command, g *globals, f genFlags) error {
	c, err := genConfig(cmd, f)
	if err != nil {
		return err
	}
	format, err := genFormat(f.out, f.format, "--out")
	if err != nil {
		return err
	}
	var ledgerFormat gen.Format
	if f.ledger != "" {
		if ledgerFormat, err = genFormat(f.ledger, "", "--ledger"); err != nil {
			return err
		}
		if sameFile(f.ledger, f.out) {
			return usagef("--ledger %s is --out; give the ledger a file of its own", f.ledger)
		}
	}
	for _, p := range []string{f.out, f.ledger} {
		if fi, err := os.Stat(p); p != "" && err == nil && fi.IsDir() {
			return usagef("%s is a folder; want a file to write", p)
		}
	}

	ctx := cmd.Context()
	stats, err := gen.WriteLogFile(ctx, f.out, format, c)
	if err != nil {
		return err
	}
	printLogStats(g, f.out, stats)

	if f.ledger != "" {
		ls, err := gen.WriteLedgerFile(ctx, f.ledger, ledgerFormat, c)
		if err != nil {
			return err
		}
		printLedgerStats(g, f.ledger, ls)
	}
	return nil
}

// genConfig checks the flags that say what to generate; a bad one is a
// usage error naming it.
func genConfig(cmd *cobra.Command, f genFlags) (gen.Config, error) {
	fl := cmd.Flags()
	switch {
	case !fl.Changed("events"):
		return gen.Config{}, usagef("no --events: give the number of events to generate, e.g. --events 1000000")
	case f.events < 0:
		return gen.Config{}, usagef("--events %d: want 0 or more", f.events)
	case f.out == "":
		return gen.Config{}, usagef("no --out: give the file to write, e.g. --out logs.parquet")
	case f.accounts < 1:
		return gen.Config{}, usagef("--accounts %d: want 1 or more", f.accounts)
	case !(f.errorRate >= 0 && f.errorRate <= 1): // NaN too
		return gen.Config{}, usagef("--error-rate %v: want a fraction from 0 to 1", f.errorRate)
	}
	month, err := time.Parse("2006-01", f.month)
	if err != nil {
		return gen.Config{}, usagef("--month %q: want YYYY-MM", f.month)
	}
	if _, ok := pricing.Default().VersionAt(month); !ok {
		return gen.Config{}, usagef("--month %s: before every version of the price book", f.month)
	}
	c := gen.Config{Events: f.events, Accounts: f.accounts, Seed: f.seed, ErrorRate: f.errorRate, Month: month}
	for _, name := range f.faults {
		fault, err := gen.ParseFault(name)
		if err != nil {
			return gen.Config{}, usagef("--fault: %v", err)
		}
		c.Faults = append(c.Faults, fault)
	}
	if err := c.Validate(); err != nil {
		return gen.Config{}, usageError{err}
	}
	return c, nil
}

// genFormat returns the format to write path in: format when given (it must
// agree with a known extension of path), else the one path's extension names.
func genFormat(path, format, flag string) (gen.Format, error) {
	byExt, known := gen.FormatOf(path)
	switch f := gen.Format(format); f {
	case "":
		if !known {
			return "", usagef("%s %s: cannot tell the format from the name; give --format csv, csv.gz or parquet, or name it .csv, .csv.gz or .parquet", flag, path)
		}
		return byExt, nil
	case gen.CSV, gen.CSVGz, gen.Parquet:
		if known && byExt != f {
			return "", usagef("--format %s, but %s %s names a %s file", format, flag, path, byExt)
		}
		return f, nil
	}
	return "", usagef("--format %q: want csv, csv.gz or parquet", format)
}

func sameFile(a, b string) bool {
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && aa == bb
}

func printLogStats(g *globals, path string, s gen.Stats) {
	fmt.Fprintf(g.stdout, "wrote %s: %d rows, %d events, %d duplicate rows (%d conflicting)\n",
		path, s.Rows, s.Events, s.Rows-s.Events, s.Conflicting)
	parts := make([]string, gen.NumCategories)
	for i, n := range s.Injected {
		parts[i] = fmt.Sprintf("%s %d", gen.Category(i), n)
	}
	fmt.Fprintf(g.stdout, "injected: %s (%d events)\n", strings.Join(parts, ", "), s.Faulty())
	for _, p := range s.Planted {
		fmt.Fprintf(g.stdout, "planted: %s\n", p)
	}
}

func printLedgerStats(g *globals, path string, s gen.LedgerStats) {
	fmt.Fprintf(g.stdout, "wrote ledger %s: %d rows (%d refunds) charging %d events\n",
		path, s.Rows, s.Refunds, s.Charged)
	parts := make([]string, gen.NumLedgerFaults)
	for i, n := range s.Injected {
		parts[i] = fmt.Sprintf("%s %d", gen.LedgerFault(i), n)
	}
	fmt.Fprintf(g.stdout, "ledger injected: %s (%d double charges refunded)\n", strings.Join(parts, ", "), s.Refunded)
	d := s.Discrepancies()
	cats := []string{"overcharged", "undercharged", "uncharged", "minutes_mismatch", "duplicate_event", "orphan_charge", "duplicate_charge"}
	parts = parts[:0]
	for _, c := range cats {
		parts = append(parts, fmt.Sprintf("%s %d", c, d[c]))
	}
	fmt.Fprintf(g.stdout, "a reconciliation against the ledger finds: %s\n", strings.Join(parts, ", "))
}
