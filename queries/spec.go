package queries

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/reconcile/reconcile/internal/pricing"
)

// SpecLists are the lists of names in SPEC §2 (kinds, media, model tiers,
// actors) as the SQL templates write them. They come from the pricing
// core's name lists, so that a name is added in one place,
// internal/pricing/names.go, and the SQL that validates the render log
// follows.
//
// macros.sql takes them when the package initialises (Macros), and
// validate.sql as .Spec, which ingest.Load sets to Spec().
type SpecLists struct {
	Kinds, Media, Models, Actors NameList
	// Enums holds every name of the four lists: the values that rc_enum
	// passes through without folding case.
	Enums NameList
}

// NameList is one list of names in SQL. In is the names as SQL string
// literals, for IN (...): 'pro', 'ultra'. Text is the names in words, for
// a message: pro or ultra.
type NameList struct {
	In, Text string
}

// Spec returns the SPEC §2 name lists for the SQL templates.
func Spec() SpecLists { return spec }

var spec = specLists()

// safeName is what a name may hold to be pasted into SQL text: the names
// of SPEC §2 are lowercase words joined by underscores.
var safeName = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

func specLists() SpecLists {
	kinds, media, models, actors := pricing.KindNames(), pricing.MediaNames(), pricing.ModelNames(), pricing.ActorNames()
	var all []string
	for _, l := range [][]string{kinds, media, models, actors} {
		all = append(all, l...)
	}
	return SpecLists{
		Kinds: nameList(kinds), Media: nameList(media), Models: nameList(models), Actors: nameList(actors),
		Enums: nameList(all),
	}
}

// nameList writes names as a NameList. A name that SQL text cannot hold
// as it is, or an empty list, is a programming error in package pricing and
// panics when the program starts; TestSpecLists shows it first.
func nameList(names []string) NameList {
	if len(names) == 0 {
		panic("queries: an empty list of SPEC names")
	}
	quoted := make([]string, len(names))
	for i, n := range names {
		if !safeName.MatchString(n) {
			panic(fmt.Sprintf("queries: SPEC name %q is not a lowercase word; it cannot go into SQL text as it is", n))
		}
		quoted[i] = Literal(n)
	}
	text := names[len(names)-1]
	if len(names) > 1 {
		text = strings.Join(names[:len(names)-1], ", ") + " or " + text
	}
	return NameList{In: strings.Join(quoted, ", "), Text: text}
}

// fillSpec fills a template that takes the SPEC lists as .Spec. The
// templates and the lists are fixed when the program is built, so an error
// is a programming error and panics at init; the tests run every template.
func fillSpec(t Template) Query {
	q, err := t.Fill(map[string]any{"Spec": spec})
	if err != nil {
		panic(err)
	}
	return q
}
