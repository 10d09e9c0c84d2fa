package pricing

import (
	"errors"
	"math"
	"testing"

	"github.com/shopspring/decimal"
)

// v1 returns the version of the default book.
func v1(t testing.TB) *Version {
	t.Helper()
	b := Default()
	if len(b.Versions) != 1 {
		t.Fatalf("default book has %d versions, want 1", len(b.Versions))
	}
	return &b.Versions[0]
}

// variant returns a copy of the v1 version changed by edit.
func variant(t testing.TB, edit func(v *Version)) *Version {
	v := *v1(t)
	v.VideoMinutesMedia = append([]Media(nil), v.VideoMinutesMedia...)
	v.Name = "variant"
	edit(&v)
	return &v
}

func render(media Media, model Model, actor Actor, ms int64) Event {
	return Event{Kind: KindRender, Media: media, Model: model, Actor: actor, DurationMS: ms}
}

func ad(e Event) Event { e.IsAd = true; return e }

func clip(model Model, ms int64) Event {
	return Event{Kind: KindEditClip, Model: model, DurationMS: ms}
}

func images(model Model, n int64) Event {
	return Event{Kind: KindEditImage, Model: model, Images: n}
}

const (
	secs = 1000
	mins = 60 * secs
)

// priceCases are the worked examples of SPEC §3, one case per cell of the
// table, then the other rules of SPEC §3 and their edges. want.Version is
// filled in by the test.
var priceCases = []struct {
	name    string
	version func(testing.TB) *Version // nil: v1
	e       Event
	want    Breakdown
}{
	// SPEC §3 worked examples.
	{name: "generative pro 30 s", e: render(MediaGenerative, ModelPro, ActorNone, 30*secs),
		want: Breakdown{BillableSeconds: 30, BillableMinutes: 1, Generative: 1000, Expected: 1000}},
	{name: "generative pro 1 min", e: render(MediaGenerative, ModelPro, ActorNone, 1*mins),
		want: Breakdown{BillableSeconds: 60, BillableMinutes: 1, Generative: 2000, Expected: 2000}},
	{name: "generative pro 3 min 30 s", e: render(MediaGenerative, ModelPro, ActorNone, 3*mins+30*secs),
		want: Breakdown{BillableSeconds: 210, BillableMinutes: 4, Generative: 7000, Expected: 7000}},
	{name: "generative ultra 30 s", e: render(MediaGenerative, ModelUltra, ActorNone, 30*secs),
		want: Breakdown{BillableSeconds: 30, BillableMinutes: 1, Generative: 2000, Expected: 2000}},
	{name: "generative ultra 1 min", e: render(MediaGenerative, ModelUltra, ActorNone, 1*mins),
		want: Breakdown{BillableSeconds: 60, BillableMinutes: 1, Generative: 4000, Expected: 4000}},
	{name: "generative ultra 3 min 30 s", e: render(MediaGenerative, ModelUltra, ActorNone, 3*mins+30*secs),
		want: Breakdown{BillableSeconds: 210, BillableMinutes: 4, Generative: 14000, Expected: 14000}},
	{name: "generative pro human 1 min", e: render(MediaGenerative, ModelPro, ActorHuman, 1*mins),
		want: Breakdown{BillableSeconds: 60, BillableMinutes: 1, Generative: 2000, Actor: 500, Expected: 2500}},
	{name: "generative pro human 2 min", e: render(MediaGenerative, ModelPro, ActorHuman, 2*mins),
		want: Breakdown{BillableSeconds: 120, BillableMinutes: 2, Generative: 4000, Actor: 1000, Expected: 5000}},
	{name: "generative pro human 5 min", e: render(MediaGenerative, ModelPro, ActorHuman, 5*mins),
		want: Breakdown{BillableSeconds: 300, BillableMinutes: 5, Generative: 10000, Actor: 2500, Expected: 12500}},
	{name: "stock human 1 min", e: render(MediaStock, ModelUnset, ActorHuman, 1*mins),
		want: Breakdown{BillableSeconds: 60, BillableMinutes: 1, Actor: 500, Expected: 500, VideoMinutes: 1}},
	{name: "stock human 3 min", e: render(MediaStock, ModelUnset, ActorHuman, 3*mins),
		want: Breakdown{BillableSeconds: 180, BillableMinutes: 3, Actor: 1500, Expected: 1500, VideoMinutes: 3}},
	{name: "stock human 4 min", e: render(MediaStock, ModelUnset, ActorHuman, 4*mins),
		want: Breakdown{BillableSeconds: 240, BillableMinutes: 4, Actor: 2000, Expected: 2000, VideoMinutes: 4}},
	{name: "stock 0:01", e: render(MediaStock, ModelUnset, ActorNone, 1*secs),
		want: Breakdown{BillableSeconds: 1, BillableMinutes: 1, VideoMinutes: 1}},
	{name: "stock 1:01", e: render(MediaStock, ModelUnset, ActorNone, 1*mins+1*secs),
		want: Breakdown{BillableSeconds: 61, BillableMinutes: 2, VideoMinutes: 2}},
	{name: "stock 2:01", e: render(MediaStock, ModelUnset, ActorNone, 2*mins+1*secs),
		want: Breakdown{BillableSeconds: 121, BillableMinutes: 3, VideoMinutes: 3}},
	{name: "stock 3:01", e: render(MediaStock, ModelUnset, ActorNone, 3*mins+1*secs),
		want: Breakdown{BillableSeconds: 181, BillableMinutes: 4, VideoMinutes: 4}},
	{name: "stock 4:01", e: render(MediaStock, ModelUnset, ActorNone, 4*mins+1*secs),
		want: Breakdown{BillableSeconds: 241, BillableMinutes: 5, VideoMinutes: 5}},
	{name: "edit_image pro 1 image", e: images(ModelPro, 1),
		want: Breakdown{Edit: 20, Expected: 20}},
	{name: "edit_clip pro 5 s", e: clip(ModelPro, 5*secs),
		want: Breakdown{BillableSeconds: 5, Edit: 167, Expected: 167}},
	{name: "edit_clip pro 3 s", e: clip(ModelPro, 3*secs),
		want: Breakdown{BillableSeconds: 3, Edit: 100, Expected: 100}},

	// The ad minimum (SPEC §3.2).
	{name: "ad generative pro 10 s is priced as 30 s", e: ad(render(MediaGenerative, ModelPro, ActorNone, 10*secs)),
		want: Breakdown{BillableSeconds: 30, BillableMinutes: 1, Generative: 1000, Expected: 1000}},
	{name: "ad longer than the minimum is unchanged", e: ad(render(MediaGenerative, ModelPro, ActorNone, 65*secs)),
		want: Breakdown{BillableSeconds: 65, BillableMinutes: 2, Generative: 2167, Expected: 2167}},
	{name: "ad minimum applies to minutes, actor and video minutes",
		version: func(t testing.TB) *Version { return variant(t, func(v *Version) { v.AdMinSeconds = 90 }) },
		e:       ad(render(MediaStock, ModelUnset, ActorHuman, 10*secs)),
		want:    Breakdown{BillableSeconds: 90, BillableMinutes: 2, Actor: 1000, Expected: 1000, VideoMinutes: 2}},
	{name: "no ad minimum for clip edits", e: ad(clip(ModelPro, 5*secs)),
		want: Breakdown{BillableSeconds: 5, Edit: 167, Expected: 167}},

	// Actors (SPEC §3.5).
	{name: "ai_avatar has no surcharge", e: render(MediaGenerative, ModelPro, ActorAIAvatar, 1*mins),
		want: Breakdown{BillableSeconds: 60, BillableMinutes: 1, Generative: 2000, Expected: 2000}},
	{name: "virtual_pro surcharge per started minute", e: render(MediaStock, ModelUnset, ActorVirtualPro, 1*mins+1*secs),
		want: Breakdown{BillableSeconds: 61, BillableMinutes: 2, Actor: 1000, Expected: 1000, VideoMinutes: 2}},
	{name: "virtual_pro on generative ultra", e: render(MediaGenerative, ModelUltra, ActorVirtualPro, 90*secs),
		want: Breakdown{BillableSeconds: 90, BillableMinutes: 2, Generative: 6000, Actor: 1000, Expected: 7000}},
	{name: "no actor surcharge on edits", e: Event{Kind: KindEditClip, Model: ModelPro, Actor: ActorHuman, DurationMS: 3 * secs},
		want: Breakdown{BillableSeconds: 3, Edit: 100, Expected: 100}},
	{name: "model of a stock render is ignored", e: render(MediaStock, ModelUltra, ActorNone, 30*secs),
		want: Breakdown{BillableSeconds: 30, BillableMinutes: 1, VideoMinutes: 1}},

	// Edits (SPEC §3.7).
	{name: "edit_image 3 images", e: images(ModelPro, 3),
		want: Breakdown{Edit: 60, Expected: 60}},
	{name: "edit_image without a model", e: images(ModelUnset, 2),
		want: Breakdown{Edit: 40, Expected: 40}},
	{name: "edit_clip ultra 5 s", e: clip(ModelUltra, 5*secs),
		want: Breakdown{BillableSeconds: 5, Edit: 333, Expected: 333}},
	{name: "edit_clip ultra 3 s", e: clip(ModelUltra, 3*secs),
		want: Breakdown{BillableSeconds: 3, Edit: 200, Expected: 200}},
	{name: "edit_clip at a fixed rate",
		version: func(t testing.TB) *Version {
			return variant(t, func(v *Version) { v.EditClip = ClipRule{PerMinute: 30 * rateScale} })
		},
		e:    clip(ModelUltra, 5*secs),
		want: Breakdown{BillableSeconds: 5, Edit: 250, Expected: 250}},

	// Rounding of durations (SPEC §3.1, §3.3).
	{name: "1001 ms is 2 s", e: render(MediaGenerative, ModelPro, ActorNone, 1001),
		want: Breakdown{BillableSeconds: 2, BillableMinutes: 1, Generative: 67, Expected: 67}},
	{name: "1 ms is 1 s", e: render(MediaStock, ModelUnset, ActorNone, 1),
		want: Breakdown{BillableSeconds: 1, BillableMinutes: 1, VideoMinutes: 1}},
	{name: "59 001 ms is 1 min", e: render(MediaStock, ModelUnset, ActorHuman, 59_001),
		want: Breakdown{BillableSeconds: 60, BillableMinutes: 1, Actor: 500, Expected: 500, VideoMinutes: 1}},
	{name: "60 001 ms is 2 min", e: render(MediaStock, ModelUnset, ActorHuman, 60_001),
		want: Breakdown{BillableSeconds: 61, BillableMinutes: 2, Actor: 1000, Expected: 1000, VideoMinutes: 2}},
	{name: "clip 4 001 ms is 5 s", e: clip(ModelPro, 4_001),
		want: Breakdown{BillableSeconds: 5, Edit: 167, Expected: 167}},

	// Rounding of credits, half up (SPEC §3.4).
	{name: "a third rounds down", e: render(MediaGenerative, ModelPro, ActorNone, 1*secs),
		want: Breakdown{BillableSeconds: 1, BillableMinutes: 1, Generative: 33, Expected: 33}},
	{name: "two thirds round up", e: clip(ModelPro, 2*secs),
		want: Breakdown{BillableSeconds: 2, Edit: 67, Expected: 67}},
	{name: "half a cent rounds up",
		version: rates(300_000, 5_000, 125_000), // 0.3/min: 1 s is 0.005
		e:       render(MediaGenerative, ModelPro, ActorHuman, 1*secs),
		want:    Breakdown{BillableSeconds: 1, BillableMinutes: 1, Generative: 1, Actor: 1, Expected: 2}},
	{name: "just under half a cent rounds down",
		version: rates(299_999, 4_999, 124_999),
		e:       render(MediaGenerative, ModelPro, ActorHuman, 1*secs),
		want:    Breakdown{BillableSeconds: 1, BillableMinutes: 1}},
	{name: "half a cent per image rounds up", version: rates(0, 0, 125_000), e: images(ModelPro, 3),
		want: Breakdown{Edit: 38, Expected: 38}},
	{name: "just under half a cent per image rounds down", version: rates(0, 0, 124_999), e: images(ModelPro, 1),
		want: Breakdown{Edit: 12, Expected: 12}},
	{name: "components are rounded before they are added",
		version: rates(300_000, 5_000, 0), // 0.005 + 0.005 is 0.01 + 0.01, not 0.01
		e:       render(MediaGenerative, ModelPro, ActorHuman, 1*secs),
		want:    Breakdown{BillableSeconds: 1, BillableMinutes: 1, Generative: 1, Actor: 1, Expected: 2}},

	// The largest values.
	{name: "maximum duration", e: render(MediaGenerative, ModelUltra, ActorHuman, MaxDurationMS),
		want: Breakdown{BillableSeconds: 1e9, BillableMinutes: 16_666_667, Generative: 66_666_666_667,
			Actor: 8_333_333_500, Expected: 75_000_000_167}},
	{name: "maximum images", e: images(ModelPro, MaxImages),
		want: Breakdown{Edit: 20_000_000, Expected: 20_000_000}},
	{name: "maximum duration at the maximum rates", version: rates(MaxRate, MaxRate, MaxRate),
		e: render(MediaGenerative, ModelPro, ActorHuman, MaxDurationMS),
		want: Breakdown{BillableSeconds: 1e9, BillableMinutes: 16_666_667,
			Generative: 1_666_666_666_666_666_667, Actor: 1_666_666_700_000_000_000,
			Expected: 3_333_333_366_666_666_667}},
	{name: "maximum images at the maximum rate", version: rates(MaxRate, MaxRate, MaxRate), e: images(ModelPro, MaxImages),
		want: Breakdown{Edit: 100_000_000_000_000_000, Expected: 100_000_000_000_000_000}},
}

// rates returns a version variant whose models, actors and image edits
// cost the given rates.
func rates(model, actor, image Rate) func(testing.TB) *Version {
	return func(t testing.TB) *Version {
		return variant(t, func(v *Version) {
			v.Generative = ModelRates{ModelPro: model, ModelUltra: model}
			v.ActorSurcharge = ActorRates{ActorHuman: actor, ActorVirtualPro: actor, ActorAIAvatar: actor}
			v.EditImage = image
		})
	}
}

func TestPrice(t *testing.T) {
	for _, tc := range priceCases {
		t.Run(tc.name, func(t *testing.T) {
			v := v1(t)
			if tc.version != nil {
				v = tc.version(t)
				if err := (&Book{Versions: []Version{*v}}).Validate(); err != nil {
					t.Fatalf("test version: %v", err)
				}
			}
			want := tc.want
			want.Version = v.Name

			got, err := v.Price(tc.e)
			if err != nil {
				t.Fatalf("Price: %v", err)
			}
			if got != want {
				t.Errorf("Price:\n got %+v\nwant %+v", got, want)
			}

			dec, err := v.PriceDecimal(tc.e)
			if err != nil {
				t.Fatalf("PriceDecimal: %v", err)
			}
			if got := fromDecimal(t, dec); got != want {
				t.Errorf("PriceDecimal:\n got %+v\nwant %+v", got, want)
			}
		})
	}
}

// fromDecimal converts a DecimalBreakdown to a Breakdown, failing if an
// amount is not a whole number of cents.
func fromDecimal(t testing.TB, d DecimalBreakdown) Breakdown {
	t.Helper()
	cents := func(what string, x decimal.Decimal) Cents {
		c := x.Shift(2)
		if !c.IsInteger() || !c.BigInt().IsInt64() {
			t.Fatalf("PriceDecimal %s = %s, not a whole number of cents", what, x)
		}
		return Cents(c.IntPart())
	}
	return Breakdown{
		Version:         d.Version,
		BillableSeconds: d.BillableSeconds,
		BillableMinutes: d.BillableMinutes,
		Generative:      cents("Generative", d.Generative),
		Actor:           cents("Actor", d.Actor),
		Edit:            cents("Edit", d.Edit),
		Expected:        cents("Expected", d.Expected),
		VideoMinutes:    d.VideoMinutes,
	}
}

func TestPriceInvalidEvent(t *testing.T) {
	tests := []struct {
		name string
		e    Event
	}{
		{name: "zero event", e: Event{}},
		{name: "unknown kind", e: Event{Kind: 9, DurationMS: 1000, Images: 1}},
		{name: "render without media", e: render(MediaUnset, ModelPro, ActorNone, 1000)},
		{name: "unknown media", e: render(7, ModelPro, ActorNone, 1000)},
		{name: "generative render without model", e: render(MediaGenerative, ModelUnset, ActorNone, 1000)},
		{name: "unknown model", e: render(MediaGenerative, 5, ActorNone, 1000)},
		{name: "unknown model on a stock render", e: render(MediaStock, 5, ActorNone, 1000)},
		{name: "unknown actor", e: render(MediaStock, ModelUnset, 9, 1000)},
		{name: "render duration 0", e: render(MediaStock, ModelUnset, ActorNone, 0)},
		{name: "render duration negative", e: render(MediaStock, ModelUnset, ActorNone, -1000)},
		{name: "render duration min int64", e: render(MediaStock, ModelUnset, ActorNone, math.MinInt64)},
		{name: "render duration above maximum", e: render(MediaGenerative, ModelPro, ActorNone, MaxDurationMS+1)},
		{name: "render duration max int64", e: render(MediaGenerative, ModelPro, ActorHuman, math.MaxInt64)},
		{name: "ad duration 0", e: ad(render(MediaGenerative, ModelPro, ActorNone, 0))},
		{name: "clip without model", e: clip(ModelUnset, 5000)},
		{name: "clip duration 0", e: clip(ModelPro, 0)},
		{name: "clip duration above maximum", e: clip(ModelPro, MaxDurationMS+1)},
		{name: "images 0", e: images(ModelPro, 0)},
		{name: "images negative", e: images(ModelPro, -3)},
		{name: "images above maximum", e: images(ModelPro, MaxImages+1)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := v1(t)
			if b, err := v.Price(tc.e); !errors.Is(err, ErrInvalidEvent) {
				t.Errorf("Price = %+v, %v; want ErrInvalidEvent", b, err)
			}
			if b, err := v.PriceDecimal(tc.e); !errors.Is(err, ErrInvalidEvent) {
				t.Errorf("PriceDecimal = %+v, %v; want ErrInvalidEvent", b, err)
			}
			if s, err := v.Explain(tc.e); !errors.Is(err, ErrInvalidEvent) {
				t.Errorf("Explain = %v, %v; want ErrInvalidEvent", s, err)
			}
		})
	}
}

// TestPriceInvalidVersion checks that a Version that Validate would refuse
// gives an error, not a panic or a wrapped-around price, and that the
// error does not blame the event.
func TestPriceInvalidVersion(t *testing.T) {
	tests := []struct {
		name string
		v    *Version
		e    Event
	}{
		{"negative model rate", variant(t, func(v *Version) { v.Generative[ModelPro] = -1 }),
			render(MediaGenerative, ModelPro, ActorNone, 1000)},
		{"model rate above maximum", variant(t, func(v *Version) { v.Generative[ModelPro] = math.MaxInt64 }),
			render(MediaGenerative, ModelPro, ActorNone, MaxDurationMS)},
		{"negative surcharge", variant(t, func(v *Version) { v.ActorSurcharge[ActorHuman] = -5 }),
			render(MediaStock, ModelUnset, ActorHuman, 1000)},
		{"image rate above maximum", variant(t, func(v *Version) { v.EditImage = MaxRate + 1 }),
			images(ModelPro, MaxImages)},
		{"clip rate negative", variant(t, func(v *Version) { v.EditClip = ClipRule{PerMinute: -1} }),
			clip(ModelPro, 1000)},
		{"ad minimum above maximum", variant(t, func(v *Version) { v.AdMinSeconds = math.MaxInt64 }),
			ad(render(MediaGenerative, ModelPro, ActorHuman, 1000))},
		{"ad minimum just above maximum", variant(t, func(v *Version) { v.AdMinSeconds = MaxAdMinSeconds + 1 }),
			ad(render(MediaStock, ModelUnset, ActorNone, 1000))},
		{"model rate just above maximum", variant(t, func(v *Version) { v.Generative[ModelUltra] = MaxRate + 1 }),
			clip(ModelUltra, 1000)},
		{"surcharge just above maximum", variant(t, func(v *Version) { v.ActorSurcharge[ActorAIAvatar] = MaxRate + 1 }),
			render(MediaStock, ModelUnset, ActorAIAvatar, 1000)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := (&Book{Versions: []Version{*tc.v}}).Validate(); err == nil {
				t.Errorf("Validate accepted the version")
			}
			b, err := tc.v.Price(tc.e)
			if err == nil || errors.Is(err, ErrInvalidEvent) {
				t.Errorf("Price = %+v, %v; want an error about the version", b, err)
			}
			if _, err := tc.v.PriceDecimal(tc.e); err == nil {
				t.Errorf("PriceDecimal: no error")
			}
		})
	}
}

func TestCeilToSecond(t *testing.T) {
	tests := []struct{ ms, want int64 }{
		{0, 0}, {1, 1000}, {999, 1000}, {1000, 1000}, {1001, 2000}, {65_400, 66_000},
		{-1, 0}, {-999, 0}, {-1000, -1000}, {-1500, -1000},
		{MaxDurationMS - 1, MaxDurationMS}, {MaxDurationMS, MaxDurationMS},
		{math.MaxInt64 - 1000, math.MaxInt64 - 807}, {math.MaxInt64, math.MaxInt64},
		{math.MinInt64, math.MinInt64 + 808},
	}
	for _, tc := range tests {
		if got := CeilToSecond(tc.ms); got != tc.want {
			t.Errorf("CeilToSecond(%d) = %d, want %d", tc.ms, got, tc.want)
		}
	}
}

// TestPriceDependsOnWholeSeconds checks the invariant callers rely on to
// price each distinct CeilToSecond(duration) once.
func TestPriceDependsOnWholeSeconds(t *testing.T) {
	v := v1(t)
	shapes := []Event{
		render(MediaGenerative, ModelPro, ActorHuman, 0),
		ad(render(MediaStock, ModelUnset, ActorVirtualPro, 0)),
		clip(ModelUltra, 0),
	}
	for _, e := range shapes {
		for ms := int64(-1001); ms <= 62_001; ms += 7 {
			e.DurationMS = ms
			b1, err1 := v.Price(e)
			e.DurationMS = CeilToSecond(ms)
			b2, err2 := v.Price(e)
			if b1 != b2 || (err1 == nil) != (err2 == nil) {
				t.Fatalf("%+v: Price(%d) = %+v, %v; Price(%d) = %+v, %v", e, ms, b1, err1, e.DurationMS, b2, err2)
			}
		}
	}
}

func TestPriceDoesNotAllocate(t *testing.T) {
	v := v1(t)
	e := render(MediaGenerative, ModelUltra, ActorHuman, 65_400)
	bad := render(MediaGenerative, ModelUnset, ActorHuman, 65_400)
	var b Breakdown
	if n := testing.AllocsPerRun(100, func() {
		v.Price(e)
		v.Price(bad)
		v.PriceInto(&b, e)
		v.PriceInto(&b, bad)
	}); n != 0 {
		t.Errorf("Price allocates %v times per call", n)
	}
}

// TestPriceNarrowAndWide prices events at rates on either side of
// narrowRate, where Price moves from 64-bit to 128-bit arithmetic, and at
// the largest durations, ad minimums and image counts.
func TestPriceNarrowAndWide(t *testing.T) {
	events := []Event{
		render(MediaGenerative, ModelPro, ActorHuman, MaxDurationMS),
		render(MediaGenerative, ModelUltra, ActorVirtualPro, 59_999),
		ad(render(MediaGenerative, ModelPro, ActorAIAvatar, 1)),
		ad(render(MediaStock, ModelUnset, ActorHuman, MaxDurationMS)),
		images(ModelPro, MaxImages),
		images(ModelUltra, 1),
		clip(ModelPro, MaxDurationMS),
		clip(ModelUltra, 1),
	}
	for _, r := range []Rate{0, 1, 299_999, narrowRate - 1, narrowRate, narrowRate + 1, MaxRate} {
		for _, adMin := range []int64{0, 30, MaxAdMinSeconds} {
			for _, clipRule := range []ClipRule{{ModelRate: true}, {PerMinute: r}} {
				v := variant(t, func(v *Version) {
					v.AdMinSeconds = adMin
					v.Generative = ModelRates{ModelPro: r, ModelUltra: max(r-1, 0)}
					v.ActorSurcharge = ActorRates{ActorHuman: r, ActorVirtualPro: r / 2, ActorAIAvatar: r}
					v.EditImage = r
					v.EditClip = clipRule
				})
				for _, e := range events {
					if _, err := v.Price(e); err != nil {
						t.Fatalf("rate %d, ad minimum %d: Price(%+v): %v", r, adMin, e, err)
					}
					checkAgree(t, v, e)
				}
			}
		}
	}
}
