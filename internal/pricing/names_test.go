package pricing

import (
	"errors"
	"testing"
)

func TestEventNames(t *testing.T) {
	e, err := EventNames("render", "generative", "pro", "", true, 1500, 1)
	want := Event{Kind: KindRender, Media: MediaGenerative, Model: ModelPro, Actor: ActorNone, IsAd: true, DurationMS: 1500, Images: 1}
	if err != nil || e != want {
		t.Errorf("EventNames = %+v, %v; want %+v", e, err, want)
	}
	for _, bad := range [][4]string{{"transcode", "", "", ""}, {"render", "hologram", "", ""}, {"render", "stock", "mega", ""}, {"render", "stock", "", "robot"}, {"Render", "", "", ""}} {
		if _, err := EventNames(bad[0], bad[1], bad[2], bad[3], false, 1000, 1); !errors.Is(err, ErrInvalidEvent) {
			t.Errorf("EventNames(%q) err = %v, want ErrInvalidEvent", bad, err)
		}
	}
}
