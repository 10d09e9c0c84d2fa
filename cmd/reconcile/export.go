package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/reconcile/reconcile/internal/export"
	"github.com/reconcile/reconcile/internal/job"
)

const exportExample = `  # October's events, for a data lake: export/usage/month=2026-10/data_0.parquet
  reconcile export --period 2026-10 --out export/usage

  # every event, or a span of days (both included)
  reconcile export --out export/usage
  reconcile export --from 2026-10-01 --to 2026-10-15 --out export/usage`

type exportFlags struct {
	db, out          string
	period, from, to string
	shard            string
	wait             time.Duration
}

func newExportCmd(g *globals) *cobra.Command {
	var f exportFlags
	cmd := &cobra.Command{
		Use:   "export --out DIR [--period YYYY-MM | --from DATE --to DATE] [--db FILE]",
		Short: "Write every event at its current price as Parquet, partitioned by month",
		Long: `export writes current_usage (one row per event, at its current price, with what
was charged) as Parquet files partitioned by the month of created_at, Hive
style: DIR/month=2026-10/data_0.parquet. With --period or --from/--to only
the events created in that window (UTC) are written; with neither, all.

The files are written into a temporary folder beside DIR and moved into
place when complete. A month written replaces that month's folder of an
earlier export; the other months in DIR are left as they are.`,
		Example: exportExample,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runExport(cmd.Context(), g, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.db, "db", "reconcile.duckdb", "database file")
	fl.StringVar(&f.out, "out", "", "folder to write the month=YYYY-MM partitions into (required)")
	fl.StringVar(&f.period, "period", "", "export the events created in this month, YYYY-MM (UTC)")
	fl.StringVar(&f.from, "from", "", "export the events created from this day, YYYY-MM-DD (UTC)")
	fl.StringVar(&f.to, "to", "", "... to this day, included")
	fl.StringVar(&f.shard, "shard", "", "I/N: the shard this database holds (run --shard); partitions month=.../shard=I")
	fl.DurationVar(&f.wait, "wait", 0, waitHelp)
	return cmd
}

func runExport(ctx context.Context, g *globals, f exportFlags) error {
	if f.out == "" {
		return usagef("no --out: give the folder to write, e.g. --out export/usage")
	}
	window, err := windowFlags(f.period, f.from, f.to)
	if err != nil {
		return err
	}
	var shard *job.Shard
	if f.shard != "" {
		if shard, err = job.ParseShard(f.shard); err != nil {
			return usagef("--%w", err)
		}
	}
	if fi, err := os.Stat(f.out); err == nil && !fi.IsDir() {
		return usagef("--out %s is a file; want a folder", f.out)
	}
	st, err := openReadOnly(ctx, f.db, true, f.wait) // COPY writes files
	if err != nil {
		return err
	}
	defer st.Close()
	res, err := export.Run(ctx, st.DB, export.Options{Dir: f.out, Window: window, Shard: shard})
	if err != nil {
		return fmt.Errorf("export to %s: %w", f.out, err)
	}
	what := "all events"
	if window != nil {
		what = window.String()
	}
	if res.Rows == 0 {
		fmt.Fprintf(g.stdout, "exported 0 events (%s): nothing written, %s left as it was\n", what, f.out)
		return nil
	}
	files := "files"
	if len(res.Files) == 1 {
		files = "file"
	}
	fmt.Fprintf(g.stdout, "exported %d events (%s) in %d %s to %s\n", res.Rows, what, len(res.Files), files, f.out)
	for _, file := range res.Files {
		fmt.Fprintf(g.stdout, "wrote %s: %d rows\n", file.Path, file.Rows)
	}
	for _, m := range res.Replaced {
		fmt.Fprintf(g.stdout, "replaced %s of an earlier export\n", filepath.Join(f.out, m))
	}
	return nil
}
