package job

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/reconcile/reconcile/internal/pricing"
	"github.com/reconcile/reconcile/internal/report"
)

// TestRerate re-prices the shipped October with a book whose PRO rate is
// 25: exactly the events priced at the PRO rate change, the report of
// changes sums to the difference in totals, the earlier prices stay for
// audit, and a second re-rating with the same book changes nothing.
func TestRerate(t *testing.T) {
	cfg := config(t, "../../fixtures/render_logs")
	if _, err := Run(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	yaml := strings.Replace(string(pricing.DefaultYAML), "pro: 20", "pro: 25", 1)
	if yaml == string(pricing.DefaultYAML) {
		t.Fatal("the v1 book has no 'pro: 20' to correct")
	}
	book, err := pricing.Parse(strings.NewReader(yaml))
	if err != nil {
		t.Fatal(err)
	}
	db := openRO(t, cfg.DBPath)
	before := query(t, db, "SELECT sum(expected_credits)::VARCHAR FROM current_usage")[0][0]
	db.Close()

	to := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	rc := RerateConfig{
		From: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), To: &to,
		Book: book, BookYAML: []byte(yaml), BookSource: "pro25.yaml",
		DBPath: cfg.DBPath, OutDir: filepath.Join(t.TempDir(), "rerate"), Version: "test",
	}
	res, err := Rerate(context.Background(), rc)
	if err != nil {
		t.Fatal(err)
	}
	db = openRO(t, cfg.DBPath)
	proRated := query(t, db, `SELECT count(*) FROM priced_usage WHERE entry = 'usage' AND model = 'pro'
		AND ((kind = 'render' AND media = 'generative') OR kind = 'edit_clip')`)[0][0]
	if got := decimal.NewFromInt(res.Changed).String(); got != proRated || res.Changed == 0 {
		t.Errorf("changed %s events, want the %s priced at the PRO rate", got, proRated)
	}
	notPro := query(t, db, `SELECT count(*) FROM priced_usage WHERE entry = 'correction'
		AND NOT (model = 'pro' AND ((kind = 'render' AND media = 'generative') OR kind = 'edit_clip'))`)[0][0]
	if notPro != "0" {
		t.Errorf("%s events that are not priced at the PRO rate changed", notPro)
	}
	after := query(t, db, "SELECT sum(expected_credits)::VARCHAR FROM current_usage")[0][0]
	diff := decimal.RequireFromString(after).Sub(decimal.RequireFromString(before))
	if !res.NewExpected.Sub(res.OldExpected).Equal(diff) {
		t.Errorf("result says %s → %s; totals moved by %s", res.OldExpected, res.NewExpected, diff)
	}
	// The report of changes sums to the difference in totals.
	rows := readCSV(t, filepath.Join(rc.OutDir, "rerate_accounts.csv"))
	var sum decimal.Decimal
	for _, r := range rows[1:] {
		sum = sum.Add(decimal.RequireFromString(r[4]))
	}
	if !sum.Equal(diff) || !diff.IsPositive() {
		t.Errorf("rerate_accounts.csv changes sum to %s; totals moved by %s", sum, diff)
	}
	// summary.json has the head figures and the window.
	var doc report.RerateDoc
	if err := json.Unmarshal(readFileT(t, filepath.Join(rc.OutDir, "summary.json")), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Kind != "rerate" || doc.RunID != res.RunID || doc.EventsChanged != res.Changed ||
		!doc.Change.Equal(diff) || doc.Window.From == nil || !doc.Window.From.Equal(rc.From) ||
		doc.Window.To == nil || !doc.Window.To.Equal(to) {
		t.Errorf("summary.json = %+v, want run %s, %d changed, change %s, window %s to %s",
			doc, res.RunID, res.Changed, diff, rc.From, to)
	}
	// Nothing was overwritten: the usage rows keep the first price, and each
	// event's rows sum to its current price.
	if got := query(t, db, "SELECT count(*) FROM priced_usage WHERE entry = 'usage' AND pricebook_hash <> (SELECT pricebook_hash FROM runs WHERE kind = 'run')")[0][0]; got != "0" {
		t.Errorf("%s usage rows changed their price book", got)
	}
	if got := query(t, db, `SELECT count(*) FROM (SELECT event_id, sum(expected_credits) AS s FROM priced_usage GROUP BY ALL) p
		JOIN current_usage c USING (event_id) WHERE p.s <> c.expected_credits`)[0][0]; got != "0" {
		t.Errorf("%s events whose rows do not sum to their current price", got)
	}
	db.Close()

	again, err := Rerate(context.Background(), rc)
	if err != nil {
		t.Fatal(err)
	}
	if again.Changed != 0 {
		t.Errorf("a second re-rating with the same book changed %d events", again.Changed)
	}
}
