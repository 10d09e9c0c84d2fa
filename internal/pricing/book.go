package pricing

import (
	"fmt"
	"sort"
	"strconv"
	"time"
)

// Book is a price book: the versions of the price list, each in force from
// its EffectiveFrom until the next one's (SPEC §4).
type Book struct {
	Versions []Version // by EffectiveFrom, ascending, no two equal
}

// Version is one version of the price list. Rates are credits in
// millionths (see [Rate]).
type Version struct {
	Name          string    // recorded with every price, e.g. "v1"
	EffectiveFrom time.Time // UTC; in force for events created at or after it
	AdMinSeconds  int64     // the minimum billable seconds of an ad (SPEC §3.2)

	// Generative is the rate per minute of each model tier, prorated per
	// billable second (SPEC §3.4).
	Generative ModelRates

	// ActorSurcharge is the rate per started minute of each actor (SPEC
	// §3.5); the rate of ActorNone is 0.
	ActorSurcharge ActorRates

	// VideoMinutesMedia lists the media whose renders consume video
	// minutes (SPEC §3.6), without repeats.
	VideoMinutesMedia []Media

	EditImage Rate     // per image edited (SPEC §3.7)
	EditClip  ClipRule // how a clip edit is priced (SPEC §3.7)
}

// ModelRates holds a rate for each model tier, indexed by Model; the entry
// of ModelUnset is not used. An array rather than a map, so that looking a
// rate up costs an index, not a hash.
type ModelRates [ModelUltra + 1]Rate

// ActorRates holds a rate for each actor, indexed by Actor.
type ActorRates [ActorAIAvatar + 1]Rate

// ClipRule says how a version prices an edit_clip: its billable seconds at
// a rate per minute, prorated per second.
type ClipRule struct {
	ModelRate bool // use the Generative rate of the clip's model ("model_rate")
	PerMinute Rate // else this fixed rate per minute
}

// String returns the rule as the price book writes it: "model_rate" or a
// rate.
func (c ClipRule) String() string {
	if c.ModelRate {
		return "model_rate"
	}
	return c.PerMinute.String()
}

// MaxAdMinSeconds is the largest ad minimum a price book may give: the
// billable seconds of MaxDurationMS.
const MaxAdMinSeconds = MaxDurationMS / 1000

// CountsVideoMinutes reports whether renders with media m consume video
// minutes under v.
func (v *Version) CountsVideoMinutes(m Media) bool {
	for _, x := range v.VideoMinutesMedia {
		if x == m {
			return true
		}
	}
	return false
}

// VersionAt returns the version in force at t: the one with the latest
// EffectiveFrom at or before t. It returns false if t is before every
// version (SPEC §4, reject reason no_price_version).
func (b *Book) VersionAt(t time.Time) (*Version, bool) {
	i := sort.Search(len(b.Versions), func(i int) bool { return b.Versions[i].EffectiveFrom.After(t) })
	if i == 0 {
		return nil, false
	}
	return &b.Versions[i-1], true
}

// BookError reports what is wrong with a price book and where.
type BookError struct {
	Path string // the key, such as "versions[1].generative.ultra"; "" for the whole book
	Line int    // the line in the YAML text, from 1; 0 when not known
	Err  error
}

func (e *BookError) Error() string {
	s := "pricebook: "
	if e.Path != "" {
		s += e.Path + ": "
	}
	s += e.Err.Error()
	if e.Line > 0 {
		s += " (line " + strconv.Itoa(e.Line) + ")"
	}
	return s
}

func (e *BookError) Unwrap() error { return e.Err }

func bookErrorf(path string, line int, format string, args ...any) *BookError {
	return &BookError{Path: path, Line: line, Err: fmt.Errorf(format, args...)}
}

// Validate checks that b is a usable price book: at least one version,
// versions in EffectiveFrom order with no two equal, distinct non-empty
// names, and every rate present and within 0..MaxRate. Its errors are
// *BookError values naming the offending key.
func (b *Book) Validate() error {
	if err := b.validate(); err != nil {
		return err
	}
	for i := 1; i < len(b.Versions); i++ {
		prev, cur := b.Versions[i-1].EffectiveFrom, b.Versions[i].EffectiveFrom
		if cur.Before(prev) {
			return bookErrorf(fmt.Sprintf("versions[%d].effective_from", i), 0,
				"%s is before versions[%d] (%s); versions must be in effective_from order",
				stamp(cur), i-1, stamp(prev))
		}
	}
	return nil
}

// validate is Validate without the order check, so that Parse can report
// problems by the versions' positions in the file before it sorts them.
func (b *Book) validate() error {
	if len(b.Versions) == 0 {
		return bookErrorf("versions", 0, "no versions; a price book needs at least one")
	}
	for i := range b.Versions {
		v := &b.Versions[i]
		at := fmt.Sprintf("versions[%d]", i)
		if err := v.validate(); err != nil {
			err.Path = at + "." + err.Path
			return err
		}
		for j := range i {
			w := &b.Versions[j]
			if w.EffectiveFrom.Equal(v.EffectiveFrom) {
				return bookErrorf(at+".effective_from", 0, "same as versions[%d] (%s)", j, stamp(w.EffectiveFrom))
			}
			if w.Name == v.Name {
				return bookErrorf(at+".version", 0, "name %q is also the name of versions[%d]", v.Name, j)
			}
		}
	}
	return nil
}

// validate checks one version; the error's Path is relative to it.
func (v *Version) validate() *BookError {
	switch {
	case v.Name == "":
		return bookErrorf("version", 0, "missing version name")
	case v.EffectiveFrom.IsZero():
		return bookErrorf("effective_from", 0, "missing")
	case v.AdMinSeconds < 0 || v.AdMinSeconds > MaxAdMinSeconds:
		return bookErrorf("ad_min_seconds", 0, "%d is outside 0..%d", v.AdMinSeconds, int64(MaxAdMinSeconds))
	}
	for _, m := range models {
		if err := checkRate(v.Generative[m]); err != nil {
			return &BookError{Path: "generative." + m.String(), Err: err}
		}
	}
	if r := v.ActorSurcharge[ActorNone]; r != 0 {
		return bookErrorf("actor_surcharge_per_minute.none", 0, "must be 0, not %s", r)
	}
	for _, a := range surchargeActors {
		if err := checkRate(v.ActorSurcharge[a]); err != nil {
			return &BookError{Path: "actor_surcharge_per_minute." + a.String(), Err: err}
		}
	}
	for i, m := range v.VideoMinutesMedia {
		path := fmt.Sprintf("video_minutes_media[%d]", i)
		if !m.valid() || m == MediaUnset {
			return bookErrorf(path, 0, "unknown media %s", m)
		}
		for _, x := range v.VideoMinutesMedia[:i] {
			if x == m {
				return bookErrorf(path, 0, "%s is listed twice", m)
			}
		}
	}
	if err := checkRate(v.EditImage); err != nil {
		return &BookError{Path: "edits.image", Err: err}
	}
	if !v.EditClip.ModelRate {
		if err := checkRate(v.EditClip.PerMinute); err != nil {
			return &BookError{Path: "edits.clip", Err: err}
		}
	}
	return nil
}

func checkRate(r Rate) error {
	switch {
	case r < 0:
		return fmt.Errorf("negative rate %s", r)
	case r > MaxRate:
		return fmt.Errorf("rate %s is above the maximum %s", r, MaxRate)
	}
	return nil
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }
