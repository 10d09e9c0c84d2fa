package job

import (
	"fmt"
	"time"
)

// Window is the span of created_at (UTC) a report covers: From inclusive,
// To exclusive.
type Window struct {
	From, To time.Time
	Period   string // YYYY-MM when the window is a calendar month given as --period
}

// PeriodWindow returns the calendar month p (YYYY-MM) in UTC.
func PeriodWindow(p string) (Window, error) {
	from, err := time.Parse("2006-01", p)
	if err != nil {
		return Window{}, fmt.Errorf("period %q: want YYYY-MM", p)
	}
	return Window{From: from, To: from.AddDate(0, 1, 0), Period: p}, nil
}

// DateWindow returns the days from and to (YYYY-MM-DD), both included, in
// UTC.
func DateWindow(from, to string) (Window, error) {
	f, err := time.Parse(time.DateOnly, from)
	if err != nil {
		return Window{}, fmt.Errorf("from %q: want YYYY-MM-DD", from)
	}
	t, err := time.Parse(time.DateOnly, to)
	if err != nil {
		return Window{}, fmt.Errorf("to %q: want YYYY-MM-DD", to)
	}
	if t.Before(f) {
		return Window{}, fmt.Errorf("to %s is before from %s", to, from)
	}
	return Window{From: f, To: t.AddDate(0, 0, 1)}, nil
}

// String says the window in words, for reports.
func (w *Window) String() string {
	if w == nil {
		return "the events this run read"
	}
	last := w.To.Add(-time.Nanosecond)
	s := fmt.Sprintf("events created %s to %s (UTC)", w.From.Format(time.DateOnly), last.Format(time.DateOnly))
	if w.Period != "" {
		s = w.Period + ": " + s
	}
	return s
}

// bounds returns the window as bind parameters: NULLs for no window.
func (w *Window) bounds() (from, to any) {
	if w == nil {
		return nil, nil
	}
	return w.From, w.To
}
