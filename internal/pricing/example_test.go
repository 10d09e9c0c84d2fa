package pricing_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/reconcile/reconcile/internal/pricing"
)

func ExampleVersion_Price() {
	created := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	v, ok := pricing.Default().VersionAt(created)
	if !ok {
		fmt.Println("no price version")
		return
	}
	// A 65.4-second generative PRO render with a human actor.
	b, err := v.Price(pricing.Event{
		Kind:       pricing.KindRender,
		Media:      pricing.MediaGenerative,
		Model:      pricing.ModelPro,
		Actor:      pricing.ActorHuman,
		DurationMS: 65_400,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s: %d s, %d min\n", b.Version, b.BillableSeconds, b.BillableMinutes)
	fmt.Printf("generative %s + actor %s + edit %s = %s credits, %d video minutes\n",
		b.Generative, b.Actor, b.Edit, b.Expected, b.VideoMinutes)
	// Output:
	// v1: 66 s, 2 min
	// generative 22.00 + actor 10.00 + edit 0.00 = 32.00 credits, 0 video minutes
}

func ExampleVersion_Explain() {
	v := &pricing.Default().Versions[0]
	steps, err := v.Explain(pricing.Event{Kind: pricing.KindEditClip, Model: pricing.ModelPro, DurationMS: 4_200})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range steps {
		fmt.Printf("%-16s  %s\n", s.Name, s.Arithmetic)
	}
	// Output:
	// billable seconds  ceil(4 200 ms ÷ 1000) = 5 s
	// edit (clip, pro)  5 s × 20 credits/min ÷ 60 = 1.666… → 1.67
	// expected credits  0.00 + 0.00 + 1.67 = 1.67
}

func ExampleParse() {
	book, err := pricing.Parse(strings.NewReader(`
versions:
  - version: "v1"
    effective_from: 2024-01-01T00:00:00Z
    ad_min_seconds: 30
    generative: {pro: 20, ultra: 40}
    actor_surcharge_per_minute: {human: 5, virtual_pro: 5, ai_avatar: 0}
    video_minutes_media: [stock]
    edits: {image: 0.20, clip: model_rate}
  - version: "v2"
    effective_from: 2025-01-01
    ad_min_seconds: 30
    generative: {pro: 22.5, ultra: 45}
    actor_surcharge_per_minute: {human: 5, virtual_pro: 6, ai_avatar: 0}
    video_minutes_media: [stock]
    edits: {image: 0.25, clip: model_rate}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, at := range []string{"2023-12-31T23:59:59Z", "2024-06-01T00:00:00Z", "2025-01-01T00:00:00Z"} {
		t, _ := time.Parse(time.RFC3339, at)
		if v, ok := book.VersionAt(t); ok {
			fmt.Printf("%s: %s, pro %s credits/min\n", at, v.Name, v.Generative[pricing.ModelPro])
		} else {
			fmt.Printf("%s: no version\n", at)
		}
	}

	_, err = pricing.Parse(strings.NewReader("versions:\n  - version: v1\n    generative: {pro: -5}\n"))
	fmt.Println(err)
	// Output:
	// 2023-12-31T23:59:59Z: no version
	// 2024-06-01T00:00:00Z: v1, pro 20 credits/min
	// 2025-01-01T00:00:00Z: v2, pro 22.5 credits/min
	// pricebook: versions[0].generative.pro: negative rate -5 (line 3)
}
