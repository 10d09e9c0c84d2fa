// The SPEC's reading of a whole render-log row, in Go: the reference that
// FuzzRow holds Load to.

package ingest

import (
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/reconcile/reconcile/internal/pricing"
	"github.com/reconcile/reconcile/internal/store"
)

// reasons are the reason codes a render-log row can carry (SPEC §2, README).
var reasons = []string{
	"missing_value", "bad_timestamp", "bad_number", "bad_boolean", "nonpositive_duration",
	"unknown_kind", "unknown_media", "unknown_model", "unknown_actor", "model_required",
	"negative_amount", "no_price_version", "out_of_range", "bad_encoding", "wrong_field_count", "malformed_row",
}

// row reads one render-log row, its fields in logColumns order, as SPEC §2
// and the README say: the first rule it breaks, in the order of the
// columns (a NUL byte in an id first, the price-book version last), and
// for a good row its typed values with the defaults applied. It returns
// both as one line of text, to compare with what the SQL gives.
func (r rules) row(fields []string, book *pricing.Book) string {
	eventID, hasEvent := r.text(fields[0])
	videoID, hasVideo := r.text(fields[1])
	accountID, hasAccount := r.text(fields[2])
	created, createdState := r.timestamp(fields[3])
	kind, kindState := r.enum(fields[4])
	media, mediaState := r.enum(fields[5])
	model, modelState := r.enum(fields[6])
	actor, actorState := r.enum(fields[7])
	isAd, isAdState := r.boolean(fields[8])
	duration, durationState, durationRange := r.integer(fields[9])
	images, imagesState, imagesRange := r.integer(fields[10])
	credits, creditsState := r.money(fields[11])
	minutes, minutesState, _ := r.integer(fields[12])
	blank := func(i int) bool {
		_, present := r.text(fields[i])
		return r.blank && !present && fields[i] != ""
	}
	version := -1
	for i, v := range book.Versions {
		if !created.Before(v.EffectiveFrom) {
			version = i
		}
	}
	needsModel := (kind == "render" && media == "generative") || kind == "edit_clip"
	needsDuration := kind == "render" || kind == "edit_clip"
	// chargeReason is the reason for a malformed charge: bad_number for
	// the wrong syntax, negative_amount for a negative one, out_of_range
	// for one too large (fits: within its digits, so bad_number).
	chargeReason := func(i int, syntax, fits bool) string {
		text, _ := r.text(fields[i])
		switch {
		case blank(i):
			return "out_of_range"
		case !syntax:
			return "bad_number"
		case strings.HasPrefix(text, "-"):
			return "negative_amount"
		case fits:
			return "bad_number"
		}
		return "out_of_range"
	}
	creditsText, _ := r.text(fields[11])
	minutesText, _ := r.text(fields[12])
	_, creditsWhole, _, creditsSyntax := decimalParts(creditsText)
	reason := func() string {
		switch {
		case strings.Contains(eventID+videoID+accountID, "\x00"):
			return "bad_encoding"
		case !hasEvent || !hasVideo || !hasAccount:
			return "missing_value"
		case createdState == invalid || blank(3):
			return "bad_timestamp"
		case createdState == absent:
			return "missing_value"
		case kindState == absent:
			return "missing_value"
		case !slices.Contains([]string{"render", "edit_image", "edit_clip"}, kind):
			return "unknown_kind"
		case mediaState == valid && media != "generative" && media != "stock":
			return "unknown_media"
		case kind == "render" && mediaState == absent:
			return "missing_value"
		case modelState == valid && model != "pro" && model != "ultra":
			return "unknown_model"
		case needsModel && modelState == absent:
			return "model_required"
		case actorState == valid && !slices.Contains([]string{"none", "human", "virtual_pro", "ai_avatar"}, actor):
			return "unknown_actor"
		case isAdState == invalid || blank(8):
			return "bad_boolean"
		case durationState == invalid || blank(9):
			if durationRange {
				return "out_of_range"
			}
			return "bad_number"
		case needsDuration && durationState == absent:
			return "missing_value"
		case needsDuration && duration <= 0:
			return "nonpositive_duration"
		case durationState == valid && duration > pricing.MaxDurationMS:
			return "out_of_range"
		case imagesState == invalid || blank(10):
			if imagesRange {
				return "out_of_range"
			}
			return "bad_number"
		case imagesState == valid && (images < 1 || images > pricing.MaxImages):
			return "out_of_range"
		case creditsState == invalid || blank(11):
			// Within 16 integer digits, the fraction is at fault.
			return chargeReason(11, creditsSyntax, len(strings.TrimLeft(creditsWhole, "0")) <= 16)
		case creditsState == valid && credits.IsNegative():
			return "negative_amount"
		case minutesState == invalid || blank(12):
			return chargeReason(12, intSyntax(minutesText), false)
		case minutesState == valid && minutes < 0:
			return "negative_amount"
		case minutesState == valid && minutes > 1<<31-1: // an INTEGER column
			return "out_of_range"
		case version < 0:
			return "no_price_version"
		}
		return ""
	}()
	if reason != "" {
		return "reason " + reason
	}
	if actorState == absent {
		actor = "none"
	}
	if imagesState == absent {
		images = 1
	}
	return rowLine(eventID, videoID, accountID, created, kind, nullStr(media), nullStr(model), actor, isAd,
		sql.NullInt64{Int64: duration, Valid: durationState == valid}, images,
		store.Decimal{Decimal: credits, Valid: creditsState == valid},
		sql.NullInt64{Int64: minutes, Valid: minutesState == valid}, version)
}

func nullStr(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

// rowLine is a good row's typed values as one line of text.
func rowLine(eventID, videoID, accountID string, created time.Time, kind string, media, model sql.NullString, actor string,
	isAd bool, duration sql.NullInt64, images int64, credits store.Decimal, minutes sql.NullInt64, version int) string {
	null := func(valid bool, v string) string {
		if !valid {
			return "NULL"
		}
		return v
	}
	return fmt.Sprintf("event_id=%q video_id=%q account_id=%q created_at=%s kind=%s media=%s model=%s actor=%s is_ad=%t duration_ms=%s images=%d charged_credits=%s charged_video_minutes=%s version=%d",
		eventID, videoID, accountID, created.UTC().Format(time.RFC3339Nano), kind,
		null(media.Valid, media.String), null(model.Valid, model.String), actor, isAd,
		null(duration.Valid, strconv.FormatInt(duration.Int64, 10)), images,
		null(credits.Valid, credits.StringFixed(2)), null(minutes.Valid, strconv.FormatInt(minutes.Int64, 10)), version)
}
