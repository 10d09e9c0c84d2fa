package patterns

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/reconcile/reconcile/internal/pricing"
)

// TestConstants finds a constant ratio and a constant offset among
// findings no component rule explains, and leaves a group too small or
// too varied alone.
func TestConstants(t *testing.T) {
	book := pricing.Default()
	at := time.Date(2026, 10, 5, 12, 0, 0, 0, time.UTC)
	v, _ := book.VersionAt(at)
	var fs []Finding
	mk := func(e pricing.Event, charge func(pricing.Cents) pricing.Cents) {
		b, err := v.Price(e)
		if err != nil {
			t.Fatal(err)
		}
		c := charge(b.Expected)
		fs = append(fs, Finding{EventID: fmt.Sprint(len(fs)), CreatedAt: at, Event: e, Expected: b.Expected,
			ExpectedMinutes: b.VideoMinutes, Charged: &c, ChargedMinutes: b.VideoMinutes, CreditFinding: true})
	}
	for i := range 30 { // images charged at 1.5 × the price
		mk(pricing.Event{Kind: pricing.KindEditImage, Images: int64(2 * (i + 1))}, func(p pricing.Cents) pricing.Cents { return p * 3 / 2 })
	}
	for i := range 25 { // stock + human renders charged 1.00 too much
		mk(pricing.Event{Kind: pricing.KindRender, Media: pricing.MediaStock, Actor: pricing.ActorHuman, DurationMS: int64(60_000 * (i + 1))},
			func(p pricing.Cents) pricing.Cents { return p + 100 })
	}
	for i := range 10 { // too few for a pattern
		mk(pricing.Event{Kind: pricing.KindRender, Media: pricing.MediaStock, Actor: pricing.ActorVirtualPro, DurationMS: int64(60_000 * (i + 1))},
			func(p pricing.Cents) pricing.Cents { return p + 100 })
	}
	pats, err := Find(book, fs, Events{PerDay: map[string]int64{"2026-10-05": 65}})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		cause   string
		events  int64
		credits pricing.Cents
	}{
		{"edit_image charged at 1.50 × the price", 30, 0},
		{"render stock + human charged 1.00 credits off the price", 25, 2500},
		{"not explained by a pattern", 10, 1000}, // too few to be a pattern
	}
	var images pricing.Cents
	for i := range 30 {
		images += pricing.Cents(20*2*(i+1)) / 2
	}
	want[0].credits = images
	if len(pats) != len(want) || pats[len(pats)-1].Rule != Unexplained {
		t.Fatalf("patterns %+v, want %d", pats, len(want))
	}
	for _, w := range want {
		found := false
		for _, p := range pats {
			if p.Cause == w.cause {
				found = true
				if p.Events != w.events || p.Credits != w.credits {
					t.Errorf("%s: %d events, %s credits; want %d, %s", w.cause, p.Events, p.Credits, w.events, w.credits)
				}
			}
		}
		if !found {
			t.Errorf("no pattern %q in %+v", w.cause, pats)
		}
	}
}

// TestUnchargedFile names a render-log file none of whose events was
// charged, and not one where some were.
func TestUnchargedFile(t *testing.T) {
	at := time.Date(2026, 10, 5, 12, 0, 0, 0, time.UTC)
	var fs []Finding
	for i := range 30 {
		file := "logs/a.csv"
		if i%3 == 0 {
			file = "logs/b.csv"
		}
		fs = append(fs, Finding{EventID: fmt.Sprint(i), CreatedAt: at, SourceFile: file, CreditFinding: true,
			Event: pricing.Event{Kind: pricing.KindEditImage, Images: 1}, Expected: 20})
	}
	if got := UnchargedFiles(fs); !slices.Equal(got, []string{"logs/a.csv"}) {
		t.Errorf("UnchargedFiles = %q, want logs/a.csv (logs/b.csv has too few)", got)
	}
	pats, err := Find(pricing.Default(), fs, Events{PerDay: map[string]int64{"2026-10-05": 100},
		PerFile: map[string]int64{"logs/a.csv": 20, "logs/b.csv": 40}})
	if err != nil {
		t.Fatal(err)
	}
	if len(pats) != 2 || pats[0].Cause != "nothing charged in logs/a.csv" || pats[0].Events != 20 || pats[0].Credits != -400 ||
		pats[1].Rule != Unexplained || pats[1].Events != 10 {
		t.Errorf("patterns %+v", pats)
	}
}
