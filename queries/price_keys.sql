-- price_keys: the distinct pricing inputs among the run's good rows. The Go
-- pricing core prices each key once and the prices are joined back, so no
-- event passes through Go on its own.
CREATE OR REPLACE TEMP TABLE rc_keys AS
SELECT DISTINCT version_idx, kind, media, model, actor, is_ad, duration_key, images
FROM rc_input
WHERE reason IS NULL
;
CREATE OR REPLACE TEMP TABLE rc_prices (
    version_idx      INTEGER,
    kind             VARCHAR,
    media            VARCHAR,
    model            VARCHAR,
    actor            VARCHAR,
    is_ad            BOOLEAN,
    duration_key     BIGINT,
    images           BIGINT,
    pricebook_version VARCHAR NOT NULL,
    billable_seconds BIGINT NOT NULL,
    billable_minutes BIGINT NOT NULL,
    generative_cents BIGINT NOT NULL,
    actor_cents      BIGINT NOT NULL,
    edit_cents       BIGINT NOT NULL,
    expected_cents   BIGINT NOT NULL,
    video_minutes    BIGINT NOT NULL
)
