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

// TestNameLists checks that each list holds every name its Parse function
// knows, once, and each name parses to a value whose String is the name.
func TestNameLists(t *testing.T) {
	check := func(what string, names []string, parse func(string) (string, bool), count int) {
		t.Helper()
		if len(names) != count {
			t.Errorf("%s names = %q; want %d names", what, names, count)
		}
		seen := map[string]bool{}
		for _, n := range names {
			got, ok := parse(n)
			if !ok || got != n || seen[n] {
				t.Errorf("%s name %q: parses as %q, %v (seen before: %v)", what, n, got, ok, seen[n])
			}
			seen[n] = true
		}
	}
	check("kind", KindNames(), func(s string) (string, bool) { k, ok := ParseKind(s); return k.String(), ok }, len(kindNames)-1)
	check("media", MediaNames(), func(s string) (string, bool) { m, ok := ParseMedia(s); return m.String(), ok }, len(mediaNames)-1)
	check("model", ModelNames(), func(s string) (string, bool) { m, ok := ParseModel(s); return m.String(), ok }, len(modelNames)-1)
	check("actor", ActorNames(), func(s string) (string, bool) { a, ok := ParseActor(s); return a.String(), ok }, len(actorNames))
	KindNames()[0] = "changed"
	if KindNames()[0] != "render" {
		t.Error("KindNames returns the package's own array")
	}
}
