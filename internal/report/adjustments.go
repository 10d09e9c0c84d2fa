package report

// AdjustmentsDoc is adjustments.json: adjustments.csv for a billing
// system's importer. Credits are strings with two decimals, as in
// summary.json. A report that is no close has no lines.
type AdjustmentsDoc struct {
	SchemaVersion int    `json:"schema_version"`
	Kind          string `json:"kind"` // "adjustments"
	Period        string `json:"period,omitempty"`
	CloseID       string `json:"close_id,omitempty"`
	FiguresSHA256 string `json:"figures_sha256,omitempty"` // the close's, which every key is derived from
	Currency      string `json:"currency"`                 // "credits"
	// CreditNotes − InvoiceItems is what the lines move: with the month's
	// earlier files, to_refund − to_rebill of the close.
	CreditNotes  Credits          `json:"credit_notes"`
	InvoiceItems Credits          `json:"invoice_items"`
	Lines        []AdjustmentLine `json:"lines"`
}

// AdjustmentLine is a line of adjustments.csv.
type AdjustmentLine struct {
	AccountID      string  `json:"account_id"`
	Direction      string  `json:"direction"` // credit_note or invoice_item
	Amount         Credits `json:"amount"`
	AdjustedBefore Credits `json:"adjusted_before"`
	Events         int64   `json:"events"`
	Categories     string  `json:"categories"`
	Key            string  `json:"idempotency_key"`
}

// NewAdjustmentsDoc builds adjustments.json from a close's adjustments.
func NewAdjustmentsDoc(c *CloseMark) AdjustmentsDoc {
	d := AdjustmentsDoc{SchemaVersion: SummarySchemaVersion, Kind: "adjustments", Currency: "credits", Lines: []AdjustmentLine{}}
	if c == nil {
		return d
	}
	d.Period, d.CloseID, d.FiguresSHA256 = c.Period, c.ID, c.FiguresHash
	for _, a := range c.Adjustments {
		if a.Direction == "credit_note" {
			d.CreditNotes.Decimal = d.CreditNotes.Add(a.Amount)
		} else {
			d.InvoiceItems.Decimal = d.InvoiceItems.Add(a.Amount)
		}
		d.Lines = append(d.Lines, AdjustmentLine{AccountID: a.AccountID, Direction: a.Direction, Amount: creditsOf(a.Amount),
			AdjustedBefore: creditsOf(a.AdjustedBefore), Events: a.Events, Categories: a.Categories, Key: a.Key})
	}
	return d
}
