package pricing

import (
	"slices"
	"strconv"
)

// The names below are the exact lowercase values of the render log's kind,
// media, model and actor columns (SPEC §2) and of the price book's keys
// (SPEC §4). Parsing is exact: callers trim or fold case, and supply the
// default actor "none" for an empty cell, before they parse.

var (
	kindNames  = [...]string{KindRender: "render", KindEditImage: "edit_image", KindEditClip: "edit_clip"}
	mediaNames = [...]string{MediaGenerative: "generative", MediaStock: "stock"}
	modelNames = [...]string{ModelPro: "pro", ModelUltra: "ultra"}
	actorNames = [...]string{ActorNone: "none", ActorHuman: "human", ActorVirtualPro: "virtual_pro", ActorAIAvatar: "ai_avatar"}
)

// models and surchargeActors are what every price-book version must rate.
var (
	models          = [...]Model{ModelPro, ModelUltra}
	surchargeActors = [...]Actor{ActorHuman, ActorVirtualPro, ActorAIAvatar}
)

// KindNames returns the names of the kinds, in the order of their
// constants. It and MediaNames, ModelNames and ActorNames are the one
// list of each; the SQL that validates the render log takes its lists from
// them (queries/spec.go).
func KindNames() []string { return known(kindNames[:]) }

// MediaNames returns the names of the media, in the order of their
// constants.
func MediaNames() []string { return known(mediaNames[:]) }

// ModelNames returns the names of the model tiers, in the order of their
// constants.
func ModelNames() []string { return known(modelNames[:]) }

// ActorNames returns the names of the actors, in the order of their
// constants, "none" first.
func ActorNames() []string { return known(actorNames[:]) }

// known returns the names without the empty one of an unset value.
func known(names []string) []string {
	return slices.DeleteFunc(slices.Clone(names), func(s string) bool { return s == "" })
}

// ParseKind returns the Kind named s ("render", "edit_image", "edit_clip").
func ParseKind(s string) (Kind, bool) {
	i, ok := lookup(kindNames[:], s)
	return Kind(i), ok
}

// ParseMedia returns the Media named s ("generative", "stock").
func ParseMedia(s string) (Media, bool) {
	i, ok := lookup(mediaNames[:], s)
	return Media(i), ok
}

// ParseModel returns the Model named s ("pro", "ultra").
func ParseModel(s string) (Model, bool) {
	i, ok := lookup(modelNames[:], s)
	return Model(i), ok
}

// ParseActor returns the Actor named s ("none", "human", "virtual_pro",
// "ai_avatar").
func ParseActor(s string) (Actor, bool) {
	i, ok := lookup(actorNames[:], s)
	return Actor(i), ok
}

// String returns the name of k as the render log spells it, "" if k is
// unset.
func (k Kind) String() string { return name(kindNames[:], "kind", int(k)) }

// String returns the name of m as the render log spells it, "" if m is
// unset.
func (m Media) String() string { return name(mediaNames[:], "media", int(m)) }

// String returns the name of m as the render log spells it, "" if m is
// unset.
func (m Model) String() string { return name(modelNames[:], "model", int(m)) }

// String returns the name of a as the render log spells it.
func (a Actor) String() string { return name(actorNames[:], "actor", int(a)) }

func (k Kind) valid() bool  { return k != 0 && int(k) < len(kindNames) }
func (m Media) valid() bool { return int(m) < len(mediaNames) }
func (m Model) valid() bool { return int(m) < len(modelNames) }
func (a Actor) valid() bool { return int(a) < len(actorNames) }

func lookup(names []string, s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	for i, n := range names {
		if n == s {
			return i, true
		}
	}
	return 0, false
}

// name returns names[i]; a value outside the enum prints as "kind(9)", so
// that a bug shows in messages rather than hiding as "".
func name(names []string, what string, i int) string {
	if i < len(names) {
		return names[i]
	}
	return what + "(" + strconv.Itoa(i) + ")"
}
