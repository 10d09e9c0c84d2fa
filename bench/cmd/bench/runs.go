// The runs that are timed: reconcile run, the plain SQL scripts through
// runsql and the bare CTAS, each one whole process on its own database.

package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"time"
)

// result is one timed process.
type result struct {
	name     string
	input    dataset
	events   int // events the run priced
	wall     time.Duration
	cpu      time.Duration // user + system of the process
	other    time.Duration // CPU time of the rest of the machine during the run
	rssKiB   int64
	dbBytes  int64
	waited   time.Duration // for the machine to be quiet, before the run
	summary  string        // what the run reports it did
	priced   int64
	findings int64
}

func (r result) eventsPerSec() float64 { return float64(r.events) / r.wall.Seconds() }

// reconcileRun times `reconcile run` of d into dir/db.duckdb and dir/out.
// The database may be there already (the nightly run).
func (b *bench) reconcileRun(ctx context.Context, name string, d dataset, dir, note string) (result, error) {
	db := filepath.Join(dir, "db.duckdb")
	r, stdout, err := b.timed(ctx, b.o.reconcile, "run", "--input", d.path, "--db", db, "--out", filepath.Join(dir, "out"))
	if err != nil {
		return r, err
	}
	r.name, r.input, r.events = name, d, d.events
	m := regexp.MustCompile(`(\d+) rows read: (\d+) priced, (\d+) rejected, (\d+) duplicates; (\d+) discrepancies`).FindStringSubmatch(stdout)
	if m == nil {
		return r, fmt.Errorf("reconcile run %s: no summary line in its output:\n%s", d.path, stdout)
	}
	r.priced, _ = strconv.ParseInt(m[2], 10, 64)
	r.findings, _ = strconv.ParseInt(m[5], 10, 64)
	if r.priced != int64(d.events) {
		return r, fmt.Errorf("reconcile run %s priced %d events; the file has %d", d.path, r.priced, d.events)
	}
	r.summary = fmt.Sprintf("%d priced, %d discrepancies", r.priced, r.findings)
	if note != "" {
		r.summary += "; " + note
	}
	r.dbBytes = fileSize(db)
	return r, nil
}

// plainRun times script on d through runsql, into dir/db.duckdb and
// dir/out/discrepancies.csv; dir is empty.
func (b *bench) plainRun(ctx context.Context, name string, d dataset, script, dir string) (result, error) {
	if err := os.MkdirAll(filepath.Join(dir, "out"), 0o755); err != nil {
		return result{}, err
	}
	r, c, err := b.scriptRun(ctx, name, d, script, dir, []string{"priced", "discrepancies"},
		"-var", "out="+filepath.Join(dir, "out", "discrepancies.csv"))
	if err != nil {
		return r, err
	}
	r.priced, r.findings = c[0], c[1]
	if r.priced != int64(d.events) {
		return r, fmt.Errorf("%s on %s priced %d events; the file has %d", script, d.path, r.priced, d.events)
	}
	r.summary = fmt.Sprintf("%d priced, %d discrepancies", r.priced, r.findings)
	return r, nil
}

// scriptRun times a SQL script run by runsql on a fresh database in dir,
// with the input file as the variable input (and more runsql arguments),
// and then counts the rows of tables.
func (b *bench) scriptRun(ctx context.Context, name string, d dataset, script, dir string, tables []string, args ...string) (result, []int64, error) {
	db := filepath.Join(dir, "db.duckdb")
	args = append([]string{"-db", db, "-var", "input=" + d.path}, args...)
	r, _, err := b.timed(ctx, b.o.runsql, append(args, script)...)
	if err != nil {
		return r, nil, err
	}
	r.name, r.input, r.events = name, d, d.events
	c, err := counts(ctx, db, tables...)
	r.dbBytes = fileSize(db)
	return r, c, err
}

// ctasRun times bench/ctas.sql: DuckDB's bare CREATE TABLE AS of the
// file, the floor for anything that stores the events.
func (b *bench) ctasRun(ctx context.Context, d dataset, dir string) (result, error) {
	r, c, err := b.scriptRun(ctx, "bare CTAS", d, "bench/ctas.sql", dir, []string{"events"})
	if err != nil {
		return r, err
	}
	r.summary = fmt.Sprintf("%d rows stored", c[0])
	return r, nil
}

// counts returns count(*) of each table in the database at path.
func counts(ctx context.Context, path string, tables ...string) ([]int64, error) {
	db, err := sql.Open("duckdb", path+"?access_mode=read_only")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	out := make([]int64, len(tables))
	for i, t := range tables {
		if err := db.QueryRowContext(ctx, "SELECT count(*) FROM "+t).Scan(&out[i]); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	return out, nil
}

func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}
