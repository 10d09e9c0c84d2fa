-- Helpers for validating render-log values in SQL (SPEC §2). Created as
-- temporary macros on the run's connection; DuckDB inlines them.
-- A text/template filled by queries.Macros: .Spec holds SPEC §2's lists of
-- names, made from internal/pricing/names.go (queries/spec.go).

-- A text value without surrounding ASCII spaces (only those: other Unicode
-- spaces are data); empty means absent. The common case, a value with no
-- space at either end, skips trim (a third of the cost of validating a row).
CREATE OR REPLACE TEMP MACRO rc_text(s) AS
    CASE WHEN s = '' THEN NULL
         WHEN NOT starts_with(s, ' ') AND NOT ends_with(s, ' ') THEN s
         ELSE NULLIF(trim(s, ' '), '') END
;
-- A value of an enumeration (kind, media, model, actor) in lower case. The
-- names as SPEC §2 writes them pass through untouched: every name of the
-- four lists, from internal/pricing/names.go.
CREATE OR REPLACE TEMP MACRO rc_enum(s) AS
    CASE WHEN s IN ({{.Spec.Enums.In}}) THEN s
         ELSE lower(rc_text(s)) END
;
-- Whether an event of this kind is priced by its duration, and so must
-- have one (SPEC §2, §3: renders and clip edits). Kept in agreement with
-- the pricing core (internal/pricing/price.go) by TestValidateAgreesWithPricing
-- and TestDurationKey (queries/spec_test.go).
CREATE OR REPLACE TEMP MACRO rc_timed(kind) AS kind IN ('render', 'edit_clip')
;
-- The duration a price depends on: duration_ms rounded up to whole seconds
-- (SPEC §3.1), for the kinds priced by duration, else NULL. The pricing
-- core prices a duration as its whole seconds (pricing.CeilToSecond), so
-- events are priced once per distinct value. Kept in agreement with
-- pricing.CeilToSecond by TestDurationKey (queries/spec_test.go) for every
-- duration from 1 to pricing.MaxDurationMS. For one of −1000 or less,
-- which is rejected, it is not: DuckDB's // truncates towards zero. ms must
-- be below 2^63 − 999.
CREATE OR REPLACE TEMP MACRO rc_duration_key(kind, ms) AS
    CASE WHEN rc_timed(kind) THEN (ms + 999) // 1000 * 1000 END
;
-- A timestamp as SPEC §2 writes it: YYYY-MM-DD[T ]HH:MM:SS[.fraction] with
-- an optional Z or ±HH:MM; no zone means UTC. The result is UTC. The
-- pattern keeps DuckDB's more lenient cast from accepting other shapes:
-- hours 00-23 (DuckDB would take 24:00 as the next day), offsets up to
-- ±23:59.
CREATE OR REPLACE TEMP MACRO rc_ts(s) AS
    CASE WHEN regexp_full_match(s, '[0-9]{4}-[0-9]{2}-[0-9]{2}[T ]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])?')
         THEN timezone('UTC', TRY_CAST(s AS TIMESTAMPTZ)) END
;
-- Plain decimal integer syntax: an optional sign and digits. No exponent,
-- no separators, no hex.
CREATE OR REPLACE TEMP MACRO rc_is_int(s) AS regexp_full_match(s, '[+-]?[0-9]+')
;
CREATE OR REPLACE TEMP MACRO rc_int(s) AS
    CASE WHEN rc_is_int(s) THEN TRY_CAST(s AS BIGINT) END
;
-- Plain decimal syntax.
CREATE OR REPLACE TEMP MACRO rc_is_decimal(s) AS
    regexp_full_match(s, '[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)')
;
-- A credit amount: at most 16 integer digits and 2 significant decimals
-- (trailing zeros allowed), so it converts to DECIMAL(18,2) exactly and is
-- never rounded.
CREATE OR REPLACE TEMP MACRO rc_money(s) AS
    CASE WHEN regexp_full_match(s, '[+-]?0*([0-9]{1,16}(\.[0-9]{0,2}0*)?|\.[0-9]{1,2}0*)')
         THEN TRY_CAST(s AS DECIMAL(18, 2)) END
;
-- A boolean as SPEC §2 lists them, any case. The pricing core takes a
-- bool and has no spellings; kept in agreement with SPEC §2 by FuzzBoolean
-- (internal/ingest/fuzz_test.go), whose seeds hold all six.
CREATE OR REPLACE TEMP MACRO rc_bool(s) AS
    CASE lower(s) WHEN 'true' THEN true WHEN '1' THEN true WHEN 'yes' THEN true
                  WHEN 'false' THEN false WHEN '0' THEN false WHEN 'no' THEN false END
;
-- A value quoted for a message: at most 60 characters of it.
CREATE OR REPLACE TEMP MACRO rc_q(s) AS
    '"' || CASE WHEN length(s) > 60 THEN left(s, 57) || '...' ELSE s END || '"'
;
-- One field of a CSV line (RFC 4180), for the raw column of rejects.
CREATE OR REPLACE TEMP MACRO rc_csv_field(s) AS
    CASE WHEN s IS NULL THEN ''
         WHEN regexp_matches(s, '[",\r\n]') THEN '"' || replace(s, '"', '""') || '"'
         ELSE s END

;
-- Hundredths of a credit (BIGINT, from the pricing core) as DECIMAL(18,2),
-- exactly: an integer DECIMAL times 0.01 stays DECIMAL, where '/ 100' would
-- give a DOUBLE.
CREATE OR REPLACE TEMP MACRO rc_credits(cents) AS
    CAST(CAST(cents AS DECIMAL(18, 0)) * CAST(0.01 AS DECIMAL(3, 2)) AS DECIMAL(18, 2))
;
-- The pricing key of a row: one number for the inputs its price depends on,
-- to join events to the prices of their keys on one column. The types are
-- fixed so that every query computes the same number; a run checks that
-- its keys' numbers are distinct.
CREATE OR REPLACE TEMP MACRO rc_price_key(version_idx, kind, media, model, actor, is_ad, duration_key, images) AS
    hash(CAST(version_idx AS INTEGER), CAST(kind AS VARCHAR), CAST(media AS VARCHAR), CAST(model AS VARCHAR),
         CAST(actor AS VARCHAR), CAST(is_ad AS BOOLEAN), CAST(duration_key AS BIGINT), CAST(images AS BIGINT))
;
-- The number the scan groups event ids by to find the repeated ones:
-- grouping 10M rows by a number costs half what grouping by the text does.
-- Two ids may share a number; then insert_priced sets apart a row that is
-- an event, which dup_rows finds by the ids themselves and puts back, so
-- the outcome is exact either way (TestIDHashCollisions makes every fifth
-- id share one).
CREATE OR REPLACE TEMP MACRO rc_id_hash(event_id) AS hash(CAST(event_id AS VARCHAR))
