package job

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/reconcile/reconcile/internal/gen"
)

// TestTieOutGenerated reconciles a generated month of 100,000 events and
// checks that every total ties out and that the findings are exactly what
// the generator planted.
func TestTieOutGenerated(t *testing.T) {
	if testing.Short() {
		t.Skip("100,000 events")
	}
	p := filepath.Join(t.TempDir(), "month.csv")
	st := genCSV(t, p, gen.Config{Events: 100_000, Accounts: 300, Seed: 42, ErrorRate: 0.03,
		Month: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)})
	cfg := config(t, p)
	w, _ := PeriodWindow("2026-10")
	cfg.Window = &w
	res, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if res.Counts.RowsRead != st.Rows || res.Counts.Priced != st.Events || res.Counts.Rejected != 0 {
		t.Errorf("counts = %+v, generator wrote %d rows of %d events", res.Counts, st.Rows, st.Events)
	}
	byCategory := map[string]int64{}
	for _, c := range res.Summary.Categories {
		byCategory[c.Category] = c.Count
	}
	for c := gen.Category(0); c < gen.NumCategories; c++ {
		if got, want := byCategory[c.String()], st.Injected[c]; got != want {
			t.Errorf("%s: found %d, generator planted %d", c, got, want)
		}
	}
	checkTieOut(t, cfg, res, "SELECT sum(diff_credits)::VARCHAR FROM current_usage WHERE run_id = ? AND event_id NOT IN (SELECT event_id FROM discrepancies WHERE run_id = ? AND category IN ('overcharged', 'undercharged', 'uncharged'))")
}
