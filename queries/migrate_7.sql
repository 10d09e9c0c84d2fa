-- migrate_7: from schema version 6 to 7. usage_entries, a table of 30
-- columns, becomes a view over three narrower tables (schema.sql): its
-- run_id, source_file, entry and corrects_run_id go to usage_batches, its
-- pricing inputs, price columns and pricebook_hash to usage_prices, one
-- row per distinct value, and the rest, with the two ids, to usage_rows,
-- in the order the rows were stored. Nothing is recomputed: every value
-- is copied, so the view shows exactly what the table held. The views
-- that read the table are dropped first: schema.sql makes them anew.
DROP VIEW IF EXISTS findings_latest
;
DROP VIEW IF EXISTS current_usage
;
DROP VIEW IF EXISTS priced_usage
;
DROP VIEW IF EXISTS current_entries
;
CREATE TABLE usage_batches (
    batch_id        INTEGER PRIMARY KEY,
    run_id          VARCHAR NOT NULL,
    source_file     VARCHAR NOT NULL,
    entry           VARCHAR NOT NULL,
    corrects_run_id VARCHAR
)
;
CREATE TABLE usage_prices (
    price_id               INTEGER PRIMARY KEY,
    kind                   VARCHAR NOT NULL,
    media                  VARCHAR,
    model                  VARCHAR,
    actor                  VARCHAR NOT NULL,
    is_ad                  BOOLEAN NOT NULL,
    images                 INTEGER NOT NULL,
    billable_seconds       BIGINT NOT NULL,
    billable_minutes       BIGINT NOT NULL,
    generative_credits     DECIMAL(18, 2) NOT NULL,
    actor_credits          DECIMAL(18, 2) NOT NULL,
    edit_credits           DECIMAL(18, 2) NOT NULL,
    expected_credits       DECIMAL(18, 2) NOT NULL,
    expected_video_minutes INTEGER NOT NULL,
    pricebook_version      VARCHAR NOT NULL,
    pricebook_hash         VARCHAR NOT NULL
)
;
CREATE TABLE usage_rows (
    event_id                     VARCHAR NOT NULL,
    video_id                     VARCHAR NOT NULL,
    account_id                   VARCHAR NOT NULL,
    created_at                   TIMESTAMP NOT NULL, -- UTC
    duration_ms                  BIGINT,
    inline_charged_credits       DECIMAL(18, 2),     -- the render log's charged_credits; NULL: empty
    inline_charged_video_minutes INTEGER,            -- the render log's charged_video_minutes; NULL: empty
    row_number                   BIGINT NOT NULL,
    is_late                      BOOLEAN NOT NULL DEFAULT false, -- created in a period an earlier run had closed
    batch_id                     INTEGER NOT NULL,   -- usage_batches
    price_id                     INTEGER NOT NULL    -- usage_prices
)
;
INSERT INTO usage_batches
SELECT row_number() OVER (ORDER BY first) - 1, * EXCLUDE (first)
FROM (SELECT run_id, source_file, entry, corrects_run_id, min(rowid) AS first FROM usage_entries GROUP BY ALL)
;
INSERT INTO usage_prices
SELECT row_number() OVER (ORDER BY first) - 1, * EXCLUDE (first)
FROM (SELECT kind, media, model, actor, is_ad, images, billable_seconds, billable_minutes, generative_credits,
             actor_credits, edit_credits, expected_credits, expected_video_minutes, pricebook_version,
             pricebook_hash, min(rowid) AS first
      FROM usage_entries GROUP BY ALL)
;
INSERT INTO usage_rows
SELECT u.event_id, u.video_id, u.account_id, u.created_at, u.duration_ms, u.inline_charged_credits,
       u.inline_charged_video_minutes, u.row_number, u.is_late, b.batch_id, p.price_id
FROM usage_entries u
JOIN usage_batches b ON b.run_id = u.run_id AND b.source_file = u.source_file AND b.entry = u.entry
    AND b.corrects_run_id IS NOT DISTINCT FROM u.corrects_run_id
JOIN usage_prices p ON p.kind = u.kind AND p.media IS NOT DISTINCT FROM u.media
    AND p.model IS NOT DISTINCT FROM u.model AND p.actor = u.actor AND p.is_ad = u.is_ad
    AND p.images = u.images AND p.billable_seconds = u.billable_seconds
    AND p.billable_minutes = u.billable_minutes AND p.generative_credits = u.generative_credits
    AND p.actor_credits = u.actor_credits AND p.edit_credits = u.edit_credits
    AND p.expected_credits = u.expected_credits AND p.expected_video_minutes = u.expected_video_minutes
    AND p.pricebook_version = u.pricebook_version AND p.pricebook_hash = u.pricebook_hash
ORDER BY u.rowid
;
-- Every row moved, or the migration fails and changes nothing.
SELECT CASE WHEN (SELECT count(*) FROM usage_rows) <> (SELECT count(*) FROM usage_entries)
            THEN error('migrate_7: ' || CAST((SELECT count(*) FROM usage_entries) - (SELECT count(*) FROM usage_rows) AS VARCHAR)
                       || ' rows of usage_entries did not move') END
;
DROP TABLE usage_entries
