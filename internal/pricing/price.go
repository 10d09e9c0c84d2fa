package pricing

import (
	"errors"
	"math"
	"math/bits"
)

// The largest event values the package prices. With rates of at most
// MaxRate every price fits an int64 count of cents with room to spare;
// the ingester rejects larger values as out of range.
const (
	MaxDurationMS = 1_000_000_000_000 // about 31 years
	MaxImages     = 1_000_000
)

// ErrInvalidEvent is wrapped by the errors of Price, PriceDecimal and
// Explain for an event that breaks the rules of SPEC §2: an unknown kind,
// media, model or actor; a render without media; a generative render or
// clip edit without a model; a duration or image count out of range.
var ErrInvalidEvent = errors.New("invalid event")

// eventError is an invalid-event error. The errors are constants, so
// rejecting an event allocates nothing either.
type eventError string

func (e eventError) Error() string        { return "pricing: invalid event: " + string(e) }
func (e eventError) Is(target error) bool { return target == ErrInvalidEvent }

const (
	errUnknownKind    eventError   = "unknown kind"
	errUnknownMedia   eventError   = "unknown media"
	errUnknownModel   eventError   = "unknown model"
	errUnknownActor   eventError   = "unknown actor"
	errNoMedia        eventError   = "a render needs media (generative or stock)"
	errNoRenderModel  eventError   = "a generative render needs a model"
	errNoClipModel    eventError   = "a clip edit needs a model"
	errDuration       eventError   = "duration_ms must be greater than 0"
	errDurationRange  eventError   = "duration_ms is above the maximum 1000000000000"
	errImages         eventError   = "images must be at least 1"
	errImagesRange    eventError   = "images is above the maximum 1000000"
	errVersionInvalid versionError = "the price book version has a rate or ad minimum out of range; was it validated?"
)

// versionError reports a Version that Validate would have refused.
type versionError string

func (e versionError) Error() string { return "pricing: " + string(e) }

// Breakdown is the price of one event under one price-book version: the
// quantities it was computed from and each component, in cents.
type Breakdown struct {
	Version         string // the price-book version's name
	BillableSeconds int64  // renders and clip edits; 0 for image edits
	BillableMinutes int64  // renders; 0 for edits
	Generative      Cents  // generative renders
	Actor           Cents  // renders with an actor surcharge
	Edit            Cents  // edits
	Expected        Cents  // Generative + Actor + Edit
	VideoMinutes    int64  // renders whose media consumes video minutes
}

// Price returns the price of e under v by the rules of SPEC §3. It uses
// integer arithmetic only and does not allocate.
//
// Price depends on DurationMS only through its whole seconds: Price with
// DurationMS d equals Price with DurationMS CeilToSecond(d).
func (v *Version) Price(e Event) (b Breakdown, err error) {
	// A small wrapper that the compiler inlines, so that price fills in
	// the caller's Breakdown rather than copying a 72-byte result back;
	// that copy would cost more than the pricing.
	err = v.price(&b, &e)
	return b, err
}

func (v *Version) price(b *Breakdown, e *Event) error {
	rate, actorRate, err := v.rates(e)
	if err != nil {
		return err
	}
	b.Version = v.Name
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

// CeilToSecond returns ms rounded up to a whole multiple of 1000, the
// duration that Price treats ms as. Callers that price many events can
// price each distinct CeilToSecond(DurationMS) once. Values within 1000 of
// math.MaxInt64, which Price rejects anyway, are returned unchanged.
func CeilToSecond(ms int64) int64 {
	if ms > math.MaxInt64-1000 {
		return ms
	}
	r := ms % 1000
	if r > 0 {
		return ms - r + 1000
	}
	return ms - r // r ≤ 0: ms is negative or already whole
}

// ceilDiv returns ⌈n ÷ d⌉ for n > 0.
func ceilDiv(n, d int64) int64 { return (n + d - 1) / d }

// perSecond returns seconds × rate-per-minute ÷ 60 in cents, rounded half
// up: rate is in millionths, so cents = seconds × rate ÷ 600 000.
func perSecond(seconds int64, rate Rate) Cents {
	return mulDivRound(uint64(seconds), uint64(rate), 60*rateScale/100)
}

// perUnit returns units × rate in cents, rounded half up.
func perUnit(units int64, rate Rate) Cents {
	return mulDivRound(uint64(units), uint64(rate), rateScale/100)
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
