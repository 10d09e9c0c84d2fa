package report

import (
	"bytes"
	_ "embed"
	"html/template"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// summary.html is the Summary sheet as one self-contained page to share:
// inline CSS and an inline SVG chart, no script, nothing fetched from
// anywhere, readable on a phone. html/template escapes every value (account
// ids and file names are the customers' and the operators' text).
//
//go:embed summary.html.tmpl
var summaryPageText string

var summaryPage = template.Must(template.New(summaryHTMLName).Funcs(template.FuncMap{"breakable": breakable}).Parse(summaryPageText))

// breakable is s escaped, with a line-break opportunity after each slash,
// so that a narrow column wraps "overcharged/undercharged" at the slash
// rather than inside a word.
func breakable(s string) template.HTML {
	return template.HTML(strings.ReplaceAll(template.HTMLEscapeString(s), "/", "/<wbr>"))
}

// htmlSummary is what summary.html shows, every figure already formatted
// as the workbook shows it.
type htmlSummary struct {
	S            Summary
	Checks       []htmlCheck
	Money        []htmlMoney
	Leakage      string
	LeakageShare string
	Categories   []htmlCategory
	Total        htmlCategory
	Chart        htmlChart
	Top          []htmlAccount
	Rejects      []htmlReason
	RejectsTotal string
	Files        []string
	Started      string
	Finished     string
}

type htmlCheck struct {
	Label, Key, Text string
	OK               bool
}

// htmlMoney is one line of the money table; Key names its figures for the
// tests (data-figure="KEY", "KEY-minutes").
type htmlMoney struct {
	Label, Key, Credits, Minutes, Note string
	Negative, Bold                     bool
}

type htmlCategory struct {
	Code, Label, Note, Count, Credits, Minutes string
	Negative                                   bool
}

type htmlAccount struct {
	AccountID, Amount, ToRefund, ToRebill, Discrepancies string
}

type htmlReason struct{ Reason, Count string }

// summaryHTML renders summary.html from the same Summary and tally as the
// Summary sheet and summary.json.
func summaryHTML(s Summary, t Tally) ([]byte, error) {
	c := summaryChecks(s, t)
	names := reportNames(s)
	v := htmlSummary{S: s, Started: rfc3339(s.Started), Finished: rfc3339(s.Finished),
		Leakage: creditsText(s.Leakage), LeakageShare: leakageShare(s), Files: names[:len(names)-1]}
	v.Files = append(append([]string{}, v.Files...), SummaryJSONName)
	v.Checks = append(v.Checks, htmlCheck{"render-log rows", "render-log-rows", c.RenderLogRows.Text, c.RenderLogRows.OK})
	if c.LedgerRows != nil {
		v.Checks = append(v.Checks, htmlCheck{"ledger rows", "ledger-rows", c.LedgerRows.Text, c.LedgerRows.OK})
	}
	v.Checks = append(v.Checks, htmlCheck{"tie-outs", "tie-outs", c.TieOuts.Text, c.TieOuts.OK})

	money := func(label, key string, d decimal.Decimal, minutes *int64, note string, bold bool) htmlMoney {
		m := htmlMoney{Label: label, Key: key, Credits: creditsText(d), Note: note, Negative: d.Round(2).IsNegative(), Bold: bold}
		if minutes != nil {
			m.Minutes = countText(*minutes)
		}
		return m
	}
	within := "of which within tolerance (not flagged): "
	v.Money = []htmlMoney{
		money("expected", "expected", s.ExpectedCredits, &s.ExpectedMinutes, "", false),
		money("charged", "charged", s.ChargedCredits, &s.ChargedMinutes, "", false),
		money("net difference (charged − expected)", "net", s.DiffCredits, countOf(s.ChargedMinutes-s.ExpectedMinutes), "", true),
		money("to refund (owed to customers)", "to-refund", s.ToRefund, nil, within+creditsText(s.RefundWithinTolerance), true),
		money("to rebill (owed to us)", "to-rebill", s.ToRebill, nil, within+creditsText(s.RebillWithinTolerance), true),
		money("leakage (uncharged + undercharged)", "leakage", s.Leakage, nil, leakageShare(s), false),
	}

	var rows int64
	var amounts decimal.Decimal
	for _, ct := range s.Categories {
		rows += ct.Count
		amounts = amounts.Add(ct.Amount)
		v.Categories = append(v.Categories, htmlCategory{Code: ct.Category, Label: categoryLabel(ct.Category),
			Note: categoryNote(ct), Count: countText(ct.Count), Credits: creditsText(ct.Amount),
			Minutes: countText(ct.Minutes), Negative: ct.Amount.Round(2).IsNegative()})
	}
	v.Total = htmlCategory{Label: "total", Count: countText(rows), Credits: creditsText(amounts),
		Negative: amounts.Round(2).IsNegative()}
	v.Chart = categoryChart(s.Categories)

	for _, a := range t.top {
		v.Top = append(v.Top, htmlAccount{AccountID: a.AccountID, Amount: creditsText(a.Amount),
			ToRefund: creditsText(a.ToRefund), ToRebill: creditsText(a.ToRebill), Discrepancies: countText(a.Discrepancies)})
	}
	var rejected int64
	for _, r := range s.RejectReasons {
		rejected += r.Count
		v.Rejects = append(v.Rejects, htmlReason{r.Reason, countText(r.Count)})
	}
	v.RejectsTotal = countText(rejected)

	var b bytes.Buffer
	if err := summaryPage.Execute(&b, v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// countText is a count as a count cell shows it ("#,##0": "4,075").
func countText(n int64) string { return groupThousands(strconv.FormatInt(n, 10)) }
