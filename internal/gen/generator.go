package gen

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/reconcile/reconcile/internal/pricing"
)

// generator draws a log and hands its rows, in the order of the log, to
// emit: a writer of the render log ([WriteCSV]) or of its billing ledger
// ([WriteLedger]). Both see the same rows from the same Config.
type generator struct {
	c        Config
	r        *rand.Rand
	zipf     *rand.Zipf
	cal      *calendar
	book     *pricing.Book
	idPrefix string // the seed-derived middle of event and video ids
	accounts []string

	created int    // events drawn so far
	videos  int    // videos drawn so far
	seq     uint64 // rows queued so far
	owed    [NumCategories]int
	pending queue

	// emit receives each row as it is written: a new event already charged
	// (r.fault and r.faulty set), or a repeat of one (r.repeat). It gets a
	// pointer to cur, a field rather than a local so that it does not escape
	// to the heap once per row.
	emit  func(r *row) error
	cur   row
	stats Stats

	faultOrder []int // Config.Faults in the order they are tried on an event
}

func newGenerator(c Config) *generator {
	r := rand.New(rand.NewPCG(c.Seed, c.Seed^0x9e3779b97f4a7c15))
	g := &generator{
		c:        c,
		r:        r,
		zipf:     newZipf(r, c.Accounts),
		cal:      newCalendar(c.Month),
		book:     pricing.Default(),
		idPrefix: fmt.Sprintf("%08x", splitmix64(c.Seed)>>32),
		accounts: make([]string, c.Accounts+1),
	}
	for i := 1; i <= c.Accounts; i++ {
		g.accounts[i] = fmt.Sprintf("acct-%04d", i)
	}
	for i, f := range c.Faults {
		g.stats.Planted = append(g.stats.Planted, Planted{Fault: f.Name})
		if f.rule == unchargedAfter {
			g.faultOrder = append([]int{i}, g.faultOrder...)
		} else {
			g.faultOrder = append(g.faultOrder, i)
		}
	}
	return g
}

// run walks the month in time order: each step draws a render at the next
// point of the activity curve, first writing whatever queued row is due by
// then, and queues the render's edits.
func (g *generator) run() error {
	n := g.c.Events
	for g.created < n {
		t := g.cal.at((float64(g.created) + g.r.Float64()) / float64(n))
		if err := g.flush(t.UnixMilli()); err != nil {
			return err
		}
		v := g.newVideo()
		g.created++
		if err := g.write(g.render(v, t)); err != nil {
			return err
		}
		for g.created < n && g.r.Float64() < editChance {
			e := g.edit(v, t)
			g.created++
			g.queue(e.at, e)
		}
	}
	return g.flush(math.MaxInt64)
}

func (g *generator) queue(due time.Time, r row) {
	g.seq++
	g.pending.push(due.UnixMilli(), g.seq, r)
}

// flush writes the queued rows due at or before due.
func (g *generator) flush(due int64) error {
	for {
		r, ok := g.pending.popDue(due)
		if !ok {
			return nil
		}
		if err := g.write(r); err != nil {
			return err
		}
	}
}

// write writes r. A new event gets its event_id and its charge here; one
// given the DuplicateEvent fault queues its duplicate for later.
func (g *generator) write(r row) error {
	if !r.repeat {
		g.stats.Events++
		r.id = "evt-" + g.idPrefix + "-" + strconv.FormatInt(g.stats.Events, 10)
		c, faulty, err := g.charge(&r)
		if err != nil {
			return err
		}
		r.fault, r.faulty = c, faulty
		if faulty {
			g.stats.Injected[c]++
			if c == DuplicateEvent {
				d, conflicting := g.duplicate(r)
				if conflicting {
					g.stats.Conflicting++
				}
				later := time.Minute + time.Duration(g.r.Int64N(int64(6*time.Hour/time.Millisecond)))*time.Millisecond
				g.queue(r.at.Add(later), d)
			}
		}
	}
	g.stats.Rows++
	g.cur = r
	return g.emit(&g.cur)
}

// splitmix64 scrambles a seed into the id prefix, so that nearby seeds give
// unrelated-looking ids.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}
