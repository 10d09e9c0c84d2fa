package gen

import "time"

// october returns the config the tests use: October 2026, 40 accounts, 6%
// faults.
func october(events int, seed uint64) Config {
	return Config{
		Events:    events,
		Accounts:  40,
		Seed:      seed,
		ErrorRate: 0.06,
		Month:     time.Date(2026, time.October, 1, 0, 0, 0, 0, time.UTC),
	}
}
