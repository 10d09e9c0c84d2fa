package pricing

import (
	"errors"
	"testing"
)

func TestExplain(t *testing.T) {
	tests := []struct {
		name string
		e    Event
		want []Step
	}{
		{"generative pro with a human actor", render(MediaGenerative, ModelPro, ActorHuman, 65_400), []Step{
			{"billable seconds", "ceil(65 400 ms ÷ 1000) = 66 s", "66 s"},
			{"billable minutes", "ceil(66 s ÷ 60) = 2 min", "2 min"},
			{"generative (pro)", "66 s × 20 credits/min ÷ 60 = 22.00", "22.00"},
			{"actor surcharge (human)", "2 min × 5 credits/min = 10.00", "10.00"},
			{"video minutes", "none for generative media", "0 min"},
			{"expected credits", "22.00 + 10.00 + 0.00 = 32.00", "32.00"},
		}},
		{"stock ad", ad(render(MediaStock, ModelUnset, ActorNone, 12_000)), []Step{
			{"billable seconds", "12 000 ms ÷ 1000 = 12 s", "12 s"},
			{"ad minimum", "max(12 s, 30 s) = 30 s", "30 s"},
			{"billable minutes", "ceil(30 s ÷ 60) = 1 min", "1 min"},
			{"video minutes", "billable minutes of stock media = 1 min", "1 min"},
			{"expected credits", "0.00 + 0.00 + 0.00 = 0.00", "0.00"},
		}},
		{"generative ultra ad with an ai avatar", ad(render(MediaGenerative, ModelUltra, ActorAIAvatar, 120_000)), []Step{
			{"billable seconds", "120 000 ms ÷ 1000 = 120 s", "120 s"},
			{"ad minimum", "max(120 s, 30 s) = 120 s", "120 s"},
			{"billable minutes", "120 s ÷ 60 = 2 min", "2 min"},
			{"generative (ultra)", "120 s × 40 credits/min ÷ 60 = 80.00", "80.00"},
			{"actor surcharge (ai_avatar)", "2 min × 0 credits/min = 0.00", "0.00"},
			{"video minutes", "none for generative media", "0 min"},
			{"expected credits", "80.00 + 0.00 + 0.00 = 80.00", "80.00"},
		}},
		{"clip edit that rounds up", clip(ModelPro, 4_200), []Step{
			{"billable seconds", "ceil(4 200 ms ÷ 1000) = 5 s", "5 s"},
			{"edit (clip, pro)", "5 s × 20 credits/min ÷ 60 = 1.666… → 1.67", "1.67"},
			{"expected credits", "0.00 + 0.00 + 1.67 = 1.67", "1.67"},
		}},
		{"clip edit that rounds down", clip(ModelUltra, 1_000), []Step{
			{"billable seconds", "1 000 ms ÷ 1000 = 1 s", "1 s"},
			{"edit (clip, ultra)", "1 s × 40 credits/min ÷ 60 = 0.666… → 0.67", "0.67"},
			{"expected credits", "0.00 + 0.00 + 0.67 = 0.67", "0.67"},
		}},
		{"image edit", images(ModelPro, 3), []Step{
			{"edit (image)", "3 images × 0.2 credits/image = 0.60", "0.60"},
			{"expected credits", "0.00 + 0.00 + 0.60 = 0.60", "0.60"},
		}},
		{"one image", images(ModelUnset, 1), []Step{
			{"edit (image)", "1 image × 0.2 credits/image = 0.20", "0.20"},
			{"expected credits", "0.00 + 0.00 + 0.20 = 0.20", "0.20"},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := v1(t).Explain(tc.e)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Errorf("got %d steps, want %d", len(got), len(tc.want))
			}
			for i := range min(len(got), len(tc.want)) {
				if got[i] != tc.want[i] {
					t.Errorf("step %d:\n got %q\nwant %q", i, got[i], tc.want[i])
				}
			}
		})
	}
}

func TestExplainShowsExactRounding(t *testing.T) {
	v := variant(t, func(v *Version) {
		v.ActorSurcharge[ActorHuman] = 125_500 // 0.1255 per minute
		v.Generative[ModelPro] = 300_000       // 0.3 per minute: 0.005 per second
	})
	steps, err := v.Explain(render(MediaGenerative, ModelPro, ActorHuman, 181_000))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"generative (pro)":        "181 s × 0.3 credits/min ÷ 60 = 0.905 → 0.91",
		"actor surcharge (human)": "4 min × 0.1255 credits/min = 0.502 → 0.50",
	}
	for _, s := range steps {
		if w, ok := want[s.Name]; ok && s.Arithmetic != w {
			t.Errorf("%s:\n got %q\nwant %q", s.Name, s.Arithmetic, w)
		}
	}
}

// TestExplainAgreesWithPrice checks that the steps end in Price's result.
func TestExplainAgreesWithPrice(t *testing.T) {
	v := v1(t)
	for _, tc := range priceCases {
		if tc.version != nil {
			continue
		}
		p, err := v.Price(tc.e)
		if err != nil {
			t.Fatal(err)
		}
		steps, err := v.Explain(tc.e)
		if err != nil {
			t.Fatal(err)
		}
		last := steps[len(steps)-1]
		if last.Name != "expected credits" || last.Result != p.Expected.String() {
			t.Errorf("%s: last step %+v, want expected credits %s", tc.name, last, p.Expected)
		}
	}
	if _, err := v.Explain(Event{}); !errors.Is(err, ErrInvalidEvent) {
		t.Errorf("Explain(Event{}) error = %v, want ErrInvalidEvent", err)
	}
}
