package report

import (
	"slices"
	"strings"

	"github.com/shopspring/decimal"
)

// topAccounts is how many accounts summary.json and summary.html list.
const topAccounts = 10

// TopAccount is one of the accounts with the largest amount at stake: what
// it is owed back plus what it still owes, |to_refund| + |to_rebill|, so
// that an account owed 5 and owing 5 (net 0) still shows as 10 to settle.
type TopAccount struct {
	AccountID     string
	Amount        decimal.Decimal // |ToRefund| + |ToRebill|
	ToRefund      decimal.Decimal
	ToRebill      decimal.Decimal
	DiffCredits   decimal.Decimal // charged − expected
	Discrepancies int64
}

// keepTop adds a to top, largest first and ties by account id, and keeps
// the first topAccounts. An account with nothing to refund or rebill is
// not listed.
func keepTop(top []TopAccount, a Account) []TopAccount {
	c := TopAccount{AccountID: a.AccountID, Amount: a.ToRefund.Abs().Add(a.ToRebill.Abs()),
		ToRefund: a.ToRefund, ToRebill: a.ToRebill, DiffCredits: a.DiffCredits, Discrepancies: a.Discrepancies}
	if !c.Amount.IsPositive() {
		return top
	}
	i, _ := slices.BinarySearchFunc(top, c, compareTop)
	if i >= topAccounts {
		return top
	}
	top = slices.Insert(top, i, c)
	if len(top) > topAccounts {
		top = top[:topAccounts]
	}
	return top
}

// compareTop orders accounts by amount, largest first, then by id.
func compareTop(a, b TopAccount) int {
	if c := b.Amount.Cmp(a.Amount); c != 0 {
		return c
	}
	return strings.Compare(a.AccountID, b.AccountID)
}
