-- The reconcile database. Table and column names are a public interface
-- (SPEC §7): analysts' SQL depends on them. Add columns; never rename.
CREATE TABLE IF NOT EXISTS meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
)
;
CREATE TABLE IF NOT EXISTS runs (
    run_id           VARCHAR PRIMARY KEY,
    kind             VARCHAR NOT NULL DEFAULT 'run', -- run or rerate
    started_at       TIMESTAMP NOT NULL,  -- UTC
    finished_at      TIMESTAMP,           -- UTC
    status           VARCHAR NOT NULL,    -- committed (reports not yet in place), succeeded
    inputs           VARCHAR[] NOT NULL,
    pricebook_source VARCHAR NOT NULL,
    pricebook_hash   VARCHAR NOT NULL,
    charge_source    VARCHAR NOT NULL,
    tolerance        DECIMAL(18, 2) NOT NULL,
    rows_read        BIGINT NOT NULL,
    priced           BIGINT NOT NULL,
    rejected         BIGINT NOT NULL,
    duplicates       BIGINT NOT NULL,
    discrepancies    BIGINT NOT NULL,
    reconcile_version VARCHAR NOT NULL,
    ledgers          VARCHAR[] NOT NULL DEFAULT [],
    window_from      TIMESTAMP,            -- the report window, UTC, inclusive
    window_to        TIMESTAMP,            -- exclusive
    rel_tolerance    DECIMAL(18, 6) NOT NULL DEFAULT 0,
    late             BIGINT NOT NULL DEFAULT 0,
    ledger_rows      BIGINT NOT NULL DEFAULT 0,
    -- where the run's reports go, and where they wait until the commit: a
    -- run whose status is still 'committed' had its reports staged but not
    -- yet moved into place; the next run finishes that before its own work
    reports_dir      VARCHAR,
    staging_dir      VARCHAR,
    seconds          DOUBLE,               -- how long the run took
    shard            VARCHAR               -- I/N: the accounts this run priced (--shard); NULL: all
)
;
-- Every price book a run used, by the sha256 of its bytes, so that any
-- stored price can be explained and reproduced.
CREATE TABLE IF NOT EXISTS pricebooks (
    pricebook_hash VARCHAR PRIMARY KEY,
    source         VARCHAR NOT NULL,
    yaml           VARCHAR NOT NULL,
    first_run_id   VARCHAR NOT NULL
)
;
CREATE TABLE IF NOT EXISTS priced_usage (
    event_id               VARCHAR NOT NULL,
    video_id               VARCHAR NOT NULL,
    account_id             VARCHAR NOT NULL,
    created_at             TIMESTAMP NOT NULL, -- UTC
    kind                   VARCHAR NOT NULL,
    media                  VARCHAR,
    model                  VARCHAR,
    actor                  VARCHAR NOT NULL,
    is_ad                  BOOLEAN NOT NULL,
    duration_ms            BIGINT,
    images                 INTEGER NOT NULL,
    billable_seconds       BIGINT NOT NULL,
    billable_minutes       BIGINT NOT NULL,
    generative_credits     DECIMAL(18, 2) NOT NULL,
    actor_credits          DECIMAL(18, 2) NOT NULL,
    edit_credits           DECIMAL(18, 2) NOT NULL,
    expected_credits       DECIMAL(18, 2) NOT NULL,
    expected_video_minutes INTEGER NOT NULL,
    pricebook_version      VARCHAR NOT NULL,
    charged_credits        DECIMAL(18, 2),     -- NULL: nothing recorded
    charged_video_minutes  INTEGER,            -- NULL: nothing recorded
    diff_credits           DECIMAL(18, 2) NOT NULL, -- charged (NULL as 0) − expected
    run_id                 VARCHAR NOT NULL,
    source_file            VARCHAR NOT NULL,
    row_number             BIGINT NOT NULL,
    pricebook_hash         VARCHAR NOT NULL,
    -- usage: the event as first priced. A re-rating never overwrites it: it
    -- adds a reversal (the earlier price negated) and a correction (the new
    -- price), as the FinOps FOCUS spec records corrections, so that the sum
    -- of an event's rows is its current price. Charged columns are NULL on
    -- reversal and correction rows.
    entry                  VARCHAR NOT NULL DEFAULT 'usage',
    corrects_run_id        VARCHAR,            -- reversal, correction: the run whose price they correct
    is_late                BOOLEAN NOT NULL DEFAULT false -- created in a period an earlier run had closed
)
;
CREATE TABLE IF NOT EXISTS discrepancies (
    event_id               VARCHAR NOT NULL,
    account_id             VARCHAR NOT NULL,
    category               VARCHAR NOT NULL,
    expected_credits       DECIMAL(18, 2) NOT NULL,
    charged_credits        DECIMAL(18, 2),
    diff_credits           DECIMAL(18, 2) NOT NULL,
    expected_video_minutes INTEGER NOT NULL,
    charged_video_minutes  INTEGER,
    detail                 VARCHAR NOT NULL,
    run_id                 VARCHAR NOT NULL,
    created_at             TIMESTAMP,
    source_file            VARCHAR NOT NULL,
    row_number             BIGINT NOT NULL,
    conflicting            BOOLEAN              -- duplicate_event only
)
;
CREATE TABLE IF NOT EXISTS rejects (
    source_file VARCHAR NOT NULL,
    row_number  BIGINT NOT NULL,
    event_id    VARCHAR,
    reason      VARCHAR NOT NULL,
    message     VARCHAR NOT NULL,
    raw         VARCHAR NOT NULL,
    run_id      VARCHAR NOT NULL,
    input       VARCHAR NOT NULL DEFAULT 'render_log' -- render_log or ledger
)
;
-- The billing ledger (SPEC §5): what was charged, one row per transaction.
-- A refund is a negative row; the charge of an event is the sum of its rows.
CREATE TABLE IF NOT EXISTS ledger (
    txn_id        VARCHAR NOT NULL,
    event_id      VARCHAR NOT NULL,
    account_id    VARCHAR NOT NULL,
    charged_at    TIMESTAMP NOT NULL,   -- UTC
    credits       DECIMAL(18, 2) NOT NULL,
    video_minutes INTEGER NOT NULL,
    source_file   VARCHAR NOT NULL,
    row_number    BIGINT NOT NULL,
    run_id        VARCHAR NOT NULL
)
;
-- Months that a --period run has reported. An event created in one of them
-- that arrives later is late: priced, marked, and listed in the next report.
CREATE TABLE IF NOT EXISTS periods (
    period          VARCHAR PRIMARY KEY, -- YYYY-MM
    closed_by_run   VARCHAR NOT NULL,
    closed_at       TIMESTAMP NOT NULL
)
;
-- The current price of every event: its usage row, or its latest
-- correction after a re-rating, with the charge of its usage row.
CREATE OR REPLACE VIEW current_usage AS
SELECT * FROM priced_usage
WHERE entry = 'usage'
  AND event_id NOT IN (SELECT event_id FROM priced_usage WHERE entry = 'correction')
UNION ALL
SELECT c.* REPLACE (u.charged_credits AS charged_credits,
                    u.charged_video_minutes AS charged_video_minutes,
                    CAST(coalesce(u.charged_credits, 0) - c.expected_credits AS DECIMAL(18, 2)) AS diff_credits,
                    u.is_late AS is_late)
FROM priced_usage c
JOIN priced_usage u ON u.event_id = c.event_id AND u.entry = 'usage'
WHERE c.entry = 'correction'
QUALIFY row_number() OVER (PARTITION BY c.event_id ORDER BY c.run_id DESC) = 1
;
-- Every input file a run read, by path and content, so that a nightly run
-- over the same folder reads only what is new (a file seen before with the
-- same content is skipped; a changed file is an error unless --reingest).
CREATE TABLE IF NOT EXISTS input_files (
    path        VARCHAR NOT NULL,
    input       VARCHAR NOT NULL,  -- render_log or ledger
    size        BIGINT NOT NULL,
    sha256      VARCHAR NOT NULL,
    rows        BIGINT NOT NULL,
    run_id      VARCHAR NOT NULL,
    ingested_at TIMESTAMP NOT NULL -- UTC
)
