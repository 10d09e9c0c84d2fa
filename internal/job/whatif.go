package job

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/reconcile/reconcile/internal/store"
	"github.com/reconcile/reconcile/queries"
)

// WhatIf is a dry-run re-rating: what a draft price book would do to the
// expected credits of a window's events, per account, with nothing
// written to the database.
type WhatIf struct {
	BookHash    string
	Examined    int64 // events in the window
	Changed     int64 // whose price the draft changes
	OldExpected decimal.Decimal
	NewExpected decimal.Decimal
	Change      decimal.Decimal
	ChangePct   *Pct            // of the window's total; null when it was 0
	Accounts    []WhatIfAccount // by account id
}

// WhatIfAccount is one account's part of a dry-run re-rating.
type WhatIfAccount struct {
	AccountID   string
	Events      int64
	Changed     int64
	OldExpected decimal.Decimal
	NewExpected decimal.Decimal
	Change      decimal.Decimal
	// ChangePct is Change as a percentage of OldExpected, to two places;
	// null when OldExpected is 0 (an account that was expected nothing).
	ChangePct *Pct
}

// Pct is a percentage to two decimal places, rounded half away from zero.
type Pct = decimal.Decimal

// pct is change ÷ old × 100 to two places, nil when old is 0.
func pct(change, old decimal.Decimal) *Pct {
	if old.IsZero() {
		return nil
	}
	p := change.Mul(decimal.NewFromInt(100)).DivRound(old, 2)
	return &p
}

// Moved reports whether the account's expected credits changed.
func (a WhatIfAccount) Moved() bool { return !a.Change.IsZero() }

// Exceeds reports whether the account moved by more than limit percent
// either way. An account expected nothing before exceeds any limit as soon
// as the draft expects it anything.
func (a WhatIfAccount) Exceeds(limit decimal.Decimal) bool {
	if a.ChangePct == nil {
		return a.Moved()
	}
	return a.ChangePct.Abs().GreaterThan(limit)
}

// Spread is the distribution of the accounts' percentage changes.
type Spread struct {
	Accounts int64 // accounts with events in the window
	Moved    int64 // whose expected credits changed
	// P50, P95 and Max are of the moved accounts' absolute percentage
	// change (nearest rank); nil when none moved. Accounts expected
	// nothing before have no percentage and are counted in FromZero.
	P50        *Pct
	P95        *Pct
	Max        *Pct
	MaxAccount string
	FromZero   int64
}

// Spread returns the distribution of w's per-account changes.
func (w *WhatIf) Spread() Spread {
	s := Spread{Accounts: int64(len(w.Accounts))}
	var moved []WhatIfAccount
	for _, a := range w.Accounts {
		switch {
		case !a.Moved():
		case a.ChangePct == nil:
			s.Moved++
			s.FromZero++
		default:
			s.Moved++
			moved = append(moved, a)
		}
	}
	if len(moved) == 0 {
		return s
	}
	slices.SortStableFunc(moved, func(a, b WhatIfAccount) int { return a.ChangePct.Abs().Cmp(b.ChangePct.Abs()) })
	rank := func(q int) *Pct { // nearest rank: the ⌈q% × n⌉-th smallest
		p := moved[(q*len(moved)+99)/100-1].ChangePct.Abs()
		return &p
	}
	s.P50, s.P95 = rank(50), rank(95)
	last := moved[len(moved)-1]
	m := last.ChangePct.Abs()
	s.Max, s.MaxAccount = &m, last.AccountID
	return s
}

// Movers returns the n accounts whose expected credits moved most, by the
// absolute change in credits, then by account id.
func (w *WhatIf) Movers(n int) []WhatIfAccount {
	var moved []WhatIfAccount
	for _, a := range w.Accounts {
		if a.Moved() {
			moved = append(moved, a)
		}
	}
	slices.SortStableFunc(moved, func(a, b WhatIfAccount) int {
		return cmp.Or(b.Change.Abs().Cmp(a.Change.Abs()), cmp.Compare(a.AccountID, b.AccountID))
	})
	return moved[:min(n, len(moved))]
}

// DryRun prices the stored events of cfg's window with cfg's (draft) book
// and says what would change, per account, without changing anything: the
// database is opened read-only, and the work is done in temporary tables,
// which DuckDB keeps in memory. cfg.OutDir is not used.
func DryRun(ctx context.Context, cfg RerateConfig) (*WhatIf, error) {
	if cfg.Book == nil || cfg.DBPath == "" {
		return nil, errors.New("rerate: a price book and a database are required")
	}
	if _, err := os.Stat(cfg.DBPath); err != nil {
		return nil, fmt.Errorf("rerate: %w", store.ErrNoDatabase)
	}
	conn, done, err := readConn(ctx, cfg.DBPath, 0)
	if err != nil {
		return nil, err
	}
	defer done()
	var to any
	if cfg.To != nil {
		to = *cfg.To
	}
	w := &WhatIf{BookHash: bookHash(cfg.BookYAML), Accounts: []WhatIfAccount{}}
	if w.Examined, err = priceWindow(ctx, conn, cfg, to); err != nil {
		return nil, err
	}
	for a, err := range scanRows(ctx, conn, queries.WhatIfAccounts, nil, scanWhatIfAccount) {
		if err != nil {
			return nil, fmt.Errorf("rerate --dry-run: %w", err)
		}
		w.Changed += a.Changed
		w.OldExpected = w.OldExpected.Add(a.OldExpected)
		w.NewExpected = w.NewExpected.Add(a.NewExpected)
		w.Accounts = append(w.Accounts, a)
	}
	w.Change = w.NewExpected.Sub(w.OldExpected)
	w.ChangePct = pct(w.Change, w.OldExpected)
	return w, nil
}

func scanWhatIfAccount(rows *sql.Rows) (WhatIfAccount, error) {
	var a WhatIfAccount
	var old, cur store.Decimal
	err := rows.Scan(&a.AccountID, &a.Events, &a.Changed, &old, &cur)
	a.OldExpected, a.NewExpected = old.Decimal, cur.Decimal
	a.Change = a.NewExpected.Sub(a.OldExpected)
	a.ChangePct = pct(a.Change, a.OldExpected)
	return a, err
}
