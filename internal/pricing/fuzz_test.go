package pricing

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
)

// fuzzVersion returns a valid version whose rates and ad minimum come from
// fuzzed integers, reduced into range.
func fuzzVersion(rate, surcharge, adMin int64) *Version {
	r := Rate(uint64(rate) % uint64(MaxRate+1))
	s := Rate(uint64(surcharge) % uint64(MaxRate+1))
	v := &Version{
		Name:              "fuzz",
		EffectiveFrom:     time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
		AdMinSeconds:      int64(uint64(adMin) % uint64(MaxAdMinSeconds+1)),
		Generative:        ModelRates{ModelPro: r, ModelUltra: r / 3},
		ActorSurcharge:    ActorRates{ActorHuman: s, ActorVirtualPro: s / 7, ActorAIAvatar: 0},
		VideoMinutesMedia: []Media{MediaStock},
		EditImage:         r / 100,
		EditClip:          ClipRule{ModelRate: true},
	}
	if rate%2 != 0 {
		v.EditClip = ClipRule{PerMinute: s}
	}
	if surcharge%3 == 0 {
		v.VideoMinutesMedia = []Media{MediaGenerative, MediaStock}
	}
	return v
}

func FuzzPrice(f *testing.F) {
	for _, tc := range priceCases {
		e := tc.e
		f.Add(uint8(e.Kind), uint8(e.Media), uint8(e.Model), uint8(e.Actor), e.IsAd, e.DurationMS, e.Images,
			int64(20_000_000), int64(5_000_000), int64(30))
	}
	f.Add(uint8(0), uint8(0), uint8(0), uint8(0), false, int64(0), int64(0), int64(0), int64(0), int64(0))
	f.Add(uint8(1), uint8(1), uint8(1), uint8(1), true, int64(-1), int64(-1), int64(-1), int64(-1), int64(-1))
	f.Add(uint8(1), uint8(1), uint8(1), uint8(1), true, int64(MaxDurationMS), int64(MaxImages),
		int64(MaxRate), int64(MaxRate), int64(MaxAdMinSeconds))
	f.Add(uint8(1), uint8(1), uint8(2), uint8(2), true, int64(MaxDurationMS), int64(MaxImages),
		int64(narrowRate), int64(narrowRate-1), int64(MaxAdMinSeconds))
	f.Fuzz(func(t *testing.T, kind, media, model, actor uint8, isAd bool, durationMS, images, rate, surcharge, adMin int64) {
		// Rates anywhere up to MaxRate, and rates around narrowRate,
		// where Price moves from 64-bit to 128-bit arithmetic.
		around := func(r int64) int64 { return int64(uint64(r) % (2 * narrowRate)) }
		for _, v := range []*Version{
			fuzzVersion(rate, surcharge, adMin),
			fuzzVersion(around(rate), around(surcharge), adMin),
		} {
			fuzzPrice(t, v, kind, media, model, actor, isAd, durationMS, images)
		}
	})
}

func fuzzPrice(t *testing.T, v *Version, kind, media, model, actor uint8, isAd bool, durationMS, images int64) {
	t.Helper()
	if err := (&Book{Versions: []Version{*v}}).Validate(); err != nil {
		t.Fatalf("fuzz version: %v", err)
	}

	// Any event, valid or not: the paths agree.
	raw := Event{Kind: Kind(kind), Media: Media(media), Model: Model(model), Actor: Actor(actor),
		IsAd: isAd, DurationMS: durationMS, Images: images}
	checkAgree(t, v, raw)

	// The CeilToSecond invariant, for any duration.
	rounded := raw
	rounded.DurationMS = CeilToSecond(raw.DurationMS)
	b1, err1 := v.Price(raw)
	b2, err2 := v.Price(rounded)
	if b1 != b2 || (err1 == nil) != (err2 == nil) {
		t.Fatalf("Price(%+v) = %+v, %v\nPrice(%+v) = %+v, %v", raw, b1, err1, rounded, b2, err2)
	}

	// The event made valid: it prices.
	e := Event{
		Kind:       Kind(kind%3 + 1),
		Media:      Media(media%2 + 1),
		Model:      Model(model%2 + 1),
		Actor:      Actor(actor % 4),
		IsAd:       isAd,
		DurationMS: 1 + int64(uint64(durationMS)%MaxDurationMS),
		Images:     1 + int64(uint64(images)%MaxImages),
	}
	if _, err := v.Price(e); err != nil {
		t.Fatalf("Price(%+v): %v", e, err)
	}
	checkAgree(t, v, e)
	steps, err := v.Explain(e)
	if err != nil {
		t.Fatalf("Explain(%+v): %v", e, err)
	}
	p, _ := v.Price(e)
	if last := steps[len(steps)-1]; last.Result != p.Expected.String() {
		t.Fatalf("Explain(%+v) ends in %q, Price is %s", e, last.Result, p.Expected)
	}
}

// checkAgree checks that Price and PriceDecimal accept and reject the same
// events and agree exactly on what they accept, that PriceInto gives what
// Price gives, and that a price is consistent.
func checkAgree(t *testing.T, v *Version, e Event) {
	t.Helper()
	p, err := v.Price(e)
	// PriceInto must write every field, over whatever b held before.
	into := Breakdown{Version: "stale", BillableSeconds: -1, BillableMinutes: -1,
		Generative: -1, Actor: -1, Edit: -1, Expected: -1, VideoMinutes: -1}
	if ierr := v.PriceInto(&into, e); into != p || ierr != err {
		t.Fatalf("%+v:\n    Price %+v, %v\nPriceInto %+v, %v", e, p, err, into, ierr)
	}
	d, derr := v.PriceDecimal(e)
	if err != nil || derr != nil {
		if !errors.Is(err, ErrInvalidEvent) || !errors.Is(derr, ErrInvalidEvent) {
			t.Fatalf("%+v: Price error %v, PriceDecimal error %v; want both ErrInvalidEvent", e, err, derr)
		}
		return
	}
	if got := fromDecimal(t, d); got != p {
		t.Fatalf("%+v:\n       Price %+v\nPriceDecimal %+v", e, p, got)
	}
	if p.Expected != p.Generative+p.Actor+p.Edit {
		t.Fatalf("%+v: expected %s is not the sum of its parts %+v", e, p.Expected, p)
	}
	if p.Generative < 0 || p.Actor < 0 || p.Edit < 0 || p.Expected < 0 || p.VideoMinutes < 0 ||
		p.BillableSeconds < 0 || p.BillableMinutes < 0 {
		t.Fatalf("%+v: negative value in %+v", e, p)
	}
	if e.Kind == KindRender && (p.BillableMinutes < 1 || p.BillableSeconds < 1 || p.Edit != 0) {
		t.Fatalf("%+v: render priced as %+v", e, p)
	}
	if e.Kind != KindRender && (p.BillableMinutes != 0 || p.Generative != 0 || p.Actor != 0 || p.VideoMinutes != 0) {
		t.Fatalf("%+v: edit priced as %+v", e, p)
	}
}

func FuzzParse(f *testing.F) {
	f.Add(DefaultYAML)
	f.Add([]byte("versions:" + v1YAML + second()))
	f.Add([]byte(book("clip: model_rate", "clip: 12.5", "2024-01-01T00:00:00Z", "2024-01-01")))
	f.Add([]byte(book("pro: 20", "pro: -5")))
	f.Add([]byte(book("ultra: 40", "ultra: &r 40\n      x: *r")))
	f.Add([]byte("versions: []\n"))
	f.Add([]byte("{versions: [{version: v1}]}"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Parse(bytes.NewReader(data))
		if err != nil {
			var be *BookError
			if !errors.As(err, &be) || !strings.HasPrefix(err.Error(), "pricebook: ") {
				t.Fatalf("error %T %q is not a *BookError", err, err)
			}
			return
		}
		if err := b.Validate(); err != nil {
			t.Fatalf("Parse returned a book that Validate refuses: %v", err)
		}
		for i := range b.Versions {
			v := &b.Versions[i]
			if u, ok := b.VersionAt(v.EffectiveFrom); !ok || u != v {
				t.Fatalf("VersionAt(%s) is not versions[%d]", v.EffectiveFrom, i)
			}
			for _, e := range []Event{
				render(MediaGenerative, ModelUltra, ActorHuman, 65_400),
				ad(render(MediaStock, ModelUnset, ActorVirtualPro, MaxDurationMS)),
				images(ModelPro, MaxImages),
				clip(ModelPro, 4_200),
			} {
				if _, err := v.Price(e); err != nil {
					t.Fatalf("versions[%d].Price(%+v): %v", i, e, err)
				}
				checkAgree(t, v, e)
			}
		}
	})
}
