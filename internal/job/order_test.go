package job

import (
	"context"
	"testing"
)

// TestRunsInOneInstant closes October, then September, then October again,
// all at the same instant, as a script on a fast machine does within one
// second. The third close must not be taken for the first ("nothing new"):
// runs are ordered by runs.seq, not by their id, whose suffix is random.
// Each round has a one-in-two chance to catch an order by run id.
func TestRunsInOneInstant(t *testing.T) {
	ev := func(id, day string) string {
		return id + ",v1,acct-1,2026-" + day + "T10:00:00Z,render,stock,,,,60000,,0.00,1\n"
	}
	oct, _ := PeriodWindow("2026-10")
	sep, _ := PeriodWindow("2026-09")
	for round := range 6 {
		cfg := config(t, write(t, "m.csv", header+ev("s1", "09-15")+ev("o1", "10-15")))
		for i, w := range []*Window{&oct, &sep, &oct} {
			cfg.Window = w
			res, err := Run(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			if res.NothingNew {
				t.Fatalf("round %d, close %d (%s): nothing new, reported by %s", round, i+1, w, res.ReportedBy)
			}
			cfg.Inputs = nil
		}
		db := openRO(t, cfg.DBPath)
		got := query(t, db, "SELECT strftime(window_from, '%Y-%m') FROM runs ORDER BY seq")
		if len(got) != 3 || got[0][0] != "2026-10" || got[1][0] != "2026-09" || got[2][0] != "2026-10" {
			t.Fatalf("round %d: runs in seq order %v, want 2026-10, 2026-09, 2026-10", round, got)
		}
		days := readCSV(t, cfg.OutDir+"/daily.csv")
		if len(days) != 2 || days[1][0] != "2026-10-15" {
			t.Fatalf("round %d: out/daily.csv %v, want October's", round, days)
		}
	}
}
