package gen

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/reconcile/reconcile/internal/pricing"
)

// A Systematic fault is a fault of the billing system rather than of one
// event: every event it matches is charged by a wrong rule, so that a
// reconciliation finds it as a pattern (a group of findings one cause
// explains) rather than as noise. Config.Faults lists them; an event one
// of them matches gets no random fault.
type Systematic struct {
	Name  string // as --fault spells it, e.g. "no-actor-surcharge:virtual_pro"
	rule  systematicRule
	actor pricing.Actor
	from  time.Time
}

type systematicRule uint8

const (
	ultraClipAtPro     systematicRule = iota // ULTRA clip edits charged at the PRO rate
	noActorSurcharge                         // renders with the actor charged without its surcharge
	unchargedAfter                           // events created from a day on not charged at all
	minutesRoundedDown                       // billable minutes rounded down, not up
)

// FaultNames lists the systematic faults ParseFault knows, as --fault
// spells them.
var FaultNames = []string{"ultra-clip-at-pro", "no-actor-surcharge:ACTOR", "uncharged-after:YYYY-MM-DD", "minutes-rounded-down"}

// ParseFault reads a systematic fault as --fault spells it.
func ParseFault(s string) (Systematic, error) {
	name, arg, hasArg := strings.Cut(s, ":")
	f := Systematic{Name: s}
	switch name {
	case "ultra-clip-at-pro":
		f.rule = ultraClipAtPro
	case "minutes-rounded-down":
		f.rule = minutesRoundedDown
	case "no-actor-surcharge":
		a, ok := pricing.ParseActor(arg)
		if !ok || a == pricing.ActorNone {
			return f, fmt.Errorf("fault %q: want no-actor-surcharge:ACTOR, ACTOR one of human, virtual_pro, ai_avatar", s)
		}
		f.rule, f.actor = noActorSurcharge, a
		return f, nil
	case "uncharged-after":
		t, err := time.Parse(time.DateOnly, arg)
		if err != nil {
			return f, fmt.Errorf("fault %q: want uncharged-after:YYYY-MM-DD", s)
		}
		f.rule, f.from = unchargedAfter, t
		return f, nil
	default:
		return f, fmt.Errorf("fault %q: want one of %s", s, strings.Join(FaultNames, ", "))
	}
	if hasArg {
		return f, fmt.Errorf("fault %q: %s takes no argument", s, name)
	}
	return f, nil
}

// charge returns the charge the fault gives r, priced b under v, and
// whether the fault matches r: it does when its rule applies to the event
// and gives another charge than the price.
func (f Systematic) charge(v *pricing.Version, r *row, b pricing.Breakdown) (credits pricing.Cents, minutes int64, uncharged, ok bool, err error) {
	credits, minutes = b.Expected, b.VideoMinutes
	switch f.rule {
	case ultraClipAtPro:
		if r.ev.Kind != pricing.KindEditClip || r.ev.Model != pricing.ModelUltra {
			return 0, 0, false, false, nil
		}
		e := r.ev
		e.Model = pricing.ModelPro
		pro, err := v.Price(e)
		if err != nil {
			return 0, 0, false, false, err
		}
		credits = pro.Expected
	case noActorSurcharge:
		if r.ev.Actor != f.actor || b.Actor == 0 {
			return 0, 0, false, false, nil
		}
		credits = b.Expected - b.Actor
	case unchargedAfter:
		if r.at.Before(f.from) || (b.Expected == 0 && b.VideoMinutes == 0) {
			return 0, 0, false, false, nil
		}
		return 0, 0, true, true, nil
	case minutesRoundedDown:
		floor := b.BillableSeconds / 60
		if r.ev.Kind != pricing.KindRender || floor < 1 || floor == b.BillableMinutes {
			return 0, 0, false, false, nil
		}
		e := r.ev
		e.DurationMS, e.IsAd = floor*60_000, false
		down, err := v.Price(e)
		if err != nil {
			return 0, 0, false, false, err
		}
		credits, minutes = b.Generative+down.Actor+b.Edit, down.VideoMinutes
	}
	return credits, minutes, false, credits != b.Expected || minutes != b.VideoMinutes, nil
}

// Planted counts the events a systematic fault was given, and what it
// moved their charge by (charged − expected, credits; video minutes).
type Planted struct {
	Fault   string
	Events  int64
	Credits pricing.Cents
	Minutes int64
}

// String is the line gen prints for it.
func (p Planted) String() string {
	return p.Fault + " " + strconv.FormatInt(p.Events, 10) + " events, " + p.Credits.String() + " credits, " +
		strconv.FormatInt(p.Minutes, 10) + " video minutes"
}
