package report

import (
	"strings"
	"testing"
)

func TestFailRules(t *testing.T) {
	s := sampleSummary() // expected 151.67, leakage 6.17 (4.07%), 7 discrepancies, 1 uncharged, 2 patterns
	for _, c := range []struct {
		rule  string
		holds bool
		says  string
	}{
		{"discrepancies>0", true, "discrepancies is 7, the limit 0"},
		{"discrepancies>7", false, "discrepancies is 7, the limit 7"},
		{"uncharged>0", true, "uncharged is 1, the limit 0"},
		{"duplicate_charge>0", false, "duplicate_charge is 0, the limit 0"},
		{"leakage>4%", true, "leakage is 4.07% of expected credits, the limit 4%"},
		{"leakage>4.1%", false, "leakage is 4.07% of expected credits, the limit 4.1%"},
		{"leakage>6.16", true, "leakage is 6.17 credits, the limit 6.16"},
		{"to_refund>25.51", false, "to_refund is 25.51 credits, the limit 25.51"},
		{"pattern", true, "2 systematic causes: edit_clip ultra charged at the pro rate; =cmd|' /C calc'!A0"},
	} {
		r, err := ParseFailRule(c.rule)
		if err != nil {
			t.Fatalf("%s: %v", c.rule, err)
		}
		holds, says := r.Holds(&s)
		if holds != c.holds || says != c.says {
			t.Errorf("%s: %v, %q; want %v, %q", c.rule, holds, says, c.holds, c.says)
		}
	}
	for _, bad := range []struct{ rule, err string }{
		{"leakage", "want FIGURE>LIMIT"},
		{"uncharged>1.5", "is a count; want a whole number"},
		{"uncharged>10%", "is a count"},
		{"to_refund>1%", "only leakage takes a percentage"},
		{"refunds>1", "refunds is no figure"},
		{"leakage>-1", "want FIGURE>LIMIT"},
	} {
		if _, err := ParseFailRule(bad.rule); err == nil || !strings.Contains(err.Error(), bad.err) {
			t.Errorf("%s: error %v, want %q", bad.rule, err, bad.err)
		}
	}
}
