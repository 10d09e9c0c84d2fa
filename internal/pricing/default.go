package pricing

import (
	"bytes"
	_ "embed"
	"sync"
)

// DefaultYAML is the text of the v1 price book of SPEC §4, the one used when
// no --pricebook is given. fixtures/pricebook.yaml holds the same bytes.
//
//go:embed pricebook_v1.yaml
var DefaultYAML []byte

// Default returns the v1 price book, parsed from DefaultYAML once. The book
// is shared: callers must not modify it.
func Default() *Book { return defaultBook() }

var defaultBook = sync.OnceValue(func() *Book {
	b, err := Parse(bytes.NewReader(DefaultYAML))
	if err != nil {
		// Unreachable unless the embedded file is broken, which
		// TestDefault catches before any build ships.
		panic("pricing: embedded price book: " + err.Error())
	}
	return b
})
