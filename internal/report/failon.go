package report

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
)

// FailRule is a threshold on a report's figures (run --fail-on): the
// nightly audit fails on what matters rather than on any discrepancy.
//
//	discrepancies>N       more than N discrepancy rows
//	CATEGORY>N            more than N rows of a SPEC §6 category (uncharged>100)
//	leakage>P%            leakage above P % of the expected credits
//	leakage>X             leakage above X credits (also to_refund>X, to_rebill>X)
//	pattern               any systematic cause on the Patterns sheet
type FailRule struct {
	Text    string
	figure  string
	percent bool
	limit   decimal.Decimal
}

var failRule = regexp.MustCompile(`^([a-z_]+)>([0-9]+(\.[0-9]+)?)(%?)$`)

// Categories are the SPEC §6 categories, in order.
var Categories = []string{"overcharged", "undercharged", "uncharged", "minutes_mismatch", "duplicate_event",
	"orphan_charge", "duplicate_charge", "account_mismatch"}

// ParseFailRule reads a rule as --fail-on spells it.
func ParseFailRule(s string) (FailRule, error) {
	r := FailRule{Text: s}
	if s == "pattern" {
		r.figure = "pattern"
		return r, nil
	}
	m := failRule.FindStringSubmatch(strings.ReplaceAll(s, " ", ""))
	if m == nil {
		return r, fmt.Errorf("--fail-on %q: want FIGURE>LIMIT (discrepancies>0, uncharged>100, leakage>0.5%%, leakage>250, to_refund>1000) or pattern", s)
	}
	r.figure, r.percent, r.limit = m[1], m[4] == "%", decimal.RequireFromString(m[2])
	counts := r.figure == "discrepancies" || slices.Contains(Categories, r.figure)
	money := r.figure == "leakage" || r.figure == "to_refund" || r.figure == "to_rebill"
	switch {
	case !counts && !money:
		return r, fmt.Errorf("--fail-on %q: %s is no figure; want discrepancies, a category (%s), leakage, to_refund or to_rebill", s, r.figure, strings.Join(Categories, ", "))
	case counts && (r.percent || !r.limit.IsInteger()):
		return r, fmt.Errorf("--fail-on %q: %s is a count; want a whole number", s, r.figure)
	case r.percent && r.figure != "leakage":
		return r, fmt.Errorf("--fail-on %q: only leakage takes a percentage (of the expected credits)", s)
	}
	return r, nil
}

// Holds reports whether the rule holds on s, and says so in words.
func (r FailRule) Holds(s *Summary) (bool, string) {
	var v decimal.Decimal
	unit := ""
	switch r.figure {
	case "pattern":
		var causes []string
		for _, p := range s.Patterns {
			if p.Rule != "none" {
				causes = append(causes, p.Cause)
			}
		}
		return len(causes) > 0, fmt.Sprintf("%d systematic causes: %s", len(causes), strings.Join(causes, "; "))
	case "discrepancies":
		v = decimal.NewFromInt(s.Discrepancies)
	case "leakage":
		v, unit = s.Leakage, " credits"
		if r.percent {
			if s.ExpectedCredits.IsZero() {
				return false, "no expected credits"
			}
			v, unit = s.Leakage.Mul(decimal.NewFromInt(100)).Div(s.ExpectedCredits), "% of expected credits"
		}
	case "to_refund":
		v, unit = s.ToRefund, " credits"
	case "to_rebill":
		v, unit = s.ToRebill, " credits"
	default:
		for _, c := range s.Categories {
			if c.Category == r.figure {
				v = decimal.NewFromInt(c.Count)
			}
		}
	}
	shown, limit := v.String(), r.limit.String()
	if unit != "" {
		shown = v.StringFixed(2)
	}
	if r.percent {
		limit += "%"
	}
	return v.GreaterThan(r.limit), r.figure + " is " + shown + unit + ", the limit " + limit
}
