package pricing

import (
	"fmt"
	"strconv"

	"github.com/shopspring/decimal"
)

// Step is one line of the working of a price: what was computed, the
// arithmetic with its numbers, and the result.
type Step struct {
	Name       string // e.g. "billable minutes"
	Arithmetic string // e.g. "ceil(66 s ÷ 60) = 2 min"
	Result     string // e.g. "2 min"
}

// Explain returns the working of the price of e under v, one Step per rule
// of SPEC §3 that applies, ending with the expected credits. Where rounding
// changes a value, the step shows the exact value and the rounded one
// ("1.666… → 1.67"). The results are those of Price; Explain rejects the
// same events.
func (v *Version) Explain(e Event) ([]Step, error) {
	p, err := v.Price(e)
	if err != nil {
		return nil, err
	}
	rate, actorRate, err := v.rates(&e)
	if err != nil {
		return nil, err
	}
	var steps []Step
	add := func(name, result, format string, args ...any) {
		steps = append(steps, Step{Name: name, Arithmetic: fmt.Sprintf(format, args...), Result: result})
	}
	if e.Kind != KindEditImage {
		s := ceilDiv(e.DurationMS, 1000)
		op := "ceil(%s ms ÷ 1000) = %s s"
		if e.DurationMS%1000 == 0 {
			op = "%s ms ÷ 1000 = %s s"
		}
		add("billable seconds", group(s)+" s", op, group(e.DurationMS), group(s))
		if e.Kind == KindRender && e.IsAd {
			add("ad minimum", group(p.BillableSeconds)+" s", "max(%s s, %s s) = %s s",
				group(s), group(v.AdMinSeconds), group(p.BillableSeconds))
		}
	}
	s, m := p.BillableSeconds, p.BillableMinutes
	switch e.Kind {
	case KindRender:
		op := "ceil(%s s ÷ 60) = %s min"
		if s%60 == 0 {
			op = "%s s ÷ 60 = %s min"
		}
		add("billable minutes", group(m)+" min", op, group(s), group(m))
		if e.Media == MediaGenerative {
			add("generative ("+e.Model.String()+")", p.Generative.String(),
				"%s s × %s credits/min ÷ 60 = %s", group(s), rate, perSecondWorking(s, rate, p.Generative))
		}
		if e.Actor != ActorNone {
			exact := decimal.NewFromInt(m).Mul(actorRate.Decimal())
			add("actor surcharge ("+e.Actor.String()+")", p.Actor.String(),
				"%s min × %s credits/min = %s", group(m), actorRate, rounding(exact, p.Actor))
		}
		if v.CountsVideoMinutes(e.Media) {
			add("video minutes", group(m)+" min", "billable minutes of %s media = %s min", e.Media, group(m))
		} else {
			add("video minutes", "0 min", "none for %s media", e.Media)
		}
	case KindEditImage:
		unit := "images"
		if e.Images == 1 {
			unit = "image"
		}
		exact := decimal.NewFromInt(e.Images).Mul(rate.Decimal())
		add("edit (image)", p.Edit.String(), "%s %s × %s credits/image = %s",
			group(e.Images), unit, rate, rounding(exact, p.Edit))
	case KindEditClip:
		add("edit (clip, "+e.Model.String()+")", p.Edit.String(),
			"%s s × %s credits/min ÷ 60 = %s", group(s), rate, perSecondWorking(s, rate, p.Edit))
	}
	add("expected credits", p.Expected.String(), "%s + %s + %s = %s",
		p.Generative, p.Actor, p.Edit, p.Expected)
	return steps, nil
}

// perSecondWorking shows seconds × rate ÷ 60 and its rounding to got.
func perSecondWorking(seconds int64, rate Rate, got Cents) string {
	num := decimal.NewFromInt(seconds).Mul(rate.Decimal())
	// A rate has 6 decimals and 60 = 2²·3·5, so a quotient that ends at
	// all ends within 9 decimals.
	q := num.DivRound(sixty, 9)
	if !q.Mul(sixty).Equal(num) {
		return num.Div(sixty).Truncate(3).StringFixed(3) + "… → " + got.String()
	}
	return rounding(q, got)
}

// rounding shows exact, and its rounding to got if that changes it.
func rounding(exact decimal.Decimal, got Cents) string {
	if exact.Equal(got.Decimal()) {
		return got.String()
	}
	return exact.String() + " → " + got.String()
}

// group formats n with its digits in groups of three: "65 400".
func group(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	out := make([]byte, 0, len(s)+len(s)/3+1)
	if neg {
		out = append(out, '-')
	}
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ' ')
		}
		out = append(out, s[i])
	}
	return string(out)
}
