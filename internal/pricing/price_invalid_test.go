// Price refuses an invalid event or version with an error, never a price.

package pricing

import (
	"errors"
	"math"
	"testing"
)

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
