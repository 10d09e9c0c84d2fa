package pricing

import "testing"

// The benchmarks price a realistic mix of events and report events per
// second; run them with -cpu 1 to read that as events per second per core:
//
//	go test -run='^$' -bench=BenchmarkPrice -count=10 -cpu 1 ./internal/pricing

// benchEvents is the mix: generative and stock renders, with and without
// actors, an ad, and each kind of edit.
func benchEvents() [8]Event {
	return [8]Event{
		render(MediaGenerative, ModelPro, ActorNone, 30_000),
		render(MediaGenerative, ModelUltra, ActorHuman, 210_500),
		ad(render(MediaGenerative, ModelPro, ActorVirtualPro, 12_345)),
		render(MediaStock, ModelUnset, ActorNone, 61_000),
		render(MediaStock, ModelUnset, ActorHuman, 240_000),
		images(ModelPro, 3),
		clip(ModelPro, 5_000),
		clip(ModelUltra, 3_001),
	}
}

func BenchmarkPrice(b *testing.B) {
	v := v1(b)
	events := benchEvents()
	var sum Cents
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		p, err := v.Price(events[i&7])
		if err != nil {
			b.Fatal(err)
		}
		sum += p.Expected
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
	if sum < 0 {
		b.Fatal("negative total")
	}
}

func BenchmarkPriceInto(b *testing.B) {
	v := v1(b)
	events := benchEvents()
	var sum Cents
	var p Breakdown
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if err := v.PriceInto(&p, events[i&7]); err != nil {
			b.Fatal(err)
		}
		sum += p.Expected
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
	if sum < 0 {
		b.Fatal("negative total")
	}
}
