-- prices_table: the prices of a run's distinct pricing keys, from the Go pricing
-- core, in hundredths of a credit (BIGINT: the Appender mis-scales DECIMAL).
CREATE OR REPLACE TEMP TABLE rc_prices_raw (
    version_idx       INTEGER,
    kind              VARCHAR,
    media             VARCHAR,
    model             VARCHAR,
    actor             VARCHAR,
    is_ad             BOOLEAN,
    duration_key      BIGINT,
    images            BIGINT,
    price_key         UBIGINT NOT NULL,
    pricebook_version VARCHAR NOT NULL,
    billable_seconds  BIGINT NOT NULL,
    billable_minutes  BIGINT NOT NULL,
    generative_cents  BIGINT NOT NULL,
    actor_cents       BIGINT NOT NULL,
    edit_cents        BIGINT NOT NULL,
    expected_cents    BIGINT NOT NULL,
    video_minutes     BIGINT NOT NULL
)
