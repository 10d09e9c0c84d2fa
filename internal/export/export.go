// Package export writes current_usage, every event once at its current
// price with the charge the reports show (SPEC §6 "One truth"), as Parquet
// files partitioned by the month of created_at, Hive style:
// DIR/month=2026-10/data_0.parquet, or DIR/month=2026-10/shard=0/… for a
// database that holds one shard, so that N shards' exports into one folder
// make one table.
//
// DuckDB writes the files into a staging folder beside DIR; the rows are
// counted again from the files themselves; only then are the partitions
// moved into DIR. A partition written replaces the one of the same name of
// an earlier export; the other folders in DIR are left as they are. A
// failure before the move leaves DIR as it was.
package export

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/reconcile/reconcile/internal/atomicfs"
	"github.com/reconcile/reconcile/internal/job"
	"github.com/reconcile/reconcile/queries"
)

// Options say what to export and where.
type Options struct {
	Dir    string      // the folder to write the partitions into
	Window *job.Window // the events created in it; nil: every event
	Shard  *job.Shard  // the shard the database holds; nil: it holds all
}

// Result is what an export wrote.
type Result struct {
	Rows     int64
	Files    []File   // by name; none when Rows is 0, and then Dir is left as it was
	Replaced []string // the partitions (month=YYYY-MM[/shard=I]) of an earlier export that were replaced, sorted
}

// File is one Parquet file written.
type File struct {
	Path string // under Options.Dir, as the caller named it
	Rows int64
}

// Run writes the events opt selects into opt.Dir.
func Run(ctx context.Context, db *sql.DB, opt Options) (Result, error) {
	var res Result
	abs, err := filepath.Abs(opt.Dir)
	if err != nil {
		return res, err
	}
	staging, err := atomicfs.MkdirStage(filepath.Dir(abs), "."+filepath.Base(abs)+".export-*")
	if err != nil {
		return res, err
	}
	defer os.RemoveAll(staging)

	if res.Rows, err = write(ctx, db, staging, opt); err != nil || res.Rows == 0 {
		return res, err
	}
	if res.Files, err = written(ctx, db, staging, opt.Dir); err != nil {
		return res, err
	}
	var total int64
	for _, f := range res.Files {
		total += f.Rows
	}
	if total != res.Rows {
		return res, fmt.Errorf("wrote %d rows but the files hold %d", res.Rows, total)
	}
	parts, err := partitions(staging)
	if err != nil {
		return res, err
	}
	res.Replaced, err = atomicfs.MoveInto(staging, abs, parts)
	return res, err
}

// write has DuckDB write the partitions into staging and returns the rows
// written.
func write(ctx context.Context, db *sql.DB, staging string, opt Options) (int64, error) {
	var from, to, shard any
	if opt.Window != nil {
		from, to = opt.Window.From, opt.Window.To
	}
	if opt.Shard != nil {
		shard = opt.Shard.Index
	}
	q, err := queries.ExportCopy.Fill(map[string]any{"Dir": staging, "Sharded": opt.Shard != nil})
	if err != nil {
		return 0, err
	}
	r, err := db.ExecContext(ctx, q.Text, sql.Named("from", from), sql.Named("to", to), sql.Named("shard", shard))
	if err != nil {
		return 0, fmt.Errorf("write parquet: %w", err)
	}
	return r.RowsAffected()
}

// written lists the files in staging with the rows each holds, counted
// from the files themselves, named as they will be under dir.
func written(ctx context.Context, db *sql.DB, staging, dir string) ([]File, error) {
	var paths []string
	err := filepath.WalkDir(staging, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			paths = append(paths, p)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	q, err := queries.ExportFiles.Fill(map[string]any{"Files": paths})
	if err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, q.Text)
	if err != nil {
		return nil, fmt.Errorf("read back the parquet files: %w", err)
	}
	defer rows.Close()
	var files []File
	for rows.Next() {
		var name string
		var n int64
		if err := rows.Scan(&name, &n); err != nil {
			return nil, err
		}
		rel, err := filepath.Rel(staging, name)
		if err != nil {
			return nil, err
		}
		files = append(files, File{Path: filepath.Join(dir, rel), Rows: n})
	}
	return files, rows.Err()
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
