// The arithmetic under Price: whole seconds, no allocation, and rates on
// either side of the switch from 64-bit to 128-bit.

package pricing

import (
	"math"
	"testing"
)

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
