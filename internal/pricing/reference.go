package pricing

import "github.com/shopspring/decimal"

// DecimalBreakdown is a Breakdown with its credit amounts as decimals.
type DecimalBreakdown struct {
	Version         string
	BillableSeconds int64
	BillableMinutes int64
	Generative      decimal.Decimal
	Actor           decimal.Decimal
	Edit            decimal.Decimal
	Expected        decimal.Decimal
	VideoMinutes    int64
}

var (
	thousand = decimal.NewFromInt(1000)
	sixty    = decimal.NewFromInt(60)
)

// PriceDecimal returns the price of e under v, computed in arbitrary
// precision decimals straight from the wording of SPEC §3. It is the
// reference that tests hold Price to, and what explain shows; it rejects
// the same events as Price.
func (v *Version) PriceDecimal(e Event) (DecimalBreakdown, error) {
	rate, actorRate, err := v.rates(&e)
	if err != nil {
		return DecimalBreakdown{}, err
	}
	b := DecimalBreakdown{Version: v.Name}
	// All values are non-negative, so rounding half away from zero
	// (DivRound, Round) is rounding half up.
	switch e.Kind {
	case KindRender:
		s := decimal.NewFromInt(e.DurationMS).Div(thousand).Ceil()
		if ad := decimal.NewFromInt(v.AdMinSeconds); e.IsAd && s.LessThan(ad) {
			s = ad
		}
		m := decimal.Max(s.Div(sixty).Ceil(), decimal.NewFromInt(1))
		b.BillableSeconds, b.BillableMinutes = s.IntPart(), m.IntPart()
		if e.Media == MediaGenerative {
			b.Generative = s.Mul(rate.Decimal()).DivRound(sixty, 2)
		}
		b.Actor = m.Mul(actorRate.Decimal()).Round(2)
		if v.CountsVideoMinutes(e.Media) {
			b.VideoMinutes = b.BillableMinutes
		}
	case KindEditImage:
		b.Edit = decimal.NewFromInt(e.Images).Mul(rate.Decimal()).Round(2)
	case KindEditClip:
		s := decimal.NewFromInt(e.DurationMS).Div(thousand).Ceil()
		b.BillableSeconds = s.IntPart()
		b.Edit = s.Mul(rate.Decimal()).DivRound(sixty, 2)
	}
	b.Expected = b.Generative.Add(b.Actor).Add(b.Edit)
	return b, nil
}
