// Package pricing is the exact pricing core of reconcile: it turns one render
// or edit event into the credits and video minutes it should have cost, under
// a versioned price book (SPEC §3 and §4).
//
// The package is pure: it takes values and returns values and errors. It
// reads no files, opens no database, looks at no clock, and no input makes
// it panic.
//
// # Money
//
// Credits are held as [Cents], an int64 count of hundredths of a credit.
// Price-book rates are held as [Rate], an int64 count of millionths of a
// credit, so a book may give a rate with up to six decimal places. Neither
// ever passes through float64, not even when the book is read.
//
// # Rounding
//
// Every component of a price (generative credits, actor surcharge, edit
// credits) is computed exactly and then rounded once to two decimal places,
// half up (SPEC §3.4, §3.7). Expected credits are the sum of the rounded
// components (SPEC §3.8), so the total always equals the sum of its parts.
// Durations are rounded up to whole seconds, and seconds up to whole minutes
// with a minimum of one (SPEC §3.1, §3.3).
//
// [Version.Price] and [Version.PriceInto] are the fast path (integer
// arithmetic, 64-bit at ordinary rates and 128-bit intermediates at very
// large ones, no allocation); PriceInto fills in the caller's Breakdown and
// is the one to use for many events. [Version.PriceDecimal] computes the
// same result with shopspring/decimal; it is the reference the tests hold
// the fast path to.
// [Version.Explain] shows the working of a price step by step.
//
// # Limits
//
// Durations up to [MaxDurationMS], image counts up to [MaxImages] and rates
// up to [MaxRate] are priced; every price they can give fits a [Cents]. An
// event outside them, or one that breaks the rules of SPEC §2, gets an
// error wrapping [ErrInvalidEvent].
//
// # Price book
//
// [Parse] reads a price book (SPEC §4) from YAML and [Book.Validate] checks
// it; a problem is reported as a [*BookError] naming the key, such as
// "pricebook: versions[1].generative.ultra: missing rate". [Book.VersionAt]
// picks the version in force at an event's time. [Default] is the v1 book
// embedded in the binary, [DefaultYAML] its text.
package pricing
