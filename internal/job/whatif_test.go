package job

import (
	"testing"

	"github.com/shopspring/decimal"
)

func account(id, old, cur string) WhatIfAccount {
	a := WhatIfAccount{AccountID: id, OldExpected: decimal.RequireFromString(old), NewExpected: decimal.RequireFromString(cur)}
	a.Change = a.NewExpected.Sub(a.OldExpected)
	a.ChangePct = pct(a.Change, a.OldExpected)
	return a
}

// TestWhatIfSpread checks the percentages (two places, half away from
// zero), the nearest-rank percentiles over the moved accounts, the movers'
// order, and the guard, including an account expected nothing before.
func TestWhatIfSpread(t *testing.T) {
	w := &WhatIf{Accounts: []WhatIfAccount{
		account("a", "100.00", "110.00"), // +10.00%
		account("b", "300.00", "299.00"), // -0.33%
		account("c", "3.00", "3.01"),     // +0.33% (0.3333…)
		account("d", "50.00", "50.00"),   // unchanged
		account("e", "0.00", "7.50"),     // from nothing
		account("f", "2.00", "1.00"),     // -50.00%
		account("g", "1.00", "1.20"),     // +20.00%
	}}
	if p := w.Accounts[2].ChangePct; p == nil || p.String() != "0.33" {
		t.Errorf("c: %v%%, want 0.33", p)
	}
	if p := pct(decimal.RequireFromString("1"), decimal.RequireFromString("8")); p.String() != "12.5" {
		t.Errorf("1/8: %v%%, want 12.5", p)
	}
	if p := pct(decimal.RequireFromString("-2"), decimal.RequireFromString("3")); p.String() != "-66.67" {
		t.Errorf("-2/3: %v%%, want -66.67", p)
	}
	s := w.Spread()
	// moved with a percentage: 0.33, 0.33, 10, 20, 50 (absolute)
	if s.Accounts != 7 || s.Moved != 6 || s.FromZero != 1 {
		t.Errorf("spread counts = %+v, want 7 accounts, 6 moved, 1 from zero", s)
	}
	if s.P50.String() != "10" || s.P95.String() != "50" || s.Max.String() != "50" || s.MaxAccount != "f" {
		t.Errorf("p50 %v, p95 %v, max %v (%s); want 10, 50, 50 (f)", s.P50, s.P95, s.Max, s.MaxAccount)
	}
	var order []string
	for _, a := range w.Movers(4) {
		order = append(order, a.AccountID)
	}
	if got := order; len(got) != 4 || got[0] != "a" || got[1] != "e" || got[2] != "b" || got[3] != "f" {
		t.Errorf("movers = %v, want [a e b f] (10.00, 7.50, 1.00, 1.00 credits; ties by id)", got)
	}
	ten := decimal.NewFromInt(10)
	for id, want := range map[string]bool{"a": false, "b": false, "d": false, "e": true, "f": true, "g": true} {
		for _, a := range w.Accounts {
			if a.AccountID == id && a.Exceeds(ten) != want {
				t.Errorf("%s exceeds 10%%: %v, want %v", id, a.Exceeds(ten), want)
			}
		}
	}
	if s := (&WhatIf{}).Spread(); s.P50 != nil || s.Moved != 0 {
		t.Errorf("empty spread = %+v", s)
	}
}
