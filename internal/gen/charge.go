package gen

import (
	"fmt"
	"strconv"
	"time"

	"github.com/reconcile/reconcile/internal/pricing"
)

// faultOrder is the order in which owed faults are tried on an event: the
// ones that fit fewest events first, so that they are not starved.
var faultOrder = [NumCategories]Category{MinutesMismatch, Undercharged, Overcharged, Uncharged, DuplicateEvent}

// charge prices r with the price book and fills in its charged columns,
// correct or with a fault. It returns the fault, if any.
func (g *generator) charge(r *row) (Category, bool, error) {
	v, ok := g.book.VersionAt(r.at)
	if !ok {
		return 0, false, fmt.Errorf("event %s: no price book version at %s", r.id, r.at.Format(time.RFC3339))
	}
	b, err := v.Price(r.ev)
	if err != nil {
		return 0, false, fmt.Errorf("price event %s: %w", r.id, err)
	}
	credits, minutes := b.Expected, b.VideoMinutes

	if g.c.ErrorRate > 0 && g.r.Float64() < g.c.ErrorRate {
		g.owed[g.r.IntN(NumCategories)]++
	}
	if done, err := g.systematic(v, r, b); done || err != nil {
		return 0, false, err // the random fault owed goes to a later event
	}
	c, faulty := g.takeFault(r, b)
	if faulty {
		switch c {
		case Overcharged:
			credits += pricing.Cents(50 + g.r.Int64N(2000-50+1))
		case Undercharged:
			credits -= pricing.Cents(50 + g.r.Int64N(int64(credits)-50+1))
		case Uncharged:
			r.credits, r.minutes = "", ""
			return c, true, nil
		case MinutesMismatch:
			if g.r.IntN(2) == 0 {
				minutes--
			} else {
				minutes++
			}
		}
	}
	r.cents, r.mins = credits, minutes
	r.credits, r.minutes = credits.String(), strconv.FormatInt(minutes, 10)
	return c, faulty, nil
}

// takeFault returns an owed fault that fits r, if there is one.
func (g *generator) takeFault(r *row, b pricing.Breakdown) (Category, bool) {
	for _, c := range faultOrder {
		if g.owed[c] > 0 && fits(c, r, b) {
			g.owed[c]--
			return c, true
		}
	}
	return 0, false
}

// fits reports whether fault c can be given to r without making it a
// different discrepancy or an invalid row: an undercharge needs at least
// 0.50 credits to take away, and only stock renders have video minutes to
// get wrong.
func fits(c Category, r *row, b pricing.Breakdown) bool {
	switch c {
	case Undercharged:
		return b.Expected >= 50
	case MinutesMismatch:
		return r.ev.Kind == pricing.KindRender && r.ev.Media == pricing.MediaStock
	}
	return true
}

// duplicate returns the row to write again for r: the same bytes, or, half
// the time, the same event_id with a changed duration_ms (images for an
// image edit), which makes it conflicting.
func (g *generator) duplicate(r row) (row, bool) {
	r.repeat = true
	if g.r.IntN(2) == 0 {
		return r, false
	}
	if r.ev.Kind == pricing.KindEditImage {
		r.ev.Images++
	} else {
		r.ev.DurationMS += 1000 + g.r.Int64N(4001)
	}
	return r, true
}

// systematic charges r by the first systematic fault that matches it
// (uncharged-after first: billing that stopped charges nothing, whatever
// else is wrong with it), and reports whether one did.
func (g *generator) systematic(v *pricing.Version, r *row, b pricing.Breakdown) (bool, error) {
	for _, i := range g.faultOrder {
		f := g.c.Faults[i]
		credits, minutes, uncharged, ok, err := f.charge(v, r, b)
		if err != nil {
			return false, fmt.Errorf("event %s: fault %s: %w", r.id, f.Name, err)
		}
		if !ok {
			continue
		}
		p := &g.stats.Planted[i]
		p.Events++
		r.systematic = true
		if uncharged {
			p.Credits -= b.Expected
			p.Minutes -= b.VideoMinutes
			r.credits, r.minutes = "", ""
			return true, nil
		}
		p.Credits += credits - b.Expected
		p.Minutes += minutes - b.VideoMinutes
		r.cents, r.mins = credits, minutes
		r.credits, r.minutes = credits.String(), strconv.FormatInt(minutes, 10)
		return true, nil
	}
	return false, nil
}
