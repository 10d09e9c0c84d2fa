-- The reconcile database. Table and column names are a public interface
-- (SPEC §7): analysts' SQL depends on them. Add columns; never rename.
CREATE TABLE IF NOT EXISTS meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
)
;
CREATE TABLE IF NOT EXISTS runs (
    run_id           VARCHAR PRIMARY KEY,
    started_at       TIMESTAMP NOT NULL,  -- UTC
    finished_at      TIMESTAMP,           -- UTC
    status           VARCHAR NOT NULL,    -- succeeded
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
    reconcile_version VARCHAR NOT NULL
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
    pricebook_hash         VARCHAR NOT NULL
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
    run_id      VARCHAR NOT NULL
)
