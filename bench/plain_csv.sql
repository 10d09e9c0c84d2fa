-- plain_csv.sql: bench/plain.sql for a render log in CSV. The two scripts are
-- the same but for the part marked load (make bench checks that they are).
--
-- What an analyst would write instead of reconcile, for `make bench`: load a
-- month of render logs (SPEC §2) from CSV, price every event with price book
-- v1 (SPEC §3) in SQL, store the priced rows and the discrepancies (SPEC §6)
-- in the database, and export the discrepancies as CSV. Run it with
-- bench/runsql (or the DuckDB shell, after SET VARIABLE input/out):
--
--   go run ./bench/runsql -db plain.duckdb -var input=events.csv \
--       -var out=discrepancies.csv bench/plain_csv.sql
--
-- Charges come from the log's inline columns. Tolerance 0.01 credits. The
-- first row of an event_id in file order is the event; later rows with the
-- same id are duplicate_event discrepancies carrying their own charge.
-- No validation beyond what the typed file gives: this is the happy path.
--
-- Money is exact: DuckDB divides DECIMALs in DOUBLE, so every division below
-- is an integer division of hundredths of a credit, rounded half up, and
-- the result is turned into DECIMAL(18,2) by a multiplication, which DuckDB
-- does exactly.

-- Price book v1, SPEC §4: credits per minute and per image.
CREATE OR REPLACE TEMP MACRO v1_generative_rate(model) AS
    CASE model WHEN 'pro' THEN 20.00 WHEN 'ultra' THEN 40.00 END;
CREATE OR REPLACE TEMP MACRO v1_actor_rate(actor) AS
    CASE WHEN actor IN ('human', 'virtual_pro') THEN 5.00 ELSE 0.00 END;
CREATE OR REPLACE TEMP MACRO v1_image_rate() AS 0.20;
CREATE OR REPLACE TEMP MACRO v1_ad_min_seconds() AS 30;

-- seconds × rate-per-minute ÷ 60 credits, rounded half up to cents.
CREATE OR REPLACE TEMP MACRO per_second(seconds, rate) AS
    CAST(CAST((seconds * CAST(rate * 100 AS BIGINT) + 30) // 60 AS DECIMAL(18, 0)) * 0.01 AS DECIMAL(18, 2));

-- >>> load: the one part where plain.sql and plain_csv.sql differ.
-- The rows of the file in file order, with their row numbers, read as the
-- statements below need them (a view: the file is read where it is used).
-- The CSV dialect and the column types are given, not sniffed; created_at is
-- read with its offset (+02:00 happens) and kept as a UTC TIMESTAMP. The
-- row number is the data row's place in the file: DuckDB keeps the order of
-- the rows it reads, and row_number() OVER () numbers them as they stream.
CREATE TEMP VIEW render_log AS
SELECT event_id, video_id, account_id, timezone('UTC', created_at) AS created_at, kind, media, model,
       actor, is_ad, duration_ms, images, charged_credits, charged_video_minutes,
       row_number() OVER () AS row_number
FROM read_csv(getvariable('input'),
    header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
    columns = {
        'event_id': 'VARCHAR',
        'video_id': 'VARCHAR',
        'account_id': 'VARCHAR',
        'created_at': 'TIMESTAMPTZ',
        'kind': 'VARCHAR',
        'media': 'VARCHAR',
        'model': 'VARCHAR',
        'actor': 'VARCHAR',
        'is_ad': 'BOOLEAN',
        'duration_ms': 'BIGINT',
        'images': 'INTEGER',
        'charged_credits': 'DECIMAL(18,2)',
        'charged_video_minutes': 'INTEGER'
    });
-- <<< load

-- Defaults applied (SPEC §2), with the billable seconds and minutes of
-- SPEC §3.1–3.3 and §3.7.
CREATE TEMP VIEW input AS
WITH defaults AS (
    SELECT * REPLACE (coalesce(actor, 'none') AS actor, coalesce(is_ad, false) AS is_ad,
                      coalesce(images, 1) AS images)
    FROM render_log
), seconds AS (
    SELECT *,
        CASE kind
            WHEN 'render' THEN greatest((duration_ms + 999) // 1000, CASE WHEN is_ad THEN v1_ad_min_seconds() ELSE 0 END)
            WHEN 'edit_clip' THEN (duration_ms + 999) // 1000
            ELSE 0
        END AS billable_seconds
    FROM defaults
)
SELECT *,
    CASE WHEN kind = 'render' THEN (billable_seconds + 59) // 60 ELSE 0 END AS billable_minutes
FROM seconds;

-- Event ids that occur more than once, with the row that is the event.
CREATE TEMP TABLE first_rows AS
SELECT event_id, min(row_number) AS first_row
FROM input
GROUP BY event_id
HAVING count(*) > 1;

-- Every event once, priced (SPEC §3.4–3.8).
CREATE TABLE priced AS
WITH parts AS (
    SELECT i.*,
        CASE WHEN kind = 'render' AND media = 'generative'
             THEN per_second(billable_seconds, v1_generative_rate(model)) ELSE 0.00 END AS generative_credits,
        CASE WHEN kind = 'render'
             THEN CAST(billable_minutes * v1_actor_rate(actor) AS DECIMAL(18, 2)) ELSE 0.00 END AS actor_credits,
        CASE kind
            WHEN 'edit_image' THEN CAST(images * v1_image_rate() AS DECIMAL(18, 2))
            WHEN 'edit_clip' THEN per_second(billable_seconds, v1_generative_rate(model))
            ELSE 0.00
        END AS edit_credits,
        CASE WHEN kind = 'render' AND media = 'stock' THEN billable_minutes ELSE 0 END AS expected_video_minutes
    FROM input i
    ANTI JOIN first_rows f ON f.event_id = i.event_id AND i.row_number <> f.first_row
)
SELECT * EXCLUDE (charged_credits, charged_video_minutes, row_number),
    CAST(generative_credits + actor_credits + edit_credits AS DECIMAL(18, 2)) AS expected_credits,
    'v1' AS pricebook_version,
    charged_credits, charged_video_minutes,
    CAST(coalesce(charged_credits, 0) - (generative_credits + actor_credits + edit_credits) AS DECIMAL(18, 2)) AS diff_credits,
    row_number
FROM parts;

-- One row per event and category (SPEC §6).
CREATE TABLE discrepancies AS
WITH credit AS (
    SELECT *,
        CASE
            WHEN charged_credits IS NULL AND charged_video_minutes IS NULL
                THEN CASE WHEN expected_credits > 0 OR expected_video_minutes > 0 THEN 'uncharged' END
            WHEN diff_credits > 0.01 THEN 'overcharged'
            WHEN diff_credits < -0.01 THEN 'undercharged'
        END AS category
    FROM priced
)
SELECT event_id, account_id, created_at, category, expected_credits, charged_credits, diff_credits,
       expected_video_minutes, charged_video_minutes, row_number
FROM credit
WHERE category IS NOT NULL
UNION ALL
SELECT event_id, account_id, created_at, 'minutes_mismatch', expected_credits, charged_credits, diff_credits,
       expected_video_minutes, charged_video_minutes, row_number
FROM priced
WHERE (charged_credits IS NOT NULL OR charged_video_minutes IS NOT NULL)
  AND coalesce(charged_video_minutes, 0) <> expected_video_minutes
UNION ALL
SELECT i.event_id, i.account_id, i.created_at, 'duplicate_event', 0.00, i.charged_credits,
       CAST(coalesce(i.charged_credits, 0) AS DECIMAL(18, 2)), 0, i.charged_video_minutes, i.row_number
FROM input i
JOIN first_rows f ON f.event_id = i.event_id AND i.row_number <> f.first_row;

COPY (SELECT * FROM discrepancies ORDER BY created_at, event_id, category)
TO (getvariable('out')) (FORMAT csv, HEADER);
