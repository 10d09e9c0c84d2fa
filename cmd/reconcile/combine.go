package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/reconcile/reconcile/internal/job"
)

type combineFlags struct {
	from []string
	run  runFlags
}

func newCombineCmd(g *globals) *cobra.Command {
	var f combineFlags
	cmd := &cobra.Command{
		Use:   "combine --from SHARD.duckdb... --period YYYY-MM --db NEW.duckdb [--out DIR]",
		Short: "Combine the databases of N shards into one month: one database and one set of reports",
		Long: `combine reads the databases that run --shard I/N wrote (read-only), one per
shard, every shard of N once, priced with one price book, and stores their
rows into the new database --db, as one run of all of them would have
stored them. An event id two shards priced (its rows carry different
accounts) is one event, its first row by file and row; the others are
duplicate rows. It then reconciles the month there as one run: a ledger row
charged to another account than its event's is matched to its event
(account_mismatch), not left an orphan in its shard. The reports in --out
are those one run of the whole input writes.

Combining refuses shards that are missing, given twice, split another way,
priced with other price books, or of no shard, naming them (exit 1).`,
		Example: `  for i in 0 1 2 3; do reconcile run --shard $i/4 --input logs/ --ledger ledger/ --period 2026-10 --db shard-$i.duckdb --out out-$i & done; wait
  reconcile combine --from shard-0.duckdb --from shard-1.duckdb --from shard-2.duckdb --from shard-3.duckdb --period 2026-10 --db month.duckdb --out out`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("combine takes no arguments (got %q); give the shards' databases with --from", args[0])
			}
			return runCombine(cmd, g, f)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&f.from, "from", nil, "a shard's database, written by run --shard I/N (repeatable: every shard once)")
	fl.StringVar(&f.run.period, "period", "", "the month, YYYY-MM (UTC), that the shards closed")
	fl.StringVar(&f.run.db, "db", "", "the new database to combine into (it must not exist)")
	fl.StringVar(&f.run.out, "out", "out", "report folder")
	fl.StringVar(&f.run.pricebook, "pricebook", "", "the price book the shards used (default: the embedded v1 book)")
	fl.StringVar(&f.run.tolerance, "tolerance", "0.01", "credits a charge may differ by without being flagged")
	fl.StringVar(&f.run.relTolerance, "rel-tolerance", "0", "a further fraction of the charged credits it may differ by")
	fl.StringVar(&f.run.memoryLimit, "memory-limit", "", "memory DuckDB may use before it spills (default: as run)")
	fl.StringArrayVar(&f.run.failOn, "fail-on", nil, "exit 3 when a rule holds on the report (as run --fail-on)")
	return cmd
}

func runCombine(cmd *cobra.Command, g *globals, f combineFlags) error {
	switch {
	case len(f.from) == 0:
		return usagef("no --from: give every shard's database, e.g. --from shard-0.duckdb --from shard-1.duckdb")
	case f.run.period == "":
		return usagef("no --period: give the month the shards closed, e.g. --period 2026-10")
	case f.run.db == "":
		return usagef("no --db: give the new database to combine into, e.g. --db month.duckdb")
	}
	cfg, err := runConfig(g, f.run)
	if err != nil {
		return err
	}
	cfg.Command = "reconcile combine"
	res, c, err := job.Combine(cmd.Context(), cfg, f.from)
	if err != nil {
		return err
	}
	for _, s := range c.Shards {
		fmt.Fprintf(g.stdout, "shard %s: %s (price book %s)\n", s.Shard.String(), s.Path, s.PriceBook[:min(12, len(s.PriceBook))])
	}
	if c.CrossShard > 0 {
		fmt.Fprintf(g.stdout, "%d rows of ids another shard priced first are duplicates\n", c.CrossShard)
	}
	n := res.Counts
	fmt.Fprintf(g.stdout, "run %s: %d rows read: %d priced, %d rejected, %d duplicates; %d discrepancies\n",
		res.RunID, n.RowsRead, n.Priced, n.Rejected, n.Duplicates, n.Discrepancies)
	for _, r := range res.Reports {
		fmt.Fprintf(g.stdout, "wrote %s\n", r)
	}
	return failOn(g, f.run.failOn, res.Summary)
}
