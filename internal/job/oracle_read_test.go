// The oracle's reading of render logs and ledgers, in plain Go, for
// TestOracleMonthClose.

package job

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/reconcile/reconcile/internal/pricing"
)

// oracle is the independent month close: render-log rows and ledger rows
// as read so far, night by night.
type oracle struct {
	events map[string]*logRow // the first row of each event_id
	order  []string           // event ids in the order first read
	dups   []*logRow          // every later row of an event_id
	ledger []ledgerRow
	orphan map[string]bool // event ids an earlier night's report listed as orphan_charge
}

// logRow is one render-log row as the oracle reads it, priced.
type logRow struct {
	id, account      string
	created          time.Time
	credits, minutes string // the inline columns as written
	expected         decimal.Decimal
	expMin           int64
	night            int
}

type ledgerRow struct {
	event, account string
	at             time.Time
	credits        decimal.Decimal
	minutes        int64
	night          int
}

func newOracle() *oracle {
	return &oracle{events: map[string]*logRow{}, orphan: map[string]bool{}}
}

// readLog reads a render log: the first row of an event_id (earliest night,
// then file order) is the event, a later one a duplicate (SPEC §2). Every
// row must be valid: the test data holds no rejects.
func (o *oracle) readLog(t *testing.T, night int, path string) {
	t.Helper()
	rows := readCSV(t, path)
	col := columnIndex(rows[0])
	for n, r := range rows[1:] {
		cell := func(name string) string { return strings.TrimSpace(cellOf(t, path, col, r, name)) }
		where := fmt.Sprintf("oracle: %s row %d", path, n+1)
		created := parseStamp(t, where, cell("created_at"))
		isAd := false
		if s := cell("is_ad"); s != "" {
			var err error
			if isAd, err = strconv.ParseBool(s); err != nil {
				t.Fatalf("%s: is_ad: %v", where, err)
			}
		}
		dur, images := parseInt(t, where, cell("duration_ms"), 0), parseInt(t, where, cell("images"), 1)
		ev, err := pricing.EventNames(cell("kind"), cell("media"), cell("model"), cell("actor"), isAd, dur, images)
		if err != nil {
			t.Fatalf("%s: %v", where, err)
		}
		v, ok := pricing.Default().VersionAt(created)
		if !ok {
			t.Fatalf("%s: no price book version", where)
		}
		b, err := v.Price(ev)
		if err != nil {
			t.Fatalf("%s: %v", where, err)
		}
		row := &logRow{id: cell("event_id"), account: cell("account_id"), created: created,
			credits: cell("charged_credits"), minutes: cell("charged_video_minutes"),
			expected: b.Expected.Decimal(), expMin: b.VideoMinutes, night: night}
		if _, seen := o.events[row.id]; seen {
			o.dups = append(o.dups, row)
			continue
		}
		o.events[row.id] = row
		o.order = append(o.order, row.id)
	}
}

func (o *oracle) readLedger(t *testing.T, night int, path string) {
	t.Helper()
	rows := readCSV(t, path)
	col := columnIndex(rows[0])
	for n, r := range rows[1:] {
		cell := func(name string) string { return strings.TrimSpace(cellOf(t, path, col, r, name)) }
		where := fmt.Sprintf("oracle: %s row %d", path, n+1)
		credits, err := decimal.NewFromString(cell("credits"))
		if err != nil {
			t.Fatalf("%s: credits: %v", where, err)
		}
		o.ledger = append(o.ledger, ledgerRow{event: cell("event_id"), account: cell("account_id"),
			at: parseStamp(t, where, cell("charged_at")), credits: credits,
			minutes: parseInt(t, where, cell("video_minutes"), 0), night: night})
	}
}

// listed records the orphans a night's report listed, for OrphansResolved.
func (o *oracle) listed(c *closing) {
	for _, f := range c.findings {
		if f.category == "orphan_charge" {
			o.orphan[f.event] = true
		}
	}
}

// parseStamp reads a created_at or charged_at (SPEC §2): an optional Z or
// offset, none meaning UTC.
func parseStamp(t *testing.T, where, s string) time.Time {
	t.Helper()
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999Z07:00",
		"2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999"} {
		if ts, err := time.Parse(layout, s); err == nil {
			return ts.UTC()
		}
	}
	t.Fatalf("%s: timestamp %q", where, s)
	return time.Time{}
}

func parseInt(t *testing.T, where, s string, empty int64) int64 {
	t.Helper()
	if s == "" {
		return empty
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatalf("%s: %v", where, err)
	}
	return n
}

// parseDec reads a credit amount; an empty or unreadable one is 0, which
// the comparisons then show.
func parseDec(s string) decimal.Decimal {
	d, err := decimal.NewFromString(strings.TrimSpace(s))
	if err != nil {
		return decimal.Zero
	}
	return d
}

func columnIndex(header []string) map[string]int {
	col := map[string]int{}
	for i, name := range header {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(name, "\ufeff")))] = i
	}
	return col
}

func cellOf(t *testing.T, file string, col map[string]int, r []string, name string) string {
	t.Helper()
	i, ok := col[name]
	if !ok || i >= len(r) {
		t.Fatalf("%s: no column %s", file, name)
	}
	return r[i]
}
