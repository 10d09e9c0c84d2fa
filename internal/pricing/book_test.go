package pricing

import (
	"bytes"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestFixtureIsEmbeddedBook holds SPEC §4's promise that the embedded book
// equals fixtures/pricebook.yaml.
func TestFixtureIsEmbeddedBook(t *testing.T) {
	fixture, err := os.ReadFile("../../fixtures/pricebook.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(fixture, DefaultYAML) {
		t.Errorf("fixtures/pricebook.yaml differs from internal/pricing/pricebook_v1.yaml; keep them byte-for-byte equal")
	}
}

func TestDefault(t *testing.T) {
	want := &Book{Versions: []Version{{
		Name:              "v1",
		EffectiveFrom:     time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
		AdMinSeconds:      30,
		Generative:        ModelRates{ModelPro: 20_000_000, ModelUltra: 40_000_000},
		ActorSurcharge:    ActorRates{ActorHuman: 5_000_000, ActorVirtualPro: 5_000_000, ActorAIAvatar: 0},
		VideoMinutesMedia: []Media{MediaStock},
		EditImage:         200_000,
		EditClip:          ClipRule{ModelRate: true},
	}}}
	if got := Default(); !reflect.DeepEqual(got, want) {
		t.Errorf("Default() =\n%+v\nwant\n%+v", got, want)
	}
	parsed, err := Parse(bytes.NewReader(DefaultYAML))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(parsed, Default()) {
		t.Errorf("Parse(DefaultYAML) differs from Default()")
	}
}

// v1YAML is the version of SPEC §4, for tests to vary.
const v1YAML = `
  - version: "v1"
    effective_from: 2024-01-01T00:00:00Z
    ad_min_seconds: 30
    generative:
      pro: 20
      ultra: 40
    actor_surcharge_per_minute:
      human: 5
      virtual_pro: 5
      ai_avatar: 0
    video_minutes_media: [stock]
    edits:
      image: 0.20
      clip: model_rate
`

// book returns a price book of v1YAML with each pair of strings in edits
// replaced, in order.
func book(edits ...string) string {
	s := "versions:" + v1YAML
	for i := 0; i+1 < len(edits); i += 2 {
		s = strings.Replace(s, edits[i], edits[i+1], 1)
	}
	return s
}

// second returns a second version, v2 from 2024-07-01, with edits.
func second(edits ...string) string {
	s := strings.NewReplacer(`"v1"`, `"v2"`, "2024-01-01", "2024-07-01").Replace(v1YAML)
	for i := 0; i+1 < len(edits); i += 2 {
		s = strings.Replace(s, edits[i], edits[i+1], 1)
	}
	return s
}

func TestParseValid(t *testing.T) {
	tests := []struct {
		name  string
		yaml  string
		check func(t *testing.T, b *Book)
	}{
		{"date only is midnight UTC", book("2024-01-01T00:00:00Z", "2024-01-01"), func(t *testing.T, b *Book) {
			if want := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC); !b.Versions[0].EffectiveFrom.Equal(want) {
				t.Errorf("EffectiveFrom = %v, want %v", b.Versions[0].EffectiveFrom, want)
			}
		}},
		{"offset is converted to UTC", book("2024-01-01T00:00:00Z", "2024-01-01T02:00:00+02:00"), func(t *testing.T, b *Book) {
			got := b.Versions[0].EffectiveFrom
			if got.Location() != time.UTC || !got.Equal(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)) {
				t.Errorf("EffectiveFrom = %v, want 2024-01-01T00:00:00Z", got)
			}
		}},
		{"versions are sorted", "versions:" + second() + v1YAML, func(t *testing.T, b *Book) {
			if b.Versions[0].Name != "v1" || b.Versions[1].Name != "v2" {
				t.Errorf("versions %s, %s; want v1, v2", b.Versions[0].Name, b.Versions[1].Name)
			}
		}},
		{"fixed clip rate", book("clip: model_rate", "clip: 12.5"), func(t *testing.T, b *Book) {
			if got, want := b.Versions[0].EditClip, (ClipRule{PerMinute: 12_500_000}); got != want {
				t.Errorf("EditClip = %+v, want %+v", got, want)
			}
		}},
		{"six decimal places and padding zeros", book("image: 0.20", "image: 0.1234560000"), func(t *testing.T, b *Book) {
			if got := b.Versions[0].EditImage; got != 123_456 {
				t.Errorf("EditImage = %d, want 123456", got)
			}
		}},
		{"no media counts video minutes", book("[stock]", "[]"), func(t *testing.T, b *Book) {
			if len(b.Versions[0].VideoMinutesMedia) != 0 {
				t.Errorf("VideoMinutesMedia = %v, want none", b.Versions[0].VideoMinutesMedia)
			}
		}},
		{"none surcharge of 0 is allowed", book("human: 5", "none: 0\n      human: 5"), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := Parse(strings.NewReader(tc.yaml))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if tc.check != nil {
				tc.check(t, b)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"empty", "", "pricebook: empty"},
		{"only a comment", "# nothing\n", "pricebook: empty"},
		{"no versions", "versions: []\n", "pricebook: versions: no versions"},
		{"versions missing", "other: 1\n", "pricebook: other: unknown key"},
		{"versions not a list", "versions: 3\n", "pricebook: versions: want a list"},
		{"not a mapping", "- 1\n", "want a mapping"},
		{"syntax error", "versions: [\n", "pricebook: yaml:"},
		{"two documents", book() + "---\nversions: []\n", "more than one YAML document"},
		{"alias", book("ultra: 40", "ultra: &r 40\n      bogus: *r"), "aliases"},
		{"unknown top-level key", book() + "bogus: 1\n", "pricebook: bogus: unknown key"},
		{"unknown version key", book("ad_min_seconds", "bogus: 1\n    ad_min_seconds"), "versions[0].bogus: unknown key"},
		{"unknown edits key", book("clip: model_rate", "clip: model_rate\n      bogus: 1"), "versions[0].edits.bogus: unknown key"},
		{"missing ultra rate", "versions:" + v1YAML + second("      ultra: 40\n", ""), "versions[1].generative.ultra: missing rate"},
		{"null rate", book("ultra: 40", "ultra:"), "versions[0].generative.ultra: missing rate"},
		{"negative rate", book("pro: 20", "pro: -5"), "versions[0].generative.pro: negative rate -5"},
		{"too many decimals", book("image: 0.20", "image: 0.1234567"), "versions[0].edits.image: rate 0.1234567 has more than 6 decimal places"},
		{"exponent", book("pro: 20", "pro: 2e1"), `versions[0].generative.pro: rate "2e1" is not a plain decimal`},
		{"rate not a number", book("pro: 20", "pro: twenty"), `versions[0].generative.pro: rate "twenty"`},
		{"rate above maximum", book("pro: 20", "pro: 1000000000.000001"), "versions[0].generative.pro: rate 1000000000.000001 is above the maximum 1000000000"},
		{"rate is a list", book("pro: 20", "pro: [20]"), "versions[0].generative.pro: want a single value"},
		{"duplicate key", book("pro: 20", "pro: 20\n      pro: 21"), "versions[0].generative.pro: duplicate key"},
		{"unknown model", book("pro: 20", "pro: 20\n      mega: 80"), `versions[0].generative.mega: unknown model "mega"`},
		{"unknown actor", book("human: 5", "human: 5\n      robot: 5"), `versions[0].actor_surcharge_per_minute.robot: unknown actor "robot"`},
		{"missing actor", book("      virtual_pro: 5\n", ""), "versions[0].actor_surcharge_per_minute.virtual_pro: missing rate"},
		{"none surcharge", book("human: 5", "none: 1\n      human: 5"), "versions[0].actor_surcharge_per_minute.none: must be 0"},
		{"unknown media", book("[stock]", "[stock, film]"), `versions[0].video_minutes_media[1]: unknown media "film"`},
		{"media twice", book("[stock]", "[stock, stock]"), "versions[0].video_minutes_media[1]: stock is listed twice"},
		{"media not a list", book("[stock]", "stock"), "versions[0].video_minutes_media: want a list"},
		{"bad clip rule", book("clip: model_rate", "clip: model"), `versions[0].edits.clip: rate "model"`},
		{"missing clip rule", book("      clip: model_rate\n", ""), "versions[0].edits.clip: missing"},
		{"missing image rate", book("      image: 0.20\n", ""), "versions[0].edits.image: missing rate"},
		{"missing edits", book("    edits:\n      image: 0.20\n      clip: model_rate\n", ""), "versions[0].edits: missing key"},
		{"missing version name", book(`- version: "v1"`+"\n    ", "- "), "versions[0].version: missing version name"},
		{"empty version name", book(`"v1"`, `""`), "versions[0].version: missing version name"},
		{"duplicate version name", "versions:" + v1YAML + second(`"v2"`, `"v1"`), `versions[1].version: name "v1" is also the name of versions[0]`},
		{"missing effective_from", book("    effective_from: 2024-01-01T00:00:00Z\n", ""), "versions[0].effective_from: missing key"},
		{"bad timestamp", book("2024-01-01T00:00:00Z", "2024-13-01T00:00:00Z"), `versions[0].effective_from: bad timestamp "2024-13-01T00:00:00Z"`},
		{"timestamp without zone", book("2024-01-01T00:00:00Z", "2024-01-01T00:00:00"), "versions[0].effective_from: bad timestamp"},
		{"same effective_from", "versions:" + v1YAML + second() + second(`"v2"`, `"v3"`, "2024-07-01", "2024-01-01"),
			"versions[2].effective_from: same as versions[0] (2024-01-01T00:00:00Z)"},
		{"negative ad minimum", book("ad_min_seconds: 30", "ad_min_seconds: -5"), "versions[0].ad_min_seconds: negative value -5"},
		{"fractional ad minimum", book("ad_min_seconds: 30", "ad_min_seconds: 30.5"), `versions[0].ad_min_seconds: "30.5" is not a whole number`},
		{"ad minimum above maximum", book("ad_min_seconds: 30", "ad_min_seconds: 1000000001"), "versions[0].ad_min_seconds: 1000000001 is above the maximum"},
		{"version is not a mapping", "versions:\n  - v1\n", "versions[0]: want a mapping"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := Parse(strings.NewReader(tc.yaml))
			if err == nil {
				t.Fatalf("Parse accepted the book: %+v", b)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q\n does not contain %q", err, tc.want)
			}
			var be *BookError
			if !errors.As(err, &be) {
				t.Errorf("error %T is not a *BookError", err)
			}
		})
	}
}

func TestParseTooLarge(t *testing.T) {
	big := book() + strings.Repeat("# padding\n", maxBookBytes/10+1)
	if _, err := Parse(strings.NewReader(big)); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("Parse of %d bytes: %v; want a size error", len(big), err)
	}
}

func TestBookErrorMessage(t *testing.T) {
	_, err := Parse(strings.NewReader("versions:" + v1YAML + second("      ultra: 40\n", "")))
	want := "pricebook: versions[1].generative.ultra: missing rate (line 20)"
	if err == nil || err.Error() != want {
		t.Errorf("error = %v\nwant %s", err, want)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(b *Book)
		want string
	}{
		{"no versions", func(b *Book) { b.Versions = nil }, "pricebook: versions: no versions"},
		{"out of order", func(b *Book) { b.Versions[0], b.Versions[1] = b.Versions[1], b.Versions[0] },
			"versions[1].effective_from: 2024-01-01T00:00:00Z is before versions[0]"},
		{"no name", func(b *Book) { b.Versions[1].Name = "" }, "versions[1].version: missing version name"},
		{"no effective_from", func(b *Book) { b.Versions[0].EffectiveFrom = time.Time{} }, "versions[0].effective_from: missing"},
		{"negative model rate", func(b *Book) { b.Versions[0].Generative[ModelUltra] = -1 }, "versions[0].generative.ultra: negative rate -0.000001"},
		{"none surcharge", func(b *Book) { b.Versions[1].ActorSurcharge[ActorNone] = 1 }, "versions[1].actor_surcharge_per_minute.none: must be 0, not 0.000001"},
		{"negative surcharge", func(b *Book) { b.Versions[0].ActorSurcharge[ActorHuman] = -5_000_000 },
			"versions[0].actor_surcharge_per_minute.human: negative rate -5"},
		{"unset media", func(b *Book) { b.Versions[0].VideoMinutesMedia = []Media{MediaUnset} }, "versions[0].video_minutes_media[0]: unknown media"},
		{"image rate above maximum", func(b *Book) { b.Versions[0].EditImage = MaxRate + 1 }, "versions[0].edits.image: rate 1000000000.000001 is above"},
		{"negative clip rate", func(b *Book) { b.Versions[0].EditClip = ClipRule{PerMinute: -1} }, "versions[0].edits.clip: negative rate -0.000001"},
		{"negative ad minimum", func(b *Book) { b.Versions[0].AdMinSeconds = -1 }, "versions[0].ad_min_seconds: -1 is outside"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := Parse(strings.NewReader("versions:" + v1YAML + second()))
			if err != nil {
				t.Fatal(err)
			}
			if err := b.Validate(); err != nil {
				t.Fatalf("Validate before the edit: %v", err)
			}
			tc.edit(b)
			err = b.Validate()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Validate = %v\nwant an error containing %q", err, tc.want)
			}
		})
	}
}

func TestVersionAt(t *testing.T) {
	b, err := Parse(strings.NewReader("versions:" + second() + v1YAML))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		at   string
		want string // "" for no version
	}{
		{"2023-12-31T23:59:59.999999999Z", ""},
		{"2024-01-01T00:00:00Z", "v1"},
		{"2024-01-01T01:00:00+02:00", ""}, // 2023-12-31T23:00Z
		{"2024-06-30T23:59:59.999Z", "v1"},
		{"2024-07-01T00:00:00Z", "v2"},
		{"2030-01-01T00:00:00Z", "v2"},
	}
	for _, tc := range tests {
		at, err := time.Parse(time.RFC3339Nano, tc.at)
		if err != nil {
			t.Fatal(err)
		}
		v, ok := b.VersionAt(at)
		got := ""
		if ok {
			got = v.Name
		}
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("VersionAt(%s) = %q, %v; want %q", tc.at, got, ok, tc.want)
		}
	}
}
