package pricing

import (
	"math"
	"strings"
	"testing"
)

func TestCentsString(t *testing.T) {
	tests := []struct {
		c    Cents
		want string
	}{
		{0, "0.00"}, {5, "0.05"}, {10, "0.10"}, {100, "1.00"}, {1234, "12.34"},
		{-150, "-1.50"}, {-5, "-0.05"},
		{math.MaxInt64, "92233720368547758.07"}, {math.MinInt64, "-92233720368547758.08"},
	}
	for _, tc := range tests {
		if got := tc.c.String(); got != tc.want {
			t.Errorf("Cents(%d).String() = %q, want %q", int64(tc.c), got, tc.want)
		}
		if got := tc.c.Decimal().StringFixed(2); got != tc.want {
			t.Errorf("Cents(%d).Decimal() = %s, want %s", int64(tc.c), got, tc.want)
		}
	}
}

func TestRateString(t *testing.T) {
	tests := []struct {
		r    Rate
		want string
	}{
		{0, "0"}, {1, "0.000001"}, {200_000, "0.2"}, {125_000, "0.125"}, {5_000_000, "5"},
		{20_000_000, "20"}, {12_500_000, "12.5"}, {MaxRate, "1000000000"}, {-5_000_000, "-5"},
		{math.MinInt64, "-9223372036854.775808"},
	}
	for _, tc := range tests {
		if got := tc.r.String(); got != tc.want {
			t.Errorf("Rate(%d).String() = %q, want %q", int64(tc.r), got, tc.want)
		}
		if got := tc.r.Decimal().String(); got != tc.want {
			t.Errorf("Rate(%d).Decimal() = %s, want %s", int64(tc.r), got, tc.want)
		}
	}
}

func TestParseRate(t *testing.T) {
	valid := []struct {
		s    string
		want Rate
	}{
		{"0", 0}, {"20", 20_000_000}, {"0.20", 200_000}, {"0.2", 200_000}, {"007", 7_000_000},
		{"0.000001", 1}, {"0.1234560", 123_456}, {"12.500000000", 12_500_000},
		{"1000000000", MaxRate}, {"0000001000000000.000000", MaxRate},
	}
	for _, tc := range valid {
		got, err := ParseRate(tc.s)
		if err != nil || got != tc.want {
			t.Errorf("ParseRate(%q) = %d, %v; want %d", tc.s, got, err, tc.want)
		}
		if back, err := ParseRate(got.String()); err != nil || back != got {
			t.Errorf("ParseRate(%q) does not read back its String %q: %d, %v", tc.s, got, back, err)
		}
	}
	invalid := []struct{ s, want string }{
		{"", "missing rate"},
		{"-5", "negative rate -5"},
		{"-0.2", "negative rate -0.2"},
		{"+5", "not a plain decimal"},
		{"1e3", "not a plain decimal"},
		{"1_000", "not a plain decimal"},
		{"1,5", "not a plain decimal"},
		{".5", "not a plain decimal"},
		{"5.", "not a plain decimal"},
		{"0x14", "not a plain decimal"},
		{" 5", "not a plain decimal"},
		{"1.2.3", "not a plain decimal"},
		{".inf", "not a plain decimal"},
		{"0.1234567", "more than 6 decimal places"},
		{"1000000000.000001", "above the maximum"},
		{"99999999999", "above the maximum"},
		{"99999999999999999999999999", "above the maximum"},
	}
	for _, tc := range invalid {
		got, err := ParseRate(tc.s)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseRate(%q) = %d, %v; want an error containing %q", tc.s, got, err, tc.want)
		}
	}
}

func TestNames(t *testing.T) {
	for _, k := range []Kind{KindRender, KindEditImage, KindEditClip} {
		if got, ok := ParseKind(k.String()); !ok || got != k {
			t.Errorf("ParseKind(%q) = %v, %v", k, got, ok)
		}
	}
	for _, m := range []Media{MediaGenerative, MediaStock} {
		if got, ok := ParseMedia(m.String()); !ok || got != m {
			t.Errorf("ParseMedia(%q) = %v, %v", m, got, ok)
		}
	}
	for _, m := range []Model{ModelPro, ModelUltra} {
		if got, ok := ParseModel(m.String()); !ok || got != m {
			t.Errorf("ParseModel(%q) = %v, %v", m, got, ok)
		}
	}
	for _, a := range []Actor{ActorNone, ActorHuman, ActorVirtualPro, ActorAIAvatar} {
		if got, ok := ParseActor(a.String()); !ok || got != a {
			t.Errorf("ParseActor(%q) = %v, %v", a, got, ok)
		}
	}
	names := []struct{ got, want string }{
		{KindRender.String(), "render"}, {KindEditImage.String(), "edit_image"}, {KindEditClip.String(), "edit_clip"},
		{MediaGenerative.String(), "generative"}, {MediaStock.String(), "stock"},
		{ModelPro.String(), "pro"}, {ModelUltra.String(), "ultra"},
		{ActorNone.String(), "none"}, {ActorHuman.String(), "human"},
		{ActorVirtualPro.String(), "virtual_pro"}, {ActorAIAvatar.String(), "ai_avatar"},
		{Kind(0).String(), ""}, {MediaUnset.String(), ""}, {ModelUnset.String(), ""},
		{Kind(9).String(), "kind(9)"}, {Media(9).String(), "media(9)"},
		{Model(9).String(), "model(9)"}, {Actor(9).String(), "actor(9)"},
	}
	for _, n := range names {
		if n.got != n.want {
			t.Errorf("String() = %q, want %q", n.got, n.want)
		}
	}
	for _, s := range []string{"", "Render", "RENDER", " render", "edit-image", "kind(9)", "unset"} {
		if k, ok := ParseKind(s); ok {
			t.Errorf("ParseKind(%q) = %v, true; want false", s, k)
		}
	}
	for _, s := range []string{"", "Stock", "basic"} {
		if m, ok := ParseMedia(s); ok {
			t.Errorf("ParseMedia(%q) = %v, true; want false", s, m)
		}
	}
	for _, s := range []string{"", "PRO", "standard"} {
		if m, ok := ParseModel(s); ok {
			t.Errorf("ParseModel(%q) = %v, true; want false", s, m)
		}
	}
	for _, s := range []string{"", "Human", "virtual pro", "avatar"} {
		if a, ok := ParseActor(s); ok {
			t.Errorf("ParseActor(%q) = %v, true; want false", s, a)
		}
	}
}
