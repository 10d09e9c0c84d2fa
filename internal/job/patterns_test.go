package job

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/reconcile/reconcile/internal/gen"
	"github.com/reconcile/reconcile/internal/patterns"
	"github.com/shopspring/decimal"
)

// TestPatternsFindPlantedFaults is issue 14's first acceptance line: a
// generated month with three systematic faults planted among 2 % random
// ones. The three biggest patterns are the planted faults, each with the
// exact number of events it was given and the credits it moved.
func TestPatternsFindPlantedFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("60,000 events")
	}
	var faults []gen.Systematic
	for _, name := range []string{"ultra-clip-at-pro", "no-actor-surcharge:virtual_pro", "uncharged-after:2026-10-29"} {
		f, err := gen.ParseFault(name)
		if err != nil {
			t.Fatal(err)
		}
		faults = append(faults, f)
	}
	p := filepath.Join(t.TempDir(), "month.csv")
	st := genCSV(t, p, gen.Config{Events: 60_000, Accounts: 200, Seed: 14, ErrorRate: 0.02,
		Month: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), Faults: faults})
	cfg := config(t, p)
	w, _ := PeriodWindow("2026-10")
	cfg.Window = &w
	res, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	pats := res.Summary.Patterns
	for i, p := range pats {
		if i < 6 {
			t.Logf("%d. %s [%s]: %d of %d findings, %s credits, %d minutes", i+1, p.Cause, p.Group, p.Events, p.GroupFindings, p.Credits, p.Minutes)
		}
	}
	// The patterns' credits, the last line (no pattern) included, are the
	// credit categories' amounts.
	var sum, cats decimal.Decimal
	for _, p := range pats {
		sum = sum.Add(p.Credits)
	}
	for _, c := range res.Summary.Categories {
		if c.Category == "overcharged" || c.Category == "undercharged" || c.Category == "uncharged" {
			cats = cats.Add(c.Amount)
		}
	}
	if !sum.Equal(cats) || pats[len(pats)-1].Rule != patterns.Unexplained {
		t.Errorf("patterns sum to %s credits (last %q), the credit categories to %s", sum, pats[len(pats)-1].Rule, cats)
	}
	want := map[string]string{
		"ultra-clip-at-pro":              "edit_clip ultra charged at the pro rate",
		"no-actor-surcharge:virtual_pro": "actor surcharge never charged for virtual_pro",
		"uncharged-after:2026-10-29":     "nothing charged from 2026-10-29 on",
	}
	if len(pats) < 3 {
		t.Fatalf("%d patterns, want the 3 planted first", len(pats))
	}
	top := map[string]bool{}
	for _, p := range pats[:3] {
		top[p.Cause] = true
	}
	for _, pl := range st.Planted {
		cause := want[pl.Fault]
		if !top[cause] {
			t.Errorf("planted %s: %q is not among the top three", pl.Fault, cause)
			continue
		}
		for _, p := range pats[:3] {
			if p.Cause == cause && (p.Events != pl.Events || !p.Credits.Equal(pl.Credits.Decimal()) || p.Minutes != pl.Minutes) {
				t.Errorf("%s: %d events, %s credits, %d minutes; planted %s", cause, p.Events, p.Credits, p.Minutes, pl)
			}
		}
	}
}

// TestPatternsFileUncharged: one of two render-log files was never
// charged; the pattern names it, with its events.
func TestPatternsFileUncharged(t *testing.T) {
	dir := t.TempDir()
	month := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	stop, err := gen.ParseFault("uncharged-after:2026-10-01")
	if err != nil {
		t.Fatal(err)
	}
	a, b := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")
	genCSV(t, a, gen.Config{Events: 3000, Accounts: 20, Seed: 1, ErrorRate: 0.02, Month: month})
	st := genCSV(t, b, gen.Config{Events: 500, Accounts: 20, Seed: 2, Month: month, Faults: []gen.Systematic{stop}})
	cfg := config(t, a, b)
	w, _ := PeriodWindow("2026-10")
	cfg.Window = &w
	res, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	p := res.Summary.Patterns[0]
	if p.Cause != "nothing charged in "+b || p.Events != st.Planted[0].Events || !p.Credits.Equal(st.Planted[0].Credits.Decimal()) {
		t.Errorf("first pattern %+v; want nothing charged in %s, %s", p, b, st.Planted[0])
	}
}
