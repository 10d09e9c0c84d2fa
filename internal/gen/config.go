package gen

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/reconcile/reconcile/internal/pricing"
)

// Config says what log to generate.
type Config struct {
	Events    int       // distinct events (event_ids); duplicate rows come on top
	Accounts  int       // accounts acct-0001 … acct-NNNN, at least 1
	Seed      uint64    // the same seed gives the same bytes
	ErrorRate float64   // fraction of events, 0..1, given a known fault (see Category); in a ledger, also a LedgerFault
	Month     time.Time // the first day of the month, 00:00 UTC
	// Faults are systematic faults: each charges every event it matches by
	// its wrong rule (an event two match takes the first's; an
	// uncharged-after fault comes first).
	Faults []Systematic
}

// Validate reports the first field of c that cannot be used, naming it.
func (c Config) Validate() error {
	switch {
	case c.Events < 0:
		return fmt.Errorf("gen: Events: %d is negative", c.Events)
	case c.Accounts < 1:
		return fmt.Errorf("gen: Accounts: %d; want at least 1", c.Accounts)
	case math.IsNaN(c.ErrorRate) || c.ErrorRate < 0 || c.ErrorRate > 1:
		return fmt.Errorf("gen: ErrorRate: %v is outside 0..1", c.ErrorRate)
	case c.Month.IsZero():
		return errors.New("gen: Month: not set")
	case c.Month.Location() != time.UTC || !c.Month.Equal(monthStart(c.Month)):
		return fmt.Errorf("gen: Month: %s is not the first day of a month at 00:00 UTC", c.Month.Format(time.RFC3339Nano))
	}
	if _, ok := pricing.Default().VersionAt(c.Month); !ok {
		return fmt.Errorf("gen: Month: %s is before every price book version", c.Month.Format("2006-01"))
	}
	return nil
}

func monthStart(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// Category is a known fault given to an event's charge. The names are the
// discrepancy categories of SPEC §6.
type Category uint8

// The faults, each drawn with equal chance.
const (
	Overcharged     Category = iota // charged 0.50–20.00 credits too much
	Undercharged                    // charged 0.50 credits up to all of it too little
	Uncharged                       // both charged columns empty
	MinutesMismatch                 // video minutes off by one (stock renders only)
	DuplicateEvent                  // the row is written again later in the stream

	NumCategories = 5 // the number of categories, for arrays indexed by Category
)

var categoryNames = [NumCategories]string{"overcharged", "undercharged", "uncharged", "minutes_mismatch", "duplicate_event"}

// String returns the category's name as SPEC §6 spells it.
func (c Category) String() string {
	if int(c) < len(categoryNames) {
		return categoryNames[c]
	}
	return fmt.Sprintf("category(%d)", int(c))
}

// Stats counts what a generated log holds.
type Stats struct {
	Rows   int64 // data rows written (the header not counted), duplicates included
	Events int64 // distinct event_ids; Rows - Events is the number of duplicate rows

	// Injected counts the events given each fault. For DuplicateEvent it
	// is also the number of duplicate rows: each such event is written
	// twice.
	Injected [NumCategories]int64

	// Conflicting counts the duplicate rows whose content differs from the
	// first row with their event_id (a changed duration_ms, or images for
	// an image edit). The other duplicates repeat the row byte for byte.
	Conflicting int64

	// Planted counts, per Config.Faults in order, the events each
	// systematic fault was given.
	Planted []Planted
}

// Faulty returns the number of events given any fault.
func (s Stats) Faulty() int64 {
	var n int64
	for _, v := range s.Injected {
		n += v
	}
	return n
}

// columns are the render-log columns WriteCSV writes, in order.
var columns = [...]string{
	"event_id", "video_id", "account_id", "created_at", "kind", "media", "model", "actor",
	"is_ad", "duration_ms", "images", "charged_credits", "charged_video_minutes",
}

// Columns returns the header WriteCSV writes: the render-log columns of SPEC
// §2 in order.
func Columns() []string { return append([]string(nil), columns[:]...) }
