package report

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// SummarySchemaVersion is the schema_version of the summary.json documents
// this package writes. It goes up when a field changes meaning or goes
// away; a field may be added within a version only by a new schema file.
const SummarySchemaVersion = 1

// SummarySchema is the JSON Schema (draft 2020-12) of summary.json, both
// kinds of document: a run's ([SummaryDoc]) and a re-rating's ([RerateDoc]).
//
//go:embed summary.schema.json
var SummarySchema []byte

// The names of the summaries beside the reports.
const (
	SummaryJSONName = "summary.json" // what --notify posts
	summaryHTMLName = "summary.html"
)

// Credits is an amount of credits in summary.json: a JSON string with
// exactly two decimals ("1712.70", "-1712.70"), so that no consumer reads
// it as a binary float.
type Credits struct{ decimal.Decimal }

// Signed is the amount with two decimals and its sign, +9.37 or -9.37.
func (c Credits) Signed() string {
	if c.IsPositive() {
		return "+" + c.StringFixed(2)
	}
	return c.StringFixed(2)
}

// MarshalJSON writes the amount as a string with two decimals.
func (c Credits) MarshalJSON() ([]byte, error) {
	return json.Marshal(c.StringFixed(2))
}

// UnmarshalJSON reads an amount written by MarshalJSON; a JSON number is
// refused, as the schema refuses it.
func (c *Credits) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("credits: want a string such as \"12.50\": %w", err)
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return fmt.Errorf("credits %q: %w", s, err)
	}
	c.Decimal = d
	return nil
}

func creditsOf(d decimal.Decimal) Credits { return Credits{d} }

// SummaryDoc is summary.json of a run: the Summary sheet's figures for a
// machine (a notifier, a metrics writer, a dashboard). The README lists its
// fields; summary.schema.json describes each one.
type SummaryDoc struct {
	SchemaVersion int           `json:"schema_version"`
	Kind          string        `json:"kind"` // "run"
	RunID         string        `json:"run_id"`
	Started       time.Time     `json:"started"`  // UTC, to the second
	Finished      time.Time     `json:"finished"` // UTC, to the second
	Window        SummaryWindow `json:"window"`
	Close         *SummaryClose `json:"close,omitempty"` // a --period run: the close it recorded
	ChargeSource  string        `json:"charge_source"`
	Rows          SummaryRows   `json:"rows"`
	Checks        SummaryChecks `json:"checks"`

	Credits      SummaryCredits `json:"credits"`
	VideoMinutes SummaryMinutes `json:"video_minutes"`

	ToRefund                Credits `json:"to_refund"`
	ToRefundWithinTolerance Credits `json:"to_refund_within_tolerance"`
	ToRebill                Credits `json:"to_rebill"`
	ToRebillWithinTolerance Credits `json:"to_rebill_within_tolerance"`
	Leakage                 Credits `json:"leakage"`

	Categories      []SummaryCategory `json:"categories"`
	TopAccounts     []SummaryAccount  `json:"top_accounts"`
	RejectsByReason []SummaryReason   `json:"rejects_by_reason"`
	Patterns        []SummaryPattern  `json:"patterns"`
	Files           []string          `json:"files"`
}

func utcSecond(t time.Time) time.Time { return t.UTC().Truncate(time.Second) }

// SummaryPattern is a row of the Patterns sheet.
type SummaryPattern struct {
	Rank          int     `json:"rank"`
	Cause         string  `json:"cause"`
	Rule          string  `json:"rule"`
	Group         string  `json:"group"`
	Events        int64   `json:"events"`
	GroupFindings int64   `json:"group_findings"`
	Credits       Credits `json:"credits"`
	VideoMinutes  int64   `json:"video_minutes"`
}

// SummaryClose is the close snapshot a --period run recorded.
type SummaryClose struct {
	ID            string         `json:"id"`               // close_snapshots.close_id, the run's id
	FiguresSHA256 string         `json:"figures_sha256"`   // close_snapshots.figures_sha256
	Bridge        *SummaryBridge `json:"bridge,omitempty"` // a re-close: from the month's close before
}

// SummaryBridge is the Bridge sheet of a re-close (close_bridge).
type SummaryBridge struct {
	FromClose string              `json:"from_close"`
	Lines     []SummaryBridgeLine `json:"lines"`
}

// SummaryBridgeLine is one line of the Bridge sheet, column for column.
type SummaryBridgeLine struct {
	Line            string  `json:"line"`
	Events          int64   `json:"events"`
	ExpectedCredits Credits `json:"expected_credits"`
	ChargedCredits  Credits `json:"charged_credits"`
	NetCredits      Credits `json:"net_credits"`
	ExpectedMinutes int64   `json:"expected_minutes"`
	ChargedMinutes  int64   `json:"charged_minutes"`
}

// SummaryWindow is the span of created_at a report covers.
type SummaryWindow struct {
	Description string     `json:"description"`      // in words, as the Summary sheet says it
	Period      string     `json:"period,omitempty"` // YYYY-MM, for a --period run
	From        *time.Time `json:"from,omitempty"`   // first instant, UTC
	To          *time.Time `json:"to,omitempty"`     // end, exclusive, UTC
}

// SummaryRows are where the run's input rows ended, and what the report
// counts.
type SummaryRows struct {
	RowsRead           int64 `json:"rows_read"`
	Priced             int64 `json:"priced"`
	Rejected           int64 `json:"rejected"`
	Duplicates         int64 `json:"duplicates"`
	LedgerRows         int64 `json:"ledger_rows"`
	LedgerTaken        int64 `json:"ledger_taken"`
	LedgerRejected     int64 `json:"ledger_rejected"`
	Events             int64 `json:"events"`
	LateEvents         int64 `json:"late_events"`
	Discrepancies      int64 `json:"discrepancies"`
	EventsWithFindings int64 `json:"events_with_findings"`
}

// SummaryChecks are the checks of the Summary sheet's first page.
type SummaryChecks struct {
	AllOK         bool          `json:"all_ok"`
	RenderLogRows SummaryCheck  `json:"render_log_rows"`
	LedgerRows    *SummaryCheck `json:"ledger_rows,omitempty"` // only when the run read a ledger
	TieOuts       SummaryCheck  `json:"tie_outs"`
}

// SummaryCheck is one check: whether it holds, and the sentence the
// Summary sheet shows for it.
type SummaryCheck struct {
	OK   bool   `json:"ok"`
	Text string `json:"text"`
}

// SummaryCredits are the report's credit totals.
type SummaryCredits struct {
	Expected Credits `json:"expected"`
	Charged  Credits `json:"charged"`
	Net      Credits `json:"net"` // charged − expected
}

// SummaryMinutes are the report's video-minute totals.
type SummaryMinutes struct {
	Expected int64 `json:"expected"`
	Charged  int64 `json:"charged"`
	Net      int64 `json:"net"` // charged − expected
}

// SummaryCategory is one discrepancy category of SPEC §6.
type SummaryCategory struct {
	Category     string  `json:"category"`
	Label        string  `json:"label"`
	Count        int64   `json:"count"`
	Credits      Credits `json:"credits"`
	VideoMinutes int64   `json:"video_minutes"`
}

// SummaryAccount is one of the accounts with the most at stake.
type SummaryAccount struct {
	AccountID     string  `json:"account_id"`
	Amount        Credits `json:"amount"`
	ToRefund      Credits `json:"to_refund"`
	ToRebill      Credits `json:"to_rebill"`
	Net           Credits `json:"net"`
	Discrepancies int64   `json:"discrepancies"`
}

// SummaryReason counts the rejected rows of one reason code.
type SummaryReason struct {
	Reason string `json:"reason"`
	Count  int64  `json:"count"`
}

// NewSummaryDoc builds summary.json of a run from its Summary, what Write
// tallied while the lists streamed by (the tie-outs and the top accounts),
// and the names of the report files.
func NewSummaryDoc(s Summary, t Tally, files []string) SummaryDoc {
	c := summaryChecks(s, t)
	d := SummaryDoc{
		SchemaVersion: SummarySchemaVersion,
		Kind:          "run",
		RunID:         s.RunID,
		Started:       utcSecond(s.Started),
		Finished:      utcSecond(s.Finished),
		Window:        docWindow(s.Period, s.Month, s.From, s.To),
		Close:         docClose(s.Close),
		ChargeSource:  s.ChargeSource,
		Rows: SummaryRows{
			RowsRead: s.RowsRead, Priced: s.Priced, Rejected: s.Rejected, Duplicates: s.Duplicates,
			LedgerRows: s.LedgerRows, LedgerTaken: s.LedgerTaken, LedgerRejected: s.LedgerRejected,
			Events: s.Events, LateEvents: s.LateEvents,
			Discrepancies: s.Discrepancies, EventsWithFindings: s.EventsWithFindings,
		},
		Checks: c,
		Credits: SummaryCredits{Expected: creditsOf(s.ExpectedCredits), Charged: creditsOf(s.ChargedCredits),
			Net: creditsOf(s.DiffCredits)},
		VideoMinutes: SummaryMinutes{Expected: s.ExpectedMinutes, Charged: s.ChargedMinutes,
			Net: s.ChargedMinutes - s.ExpectedMinutes},
		ToRefund:                creditsOf(s.ToRefund),
		ToRefundWithinTolerance: creditsOf(s.RefundWithinTolerance),
		ToRebill:                creditsOf(s.ToRebill),
		ToRebillWithinTolerance: creditsOf(s.RebillWithinTolerance),
		Leakage:                 creditsOf(s.Leakage),
		Categories:              []SummaryCategory{},
		TopAccounts:             []SummaryAccount{},
		RejectsByReason:         []SummaryReason{},
		Patterns:                []SummaryPattern{},
		Files:                   append([]string{}, files...),
	}
	for _, ct := range s.Categories {
		d.Categories = append(d.Categories, SummaryCategory{Category: ct.Category, Label: categoryLabel(ct.Category),
			Count: ct.Count, Credits: creditsOf(ct.Amount), VideoMinutes: ct.Minutes})
	}
	for _, a := range t.top {
		d.TopAccounts = append(d.TopAccounts, SummaryAccount{AccountID: a.AccountID, Amount: creditsOf(a.Amount),
			ToRefund: creditsOf(a.ToRefund), ToRebill: creditsOf(a.ToRebill), Net: creditsOf(a.DiffCredits),
			Discrepancies: a.Discrepancies})
	}
	for _, r := range s.RejectReasons {
		d.RejectsByReason = append(d.RejectsByReason, SummaryReason(r))
	}
	for i, p := range s.Patterns {
		d.Patterns = append(d.Patterns, SummaryPattern{Rank: i + 1, Cause: p.Cause, Rule: p.Rule, Group: p.Group,
			Events: p.Events, GroupFindings: p.GroupFindings, Credits: creditsOf(p.Credits), VideoMinutes: p.Minutes})
	}
	return d
}

// summaryChecks are the checks of the Summary sheet's first page, as it
// words them.
func summaryChecks(s Summary, t Tally) SummaryChecks {
	var c SummaryChecks
	c.RenderLogRows.Text, c.RenderLogRows.OK = rowCheck(s)
	c.AllOK = c.RenderLogRows.OK
	if len(s.Ledgers) > 0 {
		var l SummaryCheck
		l.Text, l.OK = ledgerCheck(s)
		c.LedgerRows = &l
		c.AllOK = c.AllOK && l.OK
	}
	c.TieOuts.Text, c.TieOuts.OK = tieOutVerdict(tieOuts(s, t))
	c.AllOK = c.AllOK && c.TieOuts.OK
	return c
}

func docWindow(words, month string, from, to time.Time) SummaryWindow {
	w := SummaryWindow{Description: words, Period: month}
	if !from.IsZero() {
		f := from.UTC()
		w.From = &f
	}
	if !to.IsZero() {
		t := to.UTC()
		w.To = &t
	}
	return w
}

// RerateDoc is summary.json of a re-rating: the head of rerate.xlsx.
type RerateDoc struct {
	SchemaVersion      int           `json:"schema_version"`
	Kind               string        `json:"kind"` // "rerate"
	RunID              string        `json:"run_id"`
	Started            time.Time     `json:"started"`
	Window             SummaryWindow `json:"window"`
	OldPriceBookHashes []string      `json:"old_price_book_sha256"`
	NewPriceBook       string        `json:"new_price_book"`
	NewPriceBookHash   string        `json:"new_price_book_sha256"`
	EventsExamined     int64         `json:"events_examined"`
	EventsChanged      int64         `json:"events_changed"`
	OldExpected        Credits       `json:"old_expected_credits"`
	NewExpected        Credits       `json:"new_expected_credits"`
	Change             Credits       `json:"change_credits"` // new − old
	Files              []string      `json:"files"`
}

// NewRerateDoc builds summary.json of a re-rating from its head figures and
// the names of its report files.
func NewRerateDoc(r Rerate, files []string) RerateDoc {
	return RerateDoc{
		SchemaVersion:      SummarySchemaVersion,
		Kind:               "rerate",
		RunID:              r.RunID,
		Started:            utcSecond(r.Started),
		Window:             docWindow(r.Window, "", r.From, r.To),
		OldPriceBookHashes: append([]string{}, r.OldBooks...),
		NewPriceBook:       r.NewBook,
		NewPriceBookHash:   r.NewBookHash,
		EventsExamined:     r.Examined,
		EventsChanged:      r.Changed,
		OldExpected:        creditsOf(r.OldExpected),
		NewExpected:        creditsOf(r.NewExpected),
		Change:             creditsOf(r.NewExpected.Sub(r.OldExpected)),
		Files:              append([]string{}, files...),
	}
}

// encodeDoc is a summary document as summary.json holds it: indented, HTML
// characters as they are (the file is never HTML), a final newline.
func encodeDoc(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func docClose(c *CloseMark) *SummaryClose {
	if c == nil {
		return nil
	}
	d := &SummaryClose{ID: c.ID, FiguresSHA256: c.FiguresHash}
	if c.Bridge != nil {
		d.Bridge = &SummaryBridge{FromClose: c.Bridge.From, Lines: []SummaryBridgeLine{}}
		for _, l := range c.Bridge.Lines {
			d.Bridge.Lines = append(d.Bridge.Lines, SummaryBridgeLine{Line: l.Line, Events: l.Events,
				ExpectedCredits: creditsOf(l.ExpectedCredits), ChargedCredits: creditsOf(l.ChargedCredits),
				NetCredits: creditsOf(l.NetCredits), ExpectedMinutes: l.ExpectedMinutes, ChargedMinutes: l.ChargedMinutes})
		}
	}
	return d
}
