package pricing

import (
	"testing"

	"github.com/shopspring/decimal"
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
