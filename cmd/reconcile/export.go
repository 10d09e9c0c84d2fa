package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/reconcile/reconcile/internal/job"
	"github.com/reconcile/reconcile/internal/report"
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
	res, err := exportUsage(ctx, st.DB, f.out, window, shard)
	if err != nil {
		return fmt.Errorf("export to %s: %w", f.out, err)
	}
	what := "all events"
	if window != nil {
		what = window.String()
	}
	if res.rows == 0 {
		fmt.Fprintf(g.stdout, "exported 0 events (%s): nothing written, %s left as it was\n", what, f.out)
		return nil
	}
	files := "files"
	if len(res.files) == 1 {
		files = "file"
	}
	fmt.Fprintf(g.stdout, "exported %d events (%s) in %d %s to %s\n", res.rows, what, len(res.files), files, f.out)
	for _, file := range res.files {
		fmt.Fprintf(g.stdout, "wrote %s: %d rows\n", file.path, file.rows)
	}
	for _, m := range res.replaced {
		fmt.Fprintf(g.stdout, "replaced %s of an earlier export\n", filepath.Join(f.out, m))
	}
	return nil
}

// exportSelect is what export writes: every event once, at its current
// price, with the month of its created_at to partition by. $from and $to
// bound created_at (from inclusive, to exclusive); NULL means all events.
const exportSelect = `SELECT *, strftime(created_at, '%Y-%m') AS month, $shard::INTEGER AS shard
FROM current_usage
WHERE $from::TIMESTAMP IS NULL OR (created_at >= $from::TIMESTAMP AND created_at < $to::TIMESTAMP)
ORDER BY created_at, event_id`

type exportResult struct {
	rows     int64
	files    []exportedFile
	replaced []string // month=YYYY-MM folders of an earlier export that were replaced
}

type exportedFile struct {
	path string // under DIR, as the user named it
	rows int64
}

// exportUsage writes the partitions into a new folder beside dir, then
// moves them into dir: a failure leaves dir as it was.
func exportUsage(ctx context.Context, db *sql.DB, dir string, w *job.Window, shard *job.Shard) (exportResult, error) {
	var res exportResult
	abs, err := filepath.Abs(dir)
	if err != nil {
		return res, err
	}
	parent := filepath.Dir(abs)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return res, err
	}
	staging, err := os.MkdirTemp(parent, "."+filepath.Base(abs)+".export-*")
	if err != nil {
		return res, err
	}
	defer os.RemoveAll(staging)

	var from, to any
	if w != nil {
		from, to = w.From, w.To
	}
	// With a shard, partitions are month=YYYY-MM/shard=I, so that N shards'
	// exports into one folder make one table.
	query, partitions := "SELECT * EXCLUDE (shard) FROM ("+exportSelect+")", "month"
	var shardIndex any
	if shard != nil {
		query, partitions, shardIndex = exportSelect, "month, shard", shard.Index
	}
	copySQL := "COPY (" + query + ") TO " + sqlString(staging) + " (FORMAT parquet, PARTITION_BY (" + partitions + "))"
	r, err := db.ExecContext(ctx, copySQL, sql.Named("from", from), sql.Named("to", to), sql.Named("shard", shardIndex))
	if err != nil {
		return res, fmt.Errorf("write parquet: %w", err)
	}
	if res.rows, err = r.RowsAffected(); err != nil {
		return res, err
	}
	if res.rows == 0 {
		return res, nil
	}

	// What was written, counted from the files themselves.
	var written []string
	err = filepath.WalkDir(staging, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			written = append(written, p)
		}
		return err
	})
	if err != nil {
		return res, err
	}
	quoted := make([]string, len(written))
	for i, p := range written {
		quoted[i] = sqlString(p)
	}
	rows, err := db.QueryContext(ctx, "SELECT file_name, num_rows FROM parquet_file_metadata(["+strings.Join(quoted, ", ")+"]) ORDER BY file_name")
	if err != nil {
		return res, fmt.Errorf("read back the parquet files: %w", err)
	}
	defer rows.Close()
	var total int64
	for rows.Next() {
		var name string
		var n int64
		if err := rows.Scan(&name, &n); err != nil {
			return res, err
		}
		rel, err := filepath.Rel(staging, name)
		if err != nil {
			return res, err
		}
		res.files = append(res.files, exportedFile{path: filepath.Join(dir, rel), rows: n})
		total += n
	}
	if err := rows.Err(); err != nil {
		return res, err
	}
	if total != res.rows {
		return res, fmt.Errorf("wrote %d rows but the files hold %d", res.rows, total)
	}

	res.replaced, err = publish(staging, abs)
	return res, err
}

// publish moves the partition folders of staging into dir: month=YYYY-MM,
// or month=YYYY-MM/shard=I with a shard. When dir does not exist, staging
// becomes it. Otherwise each partition replaces the one of the same name
// (the old one is moved aside first, and back if the move fails); the
// other folders in dir stay. It returns the partitions replaced.
func publish(staging, dir string) ([]string, error) {
	if err := os.Chmod(staging, report.DirMode()); err != nil { // MkdirTemp made it 0700
		return nil, err
	}
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return nil, os.Rename(staging, dir)
	}
	parts, err := partitions(staging)
	if err != nil {
		return nil, err
	}
	var replaced []string
	for i, name := range parts {
		target := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return replaced, err
		}
		old := filepath.Join(staging, fmt.Sprintf(".replaced-%d", i))
		hadOld := false
		if err := os.Rename(target, old); err == nil {
			hadOld = true
		} else if !errors.Is(err, fs.ErrNotExist) {
			return replaced, fmt.Errorf("move aside %s: %w", target, err)
		}
		if err := os.Rename(filepath.Join(staging, name), target); err != nil {
			if hadOld {
				_ = os.Rename(old, target)
			}
			return replaced, fmt.Errorf("move %s into place: %w", name, err)
		}
		if hadOld {
			replaced = append(replaced, name)
		}
	}
	slices.Sort(replaced)
	return replaced, nil
}

// partitions lists the partition folders that hold files in staging,
// relative to it: month=…, or month=…/shard=….
func partitions(staging string) ([]string, error) {
	var parts []string
	err := filepath.WalkDir(staging, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.Contains(p, "month=") {
			return err
		}
		rel, err := filepath.Rel(staging, filepath.Dir(p))
		if err == nil && !slices.Contains(parts, rel) {
			parts = append(parts, rel)
		}
		return err
	})
	return parts, err
}

// sqlString returns s as a SQL string literal, its single quotes doubled. It
// is the one way a path reaches export's SQL: COPY takes its target as a
// literal, not a parameter.
func sqlString(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
