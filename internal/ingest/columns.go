package ingest

import (
	"fmt"
	"slices"
	"strings"

	"github.com/reconcile/reconcile/queries"
)

// column is one column of the render log (SPEC §2).
type column struct {
	name     string
	required bool              // the file must have it
	kind     queries.ValueKind // how its value is read
}

// logColumns are the render-log columns in SPEC §2 order. Files may hold
// more; the others are ignored.
var logColumns = []column{
	{"event_id", true, queries.TextValue},
	{"video_id", true, queries.TextValue},
	{"account_id", true, queries.TextValue},
	{"created_at", true, queries.TimeValue},
	{"kind", true, queries.EnumValue},
	{"media", false, queries.EnumValue},
	{"model", false, queries.EnumValue},
	{"actor", false, queries.EnumValue},
	{"is_ad", false, queries.BoolValue},
	{"duration_ms", false, queries.IntValue},
	{"images", false, queries.IntValue},
	{"charged_credits", false, queries.MoneyValue},
	{"charged_video_minutes", false, queries.IntValue},
}

// ledgerColumns are the billing-ledger columns of SPEC §5. An empty
// video_minutes is 0: a charge of credits only.
var ledgerColumns = []column{
	{"txn_id", true, queries.TextValue},
	{"event_id", true, queries.TextValue},
	{"account_id", true, queries.TextValue},
	{"charged_at", true, queries.TimeValue},
	{"credits", true, queries.MoneyValue},
	{"video_minutes", false, queries.IntValue},
}

// MissingColumnError reports a file that lacks a required column.
type MissingColumnError struct {
	File   string
	Column string
}

func (e *MissingColumnError) Error() string {
	return fmt.Sprintf("%s: missing required column %q", e.File, e.Column)
}

// ColumnError reports a column a file cannot be read by: duplicated, or of
// a type that cannot hold its values.
type ColumnError struct {
	File   string
	Column string
	Reason string
}

func (e *ColumnError) Error() string {
	return fmt.Sprintf("%s: column %q %s", e.File, e.Column, e.Reason)
}

// layout maps the columns of an input to their 0-based positions in a file.
type layout struct {
	pos   map[string]int    // render-log column → position
	types map[string]string // render-log column → DuckDB type in the file
	width int               // number of columns in the file
}

// newLayout matches a file's header names (any case, surrounding spaces
// ignored) to the columns of an input. types holds the DuckDB type of each
// header column, in order; where ("header", "schema") names the list in
// messages. The rule is the same for CSV and Parquet.
func newLayout(file, where string, columns []column, names, types []string) (layout, error) {
	l := layout{pos: make(map[string]int), types: make(map[string]string), width: len(names)}
	known := make(map[string]bool, len(columns))
	for _, c := range columns {
		known[c.name] = true
	}
	for i, n := range names {
		key := strings.ToLower(strings.TrimSpace(n))
		if !known[key] {
			continue
		}
		if _, dup := l.pos[key]; dup {
			return layout{}, &ColumnError{File: file, Column: key, Reason: "appears more than once in the " + where}
		}
		l.pos[key] = i
		l.types[key] = types[i]
	}
	for _, c := range columns {
		if _, ok := l.pos[c.name]; c.required && !ok {
			return layout{}, &MissingColumnError{File: file, Column: c.name}
		}
	}
	return l, nil
}

// rawPositions returns the positions of the file's columns that rc_raw
// shows, ascending: all of them, or for a file wider than rawColumns those
// an input reads.
func (l layout) rawPositions() []int {
	out := make([]int, 0, min(l.width, rawColumns))
	if l.width <= rawColumns {
		for i := range l.width {
			out = append(out, i)
		}
		return out
	}
	for _, i := range l.pos {
		out = append(out, i)
	}
	slices.Sort(out)
	return out
}
