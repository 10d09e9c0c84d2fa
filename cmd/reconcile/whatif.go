package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/reconcile/reconcile/internal/job"
	"github.com/reconcile/reconcile/internal/report"
	"github.com/reconcile/reconcile/internal/store"
)

// errChangeTooLarge ends a dry-run re-rating whose change passes
// --max-change-pct: exit code 3, as discrepancies under
// --fail-on-discrepancy.
var errChangeTooLarge = errors.New("the draft price book moves expected credits more than --max-change-pct")

// moversShown is how many accounts the text output lists as the biggest
// movers; --format json lists every account.
const moversShown = 10

type whatIfFlags struct {
	dryRun       bool
	maxChangePct string
	guard        string
	format       string
}

func addWhatIfFlags(fl *pflag.FlagSet, f *whatIfFlags) {
	fl.BoolVar(&f.dryRun, "dry-run", false, "change nothing: print what the price book would do, per account")
	fl.StringVar(&f.maxChangePct, "max-change-pct", "", "with --dry-run: exit 3 when expected credits move by more than this percentage")
	fl.StringVar(&f.guard, "guard", "account", "with --max-change-pct: what may not move that much, any account or the total")
	fl.StringVar(&f.format, "format", "text", "with --dry-run: output text or json")
}

// onlyWithDryRun refuses the dry-run flags on a real re-rating.
func (f whatIfFlags) onlyWithDryRun(cmd *cobra.Command) error {
	for _, name := range []string{"max-change-pct", "guard", "format"} {
		if cmd.Flags().Changed(name) {
			return usagef("--%s goes with --dry-run", name)
		}
	}
	return nil
}

// whatIf runs a dry-run re-rating and prints it; past the guard it returns
// errChangeTooLarge.
func whatIf(ctx context.Context, g *globals, f rerateFlags) error {
	var limit *decimal.Decimal
	if s := f.whatIf.maxChangePct; s != "" {
		d, err := decimal.NewFromString(s)
		if err != nil || d.IsNegative() {
			return usagef("--max-change-pct %q: want a percentage, 0 or more, such as 10 or 2.5", s)
		}
		limit = &d
	}
	if f.whatIf.guard != "account" && f.whatIf.guard != "total" {
		return usagef("--guard %q: want account or total", f.whatIf.guard)
	}
	if f.whatIf.format != "text" && f.whatIf.format != "json" {
		return usagef("--format %q: want text or json", f.whatIf.format)
	}
	cfg, err := rerateConfig(g, f)
	if err != nil {
		return err
	}
	w, err := job.DryRun(ctx, cfg)
	if err != nil {
		return hintRead(err)
	}
	over := overLimit(w, limit, f.whatIf.guard)
	if f.whatIf.format == "json" {
		err = writeWhatIfJSON(g.stdout, w, limit, f.whatIf.guard, over)
	} else {
		err = writeWhatIfText(g.stdout, w, cfg.BookSource, limit, f.whatIf.guard, over)
	}
	if err != nil {
		return err
	}
	if len(over) > 0 {
		return errChangeTooLarge
	}
	return nil
}

// overLimit names what moved by more than limit percent: the accounts, or
// "total"; nil without a limit.
func overLimit(w *job.WhatIf, limit *decimal.Decimal, guard string) []string {
	if limit == nil {
		return nil
	}
	if guard == "total" {
		total := job.WhatIfAccount{Change: w.Change, ChangePct: w.ChangePct}
		if total.Exceeds(*limit) {
			return []string{"total"}
		}
		return nil
	}
	var over []string
	for _, a := range w.Accounts {
		if a.Exceeds(*limit) {
			over = append(over, a.AccountID)
		}
	}
	return over
}

func pctText(p *job.Pct) string {
	if p == nil {
		return "n/a"
	}
	if p.IsPositive() {
		return "+" + p.StringFixed(2) + "%"
	}
	return p.StringFixed(2) + "%"
}

func absPctText(p *job.Pct) string {
	if p == nil {
		return "n/a"
	}
	return p.StringFixed(2) + "%"
}

func writeWhatIfText(out io.Writer, w *job.WhatIf, book string, limit *decimal.Decimal, guard string, over []string) error {
	s := w.Spread()
	change := signed(store.Decimal{Decimal: w.Change, Valid: true})
	fmt.Fprintf(out, "dry run with %s (sha256 %s): nothing was changed\n", book, w.BookHash[:12])
	fmt.Fprintf(out, "events: %d in the window, %d would change\n", w.Examined, w.Changed)
	fmt.Fprintf(out, "expected credits: %s → %s (%s, %s)\n", w.OldExpected.StringFixed(2), w.NewExpected.StringFixed(2),
		change, pctText(w.ChangePct))
	fmt.Fprintf(out, "accounts: %d in the window, %d would move", s.Accounts, s.Moved)
	if s.FromZero > 0 {
		fmt.Fprintf(out, " (%d from nothing expected)", s.FromZero)
	}
	fmt.Fprintln(out)
	if s.Max != nil {
		fmt.Fprintf(out, "change per account moved (absolute): p50 %s, p95 %s, max %s (%s)\n",
			absPctText(s.P50), absPctText(s.P95), absPctText(s.Max), printable(s.MaxAccount))
	}
	if movers := w.Movers(moversShown); len(movers) > 0 {
		fmt.Fprintf(out, "biggest movers:\n")
		tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "account\tevents\tchanged\told expected\tnew expected\tchange\t%\t")
		for _, a := range movers {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t%s\t%s\t\n", printable(a.AccountID), a.Events, a.Changed,
				a.OldExpected.StringFixed(2), a.NewExpected.StringFixed(2),
				signed(store.Decimal{Decimal: a.Change, Valid: true}), pctText(a.ChangePct))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if limit != nil {
		what := "no account"
		if guard == "total" {
			what = "the total"
		}
		switch {
		case len(over) == 0:
			fmt.Fprintf(out, "guard: %s moves more than %s%%: pass\n", what, limit.String())
		case guard == "total":
			fmt.Fprintf(out, "guard: the total moves %s, more than %s%%: exit 3\n", pctText(w.ChangePct), limit.String())
		default:
			fmt.Fprintf(out, "guard: %d accounts move more than %s%%: exit 3\n", len(over), limit.String())
		}
	}
	return nil
}

// whatIfDoc is the JSON a dry run prints: the figures (credits as
// strings with two decimals, as in summary.json; percentages with two,
// null when there was nothing before), the spread, and the guard's
// verdict.
type whatIfDoc struct {
	Kind          string `json:"kind"`
	PriceBookHash string `json:"pricebook_hash"`
	changeDoc
	Spread   spreadDoc      `json:"spread"`
	Guard    *guardDoc      `json:"guard"`
	Accounts []whatIfAccDoc `json:"accounts"`
}

type whatIfAccDoc struct {
	AccountID string `json:"account_id"`
	changeDoc
}

// changeDoc is what a dry run would change, for the window or one account.
type changeDoc struct {
	Events        int64          `json:"events"`
	EventsChanged int64          `json:"events_changed"`
	OldExpected   report.Credits `json:"old_expected_credits"`
	NewExpected   report.Credits `json:"new_expected_credits"`
	Change        report.Credits `json:"change_credits"`
	ChangePct     *string        `json:"change_pct"`
}

func newChangeDoc(events, changed int64, old, cur, change decimal.Decimal, pct *job.Pct) changeDoc {
	return changeDoc{Events: events, EventsChanged: changed, OldExpected: report.Credits{Decimal: old},
		NewExpected: report.Credits{Decimal: cur}, Change: report.Credits{Decimal: change}, ChangePct: pctJSON(pct)}
}

type spreadDoc struct {
	Accounts   int64   `json:"accounts"`
	Moved      int64   `json:"accounts_moved"`
	FromZero   int64   `json:"accounts_from_zero"`
	P50        *string `json:"p50_abs_change_pct"`
	P95        *string `json:"p95_abs_change_pct"`
	Max        *string `json:"max_abs_change_pct"`
	MaxAccount string  `json:"max_account"`
}

type guardDoc struct {
	MaxChangePct string   `json:"max_change_pct"`
	Of           string   `json:"of"` // account or total
	Over         []string `json:"over"`
	Pass         bool     `json:"pass"`
}

func pctJSON(p *job.Pct) *string {
	if p == nil {
		return nil
	}
	s := p.StringFixed(2)
	return &s
}

func writeWhatIfJSON(out io.Writer, w *job.WhatIf, limit *decimal.Decimal, guard string, over []string) error {
	s := w.Spread()
	doc := whatIfDoc{Kind: "rerate_dry_run", PriceBookHash: w.BookHash,
		changeDoc: newChangeDoc(w.Examined, w.Changed, w.OldExpected, w.NewExpected, w.Change, w.ChangePct),
		Spread: spreadDoc{Accounts: s.Accounts, Moved: s.Moved, FromZero: s.FromZero,
			P50: pctJSON(s.P50), P95: pctJSON(s.P95), Max: pctJSON(s.Max), MaxAccount: s.MaxAccount},
		Accounts: []whatIfAccDoc{}}
	for _, a := range w.Accounts {
		doc.Accounts = append(doc.Accounts, whatIfAccDoc{AccountID: a.AccountID,
			changeDoc: newChangeDoc(a.Events, a.Changed, a.OldExpected, a.NewExpected, a.Change, a.ChangePct)})
	}
	if limit != nil {
		doc.Guard = &guardDoc{MaxChangePct: limit.String(), Of: guard, Over: over, Pass: len(over) == 0}
		if doc.Guard.Over == nil {
			doc.Guard.Over = []string{}
		}
	}
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
