package report

import "github.com/shopspring/decimal"

// The discrepancy categories of SPEC §6, as the workbook's Summary names
// them for a reader. Only the Summary shows these labels: the CSV files, the
// database and the list sheets (Discrepancies, Late, the Accounts headers)
// keep the codes, so that a sheet filters on the same words as the CSV file
// and a query on the database.
var categoryLabels = map[string]string{
	"overcharged":      "Overcharged",
	"undercharged":     "Undercharged",
	"uncharged":        "Uncharged",
	"minutes_mismatch": "Minutes mismatch",
	"duplicate_event":  "Duplicate event",
	"orphan_charge":    "Orphan charge",
	"duplicate_charge": "Duplicate charge",
	"account_mismatch": "Account mismatch",
}

// categoryLabel is the Summary's name of a category code; a code it does
// not know shows as itself.
func categoryLabel(code string) string {
	if l, ok := categoryLabels[code]; ok {
		return l
	}
	return code
}

// countedElsewhere are the categories whose events' credits another
// category already counts: their amount is zero on purpose, and the
// Summary says so rather than show an unexplained 0.00.
var countedElsewhere = map[string]bool{
	"minutes_mismatch": true,
	"duplicate_charge": true,
	"account_mismatch": true,
}

// categoryNote says what a category's amount on the Summary means: who owes
// it to whom, or why it has none.
func categoryNote(c CategoryTotal) string {
	if countedElsewhere[c.Category] && c.Amount.IsZero() {
		return "no amount of its own: counted under overcharged/undercharged"
	}
	d := direction(c.Amount)
	switch {
	case c.Category == "overcharged":
		return "charged above the price: owed to customers"
	case c.Category == "undercharged":
		return "charged below the price: owed to us"
	case c.Category == "uncharged":
		return "never charged: owed to us"
	case c.Category == "duplicate_event" && d == owedNobody:
		return "rows that repeat an event, with no charge of their own"
	case c.Category == "duplicate_event":
		return "charged by rows that repeat an event: owed to customers"
	case c.Category == "orphan_charge" && d == owedToUs:
		return "ledger rows of no event, net refunds: owed to us"
	case c.Category == "orphan_charge":
		return "ledger rows of no event: owed to customers"
	case d == owedToCustomers:
		return "owed to customers"
	case d == owedToUs:
		return "owed to us"
	}
	return ""
}

// owed is who owes an amount: a positive difference (charged above the
// price) is owed back to customers, a negative one is owed to us.
type owed int

const (
	owedNobody owed = iota
	owedToCustomers
	owedToUs
)

func direction(amount decimal.Decimal) owed {
	switch amount.Round(2).Sign() {
	case 1:
		return owedToCustomers
	case -1:
		return owedToUs
	}
	return owedNobody
}
