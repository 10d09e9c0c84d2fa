// The checks, before anything is timed, that plain.sql and plain_csv.sql
// are one script and price like reconcile.

package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"
)

// agree runs reconcile and the plain scripts on the small files and
// compares their databases: events, expected credits and minutes, event by
// event, and discrepancies per category.
func (b *bench) agree(ctx context.Context, pq, csv dataset) error {
	defer func(w time.Duration) { b.o.quietWait = w }(b.o.quietWait)
	b.o.quietWait = 0 // not timed
	ok := true
	for _, c := range []struct {
		d      dataset
		script string
	}{{pq, "bench/plain.sql"}, {csv, "bench/plain_csv.sql"}} {
		recDir, plainDir := b.fresh("agree-reconcile-"+c.d.format), b.fresh("agree-plain-"+c.d.format)
		if _, err := b.reconcileRun(ctx, "reconcile run", c.d, recDir, ""); err != nil {
			return err
		}
		if _, err := b.plainRun(ctx, filepath.Base(c.script), c.d, c.script, plainDir); err != nil {
			return err
		}
		rows, same, err := compare(ctx, filepath.Join(recDir, "db.duckdb"), filepath.Join(plainDir, "db.duckdb"))
		if err != nil {
			return err
		}
		fmt.Printf("  %s vs reconcile run, on %s:\n", filepath.Base(c.script), c.d.path)
		tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "\t\treconcile\tplain\t")
		for _, r := range rows {
			fmt.Fprintf(tw, "\t%s\t%s\t%s\t\n", r[0], r[1], r[2])
		}
		tw.Flush()
		if same {
			fmt.Println("  → the same")
		} else {
			fmt.Println("  → THEY DIFFER")
			ok = false
		}
	}
	if !ok {
		return errors.New("plain.sql does not price like reconcile: fix the script before timing it")
	}
	return nil
}

// compare reads both databases and returns rows of (what, reconcile,
// plain), and whether they are all the same.
func compare(ctx context.Context, recDB, plainDB string) ([][3]string, bool, error) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return nil, false, err
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, false, err
	}
	defer conn.Close()
	for _, q := range []string{
		"ATTACH " + quote(recDB) + " AS r (READ_ONLY)",
		"ATTACH " + quote(plainDB) + " AS p (READ_ONLY)",
	} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return nil, false, err
		}
	}
	const q = `
WITH rc AS (SELECT * FROM r.current_usage), pl AS (SELECT * FROM p.priced),
cats AS (
    SELECT coalesce(a.category, b.category) AS category, coalesce(a.n, 0) AS rn, coalesce(b.n, 0) AS pn
    FROM (SELECT category, count(*) AS n FROM r.discrepancies GROUP BY ALL) a
    FULL JOIN (SELECT category, count(*) AS n FROM p.discrepancies GROUP BY ALL) b USING (category)
)
SELECT 0 AS k, 'events priced', (SELECT count(*) FROM rc)::VARCHAR, (SELECT count(*) FROM pl)::VARCHAR
UNION ALL SELECT 1, 'expected credits', (SELECT sum(expected_credits) FROM rc)::VARCHAR, (SELECT sum(expected_credits) FROM pl)::VARCHAR
UNION ALL SELECT 2, 'expected video minutes', (SELECT sum(expected_video_minutes) FROM rc)::VARCHAR, (SELECT sum(expected_video_minutes) FROM pl)::VARCHAR
UNION ALL SELECT 3, 'charged credits', (SELECT sum(charged_credits) FROM rc)::VARCHAR, (SELECT sum(charged_credits) FROM pl)::VARCHAR
UNION ALL SELECT 4, 'events priced differently', '0', (
    SELECT count(*) FROM rc FULL JOIN pl USING (event_id)
    WHERE rc.event_id IS NULL OR pl.event_id IS NULL
       OR (rc.billable_seconds, rc.billable_minutes, rc.generative_credits, rc.actor_credits, rc.edit_credits,
           rc.expected_credits, rc.expected_video_minutes, rc.diff_credits, rc.row_number, rc.created_at)
          IS DISTINCT FROM
          (pl.billable_seconds, pl.billable_minutes, pl.generative_credits, pl.actor_credits, pl.edit_credits,
           pl.expected_credits, pl.expected_video_minutes, pl.diff_credits, pl.row_number, pl.created_at))::VARCHAR
UNION ALL SELECT 5, category, rn::VARCHAR, pn::VARCHAR FROM cats
ORDER BY 1, 2`
	rows, err := conn.QueryContext(ctx, q)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	var out [][3]string
	same := true
	for rows.Next() {
		var k int
		var r [3]string
		if err := rows.Scan(&k, &r[0], &r[1], &r[2]); err != nil {
			return nil, false, err
		}
		if k == 5 {
			r[0] = "discrepancies: " + r[0]
		}
		same = same && r[1] == r[2]
		out = append(out, r)
	}
	return out, same, rows.Err()
}

// checkScriptsAgree reports whether the two scripts are the same outside
// their "-- >>> load" … "-- <<< load" sections and their header comments.
func checkScriptsAgree(a, b string) error {
	body := func(path string) (string, error) {
		text, err := os.ReadFile(path)
		if err != nil {
			return "", err
		}
		s := string(text)
		i, j := strings.Index(s, "-- >>> load"), strings.Index(s, "-- <<< load")
		if i < 0 || j < i {
			return "", fmt.Errorf("%s: no -- >>> load … -- <<< load section", path)
		}
		head := strings.Index(s, "\n\n") // the header comment ends at the first blank line
		if head < 0 || head > i {
			head = 0
		}
		return s[head:i] + s[j:], nil
	}
	x, err := body(a)
	if err != nil {
		return err
	}
	y, err := body(b)
	if err != nil {
		return err
	}
	if x != y {
		return fmt.Errorf("%s and %s differ outside their load sections: keep them the same", a, b)
	}
	return nil
}

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
