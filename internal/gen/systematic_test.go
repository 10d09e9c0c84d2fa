package gen

import (
	"testing"
	"time"

	"github.com/reconcile/reconcile/internal/pricing"
)

func TestParseFault(t *testing.T) {
	for _, c := range []struct {
		in, err string
	}{
		{"ultra-clip-at-pro", ""},
		{"minutes-rounded-down", ""},
		{"no-actor-surcharge:virtual_pro", ""},
		{"uncharged-after:2026-10-17", ""},
		{"no-actor-surcharge:none", `fault "no-actor-surcharge:none": want no-actor-surcharge:ACTOR, ACTOR one of human, virtual_pro, ai_avatar`},
		{"no-actor-surcharge", `fault "no-actor-surcharge": want no-actor-surcharge:ACTOR, ACTOR one of human, virtual_pro, ai_avatar`},
		{"uncharged-after:17 Oct", `fault "uncharged-after:17 Oct": want uncharged-after:YYYY-MM-DD`},
		{"ultra-clip-at-pro:x", `fault "ultra-clip-at-pro:x": ultra-clip-at-pro takes no argument`},
		{"free-lunch", `fault "free-lunch": want one of ultra-clip-at-pro, no-actor-surcharge:ACTOR, uncharged-after:YYYY-MM-DD, minutes-rounded-down`},
	} {
		f, err := ParseFault(c.in)
		switch {
		case c.err == "" && err != nil:
			t.Errorf("%s: %v", c.in, err)
		case c.err != "" && (err == nil || err.Error() != c.err):
			t.Errorf("%s: error %v, want %s", c.in, err, c.err)
		case c.err == "" && f.Name != c.in:
			t.Errorf("%s: name %q", c.in, f.Name)
		}
	}
}

// TestSystematicCharge holds each rule to SPEC §3's prices: the wrong
// charge is the price of the event with the rule's mistake made.
func TestSystematicCharge(t *testing.T) {
	v, _ := pricing.Default().VersionAt(time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC))
	at := time.Date(2026, 10, 20, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		fault   string
		ev      pricing.Event
		ok      bool
		credits pricing.Cents
		minutes int64
	}{
		{"ultra-clip-at-pro", pricing.Event{Kind: pricing.KindEditClip, Model: pricing.ModelUltra, DurationMS: 5000}, true, 167, 0},
		{"ultra-clip-at-pro", pricing.Event{Kind: pricing.KindEditClip, Model: pricing.ModelPro, DurationMS: 5000}, false, 0, 0},
		// generative pro + virtual_pro, 2 min: 40.00 + 10.00 surcharge
		{"no-actor-surcharge:virtual_pro", pricing.Event{Kind: pricing.KindRender, Media: pricing.MediaGenerative, Model: pricing.ModelPro, Actor: pricing.ActorVirtualPro, DurationMS: 120_000}, true, 4000, 0},
		{"no-actor-surcharge:virtual_pro", pricing.Event{Kind: pricing.KindRender, Media: pricing.MediaStock, Actor: pricing.ActorHuman, DurationMS: 120_000}, false, 0, 0},
		// stock + human, 2:01: 3 minutes, 15.00; rounded down: 2 minutes, 10.00
		{"minutes-rounded-down", pricing.Event{Kind: pricing.KindRender, Media: pricing.MediaStock, Actor: pricing.ActorHuman, DurationMS: 121_000}, true, 1000, 2},
		{"minutes-rounded-down", pricing.Event{Kind: pricing.KindRender, Media: pricing.MediaStock, DurationMS: 120_000}, false, 0, 0},
		{"minutes-rounded-down", pricing.Event{Kind: pricing.KindRender, Media: pricing.MediaStock, DurationMS: 59_000}, false, 0, 0},
		{"uncharged-after:2026-10-20", pricing.Event{Kind: pricing.KindEditImage, Images: 1}, true, 0, 0},
		{"uncharged-after:2026-10-21", pricing.Event{Kind: pricing.KindEditImage, Images: 1}, false, 0, 0},
	} {
		f, err := ParseFault(c.fault)
		if err != nil {
			t.Fatal(err)
		}
		b, err := v.Price(c.ev)
		if err != nil {
			t.Fatal(err)
		}
		r := &row{at: at, ev: c.ev}
		credits, minutes, _, ok, err := f.charge(v, r, b)
		if err != nil || ok != c.ok || (ok && (credits != c.credits || minutes != c.minutes)) {
			t.Errorf("%s %+v: %s, %d minutes, matched %v (%v); want %s, %d, %v", c.fault, c.ev, credits, minutes, ok, err, c.credits, c.minutes, c.ok)
		}
	}
}
