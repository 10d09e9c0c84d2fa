package queries_test

import (
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/reconcile/reconcile/internal/ingest"
	"github.com/reconcile/reconcile/internal/pricing"
	"github.com/reconcile/reconcile/queries"
)

// The tests below hold the SQL that validates the render log to the
// pricing core. The lists of names come from package pricing (spec.go);
// what is still written in SQL, the rules on which kinds need media, a
// model or a duration (validate.sql, rc_timed) and the rounding of a
// duration to the second (rc_duration_key, used by validate.sql and
// rerate.sql), is run by DuckDB and compared with what pricing does.

// TestSpecLists checks that each list the SQL templates take holds the
// pricing core's names, in its order, and says them in words.
func TestSpecLists(t *testing.T) {
	s := queries.Spec()
	var all []string
	for _, l := range [][]string{pricing.KindNames(), pricing.MediaNames(), pricing.ModelNames(), pricing.ActorNames()} {
		all = append(all, l...)
	}
	for _, l := range []struct {
		what  string
		list  queries.NameList
		names []string
	}{
		{"Kinds", s.Kinds, pricing.KindNames()},
		{"Media", s.Media, pricing.MediaNames()},
		{"Models", s.Models, pricing.ModelNames()},
		{"Actors", s.Actors, pricing.ActorNames()},
		{"Enums", s.Enums, all},
	} {
		if got := literals(t, l.list.In); !slices.Equal(got, l.names) {
			t.Errorf("Spec().%s.In = %s, names %q; want pricing's %q", l.what, l.list.In, got, l.names)
		}
		// In words as the messages say them: "a", "a or b", "a, b or c".
		want := l.names[len(l.names)-1]
		if len(l.names) > 1 {
			want = strings.Join(l.names[:len(l.names)-1], ", ") + " or " + want
		}
		if l.list.Text != want {
			t.Errorf("Spec().%s.Text = %q, want %q", l.what, l.list.Text, want)
		}
	}
	for _, stmt := range queries.Macros.Statements() {
		if strings.Contains(stmt, "{{") {
			t.Errorf("a macro is not filled in:\n%s", stmt)
		}
	}
}

// literals returns the names of a list of SQL string literals, 'a', 'b'.
func literals(t *testing.T, in string) []string {
	t.Helper()
	var names []string
	for _, q := range strings.Split(in, ", ") {
		n, ok := strings.CutPrefix(q, "'")
		n, ok2 := strings.CutSuffix(n, "'")
		if !ok || !ok2 || strings.ContainsAny(n, "' ") {
			t.Fatalf("%s is not a list of SQL string literals", in)
		}
		names = append(names, n)
	}
	return names
}

// TestEnumMacro checks that rc_enum gives each name of SPEC §2 as it is,
// and folds its case.
func TestEnumMacro(t *testing.T) {
	conn := macroConn(t)
	s := queries.Spec()
	for _, n := range literals(t, s.Enums.In) {
		for _, in := range []string{n, strings.ToUpper(n), " " + n + " "} {
			var got sql.NullString
			if err := conn.QueryRowContext(context.Background(), "SELECT rc_enum(?)", in).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got.String != n {
				t.Errorf("rc_enum(%q) = %v, want %q", in, got, n)
			}
		}
	}
}

// timed reports whether the pricing core prices events of kind k by their
// duration: whether it refuses an otherwise good event of that kind with
// no duration.
func timed(t *testing.T, k pricing.Kind) bool {
	t.Helper()
	v := &pricing.Default().Versions[0]
	e := pricing.Event{Kind: k, Media: pricing.MediaGenerative, Model: pricing.ModelPro, Images: 1}
	if _, err := v.Price(e); err == nil {
		return false
	}
	e.DurationMS = 1000
	if _, err := v.Price(e); err != nil {
		t.Fatalf("%s with a duration does not price: %v", k, err)
	}
	return true
}

// TestDurationKey holds rc_duration_key, the rounding of a duration to the
// second that validate.sql and rerate.sql use, to pricing.CeilToSecond, for
// every kind, on the edges of a second and a minute and at the limit.
func TestDurationKey(t *testing.T) {
	conn := macroConn(t)
	ms := []int64{1, 2, 499, 500, 501, 999, 1000, 1001, 1499, 1500, 1501, 1999, 2000, 2001,
		29_999, 30_000, 30_001, 59_999, 60_000, 60_001, 3_599_999, 3_600_000, 3_600_001,
		pricing.MaxDurationMS - 1001, pricing.MaxDurationMS - 1000, pricing.MaxDurationMS - 999,
		pricing.MaxDurationMS - 1, pricing.MaxDurationMS}
	st, err := conn.PrepareContext(context.Background(), "SELECT rc_duration_key(?, ?::BIGINT)")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, name := range append(pricing.KindNames(), "bogus") {
		k, known := pricing.ParseKind(name)
		byDuration := known && timed(t, k)
		for _, d := range ms {
			var got sql.NullInt64
			if err := st.QueryRowContext(context.Background(), name, d).Scan(&got); err != nil {
				t.Fatal(err)
			}
			want := sql.NullInt64{}
			if byDuration {
				want = sql.NullInt64{Int64: pricing.CeilToSecond(d), Valid: true}
			}
			if got != want {
				t.Errorf("rc_duration_key(%q, %d) = %v, want %v (pricing.CeilToSecond; priced by duration: %v); "+
					"edit rc_timed or rc_duration_key in queries/macros.sql", name, d, shownInt(got), shownInt(want), byDuration)
			}
		}
	}
}

func shownInt(v sql.NullInt64) string {
	if !v.Valid {
		return "NULL"
	}
	return strconv.FormatInt(v.Int64, 10)
}

// TestValidateAgreesWithPricing loads one render log that holds every
// combination of the names pricing knows, one it does not and none, for
// kind, media, model and actor, each without a duration, with 0 and with
// 1.5 s, and checks that validate.sql accepts a row just when the pricing
// core prices it, and rejects a name as unknown just when pricing does not
// know it. A good row's pricing key prices as the row does.
func TestValidateAgreesWithPricing(t *testing.T) {
	const bogus = "bogus"
	with := func(names []string) []string { return append(names, bogus, "") }
	kinds, media, models, actors := with(pricing.KindNames()), with(pricing.MediaNames()), with(pricing.ModelNames()), with(pricing.ActorNames())
	durations := []string{"", "0", "1500"}

	type row struct{ kind, media, model, actor, duration string }
	var rows []row
	var b strings.Builder
	w := csv.NewWriter(&b)
	w.Write([]string{"event_id", "video_id", "account_id", "created_at", "kind", "media", "model", "actor", "duration_ms"})
	for _, k := range kinds {
		for _, m := range media {
			for _, mo := range models {
				for _, a := range actors {
					for _, d := range durations {
						rows = append(rows, row{k, m, mo, a, d})
						w.Write([]string{fmt.Sprint("e", len(rows)), "v1", "a1", "2026-10-01T10:00:00Z", k, m, mo, a, d})
					}
				}
			}
		}
	}
	w.Flush()
	path := filepath.Join(t.TempDir(), "combinations.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}

	ctx := context.Background()
	conn := duckConn(t)
	book := pricing.Default()
	opt := ingest.Options{FirstVersion: book.Versions[0].Name, MaxDurationMS: pricing.MaxDurationMS, MaxImages: pricing.MaxImages}
	for _, v := range book.Versions {
		opt.VersionFroms = append(opt.VersionFroms, v.EffectiveFrom)
	}
	if err := ingest.Prepare(ctx, conn); err != nil {
		t.Fatal(err)
	}
	if err := ingest.Load(ctx, conn, []ingest.File{{Path: path, Format: ingest.CSV}}, 0, opt); err != nil {
		t.Fatal(err)
	}
	res, err := conn.QueryContext(ctx, "SELECT row_number, reason, message, version_idx, duration_key FROM "+ingest.InputView+" ORDER BY row_number")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Close()
	n, failed := 0, 0
	reasons := map[string]int{}
	for res.Next() && failed < 10 {
		var (
			number          int64
			reason, message sql.NullString
			version         sql.NullInt64
			key             sql.NullInt64
		)
		if err := res.Scan(&number, &reason, &message, &version, &key); err != nil {
			t.Fatal(err)
		}
		n++
		reasons[reason.String]++
		r := rows[number-1]
		var dur int64
		if r.duration != "" {
			dur, _ = strconv.ParseInt(r.duration, 10, 64)
		}
		v := &book.Versions[version.Int64]
		e, err := pricing.EventNames(r.kind, r.media, r.model, r.actor, false, dur, 1)
		var price pricing.Breakdown
		if err == nil {
			price, err = v.Price(e)
		}
		if got, want := !reason.Valid, err == nil; got != want {
			t.Errorf("row kind=%q media=%q model=%q actor=%q duration_ms=%q: validate.sql gives reason %q (%s); pricing gives %v.\n"+
				"Which kinds need media, a model or a duration is written in queries/validate.sql and rc_timed in queries/macros.sql: make them agree with internal/pricing",
				r.kind, r.media, r.model, r.actor, r.duration, reason.String, message.String, errOrPriced(err))
			failed++
			continue
		}
		for _, f := range []struct{ what, name string }{{"kind", r.kind}, {"media", r.media}, {"model", r.model}, {"actor", r.actor}} {
			if reason.String == "unknown_"+f.what && f.name != bogus {
				t.Errorf("row %+v: validate.sql rejects %s %q as unknown (%s), which internal/pricing/names.go lists; validate.sql must take its lists from .Spec",
					r, f.what, f.name, message.String)
				failed++
			}
		}
		if reason.Valid {
			continue
		}
		e.DurationMS = key.Int64
		if byKey, err := v.Price(e); err != nil || byKey != price {
			t.Errorf("row %+v: priced by duration_key %v: %+v, %v; by duration_ms: %+v", r, shownInt(key), byKey, err, price)
			failed++
		}
	}
	if err := res.Err(); err != nil {
		t.Fatal(err)
	}
	if failed > 0 {
		t.Fatalf("stopped after %d disagreements", failed)
	}
	if n != len(rows) {
		t.Fatalf("%s holds %d rows, want %d", ingest.InputView, n, len(rows))
	}
	// Every rule the rows are made to break is broken, and some rows pass.
	for _, want := range []string{"", "unknown_kind", "unknown_media", "unknown_model", "unknown_actor",
		"missing_value", "model_required", "nonpositive_duration"} {
		if reasons[want] == 0 {
			t.Errorf("no row has reason %q; reasons: %v", want, reasons)
		}
	}
}

func errOrPriced(err error) string {
	if err != nil {
		return "error " + err.Error()
	}
	return "a price"
}

// duckConn returns a connection to a fresh in-memory DuckDB in UTC.
func duckConn(t *testing.T) *sql.Conn {
	t.Helper()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if _, err := conn.ExecContext(context.Background(), "SET TimeZone = 'UTC'"); err != nil {
		t.Fatal(err)
	}
	return conn
}

// macroConn returns duckConn with the macros of macros.sql.
func macroConn(t *testing.T) *sql.Conn {
	t.Helper()
	conn := duckConn(t)
	for _, stmt := range queries.Macros.Statements() {
		if _, err := conn.ExecContext(context.Background(), stmt); err != nil {
			t.Fatal(err)
		}
	}
	return conn
}
