// Versions and events that the pricing tests build their cases from.

package pricing

import "testing"

// v1 returns the version of the default book.
func v1(t testing.TB) *Version {
	t.Helper()
	b := Default()
	if len(b.Versions) != 1 {
		t.Fatalf("default book has %d versions, want 1", len(b.Versions))
	}
	return &b.Versions[0]
}

// variant returns a copy of the v1 version changed by edit.
func variant(t testing.TB, edit func(v *Version)) *Version {
	v := *v1(t)
	v.VideoMinutesMedia = append([]Media(nil), v.VideoMinutesMedia...)
	v.Name = "variant"
	edit(&v)
	return &v
}

func render(media Media, model Model, actor Actor, ms int64) Event {
	return Event{Kind: KindRender, Media: media, Model: model, Actor: actor, DurationMS: ms}
}

func ad(e Event) Event { e.IsAd = true; return e }

func clip(model Model, ms int64) Event {
	return Event{Kind: KindEditClip, Model: model, DurationMS: ms}
}

func images(model Model, n int64) Event {
	return Event{Kind: KindEditImage, Model: model, Images: n}
}

const (
	secs = 1000
	mins = 60 * secs
)
