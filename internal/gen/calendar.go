package gen

import (
	"sort"
	"time"
)

// calendar spreads activity over a month, weighted to weekday working hours
// (UTC). It maps a fraction of the month's activity to an instant, so that
// walking the fraction from 0 to 1 walks the month in time order.
type calendar struct {
	start time.Time
	end   time.Time
	cum   []float64 // cum[h]: activity up to the end of hour h of the month
}

func newCalendar(month time.Time) *calendar {
	end := month.AddDate(0, 1, 0)
	hours := int(end.Sub(month) / time.Hour)
	c := &calendar{start: month, end: end, cum: make([]float64, hours)}
	total := 0.0
	for h := range hours {
		total += hourWeight(month.Add(time.Duration(h) * time.Hour))
		c.cum[h] = total
	}
	return c
}

// hourWeight is the relative activity of the hour starting at t.
func hourWeight(t time.Time) float64 {
	w := 0.4 // night
	switch h := t.Hour(); {
	case h >= 9 && h < 17:
		w = 4
	case h >= 7 && h < 21:
		w = 2
	}
	if d := t.Weekday(); d == time.Saturday || d == time.Sunday {
		w *= 0.35
	}
	return w
}

// at returns the instant by which fraction p (0 ≤ p < 1) of the month's
// activity has happened, to the millisecond.
func (c *calendar) at(p float64) time.Time {
	x := p * c.cum[len(c.cum)-1]
	h := min(sort.SearchFloat64s(c.cum, x), len(c.cum)-1)
	prev := 0.0
	if h > 0 {
		prev = c.cum[h-1]
	}
	frac := min(max((x-prev)/(c.cum[h]-prev), 0), 1)
	ms := min(int64(frac*float64(time.Hour/time.Millisecond)), int64(time.Hour/time.Millisecond)-1)
	return c.start.Add(time.Duration(h)*time.Hour + time.Duration(ms)*time.Millisecond)
}

// clamp keeps t inside the month.
func (c *calendar) clamp(t time.Time) time.Time {
	if last := c.end.Add(-time.Millisecond); t.After(last) {
		return last
	}
	return t
}

// The created_at layouts of a generated log: mostly UTC with milliseconds
// and a Z, some with a space and no zone (which SPEC §2 reads as UTC), some
// in local time two hours ahead of UTC.
const (
	layoutZ      = "2006-01-02T15:04:05.000Z"
	layoutSpace  = "2006-01-02 15:04:05"
	layoutOffset = "2006-01-02T15:04:05.000-07:00"
)

var plus2 = time.FixedZone("+02:00", 2*60*60)

// stamp formats t as created_at: 85% layoutZ, 8% layoutSpace (whole
// seconds), 7% layoutOffset. It returns the text and the instant it names.
func stamp(t time.Time, u float64) (string, time.Time) {
	switch {
	case u < 0.85:
		return t.UTC().Format(layoutZ), t
	case u < 0.93:
		t = t.Truncate(time.Second)
		return t.UTC().Format(layoutSpace), t
	default:
		return t.In(plus2).Format(layoutOffset), t
	}
}
