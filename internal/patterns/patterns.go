// Package patterns names the systematic causes behind a month's
// discrepancies. Every price is a sum of components with known
// dimensions (SPEC §3), so a wrong charge that one mistake explains can be
// recognised by pricing the event again with that mistake made: at another
// model's rate, without the actor surcharge, without the ad minimum, with
// the billable minutes rounded down. What no such rule explains is tested
// for a constant ratio or offset of charged to expected within its group
// of pricing dimensions, and uncharged events for a day from which on
// nothing was charged. Each pattern is a hypothesis with the exact number
// of findings it explains; Find ranks them by the credits they move.
//
// The package is pure: it takes findings and prices them with package
// pricing; it does no I/O.
package patterns

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/reconcile/reconcile/internal/pricing"
)

// Finding is one event whose charge differs from its price: its pricing
// facts, its price, and what was charged (Charged nil: nothing was).
type Finding struct {
	EventID         string
	AccountID       string
	CreatedAt       time.Time
	SourceFile      string // the render-log file the event came from
	Event           pricing.Event
	Expected        pricing.Cents
	ExpectedMinutes int64
	Charged         *pricing.Cents // nil: uncharged
	ChargedMinutes  int64
	// CreditFinding: the event is overcharged, undercharged or uncharged
	// (not only minutes_mismatch). Only these count their credits, so that
	// the patterns' credits sum to those three categories' amounts.
	CreditFinding bool
}

// Pattern is one cause and the findings it explains exactly.
type Pattern struct {
	Cause   string        // in words: "edit_clip ultra charged at the pro rate"
	Rule    string        // the kind of hypothesis: model_rate, no_actor_surcharge, no_ad_minimum, minutes_rounded_down, uncharged_from, uncharged_file, ratio, offset
	Group   string        // the dimensions of the events it is about: "kind=edit_clip model=ultra"
	Events  int64         // findings the cause explains exactly
	InGroup int64         // findings of the group, explained or not
	Credits pricing.Cents // charged − expected over the explained findings
	Minutes int64         // charged − expected video minutes over them

	findings []Finding
}

// Unexplained is the Rule of the last pattern Find returns: the findings
// no pattern explains.
const Unexplained = "none"

// MinEvents is the fewest findings a ratio or an offset needs to be a
// pattern rather than chance.
const MinEvents = 20

// Events counts the report's events, findings or not: per UTC day
// (YYYY-MM-DD; the Daily sheet's events) and per render-log file (of the
// files UnchargedFiles lists), for the tests of where the charges stop.
type Events struct {
	PerDay  map[string]int64
	PerFile map[string]int64
}

// Find returns the patterns of findings, biggest credits moved first
// (ties: more events, then the cause), each finding in at most one, and
// last the findings no pattern explains. book prices the findings again.
func Find(book *pricing.Book, findings []Finding, events Events) ([]Pattern, error) {
	pats := map[string]*Pattern{}
	group := map[string]int64{}
	add := func(rule, cause, grp string, f Finding) {
		p := pats[cause]
		if p == nil {
			p = &Pattern{Cause: cause, Rule: rule, Group: grp}
			pats[cause] = p
		}
		p.Events++
		p.Credits += moved(f)
		p.Minutes += f.ChargedMinutes - f.ExpectedMinutes
		p.findings = append(p.findings, f)
	}
	var rest []Finding // priced findings no component rule explains
	var explained []candidates
	fits := map[string]int64{} // findings each cause explains, shared or not
	var uncharged []Finding
	for _, f := range findings {
		if f.Charged == nil {
			uncharged = append(uncharged, f)
			continue
		}
		v, ok := book.VersionAt(f.CreatedAt)
		if !ok {
			return nil, fmt.Errorf("patterns: event %s: no price book version at %s", f.EventID, f.CreatedAt.Format(time.RFC3339))
		}
		for _, g := range groupsOf(f.Event) {
			group[g]++
		}
		b, err := v.Price(f.Event)
		if err != nil {
			return nil, fmt.Errorf("patterns: event %s: %w", f.EventID, err)
		}
		if b.Expected != f.Expected || b.VideoMinutes != f.ExpectedMinutes {
			// priced by another book (a re-rating's): the component rules
			// would test the wrong prices
			rest = append(rest, f)
			continue
		}
		cs, err := explain(v, f)
		if err != nil {
			return nil, fmt.Errorf("patterns: event %s: %w", f.EventID, err)
		}
		if len(cs) == 0 {
			rest = append(rest, f)
			continue
		}
		for _, c := range cs {
			fits[c.cause]++
		}
		explained = append(explained, candidates{f, cs})
	}
	// A finding that more than one cause explains exactly (a 15-second
	// ULTRA render with an actor, charged without the surcharge, costs what
	// it would at the PRO rate) goes to the cause that explains the most
	// findings.
	for _, e := range explained {
		best := e.cs[0]
		for _, c := range e.cs[1:] {
			if fits[c.cause] > fits[best.cause] {
				best = c
			}
		}
		add(best.rule, best.cause, best.group, e.f)
	}
	unexplained := constants(book, rest, add, group)
	uncharged = unchargedFrom(uncharged, events.PerDay, add, group)
	unexplained = append(unexplained, unchargedFiles(uncharged, events.PerFile, add, group)...)

	// A pattern is a cause only when it explains many findings, and most
	// of its group's: a random overcharge can come out at the ULTRA price
	// of a PRO render by chance, now and then.
	out := make([]Pattern, 0, len(pats)+1)
	none := Pattern{Cause: "not explained by a pattern", Rule: Unexplained, Group: "all findings", InGroup: int64(len(findings))}
	for _, p := range pats {
		p.InGroup = max(group[p.Group], p.Events)
		if p.Events < MinEvents || (p.Rule != "uncharged_from" && p.Rule != "uncharged_file" && 2*p.Events < p.InGroup) {
			for _, f := range p.findings {
				none.Events++
				none.Credits += moved(f)
				none.Minutes += f.ChargedMinutes - f.ExpectedMinutes
			}
			continue
		}
		p.findings = nil
		out = append(out, *p)
	}
	slices.SortFunc(out, func(a, b Pattern) int {
		if c := cmp.Compare(abs(b.Credits), abs(a.Credits)); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Events, a.Events); c != 0 {
			return c
		}
		return cmp.Compare(a.Cause, b.Cause)
	})
	for _, f := range unexplained {
		none.Events++
		none.Credits += moved(f)
		none.Minutes += f.ChargedMinutes - f.ExpectedMinutes
	}
	if none.Events > 0 {
		out = append(out, none)
	}
	return out, nil
}

// moved is what a finding's charge moved in credits: charged − expected,
// or 0 for an event whose only finding is its minutes.
func moved(f Finding) pricing.Cents {
	if !f.CreditFinding {
		return 0
	}
	return charged(f) - f.Expected
}

func charged(f Finding) pricing.Cents {
	if f.Charged == nil {
		return 0
	}
	return *f.Charged
}

func abs(c pricing.Cents) pricing.Cents {
	if c < 0 {
		return -c
	}
	return c
}

// groupsOf lists the groups a finding belongs to, as the component rules
// name them, so that each pattern can say how many findings of its group
// it explains.
func groupsOf(e pricing.Event) []string {
	g := []string{"kind=" + e.Kind.String()}
	if e.Model != pricing.ModelUnset {
		g = append(g, modelGroup(e))
	}
	if e.Actor != pricing.ActorNone {
		g = append(g, "actor="+e.Actor.String())
	}
	if e.IsAd {
		g = append(g, "is_ad=true")
	}
	if e.Kind == pricing.KindRender {
		g = append(g, "kind=render duration=not whole minutes")
	}
	return g
}

func modelGroup(e pricing.Event) string {
	return "kind=" + e.Kind.String() + " model=" + e.Model.String()
}

func describe(e pricing.Event) string {
	s := e.Kind.String()
	if e.Kind == pricing.KindRender {
		s += " " + e.Media.String()
	}
	if e.Model != pricing.ModelUnset {
		s += " " + e.Model.String()
	}
	return s
}

// cause is a component rule that explains a finding exactly.
type cause struct{ rule, cause, group string }

type candidates struct {
	f  Finding
	cs []cause
}

// explain returns the component rules whose price of f is exactly its
// charge, most specific first.
func explain(v *pricing.Version, f Finding) ([]cause, error) {
	is := func(e pricing.Event) (bool, error) {
		b, err := v.Price(e)
		if err != nil {
			return false, err
		}
		return b.Expected == *f.Charged && b.VideoMinutes == f.ChargedMinutes, nil
	}
	var cs []cause
	e := f.Event
	if e.Model != pricing.ModelUnset {
		for _, m := range []pricing.Model{pricing.ModelPro, pricing.ModelUltra} {
			if m == e.Model {
				continue
			}
			alt := e
			alt.Model = m
			ok, err := is(alt)
			if err != nil {
				return nil, err
			}
			if ok {
				cs = append(cs, cause{"model_rate", describe(e) + " charged at the " + m.String() + " rate", modelGroup(e)})
			}
		}
	}
	b, err := v.Price(e)
	if err != nil {
		return nil, err
	}
	if e.Actor != pricing.ActorNone && b.Actor > 0 && *f.Charged == b.Expected-b.Actor && f.ChargedMinutes == b.VideoMinutes {
		cs = append(cs, cause{"no_actor_surcharge", "actor surcharge never charged for " + e.Actor.String(), "actor=" + e.Actor.String()})
	}
	if e.IsAd {
		alt := e
		alt.IsAd = false
		ok, err := is(alt)
		if err != nil {
			return nil, err
		}
		if ok {
			cs = append(cs, cause{"no_ad_minimum", "ad minimum not applied", "is_ad=true"})
		}
	}
	if floor := b.BillableSeconds / 60; e.Kind == pricing.KindRender && floor >= 1 && floor < b.BillableMinutes {
		alt := e
		alt.DurationMS, alt.IsAd = floor*60_000, false
		down, err := v.Price(alt)
		if err != nil {
			return nil, err
		}
		if *f.Charged == b.Generative+down.Actor+b.Edit && f.ChargedMinutes == down.VideoMinutes {
			cs = append(cs, cause{"minutes_rounded_down", "billable minutes rounded down instead of up", "kind=render duration=not whole minutes"})
		}
	}
	return cs, nil
}

// constants finds, among findings the component rules leave, groups
// whose charge is a constant ratio or a constant offset of the price:
// first by pricing dimensions (kind, media, model, actor, ad, price-book
// version), then what is left by those and the duration band, then by
// account. A group needs MinEvents findings.
func constants(book *pricing.Book, rest []Finding, add func(rule, cause, group string, f Finding), group map[string]int64) []Finding {
	levels := []func(Finding) (key, words string){
		func(f Finding) (string, string) {
			return dims(f) + " version=" + version(book, f), describeKey(f.Event)
		},
		func(f Finding) (string, string) {
			b := band(book, f)
			return dims(f) + " version=" + version(book, f) + " duration=" + b, describeKey(f.Event) + " (" + b + ")"
		},
		func(f Finding) (string, string) { return "account=" + f.AccountID, "account " + f.AccountID },
	}
	for _, level := range levels {
		byKey := map[string][]Finding{}
		words := map[string]string{}
		for _, f := range rest {
			k, w := level(f)
			byKey[k] = append(byKey[k], f)
			words[k] = w
		}
		var left []Finding
		for _, k := range slices.Sorted(maps.Keys(byKey)) {
			fs := byKey[k]
			group[k] += int64(len(fs))
			if rule, cause := constant(fs); rule != "" && len(fs) >= MinEvents {
				for _, f := range fs {
					add(rule, words[k]+" charged "+cause, k, f)
				}
				continue
			}
			left = append(left, fs...)
		}
		rest = left
	}
	return rest
}

// constant says whether the charges of fs are a constant ratio or offset
// of their prices, and in words what.
func constant(fs []Finding) (rule, cause string) {
	first := fs[0]
	ratio, offset := first.Expected != 0, true
	for _, f := range fs[1:] {
		// charged/expected equal: c·E₀ = C₀·e, exactly
		if f.Expected == 0 || int64(charged(f))*int64(first.Expected) != int64(charged(first))*int64(f.Expected) {
			ratio = false
		}
		if charged(f)-f.Expected != charged(first)-first.Expected {
			offset = false
		}
	}
	switch {
	case offset:
		return "offset", fmt.Sprintf("%s credits off the price", charged(first)-first.Expected)
	case ratio:
		r := charged(first).Decimal().Div(first.Expected.Decimal()).Round(2)
		return "ratio", "at " + r.StringFixed(2) + " × the price"
	}
	return "", ""
}

// dims names a finding's pricing dimensions.
func dims(f Finding) string {
	e := f.Event
	return fmt.Sprintf("kind=%s media=%s model=%s actor=%s is_ad=%v", e.Kind, e.Media, e.Model, e.Actor, e.IsAd)
}

func version(book *pricing.Book, f Finding) string {
	if v, ok := book.VersionAt(f.CreatedAt); ok {
		return v.Name
	}
	return ""
}

// band places a finding's duration around the rules' edges: under the ad
// minimum, whole minutes, a second past a minute, or other (image edits:
// none).
func band(book *pricing.Book, f Finding) string {
	e := f.Event
	if e.Kind == pricing.KindEditImage {
		return "none"
	}
	seconds := (e.DurationMS + 999) / 1000
	v, ok := book.VersionAt(f.CreatedAt)
	switch {
	case ok && e.IsAd && e.Kind == pricing.KindRender && seconds < v.AdMinSeconds:
		return "under the ad minimum"
	case seconds%60 == 0:
		return "whole minutes"
	case seconds%60 == 1:
		return "a second past a minute"
	}
	return "other"
}

func describeKey(e pricing.Event) string {
	s := describe(e)
	if e.Actor != pricing.ActorNone {
		s += " + " + e.Actor.String()
	}
	if e.IsAd {
		s += " ad"
	}
	return s
}

// unchargedFrom finds the first UTC day from which on every event of every
// day was uncharged, and names the uncharged findings from it on.
func unchargedFrom(uncharged []Finding, eventsPerDay map[string]int64, add func(rule, cause, group string, f Finding), group map[string]int64) []Finding {
	perDay := map[string]int64{}
	for _, f := range uncharged {
		perDay[day(f.CreatedAt)]++
	}
	days := make([]string, 0, len(eventsPerDay))
	for d := range eventsPerDay {
		days = append(days, d)
	}
	slices.Sort(days)
	from := ""
	for i := len(days) - 1; i >= 0; i-- {
		d := days[i]
		if eventsPerDay[d] == 0 || perDay[d] != eventsPerDay[d] {
			break
		}
		from = d
	}
	if from == "" {
		return uncharged
	}
	grp := "uncharged"
	group[grp] = int64(len(uncharged))
	var left []Finding
	for _, f := range uncharged {
		if day(f.CreatedAt) >= from {
			add("uncharged_from", "nothing charged from "+from+" on", grp, f)
		} else {
			left = append(left, f)
		}
	}
	return left
}

// day is the UTC day of t, YYYY-MM-DD.
func day(t time.Time) string { return t.UTC().Format(time.DateOnly) }

// unchargedFiles finds the render-log files none of whose events was
// charged, among the uncharged findings unchargedFrom left.
func unchargedFiles(uncharged []Finding, perFile map[string]int64, add func(rule, cause, group string, f Finding), group map[string]int64) []Finding {
	n := map[string]int64{}
	for _, f := range uncharged {
		n[f.SourceFile]++
	}
	var left []Finding
	for _, f := range uncharged {
		if all := perFile[f.SourceFile]; all > 0 && n[f.SourceFile] == all {
			grp := "source_file=" + f.SourceFile
			group[grp] = all
			add("uncharged_file", "nothing charged in "+f.SourceFile, grp, f)
			continue
		}
		left = append(left, f)
	}
	return left
}

// UnchargedFiles lists the render-log files that could be uncharged
// through and through: every finding of theirs is uncharged, and there
// are MinEvents of them. Events.PerFile needs their events only.
func UnchargedFiles(findings []Finding) []string {
	uncharged, other := map[string]int64{}, map[string]bool{}
	for _, f := range findings {
		if f.Charged == nil {
			uncharged[f.SourceFile]++
		} else {
			other[f.SourceFile] = true
		}
	}
	var files []string
	for file, n := range uncharged {
		if n >= MinEvents && !other[file] {
			files = append(files, file)
		}
	}
	slices.Sort(files)
	return files
}
