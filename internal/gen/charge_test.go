package gen

import (
	"strconv"
	"testing"
	"time"

	"github.com/reconcile/reconcile/internal/pricing"
)

// TestChargesMatchStats reprices every row of a generated log with the
// pricing core, as a reconciliation would (SPEC §6, tolerance 0.01), and
// checks that it finds exactly the faults Stats says were injected.
func TestChargesMatchStats(t *testing.T) {
	c := october(20000, 21)
	c.ErrorRate = 0.1
	data, s := generate(t, c)
	_, rows := readRows(t, data)

	var found [NumCategories]int64
	var conflicting int64
	first := map[string]map[string]string{}
	for _, r := range rows {
		id := r["event_id"]
		if f, seen := first[id]; seen {
			found[DuplicateEvent]++
			if !sameRow(f, r) {
				conflicting++
			}
			continue
		}
		first[id] = r
		b := priceRow(t, r)
		if r["charged_credits"] == "" && r["charged_video_minutes"] == "" {
			found[Uncharged]++
			continue
		}
		charged := parseCents(t, r["charged_credits"])
		minutes, err := strconv.ParseInt(r["charged_video_minutes"], 10, 64)
		if err != nil {
			t.Fatalf("%s: charged_video_minutes %q: %v", id, r["charged_video_minutes"], err)
		}
		if charged < 0 || minutes < 0 {
			t.Errorf("%s: negative charge %s / %d", id, charged, minutes)
		}
		switch diff := charged - b.Expected; {
		case diff > 1:
			found[Overcharged]++
		case -diff > 1:
			found[Undercharged]++
		}
		if minutes != b.VideoMinutes {
			found[MinutesMismatch]++
		}
	}
	if found != s.Injected {
		t.Errorf("repricing found %v, Stats.Injected = %v", found, s.Injected)
	}
	if conflicting != s.Conflicting {
		t.Errorf("repricing found %d conflicting duplicates, Stats.Conflicting = %d", conflicting, s.Conflicting)
	}
}

func sameRow(a, b map[string]string) bool {
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func priceRow(t *testing.T, r map[string]string) pricing.Breakdown {
	t.Helper()
	var e pricing.Event
	var ok bool
	if e.Kind, ok = pricing.ParseKind(r["kind"]); !ok {
		t.Fatalf("%s: kind %q", r["event_id"], r["kind"])
	}
	e.Media, _ = pricing.ParseMedia(r["media"])
	e.Model, _ = pricing.ParseModel(r["model"])
	if r["actor"] != "" {
		if e.Actor, ok = pricing.ParseActor(r["actor"]); !ok {
			t.Fatalf("%s: actor %q", r["event_id"], r["actor"])
		}
	}
	e.IsAd = r["is_ad"] == "true"
	e.DurationMS, _ = strconv.ParseInt(r["duration_ms"], 10, 64)
	e.Images, _ = strconv.ParseInt(r["images"], 10, 64)
	v, ok := pricing.Default().VersionAt(parseStamp(t, r["created_at"]))
	if !ok {
		t.Fatalf("%s: no price version at %s", r["event_id"], r["created_at"])
	}
	b, err := v.Price(e)
	if err != nil {
		t.Fatalf("%s: %v", r["event_id"], err)
	}
	return b
}

func parseCents(t *testing.T, s string) pricing.Cents {
	t.Helper()
	at := len(s) - 3
	if at < 1 || s[at] != '.' {
		t.Fatalf("charged_credits %q does not have two decimals", s)
	}
	n, err := strconv.ParseInt(s[:at]+s[at+1:], 10, 64)
	if err != nil {
		t.Fatalf("charged_credits %q: %v", s, err)
	}
	return pricing.Cents(n)
}

// TestSpecExamplesPriceAsGenerated pins a few rows of SPEC §3's table to the
// cells WriteCSV would write for them when charged correctly.
func TestSpecExamplesPriceAsGenerated(t *testing.T) {
	g := newGenerator(october(1, 1))
	at := time.Date(2026, 10, 5, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name             string
		ev               pricing.Event
		credits, minutes string
	}{
		{"generative pro 3:30", pricing.Event{Kind: pricing.KindRender, Media: pricing.MediaGenerative, Model: pricing.ModelPro, DurationMS: 210_000}, "70.00", "0"},
		{"stock human 3 min", pricing.Event{Kind: pricing.KindRender, Media: pricing.MediaStock, Actor: pricing.ActorHuman, DurationMS: 180_000}, "15.00", "3"},
		{"stock 2:01", pricing.Event{Kind: pricing.KindRender, Media: pricing.MediaStock, DurationMS: 121_000}, "0.00", "3"},
		{"edit_clip pro 5 s", pricing.Event{Kind: pricing.KindEditClip, Model: pricing.ModelPro, DurationMS: 5000}, "1.67", "0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := row{at: at, ev: tt.ev}
			if _, faulty, err := g.charge(&r); err != nil || faulty {
				t.Fatalf("charge: faulty=%v err=%v, want a correct charge", faulty, err)
			}
			if r.credits != tt.credits || r.minutes != tt.minutes {
				t.Errorf("charged %s / %s, want %s / %s", r.credits, r.minutes, tt.credits, tt.minutes)
			}
		})
	}
}
