-- validate_ledger: the validated rows of one billing-ledger file (SPEC §5),
-- as a view. A text/template filled by the ingest package like validate.sql.
-- Credits and video minutes may be negative (a refund); an empty
-- video_minutes is 0.
CREATE OR REPLACE TEMP VIEW {{.View}} AS
WITH src AS (
    {{.Source}}
), typed AS (
    SELECT
        {{.FileID}}::INTEGER AS file_id,
        rc_row AS row_number,
        rc_raw,
        s_txn_id, s_event_id, s_account_id, s_charged_at, s_credits, s_video_minutes,
        {{.Typed.txn_id}} AS txn_id,
        {{.Typed.event_id}} AS event_id,
        {{.Typed.account_id}} AS account_id,
        {{.Typed.charged_at}} AS charged_at,
        {{.Typed.credits}} AS credits,
        {{.Typed.video_minutes}} AS video_minutes_given,
        {{.Present.charged_at}} AS present_charged_at,
        {{.Present.credits}} AS present_credits,
        {{.Present.video_minutes}} AS present_video_minutes
    FROM src
), checked AS (
    SELECT *,
        coalesce(video_minutes_given, 0) AS video_minutes,
        CASE
            WHEN txn_id IS NULL THEN 'missing_value'
            WHEN event_id IS NULL THEN 'missing_value'
            WHEN account_id IS NULL THEN 'missing_value'
            WHEN NOT present_charged_at THEN 'missing_value'
            WHEN charged_at IS NULL THEN 'bad_timestamp'
            WHEN NOT present_credits THEN 'missing_value'
            WHEN credits IS NULL THEN
                CASE WHEN NOT rc_is_decimal(rc_text(s_credits::VARCHAR)) THEN 'bad_number'
                     WHEN regexp_full_match(rc_text(s_credits::VARCHAR), '[+-]?0*[0-9]{1,16}(\.[0-9]*)?|[+-]?\.[0-9]*') THEN 'bad_number'
                     ELSE 'out_of_range' END
            WHEN present_video_minutes AND video_minutes_given IS NULL THEN
                CASE WHEN rc_is_int(rc_text(s_video_minutes::VARCHAR)) THEN 'out_of_range' ELSE 'bad_number' END
            WHEN abs(video_minutes_given) > 2147483647 THEN 'out_of_range'
        END AS reason
    FROM typed
)
SELECT
    file_id, row_number, txn_id, event_id, account_id, charged_at, credits, video_minutes,
    reason,
    CASE reason
        WHEN 'missing_value' THEN
            CASE WHEN txn_id IS NULL THEN 'txn_id is empty'
                 WHEN event_id IS NULL THEN 'event_id is empty'
                 WHEN account_id IS NULL THEN 'account_id is empty'
                 WHEN NOT present_charged_at THEN 'charged_at is empty'
                 ELSE 'credits is empty' END
        WHEN 'bad_timestamp' THEN 'charged_at ' || rc_q(s_charged_at::VARCHAR) || ' is not a timestamp (want YYYY-MM-DD HH:MM:SS[.fff][Z|±HH:MM])'
        WHEN 'bad_number' THEN
            CASE WHEN credits IS NULL THEN 'credits ' || rc_q(s_credits::VARCHAR) || ' is not a decimal with at most 2 places'
                 ELSE 'video_minutes ' || rc_q(s_video_minutes::VARCHAR) || ' is not a whole number' END
        WHEN 'out_of_range' THEN
            CASE WHEN credits IS NULL THEN 'credits ' || rc_q(s_credits::VARCHAR) || ' does not fit 16 digits and 2 decimals'
                 ELSE 'video_minutes ' || rc_q(s_video_minutes::VARCHAR) || ' is too large' END
    END AS message,
    rc_raw AS raw
FROM checked
