package main

import (
	"fmt"
	"os"

	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"

	"github.com/reconcile/reconcile/internal/job"
	"github.com/reconcile/reconcile/internal/pricing"
)

const runExample = `  # reconcile a month of render logs with the embedded v1 price book
  reconcile run --input logs/2026-10/ --db reconcile.duckdb --out out/

  # several inputs, a price book of your own, fail the job if anything is off
  reconcile run --input a.csv b.csv.gz 'more/*.parquet' --pricebook prices.yaml --fail-on-discrepancy`

type runFlags struct {
	inputs    []string
	pricebook string
	db        string
	out       string
	tolerance string
	failOnDis bool
}

func newRunCmd(g *globals) *cobra.Command {
	var f runFlags
	cmd := &cobra.Command{
		Use:   "run --input PATH... [flags]",
		Short: "Ingest render logs, price them, store them and report discrepancies",
		Long: `run reads render logs (CSV, CSV.gz or Parquet; files, folders or globs), prices
every event with the price book version in force when it happened, stores
events, rejects and discrepancies in the database as one transaction, and
writes reconciliation.xlsx, discrepancies.csv, accounts.csv and rejects.csv.

A run that fails commits nothing and leaves earlier reports in place.
Exit codes: 0 done, 1 failed (nothing committed), 2 bad usage or price book,
3 discrepancies found and --fail-on-discrepancy given.`,
		Example: runExample,
		RunE: func(cmd *cobra.Command, args []string) error {
			f.inputs = append(f.inputs, args...)
			return runRun(cmd, g, f)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&f.inputs, "input", nil, "render-log file, folder or glob (repeatable; more paths may follow)")
	fl.StringVar(&f.pricebook, "pricebook", "", "price book YAML (default: the embedded v1 book)")
	fl.StringVar(&f.db, "db", "reconcile.duckdb", "database file")
	fl.StringVar(&f.out, "out", "out", "report folder")
	fl.StringVar(&f.tolerance, "tolerance", "0.01", "credits a charge may differ by without being flagged")
	fl.BoolVar(&f.failOnDis, "fail-on-discrepancy", false, "exit 3 when the run finds discrepancies")
	return cmd
}

func runRun(cmd *cobra.Command, g *globals, f runFlags) error {
	log, err := g.logger()
	if err != nil {
		return err
	}
	if len(f.inputs) == 0 {
		return usagef("no input: give --input PATH")
	}
	tol, err := decimal.NewFromString(f.tolerance)
	if err != nil || tol.IsNegative() {
		return usagef("--tolerance %q: want a decimal of zero or more credits", f.tolerance)
	}
	book, raw, source, err := loadBook(f.pricebook)
	if err != nil {
		return err
	}
	res, err := job.Run(cmd.Context(), job.Config{
		Inputs:     f.inputs,
		Book:       book,
		BookYAML:   raw,
		BookSource: source,
		DBPath:     f.db,
		OutDir:     f.out,
		Tolerance:  tol,
		Version:    version,
		Log:        log,
	})
	if err != nil {
		return err
	}
	c := res.Counts
	fmt.Fprintf(g.stdout, "run %s: %d rows read: %d priced, %d rejected, %d duplicates; %d discrepancies\n",
		res.RunID, c.RowsRead, c.Priced, c.Rejected, c.Duplicates, c.Discrepancies)
	for _, r := range res.Reports {
		fmt.Fprintf(g.stdout, "wrote %s\n", r)
	}
	if f.failOnDis && c.Discrepancies > 0 {
		return errDiscrepancies
	}
	return nil
}

// loadBook reads the price book at path, or the embedded one when path is
// empty. A malformed book is a usage error (exit 2) naming the key.
func loadBook(path string) (*pricing.Book, []byte, string, error) {
	if path == "" {
		return pricing.Default(), pricing.DefaultYAML, "embedded v1", nil
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, "", usageError{fmt.Errorf("price book: %w", err)}
	}
	book, err := pricing.Parse(bytesReader(raw))
	if err != nil {
		return nil, nil, "", usageError{fmt.Errorf("price book %s: %w", path, err)}
	}
	return book, raw, path, nil
}
