package ingest

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/reconcile/reconcile/queries"
)

// InputView is the view of every render-log row of a run, validated:
// file_id, row_number, the render-log columns typed, version_idx,
// duration_key, reason, message and raw.
const InputView = "rc_input"

// LedgerView is the view of every ledger row of a run, validated: file_id,
// row_number, the ledger columns typed, reason, message and raw.
const LedgerView = "rc_ledger_input"

// MalformedTable holds the CSV rows that are not well-formed CSV: file_id,
// row_number, reason, message, raw. They are rejects that never reach a
// view.
const MalformedTable = "rc_malformed"

// FilesTable lists the run's input files: file_id, path, format, input
// (render_log or ledger).
const FilesTable = "rc_files"

// Options are the rules that render-log validation needs from the price
// book and the pricing core, and the shard of a run.
type Options struct {
	VersionFroms  []time.Time // effective_from of each price-book version, ascending
	FirstVersion  string      // name and date of the earliest version, for messages
	MaxDurationMS int64
	MaxImages     int64
	ShardCount    int // > 1: keep only the rows of accounts in shard ShardIndex
	ShardIndex    int
}

// input is one kind of input file: its columns, its validation template
// and the names of its views.
type input struct {
	name    string // as rc_files.input and rejects.input
	columns []column
	tmpl    queries.Template
	prefix  string // of each file's view
	view    string // the union of the files' views
}

var (
	renderLog = &input{"render_log", logColumns, queries.Validate, "rc_in_", InputView}
	ledger    = &input{"ledger", ledgerColumns, queries.ValidateLedger, "rc_ledger_in_", LedgerView}
)

// Prepare creates the macros and scratch tables that Load and LoadLedger
// use, on conn. Call it once per run, before them.
func Prepare(ctx context.Context, conn *sql.Conn) error {
	for _, q := range []queries.Query{queries.Macros, queries.IngestTables} {
		for _, stmt := range q.Statements() {
			if _, err := conn.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("ingest: prepare: %w", err)
			}
		}
	}
	return nil
}

// Load defines InputView over render-log files, numbered from firstID, on
// conn, inside whatever transaction conn holds. It reads each file's header
// (or Parquet schema) and, for CSV, stages the file's text; it prices
// nothing.
func Load(ctx context.Context, conn *sql.Conn, files []File, firstID int, opt Options) error {
	return load(ctx, conn, renderLog, files, firstID, opt.ShardCount, opt.ShardIndex, map[string]any{
		"Version": queries.VersionCase(opt.VersionFroms), "FirstVersion": opt.FirstVersion,
		"MaxDurationMS": opt.MaxDurationMS, "MaxImages": opt.MaxImages, "Spec": queries.Spec(),
	})
}

// LoadLedger defines LedgerView over billing-ledger files (SPEC §5),
// numbered from firstID, as Load does for render logs; with shardCount > 1
// it keeps the rows of accounts in shard shardIndex.
func LoadLedger(ctx context.Context, conn *sql.Conn, files []File, firstID int, shardCount, shardIndex int) error {
	return load(ctx, conn, ledger, files, firstID, shardCount, shardIndex, map[string]any{})
}

func load(ctx context.Context, conn *sql.Conn, in *input, files []File, firstID int, shardCount, shardIndex int, vars map[string]any) error {
	if len(files) == 0 {
		return fmt.Errorf("ingest: no %s files", in.name)
	}
	views := make([]string, len(files))
	for i, f := range files {
		id := firstID + i
		if _, err := conn.ExecContext(ctx, queries.InsertFile.Text, id, f.Path, f.Format.String(), in.name); err != nil {
			return fmt.Errorf("ingest %s: %w", f.Path, err)
		}
		view, err := loadFile(ctx, conn, in, id, f, vars, shardCount > 1)
		if err != nil {
			return fmt.Errorf("ingest %w", err)
		}
		views[i] = view
	}
	union := queries.InputView
	if shardCount > 1 {
		union = queries.ShardedInputView
	}
	q, err := union.Fill(map[string]any{"View": in.view, "Files": views, "Input": in.name, "Count": shardCount, "Index": shardIndex})
	if err != nil {
		return err
	}
	for _, stmt := range q.Statements() {
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("ingest: %w", err)
		}
	}
	return nil
}

// loadFile defines the validated view of one file and returns its name;
// for a sharded run also the view of its accounts (account_view).
// Its errors start with the file's path.
func loadFile(ctx context.Context, conn *sql.Conn, in *input, id int, f File, vars map[string]any, sharded bool) (string, error) {
	var (
		src string
		l   layout
		err error
	)
	if f.Format == Parquet {
		src, l, err = parquetSource(ctx, conn, in, f)
	} else {
		src, l, err = csvSource(ctx, conn, in, id, f)
	}
	if err != nil {
		return "", err
	}
	typed := make(map[string]string, len(in.columns))
	present := make(map[string]string, len(in.columns))
	for _, c := range in.columns {
		if _, ok := l.pos[c.name]; !ok {
			typed[c.name], present[c.name] = "NULL", "false"
			continue
		}
		src, typ := "s_"+c.name, l.types[c.name]
		var want string
		if typed[c.name], want = queries.ReadAs(c.kind, src, typ); typed[c.name] == "" {
			return "", &ColumnError{File: f.Path, Column: c.name, Reason: fmt.Sprintf("has type %s; want %s", typ, want)}
		}
		present[c.name] = queries.Present(src, typ)
	}
	view := fmt.Sprintf("%s%d", in.prefix, id)
	data := map[string]any{"View": view, "Source": src, "Typed": typed, "Present": present, "FileID": id}
	for k, v := range vars {
		data[k] = v
	}
	q, err := in.tmpl.Fill(data)
	if err != nil {
		return "", fmt.Errorf("%s: %w", f.Path, err)
	}
	if _, err := conn.ExecContext(ctx, q.Text); err != nil {
		return "", fmt.Errorf("%s: %w", f.Path, err)
	}
	if !sharded {
		return view, nil
	}
	// The file's accounts, for a sharded run's filter (sharded_input_view).
	aq, err := queries.AccountView.Fill(map[string]any{"View": view, "Source": src, "Account": typed["account_id"]})
	if err != nil {
		return "", fmt.Errorf("%s: %w", f.Path, err)
	}
	if _, err := conn.ExecContext(ctx, aq.Text); err != nil {
		return "", fmt.Errorf("%s: %w", f.Path, err)
	}
	return view, nil
}

// sourceColumns returns the select list that names an input's columns
// by their position in the file and takes the row as CSV text (rawRow).
// ref turns a 0-based position into an expression.
func sourceColumns(in *input, l layout, ref func(i int) string, raw string) string {
	cols := make([]queries.SourceColumn, len(in.columns))
	for k, c := range in.columns {
		cols[k].Name = c.name
		if i, ok := l.pos[c.name]; ok {
			cols[k].Expr = ref(i)
		}
	}
	return queries.SourceColumns(cols, raw)
}

// rawColumns is the widest row that rc_raw rebuilds whole. DuckDB
// evaluates an expression over all of a row's columns a vector of each at a
// time: for 4,000 columns that passed the default memory limit.
const rawColumns = 256

// rawRow is the expression that rebuilds a row as CSV text for rc_raw:
// every column of a file of at most rawColumns columns; of a wider file,
// the columns an input reads, in file order, then "…" and how many others
// there are. text turns a 0-based position into an expression of text
// type.
func rawRow(l layout, text func(i int) string) string {
	var fields []string
	for _, i := range l.rawPositions() {
		fields = append(fields, text(i))
	}
	return queries.RawRow(fields, l.width-len(fields))
}
