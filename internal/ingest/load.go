package ingest

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"strings"
	"text/template"
	"time"

	"github.com/reconcile/reconcile/queries"
)

// InputView is the view of every input row of a run, validated: file_id,
// row_number, the render-log columns typed, version_idx, duration_key,
// reason, message and raw.
const InputView = "rc_input"

// MalformedTable holds the CSV rows that are not well-formed CSV: file_id,
// row_number, reason, message, raw. They are rejects that never reach
// InputView.
const MalformedTable = "rc_malformed"

// FilesTable lists the run's input files: file_id, path, format.
const FilesTable = "rc_files"

// Options are the rules that validation needs from the price book and the
// pricing core.
type Options struct {
	VersionFroms  []time.Time // effective_from of each price-book version, ascending
	FirstVersion  string      // name and date of the earliest version, for messages
	MaxDurationMS int64
	MaxImages     int64
}

// Load defines the validated views of files on conn, inside whatever
// transaction conn holds. It reads each file's header (or Parquet schema)
// and, for CSV, stages the file's text; it prices nothing.
func Load(ctx context.Context, conn *sql.Conn, files []File, opt Options) error {
	for _, stmt := range queries.Statements(queries.Get("macros")) {
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("ingest: create macros: %w", err)
		}
	}
	for _, stmt := range queries.Statements(queries.Get("ingest_tables")) {
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("ingest: create tables: %w", err)
		}
	}
	views := make([]string, len(files))
	for i, f := range files {
		if _, err := conn.ExecContext(ctx, "INSERT INTO rc_files VALUES (?, ?, ?)", i, f.Path, f.Format.String()); err != nil {
			return fmt.Errorf("ingest %s: %w", f.Path, err)
		}
		view, err := loadFile(ctx, conn, i, f, opt)
		if err != nil {
			return fmt.Errorf("ingest %w", err)
		}
		views[i] = "SELECT * FROM " + view
	}
	union := "CREATE OR REPLACE TEMP VIEW " + InputView + " AS\n" + strings.Join(views, "\nUNION ALL ")
	if _, err := conn.ExecContext(ctx, union); err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	return nil
}

// loadFile defines the validated view of one file and returns its name.
// Its errors start with the file's path.
func loadFile(ctx context.Context, conn *sql.Conn, id int, f File, opt Options) (string, error) {
	var (
		src string
		l   layout
		err error
	)
	if f.Format == Parquet {
		src, l, err = parquetSource(ctx, conn, f)
	} else {
		src, l, err = csvSource(ctx, conn, id, f)
	}
	if err != nil {
		return "", err
	}
	typed := make(map[string]string, len(columns))
	for _, c := range columns {
		if _, ok := l.pos[c.name]; !ok {
			typed[c.name] = "NULL"
			continue
		}
		if typed[c.name], err = typedExpr(f.Path, c, "s_"+c.name, l.types[c.name]); err != nil {
			return "", err
		}
	}
	view := fmt.Sprintf("rc_in_%d", id)
	var b bytes.Buffer
	err = validateTmpl.Execute(&b, map[string]any{
		"View": view, "Source": src, "Typed": typed, "FileID": id,
		"Version": versionExpr(opt.VersionFroms), "FirstVersion": strings.ReplaceAll(opt.FirstVersion, "'", ""),
		"MaxDurationMS": opt.MaxDurationMS, "MaxImages": opt.MaxImages,
	})
	if err != nil {
		return "", fmt.Errorf("%s: %w", f.Path, err)
	}
	if _, err := conn.ExecContext(ctx, b.String()); err != nil {
		return "", fmt.Errorf("%s: %w", f.Path, err)
	}
	return view, nil
}

var validateTmpl = template.Must(template.New("validate").Parse(queries.Get("validate")))

// sourceColumns returns the select list that names the render-log columns
// s_<name> by their position (DuckDB's #n, 1-based) and rebuilds the whole
// row as CSV text for rc_raw. ref turns a 0-based position into an
// expression of text type.
func sourceColumns(l layout, ref func(i int) string, text func(i int) string) string {
	var b strings.Builder
	for _, c := range columns {
		if i, ok := l.pos[c.name]; ok {
			fmt.Fprintf(&b, ", %s AS s_%s", ref(i), c.name)
		} else {
			fmt.Fprintf(&b, ", NULL AS s_%s", c.name)
		}
	}
	fields := make([]string, l.width)
	for i := range fields {
		fields[i] = "rc_csv_field(" + text(i) + ")"
	}
	fmt.Fprintf(&b, ", concat_ws(',', %s) AS rc_raw", strings.Join(fields, ", "))
	return b.String()
}
