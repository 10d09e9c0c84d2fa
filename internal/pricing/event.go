package pricing

import "fmt"

// Kind is what an event did: a video creation or a remix edit.
type Kind uint8

// The kinds of event (SPEC §2).
const (
	KindRender    Kind = iota + 1 // render: a video creation
	KindEditImage                 // edit_image: a remix edit of images
	KindEditClip                  // edit_clip: a remix edit of one clip
)

// Media is the kind of footage a render uses.
type Media uint8

// The media of a render (SPEC §2). MediaUnset is valid for edits only.
const (
	MediaUnset      Media = iota
	MediaGenerative       // generative
	MediaStock            // stock
)

// Model is the generative model tier.
type Model uint8

// The model tiers (SPEC §2). ModelUnset is valid where no model is needed.
const (
	ModelUnset Model = iota
	ModelPro         // pro
	ModelUltra       // ultra
)

// Actor is the on-screen actor of a render.
type Actor uint8

// The actors (SPEC §2).
const (
	ActorNone       Actor = iota // none (the default)
	ActorHuman                   // human: a library human actor
	ActorVirtualPro              // virtual_pro: a virtual pro actor
	ActorAIAvatar                // ai_avatar: the user's own cloned avatar
)

// Event holds the facts of one event that its price depends on.
type Event struct {
	Kind       Kind
	Media      Media // renders only
	Model      Model // generative renders and clip edits
	Actor      Actor
	IsAd       bool
	DurationMS int64 // renders and clip edits; > 0
	Images     int64 // image edits; >= 1
}

// EventNames builds an Event from the names the render log and the
// database use. An empty media or model is unset and an empty actor is
// "none"; any other name must be known. It checks names only: Price checks
// the rest.
func EventNames(kind, media, model, actor string, isAd bool, durationMS, images int64) (Event, error) {
	e := Event{IsAd: isAd, DurationMS: durationMS, Images: images}
	var ok bool
	if e.Kind, ok = ParseKind(kind); !ok {
		return e, fmt.Errorf("%w: unknown kind %q", ErrInvalidEvent, kind)
	}
	if media != "" {
		if e.Media, ok = ParseMedia(media); !ok {
			return e, fmt.Errorf("%w: unknown media %q", ErrInvalidEvent, media)
		}
	}
	if model != "" {
		if e.Model, ok = ParseModel(model); !ok {
			return e, fmt.Errorf("%w: unknown model %q", ErrInvalidEvent, model)
		}
	}
	if actor != "" {
		if e.Actor, ok = ParseActor(actor); !ok {
			return e, fmt.Errorf("%w: unknown actor %q", ErrInvalidEvent, actor)
		}
	}
	return e, nil
}
