-- validate: the validated rows of one input file (SPEC §2), as a view.
-- A text/template filled by the ingest package: .Source is the file read by
-- position (columns rc_row, s_<column>, rc_raw), .Typed holds each column's
-- conversion from its source type, .Version maps created_at to a price-book
-- version index (NULL before the first version), .Present whether each
-- value is given (blank text is not), .Spec the lists of names of SPEC §2
-- (queries.Spec, made from internal/pricing/names.go). reason is NULL for a
-- good row, else the first rule it breaks; message says it in words.
--
-- Which kinds need media, a model or a duration is written out here and in
-- rc_timed (macros.sql); TestValidateAgreesWithPricing (queries/spec_test.go)
-- keeps it in agreement with the pricing core, which prices those events.
CREATE OR REPLACE TEMP VIEW {{.View}} AS
WITH src AS (
    {{.Source}}
), typed AS (
    SELECT
        {{.FileID}}::INTEGER AS file_id,
        rc_row AS row_number,
        rc_raw,
        s_event_id, s_video_id, s_account_id, s_created_at, s_kind, s_media, s_model,
        s_actor, s_is_ad, s_duration_ms, s_images, s_charged_credits, s_charged_video_minutes,
        {{.Typed.event_id}} AS event_id,
        {{.Typed.video_id}} AS video_id,
        {{.Typed.account_id}} AS account_id,
        {{.Typed.created_at}} AS created_at,
        {{.Typed.kind}} AS kind,
        {{.Typed.media}} AS media,
        {{.Typed.model}} AS model,
        {{.Typed.actor}} AS actor_given,
        {{.Typed.is_ad}} AS is_ad_given,
        {{.Typed.duration_ms}} AS duration_ms,
        {{.Typed.images}} AS images_given,
        {{.Typed.charged_credits}} AS charged_credits,
        {{.Typed.charged_video_minutes}} AS charged_video_minutes,
        {{.Present.created_at}} AS present_created_at,
        {{.Present.is_ad}} AS present_is_ad,
        {{.Present.duration_ms}} AS present_duration_ms,
        {{.Present.images}} AS present_images,
        {{.Present.charged_credits}} AS present_charged_credits,
        {{.Present.charged_video_minutes}} AS present_charged_video_minutes
    FROM src
), checked AS (
    SELECT *,
        coalesce(actor_given, 'none') AS actor,
        coalesce(is_ad_given, false) AS is_ad,
        coalesce(images_given, 1) AS images,
        {{.Version}} AS version_idx,
        rc_timed(kind) AS needs_duration,
        CASE
            WHEN contains(event_id, chr(0)) OR contains(video_id, chr(0)) OR contains(account_id, chr(0)) THEN 'bad_encoding'
            WHEN event_id IS NULL THEN 'missing_value'
            WHEN video_id IS NULL THEN 'missing_value'
            WHEN account_id IS NULL THEN 'missing_value'
            WHEN NOT present_created_at THEN 'missing_value'
            WHEN created_at IS NULL THEN 'bad_timestamp'
            WHEN kind IS NULL THEN 'missing_value'
            WHEN kind NOT IN ({{.Spec.Kinds.In}}) THEN 'unknown_kind'
            WHEN media IS NOT NULL AND media NOT IN ({{.Spec.Media.In}}) THEN 'unknown_media'
            WHEN kind = 'render' AND media IS NULL THEN 'missing_value'
            WHEN model IS NOT NULL AND model NOT IN ({{.Spec.Models.In}}) THEN 'unknown_model'
            WHEN ((kind = 'render' AND media = 'generative') OR kind = 'edit_clip') AND model IS NULL THEN 'model_required'
            WHEN actor_given IS NOT NULL AND actor_given NOT IN ({{.Spec.Actors.In}}) THEN 'unknown_actor'
            WHEN present_is_ad AND is_ad_given IS NULL THEN 'bad_boolean'
            WHEN present_duration_ms AND duration_ms IS NULL THEN
                CASE WHEN rc_is_int(rc_text(s_duration_ms::VARCHAR)) THEN 'out_of_range' ELSE 'bad_number' END
            WHEN rc_timed(kind) AND NOT present_duration_ms THEN 'missing_value'
            WHEN rc_timed(kind) AND duration_ms <= 0 THEN 'nonpositive_duration'
            WHEN duration_ms > {{.MaxDurationMS}} THEN 'out_of_range'
            WHEN present_images AND images_given IS NULL THEN
                CASE WHEN rc_is_int(rc_text(s_images::VARCHAR)) THEN 'out_of_range' ELSE 'bad_number' END
            WHEN images_given < 1 OR images_given > {{.MaxImages}} THEN 'out_of_range'
            WHEN present_charged_credits AND charged_credits IS NULL THEN
                CASE WHEN NOT rc_is_decimal(rc_text(s_charged_credits::VARCHAR)) THEN 'bad_number'
                     WHEN starts_with(rc_text(s_charged_credits::VARCHAR), '-') THEN 'negative_amount'
                     WHEN regexp_full_match(rc_text(s_charged_credits::VARCHAR), '[+-]?0*[0-9]{1,16}(\.[0-9]*)?|[+-]?\.[0-9]*') THEN 'bad_number'
                     ELSE 'out_of_range' END
            WHEN charged_credits < 0 THEN 'negative_amount'
            WHEN present_charged_video_minutes AND charged_video_minutes IS NULL THEN
                CASE WHEN NOT rc_is_int(rc_text(s_charged_video_minutes::VARCHAR)) THEN 'bad_number'
                     WHEN starts_with(rc_text(s_charged_video_minutes::VARCHAR), '-') THEN 'negative_amount'
                     ELSE 'out_of_range' END
            WHEN charged_video_minutes < 0 THEN 'negative_amount'
            WHEN charged_video_minutes > 2147483647 THEN 'out_of_range'
            WHEN {{.Version}} IS NULL THEN 'no_price_version'
        END AS reason
    FROM typed
)
SELECT
    file_id, row_number, event_id, video_id, account_id, created_at, kind, media, model,
    actor, is_ad, duration_ms, images, charged_credits, charged_video_minutes, version_idx,
    -- the pricing key's duration: rounded up to whole seconds, since a price
    -- depends on whole seconds only (rc_duration_key); none for a duration
    -- out of range, which is rejected, and whose rounding would overflow
    -- BIGINT at 2^63 − 1
    CASE WHEN duration_ms <= {{.MaxDurationMS}} THEN rc_duration_key(kind, duration_ms) END AS duration_key,
    rc_price_key(version_idx, kind, media, model, actor, is_ad,
                 CASE WHEN duration_ms <= {{.MaxDurationMS}} THEN rc_duration_key(kind, duration_ms) END, images) AS price_key,
    reason,
    CASE reason
        WHEN 'bad_encoding' THEN 'an id holds a NUL byte: ' || rc_q(replace(concat_ws(' / ', event_id, video_id, account_id), chr(0), '\0'))
        WHEN 'missing_value' THEN
            CASE WHEN event_id IS NULL THEN 'event_id is empty'
                 WHEN video_id IS NULL THEN 'video_id is empty'
                 WHEN account_id IS NULL THEN 'account_id is empty'
                 WHEN NOT present_created_at THEN 'created_at is empty'
                 WHEN kind IS NULL THEN 'kind is empty'
                 WHEN kind = 'render' AND media IS NULL THEN 'media is empty; a render needs {{.Spec.Media.Text}}'
                 ELSE 'duration_ms is empty; a ' || kind || ' needs a duration' END
        WHEN 'bad_timestamp' THEN 'created_at ' || rc_q(s_created_at::VARCHAR) || ' is not a timestamp (want YYYY-MM-DD HH:MM:SS[.fff][Z|±HH:MM])'
        WHEN 'unknown_kind' THEN 'kind ' || rc_q(kind) || ' is not {{.Spec.Kinds.Text}}'
        WHEN 'unknown_media' THEN 'media ' || rc_q(media) || ' is not {{.Spec.Media.Text}}'
        WHEN 'unknown_model' THEN 'model ' || rc_q(model) || ' is not {{.Spec.Models.Text}}'
        WHEN 'model_required' THEN 'model is empty; a ' || CASE WHEN kind = 'render' THEN 'generative render' ELSE 'clip edit' END || ' needs {{.Spec.Models.Text}}'
        WHEN 'unknown_actor' THEN 'actor ' || rc_q(actor_given) || ' is not {{.Spec.Actors.Text}}'
        WHEN 'bad_boolean' THEN 'is_ad ' || rc_q(s_is_ad::VARCHAR) || ' is not true/false/1/0/yes/no'
        WHEN 'nonpositive_duration' THEN 'duration_ms ' || duration_ms::VARCHAR || ' is not above zero'
        WHEN 'negative_amount' THEN
            CASE WHEN charged_credits < 0 OR (present_charged_credits AND charged_credits IS NULL)
                 THEN 'charged_credits ' || rc_q(s_charged_credits::VARCHAR) || ' is below zero'
                 ELSE 'charged_video_minutes ' || rc_q(s_charged_video_minutes::VARCHAR) || ' is below zero' END
        WHEN 'no_price_version' THEN 'created_at ' || strftime(created_at, '%Y-%m-%dT%H:%M:%SZ') || ' is before the first price book version (' || {{lit .FirstVersion}} || ')'
        WHEN 'bad_number' THEN
            CASE WHEN present_duration_ms AND duration_ms IS NULL THEN 'duration_ms ' || rc_q(s_duration_ms::VARCHAR) || ' is not a whole number'
                 WHEN present_images AND images_given IS NULL THEN 'images ' || rc_q(s_images::VARCHAR) || ' is not a whole number'
                 WHEN present_charged_credits AND charged_credits IS NULL THEN 'charged_credits ' || rc_q(s_charged_credits::VARCHAR) || ' is not a decimal with at most 2 places'
                 ELSE 'charged_video_minutes ' || rc_q(s_charged_video_minutes::VARCHAR) || ' is not a whole number' END
        WHEN 'out_of_range' THEN
            CASE WHEN present_duration_ms AND (duration_ms IS NULL OR duration_ms > {{.MaxDurationMS}}) THEN 'duration_ms ' || rc_q(s_duration_ms::VARCHAR) || ' is above the limit of {{.MaxDurationMS}}'
                 WHEN present_images AND (images_given IS NULL OR images_given < 1 OR images_given > {{.MaxImages}}) THEN 'images ' || rc_q(s_images::VARCHAR) || ' is not between 1 and {{.MaxImages}}'
                 WHEN present_charged_credits AND charged_credits IS NULL THEN 'charged_credits ' || rc_q(s_charged_credits::VARCHAR) || ' does not fit 16 digits and 2 decimals'
                 ELSE 'charged_video_minutes ' || rc_q(s_charged_video_minutes::VARCHAR) || ' is too large' END
    END AS message,
    rc_raw AS raw
FROM checked
