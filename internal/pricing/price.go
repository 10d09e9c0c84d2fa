package pricing

import (
	"errors"
	"math"
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
//
// Go returns the 72-byte Breakdown through a copy that costs about as much
// as the pricing; a caller that prices many events should use PriceInto.
func (v *Version) Price(e Event) (b Breakdown, err error) {
	err = v.priceInto(&b, &e)
	return b, err
}

// PriceInto sets *b to the price of e under v and returns the error of
// Price: after it, *b and the error are what Price(e) returns (the zero
// Breakdown on error). It writes every field of *b, so one Breakdown can
// be reused for many events, and it does not allocate. b must not be nil.
func (v *Version) PriceInto(b *Breakdown, e Event) error {
	return v.priceInto(b, &e)
}

// narrowRate bounds the rates priceInto prices in 64-bit arithmetic, about
// 17 180 credits per minute or image; events at larger rates (up to
// MaxRate), and invalid ones, go to priceWide.
//
// The bound: billable seconds are at most MaxDurationMS/1000 = 10⁹ < 2³⁰
// (an ad minimum that priceInto applies is at most MaxAdMinSeconds, the
// same), billable minutes and images fewer still. So with rates below 2³⁴
// every count × rate in priceInto is below 10⁹·2³⁴ < 1.72·10¹⁹, more than
// 10¹⁸ under 2⁶⁴ ≈ 1.84·10¹⁹, and adding half the divisor (at most
// 300 000) cannot overflow either. The rates of SPEC §3 are below 2³⁰.
const narrowRate = 1 << 34

// The divisors that turn a count times a rate into cents: seconds × a rate
// per minute in millionths ÷ 600 000, and units × a rate ÷ 10 000.
const (
	perSecondDiv = 60 * rateScale / 100
	perUnitDiv   = rateScale / 100
)

// roundDiv returns x ÷ d rounded half up, for an even d: ⌊(x + d/2) ÷ d⌋,
// as x ÷ d = q + r/d rounds up just when r ≥ d/2. With d a constant it
// compiles to a multiply and a shift. x + d/2 must not overflow.
func roundDiv(x, d uint64) uint64 { return (x + d/2) / d }

// priceInto is Price and PriceInto. It prices valid events at rates below
// narrowRate itself, with no call and 64-bit arithmetic; anything else goes
// to priceWide, which also finds the error of an invalid event. Between
// them they accept exactly the events that rates accepts, and compute the
// same prices; FuzzPrice holds both to PriceDecimal.
func (v *Version) priceInto(b *Breakdown, e *Event) error {
	if e.Media > MediaStock || e.Model > ModelUltra || e.Actor > ActorAIAvatar {
		return v.priceWide(b, e)
	}
	var s, m, gen, act, edit, vm uint64
	switch e.Kind {
	case KindRender:
		if uint64(e.DurationMS-1) >= MaxDurationMS || e.Media == MediaUnset {
			return v.priceWide(b, e)
		}
		s = (uint64(e.DurationMS) + 999) / 1000
		if e.IsAd && v.AdMinSeconds > int64(s) {
			// s ≤ MaxAdMinSeconds, so this is the only case in which
			// rates can refuse an ad minimum.
			if v.AdMinSeconds > MaxAdMinSeconds {
				return v.priceWide(b, e)
			}
			s = uint64(v.AdMinSeconds)
		}
		m = (s + 59) / 60 // at least 1, as s is
		var rate uint64   // 0 for stock, which prices Generative at 0
		if e.Media == MediaGenerative {
			if e.Model == ModelUnset {
				return v.priceWide(b, e)
			}
			rate = uint64(v.Generative[e.Model])
		}
		actor := uint64(v.ActorSurcharge[e.Actor])
		if rate|actor >= narrowRate { // also catches negative rates
			return v.priceWide(b, e)
		}
		gen = roundDiv(s*rate, perSecondDiv)
		act = roundDiv(m*actor, perUnitDiv)
		if v.CountsVideoMinutes(e.Media) {
			vm = m
		}
	case KindEditImage:
		rate := uint64(v.EditImage)
		if uint64(e.Images-1) >= MaxImages || rate >= narrowRate {
			return v.priceWide(b, e)
		}
		edit = roundDiv(uint64(e.Images)*rate, perUnitDiv)
	case KindEditClip:
		rate := uint64(v.EditClip.PerMinute)
		if v.EditClip.ModelRate {
			rate = uint64(v.Generative[e.Model])
		}
		if uint64(e.DurationMS-1) >= MaxDurationMS || e.Model == ModelUnset || rate >= narrowRate {
			return v.priceWide(b, e)
		}
		s = (uint64(e.DurationMS) + 999) / 1000 // no ad minimum for edits
		edit = roundDiv(s*rate, perSecondDiv)
	default:
		return v.priceWide(b, e)
	}
	b.Version = v.Name
	b.BillableSeconds, b.BillableMinutes = int64(s), int64(m)
	b.Generative, b.Actor, b.Edit = Cents(gen), Cents(act), Cents(edit)
	b.Expected = Cents(gen + act + edit)
	b.VideoMinutes = int64(vm)
	return nil
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
