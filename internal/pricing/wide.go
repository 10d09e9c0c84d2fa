package pricing

import "math/bits"

// priceWide is priceInto for the events that it leaves: it prices rates up
// to MaxRate with 128-bit intermediates, and returns the error of an
// invalid event or version, leaving *b zero.
func (v *Version) priceWide(b *Breakdown, e *Event) error {
	rate, actorRate, err := v.rates(e)
	if err != nil {
		*b = Breakdown{}
		return err
	}
	*b = Breakdown{Version: v.Name} // then the fields that apply
	switch e.Kind {
	case KindRender:
		s := ceilDiv(e.DurationMS, 1000)
		if e.IsAd && s < v.AdMinSeconds {
			s = v.AdMinSeconds
		}
		m := ceilDiv(s, 60) // at least 1, as s is
		b.BillableSeconds, b.BillableMinutes = s, m
		if e.Media == MediaGenerative {
			b.Generative = perSecond(s, rate)
		}
		b.Actor = perUnit(m, actorRate)
		if v.CountsVideoMinutes(e.Media) {
			b.VideoMinutes = m
		}
	case KindEditImage:
		b.Edit = perUnit(e.Images, rate)
	case KindEditClip:
		s := ceilDiv(e.DurationMS, 1000) // no ad minimum for edits
		b.BillableSeconds = s
		b.Edit = perSecond(s, rate)
	}
	b.Expected = b.Generative + b.Actor + b.Edit
	return nil
}

// rates checks e against SPEC §2 and v, and returns the rate the event is
// priced at (per minute for renders and clips, per image for image edits)
// and its actor surcharge per minute. Both are within 0..MaxRate, which
// keeps the arithmetic of Price and PriceDecimal within bounds.
func (v *Version) rates(e *Event) (rate, actor Rate, err error) {
	switch {
	case !e.Kind.valid():
		return 0, 0, errUnknownKind
	case !e.Media.valid():
		return 0, 0, errUnknownMedia
	case !e.Model.valid():
		return 0, 0, errUnknownModel
	case !e.Actor.valid():
		return 0, 0, errUnknownActor
	}
	if e.Kind == KindEditImage {
		switch {
		case e.Images < 1:
			return 0, 0, errImages
		case e.Images > MaxImages:
			return 0, 0, errImagesRange
		}
		return checked(v.EditImage, 0)
	}
	switch {
	case e.DurationMS <= 0:
		return 0, 0, errDuration
	case e.DurationMS > MaxDurationMS:
		return 0, 0, errDurationRange
	}
	if e.Kind == KindEditClip {
		switch {
		case e.Model == ModelUnset:
			return 0, 0, errNoClipModel
		case v.EditClip.ModelRate:
			return checked(v.Generative[e.Model], 0)
		}
		return checked(v.EditClip.PerMinute, 0)
	}
	switch e.Media {
	case MediaUnset:
		return 0, 0, errNoMedia
	case MediaGenerative:
		if e.Model == ModelUnset {
			return 0, 0, errNoRenderModel
		}
		rate = v.Generative[e.Model]
	}
	if e.IsAd && v.AdMinSeconds > MaxAdMinSeconds {
		return 0, 0, errVersionInvalid
	}
	return checked(rate, v.ActorSurcharge[e.Actor])
}

// checked returns rate and actor, or an error if either is out of range.
func checked(rate, actor Rate) (Rate, Rate, error) {
	if uint64(rate) > uint64(MaxRate) || uint64(actor) > uint64(MaxRate) {
		return 0, 0, errVersionInvalid
	}
	return rate, actor, nil
}

// ceilDiv returns ⌈n ÷ d⌉ for n > 0.
func ceilDiv(n, d int64) int64 { return (n + d - 1) / d }

// perSecond returns seconds × rate-per-minute ÷ 60 in cents, rounded half
// up: rate is in millionths, so cents = seconds × rate ÷ 600 000.
func perSecond(seconds int64, rate Rate) Cents {
	return mulDivRound(uint64(seconds), uint64(rate), perSecondDiv)
}

// perUnit returns units × rate in cents, rounded half up.
func perUnit(units int64, rate Rate) Cents {
	return mulDivRound(uint64(units), uint64(rate), perUnitDiv)
}

// mulDivRound returns a × r ÷ d rounded half up, with a 128-bit product.
// Its callers keep a ≤ MaxDurationMS/1000 (or MaxImages) and r ≤ MaxRate,
// so the product is below 2^80, the high word is below d and the quotient
// below 2^61: Div64 cannot panic and the result fits.
func mulDivRound(a, r uint64, d uint64) Cents {
	hi, lo := bits.Mul64(a, r)
	var q, rem uint64
	if hi == 0 {
		q, rem = lo/d, lo%d // d is a constant here: no divide instruction
	} else {
		q, rem = bits.Div64(hi, lo, d)
	}
	if 2*rem >= d {
		q++
	}
	return Cents(q)
}
